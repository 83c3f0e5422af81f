"""What each choice spends from the countdown, and whether taking it runs the countdown out.

``ChoiceView.cost`` and ``ChoiceView.expires`` are worked out without taking
the choice; these tests take every enabled choice of every state that seeded
random walks visit and check that the view said exactly what happened.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, STORY
from transitions import EventData

from game.engine import Game, GameState, Story, load_story
from game.engine.machine import _Callbacks

CLOCK = FIXTURES / "clock_outlook"


@pytest.fixture
def expiries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each time the engine itself runs the countdown out while a choice is taken.

    The two places are the machine's choice of the expiry transition (the
    choice spends the last of the time) and ``Game._expire_if_due`` (entry
    effects spend it); what they decide is recorded, not worked out again.
    """
    seen: list[str] = []
    would_expire = _Callbacks.would_expire
    expire_if_due = Game._expire_if_due

    def recording_would_expire(self: _Callbacks, event: EventData) -> bool:
        result = would_expire(self, event)
        if result:
            seen.append("cost")
        return result

    def recording_expire_if_due(self: Game) -> None:
        state = self._runtime.state
        if state.countdown_active and state.remaining <= 0:
            seen.append("entry")
        expire_if_due(self)

    monkeypatch.setattr(_Callbacks, "would_expire", recording_would_expire)
    monkeypatch.setattr(Game, "_expire_if_due", recording_expire_if_due)
    return seen


def _visited_states(story: Story, walks: int, turns: int) -> Iterator[GameState]:
    """Every state of ``walks`` seeded random walks of at most ``turns`` choices."""
    for seed in range(walks):
        pick = random.Random(seed)
        game = Game(story, seed=seed)
        for _ in range(turns):
            yield game.state
            ids = game.enabled_choice_ids()
            if not ids:
                break
            game.advance(pick.choice(ids))


@pytest.mark.parametrize(
    ("story_dir", "walks", "turns", "can_run_out"),
    [
        (STORY, 120, 160, True),
        (CLOCK, 300, 12, True),
        (FIXTURES / "engine_countdown", 200, 12, True),
        (FIXTURES / "deep_countdown", 5, 5, False),  # every choice after the start stops the clock
        (FIXTURES / "engine_core", 20, 20, False),  # no countdown
    ],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_cost_and_expires_say_what_taking_the_choice_does(
    story_dir: Path, walks: int, turns: int, can_run_out: bool, expiries: list[str]
) -> None:
    story = load_story(story_dir)
    probe = Game(story, seed=0)
    outcomes = {True: 0, False: 0}
    for state in _visited_states(story, walks, turns):
        probe.restore_state(state)
        shown = probe.choices()
        for choice in shown:
            if not choice.enabled:
                assert not choice.expires, f"disabled '{choice.id}' in '{state.scene}' is marked as expiring"
                continue
            probe.restore_state(state)
            expiries.clear()
            entry = probe.advance(choice.id)
            ran_out = bool(expiries)
            where = f"'{choice.id}' in '{state.scene}' at {state.remaining} left (running: {state.countdown_active})"
            assert choice.expires == ran_out, f"{where}: view says expires={choice.expires}, taking it: {expiries}"
            # The log records what was taken from the clock: the cost shown, or what was left when it runs out.
            if ran_out:
                assert entry.cost <= choice.cost, f"{where}: view says cost {choice.cost}, the log took {entry.cost}"
            else:
                assert choice.cost == entry.cost, (
                    f"{where}: view says cost {choice.cost}, the log recorded {entry.cost}"
                )
            outcomes[ran_out] += 1
    assert outcomes[False] > 0
    # Where the clock can run out, some walk must have met a choice that does it, or the check proved nothing.
    assert (outcomes[True] > 0) == can_run_out


def _at(story: Story, choices: list[str], seed: int = 0) -> Game:
    game = Game(story, seed=seed)
    for choice_id in choices:
        game.advance(choice_id)
    return game


#: From the hall with 2 minutes left: (choice, cost shown, expires shown, scene landed on).
AT_TWO_LEFT = [
    ("walk", 1, False, "hall"),
    ("half", 0.5, False, "hall"),
    ("long_walk", 3, True, "out"),  # three minutes with two left: never reaches the hall
    ("long_stop", 0, False, "hall"),  # its own effect stops the clock first
    ("long_add", 3, False, "hall"),  # 2 + 2 - 3 leaves 1
    ("drop_and_stop", 0, False, "hall"),  # time dropped to 0, but the clock stopped before running out
    ("restart_two", 2, True, "out"),  # restarted at 2, then spends 2
    ("sink", 0, True, "out"),  # the sink's entry takes the last of it
    ("sink_slow", 2, True, "out"),
    ("side", 1, False, "side"),
    ("drained_end", 0, True, "drained_end"),  # runs the clock out, but an ending keeps the player
    ("quiet_end", 2, True, "out"),  # expiry comes before the ending
    ("barred", 50, False, None),  # disabled: it never expires
]


@pytest.mark.parametrize(("choice_id", "cost", "expires", "lands"), AT_TWO_LEFT, ids=[row[0] for row in AT_TWO_LEFT])
def test_choices_with_two_minutes_left(choice_id: str, cost: float, expires: bool, lands: str | None) -> None:
    game = _at(load_story(CLOCK), ["start", "long_walk", "walk"])
    assert game.countdown().remaining == 2
    shown = {choice.id: choice for choice in game.choices()}[choice_id]
    assert (shown.cost, shown.expires) == (cost, expires)
    if lands is not None:
        game.advance(choice_id)
        assert game.scene.id == lands


@pytest.mark.parametrize(
    ("path", "choice_id", "cost", "expires"),
    [
        ([], "walk", 0, False),  # the clock is off: nothing is spent
        ([], "long_walk", 0, False),
        ([], "start_zero", 0, True),  # started at nothing: out at once
        ([], "sink", 0, False),  # entry effects change a stopped clock's time but cannot run it out
        (["start"], "long_walk", 3, False),
        (["start", "long_walk", "walk", "side"], "wait", 2, True),  # 2 minutes, 1 left: the side room's own expiry
        (["start", "long_walk", "walk", "side"], "restart_back", 1, True),
        (["start", "side"], "restart_back", 1, True),  # the target's entry restarts the clock at 0
        (["start", "side"], "hall", 0, False),
    ],
)
def test_choices_elsewhere(path: list[str], choice_id: str, cost: float, expires: bool) -> None:
    game = _at(load_story(CLOCK), path)
    shown = {choice.id: choice for choice in game.choices()}[choice_id]
    assert (shown.cost, shown.expires) == (cost, expires)


def test_a_random_choice_is_marked_by_the_outcome_it_will_draw() -> None:
    story = load_story(CLOCK)
    marks: dict[bool, str] = {}
    for seed in range(40):
        game = _at(story, ["start", "long_walk", "walk"], seed=seed)
        coin = {choice.id: choice for choice in game.choices()}["coin"]
        game.advance("coin")
        marks[coin.expires] = game.scene.id
    # Both sides of the coin came up, and each was marked for what it did.
    assert marks == {True: "out", False: "hall"}


def test_an_unseeded_view_leaves_the_generator_alone() -> None:
    story = load_story(CLOCK)
    game = _at(story, ["start"], seed=7)
    before = game.state.rng
    game.view()
    assert game.state.rng == before
