"""{{Hub infobox}}'s labels in the page's language: the data module hubbot writes (issue 25)."""

from __future__ import annotations

import re

from bot.logic import labels as L
from bot.logic.infobox_labels import KEYS, ROW_LABELS, i18n_module, i18n_title, infobox_labels
from bot.parsing.infobox import STATUSES, TYPES
from bot.resources import TEMPLATES
from bot.values import live_markup

PAGE = "Hubs/hubbot labels"
HEADER = "-- The Hub infobox's labels translated into each language, from hubbot's labels page: translate them there.\n"
HOSTILE = "~~~~ {{subst:X}} ]] [[Category:Spam]] __NOINDEX__ <script>alert(1)</script> | x ''b'' !! y"
# What survives the reduction to visible text: entities and <nowiki> give the characters themselves.
ENCODED = "&lt;script&gt;x&lt;/script&gt; <nowiki>{{y}} [[z]] __NOTOC__</nowiki> &#123;&#123;w}} &#126;~~"


def translations(code: str, **texts: str) -> L.Labels:
    """The labels of ``code`` as the run reads them from ``Translations:PAGE/<key>/code`` pages."""
    return L.labels_for(code, PAGE, {L.label_title(PAGE, key.replace("_", "-"), code): text
                                     for key, text in texts.items()})


def lua_value(module: str, code: str, key: str) -> str | None:
    """The string the module gives for ``key`` of ``code``, decoded as Lua reads the literal."""
    table = re.search(r'\n\t\["' + re.escape(code) + r'"\] = \{\n(.*?)\n\t\},', module, re.S)
    if table is None:
        return None
    found = re.search(r'\n?\t\t\["' + re.escape(key) + r'"\] = "((?:[^"\\]|\\.)*)",', table.group(1))
    if found is None:
        return None
    return re.sub(r'\\(\d{3}|.)', lambda m: chr(int(m.group(1))) if m.group(1).isdigit()
                  else {"n": "\n"}.get(m.group(1), m.group(1)), found.group(1))


def test_no_translation_gives_an_empty_table():
    assert i18n_module([]) == HEADER + "return {\n}\n"
    assert i18n_module([L.ENGLISH, translations("sw"), translations("de", heading_regional="Regionale Hubs")]) == (
        HEADER + "return {\n}\n")          # only the lists' labels translated: nothing the infobox shows


def test_each_language_holds_only_the_infobox_labels_translated():
    sw = translations("sw", column_scope="Upeo", status_pilot="Majaribio", type_regional="Kikanda",
                      heading_regional="Vituo vya kanda", column_map="Ramani")
    de = translations("de", column_status="Stand")
    assert i18n_module([sw, de, L.ENGLISH]) == HEADER + (
        'return {\n'
        '\t["de"] = {\n'
        '\t\t["column-status"] = "Stand",\n'
        '\t},\n'
        '\t["sw"] = {\n'
        '\t\t["column-scope"] = "Upeo",\n'
        '\t\t["type-regional"] = "Kikanda",\n'
        '\t\t["status-pilot"] = "Majaribio",\n'
        '\t},\n'
        '}\n')
    # The same translations in another order: the same text (no edit).
    assert i18n_module([de, sw]) == i18n_module([L.ENGLISH, sw, de])


def test_outdated_and_empty_translations_stay_english():
    sw = translations("sw", column_scope="!!FUZZY!!Upeo", column_status="  ", column_type="Aina")
    assert infobox_labels([sw]) == {"sw": {"column-type": "Aina"}}


