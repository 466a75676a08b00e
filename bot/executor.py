"""The executor: saves page plans, and nothing else decides anything.

For each PagePlan it asks, in one request, the page's latest revision and the
guarded pages' (the shutoff page), hands those to ``before_save`` (the shutoff
and lock checks), saves with the base revision, and classifies what happened
(a save costs 2 requests, creating a page too: that check and the edit, with createonly=1 for a page that
did not exist, so one created meanwhile is an edit conflict; pywikibot asks a CSRF token at a process's first save):

- an edit conflict: the page is re-read and the *same* planner plans it again
  (every check runs again: a {{nobots}} added in the conflicting edit is
  respected); a second conflict leaves the page for the next run (blocked:
  humans are editing it);
- a transient failure (5xx, timeout, maxlag): retried with backoff, then failed
  (the wiki's fault);
- a read-only wiki (maintenance, a data-centre switchover): blocked, owner the
  wiki, at its first refused save; no retry, and no other page is tried in this
  run. It is the wiki's pause, not a failure: never counted toward auto-disable,
  and the next writable run saves everything;
- protection, the size limit, abuse filters: blocked (an admin or the operator
  can change that; retrying cannot);
- anything else: failed (a bug in the bot), the run goes on.

The edit cap (``max_edits``) can keep ``reserved`` edits for pages saved last with ``reserved=True``
(the errors page): the other pages stop at ``max_edits - reserved``, so a run that reaches the cap
still says on the errors page which pages it could not save.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from bot.errors import EditConflict, SaveRefused, TransientError, WikiReadOnly
from bot.models import PageText
from bot.outcomes import Status
from bot.planner import PagePlan
from bot.textdiff import unified_diff
from bot.wiki.gateway import Gateway

log = logging.getLogger("hubbot")


@dataclass(frozen=True)
class PageResult:
    plan: PagePlan              # the plan that was carried out (after a conflict: the last one)
    status: Status              # edited | unchanged | would edit | blocked | failed
    reason: str = ""
    fix: str = ""
    owner: str = ""
    revid: int | None = None
    diff: str = ""


class Executor:
    def __init__(self, gateway: Gateway, *, dry_run: bool = False, max_edits: int = 100, retries: int = 3,
                 sleep: Callable[[float], None] = time.sleep,
                 before_save: Callable[[Mapping[str, int | None]], None] = lambda latest: None,
                 guarded: Sequence[str] = (),
                 emit: Callable[[str], None] = lambda text: None, reserved: int = 0) -> None:
        self.gw = gateway
        self.dry_run = dry_run
        self.max_edits = max_edits
        self.reserved = reserved            # edits kept for the pages saved with reserved=True (the errors page)
        self.retries = retries
        self.sleep = sleep
        self.before_save = before_save      # shutoff and lock checks; raises to stop the run
        self.guarded = tuple(guarded)       # pages whose revision comes with each save's check (the shutoff page)
        self.emit = emit
        self.edits = 0
        self.in_flight: str | None = None     # the page being saved (for a report after SIGINT)
        self.read_only: str | None = None     # the wiki said it is read-only: no more saves this run

    def execute(self, plan: PagePlan, replan: Callable[[PageText], PagePlan], *,
                reserved: bool = False) -> PageResult:
        """Save one page; ``reserved``: it may use the edits kept back from the others (the errors page)."""
        conflicts = attempts = 0
        limit = self.max_edits if reserved else max(0, self.max_edits - self.reserved)
        while True:
            if plan.text is None:
                return PageResult(plan, Status.UNCHANGED, revid=plan.base.revid)
            if self.dry_run:
                diff = unified_diff(plan.base, plan.text)
                self.emit(diff)
                return PageResult(plan, Status.WOULD_EDIT, diff=diff)
            if self.edits >= limit:
                kept = "" if reserved or not self.reserved else \
                    f" ({self.reserved} of them kept for the errors page)"
                return PageResult(plan, Status.BLOCKED,
                                  f"the limit of {self.max_edits} edits per run was reached{kept}.",
                                  "it is saved on the next run; raise safety.max_edits_per_run if needed.", "operator")
            if self.read_only:
                return self._read_only_result(plan, tried=False)
            try:
                latest = self.gw.page_revisions([plan.title, *self.guarded])      # one request
                if latest.get(plan.title) != (plan.base.revid if plan.base.exists else None):
                    raise EditConflict(f"{plan.title} changed since it was read")
                self.before_save(latest)
                revid = self._save(plan)
            except EditConflict:
                conflicts += 1
                if conflicts > 1:
                    return PageResult(plan, Status.BLOCKED,
                                      "the page was edited again while the bot saved; the human edits were kept.",
                                      "nothing to do: it is saved on the next run.", "editor")
                log.info("page=%s action=conflict reason='edited since read; planning again'", plan.title)
                plan = replan(self.gw.read_pages([plan.title])[plan.title])
                continue
            except WikiReadOnly as exc:
                # Maintenance lasts minutes to hours: neither this page nor the others are tried again
                # in this run (the gateway does not retry it either).
                self.read_only = str(exc)
                log.info("page=%s action=blocked reason='the wiki is read-only; no other page is tried'", plan.title)
                return self._read_only_result(plan, tried=True)
            except TransientError as exc:
                attempts += 1
                if attempts >= self.retries:
                    return PageResult(plan, Status.FAILED, f"the wiki failed {attempts} times: {exc}",
                                      "the next run retries; check the wiki's status if it persists.", "wiki")
                self.sleep(min(2 ** (attempts - 1), 30))
                continue
            except SaveRefused as exc:
                return PageResult(plan, Status.BLOCKED, f"the wiki refused the save: {exc}", exc.fix, exc.owner)
            if plan.base.exists and revid == plan.base.revid:   # MediaWiki stored no change: a null edit
                return PageResult(plan, Status.UNCHANGED, revid=revid)
            self.edits += 1
            return PageResult(plan, Status.EDITED, revid=revid)

    def _read_only_result(self, plan: PagePlan, tried: bool) -> PageResult:
        what = "not saved" if tried else "not tried"
        return PageResult(plan, Status.BLOCKED, f"the wiki is read-only ({self.read_only}); {what}.",
                          "nothing to do: the first run after the wiki is writable again saves it.", "wiki")

    def _save(self, plan: PagePlan) -> int:
        """The one call that writes; ``in_flight`` names its page until it returns or fails (not on SIGINT)."""
        self.in_flight = plan.title
        try:
            revid = self.gw.save(plan.base, plan.text or "", plan.summary, checked=True)
        except KeyboardInterrupt:
            raise
        except BaseException:
            self.in_flight = None
            raise
        self.in_flight = None
        return revid
