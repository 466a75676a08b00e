"""The watcher's loop: poll (or follow the stream), decide (bot.logic.watch), run, beat the heartbeat."""

from __future__ import annotations

import logging
import math
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from bot import hub_cache
from bot.config import Config
from bot.errors import HubbotError, ShutoffError, TransientError
from bot.heartbeat import Heartbeat
from bot.logic.watch import Decision, Watched, affected_outputs, every_output
from bot.models import ChangePosition
from bot.saved_outputs import SavedOutputs
from bot.watch.listing import KeptListing, known_hubs
from bot.watch.position import load_position, save_position
from bot.watch.sources import PollingSource, StreamSource, Unseen
from bot.wiki.gateway import Counters

log = logging.getLogger("hubbot")

STREAM_RETRY_POLLS = 12      # while the stream is down: polls between attempts to reconnect


class BeatingCounters(Counters):
    """A gateway's counters that call ``on_request`` each time a request is answered: a run that hears
    from the wiki keeps the watcher's heartbeat going; one stuck in a read that never returns does not."""

    def __init__(self, counters: Counters, on_request: Callable[[], None]) -> None:
        object.__setattr__(self, "_on_request", lambda: None)
        super().__init__(counters.requests, counters.pages_read, counters.edits)
        object.__setattr__(self, "_on_request", on_request)

    def __setattr__(self, name: str, value) -> None:
        object.__setattr__(self, name, value)
        if name == "requests":
            self._on_request()


def next_tick(last: float, interval: float, now: float) -> float:
    """Polls keep a fixed cadence (last + interval, ...): a run longer than the interval skips the ticks
    it overran, so a change made during a run waits for the next tick, never a whole interval after it."""
    tick = last + interval
    if tick < now:
        tick += math.ceil((now - tick) / interval) * interval
    return tick


