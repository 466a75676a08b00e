"""A real browser on the local wiki: what readers see (demo screenshots, browser tests).

Debian's ``chromium`` driven through Selenium and Debian's ``chromium-driver``
(no browser download: both come from apt, Selenium from pip). Headless, on
127.0.0.1 only. ``ensure_browser_installed`` installs the Debian packages when
they are missing (scripts/setup.sh calls it), so nothing here is ever skipped.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bot.apt import apt_install
from bot.errors import UserError

APT_PACKAGES = ["chromium", "chromium-driver", "fonts-dejavu-core", "fonts-wqy-microhei"]  # CJK: Hubs/zh
CHROMIUM_NAMES = ("chromium", "chromium-browser")
DRIVER_NAMES = ("chromedriver",)
WIDTH = 1100          # readable: the sidebar plus a body of about 900 px


def find_browser() -> tuple[str, str] | None:
    """Paths of (chromium, chromedriver), or None when either is missing."""
    browser = next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)
    driver = next((p for p in map(shutil.which, DRIVER_NAMES) if p), None)
    return (browser, driver) if browser and driver else None


def ensure_browser_installed(log=print) -> tuple[str, str]:
    """Install Debian's chromium, chromium-driver and fonts when missing (needs root or sudo)."""
    found = find_browser()
    if found and _has_cjk_font():
        return found
    apt_install(APT_PACKAGES, "Chromium", log)
    found = find_browser()
    if not found:
        raise UserError("browser", "apt installed chromium but chromium or chromedriver is not on PATH.",
                        "check `dpkg -L chromium-driver` and PATH.")
    return found


def _has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    done = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True)
    return bool(done.stdout.strip())


@dataclass
class Browser:
    """One headless Chromium window; ``close()`` ends it (and its driver)."""

    driver: object

    @classmethod
    def start(cls, width: int = WIDTH, height: int = 900) -> "Browser":
        found = find_browser()
        if not found:
            raise UserError("browser", "Chromium or chromedriver is not installed.",
                            "run ./scripts/setup.sh (it installs Debian's chromium and chromium-driver).")
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
        except ImportError:
            raise UserError("browser", "the Python package selenium is missing.",
                            "run ./scripts/setup.sh (pip install -e '.[test]').") from None
        chromium, chromedriver = found
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US",
                    "--no-first-run", "--disable-extensions", "--disable-background-networking",
                    f"--window-size={width},{height}"):
            options.add_argument(arg)
        driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
        driver.set_page_load_timeout(60)
        return cls(driver)

    def close(self) -> None:
        self.driver.quit()

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading what a reader sees -------------------------------------------
    def open(self, url: str) -> None:
        self.driver.get(url)
        self.wait_for_scripts()

    def wait_for_scripts(self, timeout: float = 20) -> None:
        """Wait until MediaWiki's page scripts ran (sortable tables are set up by them)."""
        from selenium.webdriver.support.ui import WebDriverWait
        WebDriverWait(self.driver, timeout).until(lambda d: d.execute_script(
            "return document.readyState === 'complete' && !!window.mw && !!mw.loader"
            " && mw.loader.getState('mediawiki.page.ready') === 'ready'"
            " && [...document.querySelectorAll('table.sortable')]"
            "      .every(t => t.classList.contains('jquery-tablesorter'))"))

    @property
    def heading(self) -> str:
        """The page title as shown (h1#firstHeading)."""
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.ID, "firstHeading").text.strip()

    def body_text(self) -> str:
        """The page body's visible text (what a reader can read; hidden elements excluded)."""
        from selenium.webdriver.common.by import By
        return self.driver.find_element(By.ID, "mw-content-text").text

    def preview(self, page_url: str, timeout: float = 30) -> None:
        """Open the page's edit form and press "Show preview", as an editor does (text unchanged)."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        self.open(page_url + "&action=edit")
        self.driver.find_element(By.ID, "wpPreview").click()
        WebDriverWait(self.driver, timeout).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#wikiPreview .mw-parser-output"))
        self.wait_for_scripts()

    def screenshot(self, path: Path, width: int = WIDTH) -> Path:
        """A PNG of the whole page (full height) at ``width`` CSS pixels."""
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        height = int(metrics["cssContentSize"]["height"])
        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path


RAW_MARKUP = re.compile(r"</?translate\b|<!--T:|<tvar\b|<languages\s*/?>|\{\{|\}\}|\[\[|\]\]")


def raw_markup(text: str) -> list[str]:
    """Wiki markup a reader should never see in rendered text: each line that shows some."""
    return [line.strip() for line in text.splitlines() if RAW_MARKUP.search(line)]


def screenshot_file_name(title: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]+", "_", title).strip("_") + ".png"


def preview_file_name(title: str) -> str:
    return screenshot_file_name(title)[: -len(".png")] + "_preview.png"


def screenshot_pages(page_urls: dict[str, str], directory: Path,
                     previews: dict[str, str] | None = None) -> list[Path]:
    """Open each page (title -> URL) and save a full-page PNG named after its title; for each
    of ``previews`` (title -> the page's URL), also what its editor sees on "Show preview"."""
    directory.mkdir(parents=True, exist_ok=True)
    saved = []
    with Browser.start() as browser:
        for title, url in page_urls.items():
            browser.open(url)
            saved.append(browser.screenshot(directory / screenshot_file_name(title)))
        for title, url in (previews or {}).items():
            browser.preview(url)
            saved.append(browser.screenshot(directory / preview_file_name(title)))
    return saved
