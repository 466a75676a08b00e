"""Installing Debian packages the demo and the tests need (MediaWiki and PHP, Chromium), once."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Callable

from bot.errors import UserError


def apt_install(packages: list[str], what: str, log: Callable[[str], None] = print) -> None:
    """apt-get update and install ``packages`` (as root, or with sudo -n); UserError naming ``what``."""
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            raise UserError(what, f"{what} is not installed and this user cannot install packages.",
                            f"run as root: apt-get install {' '.join(packages)}")
        prefix = ["sudo", "-n"]
    log(f"Installing {what} from Debian's packages (about a minute, once)...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]):
        done = subprocess.run(prefix + cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise UserError(what, f"'{' '.join(cmd)}' failed: {' / '.join(tail)}",
                            "check the network to Debian's mirrors and retry.")
