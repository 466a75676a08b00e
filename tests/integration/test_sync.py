"""`hubbot sync` on a real wiki: every hub and plan lands, human text stays byte for byte."""

from __future__ import annotations

import math

from tests.integration.conftest import actions

HUBS_PAGE = """<languages/>
<translate>
<!--T:1-->
'''Wikimedia Hubs''' are support structures.

== List of ongoing plans == <!--T:2-->

<!--T:3-->
The following list contains links to discussions, research or plans related to hubs.
</translate>
<!-- hubbot:begin plans -->
<!-- hubbot:end plans -->

<translate>
== See also == <!--T:4-->
</translate>
* Hand-written see-also line   
"""


def corpus(s):
    return {
        s.page("CEE Hub"): s.infobox("Wikimedia CEE Hub", status="implementation", scope="Central and Eastern Europe",
                                     plans="[[Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]\n[https://example.org/cee Study]"),
        s.page("ESEAP Hub"): s.infobox("ESEAP Hub", status="pilot", plans="[[ESEAP Hub/Strategy|Strategy]]"),
        s.page("EduWiki"): s.infobox("EduWiki Hub", type="thematic", status="discussion", scope="Education"),
    }


def outputs(s):
    return [
        {"name": "plans", "kind": "plans", "page": s.page("Hubs"), "region": "plans"},
        {"name": "plans-page", "kind": "plans", "page": s.page("Hubs/List of ongoing plans")},
        {"name": "directory", "kind": "directory", "page": s.page("Directory")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")},
    ]


def setup(s, hubs_page=HUBS_PAGE):
    pages = corpus(s)
    pages[s.page("Hubs")] = hubs_page
    pages[s.page("Hubs/zh")] = "<languages/>\n中文翻译\n"
    s.wiki.import_pages(pages)
    return s.config(outputs(s))


def test_sync_fills_every_output_keeps_human_bytes_and_is_quiet_on_rerun(scenario):
    s = scenario
    config = setup(s)
    hubs_before = s.text(s.page("Hubs"))
    zh_before = s.text(s.page("Hubs/zh"))

    code, report = s.sync(config)
    assert code == 0, report
    assert set(actions(report).values()) == {"edited"}
    assert report["totals"]["hubs"] == 3 and report["totals"]["edits"] == 4

    hubs_after = s.text(s.page("Hubs"))
    head, rest = hubs_before.split("<!-- hubbot:begin plans -->\n")
    tail = rest.split("<!-- hubbot:end plans -->")[1]
    assert hubs_after.startswith(head + "<!-- hubbot:begin plans -->\n")
    assert hubs_after.endswith("<!-- hubbot:end plans -->" + tail.rstrip())   # MediaWiki trims the page end only
    region = hubs_after.split("<!-- hubbot:begin plans -->\n")[1].split("<!-- hubbot:end plans -->")[0]
    for line in ("* [[Special:MyLanguage/{0}|ESEAP Hub]]", "** [[Special:MyLanguage/ESEAP Hub/Strategy|Strategy]]",
                 "* [[Special:MyLanguage/{1}|Wikimedia CEE Hub]]",
                 "** [[Special:MyLanguage/Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]",
                 "** [https://example.org/cee Study]"):
        assert line.format(s.page("ESEAP Hub"), s.page("CEE Hub")) in region
    assert "Hand-written see-also line   \n" in hubs_after or hubs_after.endswith("Hand-written see-also line")
    assert s.text(s.page("Hubs/zh")) == zh_before

    owned = s.text(s.page("Hubs/List of ongoing plans"))
    assert region.split("\n", 1)[1].rstrip() in owned    # the same list, below the note
    directory = s.text(s.page("Directory"))
    for name in ("Wikimedia CEE Hub", "ESEAP Hub", "EduWiki Hub"):
        assert f"|{name}]]" in directory
    assert directory.index("=== Regional hubs (2) ===") < directory.index("=== Thematic hubs (1) ===")
    assert "No problems found" in s.text(s.page("Errors"))

    code, report = s.sync(config)
    assert code == 0
    assert set(actions(report).values()) == {"unchanged"}
    assert report["totals"]["edits"] == 0


def test_one_status_change_updates_only_dependent_pages(scenario):
    s = scenario
    config = setup(s)
    s.sync(config)
    text = s.text(s.page("ESEAP Hub")).replace("status = pilot", "status = implementation")
    s.wiki.edit_as("Editor", s.page("ESEAP Hub"), text)

    code, report = s.sync(config)
    assert code == 0
    assert actions(report) == {s.page("Hubs"): "unchanged", s.page("Hubs/List of ongoing plans"): "unchanged",
                               s.page("Directory"): "edited", s.page("Errors"): "unchanged"}
    directory = next(o for o in report["outputs"] if o["name"] == "directory")
    assert directory["summary"] == "hubbot: directory: status changed for 1 hub (ESEAP Hub: pilot→implementation)"
    assert "|ESEAP Hub]] || Regional || Somewhere ||  || Implementation ||\n" in s.text(s.page("Directory"))


def test_missing_end_marker_leaves_page_untouched_and_explains(scenario):
    s = scenario
    broken = HUBS_PAGE.replace("<!-- hubbot:end plans -->\n", "")
    config = setup(s, broken)
    before = s.text(s.page("Hubs"))
    code, report = s.sync(config)
    assert code == 0                          # an editor can fix it: not a failed run
    assert actions(report)[s.page("Hubs")] == "refused"
    assert s.text(s.page("Hubs")) == before
    errors = s.text(s.page("Errors"))
    assert f"[[Special:MyLanguage/{s.page('Hubs')}|" in errors
    assert "region &#39;plans&#39; has a begin marker but no end marker." in errors or \
           "region 'plans' has a begin marker but no end marker." in errors
    assert "add &lt;!-- hubbot:end plans --&gt; on its own line" in errors


def _human_edit_before_first_save(monkeypatch, title, edit):
    from bot.wiki.pywikibot import PywikibotGateway
    original_save = PywikibotGateway.save
    done = []

    def save_after_a_human(self, base, text, summary, **kw):
        if base.title == title and not done:
            done.append(True)          # a human saves between the bot's checks and its save
            edit()
        return original_save(self, base, text, summary, **kw)

    monkeypatch.setattr(PywikibotGateway, "save", save_after_a_human)
    return done


def test_concurrent_human_edit_is_preserved(scenario, monkeypatch):
    s = scenario
    config = setup(s)
    title = s.page("Hubs")
    human = HUBS_PAGE.replace("* Hand-written see-also line", "* A line a human added while the bot ran")
    done = _human_edit_before_first_save(monkeypatch, title, lambda: s.wiki.edit_as("Editor", title, human))
    code, report = s.sync(config, "--only", "plans")
    assert done and code == 0 and actions(report)[title] == "edited"
    text = s.text(title)
    assert "* A line a human added while the bot ran" in text          # the human edit survived
    assert "** [[Special:MyLanguage/ESEAP Hub/Strategy|Strategy]]" in text   # and the list is there
    assert text.count("<!-- hubbot:begin plans -->") == 1


def test_concurrent_edit_to_a_bot_owned_page_is_quoted_not_lost(scenario, monkeypatch):
    s = scenario
    config = setup(s)
    title = s.page("Directory")
    assert s.sync(config, "--only", "directory")[0] == 0          # the bot's page from now on
    s.wiki.edit_as("Editor", title, "Old directory text\n")
    done = _human_edit_before_first_save(
        monkeypatch, title, lambda: s.wiki.edit_as("Editor", title, "A human rewrote this just now.\n"))
    code, report = s.sync(config, "--only", "directory")
    assert done
    assert "|Wikimedia CEE Hub]]" in s.text(title)
    errors = s.text(s.page("Errors"))
    assert "A human rewrote this just now." in errors and "Special:PermanentLink/" in errors


def test_a_new_output_never_replaces_an_existing_human_page(scenario):
    s = scenario
    config = setup(s)
    title = s.page("Directory")
    s.wiki.edit_as("Editor", title, "Our own directory, kept by hand.\n")
    code, report = s.sync(config, "--only", "directory")
    assert code == 0 and actions(report)[title] == "refused"
    assert s.text(title) == "Our own directory, kept by hand."
    assert "holds text the bot did not write" in s.text(s.page("Errors"))


def test_human_edit_inside_region_is_quoted_on_errors_page(scenario):
    s = scenario
    config = setup(s)
    s.sync(config)
    hubs = s.text(s.page("Hubs"))
    edited = hubs.replace("<!-- hubbot:end plans -->", "* A plan added by hand\n<!-- hubbot:end plans -->")
    s.wiki.edit_as("Editor", s.page("Hubs"), edited)
    code, report = s.sync(config)
    assert actions(report)[s.page("Hubs")] == "edited"
    assert "A plan added by hand" not in s.text(s.page("Hubs"))
    errors = s.text(s.page("Errors"))
    assert "<code>&#42; A plan added by hand</code>" in errors
    summary = next(o for o in report["outputs"] if o["name"] == "plans")["summary"]
    assert "replaced 1 hand-written line (quoted on the errors page)" in summary


def test_dry_run_prints_diffs_and_saves_nothing(scenario, capsys):
    s = scenario
    config = setup(s)
    before = s.text(s.page("Hubs"))
    code, report = s.sync(config, "--dry-run")
    out = capsys.readouterr().out
    assert code == 0 and report["totals"]["edits"] == 0
    assert set(actions(report).values()) == {"would edit"}
    assert f"--- {s.page('Hubs')} (rev " in out and f"+++ {s.page('Hubs')} (hubbot)" in out
    assert "+* [[Special:MyLanguage/" in out
    assert s.text(s.page("Hubs")) == before
    assert not s.text(s.page("Directory"))


def test_reads_are_batched(scenario):
    """Fails if hub pages stop being read 50 to a request."""
    s = scenario
    n = 120
    s.wiki.import_pages({s.page(f"Hub {i:03}"): s.infobox(f"Hub {i:03}") for i in range(n)})
    config = s.config([{"name": "directory", "kind": "directory", "page": s.page("Directory")}])
    code, report = s.sync(config, "--dry-run")
    totals = report["totals"]
    # one-time set-up (siteinfo, paraminfo, tokens: at most 10), one transclusion list, n/50 reads
    assert totals["pages_read"] == n + 2
    assert totals["requests"] <= math.ceil((n + 2) / 50) + 10
    assert totals["requests"] >= math.ceil((n + 2) / 50)


def test_translation_pages_and_whole_translatable_pages_are_never_edited(scenario):
    s = scenario
    setup(s)
    zh_before, hubs_before = s.text(s.page("Hubs/zh")), s.text(s.page("Hubs"))
    config = s.config([
        {"name": "zh", "kind": "plans", "page": s.page("Hubs/zh")},
        {"name": "whole", "kind": "plans", "page": s.page("Hubs")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    code, report = s.sync(config)
    assert code == 0 and set(actions(report).values()) >= {"refused"}
    reasons = {o["page"]: o["reason"] for o in report["outputs"] if o["action"] == "refused"}
    assert reasons == {s.page("Hubs/zh"): "this page is a translation; the bot never edits translations.",
                       s.page("Hubs"): "this translatable page would be replaced whole."}
    assert s.text(s.page("Hubs/zh")) == zh_before and s.text(s.page("Hubs")) == hubs_before
    assert "this page is a translation" in s.text(s.page("Errors"))
