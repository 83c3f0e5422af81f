"""The studio's pure parts: loading with overrides, the parse memo, completion, values, the scene at a
line, replaying a log on an edited story, new-branch plans, ``--open FILE:LINE``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from game.commands.studio import parse_open
from game.engine import Story, StoryLoadError, load_story
from game.story.incremental import YamlMemo
from game.studio.branching import BranchPlan, branch_yaml, create_branch, plan_problems
from game.studio.checker import StoryChecker
from game.studio.completion import complete
from game.studio.journal import BufferJournal
from game.studio.playthrough import Playthrough, play_witness
from game.studio.story_index import links, scene_at
from game.studio.values import parse_value
from game.studio.workspace import Workspace

STORY = ROOT / "story"


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY, use_cache=False)


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    target = tmp_path / "story"
    shutil.copytree(STORY, target, ignore=shutil.ignore_patterns("branches"))
    return target


def test_overrides_replace_a_file_without_touching_the_disk(story_copy: Path) -> None:
    path = story_copy / "endings.yaml"
    before = path.read_bytes()
    broken = before.replace(b"scenes:", b"scenes:\n  oops: [", 1)
    with pytest.raises(StoryLoadError) as failure:
        load_story(story_copy, use_cache=False, overrides={path.resolve(): broken})
    assert "endings.yaml" in {error.path for error in failure.value.errors}
    assert path.read_bytes() == before
    load_story(story_copy, use_cache=False)  # the file on disk still loads


def test_only_the_changed_file_is_parsed_again(story_copy: Path) -> None:
    workspace = Workspace(story_copy)
    checker = StoryChecker(workspace.story, lambda: (), workspace.locate)
    files = len(workspace.files(workspace.story, branch=False))
    assert checker.check({}).story is not None
    assert checker.files_parsed == files
    buffer = workspace.open(story_copy / "lewis.yaml")
    buffer.text += "\n# an edit\n"
    result = checker.check(workspace.overrides())
    assert result.story is not None
    assert checker.files_parsed == files + 1
    assert checker.check(workspace.overrides()).story is not None
    assert checker.files_parsed == files + 1


def test_the_memo_forgets_texts_no_longer_used() -> None:
    memo = YamlMemo()
    memo("a: 1\n")
    memo.forget_unused()
    memo("a: 2\n")
    memo.forget_unused()
    memo("a: 1\n")
    assert memo.parsed == 3


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("      to: the_po", "ds"),  # a choice's target: scene ids
        ("    expires: endi", None),  # some scene starting so
        ("  visited(wak", "ing"),
        ("  - set: {has_over", "ride"),  # effect keys: variable names
        ("  - add: {a1_at_lid: 1, a2_has_med", "kit"),
        ("      if: not a1_at_l", "id"),  # expressions: variable names
        ("      {if a1_shie", "lded"),
        ("      tit", "le"),  # format keys
        ("    on_en", "ter"),
        ("      text: some prose", None),
        ("", None),
    ],
)
def test_completion_table(before: str, expected: str | None, story: Story) -> None:
    found = complete(before, story)
    if expected is None:
        assert all(not before or (before + rest).split()[-1] in story.scenes for rest in found)
    else:
        assert found and found[0] == expected


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [("true", "bool", True), ("No", "bool", False), ("3", "num", 3), ("2.5", "num", 2.5), (" x ", "str", " x ")],
)
def test_values_are_parsed_by_type(text: str, kind: str, value: object) -> None:
    assert parse_value(text, kind) == value
    assert type(parse_value(text, kind)) is type(value)


@pytest.mark.parametrize(("text", "kind"), [("maybe", "bool"), ("3x", "num"), ("inf", "num"), ("1e400", "num")])
def test_bad_values_say_what_is_expected(text: str, kind: str) -> None:
    with pytest.raises(ValueError, match=text):
        parse_value(text, kind)


def test_the_scene_at_a_line(story: Story) -> None:
    lines = (STORY / "act1_printing.yaml").read_text(encoding="utf-8").splitlines()
    waking = lines.index("  waking:") + 1
    assert scene_at(story, "act1_printing.yaml", waking) == "waking"
    assert scene_at(story, "act1_printing.yaml", waking + 5) == "waking"
    assert scene_at(story, "act1_printing.yaml", 1) is None
    assert scene_at(story, "no_such.yaml", waking) is None


def test_links_in_and_out(story: Story) -> None:
    found = {(link.direction, link.scene, link.choice) for link in links(story, "the_pods")}
    assert ("in", "waking", "the_pods") in found
    assert any(direction == "out" for direction, _, _ in found)
    assert links(story, "no_such_scene") == []


def test_a_log_that_still_fits_is_replayed_to_the_same_place(story: Story) -> None:
    playthrough = Playthrough(story)
    playthrough.game.choose("the_pods")
    fit = playthrough.replay_on(load_story(STORY, use_cache=False))
    assert fit.fits and fit.turn == 1
    assert playthrough.game.scene.id == "the_pods"


def test_a_choice_that_now_leads_elsewhere_is_named(story_copy: Path) -> None:
    story = load_story(story_copy, use_cache=False)
    playthrough = Playthrough(story)
    playthrough.game.choose("the_pods")
    path = story_copy / "act1_printing.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "      - text: Climb out of the pod\n        to: the_pods",
        "      - text: Climb out of the pod\n        id: the_pods\n        to: mack_wakes",
        1,
    )
    edited = load_story(story_copy, use_cache=False, overrides={path.resolve(): text.encode()})
    fit = playthrough.replay_on(edited)
    assert not fit.fits
    assert "now leads to 'mack_wakes', not 'the_pods'" in fit.reason
    assert playthrough.game.scene.id == "waking"


def test_play_from_here_uses_exactly_the_chosen_values(story: Story) -> None:
    playthrough = Playthrough(story, scene="the_pods", values={"a1_at_lid": True})
    state = playthrough.game.state
    assert state.scene == "the_pods"
    assert state.vars["a1_at_lid"] is True
    assert state.vars["has_override"] == story.variables["has_override"].initial  # waking's entry effects not run


def test_a_witness_that_no_longer_fits_says_where_it_stops(story: Story) -> None:
    playthrough, problem = play_witness(story, None, ("the_pods", "no_such_choice"))
    assert problem is not None and "choice 2" in problem
    assert playthrough.game.scene.id == "the_pods"


def test_a_branch_plan_is_written_and_loads(story_copy: Path) -> None:
    story = load_story(story_copy, use_cache=False)
    plan = BranchPlan("side", "the_pods", 'Say "hello"', "sd_first", "First: Light", "One line.\nTwo: lines.", "Back")
    assert plan_problems(plan, story, story_copy / "branches") == []
    path = create_branch(plan, story, story_copy, story_copy / "branches")
    assert path.read_text(encoding="utf-8") == branch_yaml(plan, story)
    loaded = load_story(story_copy, [path.parent], use_cache=False)
    assert loaded.scenes["sd_first"].title.source == "First: Light"
    assert plan_problems(plan, story, story_copy / "branches")[0].startswith(str(story_copy / "branches" / "side"))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"name": "9lives"}, "branch name"),
        ({"hook": "nowhere"}, "no scene 'nowhere'"),
        ({"scene": "waking"}, "already"),
        ({"title": "  "}, "the title is empty"),
    ],
)
def test_bad_branch_plans_are_refused_with_reasons(change: dict[str, str], problem: str, story: Story) -> None:
    values = {
        "name": "ok",
        "hook": "waking",
        "choice_text": "Go",
        "scene": "ok_one",
        "title": "T",
        "opening": "x",
        "back_text": "Back",
    }
    plan = BranchPlan(**{**values, **change})
    assert any(problem in found for found in plan_problems(plan, story, Path("/nonexistent")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("act1_printing.yaml:30", ("act1_printing.yaml", 30)),
        ("endings.yaml", ("endings.yaml", 1)),
        ("lewis.yaml:0", ("lewis.yaml", 1)),
    ],
)
def test_open_file_and_line(value: str, expected: tuple[str, int]) -> None:
    path, line = parse_open(value, STORY)
    assert (path, line) == (STORY / expected[0], expected[1])


def test_the_journal_round_trips_and_clears(tmp_path: Path, story_copy: Path) -> None:
    journal = BufferJournal(tmp_path, story_copy)
    texts = {(story_copy / "lewis.yaml").resolve(): "é\n"}
    journal.write(texts)
    assert journal.read().buffers == texts
    journal.write({})
    assert not journal.path.exists()
    assert journal.read().buffers == {}
