"""Each playthrough has its own autosave; Continue takes the newest save; old autosaves are pruned, named saves never."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FIXTURES

from game.engine import Game, Story, load_story
from game.saves import (
    MAX_AUTOSAVES,
    SaveError,
    SaveStore,
    new_playthrough,
    playthrough_after_load,
    read_save,
)
from game.saves.format import dump_save

LOOP = FIXTURES / "saves_loop"


@pytest.fixture
def story() -> Story:
    return load_story(LOOP)


def play(story: Story, turns: int, seed: int = 5) -> Game:
    game = Game(story, seed)
    for index in range(turns):
        game.advance("south" if index % 2 == 0 else "north")
    return game


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 60) -> None:
        self.now += timedelta(seconds=seconds)


def test_two_playthroughs_keep_two_autosaves(story: Story, tmp_path: Path) -> None:
    clock = Clock()
    store = SaveStore(tmp_path, clock=clock)
    mine, other = new_playthrough(), new_playthrough()
    assert mine != other
    store.autosave(play(story, 55), play_time=600, playthrough=mine)
    clock.tick()
    # A second playthrough (a new game, a load of a named save, a replay taken over) ...
    store.autosave(play(story, 20), play_time=60, playthrough=other)
    # ... never touches the first one's autosave.
    assert read_save(store.autosave_path(mine)).turn == 55
    assert read_save(store.autosave_path(other)).turn == 20
    autosaves = [summary for summary in store.list() if summary.is_autosave]
    assert [(summary.turn, summary.playthrough) for summary in autosaves] == [(20, other), (55, mine)]


def test_a_playthrough_overwrites_only_its_own_autosave_and_keeps_its_start(story: Story, tmp_path: Path) -> None:
    clock = Clock()
    store = SaveStore(tmp_path, clock=clock)
    playthrough = new_playthrough()
    store.autosave(play(story, 1), play_time=1, playthrough=playthrough)
    started = clock.now
    clock.tick()
    store.autosave(play(story, 2), play_time=2, playthrough=playthrough)
    save = read_save(store.autosave_path(playthrough))
    assert (save.turn, save.created, save.updated) == (2, started, clock.now)
    assert save.playthrough == playthrough and save.is_autosave
    assert len([*tmp_path.glob("*.json")]) == 1


def test_continuing_an_autosave_continues_its_playthrough_and_a_named_save_starts_a_new_one(
    story: Story, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    playthrough = new_playthrough()
    autosave = store.autosave(play(story, 3), play_time=1, playthrough=playthrough)
    named = store.save("before the door", play(story, 2), play_time=1)
    assert playthrough_after_load(read_save(autosave.path)) == playthrough
    after_named = playthrough_after_load(read_save(named.path))
    assert after_named != playthrough
    assert store.autosave_path(after_named) != store.autosave_path(playthrough)


def test_an_autosave_of_an_earlier_version_is_listed_and_continued_as_a_new_playthrough(
    story: Story, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    # Earlier versions wrote one shared autosave.json with no playthrough id.
    path = store.save("old", play(story, 4), play_time=1).path
    body = json.loads(path.read_text(encoding="utf-8"))
    body["slot"] = "autosave"
    legacy = tmp_path / "autosave.json"
    legacy.write_text(dump_save(body), encoding="utf-8")
    path.unlink()
    (summary,) = store.list()
    assert summary.is_autosave and summary.playthrough is None and summary.turn == 4
    assert store.resolve("autosave") == legacy
    assert store.load("autosave", story).game.turn == 4
    playthrough = playthrough_after_load(read_save(legacy))
    store.autosave(play(story, 5), play_time=1, playthrough=playthrough)
    assert read_save(legacy).turn == 4  # the old autosave is left as it was


@pytest.mark.parametrize("playthrough", ["../../evil", "x", "ABCDEF123456", "a" * 40, "", "abc def 123"])
def test_a_playthrough_id_from_a_file_never_names_a_path(playthrough: str, story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    with pytest.raises(SaveError, match="not a playthrough id"):
        store.autosave(play(story, 1), play_time=1, playthrough=playthrough)
    # A save that claims such an id is continued as a new playthrough instead.
    path = store.autosave(play(story, 1), play_time=1, playthrough="0123456789ab").path
    body = json.loads(path.read_text(encoding="utf-8"))
    body["playthrough"] = playthrough
    path.write_text(dump_save(body), encoding="utf-8")
    continued = playthrough_after_load(read_save(path))
    assert continued != playthrough
    assert store.autosave_path(continued).parent == tmp_path


def test_the_oldest_autosaves_beyond_the_limit_are_pruned_and_named_saves_never(story: Story, tmp_path: Path) -> None:
    clock = Clock()
    store = SaveStore(tmp_path, clock=clock, max_autosaves=3)
    store.save("keep me", play(story, 1), play_time=1)
    clock.tick()
    (tmp_path / "notes.json").write_text("my own notes", encoding="utf-8")
    playthroughs = [f"{index:012x}" for index in range(1, 6)]
    for turns, playthrough in enumerate(playthroughs, start=1):
        store.autosave(play(story, turns), play_time=1, playthrough=playthrough)
        clock.tick()
    store.save("and me", play(story, 2), play_time=1)
    autosaves = [summary for summary in store.list() if summary.is_autosave]
    assert [summary.playthrough for summary in autosaves] == playthroughs[:1:-1]
    named = {summary.slot for summary in store.list() if not summary.is_autosave}
    assert named == {"keep me", "and me"}
    assert (tmp_path / "notes.json").read_text(encoding="utf-8") == "my own notes"
    # Writing an existing playthrough's autosave again prunes nothing.
    store.autosave(play(story, 9), play_time=1, playthrough=playthroughs[2])
    assert len([summary for summary in store.list() if summary.is_autosave]) == 3


def test_the_default_limit_is_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"the newest {MAX_AUTOSAVES} autosaves" in readme


def test_continue_takes_the_newest_save_of_any_kind(story: Story, tmp_path: Path) -> None:
    clock = Clock()
    store = SaveStore(tmp_path, clock=clock)
    store.autosave(play(story, 3), play_time=1, playthrough="aaaaaaaaaaaa")
    clock.tick()
    store.save("named", play(story, 4), play_time=1)
    latest = store.latest()
    assert latest is not None and latest.slot == "named"
    clock.tick()
    store.autosave(play(story, 5), play_time=1, playthrough="bbbbbbbbbbbb")
    latest = store.latest()
    assert latest is not None and latest.playthrough == "bbbbbbbbbbbb"
    # `play --load autosave` means the newest autosave.
    assert store.load("autosave", story).game.turn == 5


def test_saves_of_the_same_second_are_ordered_by_when_their_files_were_written(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path, clock=Clock())  # the clock never moves: every save has the same time
    first = store.autosave(play(story, 1), play_time=1, playthrough="aaaaaaaaaaaa").path
    second = store.autosave(play(story, 2), play_time=1, playthrough="bbbbbbbbbbbb").path
    os.utime(first, ns=(1_000_000_000_000, 1_000_000_000_000))
    os.utime(second, ns=(1_000_000_000_001, 1_000_000_000_001))
    latest = store.latest()
    assert latest is not None and latest.path == second


def test_pruning_never_removes_a_copy_the_player_made_of_an_autosave(story: Story, tmp_path: Path) -> None:
    clock = Clock()
    store = SaveStore(tmp_path, clock=clock, max_autosaves=1)
    first = store.autosave(play(story, 1), play_time=1, playthrough="aaaaaaaaaaaa").path
    copy = tmp_path / "my copy of the autosave.json"
    copy.write_bytes(first.read_bytes())
    clock.tick()
    store.autosave(play(story, 2), play_time=1, playthrough="bbbbbbbbbbbb")
    assert not first.exists()
    assert read_save(copy).turn == 1
