"""Read tables out of MediaWiki's rendered HTML (action=parse): what a reader sees.

Used by the demo's self-check and by integration tests, which verify that
hostile values show up literally in the right cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    classes: list[str]
    rows: list[list[str]] = field(default_factory=list)


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._stack: list[Table] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            table = Table(classes=(dict(attrs).get("class") or "").split())
            self.tables.append(table)
            self._stack.append(table)
        elif tag == "tr" and self._stack:
            self._stack[-1].rows.append([])
        elif tag in ("td", "th") and self._stack:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self._stack:
            self._stack.pop()
        elif tag in ("td", "th") and self._stack and self._cell is not None:
            if not self._stack[-1].rows:
                self._stack[-1].rows.append([])
            self._stack[-1].rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str, css_class: str | None = None) -> list[Table]:
    parser = _TableParser()
    parser.feed(html)
    return [t for t in parser.tables if css_class is None or css_class in t.classes]
