"""{{Hub infobox}} checks itself on a real wiki (Scribunto) with the parser's rules.

Each test publishes Module:Hub infobox, its generated vocabulary and the template under
its own names (Scenario), so nothing here depends on what other tests published.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.demo_corpus import corpus
from bot.demo_corpus import map_png
from bot.logic.infobox_checks import vocabulary_module
from bot.logic.maps import map_titles, missing_maps
from bot.parsing.infobox import DEFAULT_TEMPLATE, future_review, parameter_key, parse_hub_page
from bot.parsing.wikitext import parse, template_calls, without_translate_variables
from bot.resources import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]

# Problems only the bot can find (see the template's documentation): the page as a whole, and
# templates or references it cannot show (the wiki expands templates before the module sees a value).
BOT_ONLY = ("no {{", "the page has ", "the page could not be read",
            "contains templates the bot cannot expand", "contains what the directory cannot show")


class Checks:
    """The infobox module, its vocabulary and the template, published under one test's names."""

    def __init__(self, wiki, scenario) -> None:
        self.wiki = wiki
        self.module = f"{scenario.prefix} infobox"
        self.category = f"{scenario.prefix} infobox problems"
        self.template = scenario.template                 # the real template's text under this name
        self.json_template = f"{scenario.prefix} infobox problems"
        module_text = (TEMPLATES / "Hub_infobox_module.lua").read_text(encoding="utf-8")
        box = (TEMPLATES / "Hub_infobox.wiki").read_text(encoding="utf-8")
        assert "{{#invoke:Hub infobox|check}}" in box
        pages = {
            f"Module:{self.module}": module_text,
            f"Module:{self.module}/vocabulary": vocabulary_module(tracking_category=self.category),
            f"Template:{self.template}": box.replace("{{#invoke:Hub infobox|", f"{{{{#invoke:{self.module}|"),
            f"Template:{self.json_template}": f"{{{{#invoke:{self.module}|problems}}}}",
            f"Category:{self.category}":
                (TEMPLATES / "Hub_infobox_problems_category.wiki").read_text(encoding="utf-8"),
            "Module:Hub plans": (TEMPLATES / "Hub_plans_module.lua").read_text(encoding="utf-8"),
        }
        for title, text in pages.items():       # edit.php: Module pages get Scribunto's content model
            wiki.edit_as("Admin", title, text)

    def api(self, **params) -> dict:
        params.update(format="json", formatversion="2")
        with urllib.request.urlopen(self.wiki.api, urllib.parse.urlencode(params).encode(), timeout=120) as answer:
            data = json.load(answer)
        assert "error" not in data, data
        return data

    def lua_problems(self, texts: list[str]) -> list[list[dict] | None]:
        """Module:Hub infobox's problems for the first infobox of each page text (None: no infobox).

        Read as a page is (action=parse): <nowiki>, <ref> and Translate's tags reach the module as
        they do on a saved page, which expandtemplates would not do."""
        calls, where = [], []
        for i, text in enumerate(texts):
            boxes = template_calls(parse(without_translate_variables(text)), DEFAULT_TEMPLATE)
            if boxes:
                box = boxes[0]                # the parser's: the first, never inside another infobox
                box.name = self.json_template + ("\n" if str(box.name).endswith("\n") else "")
                calls.append(f'<div class="hubbot-case">{box}</div>')
                where.append(i)
        page = self.api(action="parse", title="Hub check", text="\n\n".join(calls), prop="text",
                        disablelimitreport="1")["parse"]["text"]
        out = re.findall(r'<div class="hubbot-case">(.*?)</div>', page, re.S)
        assert len(out) == len(calls)
        found: list[list[dict] | None] = [None] * len(texts)
        for i, answer in zip(where, out):
            found[i] = json.loads(html.unescape(re.sub(r"<[^>]+>", "", answer)))
        return found

    def preview(self, title: str, text: str) -> str:
        """The HTML of an edit's preview (no revision yet: {{REVISIONID}} is empty)."""
        return self.api(action="parse", title=title, text=text, prop="text", pst="1")["parse"]["text"]


@pytest.fixture
def checks(wiki, scenario):
    return Checks(wiki, scenario)


def infobox_corpus(tmp_path: Path) -> list[str]:
    """Every page text tests/unit/test_infobox.py gives the parser (recorded while it runs)."""
    out = tmp_path / "corpus.json"
    env = dict(os.environ, HUBBOT_INFOBOX_CORPUS=str(out))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "tests.integration.infobox_corpus", "tests/unit/test_infobox.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def fields_with_templates(text: str) -> set[str]:
    """Parameters whose value holds a template: the wiki expands it, the bot leaves it out."""
    boxes = template_calls(parse(without_translate_variables(text)), DEFAULT_TEMPLATE)
    if not boxes:
        return set()
    return {parameter_key(str(p.name)) or str(p.name).strip() for p in boxes[0].params
            if p.value.filter_templates() or p.value.filter_arguments()}


