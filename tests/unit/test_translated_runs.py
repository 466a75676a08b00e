"""Whole runs that write each translated list once per language (issue 25), on a wiki in memory.

With a ``translation:`` section, each plans and directory output without a region is written in English on
its page, byte for byte as without the section, and on PAGE/xx for every language xx that Translate's
statistics of the configured pages (or of the labels page) show translated: xx's labels, hub names and
scopes where translators gave them, English elsewhere. Nobody marks anything: the next run brings every
change. The same stories run on the real local MediaWiki in tests/integration/test_translations.py.
"""

from __future__ import annotations

from datetime import datetime, timezone

from bot.config import parse_config
from bot.logic.kinds import check_config
from bot.models import TranslationProgress, TranslationStat
from bot.outcomes import Status
from bot.runner import Run
from bot.state import State
from bot.wiki.memory import MemoryWiki

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
LABELS = "Hubs/hubbot labels"
OUTPUTS = [{"name": "plans", "kind": "plans", "page": "Hubs/List of ongoing plans"},
           {"name": "directory", "kind": "directory", "page": "Hubs/Directory", "columns": ["hub", "scope", "status"]},
           {"name": "errors", "kind": "errors", "page": "User:HubBot/Errors"}]


def infobox(name: str, scope: str = "Somewhere", status: str = "pilot") -> str:
    return (f"{{{{Hub infobox\n| name = {name}\n| type = regional\n| scope = {scope}\n| status = {status}\n"
            f"| plans = [[{name}/Plan|Plan]]\n}}}}\n")


def config_of(tmp_path, translation: bool = True):
    raw = {"outputs": OUTPUTS, "safety": {"shutoff_page": "User:HubBot/Shutoff"}}
    if translation:
        raw["translation"] = {"pages": ["Hubs"], "labels": LABELS}
    return check_config(parse_config(raw, str(tmp_path / "config.yaml")))


def statistics(wiki: MemoryWiki, **languages: int):
    """Translate's statistics: Hubs translated into each language given (units translated), the labels page too
    (one request a page, as meta=messagegroupstats)."""
    def answer(page: str) -> TranslationProgress:
        wiki.counters.requests += 1
        stats = [TranslationStat("en", 10, 10, 0)] + [TranslationStat(code, 10, n, 0) for code, n in languages.items()]
        return TranslationProgress(page, True, tuple(stats))
    return answer


def make() -> MemoryWiki:
    wiki = MemoryWiki()
    wiki.edit("Hub A", infobox("Hub A", "Central Europe"))
    wiki.edit("Hub B", infobox("Hub B", "East Africa"))
    wiki.edit("User:HubBot/Shutoff", "run")
    # What Translate keeps and FuzzyBot builds once a translator translated Hub A's title and scope.
    wiki.edit("Translations:Hub A/Page display title/sw", "Kituo A", user="Translator")
    wiki.edit("Hub A/sw", infobox("Hub A", "Ulaya ya Kati"), user="FuzzyBot")
    wiki.edit(f"Translations:{LABELS}/column-scope/sw", "Upeo", user="Translator")
    wiki.translation_progress = statistics(wiki, sw=3)
    return wiki


def en(wikitext: str) -> str:
    """English text on a page in a right-to-left language, as the lists mark it."""
    return f'<span lang="en" dir="ltr">{wikitext}</span>'


def run(wiki, config, tmp_path, **kw):
    return Run(config, wiki, now=NOW, state=State.load(tmp_path / "state"), sleep=lambda s: None, **kw).run()


