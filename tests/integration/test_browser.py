"""What readers see: the demo wiki in a real Chromium (Debian's chromium + chromium-driver, via Selenium).

One fresh demo wiki for this module: `hubbot demo --screenshots DIR` in a
subprocess (its own pywikibot directory; the session wiki is not touched), then
one headless Chromium for all checks. Never skipped: without Chromium,
chromedriver or selenium, Browser.start raises and these tests fail
(scripts/setup.sh installs all three).

To check another page as readers see it, call ``check_pages_show(browser,
demo.wiki, {title: [texts...]})`` (e.g. a page with an on-wiki hub list).
"""

from __future__ import annotations

import html
import os
import re
import struct
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from bot.browser import WIDTH, Browser, preview_file_name, raw_markup, screenshot_file_name
from bot.config import load_config
from bot.demo import CONFIG, PREVIEW_HUB, SCREENSHOT_HUB, TRANSLATED_SCREENSHOTS
from bot.demo_corpus import HUBS, LIST_PAGES, TRANSLATIONS, corpus
from bot.localwiki import LocalWiki, free_port
from bot.logic.infobox_checks import TRACKING_CATEGORY
from bot.parsing.infobox import parse_hub_page

ROOT = Path(__file__).resolve().parents[2]
GENERATED_PAGES = list(dict.fromkeys(o.page for o in load_config(CONFIG).outputs))
TRANSLATABLE_HUBS = [h.page for h in HUBS if h.translate]


