"""Ready for a first deployment on Meta (issue 28), end to end on the real local MediaWiki: a read-only
window is the wiki's pause, not a failure. (The decisions are tested in memory in
tests/unit/test_runner_memory.py and tests/unit/test_deployment.py.)"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.integration.faultproxy import FaultProxy, Rule
from tests.integration.test_safety import proxied_pywikibot_dir, run_hubbot, setup

NOW = "2026-11-25T12:00:00Z"


def pywikibot_dir_with_default_retries(wiki, directory: Path, port: int) -> Path:
    """A pywikibot directory for the wiki behind a proxy on ``port``, with pywikibot's own retry settings
    (max_retries 15, retry_wait 5 s doubling to 120 s: what an operator on Meta has)."""
    directory.mkdir(exist_ok=True)
    (directory / "user-config.py").write_text(
        f"family_files['proxied'] = 'http://127.0.0.1:{port}/api.php'\n"
        "family = 'proxied'\nmylang = 'proxied'\nusernames['proxied']['proxied'] = 'HubBot'\n"
        f"password_file = {str(wiki.pywikibot_dir / 'passwordfile')!r}\nput_throttle = 0\n")
    return directory


def outcomes(report: dict) -> dict[str, tuple[str, str]]:
    return {o["page"]: (o["action"], o["owner"]) for o in report["outputs"]}


def test_a_read_only_window_blocks_at_the_first_refused_save_is_never_counted_and_is_saved_after(scenario):
    s = scenario
    config = setup(s, max_consecutive_failures=2)
    pages = [s.page("Region"), s.page("Plans"), s.page("Errors")]
    with FaultProxy(s.wiki.port) as proxy:
        edits = Rule("action=edit", "before", 10_000, action=lambda: None)     # counts every save request
        proxy.rules.append(edits)
        pwb = pywikibot_dir_with_default_retries(s.wiki, s.tmp / "pwb", proxy.port)

        def sync(directory: Path = pwb):
            started = time.monotonic()
            done = run_hubbot(directory, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                              "--report", str(s.tmp / "r.json"), "--now", NOW)
            report = json.loads((s.tmp / "r.json").read_text()) if (s.tmp / "r.json").exists() else {}
            (s.tmp / "r.json").unlink(missing_ok=True)
            return done, report, time.monotonic() - started

        done, report, _ = sync()                                   # logged in, pages written
        assert done.returncode == 0, done.stderr
        s.wiki.edit_as("Editor", s.page("Hub 0"), s.infobox("Hub 0", plans="[[A new plan]]"))
        s.wiki.run_jobs()
        before = {t: s.text(t) for t in pages}
        with s.wiki.settings_override('$wgReadOnly = "Data centre switchover until 14:00 UTC";'):
            for n in range(3):                                     # more runs than max_consecutive_failures
                saves = edits.hits
                done, report, seconds = sync()
                assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
                assert edits.hits - saves == 1                     # the first refused save, no retry, no other page
                assert seconds < 20                                # pywikibot's retries took minutes here
                print(f"read-only run {n + 1}: {seconds:.1f} s")
                assert outcomes(report) == {s.page("Region"): ("unchanged", ""), s.page("Plans"): ("blocked", "wiki"),
                                            s.page("Errors"): ("blocked", "wiki")}
                reasons = {o["page"]: o["reason"] for o in report["outputs"]}
                assert "the wiki is read-only: Data centre switchover until 14:00 UTC" in reasons[s.page("Plans")]
                assert reasons[s.page("Plans")].endswith("; not saved.")
                assert reasons[s.page("Errors")].endswith("; not tried.")
                assert report["totals"]["edits"] == 0 and report["exit_code"] == 0
                state = json.loads((s.state_dir / "state.json").read_text())
                assert state["consecutive_failures"] == 0 and not state.get("disabled")
            fresh = pywikibot_dir_with_default_retries(s.wiki, s.tmp / "pwb-fresh", proxy.port)
            done, report, seconds = sync(fresh)                    # no login cookie: the login is refused too
            assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
            assert "Data centre switchover until 14:00 UTC" in done.stderr
            assert "cannot log in until it is writable again" in done.stderr and seconds < 20
            state = json.loads((s.state_dir / "state.json").read_text())
            assert state["consecutive_failures"] == 0 and not state.get("disabled")
        assert {t: s.text(t) for t in pages} == before
        done, report, _ = sync()                                   # writable: this run saves everything
    assert done.returncode == 0, done.stderr
    assert outcomes(report)[s.page("Plans")] == ("edited", "")
    assert outcomes(report)[s.page("Errors")] == ("unchanged", "")        # nothing left to report
    assert "A new plan" in s.text(s.page("Plans"))
    assert "stopped editing" not in s.text(s.page("Errors"))


# -- point 4: quiet when editors say stop -----------------------------------------------------------------
def scheduled_config(s, **safety) -> Path:
    """setup()'s outputs, due at minute 17 of every hour (as a Toolforge job starts them)."""
    import yaml
    path = setup(s, **safety)
    data = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump({**data, "schedule": "17 * * * *"}, sort_keys=False))
    return path


