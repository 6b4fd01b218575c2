"""Reading a page's form as a browser would submit it, for the page tests."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("checkbox", "radio"):
            self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.data[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            if self.textarea:
                self.data[self.textarea] = self.data[self.textarea].removeprefix("\n")
            self.textarea = None


def form_data(page: str) -> dict[str, str]:
    """Every input's and textarea's value on the page (the CSRF token is not needed by the
    test client)."""
    reader = _FormReader()
    reader.feed(page)
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data
