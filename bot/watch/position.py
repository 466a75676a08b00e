"""Where the watcher is in the wiki's recent changes: the last change it saw, kept in
``STATE_DIR/watch.json`` so that a restarted watcher misses nothing."""

from __future__ import annotations

from pathlib import Path

import msgspec

from bot import store
from bot.models import ChangePosition

WATCH_FILE = "watch.json"


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
