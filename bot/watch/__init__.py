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

One module per job: ``position`` (where the watcher is in the recent changes), ``listing``
(the hub listing kept between runs), ``sources`` (polling and the event stream), ``loop``
(the watcher: poll, decide with bot.logic.watch, run) and ``command`` (`hubbot watch`: the
runs' gateway, signals).
"""

from __future__ import annotations

from bot.watch.command import STOP_SIGNALS, run_watch
from bot.watch.listing import KeptListing, known_hubs
from bot.watch.loop import Watcher, next_tick
from bot.watch.position import load_position, save_position
from bot.watch.sources import PollingSource, StreamSource, Unseen

__all__ = ["STOP_SIGNALS", "KeptListing", "PollingSource", "StreamSource", "Unseen", "Watcher", "known_hubs",
           "load_position", "next_tick", "run_watch", "save_position"]
