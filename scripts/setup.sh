#!/usr/bin/env bash
# Shared set-up for scripts/demo and scripts/test: a virtualenv with hubbot and
# its test tools (pip), Debian's MediaWiki + PHP and Debian's chromium + chromium-driver
# (apt; the browser tests and `demo --screenshots`) when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian's own python3 ships venv separately.
    rm -rf .venv
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
    $SUDO apt-get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv .venv
  fi
fi
stamp=.venv/.hubbot-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing hubbot and its dependencies into .venv ..."
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
  touch "$stamp"
fi
.venv/bin/python -c 'from bot.localwiki import ensure_mediawiki_installed; ensure_mediawiki_installed()'
.venv/bin/python -c 'from bot.browser import ensure_browser_installed; ensure_browser_installed()'
