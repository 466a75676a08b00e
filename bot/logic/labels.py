"""The words of generated lists, in the reader's language (pure; issue 25).

Every word hubbot writes around the hubs' own values (section headings, column headers, type and status
words, the counts line, the empty-list lines, the {{Hub list}} note and notice) is a *label*: an English
text keyed by a unit id. ``publish-templates`` publishes them as a translatable page (``translation.labels``,
e.g. ``Hubs/hubbot labels``) with one Translate unit per label, its marker the label's key
(``<!--T:column-scope-->``), so translators translate them on the wiki like any page and a new language
needs no operator. The bot reads ``Translations:<labels page>/<key>/xx`` and renders a list for language
xx with a ``Labels`` object: a translated label where a translator gave one (not outdated), else English.

A translation is hostile wiki text: it is reduced to the text a reader sees (bot.parsing.wikitext.plain),
cut at ``LABEL_MAX`` characters and escaped (bot.rendering.escape.cell) before it reaches a page, exactly
as an infobox value. ``$1``, ``$2`` stand for what the bot fills in (a count, a name, a link); they are
filled after escaping, with text the bot made safe itself. English labels render byte for byte as the
texts hubbot wrote before labels existed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from bot.models import TranslationProgress
from bot.parsing.wikitext import plain
from bot.rendering import escape

LABEL_MAX = 200            # characters of a translated label a reader sees
FUZZY = "!!FUZZY!!"        # Translate's mark of an outdated translation: English is shown instead
PLACEHOLDER = re.compile(r"\$(\d+)")

_LISTS = "the hub directory and of on-wiki hub lists (the Hub list template)"
_INFOBOX = "; also the name of a row of the hub infobox"


def _column(shows: str, infobox: bool = True) -> str:
    return f"a column header of {_LISTS}, above {shows}" + (_INFOBOX if infobox else "")


# key (the unit id on the labels page: never renamed, its translations are kept under it) -> (English, where it is
# shown and what its $n stand for: for translators, on the labels page and as the unit's documentation, qqq)
LABELS: dict[str, tuple[str, str]] = {
    "heading-regional": ("Regional hubs", "a section heading of the hub directory, above the hubs of type regional"),
    "heading-thematic": ("Thematic hubs", "a section heading of the hub directory, above the hubs of type thematic"),
    "heading-linguistic": ("Linguistic hubs",
                           "a section heading of the hub directory, above the hubs of type linguistic"),
    "heading-none": ("Type not given", "a section heading of the hub directory, above the hubs without a type"),
    "heading-count": ("$1 ($2)", "a section heading of the hub directory with its number of hubs, "
                                 "'Regional hubs (9)' in English: $1 the heading, $2 the number"),
    "column-name": ("Hub", _column("each hub's name (a link to the hub's page)", infobox=False)),
    "column-type": ("Type", _column("each hub's type (Regional, Thematic, Linguistic)")),
    "column-scope": ("Scope", _column("what each hub covers: a region, a theme or a language")),
    "column-region": ("Region", _column("the part of the world each hub works in")),
    "column-status": ("Status", _column("how far each hub has come (Research, Planning, Pilot ...)")),
    "column-languages": ("Languages", _column("the languages each hub works in")),
    "column-website": ("Website", _column("a link to each hub's own website")),
    "column-contact": ("Contact", _column("how to reach each hub")),
    "column-founded": ("Founded", _column("the year each hub was founded")),
    "column-updated": ("Last updated", _column("the date each hub's data was last reviewed", infobox=False)),
    "column-plans": ("Plans", _column("links to each hub's plans and discussions", infobox=False)),
    "column-map": ("Map", _column("a small map of each hub's area", infobox=False)),
    "column-details": ("Details", _column("a few words of each hub's own about it")),
    "type-regional": ("Regional", "a hub's type, in the Type column of the lists and in the hub infobox: a hub "
                                  "for the communities of one region"),
    "type-thematic": ("Thematic", "a hub's type, in the Type column of the lists and in the hub infobox: a hub "
                                  "for one theme or kind of work"),
    "type-linguistic": ("Linguistic", "a hub's type, in the Type column of the lists and in the hub infobox: a hub "
                                      "for the communities of one language"),
    "status-research": ("Research", "a hub's status, in the Status column of the lists and in the hub infobox"),
    "status-discussion": ("Discussion", "a hub's status, in the Status column of the lists and in the hub infobox"),
    "status-planning": ("Planning", "a hub's status, in the Status column of the lists and in the hub infobox"),
    "status-pilot": ("Pilot", "a hub's status, in the Status column of the lists and in the hub infobox"),
    "status-implementation": ("Implementation",
                              "a hub's status, in the Status column of the lists and in the hub infobox"),
    "status-established": ("Established", "a hub's status, in the Status column of the lists and in the hub infobox"),
    "status-inactive": ("Inactive", "a hub's status, in the Status column of the lists and in the hub infobox"),
    "map-alt": ("Map of $1", "the text of a hub's map in the Map column, for readers who cannot see the image: "
                             "$1 the hub's name"),
    "directory-empty": ("No hubs found: no page uses $1 yet.",
                        "the hub directory's only line while no hub page has an infobox: $1 a link to the "
                        "infobox template, named Hub infobox"),
    "plans-empty": ("No hub lists a plan yet: add them to the plans parameter of a hub's $1.",
                    "the list of ongoing plans' only line while no hub gives a plan: $1 a link to the infobox "
                    "template, named Hub infobox; keep the word plans (the name of the infobox's parameter)"),
    "list-empty": ("No hub matches this list yet.",
                   "the only line of an on-wiki hub list (the Hub list template) that shows no hub"),
    "list-maintained": ("list maintained by $1",
                        "the small note under every on-wiki hub list: $1 a link to the template, named hubbot"),
    "list-notice": ("hubbot could not update this list: $1",
                    "the notice above an on-wiki hub list that hubbot could not update: $1 the problem (in English)"),
    "list-notice-details": ("details", "the link to the errors page at the end of that notice"),
    # {{Hub infobox}}'s own rows (the others are the column headers and the type and status words above)
    "infobox-map-alt": ("Rough map of the hub's area",
                        "the text of the hub infobox's map, for readers who cannot see the image"),
    "infobox-updated": ("Last reviewed", "the name of a row of the hub infobox: the date its data was last checked"),
    "infobox-plans": ("Plans and discussions", "the heading of the hub infobox's links to the hub's plans"),
}
KEYS = tuple(LABELS)
# Languages written right to left: MediaWiki 1.39's languages/messages/Messages*.php with ``$rtl = true``, and those
# whose $fallback inherits it (ks, skr, ug, aeb). A fixed set (Scribunto's mw.language:isRTL() says the same on the
# wiki): hubbot writes PAGE/xx as plain wikitext, before any page is rendered.
RIGHT_TO_LEFT = frozenset((
    "aeb", "aeb-arab", "ar", "arc", "arq", "ary", "arz", "azb", "bcc", "bgn", "bqi", "ckb", "dv", "en-rtl", "fa",
    "glk", "he", "khw", "kk-arab", "kk-cn", "ks", "ks-arab", "ku-arab", "lki", "lrc", "luz", "ms-arab", "mzn", "nqo",
    "pnb", "ps", "sd", "sdh", "skr", "skr-arab", "ug", "ug-arab", "ur", "yi"))
_WORDS = re.compile(r"[^\W\d_]")      # a letter: "$1 ($2)" has none, it is no English text


def english(wikitext: str) -> str:
    """English wikitext on a page written right to left, marked as Translate marks an untranslated unit there
    (``lang="en" dir="ltr"``): its punctuation and numbers are laid out left to right, not mirrored."""
    return f'<span lang="en" dir="ltr">{wikitext}</span>' if wikitext else wikitext


@dataclass(frozen=True)
class Labels:
    """The labels of one language: translated ones where given, English for the rest.

    Hashable (a tuple of pairs), so rendered table rows can be remembered per language.
    """

    language: str = "en"
    translated: tuple[tuple[str, str], ...] = ()      # (key, visible text), only keys of LABELS
    rejected: tuple[str, ...] = ()                    # keys whose translation lost or invented a $n (English shown)

    @property
    def right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT

    def in_english(self, wikitext: str) -> str:
        """Wikitext left in English for a reader of this language: marked ``lang="en" dir="ltr"`` on a
        right-to-left language (``english``), as it is on every other (byte for byte what it was)."""
        return english(wikitext) if self.right_to_left else wikitext

    def text(self, key: str) -> str:
        """The label as plain text (not escaped): the translation, else English."""
        return dict(self.translated).get(key) or LABELS[key][0]

    def cell(self, key: str, *values: str) -> str:
        """The label as inert wikitext, ``$1``, ``$2`` ... replaced by ``values`` (wikitext the bot made
        safe itself: a number, an escaped name, a link). English gives the text as it always was; English
        words on a right-to-left language are marked as such (``in_english``)."""
        out = escape.cell(self.text(key))
        for i in range(len(values), 0, -1):           # $10 before $1
            out = out.replace(f"${i}", values[i - 1])
        if key not in dict(self.translated) and _WORDS.search(PLACEHOLDER.sub("", LABELS[key][0])):
            return self.in_english(out)
        return out

    def _word(self, key: str, fallback: str) -> tuple[str, bool]:
        """A type or status word as plain text, and whether it is in English."""
        if key not in LABELS:
            return fallback, True
        translated = dict(self.translated).get(key)
        return translated or LABELS[key][0], not translated

    def _type_words(self, types) -> list[tuple[str, bool]]:
        return [self._word(f"type-{t}", str(t).capitalize()) for t in types]

    @staticmethod
    def _joined(words: list[str], amp: str) -> str:
        return amp.join(words) if len(words) < 3 else ", ".join(words[:-1]) + amp + words[-1]

    def types(self, types) -> str:
        """A hub's types as plain text: ("regional", "thematic") -> "Regional & Thematic" in English."""
        return self._joined([w for w, _ in self._type_words(types)], " & ")

    def types_cell(self, types) -> str:
        """A hub's types as inert wikitext (a table cell): English words marked on a right-to-left language."""
        if not self.right_to_left:
            return escape.cell(self.types(types))
        return self._joined([self.in_english(escape.cell(w)) if en else escape.cell(w)
                             for w, en in self._type_words(types)], " &amp; ")

    def status(self, status: str | None) -> str:
        """A hub's status as plain text ("implementation" -> "Implementation" in English)."""
        if not status:
            return ""
        return self._word(f"status-{status}", status.capitalize())[0]

    def status_cell(self, status: str | None) -> str:
        """A hub's status as inert wikitext: its English word marked on a right-to-left language."""
        if not status or not self.right_to_left:
            return escape.cell(self.status(status))
        word, en = self._word(f"status-{status}", status.capitalize())
        return self.in_english(escape.cell(word)) if en else escape.cell(word)

    @property
    def count(self) -> int:
        """How many labels are translated (the status page says it per language)."""
        return len(self.translated)


