"""The story as a ``transitions`` state machine.

Scenes are states; every (choice, outcome) pair is a trigger whose guard is
the transition's condition and whose effects and time cost are its
``before`` callbacks; entering a scene counts the visit and runs the scene's
entry effects. When the countdown is part of the story, each trigger has a
first transition to the expiry scene, taken when the choice would spend the
last of the time, so the target is never entered in that case.

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
    """Build the machine for ``story``; its callbacks act on ``runtime.state``.

    The model is not bound to the machine: the engine fires events through
    ``machine.events`` and never calls the per-trigger ``model.<trigger>()`` or
    ``may_<trigger>()`` methods, and binding them costs two attributes per trigger
    (and an ``is_<scene>`` per state) on a large story. Events and transitions are
    made with the machine's own classes, as ``add_transition`` would make them,
    without its per-call argument normalising.
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
        events: dict[str, Any] = machine.events
        make_event = machine.event_cls
        make_condition = machine.transition_cls.condition_cls
        countdown = story.countdown
        for scene in story.scenes.values():
            source = scene.id
            expiry = scene.expires or (countdown.expires if countdown else None)
            if expiry is not None and scene.ending is None:
                name = expire_trigger(source)
                event = events[name] = make_event(name, machine)
                event.add_transition(_transition(machine, source, expiry, [], _NO_CALLBACKS))
            for choice in scene.choices:
                # The callbacks and their Condition wrappers are made once per choice and shared
                # by its transitions (one per outcome, and each one's expiry twin).
                conditions: list[Callable[[], bool]] = []
                if choice.guard is not None:
                    conditions.append(_guard_callback(choice, runtime))
                checks = [make_condition(condition) for condition in conditions]
                expiry_checks = [*checks, make_condition(_expiry_callback(choice, runtime))]
                before = [_choice_callback(choice, runtime)]
                for outcome in choice.outcomes:
                    name = trigger_name(source, choice.id, outcome.scene)
                    if name in events:
                        event = events[name]
                    else:
                        event = events[name] = make_event(name, machine)
                    if expiry is not None:
                        event.add_transition(_transition(machine, source, expiry, expiry_checks, before))
                    event.add_transition(_transition(machine, source, outcome.scene, checks, before))
    machine.set_state(story.start, model)
    return machine, model


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
