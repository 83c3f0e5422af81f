"""The countdown: starting, spending, adding, stopping, expiring, and how it is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from game.engine import Game, Story, load_story


@pytest.fixture(scope="module")
def clock() -> Story:
    return load_story(FIXTURES / "engine_countdown", use_cache=False)


def play(story: Story, choices: list[str], seed: int = 1) -> Game:
    game = Game(story, seed=seed)
    for choice_id in choices:
        game.choose(choice_id)
    return game


def clock_state(game: Game) -> tuple[str, bool, int | float]:
    """(scene, running, remaining)."""
    view = game.view()
    return view.scene, view.countdown.active, view.countdown.remaining


# ------------------------------------------------------------------ starting


def test_the_countdown_is_off_until_started(clock: Story) -> None:
    game = play(clock, ["idle", "idle", "add_stopped"])
    view = game.view()
    assert view.countdown.active is False
    assert view.countdown.level == "off"
    # Choices taken while it is off spend nothing; adding time to a stopped clock only stores it.
    assert view.countdown.remaining == 2
    assert [entry.cost for entry in game.log] == [0, 0, 0]
    assert "running false" in view.text


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (["start_default"], ("running", True, 10)),  # the manifest's start
        (["start_three"], ("running", True, 3)),  # an explicit start
        (["start_and_spend"], ("running", True, 2)),  # started by its own effects, then it spends its cost
        (["add_stopped", "start_default"], ("running", True, 10)),  # start sets the clock, whatever it held
        (["start_default", "wait", "stop", "start_three"], ("running", True, 3)),  # restarting
    ],
)
def test_starting(clock: Story, choices: list[str], expected: tuple[str, bool, int]) -> None:
    assert clock_state(play(clock, choices)) == expected


# ------------------------------------------------------------------- spending


@pytest.mark.parametrize(
    ("choice_id", "expected", "logged"),
    [
        ("wait", ("running", True, 9), 1),  # the default cost is 1
        ("wait_long", ("running", True, 6), 4),
        ("free", ("running", True, 10), 0),
        ("add_time", ("running", True, 14), 1),  # effects first (+5), then the cost
        ("remove_time", ("running", True, 8), 0),
        ("stop", ("calm", False, 10), 0),  # stopped by its own effects: nothing spent, time kept
        ("hurry", None, None),  # disabled at 10
    ],
)
def test_each_choice_spends_its_cost_while_the_clock_runs(
    clock: Story, choice_id: str, expected: tuple[str, bool, int] | None, logged: int | None
) -> None:
    game = play(clock, ["start_default"])
    if expected is None:
        assert {choice.id: choice.enabled for choice in game.choices()}[choice_id] is False
        return
    game.choose(choice_id)
    assert clock_state(game) == expected
    assert game.log[-1].cost == logged


def test_a_stopped_clock_keeps_its_time_and_spends_nothing(clock: Story) -> None:
    game = play(clock, ["start_default", "wait", "wait", "stop", "idle", "idle"])
    assert clock_state(game) == ("calm", False, 8)
    assert [entry.cost for entry in game.log] == [0, 1, 1, 0, 0, 0]
    assert "Remaining 8 min, running false." in game.view().text


# ------------------------------------------------------------------- expiring


@pytest.mark.parametrize(
    ("choices", "ending", "entered"),
    [
        # 3 left, a cost of 4: the target is never entered.
        (["start_three", "wait_long"], "timeout", None),
        # Reaching exactly zero expires too.
        (["start_three", "wait", "wait", "wait"], "timeout", None),
        # Effects that remove the last of the time, with no cost.
        (["start_three", "wait", "remove_time"], "timeout", None),
        # The vault's own `expires` overrides the manifest's.
        (["vault_one", "wait"], "vault_timeout", None),
        (["start_three", "wait", "wait", "vault", "wait"], "vault_timeout", None),
        # Entry effects that spend the last of the time: the entered scene's expiry.
        (["start_default", "drain"], "timeout", "drain"),
        (["start_default", "vault_drain"], "vault_timeout", "vault_drain"),
    ],
)
def test_expiry(clock: Story, choices: list[str], ending: str, entered: str | None) -> None:
    game = play(clock, choices[:-1])
    visits_before = dict(game.state.visits)
    game.choose(choices[-1])
    view = game.view()
    assert game.is_over
    assert view.ending is not None
    assert view.ending.id == ending
    assert (view.countdown.active, view.countdown.remaining, view.countdown.level) == (False, 0, "off")
    # The log names where the game really went.
    assert game.log[-1].target == ending
    visits = game.state.visits
    assert visits[ending] == 1
    changed = {scene for scene in visits if visits[scene] != visits_before.get(scene, 0)}
    assert changed == {ending} | ({entered} if entered else set())


def test_an_expiring_choice_is_not_entered(clock: Story) -> None:
    game = play(clock, ["start_three"])
    before = game.state.visits["running"]
    game.choose("wait_long")
    assert game.state.visits["running"] == before
    assert game.log[-1].cost == 3  # only the time that was left


def test_expiry_text_sees_the_stopped_clock(clock: Story) -> None:
    view = play(clock, ["start_three", "wait_long"]).view()
    assert "Remaining 0, running false." in view.text


def test_entry_effects_that_drain_an_ending_stop_the_clock(clock: Story) -> None:
    view = play(clock, ["start_default", "doom"]).view()
    assert view.ending is not None
    assert view.ending.id == "doom"
    assert (view.countdown.active, view.countdown.remaining, view.countdown.level) == (False, 0, "off")


@pytest.mark.parametrize(
    ("choice_id", "expected"),
    [
        ("add_time", ("running", True, 5)),  # +5, then the cost of 1
        ("stop", ("calm", False, 1)),  # stopped before the cost is due
        ("free", ("running", True, 1)),
        ("vault", ("vault", True, 1)),
        ("wait", ("timeout", False, 0)),
    ],
)
def test_choices_that_stop_or_add_time_are_safe_with_one_left(
    clock: Story, choice_id: str, expected: tuple[str, bool, int]
) -> None:
    game = play(clock, ["start_three", "wait", "wait"])
    assert clock_state(game) == ("running", True, 1)
    game.choose(choice_id)
    assert clock_state(game) == expected


def test_undo_across_an_expiry(clock: Story) -> None:
    game = play(clock, ["start_three", "wait", "wait_long"])
    assert game.is_over
    game.undo()
    assert clock_state(game) == ("running", True, 2)
    game.choose("add_time")
    assert clock_state(game) == ("running", True, 6)


# ------------------------------------------------------------------ the view


def with_clock(story: Story, active: bool, remaining: int | float) -> Game:
    """The story's start scene with the countdown set directly."""
    data = Game(story, seed=1).to_data()
    data["countdown"] = {"active": active, "remaining": remaining}
    return Game.from_data(story, data)


