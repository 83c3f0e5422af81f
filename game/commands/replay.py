"""``exception replay FILE``: watch, print or verify a saved playthrough."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from game.commands.common import add_story_arguments, load_or_report, story_dirs
from game.engine import Story
from game.saves import SaveError, SaveFile, read_save
from game.saves.replay import ReplayEnd, ReplayStep, replay_steps, verify


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``replay``."""
    parser.add_argument("file", metavar="FILE", help="a save file")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--transcript", action="store_true", help="print the playthrough as plain text")
    mode.add_argument("--jsonl", action="store_true", help="print the playthrough as JSON lines, one per turn")
    mode.add_argument(
        "--verify", action="store_true", help="exit 0 if replaying the log reproduces the save exactly, else 1"
    )
    add_story_arguments(parser)
    parser.add_argument("--saves", metavar="DIR", help="the save directory (for taking over from a replay)")


def run(args: argparse.Namespace) -> int:
    """Replay the save the way the arguments ask."""
    try:
        save = read_save(Path(args.file))
    except SaveError as error:
        print(f"exception: {error}", file=sys.stderr)
        return 1
    if not (args.transcript or args.jsonl or args.verify):
        from game.commands.play import launch_ui

        return launch_ui(args, replay=Path(args.file))
    # Only the branch folders given here are read: a save names the folders it was made
    # with, but a file may say anything, so those names are never opened.
    if not args.branch and save.branches:
        print(
            f"exception: note: this save was made with {len(save.branches)} branch folder(s); "
            "give them with --branch DIR to replay it as it was played",
            file=sys.stderr,
        )
    story = load_or_report(story_dirs(args)[0], args)
    if story is None:
        return 1
    try:
        if args.verify:
            return _verify(story, save)
        return _walk(story, save, sys.stdout, as_json=args.jsonl)
    except SaveError as error:
        print(f"exception: {save.path}: {error}", file=sys.stderr)
        return 1


def _verify(story: Story, save: SaveFile) -> int:
    difference = verify(story, save)
    if difference is None:
        print(f"{save.path}: ok — {len(save.log)} turns replay to the saved state exactly")
        return 0
    print(f"{save.path}: differs — {difference}", file=sys.stderr)
    return 1


def _walk(story: Story, save: SaveFile, out: TextIO, *, as_json: bool) -> int:
    from game.frontends.jsonl import observation
    from game.frontends.plain import render_view
    from game.text import clean_text

    if not as_json:
        out.write(f"{story.title} — a replay of '{save.slot}', {len(save.log)} turns, seed {save.seed}\n")
    status = 0
    for step in replay_steps(story, save):
        if isinstance(step, ReplayEnd):
            if step.divergence is not None:
                message = f"the story has changed: the replay stops at {step.divergence}"
                if as_json:
                    out.write(json.dumps({"divergence": message}, ensure_ascii=False) + "\n")
                else:
                    out.write(f"\n[{message}]\n")
                status = 1
            break
        assert isinstance(step, ReplayStep)
        if as_json:
            record: dict[str, Any] = observation(step.view)
            record["chosen"] = None if step.choice is None else {"id": step.choice.id, "text": step.choice.text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        # A transcript shows the choice taken, not the menu it was taken from.
        out.write(render_view(step.view, choices=step.choice is None) + "\n")
        if step.choice is not None:
            out.write(f"\n> {clean_text(step.choice.text)}\n")
    out.flush()
    return status
