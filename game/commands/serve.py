"""``exception serve``: play in a browser (textual-serve; the ``web`` extra)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import add_story_arguments, story_dirs

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_GAMES = 8
#: What the web extra brings, by import name.
WEB_PACKAGES = frozenset({"textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``serve``."""
    add_story_arguments(parser)
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"the address to listen on (default: {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT})")
    parser.add_argument(
        "--public",
        action="store_true",
        help="allow a --host other than this machine: anyone who can reach it can start games (one per visitor)",
    )
    parser.add_argument(
        "--per-visitor",
        action="store_true",
        help="give each browser its own saves and settings under --data (always so with --public)",
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="the server's data folder for visitors' saves and settings (default: the per-user data folder)",
    )
    parser.add_argument(
        "--max-games",
        type=int,
        default=DEFAULT_MAX_GAMES,
        metavar="N",
        help=f"the most games (browser tabs) played at once (default: {DEFAULT_MAX_GAMES})",
    )


def default_data_dir() -> Path:
    """Where visitors' folders go by default: ``<user data dir>/exception/serve``."""
    import platformdirs

    return Path(platformdirs.user_data_dir("exception", appauthor=False)) / "serve"


def run(args: argparse.Namespace) -> int:
    """Check the arguments, then serve until stopped."""
    from game.ui.web.visitors import is_loopback_host

    if not 1 <= args.port <= 65535:
        print(f"exception: --port {args.port} is not a port; use 1 to 65535", file=sys.stderr)
        return 2
    if args.max_games < 1:
        print("exception: --max-games must be at least 1", file=sys.stderr)
        return 2
    if not is_loopback_host(args.host) and not args.public:
        print(
            f"exception: --host {args.host} would let anyone who can reach this machine on port {args.port} start"
            " games here, each with saves of its own under the server's data folder; add --public to allow"
            " that, or leave out --host to play on this machine only",
            file=sys.stderr,
        )
        return 2
    story_dir = story_dirs(args)[0]
    if not story_dir.is_dir():
        print(f"exception: {story_dir}: no such story directory", file=sys.stderr)
        return 1
    try:
        from game.ui.web.server import ServeOptions, serve
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in WEB_PACKAGES:
            raise
        print(
            f"exception: serve needs the web extra (the package '{error.name}' is missing):"
            " python3 -m pip install '.[web]' in the game's folder",
            file=sys.stderr,
        )
        return 1
    options = ServeOptions(
        story_dir=story_dir.resolve(),
        branches=tuple(Path(branch).resolve() for branch in args.branch),
        host=args.host,
        port=args.port,
        public=args.public,
        per_visitor=args.per_visitor or args.public,
        data_dir=(Path(args.data) if args.data else default_data_dir()).resolve(),
        max_games=args.max_games,
    )
    try:
        serve(options)
    except OSError as error:
        print(
            f"exception: cannot listen on {args.host}:{args.port}: {error.strerror or error}; choose another --port",
            file=sys.stderr,
        )
        return 1
    return 0
