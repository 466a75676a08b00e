"""A real, throwaway MediaWiki on 127.0.0.1 for the demo, the tests and the benchmark.

``hubbot localwiki start DIR --port N`` installs Debian's MediaWiki if it is
missing, creates a wiki in DIR (sqlite), a bot account ``HubBot`` with a
BotPassword, a human account ``Editor``, writes a pywikibot directory for it
(``DIR/pywikibot``), starts PHP's built-in server on 127.0.0.1 and waits until
the API answers. ``hubbot localwiki stop DIR`` ends that server by its PID.

Layout of DIR (nothing here is secret outside this machine; it is still 0600):
    LocalSettings.php, hubbot-settings.php   settings (the latter rewritten on start)
    data/                                    sqlite databases
    server.pid, server.log                   the running PHP server
    credentials.json                         generated passwords
    pywikibot/user-config.py, passwordfile   PYWIKIBOT_DIR for this wiki

A BotPassword is what Meta uses, so the local wiki uses one too. Its password
must be 32+ characters of [0-9a-w] (MediaWiki's BotPassword::canonicalizeLoginData);
any other character makes ApiLogin treat it as a main password and fail with
"Incorrect username or password". That was the unexplained failure in
docs/local-mediawiki.md.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.apt import apt_install
from bot.errors import UserError

MEDIAWIKI = Path("/usr/share/mediawiki")
# php-gd: MediaWiki makes thumbnails (the directory's maps) with PHP's GD when ImageMagick is not used.
APT_PACKAGES = ["mediawiki", "php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml", "php-luasandbox",
                "php-gd"]
EXTENSIONS = "ParserFunctions,Scribunto,TemplateData,Cite"
BOT_USER = "HubBot"
BOT_APP = "hubbot"
EDITOR_USER = "Editor"
FAMILY = "localwiki"
_BOTPASS_ALPHABET = "0123456789abcdefghijklmnopqrstuvw"
TRANSLATE_STANDIN = Path(__file__).with_name("localwiki_translate.php")
MARK_SCRIPT = Path(__file__).with_name("localwiki_translate_mark.php")   # marking for translation (stand-in)


def _secret(length: int = 32, alphabet: str = _BOTPASS_ALPHABET) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether nothing listens on 127.0.0.1:port (so our server, not another one, will answer there)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # a just-stopped server's TIME_WAIT is not "in use"
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def ensure_mediawiki_installed(log=print) -> None:
    """Install Debian's MediaWiki and PHP when they are missing (needs root or sudo)."""
    if (MEDIAWIKI / "api.php").exists() and shutil.which("php") and _php_has_modules():
        return
    apt_install(APT_PACKAGES, "MediaWiki", log)


def _php_has_modules() -> bool:
    done = subprocess.run(["php", "-m"], capture_output=True, text=True)
    modules = done.stdout.split()
    return "pdo_sqlite" in modules and "gd" in modules


