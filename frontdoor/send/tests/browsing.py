"""What the SEND browser tests do on a case's page: answer a step's form and press its button."""


def answer_step(page, button: str, **answers) -> None:
    """Fill in each field named by its label (True ticks a checkbox or radio), then press the
    step's button."""
    for label, value in answers.items():
        field = page.get_by_label(label, exact=True)
        if value is True:
            field.check()
        else:
            field.fill(value)
    page.get_by_role("button", name=button).click()
