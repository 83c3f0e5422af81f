"""Story text helpers: emphasis. (Paragraphs and passages' gaps: tests/test_prose_paragraphs.py.)"""

from __future__ import annotations

import pytest

from game.text import emphasis_segments, strip_emphasis


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
