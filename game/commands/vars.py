"""``exception vars``: every variable of a story, its type and start value, where it is set and read."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game.commands.common import add_reference_arguments, run_reference
from game.commands.reference_text import Lines, how_many, where
from game.engine import Story
from game.story.expressions import format_value
from game.text import clean_text
from game.tools.reference import Use, VariableEntry, variable_reference, variables_as_json

#: How each type is named for a person.
TYPE_WORDS = {"bool": "true/false", "num": "number", "str": "text"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``vars``."""
    add_reference_arguments(parser, "variables")


def run(args: argparse.Namespace) -> int:
    """Print the variable reference of the story folder."""
    return run_reference(args, "vars", variable_reference, lambda entry: entry.name, _as_json, as_text)


def _as_json(_story: Story, entries: Sequence[VariableEntry], story_dir: str) -> dict[str, Any]:
    # The variables' document does not name the story's start or countdown, as the scenes' does.
    return variables_as_json(entries, story_dir)


def as_text(directory: Path, story: Story, entries: Sequence[VariableEntry]) -> str:
    """The reference for a person: each variable, its comment, then where it is set and read."""
    out = Lines()
    out.wrap(
        "",
        f"{directory}: '{clean_text(story.title)}' {clean_text(story.version)}: {how_many(len(entries), len(story.variables), 'variable')}",
    )
    out.add("Each variable: its type and start value, where it is declared, its comment;")
    out.add("'set': the effects that change it; 'read': the guards, texts, panels reading it.")
    for entry in entries:
        out.add("")
        initial = f'"{entry.initial}"' if isinstance(entry.initial, str) else format_value(entry.initial)
        out.wrap("", f"{entry.name} · {TYPE_WORDS.get(entry.type, entry.type)}, starts {clean_text(initial)}")
        out.wrap("  ", where(entry.source))
        if entry.comment:
            out.wrap("  ", clean_text(entry.comment))
        sets = [_use(use, reading=False) for use in entry.set_at] or ["never (it keeps its start value)"]
        for index, text in enumerate(sets):
            out.wrap("  set  " if index == 0 else "       ", text)
        reads = [_use(use, reading=True) for use in entry.read_at] or ["never"]
        for index, text in enumerate(reads):
            out.wrap("  read " if index == 0 else "       ", text)
    return out.text()


def _use(use: Use, *, reading: bool) -> str:
    place = where(use.source)
    detail = clean_text(use.detail)
    if use.what == "effect":
        owner = f"{use.scene} › {use.choice}" if use.choice else f"{use.scene} on entering"
        return f"{place} {owner}{' effect' if reading else ''}: {detail}"
    if use.what.startswith("crew"):
        part = f"stat '{use.stat}'" if use.what == "crew stat" else use.what.removeprefix("crew ")
        return f"{place} crew {use.name} {part}: {detail}"
    if use.what == "ui class":
        return f"{place} ui class '{use.name}': {detail}"
    owner = f"{use.scene} › {use.choice}" if use.choice else str(use.scene)
    return f"{place} {owner} {use.what}: {detail}"
