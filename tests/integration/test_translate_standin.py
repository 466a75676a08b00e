"""The local wiki's stand-in for Translate's page markup: readers see Meta's rendering, not the tags.

Checked on MediaWiki's own rendering (action=parse through the gateway); the
browser test (test_browser.py) checks the demo pages in Chromium.
"""

from __future__ import annotations

import html as htmllib
import re

from bot.browser import raw_markup

PAGE = """<languages/>
<translate>
<!--T:1-->
'''Intro''' with <tvar name=link>[[Hubs|a link]]</tvar> and <tvar|old>an old variable</>.

== Heading == <!--T:2-->
</translate>
<translate nowrap><!--T:3--> Inline unit</translate> stays on its line.
{{Echo value|<translate><!--T:4--> Parameter text</translate>}}
<nowiki><translate>literal</translate></nowiki>
"""


def _text(html: str) -> str:
    """The rendered HTML's text as a reader reads it (tags dropped, entities decoded)."""
    return htmllib.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<!--.*?-->", "", html, flags=re.S)))


def test_translate_markup_is_rendered_as_on_meta(wiki, gateway, scenario):
    wiki.import_pages({"Template:Echo value": "<span class=echo>{{{1}}}</span>",
                       scenario.page("Source"): PAGE,
                       scenario.page("Source") + "/de": "<languages/>\nEinleitung.",
                       scenario.page("Source") + "/Notes": "not a translation"})
    html = gateway.render(scenario.page("Source"))
    text = _text(html)
    assert "Intro with a link and an old variable." in text
    assert "Inline unit stays on its line." in text
    assert '<span class="echo">Parameter text</span>' in html
    assert "<translate>literal</translate>" in text                 # nowiki keeps it literal
    assert re.search(r"<h2>.*Heading.*</h2>", html)
    assert raw_markup(text.replace("<translate>literal</translate>", "")) == []
    assert not re.search(r"<p>\s*</p>", html)                        # no empty paragraph where tags stood

    # Section editing sees the heading inside <translate> as section 1, as the [edit] link says.
    assert 'action=edit&amp;section=1"' in html
    answer = gateway.site.simple_request(action="query", prop="revisions", rvprop="content", rvslots="main",
                                         rvsection="1", titles=scenario.page("Source"),
                                         formatversion="2").submit()
    section = answer["query"]["pages"][0]["revisions"][0]["slots"]["main"].get("content", "(no section 1)")
    assert section.startswith("== Heading ==")

    bar = re.search(r'<div class="mw-pt-languages.*?</div>', html, re.S).group(0)
    assert _text(bar) == "Other languages: Deutsch • English"
    assert re.search(r"<b><a [^>]*>English</a></b>", bar)            # the page being read

    translation = gateway.render(scenario.page("Source") + "/de")
    bar = re.search(r'<div class="mw-pt-languages.*?</div>', translation, re.S).group(0)
    assert _text(bar) == "Other languages: Deutsch • English"
    assert re.search(r"<b><a [^>]*>Deutsch</a></b>", bar)


def test_languages_tag_shows_nothing_without_translations(wiki, gateway, scenario):
    wiki.import_pages({scenario.page("Alone"): "<languages/>\n<translate>Only text.</translate>"})
    html = gateway.render(scenario.page("Alone"))
    assert "mw-pt-languages" not in html and "Only text." in _text(html) and raw_markup(_text(html)) == []
