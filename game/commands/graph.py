"""``exception graph``: the story graph as Mermaid or Graphviz dot, or rendered to SVG."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from game.commands.common import add_story_arguments, load_or_report, story_dirs
from game.tools.graph import to_dot, to_mermaid


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``graph``."""
    add_story_arguments(parser)
    parser.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="the output language")
    parser.add_argument("--highlight", metavar="ENDING", help="draw the shortest path to this ending in bold")
    parser.add_argument("--svg", metavar="FILE", help="render to an SVG file with Graphviz's dot")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the text here instead of printing it")


def run(args: argparse.Namespace) -> int:
    """Draw the first story directory's graph."""
    story = load_or_report(story_dirs(args)[0], args)
    if story is None:
        return 1
    try:
        if args.svg:
            return _render_svg(to_dot(story, args.highlight), Path(args.svg))
        text = to_dot(story, args.highlight) if args.format == "dot" else to_mermaid(story, args.highlight)
    except ValueError as error:
        print(f"exception graph: {error}", file=sys.stderr)
        return 1
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            print(f"exception graph: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


def _render_svg(dot_text: str, target: Path) -> int:
    dot = shutil.which("dot")
    if dot is None:
        print(
            "exception graph: --svg needs Graphviz's 'dot' program; install Graphviz, or use --format mermaid",
            file=sys.stderr,
        )
        return 1
    # Graphviz reads UTF-8 whatever the locale: story titles must not depend on an ASCII-only one.
    result = subprocess.run(
        [dot, "-Tsvg", "-o", str(target)],
        input=dot_text,
        encoding="utf-8",
        errors="replace",
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        print(f"exception graph: dot failed: {result.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0
