"""The countdown: hidden until the story starts it, then a large clock that warns and alerts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static

from game.engine import CountdownView
from game.ui.widgets.block_digits import BlockDigits, block_width
from game.ui.widgets.prose import format_number, plain

#: How often the critical alert pulses, in seconds.
PULSE_SECONDS = 0.6
#: From this terminal height the digits are drawn large (below it the small ones leave the crew room).
LARGE_FROM_ROWS = 28


class CountdownClock(Vertical):
    """The clock: label, big solid digits, unit. CSS classes -normal, -warning, -critical, -pulse."""

    DEFAULT_CSS = """
    CountdownClock { height: auto; display: none; padding: 0 1; }
    CountdownClock.-active { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reduced_motion = False
        self._pulse: Timer | None = None
        self.level = "off"
        self._value = ""

    def compose(self) -> ComposeResult:
        """Label, digits, unit."""
        yield Static("", classes="clock-label", markup=False)
        yield BlockDigits("", classes="clock-digits")
        yield Static("", classes="clock-unit", markup=False)

    def on_mount(self) -> None:
        """The alert pulse's timer (paused until the clock is critical)."""
        self._pulse = self.set_interval(PULSE_SECONDS, self.pulse, pause=True)
        # The terminal's height decides the digits' size, and a change of height alone
        # does not resize the clock (its width is fixed): follow the screen's layout.
        self.screen.screen_layout_refresh_signal.subscribe(self, lambda _screen: self._draw_digits())

    def show(self, countdown: CountdownView) -> None:
        """Draw the countdown (or hide it while it is off)."""
        self.level = countdown.level
        self.set_class(countdown.active, "-active")
        for level in ("normal", "warning", "critical"):
            self.set_class(countdown.level == level, f"-{level}")
        self.query_one(".clock-label", Static).update(plain(countdown.label.upper()))
        self._value = format_number(countdown.remaining)
        self._draw_digits()
        self.query_one(".clock-unit", Static).update(plain(countdown.unit))
        alert = countdown.level == "critical" and not self.reduced_motion
        if self._pulse is not None:
            if alert:
                self._pulse.resume()
            else:
                self._pulse.pause()
        if not alert:
            self.remove_class("-pulse")

    def on_resize(self) -> None:
        """A new size may fit the large digits, or no longer fit them."""
        self._draw_digits()

    def _draw_digits(self) -> None:
        fits = 0 < block_width(self._value, large=True) <= self.content_size.width
        large = fits and self.app.size.height >= LARGE_FROM_ROWS
        digits = self.query_one(BlockDigits)
        if (digits.value, digits.large) != (self._value, large):
            digits.update_value(self._value, large=large)

    def pulse(self) -> None:
        """One beat of the critical alert (the timer calls this; tests call it directly)."""
        if self.level == "critical" and not self.reduced_motion:
            self.toggle_class("-pulse")
        else:
            self.remove_class("-pulse")
