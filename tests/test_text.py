"""Tidying rendered story text: the gaps false passages leave are closed up, nothing else changes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.text import emphasis_segments, strip_emphasis, tidy_paragraphs


def tidied_by_always_substituting(text: str) -> str:
    """The rule written out plainly: every substitution, every time."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", text)
    return text.strip("\n").rstrip() + ("\n" if text.endswith("\n") and text.strip() else "")


@pytest.mark.parametrize(
    ("text", "tidied"),
    [
        ("One.\n", "One.\n"),
        ("One.\n\nTwo.\n", "One.\n\nTwo.\n"),
        ("One.\n\n\n\nTwo.\n", "One.\n\nTwo.\n"),
        ("One.  \n\t\n \nTwo.", "One.\n\nTwo."),
        ("\n\nOne.\n\n\n", "One.\n"),
        ("One. \nTwo.\t\n", "One.\nTwo.\n"),
        ("", ""),
        ("\n \n", ""),
    ],
)
def test_tidy_paragraphs(text: str, tidied: str) -> None:
    assert tidy_paragraphs(text) == tidied


@given(st.lists(st.sampled_from(["a", " ", "\t", "\n", "b."]), max_size=40).map("".join))
def test_skipping_needless_substitutions_changes_nothing(text: str) -> None:
    assert tidy_paragraphs(text) == tidied_by_always_substituting(text)


@pytest.mark.parametrize(
    ("text", "segments", "stripped"),
    [
        ("The *Orison* hums.", [("The ", False), ("Orison", True), (" hums.", False)], "The Orison hums."),
        ("*a b* and *c*", [("a b", True), (" and ", False), ("c", True)], "a b and c"),
        ("5 * 3 is not *x", [("5 * 3 is not *x", False)], "5 * 3 is not *x"),
        ("** and * *", [("** and * *", False)], "** and * *"),
        ("*across\nlines*", [("*across\nlines*", False)], "*across\nlines*"),
        ("", [("", False)], ""),
    ],
)
def test_emphasis_is_asterisks_hugging_words_on_one_line(
    text: str, segments: list[tuple[str, bool]], stripped: str
) -> None:
    assert emphasis_segments(text) == segments
    assert strip_emphasis(text) == stripped
