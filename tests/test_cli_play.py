"""``exception play --plain`` and ``--jsonl`` driven end to end as subprocesses."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT

from game.engine import Game, load_story

STORY = FIXTURES / "engine_frontend"
BROKEN = FIXTURES / "engine_broken"
#: A safety net so a hung game fails the test instead of the whole run; never an assertion about speed.
HANG = 60
OBSERVATION_KEYS = {"turn", "scene", "title", "text", "choices", "countdown", "ending", "crew", "ui_classes", "marked"}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment for the game: saves and the story cache in this test's folder."""
    environment = dict(os.environ)
    environment["EXCEPTION_SAVES_DIR"] = str(tmp_path / "saves")
    environment["EXCEPTION_CACHE_DIR"] = str(tmp_path / "cache")
    environment.pop("PYTHONWARNINGS", None)
    return environment


def command(mode: str, story: Path = STORY, seed: int | None = 1, *extra: str) -> list[str]:
    args = [sys.executable, "-m", "game", "play", f"--{mode}", "--story", str(story), *extra]
    if seed is not None:
        args += ["--seed", str(seed)]
    return args


def run(
    env: dict[str, str], mode: str, lines: list[str] | bytes, story: Path = STORY, seed: int | None = 1, *extra: str
) -> subprocess.CompletedProcess[bytes]:
    data = lines if isinstance(lines, bytes) else "".join(line + "\n" for line in lines).encode()
    return subprocess.run(
        command(mode, story, seed, *extra), input=data, capture_output=True, cwd=ROOT, env=env, timeout=HANG
    )


@contextlib.contextmanager
def started(env: dict[str, str], mode: str) -> Iterator[subprocess.Popen[bytes]]:
    """A game running with pipes on every stream; killed if a failing test leaves it running."""
    with subprocess.Popen(
        command(mode), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env
    ) as process:
        try:
            yield process
        finally:
            if process.poll() is None:
                process.kill()


def objects(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def assert_clean(result: subprocess.CompletedProcess[bytes], code: int = 0) -> None:
    assert result.returncode == code, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr
    assert b"Traceback" not in result.stdout
    assert b"\x1b" not in result.stdout
    assert "\x9b".encode() not in result.stdout


def roll_outcome(seed: int) -> str:
    game = Game(load_story(STORY, use_cache=False), seed=seed)
    game.choose("roll")
    return game.scene.id


# ------------------------------------------------------------------------ plain


def test_plain_numbered_choices_ids_and_an_ending(env: dict[str, str]) -> None:
    result = run(env, "plain", ["1", "key", "3", "door", "1"])
    assert_clean(result)
    out = result.stdout.decode()
    assert "  1. Take a key [b]\n  -  Open the door (Locked [i]: 2 more key(s).)\n  2. Kill the lights" in out
    assert "  1. Take a key [b]\n  2. Open the door\n  3. Kill the lights\n  4. Roll the dice" in out
    assert "[Clock : 5 min]" in out  # the lights went out: the countdown runs
    assert out.rstrip().endswith("*** Free [/] ***")
    assert out.count("> ") == 5


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("7", "there is no choice 7; choose 1 to 3"),
        ("door", "'door' is not possible now: Locked [i]: 2 more key(s)."),
        ("", "type the number of a choice"),
    ],
)
def test_plain_invalid_input_reprompts(env: dict[str, str], answer: str, message: str) -> None:
    result = run(env, "plain", [answer, "1"])
    assert_clean(result)
    out = result.stdout.decode()
    assert f"> {message}\n> " in out
    assert "Keys: 1." in out  # the next answer still works


def test_plain_end_of_input_exits_cleanly(env: dict[str, str]) -> None:
    for lines in ([], ["1"], b"1"):  # nothing, a line, a last line with no newline
        result = run(env, "plain", lines)
        assert_clean(result)
        assert result.stdout.endswith(b"> \n")
        assert result.stderr == b""


# ------------------------------------------------------------------------ jsonl


