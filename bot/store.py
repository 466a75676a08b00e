"""Every file hubbot keeps, read and written in one place, with one policy.

The files (all in STATE_DIR, default ``.hubbot``):

==========================  ==============================================  ==========
file                        what                                            kind
==========================  ==============================================  ==========
``state.json``              the run history: failed runs in a row, the      history
                            disabled flag, the last outcome of each output,
                            replaced human text (bot.state)
``hub-cache.json``          per hub page, its revision id and parse result   cache
                            (bot.hub_cache)
``snapshots.json``          per output, the hubs it showed (edit summaries)  cache
``saved-outputs.json``      revision ids of the bot's own saves (watch;      cache
                            bot.saved_outputs)
``watch.json``              where the watcher stopped reading changes        cache
``schedule.json``           the firing each output last ran for              cache
``watch-heartbeat.json``    the watcher's last beat (bot.heartbeat)          cache
``lock``                    one run at a time (bot.lock)                     lock
==========================  ==============================================  ==========

Every file is decoded with its type (msgspec: structs, dataclasses of bot.models), never by hand.
The policy, the same for all of them:

- **a cache** that is missing is silently empty; one that is unreadable or of the wrong shape gets
  one warning naming the file and what it costs (a full read, a summary that counts once) and is
  written anew by the run;
- **the run history** (``state.json``) unreadable or of the wrong type stops the command with exit 2,
  naming the file, the value and the fix (it decides whether the bot is disabled: never guessed);
- **a time from the future** (a clock that was wrong, or another host's) is ignored with a warning:
  it never makes an output wait for ever;
- **a write** goes to a temporary file in the same folder, then replaces the file (``os.replace``):
  a killed run leaves the old file or the new one. When the disk is full or any I/O error happens,
  the temporary file is removed and the command fails (exit 1) with one line saying so and naming
  the folder (``StoreWriteFailed``); no traceback, no empty file left behind.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import time
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from bot.errors import HubbotError, UserError

log = logging.getLogger("hubbot")

T = TypeVar("T")


class StoreWriteFailed(HubbotError):
    """A file of the state directory could not be written (a full disk, a quota, an I/O error): a failed
    run (exit 1). The file is as it was before; no temporary file is left."""

    def __init__(self, path: Path, exc: OSError) -> None:
        self.path = Path(path)
        self.errno = exc.errno
        what = _WHY.get(exc.errno) or (exc.strerror or str(exc)).lower()
        super().__init__(f"{what} in {self.path.parent}: {self.path.name} was not written (the file is as it was "
                         f"before). Free space there, or point state_dir at another folder; the next run "
                         f"starts from the files as they are.")


_WHY = {errno.ENOSPC: "no space left on device"}     # others: the system's words ("disk quota exceeded", ...)


class Unreadable(Exception):
    """A file that is there but cannot be decoded as its type (the message says where)."""


# -- encoding ----------------------------------------------------------------------------
def plain(value: Any) -> Any:
    """A model (dataclasses, structs, tuples) as JSON-able data: what fingerprints hash."""
    return msgspec.to_builtins(value)


def encode(value: Any, *, pretty: bool = False) -> bytes:
    """JSON bytes of ``value``, keys sorted (unchanged data gives an unchanged file)."""
    raw = msgspec.json.encode(value, order="sorted")
    return msgspec.json.format(raw, indent=1) + b"\n" if pretty else raw


# -- reading ------------------------------------------------------------------------------
def decode_file(path: Path, kind: type[T]) -> T | None:
    """The file decoded as ``kind``; None when it is not there; Unreadable when it cannot be read
    or is not of that type (``$.key`` in the message names the value)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Unreadable(f"{exc.strerror or exc}") from None
    return decode(raw, kind)


def decode(raw: bytes | str, kind: type[T]) -> T:
    try:
        return msgspec.json.decode(raw, type=kind)
    except msgspec.DecodeError as exc:      # ValidationError (wrong type) is a DecodeError too
        raise Unreadable(str(exc)[:200] or "empty") from None


