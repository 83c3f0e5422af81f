"""Pilot tests: the clock felt (colours over the dark, solid digits, costs, expiry marks, indented
choices) and what the game remembers (skip read text, choices taken before, redo after undo)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.widgets import Input, Select, Static, Switch
from ui_support import FIXTURES, ready

from game.engine import ChoiceView
from game.ui.app import ExceptionApp
from game.ui.reading_record import READING_FILE, read_record
from game.ui.screens.ending import EndingScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.block_digits import BlockDigits, block_lines
from game.ui.widgets.choices import EXPIRES_WORDS, TAKEN_MARK, ChoiceList
from game.ui.widgets.countdown import CountdownClock
from game.ui.widgets.narrative import NarrativePane

AppFactory = Callable[..., ExceptionApp]
CLOCK = FIXTURES / "ui_clock"


def game_screen(app: ExceptionApp) -> GameScreen:
    screen = app.screen
    assert isinstance(screen, GameScreen), f"expected the game screen, got {type(screen).__name__}"
    return screen


def choice_lines(app: ExceptionApp) -> list[str]:
    """The choice list as it is drawn, line by line."""
    choices = app.screen.query_one(ChoiceList)
    return [choices.render_line(y).text.rstrip() for y in range(choices.size.height)]


def option_text(app: ExceptionApp, choice_id: str) -> str:
    return str(app.screen.query_one(ChoiceList).get_option(choice_id).prompt)


def write_settings(config_dir: Path, **settings: Any) -> None:
    (config_dir / "settings.json").write_text(json.dumps({"typewriter": False, **settings}), encoding="utf-8")


async def play(pilot: Any, *keys: str) -> None:
    await ready(pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause()


def notes_of(app: ExceptionApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification the app shows, as text."""
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: notes.append(str(message)))
    return notes


def contrast(foreground: Color, background: Color) -> float:
    """The WCAG contrast ratio of two opaque colours."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            scaled = value / 255
            return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn_colours(widget: Any) -> tuple[Color, Color]:
    """The foreground and background a widget's first line is drawn in."""
    style = next(segment.style for segment in widget.render_line(0) if segment.text.strip())
    return Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)


# ------------------------------------------------------------------ the clock


@pytest.mark.parametrize(
    ("keys", "level", "variable"),
    [(("n", "1", "2"), "warning", "warning"), (("n", "1", "2", "2"), "critical", "error")],
)
async def test_warning_and_critical_outrank_the_dark(
    make_app: AppFactory, keys: tuple[str, ...], level: str, variable: str
) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, *keys)
        screen = game_screen(app)
        assert screen.has_class("dark") and screen.has_class(f"-{level}")
        clock = screen.query_one(CountdownClock)
        assert clock.has_class(f"-{level}")
        expected = Color.parse(app.theme_variables[variable])
        for part in (clock.query_one(".clock-label", Static), clock.query_one(BlockDigits)):
            foreground, _ = drawn_colours(part)
            assert foreground.rgb == expected.rgb, part
        status = screen.query_one("#status", Static)
        foreground, background = drawn_colours(status)
        if level == "warning":
            assert foreground.rgb == expected.rgb
        else:  # white on the error colour, not grey on black
            assert background.rgb != Color.parse("#07080a").rgb and background.r > background.g
        assert contrast(foreground, background) >= 4.5


async def test_the_lit_status_line_is_quiet_until_the_warning(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n", "1")
        screen = game_screen(app)
        assert screen.has_class("-countdown") and not screen.has_class("-warning")
        foreground, _ = drawn_colours(screen.query_one("#status", Static))
        assert foreground.rgb != Color.parse(app.theme_variables["warning"]).rgb


async def test_the_digits_are_solid_blocks_large_when_there_is_room(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n", "1", "2")
        digits = app.screen.query_one(BlockDigits)
        drawn = [digits.render_line(y).text for y in range(digits.size.height)]
        assert drawn == block_lines("8", large=True)
        assert set("".join(drawn)) <= {"█", " "}
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        drawn = [digits.render_line(y).text for y in range(digits.size.height)]
        assert drawn == block_lines("8")
        assert len(drawn) == 3 and set("".join(drawn)) <= {"█", "▀", "▄", " "}
        # No box-drawing lines: nothing thin enough to fade.
        assert not any("\u2500" <= character <= "\u257f" for character in "".join(drawn))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7", ["▀▀█", "  █", "  ▀"]),
        ("10", ["▀█  █▀█", " █  █ █", "▀▀▀ ▀▀▀"]),
        ("2.5", ["▀▀█   █▀▀", "█▀▀   ▀▀█", "▀▀▀ ▀ ▀▀▀"]),
        ("x", [" ", " ", " "]),
    ],
)
def test_block_font(text: str, expected: list[str]) -> None:
    assert block_lines(text) == expected


