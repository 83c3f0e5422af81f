"""The story as a ``transitions`` state machine.

Scenes are states; every (choice, outcome) pair is a trigger whose guard is
the transition's condition and whose effects and time cost are its
``before`` callbacks; entering a scene counts the visit and runs the scene's
entry effects. When the countdown is part of the story, each trigger has a
first transition to the expiry scene, taken when the choice would spend the
last of the time, so the target is never entered in that case. Triggers join
the machine the first time they are fired.

Only the engine (``game.engine.game``) touches this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from transitions import Machine, State

from game.engine.effects import apply_effects, countdown_after
from game.engine.state import GameState
from game.story.cache import gc_paused
from game.story.model import Choice, Scene, Story

EXPIRE_SUFFIX = "!expire"


class Runtime(Protocol):
    """What the machine's callbacks read and change: the live game state."""

    state: GameState
    story: Story
    visit_journal: list[tuple[str, int]] | None


class StoryMachine(Machine):  # type: ignore[misc]
    """A ``transitions`` machine that also keeps the shared callback lists its triggers are made with."""

    #: Conditions of a choice's transition to its target: the guard.
    target_checks: list[Any]
    #: Conditions of a choice's transition to the expiry scene: the guard, and the clock running out.
    expiry_checks: list[Any]
    #: A choice's ``before`` callbacks: its effects and time cost.
    before: list[Any]


class MachineModel:
    """The object ``transitions`` drives; it only carries the machine's state name."""

    state: str


def trigger_name(scene: str, choice: str, target: str) -> str:
    """The machine trigger for taking ``choice`` in ``scene`` and landing on ``target``."""
    return f"{scene}.{choice}>{target}"


def expire_trigger(scene: str) -> str:
    """The machine trigger that ends the countdown while in ``scene``."""
    return scene + EXPIRE_SUFFIX


def build_machine(story: Story, runtime: Runtime) -> tuple[StoryMachine, MachineModel]:
    """Build the machine for ``story``: every scene a state; triggers are added on first use.

    A trigger (a choice's outcome, or a scene's expiry) joins the machine the
    first time it is fired (``event_for``, ``expiry_event_for``), so a game
    holds only the transitions it has used: a 10,000-scene story starts in
    milliseconds instead of building 70,000 transitions, most of them never
    taken. The model is not bound to the machine: the engine fires events
    through ``machine.events`` and never calls ``model.<trigger>()`` or
    ``may_<trigger>()``. Events and transitions are made with the machine's own
    classes, as ``add_transition`` would make them.

    Every callback is shared by the whole machine: a choice's trigger is fired
    with the choice as its argument (``event.trigger(model, choice)``), and a
    scene's entry reads the scene from the model, so a long game does not
    accumulate a closure for every transition it has taken.
    """
    model = MachineModel()
    callbacks = _Callbacks(runtime, model)
    with gc_paused():
        enter: list[str | Callable[..., bool | None]] = [callbacks.enter]
        states = [State(scene_id, on_enter=enter) for scene_id in story.scenes]
        machine = StoryMachine(
            model=None,
            states=states,
            initial=story.start,
            auto_transitions=False,
            send_event=False,
            ignore_invalid_triggers=False,
            model_attribute="state",
        )
    machine.set_state(story.start, model)
    condition = machine.transition_cls.condition_cls
    guard = condition(callbacks.guard_holds)
    machine.target_checks = [guard]
    machine.expiry_checks = [guard, condition(callbacks.would_expire)]
    machine.before = [callbacks.take]
    return machine, model


def expiry_scene(story: Story, scene: Scene) -> str | None:
    """Where the countdown's expiry leads from ``scene`` (None: nowhere, or an ending)."""
    if scene.ending is not None:
        return None
    countdown = story.countdown
    return scene.expires or (countdown.expires if countdown else None)


def event_for(machine: StoryMachine, story: Story, scene: Scene, choice: Choice, target: str) -> Any:
    """The trigger for taking ``choice`` in ``scene`` towards ``target``, added to the machine if new.

    Fire it with ``event.trigger(model, choice)``. Its guard is the
    transitions' condition, its effects and time cost their ``before``
    callbacks. With a countdown, a first transition goes to the expiry scene,
    taken when the choice would spend the last of the time.
    """
    name = trigger_name(scene.id, choice.id, target)
    events: dict[str, Any] = machine.events
    event = events.get(name)
    if event is not None:
        return event
    event = events[name] = machine.event_cls(name, machine)
    expiry = expiry_scene(story, scene)
    if expiry is not None:
        event.add_transition(_transition(machine, scene.id, expiry, machine.expiry_checks, machine.before))
    event.add_transition(_transition(machine, scene.id, target, machine.target_checks, machine.before))
    return event


def expiry_event_for(machine: Machine, story: Story, scene: Scene) -> Any | None:
    """The trigger that ends the countdown in ``scene`` (None when expiry leads nowhere from it)."""
    expiry = expiry_scene(story, scene)
    if expiry is None:
        return None
    name = expire_trigger(scene.id)
    events: dict[str, Any] = machine.events
    event = events.get(name)
    if event is None:
        event = events[name] = machine.event_cls(name, machine)
        event.add_transition(_transition(machine, scene.id, expiry, [], _NO_CALLBACKS))
    return event


#: Shared by every transition for its unused callback lists (the engine never adds callbacks later).
_NO_CALLBACKS: tuple[Any, ...] = ()


def _transition(machine: Machine, source: str, dest: str, checks: list[Any], before: Sequence[Any]) -> Any:
    """A transition as ``add_transition`` makes it, with shared callback lists to keep a large machine small."""
    spec: dict[str, Any] = {"before": before, "prepare": _NO_CALLBACKS, "after": _NO_CALLBACKS}
    transition = machine.transition_cls(source, dest, **spec)
    transition.conditions = checks
    return transition


class _Callbacks:
    """The machine's callbacks, one set per game: a choice arrives as the trigger's argument."""

    __slots__ = ("model", "runtime")

    def __init__(self, runtime: Runtime, model: MachineModel) -> None:
        self.runtime = runtime
        self.model = model

    def enter(self, *_: object) -> None:
        """Entering a scene (the model already names it): count the visit, run its entry effects."""
        runtime = self.runtime
        state = runtime.state
        scene_id = state.scene = self.model.state
        before = state.visits.get(scene_id, 0)
        journal = runtime.visit_journal
        if journal is not None:
            journal.append((scene_id, before))
        state.visits[scene_id] = before + 1
        effects = runtime.story.scenes[scene_id].on_enter
        if effects:
            apply_effects(effects, state, runtime.story)

    def guard_holds(self, choice: Choice) -> bool:
        """The choice's guard (checked against the turn before the choice)."""
        guard = choice.guard
        return guard is None or bool(guard.evaluate(self.runtime.state))

    def take(self, choice: Choice) -> None:
        """The choice's effects and time cost."""
        state = self.runtime.state
        # The guard was checked against the turn before this choice; from here on it counts.
        state.turn += 1
        if choice.effects:
            apply_effects(choice.effects, state, self.runtime.story)
        if state.countdown_active:
            state.remaining -= choice.cost
            if state.remaining <= 0:
                state.remaining = 0
                state.countdown_active = False

    def would_expire(self, choice: Choice) -> bool:
        """True when the choice would spend the last of the time (its effects counted first)."""
        state = self.runtime.state
        active, remaining = countdown_after(choice.effects, state.countdown_active, state.remaining, self.runtime.story)
        return active and remaining - choice.cost <= 0