def test_a_translators_markup_never_reaches_the_module_or_the_page_live():
    sw = translations("sw", column_scope=HOSTILE, column_details=ENCODED, status_pilot="'Majaribio'",
                      column_type="* orodha", column_region="&#61; Eneo =", column_website="&#42; Tovuti")
    module = i18n_module([sw])
    # The module's own source: no signature, template, link end, behaviour switch or tag.
    for live in ("~~~", "{{", "]]", "[[", "__", "<script", "NOINDEX__"):
        assert live not in module, live
    scope = lua_value(module, "sw", "column-scope")
    assert scope == "&#126;&#126;&#126;&#126; &#93;&#93; Category:Spam &#95;&#95;NOINDEX&#95;&#95; alert(1) &#124; x b &#33;&#33; y"
    assert lua_value(module, "sw", "column-details") == (
        "&lt;script&gt;x&lt;/script&gt; &#123;&#123;y&#125;&#125; &#91;&#91;z&#93;&#93; &#95;&#95;NOTOC&#95;&#95; "
        "&#123;&#123;w&#125;&#125; &#126;&#126;&#126;")
    # What the infobox puts on the page: inert wikitext (no link, template, switch, tag or table cell).
    for key in ("column-scope", "column-details", "status-pilot", "column-type", "column-region", "column-website"):
        shown = lua_value(module, "sw", key)
        assert live_markup(shown) == [] and "|" not in shown and "!!" not in shown, (key, shown)
    assert lua_value(module, "sw", "status-pilot") == "&#39;Majaribio&#39;"     # no bold with the cell's quotes
    assert lua_value(module, "sw", "column-type") == "orodha"                     # list markup is no text
    assert lua_value(module, "sw", "column-region") == "&#61; Eneo ="             # no heading at a line start
    assert lua_value(module, "sw", "column-website") == "&#42; Tovuti"            # no list item


def test_a_label_is_cut_where_the_lists_cut_it():
    sw = translations("sw", column_scope="x" * 500)
    assert lua_value(i18n_module([sw]), "sw", "column-scope") == "x" * L.LABEL_MAX


def test_the_templates_labels_are_units_of_the_labels_page_with_the_same_english():
    """Each row label of Template:Hub infobox names a key of the labels page and gives its English, so an
    English page shows what the template always showed and the translators' unit says the same."""
    box = (TEMPLATES / "Hub_infobox.wiki").read_text(encoding="utf-8")
    calls = re.findall(r"\{\{#invoke:Hub infobox\|label\|([^|}]*)\|([^}]*)\}\}", box)
    assert tuple(key for key, _ in calls) == ROW_LABELS
    assert [(key, english) for key, english in calls] == [(key, L.LABELS[key][0]) for key in ROW_LABELS]
    assert [english for _, english in calls] == [
        "Rough map of the hub's area", "Type", "Scope", "Status", "Details", "Region", "Languages", "Website",
        "Contact", "Founded", "Last reviewed", "Plans and discussions"]
    assert box.count("{{#invoke:Hub infobox|types|{{{type|") == 1 and box.count("{{#invoke:Hub infobox|status|") == 1
    assert "ucfirst" not in box.split("<noinclude>")[0]
    assert set(KEYS) <= set(L.LABELS)
    assert KEYS[len(ROW_LABELS):] == tuple(f"type-{t}" for t in TYPES) + tuple(f"status-{s}" for s in STATUSES)


def test_the_module_is_the_infobox_modules_subpage():
    assert i18n_title() == "Module:Hub infobox/i18n"
    assert i18n_title("Module:Hub infobox x") == "Module:Hub infobox x/i18n"
    module = (TEMPLATES / "Hub_infobox_module.lua").read_text(encoding="utf-8")
    assert "frame:getTitle() .. '/i18n'" in module and "{{PAGELANGUAGE}}" in module



def test_publish_templates_publishes_each_module_before_the_template_that_invokes_it():
    """A new template with an old module would show a script error on every hub page meanwhile."""
    from bot.app import template_pages
    pages = template_pages()
    order = [title for title, _ in pages]
    for title, path in pages:
        if title.startswith("Template:"):
            for module in set(re.findall(r"\{\{#invoke:([^|}]+)\|", path.read_text(encoding="utf-8"))):
                assert order.index(f"Module:{module}") < order.index(title), (module, title)
    assert order.index("Module:Hub infobox") < order.index("Template:Hub infobox")


