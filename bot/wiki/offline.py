"""A Gateway over a Special:Export XML file: try a config on a snapshot, edit nothing.

Hub pages are the pages whose text calls the infobox template directly (an
export has no link tables), in the configured ``hubs.namespaces`` (each page's
``<ns>``, else the export's siteinfo namespace names). "Saves" write the new
text of each page and a unified diff into the output directory, in files named
after the page title, percent-encoded (``Hubs%2FOngoing.wiki``): two titles never
share a file. A file that is not a MediaWiki export (HTML, other XML, a folder)
is refused with exit 2.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence
from urllib.parse import quote, unquote

from bot.errors import UserError
from bot.models import Change, ChangePosition, PageRevision, PageText, TranslationProgress
from bot.textdiff import unified_diff
from bot.parsing.wikitext import parse, template_calls
from bot.titles import canonical_title, split_namespace
from bot.wiki.gateway import Counters


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


NOT_AN_EXPORT_FIX = ("pass the XML file that Special:Export (or maintenance/dumpBackup.php) writes; "
                     "it starts with <mediawiki ...>.")


@dataclass
class Export:
    """The latest revision of each page of a MediaWiki XML export, and each page's namespace."""

    pages: dict[str, PageText] = field(default_factory=dict)
    namespaces: dict[str, int] = field(default_factory=dict)      # title -> namespace number
    names: dict[str, int] = field(default_factory=dict)           # siteinfo: namespace name -> number

    def namespace_of(self, title: str) -> int:
        if title in self.namespaces:
            return self.namespaces[title]
        prefix = title.split(":", 1)[0] if ":" in title else ""
        if prefix and prefix.lower() in self.names:
            return self.names[prefix.lower()]
        return split_namespace(title)[0]


def read_export(path: Path) -> Export:
    """Read a MediaWiki XML export; UserError (exit 2) for a folder, a missing file or any other XML/HTML."""
    export = Export()
    if path.is_dir():
        raise UserError(str(path), "is a folder, not an XML export.", NOT_AN_EXPORT_FIX)
    try:
        root_seen = False
        for event, element in ET.iterparse(path, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if name != "mediawiki":
                        raise UserError(str(path), f"is not a MediaWiki XML export (its root element is <{name}>).",
                                        NOT_AN_EXPORT_FIX)
                continue
            if name == "namespaces":
                for ns in element:
                    if _local(ns.tag) == "namespace" and (ns.get("key") or "").lstrip("-").isdigit():
                        export.names[(ns.text or "").lower()] = int(ns.get("key"))
                continue
            if name != "page":
                continue
            title = revid = text = timestamp = user = ns_number = None
            redirect = False
            for child in element:
                child_name = _local(child.tag)
                if child_name == "title":
                    title = child.text
                elif child_name == "redirect":
                    redirect = True
                elif child_name == "ns" and (child.text or "").strip().lstrip("-").isdigit():
                    ns_number = int(child.text)
                elif child_name == "revision":
                    for rc in child:
                        rn = _local(rc.tag)
                        if rn == "id" and (rc.text or "").isdigit():
                            revid = int(rc.text)
                        elif rn == "text":
                            text = rc.text or ""
                        elif rn == "timestamp":
                            timestamp = rc.text
                        elif rn == "contributor":
                            user = next((c.text for c in rc if _local(c.tag) == "username"), None)
            if title:
                export.pages[title] = PageText(title, text or "", True, revid, timestamp, user, redirect)
                if ns_number is not None:
                    export.namespaces[title] = ns_number
            element.clear()
    except FileNotFoundError:
        raise UserError(str(path), "export file not found.", "export pages with Special:Export or dumpBackup.php.") from None
    except PermissionError:
        raise UserError(str(path), "cannot be read (permission denied).", "check the file's permissions.") from None
    except ET.ParseError as exc:
        raise UserError(str(path), f"is not a MediaWiki XML export (not well-formed XML: {exc}).",
                        NOT_AN_EXPORT_FIX) from None
    if not root_seen:
        raise UserError(str(path), "is empty, not a MediaWiki XML export.", NOT_AN_EXPORT_FIX)
    return export


_KEEP = set("-.,()'!&+=@")   # '~' is left for the hash of a shortened name
_MAX_NAME = 240     # bytes; file systems allow 255, and ".wiki"/".diff" is added


def file_name(title: str) -> str:
    """A file name for a page title, so that distinct titles never share a file (``A/X``, ``A X``
    and ``A:X`` are three files) and the title can be read back (``title_of``): spaces become ``_``
    (a title has none), letters, digits and ``-.,()'!&+=@`` stay, anything else is %-encoded.
    A name too long for a file system ends in a hash of the title instead."""
    title = canonical_title(title, check=False)
    name = "".join("_" if c == " " else c if (c.isalnum() or c in _KEEP) else quote(c, safe="") for c in title)
    if name.startswith("."):
        name = "%2E" + name[1:]     # no hidden files, no '.' or '..'
    if len(name.encode("utf-8")) > _MAX_NAME:
        digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]
        name = name.encode("utf-8")[:_MAX_NAME - 14].decode("utf-8", "ignore") + "~" + digest
    return name


