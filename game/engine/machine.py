"""The story as a ``transitions`` state machine, one per story, shared by all its games.

Scenes are states; every (choice, outcome) pair is a trigger whose guard is
the transition's condition and whose effects and time cost are its
``before`` callbacks; entering a scene counts the visit and runs the scene's
entry effects. When the countdown is part of the story, each trigger has a
first transition to the expiry scene, taken when the choice would spend the
last of the time, so the target is never entered in that case. Triggers join
the machine the first time any game fires them.

One machine drives every game on a story: each game is its own model (its
``Runtime``: the game state and the machine's state name), passed to the
trigger, and the callbacks act on the model they are given. The machine itself
holds nothing of any game, so a new game, a restart or a loaded save costs the
same on a 10,000-scene story as on a small one, and games on one story never
see each other's state.

Only the engine (``game.engine.game``) touches this module. What it takes from
``transitions`` it takes through ``game.engine.transitions_adapter``.
"""

from __future__ import annotations

from typing import Any, Protocol

from game.collector import gc_paused
from game.engine.effects import apply_effects, countdown_after
from game.engine.state import GameState
from game.engine.transitions_adapter import (
    QuietState,
    SharedMachine,
    add_event,
    condition,
    enter_initial,
    find_event,
    new_shared_machine,
    new_transition,
)
from game.story.model import Choice, Scene, Story

EXPIRE_SUFFIX = "!expire"
#: The model attribute the machine keeps its state (a scene id) in.
MODEL_ATTRIBUTE = "machine_scene"


class Runtime(Protocol):
    """A game as the machine drives it (its model): the live game state and the machine's state name."""

    state: GameState
    story: Story
    visit_journal: list[tuple[str, int]] | None
    #: The scene the machine has the game in (``MODEL_ATTRIBUTE``); the game state's ``scene`` follows it.
    machine_scene: str


class SceneState(QuietState):
    """A scene as a machine state: scenes have entry callbacks and never exit callbacks."""


class StoryMachine(SharedMachine):
    """The story's machine, which also keeps the shared callback lists its triggers are made with.

    It holds no reference to its story (the story holds it): dropping a story frees the story
    at once, and the machine with it, even when the collector has frozen the story.
    """

    state_cls = SceneState

    #: Conditions of a choice's transition to its target: the guard.
    target_checks: list[Any]
    #: Conditions of a choice's transition to the expiry scene: the guard, and the clock running out.
    expiry_checks: list[Any]
    #: A choice's ``before`` callbacks: its effects and time cost.
    before: list[Any]


def trigger_name(scene: str, choice: str, target: str) -> str:
    """The machine trigger for taking ``choice`` in ``scene`` and landing on ``target``."""
    return f"{scene}.{choice}>{target}"


def expire_trigger(scene: str) -> str:
    """The machine trigger that ends the countdown while in ``scene``."""
    return scene + EXPIRE_SUFFIX


def shared_machine(story: Story) -> StoryMachine:
    """The machine of ``story``: built by the first game on it, then shared by every game on it.

    It is kept with the story object (``Story.derived``), so it lives as long
    as the story and never serves another one (a reloaded or changed story is
    a new object with a machine of its own).
    """
    return story.derived(build_machine)


def build_machine(story: Story) -> StoryMachine:
    """Build a machine for ``story``: every scene a state; triggers are added on first use.

    A trigger (a choice's outcome, or a scene's expiry) joins the machine the
    first time it is fired (``event_for``, ``expiry_event_for``), so the
    machine holds only the transitions some game has used. No model is bound
    to the machine: the engine fires events through ``machine.events`` with
    the game's model (``event.trigger(runtime, choice)``) and never calls
    ``model.<trigger>()`` or ``may_<trigger>()``. Events and transitions are
    made with the machine's own classes, as ``add_transition`` would make them.

    Every callback is shared by the whole machine and reads the game from the
    event (``send_event``): the model is the game's ``Runtime``, a choice's
    trigger carries the choice as its argument, and a scene's entry reads the
    scene from the model. Games therefore share the machine and the callbacks
    without sharing any state, and a long game does not accumulate a closure
    for every transition it has taken.
    """
    callbacks = _Callbacks()
    with gc_paused():
        enter: list[Any] = [callbacks.enter]
        states = [SceneState(scene_id, on_enter=enter) for scene_id in story.scenes]
        machine = new_shared_machine(StoryMachine, states, story.start, MODEL_ATTRIBUTE)
    guard = condition(machine, callbacks.guard_holds)
    machine.target_checks = [guard]
    machine.expiry_checks = [guard, condition(machine, callbacks.would_expire)]
    machine.before = [callbacks.take]
    return machine


