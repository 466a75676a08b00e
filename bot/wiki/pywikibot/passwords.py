"""The password file (user-config.py's ``password_file``), checked before a login: no prompt, ever.

Pywikibot reads the file's lines as ``(username, password)``, ``(family, username, password)`` or
``(code, family, username, password)``, a BotPassword written ``BotPassword('suffix', 'secret')``, and
uses the last line whose username (normalized: ``_`` as a space, the first letter upper case), family and
code are the account's. Without one it asks for a password on the terminal: a cron job would hang or
fail with an EOFError. ``missing_line`` says instead what the file holds (names only, never a secret)
and the line to write; ``Name@suffix`` (the login name Special:BotPasswords shows) is recognised.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

SECRET = "<secret>"


@dataclass(frozen=True)
class PasswordLine:
    """One line of the password file, without its secret."""

    number: int
    username: str
    family: str | None = None
    code: str | None = None
    suffix: str | None = None      # the BotPassword's name ('hubbot' of BotPassword('hubbot', ...))


def normalize(username: str) -> str:
    """A user name as MediaWiki (and pywikibot's normalize_username) compare it."""
    name = re.sub("[_ ]+", " ", username).strip()
    return name[:1].upper() + name[1:]


def read_lines(text: str) -> tuple[list[PasswordLine], list[int]]:
    """The lines pywikibot would read (as it parses them: literals, BotPassword(...) as a tuple), and the
    numbers of lines it could not read."""
    lines, bad = [], []
    for number, raw in enumerate(text.splitlines(), 1):
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        bot = "BotPassword" in raw
        try:
            entry = ast.literal_eval(raw.replace("BotPassword", ""))
        except Exception:     # a syntax error's message would quote the line, secret included
            bad.append(number)
            continue
        if not isinstance(entry, tuple) or not 2 <= len(entry) <= 4 or not isinstance(entry[-2], str):
            bad.append(number)
            continue
        suffix = entry[-1][0] if bot and isinstance(entry[-1], tuple) and entry[-1] else None
        family = entry[-3] if len(entry) >= 3 else None
        code = entry[0] if len(entry) == 4 else None
        lines.append(PasswordLine(number, entry[-2], family, code, suffix if isinstance(suffix, str) else None))
    return lines, bad


def missing_line(text: str, account: str, family: str, code: str) -> tuple[str, str] | None:
    """(problem, fix) when pywikibot would find no line for ``account`` on ``family``:``code`` (or a line it
    cannot read), else None. The problem starts 'has no line for ACCOUNT'; the fix gives the line to write."""
    lines, bad = read_lines(text)
    account = normalize(account)

    def applies(line: PasswordLine) -> bool:
        return line.family in (None, family) and line.code in (None, code)

    if bad:       # pywikibot stops at a line it cannot read ("Invalid password line format")
        return (f"line{'s' if len(bad) > 1 else ''} {', '.join(str(n) for n in bad[:4])} cannot be read by "
                "pywikibot (each line is a Python tuple; the secret is not shown here).",
                f"write the line as {_line(account, 'hubbot')}, quotes and commas as shown, one line per account.")
    if any(normalize(line.username) == account and applies(line) for line in lines):
        return None
    suffix = next((line.suffix for line in reversed(lines) if line.suffix and normalize(line.username) == account),
                  None)
    at_form = [line for line in lines if "@" in line.username
               and normalize(line.username.split("@", 1)[0]) == account]
    if at_form:
        line = at_form[-1]
        name, at_suffix = line.username.split("@", 1)
        problem = (f"has no line for {account}: line {line.number} names {line.username!r}, the login name "
                   "Special:BotPasswords shows; pywikibot wants the account and the bot password's name apart.")
        return problem, f"write that line as {_line(account, at_suffix)}."
    wanted = _line(account, suffix or "hubbot")
    elsewhere = [line for line in lines if normalize(line.username) == account]
    if elsewhere:
        line = elsewhere[-1]
        where = ":".join(part for part in (line.family, line.code) if part)
        problem = (f"has no line for {account} on {family}:{code}: line {line.number} is for {where}.")
        return problem, f"the line is {wanted} (without a family and code, it is for every wiki)."
    others = list(dict.fromkeys(line.username for line in lines))
    problem = f"has no line for {account} (the bot account: usernames[...] in user-config.py, or -user:)"
    if others:
        problem += "; its lines are for " + ", ".join(repr(name) for name in others[:4]) + "."
    else:
        problem += "; it has no password line."
    return problem, (f"the line is {wanted}, the secret from Special:BotPasswords; or name the file's account in "
                     f"usernames['{family}']['{code}'] of user-config.py.")


def _line(account: str, suffix: str) -> str:
    return f"({account!r}, BotPassword({suffix!r}, {SECRET!r}))"
