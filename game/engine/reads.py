"""What part of the game state a set of expressions reads, to know when their values can change."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from game.engine.state import GameState
from game.story.expressions import BUILTIN_NAMES, Expr, names_read, scenes_read

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StateReads:
    """The variables, visit counts and built-in names some expressions read.

    Two states with the same ``key`` give those expressions the same values,
    so whatever is drawn from them can be kept until the key changes.
    """

    variables: tuple[str, ...]
    scenes: tuple[str, ...]
    builtins: tuple[str, ...]

    @classmethod
    def of(cls, expressions: Iterable[Expr]) -> StateReads:
        """Everything ``expressions`` read."""
        names: set[str] = set()
        scenes: set[str] = set()
        for expression in expressions:
            names |= names_read(expression.node)
            scenes |= scenes_read(expression.node)
        return cls(
            tuple(sorted(names - BUILTIN_NAMES.keys())),
            tuple(sorted(scenes)),
            tuple(sorted(names & BUILTIN_NAMES.keys())),
        )

    def key(self, state: GameState) -> tuple[Any, ...]:
        """The values those expressions can see in ``state``.

        Equal values are shown alike (a variable keeps its type, and ``1`` and
        ``1.0`` are both shown as ``1``), so equal keys mean equal results.
        """
        visits = state.visits
        return (
            *map(state.vars.get, self.variables),
            *[visits.get(scene, 0) for scene in self.scenes],
            *[_BUILTIN_VALUES[name](state) for name in self.builtins],
        )


_BUILTIN_VALUES: dict[str, Callable[[GameState], Any]] = {
    "turn": lambda state: state.turn,
    "remaining": lambda state: state.remaining,
    "countdown": lambda state: state.countdown_active,
    "countdown_unit": lambda state: state.countdown_unit,
}


class KeptDrawing(Generic[T]):
    """The last thing drawn from some expressions, kept while what they read stays the same."""

    __slots__ = ("_constant", "_drawn", "reads")

    def __init__(self, reads: StateReads) -> None:
        self.reads = reads
        self._drawn: tuple[tuple[Any, ...], T] | None = None
        # Expressions that read nothing (or no expressions at all) always draw the same thing.
        self._constant = not (reads.variables or reads.scenes or reads.builtins)

    def get(self, state: GameState, draw: Callable[[], T]) -> T:
        """The kept drawing if ``state`` shows the expressions what it did last time, else ``draw()`` (kept)."""
        drawn = self._drawn
        if drawn is not None and self._constant:
            return drawn[1]
        key = self.reads.key(state)
        if drawn is not None and drawn[0] == key:
            return drawn[1]
        value = draw()  # raises before anything is kept
        self._drawn = (key, value)
        return value
