"""Benchmark the terminal UI (a script, not a test): run ``python tests/bench/bench_ui.py``.

1. Launch to the title screen, in a real terminal (tmux), against a minimal Textual app
   measured the same way in the same run: the ratio is the figure (target <= 1.15).
2. A keypress on a choice to the next scene drawn, median ms (typewriter off, headless Pilot).
"""

from __future__ import annotations

import asyncio
import json
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SHIP = ROOT / "tests" / "fixtures" / "ui_ship"
RUNS = 15  # the machine is shared and noisy: a median of 15 interleaved pairs is steadier than 7
PRESSES = 60

MINIMAL = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Minimal(App):\n"
    "    def compose(self):\n"
    "        yield Static('New game')\n"
    "Minimal().run()\n"
)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True, timeout=30).stdout


def launch_seconds(command: str, marker: str, env: str) -> float:
    """Seconds from starting ``command`` in a fresh tmux window until ``marker`` is on screen."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", f"env {env} {command}; sleep 30")
    try:
        while time.perf_counter() - start < 30:
            if marker in tmux("capture-pane", "-p", "-t", name):
                return time.perf_counter() - start
        raise RuntimeError(f"'{marker}' never appeared")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, timeout=30)


def bench_launch(work: Path) -> None:
    if shutil.which("tmux") is None:
        print("launch: skipped (tmux is not installed)")
        return
    minimal = work / "minimal.py"
    minimal.write_text(MINIMAL, encoding="utf-8")
    env = f"EXCEPTION_SAVES_DIR={shlex.quote(str(work / 'saves'))} EXCEPTION_CONFIG_DIR={shlex.quote(str(work / 'config'))}"
    python = shlex.quote(sys.executable)
    # The real command line, as a player starts it (``exception play --story DIR``).
    game = f"{python} -m game play --story {shlex.quote(str(SHIP))}"
    base: list[float] = []
    ours: list[float] = []
    # A session that outlives each measurement keeps the tmux server up between runs.
    keeper = f"bench-keeper-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", keeper, "sleep 600")
    try:
        for _ in range(RUNS):  # interleaved, so both see the same machine load
            base.append(launch_seconds(f"{python} {shlex.quote(str(minimal))}", "New game", env))
            ours.append(launch_seconds(game, "New game", env))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True, timeout=30)
    b, o = statistics.median(base), statistics.median(ours)
    print(f"launch to title: minimal Textual app {b * 1000:.0f} ms, exception {o * 1000:.0f} ms (median of {RUNS})")
    print(f"launch ratio: {o / b:.2f} (target <= 1.15)")


async def bench_keypress(work: Path) -> None:
    from game.ui import AppOptions
    from game.ui.app import ExceptionApp
    from game.ui.screens.game import GameScreen

    config = work / "config-keys"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"typewriter": False}), encoding="utf-8")
    from game.saves import SaveStore

    app = ExceptionApp(AppOptions(SHIP, seed=7), config_dir=config, store=SaveStore(work / "saves-keys"), load_delay=0)
    timings: list[float] = []
    inside: list[float] = []
    idle: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while app.story is None:
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        take = screen.take

        def timed_take(choice_id: str) -> None:
            # From the choice being handled to the first refresh after it: the scene drawn.
            # Registered before the turn, so it runs before the autosave the turn schedules
            # for after the same frame: the figure is what the player waits for.
            started = time.perf_counter()
            screen.call_after_refresh(lambda: inside.append(time.perf_counter() - started))
            take(choice_id)

        screen.take = timed_take  # type: ignore[method-assign]
        for _ in range(PRESSES):
            turn = screen.session.view.turn
            start = time.perf_counter()
            await pilot.press("1")  # bay -> corridor -> bay ...
            await pilot.pause()
            timings.append(time.perf_counter() - start)
            assert screen.session.view.turn == turn + 1
            # The same round trip for a key the game ignores: what Pilot itself costs.
            start = time.perf_counter()
            await pilot.press("f12")
            await pilot.pause()
            idle.append(time.perf_counter() - start)

    def median_ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.1f} ms"

    print(
        f"keypress to next scene drawn, measured in the app (the autosave follows the frame): median {median_ms(inside)}"
    )
    print(
        f"  through Pilot: {median_ms(timings)}; Pilot's round trip for an ignored key: {median_ms(idle)};"
        f" difference {(statistics.median(timings) - statistics.median(idle)) * 1000:.1f} ms ({PRESSES} turns)"
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        bench_launch(work)
        asyncio.run(bench_keypress(work))


if __name__ == "__main__":
    main()
