"""The UI lays out the paragraphs the engine gives: it joins nothing, keeps marked line breaks,
and what it shows (the scene, the journal, an ending read again) reads without odd gaps."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Static
from ui_support import FIXTURES, ready

from game.engine import Game, SceneView
from game.story.loader import load_story
from game.story.model import Story
from game.text import marked_prose, strip_emphasis
from game.ui.screens.ending_prose import emphasised_prose
from game.ui.screens.journal import entry_text
from game.ui.session import JournalEntry
from game.ui.widgets.narrative import NarrativePane, scene_body
from game.ui.widgets.prose import kept_prose, paragraphs, prose

STORY = FIXTURES.parent.parent / "story"
SEAMS = FIXTURES / "prose_seams"


def views(story: Story, seeds: range) -> Iterator[SceneView]:
    """Every view of seeded random playthroughs."""
    for seed in seeds:
        rng = random.Random(seed)
        game = Game(story, seed)
        for _ in range(400):
            view = game.view()
            yield view
            if view.ending is not None or not view.enabled_choices:
                break
            game.advance(rng.choice(view.enabled_choices).id)


def assert_reads_well(shown: str, where: str) -> None:
    for line in shown.split("\n"):
        assert "  " not in line, f"{where}: a double space in {line!r}"
        assert line == line.strip(" "), f"{where}: a line starting or ending with a space: {line!r}"
    assert "\n\n\n" not in shown, f"{where}: more than one blank line between paragraphs"


@pytest.mark.parametrize(("folder", "seeds"), [(STORY, range(10)), (SEAMS, range(60))], ids=["bundled", "seams"])
def test_scene_journal_and_gallery_show_the_views_paragraphs(folder: Any, seeds: range) -> None:
    story = load_story(folder)
    for view in views(story, seeds):
        where = f"{story.id} scene '{view.scene}'"
        expected = "\n\n".join(strip_emphasis(part) for part in view.paragraphs)
        assert paragraphs(view.text) == view.paragraphs, where
        body, typed = scene_body(view.text)
        assert body.plain == expected and typed == len(body), where
        assert_reads_well(body.plain, where)
        journal = entry_text(JournalEntry(view.turn, view.title, view.text, "Go")).plain
        assert prose(view.text) in journal, where
        # The gallery keeps prose in the story's own form and reads it back to the same paragraphs.
        kept = marked_prose(view.text)
        assert kept_prose(kept) == prose(view.text), where
        assert emphasised_prose(kept).plain == expected, where


def test_a_hub_shows_changed_paragraphs_first_without_joining_anything() -> None:
    body, typed = scene_body("Same.\n\nNew one.\nLine two.", previous="Same.\n\nOld.")
    # A line break inside a view's paragraph is one the author asked for: it stays.
    assert body.plain == "New one.\nLine two.\n\n· the rest is as before ·\n\nSame."
    assert typed == len("New one.\nLine two.\n\n· the rest is as before ·")


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        # An ending kept by an older version: its source's hard wraps, joined when read.
        ("The lid\nfolds back.\n\nWhite light.", "The lid folds back.\n\nWhite light."),
        # Kept by this version: marked breaks stay breaks.
        ("Log:\\\n07:00 on\n\nDone.", "Log:\n07:00 on\n\nDone."),
        ("A  \x1b[31mred\x1b[0m  word", "A red word"),
    ],
)
def test_an_ending_read_again_from_the_gallery(stored: str, shown: str) -> None:
    assert kept_prose(stored) == shown


async def test_a_marked_list_shows_line_by_line_at_80_columns(make_app: Any) -> None:
    # Seed 0 sends "Hurt the wrist", then "Keep quiet", to the verse scene.
    app = make_app(SEAMS, seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        text = str(app.screen.query_one(NarrativePane).query_one(".scene-text", Static).render())
    assert "Ada's log, as she keeps it:\n07:00 lamp off\n07:05 wrist\n07:10 bay\n\nThe rest is" in text
    assert "\\" not in text
