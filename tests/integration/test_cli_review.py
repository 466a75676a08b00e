"""`hubbot sync --verbose` on the real local wiki: what pywikibot prints of a request shows no token.

Pywikibot prints (at its VERBOSE level, shown with --verbose) the parameters of a request the wiki
answered with an internal error, the edit token among them, split over lines by pprint:
``'token': "`` / ``"['8f2c...+\\\\']``.
"""

from __future__ import annotations

import re

from tests.integration.faultproxy import FaultProxy, Rule
from tests.integration.test_safety import proxied_pywikibot_dir, run_hubbot

# a value after a token or password key that is not the redaction mark (quotes, brackets, lines between)
LEAK = re.compile(r"(?:password|token)['\"]?\s*[:=][\s'\"\[(]*(?!\*\*\*)[^\s'\"&,()\[\]]+", re.IGNORECASE)


def test_verbose_prints_the_failed_edit_request_without_its_token(scenario):
    s = scenario
    s.wiki.import_pages({s.page("Hub A"): s.infobox("Hub A"), s.page("Shutoff"): "run"})
    config = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")}])
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule("action=edit", "api-error:internal_api_error_DBQueryError", 1))
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        done = run_hubbot(pwb, "sync", "--config", str(config), "--verbose", "--state-dir", str(s.state_dir),
                          "--now", "2026-11-25T12:00:00Z")
        assert proxy.injected == 1, done.stderr
    assert done.returncode == 0, done.stderr[-3000:]
    printed = done.stdout + done.stderr
    assert "MediaWiki exception DBQueryError details:" in printed        # the request's parameters are shown
    assert re.search(r"'token': \"\n \"\['\*\*\*'\]", printed), printed[-3000:]
    assert LEAK.findall(printed) == []
