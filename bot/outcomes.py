"""How each output page ended, and who can fix it (plain data, no I/O).

Every page ends as exactly one of:

- edited / unchanged / would edit (a dry run): done;
- refused: the bot would not write it and *an editor* (or the operator, for
  the mass-removal guards) can fix it: broken markers, {{nobots}}, a region in
  <translate>, a translation page, a suspicious mass removal;
- blocked: *the page, an admin or the wiki's pause* stops it: protection, the
  wiki's size limit, humans editing it while the bot saves, the edit limit per
  run, a disabled bot, a read-only wiki (maintenance: the next writable run saves it);
- failed: *the wiki or the bot* failed: unreachable, 5xx after retries, an
  internal error.

Only *failed* counts toward auto-disable and makes the exit code 1: an editor's
ordinary action never switches the bot off or e-mails the operator.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Status(str, Enum):
    EDITED = "edited"
    UNCHANGED = "unchanged"
    WOULD_EDIT = "would edit"
    REFUSED = "refused"
    BLOCKED = "blocked"
    FAILED = "failed"

    @property
    def not_written(self) -> bool:
        return self in (Status.REFUSED, Status.BLOCKED, Status.FAILED)


# Who can fix a page that was not written (shown on the errors page).
OWNERS = {
    "editor": "an editor of the page",
    "admin": "a wiki administrator",
    "operator": "the bot operator",
    "wiki": "nobody: the wiki is down or read-only; the next run retries",
    "bot": "hubbot's maintainers (a bug; please report it)",
}


@dataclass(frozen=True)
class Outcome:
    output: str
    page: str
    status: Status
    reason: str = ""
    fix: str = ""
    owner: str = ""              # a key of OWNERS when not written
    revid: int | None = None
    summary: str = ""
    diff: str = ""
    kind: str = ""               # the output's kind ("hub-list" for an editor's on-wiki list)

    @property
    def action(self) -> str:
        return self.status.value

    @property
    def label(self) -> str:
        """The output's name, and for an on-wiki list its page too ("hub list 1" is on many pages)."""
        return self.output if self.kind != "hub-list" else f"{self.output} on {self.page}"


@dataclass
class Report:
    outputs: list[Outcome] = field(default_factory=list)
    hubs: int = 0
    problems: int = 0
    pages_read: int = 0
    requests: int = 0
    edits: int = 0
    messages: list[str] = field(default_factory=list)
    disabled: bool = False       # the bot had switched itself off: the operator must reset it
    run: dict = field(default_factory=dict)   # when, on which wiki, as whom, dry or not, how long (bot.app.sync)

    @property
    def failed(self) -> bool:
        """A failed run for the auto-disable count: the wiki or the bot failed, not an editor."""
        return any(o.status is Status.FAILED for o in self.outputs)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.disabled else 0

    def as_json(self) -> dict:
        rows = []
        for o in self.outputs:
            row = {k: v for k, v in asdict(o).items() if k not in ("diff", "status")}
            rows.append({"name": o.output, "label": o.label, "page": o.page, "action": o.status.value, **row})
        return {"run": self.run, "outputs": rows,
                "totals": {"hubs": self.hubs, "problems": self.problems, "pages_read": self.pages_read,
                           "requests": self.requests, "edits": self.edits},
                "messages": self.messages, "exit_code": self.exit_code}
