"""Settings: every preference on one screen; returns the new settings (None when cancelled)."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Select, Static, Switch

from game.ui.config import TEXT_SPEEDS, TEXT_WIDTHS, THEMES, Settings
from game.ui.screens.dialog import Dialog

#: The switches: control id, label, and the Settings field each one sets.
SWITCHES: tuple[tuple[str, str, str], ...] = (
    ("typewriter", "Typewriter", "typewriter"),
    ("motion", "Reduced motion", "reduced_motion"),
    ("skip", "Skip read text", "skip_read"),
    ("marks", "Mark choices taken", "mark_taken_choices"),
)


def width_label(width: int) -> str:
    """A text width as the settings list names it (0: the window's width)."""
    return f"{width} columns" if width else "as wide as the window"


class SettingsScreen(Dialog[Settings | None]):
    """Change settings; Save keeps them, Escape drops the changes."""

    # Loaded when the first such screen opens, not at launch: the title appears sooner.
    CSS_PATH = "../dialogs.tcss"
    SCOPED_CSS = False

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        """One row per setting, then the buttons."""
        settings = self.settings
        switches = {control: (label, getattr(settings, field)) for control, label, field in SWITCHES}
        # Scrolls when the terminal is too short for every row (focus brings a row into view).
        with VerticalScroll(id="dialog", classes="dialog settings", can_focus=False):
            yield Static(Text("Settings"), classes="dialog-title", markup=False)
            yield from self._switch_row("typewriter", *switches["typewriter"])
            with Horizontal(classes="setting"):
                yield Static(Text("Text speed"), classes="setting-label", markup=False)
                yield Select(
                    [(name, name) for name in TEXT_SPEEDS],
                    value=settings.text_speed,
                    allow_blank=False,
                    compact=True,
                    id="speed",
                )
            with Horizontal(classes="setting"):
                yield Static(Text("Text width"), classes="setting-label", markup=False)
                widths = TEXT_WIDTHS if settings.text_width in TEXT_WIDTHS else (*TEXT_WIDTHS, settings.text_width)
                yield Select(
                    [(width_label(width), width) for width in widths],
                    value=settings.text_width,
                    allow_blank=False,
                    compact=True,
                    id="width",
                )
            yield from self._switch_row("motion", *switches["motion"])
            yield from self._switch_row("skip", *switches["skip"])
            yield from self._switch_row("marks", *switches["marks"])
            with Horizontal(classes="setting"):
                yield Static(Text("Theme"), classes="setting-label", markup=False)
                yield Select(
                    [(label, name) for name, label in THEMES.items()],
                    value=settings.theme,
                    allow_blank=False,
                    compact=True,
                    id="theme",
                )
            yield Static(
                "Tab next · Space switches · Enter opens a list · Esc cancels", classes="dialog-keys", markup=False
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def _switch_row(self, control: str, label: str, value: bool) -> ComposeResult:
        with Horizontal(classes="setting"):
            yield Static(Text(label), classes="setting-label", markup=False)
            yield Switch(value, id=control)
            state = Static(Text(_state(value)), id=f"{control}-state", classes="setting-state", markup=False)
            state.set_class(value, "-on")
            yield state

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        if event.switch.id is not None:
            state = self.query_one(f"#{event.switch.id}-state", Static)
            state.update(Text(_state(event.value)))
            state.set_class(event.value, "-on")

    def current(self) -> Settings:
        """The settings as the controls show them."""
        speed = self.query_one("#speed", Select).value
        theme = self.query_one("#theme", Select).value
        width = self.query_one("#width", Select).value
        switched = {field: self.query_one(f"#{control}", Switch).value for control, _, field in SWITCHES}
        return replace(
            self.settings,
            typewriter=switched["typewriter"],
            reduced_motion=switched["reduced_motion"],
            skip_read=switched["skip_read"],
            mark_taken_choices=switched["mark_taken_choices"],
            text_speed=speed if isinstance(speed, str) else self.settings.text_speed,
            theme=theme if isinstance(theme, str) else self.settings.theme,
            text_width=width if isinstance(width, int) else self.settings.text_width,
        )

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.current())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)


def _state(value: bool) -> str:
    return "on" if value else "off"