def test_each_translated_output_gets_a_page_per_language_english_where_not_translated(tmp_path):
    wiki = make()
    report = run(wiki, config_of(tmp_path), tmp_path)
    assert not report.failed
    assert {o.page: o.action for o in report.outputs} == {
        "Hubs/List of ongoing plans": "edited", "Hubs/Directory": "edited", "User:HubBot/Errors": "edited",
        "Hubs/List of ongoing plans/sw": "edited", "Hubs/Directory/sw": "edited",
        "Module:Hub infobox/i18n": "edited"}                    # the infobox's labels: Scope in Swahili
    assert '\t["sw"] = {\n\t\t["column-scope"] = "Upeo",\n\t},\n' in wiki.text("Module:Hub infobox/i18n")
    directory = wiki.text("Hubs/Directory/sw")
    assert "! Hub !! Upeo !! Status" in directory                                   # one label translated
    assert "| [[Special:MyLanguage/Hub A|Kituo A]] || Ulaya ya Kati || Pilot" in directory
    assert "| [[Special:MyLanguage/Hub B|Hub B]] || East Africa || Pilot" in directory   # nothing translated
    assert "=== Regional hubs (2) ===" in directory
    assert wiki.text("Hubs/List of ongoing plans/sw").endswith(                  # sorted by the Swahili names
        "* [[Special:MyLanguage/Hub B|Hub B]]\n** [[Special:MyLanguage/Hub B/Plan|Plan]]\n"
        "* [[Special:MyLanguage/Hub A|Kituo A]]\n** [[Special:MyLanguage/Hub A/Plan|Plan]]")
    # The translation page of a hub is no hub of its own.
    assert directory.count("Special:MyLanguage/Hub A|") == 1
    assert wiki.history("Hubs/Directory/sw")[-1].summary.startswith("hubbot: directory/sw: ")


def test_the_english_pages_are_byte_for_byte_those_of_a_config_without_translation(tmp_path):
    translated, plain = make(), make()
    run(translated, config_of(tmp_path / "a"), tmp_path / "a")
    run(plain, config_of(tmp_path / "b", translation=False), tmp_path / "b")
    for title in ("Hubs/List of ongoing plans", "Hubs/Directory"):
        assert translated.text(title) == plain.text(title)
    assert "Hubs/Directory/sw" not in plain.pages


def test_nothing_new_reads_no_text_and_a_translators_edit_wakes_the_next_run(tmp_path):
    wiki, config = make(), config_of(tmp_path)
    run(wiki, config, tmp_path)
    quiet = run(wiki, config, tmp_path)
    assert {o.action for o in quiet.outputs} == {"unchanged"} and quiet.edits == 0 and quiet.pages_read == 0
    # hub listing, {{Hub list}} listing, statistics of Hubs and of the labels page, the revision ids (one batch)
    assert quiet.requests == 5

    wiki.edit(f"Translations:{LABELS}/column-status/sw", "Hali", user="Translator")
    woken = run(wiki, config, tmp_path)
    assert {o.page for o in woken.outputs if o.action == "edited"} == {"Hubs/Directory/sw", "Module:Hub infobox/i18n"}
    assert '["column-status"] = "Hali",' in wiki.text("Module:Hub infobox/i18n")       # the infobox's Status row
    assert "! Hub !! Upeo !! Hali" in wiki.text("Hubs/Directory/sw")
    assert "! Hub !! Scope !! Status" in wiki.text("Hubs/Directory")


def test_a_new_hub_and_a_new_translated_title_reach_every_language_without_marking(tmp_path):
    wiki, config = make(), config_of(tmp_path)
    wiki.translation_progress = statistics(wiki, sw=3, de=1)
    run(wiki, config, tmp_path)
    wiki.edit("Hub C", infobox("Hub C", "Iberia"))
    wiki.edit("Hub B/sw", infobox("Hub B", "East Africa"), user="FuzzyBot")       # a translator starts Hub B
    wiki.edit("Translations:Hub B/Page display title/sw", "Kituo B", user="Translator")
    report = run(wiki, config, tmp_path)
    assert {o.page for o in report.outputs if o.action == "edited"} >= {
        "Hubs/Directory", "Hubs/Directory/sw", "Hubs/Directory/de", "Hubs/List of ongoing plans/de"}
    for code in ("sw", "de"):
        assert "[[Special:MyLanguage/Hub C|Hub C]] || Iberia" in wiki.text(f"Hubs/Directory/{code}")
    assert "[[Special:MyLanguage/Hub B|Kituo B]]" in wiki.text("Hubs/Directory/sw")
    assert "Kituo" not in wiki.text("Hubs/Directory/de")                       # German: all English


