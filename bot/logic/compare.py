"""What a hand-kept directory row says that its hub's infobox does not (pure; used by directory-check).

Compared as a reader sees them: types as a set ("Regional & Thematic" equals
"thematic, regional"), the map's file name, and the details text with links shown
by their labels, references left out and whitespace collapsed.
"""

from __future__ import annotations

from bot.models import Hub
from bot.rendering.render import type_label

SHOWN = 120    # characters of a details text quoted on the check page


def _quote(text: str) -> str:
    if not text:
        return "no details"
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def field_differences(record, hub: Hub) -> list[tuple[str, str, str]]:
    """(issue, directory says, infobox says) for types, map and details that differ."""
    found = []
    shown = set(record.columns)          # a generated table may show less than Meta's
    if record.types and hub.types and set(record.types) != set(hub.types):
        found.append(("type differs", type_label(record.types), type_label(hub.types)))
    if "map" in shown and (record.map or None) != (hub.map or None):
        found.append(("map differs", record.map or "no map", hub.map or "no map"))
    said, says = " ".join(record.details.split()), " ".join(hub.details_text.split())
    if "details" in shown and said != says:
        found.append(("details differ", _quote(said), _quote(says)))
    return found