ENGLISH = Labels()


def label_title(labels_page: str, key: str, language: str) -> str:
    """``Translations:<labels page>/<key>/xx``: where Translate keeps a label's translation."""
    return f"Translations:{labels_page}/{key}/{language}"


def label_titles(labels_page: str, languages) -> list[str]:
    """Every label's translation page for each language: read 50 a request (prop=revisions)."""
    return [label_title(labels_page, key, code) for code in languages for key in KEYS]


def visible(text: str | None, limit: int = LABEL_MAX) -> str | None:
    """A translator's text as the reader sees it (markup reduced to text, whitespace collapsed, cut),
    or None when it is empty or outdated (Translate's ``!!FUZZY!!``)."""
    if text is None or FUZZY in text:
        return None
    shown = plain(text).text
    return shown[:limit].rstrip() or None


def placeholders(text: str) -> frozenset[str]:
    """The ``$n`` a label holds (``$1``, ``$2`` ...)."""
    return frozenset(PLACEHOLDER.findall(text))


def labels_for(language: str, labels_page: str, texts: Mapping[str, str | None]) -> Labels:
    """The labels of ``language`` from the texts of its translation pages (title -> text; missing: None).

    A translation whose ``$n`` are not the English label's (``$1`` dropped, ``$3`` where there is none) would lose
    the count, name or link hubbot puts there, or show ``$3`` to readers: it is rejected (English shown) and named
    by ``Labels.rejected`` for the errors page (bot.logic.labels.rejected_warnings)."""
    found, rejected = [], []
    for key in KEYS:
        shown = visible(texts.get(label_title(labels_page, key, language)))
        if shown is None:
            continue
        if placeholders(shown) != placeholders(LABELS[key][0]):
            rejected.append(key)
            continue
        found.append((key, shown))
    return Labels(language, tuple(found), tuple(rejected))


