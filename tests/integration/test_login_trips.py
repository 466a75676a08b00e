"""Logging in as an operator does it, on the real local wiki: a fresh bot account with BotPasswords, the
password file changed after a first good login, a line pywikibot does not use, output piped to `head`.

Found by a try-out: after one good login a wrong secret was not seen (the dry run said 'logged in'), a new
BotPassword's grants were not either (pywikibot reused pywikibot-ACCOUNT.lwp), and a line such as
('Bot@app', 'secret') made pywikibot ask for a password on the terminal (EOFError without one)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRONG = "0123456789abcdefghijklmnopqrstuv"


def bot_account(s, grants: dict[str, str]) -> tuple[str, dict[str, str], Path]:
    """A new bot account with one BotPassword per app id (its grants), and a pywikibot dir for it."""
    account = f"Bot{s.key}"
    s.wiki._php("createAndPromote.php", "--bot", account, secrets.token_hex(12) + "Aa1!")
    keys = {}
    for app, granted in grants.items():
        keys[app] = "".join(secrets.choice("0123456789abcdefghijklmnopqrstuvw") for _ in range(32))
        s.wiki._php("createBotPassword.php", f"--appid={app}", f"--grants={granted}", account, keys[app])
    pwb = s.tmp / "pwb"
    pwb.mkdir()
    (pwb / "user-config.py").write_text(
        (s.wiki.pywikibot_dir / "user-config.py").read_text()
        .replace(str(s.wiki.pywikibot_dir / "passwordfile"), str(pwb / "passwordfile"))
        .replace("'HubBot'", repr(account)))
    return account, keys, pwb


def hubbot(pwb: Path, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    """hubbot as cron starts it: no terminal, nothing on standard input."""
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT,
                          env=dict(os.environ, PYWIKIBOT_DIR=str(pwb)), stdin=subprocess.DEVNULL,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=240)


def write_line(pwb: Path, line: str, newer_than: Path | None = None) -> None:
    (pwb / "passwordfile").write_text(line + "\n")
    if newer_than is not None:     # as an operator's edit minutes after the last login
        later = newer_than.stat().st_mtime + 60
        os.utime(pwb / "passwordfile", (later, later))


def test_a_dry_run_logs_in_afresh_so_a_new_botpassword_and_a_wrong_secret_show_at_once(scenario):
    s = scenario
    account, keys, pwb = bot_account(s, {"limited": "basic,highvolume,editpage",
                                         "full": "basic,highvolume,editpage,createeditmovepage"})
    config = s.config([{"name": "plans", "kind": "plans", "page": s.page("Plans")}])
    sync = ["sync", "--config", str(config), "--state-dir", str(s.state_dir), "--now", "2026-11-25T12:00:00Z"]
    saved = pwb / f"pywikibot-{account}.lwp"
    write_line(pwb, f"({account!r}, BotPassword('limited', {keys['limited']!r}))")
    done = hubbot(pwb, *sync, "--dry-run")
    assert done.returncode == 2 and f"the account {account} lacks the right 'createpage'" in done.stderr, done.stderr
    assert saved.exists()                                                  # the login pywikibot saved
    write_line(pwb, f"({account!r}, BotPassword('full', {keys['full']!r}))")   # the operator's new BotPassword
    done = hubbot(pwb, *sync, "--dry-run")
    assert done.returncode == 0, done.stderr                               # its grants, not the saved login's
    assert (f"dry run: logged in as {account} with the password file's secret (the password works); nothing will "
            "be saved") in done.stderr
    assert "would edit" in done.stdout
    refused = (f"hubbot: error: {pwb}/passwordfile: login failed: the wiki refused {account}'s line (Failed: "
               "Incorrect username or password entered. Please try again.). Fix: copy the secret "
               "of the account's BotPassword again from Special:BotPasswords into the password file (user-config.py's "
               f"password_file): ({account!r}, BotPassword('NAME', '<secret>')), NAME being the bot password's name; a "
               "lost secret: make a new one there.")
    write_line(pwb, f"({account!r}, BotPassword('full', {WRONG!r}))", newer_than=saved)    # a wrong secret
    done = hubbot(pwb, *sync)                          # a run: the file changed since the saved login
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1] == refused, done.stderr
    older = saved.stat().st_mtime - 60                 # the same file, older than the saved login:
    os.utime(pwb / "passwordfile", (older, older))
    done = hubbot(pwb, *sync, "--dry-run")             # a dry run still sends the secret
    assert done.returncode == 2 and done.stderr.strip().splitlines()[-1] == refused, done.stderr
    assert WRONG not in done.stderr and s.text(s.page("Plans")) == ""      # nothing was written
    done = hubbot(pwb, *sync)                          # a run uses the saved login (no request for it)
    assert done.returncode == 0 and "logging in" not in done.stderr, done.stderr
    assert s.text(s.page("Plans")) != ""                                   # saved as the account


def test_a_password_file_without_the_accounts_line_says_what_to_write_and_never_asks(scenario):
    s = scenario
    account, keys, pwb = bot_account(s, {"app": "basic,highvolume,editpage,createeditmovepage"})
    config = s.config([{"name": "plans", "kind": "plans", "page": s.page("Plans")}])
    sync = ["sync", "--config", str(config), "--state-dir", str(s.state_dir), "--dry-run"]
    write_line(pwb, f"('{account}@app', {keys['app']!r})")                 # as Special:BotPasswords shows it
    done = hubbot(pwb, *sync)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"hubbot: error: {pwb}/passwordfile: has no line for {account}: line 1 names '{account}@app', the login name "
        "Special:BotPasswords shows; pywikibot wants the account and the bot password's name apart. Fix: write "
        f"that line as ({account!r}, BotPassword('app', '<secret>'))."]
    write_line(pwb, f"('HubBot', BotPassword('app', {keys['app']!r}))")     # another account's line
    done = hubbot(pwb, *sync)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"hubbot: error: {pwb}/passwordfile: has no line for {account} (the bot account: usernames[...] in "
        "user-config.py, or -user:); its lines are for 'HubBot'. Fix: the line is "
        f"({account!r}, BotPassword('hubbot', '<secret>')), the secret from Special:BotPasswords; or name the "
        "file's account in usernames['localwiki']['localwiki'] of user-config.py."]
    assert "Password for user" not in done.stdout + done.stderr and keys["app"] not in done.stderr
    write_line(pwb, f"({account!r}, BotPassword('app', {keys['app']!r}))")  # the line the message gave
    done = hubbot(pwb, *sync)
    assert done.returncode == 0, done.stderr


def test_a_dry_run_piped_to_a_reader_that_stops_early_ends_quietly(scenario):
    s = scenario
    config = s.config([{"name": "plans", "kind": "plans", "page": s.page("Plans")}])
    read, write = os.pipe()
    os.close(read)                                       # `| head -1` that has read its line
    try:
        done = hubbot(s.wiki.pywikibot_dir, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                      "--dry-run", stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141, done.stderr          # as a Unix tool stopped by SIGPIPE
    assert "internal error" not in done.stderr and "Broken pipe" not in done.stderr and "Traceback" not in done.stderr
    assert "action=failed" not in done.stderr           # no page took the closed pipe for its own failure
