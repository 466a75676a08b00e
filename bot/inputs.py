"""Files an operator hands to hubbot: read them, or say in one line what is wrong and how to fix it.

Every way reading can fail (missing, a folder, no permission, not UTF-8, not
the kind of file the command needs) becomes a UserError naming the file; the
CLI prints it and exits 2. ``what_it_is`` recognises common wrong files (an XML
export, an HTML page, JSON, binary data) from their first bytes, purely.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from bot.errors import UserError

_XML_EXPORT = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<mediawiki[\s>]", re.S | re.I)
_HTML = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html[\s>])", re.I)
_XML = re.compile(r"^\s*<\?xml", re.I)


def read_text(path: str | Path, fix: str) -> str:
    """The UTF-8 text of ``path``; UserError naming it (with ``fix``) when it cannot be read as such."""
    name = str(path)
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(name, "file not found.", fix) from None
    except IsADirectoryError:
        raise UserError(name, "is a folder, not a file.", fix) from None
    except PermissionError:
        raise UserError(name, "cannot be read (permission denied).", "check the file's permissions.") from None
    except OSError as exc:
        raise UserError(name, f"cannot be read ({exc.strerror or exc}).", fix) from None
    except UnicodeDecodeError as exc:
        raise UserError(name, f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}).",
                        "save it as UTF-8 (most editors: 'Save with encoding').") from None


def what_it_is(text: str) -> str | None:
    """A short description when ``text`` is clearly not wikitext (None when it may be wikitext)."""
    if "\x00" in text[:4096]:
        return "binary data"
    if _XML_EXPORT.match(text):
        return "a MediaWiki XML export"
    if _HTML.match(text):
        return "an HTML page"
    if _XML.match(text):
        return "an XML file"
    head = text.lstrip()[:1]
    if head in ("{", "["):
        try:
            json.loads(text)
        except ValueError:
            return None
        return "JSON"
    return None


def usable_directory(path: str | Path, key: str) -> Path:
    """Create ``path`` if needed and check hubbot may write there; UserError naming ``key`` otherwise."""
    directory = Path(path)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(key, f"{directory} is a file, not a folder.", "point it at a folder (or remove the file).") from None
    except OSError as exc:
        raise UserError(key, f"the folder {directory} cannot be created ({exc.strerror or exc}).",
                        "point it at a folder you may write to, e.g. a relative path such as .hubbot.") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise UserError(key, f"the folder {directory} is not writable.",
                        "point it at a folder you may write to, or fix its permissions.")
    return directory


def writable_file(path: str | Path, key: str) -> Path:
    """A file hubbot will write at the end of a run (``--report``): checked before the run starts."""
    target = Path(path)
    if target.is_dir():
        raise UserError(key, f"{target} is a folder, not a file.", "give a file name, e.g. report.json.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(key, f"the folder {folder} does not exist.", "create it first, or write the report elsewhere.")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UserError(key, f"{target} cannot be written (permission denied).", "write the report elsewhere.")
    return target
