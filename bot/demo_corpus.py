"""A realistic, Meta-like corpus of Hubs pages for the demo and the tests.

Built from the hubs known on Meta (docs: meta-hubs.md) and the `Hubs` page
itself (seed: hubs-page-meta.txt), with Translate markup as on Meta. A few
hubs carry deliberate mistakes so the errors page has something to show.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from bot.logic.labels import labels_page_text


@dataclass(frozen=True)
class DemoHub:
    page: str
    name: str
    type: str                 # as written in the infobox: "regional", "regional & thematic", ...
    scope: str
    status: str
    languages: str = ""
    website: str = ""
    founded: str = ""
    updated: str = ""
    plans: tuple[str, ...] = ()
    extra: str = ""           # raw extra infobox lines (mistakes on purpose)
    translate: bool = False   # wrap values in <translate> as translatable hub pages do
    map: str = ""             # a file in MAP_FILES (uploaded by the demo)
    details: str = ""


HUBS = (
    DemoHub("Wikimedia CEE Hub", "Wikimedia CEE Hub", "regional", "Central and Eastern Europe", "implementation",
            "en, pl, uk, cs, hu", "https://meta.wikimedia.org/wiki/Wikimedia_CEE_Hub", "2021", "2026-09-30",
            ("[[Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]", "[[Wikimedia CEE Hub/Feasibility study|Feasibility study]]"),
            translate=True, map="File:CEE Hub map.png",
            details="Run as a decentralised organisation with a fiscal sponsor; "
                    "[[Wikimedia CEE Hub/Year 2 plan|year 2 plan]] running."),
    DemoHub("ESEAP Hub", "ESEAP Hub", "regional", "East, Southeast Asia and the Pacific", "pilot",
            "en, id, ms, tl", "", "2022", "2026-06-01", ("[[ESEAP Hub/Strategy|Strategy]]",), map="ESEAP map.png",
            details="Pilot of the ESEAP region; see the [[ESEAP Hub/Strategy|strategy]]."),
    DemoHub("Iberocoop", "Iberocoop", "regional", "Ibero-America", "planning/discussion",
            "es, pt", "", "2010", "2026-03-15", ("[https://example.org/iberocoop-hub Hub study]",
                                                  "[[Iberocoop/Hub discussion|Hub discussion]]")),
    DemoHub("WikiFranca", "WikiFranca", "linguistic", "French-speaking communities", "discussion",
            "fr", "", "2013", "2025-11-02", ("[[WikiFranca/Hub|Hub proposal]]",), map="WikiFranca map.png",
            details="Francophone communities discuss a linguistic hub."),
    DemoHub("CANCUS", "CANCUS", "regional", "Canada and the United States (North America)", "research",
            "en, fr, es", "", "", "2024-12-01", ("[[CANCUS/Hub research|Hub research]]",)),
    DemoHub("South Asia Hub", "South Asia Hub", "regional", "", "research",
            "hi, bn, ta, ur", "", "", "2026-08-20", ("[[South Asia Hub/Research|Research report]]",)),
    DemoHub("East Africa Regional and Thematic Hub", "EA Regional and Thematic Hub (EARTH)", "regional & thematic",
            "East Africa", "planning", "sw, en, am", "", "2023", "2026-10-01",
            ("[[East Africa Regional and Thematic Hub/Plan|Plan]]", "[[Hubs/Research/East Africa]]"),
            map="EARTH hub map.png",
            details="Brings together wiki communities of East Africa; see the "
                    "[[East Africa Regional and Thematic Hub/Plan|plan]]."),
    DemoHub("Hubs/Research/Arabic-speaking communities", "Arabic-speaking hub research", "regional",
            "Arabic-speaking communities", "research", "ar", "", "", "2026-02-10"),
    DemoHub("Hubs/Research/West Africa", "West Africa hub research", "regional", "West Africa", "research",
            "en, fr, ha, yo", "", "", "not yet"),
    DemoHub("Wikimedia Europe", "Wikimedia Europe", "regional", "Advocacy in the European Union", "established",
            "en, de, fr", "https://wikimedia.brussels", "2022", "2026-07-07"),
    DemoHub("Wikimedia Language Diversity Hub", "Wikimedia Language Diversity Hub", "thematic",
            "Language diversity", "pilot", "en", "", "2022", "2026-05-05",
            ("[[Wikimedia Language Diversity Hub/Pilot|Pilot report]]",), translate=True),
    DemoHub("Content Partnerships Hub", "Content Partnerships Hub", "thematic", "Content partnerships and GLAM",
            "pilot", "en, sv", "", "2023", "2026-04-04", ("[[Content Partnerships Hub/Pilot plan|Pilot plan]]",)),
    DemoHub("Volunteer Supporters Network", "Volunteer Supporters Network", "thematic",
            "Support for volunteer supporters", "implementation", "en, es", "", "2021", "2026-01-20"),
    DemoHub("EduWiki Hub", "EduWiki Hub", "thematic", "Education", "exploring", "en, es, ar", "", "", "2026-09-09",
            ("[[Education/EduWiki Hub|EduWiki Hub discussion]]",), extra="| coordinator = User:Example\n"),
    DemoHub("Hubs/Research", "Wikimedia Hubs research", "thematic", "Research on hubs across the movement",
            "research", "en", "", "2021", "", ("[[Hubs/Research/Reports|Reports]]",
                                                "[https://example.org/hubs-research Summary]")),
)


def hub_page_text(h: DemoHub) -> str:
    def val(text: str, unit: int) -> str:
        return f"<translate><!--T:{unit}--> {text}</translate>" if h.translate and text else text

    lines = ["{{Hub infobox", f"| name = {val(h.name, 1)}", f"| type = {h.type}", f"| scope = {val(h.scope, 2)}",
             f"| status = {h.status}"]
    if h.details:
        lines.append(f"| details = {val(h.details, 4)}")
    for key in ("map", "languages", "website", "founded", "updated"):
        if getattr(h, key):
            lines.append(f"| {key} = {getattr(h, key)}")
    if h.plans:
        lines.append("| plans = " + "\n".join(h.plans))
    text = "\n".join(lines) + "\n" + h.extra + "}}\n"
    intro = (f"'''{h.name}''' is a {h.type} [[Hubs|Wikimedia hub]] initiative for {h.scope or 'its communities'}.\n\n"
             "== Activities ==\nThe hub coordinates its communities' activities and support.\n")
    if h.translate:   # every unit has its marker, as on a page marked for translation
        intro = intro.replace("\n\n== Activities ==", "\n\n<!--T:5-->\n== Activities ==")
        return "<languages/>\n" + text + "<translate>\n<!--T:3-->\n" + intro + "</translate>\n"
    return text + intro


HUBS_PAGE = """<languages/>
<translate>
<!--T:1-->
'''Wikimedia Hubs''' are a type of support structure, intended to "enable a common space for coordinating activities and identifying and advocating for the needs of the communities and organizations they serve". They can focus on supporting a specific region ("regional hubs") or a global thematic area ("thematic hubs"). Hubs were proposed as part of one of the 2018-20 Strategy recommendations, titled "Ensure Equity in Decision-making".