def scheduled_run(s, pwb: Path, config: Path, hour: int):
    """What the Toolforge job runs (`--quiet schedule --once`), at minute 17 of ``hour``."""
    return run_hubbot(pwb, "--quiet", "schedule", "--once", "--config", str(config), "--state-dir", str(s.state_dir),
                      "--now", f"2026-11-25T{hour:02d}:17:00Z")


def warnings_logged(stderr: str) -> list[str]:
    """Every line of stderr, each a warning of the log (its time stamp left out)."""
    lines = [line.split(" ", 1) for line in stderr.splitlines()]
    assert all(rest.startswith("WARNING ") for _, rest in lines), stderr
    return [rest.removeprefix("WARNING ") for _, rest in lines]


def test_a_scheduled_run_shut_off_on_wiki_exits_0_with_one_log_line(scenario):
    s = scenario
    config = scheduled_config(s)
    pwb = s.wiki.pywikibot_dir
    done = scheduled_run(s, pwb, config, 12)
    assert done.returncode == 0 and "|Hub 5]]" in s.text(s.page("Plans")), done.stderr
    s.wiki.edit_as("Editor", s.page("Shutoff"), "stop: the directory looks wrong --Editor")
    s.wiki.edit_as("Editor", s.page("Hub 0"), s.infobox("Hub 0", plans="[[A new plan]]"))
    s.wiki.run_jobs()
    for hour in (13, 14):                                   # every firing while editors keep it off
        done = scheduled_run(s, pwb, config, hour)
        assert done.returncode == 0 and done.stdout == ""
        assert warnings_logged(done.stderr) == [
            f"action=skipped reason=\"the shutoff page {s.page('Shutoff')} says 'stop: the directory looks wrong "
            "--Editor'; nothing was edited. Empty it (or write 'run') to let the bot run again.\""]
    assert "A new plan" not in s.text(s.page("Plans"))
    assert json.loads((s.state_dir / "state.json").read_text())["consecutive_failures"] == 0
    s.wiki.edit_as("Editor", s.page("Shutoff"), "run")
    done = scheduled_run(s, pwb, config, 15)
    assert done.returncode == 0 and "A new plan" in s.text(s.page("Plans")), done.stderr


def test_only_the_scheduled_run_that_disables_the_bot_fails_and_later_firings_ask_the_wiki_nothing(scenario):
    s = scenario
    config = scheduled_config(s, max_consecutive_failures=2)
    with FaultProxy(s.wiki.port) as proxy:
        proxy.rules.append(Rule("action=edit&title=" + s.page("Plans").replace("/", "%2F"), "503", 1000))
        requests = Rule("api.php", "before", 100_000, action=lambda: None)     # counts every request
        proxy.rules.append(requests)
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        codes = [scheduled_run(s, pwb, config, hour).returncode for hour in (12, 13)]
        assert codes == [1, 1]                              # two failed runs: two e-mails; the second disables
        assert "'''The bot has stopped editing''' after 2 failed runs in a row" in s.text(s.page("Errors"))
        before = requests.hits
        for hour in (14, 15, 16):
            done = scheduled_run(s, pwb, config, hour)
            assert done.returncode == 0 and done.stdout == ""
            assert warnings_logged(done.stderr) == [
                "action=skipped reason='hubbot is disabled after 2 failed runs in a row and its errors page says so; "
                f"nothing was read or edited' fix='check the cause, then hubbot reset --config {config} "
                f"--state-dir {s.state_dir}'"]                 # the job's --state-dir: the reset must name it
        assert requests.hits == before                      # not one request to the wiki