def test_a_hostile_translation_is_text_on_the_page(tmp_path):
    wiki, config = make(), config_of(tmp_path)
    wiki.edit("Translations:Hub A/Page display title/sw", "[[Category:Spam]] {{subst:X}} ~~~~ __NOTOC__ |}")
    wiki.edit(f"Translations:{LABELS}/column-scope/sw", "{| ~~~ __NOINDEX__ [[x]] |- ||")
    report = run(wiki, config, tmp_path)
    assert not report.failed
    text = wiki.text("Hubs/Directory/sw")
    assert "Category:Spam" in text and "[[Category" not in text and "{{subst" not in text and "~~~" not in text
    assert "__NOTOC__" not in text and "__NOINDEX__" not in text and "{|" not in text.split("\n", 3)[3][:40]


def test_a_region_on_a_translatable_page_is_reported_on_the_errors_page(tmp_path):
    wiki = make()
    wiki.edit("Hubs", "<translate>Intro</translate>\n<!-- hubbot:begin p -->\n<!-- hubbot:end p -->\n")
    outputs = OUTPUTS + [{"name": "plans-region", "kind": "plans", "page": "Hubs", "region": "p"}]
    config = check_config(parse_config({"outputs": outputs, "translation": {"pages": ["Hubs"], "labels": LABELS},
                                        "safety": {"shutoff_page": "User:HubBot/Shutoff"}},
                                       str(tmp_path / "config.yaml")))
    report = run(wiki, config, tmp_path)
    warning = next(m for m in report.messages if "region 'p'" in m)
    assert "translation pages show the copy" in warning and "{{:PAGE{{#translation:}}}}" in warning
    assert "region &#39;p&#39;" in wiki.text("User:HubBot/Errors") or "region 'p'" in wiki.text("User:HubBot/Errors")
    assert {o.page: o.status for o in report.outputs}["Hubs"] is Status.EDITED     # written all the same


# -- {{Hub list}} on a translatable page ----------------------------------------------------------------------

PORTAL = ("<languages/>\n<translate>\n<!--T:1-->\nHubs we work with.\n</translate>\n"
          "{{Hub list|columns=name, scope|sort=name}}\n{{Hub list end}}\n")


def test_lists_of_a_translatable_page_are_written_for_each_language_into_the_module_hub_list_reads(tmp_path):
    from bot.lists import TRANSLATED_LISTS
    wiki, config = make(), config_of(tmp_path)
    wiki.edit("Portal", PORTAL)
    wiki.edit("Essay", "{{Hub list|columns=name}}\n{{Hub list end}}\n")      # not translatable: nothing to add
    report = run(wiki, config, tmp_path)
    assert not report.failed and {o.page: o.action for o in report.outputs}[TRANSLATED_LISTS] == "edited"
    module = wiki.text(TRANSLATED_LISTS)
    assert '["Portal"] = {\n\t\t\t["columns=name, scope|sort=name"] = {\n\t\t\t\t["sw"] = "\\123| class=' in module
    assert "! Hub !! Upeo\\n" in module and "[[Special:MyLanguage/Hub A|Kituo A]] || Ulaya ya Kati" in module
    assert "Essay" not in module
    assert "Hub A]] || Central Europe" in wiki.text("Portal")               # the page itself: English as before
    assert run(wiki, config, tmp_path).edits == 0
    wiki.edit("Hub C", infobox("Hub C", "Iberia"))
    run(wiki, config, tmp_path)
    assert "[[Special:MyLanguage/Hub C|Hub C]] || Iberia" in wiki.text(TRANSLATED_LISTS)


def test_without_translatable_list_pages_no_module_is_written(tmp_path):
    from bot.lists import TRANSLATED_LISTS
    wiki, config = make(), config_of(tmp_path)
    wiki.edit("Essay", "{{Hub list|columns=name}}\n{{Hub list end}}\n")
    report = run(wiki, config, tmp_path)
    assert TRANSLATED_LISTS not in wiki.pages and TRANSLATED_LISTS not in {o.page for o in report.outputs}
    plain = make()
    plain.edit("Portal", PORTAL)
    run(plain, config_of(tmp_path / "b", translation=False), tmp_path / "b")
    assert TRANSLATED_LISTS not in plain.pages                                    # no translation section


# -- a language that drops out of use -------------------------------------------------------------------------

