"""What the engine relies on from ``transitions``, through game.engine.transitions_adapter.

A ``transitions`` upgrade that changes any of it fails here, in terms of the
adapter, before any game does: one machine with no model drives several models
independently; entry callbacks run on entering (the initial state too);
conditions block a trigger, which then returns False and leaves the model where
it was; ``before`` callbacks run between the conditions and the entry; there are
no automatic ``to_<state>`` triggers; a trigger added after models exist works
for all of them; adding the same trigger twice keeps the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

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


@dataclass
class Model:
    """A game as the machine sees it: its state name and what the callbacks did to it."""

    where: str = ""
    log: list[str] = field(default_factory=list)
    allowed: bool = True


def _entered(event: Any) -> None:
    event.model.log.append(f"enter {event.model.where}")


def _before(event: Any) -> None:
    event.model.log.append(f"before {event.args[0]}")


def _allowed(event: Any) -> bool:
    return bool(event.model.allowed)


def _machine() -> SharedMachine:
    enter: list[Any] = [_entered]
    states = [QuietState(name, on_enter=enter) for name in ("hall", "vault", "roof")]
    return new_shared_machine(SharedMachine, states, "hall", "where")


def _add(machine: SharedMachine, name: str, source: str, dest: str) -> Any:
    return add_event(machine, name, [new_transition(machine, source, dest, [condition(machine, _allowed)], [_before])])


def test_entering_the_initial_state_runs_its_entry_callbacks() -> None:
    machine = _machine()
    model = Model()
    enter_initial(machine, "hall", model)
    assert model.where == "hall"
    assert model.log == ["enter hall"]


def test_a_trigger_runs_before_then_entry_with_the_model_and_arguments_it_is_fired_with() -> None:
    machine = _machine()
    model = Model()
    enter_initial(machine, "hall", model)
    event = _add(machine, "hall>vault", "hall", "vault")
    assert event.trigger(model, "the key") is True
    assert model.where == "vault"
    assert model.log == ["enter hall", "before the key", "enter vault"]


def test_a_failed_condition_blocks_the_trigger_which_returns_false() -> None:
    machine = _machine()
    model = Model(allowed=False)
    enter_initial(machine, "hall", model)
    event = _add(machine, "hall>vault", "hall", "vault")
    assert event.trigger(model, "the key") is False
    assert model.where == "hall"
    assert model.log == ["enter hall"], "nothing ran for a blocked trigger"


def test_transitions_are_tried_in_order_and_the_first_whose_conditions_hold_is_taken() -> None:
    machine = _machine()
    model = Model()
    enter_initial(machine, "hall", model)
    never = condition(machine, lambda event: False)
    event = add_event(
        machine,
        "hall>?",
        [
            new_transition(machine, "hall", "roof", [never], [_before]),
            new_transition(machine, "hall", "vault", [], [_before]),
        ],
    )
    assert event.trigger(model, "x") is True
    assert model.where == "vault"


def test_there_are_no_automatic_to_state_triggers() -> None:
    machine = _machine()
    assert not any(name.startswith("to_") for name in machine.events)
    assert find_event(machine, "to_vault") is None


def test_one_machine_drives_several_models_independently() -> None:
    machine = _machine()
    first, second = Model(), Model(allowed=False)
    for model in (first, second):
        enter_initial(machine, "hall", model)
    event = _add(machine, "hall>vault", "hall", "vault")
    assert event.trigger(first, "a") is True
    assert event.trigger(second, "b") is False
    assert (first.where, second.where) == ("vault", "hall")
    assert first.log == ["enter hall", "before a", "enter vault"]
    assert second.log == ["enter hall"]
    assert machine.models == [], "the machine holds no model"


def test_a_trigger_added_later_works_for_every_model() -> None:
    machine = _machine()
    early, late = Model(), Model()
    enter_initial(machine, "hall", early)
    _add(machine, "hall>vault", "hall", "vault").trigger(early, "a")
    enter_initial(machine, "hall", late)
    added = _add(machine, "vault>roof", "vault", "roof")
    found, earlier = find_event(machine, "vault>roof"), find_event(machine, "hall>vault")
    assert found is not None
    assert id(found) == id(added)
    assert earlier is not None
    assert added.trigger(early, "b") is True
    assert early.where == "roof"
    assert earlier.trigger(late, "c") is True
    assert added.trigger(late, "d") is True
    assert late.where == "roof"


def test_a_trigger_from_another_state_is_an_error() -> None:
    machine = _machine()
    model = Model()
    enter_initial(machine, "hall", model)
    event = _add(machine, "vault>roof", "vault", "roof")
    with pytest.raises(Exception, match="Can't trigger event"):
        event.trigger(model, "x")
    assert model.where == "hall"


def test_adding_a_trigger_twice_keeps_the_first() -> None:
    machine = _machine()
    first = _add(machine, "hall>vault", "hall", "vault")
    second = _add(machine, "hall>vault", "hall", "roof")
    assert second is first
    model = Model()
    enter_initial(machine, "hall", model)
    first.trigger(model, "x")
    assert model.where == "vault"


def test_an_unknown_state_is_refused() -> None:
    with pytest.raises(ValueError, match="not a registered state"):
        _machine().get_state("cellar")


def test_exit_callbacks_run_only_when_a_state_has_them() -> None:
    machine = _machine()
    left: list[str] = []
    machine.add_state(QuietState("porch", on_exit=[lambda event: left.append(event.model.where)]))
    model = Model()
    enter_initial(machine, "porch", model)
    _add(machine, "porch>hall", "porch", "hall").trigger(model, "x")
    assert left == ["porch"]
    assert model.where == "hall"
