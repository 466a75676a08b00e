"""The embedded default: a local MediaWiki that looks like Meta's Hubs, synced by hubbot.

Steps: start the wiki (installing MediaWiki if needed), publish the templates,
upload the hubs' map files (small PNGs made in code), create the corpus pages that do not exist yet (as the human user "Editor"),
mark the new translatable pages for translation (FuzzyBot builds their Swahili pages from the corpus's units),
run the job queue so transclusions are known, run `sync` with
config/local.yaml, check what a reader sees (the rendered tables), print the
URLs and, with --screenshots DIR, save PNGs of the generated pages as Chromium
shows them (bot/browser.py). Re-running is safe: existing pages are left as they are.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from bot.demo_corpus import LIST_PAGES, MARKED, TRANSLATION_LANGUAGE, corpus, map_files
from bot.localwiki import LocalWiki
from bot.rendering.html_tables import tables
from bot.resources import CONFIGS
from bot.logic.kinds import shows_maps, table_class_of

CONFIG = CONFIGS / "local.yaml"
SCREENSHOT_HUB = "Wikimedia CEE Hub"   # one hub page, to show the infobox the bot reads
PREVIEW_HUB = "EduWiki Hub"            # a hub with deliberate mistakes: its infobox's warnings in preview
# The translatable pages that show the bot-owned lists, and one translation page showing hubbot's Swahili lists.
TRANSLATED_SCREENSHOTS = ("Hubs", "Hubs/Ongoing", f"Hubs/Ongoing/{TRANSLATION_LANGUAGE}")


def prepare(wiki: LocalWiki, gateway) -> list[str]:
    """Publish templates and create missing corpus pages; returns the titles created."""
    from bot.app import load_config, publish_templates
    published = dict(publish_templates(gateway, load_config(CONFIG), state_dir=wiki.root / "state",
                                       emit=lambda line: None))
    wiki.upload_files(map_files())          # files that exist already are kept
    pages = corpus()
    existing = gateway.read_pages(list(pages))
    created = [title for title in pages if not existing[title].exists]
    if created:   # one MediaWiki process for all pages (importDump), then the job queue
        wiki.import_pages({title: pages[title] for title in created})
    for title in MARKED:   # a translation admin marks new translatable pages; FuzzyBot builds TITLE/sw
        if title in created or published.get(title) == "edited":       # the labels page: just published
            wiki.mark(title)
    return created


def check_rendered(gateway, outputs) -> list[str]:
    """Render the generated tables as a reader sees them; return what looks wrong."""
    issues = []
    for out in outputs:
        table_class = table_class_of(out)
        if not table_class:
            continue
        found = tables(gateway.render(out.page), table_class)
        if not found:
            issues.append(f"{out.page}: the {out.kind} table does not render")
        for table in found:
            widths = {len(row) for row in table.rows}
            if len(widths) > 1:
                issues.append(f"{out.page}: rows of the {out.kind} table have {sorted(widths)} cells")
            if any(re.search(r"\{\{|\}\}|\[\[|\]\]", cell) for row in table.rows for cell in row):
                issues.append(f"{out.page}: raw wikitext shows in the {out.kind} table")
        issues.extend(map_issues(out.page, gateway.render(out.page)) if shows_maps(out) else [])
    return issues


def map_issues(page: str, html: str) -> list[str]:
    """Maps that do not show as thumbnails in rendered HTML (a missing file, a failed thumbnail)."""
    issues = []
    if "Error creating thumbnail" in html:
        issues.append(f"{page}: a map thumbnail could not be made")
    missing = re.findall(r'title="File:([^"]+)"[^>]*class="new"|class="new"[^>]*title="File:([^"]+)"', html)
    if missing:
        issues.append(f"{page}: map files missing: {', '.join(sorted({a or b for a, b in missing}))}")
    return issues


def run_demo(directory: Path, port: int, serve: bool = True, screenshots: Path | None = None) -> int:
    wiki = LocalWiki(directory)
    started = time.monotonic()
    print(f"hubbot demo: starting a local MediaWiki in {wiki.root} ...")
    wiki.start(port)
    os.environ["PYWIKIBOT_DIR"] = str(wiki.pywikibot_dir)
    from bot import app

    config = app.load_config(CONFIG)
    gateway = app.make_gateway(config)
    gateway.login()
    created = prepare(wiki, gateway)
    print(f"hubbot demo: {len(created)} pages created, templates published; running sync ...\n")
    code = app.run_command(lambda: app.sync(config, app.SyncRequest(
        state_dir=wiki.root / "state", report_path=wiki.root / "last-report.json"), gateway=gateway))
    targets = list(dict.fromkeys(o.page for o in config.outputs)) + list(LIST_PAGES)   # on-wiki lists too
    issues = check_rendered(gateway, config.outputs)
    print()
    for issue in issues:
        print(f"warning: {issue}")
    print("Open the generated pages in a browser:")
    translations = [f"{title}/{TRANSLATION_LANGUAGE}" for title in MARKED]   # FuzzyBot's, showing hubbot's PAGE/sw
    for title in targets + ["Template:Hub infobox", "Wikimedia CEE Hub"] + translations:
        print(f"  {wiki.page_url(title)}")
    if screenshots:
        from bot.browser import screenshot_pages
        shown = targets + [SCREENSHOT_HUB] + list(TRANSLATED_SCREENSHOTS)   # Hubs/Ongoing beside Hubs/Ongoing/sw
        try:
            saved = screenshot_pages({title: wiki.page_url(title) for title in shown}, screenshots,
                                     previews={PREVIEW_HUB: wiki.page_url(PREVIEW_HUB)})
        except BaseException:
            if not serve:
                wiki.stop()
            raise
        print(f"\nScreenshots ({len(saved)} pages as Chromium shows them) in {screenshots}:")
        for path in saved:
            print(f"  {path.name}")
    print(f"\nFiles: wiki in {wiki.root}, pywikibot config in {wiki.pywikibot_dir}, "
          f"run report in {wiki.root / 'last-report.json'} ({time.monotonic() - started:.0f} s)")
    if serve:
        state = "" if Path(config.state_dir).resolve() == (wiki.root / "state").resolve() \
            else f" --state-dir {wiki.root / 'state'}"
        print(f"Run hubbot on it yourself (an editor's change, then a sync): "
              f"PYWIKIBOT_DIR={wiki.pywikibot_dir} hubbot sync --config {CONFIG}{state}")
        print(f"The wiki keeps running. Stop it with: hubbot localwiki stop {directory}")
    else:
        wiki.stop()
        print("The wiki was stopped (--no-serve).")
    # Problems on hub pages are expected in the demo (exit 1 only when something failed).
    return 1 if issues else code
