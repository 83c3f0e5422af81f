"""Everything the engine takes from the ``transitions`` library, and the one place that knows its internals.

The engine keeps one machine per story and drives every game on it as a
separate model passed to each trigger; it builds states, events, transitions
and conditions itself, with shared callback lists, so that a machine for a
10,000-scene story stays small and a new game costs nothing. That reaches
past ``transitions``' documented interface (``Machine.state_cls``,
``event_cls``, ``transition_cls``, ``condition_cls``, ``Machine.events``,
``Machine.callbacks``, ``EventData``), so it is all done here: an upgrade of
the library that changes them breaks this module and its tests
(tests/test_transitions_adapter.py), nothing else. Only this module imports
``transitions`` (a test checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from transitions import EventData, Machine, State

#: A callback as the machine calls it: with ``send_event`` on, it receives the event (``EventData``).
Callback = Callable[[Any], Any]


class QuietState(State):  # type: ignore[misc]
    """A state with entry callbacks, entered without ``State.enter``'s two log records.

    Entering runs the entry callbacks as ``State.enter`` does; exiting runs the
    exit callbacks only when there are any. A step of a game enters one state
    and leaves one, so this is a good part of its cost.
    """

    def enter(self, event_data: EventData) -> None:
        """Run the entry callbacks."""
        event_data.machine.callbacks(self.on_enter, event_data)

    def exit(self, event_data: EventData) -> None:
        """Run the exit callbacks, if any."""
        if self.on_exit:
            event_data.machine.callbacks(self.on_exit, event_data)


class SharedMachine(Machine):  # type: ignore[misc]
    """A machine bound to no model: every trigger is fired with the model it acts on."""

    state_cls = QuietState

    def get_state(self, state: Any) -> QuietState:
        """The state named ``state``: state names are strings here, so no Enum lookup."""
        found = self.states.get(state)
        if found is None:
            raise ValueError(f"State '{state}' is not a registered state.")
        return cast(QuietState, found)


_Machine = TypeVar("_Machine", bound=SharedMachine)


def new_shared_machine(
    machine_class: type[_Machine], states: Sequence[QuietState], initial: str, model_attribute: str
) -> _Machine:
    """A machine of ``machine_class`` with these states and no model.

    No automatic ``to_<state>`` triggers, callbacks receive the event
    (``send_event``), an unknown trigger is an error, and each model keeps its
    state in ``model_attribute``.
    """
    return machine_class(
        model=None,
        states=list(states),
        initial=initial,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=False,
        model_attribute=model_attribute,
    )


def condition(machine: SharedMachine, check: Callback) -> Any:
    """A transition condition calling ``check`` (a guard: the transition is taken only when it returns true)."""
    return machine.transition_cls.condition_cls(check)


def new_transition(
    machine: SharedMachine, source: str, dest: str, conditions: list[Any], before: Sequence[Callback]
) -> Any:
    """A transition as ``add_transition`` makes it, sharing the callback lists given (a large machine stays small).

    ``conditions`` come from ``condition``; ``before`` runs once the conditions
    hold, before the destination is entered. The list objects are kept, not copied.
    """
    spec: dict[str, Any] = {"before": before, "prepare": _NO_CALLBACKS, "after": _NO_CALLBACKS}
    transition = machine.transition_cls(source, dest, **spec)
    transition.conditions = conditions
    return transition


def find_event(machine: SharedMachine, name: str) -> Any | None:
    """The machine's trigger named ``name``, or None when it has not been added."""
    events: dict[str, Any] = machine.events
    return events.get(name)


def add_event(machine: SharedMachine, name: str, transitions: Sequence[Any]) -> Any:
    """Add the trigger ``name`` with these transitions (tried in order) unless it exists; returns the kept one.

    The event is complete before it is published, and published atomically: a
    game on another thread never sees a half-made trigger, and when two threads
    add the same trigger at once both get the one that was kept. Fire it with
    ``event.trigger(model, *args)``: it returns False when no transition's
    conditions hold.
    """
    event = machine.event_cls(name, machine)
    for transition in transitions:
        event.add_transition(transition)
    events: dict[str, Any] = machine.events
    return events.setdefault(name, event)


def enter_initial(machine: SharedMachine, state_name: str, model: object) -> None:
    """Put ``model`` in ``state_name`` and run the state's entry callbacks, as a transition into it would."""
    machine.set_state(state_name, model)
    state = machine.get_state(state_name)
    state.enter(EventData(state, None, machine, model, args=(), kwargs={}))


#: Shared by every transition for its unused callback lists (the engine never adds callbacks later).
_NO_CALLBACKS: tuple[Any, ...] = ()


__all__ = [
    "Callback",
    "QuietState",
    "SharedMachine",
    "add_event",
    "condition",
    "enter_initial",
    "find_event",
    "new_shared_machine",
    "new_transition",
]
