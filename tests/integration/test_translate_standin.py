"""The local wiki's stand-in for Translate's page markup: readers see Meta's rendering, not the tags.

Checked on MediaWiki's own rendering (action=parse through the gateway); the
browser test (test_browser.py) checks the demo pages in Chromium.
"""

from __future__ import annotations

import html as htmllib
import re

from bot.browser import raw_markup

PAGE = """<languages/>
<translate>
<!--T:1-->
'''Intro''' with <tvar name=link>[[Hubs|a link]]</tvar> and <tvar|old>an old variable</>.

== Heading == <!--T:2-->
</translate>
<translate nowrap><!--T:3--> Inline unit</translate> stays on its line.
{{Echo value|<translate><!--T:4--> Parameter text</translate>}}
<nowiki><translate>literal</translate></nowiki>
"""


def _text(html: str) -> str:
    """The rendered HTML's text as a reader reads it (tags dropped, entities decoded)."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<!--.*?-->", "", html, flags=re.S)))


def test_translate_markup_is_rendered_as_on_meta(wiki, gateway, scenario):
    wiki.import_pages({"Template:Echo value": "<span class=echo>{{{1}}}</span>",
                       scenario.page("Source"): PAGE,
                       scenario.page("Source") + "/de": "<languages/>\nEinleitung.",
                       scenario.page("Source") + "/Notes": "not a translation"})
    html = gateway.render(scenario.page("Source"))
    text = _text(html)
    assert "Intro with a link and an old variable." in text
    assert "Inline unit stays on its line." in text
    assert '<span class="echo">Parameter text</span>' in html
    assert "<translate>literal</translate>" in text                 # nowiki keeps it literal
    assert re.search(r"<h2>.*Heading.*</h2>", html)
    assert raw_markup(text.replace("<translate>literal</translate>", "")) == []
    assert not re.search(r"<p>\s*</p>", html)                        # no empty paragraph where tags stood

    # Section editing sees the heading inside <translate> as section 1, as the [edit] link says.
    assert 'action=edit&amp;section=1"' in html
    answer = gateway.site.simple_request(action="query", prop="revisions", rvprop="content", rvslots="main",
                                         rvsection="1", titles=scenario.page("Source"),
                                         formatversion="2").submit()
    section = answer["query"]["pages"][0]["revisions"][0]["slots"]["main"].get("content", "(no section 1)")
    assert section.startswith("== Heading ==")

    bar = re.search(r'<div class="mw-pt-languages.*?</div>', html, re.S).group(0)
    assert _text(bar) == "Other languages: Deutsch • English"
    assert re.search(r"<b><a [^>]*>English</a></b>", bar)            # the page being read

    translation = gateway.render(scenario.page("Source") + "/de")
    bar = re.search(r'<div class="mw-pt-languages.*?</div>', translation, re.S).group(0)
    assert _text(bar) == "Other languages: Deutsch • English"
    assert re.search(r"<b><a [^>]*>Deutsch</a></b>", bar)


def test_languages_tag_shows_nothing_without_translations(wiki, gateway, scenario):
    wiki.import_pages({scenario.page("Alone"): "<languages/>\n<translate>Only text.</translate>"})
    html = gateway.render(scenario.page("Alone"))
    assert "mw-pt-languages" not in html and "Only text." in _text(html) and raw_markup(_text(html)) == []


# -- translation pages (issue 25: the local wiki behaves as Meta does) ------------------------------

SOURCE = """<languages/>
<translate>
<!--T:1-->
'''Hubs''' support <tvar name=who>[[Special:MyLanguage/Hubs|communities]]</tvar>.

== Regions == <!--T:2-->

