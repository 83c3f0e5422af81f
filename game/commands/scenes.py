"""``exception scenes``: every scene of a story, where it is written, and what leads in and out."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from game.commands.common import add_reference_arguments, run_reference
from game.commands.reference_text import Lines, how_many, where
from game.engine import Story
from game.text import clean_text
from game.tools.reference import Exit, SceneEntry, Way, scene_reference, scenes_as_json

#: What a choice costs when it does not say (the guide's default): only other costs are shown.
DEFAULT_COST = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``scenes``."""
    add_reference_arguments(parser, "scenes")


def run(args: argparse.Namespace) -> int:
    """Print the scene reference of the story folder."""
    return run_reference(args, "scenes", scene_reference, lambda entry: entry.id, scenes_as_json, as_text)


def as_text(directory: Path, story: Story, entries: Sequence[SceneEntry]) -> str:
    """The reference for a person: scenes grouped by file, each with its ways in and out."""
    out = Lines()
    unit = story.countdown.unit if story.countdown else ""
    out.wrap(
        "",
        f"{directory}: '{clean_text(story.title)}' {clean_text(story.version)}: {how_many(len(entries), len(story.scenes), 'scene')}",
    )
    out.add("Each scene: its id and title; where it is written, its act and point of view;")
    cost = f"{DEFAULT_COST} {unit}".strip()
    out.add("'in': what leads there; 'out': its choices, → target [if guard; cost; clock],")
    out.add(f"a cost shown only when it is not {cost}.")
    current_file = None
    for entry in entries:
        if entry.source.path != current_file:
            current_file = entry.source.path
            act = f" (act {entry.act})" if entry.act else ""
            out.add("")
            out.add(f"== {current_file}{act} ==")
        out.add("")
        out.add(f"{entry.id} · {clean_text(entry.title)}")
        facts = [where(entry.source)]
        if entry.pov:
            facts.append("pov " + " or ".join(entry.pov))
        if entry.start:
            facts.append("the story starts here")
        if entry.ending:
            facts.append(f"ending '{entry.ending[0]}': {clean_text(entry.ending[1])} ({entry.ending[2]})")
        if entry.expires:
            facts.append(f"when the countdown runs out here: → {entry.expires}")
        if entry.on_enter_countdown:
            facts.append("on entering, the countdown: " + ", ".join(entry.on_enter_countdown))
        out.wrap("  ", " · ".join(facts))
        ways_in = [_way(way) for way in entry.ways_in] or ["nothing leads here"]
        for index, text in enumerate(ways_in):
            out.wrap("  in   " if index == 0 else "       ", text)
        exits = [_exit(exit_, unit) for exit_ in entry.exits]
        if not exits and entry.ending is None:
            exits = ["no choices"]
        for index, text in enumerate(exits):
            out.wrap("  out  " if index == 0 else "       ", text)
    return out.text()


def _way(way: Way) -> str:
    if way.kind == "start":
        return "the start of the story"
    if way.kind == "expiry":
        return f"the countdown runs out in {way.scene}" if way.scene else "the countdown runs out (any scene)"
    if way.kind == "extension":
        return f"extended by {where(way.source)}"
    return f"{way.scene}: {clean_text(way.text or '')}"


def _exit(exit_: Exit, unit: str) -> str:
    if len(exit_.targets) == 1:
        targets = exit_.targets[0][0]
    else:
        targets = " | ".join(f"{scene} {chance:.0%}" for scene, chance in exit_.targets)
    notes = []
    if exit_.guard:
        notes.append(f"if {exit_.guard}")
    if exit_.cost != DEFAULT_COST:
        notes.append(f"costs {exit_.cost:g}{' ' + unit if unit else ''}")
    if exit_.once:
        notes.append("once")
    notes.extend(f"countdown {word}" for word in exit_.countdown)
    suffix = f" [{'; '.join(notes)}]" if notes else ""
    return f"{clean_text(exit_.text)} → {targets}{suffix}"
