"""The game process ``exception serve`` starts for each browser tab: the Textual UI, started explicitly.

textual-serve runs it with pipes in place of a terminal and Textual's web driver drawing into
them, so it must not look for a terminal (``exception play`` would fall back to plain text);
it always opens the UI. The server passes the story and, per visitor, the folders to use.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.ui.app import ExceptionApp

CONFIG_ENV = "EXCEPTION_CONFIG_DIR"
SAVES_ENV = "EXCEPTION_SAVES_DIR"
#: How often a game looks whether its server is still there, and how long it then has to leave.
ORPHAN_CHECK_SECONDS = 1.0
ORPHAN_GRACE_SECONDS = 5.0


def child_arguments(
    story_dir: Path, branches: Sequence[Path], *, saves: Path | None = None, config: Path | None = None
) -> list[str]:
    """The arguments after ``python -m game.ui.web.child`` that open ``story_dir`` with these folders."""
    arguments = ["--story", str(story_dir)]
    for branch in branches:
        arguments += ["--branch", str(branch)]
    if saves is not None:
        arguments += ["--saves", str(saves)]
    if config is not None:
        arguments += ["--config", str(config)]
    return arguments


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The launcher's arguments (only the server writes them)."""
    parser = argparse.ArgumentParser(prog="python -m game.ui.web.child", description=__doc__)
    parser.add_argument("--story", required=True, metavar="DIR")
    parser.add_argument("--branch", action="append", default=[], metavar="DIR")
    parser.add_argument("--saves", metavar="DIR", help="this game's save folder (default: the player's own)")
    parser.add_argument("--config", metavar="DIR", help="this game's settings folder (default: the player's own)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the UI for one browser tab; returns its exit code."""
    args = parse(sys.argv[1:] if argv is None else argv)
    # The environment, not only AppOptions: everything that keeps files (settings, endings,
    # scenes read) finds its folder there, so a visitor's game writes nowhere else.
    if args.saves:
        os.environ[SAVES_ENV] = args.saves
    if args.config:
        os.environ[CONFIG_ENV] = args.config
    from game.ui import AppOptions
    from game.ui.app import ExceptionApp

    options = AppOptions(
        story_dir=Path(args.story),
        branches=tuple(Path(branch) for branch in args.branch),
        saves_dir=Path(args.saves) if args.saves else None,
    )
    app = ExceptionApp(options)
    threading.Thread(target=leave_with_the_server, args=(app, os.getppid()), daemon=True).start()
    app.run()
    return app.return_code or 0


def leave_with_the_server(app: ExceptionApp, server: int) -> None:
    """Leave once the server is gone (killed, so it could not stop its games): nobody is left to play.

    A server that stops as it should tells its games to leave. One that is killed cannot, and
    its games would wait for input forever: their input pipe only ever runs dry.
    """
    while os.getppid() == server:
        time.sleep(ORPHAN_CHECK_SECONDS)
    with contextlib.suppress(RuntimeError):  # the app is not running (yet, or any more)
        app.call_from_thread(app.exit_game)
    time.sleep(ORPHAN_GRACE_SECONDS)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