def comparable(field: str, message: str, fix: str) -> tuple[str, str, str]:
    """A problem as both sides can say it: lengths counted on wikitext with or without comments
    and spaces differ a little, and the wiki does not know which of two names came first."""
    message = re.sub(r"is [\d,]+ characters long", "is N characters long", message)
    if " is given twice (" in message:              # the wiki sees the names, not their order
        message = message.split(" (", 1)[0]
    return field, message, fix


def bot_problems(text: str, files: dict[str, bool]) -> list:
    """What the errors page says of a hub page: the parser's problems, a missing map file and a review date in the
    future (as of today, UTC, as the wiki renders)."""
    result = parse_hub_page("Hub check", text)
    if not result.hub:
        return list(result.problems)
    ahead = future_review(result.hub, datetime.now(timezone.utc).date())
    return list(result.problems) + missing_maps([result.hub], files) + ([ahead] if ahead else [])


def python_verdict(text: str, files: dict[str, bool]) -> set[tuple[str, str, str]]:
    skipped = fields_with_templates(text)
    verdict = set()
    for p in bot_problems(text, files):
        same_name_twice = re.search(r"is given twice \(('.*') and \1\)", p.message)
        if any(marker in p.message for marker in BOT_ONLY) or same_name_twice or (p.field or "") in skipped:
            continue
        verdict.add(comparable(p.field or "", p.message, p.fix))
    return verdict


def lua_verdict(text: str, problems: list[dict] | None) -> set[tuple[str, str, str]]:
    skipped = fields_with_templates(text)
    return {comparable(p["field"], p["message"], p["fix"]) for p in problems or [] if p["field"] not in skipped}


def box(*lines: str) -> str:
    base = {"name": "X Hub", "type": "regional", "scope": "Somewhere", "status": "pilot"}
    given = {line.split("=", 1)[0].strip().lower() for line in lines}
    return ("{{Hub infobox\n" + "".join(f"| {k} = {v}\n" for k, v in base.items() if k not in given)
            + "".join(f"| {line}\n" for line in lines) + "}}\nText.")


UPLOADED_MAP = "Hub check map.png"


# Each check of the module once more, with and without a problem, beyond the parser's own corpus.
EDGES = [box(line) for line in (
    "type = Regional and Thematic", "type = regional/linguistic; thematic", "type = Regional & global & Band",
    "type = grandstand", "type = linguistic, LINGUISTIC", "type = regional andthematic",
    "status = Planning and discussion", "status = dormant", "status = in   Discussion", "status = Exploring now",
    "languages = pt-BR zh-hant-tw", "languages = e, english, x-", "languages = de;fr/it",
    "website = //cee.example.org", "website = www.example.org", "website = [https://a.example.org/x A site]",
    "website = ftp://example.org", "founded = 1989", "founded = 2100", "founded = 21", "updated = 2024-02-29",
    "updated = 2023-02-29", "updated = 2026-1-31", "updated = 2026-13-01", "updated = 31 May 2026",
    "updated = May 31, 2026", "updated = 3 sept. 2026", "updated = 2026/05/31", "updated = 2026.5.3",
    "updated = 31.05.2026", "updated = 31 Foo 2026", "updated = 30 February 2026", "updated = Ma 3 2026",
    "updated = 2099-01-01", "updated = 2000-01-01", "updated = ２０２６-01-01", "map = [[File:Hub map.svg|200px]]",
    "map = Image:Hub_map.png", "map = Hub map", "map = Maps/Hub.png", "map = Hub map.png~~~",
    f"map = {UPLOADED_MAP}", f"map = [[File:{UPLOADED_MAP}|thumb]]", f"map = file : {UPLOADED_MAP.lower()}",
    "details = " + "d" * 301, "details = [[Some page|" + "e" * 290 + "]] and more words here",
    "details = " + "f" * 300, "name = " + "n" * 151, "region = " + "r" * 201, "contact = " + "c" * 300,
    "scope = <nowiki>[[" + "s" * 299 + "]]</nowiki>", "scope = " + "s" * 20_000,
    "plans = * [[A]]\n* [[B|Bee]]; [https://example.org/c C]", "plans = [[Category:Hubs]] [[Image:X.png]]",
    "plans = [[User talk:Someone|talk]] [[Special:Contributions/1.2.3.4|ip]]", "plans = see below: [[A]], then ask",
    "plans = https://example.org/free-link", "hub_name = Alias Hub", "Name = Upper Hub", "last update = 2025-05-06",
    "colour = red", "kind = thematic", "stage = dormant", "scope = ", "status = {{{1}}}",
    "scope = Europe &amp; Asia&nbsp;Pacific", "name = '''Bold''' ''Hub''", "scope = a<br/>b<ref>c</ref>",
)] + [box("hub_name = Alias Hub", "title = Another"), box("name = Two", "Name = two")]


