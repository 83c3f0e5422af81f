"""The views a front end reads: frozen, plain data describing what the player sees now.

``Game.view`` and its parts (``game.engine.rendering``) build them from the
live state; front ends only read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.story.expressions import format_value
from game.story.model import Ending
from game.text import one_line


@dataclass(frozen=True, slots=True)
class ChoiceView:
    """A choice as a front end shows it.

    ``text`` and ``reason`` are on one line: no line break, no double space,
    no space at either end (``game.text.one_line``).

    ``cost`` is the time taking the choice now spends on the countdown: its
    ``cost`` while the clock runs, 0 while the clock is off or when the
    choice's own effects stop it. It is the figure the turn's log records,
    except that the log never records more than was left. ``expires`` is True
    when taking it now runs the countdown out (the choice's effects and its
    target's entry effects counted), which sends the player to the expiry
    scene instead of the target (an ending target keeps the player); it is
    False for a disabled choice.
    """

    id: str
    text: str
    enabled: bool
    reason: str | None
    cost: int | float
    #: True when taking this choice now would run the countdown out (its own effects counted).
    expires: bool = False

    @property
    def cost_text(self) -> str:
        """The time the choice spends, written as the countdown writes numbers (``2``, ``0.5``)."""
        return format_value(self.cost)


@dataclass(frozen=True, slots=True)
class CountdownView:
    """The countdown as a front end shows it. ``level`` is off, normal, warning or critical."""

    active: bool
    remaining: int | float
    label: str
    unit: str
    warning: int | float
    level: str

    @property
    def text(self) -> str:
        """The remaining time with its unit, e.g. ``42 min``."""
        return f"{format_value(self.remaining)} {self.unit}".strip()


@dataclass(frozen=True, slots=True)
class CrewView:
    """A crew member as the crew panel shows them."""

    id: str
    name: str
    role: str
    alive: bool | None
    stats: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class EndingView:
    """The ending the game has reached; ``title`` and ``hint`` are on one line, like a choice's text."""

    id: str
    title: str
    tone: str
    #: The author's hint for players who have not found this ending yet (None: no hint).
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class SceneView:
    """Everything a front end needs to draw the current turn.

    ``text`` is the scene's prose as paragraphs with exactly ``"\n\n"`` between
    them (``game.text.prose_text``): inside a paragraph the source's hard wraps
    are joined with single spaces, so a front end lays each paragraph out at
    its own width and joins nothing. A ``"\n"`` inside a paragraph is a line
    break the author asked for (a source line ending in a backslash: verse, a
    list); there is never a blank line inside one. No paragraph is empty, no
    line starts or ends with a space, there is no double space, and the gaps
    a false ``{if}`` passage leaves are closed. ``paragraphs`` splits it.
    ``title`` is on one line.
    """

    turn: int
    scene: str
    title: str
    text: str
    choices: tuple[ChoiceView, ...]
    countdown: CountdownView
    ending: EndingView | None
    crew: tuple[CrewView, ...]
    ui_classes: frozenset[str]

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs, in order (none when the text is empty)."""
        return self.text.split("\n\n") if self.text else []

    @property
    def enabled_choices(self) -> list[ChoiceView]:
        """The choices the player can take now."""
        return [choice for choice in self.choices if choice.enabled]


#: The countdown view of a story without a countdown (immutable, so one serves every game).
NO_COUNTDOWN = CountdownView(False, 0, "", "", 0, "off")


def ending_view(ending: Ending) -> EndingView:
    """The ending's card text as front ends show it: title and hint on one line."""
    hint = None if ending.hint is None else one_line(ending.hint)
    return EndingView(ending.id, one_line(ending.title), ending.tone, hint)
