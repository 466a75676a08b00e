"""The three kinds of failure hubbot distinguishes.

- UserError: bad config or input. The message names the file/key/page, the
  problem and the fix; the CLI prints it on one line and exits 2.
- TransientError: the wiki is slow, down or lagged. Retried with backoff a
  bounded number of times, then the page is reported failed.
- ShutoffError: an editor switched the bot off on-wiki. Exit 3.
Anything else is a bug and is reported as such (with a traceback only under --verbose).
"""

from __future__ import annotations


class HubbotError(Exception):
    """Base class for the errors hubbot expects and explains."""


class UserError(HubbotError):
    """Bad configuration or input: the message says where, what and how to fix it."""

    def __init__(self, where: str, problem: str, fix: str = "") -> None:
        self.where = where
        self.problem = problem
        self.fix = fix
        text = f"{where}: {problem}"
        if fix:
            text += f" Fix: {fix}"
        super().__init__(text)


class WikiUnreachable(UserError):
    """The configured wiki cannot be reached or logged in to."""


class TransientError(HubbotError):
    """A failure worth retrying (HTTP 5xx, timeout, maxlag, read-only wiki)."""


class EditConflict(HubbotError):
    """Someone edited the page between our read and our save."""


class SaveRefused(HubbotError):
    """The wiki refused the save for a reason retrying will not fix (protected, nobots, ...)."""


class ShutoffError(HubbotError):
    """The on-wiki shutoff page says stop."""
