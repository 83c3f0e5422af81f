"""The save-related command line, driven as a person or a script would: replay and play --load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from game.engine import Game, load_story
from game.saves import SaveStore, read_save
from game.saves.format import dump_save

LOOP = FIXTURES / "saves_loop"
WALK = ["south", "north", "clock", "south", "north", "seal", "south"]


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


@pytest.fixture
def save_path(tmp_path: Path) -> Path:
    game = Game(load_story(LOOP), seed=3)
    for choice in WALK:
        game.advance(choice)
    return SaveStore(tmp_path).save("walk", game, play_time=10).path


def test_transcript_prints_every_scene_and_the_choices_taken(save_path: Path) -> None:
    result = run("replay", str(save_path), "--story", str(LOOP), "--transcript")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "a replay of 'walk', 7 turns, seed 3" in out
    assert out.count("== North Room ==") == 5
    assert "> Walk south" in out and "> Seal the door" in out and "> Start the clock" in out
    assert "The sealed door hums behind you." in out
    # Only the choice taken is shown, not the menu.
    assert "1. Walk south" not in out.split("== South Room ==")[0]


def test_jsonl_replay_has_one_object_per_view(save_path: Path) -> None:
    result = run("replay", str(save_path), "--story", str(LOOP), "--jsonl")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(WALK) + 1
    assert [record["chosen"]["id"] for record in records[:-1]] == WALK
    assert records[-1]["chosen"] is None
    assert [record["turn"] for record in records] == list(range(len(WALK) + 1))


def test_verify_passes_on_a_faithful_save_and_fails_on_a_doctored_one(save_path: Path) -> None:
    ok = run("replay", str(save_path), "--story", str(LOOP), "--verify")
    assert ok.returncode == 0, ok.stderr
    assert "replay to the saved state exactly" in ok.stdout
    body = json.loads(save_path.read_text(encoding="utf-8"))
    body["snapshot"]["vars"]["sealed"] = False
    save_path.write_text(dump_save(body), encoding="utf-8")
    bad = run("replay", str(save_path), "--story", str(LOOP), "--verify")
    assert bad.returncode == 1
    assert "vars.sealed: the save has False, the replay gives True" in bad.stderr


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02garbage\xff", b"{truncated", b'{"format": "exception-save", "format_version": 99}'],
)
@pytest.mark.parametrize("command", [("replay", "{path}", "--verify"), ("play", "--plain", "--load", "{path}")])
def test_bad_saves_are_one_line_exit_1_and_touch_nothing(
    content: bytes, command: tuple[str, ...], save_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    before = save_path.read_bytes()
    args = [part.replace("{path}", str(bad)) for part in command]
    result = run(*args, "--story", str(LOOP))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("exception: "), result.stderr
    assert bad.read_bytes() == content
    assert save_path.read_bytes() == before


def test_a_foreign_save_is_refused_in_one_line(save_path: Path) -> None:
    result = run("play", "--plain", "--load", str(save_path), "--story", str(FIXTURES / "saves_other"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "belongs to the story 'The Loop'" in result.stderr


def test_plain_play_loads_a_slot_and_autosaves_every_turn(save_path: Path, tmp_path: Path) -> None:
    env = {"EXCEPTION_SAVES_DIR": str(tmp_path)}
    result = run("play", "--plain", "--load", "walk", "--story", str(LOOP), stdin="1\n", env=env)
    assert result.returncode == 0, result.stderr
    assert "== South Room ==" in result.stdout
    (autosave_path,) = tmp_path.glob("autosave-*.json")  # loading a named save starts a playthrough of its own
    autosave = read_save(autosave_path)
    assert autosave.turn == len(WALK) + 1
    assert autosave.choices[: len(WALK)] == tuple(WALK)


def test_jsonl_play_loads_a_file_and_says_when_the_story_changed(save_path: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    edited.mkdir()
    text = (LOOP / "story.yaml").read_text(encoding="utf-8").replace("You are out.", "You are out, at last.")
    (edited / "story.yaml").write_text(text, encoding="utf-8")
    result = run("play", "--jsonl", "--load", str(save_path), "--story", str(edited), "--no-autosave")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {"notice": "the story has changed since this save"}
    assert lines[1]["turn"] == len(WALK)
    assert not [*tmp_path.glob("autosave*.json")]


def test_transcript_of_a_save_the_edited_story_no_longer_allows_stops_there(save_path: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    edited.mkdir()
    text = (LOOP / "story.yaml").read_text(encoding="utf-8").replace("id: seal\n", "id: lock\n")
    (edited / "story.yaml").write_text(text, encoding="utf-8")
    result = run("replay", str(save_path), "--story", str(edited), "--transcript")
    assert result.returncode == 1
    assert "the replay stops at turn 6 (scene 'north'): the choice 'seal' no longer exists" in result.stdout
