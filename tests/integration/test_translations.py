"""Lists in the reader's language on the real local MediaWiki (issue 25), its Translate stand-in as Meta's.

One MediaWiki for this file (the session's). Each test is a scenario of its own: a translatable page SOURCE
that shows two bot-owned lists outside <translate> with ``{{:PAGE{{#translation:}}}}`` (falling back to the
English page with ``{{#ifexist:}}``), hub pages (one translatable), the labels page (marked like any page),
and translations saved as translators save them. hubbot's runs are real ``hubbot sync`` runs; what a reader
sees is checked on MediaWiki's own rendering of SOURCE/sw, a page FuzzyBot built once, at marking.
"""

from __future__ import annotations

import html as htmllib
import re

from bot.logic.labels import labels_page_text
from tests.integration.conftest import actions

SW = "sw"


def _text(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def transclude(page: str) -> str:
    return f"{{{{#ifexist:{page}{{{{#translation:}}}}|{{{{:{page}{{{{#translation:}}}}}}}}|{{{{:{page}}}}}}}}}"


class Site:
    """One scenario's translatable page, hubs, labels page and config."""

    def __init__(self, s, wiki) -> None:
        self.s, self.wiki = s, wiki
        self.source, self.labels = s.page("Hubs"), s.page("Labels")
        self.plans, self.directory = s.page("Plans"), s.page("Directory")
        self.alpha, self.beta = s.page("Alpha"), s.page("Beta")
        translatable = s.infobox("<translate><!--T:1--> Alpha Hub</translate>",
                                 scope="<translate><!--T:2--> Alpha scope</translate>", plans="[[Alpha/Plan|Plan]]")
        wiki.import_pages({
            self.source: f"<languages/>\n<translate>\n<!--T:1-->\nIntro about hubs.\n</translate>\n"
                         f"{transclude(self.directory)}\n{transclude(self.plans)}\n",
            self.alpha: "<languages/>\n" + translatable,
            self.beta: s.infobox("Beta Hub", scope="Beta scope", plans="[[Beta/Plan|Plan]]"),
            self.labels: labels_page_text(),
            f"Translations:{self.source}/1/{SW}": "Utangulizi kuhusu vituo.",
            f"Translations:{self.alpha}/Page display title/{SW}": "Kituo Alfa",
            f"Translations:{self.alpha}/2/{SW}": "Upeo wa Alfa",
            f"Translations:{self.labels}/column-scope/{SW}": "Upeo",
            f"Translations:{self.labels}/heading-regional/{SW}": "Vituo vya kikanda",
            s.page("Shutoff"): "run",
        })
        for title in (self.source, self.alpha, self.labels):     # a translation admin marks them, once
            wiki.mark(title)

    def config(self, translation: bool = True):
        outputs = [{"name": "plans", "kind": "plans", "page": self.plans},
                   {"name": "directory", "kind": "directory", "page": self.directory,
                    "columns": ["hub", "scope", "status"]}]
        path = self.s.config(outputs)
        if translation:
            import yaml
            data = yaml.safe_load(path.read_text())
            data["translation"] = {"pages": [self.source], "labels": self.labels}
            path.write_text(yaml.safe_dump(data, sort_keys=False))
        return path

    def reader(self, gateway, code: str = SW) -> str:
        """What a reader of SOURCE/xx sees (its text, rendered by MediaWiki now)."""
        return _text(gateway.render(f"{self.source}/{code}"))


def test_translated_labels_names_and_scope_reach_the_translation_page_english_elsewhere(wiki, gateway, scenario):
    site = Site(scenario, wiki)
    english = site.config(translation=False)
    code, report = scenario.sync(english)
    assert code == 0, report
    before = {t: scenario.text(t) for t in (site.plans, site.directory)}
    assert "Alpha Hub" in site.reader(gateway) and "Kituo Alfa" not in site.reader(gateway)   # English lists

    code, report = scenario.sync(site.config())
    assert code == 0, report
    done = actions(report)
    assert done[site.plans] == done[site.directory] == "unchanged"                 # the English pages as they were
    assert done[f"{site.plans}/{SW}"] == done[f"{site.directory}/{SW}"] == "edited"
    assert {t: scenario.text(t) for t in (site.plans, site.directory)} == before

    shown = site.reader(gateway)
    assert "Utangulizi kuhusu vituo." in shown                                     # FuzzyBot's translated intro
    assert "Vituo vya kikanda (2)" in shown and "Upeo" in shown and "Status" in shown  # labels, English fallback
    assert "Kituo Alfa" in shown and "Upeo wa Alfa" in shown                       # translated name and scope
    assert "Beta Hub" in shown and "Beta scope" in shown                           # not translated: English
    english_reader = _text(gateway.render(site.source))
    assert "Alpha Hub" in english_reader and "Kituo Alfa" not in english_reader and "Upeo" not in english_reader
    rendered = gateway.render(f"{site.source}/{SW}")
    assert re.search(r'href="[^"]*Special:MyLanguage/' + re.escape(site.alpha.replace(" ", "_")), rendered)   # the
    # hub's link goes through Special:MyLanguage: the reader lands on the hub page in their language

    code, report = scenario.sync(site.config())                                    # nothing new: no edit
    assert code == 0 and report["totals"]["edits"] == 0 and report["totals"]["pages_read"] == 0, report
    assert set(actions(report).values()) == {"unchanged"}


def test_a_hub_has_the_name_its_infobox_shows_in_the_lists_of_that_language(wiki, gateway, scenario):
    """Finding 19: Alpha's Swahili page shows its translated name unit in its infobox ("Kituo cha Alfa") and has
    another translated display title ("Kituo Alfa"); the Swahili lists name it as its infobox does."""
    site = Site(scenario, wiki)
    config = site.config()
    assert scenario.sync(config)[0] == 0
    assert "Kituo Alfa" in site.reader(gateway)          # the name unit not translated: the translated title

    wiki.edit_as("Editor", f"Translations:{site.alpha}/1/{SW}", "Kituo cha Alfa", "translation")   # the name unit
    assert "Kituo cha Alfa" in scenario.text(f"{site.alpha}/{SW}")      # FuzzyBot's Alpha/sw: its infobox's name
    code, report = scenario.sync(config)
    assert code == 0, report
    assert {p for p, a in actions(report).items() if a == "edited"} == {f"{site.directory}/{SW}", f"{site.plans}/{SW}"}
    directory = scenario.text(f"{site.directory}/{SW}")
    assert f"[[Special:MyLanguage/{site.alpha}|Kituo cha Alfa]]" in directory and "Kituo Alfa" not in directory
    shown = site.reader(gateway)
    assert "Kituo cha Alfa" in shown and "Kituo Alfa" not in shown


def test_translators_get_the_labels_documentation_and_the_introduction_in_their_language(wiki, gateway, scenario):
    """Finding 18 on the real wiki: publish-templates publishes each label's documentation (Translations:LABELS/
    KEY/qqq, what Special:Translate shows beside the unit) for the marked labels page; LABELS/sw shows a translated
    introduction and the translations made before; no list is written in qqq."""
    from bot.app import publish_templates
    from bot.config import load_config
    site = Site(scenario, wiki)
    wiki.edit_as("Editor", f"Translations:{site.labels}/intro/{SW}", "Maneno ambayo hubbot huandika.", "translation")
    config = load_config(site.config())
    lines = []
    done = dict(publish_templates(gateway, config, state_dir=scenario.state_dir, emit=lines.append))
    docs = {t: a for t, a in done.items() if t.startswith(f"Translations:{site.labels}/")}
    assert len(docs) == 38 and set(docs.values()) == {"edited"}, lines
    assert done[site.labels] == "unchanged"
    assert scenario.text(f"Translations:{site.labels}/heading-count/qqq") == (
        "A section heading of the hub directory with its number of hubs, 'Regional hubs (9)' in English: "
        "$1 the heading, $2 the number.")
    shown = _text(gateway.render(f"{site.labels}/{SW}"))
    assert "Maneno ambayo hubbot huandika." in shown and "The words hubbot writes" not in shown
    assert "Upeo" in shown and "Vituo vya kikanda" in shown               # the translations made before
    assert "a column header of the hub directory" in shown               # where each is used, in English

    qqq = {s.code: s for s in gateway.translation_progress(site.labels).stats}["qqq"]
    assert (qqq.translated, qqq.total) == (38, 40)     # counted like a language, as Translate does (40: the title too)
    code, report = scenario.sync(site.config())
    assert code == 0, report
    written = {p for p, a in actions(report).items() if a == "edited"}
    assert {p for p in written if not p.startswith("Module:")} == {     # the lists in English and Swahili,
        site.directory, site.plans, f"{site.directory}/{SW}", f"{site.plans}/{SW}"}   # none in qqq
    assert not gateway.read_pages([f"{site.labels}/qqq"])[f"{site.labels}/qqq"].exists   # no LABELS/qqq built
    assert "Upeo" in site.reader(gateway) and "Vituo vya kikanda (2)" in site.reader(gateway)


def test_a_translators_label_and_a_new_hub_reach_the_translation_page_without_marking(wiki, gateway, scenario):
    site = Site(scenario, wiki)
    config = site.config()
    assert scenario.sync(config)[0] == 0
    marked = gateway.page_revisions([f"{site.source}/{SW}"])[f"{site.source}/{SW}"]

    wiki.edit_as("Editor", f"Translations:{site.labels}/column-status/{SW}", "Hali", "translation")   # a translator
    code, report = scenario.sync(config)
    assert code == 0, report
    edited = {p for p, a in actions(report).items() if a == "edited"}
    # The Swahili directory; the label is the infobox's too, so its data module may follow (Module:...).
    assert {p for p in edited if not p.startswith("Module:")} == {f"{site.directory}/{SW}"}
    assert "Hali" in site.reader(gateway)

    wiki.import_pages({scenario.page("Gamma"): scenario.infobox("Gamma Hub", scope="Gamma scope")})
    code, report = scenario.sync(config)
    assert code == 0, report
    assert "Gamma Hub" in site.reader(gateway) and "Gamma scope" in site.reader(gateway)
    assert "Gamma Hub" in _text(gateway.render(site.source))
    # Nobody marked SOURCE again: FuzzyBot's page is the one it built, the lists came by transclusion.
    assert gateway.page_revisions([f"{site.source}/{SW}"])[f"{site.source}/{SW}"] == marked


def test_a_new_language_gets_its_pages_at_the_next_run(wiki, gateway, scenario):
    site = Site(scenario, wiki)
    config = site.config()
    assert scenario.sync(config)[0] == 0
    wiki.edit_as("Editor", f"Translations:{site.source}/1/de", "Einleitung über Hubs.", "translation")
    assert "Alpha Hub" in site.reader(gateway, "de")                 # until the run: the English lists (ifexist)
    code, report = scenario.sync(config)
    assert code == 0, report
    assert actions(report)[f"{site.directory}/de"] == "edited"
    shown = site.reader(gateway, "de")
    assert "Einleitung über Hubs." in shown and "Regional hubs (2)" in shown and "Alpha Hub" in shown


def test_a_language_whose_units_are_all_outdated_keeps_a_current_list(wiki, gateway, scenario):
    """Every unit of a language outdated (Translate's statistics: translated 0, fuzzy 1): SOURCE/xx still shows
    PAGE/xx, so hubbot keeps writing it (English where nothing is translated), never leaves the old list."""
    site = Site(scenario, wiki)
    config = site.config()
    wiki.edit_as("Editor", f"Translations:{site.source}/1/de", "Einleitung über Hubs.", "translation")
    assert scenario.sync(config)[0] == 0
    assert "Pilot" in site.reader(gateway, "de")
    wiki.edit_as("Editor", f"Translations:{site.source}/1/de", "!!FUZZY!!Einleitung über Hubs.", "outdated")
    wiki.import_pages({site.beta: scenario.infobox("Beta Hub", scope="Beta scope", status="implementation",
                                                   plans="[[Beta/Plan|Plan]]")})
    code, report = scenario.sync(config)
    assert code == 0, report
    assert actions(report)[f"{site.directory}/de"] == "edited"
    assert "Implementation" in site.reader(gateway, "de") and "Implementation" in site.reader(gateway)


def portal_with_a_list(s, wiki, gateway, site, parameters: str, more: dict):
    """A translatable page PORTAL with a {{Hub list|PARAMETERS}} (a template pair of this test's own), its intro
    translated into Swahili, the templates published, and ``more`` pages; (PORTAL, the config with the lists)."""
    import yaml

    from bot.app import publish_templates
    from bot.resources import TEMPLATES
    publish_templates(gateway)                                # Module:Hub list and Template:Hub list end
    template, end = f"Hub list {s.key}", f"Hub list end {s.key}"
    portal = s.page("Portal")
    wiki.import_pages({
        f"Template:{template}": f"<includeonly>{{{{#invoke:Hub list|notice|data=Module:Hub list {s.key}/data}}}}"
                                "</includeonly>",
        f"Template:{end}": (TEMPLATES / "Hub_list_end.wiki").read_text(),
        portal: (f"<languages/>\n<translate>\n<!--T:1-->\nHubs we work with.\n</translate>\n"
                 f"{{{{{template}|{parameters}}}}}\n{{{{{end}}}}}\n"),
        f"Translations:{portal}/1/{SW}": "Vituo tunavyoshirikiana navyo.",
        **more,
    })
    path = site.config()
    data = yaml.safe_load(path.read_text())
    data["lists"] = {"template": template, "end_template": end, "notices": f"Module:Hub list {s.key}/data"}
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return portal, path


def hidden_copy(html: str):
    """Translate's copy of the list on PAGE/xx, which {{Hub list}} hides when hubbot's text is found."""
    return re.search(r'<div class="hubbot-list-copy" style="display:none">(.*?)</div>\s*<div class="hubbot-list-note"',
                     html, re.S)


def test_a_hub_list_on_a_translatable_page_shows_the_current_list_in_the_readers_language(wiki, gateway, scenario):
    """Translate copies a {{Hub list}} into PAGE/xx as it was when PAGE was marked; there {{Hub list}} shows the
    list as hubbot wrote it this run in xx (Module:Hub list/translations) and hides the copy."""
    s = scenario
    site = Site(s, wiki)
    portal, path = portal_with_a_list(s, wiki, gateway, site, "columns=name, scope", {
        f"Translations:{site.labels}/list-maintained/{SW}": "orodha inatunzwa na $1 [[Category:X]]"})
    assert s.sync(path)[0] == 0
    wiki.mark(portal)                       # the copy on PORTAL/sw: the English list of this moment
    wiki.import_pages({s.page("Gamma"): s.infobox("Gamma Hub", scope="Gamma scope")})   # then a new hub
    code, report = s.sync(path)
    assert code == 0, report

    html = gateway.render(f"{portal}/{SW}")
    hidden = hidden_copy(html)
    assert hidden and "Alpha Hub" in _text(hidden.group(1)) and "Gamma Hub" not in _text(hidden.group(1))
    shown = _text(html.replace(hidden.group(1), ""))
    assert "Vituo tunavyoshirikiana navyo." in shown
    assert "Kituo Alfa" in shown and "Upeo wa Alfa" in shown and "Upeo" in shown      # Swahili where translated
    assert "Gamma Hub" in shown and "Beta Hub" in shown and "Alpha Hub" not in shown  # current, without marking
    assert "orodha inatunzwa na hubbot Category:X" in shown            # the note: a translator's markup is text
    assert re.search(r'<a [^>]*title="Template:Hub list"[^>]*>hubbot</a>', html)       # $1: the link
    categories = gateway.site.simple_request(action="parse", page=f"{portal}/{SW}", prop="categories",
                                             formatversion="2").submit()["parse"]["categories"]
    assert "X" not in [c["category"] for c in categories]
    english = gateway.render(portal)
    assert "hubbot-list-copy" not in english and "Gamma Hub" in _text(english) and "Kituo" not in _text(english)
    assert "list maintained by hubbot" in _text(english)


def test_a_hub_list_whose_parameters_changed_since_marking_shows_the_current_list_on_the_translation(
        wiki, gateway, scenario):
    """PORTAL/sw keeps the {{Hub list}} call of the marked revision (its parameters, its caption translated):
    Module:Hub list still finds the current Swahili list there after the source's parameters changed."""
    s = scenario
    site = Site(s, wiki)
    portal, path = portal_with_a_list(
        s, wiki, gateway, site, "columns=name, status|status=research, pilot\n|caption=<translate><!--T:2--> Pilots</translate>",
        {f"Translations:{s.page('Portal')}/2/{SW}": "Majaribio",
         s.page("Gamma"): s.infobox("Gamma Hub", scope="Gamma scope", status="implementation")})
    assert s.sync(path)[0] == 0
    wiki.mark(portal)
    assert s.sync(path)[0] == 0
    assert "Majaribio" in _text(gateway.render(f"{portal}/{SW}"))

    wiki.import_pages({portal: s.text(portal).replace("status=research, pilot", "status=research, pilot, implementation")})
    code, report = s.sync(path)
    assert code == 0, report
    html = gateway.render(f"{portal}/{SW}")
    hidden = hidden_copy(html)
    assert hidden, html                                         # the copy hidden: hubbot's text found
    shown = _text(html.replace(hidden.group(1), ""))
    assert "Gamma Hub" in shown and "Implementation" in shown and "Kituo Alfa" in shown and "Majaribio" in shown
    assert "Gamma Hub" not in _text(hidden.group(1))


def test_a_translators_edit_wakes_the_watcher(wiki, gateway, scenario):
    """`hubbot watch`: an edit in the Translations namespace (1198) syncs the outputs written per language."""
    from tests.integration.test_watch import start_watch, stop, wait_for
    site = Site(scenario, wiki)
    config = site.config()
    assert scenario.sync(config)[0] == 0
    proc = start_watch(scenario, config)
    try:
        wait_for(lambda: (scenario.state_dir / "watch.json").exists(), "the first catch-up run")
        wiki.edit_as("Editor", f"Translations:{site.labels}/column-status/{SW}", "Hali", "translation")
        wait_for(lambda: "! Hub !! Upeo !! Hali" in scenario.text(f"{site.directory}/{SW}"),
                 "the label on the Swahili directory")
    finally:
        code, out, err = stop(proc)
    assert code == 0, err
    assert re.search(r"watch: syncing [^\n]*directory[^\n]* because [^\n]*Translations:", err), err[-2000:]
    assert "Hali" in site.reader(gateway)


def test_english_left_on_a_right_to_left_translation_is_marked_left_to_right(wiki, gateway, scenario):
    """SOURCE/ar and PORTAL/ar are laid out right to left; the lists' English fallbacks (a hub name, a scope, a
    label, the note under a {{Hub list}}) come out marked lang="en" dir="ltr" in MediaWiki's rendering, so their
    punctuation is not mirrored; Arabic words are not marked, nor is anything on the Swahili page."""
    s = scenario
    site = Site(s, wiki)
    portal, path = portal_with_a_list(s, wiki, gateway, site, "columns=name, scope", {
        f"Translations:{site.source}/1/ar": "مقدمة عن المراكز.",
        f"Translations:{s.page('Portal')}/1/ar": "المراكز التي نعمل معها.",
        f"Translations:{site.labels}/column-scope/ar": "النطاق"})
    assert s.sync(path)[0] == 0
    wiki.mark(portal)
    code, report = s.sync(path)
    assert code == 0, report
    ltr = '<span lang="en" dir="ltr">'

    html = gateway.render(f"{site.source}/ar")
    assert "مقدمة عن المراكز." in html and "النطاق" in html, html
    assert f"{ltr}Beta scope</span>" in html and f"{ltr}Regional hubs</span> (2)" in html
    assert re.search(re.escape(ltr) + r'<a href="[^"]*Special:MyLanguage/[^"]*"[^>]*>Beta Hub</a></span>', html), html
    assert f"{ltr}النطاق" not in html
    assert f"{ltr}Beta scope</span>" not in gateway.render(f"{site.source}/{SW}")

    html = gateway.render(f"{portal}/ar")
    hidden = hidden_copy(html)
    assert hidden, html
    shown = html.replace(hidden.group(1), "")
    assert f"{ltr}Beta scope</span>" in shown
    assert re.search(re.escape(ltr) + r'list maintained by <a [^>]*title="Template:Hub list"[^>]*>hubbot</a></span>',
                     shown), shown
    assert ltr not in gateway.render(portal)
