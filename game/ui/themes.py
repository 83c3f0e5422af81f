"""The game's colour themes: dark, cold and dim, like a ship running on emergency power."""

from __future__ import annotations

from textual.theme import Theme

THEMES: tuple[Theme, ...] = (
    Theme(
        name="orison",
        primary="#7fa7c9",
        secondary="#55708a",
        accent="#c9d6e3",
        warning="#d9a441",
        error="#d2463c",
        success="#6f9f7a",
        foreground="#c5ccd3",
        background="#0b0e12",
        surface="#11161c",
        panel="#18202a",
        dark=True,
    ),
    Theme(
        name="ember",
        primary="#d0604a",
        secondary="#8c3b2e",
        accent="#f0b08a",
        warning="#e8a33c",
        error="#ff4438",
        success="#9bb068",
        foreground="#dcc8bd",
        background="#100807",
        surface="#180d0b",
        panel="#24130f",
        dark=True,
    ),
    Theme(
        name="phosphor",
        primary="#5fd77f",
        secondary="#2f7a45",
        accent="#b5f5c4",
        warning="#d7d75f",
        error="#ff6050",
        success="#5fd77f",
        foreground="#9fe0a9",
        background="#050b06",
        surface="#09130b",
        panel="#0f1d12",
        dark=True,
    ),
)