@pytest.mark.parametrize(
    ("active", "remaining", "level"),
    [
        (True, 10, "normal"),
        (True, 5, "normal"),
        (True, 4.5, "normal"),
        (True, 4, "warning"),  # at `warning` (4)
        (True, 2, "warning"),
        (True, 1.5, "warning"),
        (True, 1, "critical"),  # a quarter of 4
        (True, 0.5, "critical"),
        (False, 10, "off"),
        (False, 1, "off"),
    ],
)
def test_level_by_remaining_time(clock: Story, active: bool, remaining: float, level: str) -> None:
    view = with_clock(clock, active, remaining).view().countdown
    assert (view.active, view.remaining, view.level) == (active, remaining, level)
    assert (view.label, view.unit, view.warning) == ("Clock", "min", 4)


@pytest.mark.parametrize(
    ("remaining", "level"),
    [(90, "normal"), (21, "normal"), (20, "warning"), (6, "warning"), (5, "critical"), (1, "critical")],
)
def test_critical_is_a_quarter_of_the_warning(tmp_path: Path, remaining: int, level: str) -> None:
    text = (FIXTURES / "engine_countdown" / "story.yaml").read_text(encoding="utf-8")
    (tmp_path / "story.yaml").write_text(text.replace("warning: 4", "warning: 20"), encoding="utf-8")
    story = load_story(tmp_path, use_cache=False)
    assert with_clock(story, True, remaining).view().countdown.level == level


@pytest.mark.parametrize(("remaining", "text"), [(10, "10 min"), (2.5, "2.5 min"), (0, "0 min")])
def test_countdown_text(clock: Story, remaining: float, text: str) -> None:
    assert with_clock(clock, True, remaining).view().countdown.text == text


def test_a_story_without_a_countdown_shows_it_off() -> None:
    story = load_story(FIXTURES / "engine_core", use_cache=False)
    view = Game(story, seed=1).view().countdown
    assert (view.active, view.remaining, view.label, view.unit, view.level) == (False, 0, "", "", "off")
    assert view.text == "0"


# --------------------------------------------------------------- expressions


def test_remaining_and_countdown_are_visible_to_expressions(clock: Story) -> None:
    game = play(clock, ["start_default"])
    assert "Remaining 10, running true." in game.view().text
    hurry = {choice.id: choice for choice in game.choices()}["hurry"]
    assert (hurry.enabled, hurry.reason) == (False, "Not yet: 10 left.")
    for _ in range(6):
        game.choose("wait")
    assert "Remaining 4, running true." in game.view().text
    hurry = {choice.id: choice for choice in game.choices()}["hurry"]
    assert (hurry.enabled, hurry.reason) == (True, None)
    game.choose("stop")
    assert "Remaining 4 min, running false." in game.view().text


# ------------------------------------------------------------------------ log


@pytest.mark.parametrize(
    ("choices", "costs"),
    [
        (["idle", "start_and_spend", "add_time", "wait_long", "free"], [0, 1, 1, 4, 0]),
        (["start_default", "wait", "stop", "idle"], [0, 1, 0, 0]),
        (["start_three", "wait", "wait_long"], [0, 1, 2]),  # the expiring choice spends what was left
        (["start_default", "drain"], [0, 0]),  # entry effects are not the choice's cost
    ],
)
def test_log_costs(clock: Story, choices: list[str], costs: list[int]) -> None:
    game = play(clock, choices)
    assert [entry.cost for entry in game.log] == costs
    assert [entry.choice for entry in game.log] == choices
    restored = Game.from_data(clock, game.to_data())
    assert [entry.cost for entry in restored.log] == costs
