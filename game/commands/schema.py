"""``exception schema``: the JSON Schema of story files, for editors, from the installed copy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import default_story_dir

SCHEMA_NAME = "story.schema.json"
#: The schema is a few dozen kilobytes; anything far larger is not it.
MAX_SCHEMA_BYTES = 4 * 1024 * 1024


def schema_path() -> Path:
    """Where the schema is: beside the bundled story (installed with the game, or the checkout's story/)."""
    return default_story_dir() / SCHEMA_NAME


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``schema``."""
    parser.add_argument(
        "--path", action="store_true", help="print where the schema file is instead of its text (for editor settings)"
    )


def run(args: argparse.Namespace) -> int:
    """Print the schema, or its path."""
    from game.story.files import UnreadableFile, read_regular_file

    path = schema_path()
    if args.path:
        print(path)
        return 0
    try:
        data = read_regular_file(path, MAX_SCHEMA_BYTES)
    except (UnreadableFile, OSError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        print(f"exception schema: cannot read {path}: {reason}; reinstall the game", file=sys.stderr)
        return 1
    sys.stdout.write(data.decode("utf-8", errors="replace"))
    return 0