# -- point 1: rights, checked before anything is written ---------------------------------------------------
def botpassword_dir(s, grants: str) -> tuple[Path, str]:
    """A new BotPassword of HubBot made with createBotPassword.php --grants, and a pywikibot dir using it."""
    import secrets
    app_id = f"t{s.key}"
    secret = "".join(secrets.choice("0123456789abcdefghijklmnopqrstuvw") for _ in range(32))
    s.wiki._php("createBotPassword.php", f"--appid={app_id}", f"--grants={grants}", "HubBot", secret)
    pwb = s.tmp / f"pwb-{app_id}"
    pwb.mkdir()
    (pwb / "passwordfile").write_text(f"('HubBot', BotPassword({app_id!r}, {secret!r}))\n")
    (pwb / "user-config.py").write_text(
        (s.wiki.pywikibot_dir / "user-config.py").read_text().replace(str(s.wiki.pywikibot_dir / "passwordfile"),
                                                                     str(pwb / "passwordfile")))
    return pwb, app_id


def test_a_botpassword_without_page_creation_is_exit_2_before_anything_is_written_and_a_new_grant_is_seen(scenario):
    s = scenario
    config = setup(s)
    pwb, app_id = botpassword_dir(s, "basic,highvolume,editpage")        # the README's old list of grants
    sync = ["sync", "--config", str(config), "--state-dir", str(s.state_dir), "--now", NOW]
    for extra in (["--dry-run"], []):
        started = time.monotonic()
        done = run_hubbot(pwb, *sync, *extra)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert time.monotonic() - started < 30
        assert (f"the account HubBot lacks the right 'createpage' to create {s.page('Plans')}, {s.page('Errors')}, "
                "Module:Hub list/data. Nothing was written.") in done.stderr
        assert 'give the bot password the grant "Create, edit, and move pages" (createeditmovepage)' in done.stderr
        assert str(pwb / "pywikibot-HubBot.lwp") in done.stderr
    assert s.text(s.page("Plans")) == s.text(s.page("Errors")) == ""
    assert "<!-- hubbot:generated" not in s.text(s.page("Region"))
    assert not (s.state_dir / "state.json").exists()                      # no run was counted
    assert (pwb / "pywikibot-HubBot.lwp").exists()                        # the saved login, with the old grants
    grants = '["basic","highvolume","editpage","createeditmovepage"]'
    s.wiki._php("sql.php", "--query", f"UPDATE bot_passwords SET bp_grants='{grants}' WHERE bp_app_id='{app_id}'")
    done = run_hubbot(pwb, *sync, "--report", str(s.tmp / "r.json"))      # the operator added the grant
    assert done.returncode == 0, done.stderr
    assert outcomes(json.loads((s.tmp / "r.json").read_text()))[s.page("Plans")] == ("edited", "")


