"""``exception serve`` in a real headless browser: Debian's Chromium, driven by Playwright.

One visitor starts a game with Enter (no click first: the keyboard must work at once), takes two
choices with number keys, saves, reloads the page and continues; a second visitor (another browser
profile, no cookie) sees none of it. What is asserted is what the page shows: the text in the
page's xterm.js terminal, read through its buffer API. Screenshots are kept in tests/artifacts/
(the test prints where). Skipped, with the reason, where Playwright or Chromium cannot be had.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_support import RunningServer, running_server

from game.engine import Game, load_story
from game.ui.web.visitors import VISITOR_COOKIE, new_visitor_id, visitor_folders

ROOT = Path(__file__).resolve().parent.parent.parent
STORY = ROOT / "story"
ARTIFACTS = ROOT / "tests" / "artifacts" / "serve_browser"
CHROMIUM = Path(os.environ.get("EXCEPTION_CHROMIUM", "/usr/bin/chromium"))
#: The longest any one step may take (a game process starting on a loaded 2-core machine).
STEP_TIMEOUT_MS = 60_000
#: textual-serve's page keeps its xterm.js terminal in a closure; the test's copy of the page's
#: script also leaves it on ``window`` so the test can read what the terminal shows.
TERMINAL_OPENED = "this.terminal.open(e)"
#: The terminal's text, one line per row (xterm.js buffer API).
SCREEN_TEXT = """() => {
  const terminal = window.exceptionTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < buffer.length; y++) rows.push(buffer.getLine(y).translateToString(true));
  return rows.join("\\n");
}"""

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (the test extra)")


def first_scenes() -> tuple[str, str, str]:
    """The titles of the first scene and of the scenes choice 1 then choice 1 lead to (the engine's word)."""
    story = load_story(STORY, ())
    game = Game(story, 0)
    titles = [game.view().title]
    for _ in range(2):
        first = next(choice for choice in game.view().choices if choice.enabled)
        game.choose(first.id)
        titles.append(game.view().title)
    return titles[0], titles[1], titles[2]


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium (the machine's own: Playwright downloads nothing), or a skip saying why not."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian's chromium package: .ci/run installs it when it runs as root)")
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                # Nothing leaves this machine: names other than the server's address do not resolve.
                args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            )
        except sync_api.Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(error).splitlines()[0]}")
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser: Any, server: RunningServer, *, visitor: str | None = None) -> Any:
    """A new browser profile (its own cookies) on the served page; only the server is reachable."""
    context = browser.new_context(viewport={"width": 1100, "height": 720})
    if visitor is not None:
        context.add_cookies([{"name": VISITOR_COOKIE, "value": visitor, "url": server.url}])
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)

    def only_the_server(route: Any) -> None:
        url = route.request.url
        if not url.startswith(server.url):
            route.abort()  # the page asks for a web font elsewhere: never fetched
        elif url.endswith("/static/js/textual.js"):
            response = route.fetch()
            script = response.text()
            assert script.count(TERMINAL_OPENED) == 1, "textual-serve's page script changed: update TERMINAL_OPENED"
            script = script.replace(TERMINAL_OPENED, TERMINAL_OPENED + ",window.exceptionTerminal=this.terminal")
            route.fulfill(response=response, body=script)
        else:
            route.continue_()

    page.route("**/*", only_the_server)
    page.goto(server.url)
    return page


def screen(page: Any) -> str:
    """What the page's terminal shows now."""
    text: str = page.evaluate(SCREEN_TEXT)
    return text


def wait_for(page: Any, *needles: str, absent: str | None = None) -> str:
    """Wait (bounded) until the terminal shows every needle (and not ``absent``); returns the screen."""
    check = f"""([needles, absent]) => {{
      const text = ({SCREEN_TEXT})();
      return needles.every((needle) => text.includes(needle)) && !(absent && text.includes(absent));
    }}"""
    try:
        page.wait_for_function(check, arg=[list(needles), absent], timeout=STEP_TIMEOUT_MS, polling=100)
    except sync_api.TimeoutError:
        raise AssertionError(
            f"the page never showed {needles} (without {absent!r}); it shows:\n{screen(page)}"
        ) from None
    return screen(page)


def keep_screenshot(page: Any, name: str, kept: list[Path]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    kept.append(path)


def test_a_visitor_plays_saves_reloads_and_continues_and_another_sees_none_of_it(
    browser: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    first, second, third = first_scenes()
    data = tmp_path / "data"
    # The visitor's own settings, in the folder their cookie names: the typewriter off, so a number
    # key takes a choice at once instead of finishing the text being written.
    visitor = new_visitor_id()
    folders = visitor_folders(data, visitor)
    folders.config.mkdir(parents=True)
    (folders.config / "settings.json").write_text(json.dumps({"typewriter": False}), encoding="utf-8")
    kept: list[Path] = []
    with running_server(tmp_path, "--per-visitor", "--data", str(data)) as server:
        page = open_page(browser, server, visitor=visitor)
        title = wait_for(page, "New game", "Continue", absent="waking the ship")
        assert "last played" not in title
        keep_screenshot(page, "1-title", kept)

        page.keyboard.press("Enter")  # no click first: the menu has the keyboard on the first visit
        wait_for(page, first, "1 ")
        page.keyboard.press("1")
        wait_for(page, second)
        page.keyboard.press("1")
        scene = wait_for(page, third)
        keep_screenshot(page, "2-after-two-choices", kept)

        page.keyboard.press("s")
        wait_for(page, "Enter save")
        page.keyboard.press("Enter")
        wait_for(page, third, absent="Enter save")
        deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
        while not any(path.name.startswith("pod-two") for path in folders.saves.glob("*.json")):
            assert time.monotonic() < deadline, f"no named save in {folders.saves}: {sorted(folders.saves.iterdir())}"
            time.sleep(0.1)

        page.reload()
        title = wait_for(page, "Continue", f"last played: {third}")
        keep_screenshot(page, "3-title-after-reload", kept)
        # The page loses focus and gets it back: the keyboard still reaches the menu.
        page.evaluate("() => { document.activeElement.blur(); window.dispatchEvent(new Event('focus')); }")
        page.keyboard.press("Enter")  # Continue is highlighted when there is a game to continue
        continued = wait_for(page, third, absent="last played")
        keep_screenshot(page, "4-continued", kept)
        choice_lines = [line.strip() for line in scene.splitlines() if line.strip()[:2] in ("1 ", "2 ")]
        assert choice_lines and all(line in continued for line in choice_lines), continued

        stranger = open_page(browser, server)  # another browser: no cookie, so a visitor of its own
        title = wait_for(stranger, "New game", absent="waking the ship")
        assert "last played" not in title, "a second visitor sees the first visitor's save"
        keep_screenshot(stranger, "5-another-visitor", kept)
        visitors = sorted(path.name for path in (data / "visitors").iterdir())
        assert len(visitors) == 2 and visitor in visitors
        assert not list((data / "visitors" / next(v for v in visitors if v != visitor) / "saves").glob("*.json"))
        page.context.close()
        stranger.context.close()
    with capsys.disabled():
        print(f"\nbrowser test: {time.monotonic() - started:.1f} s; screenshots: {', '.join(map(str, kept))}")