async def test_every_choice_shows_its_cost_while_the_clock_runs(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n")
        assert not any("min" in line for line in choice_lines(app))  # the clock is off
        await pilot.press("1")
        await pilot.pause()
        assert option_text(app, "listen").endswith("Listen at the bulkhead  · 1 min")  # a cost of 1 too
        assert option_text(app, "wade").endswith("· 5 min")
        # Sealing the hold stops the clock before its cost is charged: it spends nothing.
        assert option_text(app, "seal").endswith("Seal the hold behind you  · 0 min")
        assert option_text(app, "climb").endswith("· 0 min")  # it stops the clock too


async def test_a_choice_that_runs_the_clock_out_says_so_before_it_is_taken(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n", "1", "2", "2")  # 3 min left
        screen = game_screen(app)
        view = screen.session.view
        # Wading (5) would spend the last 3 minutes; sealing stops the clock first.
        assert {choice.id for choice in view.choices if choice.expires} == {"wade"}
        # What the engine says is what the list shows, choice by choice.
        for choice in view.choices:
            assert (EXPIRES_WORDS in option_text(app, choice.id)) == choice.expires
        # The whole cost is shown, though less is left: "5 min, time runs out" reads as the rule.
        assert option_text(app, "wade").endswith(f"· 5 min · {EXPIRES_WORDS}")
        assert any(line.endswith(f"5 min · {EXPIRES_WORDS}") for line in choice_lines(app))  # on screen
        marked = tuple(replace(choice, expires=choice.id in ("wade", "listen")) for choice in view.choices)
        disabled = ChoiceView("pump", "Restart the *pump*", False, "It is *under* water.", 2, expires=True)
        screen.query_one(ChoiceList).show((*marked, disabled), unit="min")
        await pilot.pause()
        assert option_text(app, "listen").endswith(f"· 1 min · {EXPIRES_WORDS}")
        assert EXPIRES_WORDS not in option_text(app, "seal") and EXPIRES_WORDS not in option_text(app, "climb")
        assert EXPIRES_WORDS not in option_text(app, "pump")  # it cannot be taken anyway
        assert option_text(app, "pump").endswith("Restart the pump — It is under water.  · 2 min")
        # The words are on screen, not only in the option.
        assert any(line.endswith(f"1 min · {EXPIRES_WORDS}") for line in choice_lines(app))


async def test_wrapped_choices_are_indented_under_their_first_line(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, "n", "1")
        lines = choice_lines(app)
        first = next(index for index, line in enumerate(lines) if "Wade the long way" in line)
        text_column = lines[first].index("Wade")
        continuation = lines[first + 1 : first + 3]
        assert continuation and all(
            line[:text_column].strip() == "" and line[text_column] != " " for line in continuation
        ), lines
        assert lines[first + 3].lstrip().startswith("3 ")  # the next choice starts at the margin again


async def test_emphasis_in_a_choice_is_italic_without_asterisks(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n")
        choices = app.screen.query_one(ChoiceList)
        line = next(
            choices.render_line(y) for y in range(choices.size.height) if "go down" in choices.render_line(y).text
        )
        assert "*" not in line.text
        styles = {segment.text.strip(): segment.style for segment in line if segment.text.strip()}
        assert styles["down"] is not None and styles["down"].italic
        assert not any(style is not None and style.italic for text, style in styles.items() if "Kill" in text)


# ---------------------------------------------------------------- reading memory


@pytest.mark.parametrize("skip", [True, False])
async def test_skip_mode_shows_a_scene_read_before_at_once(make_app: AppFactory, config_dir: Path, skip: bool) -> None:
    write_settings(config_dir, typewriter=True, text_speed="slow", skip_read=skip)
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n")
        narrative = app.screen.query_one(NarrativePane)
        assert narrative.revealing  # the hatch, read for the first time, is written out
        await play(pilot, "1", "1")  # the first key finishes the text, the second takes the choice
        assert narrative.revealing  # the hold: new as well
        await play(pilot, "4", "4")  # back up to the hatch, read before
        assert game_screen(app).session.view.scene == "hatch"
        assert narrative.revealing is not skip


async def test_the_skip_key_toggles_and_is_kept(make_app: AppFactory, config_dir: Path) -> None:
    write_settings(config_dir, typewriter=True, text_speed="slow")
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n")
        narrative = app.screen.query_one(NarrativePane)
        assert narrative.revealing
        await play(pilot, "k")
        assert app.settings.skip_read
        assert not narrative.revealing  # turning it on shows the scene being written at once
        assert json.loads((config_dir / "settings.json").read_text(encoding="utf-8"))["skip_read"] is True
        await play(pilot, "k")
        assert not app.settings.skip_read
        assert json.loads((config_dir / "settings.json").read_text(encoding="utf-8"))["skip_read"] is False


async def test_reading_is_remembered_across_playthroughs(make_app: AppFactory, config_dir: Path) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n")
        assert TAKEN_MARK not in "".join(choice_lines(app))
        await play(pilot, "1", "4")  # down, then climb back to the hatch
        assert option_text(app, "down").startswith(f"1 {TAKEN_MARK} ")
        assert option_text(app, "leave").startswith("2   ")
        await play(pilot, "q")
    record = read_record(config_dir / READING_FILE)
    assert record.story("ui_clock").scenes == {"hatch", "hold"}
    assert record.story("ui_clock").choices == {("hatch", "down"), ("hold", "climb")}
    again = make_app(CLOCK)
    async with again.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n")  # a new playthrough
        assert game_screen(again).session.view.turn == 0
        assert option_text(again, "down").startswith(f"1 {TAKEN_MARK} ")
        await play(pilot, "1")
        assert option_text(again, "climb").startswith(f"4 {TAKEN_MARK} ")
        assert option_text(again, "wade").startswith("2   ")


async def test_marks_can_be_turned_off(make_app: AppFactory, config_dir: Path) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n", "1", "4")
        assert TAKEN_MARK in option_text(app, "down")
        app.apply_settings(replace(app.settings, mark_taken_choices=False))
        game_screen(app).action_look()
        await play(pilot, "1", "4")
        assert TAKEN_MARK not in "".join(choice_lines(app))


async def test_a_bad_reading_record_is_one_line_and_left_alone(
    make_app: AppFactory, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / READING_FILE).write_text("{not json", encoding="utf-8")
    app = make_app(CLOCK)
    notes = notes_of(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n")
        assert game_screen(app).session.view.scene == "hatch"
        problems = [note for note in notes if "reading record" in note]
        assert len(problems) == 1 and "\n" not in problems[0] and "not valid JSON" in problems[0]
        # The hatch is something new to write: the broken file is replaced by a good one.
        await play(pilot, "1")
        await pilot.pause()
    assert read_record(config_dir / READING_FILE).seen("ui_clock", "hold")
    assert len([note for note in notes if "reading record" in note]) == 1


async def test_redo_by_key_and_by_typing(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(CLOCK)
    notes = notes_of(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n", "1", "2")
        screen = game_screen(app)
        assert (screen.session.view.scene, screen.session.view.turn) == ("hold", 2)
        await play(pilot, "u", "u")
        assert (screen.session.view.scene, screen.session.view.turn) == ("hatch", 0)
        await play(pilot, "r")
        assert (screen.session.view.scene, screen.session.view.turn) == ("hold", 1)
        await play(pilot, "slash")
        assert isinstance(app.focused, Input)
        await play(pilot, *"redo", "enter")
        assert (screen.session.view.scene, screen.session.view.turn) == ("hold", 2)
        assert screen.session.view.countdown.remaining == 8  # the same turns, the same time
        await play(pilot, "escape", "u", "1")  # a different choice than the one undone
        notes.clear()
        await play(pilot, "r")
        assert screen.session.view.turn == 2
        assert any("Nothing to redo" in note for note in notes)


async def test_the_skip_key_is_a_letter_in_the_command_line(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n", "slash", "k")
        command = app.screen.query_one("#command", Input)
        assert command.value == "k"
        assert not app.settings.skip_read


async def test_redo_into_an_ending_shows_the_ending_again(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(100, 30)) as pilot:
        await play(pilot, "n", "2", "enter")
        assert isinstance(app.screen, EndingScreen)
        await play(pilot, "u")
        assert game_screen(app).session.view.scene == "hatch"
        await play(pilot, "r")
        # The ending's prose first, as after any choice; Enter opens the card.
        ending = game_screen(app).session.view.ending
        assert ending is not None and ending.id == "dry"
        await play(pilot, "enter")
        assert isinstance(app.screen, EndingScreen)


# ---------------------------------------------------------------------- settings


async def test_the_settings_screen_has_every_setting_with_on_off_labels(make_app: AppFactory, config_dir: Path) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#width", Select).value == 72
        for control, value in (("typewriter", False), ("motion", False), ("skip", False), ("marks", True)):
            assert screen.query_one(f"#{control}", Switch).value is value
            assert str(screen.query_one(f"#{control}-state", Static).render()) == ("on" if value else "off")
        # Every control and both buttons are on an 80x24 screen.
        for selector in ("#typewriter", "#speed", "#width", "#motion", "#skip", "#marks", "#theme", "#save"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.bottom <= 24 and region.right <= 80, selector
        await pilot.click("#skip")
        await pilot.pause()
        assert str(screen.query_one("#skip-state", Static).render()) == "on"
        screen.query_one("#marks", Switch).value = False
        screen.query_one("#width", Select).value = 0  # as wide as the window
        await pilot.pause()
        assert str(screen.query_one("#marks-state", Static).render()) == "off"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
    saved = json.loads((config_dir / "settings.json").read_text(encoding="utf-8"))
    assert (saved["skip_read"], saved["mark_taken_choices"], saved["text_width"]) == (True, False, 0)
    again = make_app(CLOCK)
    assert (again.settings.skip_read, again.settings.mark_taken_choices, again.settings.text_width) == (True, False, 0)


async def test_every_setting_is_reachable_on_a_tiny_terminal(make_app: AppFactory) -> None:
    app = make_app(CLOCK)
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert app.focused is not None and app.focused.id == "typewriter"
        seen: list[str] = ["typewriter"]
        for _ in range(7):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None and focused.id is not None
            seen.append(focused.id)
            region = focused.region
            assert region.y >= 0 and region.bottom <= 12, focused.id  # scrolled into view
        assert seen == ["typewriter", "speed", "width", "motion", "skip", "marks", "theme", "save"]