# -- written by the run (whole runs on a wiki in memory, as tests/unit/test_translated_runs.py) ----------------
def test_a_run_writes_the_module_when_a_label_the_infobox_shows_is_translated_and_then_only_when_it_changes(
        tmp_path):
    from tests.unit.test_translated_runs import LABELS, config_of, make, run
    wiki, config = make(), config_of(tmp_path)          # Translations:LABELS/column-scope/sw = Upeo
    report = run(wiki, config, tmp_path)
    assert [(o.page, o.output, o.action) for o in report.outputs if o.page == "Module:Hub infobox/i18n"] == [
        ("Module:Hub infobox/i18n", "infobox labels", "edited")]
    note, text = wiki.text("Module:Hub infobox/i18n").split("\n", 1)
    assert note.startswith("-- hubbot:generated sha1=")                 # the planner's note, as on every module
    assert text == HEADER + 'return {\n\t["sw"] = {\n\t\t["column-scope"] = "Upeo",\n\t},\n}'   # saved without the last newline
    assert wiki.history("Module:Hub infobox/i18n")[-1].summary.startswith(
        "hubbot: infobox labels: labels in 1 language (sw)")

    quiet = run(wiki, config, tmp_path)                 # nothing new: no text read, no edit
    assert quiet.edits == 0 and quiet.pages_read == 0 and quiet.requests == 5

    wiki.edit(f"Translations:{LABELS}/heading-regional/sw", "Vituo vya kanda", user="Translator")
    woken = run(wiki, config, tmp_path)                 # a label the infobox does not show: the module stays
    assert "Module:Hub infobox/i18n" not in {o.page for o in woken.outputs if o.action == "edited"}
    assert {o.page for o in woken.outputs if o.action == "edited"} >= {"Hubs/Directory/sw"}

    wiki.edit(f"Translations:{LABELS}/column-scope/sw", "!!FUZZY!!Upeo", user="FuzzyBot")   # outdated: English
    run(wiki, config, tmp_path)
    assert wiki.text("Module:Hub infobox/i18n").split("\n", 1)[1] == HEADER + "return {\n}"
    assert len(wiki.history("Module:Hub infobox/i18n")) == 2


def test_no_module_without_translated_infobox_labels_or_without_a_translation_section(tmp_path):
    from bot.logic.rights import sync_needs
    from tests.unit.test_translated_runs import LABELS, config_of, make, run
    wiki = make()
    wiki.edit(f"Translations:{LABELS}/column-scope/sw", "!!FUZZY!!Upeo", user="FuzzyBot")
    run(wiki, config_of(tmp_path / "a"), tmp_path / "a")
    assert "Module:Hub infobox/i18n" not in wiki.pages                  # nothing to say: not created

    plain = make()
    report = run(plain, config_of(tmp_path / "b", translation=False), tmp_path / "b")
    assert "Module:Hub infobox/i18n" not in plain.pages and "Module:Hub infobox/i18n" not in {
        o.page for o in report.outputs}
    created = {n.right: n.pages for n in sync_needs(config_of(tmp_path / "c"))}["createpage"]
    assert "Module:Hub infobox/i18n" in created
    assert "Module:Hub infobox/i18n" not in {p for n in sync_needs(config_of(tmp_path / "d", translation=False))
                                             for p in n.pages}


def test_the_module_is_named_after_the_configured_infobox_template(tmp_path):
    from bot.config import parse_config
    from bot.logic.infobox_labels import i18n_page
    raw = {"hubs": {"template": "Hub infobox test"}, "outputs": [{"name": "p", "kind": "plans", "page": "P"}],
           "translation": {"labels": "L"}}
    assert i18n_page(parse_config(raw)) == "Module:Hub infobox test/i18n"
    assert i18n_page(parse_config({k: v for k, v in raw.items() if k != "translation"})) is None