def rejected_warnings(labels_page: str, languages) -> list[str]:
    """The errors page's line per rejected translation (``languages``: Labels of each language in use)."""
    found = []
    for labels in languages:
        for key in labels.rejected:
            wanted = sorted(placeholders(LABELS[key][0]), key=int)
            where = f"the label {key} in language {labels.language} ({label_title(labels_page, key, labels.language)})"
            if wanted:
                keep = " and ".join(f"${n}" for n in wanted)
                found.append(f"{where} is shown in English: its translation must have {keep} and no other $n, where "
                             f"hubbot puts {LABELS[key][1].split(': ', 1)[-1]}. Fix: keep {keep} in the translation.")
            else:
                found.append(f"{where} is shown in English: this label has no $n, its translation has one. "
                             f"Fix: remove the $n from the translation.")
    return found


INTRO = "intro"          # the unit id of the labels page's introduction (no label: hubbot never reads its translations)
DOCUMENTATION = "qqq"    # a unit's documentation, Translate's "language" (Meta's $wgTranslateDocumentationLanguageCode)


def labels_page_text() -> str:
    """The labels page as publish-templates publishes it: one Translate unit per label, its key the marker.

    The introduction is a unit too (``<!--T:intro-->``): a translator's page ``LABELS/xx`` tells them in their
    language what the page is. Each row says in English where the label is shown and what its ``$1``, ``$2`` are,
    as the unit's documentation says beside it in Special:Translate (``documentation_pages``). Marking the page
    for translation makes no edit: every unit already has its marker; the label units' ids are their keys, so
    translations made before stay theirs.
    """
    rows = "\n".join(f"|-\n| <code>{key}</code> || {about} || <translate><!--T:{key}--> {english}</translate>"
                     for key, (english, about) in LABELS.items())
    return f"""<languages/>
<translate>
<!--T:{INTRO}-->
The words '''hubbot''' writes around the hubs' own values in the lists it generates (the hub directory, the list of ongoing plans, on-wiki hub lists) and in the hub infobox. Translate them like any page ([[Special:Translate]]): at its next run hubbot writes every list in your language with your words, and English where a word is not translated yet. Keep <code>$1</code> and <code>$2</code>: hubbot puts a number, a name or a link there. Beside each text, Special:Translate shows where it is used and what its <code>$1</code> and <code>$2</code> are (the table below says the same, in English). This page is published by <code>hubbot publish-templates</code>; change the English words in hubbot's code, not here.
</translate>

{{| class="wikitable"
! Key !! Where it is used !! Text
{rows}
|}}
"""