@dataclass
class DemoSite:
    wiki: LocalWiki
    screenshots: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    directory = tmp_path_factory.mktemp("browser-demo")
    wiki = LocalWiki(directory / "wiki")
    shots = directory / "screenshots"
    env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
    try:
        done = subprocess.run([sys.executable, "-m", "bot.cli", "--quiet", "demo", "--dir", str(wiki.root),
                               "--port", str(free_port()), "--screenshots", str(shots)],
                              capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        yield DemoSite(wiki, shots)
    finally:
        wiki.stop()


@pytest.fixture(scope="module")
def browser():
    with Browser.start() as instance:
        yield instance


def check_pages_show(browser: Browser, wiki: LocalWiki, expected: dict[str, list[str]]) -> None:
    """Open each page: its title heads it, every expected text is visible, no raw wiki markup is."""
    for title, texts in expected.items():
        browser.open(wiki.page_url(title))
        assert browser.heading == title
        body = browser.body_text()
        assert raw_markup(body) == [], f"{title} shows raw markup"
        missing = [text for text in texts if text not in body]
        assert missing == [], f"{title} does not show {missing}"


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_screenshots_show_every_generated_page_in_full(demo):
    names = sorted(p.name for p in demo.screenshots.iterdir())
    assert names == sorted([screenshot_file_name(t) for t in GENERATED_PAGES + list(LIST_PAGES) + [SCREENSHOT_HUB]
                            + list(TRANSLATED_SCREENSHOTS)] + [preview_file_name(PREVIEW_HUB)])
    sizes = {name: _png_size(demo.screenshots / name) for name in names}
    assert {width for width, _ in sizes.values()} == {WIDTH}
    assert sizes["Hubs.png"][1] > 1600          # the whole page, not one 900-pixel window


def test_generated_and_translatable_pages_show_no_raw_markup(demo, browser):
    check_pages_show(browser, demo.wiki, {
        "Hubs": ["Other languages: English • Kiswahili • 中文", "Wikimedia Hubs are a type of support structure",
                 "List of ongoing plans", "Feasibility study"],
        "Hubs/zh": ["Other languages: English • Kiswahili • 中文", "维基媒体中心"],
        "Hubs/List of ongoing plans": ["Wikimedia CEE Hub", "Hub study"],
        "Hubs/Ongoing": ["Regional hubs (9)", "Thematic hubs (5)", "Linguistic hubs (1)", "Editors keep this section by hand"],
        "Hubs/Status": ["Stale hubs", "Translation progress"],
        "User:HubBot/Errors": ["Hand-kept note: ask the ESEAP team"],
        **{title: ["Plans and discussions", "The hub coordinates"] for title in TRANSLATABLE_HUBS},
    })
    assert set(GENERATED_PAGES) <= {"Hubs", "Hubs/List of ongoing plans", "Hubs/Ongoing", "Hubs/Directory",
                                    "Hubs/Status", "User:HubBot/Errors"}


def test_infobox_shows_plans_as_a_list(demo, browser):
    browser.open(demo.wiki.page_url("Wikimedia CEE Hub"))
    items = browser.driver.find_elements(By.CSS_SELECTOR, "table.hub-infobox td.hub-plans li")
    assert [item.text for item in items] == ["Year 2 plan", "Feasibility study"]


def test_a_broken_hub_shows_its_problems_in_preview_only_and_is_in_the_hidden_category(demo, browser):
    """EduWiki Hub's infobox has mistakes: its editor sees them on "Show preview", readers do not."""
    problems = parse_hub_page(PREVIEW_HUB, corpus()[PREVIEW_HUB]).problems
    assert {p.field for p in problems} == {"status", "coordinator"}
    browser.preview(demo.wiki.page_url(PREVIEW_HUB))
    shown = browser.driver.find_elements(By.CSS_SELECTOR, "#wikiPreview .hub-infobox-problems li")
    assert sorted(" ".join(item.text.split()) for item in shown) == sorted(
        f"{p.field}: {p.message} Fix: {p.fix}" for p in problems)
    box = browser.driver.find_element(By.CSS_SELECTOR, "#wikiPreview .hub-infobox-problems")
    infobox = browser.driver.find_element(By.CSS_SELECTOR, "#wikiPreview table.hub-infobox")
    assert box.location["y"] < infobox.location["y"]                         # above the infobox
    assert _png_size(demo.screenshots / preview_file_name(PREVIEW_HUB))[0] == WIDTH

    browser.open(demo.wiki.page_url(PREVIEW_HUB))                            # saved: nothing for readers
    assert browser.driver.find_elements(By.CSS_SELECTOR, ".hub-infobox-problems") == []
    assert TRACKING_CATEGORY not in browser.driver.find_element(By.TAG_NAME, "body").text     # hidden
    browser.open(demo.wiki.page_url("User:HubBot/Errors"))                     # the errors page links to it
    browser.open(browser.driver.find_element(By.LINK_TEXT, TRACKING_CATEGORY).get_attribute("href"))
    assert browser.heading == f"Category:{TRACKING_CATEGORY}"
    members = browser.driver.find_elements(By.CSS_SELECTOR, "#mw-pages li a")
    with_problems = [h.page for h in HUBS if parse_hub_page(h.page, corpus()[h.page]).problems]
    assert sorted(link.text for link in members) == sorted(with_problems)
    assert "Hub pages whose" in browser.body_text()                          # the published description


def test_on_wiki_lists_show_the_expected_hubs(demo, browser):
    """{{Hub list}} ... {{Hub list end}} placed by editors: a sortable table and a bulleted list, as readers see them."""
    check_pages_show(browser, demo.wiki, {
        "Hubs/Thematic hubs": ["Thematic hubs in research or pilot, most recently updated first",
                               "list maintained by hubbot", "Get involved"],
        "Wikimedia Francophone User Group": ["Hubs that work in French", "list maintained by hubbot", "Meetings"]})
    browser.open(demo.wiki.page_url("Hubs/Thematic hubs"))
    rows = browser.driver.find_elements(By.CSS_SELECTOR, "table.hubbot-list tbody tr")
    shown = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in rows]
    assert [row[:3] for row in shown if row] == [
        ["Wikimedia Language Diversity Hub", "Language diversity", "Pilot"],
        ["Content Partnerships Hub", "Content partnerships and GLAM", "Pilot"],
        ["Wikimedia Hubs research", "Research on hubs across the movement", "Research"]]
    assert browser.driver.find_elements(By.CSS_SELECTOR, "table.hubbot-list.jquery-tablesorter")   # sortable
    browser.open(demo.wiki.page_url("Wikimedia Francophone User Group"))
    items = browser.driver.find_elements(By.CSS_SELECTOR, "#mw-content-text li")
    assert [item.text for item in items] == ["CANCUS – Regional – Research",
                                             "West Africa hub research – Regional – Research",
                                             "WikiFranca – Linguistic – Discussion",
                                             "Wikimedia Europe – Regional – Established"]
    link = browser.driver.find_element(By.LINK_TEXT, "WikiFranca")
    assert _heading_reached(link.get_attribute("href")) == "WikiFranca"


