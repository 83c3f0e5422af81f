"""Pilot tests: reading the game screen. Endings after their prose, scrolling, the measure, emphasis."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static
from ui_support import FIXTURES, SHIP, ready

from game.engine import CrewView
from game.text import prose_text as engine_prose
from game.ui.app import ExceptionApp
from game.ui.config import Settings
from game.ui.screens.ending import EndingScreen
from game.ui.screens.game import MORE_MARKER, GameScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.settings import SettingsScreen
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.crew import CrewPanel, crew_compact_text
from game.ui.widgets.narrative import NarrativePane, SceneBlock, scene_body
from game.ui.widgets.prose import emphasised, prose_text

AppFactory = Callable[..., ExceptionApp]
READING = FIXTURES / "ui_reading"


def game_screen(app: ExceptionApp) -> GameScreen:
    screen = app.screen
    assert isinstance(screen, GameScreen), f"expected the game screen, got {type(screen).__name__}"
    return screen


def narrative(app: ExceptionApp) -> NarrativePane:
    return app.screen.query_one(NarrativePane)


def shown_text(app: ExceptionApp) -> str:
    block = narrative(app).current
    assert block is not None
    return str(block.query_one(".scene-text", Static).render())


def more_marker(app: ExceptionApp) -> str:
    return str(app.screen.query_one("#choice-bar", Vertical).border_title or "")


def italic_words(text: Text) -> list[str]:
    return [text.plain[span.start : span.end] for span in text.spans if "italic" in str(span.style)]


# ------------------------------------------------------------------ pure parts


@pytest.mark.parametrize(
    ("source", "plain", "italic"),
    [
        ("The *Orison* Deck", "The Orison Deck", ["Orison"]),
        ("no emphasis here", "no emphasis here", []),
        ("5 * 3 = 15", "5 * 3 = 15", []),
        ("*[bold]not markup[/bold]*", "[bold]not markup[/bold]", ["[bold]not markup[/bold]"]),
        ("a *two word* run and *one*", "a two word run and one", ["two word", "one"]),
    ],
)
def test_emphasis_is_italic_and_never_markup(source: str, plain: str, italic: list[str]) -> None:
    text = emphasised(source)
    assert text.plain == plain
    assert italic_words(text) == italic


def test_prose_keeps_paragraphs_and_emphasis_across_line_breaks() -> None:
    # The engine joins the source's hard wrap (see SceneView); the emphasis spans the joined words.
    text = prose_text(engine_prose("One *long\nrun* here.\n\nSecond paragraph."))
    assert text.plain == "One long run here.\n\nSecond paragraph."
    assert italic_words(text) == ["long run"]


def test_a_hub_shows_what_changed_first_and_the_rest_as_before() -> None:
    before = "The table.\n\nMack is here."
    after = "The table.\n\nThe wrappers are folded.\n\nMack is here."
    body, typed = scene_body(after, before)
    assert body.plain.startswith("The wrappers are folded.\n\n· the rest is as before ·")
    assert body.plain.endswith("The table.\n\nMack is here.")
    assert body.plain[:typed].endswith("as before ·")  # only the new part is typed out
    same, _ = scene_body(before, before)
    assert same.plain.startswith("Nothing here has changed.")
    fresh, typed = scene_body(after, None)
    assert fresh.plain == after and typed == len(after)


def test_compact_crew_is_one_line_a_member() -> None:
    crew = (
        CrewView("nina", "Nina", "Commander", True, (("State", "steady"),)),
        CrewView("mack", "Mack", "Engineer", False, (("Trust", "2"), ("State", "wounded"))),
        CrewView("lewis", "Lewis", "Medic", None, (("Hope", "-1"),)),
    )
    lines = crew_compact_text(crew).plain.splitlines()
    assert lines == ["● Nina  steady", "✝ Mack  Trust 2 · wounded", "Lewis Hope -1"]


@pytest.mark.parametrize(
    ("value", "width"),
    [(72, 72), (0, 0), (50, 50), (200, 200), (39, 72), (201, 72), ("60", 72), (True, 72), (60.0, 72), (None, 72)],
)
def test_text_width_setting_is_validated(value: Any, width: int) -> None:
    assert Settings.from_data({"text_width": value}).text_width == width


# --------------------------------------------------------------------- endings


async def test_the_ending_prose_is_read_before_the_card(make_app: AppFactory, store: Any) -> None:
    app = make_app(READING)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n", "2")
        await pilot.pause()
        screen = game_screen(app)  # the ending's own scene, not the card over it
        assert screen.session.view.ending is not None
        assert "THE ENDING BEGINS" in shown_text(app)
        assert not screen.query_one(ChoiceList).display
        prompt = screen.query_one("#ending-prompt", Static)
        assert prompt.display and "Enter" in str(prompt.render())
        assert "read on" in str(prompt.render())
        assert any(binding.binding.key == "enter" for binding in screen.active_bindings.values())
        # Enter reads on while prose lies below; the card waits for the last line.
        pane = narrative(app)
        assert pane.more_below and more_marker(app) == MORE_MARKER
        while pane.more_below:
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, GameScreen)
        assert "how it ended" in str(prompt.render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert app.screen.new_find


async def test_the_ending_plays_through_the_typewriter(make_app: AppFactory, config_dir: Path) -> None:
    (config_dir / "settings.json").write_text(json.dumps({"typewriter": True}), encoding="utf-8")
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # completes the first scene (does not choose)
        await pilot.press("2")
        await pilot.pause()
        pane = narrative(app)
        if pane._timer is not None:
            pane._timer.pause()  # the test drives the typewriter
        assert game_screen(app).session.view.ending is not None
        assert pane.revealing
        await pilot.press("enter")  # the first key completes the prose; no card yet
        await pilot.pause()
        assert not pane.revealing and isinstance(app.screen, GameScreen)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)


async def test_the_last_turn_is_saved_before_the_ending_is_recorded(
    make_app: AppFactory, saves_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(READING)
    seen: list[int] = []

    def record_ending(story: Any, game: Any) -> bool:
        # Anything after the autosave may fail: the ending turn must already be on disk.
        (autosave,) = saves_dir.glob("autosave-*.json")  # this playthrough's own
        data = json.loads(autosave.read_text(encoding="utf-8"))
        seen.append(data["summary"]["turn"])
        return False

    monkeypatch.setattr(app, "record_ending", record_ending)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n", "2")
        await pilot.pause()
    assert seen == [1]


async def test_loading_a_game_at_its_ending_shows_the_prose_first(make_app: AppFactory, store: Any) -> None:
    app = make_app(SHIP)
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "2", "2")
        await pilot.pause()
        await pilot.press("s", *"end", "enter")
        await pilot.pause()
        app.load_save("end")
        await pilot.pause()
        assert game_screen(app).session.view.ending is not None
        assert "The core takes Nina" in shown_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)


# ------------------------------------------------------------------- scrolling


async def test_reading_keys_scroll_the_narrative_and_arrows_move_the_choices(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        pane = narrative(app)
        choices = app.screen.query_one(ChoiceList)
        assert choices.has_focus and choices.highlighted == 0
        assert pane.scroll_y == 0 and pane.max_scroll_y > 0 and pane.more_below
        await pilot.press("pagedown")
        await pilot.pause()
        first_page = pane.scroll_y
        assert 0 < first_page < pane.max_scroll_y
        assert first_page >= pane.scrollable_content_region.height - 2  # a page, less a little overlap
        await pilot.press("space")
        await pilot.pause()
        assert pane.scroll_y > first_page
        await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_y == first_page
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y and not pane.more_below
        assert more_marker(app) == ""
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0 and more_marker(app) == MORE_MARKER
        assert choices.highlighted == 0  # none of the reading keys moved the choice highlight
        await pilot.press("down")
        assert choices.highlighted == 1
        assert game_screen(app).session.view.scene == "deck"


async def test_the_last_line_of_a_long_scene_is_reachable(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        pane = narrative(app)
        for _ in range(20):
            if not pane.more_below:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        block = pane.current
        assert block is not None
        text = block.query_one(".scene-text", Static)
        # The text's last line lies inside the visible part of the pane.
        last_line = text.region.bottom - 1
        assert pane.content_region.y <= last_line < pane.content_region.bottom
        assert "LAST LINE" in str(text.render())
        # ...and the choices stayed in view all along.
        bar = app.screen.query_one("#choice-bar")
        assert bar.region.bottom <= app.screen.size.height and bar.region.height > 1


async def test_a_new_scene_starts_at_its_top(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n", "end")
        await pilot.pause()
        pane = narrative(app)
        assert pane.scroll_y > 0
        await pilot.press("1")  # the galley
        await pilot.pause()
        assert pane.scroll_y == 0
        await pilot.press("2")  # back to the long deck: from its top again
        await pilot.pause()
        assert game_screen(app).session.view.scene == "deck"
        assert pane.scroll_y == 0 and pane.more_below
        assert len(pane.query(SceneBlock)) == 1  # the scene alone: the journal keeps the others


async def test_returning_to_the_same_scene_shows_the_change_first(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n", "1")
        await pilot.pause()
        assert shown_text(app).startswith("The galley: one long table")
        await pilot.press("1")  # break out the ration bars: back in the galley
        await pilot.pause()
        assert game_screen(app).session.view.scene == "galley"
        shown = shown_text(app)
        assert shown.startswith("The ration wrappers lie on the table, folded small.")
        assert "· the rest is as before ·" in shown
        assert shown.index("as before") < shown.index("The galley: one long table")
        block = narrative(app).current
        assert block is not None
        assert "› Break out the ration bars" in str(block.query_one(".scene-lead", Static).render())


async def test_a_resize_leaves_only_the_current_scene(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot)
        await pilot.press("n", "1")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        pane = narrative(app)
        assert len(pane.query(SceneBlock)) == 1
        assert "Galley" in str(pane.query_one(".scene-title", Static).render())
        assert "FIRST LINE" not in shown_text(app)
        assert pane.scroll_y == 0 and pane.virtual_size.height <= pane.scrollable_content_region.height + 1


# --------------------------------------------------------------------- measure


async def test_the_text_column_is_at_most_72_wide_and_centred(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        pane = narrative(app)
        block = pane.current
        assert block is not None
        assert block.region.width == 72
        left = block.region.x - pane.content_region.x
        right = pane.content_region.right - block.region.right
        assert abs(left - right) <= 2
        game_screen(app).settings_changed(Settings(typewriter=False, text_width=50))
        await pilot.pause()
        assert block.region.width == 50


async def test_the_width_setting_is_read_at_start(make_app: AppFactory, config_dir: Path) -> None:
    (config_dir / "settings.json").write_text(json.dumps({"typewriter": False, "text_width": 60}), encoding="utf-8")
    app = make_app(READING)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        block = narrative(app).current
        assert block is not None and block.region.width == 60


async def test_the_crew_fits_at_80x24_and_is_full_when_there_is_room(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        side = app.screen.query_one("#side", VerticalScroll)
        crew = app.screen.query_one(CrewPanel)
        assert crew.compact
        assert side.max_scroll_y == 0 and not side.show_vertical_scrollbar
        assert str(crew.render()).splitlines()[0].startswith("● Nina")
        await pilot.resize_terminal(120, 50)
        await pilot.pause()
        await pilot.pause()
        assert not crew.compact and "Commander" in str(crew.render())
        assert side.max_scroll_y == 0


async def test_a_40x12_terminal_keeps_five_lines_of_narrative(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        pane = narrative(app)
        assert pane.scrollable_content_region.height >= 5
        assert app.screen.query_one(ChoiceList).region.height >= 2
        await pilot.press("end")
        await pilot.pause()
        assert not pane.more_below


async def test_emphasis_shows_in_italics_in_the_title_and_text(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        block = narrative(app).current
        assert block is not None
        title = block.query_one(".scene-title", Static).render()
        text = block.query_one(".scene-text", Static).render()
        assert str(title) == "The Orison Deck" and "*" not in str(text)
        assert isinstance(block.full_text, Text)
        assert "Orison" in italic_words(block.full_text)


# ----------------------------------------------------------------- keys, focus


async def test_focus_returns_to_the_choices_after_a_typed_command(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n", "slash", *"look", "enter")
        await pilot.pause()
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("space", "end")  # the reading keys type into the command line while it has focus
        assert app.screen.query_one("#command", Input).value == " "
        assert narrative(app).scroll_y == 0
        await pilot.press("backspace", *"journal", "enter")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("2")  # a number key chooses again, it is not typed
        await pilot.pause()
        assert game_screen(app).session.view.scene == "epilogue"


async def test_o_opens_settings_and_the_footer_says_so(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        shown = {
            key: active.binding.description
            for key, active in app.screen.active_bindings.items()
            if active.binding.show and active.enabled
        }
        assert shown.get("o") == "Settings"
        assert "enter" not in shown  # the ending key appears only at an ending
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)


async def test_the_status_line_shows_the_story_not_turn_counters(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n", "1")
        await pilot.pause()
        status = str(game_screen(app).query_one("#status", Static).render())
        assert app.story is not None and app.story.title in status
        assert "turn" not in status.lower()


async def test_undo_at_the_ending_gives_the_keys_back_to_the_choices(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n", "2")
        await pilot.pause()
        screen = game_screen(app)
        assert isinstance(app.focused, NarrativePane)
        await pilot.press("u")
        await pilot.pause()
        assert screen.session.view.scene == "deck"
        assert not screen.query_one("#ending-prompt").display
        choices = screen.query_one(ChoiceList)
        assert choices.display and choices.has_focus
        await pilot.press("down")
        assert choices.highlighted == 1
        block = narrative(app).current
        assert block is not None
        assert "go back" in str(block.query_one(".scene-lead", Static).render())


async def test_a_resize_keeps_the_reader_at_the_end(make_app: AppFactory) -> None:
    app = make_app(READING)
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(pilot)
        await pilot.press("n", "end")
        await pilot.pause()
        pane = narrative(app)
        assert not pane.more_below
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y > 0 and not pane.more_below
        await pilot.press("home")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_at_a_hub_only_the_change_is_typed_out(make_app: AppFactory, config_dir: Path) -> None:
    (config_dir / "settings.json").write_text(json.dumps({"typewriter": True}), encoding="utf-8")
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n", "space", "1", "space", "1")  # the galley, then back to it
        await pilot.pause()
        pane = narrative(app)
        if pane._timer is not None:
            pane._timer.pause()  # the test drives the typewriter
        block = pane.current
        assert block is not None and pane.revealing
        assert 0 < block.typed < len(block.full_text)
        while block.shown < block.typed - 3:
            pane.tick()
        assert pane.revealing
        pane.tick()  # past the new part: what was read before appears at once
        assert not pane.revealing


async def test_without_colours_the_typewriter_shows_the_scene_at_once(
    make_app: AppFactory, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / "settings.json").write_text(json.dumps({"typewriter": True}), encoding="utf-8")
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(READING)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert not narrative(app).revealing
