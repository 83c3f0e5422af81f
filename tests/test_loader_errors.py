"""The loader reports every kind of mistake at the right file, line and column.

Each row of ERRORS is one small story (a manifest plus the files the row
adds) and the exact problems it must produce: no more, no fewer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.story.loader import MAX_ERRORS_PER_FILE, StoryLoadError, load_story, scalar_position, source_lines
from game.story.yamlread import YMap, YScalar, read_yaml

MANIFEST = """\
story:
  id: t
  title: T
  version: "1"
  start: a
vars:
  n: 0
  flag: true
  word: "x"
scenes:
  a:
    title: A
    text: Hello.
    choices:
      - text: Go
        to: b
  b:
    title: B
    text: End.
    ending: {id: fin, title: Fin, tone: grim}
"""

MANIFEST_WITH_COUNTDOWN = MANIFEST.replace(
    "  start: a\n", "  start: a\n  countdown:\n    start: 10\n    expires: nowhere\n"
)


def write_tree(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` (relative path -> YAML text, dedented) under ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def problems(root: Path, branches: tuple[Path, ...] = ()) -> list[tuple[str, int, int, str]]:
    """Load a story that must fail; its errors as (path, line, col, message)."""
    with pytest.raises(StoryLoadError) as caught:
        load_story(root, branches, use_cache=False)
    return [(error.path, error.line, error.col, error.message) for error in caught.value.errors]


# Each row: id, files added to the story (story.yaml defaults to MANIFEST),
# files of a branch loaded with --branch (or None), and the expected problems
# as (path, line, col, message fragment).
Row = tuple[str, dict[str, str], dict[str, str] | None, list[tuple[str, int, int, str]]]

ERRORS: list[Row] = [
    (
        # Each distinct expression text is checked once and shared: a repeated mistake is still reported everywhere.
        "the same expression text wrong in several places",
        {
            "x.yaml": """\
            scenes:
              c:
                title: C {nope}
                text: "{n}"
                choices:
                  - {text: go, to: a, if: "nope > 1"}
              d:
                title: D {nope}
                text: "{if n}x{end}"
                choices:
                  - {text: go, to: a, if: "n"}
                  - {text: back, to: a, id: back, if: "nope > 1"}
            """
        },
        None,
        [
            ("x.yaml", 3, 15, "in the title: unknown variable 'nope'"),
            ("x.yaml", 6, 32, "in the condition: unknown variable 'nope'"),
            ("x.yaml", 8, 15, "in the title: unknown variable 'nope'"),
            ("x.yaml", 9, 16, "in the text: this must be a condition (true/false), but it is a number"),
            ("x.yaml", 11, 32, "in the condition: this must be a condition (true/false), but it is a number"),
            ("x.yaml", 12, 44, "in the condition: unknown variable 'nope'"),
        ],
    ),
    (
        "duplicate key",
        {
            "x.yaml": """\
            scenes:
              c:
                title: C
                text: one
                text: two
                choices:
                  - {text: go, to: a}
            """
        },
        None,
        [("x.yaml", 5, 5, "duplicate key 'text' (first written at line 4)")],
    ),
    (
        "duplicate scene key in one mapping",
        {
            "x.yaml": """\
            scenes:
              c: {title: C, text: t, choices: [{text: go, to: a}]}
              c: {title: C, text: t, choices: [{text: go, to: a}]}
            """
        },
        None,
        [("x.yaml", 3, 3, "duplicate key 'c'")],
    ),
    (
        "scene defined in two files",
        {"x.yaml": "scenes:\n  a: {title: A, text: t, choices: [{text: go, to: b}]}\n"},
        None,
        [("x.yaml", 2, 3, "scene 'a' is defined twice (first at story.yaml:11)")],
    ),
    (
        "unknown scene key",
        {
            "x.yaml": """\
            scenes:
              c:
                title: C
                text: t
                on_entr: []
                choices:
                  - {text: go, to: a}
            """
        },
        None,
        [("x.yaml", 5, 5, "unknown key 'on_entr' (did you mean 'on_enter'?)")],
    ),
    (
        "misspelt required key is reported once",
        {"x.yaml": "scenes:\n  c:\n    titel: C\n    text: t\n    choices: [{text: go, to: a}]\n"},
        None,
        [("x.yaml", 3, 5, "unknown key 'titel' (did you mean 'title'?)")],
    ),
    (
        "unknown top-level key",
        {"x.yaml": "scene:\n  c: {}\n"},
        None,
        [("x.yaml", 1, 1, "unknown key 'scene' (did you mean 'scenes'?)")],
    ),
    (
        "unknown choice key",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, onse: true}\n"},
        None,
        [("x.yaml", 6, 27, "unknown key 'onse' (did you mean 'once'?)")],
    ),
    (
        "unknown effect",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n      - sett: {n: 1}\n    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 9, "unknown effect 'sett' (did you mean 'set'?)")],
    ),
    (
        "title is a list",
        {"x.yaml": "scenes:\n  c:\n    title: [C]\n    text: t\n    choices: [{text: go, to: a}]\n"},
        None,
        [("x.yaml", 3, 12, "the title must be text, not a list")],
    ),
    (
        "cost is text",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, cost: lots}\n"},
        None,
        [("x.yaml", 6, 33, "cost must be a number, not text")],
    ),
    (
        "once is yes (a string in YAML 1.2)",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, once: yes}\n"},
        None,
        [("x.yaml", 6, 33, "'once' must be true or false, not text")],
    ),
    (
        "choices is a mapping",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices: {text: go, to: a}\n"},
        None,
        [("x.yaml", 5, 14, "'choices' must be a list")],
    ),
    (
        "vars is a list",
        {"x.yaml": "vars:\n  - n\n"},
        None,
        [("x.yaml", 2, 3, "'vars' must be a mapping")],
    ),
    (
        "variable without a value",
        {"x.yaml": "vars:\n  empty:\n"},
        None,
        [("x.yaml", 2, 9, "variable 'empty' needs an initial value")],
    ),
    (
        "infinite variable",
        {"x.yaml": "vars:\n  huge: .inf\n"},
        None,
        [("x.yaml", 2, 9, "variable 'huge' must start as a finite number")],
    ),
    (
        "scene without text",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    choices: [{text: go, to: a}]\n"},
        None,
        [("x.yaml", 3, 5, "scene 'c': missing 'text'")],
    ),
    (
        "choice without to",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - text: go\n"},
        None,
        [("x.yaml", 6, 9, "choice: missing 'to'")],
    ),
    (
        "manifest without start",
        {"story.yaml": MANIFEST.replace("  start: a\n", "")},
        None,
        [("story.yaml", 2, 3, "story: missing 'start'")],
    ),
    (
        "choice to a missing scene",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - text: go\n        to: bb\n"},
        None,
        [("x.yaml", 7, 13, "target scene 'bb' does not exist (did you mean 'b'?)")],
    ),
    (
        "random choice to a missing scene",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n"
            "      - {text: go, id: roll, to: {a: 1, zz: 2}}\n"
        },
        None,
        [("x.yaml", 6, 41, "target scene 'zz' does not exist")],
    ),
    (
        "manifest start missing",
        {"story.yaml": MANIFEST.replace("  start: a\n", "  start: aa\n")},
        None,
        [("story.yaml", 5, 10, "start scene 'aa' does not exist (did you mean 'a'?)")],
    ),
    (
        "countdown expires missing",
        {"story.yaml": MANIFEST_WITH_COUNTDOWN},
        None,
        [("story.yaml", 8, 14, "expiry scene 'nowhere' does not exist")],
    ),
    (
        "scene expires missing",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    expires: gone\n    choices: [{text: go, to: a}]\n"},
        None,
        [("x.yaml", 5, 14, "expiry scene 'gone' does not exist")],
    ),
    (
        "visited() of a missing scene",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n"
            "      - text: go\n        to: a\n        if: flag and visited(aa)\n"
        },
        None,
        [("x.yaml", 8, 30, "visited(): no scene 'aa' (did you mean 'a'?)")],
    ),
    (
        "undeclared variable in text",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: 'You have {nn} coins'\n    choices: [{text: go, to: a}]\n"},
        None,
        [("x.yaml", 4, 22, "unknown variable 'nn' (did you mean 'n'?); declare it under 'vars'")],
    ),
    (
        "undeclared variable in an effect",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n      - set: {lantern: true}\n"
            "    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 15, "unknown variable 'lantern'; declare it under 'vars'")],
    ),
    (
        "built-in name set by an effect",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n      - set: {turn: 3}\n"
            "    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 15, "'turn' is built in and cannot be set")],
    ),
    (
        "set with the wrong type",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n      - set: {n: many}\n"
            "    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 18, "'n' is a number; text does not fit (write '= expression' to compute it)")],
    ),
    (
        "add to a string",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n      - add: {word: 1}\n"
            "    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 15, "'add' works on numbers; 'word' is a string")],
    ),
    (
        "malformed expression, column inside it",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, if: n > }\n"},
        None,
        [("x.yaml", 6, 34, "in the condition: the expression ends too early")],
    ),
    (
        "ill-typed expression",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, if: n + 1}\n"},
        None,
        [("x.yaml", 6, 31, "this must be a condition (true/false), but it is a number")],
    ),
    (
        "comparison of a number with a string",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, if: word == n}\n"
        },
        None,
        [("x.yaml", 6, 36, "cannot compare a string with a number")],
    ),
    (
        "ill-typed '= expression' in an effect",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n"
            "      - set: {flag: '= n * 2'}\n    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 24, "in the value for 'flag': this must be a condition (true/false), but it is a number")],
    ),
    (
        "malformed template in a folded block",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: >\n      The first line\n"
            "      and {if flag}the second{end} and {n +} here.\n    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 44, "in the text: the expression ends too early")],
    ),
    (
        "anchor and alias",
        {"x.yaml": "vars:\n  first: &shared 1\n  second: *shared\n"},
        None,
        [
            ("x.yaml", 2, 10, "anchor '&shared' is not allowed"),
            ("x.yaml", 3, 11, "alias '*shared' is not allowed"),
        ],
    ),
    (
        "python object tag",
        {"x.yaml": "vars:\n  boom: !!python/object/apply:os.system ['id']\n"},
        None,
        [("x.yaml", 2, 9, "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")],
    ),
    (
        "local tag",
        {"x.yaml": "vars:\n  odd: !secret 3\n"},
        None,
        [("x.yaml", 2, 8, "tag '!secret' is not allowed")],
    ),
    (
        "binary tag",
        {"x.yaml": "vars:\n  blob: !!binary aGk=\n"},
        None,
        [("x.yaml", 2, 9, "tag 'tag:yaml.org,2002:binary' is not allowed")],
    ),
    (
        "duplicate choice ids",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n"
            "      - {text: one way, to: a}\n      - {text: another way, to: a}\n"
        },
        None,
        [("x.yaml", 7, 9, "scene 'c' has two choices with id 'a'; give each an explicit, different 'id'")],
    ),
    (
        "random choice without an id",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: roll, to: {a: 1, b: 1}}\n"},
        None,
        [("x.yaml", 6, 26, "a choice with random outcomes needs an explicit 'id'")],
    ),
    (
        "weights adding up to zero",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: r, id: r, to: {a: 0, b: 0}}\n"
        },
        None,
        [("x.yaml", 6, 30, "the weights of a random 'to' must add up to more than zero")],
    ),
    (
        "disabled without if",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, disabled: No.}\n"
        },
        None,
        [("x.yaml", 6, 27, "'disabled' explains a false 'if'; this choice has no 'if'")],
    ),
    (
        "ending with choices",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    ending: {title: Over}\n"
            "    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 2, 3, "ending scene 'c' has choices; an ending is where play stops")],
    ),
    (
        "non-ending scene without choices",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n"},
        None,
        [("x.yaml", 3, 5, "scene 'c' has no choices and is not an ending")],
    ),
    (
        "non-ending scene with an empty choices list",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices: []\n"},
        None,
        [("x.yaml", 5, 5, "scene 'c' has an empty 'choices' list and is not an ending")],
    ),
    (
        "two endings with one id",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    ending: {id: fin, title: Again}\n"},
        None,
        [("x.yaml", 2, 3, "ending id 'fin' is also used by scene 'b'")],
    ),
    (
        "second manifest",
        {"x.yaml": "story:\n  id: other\n"},
        None,
        [("x.yaml", 1, 1, "a second 'story' manifest; the story's manifest is in story.yaml")],
    ),
    (
        "variable declared twice",
        {"x.yaml": "vars:\n  n: 1\n"},
        None,
        [("x.yaml", 2, 3, "variable 'n' is declared twice (first at story.yaml:7)")],
    ),
    (
        "variable named like a built-in",
        {"x.yaml": "vars:\n  remaining: 3\n"},
        None,
        [("x.yaml", 2, 3, "'remaining' is a built-in name")],
    ),
    (
        "countdown effect without countdown settings",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n      - countdown: start\n"
            "    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 9, "a countdown effect, but the manifest has no 'countdown:' settings")],
    ),
    (
        "malformed countdown effect",
        {
            "x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    on_enter:\n      - countdown: pause\n"
            "    choices: [{text: go, to: a}]\n"
        },
        None,
        [("x.yaml", 6, 20, "countdown effects are 'countdown: start'")],
    ),
    (
        "bad scene id",
        {"x.yaml": "scenes:\n  bad-scene: {title: C, text: t, choices: [{text: go, to: a}]}\n"},
        None,
        [("x.yaml", 2, 3, "scene id 'bad-scene' must be letters, digits and underscores, starting with a letter")],
    ),
    (
        "bad variable id",
        {"x.yaml": "vars:\n  9lives: 9\n"},
        None,
        [("x.yaml", 2, 3, "variable name '9lives' must be letters, digits and underscores")],
    ),
    (
        "bad choice id",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    choices:\n      - {text: go, to: a, id: go left}\n"},
        None,
        [("x.yaml", 6, 31, "choice id 'go left' must be letters, digits and underscores")],
    ),
    (
        "bad ending id",
        {"x.yaml": "scenes:\n  c:\n    title: C\n    text: t\n    ending: {id: _x, title: X}\n"},
        None,
        [("x.yaml", 5, 18, "ending id '_x' must be letters, digits and underscores")],
    ),
    (
        "numeric scene id",
        {"x.yaml": "scenes:\n  12: {title: C, text: t, choices: [{text: go, to: a}]}\n"},
        None,
        [("x.yaml", 2, 3, "scene id must be text, not the number 12")],
    ),
    (
        "branch redefining a scene",
        {},
        {"more.yaml": "scenes:\n  a: {title: A, text: t, choices: [{text: go, to: b}]}\n"},
        [
            (
                "branches/more/more.yaml",
                2,
                3,
                "scene 'a' is defined twice (first at story.yaml:11); a branch adds to a scene with 'extend:'",
            )
        ],
    ),
    (
        "branch extending a missing scene",
        {},
        {"more.yaml": "extend:\n  aa:\n    text: More.\n"},
        [("branches/more/more.yaml", 2, 3, "cannot extend scene 'aa': it does not exist (did you mean 'a'?)")],
    ),
    (
        "branch with a manifest",
        {},
        {"more.yaml": "story:\n  id: mine\n"},
        [("branches/more/more.yaml", 1, 1, "a branch cannot have a 'story' manifest")],
    ),
    (
        "branch extension reusing a choice id",
        {},
        {"more.yaml": "extend:\n  a:\n    choices:\n      - {text: Go again, to: b}\n"},
        [("branches/more/more.yaml", 4, 9, "scene 'a' has two choices with id 'b'")],
    ),
]


@pytest.mark.parametrize(("files", "branch", "expected"), [row[1:] for row in ERRORS], ids=[row[0] for row in ERRORS])
def test_each_mistake_is_reported_where_it_is(
    tmp_path: Path, files: dict[str, str], branch: dict[str, str] | None, expected: list[tuple[str, int, int, str]]
) -> None:
    story = tmp_path / "story"
    write_tree(story, {"story.yaml": MANIFEST, **files})
    branches: tuple[Path, ...] = ()
    if branch is not None:
        # In the story's skipped branches/ folder, so its paths are relative to the story.
        write_tree(story / "branches" / "more", branch)
        branches = (story / "branches" / "more",)
    found = problems(story, branches)
    assert len(found) == len(expected), found
    for (path, line, col, message), (want_path, want_line, want_col, fragment) in zip(found, expected, strict=True):
        assert (path, line, col) == (want_path, want_line, want_col), message
        assert fragment in message


def test_the_base_story_of_the_table_is_clean(tmp_path: Path) -> None:
    write_tree(tmp_path, {"story.yaml": MANIFEST})
    story = load_story(tmp_path, use_cache=False)
    assert list(story.scenes) == ["a", "b"]


# --------------------------------------------------------------- all at once


def test_five_mistakes_give_five_sorted_lines() -> None:
    found = problems(FIXTURES / "loader_five")
    assert [(path, line, col) for path, line, col, _ in found] == [
        ("mistakes.yaml", 4, 22),
        ("mistakes.yaml", 7, 13),
        ("mistakes.yaml", 10, 15),
        ("mistakes.yaml", 12, 5),
        ("mistakes.yaml", 17, 20),
    ]
    assert "unknown variable 'trus' (did you mean 'trust'?)" in found[0][3]
    assert "target scene 'hal' does not exist (did you mean 'hall'?)" in found[1][3]
    assert "cost must be a number" in found[2][3]
    assert "unknown key 'titel' (did you mean 'title'?)" in found[3][3]
    assert "the expression ends too early" in found[4][3]


def test_errors_from_many_files_are_sorted_by_path_line_and_column(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "story.yaml": MANIFEST,
            "b/late.yaml": "vars:\n  x: [1]\n  y: {}\n",
            "a/early.yaml": "scenes:\n  c: {title: C, text: t, choices: [{text: go, to: zz}]}\n",
            "a/empty.yaml": "",
        },
    )
    found = problems(tmp_path)
    assert [(path, line, col) for path, line, col, _ in found] == [
        ("a/early.yaml", 2, 51),
        ("a/empty.yaml", 1, 1),
        ("b/late.yaml", 2, 6),
        ("b/late.yaml", 3, 6),
    ]


def test_a_flood_of_mistakes_in_one_file_is_capped(tmp_path: Path) -> None:
    lines = "".join(f"  v{index}: [1]\n" for index in range(MAX_ERRORS_PER_FILE + 50))
    write_tree(tmp_path, {"story.yaml": MANIFEST, "many.yaml": "vars:\n" + lines})
    found = problems(tmp_path)
    assert len(found) == MAX_ERRORS_PER_FILE + 1
    assert any("50 more problems in this file" in message for *_, message in found)


# ------------------------------------------------------------- finding files


def test_nested_folders_are_read_and_paths_are_relative() -> None:
    story = load_story(FIXTURES / "loader_nested", use_cache=False)
    assert set(story.scenes) == {"hall", "cellar"}
    assert story.scenes["cellar"].source.path == "acts/one/deeper/cellar.yml"
    assert story.files == ("story.yaml", "acts/one/hall.yaml", "acts/one/deeper/cellar.yml")


def test_the_branches_folder_is_skipped_and_branch_merges_on_top() -> None:
    root = FIXTURES / "loader_nested"
    story = load_story(root, [root / "branches" / "epilogue"], use_cache=False)
    assert set(story.scenes) == {"hall", "cellar", "garden"}
    hall = story.scenes["hall"]
    assert [choice.id for choice in hall.choices] == ["cellar", "garden"]
    assert hall.text.source == "A long hall.\n\nA door you had not noticed stands open."
    assert "lantern" in story.variables
    assert story.scenes["garden"].source.path == "branches/epilogue/epilogue.yaml"


def test_a_broken_branch_is_reported_only_when_loaded() -> None:
    root = FIXTURES / "loader_nested"
    found = problems(root, (root / "branches" / "broken",))
    assert [(path, line, col) for path, line, col, _ in found] == [("branches/broken/broken.yaml", 3, 3)]
    assert "scene 'hall' is defined twice" in found[0][3]


def test_a_branch_outside_the_story_keeps_its_own_path(tmp_path: Path) -> None:
    write_tree(tmp_path / "story", {"story.yaml": MANIFEST})
    write_tree(tmp_path / "elsewhere", {"more.yaml": "extend:\n  zz:\n    text: More.\n"})
    found = problems(tmp_path / "story", (tmp_path / "elsewhere",))
    assert found[0][:3] == ((tmp_path / "elsewhere").as_posix() + "/more.yaml", 2, 3)


def test_no_manifest_anywhere(tmp_path: Path) -> None:
    write_tree(tmp_path, {"only.yaml": "vars:\n  n: 1\n"})
    assert problems(tmp_path) == [
        (
            "only.yaml",
            1,
            1,
            "no 'story:' manifest in any file; one file must have 'story:' with id, title, version and start",
        )
    ]


def test_a_missing_story_directory(tmp_path: Path) -> None:
    found = problems(tmp_path / "nothing")
    assert len(found) == 1
    assert "no such story directory" in found[0][3]


def test_an_empty_story_directory(tmp_path: Path) -> None:
    assert problems(tmp_path) == [(tmp_path.as_posix(), 1, 1, "no .yaml story files in this directory")]


# -------------------------------------------------- positions inside scalars

POSITIONS = [
    ("plain", "key: n +\n", 1, 9),
    ("plain continued", "key: first\n  then n +\n", 2, 11),
    ("double quoted", 'key: "n +"\n', 1, 10),
    ("double quoted escapes", 'key: "\\t\\u00e9\\x41 n +"\n', 1, 23),
    ("double quoted escaped break", 'key: "a\\\n  b n +"\n', 2, 8),
    ("single quoted", "key: 'it''s n +'\n", 1, 16),
    ("literal", "key: |\n  one\n  two n +\n", 3, 10),
    ("literal after a blank line", "key: |\n  one\n\n  two n +\n", 4, 10),
    ("literal with a more indented line", "key: |\n  one\n    two n +\n", 3, 12),
    ("literal with an indentation indicator", "key: |2\n    two n +\n", 2, 12),
    ("folded", "key: >\n  one\n  two n +\n", 3, 10),
    ("folded after a blank line", "key: >-\n  one\n\n  two n +\n", 4, 10),
    ("windows line ends", "key: >\r\n  one\r\n  two n +\r\n", 3, 10),
]


@pytest.mark.parametrize(("document", "line", "col"), [row[1:] for row in POSITIONS], ids=[r[0] for r in POSITIONS])
def test_an_offset_in_a_value_maps_to_its_place_in_the_file(document: str, line: int, col: int) -> None:
    root, found = read_yaml(document)
    assert not found
    assert isinstance(root, YMap)
    scalar = root.items[0][1]
    assert isinstance(scalar, YScalar) and isinstance(scalar.value, str)
    end_of_plus = scalar.value.rindex("+") + 1
    assert scalar_position(source_lines(document), scalar, end_of_plus) == (line, col)


_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="@\x00", exclude_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=_TEXT,
    after=_TEXT,
    style=st.sampled_from([None, '"', "'", "|", ">"]),
    width=st.integers(10, 80),
)
def test_a_marker_in_any_scalar_is_found_where_it_was_written(
    before: str, after: str, style: str | None, width: int
) -> None:
    value = before + "@" + after
    document = yaml.safe_dump({"key": value}, default_style=style, width=width, allow_unicode=True)
    root, found = read_yaml(document)
    if found or not isinstance(root, YMap):
        return  # the dumper may write what our reader refuses; nothing to locate
    scalar = root.items[0][1]
    if not isinstance(scalar, YScalar) or not isinstance(scalar.value, str) or "@" not in scalar.value:
        return
    lines = source_lines(document)
    line, col = scalar_position(lines, scalar, scalar.value.index("@"))
    assert lines[line - 1][col - 1] == "@", (document, line, col)


# -------------------------------------------------------------- the command


def run_check(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run ``exception check`` as a user would, in a fresh interpreter."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "game", "check", "--no-cache", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_check_prints_one_line_per_problem_and_exits_1() -> None:
    result = run_check(str(FIXTURES / "loader_five"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        "mistakes.yaml:4:22: in the text: unknown variable 'trus' (did you mean 'trust'?); declare it under 'vars'",
        "mistakes.yaml:7:13: target scene 'hal' does not exist (did you mean 'hall'?)",
        "mistakes.yaml:10:15: cost must be a number, not text",
        "mistakes.yaml:12:5: scene 'hall': unknown key 'titel' (did you mean 'title'?);"
        " known keys: title, text, on_enter, choices, ending, expires",
        "mistakes.yaml:17:20: in the condition: the expression ends too early",
    ]
    assert lines[-1].startswith("5 errors in ")
    assert "Traceback" not in result.stderr


def test_check_exits_0_on_a_clean_story() -> None:
    result = run_check(str(FIXTURES / "loader_nested"), "--branch", str(FIXTURES / "loader_nested/branches/epilogue"))
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout
    assert result.stderr == ""


def test_check_exits_2_on_a_usage_error() -> None:
    result = run_check("--no-such-option")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr
