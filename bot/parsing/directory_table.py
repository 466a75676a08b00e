"""Read Meta's hand-kept hub directory table (``Hubs/Ongoing``), or one hubbot generated, into records (pure).

The hand-kept table's columns are Type | Scope | Rough map | Status | Details, with
Translate markup in most cells, ``rowspan`` cells that apply to the following
rows, ``||`` inline cells, maps as images, refs and comments. Every row becomes
a DirectoryRecord, or a Problem naming the row; never an exception.

A directory hubbot generated (the ``directory`` output, with any ``columns:``) is read by its header:
the Hub column links the hub page (its label is the hub's name), Scope is plain text, and columns
this reader has no use for (languages, website, ...) are skipped, so the rows line up.
"""

from __future__ import annotations

from dataclasses import dataclass

from mwparserfromhell.nodes import Tag

from bot.models import PageText, Plan, Problem
from bot.parsing.infobox import STATUS_SYNONYMS, STATUSES, TYPES, file_name, normalize_choice, parse_types
from bot.parsing.wikitext import is_media_link, links, parse, plain, rich, without_translate_variables
from bot.values import url

DEFAULT_COLUMNS = ("type", "scope", "map", "status", "details")
HEADER_WORDS = {"type": "type", "scope": "scope", "rough map": "map", "map": "map", "status": "status",
                "details": "details", "detail": "details",
                # the headers of a generated directory (bot.logic.columns), read or skipped
                "hub": "name", "name": "name", "region": "region", "languages": "languages", "website": "website",
                "contact": "contact", "founded": "founded", "last updated": "updated", "plans": "plans"}
EMPTY = {"", "—", "–", "-", "n/a", "?"}
NO_ROWS = "no wikitable rows were found."


@dataclass(frozen=True)
class DirectoryRecord:
    row: int                       # 1-based data row in the table
    types: tuple[str, ...]         # regional, thematic and/or linguistic, in the cell's order
    scope: str
    hub_page: str | None           # the page the scope links to
    hub_label: str | None
    status: str | None             # normalised to the infobox's values
    status_text: str
    details: str                   # the visible text (references left out)
    plans: tuple[Plan, ...]
    map: str | None = None         # file name without "File:"
    details_parts: tuple = ()      # the details as strings and links (references left out)
    columns: tuple[str, ...] = DEFAULT_COLUMNS    # what the table shows (a generated one may show less)
    hub_name: str | None = None    # a generated directory's Hub column: the hub's name (its link's label)

    @property
    def name(self) -> str:
        if self.hub_name:
            return self.hub_name
        return self.hub_page.rsplit("/", 1)[-1] if self.hub_page else self.scope


def _is(tag_name: str):
    return lambda node: isinstance(node, Tag) and str(node.tag).strip().lower() == tag_name


def _cells(container) -> list[Tag]:
    return [n for n in container.nodes if isinstance(n, Tag) and str(n.tag).strip().lower() in ("td", "th")]


def _rowspan(cell: Tag) -> int:
    for attr in cell.attributes:
        if str(attr.name).strip().lower() == "rowspan":
            try:
                return max(1, int(str(attr.value).strip().strip('"')))
            except ValueError:
                return 1
    return 1


def normalize_status(text: str) -> str | None:
    return normalize_choice(text, STATUSES, STATUS_SYNONYMS)


def parse_directory(title: str, text: str) -> tuple[list[DirectoryRecord], list[Problem]]:
    try:
        return _parse(title, text)
    except Exception as exc:   # the promise: a problem, never an exception
        return [], [Problem(title, None, f"the directory could not be read ({type(exc).__name__}).",
                            "check the table markup ({| ... |}).")]


