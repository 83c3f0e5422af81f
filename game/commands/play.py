"""``exception play``: play a story in the terminal UI, as plain text, or as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from game.commands.common import add_story_arguments, load_or_report, story_dirs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``play``."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--plain", action="store_true", help="line-based play for screen readers, pipes and scripts")
    mode.add_argument("--jsonl", action="store_true", help="one JSON object per turn, for programs")
    parser.add_argument("--seed", type=int, help="seed for the story's random outcomes (default: random)")
    parser.add_argument("--load", metavar="SLOT_OR_FILE", help="continue from a save slot or a save file")
    parser.add_argument(
        "--saves", metavar="DIR", help="the save directory (default: $EXCEPTION_SAVES_DIR or the per-user data folder)"
    )
    parser.add_argument("--no-autosave", action="store_true", help="plain and JSON-lines modes: do not autosave")
    parser.add_argument("--watch", action="store_true", help="terminal UI: reload the story when its files change")
    add_story_arguments(parser)


def launch_ui(args: argparse.Namespace, *, replay: Path | None = None) -> int:
    """Open the Textual UI (the story loads inside it, after the first frame)."""
    from game.ui import AppOptions, run_app

    options = AppOptions(
        story_dir=story_dirs(args)[0],
        branches=tuple(Path(branch) for branch in args.branch),
        seed=getattr(args, "seed", None),
        saves_dir=Path(args.saves) if getattr(args, "saves", None) else None,
        load=getattr(args, "load", None),
        replay=replay,
        watch=bool(getattr(args, "watch", False)),
    )
    return run_app(options)


def run(args: argparse.Namespace) -> int:
    """Start the chosen front end."""
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not (args.plain or args.jsonl) and interactive:
        return launch_ui(args)
    # Without a terminal the UI cannot draw: play line by line instead.
    from game.engine import Game, StoryRuntimeError
    from game.saves import SaveError, SaveStore, new_playthrough, playthrough_after_load

    story = load_or_report(story_dirs(args)[0], args)
    if story is None:
        return 1
    store = SaveStore(Path(args.saves) if args.saves else None)
    notice: str | None = None
    earlier_play_time = 0.0
    playthrough = new_playthrough()
    try:
        if args.load:
            loaded = store.load(args.load, story)
            game, notice, earlier_play_time = loaded.game, loaded.notice, loaded.play_time
            playthrough = playthrough_after_load(loaded.save)
        else:
            game = Game(story, args.seed)
    except SaveError as error:
        print(f"exception: {error}", file=sys.stderr)
        return 1
    except StoryRuntimeError as problem:
        print(f"story error: {problem}", file=sys.stderr)
        return 1

    started = time.monotonic()

    def autosave(current: Game) -> None:
        try:
            store.autosave(current, play_time=earlier_play_time + time.monotonic() - started, playthrough=playthrough)
        except SaveError as error:
            print(f"exception: autosave failed: {error}", file=sys.stderr)

    after_turn = None if args.no_autosave else autosave
    if args.jsonl:
        from game.frontends.jsonl import run_jsonl

        if notice:
            print(json.dumps({"notice": notice}, ensure_ascii=False), flush=True)
        return run_jsonl(game, sys.stdin, sys.stdout, after_turn=after_turn)
    from game.frontends.plain import run_plain

    if notice:
        print(f"[{notice}]")
    return run_plain(game, sys.stdin, sys.stdout, after_turn=after_turn)
