"""A translated label is cut at 200 visible characters, without a trailing space (found by mutation testing,
docs/mutation.md: the existing test compared with the constant the code imports, so changing it went unnoticed)."""

from __future__ import annotations

from bot.logic.labels import label_title, labels_for

PAGE = "Hubs/hubbot labels"


def scope_label(text: str) -> str:
    return labels_for("sw", PAGE, {label_title(PAGE, "column-scope", "sw"): text}).text("column-scope")


def test_a_long_translated_label_shows_its_first_200_characters():
    assert scope_label("u" * 300) == "u" * 200
    assert scope_label("u" * 200) == "u" * 200


def test_a_label_cut_after_a_space_does_not_end_with_it():
    assert scope_label("u" * 199 + " upeo") == "u" * 199
