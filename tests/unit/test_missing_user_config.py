"""A missing user-config.py (pywikibot's configuration) is said to be missing, where pywikibot looked for it and
how to make one: installed as a package, pywikibot would go on without it (its default wiki, no account), and
a config's site: of a family defined in user-config.py read as an "unknown family"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.wiki.pywikibot.connection import missing_user_config

ROOT = Path(__file__).resolve().parents[2]
FIX = ("Fix: copy user-config.py.sample (in hubbot's folder) to user-config.py in the folder you run hubbot from, "
       "and put the bot account's name in it (README: Deploying on Meta, step 2); or set PYWIKIBOT_DIR (or -dir:) "
       "to the folder holding yours; for the demo wiki, PYWIKIBOT_DIR=DIR/pywikibot of `hubbot localwiki start DIR`.")


def test_the_message_names_every_folder_pywikibot_looked_in_and_the_fix(tmp_path):
    here, home = tmp_path / "here", tmp_path / "home"
    here.mkdir(), home.mkdir()
    error = missing_user_config({}, str(here), str(home))
    assert str(error) == (f"user-config.py (pywikibot's configuration): not found: pywikibot looked for it in {here} "
                          f"and in {home}/.pywikibot (PYWIKIBOT_DIR is not set), so it knows neither the wiki nor the "
                          f"bot account. {FIX}")
    (home / ".pywikibot").mkdir()
    (home / ".pywikibot" / "user-config.py").write_text("family = 'meta'\n")
    assert missing_user_config({}, str(here), str(home)) is None                       # found in ~/.pywikibot
    assert missing_user_config({}, str(here), str(tmp_path)) is not None
    (here / "user-config.py").write_text("family = 'meta'\n")
    assert missing_user_config({}, str(here), str(tmp_path)) is None                  # found where hubbot runs
    assert missing_user_config({"PYWIKIBOT_NO_USER_CONFIG": "1"}, str(tmp_path), str(tmp_path)) is None  # on purpose
    assert missing_user_config({"PYWIKIBOT_NO_USER_CONFIG": "0"}, str(tmp_path), str(tmp_path)) is not None


def test_sync_without_user_config_is_exit_2_saying_so_before_pywikibot_loads(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("site: {family: hubwiki, code: en}\noutputs:\n  - {name: plans, kind: plans, page: Hubs/Plans}\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    for name in ("PYWIKIBOT_DIR", "PYWIKIBOT_NO_USER_CONFIG", "PYWIKIBOT_DIR_PWB"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sync", "--config", str(config), "--dry-run"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == (f"hubbot: error: user-config.py (pywikibot's configuration): not found: pywikibot looked "
                           f"for it in {tmp_path} and in {tmp_path}/.pywikibot (PYWIKIBOT_DIR is not set), so it "
                           f"knows neither the wiki nor the bot account. {FIX}\n")
    assert not (tmp_path / ".pywikibot").exists()            # pywikibot was not loaded (it makes that folder)
