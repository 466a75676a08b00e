"""The base: log in, batch-read, save through pywikibot against a real MediaWiki; bad config exits 2."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from tests.integration.conftest import wrong_password_dir



def test_login_save_and_batched_read(wiki, gateway, scenario):
    assert gateway.user == "HubBot"
    titles = [scenario.page(f"P{i}") for i in range(120)]
    wiki.import_pages({t: f"text {i}" for i, t in enumerate(titles[:100])})
    gateway.read_pages([titles[0]])           # pywikibot's one-time paraminfo/userinfo requests
    before = gateway.counters.requests
    pages = gateway.read_pages(titles)
    assert gateway.counters.requests - before == math.ceil(120 / 50)   # 50 titles a request, never one each
    assert [pages[t].exists for t in titles] == [True] * 100 + [False] * 20
    assert pages[titles[7]].text == "text 7" and pages[titles[7]].revid

    missing = pages[titles[110]]
    revid = gateway.save(missing, "created by the bot", "hubbot: test")
    again = gateway.read_pages([titles[110]])[titles[110]]
    assert again.text == "created by the bot" and again.revid == revid and again.user == "HubBot"


def test_save_over_a_newer_revision_is_an_edit_conflict(wiki, gateway, scenario):
    from bot.errors import EditConflict
    title = scenario.page("Conflict")
    wiki.edit_as("Editor", title, "first")
    base = gateway.read_pages([title])[title]
    wiki.edit_as("Editor", title, "second, by a human")
    try:
        gateway.save(base, "bot text", "hubbot: test")
        raised = False
    except EditConflict:
        raised = True
    assert raised
    assert gateway.read_pages([title])[title].text == "second, by a human"


def test_cli_bad_config_exits_2_with_one_clear_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("hubs: {template: Hub infobox}\noutputs:\n  - {name: d, kind: tabel, page: P}\n")
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sync", "--config", str(broken)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(broken) in lines[0] and "outputs[0].kind" in lines[0] and "Fix: use one of" in lines[0]
    assert "Traceback" not in done.stderr


def test_unreachable_wiki_is_a_clear_error(tmp_path):
    from bot.localwiki import free_port
    pwb = tmp_path / "pwb"
    pwb.mkdir()
    port = free_port()
    (pwb / "user-config.py").write_text(
        f"family_files['gone'] = 'http://127.0.0.1:{port}/api.php'\nfamily = 'gone'\nmylang = 'gone'\n"
        "max_retries = 1\nretry_wait = 0\nsocket_timeout = 2\n")
    config = tmp_path / "c.yaml"
    config.write_text("hubs: {template: Hub infobox}\noutputs:\n  - {name: d, kind: directory, page: P}\n")
    env = {"PYWIKIBOT_DIR": str(pwb), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sync", "--dry-run", "--config", str(config),
                           "--state-dir", str(tmp_path / "s")], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr       # the wiki failed: a failed run, as the README says
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr
    assert "Fix:" in done.stderr


def test_wrong_bot_password_is_a_clear_error(wiki, tmp_path):
    pwb = wrong_password_dir(wiki, tmp_path)
    config = tmp_path / "c.yaml"
    config.write_text("hubs: {template: Hub infobox}\noutputs:\n  - {name: d, kind: directory, page: P}\n")
    env = dict(os.environ, PYWIKIBOT_DIR=str(pwb))
    done = subprocess.run([sys.executable, "-m", "bot.cli", "sync", "--config", str(config),
                           "--state-dir", str(tmp_path / "s")], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "login failed" in done.stderr and "password_file" in done.stderr and "Traceback" not in done.stderr
    assert "0123456789abcdefghijklmnopqrstuv" not in done.stderr


def test_watch_keeps_large_texts_and_reads_them_again_only_when_their_revision_changed(wiki, gateway, scenario):
    """`hubbot watch` (bot.wiki.text_cache): a large page read or saved before costs one small request
    (revision id and SHA-1) while it is unchanged; an editor's edit, or a text MediaWiki stored differently
    from what was sent, means the text is read again."""
    from bot.wiki.text_cache import TextCache
    title, small = scenario.page("Big"), scenario.page("Small")
    big = "".join(f"| row {i} || some cell text for the table\n|-\n" for i in range(1500))
    wiki.import_pages({title: big, small: "small"})
    cache = TextCache(gateway)
    cache.read_pages([title, small])
    before, read = cache.counters.requests, cache.counters.pages_read
    again = cache.read_pages([title, small])
    assert again[title].text == big and again[small].text == "small"
    # one request for the kept page's revision, one read of the small page (never kept)
    assert (cache.counters.requests - before, cache.counters.pages_read - read) == (2, 1)

    wiki.edit_as("Editor", title, big + "| a row by an editor\n")
    assert cache.read_pages([title])[title].text.endswith("| a row by an editor")

    base = cache.read_pages([title])[title]
    revid = cache.save(base, big + "| a row by the bot", "hubbot: test")
    before, read = cache.counters.requests, cache.counters.pages_read
    saved = cache.read_pages([title])[title]
    assert (cache.counters.requests - before, cache.counters.pages_read - read) == (1, 0)
    assert saved.revid == revid and saved.text == big + "| a row by the bot"   # as sent...
    assert saved.text == wiki_text(wiki, title)                               # ...and as stored

    # MediaWiki trims trailing spaces: the text is kept as it stores it.
    cache.save(saved, big + "| last row   \n\n\n", "hubbot: test")
    before, read = cache.counters.requests, cache.counters.pages_read
    kept = cache.read_pages([title])[title]
    assert kept.text == wiki_text(wiki, title) == big + "| last row"
    assert (cache.counters.requests - before, cache.counters.pages_read - read) == (1, 0)
    # A signature is expanded on save: the kept text is not what MediaWiki stored, so it is read again.
    cache.save(kept, big + "| signed ~~~~", "hubbot: test")
    before, read = cache.counters.requests, cache.counters.pages_read
    signed = cache.read_pages([title])[title].text
    assert signed == wiki_text(wiki, title) and "~~~~" not in signed and "HubBot" in signed
    assert (cache.counters.requests - before, cache.counters.pages_read - read) == (2, 1)
    assert cache.counters is gateway.counters      # the requests counted are the wiki's


def wiki_text(wiki, title: str) -> str:
    import json
    import urllib.parse
    import urllib.request
    query = urllib.parse.urlencode({"action": "query", "prop": "revisions", "rvprop": "content", "rvslots": "main",
                                    "titles": title, "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(f"{wiki.api}?{query}", timeout=30) as answer:
        return json.load(answer)["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"]