def test_jsonl_objects_have_every_promised_field(env: dict[str, str]) -> None:
    result = run(env, "jsonl", ["1", '{"choice": "dark"}'])
    assert_clean(result)
    first, second, third = objects(result)
    for item in (first, second, third):
        assert set(item) == OBSERVATION_KEYS
        for choice in item["choices"]:
            assert set(choice) == {"id", "text", "enabled", "reason", "cost", "expires", "marked"}
        assert set(item["countdown"]) == {"active", "remaining", "label", "unit", "level"}
        for member in item["crew"]:
            assert {"id", "name", "role"} <= set(member)
    assert first["turn"] == 0
    assert first["scene"] == "deck"
    assert first["title"] == "Deck [bold]"
    assert first["text"] == "Red text and [bold red]not markup[/] and  and a bell. Keys: 0."
    # The clock is off: no choice spends anything yet.
    assert [
        {key: choice[key] for key in ("id", "text", "enabled", "reason", "cost")} for choice in first["choices"]
    ] == [
        {"id": "key", "text": "Take a key [b]", "enabled": True, "reason": None, "cost": 0},
        {"id": "door", "text": "Open the door", "enabled": False, "reason": "Locked [i]: 2 more key(s).", "cost": 0},
        {"id": "dark", "text": "Kill the lights", "enabled": True, "reason": None, "cost": 0},
        {"id": "roll", "text": "Roll the dice", "enabled": True, "reason": None, "cost": 0},
    ]
    assert first["countdown"] == {"active": False, "remaining": 0, "label": "Clock ", "unit": "min", "level": "off"}
    assert first["ending"] is None
    assert first["crew"][0]["name"] == "Bo "  # its OSC sequence removed
    assert first["ui_classes"] == []
    assert second["choices"][0]["enabled"] is True
    assert third["turn"] == 2
    assert third["countdown"] == {"active": True, "remaining": 5, "label": "Clock ", "unit": "min", "level": "normal"}
    assert third["ui_classes"] == ["dark"]
    # The clock runs now: each choice says what it spends, and none of them runs it out.
    assert [(choice["id"], choice["cost"], choice["expires"]) for choice in third["choices"]] == [
        ("key", 1, False),
        ("door", 1, False),
        ("dark", 0, False),
        ("roll", 1, False),
    ]


@pytest.mark.parametrize("answer", ["9", "door", "{not json", '{"choice": "door"}', '{"pick": "key"}'])
def test_jsonl_bad_answer_prints_an_error_and_the_same_observation(env: dict[str, str], answer: str) -> None:
    result = run(env, "jsonl", [answer, "key"])
    assert_clean(result)
    first, error, again, after = objects(result)
    assert set(error) == {"error"}
    assert isinstance(error["error"], str)
    assert error["error"]
    assert again == first
    assert after["turn"] == 1


@pytest.mark.parametrize("answer", ["1", "key", '{"choice": "key"}', '{"choice": 1}'])
def test_jsonl_answers(env: dict[str, str], answer: str) -> None:
    result = run(env, "jsonl", [answer])
    assert_clean(result)
    first, second = objects(result)
    assert (first["turn"], second["turn"]) == (0, 1)
    assert second["text"].endswith("Keys: 1.")


def test_jsonl_ending_exits_0(env: dict[str, str]) -> None:
    result = run(env, "jsonl", ["key", "key", "door", "leave", "never read"])
    assert_clean(result)
    last = objects(result)[-1]
    assert {key: last["ending"][key] for key in ("id", "title", "tone", "hint")} == {
        "id": "out",
        "title": "Free [/]",
        "tone": "hopeful",
        "hint": None,
    }
    assert last["choices"] == []
    assert last["turn"] == 4


def test_jsonl_end_of_input_exits_cleanly(env: dict[str, str]) -> None:
    result = run(env, "jsonl", ["key"])
    assert_clean(result)
    assert [item["turn"] for item in objects(result)] == [0, 1]
    assert result.stderr == b""


# ----------------------------------------------------------------------- common


@pytest.mark.parametrize("mode", ["plain", "jsonl"])
def test_an_ending_exits_0(env: dict[str, str], mode: str) -> None:
    result = run(env, mode, ["key", "key", "door", "leave"])
    assert_clean(result)
    assert b"Free [/]" in result.stdout


