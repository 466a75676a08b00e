"""A Gateway over a Special:Export XML file: try a config on a snapshot, edit nothing.

Hub pages are the pages whose text calls the infobox template directly (an
export has no link tables). "Saves" write the new text of each page and a
unified diff into the output directory, named after the page title.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Sequence

from bot.errors import UserError
from bot.models import PageText, TranslationProgress
from bot.rendering.diff import unified_diff
from bot.parsing.wikitext import normalize_title, parse, template_calls
from bot.wiki.gateway import Counters


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_export(path: Path) -> dict[str, PageText]:
    """Pages of a MediaWiki XML export (the latest revision of each)."""
    pages: dict[str, PageText] = {}
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if _local(element.tag) != "page":
                continue
            title = revid = text = timestamp = user = None
            for child in element.iter():
                name = _local(child.tag)
                if name == "title":
                    title = child.text
                elif name == "revision":
                    for rc in child:
                        rn = _local(rc.tag)
                        if rn == "id":
                            revid = int(rc.text)
                        elif rn == "text":
                            text = rc.text or ""
                        elif rn == "timestamp":
                            timestamp = rc.text
                        elif rn == "contributor":
                            user = next((c.text for c in rc if _local(c.tag) == "username"), None)
            if title:
                pages[title] = PageText(title, text or "", True, revid, timestamp, user)
            element.clear()
    except FileNotFoundError:
        raise UserError(str(path), "export file not found.", "export pages with Special:Export or dumpBackup.php.") from None
    except ET.ParseError as exc:
        raise UserError(str(path), f"is not a MediaWiki XML export ({exc}).",
                        "export pages with Special:Export or dumpBackup.php.") from None
    return pages


class OfflineGateway:
    def __init__(self, export: Path, output: Path) -> None:
        self.pages = read_export(export)
        self.output = output
        self.output.mkdir(parents=True, exist_ok=True)
        self.counters = Counters()
        self.description = f"offline export {export}"
        self.user = "HubBot"
        self.written: list[str] = []

    def login(self) -> None:
        return None

    def transclusions(self, template: str, namespaces: Sequence[int]) -> list[str]:
        return sorted(title for title, page in self.pages.items()
                      if "{{" in page.text and template_calls(parse(page.text), template))

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageText]:
        out = {}
        for title in dict.fromkeys(titles):
            key = normalize_title(title)
            out[title] = self.pages.get(key) or PageText(key, "", exists=False)
        self.counters.pages_read += len(out)
        return out

    def _file(self, title: str, suffix: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-._ " else "_" for c in title).replace(" ", "_")
        return self.output / f"{safe}{suffix}"

    def save(self, base: PageText, text: str, summary: str) -> int:
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