def title_of(name: str) -> str:
    """The page title a ``file_name`` stands for (names shortened with a hash excepted)."""
    return canonical_title(unquote(name.replace("_", " ")), check=False)


class OfflineGateway:
    def __init__(self, export: Path, output: Path) -> None:
        read = read_export(export)
        self.pages = read.pages
        self._export = read
        from bot.inputs import usable_directory
        self.output = usable_directory(output, "--output")
        self.counters = Counters()
        self.description = f"offline export {export}"
        self.user = "HubBot"
        self.max_page_bytes = None
        self.written: list[str] = []

    @property
    def account_name(self) -> str | None:
        return self.user

    @property
    def login_file(self) -> str | None:
        return None                 # no login

    def login(self, fresh: bool = False) -> None:
        return None

    def account_rights(self) -> None:
        return None                  # no account to ask: nothing is checked

    def page_history(self, title: str, limit: int = 50) -> list[PageRevision]:
        """The export's revision of the page (the latest it holds), or nothing for a page it lacks."""
        page = self.pages.get(canonical_title(title, check=False))
        return [PageRevision(page.revid or 0, page.user or "", "", page.timestamp or "")][:limit] if page else []

    def recent_changes(self, after: ChangePosition | None,
                       overlap: float = 0.0) -> tuple[list[Change], ChangePosition | None]:
        return [], after             # an export does not change

    def change_stream(self, since: str | None = None, url: str | None = None,
                      on_open: Callable[[], None] | None = None,
                      on_error: Callable[[], None] | None = None) -> Iterator[dict]:
        raise UserError("--source eventstreams", f"{self.description} has no EventStreams service.",
                        "watch a live wiki.")

    def _calls(self, page: PageText | None, template: str) -> bool:
        return page is not None and "{{" in page.text and bool(template_calls(parse(page.text), template))

    def transclusions(self, template: str, namespaces: Sequence[int]) -> list[str]:
        """Pages calling the template directly, in ``namespaces`` (all when empty), as the live wiki filters."""
        wanted = set(namespaces)
        return sorted(title for title, page in self.pages.items()
                      if (not wanted or self._export.namespace_of(title) in wanted)
                      and "{{" in page.text and template_calls(parse(page.text), template))

    def hub_revisions(self, template: str, namespaces: Sequence[int]) -> None:
        """An export cannot list revisions: every hub page is read, and no hub cache is kept."""
        return None

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        out = {}
        for title in dict.fromkeys(titles):
            key = canonical_title(title, check=False)
            out[title] = self.pages.get(key) or PageText(key, "", exists=False)
        self.counters.pages_read += len(out)
        return out

    def revisions_using(self, titles: Sequence[str], template: str) -> dict[str, int | None]:
        """Per title the export's revision when its text calls the template directly, else None."""
        out: dict[str, int | None] = {}
        for title in dict.fromkeys(titles):
            page = self.pages.get(canonical_title(title, check=False))
            out[title] = (page.revid or 0) if self._calls(page, template) else None
        return out

    def transcluding(self, titles: Sequence[str], template: str) -> set[str]:
        return {title for title in titles
                if self._calls(self.pages.get(canonical_title(title, check=False)), template)}

    def _file(self, title: str, suffix: str) -> Path:
        return self.output / f"{file_name(title)}{suffix}"

    def page_revisions(self, titles: Sequence[str]) -> dict[str, int | None]:
        return {title: (page.revid if (page := self.pages.get(canonical_title(title, check=False))) else None)
                for title in dict.fromkeys(titles)}

    def revision_hashes(self, titles: Sequence[str]) -> dict[str, tuple[int, str]]:
        return {title: (page.revid or 0, hashlib.sha1(page.text.encode("utf-8")).hexdigest())
                for title in dict.fromkeys(titles) if (page := self.pages.get(canonical_title(title, check=False)))}

    def save(self, base: PageText, text: str, summary: str, *, checked: bool = False) -> int:
        self._file(base.title, ".wiki").write_text(text, encoding="utf-8")
        diff = unified_diff(base, text)
        self._file(base.title, ".diff").write_text(f"# {summary}\n{diff}", encoding="utf-8")
        self.pages[base.title] = PageText(base.title, text, True, (base.revid or 0) + 1)
        self.written.append(base.title)
        self.counters.edits += 1
        return (base.revid or 0) + 1

    def files_exist(self, titles: Sequence[str]) -> dict[str, bool]:
        return {}      # an export holds no files: nothing can be checked, nothing is reported missing

    def translation_progress(self, page: str) -> TranslationProgress:
        return TranslationProgress(page, False, note="not available offline")

    def write_summary(self, report) -> None:
        (self.output / "report.json").write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n")