@dataclass
class LocalWiki:
    """A wiki living in ``root``; ``start``/``stop`` manage its server."""

    root: Path

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()

    # -- paths and facts ---------------------------------------------------
    @property
    def settings(self) -> Path:
        return self.root / "LocalSettings.php"

    @property
    def pywikibot_dir(self) -> Path:
        return self.root / "pywikibot"

    @property
    def pid_file(self) -> Path:
        return self.root / "server.pid"

    @property
    def credentials(self) -> dict:
        return json.loads((self.root / "credentials.json").read_text())

    @property
    def port(self) -> int:
        return int(self.credentials["port"])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return f"{self.url}/api.php"

    def page_url(self, title: str) -> str:
        from urllib.parse import quote
        return f"{self.url}/index.php?title={quote(title.replace(' ', '_'))}"

    def env(self) -> dict[str, str]:
        return dict(os.environ, MW_CONFIG_FILE=str(self.settings))

    # -- lifecycle ---------------------------------------------------------
    def create(self, port: int, log=print) -> None:
        """Create the wiki if it does not exist yet (idempotent), for ``port``."""
        ensure_mediawiki_installed(log)
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        if not self.settings.exists():
            creds = {"admin": _secret(20, "abcdefghijkmnpqrstuvwxyz23456789"), "bot": _secret(),
                     "editor": _secret(20, "abcdefghijkmnpqrstuvwxyz23456789"), "port": port}
            self._write_private(self.root / "credentials.json", json.dumps(creds, indent=1))
            self._php("install.php", "--dbtype=sqlite", f"--dbpath={self.root / 'data'}", "--dbname=wiki",
                      f"--confpath={self.root}", f"--server=http://127.0.0.1:{port}", "--scriptpath=",
                      "--lang=en", f"--pass={creds['admin']}", f"--extensions={EXTENSIONS}",
                      "HubbotTestWiki", "Admin")
            with self.settings.open("a") as handle:
                handle.write('\nrequire __DIR__ . "/hubbot-settings.php";\n')
            self._write_settings(port)
            self._php("createAndPromote.php", "--bot", BOT_USER, creds["admin"] + "B0t")
            self._php("createAndPromote.php", EDITOR_USER, creds["editor"])
            self._php("createBotPassword.php", f"--appid={BOT_APP}",
                      "--grants=basic,highvolume,editpage,editprotected,createeditmovepage",
                      BOT_USER, creds["bot"])
        creds = self.credentials
        if creds["port"] != port:
            creds["port"] = port
            self._write_private(self.root / "credentials.json", json.dumps(creds, indent=1))
        self._write_settings(port)
        self._write_pywikibot_dir()

    def _write_settings(self, port: int) -> None:
        (self.root / "hubbot-settings.php").write_text(f"""<?php
# Written by hubbot localwiki on every start; see docs/local-mediawiki notes in bot/localwiki.py.
$wgServer = "http://127.0.0.1:{port}";
$wgRateLimits = [];
$wgGroupPermissions['*']['noratelimit'] = true;
$wgParserCacheType = CACHE_NONE;
$wgMainCacheType = CACHE_NONE;
$wgEnableBotPasswords = true;
$wgGroupPermissions['sysop']['deleterevision'] = true;   # as on Meta: admins hide revisions
$wgNamespacesWithSubpages[NS_MAIN] = true;
$wgJobRunRate = 0;
$wgScribuntoDefaultEngine = 'luasandbox';
$wgShowExceptionDetails = true;
# Uploads (maps in the hub directory), stored in this wiki's own directory and served through
# img_auth.php, since PHP's built-in server only serves /usr/share/mediawiki. Thumbnails are made
# with PHP's GD (php-gd) while the page is parsed.
$wgEnableUploads = true;
$wgUploadDirectory = "{self.root / 'images'}";
$wgUploadPath = "/img_auth.php";
$wgUseImageMagick = false;
$wgGenerateThumbnailOnParse = true;
$wgFileExtensions = ['png', 'gif', 'jpg', 'jpeg'];
$wgLogos = ['1x' => "$wgResourceBasePath/resources/assets/mediawiki.png"];   # not the "set $wgLogos" placeholder
# Translate is not packaged for Debian: a small stand-in hides its page markup as Meta does.
require_once {str(TRANSLATE_STANDIN)!r};
if ( is_readable( __DIR__ . "/hubbot-override.php" ) ) {{ require __DIR__ . "/hubbot-override.php"; }}
""")

    def _write_pywikibot_dir(self) -> None:
        directory = self.pywikibot_dir
        directory.mkdir(exist_ok=True)
        creds = self.credentials
        self._write_private(directory / "passwordfile",
                            f"({BOT_USER!r}, BotPassword({BOT_APP!r}, {creds['bot']!r}))\n")
        (directory / "user-config.py").write_text(f"""# Written by `hubbot localwiki start`: pywikibot settings for the local test wiki.
family_files[{FAMILY!r}] = {self.api!r}
family = {FAMILY!r}
mylang = {FAMILY!r}
usernames[{FAMILY!r}][{FAMILY!r}] = {BOT_USER!r}
password_file = {str(directory / 'passwordfile')!r}
put_throttle = 0
minthrottle = 0          # no pause between reads on this local wiki (pywikibot's 0.1 s is for public wikis)
write_maxlag = 5
max_retries = 2
retry_wait = 1
retry_max = 2
socket_timeout = (3, 20)
""")

    @staticmethod
    def _write_private(path: Path, text: str) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)

    def _php(self, script: str, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(["php", str(MEDIAWIKI / "maintenance" / script), *args], env=self.env(),
                              input=stdin, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise UserError(f"localwiki {self.root}", f"{script} failed: {' / '.join(detail)}",
                            "remove the directory to start afresh, or read server.log.")
        return done.stdout

    def running_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
            return pid
        except (OSError, ValueError):
            return None

    def start(self, port: int | None = None, log=print, timeout: float = 30) -> None:
        """Create if needed, then serve on 127.0.0.1:port until stop()."""
        if self.settings.exists() and port is None:
            port = self.port
        port = port or free_port()
        if self.running_pid() and self.settings.exists() and self.port == port and self._answers():
            return
        self.stop()
        if not port_is_free(port):
            raise UserError(f"localwiki {self.root}: port {port}",
                            "is already in use on 127.0.0.1 (another program listens there).",
                            f"choose another port with --port N (e.g. --port {free_port()}), "
                            "or stop the program that uses it.")
        self.create(port, log)
        env = dict(self.env(), PHP_CLI_SERVER_WORKERS="4")
        with open(self.root / "server.log", "ab") as out:
            proc = subprocess.Popen(
                ["php", "-d", "opcache.enable_cli=1", "-S", f"127.0.0.1:{port}", "-t", str(MEDIAWIKI)],
                env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, cwd=self.root)
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise UserError(f"localwiki {self.root}", f"the PHP server exited (code {proc.returncode}).",
                                f"is port {port} in use? See {self.root / 'server.log'}.")
            if self._answers() and proc.poll() is None:
                return
            time.sleep(0.1)
        self.stop()
        raise UserError(f"localwiki {self.root}", f"the API did not answer within {timeout:.0f} s.",
                        f"see {self.root / 'server.log'}.")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api}?action=query&meta=siteinfo&format=json", timeout=2) as r:
                return b'"general"' in r.read()
        except OSError:
            return False

    def stop(self) -> bool:
        """End the server (its whole process group) by the PID we recorded."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(50):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.05)
        else:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.pid_file.unlink(missing_ok=True)
        return True

    @contextmanager
    def settings_override(self, php: str):
        """Extra LocalSettings lines while the block runs (e.g. $wgReadOnly), read by every request."""
        override = self.root / "hubbot-override.php"
        override.write_text("<?php\n" + php + "\n")
        try:
            yield
        finally:
            override.unlink(missing_ok=True)

    def mark(self, title: str, user: str = "Admin") -> str:
        """Mark TITLE's current revision for translation as a translation admin (the Translate stand-in).

        FuzzyBot then builds TITLE/xx for every language with a Translations:TITLE/<unit>/xx page;
        returns the script's report ("marked revision N of TITLE ...", one line per language built).
        """
        done = subprocess.run(["php", str(MARK_SCRIPT), f"--user={user}", title], env=self.env(),
                              capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            detail = " / ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
            raise UserError(f"localwiki mark {title}", f"not marked: {detail}",
                            "mark a page that exists and has <translate> ... </translate> text Translate accepts.")
        return done.stdout

    def protect(self, title: str, reason: str = "protected by an admin") -> None:
        """Protect a page (edit=sysop, move=sysop) as an admin does, with MediaWiki's protect.php."""
        self._php("protect.php", "--user", "Admin", "--reason", reason, title)

    # -- maintenance helpers used by the demo, tests and benchmark ----------
    def edit_as(self, user: str, title: str, text: str, summary: str = "edit") -> None:
        """Save a page as a (human) user through MediaWiki's own edit.php."""
        self._php("edit.php", "-u", user, "-s", summary, title, stdin=text)

    def import_pages(self, pages: dict[str, str], user: str = EDITOR_USER) -> None:
        """Create or update many pages in one MediaWiki process (importDump), then run the job queue."""
        from xml.sax.saxutils import escape
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        parts = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">']
        for title, text in pages.items():
            parts.append(f"<page><title>{escape(title)}</title><revision><timestamp>{stamp}</timestamp>"
                         f"<contributor><username>{escape(user)}</username></contributor>"
                         f"<model>wikitext</model><format>text/x-wiki</format>"
                         f'<text xml:space="preserve">{escape(text)}</text></revision></page>')
        parts.append("</mediawiki>")
        dump = self.root / "import.xml"
        dump.write_text("\n".join(parts), encoding="utf-8")
        self.import_dump(dump)
        dump.unlink()

    def upload_files(self, files: dict[str, bytes], user: str = EDITOR_USER) -> None:
        """Upload files (name -> bytes) in one MediaWiki process (importImages.php); existing ones are kept."""
        import tempfile
        with tempfile.TemporaryDirectory(dir=self.root) as folder:
            for name, data in files.items():
                (Path(folder) / name).write_bytes(data)
            self._php("importImages.php", f"--user={user}", "--comment=hubbot: file for the demo and tests",
                      "--skip-dupes", folder)
        self.run_jobs()

    def run_jobs(self) -> None:
        # runJobs.php caps itself at 150 MB unless told otherwise; re-parsing a 10,000-hub status page (its table
        # drawn by Module:Hub status) for its links needs more (the benchmark's --large stopped there).
        self._php("runJobs.php", "--quiet", "--memory-limit", "1G")

    def import_dump(self, xml_path: Path) -> None:
        """Bulk-create pages from a MediaWiki XML file, then fill the link tables."""
        self._php("importDump.php", str(xml_path))
        self.run_jobs()

    def export_dump(self, out: Path) -> None:
        out.write_text(self._php("dumpBackup.php", "--current", "--quiet"))



def cmd_mark(args) -> int:
    """`hubbot localwiki mark DIR TITLE`: mark TITLE for translation on the local wiki in DIR."""
    wiki = LocalWiki(Path(args.dir))
    if not args.title:
        raise UserError("localwiki mark", "needs the page to mark.", f"hubbot localwiki mark {args.dir} TITLE")
    if not wiki.settings.exists():
        raise UserError(f"localwiki mark {args.dir}", "there is no local wiki in this folder.",
                        f"create it first: hubbot localwiki start {args.dir}")
    print(wiki.mark(args.title), end="")
    return 0
