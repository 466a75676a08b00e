"""Translate's statistics of a page (``meta=messagegroupstats``), asked through pywikibot.

The answers are read by bot.wiki.translate_stats (pure); a wiki without Translate answers "not available".
"""

from __future__ import annotations

from bot.models import TranslationProgress
from bot.wiki.pywikibot.errors import translate_error
from bot.wiki.translate_stats import collect_messagegroupstats


class TranslationStats:
    """PywikibotGateway's Translate statistics (on Connection's ``site``)."""

    def translation_progress(self, page: str) -> TranslationProgress:
        def fetch(params: dict) -> dict:
            try:
                return self.site.simple_request(**params).submit()
            except self._pwb.exceptions.APIError as exc:
                return {"error": {"code": exc.code, "info": exc.info}}
            except Exception as exc:
                raise translate_error(exc, page) from None
        return collect_messagegroupstats(page, fetch)
