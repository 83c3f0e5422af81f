"""``exception check``: validate stories and report every error at once."""

from __future__ import annotations

import argparse

from game.commands.common import add_story_arguments, load_or_report, story_dirs

HELP = "check a story for errors (exit 0 clean, 1 on story errors)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``check``."""
    add_story_arguments(parser, positional=True)


def run(args: argparse.Namespace) -> int:
    """Check each story directory; print a summary line for each clean one."""
    status = 0
    for directory in story_dirs(args):
        story = load_or_report(directory, args)
        if story is None:
            status = 1
            continue
        endings = sum(1 for scene in story.scenes.values() if scene.ending is not None)
        choices = sum(len(scene.choices) for scene in story.scenes.values())
        print(
            f"{directory}: ok — '{story.title}' {story.version}: {len(story.scenes)} scenes, "
            f"{choices} choices, {endings} endings, {len(story.variables)} variables"
        )
    return status
