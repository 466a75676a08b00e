"""{{Hub infobox}} checks itself on the wiki with the parser's own rules (pure).

``Module:Hub infobox`` (templates/Hub_infobox_module.lua) checks an infobox's
parameters as bot.parsing.infobox does and, for each problem, shows the errors
page's words above the infobox in preview and puts the page in a hidden tracking
category. Its rules come from ``Module:Hub infobox/vocabulary``, rendered here
from ``bot.parsing.infobox.vocabulary()`` and published by ``hubbot
publish-templates`` (templates/publish.yaml), so the wiki and the bot read an
infobox by the same lists and limits.
"""

from __future__ import annotations

from pathlib import Path

from bot.parsing.infobox import vocabulary
from bot.rendering.render import render

TRACKING_CATEGORY = "Hub pages with infobox problems"   # without "Category:"; hidden (__HIDDENCAT__)
VOCABULARY_TEMPLATE = "infobox_vocabulary.lua.j2"


def vocabulary_module(tracking_category: str = TRACKING_CATEGORY, errors_page: str = "", account: str = "") -> str:
    """The text of Module:Hub infobox/vocabulary (a Lua table for mw.loadData). ``errors_page`` and ``account``
    (the configured errors page and the bot account, '' when not known) are what the published pages link
    (Module:Hub infobox's errors_page and bot functions): no page hard-codes an account."""
    return render(VOCABULARY_TEMPLATE, v=vocabulary(), tracking_category=tracking_category,
                  errors_page=errors_page, account=account)


def published_text(path: Path, tracking_category: str = TRACKING_CATEGORY, errors_page: str = "",
                   account: str = "") -> str:
    """A page's text as publish-templates publishes it: the vocabulary rendered (with the configured
    tracking category, hubs.tracking_category, the errors page and the account), any other file as it is."""
    if path.name == VOCABULARY_TEMPLATE:
        return vocabulary_module(tracking_category, errors_page, account)
    return path.read_text(encoding="utf-8")


def published_title(title: str, tracking_category: str = TRACKING_CATEGORY) -> str:
    """A published page's title: the tracking category's page takes the configured name."""
    return f"Category:{tracking_category}" if title == f"Category:{TRACKING_CATEGORY}" else title