def enter_start(machine: StoryMachine, runtime: Runtime) -> None:
    """Put the game in the start scene and enter it, as a transition would (its entry callbacks run)."""
    enter_initial(machine, runtime.story.start, runtime)


def expiry_scene(story: Story, scene: Scene) -> str | None:
    """Where the countdown's expiry leads from ``scene`` (None: nowhere, or an ending)."""
    if scene.ending is not None:
        return None
    countdown = story.countdown
    return scene.expires or (countdown.expires if countdown else None)


def event_for(machine: StoryMachine, story: Story, scene: Scene, choice: Choice, target: str) -> Any:
    """The trigger for taking ``choice`` in ``scene`` towards ``target``, added to the machine if new.

    Fire it with ``event.trigger(runtime, choice)``. Its guard is the
    transitions' condition, its effects and time cost their ``before``
    callbacks. With a countdown, a first transition goes to the expiry scene,
    taken when the choice would spend the last of the time.
    """
    name = trigger_name(scene.id, choice.id, target)
    event = find_event(machine, name)
    if event is not None:
        return event
    transitions = []
    expiry = expiry_scene(story, scene)
    if expiry is not None:
        transitions.append(new_transition(machine, scene.id, expiry, machine.expiry_checks, machine.before))
    transitions.append(new_transition(machine, scene.id, target, machine.target_checks, machine.before))
    # Published complete and atomically (see add_event): games on other threads may add it at once.
    return add_event(machine, name, transitions)


def expiry_event_for(machine: StoryMachine, story: Story, scene: Scene) -> Any | None:
    """The trigger that ends the countdown in ``scene`` (None when expiry leads nowhere from it)."""
    expiry = expiry_scene(story, scene)
    if expiry is None:
        return None
    name = expire_trigger(scene.id)
    event = find_event(machine, name)
    if event is None:
        event = add_event(machine, name, [new_transition(machine, scene.id, expiry, [], ())])
    return event


class _Callbacks:
    """The machine's callbacks, one set per machine: the game is the event's model, a choice its argument.

    Each receives the ``transitions`` EventData, typed ``Any`` here because its stub types the model
    as ``object`` and the arguments as an iterable: the model is a ``Runtime``, ``args`` a 1-tuple.
    """

    __slots__ = ()

    def enter(self, event: Any) -> None:
        """Entering a scene (the model already names it): count the visit, run its entry effects."""
        runtime: Runtime = event.model
        state = runtime.state
        scene_id = state.scene = runtime.machine_scene
        before = state.visits.get(scene_id, 0)
        journal = runtime.visit_journal
        if journal is not None:
            journal.append((scene_id, before))
        state.visits[scene_id] = before + 1
        story = runtime.story
        effects = story.scenes[scene_id].on_enter
        if effects:
            apply_effects(effects, state, story)

    def guard_holds(self, event: Any) -> bool:
        """The choice's guard (checked against the turn before the choice)."""
        guard = event.args[0].guard
        return guard is None or bool(guard.evaluate(event.model.state))

    def take(self, event: Any) -> None:
        """The choice's effects and time cost."""
        choice: Choice = event.args[0]
        runtime: Runtime = event.model
        state = runtime.state
        # The guard was checked against the turn before this choice; from here on it counts.
        state.turn += 1
        if choice.effects:
            apply_effects(choice.effects, state, runtime.story)
        if state.countdown_active:
            state.remaining -= choice.cost
            if state.remaining <= 0:
                state.remaining = 0
                state.countdown_active = False

    def would_expire(self, event: Any) -> bool:
        """True when the choice would spend the last of the time (its effects counted first)."""
        choice: Choice = event.args[0]
        runtime: Runtime = event.model
        state = runtime.state
        active, remaining = countdown_after(choice.effects, state.countdown_active, state.remaining, runtime.story)
        return active and remaining - choice.cost <= 0