def test_a_language_whose_units_are_all_outdated_or_deleted_keeps_its_pages_current_in_english(tmp_path):
    """Translate's statistics stop showing a language as translated (every unit outdated, or deleted): its
    pages PAGE/xx, written before and transcluded by PAGE/xx of the translatable page, keep being written
    (English where nothing is translated), never left with the old list."""
    wiki, config = make(), config_of(tmp_path)
    wiki.translation_progress = statistics(wiki, sw=3, ar=1)
    wiki.edit(f"Translations:{LABELS}/column-status/ar", "الحالة", user="Translator")
    run(wiki, config, tmp_path)
    assert "الحالة" in wiki.text("Hubs/Directory/ar")

    def outdated(page: str) -> TranslationProgress:           # ar: translated 0, fuzzy 1
        wiki.counters.requests += 1
        return TranslationProgress(page, True, (TranslationStat("en", 10, 10, 0), TranslationStat("ar", 10, 0, 1),
                                                TranslationStat("sw", 10, 3, 0)))
    wiki.translation_progress = outdated
    wiki.edit(f"Translations:{LABELS}/column-status/ar", "!!FUZZY!!الحالة", user="FuzzyBot")
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="implementation"))
    report = run(wiki, config, tmp_path)
    edited = {o.page for o in report.outputs if o.action == "edited"}
    assert {"Hubs/Directory", "Hubs/Directory/sw", "Hubs/Directory/ar"} <= edited
    ar = wiki.text("Hubs/Directory/ar")      # English: nothing translated (marked as such: Arabic is right to left)
    assert f"| {en('[[Special:MyLanguage/Hub B|Hub B]]')} || {en('East Africa')} || {en('Implementation')}" in ar
    assert f"! {en('Hub')} !! {en('Scope')} !! {en('Status')}" in ar and "الحالة" not in ar
    assert run(wiki, config, tmp_path).edits == 0                                     # and quiet again

    wiki.translation_progress = statistics(wiki, sw=3)          # every ar unit deleted: ar is no row at all
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="established"))
    run(wiki, config, tmp_path)
    assert (f"| {en('[[Special:MyLanguage/Hub B|Hub B]]')} || {en('East Africa')} || {en('Established')}"
            in wiki.text("Hubs/Directory/ar"))


def test_a_page_per_language_deleted_by_an_admin_is_not_recreated_once_the_language_is_out_of_use(tmp_path):
    wiki, config = make(), config_of(tmp_path)
    wiki.translation_progress = statistics(wiki, sw=3, ar=1)
    run(wiki, config, tmp_path)
    wiki.translation_progress = statistics(wiki, sw=3)
    del wiki.pages["Hubs/Directory/ar"]
    del wiki.pages["Hubs/List of ongoing plans/ar"]
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="implementation"))
    report = run(wiki, config, tmp_path)
    assert not report.failed
    assert "Hubs/Directory/ar" not in {o.page for o in report.outputs if o.action == "edited"}
    assert "Hubs/Directory/ar" not in wiki.pages and "Hubs/List of ongoing plans/ar" not in wiki.pages
    assert "Implementation" in wiki.text("Hubs/Directory/sw")


def test_a_translated_lists_text_is_found_by_the_call_on_the_translation_page_after_the_source_changed(tmp_path):
    """Translate's PORTAL/sw keeps the call of the marked revision (its parameters, its translated caption):
    the module keys the Swahili text by that call, so Module:Hub list finds it there after the source's
    parameters changed, with the source's current parameters."""
    from bot.lists import TRANSLATED_LISTS
    wiki, config = make(), config_of(tmp_path)
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="implementation"))
    wiki.edit("Portal", "<languages/>\n<translate>\n<!--T:1-->\nHubs we work with.\n</translate>\n"
                        "{{Hub list|columns=name, status|status=pilot|caption=<translate><!--T:2--> Pilots</translate>}}"
                        "\n{{Hub list end}}\n")
    # FuzzyBot's PORTAL/sw, built when the page was marked: the caption translated, the parameters of then.
    wiki.edit("Portal/sw", "Vituo.\n{{Hub list|columns=name, status|status=pilot|caption=Majaribio}}\n"
                           "{{Hub list end}}\n", user="FuzzyBot")
    run(wiki, config, tmp_path)
    module = wiki.text(TRANSLATED_LISTS)
    assert '["caption=Majaribio|columns=name, status|status=pilot"] = {\n\t\t\t\t["sw"] = ' in module
    wiki.edit("Portal", wiki.text("Portal").replace("status=pilot", "status=pilot, implementation"))
    report = run(wiki, config, tmp_path)
    assert not report.failed
    module = wiki.text(TRANSLATED_LISTS)
    entry = module.split('["caption=Majaribio|columns=name, status|status=pilot"] = {')[1].split("\n\t\t\t},")[0]
    assert "Kituo A]] || Pilot" in entry and "Hub B]] || Implementation" in entry      # current parameters
    assert "Majaribio" in entry                                                       # the translated caption
    assert "misses" not in " ".join(report.messages)