def test_a_permission_error_at_save_is_blocked_for_the_operator_never_retried_and_never_counted(scenario):
    s = scenario
    project = f"Project:{s.prefix}/Region"
    s.wiki.import_pages({project: "Intro by a human.\n<!-- hubbot:begin dir -->\n<!-- hubbot:end dir -->\n"})
    setup(s)
    config = s.config([
        {"name": "directory", "kind": "directory", "page": project, "region": "dir"},
        {"name": "plans", "kind": "plans", "page": s.page("Plans")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")},
    ], max_consecutive_failures=2)
    protection = "$wgNamespaceProtection[NS_PROJECT] = ['editproject']; $wgGroupPermissions['sysop']['editproject'] = true;"
    with s.wiki.settings_override(protection), FaultProxy(s.wiki.port) as proxy:
        saves = Rule(f"title=HubbotTestWiki%3A{s.prefix}", "before", 1000, action=lambda: None)   # counts its saves
        proxy.rules.append(saves)
        pwb = proxied_pywikibot_dir(s.wiki, s.tmp, proxy.port)
        for n in range(3):                                                 # more runs than the failure limit
            done = run_hubbot(pwb, "sync", "--config", str(config), "--state-dir", str(s.state_dir),
                              "--report", str(s.tmp / "r.json"), "--now", NOW)
            assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
            assert saves.hits == n + 1                                     # one save a run: never retried
            report = json.loads((s.tmp / "r.json").read_text())
            assert outcomes(report)[project] == ("blocked", "operator")
            reason = next(o["reason"] for o in report["outputs"] if o["page"] == project)
            assert reason == (f"the wiki refused the save: HubbotTestWiki:{s.prefix}/Region: protectednamespace: "
                              "You do not have permission to edit pages in the HubbotTestWiki namespace.")
            assert json.loads((s.state_dir / "state.json").read_text())["consecutive_failures"] == 0
    errors = s.text(s.page("Errors"))
    assert "|| directory || blocked || the bot operator ||" in errors
    assert "Special:BotPasswords" in errors


# -- point 2: publish-templates never reverts the community ---------------------------------------------------
def test_publish_templates_never_reverts_a_community_edit_without_the_explicit_flag(scenario):
    s = scenario
    config = setup(s)
    publish = ["publish-templates", "--config", str(config), "--state-dir", str(s.state_dir)]
    done = run_hubbot(s.wiki.pywikibot_dir, *publish)
    assert done.returncode == 0 and "Template:Hub infobox: " in done.stdout, done.stderr
    published = s.text("Template:Hub infobox")
    revid = json.loads((s.state_dir / "published.json").read_text())["Template:Hub infobox"]
    community = published + "\n[[Category:Wikimedia hubs]]"
    s.wiki.edit_as("Editor", "Template:Hub infobox", community, summary="categorise the template")
    try:
        for extra in (["--dry-run"], []):
            done = run_hubbot(s.wiki.pywikibot_dir, *publish, *extra)
            assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
            assert "\n-[[Category:Wikimedia hubs]]\n" in done.stdout                # the diff
            assert (f"Template:Hub infobox: not published: edited by Editor since hubbot published rev {revid} "
                    "(1 edit; the latest, rev ") in done.stdout
            assert ": 'categorise the template'); publishing would revert that." in done.stdout
            assert "Template:Hub infobox: refused\n" in done.stdout
            assert s.text("Template:Hub infobox") == community
    finally:
        done = run_hubbot(s.wiki.pywikibot_dir, *publish, "--overwrite-community-edits")
    assert done.returncode == 0 and "Template:Hub infobox: edited\n" in done.stdout, done.stdout + done.stderr
    assert s.text("Template:Hub infobox") == published


# -- point 7: a config that can be copied ---------------------------------------------------------------------
def test_a_copied_config_whose_state_dir_leaves_the_tool_folder_stops_before_the_wiki_with_exit_2(wiki, tmp_path):
    from bot.resources import CONFIGS
    copy = tmp_path / "meta.yaml"
    copy.write_text((CONFIGS / "meta.yaml").read_text())
    done = run_hubbot(wiki.pywikibot_dir, "sync", "--dry-run", "--config", str(copy))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"hubbot: error: {copy}: state_dir: '../.hubbot' leads out of {tmp_path}, "
                                  f"to {tmp_path.parent / '.hubbot'}")
    assert not (tmp_path.parent / ".hubbot").exists()


# -- point 6: directory-check reads generated directories -----------------------------------------------------
def test_directory_check_pointed_at_a_generated_directory_finds_no_bogus_problem(scenario):
    s = scenario
    hubs = {s.page(f"Hub {i}"): s.infobox(f"Hub {i}", type=("regional, thematic" if i == 1 else "regional"),
                                          scope=f"Region {i}", status=("pilot", "research", "implementation")[i % 3],
                                          plans=f"[[Plan {i}]]", details=f"Hub {i} works in [[Region {i}]].")
            for i in range(5)}
    s.wiki.import_pages(hubs)
    config = s.config([
        {"name": "directory", "kind": "directory", "page": s.page("Directory"),
         "columns": ["hub", "type", "scope", "languages", "status", "updated", "details"]},
        {"name": "check", "kind": "directory-check", "page": s.page("Check"), "source": s.page("Directory")},
        {"name": "errors", "kind": "errors", "page": s.page("Errors")},
    ])
    assert s.sync(config)[0] == 0                   # writes the directory (the check read it before: missing)
    s.wiki.edit_as("Editor", s.page("Hub 2"), hubs[s.page("Hub 2")].replace("implementation", "pilot"))
    s.wiki.run_jobs()
    code, report = s.sync(config)                   # the check reads the directory the first run wrote
    assert code == 0, report
    check = s.text(s.page("Check"))
    assert "| status differs || Implementation || pilot" in check     # the one true disagreement, and only it
    assert check.count("\n|-\n") == 1 and "cells" not in s.text(s.page("Errors"))
    code, report = s.sync(config)                   # the directory now says pilot too
    assert "No disagreements: the directory and the infoboxes agree." in s.text(s.page("Check"))


