"""`hubbot watch`: follow the wiki's recent changes and sync the outputs a change affects.

Polling (the default): one ``list=recentchanges`` request per interval, continuing
after the last change seen (kept in ``STATE_DIR/watch.json``, so a restarted
watcher misses nothing); log events (delete, move, protect) included. When a hub
page, the template, an output page (edited by someone else), a page an output
reads or the shutoff page changed, one incremental sync of the affected outputs
runs; several changes within an interval make one run. Idle, it costs one
request per interval.

``--source eventstreams`` follows Wikimedia's public recent-change stream instead
(pywikibot's EventStreams client, filtered to this wiki; idle, zero API
requests). When the stream drops, the watcher polls from the last
change it saw and tries the stream again later, resuming from that change's time:
a change is never missed, and one seen twice is recognised by its id.

The first thing a watcher does is one incremental sync (changes made while no
watcher ran are caught up); the first poll of each new day (UTC) makes one too, so
that text counting days ("days since update") is never a day behind. SIGTERM, SIGINT and
SIGHUP stop it between runs.

It beats a heartbeat (``STATE_DIR/watch-heartbeat.json``, see bot/heartbeat.py) when it starts, at
every turn of its loop and whenever the wiki answers a request of a run; ``hubbot watch
--check-health`` fails when the last beat is older than max(3 × interval, 120 s).
"""

from __future__ import annotations

import logging
import math
import queue
import signal
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import msgspec

from bot import incremental, store
from bot.config import Config
from bot.errors import HubbotError, LockBusy, ShutoffError, TransientError, WikiUnreachable
from bot.heartbeat import Heartbeat
from bot.logic.watch import Decision, Watched, affected_outputs, change_from_event, every_output
from bot.models import Change, ChangePosition
from bot.wiki.gateway import Counters
from bot.wiki.layers import ListingGateway
from bot.wiki.text_cache import TextCache

log = logging.getLogger("hubbot")

WATCH_FILE = "watch.json"
STREAM_RETRY_POLLS = 12      # while the stream is down: polls between attempts to reconnect


# -- where the watcher stopped ----------------------------------------------------------
class _Position(msgspec.Struct):
    """``watch.json``: the last change seen, on which wiki."""

    wiki: str
    timestamp: str
    rcid: int


def load_position(state_dir: Path, wiki: str) -> ChangePosition | None:
    """None when lost, damaged (one warning) or of another wiki: start from now, after one catch-up sync."""
    data = store.read_cache(state_dir / WATCH_FILE, _Position,
                            "the watcher starts from now, after one run that catches up")
    if data is None or data.wiki != wiki:
        return None
    return ChangePosition(data.timestamp, data.rcid)


def save_position(state_dir: Path, wiki: str, position: ChangePosition | None) -> None:
    if position is not None:
        store.write(state_dir / WATCH_FILE, _Position(wiki, position.timestamp, position.rcid))


def known_hubs(state_dir: Path) -> frozenset[str]:
    """Hub titles of the last run (the hub cache's keys; its records are not decoded). A cache this
    process wrote or read, and still the file's content, is not read again (5 MB at 10,000 hubs)."""
    return incremental.cached_titles(state_dir / incremental.CACHE_FILE)


# -- the hub listing, kept between runs ------------------------------------------------------------
# Log events that never make a revision nor move a page: after them the kept revision ids still hold.
# Any other log event (delete, move, import, merge, protect, which saves a null revision, ...) means a
# full listing: they are rare, and the listing is never wrong, only slower.
QUIET_LOGS = frozenset({"patrol", "block", "newusers", "thanks", "rights", "create", "tag", "abusefilter"})
FULL_LISTING_EVERY = 3600.0  # seconds: revisions made without a recent-changes entry (maintenance scripts)
ASKED_AT_MOST = 50           # pages edited since the last listing asked about (one request); more: full listing
TEMPLATE_NAMESPACES = frozenset({10, 828})   # Template, Module: an edit there may change who uses the template
TEMPLATE_SETTLE = 600.0      # seconds of full listings after such an edit (the job queue updates the links)


