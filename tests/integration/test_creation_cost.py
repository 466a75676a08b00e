"""Creating a page costs what saving one does (issue 24), on the real local MediaWiki, and never overwrites
a page someone else created in the meantime.

The executor asks the page's and the shutoff page's revisions in one prop=info request (the shutoff
page read again only when it changed); then the edit, with createonly=1 for a page that did not exist.
pywikibot's CSRF token is asked once per process, at its first save. Before, pywikibot loaded the missing
page twice more before each creation (preloadpages, then Page.latest_revision): 4 requests a page.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from tests.integration.faultproxy import FaultProxy, Rule
from tests.integration.test_safety import proxied_pywikibot_dir, run_hubbot

NOW = "2026-11-25T12:00:00Z"


def setup(s, n=3):
    s.wiki.import_pages({**{s.page(f"Hub {i}"): s.infobox(f"Hub {i}", plans=f"[[Plan {i}]]") for i in range(n)},
                         s.page("Shutoff"): "run"})
    return s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")},
                     {"name": "plans", "kind": "plans", "page": s.page("Plans")},
                     {"name": "errors", "kind": "errors", "page": s.page("Errors")}])


def sync(s, proxy, config) -> tuple[int, dict, str]:
    """A first run in a new process (pywikibot knows no CSRF token yet), through ``proxy``."""
    done = run_hubbot(proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port), "sync", "--config", str(config),
                      "--state-dir", str(s.state_dir), "--report", str(s.tmp / "report.json"), "--now", NOW)
    report = json.loads((s.tmp / "report.json").read_text()) if (s.tmp / "report.json").exists() else {}
    return done.returncode, report, done.stderr


def request(text: str) -> str:
    """What a request the proxy saw asks, in a few words: 'check A|B', 'token', 'edit A createonly', ..."""
    params = dict(parse_qsl(text.partition("?")[2].replace("?", "&"), keep_blank_values=True))
    if params.get("action") == "edit":
        return " ".join(["edit", params["title"], *(p for p in ("createonly", "nocreate") if p in params)])
    if params.get("meta") == "tokens":
        return "token"
    if params.get("prop") == "info" and "titles" in params:
        return f"check {params['titles']}"
    if "revisions" in params.get("prop", "") and "titles" in params:
        return "read"
    return "other"


def after_the_run_read(seen: list[str]) -> list[str]:
    """The requests after the run's batched read of the hubs and the output pages: its saves."""
    asked = [request(text) for text in seen]
    return asked[asked.index("read") + 1:]


def test_a_first_run_creates_each_page_with_its_check_and_its_edit_and_asks_the_token_once(scenario):
    s = scenario
    config = setup(s)
    d, p, e, off = (s.page(name) for name in ("Directory", "Plans", "Errors", "Shutoff"))
    with FaultProxy(s.wiki.port) as proxy:
        code, report, err = sync(s, proxy, config)
    assert code == 0, err
    assert {o["page"]: o["action"] for o in report["outputs"]} == {d: "edited", p: "edited", e: "edited"}
    assert after_the_run_read(proxy.seen) == [
        f"check {d}|{off}", "token", f"edit {d} createonly",      # 3 requests: the process's first save
        f"check {p}|{off}", f"edit {p} createonly",               # 2 requests
        f"check {e}|{off}", f"edit {e} createonly",               # 2 requests
    ]
    # after the login: the {{Hub list}} listing, the hub listing, pywikibot's set-up in a new process
    # (siteinfo extensions, paraminfo twice), one batched read of 3 hubs + 4 pages, then 3 + 2 + 2 (19 before)
    assert (report["totals"]["requests"], report["totals"]["edits"]) == (1 + 1 + 3 + 1 + 7, 3)
    assert "|Hub 2]] || Regional || Somewhere" in s.text(d) and "|Plan 2]]" in s.text(p)


def test_a_page_created_by_an_editor_between_the_check_and_the_edit_is_not_overwritten(scenario):
    s = scenario
    config = setup(s)
    d, p, e, off = (s.page(name) for name in ("Directory", "Plans", "Errors", "Shutoff"))
    by_hand = "A directory an editor started by hand, while the bot was saving."
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule("action=edit&title=" + d.replace("/", "%2F"), "before", 1,
                                action=lambda: s.wiki.edit_as("Editor", d, by_hand)))
        code, report, err = sync(s, proxy, config)
        assert proxy.injected == 1
    assert code == 0, err
    assert s.text(d) == by_hand                                    # MediaWiki refused the edit: createonly
    assert after_the_run_read(proxy.seen) == [
        f"check {d}|{off}", "token", f"edit {d} createonly",      # refused: the page exists now
        "read",                                                   # read again and planned again: refused
        f"check {p}|{off}", f"edit {p} createonly", f"check {e}|{off}", f"edit {e} createonly",
    ]
    directory = next(o for o in report["outputs"] if o["page"] == d)
    assert (directory["action"], directory["owner"], directory["reason"]) == (
        "refused", "editor", "the page holds text the bot did not write, and the output would replace all of it.")
    assert directory["fix"].startswith("blank the page (or delete it) to hand it to the bot")
    assert report["totals"]["edits"] == 2
    errors = s.text(e)
    assert d in errors and "the page holds text the bot did not write" in errors


def test_the_gateway_never_creates_over_a_page_created_since_it_was_read(wiki, gateway, scenario):
    from bot.errors import EditConflict
    titles = [scenario.page("Asked"), scenario.page("Checked")]
    bases = gateway.read_pages(titles)
    for title in titles:
        wiki.edit_as("Editor", title, f"{title}, created by an editor")
    gateway.site.tokens["csrf"]                                   # noqa: B018 - known, as after a first save
    before = gateway.counters.requests
    with pytest.raises(EditConflict, match="was created since it was read"):
        gateway.save(bases[titles[0]], "bot text", "hubbot: test")              # its own check (1 request)
    with pytest.raises(EditConflict, match="PageCreatedConflictError"):
        gateway.save(bases[titles[1]], "bot text", "hubbot: test", checked=True)    # the edit, refused (1)
    assert gateway.counters.requests - before == 2
    assert gateway.read_pages(titles) and [scenario.text(t) for t in titles] == [
        f"{title}, created by an editor" for title in titles]
