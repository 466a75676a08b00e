"""Offline mode reads only MediaWiki exports, filters namespaces as the wiki does, and never lets
two pages share an output file."""

from __future__ import annotations

import pytest

from bot.errors import UserError
from bot.wiki.offline import OfflineGateway, file_name, read_export, title_of

EXPORT = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">
<siteinfo><namespaces>
  <namespace key="0" case="first-letter" />
  <namespace key="2" case="first-letter">User</namespace>
  <namespace key="4" case="first-letter">Meta</namespace>
</namespaces></siteinfo>
<page><title>Hub A</title><ns>0</ns><revision><id>1</id><text>{{Hub infobox|name=A}}</text></revision></page>
<page><title>User:Draft hub</title><ns>2</ns><revision><id>2</id><text>{{Hub infobox|name=D}}</text></revision></page>
<page><title>Meta:Old hub</title><revision><id>3</id><text>{{hub_infobox|name=O}}</text></revision></page>
<page><title>Not a hub</title><ns>0</ns><revision><id>4</id><text>&lt;!-- {{Hub infobox}} --&gt;</text></revision></page>
</mediawiki>
"""


def gateway(tmp_path, text=EXPORT):
    path = tmp_path / "export.xml"
    path.write_text(text)
    return OfflineGateway(path, tmp_path / "out")


def test_namespaces_come_from_the_export(tmp_path):
    gw = gateway(tmp_path)
    assert gw.transclusions("Hub infobox", []) == ["Hub A", "Meta:Old hub", "User:Draft hub"]
    assert gw.transclusions("Hub infobox", [0]) == ["Hub A"]
    assert gw.transclusions("Hub infobox", [2, 4]) == ["Meta:Old hub", "User:Draft hub"]   # siteinfo names


NOT_EXPORTS = [
    ("<!DOCTYPE html>\n<html><body><p>Hubs</p></body></html>", "root element is <html>"),
    ("<?xml version='1.0'?><rss><channel/></rss>", "root element is <rss>"),
    ("<html><body>unclosed", "root element is <html>"),
    ("\x00\x01binary", "not well-formed XML"),
    ("", "not well-formed XML"),
    ("{{Hub infobox|name=A}}", "not well-formed XML"),
]


@pytest.mark.parametrize("text,problem", NOT_EXPORTS, ids=[p for _, p in NOT_EXPORTS])
def test_files_that_are_not_exports_are_refused(tmp_path, text, problem):
    with pytest.raises(UserError) as err:
        gateway(tmp_path, text)
    assert "export.xml: is not a MediaWiki XML export" in str(err.value) and problem in str(err.value)
    assert "Special:Export" in err.value.fix


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(UserError, match="is a folder, not an XML export"):
        read_export(tmp_path)


def test_every_title_gets_its_own_file_and_can_be_read_back():
    titles = ["A/X", "A X", "A:X", "A%2FX", "A.X", "Café 100%", ".hidden", "..", "User:HubBot/Errors", "a" * 300,
              "a" * 299 + "b"]
    names = [file_name(t) for t in titles]
    assert len(set(names)) == len(titles)
    assert all("/" not in n and not n.startswith(".") and len(n.encode()) <= 240 for n in names)
    assert [title_of(n) for n in names[:-2]] == [t[:1].upper() + t[1:] for t in titles[:-2]]


def test_saves_write_distinct_files(tmp_path):
    from bot.models import PageText
    gw = gateway(tmp_path)
    for title in ("A/X", "A X", "A:X"):
        gw.save(PageText(title, "", exists=False), f"text of {title}", "s")
    assert sorted(p.name for p in (tmp_path / "out").glob("*.wiki")) == ["A%2FX.wiki", "A%3AX.wiki", "A_X.wiki"]
    assert (tmp_path / "out" / "A%2FX.wiki").read_text() == "text of A/X"
