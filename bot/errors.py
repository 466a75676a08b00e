"""The failures hubbot distinguishes, who owns each, and the exit codes they map to.

- UserError: bad config or input. The message names the file/key/page, the
  problem and the fix; the CLI prints it on one line and exits 2.
- TransientError: the wiki is slow, down or lagged. Retried with backoff a
  bounded number of times, then the page is reported *failed* (owner: the wiki).
- WikiReadOnly: the wiki is read-only (maintenance, a switchover): the wiki's
  pause, not a failure. Never retried; the page is *blocked* (owner: the wiki),
  no other page is tried, and a run that cannot even log in exits 0.
- EditConflict: someone edited the page between our read and our save; the
  page is re-read and planned again.
- SaveRefused: the wiki refuses this save for a reason retrying will not fix
  (PageProtected: an admin protected it; PageTooLarge: over the wiki's size
  limit; MissingRight: the account or its BotPassword lacks a right, owner the
  operator). The page is *blocked*, not failed, never retried, never counted.
- ShutoffError: an editor switched the bot off on-wiki. Exit 3.
- LockBusy: another run holds the lock; this run is skipped (exit 0).
Anything else is a bug and is reported as such (with a traceback only under --verbose).
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SHUTOFF = 0, 1, 2, 3


class HubbotError(Exception):
    """Base class for the errors hubbot expects and explains."""


class Explained(HubbotError):
    """An error whose message says where, what and how to fix it."""

    def __init__(self, where: str, problem: str, fix: str = "") -> None:
        self.where = where
        self.problem = problem
        self.fix = fix
        text = f"{where}: {problem}"
        if fix:
            text += f" Fix: {fix}"
        super().__init__(text)


class UserError(Explained):
    """Bad configuration or input (exit 2): the operator's to fix; never counted as a failed run."""


class WikiUnreachable(Explained):
    """The wiki does not answer at its address (exit 1): a failed run, the wiki's (or a wrong address)."""


class TransientError(HubbotError):
    """A failure worth retrying (HTTP 5xx, timeout, maxlag, read-only wiki)."""


class WikiReadOnly(TransientError):
    """The wiki is in read-only mode (maintenance): nothing can be saved for now (not a failure)."""


class EditConflict(HubbotError):
    """Someone edited the page between our read and our save."""


class SaveRefused(HubbotError):
    """The wiki refused the save for a reason retrying will not fix (abuse filter, blacklist, ...)."""

    owner = "admin"
    fix = "ask an admin to check the wiki's edit filters and blacklists for this page."


class PageProtected(SaveRefused):
    """The page is protected above the bot's rights."""

    owner = "admin"
    fix = ("ask an admin to lower the protection, or to give the bot account the right to edit "
           "protected pages; or point the output at another page.")


class MissingRight(SaveRefused):
    """The wiki says the bot account may not do this save (no right, a grant its BotPassword lacks, a
    protected namespace): the operator must give it the right, not the next run."""

    owner = "operator"
    fix = ("give the bot password the grant this save needs at Special:BotPasswords (see the README's list "
           "of grants) or ask for the right; then delete pywikibot's saved login (pywikibot-ACCOUNT.lwp).")


class PageTooLarge(SaveRefused):
    """The new text is over the wiki's page size limit ($wgMaxArticleSize)."""

    owner = "operator"
    fix = ("split the output (for example a page per hub type) or use a shorter format; "
           "editors can shorten very long infobox values.")


class ShutoffError(HubbotError):
    """The on-wiki shutoff page says stop: ``page`` is its title, ``said`` its words (quoted short)."""

    def __init__(self, message: str, page: str = "", said: str = "") -> None:
        super().__init__(message)
        self.page, self.said = page, said


class LockBusy(HubbotError):
    """Another run holds the lock (after waiting for it)."""


def exit_code(exc: BaseException) -> int:
    """The exit code for an error that ends a command."""
    if isinstance(exc, ShutoffError):
        return EXIT_SHUTOFF
    if isinstance(exc, UserError):
        return EXIT_USAGE
    if isinstance(exc, (LockBusy, WikiReadOnly)):
        return EXIT_OK        # another run does the work / the wiki's pause: not a failure, no e-mail
    return EXIT_FAILED
