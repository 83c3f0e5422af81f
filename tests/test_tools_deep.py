"""``check --deep``: one broken fixture story per finding kind, each finding with its witness."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import count

import pytest
from conftest import FIXTURES, ROOT

from game.engine import Game, load_story
from game.tools.explore import ERROR, WARNING, DeepReport, deep_check


def findings(report: DeepReport) -> set[tuple[str, str, int | None]]:
    return {
        (finding.level, finding.kind, finding.source.line if finding.source else None) for finding in report.findings
    }


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "deep_softlock",
            {(ERROR, "soft-lock", 27), (WARNING, "guard-never-true", 31), (WARNING, "never-written", 8)},
        ),
        (
            "deep_unreachable",
            {
                (ERROR, "unreachable-scene", 27),
                (ERROR, "unreachable-ending", 37),
                (WARNING, "guard-never-true", 22),
                (WARNING, "never-read", 9),
                (WARNING, "never-written", 10),
            },
        ),
        ("deep_countdown", {(ERROR, "countdown-never-expires", 34), (ERROR, "unreachable-ending", 34)}),
        ("deep_runtime", {(ERROR, "runtime-error", 21)}),
        ("deep_clean", set()),
        (
            "mini",
            {(WARNING, "never-written", 25), (WARNING, "guard-never-true", 44), (WARNING, "guard-never-true", 48)},
        ),
    ],
)
def test_each_finding_kind(fixture: str, expected: set[tuple[str, str, int | None]]) -> None:
    report = deep_check(load_story(FIXTURES / fixture))
    assert report.complete
    assert findings(report) == expected


def test_a_soft_lock_witness_replays_to_the_stuck_scene_with_its_seed() -> None:
    story = load_story(FIXTURES / "deep_softlock")
    (lock,) = [finding for finding in deep_check(story).findings if finding.kind == "soft-lock"]
    assert lock.witness == ("toss",)
    assert lock.seed is not None
    game = Game.replay(story, lock.seed, lock.witness)
    assert game.scene.id == "vault"
    assert game.enabled_choice_ids() == []
    assert not game.is_over


def test_a_runtime_error_witness_leads_to_the_failing_choice() -> None:
    story = load_story(FIXTURES / "deep_runtime")
    (failure,) = deep_check(story).findings
    assert "division by zero" in failure.message
    assert failure.witness == ("split",)
    game = Game.replay(story, failure.seed or 0, failure.witness)
    from game.engine import StoryRuntimeError

    with pytest.raises(StoryRuntimeError, match="division by zero"):
        game.advance("split")


def test_bounds_cut_the_search_and_say_what_was_covered() -> None:
    # The loop story counts steps without limit: its state space is infinite.
    report = deep_check(load_story(FIXTURES / "saves_loop"), max_states=500)
    assert not report.complete
    assert report.cut_by == "the state limit (500)"
    assert report.states > 0 and report.scenes_reached
    assert all(finding.level == WARNING for finding in report.findings)


def test_the_time_limit_cuts_the_search_with_an_injected_clock() -> None:
    ticks = count()
    report = deep_check(load_story(FIXTURES / "saves_loop"), time_limit=5, clock=lambda: float(next(ticks)))
    assert not report.complete
    assert report.cut_by == "the time limit (5 s)"


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "check", "--deep", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_command_line_text_and_exit_codes() -> None:
    broken = run_check(str(FIXTURES / "deep_softlock"))
    assert broken.returncode == 1
    assert "story.yaml:27:3: error: scene 'vault' is not an ending" in broken.stdout
    assert "witness (1 choice --seed" in broken.stdout
    assert "1 error, 2 warnings" in broken.stdout
    clean = run_check(str(FIXTURES / "deep_clean"))
    assert clean.returncode == 0, clean.stdout
    assert "scenes reached 4/4, endings reached 2/2" in clean.stdout


def test_command_line_json() -> None:
    result = run_check(str(FIXTURES / "deep_softlock"), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["complete"] is True
    lock = next(item for item in data["findings"] if item["kind"] == "soft-lock")
    assert (lock["path"], lock["line"], lock["col"], lock["witness"]) == ("story.yaml", 27, 3, ["toss"])
    assert isinstance(lock["seed"], int)


def test_the_per_scene_limit_keeps_only_new_values_and_walks_find_what_it_skipped() -> None:
    # Both switches up brings no value the hub has not seen: past its quota, that state is skipped.
    story = load_story(FIXTURES / "deep_hub")
    full = deep_check(story)
    cut = deep_check(story, per_scene=1)
    assert full.complete and not cut.complete
    assert cut.skipped > 0
    assert cut.cut_by is not None and cut.cut_by.startswith("the per-scene limit (1 states;")
    assert cut.states < full.states
    # The random walks after the cut search still get everywhere, so nothing is reported unreachable.
    assert cut.scenes_reached == set(story.scenes)
    assert not [finding for finding in cut.findings if finding.kind.startswith("unreachable")]
    assert cut.walks > 0 and "door" in cut.endings_reached
