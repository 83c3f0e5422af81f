"""The story as data: frozen dataclasses built once by the loader.

Mappings inside these objects are plain dicts for speed and for the story cache; treat
them as read-only. Nothing here knows about the state machine or the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from game.story.expressions import Expr, Template, Value

_Derived = TypeVar("_Derived")


@dataclass(frozen=True, slots=True)
class Source:
    """Where something was written: a path relative to its story root, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class SetVar:
    """Set a variable to a literal value or to an expression's value."""

    var: str
    value: Value | Expr
    source: Source


@dataclass(frozen=True, slots=True)
class AddVar:
    """Add a number (literal or expression) to a numeric variable."""

    var: str
    amount: int | float | Expr
    source: Source


@dataclass(frozen=True, slots=True)
class CountdownStart:
    """Start the countdown at ``value`` (None: the manifest's start value)."""

    value: int | float | None
    source: Source


@dataclass(frozen=True, slots=True)
class CountdownAdd:
    """Add (or, negative, remove) time from a running countdown."""

    amount: int | float
    source: Source


@dataclass(frozen=True, slots=True)
class CountdownStop:
    """Stop the countdown; its remaining time is kept."""

    source: Source


Effect = SetVar | AddVar | CountdownStart | CountdownAdd | CountdownStop


@dataclass(frozen=True, slots=True)
class Outcome:
    """One possible target of a choice, with its weight for random choices."""

    scene: str
    weight: int | float


@dataclass(frozen=True, slots=True)
class Choice:
    """An option offered in a scene. Its ``id`` is its identity in saves."""

    id: str
    text: Template
    outcomes: tuple[Outcome, ...]
    guard: Expr | None
    disabled_reason: Template | None
    effects: tuple[Effect, ...]
    cost: int | float
    once: bool
    source: Source

    @property
    def is_random(self) -> bool:
        """True when the target is drawn from weighted outcomes."""
        return len(self.outcomes) > 1


@dataclass(frozen=True, slots=True)
class Ending:
    """Marks a scene as an ending."""

    id: str
    title: str
    tone: str
    #: Shown in the gallery while the ending is not found (None: the tone alone).
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Scene:
    """A state of the story: text, entry effects and the choices out of it."""

    id: str
    title: Template
    text: Template
    on_enter: tuple[Effect, ...]
    choices: tuple[Choice, ...]
    ending: Ending | None
    expires: str | None
    source: Source
    choice_index: dict[str, Choice] = field(default_factory=dict, compare=False, repr=False)

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, or None."""
        return self.choice_index.get(choice_id)


@dataclass(frozen=True, slots=True)
class Variable:
    """A declared variable: its type never changes."""

    name: str
    type: str
    initial: Value
    source: Source


@dataclass(frozen=True, slots=True)
class CrewMember:
    """Someone the crew panel shows."""

    id: str
    name: str
    role: str
    alive: Expr | None
    stats: tuple[tuple[str, Template], ...]
    shown: Expr | None = None  # while false, the crew panel leaves them out (None: always shown)


@dataclass(frozen=True, slots=True)
class CountdownSettings:
    """How the story's countdown is shown and where it ends."""

    label: str
    unit: str
    start: int | float
    warning: int | float
    expires: str


@dataclass(frozen=True, slots=True)
class Story:
    """A whole loaded story: the story root plus any branches, merged."""

    id: str
    title: str
    version: str
    start: str
    variables: dict[str, Variable]
    scenes: dict[str, Scene]
    crew: tuple[CrewMember, ...]
    countdown: CountdownSettings | None
    ui_classes: tuple[tuple[str, Expr], ...]
    fingerprint: str
    branches: tuple[str, ...]
    files: tuple[str, ...]
    #: What the loader noticed but could load (a text YAML cut at a ' #'): (where, message), for ``check``.
    warnings: tuple[tuple[Source, str], ...] = ()
    #: What ``derived`` has built, by builder: not story data (never cached, compared or copied).
    _derived: dict[Callable[[Story], object], object] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def derived(self, build: Callable[[Story], _Derived]) -> _Derived:
        """``build(self)``, built on first use and then kept with this story for every later caller.

        For what the engine derives from a story once and shares between all
        its games (the state machine). It lives and dies with this story
        object; a copy made with ``dataclasses.replace`` starts without it.
        Safe from several threads: two first callers may both build, but one
        result is kept and both get it.
        """
        found = self._derived.get(build)
        if found is None:
            # setdefault is atomic: a result another thread kept first wins.
            found = self._derived.setdefault(build, build(self))
        return cast(_Derived, found)

    @property
    def endings(self) -> list[Scene]:
        """The ending scenes, in story order."""
        return [scene for scene in self.scenes.values() if scene.ending is not None]
