"""The Gateway for a live wiki, through pywikibot: the only package that imports pywikibot.

One class, ``PywikibotGateway``, made of one part per job:

- ``connection``: importing pywikibot (its configuration errors said plainly), the site, the
  login and the account, and counting every HTTP request pywikibot makes (a response hook on
  its session);
- ``reads``: listings, revision ids, page texts (pywikibot's preloading, 50 titles per request),
  files, recent changes and EventStreams;
- ``saving``: conflict-safe saves over the revision read (``APISite.editpage`` with its base
  revision id: a human edit made in between is an edit conflict, never overwritten);
- ``translate``: Translate's statistics (read by ``bot.wiki.translate_stats``);
- ``errors``: pywikibot's and requests' exceptions as hubbot's errors.
"""

from __future__ import annotations

from bot.wiki.pywikibot.connection import Connection
from bot.wiki.pywikibot.reads import Reads
from bot.wiki.pywikibot.saving import Saving
from bot.wiki.pywikibot.translate import TranslationStats

__all__ = ["PywikibotGateway"]


class PywikibotGateway(Connection, Reads, Saving, TranslationStats):
    """The Gateway (bot.wiki.gateway) of the wiki pywikibot's user-config.py names, or of
    ``family``/``code``, as ``user``; connecting (one request) happens here, logging in at ``login``."""
