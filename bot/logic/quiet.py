"""Runs with nothing new (pure): when every page a run would write is known to be up to date.

A run's output is a function of its inputs: the hub pages (their revision ids),
the pages it reads but never writes (shutoff page, hand-kept directories,
translation bases, hubs that left the listing), the pages with on-wiki lists,
translation progress, which map files exist, the config, hubbot's own code, the
bot's user name, the wiki's size limit and the date (outputs count days, never
hours). ``fingerprint`` hashes them.

After a run, every page whose outputs all came out *edited*, *unchanged* or
*refused* (the planner's own decision, from the same inputs: a missing marker,
{{nobots}}) is remembered with that fingerprint, its revision id after the run
and its outcomes (``Quiet``, kept in the state file). The next run with the same
fingerprint, whose pages all still have those revision ids, would plan the same
texts over the same pages: nothing to change, the same refusals. It then reads
no page text, decodes no cache and plans nothing. Any difference, or a page
the wiki kept the bot from writing last time (protected, a conflict, a
failure), means a normal run.

The errors page also shows what earlier runs remembered of outputs not run
now, and replaced hand-written text: its fingerprint includes them. So the
errors page of an hourly errors-only run and that of a six-hourly run of the
lists have different fingerprints: a page keeps every fingerprint that planned
its current revision, so that runs of different output sets taking turns do not
make each other read (each finds its own; the schedules of config/meta.yaml).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

SETTLED = ("edited", "unchanged", "refused")   # outcomes a run with the same inputs repeats
OUTCOME_KEYS = ("output", "status", "reason", "fix", "owner")
KEEP = 8          # fingerprints kept per page revision, and cheap inputs (basics) kept per day


def digest(value: Any) -> str:
    """A short stable hash of JSON-able data (keys sorted)."""
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def listing_digest(listed: Mapping[str, int]) -> str:
    """The hub pages and their revision ids, as one hash (order-independent)."""
    return digest(sorted(listed.items()))


@dataclass(frozen=True)
class Inputs:
    """What decides every output text, besides the pages written themselves."""

    basics: Mapping[str, Any]              # code, config, date, user, size limit, hub listing, list pages
    others: Mapping[str, int | None]       # pages read but not written -> revision id (None: missing)
    maps: Mapping[str, bool] = field(default_factory=dict)

    def fingerprint(self, translations: Mapping[str, Any] | None = None) -> str:
        """For a page: these inputs, and the translation progress its outputs show (if any)."""
        return digest({"basics": dict(self.basics), "others": dict(self.others), "maps": dict(self.maps),
                       "translations": dict(translations or {})})


def errors_fingerprint(common: str, ran: Iterable[str], remembered_rows: Sequence[Any],
                       replaced: Sequence[Any]) -> str:
    """The errors page's inputs: those of every page, the outputs run (the rows of their outcomes are known
    from their own pages, checked with it), earlier runs' rows of the others and replaced text."""
    return digest([common, sorted(ran), list(remembered_rows), list(replaced)])


@dataclass
class Quiet:
    """Per page written: its revision id after the last run that planned it, and the fingerprints of the
    inputs known to plan exactly that text (with the outcomes they planned).

    Runs of different output sets (``sync --only``, the schedule's jobs) plan the same page from inputs that
    may differ (the errors page of an errors-only run shows what the state remembers of the outputs it does not
    run), so a page keeps every fingerprint that planned its current revision: each set's next run with nothing
    new finds its own, whatever other sets ran in between. A new revision forgets them; so does a new day
    (the date is an input of every page)."""

    basics: list[dict] = field(default_factory=list)   # of today's runs that remembered pages (one per output set)
    hubs: int = 0                                  # hubs and problems of the last of them (for the report)
    problems: int = 0
    maps: list[str] = field(default_factory=list)  # map files its hubs show (checked again each run)
    # title -> {"revid", "planned": {fingerprint: [{"output", "status", "reason", "fix", "owner"}]}}
    pages: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> "Quiet":
        try:
            return cls([dict(b) for b in data["basics"]], int(data["hubs"]), int(data["problems"]),
                       list(data["maps"]),
                       {str(t): {"revid": int(v["revid"]),
                                 "planned": {str(f): [{k: str(o[k]) for k in OUTCOME_KEYS} for o in outcomes]
                                             for f, outcomes in v["planned"].items()}}
                        for t, v in data["pages"].items()})
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()     # unreadable (or of an earlier version): a normal run, which writes it again

    def as_json(self) -> dict:
        return {"basics": self.basics, "hubs": self.hubs, "problems": self.problems, "maps": self.maps,
                "pages": self.pages}

    def may_be_quiet(self, basics: Mapping[str, Any]) -> bool:
        """Before asking the wiki anything more: the cheap inputs are those of a run of today."""
        return bool(self.pages) and dict(basics) in self.basics

    def unchanged(self, wanted: Mapping[str, str], revids: Mapping[str, int | None]) -> bool:
        """Every page of ``wanted`` (title -> the fingerprint of its inputs now) was planned from these
        inputs and still has its revision id of then."""
        for title, fingerprint in wanted.items():
            entry = self.pages.get(title)
            if entry is None or fingerprint not in entry["planned"] or revids.get(title) != entry["revid"]:
                return False
        return bool(wanted)

    def outcomes(self, title: str, fingerprint: str) -> list[dict]:
        """What planning ``title`` from these inputs came to (bot.pipeline.quiet repeats it)."""
        return self.pages[title]["planned"][fingerprint]

    def ran(self, basics: Mapping[str, Any], hubs: int, problems: int, maps: Sequence[str]) -> None:
        """A run that planned, before its pages are remembered: another day makes every page's fingerprint
        new (start afresh); the cheap inputs of today's other runs are kept, the last ``KEEP`` (other output sets,
        an earlier hub listing)."""
        basics = dict(basics)
        if any(known.get("date") != basics.get("date") for known in self.basics):
            self.basics, self.pages = [], {}
        self.basics = [b for b in self.basics if b != basics][-(KEEP - 1):] + [basics]
        self.hubs, self.problems, self.maps = hubs, problems, list(maps)

    def remember(self, title: str, revid: int | None, fingerprint: str, outcomes: Sequence[dict]) -> None:
        """A page after a run: remembered when all its outcomes are settled ones, else forgotten. The same
        revision keeps what other inputs planned it (the last ``KEEP``)."""
        if not (revid and all(o["status"] in SETTLED for o in outcomes)):
            self.pages.pop(title, None)
            return
        entry = self.pages.get(title)
        planned = dict(entry["planned"]) if entry and entry["revid"] == revid else {}
        planned.pop(fingerprint, None)
        planned[fingerprint] = [{k: str(o[k]) for k in OUTCOME_KEYS} for o in outcomes]
        self.pages[title] = {"revid": revid, "planned": dict(list(planned.items())[-KEEP:])}
