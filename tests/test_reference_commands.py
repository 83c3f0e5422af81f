"""``exception scenes`` and ``exception vars``: the map of a story's hook points."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, STORY

from game.engine import load_story
from game.story.expressions import TypeEnv, parse_template
from game.story.model import AddVar, SetVar, Story
from game.tools.reference import (
    FORMAT,
    USE_KINDS,
    SceneEntry,
    VariableEntry,
    act_of,
    points_of_view,
    positions_of,
    read_positions,
    readable_text,
    scene_reference,
    scenes_as_json,
    variable_reference,
    variables_as_json,
)

REFERENCE = FIXTURES / "reference"
SIDE = REFERENCE / "branches" / "side"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(REFERENCE, [SIDE], use_cache=False)


@pytest.fixture(scope="module")
def scenes(story: Story) -> dict[str, SceneEntry]:
    return {entry.id: entry for entry in scene_reference(story, read_positions(REFERENCE, [SIDE]))}


@pytest.fixture(scope="module")
def variables(story: Story) -> dict[str, VariableEntry]:
    return {entry.name: entry for entry in variable_reference(story, read_positions(REFERENCE, [SIDE]))}


def run(*arguments: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": str(columns)},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("Plain words", "Plain words"),
        ("{if visited(hold)}Go back{else}Climb in{end}", "Go back / Climb in"),
        ("{if a}One{elif b}Two{else}Three{end}", "One / Two / Three"),
        ("Forward{if not b} (someone ran){end}", "Forward (someone ran)"),
        ("Wait {n} min", "Wait ‹n› min"),
        ("{if a}{if b}Deep{else}Shallow{end}{else}Out{end}", "Deep / Shallow / Out"),
        ("Say {{hello}}", "Say {hello}"),
        ("  Two\n  lines  ", "Two lines"),
    ],
)
def test_readable_text_has_no_template_syntax(source: str, shown: str) -> None:
    env = TypeEnv({"a": "bool", "b": "bool", "n": "num"}, frozenset({"hold"}))
    assert readable_text(parse_template(source, env)) == shown


@pytest.mark.parametrize(
    ("path", "act"),
    [("act1_printing.yaml", "1"), ("acts/Act-12 the end.yml", "12"), ("lewis.yaml", None), ("react3.yaml", None)],
)
def test_the_act_comes_from_the_file_name(path: str, act: str | None) -> None:
    assert act_of(path) == act


def test_scenes_say_where_they_are_and_what_marks_them(scenes: dict[str, SceneEntry]) -> None:
    dock = scenes["dock"]
    assert (str(dock.source), dock.title, dock.act, dock.pov, dock.start) == (
        "act1_dock.yaml:2:3",
        "The Dock",
        "1",
        ("ada",),
        True,
    )
    assert scenes["hold"].title == "Hold ‹trust›"
    assert scenes["hold"].on_enter_countdown == ("start",)
    assert (scenes["ghost_room"].act, scenes["ghost_room"].pov, scenes["ghost_room"].expires) == (
        "2",
        ("ghost",),
        "escaped",
    )
    # The expiry from the ghost's room carries its point of view into the ending.
    assert scenes["escaped"].pov == ("ada", "ghost")
    assert scenes["escaped"].ending == ("out", "Escaped", "hopeful")
    assert scenes["side"].act is None and scenes["side"].source.path == "branches/side/side.yaml"
    assert [entry.start for entry in scenes.values()].count(True) == 1


def test_ways_in_name_choices_expiries_the_start_and_extensions(scenes: dict[str, SceneEntry]) -> None:
    def ways(scene: str) -> list[tuple[str, str | None, str | None, str | None]]:
        return [
            (way.kind, way.scene, way.choice, f"{way.source.path}:{way.source.line}" if way.source else None)
            for way in scenes[scene].ways_in
        ]

    assert ways("dock") == [
        ("start", None, None, None),
        ("choice", "dock", "light", "act1_dock.yaml:11"),
        ("choice", "hold", "trust_it", "act1_dock.yaml:28"),
        ("choice", "ghost_room", "back", "act2_ghost.yaml:9"),
        ("choice", "side", "side_back", "branches/side/side.yaml:20"),
        ("extension", None, None, "branches/side/side.yaml:6"),
    ]
    assert ways("escaped") == [
        ("choice", "hold", "roll", "act1_dock.yaml:34"),
        ("expiry", "ghost_room", None, "act2_ghost.yaml:2"),
    ]
    assert ways("suffocated") == [("choice", "hold", "roll", "act1_dock.yaml:34"), ("expiry", None, None, None)]
    assert [way.text for way in scenes["hold"].ways_in] == ["Go back to the hold / Climb into the hold"]


def test_ways_out_carry_targets_guards_costs_and_the_clock(scenes: dict[str, SceneEntry]) -> None:
    exits = {exit_.choice: exit_ for exit_ in scenes["dock"].exits}
    assert list(exits) == ["to_hold", "light", "listen", "pry"]
    assert (exits["to_hold"].text, exits["to_hold"].cost, exits["to_hold"].targets) == (
        "Go back to the hold / Climb into the hold",
        2,
        (("hold", 1.0),),
    )
    assert exits["light"].once and exits["light"].guard is None
    assert (exits["listen"].guard, exits["listen"].disabled) == ("lamp", "It is too dark to listen.")
    assert (exits["pry"].cost, exits["pry"].source.path) == (4, "branches/side/side.yaml")
    roll = scenes["hold"].exits[1]
    assert roll.targets == (("escaped", 0.75), ("suffocated", 0.25))


def test_point_of_view_needs_a_text_variable_named_pov() -> None:
    assert points_of_view(load_story(FIXTURES / "mini")) == {}


def _uses(entry: VariableEntry, reads: bool) -> list[tuple[str, str, str]]:
    found = entry.read_at if reads else entry.set_at
    return [(use.what, f"{use.source.path}:{use.source.line}" if use.source else "-", use.detail) for use in found]


def test_variables_list_type_start_comment_and_every_set(variables: dict[str, VariableEntry]) -> None:
    trust = variables["trust"]
    assert (trust.type, trust.initial, str(trust.source)) == ("num", 0, "story.yaml:29:3")
    assert trust.comment == "Ada's trust in the ghost, from 0 to 5."  # two comment lines, joined
    assert variables["ada_alive"].comment == ""  # a blank line parts it from the comment above
    assert variables["lamp"].comment == "The hand lamp, lit or not."
    assert variables["side_seen"].comment == "Ada found the side hatch."
    assert _uses(trust, reads=False) == [
        ("effect", "act1_dock.yaml:33", "+ 1"),
        ("effect", "act2_ghost.yaml:13", "= min(5, trust + 2)"),
    ]
    assert _uses(variables["pov"], reads=False) == [
        ("effect", "act2_ghost.yaml:5", '= "ghost"'),
        ("effect", "act2_ghost.yaml:13", '= "ada"'),
    ]
    assert _uses(variables["ada_alive"], reads=False) == []


def test_variables_list_every_read_at_its_line(variables: dict[str, VariableEntry]) -> None:
    assert _uses(variables["trust"], reads=True) == [
        ("crew stat", "story.yaml:12", "trust"),
        ("crew stat", "story.yaml:13", "trust > 2"),
        ("title", "act1_dock.yaml:23", "trust"),
        ("text", "act1_dock.yaml:26", "trust"),
        ("guard", "act1_dock.yaml:28", "trust < 5"),
        ("effect", "act2_ghost.yaml:13", "min(5, trust + 2)"),
        ("text", "branches/side/side.yaml:18", "trust"),
    ]
    assert _uses(variables["pov"], reads=True) == [("ui class", "story.yaml:22", 'pov == "ghost"')]
    assert _uses(variables["ada_alive"], reads=True) == [("crew alive", "story.yaml:10", "ada_alive")]
    # Text a branch adds to a scene is read at the branch's line, not the scene's.
    assert _uses(variables["side_seen"], reads=True) == [("extension text", "branches/side/side.yaml:6", "side_seen")]
    assert _uses(variables["lamp"], reads=True) == [
        ("text", "act1_dock.yaml:4", "lamp"),
        ("guard", "act1_dock.yaml:17", "lamp"),
    ]
    crew = variables["trust"].read_at[0]
    assert (crew.name, crew.stat) == ("ada", "Trust")


def test_without_positions_reads_fall_back_to_the_scene(story: Story) -> None:
    lamp = {entry.name: entry for entry in variable_reference(story)}["lamp"]
    assert _uses(lamp, reads=True) == [("text", "act1_dock.yaml:2", "lamp"), ("guard", "act1_dock.yaml:17", "lamp")]
    trust = {entry.name: entry for entry in variable_reference(story)}["trust"]
    assert trust.read_at[0].source is None and trust.comment == ""
    assert all(way.kind != "extension" for entry in scene_reference(story) for way in entry.ways_in)


def test_a_file_gone_since_loading_only_loses_its_positions(tmp_path: Path) -> None:
    copy = tmp_path / "story"
    shutil.copytree(REFERENCE, copy)
    story = load_story(copy, use_cache=False)
    (copy / "act1_dock.yaml").unlink()
    (copy / "act2_ghost.yaml").unlink()
    (copy / "act2_ghost.yaml").mkdir()  # a folder now stands where a file was read
    entries = {entry.name: entry for entry in variable_reference(story, read_positions(copy))}
    assert _uses(entries["lamp"], reads=True)[0] == ("text", "act1_dock.yaml:2", "lamp")
    assert entries["trust"].comment == "Ada's trust in the ghost, from 0 to 5."


def test_the_bundled_story_reference_is_complete() -> None:
    story = load_story(STORY)
    positions = read_positions(STORY)
    scenes = scene_reference(story, positions)
    assert [entry.id for entry in scenes] == list(story.scenes)
    variables = variable_reference(story, positions)
    assert [entry.name for entry in variables] == list(story.variables)
    effects = [
        effect
        for scene in story.scenes.values()
        for effect in (*scene.on_enter, *(e for choice in scene.choices for e in choice.effects))
        if isinstance(effect, SetVar | AddVar)
    ]
    assert sum(len(entry.set_at) for entry in variables) == len(effects)
    assert all(use.what in USE_KINDS and use.source is not None for entry in variables for use in entry.read_at)
    comments = {entry.name: entry.comment for entry in variables}
    # A comment over a run of declarations speaks for each of them; a blank line ends the run.
    assert comments["trust_oscar"] == comments["trust_mack"] != ""
    assert comments["pov"] == 'Whose eyes the player is behind: "nina" or "lewis".'
    assert comments["lights"].startswith("The crew decks' lights.")
    assert comments["nina_alive"] == ""
    # Acts from the file names, point of view from the 'pov' variable.
    assert {entry.act for entry in scenes} == {"1", "2", "3", None}
    assert {view for entry in scenes for view in entry.pov} == {"nina", "lewis"}
    assert next(entry for entry in scenes if entry.id == "lewis_dark").pov == ("lewis",)
    assert next(entry for entry in scenes if entry.id == "blackout").on_enter_countdown == ("start",)


SCENE_KEYS = {
    "id", "title", "file", "line", "act", "pov", "start", "ending", "expires", "on_enter_countdown", "in", "out",
}  # fmt: skip
WAY_KEYS = {"kind", "scene", "choice", "text", "file", "line"}
EXIT_KEYS = {"choice", "text", "targets", "guard", "disabled", "cost", "once", "countdown", "file", "line"}
VARIABLE_KEYS = {"name", "type", "initial", "file", "line", "comment", "set", "read"}
USE_KEYS = {"file", "line", "what", "scene", "choice", "name", "stat", "detail"}


def test_scenes_json_has_the_documented_shape() -> None:
    done = run("scenes", str(REFERENCE), "--branch", str(SIDE), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"format", "story", "start", "countdown_expires", "scenes"}
    assert (data["format"], data["start"], data["countdown_expires"]) == (FORMAT, "dock", "suffocated")
    for scene in data["scenes"]:
        assert set(scene) == SCENE_KEYS
        assert all(set(way) == WAY_KEYS for way in scene["in"])
        assert all(set(exit_) == EXIT_KEYS for exit_ in scene["out"])
    hold = next(scene for scene in data["scenes"] if scene["id"] == "hold")
    assert hold["out"][1]["targets"] == [{"scene": "escaped", "chance": 0.75}, {"scene": "suffocated", "chance": 0.25}]
    assert data == json.loads(json.dumps(scenes_as_json(load_story(REFERENCE, [SIDE]), [], ""))) | {
        "story": str(REFERENCE),
        "scenes": data["scenes"],
    }


def test_vars_json_has_the_documented_shape() -> None:
    done = run("vars", "--story", str(REFERENCE), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"format", "story", "variables"} and data["format"] == FORMAT
    for variable in data["variables"]:
        assert set(variable) == VARIABLE_KEYS
        assert all(set(use) == USE_KEYS for use in variable["set"] + variable["read"])
    lamp = next(variable for variable in data["variables"] if variable["name"] == "lamp")
    assert lamp["set"] == [
        {
            "file": "act1_dock.yaml",
            "line": 16,
            "what": "effect",
            "scene": "dock",
            "choice": "light",
            "name": None,
            "stat": None,
            "detail": "= true",
        }
    ]
    assert variables_as_json([], "x") == {"format": FORMAT, "story": "x", "variables": []}


@pytest.mark.parametrize("command", ["scenes", "vars"])
def test_the_human_report_fits_80_columns(command: str) -> None:
    done = run(command, "--branch", str(STORY / "branches" / "galley_tally"), columns=80)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert len(lines) > 500


def test_the_human_reports_read_as_an_author_needs() -> None:
    scenes = run("scenes", str(REFERENCE), "--branch", str(SIDE)).stdout
    assert "== act1_dock.yaml (act 1) ==" in scenes
    assert "dock · The Dock\n  act1_dock.yaml:2 · pov ada · the story starts here\n" in scenes
    assert "       extended by branches/side/side.yaml:6\n" in scenes
    assert "  out  Go back to the hold / Climb into the hold → hold [costs 2 min]\n" in scenes
    assert "       Listen for the ghost → ghost_room [if lamp]\n" in scenes
    assert "Roll the dice → escaped 75% | suffocated 25%" in scenes
    assert "  act2_ghost.yaml:2 · pov ghost · when the countdown runs out here: → escaped\n" in scenes
    assert "on entering, the countdown: start" in scenes
    assert "the countdown runs out (any scene)" in scenes
    variables = run("vars", str(REFERENCE), "--branch", str(SIDE)).stdout
    assert "trust · number, starts 0\n  story.yaml:29\n  Ada's trust in the ghost, from 0 to 5.\n" in variables
    assert "  set  act1_dock.yaml:33 hold › trust_it: + 1\n" in variables
    assert "  read story.yaml:12 crew ada stat 'Trust': trust\n" in variables
    assert "       act2_ghost.yaml:13 ghost_room › back effect: min(5, trust + 2)\n" in variables
    assert "  read branches/side/side.yaml:6 dock extension text: side_seen\n" in variables
    assert "ada_alive · true/false, starts true\n  story.yaml:31\n  set  never" in variables


@pytest.mark.parametrize("command", ["scenes", "vars"])
def test_a_story_that_does_not_load_is_its_errors_and_exit_1(command: str, tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("story: {id: x, title: X, version: '1', start: nowhere}\n", encoding="utf-8")
    done = run(command, str(tmp_path))
    assert done.returncode == 1
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert "start scene 'nowhere' does not exist" in done.stderr


@pytest.mark.parametrize(
    ("declaration", "comment"),
    [
        ("  seen: false            # set when Ada looks", "set when Ada looks"),
        ('  word: "a # b"  # the last word', "the last word"),
        ("  word: 'it''s # quoted'", ""),
        ("  tag: a#b", ""),
        ("  count: 3", ""),
        ("  # note\n  both: 1  # and more", "note and more"),
    ],
)
def test_a_comment_after_the_value_describes_the_variable(declaration: str, comment: str) -> None:
    text = "vars:\n" + declaration + "\n"
    name = declaration.splitlines()[-1].split(":")[0].strip()
    assert positions_of([("f.yaml", text)]).comments.get(name, "") == comment


def test_the_guide_documents_every_command_and_every_json_field() -> None:
    from game.cli import COMMANDS

    guide = (STORY / "README.md").read_text(encoding="utf-8")
    tools = guide[guide.index("## The tools") : guide.index("## A worked example")]
    for command in COMMANDS:
        assert f"`exception {command}" in tools, command
    shapes = tools[tools.index("scenes --json:") :]
    for key in SCENE_KEYS | WAY_KEYS | EXIT_KEYS | VARIABLE_KEYS | USE_KEYS | {"format", "countdown_expires"}:
        assert f'"{key}"' in shapes, key
    for kind in USE_KINDS:
        assert f"`{kind}`" in tools, kind


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("scenes:\n  a:\n    title: A\n    text: Hi.\n", (3, 12), (4, 11)),
        ("---\nscenes:\n  # first\n  a:\n\n    title: A\n    text: |\n      text: not a key\n", (6, 12), (7, 11)),
        (
            'scenes:\n  "a":\n    "title":   A\n    choices:\n      - text: Go\n        to: a\n    text: Hi.\n',
            (3, 16),
            (7, 11),
        ),
        ("scenes:\n  a: {title: A, text: Hi.}\n", None, None),
        ("scenes:\n    a:\n        text: >-\n            Hi.\n        title: A\n", (5, 16), (3, 15)),
        ("scenes:\r\n  a:\r\n    title: A\r\n    text: Hi.\r\n", (3, 12), (4, 11)),
    ],
)
def test_scene_fields_are_found_by_their_lines(
    text: str, title: tuple[int, int] | None, body: tuple[int, int] | None
) -> None:
    positions = positions_of([("f.yaml", text)])
    found_title = positions.titles.get("a")
    found_text = positions.texts.get("a")
    assert (found_title.line, found_title.col) == title if found_title else title is None
    assert (found_text.line, found_text.col) == body if found_text else body is None


def test_the_line_positions_agree_with_the_yaml_reader() -> None:
    """Every title and text of the bundled story: where the lines say is where the YAML value starts."""
    from game.story.yamlread import YMap, read_yaml

    for path in sorted(STORY.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        positions = positions_of([(path.name, text)])
        root, _ = read_yaml(text)
        assert isinstance(root, YMap)
        scenes = dict((key.value, value) for key, value in root.items).get("scenes")
        if not isinstance(scenes, YMap):
            continue
        for key, scene in scenes.items:
            assert isinstance(scene, YMap)
            fields = {field.value: value for field, value in scene.items}
            for name, found in (("title", positions.titles), ("text", positions.texts)):
                node = fields[name]
                assert (found[str(key.value)].line, found[str(key.value)].col) == (node.line, node.col), (path, key)


@pytest.mark.parametrize("arguments", [["scenes"], ["vars"], ["scenes", "--json"], ["vars", "--json"]])
def test_the_reports_print_on_an_ascii_stream(arguments: list[str]) -> None:
    """Under ``LC_ALL=C`` the arrows and the story's quotes become '?', nothing else changes, no traceback."""
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "LANG")}
    wide = subprocess.run(
        [sys.executable, "-m", "game", *arguments, str(REFERENCE)],
        capture_output=True,
        cwd=ROOT,
        env={**environment, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1", "COLUMNS": "80"},
        timeout=120,
        check=False,
    )
    narrow = subprocess.run(
        [sys.executable, "-m", "game", *arguments, str(REFERENCE)],
        capture_output=True,
        cwd=ROOT,
        env={**environment, "LC_ALL": "C", "PYTHONUTF8": "0", "COLUMNS": "80"},
        timeout=120,
        check=False,
    )
    assert wide.returncode == narrow.returncode == 0, narrow.stderr
    assert b"Traceback" not in narrow.stderr
    replaced = wide.stdout.decode("utf-8").encode("ascii", "replace")
    assert narrow.stdout == replaced


def test_name_chooses_what_the_reports_show() -> None:
    scenes = run("scenes", str(REFERENCE), "--name", "d*", "--name", "hold")
    assert scenes.returncode == 0, scenes.stderr
    assert scenes.stdout.splitlines()[0].endswith("'Reference' 1: 2 of 5 scenes")
    assert "\ndock · The Dock\n" in scenes.stdout and "\nhold · " in scenes.stdout
    assert "ghost_room ·" not in scenes.stdout
    data = json.loads(run("vars", str(REFERENCE), "--json", "--name", "pov", "--name", "l*").stdout)
    assert [variable["name"] for variable in data["variables"]] == ["pov", "lamp"]
    nothing = run("vars", str(REFERENCE), "--name", "nope*")
    assert nothing.returncode == 1 and nothing.stdout == ""
    assert nothing.stderr == "exception vars: nothing is named 'nope*'; run without --name to see every name\n"