def test_a_translation_page_whose_lists_no_longer_pair_with_the_sources_is_said_on_the_errors_page(tmp_path):
    wiki, config = make(), config_of(tmp_path)
    wiki.edit("Portal", PORTAL + "{{Hub list|columns=name}}\n{{Hub list end}}\n")     # a second list, not marked
    wiki.edit("Portal/sw", "{{Hub list|columns=name, scope|sort=name|type=regional}}\n{{Hub list end}}\n",
              user="FuzzyBot")
    report = run(wiki, config, tmp_path)
    warning = next(m for m in report.messages if "Portal/sw" in m)
    assert "marked" in warning and "mark" in warning.split(":", 1)[1]
    assert "Portal/sw" in wiki.text("User:HubBot/Errors")



# -- labels whose $n are not the English label's ----------------------------------------------------------------

def test_a_label_that_drops_or_invents_a_placeholder_is_shown_in_english_and_named_on_the_errors_page(tmp_path):
    wiki, config = make(), config_of(tmp_path)
    wiki.translation_progress = statistics(wiki, sw=3, de=3)
    wiki.edit(f"Translations:{LABELS}/heading-count/de", "Abschnitt $3", user="Translator")
    wiki.edit(f"Translations:{LABELS}/list-maintained/de", "gepflegt von einem Bot", user="Translator")
    wiki.edit(f"Translations:{LABELS}/column-scope/de", "Bereich $1", user="Translator")
    wiki.edit(f"Translations:{LABELS}/heading-regional/de", "Regionale Hubs", user="Translator")
    report = run(wiki, config, tmp_path)
    assert not report.failed
    directory = wiki.text("Hubs/Directory/de")
    assert "=== Regionale Hubs (2) ===" in directory and "$3" not in directory and "Abschnitt" not in directory
    assert "! Hub !! Scope !! Status" in directory                                # "Bereich $1": English
    errors = wiki.text("User:HubBot/Errors")
    said = [m for m in report.messages if "in language de" in m]
    assert len(said) == 3
    heading = next(m for m in said if "heading-count" in m)
    assert f"Translations:{LABELS}/heading-count/de" in heading and "keep $1 and $2" in heading
    assert any("list-maintained" in m and "keep $1" in m for m in said)
    assert any("column-scope" in m and "remove the $n" in m for m in said)
    assert "heading-count in language de" in errors


# -- an outdated unit on HUB/xx ---------------------------------------------------------------------------------

def test_an_outdated_scope_on_the_hubs_translation_page_is_shown_in_english(tmp_path):
    """Translate wraps an outdated unit on HUB/xx in class mw-translate-fuzzy (a span inline, a div around a
    block): like an outdated label or display title, the hub's English value is shown."""
    wiki, config = make(), config_of(tmp_path)
    wiki.edit("Hub A/sw", infobox("Kituo A", '<span class="mw-translate-fuzzy">Ulaya ya Kati</span>'),
              user="FuzzyBot")
    wiki.edit("Hub B/sw", infobox("Hub B", '<div class="mw-translate-fuzzy">\nAfrika Mashariki\n</div>'),
              user="FuzzyBot")
    run(wiki, config, tmp_path)
    directory = wiki.text("Hubs/Directory/sw")
    assert "| [[Special:MyLanguage/Hub A|Kituo A]] || Central Europe || Pilot" in directory
    assert "| [[Special:MyLanguage/Hub B|Hub B]] || East Africa || Pilot" in directory
    assert "Ulaya" not in directory and "Afrika" not in directory


