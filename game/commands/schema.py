"""``exception schema``: the JSON Schema of story files, for editors, generated from the story format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import default_story_dir

SCHEMA_NAME = "story.schema.json"


def schema_path() -> Path:
    """Where the schema file is: beside the bundled story (installed with the game, or the checkout's story/)."""
    return default_story_dir() / SCHEMA_NAME


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``schema``."""
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--path", action="store_true", help="print where the schema file is instead of its text (for editor settings)"
    )
    shown.add_argument(
        "--markdown", action="store_true", help="print the keys of each section as the guide's tables, not the schema"
    )


def run(args: argparse.Namespace) -> int:
    """Print the schema, its file's path, or the guide's tables of keys."""
    if args.path:
        print(schema_path())
        return 0
    if args.markdown:
        from game.story.format.guide import all_tables

        sys.stdout.write(all_tables())
        return 0
    from game.story.format.schema import schema_text

    sys.stdout.write(schema_text())
    return 0
