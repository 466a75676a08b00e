"""What the bot saved: per output page the revision id the bot last saved and a hash of the text
it saved (``saved-outputs.json``), so ``hubbot watch`` can tell its own edits from an editor's; and a key
of each line of generated text it saved there, so a run quotes on the errors page only the lines of
generated text that a human changed since, not the bot's own lines that the new text changes."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import msgspec

from bot import store
from bot.rendering.regions import generated_lines

log = logging.getLogger("hubbot")

SAVED_FILE = "saved-outputs.json"
FORMAT = 2


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class _Saved(msgspec.Struct):
    revid: int
    sha1: str
    lines: list[str] = []      # bot.rendering.regions.line_key of each line of generated text saved


class _SavedFile(msgspec.Struct):
    pages: dict[str, _Saved]
    format: int = FORMAT


class SavedOutputs:
    """Per output page the revision id the bot last saved and the hash of the text it sent."""

    def __init__(self, path: Path, pages: dict[str, _Saved] | None = None) -> None:
        self.path = path
        self.pages: dict[str, _Saved] = pages or {}
        self.unwritable = False

    @classmethod
    def load(cls, state_dir: Path) -> "SavedOutputs":
        path = Path(state_dir) / SAVED_FILE
        data = store.read_cache(path, _SavedFile, "the watcher may take the bot's last saves for an editor's "
                                                  "and run once more")
        saved = cls(path, data.pages if data else {})
        if data is None and path.exists():      # damaged: written anew now, as the warning says (not only
            saved.write()                       # after the next save: every run would warn again)
        return saved

    def write(self) -> None:
        """A disk that is full is said once a run (the run's end says it too), not once a save."""
        if self.unwritable:
            return
        try:
            store.write(self.path, _SavedFile(self.pages))
        except store.StoreWriteFailed as exc:
            self.unwritable = True
            log.warning("%s", exc)

    def record(self, title: str, revid: int, text: str) -> None:
        """Noted after a save; a disk that is full now is said once the run ends (the state is not written
        either), not by failing the page that the wiki saved."""
        self.pages[title] = _Saved(revid, text_hash(text), sorted(generated_lines(text)))
        self.write()

    def lines(self, title: str) -> frozenset[str] | None:
        """Keys of the lines of generated text on ``title`` as the bot last saved it (None: not known)."""
        saved = self.pages.get(title)
        return frozenset(saved.lines) if saved is not None else None

    def revids(self) -> set[int]:
        return {v.revid for v in self.pages.values()}
