"""The rows of the errors page that editors and operators act on, stated literally (found by mutation
testing, docs/mutation.md: these lines survived every other unit test)."""

from __future__ import annotations

from datetime import timedelta

from bot.runner import Run
from bot.state import State
from tests.unit.test_runner_memory import NOW, make

NOBOTS_ROW = ("| [[Special:MyLanguage/Hubs/Plans|Hubs/Plans]] || plans || refused || an editor of the page || the page "
              "has &#123;&#123;nobots&#125;&#125; or a &#123;&#123;bots&#125;&#125; template excluding hubbot. || "
              "remove the template if the bot should update this page. || ")
HUMAN_TEXT_ROW = ("| [[Special:MyLanguage/Hubs/Plans|Hubs/Plans]] || plans || refused || an editor of the page || the "
                  "page holds text the bot did not write, and the output would replace all of it. || blank the page "
                  "(or delete it) to hand it to the bot, or keep the text and put &lt;!-- hubbot:begin ID --&gt; / "
                  "&lt;!-- hubbot:end ID --&gt; markers with a region in the config. || ")


def rows(wiki) -> list[str]:
    """The errors page's table rows (no hub page has a problem here: every row is a page not edited)."""
    return [line for line in wiki.text("User:HubBot/Errors").splitlines() if line.startswith("| [[")]


def test_a_page_refused_run_after_run_keeps_the_date_it_was_first_refused_until_the_reason_changes(tmp_path):
    wiki, config = make(tmp_path)
    wiki.edit("Hubs/Plans", "{{nobots}}\nA human's page.")

    def run(day: int, only=None):
        return Run(config, wiki, now=NOW + timedelta(days=day), state=State.load(tmp_path / "state"),
                   sleep=lambda s: None).run(only)

    run(0)
    assert rows(wiki) == [NOBOTS_ROW + "2026-11-25"]
    edits = wiki.counters.edits
    run(1)                                     # the same refusal on the next days: still "since 2026-11-25"
    run(2)
    assert rows(wiki) == [NOBOTS_ROW + "2026-11-25"]
    assert wiki.counters.edits == edits        # and the errors page is not edited for it

    wiki.edit("Hubs/Plans", "A human's page.")  # {{nobots}} removed: refused for another reason, since day 3
    run(3)
    assert rows(wiki) == [HUMAN_TEXT_ROW + "2026-11-28"]
    run(4)
    assert rows(wiki) == [HUMAN_TEXT_ROW + "2026-11-28"]

    # plans did not run: its remembered row keeps its first date (not day 4's, when it was last refused), and
    # the directory, edited when it last ran, gets no row
    run(5, only=["errors"])
    assert rows(wiki) == [HUMAN_TEXT_ROW + "2026-11-28"]
