"""The studio application: a thin shell around the studio screen."""

from __future__ import annotations

from textual.app import App

from game.studio.options import StudioOptions
from game.studio.screens.studio import StudioScreen


class StudioApp(App[None]):
    """``exception studio``: write, check and play a story in one terminal window."""

    CSS_PATH = "studio.tcss"
    TITLE = "exception studio"

    def __init__(self, options: StudioOptions) -> None:
        super().__init__()
        self.options = options

    def on_mount(self) -> None:
        self.push_screen(StudioScreen(self.options))

    @property
    def studio(self) -> StudioScreen:
        """The main screen (beneath any dialog)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, StudioScreen):
                return screen
        raise LookupError("the studio screen is not open")

    async def action_quit(self) -> None:
        """Ctrl+Q: leave, asking first when there are unsaved changes."""
        self.studio.request_leave()
