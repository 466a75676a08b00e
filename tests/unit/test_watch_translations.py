"""hubbot watch and lists in the reader's language (issue 25): a translator's edit wakes the outputs written
per language, in namespace 1198 (Translations:) and on translation pages."""

from __future__ import annotations

from dataclasses import replace

from bot.config import OutputConfig, StatusOptions
from bot.logic.watch import Watched, affected_outputs
from bot.wiki.gateway import Change

OUTPUTS = (OutputConfig("plans", "plans", "Hubs/List of ongoing plans"),
           OutputConfig("directory", "directory", "Hubs/Directory"),
           OutputConfig("status", "status", "Hubs/Status", options=StatusOptions(translations=("Hubs",))),
           OutputConfig("errors", "errors", "User:HubBot/Errors"))
WATCHED = Watched(template="Template:Hub infobox", hubs=frozenset({"CEE Hub", "ESEAP"}), outputs=OUTPUTS,
                  namespaces=(0,), shutoff="User:HubBot/Shutoff", own_revisions=frozenset({500}),
                  translated=("plans", "directory"), translation_pages=("Hubs", "Hubs/Ongoing", "Hubs/hubbot labels"))


def edit(title, ns=0, revid=100):
    return Change(1, "2026-11-25T12:00:00Z", "edit", title, ns, revid, "Translator")


def decide(*changes, watched=WATCHED):
    return affected_outputs(list(changes), watched).outputs


def test_a_translators_edit_in_the_translations_namespace_syncs_the_translated_outputs():
    assert decide(edit("Translations:CEE Hub/Page display title/sw", 1198)) == ("plans", "directory", "errors")
    # A unit of Hubs: the status output reports its progress, and a new language gets its pages. (The status
    # output also takes Translations:Hubs/<subpage>/... for its own, as before: a run too many, never one too few.)
    assert decide(edit("Translations:Hubs/3/fr", 1198)) == ("plans", "directory", "status", "errors")
    assert decide(edit("Translations:Hubs/hubbot labels/column-scope/sw", 1198))[:2] == ("plans", "directory")
    assert decide(edit("Translations:Hubs/Ongoing/1/de", 1198))[:2] == ("plans", "directory")   # a new language
    labels_elsewhere = replace(WATCHED, translation_pages=("Hubs", "Hub labels"))
    assert decide(edit("Translations:Hub labels/column-scope/sw", 1198), watched=labels_elsewhere) == (
        "plans", "directory", "errors")


def test_a_hubs_translation_page_and_a_per_language_page_edited_by_someone():
    assert decide(edit("CEE Hub/sw")) == ("plans", "directory", "errors")       # FuzzyBot's, with its infobox
    assert decide(edit("Hubs/Directory/sw")) == ("directory", "errors")
    assert decide(edit("Hubs/Directory/sw", revid=500)) == ()                       # the bot's own save


def test_other_translations_and_a_config_without_translation_wake_nothing_new():
    assert decide(edit("Translations:Elsewhere/1/sw", 1198)) == ()
    assert decide(edit("Translations:Hub labels/column-scope/sw", 1198),
                  watched=replace(WATCHED, translated=(), translation_pages=())) == ()
    assert decide(edit("CEE Hub/sw"), watched=replace(WATCHED, translated=())) == ()
