"""A realistic, Meta-like corpus of Hubs pages for the demo and the tests.

Built from the hubs known on Meta (docs: meta-hubs.md) and the `Hubs` page
itself (seed: hubs-page-meta.txt), with Translate markup as on Meta. A few
hubs carry deliberate mistakes so the errors page has something to show.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoHub:
    page: str
    name: str
    type: str
    scope: str
    status: str
    languages: str = ""
    website: str = ""
    founded: str = ""
    updated: str = ""
    plans: tuple[str, ...] = ()
    extra: str = ""           # raw extra infobox lines (mistakes on purpose)
    translate: bool = False   # wrap values in <translate> as translatable hub pages do


HUBS = (
    DemoHub("Wikimedia CEE Hub", "Wikimedia CEE Hub", "regional", "Central and Eastern Europe", "implementation",
            "en, pl, uk, cs, hu", "https://meta.wikimedia.org/wiki/Wikimedia_CEE_Hub", "2021", "2026-09-30",
            ("[[Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]", "[[Wikimedia CEE Hub/Feasibility study|Feasibility study]]"),
            translate=True),
    DemoHub("ESEAP Hub", "ESEAP Hub", "regional", "East, Southeast Asia and the Pacific", "pilot",
            "en, id, ms, tl", "", "2022", "2026-06-01", ("[[ESEAP Hub/Strategy|Strategy]]",)),
    DemoHub("Iberocoop", "Iberocoop", "regional", "Ibero-America", "planning/discussion",
            "es, pt", "", "2010", "2026-03-15", ("[https://example.org/iberocoop-hub Hub study]",
                                                  "[[Iberocoop/Hub discussion|Hub discussion]]")),
    DemoHub("WikiFranca", "WikiFranca", "regional", "French-speaking communities", "discussion",
            "fr", "", "2013", "2025-11-02", ("[[WikiFranca/Hub|Hub proposal]]",)),
    DemoHub("CANCUS", "CANCUS", "regional", "Canada and the United States (North America)", "research",
            "en, fr, es", "", "", "2024-12-01", ("[[CANCUS/Hub research|Hub research]]",)),
    DemoHub("South Asia Hub", "South Asia Hub", "regional", "", "research",
            "hi, bn, ta, ur", "", "", "2026-08-20", ("[[South Asia Hub/Research|Research report]]",)),
    DemoHub("East Africa Regional and Thematic Hub", "EA Regional and Thematic Hub (EARTH)", "regional",
            "East Africa", "planning", "sw, en, am", "", "2023", "2026-10-01",
            ("[[East Africa Regional and Thematic Hub/Plan|Plan]]", "[[Hubs/Research/East Africa]]")),
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
    for key in ("languages", "website", "founded", "updated"):
        if getattr(h, key):
            lines.append(f"| {key} = {getattr(h, key)}")
    if h.plans:
        lines.append("| plans = " + "\n".join(h.plans))
    text = "\n".join(lines) + "\n" + h.extra + "}}\n"
    intro = (f"'''{h.name}''' is a {h.type} [[Hubs|Wikimedia hub]] initiative for {h.scope or 'its communities'}.\n\n"
             "== Activities ==\nThe hub coordinates its communities' activities and support.\n")
    if h.translate:
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
<!-- hubbot:begin ongoing-plans -->
* [[Special:MyLanguage/Wikimedia CEE Hub|Wikimedia CEE Hub]]
** [[Special:MyLanguage/Wikimedia CEE Hub/Year 2 plan|Year 2 plan]]
* Hand-kept note: ask the ESEAP team about their strategy page
<!-- hubbot:end ongoing-plans -->

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
<!-- hubbot:begin hub-directory -->
<!-- hubbot:end hub-directory -->

== Hubs research ==
Editors keep this section by hand; the bot never touches it.
"""

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


def corpus() -> dict[str, str]:
    """Every page of the demo wiki: title -> wikitext."""
    pages = {h.page: hub_page_text(h) for h in HUBS}
    pages.update(OTHER_PAGES)
    return pages
