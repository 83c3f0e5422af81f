"""Applying a story's effects to a game state: plain functions."""

from __future__ import annotations

from collections.abc import Iterable

from game.engine.state import GameState
from game.story.expressions import Expr
from game.story.model import AddVar, CountdownAdd, CountdownStart, CountdownStop, Effect, SetVar, Story


def apply_effects(effects: Iterable[Effect], state: GameState, story: Story) -> None:
    """Run effects in order against ``state``."""
    for effect in effects:
        if isinstance(effect, SetVar):
            value = effect.value
            state.vars[effect.var] = value.evaluate(state) if isinstance(value, Expr) else value
        elif isinstance(effect, AddVar):
            amount = effect.amount
            total = state.vars[effect.var] + (amount.evaluate(state) if isinstance(amount, Expr) else amount)  # type: ignore[operator]
            state.vars[effect.var] = total
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


def countdown_after(
    effects: Iterable[Effect], active: bool, remaining: int | float, story: Story
) -> tuple[bool, int | float]:
    """The countdown (running, time left) after ``effects``, without changing anything."""
    for effect in effects:
        if isinstance(effect, CountdownStart):
            active = True
            remaining = effect.value if effect.value is not None else (story.countdown.start if story.countdown else 0)
        elif isinstance(effect, CountdownAdd):
            remaining = max(0, remaining + effect.amount)
        elif isinstance(effect, CountdownStop):
            active = False
    return active, remaining
