"""Variable values typed by an author (play from here): parsed by the variable's type, never evaluated."""

from __future__ import annotations

import math

from game.story.expressions import BOOL, NUM, Value, format_value

__all__ = ["format_value", "parse_value"]


def parse_value(text: str, kind: str) -> Value:
    """``text`` as a value of type ``kind`` (bool, num, str); raises ValueError saying what is expected."""
    text = text.strip() if kind != "str" else text
    if kind == BOOL:
        if text.lower() in ("true", "yes", "1"):
            return True
        if text.lower() in ("false", "no", "0"):
            return False
        raise ValueError(f"'{text}' is not true or false")
    if kind == NUM:
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a number") from None
        if not math.isfinite(number) or abs(number) > 1e15:
            raise ValueError(f"'{text}' is not a number a story can hold")
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return text
