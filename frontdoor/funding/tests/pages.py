"""Reading a page's form as a browser would submit it, for the page tests."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, str | list[str]] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("checkbox", "radio"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and "checked" in attrs:
            value = attrs.get("value") or "on"
            if attrs.get("type") == "checkbox" and name in self.data:
                previous = self.data[name]
                self.data[name] = [*(previous if isinstance(previous, list) else [previous]),
                                   value]  # fmt: skip
            else:
                self.data[name] = value
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.data[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "textarea":
            if self.textarea:
                self.data[self.textarea] = self.data[self.textarea].removeprefix("\n")
            self.textarea = None


def form_data(page: str) -> dict[str, str | list[str]]:
    """Every input's, textarea's and selected option's value on the page, as a browser would
    send them: ticked checkboxes and the chosen radio only, a list where several checkboxes
    share a name (the CSRF token is not needed by the test client)."""
    reader = _FormReader()
    reader.feed(page)
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data
