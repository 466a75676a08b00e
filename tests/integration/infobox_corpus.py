"""A pytest plugin that records every page text the infobox parser reads (its test corpus).

`python -m pytest tests/unit/test_infobox.py -p tests.integration.infobox_corpus` with
HUBBOT_INFOBOX_CORPUS=FILE writes the texts, in order, to FILE as JSON: the cases the
parser is tested on, whatever the tests add later (test_infobox_checks.py reads them).
"""

from __future__ import annotations

import json
import os

from bot.parsing import infobox

_texts: list[str] = []


def pytest_configure(config):
    parse = infobox._parse

    def recording(title, text, template):
        if template == infobox.DEFAULT_TEMPLATE and text not in _texts:
            _texts.append(text)
        return parse(title, text, template)
    infobox._parse = recording


def pytest_unconfigure(config):
    with open(os.environ["HUBBOT_INFOBOX_CORPUS"], "w", encoding="utf-8") as out:
        json.dump(_texts, out)