def _parse(title: str, text: str) -> tuple[list[DirectoryRecord], list[Problem]]:
    code = parse(without_translate_variables(text))
    records: list[DirectoryRecord] = []
    problems: list[Problem] = []
    row_number = 0
    for table in code.filter_tags(matches=_is("table"), recursive=True):
        if table.contents is None:
            continue
        columns = list(DEFAULT_COLUMNS)
        header = [c for c in _cells(table.contents) if str(c.tag).strip().lower() == "th"]
        rows = [n for n in table.contents.nodes if _is("tr")(n)]
        pending: dict[int, tuple[int, Tag]] = {}     # column -> (rows still covered, cell)
        for tr in rows:
            cells = _cells(tr.contents) if tr.contents is not None else []
            if cells and all(str(c.tag).strip().lower() == "th" for c in cells):
                header = cells
                continue
            if header:
                names = [HEADER_WORDS.get(plain(c.contents).text.lower()) for c in header]
                if all(names):
                    columns = names
                    if "name" not in columns and "scope" not in columns:
                        problems.append(Problem(title, None, f"a table shows neither Hub nor Scope ({', '.join(columns)}): "
                                                "its rows cannot be matched to hubs and are not read.",
                                                "give the directory a hub or scope column (columns: in the config)."))
                header = []
            if not cells or ("name" not in columns and "scope" not in columns):
                continue
            row_number += 1
            full: list[Tag | None] = []
            queue = list(cells)
            col = 0
            while queue or col in pending:
                if col in pending:
                    left, cell = pending[col]
                    full.append(cell)
                    if left <= 1:
                        del pending[col]
                    else:
                        pending[col] = (left - 1, cell)
                else:
                    cell = queue.pop(0)
                    span = _rowspan(cell)
                    if span > 1:
                        pending[col] = (span - 1, cell)
                    full.append(cell)
                col += 1
            record, problem = _record(title, row_number, columns, full)
            if record:
                records.append(record)
            if problem:
                problems.append(problem)
    if not records and not problems:
        problems.append(Problem(title, None, NO_ROWS,
                                "the directory must be a {| class=\"wikitable\" ... |} table."))
    return records, problems


def read_source(title: str, page: PageText) -> tuple[list[DirectoryRecord], list[Problem], str | None]:
    """A directory-check's source page: its records and the problems of its rows (for the editors of the table),
    or why nothing can be compared, the operator's to fix: "missing" (no such page) or "no table" (no table
    rows at all: the page shows the generated directory now, or the config names the wrong page)."""
    if not page.exists:
        return [], [], "missing"
    records, problems = parse_directory(title, page.text)
    if not records and [p.message for p in problems] == [NO_ROWS]:
        return [], [], "no table"
    return records, problems, None


