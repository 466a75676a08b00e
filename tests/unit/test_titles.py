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


# -- the one normaliser, as the former ones used it -------------------------------------------------------
# Before, bot.parsing.wikitext.normalize_title (link targets, file names, template names, the memory wiki's and
# the offline gateway's page keys), bot.wiki.offline.title_of and bot.wiki.memory.namespace_of had their own
# rules; every case they handled is read by bot.titles now, with check=False where a title comes from a page.
LENIENT = [
    ("hubs_Ongoing", "Hubs Ongoing"),            # underscores are spaces
    ("  a   b\tc\n", "A b c"),                     # runs of spaces (a link may wrap) are one
    ("x", "X"),                                   # first letter
    (":Category:Hubs", "Category:Hubs"),          # a leading ':' (a link to a category)
    ("user:bob", "User:Bob"),                     # namespace case, and the first letter after it
    ("USER_TALK:bob", "User talk:Bob"),
    ("image:Map.png", "File:Map.png"),            # a namespace alias
    ("A&amp;B", "A&B"),
    ("X|Y", "X|Y"),                               # never refused: a page's text may hold anything
    ("[[X]]", "[[X]]"),
    ("", ""),
]


@pytest.mark.parametrize("raw,title", LENIENT)
def test_titles_from_pages_are_normalized_and_never_refused(raw, title):
    assert canonical_title(raw, check=False) == title


def test_link_targets_and_template_names_are_read_by_the_one_normaliser():
    from bot.parsing.wikitext import link_target, links, template_key
    assert link_target("Special:MyLanguage/hubs/ongoing") == "Hubs/ongoing"
    assert link_target(" :special:mylanguage/user:bob") == "User:Bob"
    assert [p.target for p in links("[[hubs_list|a]] [[user talk:bob]]")[0]] == ["Hubs list", "User talk:Bob"]
    assert template_key("template:hub_infobox") == template_key(" Hub infobox ") == "Hub infobox"
    assert template_key("TEMPLATE:x") == "X" and template_key("user:bob/box") == "User:Bob/box"


def test_the_memory_wiki_and_the_offline_gateway_key_pages_by_the_same_titles():
    from bot.wiki.memory import MemoryWiki, namespace_of
    from bot.wiki.offline import file_name, title_of
    wiki = MemoryWiki()
    wiki.edit("user_talk:bob/hub", "text")
    assert list(wiki.pages) == ["User talk:Bob/hub"] and wiki.text("User talk:bob/hub") == "text"
    assert [namespace_of(t) for t in ("hub", "user talk:x", "USER:x", "image:M.png", "Meta:X", "module:x")] \
        == [0, 3, 2, 6, 4, 828]
    assert title_of(file_name("user_talk:bob/hub")) == "User talk:Bob/hub"
    assert title_of("hubs_ongoing") == "Hubs ongoing"


def test_a_config_title_and_a_link_to_it_are_one_page(tmp_path):
    from bot.config import parse_config
    from bot.parsing.wikitext import link_target
    config = parse_config({"outputs": [{"name": "s", "kind": "status", "page": "user talk:bob/hubs_status"}]})
    assert config.outputs[0].page == link_target("[[User_talk:bob/hubs status]]"[2:-2]) == "User talk:Bob/hubs status"
