"""Helpers shared by the line-based front ends."""

from __future__ import annotations

from game.engine import ChoiceView, SceneView


def resolve_choice(view: SceneView, answer: str) -> tuple[str | None, str | None]:
    """Map a typed answer (a 1-based number of an enabled choice, or a choice id) to a choice id.

    Returns (choice id, None) or (None, error message).
    """
    answer = answer.strip()
    enabled: list[ChoiceView] = view.enabled_choices
    if not answer:
        return None, "type the number of a choice"
    if answer.isascii() and answer.isdigit():
        # ASCII digits only: '²' is a digit to str.isdigit but not to int().
        number = int(answer) if len(answer) <= 9 else -1
        if 1 <= number <= len(enabled):
            return enabled[number - 1].id, None
        shown = answer if len(answer) <= 12 else answer[:12] + "..."
        return None, f"there is no choice {shown}; choose 1 to {len(enabled)}"
    for choice in view.choices:
        if choice.id == answer:
            if choice.enabled:
                return choice.id, None
            return None, f"'{answer}' is not possible now: {choice.reason}"
    return None, f"'{answer}' is not a choice here; type a number from 1 to {len(enabled)}"
