"""Each step of a Tribunal order is recorded on its own date: the one `order_complied_on` date
becomes the date of every step of that order, so nothing recorded is lost."""

from datetime import date

from django.db import migrations, models

# The steps of each order as they stood when this migration was written (deadlines.ORDERS), kept
# here so that a later change to the orders cannot change what this migration does.
STEPS_OF = {
    "assess": ("notify", "decision_not_to_issue", "final_plan"),
    "make_and_maintain": ("draft_plan", "final_plan"),
    "amend": ("amended_plan",),
    "name_school": ("amended_plan",),
}


def steps_done_for(order: str, complied_on) -> dict[str, str]:
    """The one compliance date given to every step of the order."""
    if complied_on is None:
        return {}
    return {step: complied_on.isoformat() for step in STEPS_OF.get(order, ())}


def complied_on_for(steps_done: dict[str, str]):
    """Going back: the last step's date stands for the order (None if no step was done)."""
    return max((date.fromisoformat(day) for day in (steps_done or {}).values()), default=None)


def carry_over(apps, schema_editor):
    Disagreement = apps.get_model("send", "Disagreement")
    for d in Disagreement.objects.exclude(order_complied_on=None).only(
        "order", "order_complied_on"
    ):
        d.order_steps_done = steps_done_for(d.order, d.order_complied_on)
        d.save(update_fields=["order_steps_done"])


def carry_back(apps, schema_editor):
    Disagreement = apps.get_model("send", "Disagreement")
    for d in Disagreement.objects.exclude(order="").only("order_steps_done"):
        d.order_complied_on = complied_on_for(d.order_steps_done)
        d.save(update_fields=["order_complied_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("send", "0003_transfer_answers"),
    ]

    operations = [
        migrations.AddField(
            model_name="disagreement",
            name="order_steps_done",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(
            model_name="disagreement",
            name="order_complied_on",
        ),
    ]
