"""Hostile wiki text on the real MediaWiki, read back as MediaWiki parses it (issue 23).

Hub infoboxes and ``{{Hub list}}`` calls carry what an adversary types: entity-encoded signatures and
behaviour switches, category links, subst, tags, private-use, bidi and control characters. After a sync,
``action=parse`` of every page the bot wrote shows no category, no page property and no script error that
came from a value, its saved wikitext holds no signature, the human text is byte-identical, and a second
sync makes no edit. The same stories, drawn at random, run on the wiki in memory in
tests/unit/test_hostile_runs.py.
"""

from __future__ import annotations

import html

import requests

from bot.values import live_markup
from tests.integration.test_hub_lists import config as list_config, lists  # noqa: F401 (fixture)

HOSTILE_HUBS = {
    "Tilde": dict(name="Tilde Hub", website="https://example.org/&#126;&#126;&#126;&#126;",
                  plans="[https://example.org/&#95;&#95;NOINDEX&#95;&#95; Plan]\n[https://example.org/__NOTOC__ Two]",
                  details="See [https://example.org/&#x5F;&#x5F;NEWSECTIONLINK&#x5F;&#x5F; here], "
                          "&#95;&#95;NOGALLERY&#95;&#95; and &#126;&#126;&#126;&#126;&#126;."),
    "Markup": dict(name="&#91;&#91;Category:Spam&#93;&#93; &#123;&#123;subst:x&#125;&#125; &lt;b&gt;",
                   scope="&lowbar;&lowbar;HIDDENCAT&lowbar;&lowbar; <nowiki>~~~~</nowiki> \\ \" {{!}}",
                   contact="&lt;script&gt;alert(1)&lt;/script&gt;", region="\ue000x\ue001 \u202eevil\u202c e\u0301"),
    "Digits": dict(name="Digits Hub", founded="²⁰²¹", updated="２０２６-01-01", languages="sw, ²",
                   map="A map nobody uploaded.png"),          # a red [[File:]] would add a tracking category
}
PROPERTIES = {"noindex", "notoc", "newsectionlink", "nogallery", "hiddencat", "index", "nonewsectionlink",
              "noeditsection", "expectunusedcategory", "disambiguation", "notitleconvert", "nocontentconvert"}


def parsed(wiki, title: str) -> dict:
    return requests.get(wiki.api, params={"action": "parse", "page": title, "format": "json", "formatversion": "2",
                                          "prop": "categories|properties|text"}, timeout=60).json()["parse"]


def test_hostile_values_and_lists_reach_no_page_as_markup_and_nothing_churns(lists):
    s = lists
    hubs = {}
    for page, extra in HOSTILE_HUBS.items():
        extra = dict(extra)
        name, plans = extra.pop("name"), extra.pop("plans", "")
        hubs[s.page(page)] = s.infobox(name, plans=plans, **extra)
    s.wiki.import_pages(hubs)
    directory = "Human intro \ue0000\ue001 with &#126; kept.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\nOutro."
    box = f"{{{{Box|content=\n{{{{{s.list_template}}}}}\n{{{{{s.end_template}}}}}\n}}}}"
    portal = (f"Intro \ue0000\ue001 by a human.\n"
              f"{{{{{s.list_template}|caption=&#126;&#126;&#126;&#126; &#95;&#95;NOTOC&#95;&#95; [[Category:Spam]]"
              f"|empty=~<nowiki/>~~~}}}}\n{{{{{s.end_template}}}}}\n"
              f"{{{{{s.list_template}|limit=²|caption=a \\ \" b}}}}\n{{{{{s.end_template}}}}}\n" + box + "\n"
              f"{{{{{s.list_template}|limit=10|columns=name, foo}}}}\n{{{{{s.end_template}}}}}\nEnd.")
    s.wiki.edit_as("Editor", s.page("Directory"), directory)
    s.wiki.edit_as("Editor", s.page("Portal"), portal)
    stored = {title: s.text(title) for title in (s.page("Directory"), s.page("Portal"))}
    path = list_config(s, [
        {"name": "directory", "kind": "directory", "page": s.page("Directory"), "region": "dir",
         "columns": ["name", "type", "scope", "region", "status", "languages", "website", "contact", "founded",
                     "updated", "plans", "map", "details"]},
        {"name": "plans", "kind": "plans", "page": s.page("Plans")},
        {"name": "status", "kind": "status", "page": s.page("Status")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    code, report = s.sync(path)
    assert code == 0, report
    by = {(o["page"], o["name"]): o for o in report["outputs"]}
    assert by[(s.page("Portal"), "hub list 1")]["action"] == "edited"
    assert by[(s.page("Portal"), "hub list 2")]["action"] == "refused"
    assert "Parameter limit: '²' is not a number of hubs from 1 to 500." in by[(s.page("Portal"), "hub list 2")]["reason"]
    assert by[(s.page("Portal"), "hub list 3")]["reason"].startswith("this list is inside a template's parameter;")

    written = [s.page(p) for p in ("Directory", "Plans", "Status", "Errors", "Portal")] + [s.notices]
    for title in written:
        text = s.text(title)
        assert live_markup(text) == [], title
        assert "[[User:HubBot" not in text and "(UTC)" not in text, title        # nothing was signed
        if title.startswith("Module:"):
            continue
        page = parsed(s.wiki, title)
        assert page["categories"] == [], (title, page["categories"])
        assert not PROPERTIES & set(page["properties"]), (title, page["properties"])
        assert "Script error" not in page["text"] and "<script" not in page["text"], title

    directory_html = parsed(s.wiki, s.page("Directory"))["text"]
    assert 'href="https://example.org/%7E%7E%7E%7E"' in directory_html
    assert 'href="https://example.org/_%5FNOINDEX_%5F"' in directory_html
    assert ">[[Category:Spam]] {{subst:x}} <b></a>" in html.unescape(directory_html)   # the name, shown as typed
    portal_html = parsed(s.wiki, s.page("Portal"))["text"]
    assert portal_html.count("hubbot-list-problem") == 2     # both notices, from valid Lua (limit=10's too)
    assert ("Columns: &#39;foo&#39; is not a known column. It shows no list until this is fixed. Fix: Use some of: "
            "hub (&#61; name), name,") in portal_html                 # the reason and its fix, escaped

    after = s.text(s.page("Directory"))
    assert after.startswith(stored[s.page("Directory")].split("<!-- hubbot:end")[0].rstrip("\n"))
    assert after.endswith("<!-- hubbot:end dir -->\nOutro.")
    portal_after = s.text(s.page("Portal"))
    assert portal_after.startswith(stored[s.page("Portal")].split("\n{{" + s.end_template)[0] + "\n<!-- hubbot:")
    assert portal_after.endswith(stored[s.page("Portal")].split(f"|caption=a \\ \" b}}}}\n", 1)[1])

    code, report = s.sync(path)
    assert code == 0 and report["totals"]["edits"] == 0, report
