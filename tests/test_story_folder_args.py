"""Every command takes the story folder the same way: ``DIR`` or ``--story DIR``, with the same help."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from game.cli import COMMANDS, build_parser
from game.commands.common import STORY_FOLDER_HELP, default_story_dir, story_dirs

MINI = FIXTURES / "mini"
OTHER = FIXTURES / "deep_clean"
#: The commands that read a story folder, and what else each needs before it.
STORY_COMMANDS: dict[str, list[str]] = {
    "play": ["--plain"],
    "check": [],
    "test": [],
    "stats": [],
    "graph": [],
    "replay": ["some.save"],
    "scenes": [],
    "vars": [],
    "serve": [],
}
SEVERAL = {"check", "test", "stats"}


def parse(command: str, *arguments: str, options_first: tuple[str, ...] = ()) -> argparse.Namespace:
    """``command [OPTIONS_FIRST] [what the command needs] ARGUMENTS``."""
    return build_parser(command).parse_args([command, *options_first, *STORY_COMMANDS[command], *arguments])


def test_every_story_command_is_listed_here(capsys: pytest.CaptureFixture[str]) -> None:
    assert set(STORY_COMMANDS) <= set(COMMANDS)
    for command in set(COMMANDS) - set(STORY_COMMANDS):
        with pytest.raises(SystemExit):
            build_parser(command).parse_args([command, "--help"])
        assert "--story" not in capsys.readouterr().out, command


@pytest.mark.parametrize("command", STORY_COMMANDS)
def test_positional_and_option_name_the_same_folder(command: str) -> None:
    assert story_dirs(parse(command, str(MINI))) == [MINI]
    assert story_dirs(parse(command, "--story", str(MINI))) == [MINI]
    # Both at once is fine when they agree (a path written two ways is the same folder).
    [both] = story_dirs(parse(command, str(MINI), "--story", str(MINI / ".." / "mini")))
    assert both.resolve() == MINI.resolve()
    assert story_dirs(parse(command)) == [default_story_dir()]


@pytest.mark.parametrize("command", STORY_COMMANDS)
@pytest.mark.parametrize("order", ["positional first", "option first"])
def test_two_different_folders_are_a_usage_error(command: str, order: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        if order == "positional first":
            parse(command, str(MINI), "--story", str(OTHER))
        else:
            parse(command, str(MINI), options_first=("--story", str(OTHER)))
    assert exited.value.code == 2
    error = capsys.readouterr().err.splitlines()[-1]
    assert error.startswith(f"exception {command}: error: two story folders:")
    assert "give the story folder once, as DIR or as --story DIR" in error


@pytest.mark.parametrize("command", STORY_COMMANDS)
def test_one_folder_commands_refuse_two(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    if command in SEVERAL:
        assert story_dirs(parse(command, str(MINI), str(OTHER))) == [MINI, OTHER]
        return
    with pytest.raises(SystemExit):
        parse(command, str(MINI), str(OTHER))
    assert "one story folder at a time, not 2" in capsys.readouterr().err


@pytest.mark.parametrize("command", STORY_COMMANDS)
def test_the_help_is_the_same_everywhere(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(command).parse_args([command, "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert shown.count(STORY_FOLDER_HELP) == 2  # DIR and --story DIR
    assert "--story DIR" in shown and "--branch DIR" in shown


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *arguments], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ["play", "--plain", "--seed", "1", "--no-autosave"],
        ["stats"],
        ["graph"],
    ],
)
def test_the_real_command_reads_the_same_story_either_way(arguments: list[str]) -> None:
    by_position = _run(*arguments, str(MINI))
    by_option = _run(*arguments, "--story", str(MINI))
    assert by_position.returncode == by_option.returncode == 0, by_position.stderr
    assert by_position.stdout == by_option.stdout
    assert "Mini" in by_position.stdout or "The Bay" in by_position.stdout


def test_the_real_command_reports_a_conflict_in_one_line_of_error() -> None:
    done = _run("check", str(MINI), "--story", str(Path("story")))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("exception check: error: two story folders:")
