"""Applying a story's effects to a game state: plain functions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from game.engine.state import GameState
from game.story.expressions import EvaluationError, Expr
from game.story.model import AddVar, CountdownAdd, CountdownStart, CountdownStop, Effect, SetVar, Source, Story


class EffectError(EvaluationError):
    """An effect's expression failed; ``source`` is where that effect is written."""

    def __init__(self, message: str, source: Source) -> None:
        super().__init__(message)
        self.message = message
        self.source = source


def apply_effects(effects: Iterable[Effect], state: GameState, story: Story) -> None:
    """Run effects in order against ``state``; a failing expression raises EffectError naming its effect."""
    for effect in effects:
        if isinstance(effect, SetVar):
            value = effect.value
            state.vars[effect.var] = _evaluate(value, state, effect.source) if isinstance(value, Expr) else value
        elif isinstance(effect, AddVar):
            amount = effect.amount
            added = _evaluate(amount, state, effect.source) if isinstance(amount, Expr) else amount
            state.vars[effect.var] = state.vars[effect.var] + added  # type: ignore[operator]
        elif isinstance(effect, CountdownStart):
            state.countdown_active = True
            start = effect.value
            if start is None:
                start = story.countdown.start if story.countdown is not None else 0
            state.remaining = start
        elif isinstance(effect, CountdownAdd):
            state.remaining = max(0, state.remaining + effect.amount)
        elif isinstance(effect, CountdownStop):
            state.countdown_active = False


def _evaluate(expr: Expr, state: GameState, source: Source) -> Any:
    try:
        return expr.evaluate(state)
    except EffectError:
        raise
    except EvaluationError as error:
        raise EffectError(f"'{expr.source.strip()}': {error}", source) from None


_CLOCK_EFFECTS = (CountdownStart, CountdownAdd, CountdownStop)


def touches_clock(effects: Iterable[Effect]) -> bool:
    """True when any of ``effects`` starts, stops or changes the countdown."""
    return any(isinstance(effect, _CLOCK_EFFECTS) for effect in effects)


def countdown_after(
    effects: Iterable[Effect], active: bool, remaining: int | float, story: Story
) -> tuple[bool, int | float]:
    """The countdown (running, time left) after ``effects``, without changing anything."""
    for effect in effects:
        if not isinstance(effect, _CLOCK_EFFECTS):  # most effects set variables: one test, not three
            continue
        if isinstance(effect, CountdownStart):
            active = True
            remaining = effect.value if effect.value is not None else (story.countdown.start if story.countdown else 0)
        elif isinstance(effect, CountdownAdd):
            remaining = max(0, remaining + effect.amount)
        elif isinstance(effect, CountdownStop):
            active = False
    return active, remaining
