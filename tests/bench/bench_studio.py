"""Benchmark the story studio (a script, not a test): run ``python tests/bench/bench_studio.py``.

1. Keystroke to screen in the editor: from a key reaching the editor to the next frame drawn, median ms
   (target < 16 ms), on the bundled story's largest file, with YAML highlighting; Pilot's own round trip
   for a key is printed beside it.
2. Pause to errors shown on the bundled story (target <= 1 s): the studio's check delay after the last
   key, plus the measured time from the check starting to its problems being on screen.
3. One check after an edit to one file (only it parsed again) against a full load without the memo,
   side by side: the ratio shows what the incremental parse saves.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
STORY = ROOT / "story"
KEYS = 80
CHECKS = 15


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


class FrameClock:
    """Times each key from reaching the editor to the end of the next frame the screen draws."""

    def __init__(self) -> None:
        self.pressed: float | None = None
        self.latencies: list[float] = []

    def key(self) -> None:
        self.pressed = time.perf_counter()

    def frame(self) -> None:
        if self.pressed is not None:
            self.latencies.append(time.perf_counter() - self.pressed)
            self.pressed = None


def timed_classes(frames: FrameClock, editor_class: type, screen_class: type) -> None:
    """Wrap the editor's key handler and the screen's frame drawing (Textual finds both on the class)."""
    from textual.screen import Screen
    from textual.widgets import TextArea

    async def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        frames.key()
        await TextArea._on_key(self, event)

    def compositor_refresh(self) -> None:  # type: ignore[no-untyped-def]
        Screen._compositor_refresh(self)
        frames.frame()

    editor_class._on_key = on_key  # type: ignore[attr-defined]
    screen_class._compositor_refresh = compositor_refresh  # type: ignore[attr-defined]


async def type_keys(pilot, editor) -> None:  # type: ignore[no-untyped-def]
    editor.cursor_blink = False
    editor.focus()
    await pilot.pause()
    for index in range(KEYS):
        await pilot.press("x" if index % 2 == 0 else "backspace")
        await pilot.pause()
        await pilot.pause(0.02)  # let the frame be drawn before the next key


async def bench_bare_text_area(largest: Path) -> list[float]:
    """The same file in Textual's own TextArea (YAML highlighting, line numbers) and nothing else: the baseline."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import TextArea

    class BareEditor(TextArea):
        pass

    class BareScreen(Screen[None]):
        def compose(self) -> ComposeResult:
            yield BareEditor.code_editor(largest.read_text(encoding="utf-8"), language="yaml")

    class Bare(App[None]):
        def on_mount(self) -> None:
            self.push_screen(BareScreen())

    frames = FrameClock()
    timed_classes(frames, BareEditor, BareScreen)
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.screen.query_one(BareEditor)
        editor.move_cursor((199, 0))
        await type_keys(pilot, editor)
    return frames.latencies


async def bench_editor(work: Path) -> None:
    from game.studio.app import StudioApp
    from game.studio.options import StudioOptions
    from game.studio.screens.studio import StudioScreen
    from game.studio.widgets.story_editor import StoryEditor, yaml_highlighting_available

    story = work / "story"
    largest = max(story.glob("*.yaml"), key=lambda path: path.stat().st_size)
    frames = FrameClock()
    timed_classes(frames, StoryEditor, StudioScreen)
    app = StudioApp(StudioOptions(story=story, open_file=largest, open_line=200, data_dir=work / "data"))
    shown: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.studio
        await app.workers.wait_for_complete()
        await pilot.pause()
        editor = screen.editor
        assert editor is not None
        await type_keys(pilot, editor)
        studio_keys = list(frames.latencies)
        # The editor's own work for one key, without waiting for the frame timer: the edit (with the
        # highlight map rebuilt) and every visible line drawn again.
        own_work: list[float] = []
        for index in range(KEYS):
            start = time.perf_counter()
            if index % 2 == 0:
                editor.insert("x")
            else:
                editor.action_delete_left()
            for y in range(editor.size.height):
                editor.render_line(y)
            own_work.append(time.perf_counter() - start)
        await pilot.pause()

        # Pause to errors: a mistake typed, then the check the pause starts, to its problems on screen.
        original_show = screen.show_check
        started_at: list[float] = []

        def timed_show(result) -> None:  # type: ignore[no-untyped-def]
            original_show(result)
            screen.call_after_refresh(lambda: shown.append(time.perf_counter() - started_at[-1]))

        screen.show_check = timed_show  # type: ignore[method-assign]
        for index in range(CHECKS):
            await pilot.press(*("home", ":", "enter") if index % 2 == 0 else ("ctrl+z",))
            await pilot.pause()
            screen._last_edit = -1e9  # the pause is over: the next tick checks
            started_at.append(time.perf_counter())
            screen.tick()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
        delay = screen.options.check_delay
    bare_keys = await bench_bare_text_area(largest)
    print(
        f"editor: {largest.name} ({len(editor.text.splitlines())} lines), YAML highlighting {'on' if yaml_highlighting_available() else 'off'}"
    )
    print(
        f"keystroke to frame drawn: studio median {median_ms(studio_keys)} (max {max(studio_keys) * 1000:.0f} ms),"
        f" Textual's bare TextArea on the same file {median_ms(bare_keys)};"
        f" ratio {statistics.median(studio_keys) / statistics.median(bare_keys):.2f} (target < 16 ms; {KEYS} keys each)"
    )
    print(f"  the editor's own work per key (edit, highlighting, visible lines drawn): median {median_ms(own_work)}")
    worst = max(shown)
    print(
        f"pause to errors shown: check delay {delay * 1000:.0f} ms + check to screen median {median_ms(shown)}"
        f" (max {worst * 1000:.0f} ms) = {(delay + statistics.median(shown)) * 1000:.0f} ms median,"
        f" {(delay + worst) * 1000:.0f} ms worst (target <= 1000 ms; {CHECKS} checks)"
    )


def bench_incremental(work: Path) -> None:
    from game.engine import load_story
    from game.studio.checker import StoryChecker
    from game.studio.workspace import Workspace

    story = work / "story"
    workspace = Workspace(story)
    checker = StoryChecker(workspace.story, lambda: (), workspace.locate)
    checker.check({})
    buffer = workspace.open(story / "act1_printing.yaml")
    incremental: list[float] = []
    full: list[float] = []
    for index in range(CHECKS):  # interleaved, so both see the same machine load
        buffer.text = buffer.saved + f"\n# edit {index}\n"
        overrides = workspace.overrides()
        start = time.perf_counter()
        checker.check(overrides)
        incremental.append(time.perf_counter() - start)
        start = time.perf_counter()
        load_story(story, use_cache=False, overrides=overrides)
        full.append(time.perf_counter() - start)
    print(
        f"check after an edit to one file: incremental {median_ms(incremental)}, full load {median_ms(full)}"
        f" (ratio {statistics.median(incremental) / statistics.median(full):.2f}; {CHECKS} each)"
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(STORY, work / "story", ignore=shutil.ignore_patterns("branches"))
        bench_incremental(work)
        asyncio.run(bench_editor(work))


if __name__ == "__main__":
    main()
