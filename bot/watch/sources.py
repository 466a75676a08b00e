"""Where the watcher's changes come from: polling ``list=recentchanges`` or following EventStreams.

Both hand over each change once (``Unseen``): a change written late, with a lower id than one already
seen, is caught by reading a little back; one seen twice (a poll and the stream, a reconnection) is
recognised by its id.
"""

from __future__ import annotations

import queue
import threading
from datetime import datetime, timedelta

from bot.logic.watch import change_from_event
from bot.models import Change, ChangePosition

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
