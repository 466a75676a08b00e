"""Meta as it is today: infoboxes bootstrapped from the hand-kept table; disagreements listed."""

from __future__ import annotations

from bot import cli
from bot.parsing.infobox import parse_hub_page
from tests.integration.conftest import actions


def directory_page(s) -> str:
    return ("<languages/>\n<translate><!--T:1--> Ongoing hub projects.</translate>\n"
            '{| class="wikitable sortable"\n'
            "! <translate>Type</translate> !! Scope !! Rough map !! Status !! Details\n"
            f"|-\n| rowspan=\"2\" | <translate><!--T:2--> Regional</translate>\n"
            f"| [[Special:MyLanguage/{s.page('CEE')}|Central and Eastern Europe]]\n| [[File:CEE.svg|120px]]\n"
            f"| <translate><!--T:3--> Implementation</translate>\n| Two staff.<ref>[[{s.page('CEE')}/Plan]]</ref>\n"
            f"|-\n| [[{s.page('ESEAP')}|ESEAP]]\n| —\n| Pilot\n| [https://example.org/eseap Study]\n"
            f"|-\n| Thematic\n| [[{s.page('Missing')}|A hub without a page]]\n| —\n| Research\n|\n|}}\n")


def test_apply_adds_infoboxes_once_and_directory_check_lists_disagreements(scenario, capsys):
    s = scenario
    s.wiki.import_pages({
        s.page("Ongoing"): directory_page(s),
        s.page("CEE"): "<languages/>\n<translate><!--T:1--> The CEE Hub page, written by its team.</translate>\n",
        s.page("ESEAP"): "The ESEAP hub page.\n",
    })
    config = s.config([
        {"name": "check", "kind": "directory-check", "page": s.page("Check"), "source": s.page("Ongoing")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    args = ["import-directory", s.page("Ongoing"), "--config", str(config), "--state-dir", str(s.state_dir)]

    assert cli.main(args + ["--format", "json"]) == 0
    assert f'"hub_page": "{s.page("ESEAP")}"' in capsys.readouterr().out

    assert cli.main(args + ["--apply"]) == 0
    out = capsys.readouterr().out
    assert "infoboxes added: 2" in out and f"{s.page('Missing')}: refused: the page does not exist" in out
    cee = s.text(s.page("CEE"))
    assert cee.startswith("<languages/>\n{{" + s.template + "\n")
    assert cee.endswith("The CEE Hub page, written by its team.</translate>")
    hub = parse_hub_page(s.page("CEE"), cee, s.template).hub
    assert (hub.type, hub.status, hub.scope) == ("regional", "implementation", "Central and Eastern Europe")
    assert [p.target for p in hub.plans] == [s.page("CEE") + "/Plan"]

    assert cli.main(args + ["--apply"]) == 0
    assert "infoboxes added: 0" in capsys.readouterr().out

    # An editor changes one hub's status: the check page shows the disagreement.
    s.wiki.edit_as("Editor", s.page("ESEAP"), s.text(s.page("ESEAP")).replace("status = pilot",
                                                                                "status = implementation"))
    s.wiki.run_jobs()
    code, report = s.sync(config)
    assert code == 0 and actions(report)[s.page("Check")] == "edited"
    assert next(o["summary"] for o in report["outputs"] if o["name"] == "check") == "hubbot: check: 2 hubs"
    check = s.text(s.page("Check"))
    assert f"| [[Special:MyLanguage/{s.page('ESEAP')}|ESEAP]] || status differs || Pilot || implementation" in check
    assert "in the directory, no infobox" in check
    assert f"[[Special:MyLanguage/{s.page('CEE')}|" not in check        # CEE agrees
