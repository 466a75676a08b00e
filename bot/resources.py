"""Where the files the program needs live: package data, so a normal `pip install .` works.

``templates/`` (the jinja2 output templates and the wiki template sources) and
``config/`` (the example configs, the demo's default) stay the top-level
folders people edit. pyproject.toml maps them into the package, so an
installed wheel has them as ``bot/templates`` and ``bot/configs``; a checkout
(or an editable install) uses the top-level folders themselves.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _folder(packaged: str, checkout: str) -> Path:
    inside = _PACKAGE / packaged
    return inside if inside.is_dir() else _PACKAGE.parent / checkout


TEMPLATES = _folder("templates", "templates")
CONFIGS = _folder("configs", "config")
