"""Map files named in infoboxes: which to check on the wiki, and the problems for missing ones (pure).

The check itself needs the wiki: the runner asks the gateway which of
``map_titles(hubs)`` exist (``Gateway.files_exist``, 50 titles a request) and
passes the answer to ``missing_maps``. A file counts as existing when the wiki
can show it, uploaded locally or on a shared repository such as Commons
(Meta's maps live on Commons, where a File: page on Meta itself does not exist).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from bot.models import Hub, Problem


def map_titles(hubs: list[Hub]) -> list[str]:
    """``File:`` titles of every map the hubs name, each once, in a stable order."""
    return sorted({f"File:{h.map}" for h in hubs if h.map})


def missing_maps(hubs: list[Hub], exists: Mapping[str, bool]) -> list[Problem]:
    """A problem for each hub whose map file the wiki reported missing (unchecked titles are not reported)."""
    problems = []
    for hub in sorted(hubs, key=lambda h: h.page):
        if hub.map and exists.get(f"File:{hub.map}") is False:
            problems.append(Problem(hub.page, "map", f"the file {hub.map!r} does not exist on the wiki, "
                                                     "so the directory shows no map for the hub.",
                                    "upload the map (or correct the file name); with a file on Commons, "
                                    "write its name as it is there."))
    return problems


def missing_files(hubs: list[Hub], exists: Mapping[str, bool]) -> frozenset[str]:
    """The map files the wiki reported missing."""
    return frozenset(h.map for h in hubs if h.map and exists.get(f"File:{h.map}") is False)


def shown_maps(hubs: list[Hub], missing: frozenset[str]) -> list[Hub]:
    """The hubs as lists show them: a map the wiki does not have is left out, since a red
    ``[[File:...]]`` would put the generated page in "Pages with broken file links" (a category that
    came from an editor's value); the errors page tells the hub's editors."""
    return [replace(h, map=None) if h.map in missing else h for h in hubs] if missing else hubs
