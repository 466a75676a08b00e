"""Unified diffs of a page's text, as shown by --dry-run and written by the offline mode."""

from __future__ import annotations

import difflib

from bot.models import PageText


def unified_diff(page: PageText, new_text: str) -> str:
    old = page.text.splitlines(keepends=True)
    new = new_text.splitlines(keepends=True)
    label = f"{page.title} (rev {page.revid})" if page.exists else f"{page.title} (new page)"
    return "".join(difflib.unified_diff(old, new, fromfile=label, tofile=f"{page.title} (hubbot)"))