def documentation_pages(labels_page: str) -> dict[str, str]:
    """Each label's documentation for translators, as Translate keeps a unit's: the page
    ``Translations:<labels page>/<key>/qqq``, which Special:Translate shows beside the unit ("Message
    documentation"): where the label is shown and what its ``$n`` stand for.
    Translate takes these edits only once the labels page is marked with all its units (publish-templates
    publishes them then); qqq is no language: the statistics' qqq is left out of the languages in use
    (bot.wiki.translate_stats.translated_languages)."""
    return {label_title(labels_page, key, DOCUMENTATION):
            f"{about[0].upper()}{about[1:]}." for key, (_, about) in LABELS.items()}


def documentation_refusal(labels_page: str, progress: TranslationProgress) -> str | None:
    """Why the labels' documentation cannot be published now (None: it can), from Translate's statistics of the
    labels page (``progress``). Translate refuses an edit of ``Translations:PAGE/UNIT/qqq``
    for a unit not marked for translation (tpt-unknown-page): the page must be marked, with every unit hubbot's
    text has (the labels and the introduction; Translate may count the page title as one more)."""
    if not progress.available:
        return progress.note
    units, marked = len(LABELS) + 1, max((s.total for s in progress.stats), default=0)
    if marked < units:
        return (f"{labels_page} is marked for translation with {marked} units, and hubbot's text of it has {units}: "
                f"its new units are not marked yet")
    return None