def test_english_left_on_a_right_to_left_page_is_marked_left_to_right_and_other_pages_are_unchanged(tmp_path):
    """On Hubs/Directory/ar (transcluded by a page whose language is Arabic, laid out right to left), an English
    label, hub name, scope or status word was laid out right to left too: 'Regional hubs (2)' read '(2) Regional
    hubs' and punctuation went to the wrong end. Each English fallback is marked as Translate marks an untranslated
    unit; translated words and the counts' parentheses are not; the Swahili pages are as they were."""
    wiki, config = make(), config_of(tmp_path)
    wiki.translation_progress = statistics(wiki, sw=3, ar=2)
    wiki.edit("Hub A/ar", infobox("Hub A", "Central Europe"), user="FuzzyBot")     # its scope not translated
    wiki.edit("Translations:Hub A/Page display title/ar", "مركز أ", user="Translator")
    wiki.edit(f"Translations:{LABELS}/column-scope/ar", "النطاق", user="Translator")
    wiki.edit(f"Translations:{LABELS}/status-pilot/ar", "تجريبي", user="Translator")
    run(wiki, config, tmp_path)
    directory = wiki.text("Hubs/Directory/ar")
    assert f"=== {en('Regional hubs')} (2) ===" in directory
    assert f"! {en('Hub')} !! النطاق !! {en('Status')}\n" in directory
    assert f"| [[Special:MyLanguage/Hub A|مركز أ]] || {en('Central Europe')} || تجريبي\n" in directory
    assert f"| {en('[[Special:MyLanguage/Hub B|Hub B]]')} || {en('East Africa')} || تجريبي\n" in directory
    assert wiki.text("Hubs/List of ongoing plans/ar").endswith(
        f"* {en('[[Special:MyLanguage/Hub B|Hub B]]')}\n** [[Special:MyLanguage/Hub B/Plan|Plan]]\n"
        "* [[Special:MyLanguage/Hub A|مركز أ]]\n** [[Special:MyLanguage/Hub A/Plan|Plan]]")
    for title in ("Hubs/Directory/sw", "Hubs/List of ongoing plans/sw", "Hubs/Directory", "Hubs/List of ongoing plans"):
        assert 'dir="ltr"' not in wiki.text(title)
    assert "| [[Special:MyLanguage/Hub B|Hub B]] || East Africa || Pilot\n" in wiki.text("Hubs/Directory/sw")


def test_a_translators_label_change_is_said_in_the_summary_of_the_page_in_that_language(tmp_path):
    """The summary of Hubs/Directory/sw said 'details updated' when a translator changed its words."""
    wiki, config = make(), config_of(tmp_path)
    wiki.edit(f"Translations:{LABELS}/heading-regional/sw", "Vituo vya kanda", user="Translator")
    run(wiki, config, tmp_path)
    wiki.edit(f"Translations:{LABELS}/column-scope/sw", "Wigo", user="Translator")
    wiki.edit(f"Translations:{LABELS}/heading-regional/sw", "Vituo vya kikanda", user="Translator")
    report = run(wiki, config, tmp_path)
    assert {o.page for o in report.outputs if o.action == "edited"} == {"Hubs/Directory/sw", "Module:Hub infobox/i18n"}
    assert wiki.history("Hubs/Directory/sw")[-1].summary == "hubbot: directory/sw: labels: 2 translations updated (sw)"

    wiki.edit(f"Translations:{LABELS}/column-status/sw", "Hali", user="Translator")       # a new one, a hub's
    wiki.edit(f"Translations:{LABELS}/heading-regional/sw", "!!FUZZY!!Vituo", user="FuzzyBot")   # status, one
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="implementation"))        # outdated
    run(wiki, config, tmp_path)
    assert wiki.history("Hubs/Directory/sw")[-1].summary == (
        "hubbot: directory/sw: status changed for 1 hub (Hub B: pilot→implementation), labels: 1 translation added, "
        "1 translation back in English (sw)")
    assert wiki.history("Hubs/List of ongoing plans/sw")[-1].summary == "hubbot: plans/sw: 2 plans of 2 hubs"
