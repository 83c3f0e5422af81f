"""Saves at the edges: what the writer refuses, names that must not collide, bounded listing, odd files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from game.engine import Game, Story, load_story
from game.saves import SaveError, SaveStore, read_save, read_summary, slot_name
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


# ----------------------------------------------------------------- the writer


def test_the_writer_never_writes_a_save_the_reader_refuses(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SaveStore(tmp_path)
    store.autosave(play(story, 10), play_time=1, playthrough="0123456789ab")
    path = store.autosave_path("0123456789ab")
    good = path.read_bytes()
    # A reader's limit the next save will pass (a million turns grew past the real 64 MB).
    limit = len(good) * 3
    monkeypatch.setattr("game.saves.format.MAX_SAVE_BYTES", limit)
    monkeypatch.setattr("game.saves.store.MAX_SAVE_BYTES", limit, raising=False)
    with pytest.raises(SaveError) as caught:
        store.autosave(play(story, 600), play_time=2, playthrough="0123456789ab")
    message = str(caught.value)
    assert "\n" not in message
    assert "MB" in message and "the last save is kept" in message
    # The last good save is whole and still reads.
    assert path.read_bytes() == good
    assert read_save(path).turn == 10
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".tmp-")]


def test_a_named_save_too_large_to_read_back_is_refused_and_the_slot_kept(
    story: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", play(story, 4), play_time=1)
    limit = (tmp_path / "mine.json").stat().st_size + 100
    monkeypatch.setattr("game.saves.format.MAX_SAVE_BYTES", limit)
    monkeypatch.setattr("game.saves.store.MAX_SAVE_BYTES", limit, raising=False)
    with pytest.raises(SaveError, match="over the"):
        store.save("mine", play(story, 200), play_time=1)
    assert store.read("mine").turn == 4


# -------------------------------------------------------------------- names

COLLIDING = [
    ("my save", "my-save"),
    ("ünïcode", "ánícode"),
    ("ünïcode", "unicode"),
    ("con", "slot-con"),
    ("Save", "save"),
    ("a/b", "a-b"),
    ("ナイン", "ナナ"),
    ("セーブ", "save"),
    ("x" * 64 + "1", "x" * 64 + "2"),
    ("autosave-0123456789ab", "autosave 0123456789ab"),
]


@pytest.mark.parametrize(("first", "second"), COLLIDING)
def test_names_that_once_shared_a_file_now_keep_their_own(
    first: str, second: str, story: Story, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    store.autosave(play(story, 1), play_time=1, playthrough="0123456789ab")
    one = store.save(first, play(story, 2), play_time=1)
    two = store.save(second, play(story, 3), play_time=1)
    # Distinct even on a file system that ignores case.
    assert one.path.name.lower() != two.path.name.lower()
    assert read_save(one.path).turn == 2
    assert read_save(two.path).turn == 3
    slots = {summary.slot: summary.turn for summary in store.list() if not summary.is_autosave}
    assert slots == {first: 2, second: 3}
    # The autosave was not touched by either.
    assert read_save(store.autosave_path("0123456789ab")).turn == 1


@pytest.mark.parametrize(
    "name",
    [
        "ナイン",
        "日本語のセーブ",
        "con",
        "CON.txt",
        "lpt1",
        "aux ",
        "..",
        "a:b",
        'a"b',
        "a|b*c?",
        "tab and   spaces",
        "é" * 200,
    ],
)
def test_any_typed_name_makes_a_file_name_safe_on_every_system(name: str, story: Story, tmp_path: Path) -> None:
    stem = slot_name(name)
    assert stem.isascii() and len(stem) <= 49
    assert stem.split(".")[0].split("~")[0].lower() not in {"con", "prn", "aux", "nul", "lpt1", "com1"} or "~" in stem
    assert not set(stem) & set('<>:"/\\|?*. ')
    store = SaveStore(tmp_path)
    summary = store.save(name, play(story, 2), play_time=1)
    assert summary.path.parent == tmp_path
    assert read_save(summary.path).slot == name.strip()
    assert store.find(name) == summary


def test_the_same_name_composed_or_decomposed_is_one_slot(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("ü", play(story, 1), play_time=1)
    store.save("u\u0308", play(story, 2), play_time=1)
    assert [summary.slot for summary in store.list()] == ["ü"]
    assert store.read("ü").turn == 2


def test_a_file_that_holds_another_save_is_never_overwritten_silently(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("mine", play(story, 2), play_time=1)
    path = tmp_path / "mine.json"
    # A save of another name sits where "mine" would go (a hash collision, or a file
    # system that ignores case meeting an older save): refuse, and keep it.
    body = json.loads(path.read_text(encoding="utf-8"))
    body["slot"] = "Mine"
    path.write_text(dump_save(body), encoding="utf-8")
    with pytest.raises(SaveError, match="already holds the save 'Mine'; choose another name"):
        store.save("mine", play(story, 5), play_time=1)
    assert read_save(path).slot == "Mine" and read_save(path).turn == 2


def test_saves_named_by_an_earlier_version_still_load_and_are_overwritten_in_place(
    story: Story, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    path = store.save("old", play(story, 2), play_time=1).path
    body = json.loads(path.read_text(encoding="utf-8"))
    body["slot"] = "Before-the-core"  # earlier versions kept the cleaned name
    legacy = tmp_path / "Before-the-core.json"
    legacy.write_text(dump_save(body), encoding="utf-8")
    path.unlink()
    assert store.read("Before the core").turn == 2  # as `play --load "Before the core"` always did
    assert store.find("Before-the-core") is not None
    store.save("Before-the-core", play(story, 4), play_time=1)
    assert read_save(legacy).turn == 4
    assert [summary.slot for summary in store.list()] == ["Before-the-core"]


# ------------------------------------------------------------------ listing


def test_listing_reads_headers_bounded_in_memory(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("real", play(story, 3), play_time=1)
    junk = tmp_path / "junk.json"
    with junk.open("wb") as handle:
        handle.write(b'{"format": "exception-save", "format_version": 1, "slot": "')
        handle.write(b"x" * (63 * 1024 * 1024))
    huge_save = tmp_path / "huge.json"
    body = json.loads((tmp_path / "real.json").read_text(encoding="utf-8"))
    body["slot"] = "huge"
    body["snapshot"]["padding"] = "y" * (20 * 1024 * 1024)
    huge_save.write_text(dump_save(body), encoding="utf-8")
    tracemalloc.start()
    try:
        listing = store.list()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, f"listing peaked at {peak:,} bytes"
    assert {summary.slot for summary in listing} == {"real", "huge"}
    assert junk.stat().st_size > 63 * 1024 * 1024  # left as it was


def test_a_listed_header_shows_what_the_full_save_holds(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    path = store.autosave(play(story, 7), play_time=75, playthrough="0123456789ab").path
    save = read_save(path)
    summary = read_summary(path)
    assert (summary.slot, summary.turn, summary.scene_title, summary.updated, summary.play_time) == (
        save.slot,
        save.turn,
        save.scene_title,
        save.updated,
        save.play_time,
    )
    assert summary.playthrough == "0123456789ab"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_a_device_named_like_a_save_neither_hangs_nor_floods_the_listing(
    story: Story, tmp_path: Path
) -> None:
    store = SaveStore(tmp_path)
    store.save("real", play(story, 1), play_time=1)
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(store.list()), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "listing hung on a named pipe"
    (listing,) = result
    assert isinstance(listing, list) and [summary.slot for summary in listing] == ["real"]
    for name, kind in (("pipe.json", "a pipe"), ("zero.json", "a device")):
        with pytest.raises(SaveError, match=f"not a file \\(it is {kind}\\)"):
            read_save(tmp_path / name)


def test_temporary_files_of_interrupted_writes_are_cleaned_up(story: Story, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    store.save("real", play(story, 1), play_time=1)
    stale = tmp_path / ".tmp-real.json-k3j2h1"
    fresh = tmp_path / ".tmp-autosave-0123456789ab.json-a1b2c3"
    other = tmp_path / ".tmp-notes"
    for path in (stale, fresh, other):
        path.write_bytes(b'{"format": "exception-save", "half a save')
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    assert [summary.slot for summary in store.list()] == ["real"]
    assert not stale.exists()
    assert fresh.exists()  # may be a write in progress (another copy of the game)
    assert other.exists()  # not a save's temporary file


# ------------------------------------------------------------- odd files


def test_a_save_with_a_byte_order_mark_is_named_as_such(story: Story, tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("mine", play(story, 2), play_time=1).path
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    for reader in (read_save, read_summary):
        with pytest.raises(SaveError) as caught:
            reader(path)
        message = str(caught.value)
        assert "byte order mark" in message and "\n" not in message
        assert message.startswith(str(path))


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (b"scenes:\n  - id: bay\n    text: The printer hums.\n", "not an exception save file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "not an exception save file (it is not text)"),
        (b"just some notes\nabout the game\n", "not an exception save file"),
        (b'{"name": "a package", "version": "1.0"}', "not an exception save file"),
        (b"[1, 2, 3]", "not an exception save file"),
    ],
)
def test_a_file_that_is_not_a_save_is_named_as_such(content: bytes, named: str, tmp_path: Path) -> None:
    path = tmp_path / "thing.json"
    path.write_bytes(content)
    for reader in (read_save, read_summary):
        with pytest.raises(SaveError) as caught:
            reader(path)
        message = str(caught.value)
        assert named in message and "damaged" not in message and "\n" not in message


def test_a_cut_short_save_is_still_called_damaged(story: Story, tmp_path: Path) -> None:
    path = SaveStore(tmp_path).save("mine", play(story, 2), play_time=1).path
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(SaveError, match="damaged or cut short"):
        read_save(path)


# ------------------------------------------------------------------- replay


def test_replay_reads_only_the_branch_folders_given_never_those_a_save_names(story: Story, tmp_path: Path) -> None:
    path = SaveStore(tmp_path / "saves").save("walk", play(story, 4), play_time=1).path
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "trap.yaml").write_text("scenes: [ {id: trap, text: 'read from a path in a save'\n", encoding="utf-8")
    body = json.loads(path.read_text(encoding="utf-8"))
    body["story"]["branches"] = [str(planted)]
    path.write_text(dump_save(body), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "game", "replay", str(path), "--verify", "--story", str(LOOP)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert str(planted) not in result.stderr + result.stdout
    assert "trap" not in result.stderr
    assert "--branch DIR" in result.stderr  # says how to replay it with its branches