def _directory_rows(browser: Browser, index: int) -> list[tuple[str, str]]:
    table = browser.driver.find_elements(By.CSS_SELECTOR, "table.hubbot-directory")[index]
    rows = []
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        if cells:
            rows.append((cells[0], cells[-1]))
    return rows


def test_directory_sorts_by_last_updated_when_its_header_is_clicked(demo, browser):
    hubs = [parse_hub_page(h.page, text).hub for h, text in zip(HUBS, (corpus()[h.page] for h in HUBS))]
    regional = [(hub.display_name, hub.updated or "") for hub in hubs if hub.type == "regional"]
    by_name = sorted(regional, key=lambda row: row[0].casefold())
    by_date = sorted(regional, key=lambda row: row[1])
    assert by_name != by_date

    browser.open(demo.wiki.page_url("Hubs/Ongoing"))
    assert _directory_rows(browser, 0) == by_name
    table = browser.driver.find_elements(By.CSS_SELECTOR, "table.hubbot-directory")[0]
    header = next(th for th in table.find_elements(By.TAG_NAME, "th") if " ".join(th.text.split()) == "Last updated")
    header.click()
    assert _directory_rows(browser, 0) == by_date
    header.click()
    assert _directory_rows(browser, 0) == by_date[::-1]


def test_directory_links_reach_the_hub_pages(demo, browser):
    browser.open(demo.wiki.page_url("Hubs/Ongoing"))
    links = browser.driver.find_elements(By.CSS_SELECTOR, "table.hubbot-directory td:first-child a")
    targets = {link.text: link.get_attribute("href") for link in links}
    assert len(targets) == len(HUBS)

    next(link for link in links if link.text == "Wikimedia CEE Hub").click()
    WebDriverWait(browser.driver, 20).until(lambda _: browser.heading != "Hubs/Ongoing")
    assert browser.heading == "Wikimedia CEE Hub"
    assert browser.driver.find_elements(By.CSS_SELECTOR, "table.hub-infobox")

    reached = {_heading_reached(href) for href in targets.values()}    # the other links, without a browser
    assert reached == {h.page for h in HUBS}


def _heading_reached(url: str) -> str:
    """The page title heading the page a link leads to (after Special:MyLanguage's redirect)."""
    with urllib.request.urlopen(url, timeout=20) as answer:
        page = answer.read().decode()
    match = re.search(r'<h1 id="firstHeading"[^>]*>(.*?)</h1>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def test_translation_pages_show_hubbots_lists_in_their_language(demo, browser):
    """Hubs/Ongoing/sw and Hubs/sw (FuzzyBot's, from the marked revisions) show the Swahili lists hubbot wrote
    (Hubs/Directory/sw, Hubs/List of ongoing plans/sw): translated labels, hub names and scope, English for the rest."""
    browser.open(demo.wiki.page_url("Hubs/Ongoing/sw"))
    assert browser.heading == TRANSLATIONS["Translations:Hubs/Ongoing/Page display title/sw"]
    body = browser.body_text()
    assert raw_markup(body) == []
    for text in ("Vituo vya kikanda (9)", "Vituo vya kimada (5)", "Linguistic hubs (1)",     # one heading untranslated
                 "Kituo cha Wikimedia cha Ulaya ya Kati na Mashariki", "Ulaya ya Kati na Mashariki",
                 "ESEAP Hub", "East, Southeast Asia and the Pacific", "Editors keep this section by hand"):
        assert text in body, text
    table = browser.driver.find_elements(By.CSS_SELECTOR, "table.hubbot-directory")[0]
    headers = [" ".join(th.text.split()) for th in table.find_elements(By.TAG_NAME, "th")]
    assert headers[:3] == ["Kituo", "Type", "Upeo"] and "Hali" in headers
    statuses = {row[0]: row[-1] for row in _directory_rows(browser, 1)}       # thematic: name -> last updated
    assert "Kituo cha Wikimedia cha Anuwai ya Lugha" in statuses                # LDH's translated name
    link = browser.driver.find_element(By.LINK_TEXT, "Kituo cha Wikimedia cha Ulaya ya Kati na Mashariki")
    assert _heading_reached(link.get_attribute("href")) == "Wikimedia CEE Hub"

    browser.open(demo.wiki.page_url("Hubs/sw"))
    body = browser.body_text()
    assert raw_markup(body) == [] and "Kituo cha Wikimedia cha Ulaya ya Kati na Mashariki" in body
    assert "Feasibility study" in body and "Hub study" in body                 # plans: the links as written
