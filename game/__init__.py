"""exception: a text adventure engine and the game built on it."""

__version__ = "0.1.0"
