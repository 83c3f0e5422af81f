"""Saves: the format, slots, loading across story edits, undo after loading."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FIXTURES

from game.engine import Game, Story, load_story
from game.saves import STORY_CHANGED, SaveError, SaveStore, read_save, restore, slot_name
from game.saves.format import FORMAT_VERSION, checksum, dump_save
from game.saves.replay import verify

LOOP = FIXTURES / "saves_loop"


@pytest.fixture
def story() -> Story:
    return load_story(LOOP)


def play(story: Story, choices: list[str], seed: int = 5) -> Game:
    game = Game(story, seed)
    for choice in choices:
        game.advance(choice)
    return game


# A coin toss only last: its outcome depends on the seed, and nothing after it must.
WALK = ["south", "north", "clock", "south", "north", "seal", "south", "north", "toss"]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_round_trip_restores_the_snapshot_and_the_log_replays_to_it(story: Story, tmp_path: Path) -> None:
    game = play(story, WALK)
    store = SaveStore(tmp_path)
    store.save("first", game, play_time=61.5)
    loaded = store.load("first", story)
    assert loaded.notice is None
    assert loaded.game.to_data() == game.to_data()
    assert loaded.play_time == 61.5
    # The log alone, replayed from the seed, gives the same state.
    assert verify(story, loaded.save) is None
    assert Game.replay(story, loaded.save.seed, loaded.save.choices).to_data() == game.to_data()


def test_the_file_holds_everything_the_format_promises(story: Story, tmp_path: Path) -> None:
    game = play(story, WALK)
    path = SaveStore(tmp_path).save("slot", game, play_time=3).path
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["format"] == "exception-save"
    assert body["format_version"] == FORMAT_VERSION
    assert body["story"] == {
        "id": "saves_loop",
        "title": "The Loop",
        "version": "1",
        "fingerprint": story.fingerprint,
        "branches": [],
    }
    assert body["seed"] == 5
    assert [entry["choice"] for entry in body["log"]] == WALK
    assert set(body["log"][0]) == {"turn", "scene", "choice", "target", "cost"}
    assert body["snapshot"]["turn"] == len(WALK)
    assert body["created"].endswith("Z") and body["updated"].endswith("Z")
    assert body["play_time"] == 3
    recorded = body.pop("checksum")
    assert recorded == checksum(body)


def test_created_is_kept_and_updated_moves(story: Story, tmp_path: Path) -> None:
    clock = Clock()
    store = SaveStore(tmp_path, clock=clock)
    store.save("slot", play(story, ["south"]), play_time=1)
    clock.now += timedelta(minutes=5)
    store.save("slot", play(story, ["south", "north"]), play_time=2)
    save = store.read("slot")
    assert save.created == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert save.updated == datetime(2026, 1, 2, 3, 9, 5, tzinfo=UTC)


def test_listing_gives_name_scene_turn_countdown_and_time_newest_first(story: Story, tmp_path: Path) -> None:
    clock = Clock()
    store = SaveStore(tmp_path, clock=clock)
    store.save("older", play(story, ["south"]), play_time=1)
    clock.now += timedelta(seconds=30)
    store.autosave(play(story, ["clock", "south"]), play_time=2, playthrough="0123456789ab")
    (tmp_path / "junk.json").write_text("not a save", encoding="utf-8")
    listing = store.list()
    assert [summary.slot for summary in listing] == ["autosave", "older"]
    newest = listing[0]
    assert (newest.scene_title, newest.turn, newest.countdown) == ("South Room", 2, "99998 min")
    assert listing[1].countdown == ""
    assert newest.updated > listing[1].updated
    assert store.latest() == newest
    # The unreadable file is skipped, and left exactly as it was.
    assert (tmp_path / "junk.json").read_text(encoding="utf-8") == "not a save"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("before-the-core", "before-the-core"),
        ("failure-3-seed-7", "failure-3-seed-7"),
        ("Before the core", "before-the-core~"),
        ("../../etc/passwd", "etc-passwd~"),
        ("..", "save~"),
        ("/absolute/path", "absolute-path~"),
        ("C:\\Windows\\evil", "c-windows-evil~"),
        ("   ", None),
        ("", None),
        ("autosave", None),
        (" AutoSave ", None),
        ("autosave-0123456789ab", "autosave-0123456789ab~"),
        ("CON", "con~"),
        ("nul", "nul~"),
        ("ナイン", "save~"),
        ("a" * 300, None),
        ("a" * 200, "a" * 40 + "~"),
        ("slot\x00name", None),
        ("two\nlines", None),
        (".hidden", "hidden~"),
    ],
)
def test_slot_names_cannot_leave_the_save_directory(name: str, expected: str | None, tmp_path: Path) -> None:
    if expected is None:
        with pytest.raises(SaveError, match="name"):
            slot_name(name)
        return
    stem = slot_name(name)
    if expected.endswith("~"):
        # A name the file system would not keep as typed: a readable stem and a hash of the exact name.
        assert stem.startswith(expected) and len(stem) == len(expected) + 8
    else:
        assert stem == expected
    path = SaveStore(tmp_path).path_for(name)
    assert path.parent == tmp_path
    assert path.name == stem + ".json"


def _damage_truncate(text: str) -> str:
    return text[: len(text) // 2]


def _damage_tamper(text: str) -> str:
    return text.replace('"steps": ', '"steps": 1', 1)


def _damage_newer(text: str) -> str:
    body = json.loads(text)
    body["format_version"] = FORMAT_VERSION + 1
    return dump_save(body)


def _damage_structure(text: str) -> str:
    body = json.loads(text)
    body["log"][0]["turn"] = 9
    return dump_save(body)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_damage_truncate, "damaged or cut short"),
        (_damage_tamper, "checksum does not match"),
        (_damage_newer, "newer version of exception"),
        (_damage_structure, "out of order"),
        (lambda text: "", "empty"),
        (lambda text: "   \n", "empty"),
        (lambda text: "[1, 2, 3]", "not an exception save file"),
        (lambda text: '{"format": "something-else"}', "not an exception save file"),
        (lambda text: "[" * 100_000, "nests too deep"),
        (
            lambda text: '{"format": "exception-save", "format_version": 1, "x": ' + "9" * 5000 + "}",
            "impossible number",
        ),
    ],
)
def test_bad_files_give_one_line_and_touch_nothing_else(
    damage: object, message: str, story: Story, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    store.save("good", play(story, WALK), play_time=1)
    bad = store.save("bad", play(story, WALK[:3]), play_time=1).path
    assert callable(damage)
    bad.write_text(damage(bad.read_text(encoding="utf-8")), encoding="utf-8")
    good_bytes = (tmp_path / "good.json").read_bytes()
    with pytest.raises(SaveError) as caught:
        store.load("bad", story)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text
    assert str(bad) in text
    assert (tmp_path / "good.json").read_bytes() == good_bytes
    assert store.load("good", story).game.turn == len(WALK)


def test_binary_and_invalid_utf8_files_are_refused(tmp_path: Path) -> None:
    for name, data in {"binary.json": bytes(range(256)) * 4, "latin.json": b'{"format": "\xe9"}'}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(SaveError, match="not text"):
            read_save(tmp_path / name)


def test_a_missing_file_and_a_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="no such save"):
        read_save(tmp_path / "nothing.json")
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(SaveError, match="not a file"):
        read_save(tmp_path / "dir.json")


def test_a_save_of_another_story_is_refused(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("loop", play(story, WALK), play_time=1)
    other = load_story(FIXTURES / "saves_other")
    with pytest.raises(SaveError, match="belongs to the story 'The Loop'"):
        store.load("loop", other)


def _edited_story(tmp_path: Path, old: str, new: str) -> Story:
    copy = tmp_path / "edited"
    shutil.copytree(LOOP, copy)
    path = copy / "story.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_story(copy)


def test_a_text_edit_replays_and_says_the_story_changed(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    original = play(story, WALK)
    store.save("slot", original, play_time=1)
    edited = _edited_story(tmp_path, "A draught from the north.", "Cold air from the north.")
    loaded = store.load("slot", edited)
    assert loaded.notice == STORY_CHANGED
    assert loaded.divergence is None
    assert loaded.game.to_data() == original.to_data()
    loaded.game.undo(5)  # back to turn 4, in the south room before the door was sealed
    assert loaded.game.scene.id == "south"
    assert "Cold air from the north." in loaded.game.view().text


def test_reordered_and_reworded_choices_still_replay(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    store.save("slot", play(story, WALK), play_time=1)
    edited = _edited_story(
        tmp_path,
        "      - text: Walk south\n        to: south\n      - text: Toss a coin\n        id: toss\n        to: {heads_up: 1, north: 1}\n",
        "      - text: Flip the coin\n        id: toss\n        to: {heads_up: 1, north: 1}\n      - text: Head south\n        to: south\n",
    )
    loaded = store.load("slot", edited)
    assert loaded.divergence is None
    assert loaded.game.turn == len(WALK)


def test_a_removed_choice_stops_at_the_first_divergence(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    store.save("slot", play(story, WALK), play_time=1)
    edited = _edited_story(tmp_path, "        id: seal\n", "        id: lock\n")
    loaded = store.load("slot", edited)
    assert loaded.divergence is not None
    assert (loaded.divergence.turn, loaded.divergence.scene, loaded.divergence.choice) == (6, "north", "seal")
    assert "the choice 'seal' no longer exists" in str(loaded.notice)
    assert "turn 6" in str(loaded.notice)
    # The player continues from the last turn the story still allows, and can play on.
    assert loaded.game.turn == 5
    assert loaded.game.scene.id == "north"
    loaded.game.advance("south")


def test_a_now_forbidden_choice_stops_there(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path / "saves")
    store.save("slot", play(story, WALK), play_time=1)
    edited = _edited_story(tmp_path, "if: steps > 3 and not sealed", "if: steps > 30 and not sealed")
    loaded = store.load("slot", edited)
    assert loaded.divergence is not None
    assert "'seal' is no longer allowed" in str(loaded.notice)
    assert loaded.game.turn == 5


def test_undo_works_right_after_loading(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    walk = ["south", "north"] * 40  # past an undo checkpoint boundary
    store.save("slot", play(story, walk), play_time=1)
    game = store.load("slot", story).game
    game.undo(len(walk) - 2)
    assert game.to_data() == play(story, walk[:2]).to_data()
    game.undo(2)
    assert game.turn == 0


def test_verify_reports_the_first_difference(story: Story, tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("slot", play(story, WALK), play_time=1).path
    body = json.loads(path.read_text(encoding="utf-8"))
    body["snapshot"]["vars"]["heads"] = 40
    path.write_text(dump_save(body), encoding="utf-8")
    difference = verify(story, read_save(path))
    assert difference is not None
    assert difference.startswith("vars.heads: the save has 40")


def test_restore_of_an_ending_save(story: Story, tmp_path: Path) -> None:
    game = play(story, ["south", "leave"])
    store = SaveStore(tmp_path)
    summary = store.save("end", game, play_time=1)
    assert summary.ending == "Out"
    loaded = restore(store.read("end"), story)
    assert loaded.game.is_over


def test_writing_into_an_unwritable_place_is_a_save_error(story: Story, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(SaveError, match="cannot write the save"):
        SaveStore(blocker / "saves").save("slot", play(story, ["south"]), play_time=0)
