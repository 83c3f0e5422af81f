"""What a set of expressions reads, and the drawing kept while that stays the same."""

from __future__ import annotations

import pytest

from game.engine.reads import KeptDrawing, StateReads
from game.engine.state import GameState
from game.story.expressions import BOOL, NUM, STR, TypeEnv, compile_expression

ENV = TypeEnv({"n": NUM, "m": NUM, "flag": BOOL, "word": STR}, frozenset({"bay", "hall"}))


def state(**changes: object) -> GameState:
    base = GameState(seed=1, scene="bay", vars={"n": 1, "m": 2, "flag": False, "word": "x"}, visits={"bay": 1})
    for name, value in changes.items():
        if name in base.vars:
            base.vars[name] = value  # type: ignore[assignment]
        elif name == "hall_visits":
            base.visits["hall"] = value  # type: ignore[assignment]
        else:
            setattr(base, name, value)
    return base


@pytest.mark.parametrize(
    ("sources", "change", "same"),
    [
        (["n + 1"], {"n": 2}, False),
        (["n + 1"], {"m": 5}, True),
        (["flag and visited(hall)"], {"hall_visits": 1}, False),
        (["flag and visited(hall)"], {"word": "y"}, True),
        (["turn > 3"], {"turn": 4}, False),
        (["turn > 3"], {"remaining": 9}, True),
        (["remaining < 5", "word"], {"remaining": 4}, False),
        (["countdown"], {"countdown_active": True}, False),
        (["countdown_unit"], {"countdown_unit": "min"}, False),
        ([], {"n": 9, "turn": 7}, True),
    ],
)
def test_keys_change_exactly_when_something_read_changes(
    sources: list[str], change: dict[str, object], same: bool
) -> None:
    reads = StateReads.of(compile_expression(source, ENV) for source in sources)
    assert (reads.key(state()) == reads.key(state(**change))) is same


def test_a_kept_drawing_is_redrawn_only_when_its_reads_change() -> None:
    kept: KeptDrawing[str] = KeptDrawing(StateReads.of([compile_expression("n * 2", ENV)]))
    drawings: list[int] = []

    def draw_from(current: GameState) -> str:
        drawings.append(1)
        return f"n is {current.vars['n']}"

    first = state()
    assert kept.get(first, lambda: draw_from(first)) == "n is 1"
    other = state(m=7, turn=3)
    assert kept.get(other, lambda: draw_from(other)) == "n is 1"
    changed = state(n=4)
    assert kept.get(changed, lambda: draw_from(changed)) == "n is 4"
    assert len(drawings) == 2


def test_a_failed_drawing_keeps_nothing() -> None:
    kept: KeptDrawing[str] = KeptDrawing(StateReads.of([compile_expression("n", ENV)]))

    def fail() -> str:
        raise ValueError("the story's expression failed")

    with pytest.raises(ValueError):
        kept.get(state(), fail)
    assert kept.get(state(), lambda: "drawn") == "drawn"
