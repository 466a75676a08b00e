"""Moved: the hub cache and incremental read are bot.hub_cache, the code fingerprints bot.fingerprints,
what the bot saved bot.saved_outputs. This module re-exports them for the watcher until it moves too."""

from __future__ import annotations

from bot.fingerprints import code_fingerprint, encode, program_fingerprint  # noqa: F401
from bot.hub_cache import (CACHE_FILE, FORMAT, FULL_READ_CHUNK, CachedHub, HubCache, HubRead, _MEMORY,  # noqa: F401
                           cache_key, cached_titles, kept_cache, list_hubs, load_cache, merged, read_hubs,
                           stale_titles, write_cache)
from bot.models import PageText
from bot.saved_outputs import SAVED_FILE, SavedOutputs, text_hash  # noqa: F401

from bot.wiki.layers import RecordingGateway  # noqa: F401 (moved; it records with SavedOutputs.record)