def _record(title: str, number: int, columns: list[str], cells: list[Tag | None]):
    where = f"row {number}"
    if len(cells) != len(columns):
        return None, Problem(title, where, f"{where} has {len(cells)} cells, the table has {len(columns)} columns; "
                                           "the row is not read.", "give every row one cell per column.")
    by = {name: cells[i] for i, name in enumerate(columns)}
    name_cell = by.get("name")          # a generated directory: the hub's link is in its own column
    value = {name: (plain(c.contents).text if c is not None and c.contents is not None else "")
             for name, c in by.items()}
    types, unknown_types = parse_types(value.get("type", "")) if "type" in by else ((), ())
    map_cell = by.get("map")
    map_name = None
    if map_cell is not None and map_cell.contents is not None:
        files = [p.target for p in links(map_cell.contents)[0] if is_media_link(p, categories=False)]
        map_name = file_name(files[0]) if files else None
    link_cell = name_cell if name_cell is not None else by.get("scope")
    hub_page = hub_label = None
    if link_cell is not None and link_cell.contents is not None:
        found, _ = links(link_cell.contents)
        # Categories and special pages are not hub pages (Special: pages cannot even be read).
        pages = [p for p in found if not p.external and not is_media_link(p)
                 and p.target.split(":", 1)[0].strip().lower() not in NOT_HUB_NAMESPACES]
        if pages:
            hub_page, hub_label = pages[0].target, pages[0].label
    status_text = value.get("status", "")
    status = None if status_text.lower() in EMPTY else normalize_status(status_text)
    plans: tuple[Plan, ...] = ()
    details_cell = by.get("details")
    details_parts: tuple = ()
    if details_cell is not None and details_cell.contents is not None:
        details_parts = rich(details_cell.contents).parts
        found, _ = links(details_cell.contents)
        seen = set()
        kept = []
        for p in found:
            if is_media_link(p):
                continue
            if p.target not in seen:
                seen.add(p.target)
                kept.append(p)
        plans = tuple(kept)
    scope = value.get("scope", "") if "scope" in by else (hub_label or value.get("name", ""))
    if not scope and not hub_page:
        return None, Problem(title, where, f"{where} has no scope.", "write the hub's region or theme in the Scope cell.")
    details = value.get("details", "")
    if details.lower() in EMPTY:
        details, details_parts = "", ()
    record = DirectoryRecord(number, types, scope, hub_page, hub_label, status, status_text, details, plans,
                             map_name, details_parts, tuple(c for c in columns if c in KNOWN_COLUMNS),
                             hub_label if name_cell is not None else None)
    problem = None
    if status_text and status_text.lower() not in EMPTY and status is None:
        problem = Problem(title, where, f"{where} ({scope}): status {status_text!r} is not a known status.",
                          f"use one of: {', '.join(STATUSES)} (Planning/Discussion means planning).")
    elif "type" in by and (not types or unknown_types):
        problem = Problem(title, where, f"{where} ({scope}): type {value.get('type', '')!r} is not "
                                        f"{', '.join(t.capitalize() for t in TYPES)} or a combination.",
                          "write Regional, Thematic, Linguistic, or a combination such as Regional & Thematic.")
    return record, problem


def proposed_infobox(record: DirectoryRecord, template: str = "Hub infobox") -> str:
    """The {{Hub infobox}} an editor could paste on the record's hub page: nothing the row shows is lost.

    Plain values are written inert (``|``, braces, brackets, ``~~~~`` as entities), so a hostile cell
    can neither break the infobox nor sign the page when it is saved.
    """
    lines = [f"{{{{{template}", f"| name = {inert(record.name)}", f"| type = {', '.join(record.types)}",
             f"| scope = {inert(record.scope)}", f"| status = {record.status or ''}"]
    if record.map:
        lines.append(f"| map = {inert(record.map)}")
    if record.details_parts:
        lines.append(f"| details = {details_wikitext(record.details_parts)}")
    if record.plans:
        lines.append("| plans = " + "\n".join(_link_wikitext(p) for p in record.plans))
    return "\n".join(lines) + "\n}}\n"


_PARAM_TEXT = str.maketrans({"|": "&#124;", "{": "&#123;", "}": "&#125;", "[": "&#91;", "]": "&#93;",
                             "<": "&lt;", ">": "&gt;", "~": "&#126;", "\n": " "})
NOT_HUB_NAMESPACES = {"special", "media", "category"}
KNOWN_COLUMNS = set(HEADER_WORDS.values())


def inert(text: str) -> str:
    """Plain text as an infobox value that reads back the same and expands nothing (no ``~~~~``,
    no ``__NOINDEX__``, whatever form the table used: values arrive decoded)."""
    return text.translate(_PARAM_TEXT).replace("__", "_&#95;")


def _link_wikitext(p: Plan) -> str:
    if p.external:
        address = url(p.target)
        if not address:
            return inert(p.label or p.target)
        return f"[{address} {inert(p.label)}]" if p.label else address
    target = inert(p.target)
    return f"[[{target}|{inert(p.label)}]]" if p.label else f"[[{target}]]"


def details_wikitext(parts: tuple) -> str:
    """Details (strings and links) as an infobox value that reads back to the same parts."""
    return "".join(inert(p) if isinstance(p, str) else _link_wikitext(p) for p in parts)