class Watcher:
    def __init__(self, config: Config, gateway, state_dir: Path, *, interval: float,
                 sync: Callable[[list[str]], int], stream_url: str | None = None, source: str = "poll",
                 sleep: Callable[[float], None] | None = None, max_polls: int | None = None,
                 emit: Callable[[str], None] = print, clock: Callable[[], float] = time.monotonic,
                 listing: KeptListing | None = None, today: Callable[[], date] | None = None,
                 heartbeat: Heartbeat | None = None) -> None:
        self.config = config
        self.gw = gateway
        self.state_dir = state_dir
        self.interval = interval
        self.sync = sync
        self.stop = threading.Event()
        self.sleep = sleep or (lambda seconds: self.stop.wait(seconds))
        self.max_polls = max_polls
        self.emit = emit
        self.clock = clock
        unseen = Unseen()                     # one for both sources: the stream may replay what a poll saw
        self.poller = PollingSource(gateway, unseen)
        self.listing = listing or KeptListing(clock)
        self.today = today or (lambda: datetime.now(timezone.utc).date())
        self.day: date | None = None          # the date of the last run (UTC)
        self.stream = StreamSource(gateway, stream_url, unseen) if source == "eventstreams" else None
        self.polls = self.runs = self.requests = 0
        self.recheck: tuple[str, ...] = ()
        self.pending: Decision | None = None
        self.watched = self._watched()
        self.heartbeat = heartbeat
        self.doing = "starting"
        self.stopped_by = ""
        if heartbeat is not None:
            self.gw.counters = BeatingCounters(self.gw.counters, self._answered)

    def _beat(self, doing: str) -> None:
        self.doing = doing
        if self.heartbeat is not None:
            self.heartbeat.beat(doing)

    def _answered(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.beat(self.doing, now_or_never=True)

    def _watched(self) -> Watched:
        cfg = self.config
        return Watched(template=f"Template:{cfg.hubs.template}", hubs=known_hubs(self.state_dir),
                       outputs=cfg.outputs, namespaces=cfg.hubs.namespaces, prefix=cfg.hubs.prefix,
                       shutoff=cfg.safety.shutoff_page,
                       own_revisions=frozenset(SavedOutputs.load(self.state_dir).revids()),
                       # issue 25: a translator's edit (namespace 1198, HUB/xx) wakes the outputs written per language
                       translated=cfg.translation.outputs if cfg.translation else (),
                       translation_pages=(*cfg.translation.pages, cfg.translation.labels) if cfg.translation else ())

    def run(self) -> int:
        wiki = self.gw.description
        self._beat("starting: catch-up run")
        position = load_position(self.state_dir, wiki)
        if position is None:
            _, position = self.gw.recent_changes(None)
        self._run(every_output(self.watched, "start: catch up with changes made while no watcher ran"))
        # The catch-up run may have had nothing new (no hub decoded): decode the hub cache now, once,
        # so that the first change does not wait for it (later runs reuse what the last one kept).
        hub_cache.load_cache(self.state_dir / hub_cache.CACHE_FILE,
                             hub_cache.cache_key(self.gw.description, self.config.hubs.template))
        save_position(self.state_dir, wiki, position)
        source = self.poller
        if self.stream is not None:
            self.stream.restart(position)
            source = self.stream
        down_polls = 0
        tick = self.clock()
        while not self.stop.is_set():
            tick = next_tick(tick, self.interval, self.clock())
            self.sleep(max(0.0, tick - self.clock()))
            if self.stop.is_set():
                break
            if self.stream is not None:
                source, down_polls = self._choose(source, position, down_polls)
            self._beat(f"poll {self.polls + 1} via {source.name}"
                       + (" (stream connected)" if source is self.stream and self.stream.connected else ""))
            before = self.gw.counters.requests
            try:
                changes, new_position = source.changes(position)
            except TransientError as exc:
                log.warning("watch: the wiki did not answer (%s); trying again next interval", exc)
                continue
            self.polls += 1
            self.listing.saw(changes, self.watched.own_revisions)
            decision = affected_outputs(changes, self.watched)
            if self.pending is not None:
                decision = Decision(tuple(o.name for o in self.config.outputs
                                          if o.name in decision.outputs or o.name in self.pending.outputs),
                                    decision.maybe_hubs, decision.reasons + self.pending.reasons)
            maybe = tuple(dict.fromkeys(self.recheck + decision.maybe_hubs))
            self.recheck = ()
            if maybe and not decision.outputs:
                using = self.gw.transcluding(maybe, self.config.hubs.template)
                if using:
                    decision = every_output(self.watched, f"new hub page {', '.join(sorted(using))}")
                else:
                    # The link tables of a page just saved may lag behind its recent-changes entry:
                    # look once more next interval before deciding it is not a hub.
                    self.recheck = tuple(t for t in decision.maybe_hubs)
            if not decision.outputs and self.day is not None and self.today() != self.day:
                decision = every_output(self.watched, f"a new day ({self.today().isoformat()}): text that counts "
                                                      "days (days since update) is brought up to date")
            cost = self.gw.counters.requests - before
            self.requests += cost
            log.info("watch: poll %d via %s: %d changes, %d relevant, %d API requests", self.polls, source.name,
                     len(changes), len(decision.reasons), cost)
            if decision.outputs:
                self._run(decision)
            position = new_position
            save_position(self.state_dir, wiki, position)
            if self.max_polls and self.polls >= self.max_polls:
                break
        if self.stream is not None:
            self.stream.close()
        if self.heartbeat is not None:
            self.heartbeat.stopped(self.stopped_by or f"after {counted(self.polls, 'poll')}")
        self.emit(f"watch: stopped after {counted(self.polls, 'poll')} and {counted(self.runs, 'run')}")
        return 0

    def _choose(self, source, position: ChangePosition | None, down_polls: int):
        """The stream while it is connected; polling from the last change seen while it is not."""
        stream = self.stream
        assert stream is not None
        if source is stream and stream.failure is not None:
            log.warning("watch: the event stream dropped (%s); polling recent changes from rcid %s",
                        stream.failure, position and position.rcid)
            return self.poller, 0
        if source is self.poller:
            if stream.connected and stream.failure is None:
                log.info("watch: the event stream is back; following it again")
                return stream, 0
            down_polls += 1
            if not stream.alive and down_polls >= STREAM_RETRY_POLLS:
                log.info("watch: reconnecting to the event stream from %s", position and position.timestamp)
                stream.restart(position)
                down_polls = 0
        return source, down_polls

    def _run(self, decision: Decision) -> None:
        started = time.monotonic()
        self.day = self.today()
        self._beat(f"run {self.runs + 1} of {', '.join(decision.outputs)}")
        log.info("watch: syncing %s because %s", ", ".join(decision.outputs), "; ".join(decision.reasons[:5]))
        try:
            code = self.sync(list(decision.outputs))
        except ShutoffError as exc:
            log.warning("watch: %s", exc)   # the shutoff page's next change triggers a catch-up run
            code = 3
        except HubbotError as exc:          # e.g. another run holds the lock, the wiki is down: retry
            log.warning("watch: the run did not happen (%s); retrying next interval", exc)
            self.pending = decision
            return
        self.pending = None
        self.runs += 1
        self.watched = self._watched()
        log.info("watch: run %d finished with exit code %d in %.1f s", self.runs, code, time.monotonic() - started)


def counted(n: int, noun: str) -> str:
    """'1 poll', '2 polls'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