== Regional hubs == <!--T:2-->

<!--T:3-->
Regional hubs focus on supporting specific regions, allowing contextualizing activities, tools, and information.

== Thematic hubs == <!--T:4-->

<!--T:5-->
Thematic hubs focus on supporting global thematic areas, such as advocacy, capacity building, partnerships or research.

== History == <!--T:6-->

<!--T:7-->
In June 2010, Iberocoop, Wikimedia's first regional collaborative, was established.

== List of ongoing plans == <!--T:8-->

<!--T:9-->
The following list contains links to discussions, research or plans related to hubs.
</translate>
{{#ifexist:Hubs/List of ongoing plans{{#translation:}}|{{:Hubs/List of ongoing plans{{#translation:}}}}|{{:Hubs/List of ongoing plans}}}}

<translate>
== Overall discussions == <!--T:10-->

<!--T:11-->
During the strategy transition, several discussions on Hubs took place: see reports on Hubs discussions in November, December, and January.

== See also == <!--T:12-->
</translate>
* [[Special:MyLanguage/Hubs/Ongoing|Ongoing hub projects]]
* [[Special:MyLanguage/Movement Strategy|Movement Strategy]]
"""

HUBS_ZH = """<languages/>
'''维基媒体中心'''是一种支持结构。
== 正在进行的计划清单 ==
以下列表包含与中心相关的讨论、研究或计划的链接。
"""

ONGOING_PAGE = """<languages/>
<translate>
<!--T:1-->
This page lists ongoing discussions, research or plans related to [[Special:MyLanguage/Hubs|Hubs]]. The table below is generated by hubbot from each hub page's [[Template:Hub infobox|Hub infobox]]: to change a hub's entry, edit its infobox.
</translate>

== Ongoing hub projects ==
{{#ifexist:Hubs/Directory{{#translation:}}|{{:Hubs/Directory{{#translation:}}}}|{{:Hubs/Directory}}}}

== Hubs research ==
Editors keep this section by hand; the bot never touches it.
"""

# Pages where editors placed on-wiki lists ({{Hub list}} ... {{Hub list end}}); hubbot fills them.
THEMATIC_PAGE = """Thematic hubs support a global theme rather than a region. This page is kept by the
thematic hubs' coordinators; the table below is filled by hubbot from each hub's infobox.

== Thematic hubs in research or pilot ==
{{Hub list
| type     = thematic
| status   = research, pilot
| columns  = name, scope, status, languages, updated
| sort     = -updated
| caption  = Thematic hubs in research or pilot, most recently updated first
}}
* Hand-kept note: ask the ESEAP team about their strategy page
{{Hub list end}}

== Get involved ==
Write to the hub's contact person, or leave a note on this page's talk page.
"""

FRANCOPHONE_PAGE = """The Francophone user group coordinates Wikimedia activities in French.

== Hubs that work in French ==
{{Hub list | language = fr | columns = name, type, status | format = list | empty = No hub lists French yet.}}
{{Hub list end}}

== Meetings ==
Monthly online meeting, first Thursday of the month.
"""

# Translatable pages the demo marks for translation (hubbot localwiki mark), and their translations into
# Swahili (on Meta too): the intros of Hubs and Hubs/Ongoing, two hub names (the translated page title of a
# translatable hub page), one hub's scope (its infobox's scope unit) and a few of the lists' labels (units
# of the labels page publish-templates publishes). FuzzyBot builds TITLE/sw from these; hubbot writes the
# Swahili lists (Hubs/Directory/sw, Hubs/List of ongoing plans/sw) that Hubs/sw and Hubs/Ongoing/sw show.
LABELS_PAGE = "Hubs/hubbot labels"      # translation.labels in config/local.yaml
MARKED = ("Hubs", "Hubs/Ongoing", "Wikimedia CEE Hub", "Wikimedia Language Diversity Hub", LABELS_PAGE)
TRANSLATION_LANGUAGE = "sw"
TRANSLATIONS = {
    "Translations:Hubs/Page display title/sw": "Vituo vya Wikimedia",
    "Translations:Hubs/1/sw": (
        "'''Vituo vya Wikimedia''' ni aina ya muundo wa usaidizi, unaokusudiwa \"kuwezesha nafasi ya pamoja ya "
        "kuratibu shughuli na kutambua na kutetea mahitaji ya jumuiya na mashirika yanayohudumiwa\". Vinaweza "
        "kulenga kusaidia eneo fulani (\"vituo vya kikanda\") au eneo la kimada la kimataifa (\"vituo vya "
        "kimada\"). Vituo vilipendekezwa katika mojawapo ya mapendekezo ya Mkakati wa 2018-20, lenye kichwa "
        "\"Hakikisha Usawa katika Kufanya Maamuzi\"."),
    "Translations:Hubs/Ongoing/Page display title/sw": "Vituo/Miradi inayoendelea",
    "Translations:Hubs/Ongoing/1/sw": (
        "Ukurasa huu unaorodhesha majadiliano, utafiti au mipango inayoendelea kuhusu "
        "[[Special:MyLanguage/Hubs|Vituo]]. Jedwali lililo hapa chini linatengenezwa na hubbot kutoka "
        "[[Template:Hub infobox|Hub infobox]] ya kila ukurasa wa kituo: ili kubadilisha maelezo ya kituo, "
        "hariri infobox yake."),
    "Translations:Wikimedia CEE Hub/Page display title/sw": "Kituo cha Wikimedia cha Ulaya ya Kati na Mashariki",
    "Translations:Wikimedia CEE Hub/2/sw": "Ulaya ya Kati na Mashariki",
    "Translations:Wikimedia Language Diversity Hub/Page display title/sw": "Kituo cha Wikimedia cha Anuwai ya Lugha",
    f"Translations:{LABELS_PAGE}/heading-regional/sw": "Vituo vya kikanda",
    f"Translations:{LABELS_PAGE}/heading-thematic/sw": "Vituo vya kimada",
    f"Translations:{LABELS_PAGE}/column-name/sw": "Kituo",
    f"Translations:{LABELS_PAGE}/column-scope/sw": "Upeo",
    f"Translations:{LABELS_PAGE}/column-status/sw": "Hali",
    f"Translations:{LABELS_PAGE}/status-pilot/sw": "Majaribio",
    f"Translations:{LABELS_PAGE}/status-research/sw": "Utafiti",
}

LIST_PAGES = {"Hubs/Thematic hubs": THEMATIC_PAGE, "Wikimedia Francophone User Group": FRANCOPHONE_PAGE}

OTHER_PAGES = {
    "Hubs": HUBS_PAGE,
    "Hubs/zh": HUBS_ZH,
    "Hubs/Ongoing": ONGOING_PAGE,
    "User:HubBot/Shutoff": "<!-- Write anything other than 'run' here to stop hubbot. -->\nrun\n",
}

# What the tests expect the demo's errors page to explain.
EXPECTED_PROBLEMS = {
    ("South Asia Hub", "scope"),
    ("Hubs/Research/West Africa", "updated"),
    ("EduWiki Hub", "status"),
    ("EduWiki Hub", "coordinator"),
}


def map_png(name: str, width: int = 240, height: int = 160) -> bytes:
    """A small PNG that looks like a rough map (sea, a land mass, a dot), different for each name."""
    seed = zlib.crc32(name.encode())
    cx, cy = width * (0.3 + (seed % 40) / 100), height * (0.35 + (seed >> 8) % 30 / 100)
    rx, ry = width * 0.3, height * 0.28
    land = (90 + seed % 60, 150 + (seed >> 4) % 60, 90)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        for x in range(width):
            if abs(x - cx) < 5 and abs(y - cy) < 5:
                row += bytes((200, 30, 40))
            elif ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1:
                row += bytes(land)
            else:
                row += bytes((170, 205, 235))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


MAP_FILES = tuple(sorted({h.map.removeprefix("File:") for h in HUBS if h.map}))


def map_files() -> dict[str, bytes]:
    """The demo's map files (name -> PNG), uploaded to the demo wiki so no map is a red link."""
    return {name: map_png(name) for name in MAP_FILES}


def corpus() -> dict[str, str]:
    """Every page of the demo wiki: title -> wikitext."""
    pages = {h.page: hub_page_text(h) for h in HUBS}
    pages.update(OTHER_PAGES)
    pages.update(LIST_PAGES)
    pages.update(TRANSLATIONS)
    pages[LABELS_PAGE] = labels_page_text()      # as publish-templates publishes it (the demo publishes it first)
    return pages
