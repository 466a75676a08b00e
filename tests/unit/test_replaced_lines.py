""""Human edits inside generated text" quotes only the lines a human changed since the bot's last save,
never the bot's own lines that a hub's change rewrites; and tells each page's editors where such words
belong. Whole runs through ``hubbot sync`` (which records what the bot saves) on a wiki in memory."""

from __future__ import annotations

from datetime import datetime, timezone

from bot import app
from bot.config import parse_config
from bot.logic.kinds import check_config
from bot.models import TranslationProgress, TranslationStat
from bot.rendering.regions import generated_lines, line_key, with_note
from bot.wiki.memory import MemoryWiki

NOW = datetime(2026, 11, 25, 12, tzinfo=timezone.utc)
LABELS = "Hubs/hubbot labels"
ERRORS = "User:HubBot/Errors"


def infobox(name: str, scope: str, status: str = "pilot") -> str:
    return (f"{{{{Hub infobox\n| name = {name}\n| type = regional\n| scope = {scope}\n| status = {status}\n"
            f"}}}}\n")


def make(tmp_path, translation: bool = True):
    wiki = MemoryWiki()
    wiki.edit("Hub A", infobox("Hub A", "Education"))
    wiki.edit("Hub B", infobox("Hub B", "East Africa"))
    wiki.edit("User:HubBot/Shutoff", "run")
    raw = {"outputs": [{"name": "directory", "kind": "directory", "page": "Hubs/Directory",
                        "columns": ["hub", "scope", "status"]},
                       {"name": "errors", "kind": "errors", "page": ERRORS}],
           "safety": {"shutoff_page": "User:HubBot/Shutoff"}}
    if translation:
        raw["translation"] = {"pages": ["Hubs"], "labels": LABELS}
        wiki.edit(f"Translations:{LABELS}/column-scope/sw", "Upeo", user="Translator")

        def statistics(page: str) -> TranslationProgress:
            wiki.counters.requests += 1
            return TranslationProgress(page, True, (TranslationStat("en", 10, 10, 0), TranslationStat("sw", 10, 3, 0)))
        wiki.translation_progress = statistics
    return wiki, check_config(parse_config(raw, str(tmp_path / "config.yaml")))


def sync(wiki, config, tmp_path) -> int:
    request = app.SyncRequest(state_dir=tmp_path / "state", now=NOW)
    return app.sync(config, request, gateway=wiki, sleep=lambda s: None, out=lambda t: None)


def replaced_section(errors: str) -> str:
    return errors.split("== Human edits inside generated text ==", 1)[1]


def test_only_the_line_a_translator_changed_is_quoted_not_the_row_a_hubs_new_status_rewrote(tmp_path):
    wiki, config = make(tmp_path)
    assert sync(wiki, config, tmp_path) == 0
    page = "Hubs/Directory/sw"
    before = wiki.text(page)
    assert "| [[Special:MyLanguage/Hub A|Hub A]] || Education || Pilot" in before
    wiki.edit(page, before.replace("|| Education ||", "|| Elimu ||"), user="Translator")
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="active"))     # the bot's own row changes
    assert sync(wiki, config, tmp_path) == 0
    assert wiki.history(page)[-1].summary.endswith("; replaced 1 hand-written line (quoted on the errors page)")
    quoted = replaced_section(wiki.text(ERRORS))
    assert ("*: <code>&#124; &#91;&#91;Special:MyLanguage/Hub A&#124;Hub A&#93;&#93; &#124;&#124; Elimu &#124;&#124; "
            "Pilot</code>") in quoted
    assert "East Africa" not in quoted                       # the bot wrote that row; nobody typed it
    assert quoted.count("*: <code>") == 1
    assert ("hubbot writes this page for readers of sw from translations: translate the list's words on "
            "Hubs/hubbot labels, and a hub's name and scope in the hub page's translation (HUB/sw, with "
            "Special:Translate); the next run shows them here.") in quoted
    assert "outside the markers" not in quoted
    assert "| [[Special:MyLanguage/Hub B|Hub B]] || East Africa || Established" in wiki.text(page)


def test_on_a_page_the_bot_owns_the_fix_names_the_infobox_and_only_the_human_line_is_quoted(tmp_path):
    wiki, config = make(tmp_path, translation=False)
    assert sync(wiki, config, tmp_path) == 0
    page = "Hubs/Directory"
    wiki.edit(page, wiki.text(page).replace("|| Education ||", "|| Learning ||"))
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="active"))
    assert sync(wiki, config, tmp_path) == 0
    assert wiki.history(page)[-1].summary.endswith("; replaced 1 hand-written line (quoted on the errors page)")
    quoted = replaced_section(wiki.text(ERRORS))
    assert quoted.count("*: <code>") == 1 and "Learning" in quoted and "East Africa" not in quoted
    assert "move them to the hub page's infobox; hubbot writes this whole page." in quoted


def test_without_a_record_of_the_bots_last_save_every_dropped_line_is_quoted(tmp_path):
    wiki, config = make(tmp_path, translation=False)
    assert sync(wiki, config, tmp_path) == 0
    (tmp_path / "state" / "saved-outputs.json").unlink()             # lost: nothing a human wrote goes unquoted
    page = "Hubs/Directory"
    wiki.edit(page, wiki.text(page).replace("|| Education ||", "|| Learning ||"))
    wiki.edit("Hub B", infobox("Hub B", "East Africa", status="active"))
    assert sync(wiki, config, tmp_path) == 0
    assert wiki.history(page)[-1].summary.endswith("; replaced 2 hand-written lines (quoted on the errors page)")


def test_the_lines_of_generated_text_are_found_by_their_notes():
    text = ("Intro.\n<!-- hubbot:begin d -->\n" + with_note("a\nb\n\nc", "hubbot") + "<!-- hubbot:end d -->\nOutro.\n"
            + with_note("x\ny", "hubbot", lua=True))
    found = generated_lines(text)
    assert {line for line in ("a", "b", "", "c", "x", "y", "Intro.", "Outro.", "<!-- hubbot:end d -->")
            if line_key(line) in found} == {"a", "b", "", "c", "x", "y"}
