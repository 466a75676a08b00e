"""`hubbot watch` on the command line: connect, wrap the runs' gateway, run the watcher until a signal."""

from __future__ import annotations

import logging
import signal
from typing import Callable

from bot.config import Config
from bot.errors import HubbotError, LockBusy, TransientError, WikiUnreachable
from bot.heartbeat import Heartbeat
from bot.watch.listing import KeptListing
from bot.watch.loop import Watcher
from bot.wiki.layers import ListingGateway
from bot.wiki.text_cache import TextCache

log = logging.getLogger("hubbot")

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
