"""Config titles are read as MediaWiki reads them: one spelling per page, clear errors otherwise."""

from __future__ import annotations

import pytest

from bot.titles import TitleError, canonical_template, canonical_title

SAME = [
    ("same_page", "Same page"),
    ("  Same   page ", "Same page"),
    ("x", "X"),
    (":Hubs/Status", "Hubs/Status"),
    ("user:HubBot/Errors", "User:HubBot/Errors"),
    ("USER TALK:hubBot", "User talk:HubBot"),
    ("user_talk:hubBot", "User talk:HubBot"),
    ("template:hub infobox", "Template:Hub infobox"),
    ("image:Map.png", "File:Map.png"),
    ("module:Hub status/data", "Module:Hub status/data"),
    ("hubs:x", "Hubs:x"),                     # not a namespace: one main-namespace title
    ("A&amp;B", "A&B"),
    ("ünicode", "Ünicode"),
]


@pytest.mark.parametrize("raw,canonical", SAME)
def test_spellings_of_one_page_normalize_to_one_title(raw, canonical):
    assert canonical_title(raw) == canonical


BAD = [
    ("[[X]]", "is a link", "write the title alone: X"),
    ("[[X|label]]", "is a link", "write the title alone: X"),
    ("X|Y", "'|'", "exact title"),
    ("X#Section", "names a section", "write the page alone: X"),
    ("A<b>", "'<' '>'", "exact title"),
    ("{X}", "'{' '}'", "exact title"),
    ("{{Hub infobox}}", "template call", "Template:Hub infobox"),
    ("A%20B", "%-escape", "'A B'"),
    ("User:", "empty after the namespace", "full title"),
    ("../Secret", "relative path", "./"),
    ("Special:RecentChanges", "cannot be edited", "editable namespace"),
    ("x" * 256, "longer than 255 bytes", "shorter"),
]


@pytest.mark.parametrize("raw,problem,fix", BAD, ids=[b[1] for b in BAD])
def test_what_cannot_be_a_title_says_why_and_how_to_fix(raw, problem, fix):
    with pytest.raises(TitleError) as err:
        canonical_title(raw)
    assert problem in err.value.problem and fix in err.value.fix


@pytest.mark.parametrize("raw,name", [("Hub infobox", "Hub infobox"), ("template:hub_infobox", "Hub infobox"),
                                      ("Template:Hub infobox", "Hub infobox"), ("user:X/box", "User:X/box")])
def test_template_names_drop_the_template_namespace(raw, name):
    assert canonical_template(raw) == name
