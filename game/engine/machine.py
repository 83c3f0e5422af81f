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


class MachineModel:
    """The object ``transitions`` drives; it only carries the machine's state name."""

    state: str


def trigger_name(scene: str, choice: str, target: str) -> str:
    """The machine trigger for taking ``choice`` in ``scene`` and landing on ``target``."""
    return f"{scene}.{choice}>{target}"


def expire_trigger(scene: str) -> str:
    """The machine trigger that ends the countdown while in ``scene``."""
    return scene + EXPIRE_SUFFIX


def build_machine(story: Story, runtime: Runtime) -> tuple[Machine, MachineModel]:
    """Build the machine for ``story``: every scene a state; triggers are added on first use.

    A trigger (a choice's outcome, or a scene's expiry) joins the machine the
    first time it is fired (``event_for``, ``expiry_event_for``), so a game
    holds only the transitions it has used: a 10,000-scene story starts in
    milliseconds instead of building 70,000 transitions, most of them never
    taken. The model is not bound to the machine: the engine fires events
    through ``machine.events`` and never calls ``model.<trigger>()`` or
    ``may_<trigger>()``. Events and transitions are made with the machine's own
    classes, as ``add_transition`` would make them.
    """
    model = MachineModel()
    with gc_paused():
        states = [State(scene.id, on_enter=[_enter_callback(scene, runtime)]) for scene in story.scenes.values()]
        machine = Machine(
            model=None,
            states=states,
            initial=story.start,
            auto_transitions=False,
            send_event=False,
            ignore_invalid_triggers=False,
            model_attribute="state",
        )
    machine.set_state(story.start, model)
    return machine, model


def expiry_scene(story: Story, scene: Scene) -> str | None:
    """Where the countdown's expiry leads from ``scene`` (None: nowhere, or an ending)."""
    if scene.ending is not None:
        return None
    countdown = story.countdown
    return scene.expires or (countdown.expires if countdown else None)


def event_for(machine: Machine, story: Story, runtime: Runtime, scene: Scene, choice: Choice, target: str) -> Any:
    """The trigger for taking ``choice`` in ``scene`` towards ``target``, added to the machine if new.

    Its guard is the transitions' condition, its effects and time cost their
    ``before`` callbacks. With a countdown, a first transition goes to the
    expiry scene, taken when the choice would spend the last of the time.
    """
    name = trigger_name(scene.id, choice.id, target)
    events: dict[str, Any] = machine.events
    event = events.get(name)
    if event is not None:
        return event
    make_condition = machine.transition_cls.condition_cls
    checks = [make_condition(_guard_callback(choice, runtime))] if choice.guard is not None else []
    before = [_choice_callback(choice, runtime)]
    event = events[name] = machine.event_cls(name, machine)
    expiry = expiry_scene(story, scene)
    if expiry is not None:
        expiry_checks = [*checks, make_condition(_expiry_callback(choice, runtime))]
        event.add_transition(_transition(machine, scene.id, expiry, expiry_checks, before))
    event.add_transition(_transition(machine, scene.id, target, checks, before))
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
_NO_CALLBACKS: tuple[Callable[[], None], ...] = ()


def _transition(machine: Machine, source: str, dest: str, checks: list[Any], before: Sequence[Any]) -> Any:
    """A transition as ``add_transition`` makes it, with shared callback lists to keep a large machine small."""
    spec: dict[str, Any] = {"before": before, "prepare": _NO_CALLBACKS, "after": _NO_CALLBACKS}
    transition = machine.transition_cls(source, dest, **spec)
    transition.conditions = checks
    return transition


def _enter_callback(scene: Scene, runtime: Runtime) -> Callable[[], None]:
    scene_id = scene.id
    effects = scene.on_enter

    def enter() -> None:
        state = runtime.state
        state.scene = scene_id
        before = state.visits.get(scene_id, 0)
        journal = runtime.visit_journal
        if journal is not None:
            journal.append((scene_id, before))
        state.visits[scene_id] = before + 1
        if effects:
            apply_effects(effects, state, runtime.story)

    return enter


def _guard_callback(choice: Choice, runtime: Runtime) -> Callable[[], bool]:
    guard = choice.guard
    assert guard is not None
    return lambda: bool(guard.evaluate(runtime.state))


def _choice_callback(choice: Choice, runtime: Runtime) -> Callable[[], None]:
    effects = choice.effects
    cost = choice.cost

    def take() -> None:
        state = runtime.state
        # The guard was checked against the turn before this choice; from here on it counts.
        state.turn += 1
        if effects:
            apply_effects(effects, state, runtime.story)
        if state.countdown_active:
            state.remaining -= cost
            if state.remaining <= 0:
                state.remaining = 0
                state.countdown_active = False

    return take


def _expiry_callback(choice: Choice, runtime: Runtime) -> Callable[[], bool]:
    effects = choice.effects
    cost = choice.cost

    def would_expire() -> bool:
        state = runtime.state
        active, remaining = countdown_after(effects, state.countdown_active, state.remaining, runtime.story)
        return active and remaining - cost <= 0

    return would_expire
