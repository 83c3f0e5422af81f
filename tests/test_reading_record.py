"""The reading record (scenes read, choices taken, across playthroughs) and redo after undo."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from game.engine import ChoiceError, Game, load_story
from game.ui import reading_record
from game.ui.reading_record import (
    MAX_SCENES,
    MAX_STORIES,
    READING_FILE,
    ReadingFileError,
    ReadingMemory,
    ReadingRecord,
    StoryReading,
    read_record,
    record_text,
    write_record,
)
from game.ui.session import Session

CLOCK = Path(__file__).resolve().parent / "fixtures" / "ui_clock"


def record_of(**stories: tuple[set[str], set[tuple[str, str]]]) -> ReadingRecord:
    record = ReadingRecord()
    for story_id, (scenes, choices) in stories.items():
        for scene in sorted(scenes):
            record = record.with_scene(story_id, scene)
        for scene, choice in sorted(choices):
            record = record.with_choice(story_id, scene, choice)
    return record


# ---------------------------------------------------------------- the record


def test_scenes_and_choices_are_remembered_per_story() -> None:
    record = ReadingRecord().with_scene("ship", "bay").with_choice("ship", "bay", "cut")
    assert record.seen("ship", "bay")
    assert not record.seen("ship", "corridor")
    assert not record.seen("other", "bay")
    assert record.taken("ship", "bay", "cut")
    assert not record.taken("ship", "dark_bay", "cut")
    assert record.taken_in("ship", "bay") == {"cut"}
    assert record.taken_in("other", "bay") == frozenset()


def test_adding_what_is_known_changes_nothing() -> None:
    record = ReadingRecord().with_scene("ship", "bay").with_choice("ship", "bay", "cut")
    assert record.with_scene("ship", "bay") is record
    assert record.with_choice("ship", "bay", "cut") is record


@pytest.mark.parametrize(
    ("story_id", "scene_id"),
    [("", "bay"), ("ship", ""), ("ship", "x" * 101), ("ship", "bay\n"), ("ship", "../etc"), ("ship", "bäy")],
)
def test_ids_the_loader_would_refuse_are_not_recorded(story_id: str, scene_id: str) -> None:
    record = ReadingRecord()
    assert record.with_scene(story_id, scene_id) is record
    assert record.with_choice(story_id, scene_id, "go") is record


def test_a_story_keeps_at_most_max_scenes() -> None:
    reading = StoryReading(frozenset(f"s{index}" for index in range(MAX_SCENES)))
    record = ReadingRecord((("ship", reading),))
    assert record.with_scene("ship", "one_more") is record
    assert record.with_scene("ship", "s0") is record


def test_the_story_read_longest_ago_is_forgotten_past_max_stories() -> None:
    record = ReadingRecord()
    for index in range(MAX_STORIES + 2):
        record = record.with_scene(f"story{index}", "start")
    record = record.with_scene("story2", "again")  # read again: now the most recent
    names = [story_id for story_id, _ in record.stories]
    assert len(names) == MAX_STORIES
    assert "story0" not in names and "story1" not in names
    assert names[-1] == "story2"


def test_round_trip_through_data() -> None:
    record = record_of(ship=({"bay", "corridor"}, {("bay", "corridor")}), other=({"start"}, set()))
    again = ReadingRecord.from_data(json.loads(json.dumps(record.to_data())))
    assert again == record


def test_merging_keeps_both_sides() -> None:
    mine = record_of(ship=({"bay"}, {("bay", "cut")}))
    theirs = record_of(ship=({"corridor"}, {("corridor", "back")}), other=({"start"}, set()))
    merged = mine.merged(theirs)
    assert merged.story("ship").scenes == {"bay", "corridor"}
    assert merged.story("ship").choices == {("bay", "cut"), ("corridor", "back")}
    assert merged.seen("other", "start")
    assert [story_id for story_id, _ in merged.stories][-1] == "ship"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a reading record"),
        ({"version": 1}, "not a reading record"),
        ({"version": 1, "stories": []}, "not a reading record"),
        ({"version": 2, "stories": {}}, "a newer version of the game wrote it"),
        ({"version": "1", "stories": {}}, "its version is 1; this game reads version 1"),
        ({"version": True, "stories": {}}, "its version is True"),
        ({"stories": {}}, "its version is None"),
    ],
)
def test_data_that_is_no_record_is_refused(data: Any, message: str) -> None:
    with pytest.raises(ReadingFileError, match=message):
        ReadingRecord.from_data(data)


def test_bad_entries_are_dropped_and_good_ones_kept() -> None:
    data = {
        "version": 1,
        "stories": {
            "ship": {
                "scenes": ["bay", 3, None, "x" * 500, "corridor", {"a": 1}],
                "choices": [
                    ["bay", "cut"],
                    ["bay"],
                    ["bay", 4],
                    "bay.cut",
                    ["bay", "cut", "extra"],
                    ["corridor", "back"],
                ],
            },
            "bad id!": {"scenes": ["bay"], "choices": []},
            "other": "not a table",
            "third": {"scenes": "bay", "choices": None},
        },
    }
    record = ReadingRecord.from_data(data)
    assert record.story("ship") == StoryReading(
        frozenset({"bay", "corridor"}), frozenset({("bay", "cut"), ("corridor", "back")})
    )
    assert [story_id for story_id, _ in record.stories] == ["ship", "third"]
    assert record.story("third") == StoryReading()


# ------------------------------------------------------------------ the file


def test_no_file_is_an_empty_record(tmp_path: Path) -> None:
    assert read_record(tmp_path / READING_FILE) == ReadingRecord()


def test_write_then_read(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / READING_FILE
    record = record_of(ship=({"bay"}, {("bay", "cut")}))
    write_record(path, record)
    assert read_record(path) == record
    assert [entry.name for entry in path.parent.iterdir()] == [READING_FILE]  # no temporary file left


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{broken", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'"just a string"', "not a reading record"),
    ],
)
def test_a_bad_file_says_why_in_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / READING_FILE
    path.write_bytes(content)
    with pytest.raises(ReadingFileError, match=message) as caught:
        read_record(path)
    assert "\n" not in str(caught.value)


def test_a_file_too_large_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading_record, "MAX_FILE_BYTES", 1_000_000)
    path = tmp_path / READING_FILE
    path.write_text(json.dumps({"version": 1, "stories": {}, "padding": "x" * 1_000_000}), encoding="utf-8")
    with pytest.raises(ReadingFileError, match="larger than 1 MB"):
        read_record(path)


def test_the_file_written_stays_within_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    record = ReadingRecord()
    for story in range(5):
        for scene in range(50):
            record = record.with_scene(f"story{story}", f"scene_with_a_long_name_{scene}")
    full = len(record_text(record))
    monkeypatch.setattr(reading_record, "MAX_FILE_BYTES", full // 2)
    text = record_text(record)
    assert len(text) <= full // 2
    kept = ReadingRecord.from_data(json.loads(text))
    # The stories read longest ago went first; the newest is whole.
    assert kept.stories[-1] == record.stories[-1]
    assert "story0" not in [story_id for story_id, _ in kept.stories]


# -------------------------------------------------------- the game's memory


def test_memory_records_and_writes_only_what_is_new(tmp_path: Path) -> None:
    memory = ReadingMemory.in_folder(tmp_path, "ship")
    assert memory.problem is None and not memory.pending
    memory.read_scene("bay")
    memory.took("bay", "cut")
    assert memory.pending and memory.seen("bay") and memory.taken_in("bay") == {"cut"}
    memory.save()
    assert not memory.pending
    assert read_record(tmp_path / READING_FILE).taken("ship", "bay", "cut")
    before = (tmp_path / READING_FILE).stat().st_mtime_ns
    memory.read_scene("bay")
    assert not memory.pending
    memory.save()
    assert (tmp_path / READING_FILE).stat().st_mtime_ns == before
    # A new game of the same story remembers.
    assert ReadingMemory.in_folder(tmp_path, "ship").seen("bay")
    assert not ReadingMemory.in_folder(tmp_path, "other").seen("bay")


def test_a_bad_file_is_kept_until_there_is_something_new(tmp_path: Path) -> None:
    path = tmp_path / READING_FILE
    path.write_text("{broken", encoding="utf-8")
    memory = ReadingMemory.in_folder(tmp_path, "ship")
    assert memory.problem is not None and "not valid JSON" in memory.problem and "\n" not in memory.problem
    assert not memory.seen("bay")
    memory.save()
    assert path.read_text(encoding="utf-8") == "{broken"
    memory.read_scene("bay")
    memory.save()
    assert read_record(path).seen("ship", "bay")


def test_a_newer_games_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / READING_FILE
    newer = json.dumps({"version": 2, "stories": {"ship": {"scenes": ["bay"]}}})
    path.write_text(newer, encoding="utf-8")
    memory = ReadingMemory.in_folder(tmp_path, "ship")
    assert memory.problem is not None and "newer version" in memory.problem
    memory.read_scene("corridor")
    memory.save()
    assert path.read_text(encoding="utf-8") == newer


def test_an_unreadable_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / READING_FILE).mkdir()  # reading a folder fails with an OSError
    memory = ReadingMemory.in_folder(tmp_path, "ship")
    assert memory.problem is not None and "cannot be read" in memory.problem
    memory.read_scene("bay")
    memory.save()
    assert (tmp_path / READING_FILE).is_dir()


def test_two_games_at_once_do_not_erase_each_other(tmp_path: Path) -> None:
    first = ReadingMemory.in_folder(tmp_path, "ship")
    second = ReadingMemory.in_folder(tmp_path, "ship")
    first.read_scene("bay")
    first.save()
    second.read_scene("corridor")
    second.save()
    record = read_record(tmp_path / READING_FILE)
    assert record.seen("ship", "bay") and record.seen("ship", "corridor")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_folder_raises_oserror(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    memory = ReadingMemory.in_folder(folder, "ship")
    folder.chmod(0o500)
    try:
        memory.read_scene("bay")
        with pytest.raises(OSError):
            memory.save()
    finally:
        folder.chmod(0o700)


# ---------------------------------------------------------------------- redo


def session(seed: int = 7) -> Session:
    return Session(Game(load_story(CLOCK), seed), clock=lambda: 0.0)


def test_redo_takes_again_what_undo_took_back() -> None:
    played = session()
    played.choose("down")
    played.choose("wade")
    after = played.view
    played.undo()
    played.undo()
    assert played.view.scene == "hatch"
    assert played.next_redo == "down"
    played.redo()
    assert played.next_redo == "wade"
    assert played.redo() == after
    assert played.next_redo is None
    with pytest.raises(ChoiceError, match="nothing to redo"):
        played.redo()


def test_taking_the_undone_choice_by_hand_keeps_redo() -> None:
    played = session()
    played.choose("down")
    played.choose("wade")
    played.undo()
    played.undo()
    played.choose("down")
    assert played.next_redo == "wade"


def test_a_different_choice_ends_redo() -> None:
    played = session()
    played.choose("down")
    played.choose("wade")
    played.undo()
    played.undo()
    played.choose("leave")
    assert played.next_redo is None
    played = session()
    played.choose("down")
    played.choose("wade")
    played.undo()
    played.choose("listen")
    assert played.next_redo is None


def test_a_refused_choice_leaves_redo_alone() -> None:
    played = session()
    played.choose("down")
    played.undo()
    with pytest.raises(ChoiceError):
        played.choose("no_such_choice")
    assert played.next_redo == "down"


def test_redo_of_a_random_choice_lands_where_it_did() -> None:
    landed: set[str] = set()
    for seed in range(12):
        played = session(seed)
        first = played.choose("coin")
        played.undo()
        assert played.redo() == first
        landed.add(first.scene)
    assert landed == {"dry", "hatch"}  # both outcomes were drawn, and each redone as it was
