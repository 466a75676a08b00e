"""Shared test set-up.

Pywikibot reads its configuration at import time, so the local wiki's
PYWIKIBOT_DIR is chosen here, in pytest_configure, before anything imports
pywikibot. The wiki itself is created and started once per session by the
`wiki` fixture in tests/integration/conftest.py; scripts/test runs one pytest-xdist
worker per core, each a session of its own (its own wiki folder and port).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

WIKI_ROOT = Path(tempfile.gettempdir()) / f"hubbot-test-wiki-{os.getpid()}"


def pytest_configure(config):
    from bot.localwiki import free_port
    os.environ["HUBBOT_TEST_WIKI"] = str(WIKI_ROOT)
    if os.environ.get("PYTEST_XDIST_WORKER"):     # scripts/test's workers: a wiki and a port each
        os.environ["HUBBOT_TEST_PORT"] = str(free_port())
    else:
        os.environ.setdefault("HUBBOT_TEST_PORT", str(free_port()))
    os.environ["PYWIKIBOT_DIR"] = str(WIKI_ROOT / "pywikibot")


DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA
