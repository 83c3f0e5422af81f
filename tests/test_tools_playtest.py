"""``exception test --random``: coverage, endings, problems with their reproductions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT

from game.engine import Game, load_story
from game.saves import read_save
from game.tools.playtest import random_playtests


def test_runs_cover_the_story_and_count_endings() -> None:
    story = load_story(FIXTURES / "mini")
    report = random_playtests(story, 200, seed=1)
    assert report.scenes_seen == set(story.scenes)
    assert sum(report.endings.values()) == 200
    assert set(report.endings) == {"good", "bad", "expired"}
    assert not report.problems
    # The two guarded shortcuts need trust the random player rarely builds; the rest are all taken.
    assert report.choices_total == 8
    assert ("bay", "hall") in report.choices_taken and ("dark", "wait") in report.choices_taken


def test_least_used_choices_come_first() -> None:
    story = load_story(FIXTURES / "deep_clean")
    report = random_playtests(story, 40, seed=3)
    # Once the suit is on, the hull offers two choices: the picker alternates rather than flipping coins.
    taken = report.choices_taken
    assert abs(taken[("hull", "home")] - taken[("hull", "look")]) <= 2


def test_the_same_seed_gives_the_same_report() -> None:
    story = load_story(FIXTURES / "mini")
    first, second = random_playtests(story, 50, seed=9), random_playtests(story, 50, seed=9)
    assert (first.endings, first.choices_taken, first.turns) == (second.endings, second.choices_taken, second.turns)


def test_a_soft_lock_is_reported_with_a_reproducible_seed_and_sequence() -> None:
    story = load_story(FIXTURES / "deep_softlock")
    report = random_playtests(story, 30, seed=0)
    locks = [problem for problem in report.problems if problem.kind == "soft-lock"]
    assert locks
    problem = locks[0]
    assert problem.scene == "vault"
    game = Game.replay(story, problem.seed, problem.choices)
    assert game.scene.id == "vault" and game.enabled_choice_ids() == []


def test_a_runtime_error_is_reported_with_what_reproduces_it() -> None:
    story = load_story(FIXTURES / "deep_runtime")
    report = random_playtests(story, 20, seed=0)
    problems = [problem for problem in report.problems if problem.kind == "runtime-error"]
    assert problems
    assert "division by zero" in problems[0].message
    assert problems[0].choices[-1] == "split"


def test_a_run_without_an_ending_is_cut_and_reported() -> None:
    report = random_playtests(load_story(FIXTURES / "saves_loop"), 3, seed=0, max_turns=1)
    assert report.problems and all(problem.kind == "no-ending" for problem in report.problems)


def run_test(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "test", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_command_line_reports_and_saves_failures_that_replay(tmp_path: Path) -> None:
    result = run_test(str(FIXTURES / "deep_softlock"), "--random", "20", "--save-failures", str(tmp_path))
    assert result.returncode == 1
    assert "soft-lock in 'vault'" in result.stdout
    assert "replay: exception replay" in result.stdout
    saves = sorted(tmp_path.glob("failure-*.json"))
    assert saves
    save = read_save(saves[0])
    assert save.scene == "vault"
    replay = subprocess.run(
        [sys.executable, "-m", "game", "replay", str(saves[0]), "--story", str(FIXTURES / "deep_softlock"), "--verify"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert replay.returncode == 0, replay.stderr


def test_command_line_json_on_a_clean_story() -> None:
    result = run_test(str(FIXTURES / "mini"), "--random", "100", "--seed", "4", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["runs"] == 100 and data["problems"] == []
    assert sum(data["endings"].values()) == 100
    assert data["scenes"]["entered"] == data["scenes"]["total"] == 6