<!--T:3-->
Regional hubs serve a region.
</translate>
Outside: kept as it is [{{#translation:}}].
{{Echo value|<translate><!--T:4--> Inline name</translate>}} and <translate><!--T:5--> Short</translate>
<translate nowrap><!--T:6--> Not wrapped</translate>
"""

UNITS_DE = {"1": "'''Hubs''' unterstützen $who.", "2": "== Regionen ==", "4": "Name im Satz",
            "Page display title": "Quelle"}

# What FuzzyBot writes on SOURCE/de from SOURCE and UNITS_DE: translated units replace theirs (a heading
# keeps its English anchor, $who its <tvar> value), untranslated ones stay English in a wrapper that
# says so (div for a block, span inline, none with nowrap), the rest is byte for byte the source's.
EXPECTED_DE = """<languages/>
'''Hubs''' unterstützen [[Special:MyLanguage/Hubs|communities]].

<span id="Regions"></span>
== Regionen ==

<div lang="en" dir="ltr" class="mw-content-ltr">
Regional hubs serve a region.
</div>
Outside: kept as it is [{{#translation:}}].
{{Echo value|Name im Satz}} and <span lang="en" dir="ltr" class="mw-content-ltr">Short</span>
Not wrapped"""   # MediaWiki keeps no newline at the end of a page


def _query(gateway, **params) -> dict:
    return gateway.site.simple_request(action="query", formatversion="2", **params).submit()["query"]


def _history(gateway, title: str) -> list[tuple[str, str]]:
    """(user, summary) of every revision of a page, oldest first."""
    pages = _query(gateway, prop="revisions", titles=title, rvprop="user|comment", rvlimit="50", rvdir="newer")
    return [(r["user"], r["comment"]) for r in pages["pages"][0].get("revisions", [])]


def _save(gateway, title: str, text: str) -> None:
    """Save through the API as the bot, as a translator's save reaches the wiki."""
    gateway.save(gateway.read_pages([title])[title], text, "translation")


def _translatable(wiki, scenario, source: str = SOURCE, units: dict[str, str] = UNITS_DE, code: str = "de") -> str:
    title = scenario.page("Source")
    pages = {"Template:Echo value": "<span class=echo>{{{1}}}</span>", title: source}
    pages.update({f"Translations:{title}/{unit}/{code}": text for unit, text in units.items()})
    wiki.import_pages(pages)
    return title


def test_marking_builds_each_translation_page_from_its_units(wiki, gateway, scenario):
    title = _translatable(wiki, scenario)
    assert not gateway.read_pages([title + "/de"])[title + "/de"].exists      # translations alone build nothing
    revision = gateway.page_revisions([title])[title]

    assert wiki.mark(title) == f"marked revision {revision} of {title} for translation\n{title}/de: created\n"

    pages = gateway.read_pages([title + "/de", title + "/fr", title])
    assert pages[title + "/de"].text == EXPECTED_DE
    assert _history(gateway, title + "/de") == [("FuzzyBot", "Updating to match new version of source page")]
    assert not pages[title + "/fr"].exists                                      # no Translations:.../fr page
    assert pages[title].text == SOURCE and gateway.page_revisions([title])[title] == revision
    log = _query(gateway, list="logevents", letype="pagetranslation", letitle=title)["logevents"]
    assert [(e["action"], e["user"], e["params"]) for e in log] == [("mark", "Admin", {"revision": revision})]

    # Marked again with nothing new: FuzzyBot makes no edit.
    assert wiki.mark(title).endswith(f"{title}/de: unchanged\n")
    assert len(_history(gateway, title + "/de")) == 1


def test_marking_numbers_units_that_have_no_marker(wiki, gateway, scenario):
    title = scenario.page("Source")
    wiki.import_pages({title: "<translate>\n<!--T:4-->\nOld unit.\n\nNew unit.\n\n== New heading ==\n</translate>\n"})

    report = wiki.mark(title)

    revision = gateway.page_revisions([title])[title]
    assert report == f"marked revision {revision} of {title} for translation\n"
    assert gateway.read_pages([title])[title].text == (
        "<translate>\n<!--T:4-->\nOld unit.\n\n<!--T:5-->\nNew unit.\n\n== New heading == <!--T:6-->\n</translate>")
    assert _history(gateway, title)[-1] == ("Admin", "Marked this version for translation")


def test_a_unit_translation_saved_later_rebuilds_the_translation_page(wiki, gateway, scenario):
    title = _translatable(wiki, scenario)
    wiki.mark(title)

    _save(gateway, f"Translations:{title}/3/de", "Regionale Hubs dienen einer Region.")          # the API
    text = gateway.read_pages([title + "/de"])[title + "/de"].text
    assert text == EXPECTED_DE.replace(
        '<div lang="en" dir="ltr" class="mw-content-ltr">\nRegional hubs serve a region.\n</div>',
        "Regionale Hubs dienen einer Region.")

    wiki.edit_as("Editor", f"Translations:{title}/6/de", "Nicht eingewickelt")                  # edit.php
    assert gateway.read_pages([title + "/de"])[title + "/de"].text.endswith("\nNicht eingewickelt")
    wiki.import_pages({f"Translations:{title}/5/de": "Kurz"})                                     # importDump
    assert "{{Echo value|Name im Satz}} and Kurz\n" in gateway.read_pages([title + "/de"])[title + "/de"].text
    assert [user for user, _ in _history(gateway, title + "/de")] == ["FuzzyBot"] * 4

    # A first unit in a new language builds that language's page at once.
    _save(gateway, f"Translations:{title}/2/fr", "== Régions ==")
    assert "<span id=\"Regions\"></span>\n== Régions ==\n" in gateway.read_pages([title + "/fr"])[title + "/fr"].text


def test_edits_to_the_source_reach_translations_only_when_marked_again(wiki, gateway, scenario):
    title = _translatable(wiki, scenario)
    wiki.mark(title)
    edited = SOURCE.replace("Regional hubs serve a region.", "Regional hubs serve one region.").replace(
        "Outside: kept as it is", "Outside: changed")
    wiki.edit_as("Editor", title, edited)

    _save(gateway, f"Translations:{title}/1/de", "'''Hubs''' helfen $who.")   # rebuilt, still from the marked revision
    text = gateway.read_pages([title + "/de"])[title + "/de"].text
    assert text == EXPECTED_DE.replace("unterstützen", "helfen")

    wiki.mark(title)
    text = gateway.read_pages([title + "/de"])[title + "/de"].text
    assert text == EXPECTED_DE.replace("unterstützen", "helfen").replace(
        "serve a region.", "serve one region.").replace("Outside: kept as it is", "Outside: changed")


def test_translation_pages_have_their_display_title_and_language(wiki, gateway, scenario):
    title = _translatable(wiki, scenario)
    other = scenario.page("Unmarked")
    wiki.import_pages({other: "<translate>Text</translate>", other + "/de": "Text auf Deutsch"})
    wiki.mark(title)

    def info(*titles: str) -> dict[str, tuple[str, str]]:
        pages = _query(gateway, prop="info", inprop="displaytitle", titles="|".join(titles))["pages"]
        return {p["title"]: (p["pagelanguage"], p["displaytitle"]) for p in pages}

    unit = f"Translations:{title}/1/de"
    assert info(title + "/de", title, unit, other + "/de") == {
        title + "/de": ("de", "Quelle"), title: ("en", title), unit: ("de", unit),
        other + "/de": ("en", other + "/de")}                                   # not marked: not a translation
    parsed = gateway.site.simple_request(action="parse", page=title + "/de", prop="displaytitle",
                                         formatversion="2").submit()["parse"]
    assert parsed["displaytitle"] == "Quelle"

    # A new display title alone: the page text is the same, the title is the new one.
    _save(gateway, f"Translations:{title}/Page display title/de", "Neue Quelle")
    assert info(title + "/de")[title + "/de"] == ("de", "Neue Quelle")
    assert len(_history(gateway, title + "/de")) == 1


def test_translation_function_and_namespace(wiki, gateway, scenario):
    title = _translatable(wiki, scenario)
    box = scenario.page("Box")
    wiki.import_pages({box: "English box", box + "/de": "Deutsche Box",
                       scenario.page("Notes"): "[{{#translation:}}] {{:" + box + "{{#translation:}}}}",
                       scenario.page("Notes") + "/de": "[{{#translation:}}] {{:" + box + "{{#translation:}}}}"})
    wiki.mark(title)

    assert "Outside: kept as it is [/de]." in _text(gateway.render(title + "/de"))
    assert "Outside: kept as it is []." in _text(gateway.render(title))
    assert "[] English box" in _text(gateway.render(scenario.page("Notes")))        # not a language code
    assert "[/de] Deutsche Box" in _text(gateway.render(scenario.page("Notes") + "/de"))
    namespaces = gateway.site.simple_request(action="query", meta="siteinfo", siprop="namespaces",
                                             formatversion="2").submit()["query"]["namespaces"]
    assert (namespaces["1198"]["name"], namespaces["1199"]["name"]) == ("Translations", "Translations talk")


def test_hubbot_localwiki_mark_command(wiki, gateway, scenario, capsys):
    from bot import cli
    title = _translatable(wiki, scenario)
    revision = gateway.page_revisions([title])[title]

    assert cli.main(["localwiki", "mark", str(wiki.root), title]) == 0
    assert capsys.readouterr().out == f"marked revision {revision} of {title} for translation\n{title}/de: created\n"
    assert gateway.read_pages([title + "/de"])[title + "/de"].text == EXPECTED_DE

    assert cli.main(["localwiki", "mark", str(wiki.root), scenario.page("Missing")]) == 2
    assert capsys.readouterr().err == (
        f"hubbot: error: localwiki mark {scenario.page('Missing')}: not marked: mark: {scenario.page('Missing')}: "
        f"{scenario.page('Missing')} does not exist Fix: mark a page that exists and has <translate> ... "
        "</translate> text Translate accepts.\n")


def test_the_demo_translations_reach_their_pages(wiki, gateway, scenario):
    """The demo's Swahili units land where the demo says: the intros, two hub names, one hub's infobox scope."""
    from bot.demo_corpus import LABELS_PAGE, MARKED, TRANSLATIONS, corpus
    pages = corpus()

    def moved(title: str) -> str:   # the demo's titles under this test's own prefix
        if title.startswith("Translations:"):
            return "Translations:" + scenario.page(title.removeprefix("Translations:"))
        return scenario.page(title)
    wiki.import_pages({moved(t): pages[t] for t in MARKED} | {moved(t): text for t, text in TRANSLATIONS.items()})
    for title in MARKED:
        assert wiki.mark(moved(title)).endswith(f"{moved(title)}/sw: created\n")

    sw = {title: moved(title) + "/sw" for title in MARKED}
    texts = {title: page.text for title, page in gateway.read_pages(list(sw.values())).items()}
    assert texts[sw["Hubs"]].startswith("<languages/>\n" + TRANSLATIONS["Translations:Hubs/1/sw"] + "\n\n")
    assert texts[sw["Hubs/Ongoing"]].startswith("<languages/>\n" + TRANSLATIONS["Translations:Hubs/Ongoing/1/sw"])
    assert "\n| scope = Ulaya ya Kati na Mashariki\n" in texts[sw["Wikimedia CEE Hub"]]
    assert "\n| scope = <span lang=\"en\" dir=\"ltr\" class=\"mw-content-ltr\">Language diversity</span>\n" in (
        texts[sw["Wikimedia Language Diversity Hub"]])
    info = _query(gateway, prop="info", inprop="displaytitle", titles="|".join(sw.values()))["pages"]
    assert {p["title"]: (p["pagelanguage"], p["displaytitle"]) for p in info} == {
        sw["Hubs"]: ("sw", "Vituo vya Wikimedia"),
        sw["Hubs/Ongoing"]: ("sw", "Vituo/Miradi inayoendelea"),
        sw["Wikimedia CEE Hub"]: ("sw", "Kituo cha Wikimedia cha Ulaya ya Kati na Mashariki"),
        sw["Wikimedia Language Diversity Hub"]: ("sw", "Kituo cha Wikimedia cha Anuwai ya Lugha"),
        sw[LABELS_PAGE]: ("sw", sw[LABELS_PAGE])}                           # the labels page: no title translated
    assert "<translate" not in texts[sw[LABELS_PAGE]] and "Vituo vya kikanda" in texts[sw[LABELS_PAGE]]
    # The demo's pages carry a marker on every unit, so marking them makes no edit to the source.
    assert all(_history(gateway, moved(title)) == [("Editor", "")] for title in MARKED)


# -- the message group APIs: the shape Translate answers, read by the bot's own parsers ---------------------

def test_messagegroupstats_counts_each_languages_units(wiki, gateway, scenario):
    from bot.wiki.translate_stats import translated_languages
    title = _translatable(wiki, scenario, units=dict(UNITS_DE, **{"3": "!!FUZZY!!Regionale Hubs."}))
    wiki.import_pages({f"Translations:{title}/2/sw": "== Maeneo ==", f"Translations:{title}/99/sw": "no such unit"})
    assert not gateway.translation_progress(title).available                       # not marked: no group
    assert gateway.translation_progress(title).note == f"{title} is not marked for translation"
    wiki.mark(title)

    answer = _query(gateway, meta="messagegroupstats", mgsgroup=f"page-{title}", mgssuppressempty="1")
    # Units 1-6 and the display title; de: 1, 2, 4 and the title translated, 3 fuzzy; sw: unit 2 (99 is none).
    assert answer["messagegroupstats"] == [
        {"total": 7, "translated": 4, "fuzzy": 1, "proofread": 0, "code": "de", "language": "de"},
        {"total": 7, "translated": 7, "fuzzy": 0, "proofread": 0, "code": "en", "language": "en"},
        {"total": 7, "translated": 1, "fuzzy": 0, "proofread": 0, "code": "sw", "language": "sw"}]
    every = _query(gateway, meta="messagegroupstats", mgsgroup=f"page-{title}")["messagegroupstats"]
    assert len(every) > 300 and {"total": 7, "translated": 0, "fuzzy": 0, "proofread": 0, "code": "fr",
                                 "language": "fr"} in every                   # every language MediaWiki knows
    assert [row["code"] for row in every] == sorted(row["code"] for row in every)
    later = _query(gateway, meta="messagegroupstats", mgsgroup=f"page-{title}", mgsoffset="sw")["messagegroupstats"]
    assert later[0]["code"] == "sw" and len(later) < len(every)

    progress = gateway.translation_progress(title)                                # the bot's own read
    assert progress.available and translated_languages(progress) == ("de", "sw")
    # A fuzzy translation is shown without its mark on the translation page, as Translate does.
    assert "Regionale Hubs." in gateway.read_pages([title + "/de"])[title + "/de"].text
    assert "FUZZY" not in gateway.read_pages([title + "/de"])[title + "/de"].text