def test_the_wiki_and_the_parser_find_the_same_problems_in_every_case(checks, tmp_path, wiki, gateway):
    texts = infobox_corpus(tmp_path) + [t for t in corpus().values() if "{{Hub infobox" in t] + EDGES
    assert len(texts) > 130
    wiki.upload_files({UPLOADED_MAP: map_png(UPLOADED_MAP)})
    hubs = [h for h in (parse_hub_page("Hub check", text).hub for text in texts) if h]
    files = gateway.files_exist(map_titles(hubs))          # as the bot asks at each run
    assert files[f"File:{UPLOADED_MAP}"] and not all(files.values())
    answers = checks.lua_problems(texts)
    disagree = [(text[:300], sorted(python_verdict(text, files) ^ lua_verdict(text, lua)))
                for text, lua in zip(texts, answers) if python_verdict(text, files) != lua_verdict(text, lua)]
    assert disagree == []
    assert sum(bool(lua_verdict(t, a)) for t, a in zip(texts, answers)) >= 50      # many cases have problems


BROKEN = """{{%s
| name = EduWiki Hub
| type = thematic
| scope = Education
| status = exploring
| tpye = regional
| updated = 2026-02-30
}}
Text about the hub."""


def warnings_in(page_html: str) -> list[str]:
    box = re.search(r'<div class="hub-infobox-problems".*?</ul>', page_html, re.S)
    if not box:
        return []
    items = re.findall(r'<li class="hub-infobox-problem">(.*?)</li>', box.group(0), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


def test_preview_shows_each_problem_with_the_errors_page_words_above_the_infobox(checks, scenario):
    text = BROKEN % checks.template
    page_html = checks.preview(scenario.page("EduWiki Hub"), text)
    expected = sorted(f"{p.field}: {p.message} Fix: {p.fix}"
                      for p in parse_hub_page("x", BROKEN % DEFAULT_TEMPLATE).problems)
    assert len(expected) == 3
    assert sorted(warnings_in(page_html)) == expected
    assert page_html.index("hub-infobox-problems") < page_html.index('<table class="infobox hub-infobox"')
    assert f"Category:{checks.category.replace(' ', '_')}" in page_html      # the warning names the category

    fixed = text.replace("exploring", "pilot").replace("tpye", "region").replace("02-30", "02-28")
    assert warnings_in(checks.preview(scenario.page("EduWiki Hub"), fixed)) == []


def categories(checks: Checks, title: str) -> dict[str, bool]:
    """The page's categories as saved (name -> hidden)."""
    page = checks.api(action="query", titles=title, prop="categories", clprop="hidden")["query"]["pages"][0]
    return {c["title"].split(":", 1)[1]: bool(c.get("hidden")) for c in page.get("categories", [])}


def test_a_saved_page_shows_readers_nothing_and_is_in_the_hidden_category_until_fixed(checks, scenario, wiki):
    title = scenario.page("EduWiki Hub")
    wiki.edit_as("Editor", title, BROKEN % checks.template)
    saved = checks.api(action="parse", page=title, prop="text|categories")["parse"]
    assert warnings_in(saved["text"]) == [] and "hub-infobox-problems" not in saved["text"]
    assert '<table class="infobox hub-infobox"' in saved["text"]
    assert categories(checks, title) == {checks.category: True}          # hidden: __HIDDENCAT__
    members = checks.api(action="query", list="categorymembers", cmtitle=f"Category:{checks.category}")
    assert [m["title"] for m in members["query"]["categorymembers"]] == [title]

    wiki.edit_as("Editor", title, (BROKEN % checks.template).replace("exploring", "pilot")
                 .replace("tpye", "region").replace("02-30", "02-28"), summary="fix the infobox")
    assert categories(checks, title) == {}                                # at once, no bot run, no job queue


def test_a_valid_infobox_is_in_no_category_and_shows_no_warning(checks, scenario, wiki):
    title = scenario.page("Valid Hub")
    text = (BROKEN % checks.template).replace("exploring", "pilot").replace("| tpye = regional\n", "")
    text = text.replace("2026-02-30", "2026-02-28")
    assert parse_hub_page(title, text.replace(checks.template, DEFAULT_TEMPLATE)).problems == ()
    assert warnings_in(checks.preview(title, text)) == []
    wiki.edit_as("Editor", title, text)
    assert categories(checks, title) == {}


def test_a_map_file_the_wiki_does_not_have_is_warned_in_preview_until_it_is_uploaded(checks, scenario, wiki):
    title, name = scenario.page("Map Hub"), f"Map {scenario.key} hub.png"
    text = (BROKEN % checks.template).replace("exploring", "pilot").replace("| tpye = regional\n", f"| map = {name}\n")
    text = text.replace("2026-02-30", "2026-02-28")
    [missing] = missing_maps([parse_hub_page(title, text.replace(checks.template, DEFAULT_TEMPLATE)).hub],
                             {f"File:{name}": False})                  # what the bot's run would say
    assert warnings_in(checks.preview(title, text)) == [f"map: {missing.message} Fix: {missing.fix}"]
    wiki.edit_as("Editor", title, text)
    assert categories(checks, title)[checks.category] is True     # (and MediaWiki's "broken file links")

    wiki.upload_files({name: map_png(name)})
    assert warnings_in(checks.preview(title, text)) == []
    wiki.run_jobs()                                       # the upload re-renders the pages that show the file
    assert categories(checks, title) == {}


def test_preview_tells_a_date_not_written_as_yyyy_mm_dd_and_one_in_the_future_with_their_fixes(checks, scenario, wiki):
    title = scenario.page("Europe Hub")
    today = datetime.now(timezone.utc).date().isoformat()
    text = box("updated = 31 May 2026").replace("{{Hub infobox", "{{" + checks.template)
    assert warnings_in(checks.preview(title, text)) == [
        "updated: updated '31 May 2026' is not written as YYYY-MM-DD, the only form the bot reads. "
        "Fix: write the date as YYYY-MM-DD, e.g. 2026-05-31."]
    assert warnings_in(checks.preview(title, text.replace("31 May 2026", "2099-01-15"))) == [
        f"updated: updated '2099-01-15' is in the future (today is {today}). "
        f"Fix: write the date of the last review, not a planned one, e.g. {today}."]
    wiki.edit_as("Editor", title, text.replace("31 May 2026", "2099-01-15"))
    assert categories(checks, title) == {checks.category: True}
    assert warnings_in(checks.preview(title, text.replace("31 May 2026", today))) == []


def test_published_pages_link_the_errors_page_and_the_account_the_configuration_names(checks, scenario, wiki):
    """Template:Hub infobox, Template:Hub list and the tracking category name no account: they link what
    publish-templates wrote into the vocabulary (here User:MetaHubBot/Errors), or say it in words."""
    def rendered(text: str) -> str:
        text = text.replace("{{#invoke:Hub infobox|", f"{{{{#invoke:{checks.module}|")
        return html.unescape(checks.api(action="parse", title=scenario.page("Doc"), text=text, prop="text",
                                         disablelimitreport="1")["parse"]["text"])
    category = (TEMPLATES / "Hub_infobox_problems_category.wiki").read_text(encoding="utf-8")
    infobox_doc = (TEMPLATES / "Hub_infobox.wiki").read_text(encoding="utf-8").split("<noinclude>", 1)[1]
    list_doc = (TEMPLATES / "Hub_list.wiki").read_text(encoding="utf-8").split("<noinclude>", 1)[1]
    assert "HubBot" not in category + infobox_doc + list_doc

    unknown = rendered(category), rendered(infobox_doc)      # none configured: words, no link
    assert "are listed on the bot's errors page." in re.sub(r"<[^>]+>", "", unknown[0]) and "User:" not in unknown[0]
    assert "Wikimedia Hub's page. hubbot reads it" in re.sub(r"<[^>]+>", "", unknown[1])
    assert 'title="User:' not in unknown[1]
    wiki.edit_as("Admin", f"Module:{checks.module}/vocabulary", vocabulary_module(
        tracking_category=checks.category, errors_page="User:MetaHubBot/Errors", account="MetaHubBot"))
    assert re.search(r'<a [^>]*title="User:MetaHubBot/Errors[^"]*">the bot\'s errors page</a>\.', rendered(category))
    assert re.search(r'<a [^>]*title="User:MetaHubBot[^/"]*">hubbot</a> reads it', rendered(infobox_doc))
    assert re.search(r'<a [^>]*title="User:MetaHubBot/Errors[^"]*">User:MetaHubBot/Errors</a> says what to fix',
                     rendered(list_doc))
