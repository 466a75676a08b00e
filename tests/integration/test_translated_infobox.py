"""{{Hub infobox}} on a hub page's translation shows its labels in that language (issue 25), on a real wiki.

Each test publishes Module:Hub infobox, its vocabulary and the template under its own names (the scenario's
template name, Module:<that name>), so the data module hubbot writes is Module:<that name>/i18n and nothing
here touches what other tests published. Translations are saved and pages marked as on Meta: through the
Translate stand-in (tests/integration/test_translate_standin.py).
"""

from __future__ import annotations

import html as htmllib
import re

import pytest

from bot.logic import labels as L
from bot.logic.infobox_checks import vocabulary_module
from bot.logic.infobox_labels import i18n_module, i18n_title
from bot.resources import TEMPLATES
from tests.integration.conftest import actions


def plain_template(box: str) -> str:
    """The template as it was before labels were translatable: each label its English words, the type and status
    {{ucfirst:}} of the value (tests/unit/test_infobox_labels.py keeps the two in step)."""
    box = re.sub(r"\{\{#invoke:Hub infobox\|label\|[^|}]*\|([^}]*)\}\}", r"\1", box)
    return box.replace("{{#invoke:Hub infobox|types|", "{{ucfirst:").replace("{{#invoke:Hub infobox|status|",
                                                                               "{{ucfirst:")


class Infobox:
    """Module:Hub infobox, its vocabulary and the template published under one scenario's names."""

    def __init__(self, wiki, scenario) -> None:
        self.wiki = wiki
        self.template = scenario.template
        self.module = f"Module:{scenario.template}"
        self.plain = f"{scenario.template} plain"
        box = (TEMPLATES / "Hub_infobox.wiki").read_text(encoding="utf-8")
        ours = box.replace("{{#invoke:Hub infobox|", "{{#invoke:" + scenario.template + "|")
        pages = {
            self.module: (TEMPLATES / "Hub_infobox_module.lua").read_text(encoding="utf-8"),
            f"{self.module}/vocabulary": vocabulary_module(tracking_category=f"{scenario.prefix} infobox problems"),
            f"Template:{self.template}": ours,
            f"Template:{self.plain}": plain_template(ours),
            "Module:Hub plans": (TEMPLATES / "Hub_plans_module.lua").read_text(encoding="utf-8"),
        }
        for title, text in pages.items():       # edit.php: Module pages get Scribunto's content model
            wiki.edit_as("Admin", title, text)

    @property
    def i18n(self) -> str:
        return i18n_title(self.module)


@pytest.fixture
def infobox(wiki, scenario):
    return Infobox(wiki, scenario)


def hub_text(template: str, status: str = "pilot", type: str = "regional") -> str:
    """A translatable hub page: its name and scope are units, the rest of the infobox is not translated."""
    return (f"<languages/>\n{{{{{template}\n| name = <translate><!--T:1--> Coast Hub</translate>\n| type = {type}\n"
            f"| scope = <translate><!--T:2--> The coast</translate>\n| status = {status}\n| region = Africa\n"
            "| website = https://coast.example.org\n| updated = 2026-01-31\n| plans = [[Coast plan]]\n"
            "| map = Coast map.png\n}}\n<translate>\n<!--T:3-->\nThe hub serves the coast.\n</translate>\n")


def infobox_rows(html: str) -> dict[str, str]:
    """The infobox's rows as a reader sees them: header -> value (tags dropped, entities decoded)."""
    table = re.search(r'<table class="infobox hub-infobox".*?</table>', html, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        header = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        value = re.search(r"<td[^>]*>(.*?)</td>", row, re.S)
        if header:
            rows[text(header.group(1))] = text(value.group(1)) if value else ""
    return rows


def text(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html)).strip()


def parse(gateway, title: str, wikitext: str) -> str:
    """action=parse of a text as the page ``title`` would show it."""
    return gateway.site.simple_request(action="parse", title=title, text=wikitext, prop="text",
                                       disablelimitreport="1", formatversion="2").submit()["parse"]["text"]


def without_report(html: str) -> str:
    """The page's HTML without the parser's limit report (its timings differ from one parse to the next)."""
    return re.sub(r"<!--\s*NewPP limit report.*?-->|<!--\s*Transclusion expansion time report.*?-->", "",
                  html, flags=re.S)


def test_a_translation_shows_the_translated_labels_and_english_elsewhere(wiki, gateway, scenario, infobox):
    hub = scenario.page("Coast Hub")
    wiki.import_pages({hub: hub_text(infobox.template),
                       f"Translations:{hub}/2/sw": "Pwani",
                       f"Translations:{hub}/Page display title/sw": "Kituo cha Pwani"})
    wiki.mark(hub)
    labels = L.Labels("sw", tuple((key, L.visible(text)) for key, text in {
        "column-scope": "Upeo", "status-pilot": "Majaribio", "type-regional": "Kikanda",
        "infobox-plans": "Mipango na majadiliano",
        "column-region": "~~~~ &#123;&#123;subst:X}} ]] __NOINDEX__ &lt;script&gt;x"}.items()))
    german = L.Labels("de", (("column-website", "Webseite"),))
    wiki.edit_as("Admin", infobox.i18n, i18n_module([labels, german]))

    sw = gateway.render(hub + "/sw")
    assert infobox_rows(sw) == {
        "Type": "Kikanda", "Upeo": "Pwani", "Status": "Majaribio",
        "~~~~ {{subst:X}} ]] __NOINDEX__ <script>x": "Africa",            # a translator's markup: text
        "Website": "https://coast.example.org", "Last reviewed": "2026-01-31", "Mipango na majadiliano": ""}
    assert "<script>" not in sw and "NOINDEX" in sw and "subst" in sw

    # The English page: the English words, and the same HTML as the template's plain wikitext gives.
    en = gateway.render(hub)
    assert infobox_rows(en) == {
        "Type": "Regional", "Scope": "The coast", "Status": "Pilot", "Region": "Africa",
        "Website": "https://coast.example.org", "Last reviewed": "2026-01-31", "Plans and discussions": ""}
    assert without_report(parse(gateway, hub, hub_text(infobox.template))) == without_report(
        parse(gateway, hub, hub_text(infobox.plain)))


