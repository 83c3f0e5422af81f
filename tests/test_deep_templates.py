"""What passes ``check --deep`` plays: every text is drawn in every state the tools visit.

A template that fails at run time (``{10 % left}`` once ``left`` is 0) is an
error of ``check --deep`` and of ``test --random``, with its witness, at the
file:line:col of the text that failed: the branch's file when a branch added
the text with ``extend:``. Play names the same place. The guarantee is also
tested as a property on generated stories: no state play can reach raises
unless the deep check reported that very error.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from game.cli import main
from game.engine import Game, Story, StoryLoadError, StoryRuntimeError, load_story
from game.saves import read_save
from game.tools.explore import deep_check
from game.tools.playtest import random_playtests

STORY = FIXTURES / "deep_templates"
TEXT_BRANCH = FIXTURES / "deep_templates_branch"
GUARD_BRANCH = FIXTURES / "deep_templates_guard"


def _located(branch: Path, fragment: str) -> str:
    """``path:line:col`` of the block text in ``branch``'s only file that holds ``fragment``: its '|'."""
    (path,) = branch.glob("*.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(index for index, line in enumerate(lines, start=1) if fragment in line)
    while not lines[number - 1].rstrip().endswith("|"):
        number -= 1
    return f"{branch.as_posix()}/{path.name}:{number}:{lines[number - 1].index('|') + 1}"


def test_a_branch_text_that_fails_is_a_deep_error_at_the_branch_line_with_its_witness() -> None:
    story = load_story(STORY, [TEXT_BRANCH])
    report = deep_check(story)
    (failure,) = report.errors
    assert failure.kind == "runtime-error"
    assert str(failure.source) == _located(TEXT_BRANCH, "{10 % left}")
    assert failure.message == "in the text of scene 'hall': modulo by zero in {10 % left}"
    assert failure.witness == ("wait", "wait")
    # The witness replays to a turn that play cannot draw, and play names the same place.
    game = Game.replay(story, failure.seed or 0, failure.witness)
    with pytest.raises(StoryRuntimeError) as raised:
        game.view()
    assert str(raised.value) == f"{failure.source}: {failure.message}"


def test_without_the_branch_the_story_is_clean() -> None:
    assert deep_check(load_story(STORY)).findings == []


def test_a_failing_condition_is_reported_once_with_its_witness() -> None:
    story = load_story(STORY, [GUARD_BRANCH])
    (failure,) = deep_check(story).errors
    assert failure.message == "in the condition '10 % left == 0': modulo by zero"
    assert failure.source is not None and failure.source.path.endswith("deep_templates_guard/tally.yaml")
    assert failure.witness == ("wait", "wait")


STAGE = """\
story:
  id: stage
  title: Stage
  version: "1"
  start: hall
  crew:
    - id: ada
      name: Ada
      stats:
        Share: "{CREW}"
vars:
  left: 1
scenes:
  hall:
    title: "{TITLE}"
    text: "{TEXT}"
    choices:
      - text: Wait
        id: wait
        if: left > 0
        effects:
          - set: {left: 0}
        to: hall
      - text: "{CHOICE}"
        id: shut
        to: out
      - text: Never
        id: never
        if: left > 5
        disabled: "{REASON}"
        to: out
  out:
    title: Out
    text: Out.
    ending: {id: out, title: Out, tone: calm}
"""


@pytest.mark.parametrize(
    ("place", "what", "line"),
    [
        ("TITLE", "in the title of scene 'hall'", 15),
        ("TEXT", "in the text of scene 'hall'", 16),
        ("CHOICE", "in the text of choice 'shut'", 24),
        ("REASON", "in the reason of choice 'never'", 30),
        ("CREW", "in crew 'ada' stat 'Share'", 10),
    ],
)
def test_every_kind_of_text_is_drawn_in_every_state(tmp_path: Path, place: str, what: str, line: int) -> None:
    text = STAGE
    for name in ("TITLE", "TEXT", "CHOICE", "REASON", "CREW"):
        text = text.replace("{" + name + "}", "{9 % left}" if name == place else name.title())
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    story = load_story(tmp_path, use_cache=False)
    report = deep_check(story)
    (failure,) = report.errors
    assert failure.source is not None and (failure.source.path, failure.source.line) == ("story.yaml", line)
    assert failure.message == f"{what}: modulo by zero in {{9 % left}}"
    assert failure.witness == ("wait",)
    playtests = random_playtests(story, 20, seed=1)
    assert playtests.problems, "a random run waits once and must draw the failing text"
    assert {problem.message for problem in playtests.problems} == {f"{failure.source}: {failure.message}"}


def test_random_playtests_draw_every_turn_and_report_the_branch_text() -> None:
    story = load_story(STORY, [TEXT_BRANCH])
    report = random_playtests(story, 30, seed=2)
    assert report.problems
    for problem in report.problems:
        assert problem.kind == "runtime-error"
        assert problem.message.startswith(_located(TEXT_BRANCH, "{10 % left}") + ": ")
        assert problem.choices == ("wait", "wait")


@pytest.mark.parametrize("branch", [TEXT_BRANCH, GUARD_BRANCH])
def test_save_failures_writes_the_last_turn_that_can_be_drawn(
    branch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saves = tmp_path / "failures"
    status = main(["test", str(STORY), "--branch", str(branch), "--random", "5", "--save-failures", str(saves)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err and err == ""
    assert "then take: wait" in out
    written = sorted(saves.glob("*.json"))
    assert written and len(written) == out.count("replay: exception replay")
    for path in written:
        save = read_save(path)
        assert save.scene == "hall" and save.log and save.log[-1]["target"] == "hall"


@pytest.mark.parametrize("mode", ["--plain", "--jsonl"])
def test_play_names_the_branch_file(mode: str, tmp_path: Path) -> None:
    played = subprocess.run(
        [sys.executable, "-m", "game", "play", mode, "--story", str(STORY), "--branch", str(TEXT_BRANCH)],
        input="1\n1\n" if mode == "--plain" else '{"choice": "wait"}\n{"choice": "wait"}\n',
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env={"EXCEPTION_SAVES_DIR": str(tmp_path), "EXCEPTION_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""},
    )
    everything = played.stdout + played.stderr
    assert "Traceback" not in everything
    assert _located(TEXT_BRANCH, "{10 % left}") + ": in the text of scene 'hall': modulo by zero" in everything
    if mode == "--jsonl":
        # Every line of the JSON-lines output is still JSON.
        for line in played.stdout.splitlines():
            json.loads(line)


def test_check_deep_prints_the_error_and_its_witness(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", "--deep", str(STORY), "--branch", str(TEXT_BRANCH)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{_located(TEXT_BRANCH, '{10 % left}')}: error: in the text of scene 'hall'" in out
    assert "witness (2 choices --seed 0): wait wait" in out


# ------------------------------------------------------------ division by a literal zero


@pytest.mark.parametrize(
    ("written", "col", "fragment"),
    [
        ("{10 / 0}", 24, "division by 0"),  # at the operator
        ("{10 % 0}", 24, "modulo by 0"),
        ("{left / 0.0}", 26, "division by 0"),
        ("{left % -0}", 26, "modulo by 0"),
        ("{left / (0)}", 26, "division by 0"),
    ],
)
def test_a_division_by_a_literal_zero_is_a_load_error(tmp_path: Path, written: str, col: int, fragment: str) -> None:
    (tmp_path / "story.yaml").write_text(
        STAGE.replace('"{TEXT}"', f'"Shares: {written}"')
        .replace("{TITLE}", "Hall")
        .replace("{CREW}", "1")
        .replace("{CHOICE}", "Go")
        .replace("{REASON}", "No"),
        encoding="utf-8",
    )
    with pytest.raises(StoryLoadError) as raised:
        load_story(tmp_path, use_cache=False)
    (error,) = raised.value.errors
    assert (error.path, error.line, error.col) == ("story.yaml", 16, col)
    assert fragment in error.message


def test_a_division_by_a_variable_or_a_nonzero_number_loads(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(
        STAGE.replace('"{TEXT}"', '"{10 / 2} {left / 0.5} {10 % (left + 1)}"')
        .replace("{TITLE}", "Hall")
        .replace("{CREW}", "1")
        .replace("{CHOICE}", "Go")
        .replace("{REASON}", "No"),
        encoding="utf-8",
    )
    assert Game(load_story(tmp_path, use_cache=False), 1).view().text == "5 2 0"


# ------------------------------------------------------------------ the property


def _generated_story(seed: int) -> str:
    """A small random story whose texts and conditions divide by variables that may reach zero."""
    rng = random.Random(seed)
    scenes = rng.randint(2, 5)
    names = ["a", "b"]

    def risky() -> str:
        k, v, c = rng.randint(1, 9), rng.choice(names), rng.randint(-2, 2)
        return rng.choice([f"{k} % {v}", f"{k} / {v}", f"{k} / ({v} - {c})", f"{k} % ({v} + {c})", f"{v} + {k}"])

    def template() -> str:
        shape = rng.randint(0, 3)
        if shape == 0:
            return "Plain words."
        if shape == 1:
            return "Count {" + risky() + "}."
        if shape == 2:
            return "{if " + risky() + " > 1}Many{else}Few{end}."
        return "{if " + rng.choice(names) + " > 0}{" + risky() + "}{end} left."

    def quoted(text: str) -> str:
        return json.dumps(text)

    lines = [
        "story:",
        "  id: generated",
        "  title: Generated",
        '  version: "1"',
        "  start: s0",
        "  crew:",
        "    - id: ada",
        "      name: Ada",
        "      stats:",
        f"        Mood: {quoted(template())}",
        "vars:",
        f"  a: {rng.randint(-1, 2)}",
        f"  b: {rng.randint(-1, 2)}",
        "scenes:",
    ]
    for index in range(scenes):
        lines += [f"  s{index}:", f"    title: {quoted(template())}", f"    text: {quoted(template())}", "    choices:"]
        for number in range(rng.randint(1, 3)):
            lines += [
                f"      - text: {quoted(template())}",
                f"        id: c{number}",
                f"        to: {rng.choice([f's{other}' for other in range(scenes)] + ['end'])}",
            ]
            if rng.random() < 0.4:
                lines.append(f"        if: {quoted(risky() + ' > 0')}")
                if rng.random() < 0.5:
                    lines.append(f"        disabled: {quoted(template())}")
            effect = rng.random()
            if effect < 0.45:
                lines.append(f"        effects: [{{set: {{{rng.choice(names)}: {rng.randint(-2, 2)}}}}}]")
            elif effect < 0.8:
                # An effect that fails when taken (a remainder keeps the values few: the space stays finite).
                value = quoted(f"= {rng.randint(1, 9)} % {rng.choice(names)}")
                lines.append(f"        effects: [{{set: {{{rng.choice(names)}: {value}}}}}]")
    lines += ["  end:", "    title: End", "    text: The end.", "    ending: {id: end, title: End, tone: calm}"]
    return "\n".join(lines) + "\n"


def _every_reachable_state_failure(story: Story) -> set[str]:
    """Play every reachable state (brute force, no bounds) and collect what fails to draw or to take."""
    game = Game(story, 0)
    first = game.state
    seen = {(first.scene, tuple(sorted(first.vars.items())))}
    queue = deque([first])
    failures: set[str] = set()
    while queue:
        state = queue.popleft()
        game.restore_state(state)
        try:
            game.view()
        except StoryRuntimeError as error:
            failures.add(str(error))
            continue  # play never shows this turn: a choice that leads here is refused
        for choice_id in game.enabled_choice_ids():
            game.restore_state(state)
            try:
                game.advance(choice_id)
            except StoryRuntimeError as error:
                failures.add(str(error))  # play refuses the turn and shows this
                continue
            following = game.state
            following.log = []
            key = (following.scene, tuple(sorted(following.vars.items())))
            if key not in seen:
                seen.add(key)
                queue.append(following)
    return failures


@pytest.mark.parametrize("seed", range(60))
def test_no_state_the_deep_check_passed_can_fail_in_play(tmp_path: Path, seed: int) -> None:
    (tmp_path / "story.yaml").write_text(_generated_story(seed), encoding="utf-8")
    try:
        story = load_story(tmp_path, use_cache=False)
    except StoryLoadError:
        return  # a generated division by a literal zero (a load error, tested above)
    report = deep_check(story, per_scene=0)
    assert report.complete
    reported = {f"{finding.source}: {finding.message}" for finding in report.errors if finding.kind == "runtime-error"}
    failures = _every_reachable_state_failure(story)
    # Everything play can run into, the deep check reported (with where it is written).
    assert failures <= reported
    # And everything it reported, its witness reproduces.
    for finding in report.errors:
        if finding.kind != "runtime-error":
            continue
        assert finding.witness is not None and finding.seed is not None
        game = Game.replay(story, finding.seed, finding.witness)
        taking = re.search(r"\(taking '(\w+)' in scene", finding.message)
        with pytest.raises(StoryRuntimeError) as raised:
            if taking:
                game.choose(taking.group(1))  # the witness leads to where the failing choice is offered
            else:
                game.view()
        assert str(raised.value) == f"{finding.source}: {finding.message}"


def test_the_generated_stories_do_fail_and_do_pass(tmp_path: Path) -> None:
    """The property above is not vacuous: some generated stories fail in play, some do not."""
    failing = clean = taking = 0
    for seed in range(60):
        folder = tmp_path / str(seed)
        folder.mkdir()
        (folder / "story.yaml").write_text(_generated_story(seed), encoding="utf-8")
        try:
            story = load_story(folder, use_cache=False)
        except StoryLoadError:
            continue
        failures = _every_reachable_state_failure(story)
        if failures:
            failing += 1
            taking += any("(taking '" in failure for failure in failures)
        else:
            clean += 1
    assert failing >= 10 and clean >= 10 and taking >= 1, (failing, clean, taking)
