"""Settings: text speed, the typewriter, reduced motion, the theme; returns the new settings."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Select, Static, Switch

from game.ui.config import TEXT_SPEEDS, THEMES, Settings
from game.ui.screens.dialog import Dialog


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
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text("Settings"), classes="dialog-title", markup=False)
            with Horizontal(classes="setting"):
                yield Static(Text("Typewriter"), classes="setting-label", markup=False)
                yield Switch(settings.typewriter, id="typewriter")
            with Horizontal(classes="setting"):
                yield Static(Text("Text speed"), classes="setting-label", markup=False)
                yield Select(
                    [(name, name) for name in TEXT_SPEEDS], value=settings.text_speed, allow_blank=False, id="speed"
                )
            with Horizontal(classes="setting"):
                yield Static(Text("Reduced motion"), classes="setting-label", markup=False)
                yield Switch(settings.reduced_motion, id="motion")
            with Horizontal(classes="setting"):
                yield Static(Text("Theme"), classes="setting-label", markup=False)
                yield Select(
                    [(label, name) for name, label in THEMES.items()],
                    value=settings.theme,
                    allow_blank=False,
                    id="theme",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Cancel", id="cancel")

    def current(self) -> Settings:
        """The settings as the controls show them."""
        speed = self.query_one("#speed", Select).value
        theme = self.query_one("#theme", Select).value
        return replace(
            self.settings,
            typewriter=self.query_one("#typewriter", Switch).value,
            reduced_motion=self.query_one("#motion", Switch).value,
            text_speed=speed if isinstance(speed, str) else self.settings.text_speed,
            theme=theme if isinstance(theme, str) else self.settings.theme,
        )

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.current())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
