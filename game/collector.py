"""Every pause of Python's cyclic garbage collector, in one place.

Why the pauses exist: loading a story, decoding a cached one, building its
state machine and replaying a save make hundreds of thousands of objects that
live on (or are dropped whole) and next to no cyclic garbage. The collector
runs by allocation count, so while they are made it walks them again and
again for nothing; on a large story that costs more than the work itself.
Likewise, what the program builds at start (the story, the UI's classes and
styles) lives as long as the program, so it is frozen out of the collector's
full passes once built.

Only this module switches the collector off, on or freezes it (a test scans
the sources for it), so the policy is read and changed here. It imports
nothing from the game and nothing from a UI library.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    The objects built (a story, its nodes, a machine) live on, so collecting
    while they are made only traverses them again and again; the collector's
    previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def paused_for_startup() -> Iterator[None]:
    """Pause the collector for a program's start-up; ``resume_after_startup`` may turn it on earlier.

    The collector is always on again when the block ends, whatever happened in it.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def resume_after_startup() -> None:
    """Start-up is done: freeze what it built out of the collector's full passes and turn the collector on.

    Does nothing when the collector is already on (start-up was not paused, or was resumed already).
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def freeze_long_lived() -> None:
    """Move everything alive now out of the collector's full passes (it lives as long as the program)."""
    gc.freeze()


__all__ = ["freeze_long_lived", "gc_paused", "paused_for_startup", "resume_after_startup"]
