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
now, and replaced hand-written text: its fingerprint includes them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

SETTLED = ("edited", "unchanged", "refused")   # outcomes a run with the same inputs repeats


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


def errors_fingerprint(common: str, remembered_rows: Sequence[Any], replaced: Sequence[Any]) -> str:
    """The errors page's inputs: those of every page, plus earlier runs' rows and replaced text."""
    return digest([common, list(remembered_rows), list(replaced)])


@dataclass
class Quiet:
    """Per page written: the fingerprint it was last planned with and its revision id after that run."""

    basics: dict = field(default_factory=dict)     # of the last run that remembered pages
    hubs: int = 0                                  # hubs and problems of that run (for the report)
    problems: int = 0
    maps: list[str] = field(default_factory=list)  # map files its hubs show (checked again each run)
    # title -> {"revid", "fingerprint", "outcomes": [{"output", "status", "reason", "fix", "owner"}]}
    pages: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> "Quiet":
        try:
            return cls(dict(data["basics"]), int(data["hubs"]), int(data["problems"]), list(data["maps"]),
                       {str(t): {"revid": int(v["revid"]), "fingerprint": str(v["fingerprint"]),
                                 "outcomes": [{k: str(o[k]) for k in ("output", "status", "reason", "fix", "owner")}
                                              for o in v["outcomes"]]}
                        for t, v in data["pages"].items()})
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls()     # unreadable: a normal run, which writes it again

    def as_json(self) -> dict:
        return {"basics": self.basics, "hubs": self.hubs, "problems": self.problems, "maps": self.maps,
                "pages": self.pages}

    def may_be_quiet(self, basics: Mapping[str, Any]) -> bool:
        """Before asking the wiki anything more: the cheap inputs are those of the last run."""
        return bool(self.pages) and dict(basics) == self.basics

    def unchanged(self, wanted: Mapping[str, str], revids: Mapping[str, int | None]) -> bool:
        """Every page of ``wanted`` (title -> the fingerprint it must have been planned with) has
        that fingerprint and still its revision id of then."""
        for title, fingerprint in wanted.items():
            entry = self.pages.get(title)
            if entry is None or entry["fingerprint"] != fingerprint or revids.get(title) != entry["revid"]:
                return False
        return bool(wanted)

    def remember(self, title: str, revid: int | None, fingerprint: str, outcomes: Sequence[dict]) -> None:
        """A page after a run: remembered when all its outcomes are settled ones, else forgotten."""
        if revid and all(o["status"] in SETTLED for o in outcomes):
            self.pages[title] = {"revid": revid, "fingerprint": fingerprint, "outcomes": list(outcomes)}
        else:
            self.pages.pop(title, None)
