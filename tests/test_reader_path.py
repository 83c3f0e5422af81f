"""The reader's path: a player who reads the story's best scenes still reaches a hopeful ending in time."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT, STORY

from game.engine import Game, Story, load_story
from game.saves import read_save
from game.saves.replay import verify

READER_SAVE = ROOT / "saves" / "reader_path.json"
#: The scenes the reader stops to read: the duty recorder, the protocol, the record, the council.
READ_SCENES = ("medbay_log", "archive_protocol", "archive_record", "archive_review", "galley_council")


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def test_the_reader_save_replays_exactly_to_a_hopeful_ending(story: Story) -> None:
    save = read_save(READER_SAVE)
    assert verify(story, save) is None
    game = Game.replay(story, save.seed, save.choices)
    assert game.scene.ending is not None
    assert game.scene.ending.tone == "hopeful"
    assert game.to_data() == save.state_data()


def test_the_reader_reads_the_best_scenes_and_turns_the_key_before_the_warning(story: Story) -> None:
    save = read_save(READER_SAVE)
    visited = {str(entry["target"]) for entry in save.log}
    assert set(READ_SCENES) <= visited
    game = Game(story, save.seed)
    for choice in save.choices:
        if choice == "key_turned":
            warning = story.countdown.warning if story.countdown else 0
            # The key's own minute is spent first: the clean band is the clock above its warning level.
            assert game.state.remaining - 1 >= warning
            break
        game.advance(choice)
    else:
        pytest.fail("the reader never turned the key")


def test_the_reader_path_in_the_script_still_fits_the_story(story: Story) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import make_sample_saves
    finally:
        sys.path.remove(str(ROOT / "tests"))
    game = make_sample_saves.reader_playthrough(story)
    assert game.scene.ending is not None and game.scene.ending.tone == "hopeful"
    assert list(game.state.to_data()["log"]) == list(read_save(READER_SAVE).state_data()["log"])
