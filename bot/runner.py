"""Runs a sync: FETCH -> PARSE -> DECIDE -> RENDER -> DIFF -> SAVE -> REPORT.

Only the gateway talks to the wiki; deciding and rendering are pure. One
failing output page is reported and the run goes on. The contract with editors:

- a page whose markers are missing or broken, a translation page, a page
  under ``<translate>``, or a page with ``{{nobots}}`` is not edited, and the
  errors page says why;
- saves carry the base revision; on an edit conflict the page is re-read,
  re-spliced and saved once more, else skipped and reported;
- an output that would remove much more than usual (``safety.max_removal_fraction``)
  is not saved unless the operator passes ``--allow-large-removal``;
- the shutoff page is checked at the start and before every save.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Sequence

from bot import incremental
from bot.config import Config, OutputConfig
from bot.errors import EditConflict, SaveRefused, ShutoffError, TransientError
from bot.logic import outputs as builders
from bot.logic.bots import bot_may_edit
from bot.logic.outputs import Refusal, ReplacedText, RunData
from bot.logic.summary import describe, snapshot, summary
from bot.models import PageText, ParseResult, TranslationProgress
from bot.parsing.directory_table import parse_directory
from bot.parsing.infobox import parse_hub_page
from bot.rendering.diff import unified_diff
from bot.rendering.regions import RegionError, normalize, split_note, splice
from bot.state import State
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")

LANGUAGE_SUBPAGE = re.compile(r"^(?P<base>.+)/(?P<code>[a-z]{2,3}(?:-[a-z0-9]{2,8})*)$")
SHUTOFF_OK = {"", "true", "run", "yes", "on"}
REPLACED_KEEP_DAYS = 30


@dataclass
class OutputResult:
    name: str
    page: str
    action: str              # edited | unchanged | skipped | failed | would edit
    reason: str = ""
    revid: int | None = None
    summary: str = ""
    diff: str = ""


@dataclass
class Report:
    outputs: list[OutputResult] = field(default_factory=list)
    hubs: int = 0
    problems: int = 0
    pages_read: int = 0
    requests: int = 0
    edits: int = 0
    messages: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(o.action in ("skipped", "failed") for o in self.outputs) else 0

    @property
    def failed(self) -> bool:
        """A failed run for the auto-disable count: the wiki or the bot failed, not an editor."""
        return any(o.action == "failed" for o in self.outputs)

    def as_json(self) -> dict:
        return {"outputs": [{k: v for k, v in asdict(o).items() if k != "diff"} for o in self.outputs],
                "totals": {"hubs": self.hubs, "problems": self.problems, "pages_read": self.pages_read,
                           "requests": self.requests, "edits": self.edits},
                "messages": self.messages, "exit_code": self.exit_code}


def shutoff_reason(page: PageText | None) -> str | None:
    """None when the bot may run; else the page's text, quoted for the operator."""
    if page is None or not page.exists:
        return None
    text = re.sub(r"<!--.*?-->", "", page.text, flags=re.S).strip()
    if text.lower() in SHUTOFF_OK:
        return None
    return text[:200]


def check_shutoff(config: Config, page: PageText | None, done: str = "nothing was edited") -> None:
    """Raise ShutoffError (exit 3) when the configured shutoff page says stop, quoting it."""
    reason = shutoff_reason(page)
    if reason is not None:
        raise ShutoffError(f"the shutoff page {config.safety.shutoff_page} says {reason!r}; {done}. "
                           "Empty it (or write 'run') to let the bot run again.")


def read_and_check_shutoff(config: Config, gateway: Gateway, done: str = "nothing was edited") -> None:
    """Read the shutoff page now (one small request) and stop if it says so."""
    page = config.safety.shutoff_page
    if page:
        check_shutoff(config, gateway.read_pages([page])[page], done)


def translation_subpage(title: str, pages: dict[str, PageText]) -> bool:
    """Title/xx of a page with <translate>: a translation, never edited by the bot."""
    m = LANGUAGE_SUBPAGE.match(title)
    if not m:
        return False
    base = pages.get(m.group("base"))
    return bool(base and base.exists and "<translate>" in base.text)


def hub_titles(found: Sequence[str], prefix: str) -> list[str]:
    """Hub pages from the transclusion list: prefix filter, translation copies left out."""
    titles = [t for t in found if t.startswith(prefix)] if prefix else list(found)
    present = set(titles)
    out = []
    for title in titles:
        m = LANGUAGE_SUBPAGE.match(title)
        if m and m.group("base") in present:
            continue   # Hub/fr is a translation of Hub: one hub, not two
        out.append(title)
    return sorted(out)


