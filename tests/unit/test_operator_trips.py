"""Messages an operator trips on, found by a try-out that followed the README literally: a password file
without the account's line (pywikibot asked for a password on the terminal), an unreachable wiki (2 min 36 s
of silence, then "ApiTimeoutError"), output piped to `head` ("internal error (BrokenPipeError)"), a run
waiting for the lock (60 s of silence)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.errors import LockBusy
from bot.lock import RunLock
from bot.wiki.pywikibot.passwords import missing_line

ROOT = Path(__file__).resolve().parents[2]
SECRET = "0123456789abcdefghijklmnopqrstuv"


# -- the password file: checked before a login, never a prompt ------------------------------------------
def test_the_login_name_of_special_botpasswords_is_recognised_and_the_line_to_write_given():
    assert missing_line(f"('MetaHubBot@hubbot', '{SECRET}')\n", "MetaHubBot", "meta", "meta") == (
        "has no line for MetaHubBot: line 1 names 'MetaHubBot@hubbot', the login name Special:BotPasswords shows; "
        "pywikibot wants the account and the bot password's name apart.",
        "write that line as ('MetaHubBot', BotPassword('hubbot', '<secret>')).")


def test_a_file_for_another_account_says_whose_lines_it_has():
    text = f"# the bot\n('OtherBot', BotPassword('app', '{SECRET}'))\n('Third', 'pw')\n"
    assert missing_line(text, "MetaHubBot", "meta", "meta") == (
        "has no line for MetaHubBot (the bot account: usernames[...] in user-config.py, or -user:); its lines are "
        "for 'OtherBot', 'Third'.",
        "the line is ('MetaHubBot', BotPassword('hubbot', '<secret>')), the secret from Special:BotPasswords; or "
        "name the file's account in usernames['meta']['meta'] of user-config.py.")
    assert missing_line("\n", "MetaHubBot", "meta", "meta")[0] == (
        "has no line for MetaHubBot (the bot account: usernames[...] in user-config.py, or -user:); it has no "
        "password line.")


def test_a_line_for_another_wiki_and_a_line_pywikibot_cannot_read():
    assert missing_line(f"('wikipedia', 'MetaHubBot', BotPassword('mine', '{SECRET}'))\n", "MetaHubBot", "meta",
                        "meta") == ("has no line for MetaHubBot on meta:meta: line 1 is for wikipedia.",
                                    "the line is ('MetaHubBot', BotPassword('mine', '<secret>')) (without a family "
                                    "and code, it is for every wiki).")
    problem, fix = missing_line(f"('MetaHubBot', BotPassword('hubbot', '{SECRET}')\n", "MetaHubBot", "meta", "meta")
    assert problem == ("line 1 cannot be read by pywikibot (each line is a Python tuple; the secret is not shown "
                       "here).") and SECRET not in problem + fix


def test_the_lines_pywikibot_uses_are_accepted():
    for text in (f"('MetaHubBot', BotPassword('hubbot', '{SECRET}'))", f"('metaHubBot', '{SECRET}')",
                 f"('meta', 'MetaHubBot', BotPassword('hubbot', '{SECRET}'))",
                 f"('meta', 'meta', 'Meta_Hub_Bot', BotPassword('hubbot', '{SECRET}'))",
                 f"('OtherBot', 'x')\n('MetaHubBot', BotPassword('hubbot', '{SECRET}'))"):
        account = "Meta Hub Bot" if "Meta_Hub_Bot" in text else "MetaHubBot"
        assert missing_line(text, account, "meta", "meta") is None, text


# -- an unreachable wiki: a line per retry, the cause and its fix ----------------------------------------
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(tmp_path: Path, *args: str, pwb: Path, stdout=subprocess.PIPE, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT, timeout=120,
                          env={"PYWIKIBOT_DIR": str(pwb), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env})


def gone_wiki(tmp_path: Path, retries: int) -> tuple[Path, Path, int]:
    port = closed_port()
    pwb = tmp_path / f"pwb{retries}"
    pwb.mkdir()
    (pwb / "user-config.py").write_text(
        f"family_files['gone'] = 'http://127.0.0.1:{port}/api.php'\nfamily = 'gone'\nmylang = 'gone'\n"
        f"usernames['gone']['gone'] = 'HubBot'\nmax_retries = {retries}\nretry_wait = 1\nretry_max = 2\n"
        "socket_timeout = 2\n")
    config = tmp_path / "c.yaml"
    config.write_text("hubs: {template: Hub infobox}\noutputs:\n  - {name: d, kind: directory, page: P}\n"
                      "safety: {max_consecutive_failures: 1}\n")
    return pwb, config, port


def test_an_unreachable_wiki_says_each_retry_at_once_and_the_cause_last(tmp_path):
    pwb, config, port = gone_wiki(tmp_path, retries=2)
    started = time.monotonic()
    done = run_cli(tmp_path, "sync", "--dry-run", "--config", str(config), "--state-dir", str(tmp_path / "s"), pwb=pwb)
    assert done.returncode == 1, done.stderr
    lines = [line.split(" ", 1)[1] for line in done.stderr.strip().splitlines()]      # without the time stamp
    url = f"http://127.0.0.1:{port}/api.php"
    assert lines == [f"WARNING cannot reach {url}: connection refused; retry 1 of 2 in 1 s",
                     f"WARNING cannot reach {url}: connection refused; retry 2 of 2 in 2 s",
                     f"wiki gone:gone: cannot be reached at {url}: connection refused, after 2 retries in 3 s. "
                     "Fix: nothing answers at that address: check that the wiki is up there and that "
                     "PYWIKIBOT_DIR/user-config.py (or the config's site:) names the right host and port; for the "
                     "demo run `hubbot localwiki start DIR`."]
    assert 3 <= time.monotonic() - started < 30           # pywikibot's retries are kept (1 s, then 2 s)


def test_causes_said_in_a_few_words():
    import requests
    from bot.wiki.pywikibot.network import describe
    with pytest.raises(requests.ConnectionError) as refused:
        requests.get(f"http://127.0.0.1:{closed_port()}/api.php", timeout=5)
    assert describe(refused.value) == "connection refused"
    unresolved = ConnectionError("HTTPConnectionPool(host='no-such-host.invalid', port=80): Max retries exceeded "
                                 "(Caused by NameResolutionError(\"Failed to resolve 'no-such-host.invalid' "
                                 "([Errno -2] Name or service not known)\"))")
    assert describe(unresolved) == "name not resolved"
    assert describe(requests.ReadTimeout("Read timed out. (read timeout=2)")) == "timed out"
    assert describe(ValueError("something else\nmore")) == "ValueError: something else"


# -- output piped to a reader that stops early ------------------------------------------------------------
def test_a_closed_stdout_ends_the_command_quietly(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("hubs: {template: Hub infobox}\noutputs:\n  - {name: d, kind: directory, page: P}\n")
    read, write = os.pipe()
    os.close(read)                                          # `| head -1` that has read its line
    try:
        done = run_cli(tmp_path, "status", "--config", str(config), "--state-dir", str(tmp_path / "s"),
                       pwb=tmp_path, stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")      # as a Unix tool stopped by SIGPIPE, without a word


# -- the lock: a wait is said at once ------------------------------------------------------------------------
def test_a_run_waiting_for_the_lock_says_so_before_it_waits(tmp_path, caplog):
    held = RunLock(tmp_path, heartbeat=False, clock=lambda: 1_780_000_000.0).acquire()
    events: list[str] = []
    now = [1_780_000_100.0]

    def sleep(seconds: float) -> None:
        events.append(f"slept {seconds:g} s")
        now[0] += seconds

    class Said(logging.Handler):
        def emit(self, record):
            events.append(record.getMessage())
    handler = Said()
    logging.getLogger("hubbot").addHandler(handler)
    try:
        with caplog.at_level(logging.INFO, logger="hubbot"), pytest.raises(LockBusy, match="skipped: another run"):
            RunLock(tmp_path, wait=60, heartbeat=False, clock=lambda: now[0], sleep=sleep).acquire()
    finally:
        logging.getLogger("hubbot").removeHandler(handler)
        held.release()
    host = socket.gethostname()
    assert events[0] == (f"waiting up to 60 s for the run in progress (pid {os.getpid()} on {host}, started "
                         "2026-05-28 20:26:40 UTC) to end")
    assert events[1:] == ["slept 1 s"] * 60                 # said once, before the first second of waiting