# -- point 3: no edit without a change ------------------------------------------------------------------------
def test_days_since_review_are_counted_by_the_wiki_and_a_day_without_change_makes_no_edit(scenario):
    from datetime import datetime, timedelta, timezone

    from bot.app import publish_templates
    from bot.wiki.pywikibot import PywikibotGateway
    s = scenario
    gw = PywikibotGateway()
    try:
        gw.login()
        publish_templates(gw)                    # Module:Hub status counts the days as the page is rendered
    finally:
        gw.close()
    today = datetime.now(timezone.utc).date()
    old, recent = (today - timedelta(days=200)).isoformat(), (today - timedelta(days=10)).isoformat()
    s.wiki.import_pages({s.page("Old hub"): s.infobox("Old hub", updated=old),
                         s.page("Recent hub"): s.infobox("Recent hub", updated=recent)})
    config = s.config([{"name": "status", "kind": "status", "page": s.page("Status"), "stale_days": 180},
                       {"name": "errors", "kind": "errors", "page": s.page("Errors")}])
    code, report = s.sync(config, "--now", "2026-11-25T06:00:00Z")
    assert code == 0 and outcomes(report)[s.page("Status")] == ("edited", "")
    for day in ("2026-11-26", "2026-11-27", "2027-03-01"):          # days later, nothing changed: no edit
        code, report = s.sync(config, "--now", f"{day}T06:00:00Z")
        assert code == 0 and report["totals"]["edits"] == 0, report
    gw = PywikibotGateway()
    try:
        html = gw.render(s.page("Status"))
    finally:
        gw.close()
    assert "#invoke" not in html and "Script error" not in html             # the wiki evaluated them
    assert f"last reviewed {old} (200 days ago)" in html                     # counted today, as the page is read
    assert f"last reviewed {recent}" not in html                              # 10 days: not stale
    table = html.split("hubbot-status", 1)[1].split("</table>", 1)[0]
    rows = {name: row for row in table.split("<tr")[1:] for name in ("Old hub", "Recent hub")
            if f'/{name}">' in row}
    assert 'class="hubbot-stale"' in rows["Old hub"] and "hubbot-stale" not in rows["Recent hub"]
    cells = {name: [c.split(">", 1)[1].strip() for c in row.split("<td")[1:]] for name, row in rows.items()}
    assert cells["Old hub"][3] == "200</td>" and cells["Recent hub"][3] == "10</td>", cells


def test_a_config_for_any_account_uses_that_accounts_user_pages(scenario):
    import secrets
    s = scenario
    account, app_id = f"Bot{s.key}", "deploy"
    secret = "".join(secrets.choice("0123456789abcdefghijklmnopqrstuvw") for _ in range(32))
    s.wiki._php("createAndPromote.php", "--bot", account, secrets.token_hex(12) + "Aa1!")
    s.wiki._php("createBotPassword.php", f"--appid={app_id}", "--grants=basic,highvolume,editpage,createeditmovepage",
                account, secret)
    pwb = s.tmp / "pwb-other"
    pwb.mkdir()
    (pwb / "passwordfile").write_text(f"({account!r}, BotPassword({app_id!r}, {secret!r}))\n")
    (pwb / "user-config.py").write_text(
        (s.wiki.pywikibot_dir / "user-config.py").read_text()
        .replace(str(s.wiki.pywikibot_dir / "passwordfile"), str(pwb / "passwordfile")).replace("'HubBot'", repr(account)))
    s.wiki.import_pages({s.page("Hub 0"): s.infobox("Hub 0", plans="[[Plan 0]]"),
                         f"User:{account}/Shutoff": "stop: not yet --Editor"})
    import yaml
    path = s.tmp / "config.yaml"
    path.write_text(yaml.safe_dump({"hubs": {"template": s.template}, "lists": False,
                                    "outputs": [{"name": "plans", "kind": "plans", "page": s.page("Plans")},
                                                {"name": "errors", "kind": "errors"}],
                                    "safety": {"shutoff_page": "User:{account}/Shutoff"}}))
    sync = ["sync", "--config", str(path), "--state-dir", str(s.state_dir), "--now", NOW]
    done = run_hubbot(pwb, *sync)
    assert done.returncode == 3, done.stderr
    assert f"the shutoff page User:{account}/Shutoff says 'stop: not yet --Editor'" in done.stderr
    s.wiki.edit_as("Editor", f"User:{account}/Shutoff", "run")
    done = run_hubbot(pwb, *sync, "--report", str(s.tmp / "r.json"))
    assert done.returncode == 0, done.stderr
    assert outcomes(json.loads((s.tmp / "r.json").read_text()))[f"User:{account}/Errors"] == ("edited", "")
    assert "|Hub 0]]" in s.text(s.page("Plans")) and s.text(f"User:{account}/Errors") != ""
