"""Tests for the web layer. `elements` reads rendered HTML so tests can ask about elements
and their attributes rather than match strings."""

from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    ancestors: tuple["Element", ...]
    _text: list[str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        return " ".join("".join(self._text).split())

    def within(self, tag: str, css_class: str = "") -> bool:
        return any(
            a.tag == tag and (not css_class or css_class in a.classes) for a in self.ancestors
        )


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, tuple(self._open))
        self.found.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.found.append(Element(tag, {k: v or "" for k, v in attrs}, tuple(self._open)))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for element in self._open:
            element._text.append(data)


@lru_cache(maxsize=32)
def _parse(html: str) -> tuple[Element, ...]:
    """Parsed once per document, so elements found by separate calls are the same objects
    (and `ancestors` can be compared)."""
    parser = _Parser()
    parser.feed(html)
    return tuple(parser.found)


def elements(html: str, tag: str | None = None, css_class: str = "", **attrs: str) -> list[Element]:
    """Elements in document order with this tag, class and exact attribute values
    (attribute names with "_" for "-", and a trailing "_" for Python keywords:
    aria_current="page", for_="id_name")."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    return [
        element
        for element in _parse(str(html))
        if (tag is None or element.tag == tag)
        and (not css_class or css_class in element.classes)
        and all(element.attrs.get(name) == value for name, value in wanted.items())
    ]


def one(html: str, tag: str | None = None, css_class: str = "", **attrs: str) -> Element:
    found = elements(html, tag, css_class, **attrs)
    assert len(found) == 1, f"expected one <{tag} {css_class} {attrs}>, found {len(found)}"
    return found[0]
