"""How a game renders what the player sees from its live state: the scene view, choices, countdown, crew.

``ViewRendering`` is the part of ``Game`` (``game.engine.game``) that draws
views; ``Game`` plays turns. Views never change the game: rendering only
reads the state (and fills caches of what it drew).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from game.engine.effects import countdown_after, touches_clock
from game.engine.errors import StoryRuntimeError
from game.engine.reads import KeptDrawing, StateReads
from game.engine.state import draw_outcome
from game.engine.views import NO_COUNTDOWN, ChoiceView, CountdownView, CrewView, SceneView, ending_view
from game.story.expressions import EvaluationError, Expr, Template
from game.story.model import Choice, Source, Story
from game.text import SEAM, one_line, prose_text

if TYPE_CHECKING:
    from game.engine.machine import Runtime


class ViewRendering:
    """What the player sees now, rendered from the game's live state (a base of ``Game``)."""

    story: Story
    _runtime: Runtime

    def _start_rendering(self, story: Story) -> None:
        """Set up what rendering keeps between turns (called once, when the game is created)."""
        # The crew panel and UI classes change only when what they read changes: the last result is kept.
        crew_reads, ui_reads = story.derived(_drawing_reads)
        self._crew_kept: KeptDrawing[tuple[CrewView, ...]] = KeptDrawing(crew_reads)
        self._ui_kept: KeptDrawing[frozenset[str]] = KeptDrawing(ui_reads)
        # Texts without templates read the same every turn: settled once per story, shared by its games.
        self._settled_plain: dict[tuple[int, bool], str] = story.derived(_settled_plain_texts)

    def view(self) -> SceneView:
        """What the player sees now."""
        state = self._runtime.state
        scene = self.story.scenes[state.scene]
        ending = scene.ending
        return SceneView(
            turn=state.turn,
            scene=scene.id,
            title=self._settled(scene.title, scene.source, f"the title of scene '{scene.id}'", one_line),
            text=self._settled(scene.text, scene.source, f"the text of scene '{scene.id}'", prose_text),
            choices=tuple(self.choices()),
            countdown=self.countdown(),
            ending=ending_view(ending) if ending else None,
            crew=self._crew(),
            ui_classes=self.ui_classes(),
        )

    def choices(self) -> list[ChoiceView]:
        """The current scene's choices that are shown: enabled, or disabled with a reason."""
        state = self._runtime.state
        scene = self.story.scenes[state.scene]
        shown: list[ChoiceView] = []
        for choice in scene.choices:
            if choice.once and f"{scene.id}.{choice.id}" in state.used_once:
                continue
            enabled = self._guard_holds(choice)
            if not enabled and choice.disabled_reason is None:
                continue
            reason = None
            if not enabled:
                assert choice.disabled_reason is not None
                reason = one_line(
                    self._render(choice.disabled_reason, choice.source, f"the reason of choice '{choice.id}'")
                )
            text = self._settled(choice.text, choice.source, f"the text of choice '{choice.id}'", one_line)
            spent, expires = self._clock_outlook(choice, enabled)
            shown.append(ChoiceView(choice.id, text, enabled, reason, spent, expires))
        return shown

    def _clock_outlook(self, choice: Choice, enabled: bool) -> tuple[int | float, bool]:
        """What taking ``choice`` now spends from the countdown, and whether it runs the countdown out.

        The same rule as taking it (``Game._take_undoably``, the machine's ``take``
        and ``would_expire``, then ``_expire_if_due`` after the target's entry
        effects), worked out on the numbers alone. A random choice's target is
        the one the generator will draw, but it is drawn here only when some
        outcome's entry effects touch the clock.
        """
        state = self._runtime.state
        running, left = state.countdown_active, state.remaining
        if not running and self.story.countdown is None:
            # No countdown settings, so no effect can start the clock (a load error): nothing to work out.
            return 0, False
        if choice.effects:
            running, left = countdown_after(choice.effects, running, left, self.story)
        if not running:
            spent: int | float = 0
        else:
            # The whole cost, even when less is left: "10 min, and the clock runs out" explains itself.
            spent = choice.cost
            left -= spent
            if left <= 0:
                return spent, enabled
        if not enabled:
            return spent, False
        scenes = self.story.scenes
        outcomes = choice.outcomes
        if len(outcomes) == 1:
            entry = scenes[outcomes[0].scene].on_enter
            if not entry:
                return spent, False
        elif any(touches_clock(scenes[outcome.scene].on_enter) for outcome in outcomes):
            entry = scenes[draw_outcome(choice, state.rng)[0]].on_enter
        else:
            return spent, False
        running, left = countdown_after(entry, running, left, self.story)
        return spent, running and left <= 0

    def countdown(self) -> CountdownView:
        """The countdown's state for display."""
        state = self._runtime.state
        settings = self.story.countdown
        if settings is None:
            return NO_COUNTDOWN
        remaining = state.remaining
        if not state.countdown_active:
            level = "off"
        elif remaining <= max(1, settings.warning / 4):
            level = "critical"
        elif remaining <= settings.warning:
            level = "warning"
        else:
            level = "normal"
        return CountdownView(state.countdown_active, remaining, settings.label, settings.unit, settings.warning, level)

    def ui_classes(self) -> frozenset[str]:
        """The story's UI classes whose conditions hold now (e.g. ``dark``)."""
        return self._ui_kept.get(self._runtime.state, self._draw_ui_classes)

    def _draw_ui_classes(self) -> frozenset[str]:
        state = self._runtime.state
        active: set[str] = set()
        for name, condition in self.story.ui_classes:
            try:
                if condition.evaluate(state):
                    active.add(name)
            except EvaluationError as error:
                raise StoryRuntimeError(f"ui class '{name}': {error}") from None
        return frozenset(active)

    def _crew(self) -> tuple[CrewView, ...]:
        return self._crew_kept.get(self._runtime.state, self._draw_crew)

    def _draw_crew(self) -> tuple[CrewView, ...]:
        state = self._runtime.state
        crew: list[CrewView] = []
        for member in self.story.crew:
            if member.shown is not None:
                try:
                    if not member.shown.evaluate(state):
                        continue
                except EvaluationError as error:
                    raise StoryRuntimeError(f"crew '{member.id}' shown: {error}") from None
            alive = None
            if member.alive is not None:
                try:
                    alive = bool(member.alive.evaluate(state))
                except EvaluationError as error:
                    raise StoryRuntimeError(f"crew '{member.id}' alive: {error}") from None
            stats = tuple(
                (one_line(label), one_line(self._render(template, None, f"crew '{member.id}' stat '{label}'")))
                for label, template in member.stats
            )
            crew.append(CrewView(member.id, one_line(member.name), one_line(member.role), alive, stats))
        return tuple(crew)

    def _settled(self, template: Template, source: Source | None, what: str, settle: Callable[[str], str]) -> str:
        """``settle`` (``prose_text`` or ``one_line``) of the template rendered now; a plain text is settled once."""
        if not template.is_plain:
            return settle(self._render(template, source, what))
        key = (id(template), settle is prose_text)
        found = self._settled_plain.get(key)
        if found is None:
            # The story keeps its templates alive as long as this cache, so an id names one template.
            found = self._settled_plain.setdefault(key, settle(self._render(template, source, what)))
        return found

    def _render(self, template: Template, source: Source | None, what: str) -> str:
        """The template rendered now, with ``SEAM`` where its passages stood (for ``prose_text``, ``one_line``)."""
        try:
            return template.render(self._runtime.state, seam=SEAM)
        except EvaluationError as error:
            # A located template knows the file it was written in (a branch's, for text added with extend:).
            written = error.where or source
            where = f"{written}: " if written else ""
            raise StoryRuntimeError(f"{where}in {what}: {error}") from None

    def _guard_holds(self, choice: Choice) -> bool:
        if choice.guard is None:
            return True
        try:
            return bool(choice.guard.evaluate(self._runtime.state))
        except EvaluationError as error:
            raise StoryRuntimeError(f"{choice.source}: in the condition '{choice.guard.source}': {error}") from None


def _drawing_reads(story: Story) -> tuple[StateReads, StateReads]:
    """What the crew panel and the UI classes read: worked out once per story (``Story.derived``)."""
    return StateReads.of(_crew_expressions(story)), StateReads.of(condition for _, condition in story.ui_classes)


def _crew_expressions(story: Story) -> list[Expr]:
    """Every expression the crew panel evaluates."""
    found: list[Expr] = []
    for member in story.crew:
        found += [condition for condition in (member.shown, member.alive) if condition is not None]
        for _, template in member.stats:
            found += template.expressions()
    return found


def _settled_plain_texts(story: Story) -> dict[tuple[int, bool], str]:
    """An empty memo of a story's plain texts as views show them (filled as games draw them)."""
    return {}