def test_type_and_status_words_are_translated_when_the_value_is_one_of_them(wiki, gateway, scenario, infobox):
    hub = scenario.page("Words Hub")
    wiki.import_pages({hub: hub_text(infobox.template), f"Translations:{hub}/2/sw": "Pwani"})
    wiki.mark(hub)
    wiki.edit_as("Admin", infobox.i18n, i18n_module([L.Labels("sw", (
        ("type-regional", "Kikanda"), ("type-linguistic", "Kilugha"), ("status-planning", "Mipango")))]))
    cases = {  # (type, status) as written -> on HUB/sw, on the English HUB (the value with a capital)
        ("regional, thematic", "Planning/Discussion"):                                      # a synonym
            ("Kikanda & Thematic", "Mipango", "Regional, thematic", "Planning/Discussion"),
        ("Regional/thematic/linguistic", "planning"):
            ("Kikanda, Thematic & Kilugha", "Mipango", "Regional/thematic/linguistic", "Planning"),
        ("linguistic", "pilot"): ("Kilugha", "Pilot", "Linguistic", "Pilot"),            # status not translated
        ("thematic", "dormant"): ("Thematic", "Dormant", "Thematic", "Dormant"),         # nothing translated
        ("regional and band", "planning"):                                                # an unknown type
            ("Regional and band", "Mipango", "Regional and band", "Planning"),
        ("<translate><!--T:9--> regional</translate>", "planning"): ("Kikanda", "Mipango", "Regional", "Planning"),
    }
    for (type, status), expected in cases.items():
        sw = infobox_rows(parse(gateway, hub + "/sw", hub_text(infobox.template, status=status, type=type)))
        en = infobox_rows(parse(gateway, hub, hub_text(infobox.template, status=status, type=type)))
        assert (sw["Type"], sw["Status"], en["Type"], en["Status"]) == expected, (type, status)


def test_a_translators_scope_label_reaches_the_hubs_translation_at_the_next_run(wiki, gateway, scenario, infobox):
    import yaml
    hub, labels = scenario.page("Coast Hub"), scenario.page("Labels")
    wiki.import_pages({hub: hub_text(infobox.template), f"Translations:{hub}/2/sw": "Pwani",
                       labels: L.labels_page_text(), scenario.page("Shutoff"): "run"})
    for title in (hub, labels):                     # a translation admin marks them, once
        wiki.mark(title)
    status = scenario.page("Status")
    config = scenario.config([{"name": "plans", "kind": "plans", "page": scenario.page("Plans")},
                              {"name": "status", "kind": "status", "page": status}])
    data = yaml.safe_load(config.read_text())
    data["translation"] = {"pages": [hub], "labels": labels}
    config.write_text(yaml.safe_dump(data, sort_keys=False))

    code, report = scenario.sync(config)            # Swahili in use (the hub's scope), no label translated yet
    assert code == 0, report
    assert infobox.i18n not in actions(report) and not gateway.read_pages([infobox.i18n])[infobox.i18n].exists
    assert infobox_rows(gateway.render(hub + "/sw"))["Scope"] == "Pwani"
    table = f"! Language !! Hub names !! Labels\n|-\n| sw || 0/1 || 0/{len(L.LABELS)}\n|}}"
    assert scenario.text(status).endswith(table)       # the status page: Swahili in use, nothing of hubbot's yet

    wiki.edit_as("Editor", f"Translations:{labels}/column-scope/sw", "Upeo", "translation")    # a translator
    assert "Scope" in infobox_rows(gateway.render(hub + "/sw"))                # seen at the next run, not before
    code, report = scenario.sync(config)
    assert code == 0, report
    assert actions(report)[infobox.i18n] == "edited"
    assert scenario.text(status).endswith(table.replace("0/1 || 0/", "0/1 || 1/"))        # one label translated
    assert re.search(r"<td>sw\s*</td>\s*<td>0/1\s*</td>\s*<td>1/%d\s*</td>" % len(L.LABELS), gateway.render(status))
    assert infobox_rows(gateway.render(hub + "/sw")) == {
        "Type": "Regional", "Upeo": "Pwani", "Status": "Pilot", "Region": "Africa",    # the others: English
        "Website": "https://coast.example.org", "Last reviewed": "2026-01-31", "Plans and discussions": ""}
    assert infobox_rows(gateway.render(hub)) == {
        "Type": "Regional", "Scope": "The coast", "Status": "Pilot", "Region": "Africa",
        "Website": "https://coast.example.org", "Last reviewed": "2026-01-31", "Plans and discussions": ""}

    code, report = scenario.sync(config)            # nothing new: no edit, no text read
    assert code == 0 and report["totals"]["edits"] == 0 and report["totals"]["pages_read"] == 0, report
    assert actions(report)[infobox.i18n] == "unchanged"