def convert(data: Any, kind: type[T]) -> T:
    """Already-decoded JSON data checked as ``kind`` (Unreadable when it is not one)."""
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        raise Unreadable(str(exc)[:200]) from None


def read_cache(path: Path, kind: type[T], costs: str) -> T | None:
    """A cache file: None when missing; when damaged, one warning saying what it ``costs``, and None."""
    try:
        return decode_file(path, kind)
    except Unreadable as exc:
        warn_unreadable(path, str(exc), costs)
        return None


def warn_unreadable(path: Path, why: str, costs: str) -> None:
    log.warning("%s is unreadable (%s); %s. It is written anew by this run.", path, why, costs)


def read_history(path: Path, kind: type[T], fix: str) -> T | None:
    """The run history: None when missing; when damaged, UserError (exit 2) naming the file and the fix."""
    try:
        return decode_file(path, kind)
    except Unreadable as exc:
        raise UserError(str(path), f"the run history cannot be read ({exc}).", fix) from None


def from_the_future(when: datetime, now: datetime, path: Path, what: str) -> bool:
    """True (with a warning) when ``when`` is later than ``now``: a clock was wrong; the value is ignored."""
    if when > now:
        log.warning("%s: %s is %s, later than now (%s): a clock was wrong; it is ignored.",
                    path, what, when.isoformat(), now.isoformat())
        return True
    return False


# -- writing ------------------------------------------------------------------------------
def temporary_name(path: Path) -> Path:
    """A name no other writer uses, in the same folder (``os.replace`` is atomic only there)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def write_temporary(path: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``path``, on disk; StoreWriteFailed (nothing left) if not."""
    path = Path(path)
    tmp = temporary_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise StoreWriteFailed(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())   # a full disk (NFS: a full quota) shows here at the latest
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreWriteFailed(path, exc) from None
        raise
    return tmp


def write_bytes(path: Path, data: bytes) -> None:
    """Atomic: a killed run leaves the old file or the new one, never half of one, and no temporary file."""
    tmp = write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreWriteFailed(path, exc) from None
        raise


def write(path: Path, value: Any, *, pretty: bool = False) -> None:
    write_bytes(path, encode(value, pretty=pretty))


STALE_TEMPORARY = 3600.0     # seconds: a temporary file this old was left by a process killed while writing


def remove_stale_temporaries(directory: Path, now: float | None = None) -> list[str]:
    """Temporary files left in ``directory`` by a process killed between writing and renaming (SIGKILL, a
    node lost), or by an earlier version on a full disk (``state.tmp``, ``hub-cache.json.tmp``): removed
    once an hour old (a write in progress is never that old). Returns the names removed."""
    now = time.time() if now is None else now
    removed = []
    for path in Path(directory).glob("*.tmp"):      # (glob's * takes names starting with a dot too)
        try:
            if now - path.stat().st_mtime > STALE_TEMPORARY:
                path.unlink()
                removed.append(path.name)
        except OSError:
            pass
    return sorted(removed)


# -- what a process keeps decoded --------------------------------------------------------
def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file, None when it is not there: what a process keeps decoded is keyed by it."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class DecodedFiles:
    """What a process decoded from files, by path, while each file keeps its time stamp and size.

    `hubbot watch` runs many syncs in one process: a file it wrote or read itself is not decoded
    again (the hub cache: 5 MB at 10,000 hubs; the snapshots: 0.2 s).
    """

    def __init__(self) -> None:
        self._kept: dict[Path, tuple[tuple[int, int], Any]] = {}

    def get(self, path: Path) -> Any:
        kept = self._kept.get(path)
        return kept[1] if kept is not None and kept[0] == file_stamp(path) else None

    def put(self, path: Path, value: Any) -> None:
        stamp = file_stamp(path)
        if stamp is not None:
            self._kept[path] = (stamp, value)
