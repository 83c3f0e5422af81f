"""game.collector: the collector's pauses restore its state, and start-up's pause ends with the collector on."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from game.collector import freeze_long_lived, gc_paused, paused_for_startup, resume_after_startup


@pytest.fixture(autouse=True)
def _collector_back_on() -> Iterator[None]:
    yield
    gc.enable()
    gc.unfreeze()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_pause_restores_the_collectors_state(enabled_before: bool) -> None:
    (gc.enable if enabled_before else gc.disable)()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled_before


def test_a_pause_restores_the_state_after_an_error() -> None:
    gc.enable()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_start_up_resumed_early_freezes_what_it_built_once() -> None:
    with paused_for_startup():
        assert not gc.isenabled()
        resume_after_startup()
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        resume_after_startup()  # already on: nothing more is frozen
        assert gc.get_freeze_count() == frozen
    assert gc.isenabled()


def test_start_up_that_never_resumes_still_ends_with_the_collector_on() -> None:
    with pytest.raises(RuntimeError), paused_for_startup():
        raise RuntimeError("start-up failed")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_freezing_moves_living_objects_out_of_the_collectors_passes() -> None:
    gc.unfreeze()
    freeze_long_lived()
    assert gc.get_freeze_count() > 0
