"""What an output text and a cached parse result depend on in hubbot's own code.

``code_fingerprint``: the models and the parser (a cached ParseResult is valid for one);
``program_fingerprint``: all of hubbot's code and output templates (an output text is);
``encode``: the models as JSON-able data, for fingerprints of what a page is planned from.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Sequence

from bot import store

encode = store.plain     # the models as JSON-able data (fingerprints of what a page is planned from)


def _files_fingerprint(paths: Sequence[Path]) -> str:
    """hubbot's version and a hash of these files (names and contents)."""
    from bot import __version__
    digest = hashlib.sha1()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def code_fingerprint() -> str:
    """The models and the parser: what a cached record depends on."""
    root = Path(__file__).resolve().parent
    return _files_fingerprint([root / "models.py", *sorted((root / "parsing").glob("*.py"))])


@functools.lru_cache(maxsize=1)
def program_fingerprint() -> str:
    """All of hubbot's code and output templates: what an output text depends on."""
    from bot.resources import TEMPLATES
    root = Path(__file__).resolve().parent
    code = [p for p in sorted(root.rglob("*.py")) if "__pycache__" not in p.parts]
    return _files_fingerprint(code + sorted(p for p in TEMPLATES.rglob("*") if p.is_file()))
