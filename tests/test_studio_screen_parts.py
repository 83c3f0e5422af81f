"""The studio screen's pure parts: the status line, the word under the cursor, the files it lists and opens first."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from game.engine import load_story
from game.studio.checker import CheckResult, Problem
from game.studio.completion import word_at
from game.studio.status_line import Place, check_outcome, status_line
from game.studio.workspace import Workspace


def problems(count: int) -> tuple[Problem, ...]:
    return tuple(Problem("act.yaml", line, 1, "something is wrong") for line in range(1, count + 1))


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 problems (12 ms)"), (1, "1 problem (12 ms)"), (3, "3 problems (12 ms)")],
)
def test_a_check_that_failed_counts_its_problems(count: int, expected: str) -> None:
    assert check_outcome(CheckResult(None, problems(count), 0.0123, 1)) == expected


def test_a_check_that_loaded_says_so() -> None:
    story = load_story(FIXTURES / "ui_ship", use_cache=False)
    assert check_outcome(CheckResult(story, (), 0.2, 1)) == "story loads (200 ms)"


@pytest.mark.parametrize(
    ("place", "check", "completions", "note", "expected"),
    [
        (None, None, None, "", ""),
        (Place("act.yaml", False, 0, 0), None, None, "", "act.yaml  1:1"),
        (Place("act.yaml", True, 11, 4), None, None, "", "act.yaml ●  12:5"),
        (
            Place("a.yaml", False, 0, 0),
            CheckResult(None, problems(2), 0.004, 1),
            None,
            "",
            "a.yaml  1:1  │  2 problems (4 ms)",
        ),
        (Place("a.yaml", False, 0, 0), None, 1, "", "a.yaml  1:1  │  Right takes the completion"),
        (None, None, 3, "", "Right takes the completion; Ctrl+N: the next of 3"),
        (None, None, None, "saved a.yaml", "saved a.yaml"),
        (
            Place("b/x.yaml", True, 2, 0),
            CheckResult(None, problems(1), 0.5, 2),
            2,
            "saved",
            "b/x.yaml ●  3:1  │  1 problem (500 ms)  │  Right takes the completion; Ctrl+N: the next of 2  │  saved",
        ),
    ],
)
def test_the_status_line_says_each_part_in_order(
    place: Place | None, check: CheckResult | None, completions: int | None, note: str, expected: str
) -> None:
    assert status_line(place, check, completions, note) == expected


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [
        ("    to: engine_room", 8, "engine_room"),  # at the start of the word
        ("    to: engine_room", 14, "engine_room"),  # inside it
        ("    to: engine_room", 19, "engine_room"),  # just after it, at the end of the line
        ("if: fuel_2 > 3", 5, "fuel_2"),
        ("if: fuel_2 > 3", 11, ""),  # on a space between two non-words
        ("", 0, ""),
        ("  café: 1", 5, "café"),  # letters beyond ASCII are letters
    ],
)
def test_the_word_under_the_cursor(line: str, column: int, expected: str) -> None:
    assert word_at(line, column) == expected


def test_the_tree_lists_the_story_then_each_branch_and_opens_story_yaml_first(tmp_path: Path) -> None:
    story = tmp_path / "ship"
    story.mkdir()
    (story / "act.yaml").write_text("scenes: {}\n", encoding="utf-8")
    (story / "story.yaml").write_text("story: {id: ship}\n", encoding="utf-8")
    branch = tmp_path / "spare"
    branch.mkdir()
    (branch / "spare.yaml").write_text("scenes: {}\n", encoding="utf-8")
    workspace = Workspace(story, (branch,))
    tree = workspace.tree()
    assert [(label, folder) for label, folder, _ in tree] == [
        ("story ship", story.resolve()),
        ("branch spare", branch.resolve()),
    ]
    assert [path.name for path in tree[1][2]] == ["spare.yaml"]
    assert workspace.default_file() == (story / "story.yaml").resolve()


def test_without_story_yaml_the_first_file_opens_first_and_an_empty_folder_opens_nothing(tmp_path: Path) -> None:
    story = tmp_path / "ship"
    story.mkdir()
    assert Workspace(story).default_file() is None
    (story / "b.yaml").write_text("scenes: {}\n", encoding="utf-8")
    (story / "a.yaml").write_text("scenes: {}\n", encoding="utf-8")
    workspace = Workspace(story)
    assert workspace.default_file() == workspace.files(workspace.story, branch=False)[0]