class KeptListing:
    """The hub listing of `hubbot watch`'s runs, kept up to date from the changes it sees.

    A run needs every hub page with its latest revision id. At 10,000 hubs the wiki's listing
    (``prop=info`` on every page using the template) takes about 0.8 s: most of hubbot's part of the
    time between an edit being seen and the directory being saved. The watcher has seen every change
    since the last listing, in order, so it asks only about the pages edited since (one request per
    50: their latest revision, and whether they use the template now), and keeps the rest. Pages
    asked about are asked once more at the next listing: the wiki may note a page's use of the
    template a moment after its recent-changes entry.

    A full listing, as every scheduled run makes: the first run; after a log event that may have made
    a revision or moved a page; for ten minutes after an edit in the Template or Module namespace
    (pages start or stop using the template when the job queue updates their links, without an edit
    of their own); more than 50 pages to ask about; an hour since the last full listing (revisions
    made without a recent-changes entry, e.g. by maintenance scripts). The pages changed before a full
    listing are still asked about at the next one.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.revids: dict[str, int] | None = None    # the last listing: title -> latest revision id
        self.of: tuple | None = None                  # (template, namespaces) it lists
        self.seen: dict[str, int | None] = {}         # title -> namespace, changed since the last listing
        self.asked: dict[str, int | None] = {}        # asked about at the last listing: asked once more
        self.trusted = False                          # no change since then that a listing must see
        self.listed_at = 0.0
        self.settled_at = 0.0                         # full listings until then (after a template edit)
        self.full_listings = self.kept_listings = 0

    def saw(self, changes: list[Change], own: frozenset[int] | set[int] = frozenset()) -> None:
        """Changes in the order the wiki made them (all of them, relevant to a run or not); ``own``:
        revisions the bot saved (its module pages use no infobox)."""
        for change in changes:
            if change.type == "log" and change.log_type in QUIET_LOGS or change.revid in own:
                continue
            if change.type not in ("edit", "new"):
                self.trusted = False
            elif change.namespace in TEMPLATE_NAMESPACES:
                # The pages using an edited template have their links updated by the job queue, minutes
                # later and without an edit of their own: list in full until that is likely done.
                self.trusted = False
                self.settled_at = self.clock() + TEMPLATE_SETTLE
            # Asked about at the next listing, and once more at the one after (even a full one: the
            # wiki may note a page's links a moment after its recent-changes entry).
            self.seen[change.title] = change.namespace
            if change.target:
                self.seen[change.target] = None     # a move's new title: namespace unknown, always asked

    def listing(self, gateway, template: str, namespaces) -> dict[str, int]:
        of = (template, tuple(namespaces))
        wanted = {t: ns for t, ns in {**self.asked, **self.seen}.items()
                  if not namespaces or ns is None or ns in namespaces}
        if self.clock() < self.settled_at:
            self.trusted = False
        why = ("first run" if self.revids is None or self.of != of else
               "a log event or a template edit since the last listing" if not self.trusted else
               f"{len(wanted)} pages edited since the last listing" if len(wanted) > ASKED_AT_MOST else
               "an hour since the last full listing" if self.clock() - self.listed_at >= FULL_LISTING_EVERY else "")
        if why:
            log.info("watch: listing every hub page (%s)", why)
            self.revids = gateway.hub_revisions(template, namespaces)
            self.of, self.trusted, self.listed_at = of, True, self.clock()
            self.full_listings += 1
        else:
            log.info("watch: hub listing kept from recent changes; %d pages asked about", len(wanted))
            if wanted:
                now = gateway.revisions_using(list(wanted), template)
                for title in wanted:
                    if now.get(title):
                        self.revids[title] = now[title]
                    else:
                        self.revids.pop(title, None)
            self.kept_listings += 1
        fresh = {t: ns for t, ns in self.seen.items() if t in wanted}   # asked once more next time
        self.asked = fresh if len(fresh) <= ASKED_AT_MOST else {}
        self.seen = {}
        return dict(self.revids)


# -- sources of changes --------------------------------------------------------------------
RC_OVERLAP = 60.0     # seconds: each poll also reads this far back, for rows written late


class Unseen:
    """Changes not handed over before, known by their rcid.

    MediaWiki gives a change its rcid when the row is written, at the end of the edit's request, and
    rows become visible as their transactions commit: a poll (or the event stream) can show rcid
    N+1 before N. Reading a little back and dropping what was handed over already catches N.
    Before the first call nothing is known: changes at or below the starting position were
    covered by the catch-up run.
    """

    def __init__(self, window: float = 2 * RC_OVERLAP) -> None:
        self.window = window
        self.floor: int | None = None
        self.handed: dict[int, str] = {}            # rcid -> timestamp, kept for ``window`` seconds

    def __call__(self, changes: list[Change], after: ChangePosition | None) -> list[Change]:
        if self.floor is None:
            self.floor = after.rcid if after else 0
        fresh = sorted({c.rcid: c for c in changes if c.rcid > self.floor and c.rcid not in self.handed}.values(),
                       key=lambda c: c.rcid)
        self.handed.update((c.rcid, c.timestamp) for c in fresh)
        if self.handed:
            newest = max(self.handed.values())
            try:
                cutoff = (datetime.fromisoformat(newest.replace("Z", "+00:00"))
                          - timedelta(seconds=self.window)).strftime("%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                cutoff = ""
            self.handed = {rcid: ts for rcid, ts in self.handed.items() if ts >= cutoff}
        return fresh


class PollingSource:
    """One list=recentchanges request per call (reading RC_OVERLAP seconds back, see Unseen)."""

    name = "recentchanges"

    def __init__(self, gateway, unseen: Unseen | None = None) -> None:
        self.gateway = gateway
        self.unseen = unseen or Unseen()

    def changes(self, after: ChangePosition | None) -> tuple[list[Change], ChangePosition | None]:
        rows, position = self.gateway.recent_changes(after, overlap=RC_OVERLAP)
        return self.unseen(rows, after), position


class StreamSource:
    """Recent changes from EventStreams, read by a background thread into a queue.

    ``changes`` never blocks: it hands over what arrived since the last call. ``failure`` is set
    as soon as the connection drops (the client reconnects by itself, sending the last event id)
    and cleared when it is open again; a thread whose client gave up is started anew by ``restart``.
    """

    name = "eventstreams"

    def __init__(self, gateway, url: str | None, unseen: Unseen | None = None) -> None:
        self.gateway = gateway
        self.url = url
        self.unseen = unseen or Unseen()   # a reconnection replays events; a late one has a lower id
        self.queue: queue.Queue = queue.Queue()
        self.thread: threading.Thread | None = None
        self.failure: str | None = None
        self.connected = False
        self.closing = threading.Event()

    def restart(self, since: ChangePosition | None) -> None:
        self.failure, self.connected = None, False
        since_iso = since.timestamp if since else None
        self.thread = threading.Thread(target=self._follow, args=(since_iso,), daemon=True, name="hubbot-stream")
        self.thread.start()

    @property
    def alive(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def _opened(self) -> None:
        self.connected, self.failure = True, None

    def _dropped(self) -> None:
        self.connected, self.failure = False, "the connection dropped"

    def _follow(self, since: str | None) -> None:
        try:
            for event in self.gateway.change_stream(since=since, url=self.url, on_open=self._opened,
                                                    on_error=self._dropped):
                if self.closing.is_set():
                    return
                change = change_from_event(event)
                if change is not None:      # every change: the watcher decides, and its listing sees them all
                    self.queue.put(change)
            self.failure = "the stream ended"
        except Exception as exc:   # any failure of the stream: the watcher polls instead
            self.failure = f"{type(exc).__name__}: {str(exc)[:160]}"
        self.connected = False

    def changes(self, after: ChangePosition | None) -> tuple[list[Change], ChangePosition | None]:
        got: list[Change] = []
        while True:
            try:
                got.append(self.queue.get_nowait())
            except queue.Empty:
                break
        return self.unseen(got, after), ChangePosition.after(after, got)

    def close(self) -> None:
        self.closing.set()


# -- the loop ---------------------------------------------------------------------------------
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
                       own_revisions=frozenset(incremental.SavedOutputs.load(self.state_dir).revids()))

    def run(self) -> int:
        wiki = self.gw.description
        self._beat("starting: catch-up run")
        position = load_position(self.state_dir, wiki)
        if position is None:
            _, position = self.gw.recent_changes(None)
        self._run(every_output(self.watched, "start: catch up with changes made while no watcher ran"))
        # The catch-up run may have had nothing new (no hub decoded): decode the hub cache now, once,
        # so that the first change does not wait for it (later runs reuse what the last one kept).
        incremental.load_cache(self.state_dir / incremental.CACHE_FILE,
                               incremental.cache_key(self.gw.description, self.config.hubs.template))
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
            self.heartbeat.stopped(self.stopped_by or f"after {self.polls} polls")
        self.emit(f"watch: stopped after {self.polls} polls and {self.runs} runs")
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


# SIGHUP too: a watcher started from a terminal stops cleanly when the terminal goes away.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def run_watch(config: Config, args, *, gateway=None, sleep: Callable[[float], None] | None = None) -> int:
    from bot import app

    state_dir = app.state_dir_of(config, args.state_dir)
    if gateway is None:
        gateway = app.logged_in(config, args)()      # -family:/-lang:/-user: as for sync
    config = app.for_account(config, gateway)      # User:{account}/Shutoff is watched as the bot's own page

    listing = KeptListing()
    # Runs list hubs from what the watcher saw, and follow each other: large output pages unchanged since
    # the last run are not read again.
    runs_gateway = ListingGateway(TextCache(gateway), listing.listing)

    def sync(only: list[str]) -> int:
        """One run; a run that could not happen (another run holds the lock, the wiki does not answer)
        raises, and the watcher tries again next interval: the change that asked for it is not lost."""
        now = app.parse_now(args.now) if getattr(args, "now", None) else None
        again: list[HubbotError] = []

        def attempt() -> int:
            try:
                return app.sync(config, app.SyncRequest(only=tuple(only), state_dir=state_dir, now=now,
                                                        busy_raises=True), gateway=runs_gateway)
            except (LockBusy, TransientError, WikiUnreachable) as exc:
                again.append(exc)
                return 0

        code = app.run_command(attempt)
        if again:
            raise again[0]
        return code

    fixed = app.parse_now(args.now).date() if getattr(args, "now", None) else None   # --now: never a new day
    watcher = Watcher(config, gateway, state_dir, interval=args.interval, sync=sync,
                      stream_url=getattr(args, "stream_url", None), source=args.source, sleep=sleep,
                      max_polls=getattr(args, "max_polls", None), listing=listing,
                      today=(lambda: fixed) if fixed else None, heartbeat=Heartbeat(state_dir, args.interval))

    def on_signal(signum, frame):
        name = signal.Signals(signum).name
        log.info("watch: received %s; stopping after the current run", name)
        watcher.stopped_by = f"received {name}"
        watcher.stop.set()

    previous = {s: signal.signal(s, on_signal) for s in STOP_SIGNALS}
    try:
        return watcher.run()
    except BaseException as exc:
        watcher.heartbeat.stopped(f"ended by {type(exc).__name__} while: {watcher.doing}")
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