class Runner:
    def __init__(self, config: Config, gateway: Gateway, *, now: datetime, state: State,
                 dry_run: bool = False, allow_large_removal: bool = False,
                 sleep: Callable[[float], None] = time.sleep, retries: int = 3,
                 emit: Callable[[str], None] | None = None, full: bool = False) -> None:
        self.config = config
        self.full = full          # read every hub page, not only the changed ones
        self.gw = gateway
        self.now = now
        self.state = state
        self.dry_run = dry_run
        self.allow_large_removal = allow_large_removal
        self.sleep = sleep
        self.retries = retries
        self.emit = emit or (lambda text: None)
        self.report = Report()
        self.edits = 0
        self._replaced_now: dict[str, ReplacedText] = {}

    # -- the run ------------------------------------------------------------
    def run(self, only: Sequence[str] | None = None) -> Report:
        cfg = self.config
        selected = [cfg.output(n) for n in only] if only else list(cfg.outputs)
        content = [o for o in selected if o.kind != "errors"]
        results, pages = self._fetch(content)
        check_shutoff(cfg, pages.get(cfg.safety.shutoff_page) if cfg.safety.shutoff_page else None)
        data = self._prepare(results, pages, content)
        source_problem = self._shrinking_source(len(data.hubs))

        if self.state.disabled:
            self.report.messages.append(
                f"hubbot stopped editing after {self.state.consecutive_failures} failed runs in a row; "
                f"check the errors page and the logs, then run `hubbot reset --config {cfg.path}`.")
            for out in selected:
                self._result(out, "skipped", "the bot is disabled after repeated failures")
            return self._finish(hub_count=None)

        for out in content:
            if source_problem and builders.depends_on_hubs(out.kind):
                data.refused.append(Refusal(out.page, out.name, source_problem,
                                            "check the hub pages and the template; an operator can rerun "
                                            "with --allow-large-removal."))
                self._result(out, "skipped", source_problem)
                continue
            self._isolated(out, data, pages)

        errors_out = cfg.errors_output
        if errors_out and (errors_out in selected or data.refused or data.replaced):
            if self._will_disable():
                data.disabled_after = self.state.consecutive_failures + 1
            self._isolated(errors_out, data, pages)
        return self._finish(hub_count=None if source_problem else len(data.hubs))

    def _fetch(self, content: list[OutputConfig]) -> tuple[list[ParseResult], dict[str, PageText]]:
        """Parsed hubs (changed ones read, the rest from the state dir's cache), and every other page
        the run needs, read in one batched pass (see bot.incremental)."""
        cfg = self.config
        targets = [o.page for o in cfg.outputs]
        bases = [m.group("base") for t in targets if (m := LANGUAGE_SUBPAGE.match(t))]
        extra = [cfg.safety.shutoff_page] if cfg.safety.shutoff_page else []
        sources = [o.source for o in content if o.source]
        read = incremental.read_hubs(
            self.gw, template=cfg.hubs.template, namespaces=cfg.hubs.namespaces,
            # An output page that shows the template (e.g. in an example) is never a hub.
            select=lambda found: [t for t in hub_titles(found, cfg.hubs.prefix) if t not in targets],
            other_pages=targets + bases + extra + sources,
            parse=lambda title, text: parse_hub_page(title, text, cfg.hubs.template),
            state_dir=self.state.path.parent, full=self.full)
        return read.results, read.pages

    def _prepare(self, results: list[ParseResult], pages: dict[str, PageText],
                 content: list[OutputConfig]) -> RunData:
        """Hand-kept directories parsed, translation progress fetched: what builders use."""
        cfg = self.config
        data = RunData(hubs=[r.hub for r in results if r.hub is not None],
                       problems=[p for r in results for p in r.problems], now=self.now,
                       template=cfg.hubs.template, replaced=self._recent_replaced())
        for source in dict.fromkeys(o.source for o in content if o.source):
            records, source_problems = parse_directory(source, pages[source].text)
            data.directories[source] = records
            data.problems.extend(source_problems)
        for page in dict.fromkeys(t for o in content if o.kind == "status" for t in o.translations):
            data.translations[page] = self._translation_progress(page)
        self.report.hubs, self.report.problems = len(data.hubs), len(data.problems)
        log.info("hubs=%d problems=%d pages_read=%d", len(data.hubs), len(data.problems), len(pages))
        return data

    def _finish(self, hub_count: int | None) -> Report:
        counters = self.gw.counters
        self.report.pages_read, self.report.requests, self.report.edits = (
            counters.pages_read, counters.requests, counters.edits)
        if not self.dry_run:
            self.state.record_run(ok=not self.report.failed, hub_count=hub_count,
                                  max_failures=self.config.safety.max_consecutive_failures)
            self.state.save()
        return self.report

    def _will_disable(self) -> bool:
        return (any(o.action == "failed" for o in self.report.outputs)
                and self.state.consecutive_failures + 1 >= self.config.safety.max_consecutive_failures)

    # -- guards -------------------------------------------------------------
    def _shrinking_source(self, count: int) -> str | None:
        if self.allow_large_removal:
            return None
        last = self.state.last_hub_count
        if count == 0 and (last or 0) > 0:
            return f"no hub pages were found (last run: {last}); nothing was replaced."
        if last and count < last * (1 - self.config.safety.max_removal_fraction):
            return (f"only {count} hub pages were found, against {last} last run; "
                    "the lists were not shrunk.")
        return None

    def _translation_progress(self, page: str) -> TranslationProgress:
        try:
            return self.gw.translation_progress(page)
        except TransientError as exc:
            return TranslationProgress(page, False, note=f"the wiki did not answer ({exc})")

    def _recent_replaced(self) -> list[ReplacedText]:
        keep_from = (self.now - timedelta(days=REPLACED_KEEP_DAYS)).date().isoformat()
        items = [ReplacedText(r["page"], r.get("revid"), r["date"], tuple(r["lines"]))
                 for r in self.state.data.get("replaced", []) if r.get("date", "") >= keep_from]
        return items

    # -- one output -----------------------------------------------------------
    def _result(self, out: OutputConfig, action: str, reason: str = "", **kw) -> OutputResult:
        result = OutputResult(out.name, out.page, action, reason, **kw)
        self.report.outputs.append(result)
        log.info("page=%s output=%s action=%s%s%s", out.page, out.name, action,
                 f" reason={reason!r}" if reason else "",
                 f" revid={result.revid}" if result.revid else "")
        return result

    def _refuse(self, out: OutputConfig, data: RunData, message: str, fix: str) -> None:
        data.refused.append(Refusal(out.page, out.name, message, fix))
        self._result(out, "skipped", message)

    def _isolated(self, out: OutputConfig, data: RunData, pages: dict[str, PageText]) -> None:
        """One output's failure is reported and the run goes on (shutoff still stops everything)."""
        try:
            self._process(out, data, pages)
        except ShutoffError:
            raise
        except (TransientError, SaveRefused, EditConflict) as exc:
            self._result(out, "failed", str(exc))
        except Exception as exc:   # a bug: this page is not written, the others still are
            log.exception("page=%s output=%s action=failed reason='internal error'", out.page, out.name)
            self._result(out, "failed", f"internal error ({type(exc).__name__}: {exc}); nothing was saved")

    def _process(self, out: OutputConfig, data: RunData, pages: dict[str, PageText]) -> None:
        page = pages[out.page]
        if translation_subpage(out.page, pages):
            return self._refuse(out, data, "this page is a translation; the bot never edits translations.",
                                "point the output at the source page or a bot-owned page.")
        if out.region is None and "<translate>" in page.text:
            return self._refuse(out, data, "this translatable page would be replaced whole.",
                                "set a region outside <translate>, or use a bot-owned page transcluded here.")
        if page.exists and not bot_may_edit(page.text, self.gw.user or "HubBot"):
            return self._refuse(out, data, "the page has {{nobots}} or a {{bots}} template excluding hubbot.",
                                "remove the template if the bot should update this page.")
        body = builders.build(out, data)
        try:
            plan = splice(page.text, out.region, body, "hubbot", lua=out.kind == "badge-data")
        except RegionError as exc:
            return self._refuse(out, data, exc.problem, exc.fix)

        # What the edit summary compares against next time; the errors page's summary just counts.
        snap = None if out.kind == "errors" else snapshot(data.hubs)
        if normalize(plan.text) == normalize(page.text):
            if snap is not None and not self.dry_run:
                self.state.set_snapshot(out.name, snap)
            self._result(out, "unchanged", revid=page.revid)
            return

        if builders.depends_on_hubs(out.kind) and not self.allow_large_removal:
            old_items = builders.item_count(split_note(plan.old_body)[1])
            new_items = builders.item_count(body)
            removed = old_items - new_items
            if old_items and removed >= 2 and removed / old_items > self.config.safety.max_removal_fraction:
                return self._refuse(out, data,
                                    f"the new text would remove {removed} of {old_items} rows "
                                    f"(more than {self.config.safety.max_removal_fraction:.0%}); not saved.",
                                    "check the hub pages; an operator can rerun with --allow-large-removal.")

        self._note_replaced(out, data, page, plan)

        if snap is None:
            text = f"{len(data.problems)} problems, {len(data.refused)} pages not edited"
        else:
            text = describe(out.kind, self.state.snapshot(out.name), snap)
        if plan.human_edited and plan.dropped_lines:
            count = len(plan.dropped_lines)
            text += f"; replaced {count} hand-written line{'' if count == 1 else 's'} (quoted on the errors page)"
        edit_summary = summary(out.name, text)

        if self.dry_run:
            diff = unified_diff(page, plan.text)
            self.emit(diff)
            self._result(out, "would edit", summary=edit_summary, diff=diff)
            return
        if self.edits >= self.config.safety.max_edits_per_run:
            return self._refuse(out, data, f"the limit of {self.config.safety.max_edits_per_run} edits per run "
                                "was reached.", "it is saved on the next run; raise safety.max_edits_per_run if needed.")
        saved = self._save(out, data, page, body, plan.text, edit_summary, snap)
        if saved and sum(o.page == out.page for o in self.config.outputs) > 1:
            # Another output writes a region of this page: it starts from the saved revision, re-read
            # because MediaWiki may have merged a concurrent human edit into what we sent.
            pages[out.page] = self.gw.read_pages([out.page])[out.page]

    def _note_replaced(self, out: OutputConfig, data: RunData, page: PageText, plan) -> None:
        """Hand-written lines this save replaces go to the errors page (nothing lost silently)."""
        if out.kind == "errors":
            return
        earlier = self._replaced_now.pop(out.page, None)   # from before an edit conflict: superseded
        if earlier in data.replaced:
            data.replaced.remove(earlier)
        if plan.human_edited and plan.dropped_lines:
            entry = ReplacedText(out.page, page.revid, self.now.date().isoformat(), plan.dropped_lines)
            data.replaced.append(entry)
            self._replaced_now[out.page] = entry

    def _save(self, out: OutputConfig, data: RunData, page: PageText, body: str, text: str,
              edit_summary: str, snap: dict | None) -> PageText | None:
        conflicts = 0
        attempt = 0
        while True:
            try:
                read_and_check_shutoff(self.config, self.gw, f"stopped after {self.edits} edits")
                revid = self.gw.save(page, text, edit_summary)
            except EditConflict:
                conflicts += 1
                if conflicts > 1:
                    self._result(out, "failed", "edit conflict twice; the human edit was kept, retry next run")
                    return None
                log.info("page=%s action=conflict reason='edited since read; re-reading'", page.title)
                page = self.gw.read_pages([page.title])[page.title]
                try:
                    plan = splice(page.text, out.region, body, "hubbot", lua=out.kind == "badge-data")
                except RegionError as exc:
                    self._refuse(out, data, exc.problem, exc.fix)
                    return None
                text = plan.text
                self._note_replaced(out, data, page, plan)
                if normalize(text) == normalize(page.text):
                    self._result(out, "unchanged", revid=page.revid)
                    return page
                continue
            except TransientError as exc:
                attempt += 1
                if attempt >= self.retries:
                    self._result(out, "failed", f"the wiki failed {attempt} times: {exc}")
                    return None
                self.sleep(min(2 ** (attempt - 1), 30))
                continue
            except SaveRefused as exc:
                self._result(out, "failed", f"the wiki refused the save: {exc}")
                return None
            break
        self.edits += 1
        if snap is not None:
            self.state.set_snapshot(out.name, snap)
        if data.replaced:
            self.state.data["replaced"] = [asdict(r) | {"lines": list(r.lines)} for r in data.replaced]
        self._result(out, "edited", revid=revid, summary=edit_summary)
        return PageText(page.title, text, True, revid)   # what we sent; the wiki may hold a merge of it

