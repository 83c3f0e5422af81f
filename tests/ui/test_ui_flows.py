"""Pilot tests: every flow of the terminal UI, on small fixture stories."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.color import Color
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from ui_support import BROKEN, SHIP, ready

from game.engine import Game, load_story
from game.saves import SaveStore
from game.ui.app import ExceptionApp
from game.ui.config import THEMES as THEME_NAMES
from game.ui.screens.confirm import ConfirmDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.gallery import GalleryScreen
from game.ui.screens.game import GameScreen
from game.ui.screens.journal import JournalScreen
from game.ui.screens.load_dialog import LoadDialog
from game.ui.screens.replay import ReplayScreen
from game.ui.screens.save_dialog import SaveDialog
from game.ui.screens.settings import SettingsScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.choices import ChoiceList
from game.ui.widgets.countdown import CountdownClock
from game.ui.widgets.menu import Menu
from game.ui.widgets.narrative import NarrativePane, SceneBlock

AppFactory = Callable[..., ExceptionApp]


def game_screen(app: ExceptionApp) -> GameScreen:
    screen = app.screen
    assert isinstance(screen, GameScreen), f"expected the game screen, got {type(screen).__name__}"
    return screen


def scene_titles(app: ExceptionApp) -> list[str]:
    return [str(block.query_one(".scene-title", Static).render()) for block in app.screen.query(SceneBlock)]


async def test_title_menu_enables_after_the_story_loads(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        assert isinstance(app.screen, TitleScreen)
        await ready(pilot)
        menu = app.screen.query_one("#menu", Menu)
        assert menu.is_enabled("new")
        assert not menu.is_enabled("continue")  # no saves yet
        assert app.story is not None and app.story.id == "ui_ship"


async def test_title_menu_keys_wrap_and_the_mouse_chooses(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        menu = app.screen.query_one("#menu", Menu)
        assert menu.has_focus and menu.highlighted_key == "new"
        await pilot.press("up")  # wraps round to the last item
        assert menu.highlighted_key == "quit"
        await pilot.press("down", "down")  # past the disabled Continue and Load
        assert menu.highlighted_key == "replay"
        await pilot.press("end", "home")
        assert menu.highlighted_key == "new"
        await pilot.hover(Menu, offset=(3, 4))
        assert menu.hovered == 4
        await pilot.click(Menu, offset=(3, 1))  # Continue: disabled, nothing happens
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and menu.highlighted_key == "new"
        await pilot.click(Menu, offset=(3, 4))  # Endings
        await pilot.pause()
        assert isinstance(app.screen, GalleryScreen)


async def test_collection_paused_for_the_start_resumes_after_the_first_frame(make_app: AppFactory) -> None:
    gc.disable()  # as run_app leaves it
    try:
        app = make_app()
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.parametrize("size", [(100, 30), (40, 12), (71, 19), (72, 20)])
async def test_title_is_born_with_the_size_classes_textual_gives_it(
    make_app: AppFactory, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    born: set[str] = set()
    make_screen = app.get_default_screen

    def spy() -> Screen[None]:
        screen = make_screen()
        born.update(screen.classes)
        return screen

    monkeypatch.setattr(app, "get_default_screen", spy)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert born and born == set(app.screen.classes)  # Textual's resize found nothing to change


async def test_story_errors_are_shown_not_raised(make_app: AppFactory) -> None:
    app = make_app(BROKEN)
    async with app.run_test() as pilot:
        await ready(pilot)
        assert isinstance(app.screen, TitleScreen)
        errors = str(app.screen.query_one("#story-errors-text", Static).render())
        assert "story.yaml:6:10: start scene 'nowhere' does not exist" in errors
        assert not app.screen.query_one("#menu", Menu).is_enabled("new")
        await pilot.press("n")
        assert isinstance(app.screen, TitleScreen)


async def test_new_game_and_choosing_by_number_key(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = game_screen(app)
        assert screen.session.view.scene == "bay"
        await pilot.press("1")
        await pilot.pause()
        assert screen.session.view.scene == "corridor"
        assert scene_titles(app) == ["Corridor C"]  # only the current scene: the journal keeps the rest


async def test_choosing_with_arrows_and_enter(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert game_screen(app).session.view.scene == "dark_bay"


async def test_choosing_with_the_mouse(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        # The rule above the choices is their bar's, not the list's: the second option is one row down.
        await pilot.click(ChoiceList, offset=(6, 1))
        await pilot.pause()
        assert choices.choice_views == game_screen(app).session.view.choices
        assert game_screen(app).session.view.scene == "dark_bay"


async def test_disabled_choice_is_shown_dimmed_and_cannot_be_taken(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        option = choices.get_option("hopeful_end")
        assert option.disabled
        assert "You do not have the key." in str(option.prompt)
        await pilot.press("3")  # only two enabled choices
        await pilot.pause()
        assert game_screen(app).session.view.scene == "bay"


async def test_countdown_appears_warns_and_alerts(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        clock = app.screen.query_one(CountdownClock)
        assert not clock.has_class("-active")
        assert not clock.display or clock.styles.display == "none" or not clock.has_class("-active")
        await pilot.press("2")
        await pilot.pause()
        assert clock.has_class("-active") and clock.has_class("-normal")
        await pilot.press("1", "1")  # wait 10, wait 10: 9 min left, below the warning at 12
        await pilot.pause()
        assert clock.has_class("-warning")
        assert app.screen.has_class("-warning")
        clock.pulse()
        assert not clock.has_class("-pulse")  # only critical pulses
        await pilot.press("1")  # wait 10 more: the time runs out
        await pilot.pause()
        await pilot.press("enter")  # the ending's prose first; Enter opens the card
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert app.screen.session.view.ending is not None
        assert app.screen.session.view.ending.id == "reclaimed"


async def test_critical_clock_pulses_unless_motion_is_reduced(make_app: AppFactory) -> None:
    from game.engine import CountdownView

    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        clock = app.screen.query_one(CountdownClock)
        critical = CountdownView(True, 2, "Reclamation", "min", 12, "critical")
        clock.show(critical)
        clock.pulse()
        assert clock.has_class("-critical") and clock.has_class("-pulse")
        clock.reduced_motion = True
        clock.show(critical)
        clock.pulse()
        assert not clock.has_class("-pulse")


async def test_darkness_and_point_of_view_are_story_classes_on_the_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = game_screen(app)
        assert not screen.has_class("dark")
        await pilot.press("1", "2")  # corridor, then Lewis's eyes
        await pilot.pause()
        assert screen.has_class("lewis")
        await pilot.press("1")  # back to the bay as Nina
        await pilot.pause()
        assert not screen.has_class("lewis")
        await pilot.press("2")  # cut the power
        await pilot.pause()
        assert screen.has_class("dark")
        await pilot.press("u")
        await pilot.pause()
        assert not screen.has_class("dark")


async def test_every_turn_is_autosaved(make_app: AppFactory, store: SaveStore) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "1")
        await pilot.pause()
        latest = store.latest()
        assert latest is not None and latest.slot == "autosave" and latest.turn == 1
        await pilot.press("2")
        await pilot.pause()
        latest = store.latest()
        assert latest is not None and latest.turn == 2 and latest.scene_title == "Lewis: The Cradle"


async def test_save_dialog_saves_a_named_slot(make_app: AppFactory, store: SaveStore) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "1")
        await pilot.pause()
        assert game_screen(app).session.dirty
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        name = app.screen.query_one("#slot-name", Input)
        assert name.value == "corridor-c"
        name.value = "before the dark"
        await pilot.press("enter")
        await pilot.pause()
        assert not game_screen(app).session.dirty
        slots = {summary.slot: summary for summary in store.list()}
        # The slot keeps the name as typed (its file is before-the-dark~<hash>.json).
        assert "before the dark" in slots
        assert slots["before the dark"].turn == 1


async def test_save_dialog_escape_saves_nothing(make_app: AppFactory, store: SaveStore) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert [summary.slot for summary in store.list()] == ["autosave"]
        assert game_screen(app).session.dirty


async def test_load_dialog_opens_a_slot(make_app: AppFactory, store: SaveStore) -> None:
    story = load_story(SHIP)
    game = Game(story, 7)
    game.choose("cut")
    game.choose("wait")
    store.save("waiting", game, play_time=60)
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)
        await pilot.press("enter")
        await pilot.pause()
        screen = game_screen(app)
        assert screen.session.view.scene == "dark_bay"
        assert screen.session.view.turn == 2
        assert screen.session.view.countdown.remaining == 19
        # The journal was rebuilt from the seed and the choices.
        assert [entry.title for entry in screen.session.journal] == [
            "The Printing Bay",
            "The Bay, Dark",
            "The Bay, Dark",
        ]


async def test_continue_opens_the_latest_save(make_app: AppFactory, store: SaveStore) -> None:
    story = load_story(SHIP)
    game = Game(story, 7)
    game.choose("corridor")
    store.autosave(game, play_time=5, playthrough="0123456789ab")
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        menu = app.screen.query_one("#menu", Menu)
        assert menu.is_enabled("continue")
        await pilot.press("c")
        await pilot.pause()
        assert game_screen(app).session.view.scene == "corridor"


async def test_load_option_opens_the_game_at_start(make_app: AppFactory, store: SaveStore) -> None:
    story = load_story(SHIP)
    game = Game(story, 7)
    game.choose("corridor")
    store.save("mine", game, play_time=5)
    app = make_app(load="mine")
    async with app.run_test() as pilot:
        await ready(pilot)
        assert game_screen(app).session.view.scene == "corridor"


async def test_a_bad_save_is_reported_not_raised(make_app: AppFactory, saves_dir: Path) -> None:
    saves_dir.mkdir(parents=True, exist_ok=True)
    broken = saves_dir / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    app = make_app(load=str(broken))
    async with app.run_test() as pilot:
        await ready(pilot)
        assert isinstance(app.screen, TitleScreen)


async def test_undo_steps_back_and_the_journal_remembers(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "u")
        await pilot.pause()
        assert game_screen(app).session.view.turn == 0  # nothing to undo: a notice, no change
        await pilot.press("1", "u")
        await pilot.pause()
        screen = game_screen(app)
        assert screen.session.view.scene == "bay"
        assert screen.session.view.turn == 0
        assert [entry.undone for entry in screen.session.journal] == [True, True, False]


async def test_journal_shows_scenes_and_choices(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "j")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        text = "\n".join(str(entry.render()) for entry in app.screen.query(".journal-entry").results(Static))
        assert "The Printing Bay" in text
        assert "› Wake the crew" in text
        assert "Corridor C" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)


async def test_settings_are_saved_and_used_next_time(make_app: AppFactory, config_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        # Continue and Load are disabled without saves: down goes New game, Replay, Endings, Settings.
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        from textual.widgets import Select, Switch

        app.screen.query_one("#motion", Switch).value = True
        app.screen.query_one("#theme", Select).value = "ember"
        await pilot.click("#save")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert app.theme == "ember"
    saved = json.loads((config_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["reduced_motion"] is True
    assert saved["theme"] == "ember"
    again = make_app()
    assert again.settings.reduced_motion is True
    assert again.settings.theme == "ember"


@pytest.mark.parametrize("theme", sorted(THEME_NAMES))
async def test_the_saved_theme_is_the_first_frames(make_app: AppFactory, config_dir: Path, theme: str) -> None:
    (config_dir / "settings.json").write_text(json.dumps({"typewriter": False, "theme": theme}), encoding="utf-8")
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        chosen = app.get_theme(theme)
        assert chosen is not None and chosen.dark  # so the start takes the quick way (ExceptionApp._use_first_theme)
        assert app.theme == theme and app.current_theme is chosen
        assert {f"-theme-{theme}", "-dark-mode"} <= set(app.classes) and "-light-mode" not in app.classes
        lettering = app.screen.query_one("#lettering")
        first = (app.screen.styles.background, lettering.styles.color, app.screen.query_one("#status").styles.color)
        # The same theme chosen the ordinary way (Textual's watcher re-parses all the CSS) looks the same.
        app.theme = "textual-dark"
        await pilot.pause()
        app.theme = theme
        await pilot.pause()
        assert first == (
            app.screen.styles.background,
            lettering.styles.color,
            app.screen.query_one("#status").styles.color,
        )
        assert first[0] == Color.parse(chosen.background or "")


async def test_ending_screen_and_gallery_remember_endings(make_app: AppFactory, config_dir: Path) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "2", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        summary = str(app.screen.query_one("#ending-summary", Static).render())
        assert "What the Core Took" in str(app.screen.query_one("#ending-title", Static).render())
        assert app.screen.has_class("tone-grim")
        assert "Lost" in summary or app.screen.query_one("#ending-summary") is not None
        assert app.screen.query("#ending-new")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, GalleryScreen)
        options = app.screen.query_one("#gallery-list", OptionList).options
        text = str(app.screen.query_one("#gallery-count", Static).render()) + "".join(str(o.prompt) for o in options)
        assert "1 of 3 found" in text
        assert "What the Core Took" in text
    data = json.loads((config_dir / "endings.json").read_text(encoding="utf-8"))
    assert [(item["ending_id"], item["times"]) for item in data["endings"]] == [("core", 1)]
    later = make_app()
    assert "core" in later.gallery.for_story("ui_ship")


async def test_undo_from_the_ending_returns_to_the_game(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "2", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("u")
        await pilot.pause()
        assert game_screen(app).session.view.scene == "dark_bay"


async def test_quit_asks_when_progress_is_unsaved(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "q")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)  # nothing to lose: no question
        await pilot.press("n", "1", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, GameScreen)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def test_typewriter_reveals_over_ticks_and_any_key_finishes(make_app: AppFactory, config_dir: Path) -> None:
    (config_dir / "settings.json").write_text(json.dumps({"typewriter": True, "text_speed": "slow"}), encoding="utf-8")
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        pane = app.screen.query_one(NarrativePane)
        block = pane.current
        assert block is not None
        pane._timer.pause() if pane._timer else None  # the test drives the ticks itself
        before = block.shown
        pane.tick()
        assert block.shown > before
        assert pane.revealing
        await pilot.press("1")  # finishes the text; does not choose
        await pilot.pause()
        assert not pane.revealing
        assert game_screen(app).session.view.scene == "bay"
        await pilot.press("1")
        await pilot.pause()
        assert game_screen(app).session.view.scene == "corridor"


async def test_typed_commands_match_choices_and_commands(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"wake", "enter")
        await pilot.pause()
        assert game_screen(app).session.view.scene == "corridor"
        assert isinstance(app.focused, ChoiceList)  # the next keys are for the story again
        await pilot.press("slash", *"undo", "enter")
        await pilot.pause()
        assert game_screen(app).session.view.scene == "bay"
        await pilot.press("slash", *"xyzzy", "enter")
        await pilot.pause()
        assert game_screen(app).session.view.scene == "bay"


async def test_story_text_is_never_markup_or_escapes(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n", "1")
        await pilot.pause()
        block = app.screen.query_one(NarrativePane).current
        assert block is not None
        shown = str(block.query_one(".scene-text", Static).render())
        assert "[bold]red[/bold]" in shown
        assert "[link=x]here[/]" in shown
        assert "\x1b" not in shown


async def test_command_palette_runs_game_actions(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await ready(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"journal")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)


async def test_small_and_resized_terminals_stay_usable(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await ready(pilot)
        await pilot.press("n", "2")
        await pilot.pause()
        screen = game_screen(app)
        assert screen.has_class("-narrow") and screen.has_class("-short")
        assert screen.query_one("#side").region.width == 0
        for size in [(20, 5), (120, 40), (1, 1), (80, 24), (40, 12)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert screen.session.view.turn == 2
        await pilot.press("s")
        await pilot.pause()
        for size in [(1, 1), (30, 8), (40, 12)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        await pilot.press("escape", "q", "y")
        await pilot.pause()
        for size in [(1, 1), (40, 12)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert isinstance(app.screen, TitleScreen)


async def _replay_app(make_app: AppFactory, store: SaveStore) -> ExceptionApp:
    story = load_story(SHIP)
    game = Game(story, 7)
    for choice in ("corridor", "lewis_eyes", "reach", "cut"):
        game.choose(choice)
    summary = store.save("path", game, play_time=30)
    return make_app(replay=summary.path)


async def test_replay_steps_plays_jumps_and_takes_over(make_app: AppFactory, store: SaveStore) -> None:
    app = await _replay_app(make_app, store)
    async with app.run_test() as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert screen.position == 0 and screen.last == 4
        await pilot.press("right", "right")
        await pilot.pause()
        assert screen.position == 2
        assert screen.has_class("lewis")
        await pilot.press("left")
        await pilot.pause()
        assert screen.position == 1 and not screen.has_class("lewis")
        now = [100.0]
        app.clock = lambda: now[0]
        await pilot.press("space")
        assert screen.playing
        for _ in range(3):
            now[0] += 60  # a minute: every fixture scene is read by then
            screen.tick()
        await pilot.pause()
        assert screen.position == 4 and not screen.playing  # stops at the last turn
        assert screen.has_class("dark")
        await pilot.press("g")
        await pilot.pause()
        dialog_input = app.screen.query_one("#turn", Input)
        dialog_input.value = "1"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.position == 1
        await pilot.press("plus")
        assert "350 words/min" in str(screen.query_one("#status", Static).render())
        await pilot.press("t")
        await pilot.pause()
        game = game_screen(app)
        assert game.session.view.scene == "corridor"
        await pilot.press("1")
        await pilot.pause()
        assert game.session.view.scene == "bay"


async def test_replay_shows_each_turns_scene_after_every_step_and_jump(make_app: AppFactory, store: SaveStore) -> None:
    # Stepping and jumping redraw the pane at once: the scene shown must be the turn's own,
    # never an empty pane left by the block the previous turn drew.
    app = await _replay_app(make_app, store)
    async with app.run_test() as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        game = Game(load_story(SHIP), 7)
        expected = [game.view().title]
        for choice in screen.choices:
            expected.append(game.choose(choice).title)
        for key in ("right", "right", "right", "right", "left", "left", "right", "left", "left", "left"):
            await pilot.press(key)
            await pilot.pause()
            assert scene_titles(app) == [expected[screen.position]], key
        await pilot.press("g")
        await pilot.pause()
        app.screen.query_one("#turn", Input).value = "3"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.position == 3 and scene_titles(app) == [expected[3]]
