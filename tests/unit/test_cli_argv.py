"""A pywikibot operator's habits: global options as pywikibot spells them, before or after the command."""

from __future__ import annotations

import pytest

from bot.cli import build_parser, normalize_argv

CASES = [
    ("sync -simulate -c c.yaml", "sync --dry-run -c c.yaml", {}),
    ("-simulate sync -c c.yaml", "sync -c c.yaml --dry-run", {}),
    ("sync -c c.yaml -dir:/srv/pwb", "sync -c c.yaml", {"PYWIKIBOT_DIR": "/srv/pwb"}),
    ("-dir:pwb sync -c c.yaml", "sync -c c.yaml", {"PYWIKIBOT_DIR": "pwb"}),
    ("sync -c c.yaml -family:meta -lang:meta -user:HubBot", "--family=meta --lang=meta --user=HubBot sync -c c.yaml", {}),
    ("sync -code:meta -c c.yaml", "--lang=meta sync -c c.yaml", {}),
    ("sync -c c.yaml -log", "--log=PYWIKIBOT_DIR/logs/hubbot.log sync -c c.yaml", {}),
    ("sync -c c.yaml -log:logs/run.log", "--log=logs/run.log sync -c c.yaml", {}),
    ("sync -c c.yaml --log", "--log=PYWIKIBOT_DIR/logs/hubbot.log sync -c c.yaml", {}),
    ("sync -c c.yaml -verbose", "--verbose sync -c c.yaml", {}),
    ("sync -c c.yaml -v", "-v sync -c c.yaml", {}),
    ("sync -c c.yaml --verbose", "--verbose sync -c c.yaml", {}),
    ("schedule -c c.yaml --quiet --once", "--quiet schedule -c c.yaml --once", {}),
    ("sync -c c.yaml --family meta", "--family meta sync -c c.yaml", {}),
    ("-help", "--help", {}),
    ("sync -help", "sync --help", {}),
    ("--quiet sync -c c.yaml --dry-run", "--quiet sync -c c.yaml --dry-run", {}),      # hubbot's own spelling untouched
    ("parse a.wiki -- -v -simulate", "parse a.wiki -- -v -simulate", {}),             # after --: file names
]


@pytest.mark.parametrize("typed,args,environ", CASES, ids=[c[0] for c in CASES])
def test_pywikibot_spellings_become_hubbot_options(typed, args, environ):
    words = normalize_argv(typed.split())
    assert words.args == args.split() and words.environ == environ


@pytest.mark.parametrize("typed", ["sync -c c.yaml -simulate -family:meta -lang:meta -user:HubBot -log -verbose",
                                   "-simulate -verbose sync -c c.yaml --quiet",
                                   "publish-templates -c c.yaml -simulate --no-login"])
def test_the_normalized_words_parse(typed):
    args = build_parser().parse_args(normalize_argv(typed.split()).args)
    assert args.dry_run and args.config == "c.yaml"


def test_overrides_reach_the_parsed_arguments():
    args = build_parser().parse_args(normalize_argv("sync -c c.yaml -family:meta -code:meta -user:Bot -log:x.log".split()).args)
    assert (args.family, args.lang, args.user, args.log) == ("meta", "meta", "Bot", "x.log")


def test_the_log_file_of_bare_log_is_beside_pywikibots_logs(tmp_path, monkeypatch):
    """-log writes PYWIKIBOT_DIR/logs/hubbot.log, where pywikibot keeps its own logs (found by an operator's
    try-out: it wrote ./hubbot.log wherever the command ran)."""
    import logging
    from bot import cli
    monkeypatch.setenv("PYWIKIBOT_DIR", str(tmp_path / "pwb"))
    logger = logging.getLogger("hubbot")
    saved = (logger.handlers[:], logger.level, logger.propagate, logging.getLogRecordFactory())
    try:
        cli._setup_logging(False, False, normalize_argv(["-log", "sync"]).args[0].split("=", 1)[1])
        logger.info("a line for the log file")
        for handler in logger.handlers:
            handler.flush()
        assert "a line for the log file" in (tmp_path / "pwb" / "logs" / "hubbot.log").read_text()
    finally:
        for handler in logger.handlers:
            if isinstance(handler, logging.FileHandler):
                handler.close()
        logger.handlers[:], logger.level, logger.propagate = saved[:3]
        logging.setLogRecordFactory(saved[3])


def test_verbose_shows_each_pywikibot_line_once(tmp_path):
    """--verbose lets pywikibot's own lines through once (found by an operator's try-out: the warnings
    handler, lowered with the others, printed every line a second time as 'INFO: ...')."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    code = ("import logging, pywikibot; logging.getLogger('hubbot').setLevel(logging.DEBUG)\n"
            "from bot.wiki.pywikibot.connection import quiet_pywikibot\nquiet_pywikibot()\n"
            "pywikibot.info('an info line'); pywikibot.warning('a warning line')\n")
    env = {**os.environ, "PYWIKIBOT_NO_USER_CONFIG": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("PYWIKIBOT_DIR", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("an info line") == 1 and done.stderr.count("a warning line") == 1, done.stderr