@pytest.mark.parametrize("mode", ["plain", "jsonl"])
def test_seed_makes_runs_identical(env: dict[str, str], mode: str) -> None:
    seeds = {roll_outcome(seed): seed for seed in range(40)}
    assert set(seeds) == {"hall", "late"}
    outputs = {}
    for outcome, seed in seeds.items():
        first = run(env, mode, ["roll", "1"], STORY, seed)
        second = run(env, mode, ["roll", "1"], STORY, seed)
        assert_clean(first)
        assert first.stdout == second.stdout
        outputs[outcome] = first.stdout
    assert b"Too late" in outputs["late"]
    assert b"Too late" not in outputs["hall"]
    assert b"The hall." in outputs["hall"]


@pytest.mark.parametrize("mode", ["plain", "jsonl"])
def test_story_text_is_printed_safely(env: dict[str, str], mode: str) -> None:
    # Every hostile string of the story: title, text, choice text, disabled reason, countdown label, ending.
    result = run(env, mode, ["door", "key", "dark", "key", "door", "leave"])
    assert_clean(result)
    out = result.stdout.decode()
    assert "[bold red]not markup[/]" in out
    assert "Take a key [b]" in out
    assert "\x07" not in out
    assert "owned" not in out  # the OSC window-title sequence is gone, its text with it


@pytest.mark.parametrize("mode", ["plain", "jsonl"])
def test_undecodable_input_is_a_bad_answer(env: dict[str, str], mode: str) -> None:
    strict = dict(env, PYTHONIOENCODING="utf-8:strict")
    result = run(strict, mode, b"\xff\xfe\n1\n")
    assert_clean(result)
    assert b"Keys: 1." in result.stdout
    result.stdout.decode("utf-8")  # the output stays valid UTF-8


@pytest.mark.parametrize("mode", ["plain", "jsonl"])
def test_a_broken_story_reports_every_error_and_exits_1(env: dict[str, str], mode: str) -> None:
    result = run(env, mode, [], BROKEN)
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    located = [line for line in lines if re.match(r"^story\.yaml:\d+:\d+: \S", line)]
    assert len(located) == 3
    assert any("start scene 'nowhere' does not exist" in line for line in located)
    assert any("unknown variable 'missing_var'" in line for line in located)
    assert lines[-1] == f"3 errors in {BROKEN}"


@pytest.mark.parametrize("args", [["--seed", "abc"], ["--story", "/nonexistent/story"], ["--plain", "--jsonl"]])
def test_bad_arguments_exit_without_a_traceback(env: dict[str, str], args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", *args],
        input=b"",
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=HANG,
    )
    assert result.returncode in (1, 2)
    assert b"Traceback" not in result.stderr
    assert result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")
@pytest.mark.parametrize(("mode", "ready"), [("plain", b"> "), ("jsonl", b"\n")])
def test_sigint_exits_0_without_a_traceback(env: dict[str, str], mode: str, ready: bytes) -> None:
    with started(env, mode) as process:
        assert process.stdout is not None
        seen = b""
        # Wait (blocking reads, no sleeping) until the game waits for an answer.
        while not seen.endswith(ready):
            chunk = os.read(process.stdout.fileno(), 4096)
            assert chunk, "the game ended before asking for an answer"
            seen += chunk
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=HANG)
    assert process.returncode == 0, err.decode(errors="replace")
    assert b"Traceback" not in err
    assert b"KeyboardInterrupt" not in err


@pytest.mark.parametrize("mode", ["plain", "jsonl"])
def test_a_closed_output_pipe_ends_quietly(env: dict[str, str], mode: str) -> None:
    # Like `exception play --jsonl | head -1`.
    with started(env, mode) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        # The game may have gone before all the answers are written, as it should.
        with contextlib.suppress(BrokenPipeError):
            process.stdin.write(b"key\n" * 5000)
        with contextlib.suppress(BrokenPipeError):
            process.stdin.close()
        assert process.wait(timeout=HANG) == 0
        assert process.stderr.read() == b""
