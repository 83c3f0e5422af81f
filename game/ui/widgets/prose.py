"""Story text made safe and readable: escape sequences removed, never read as markup."""

from __future__ import annotations

import re

from rich.text import Text

from game.text import clean_text, emphasis_segments, marked_prose, prose_paragraphs

_WHITESPACE = re.compile(r"\s+")


def paragraphs(text: str) -> list[str]:
    """A view's prose (see ``SceneView``) as its paragraphs, cleaned of escape sequences.

    The engine has joined the hard wraps already; going through ``marked_prose`` lets the
    engine's one rule (``prose_paragraphs``) settle the spaces removing an escape can leave
    while keeping the line breaks the author asked for.
    """
    return list(prose_paragraphs(marked_prose(clean_text(text))))


def prose(text: str) -> str:
    """A view's prose as one string with paragraphs separated by a blank line."""
    return "\n\n".join(paragraphs(text))


def kept_prose(text: str) -> str:
    """Prose kept on disk in the story's own form (``marked_prose``; hard-wrapped, from older versions) as paragraphs."""
    return "\n\n".join(prose_paragraphs(clean_text(text)))


def plain(text: str, style: str = "") -> Text:
    """A Text of story text: cleaned, on one line, and never interpreted as Rich markup."""
    return Text(_WHITESPACE.sub(" ", clean_text(text)), style=style)


def format_number(value: float) -> str:
    """A countdown number as the clock shows it: no trailing ``.0``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def emphasised(text: str, style: str = "") -> Text:
    """Like :func:`plain`, with the story's ``*emphasis*`` in italics (asterisks removed)."""
    result = Text(style=style)
    for words, italic in emphasis_segments(_WHITESPACE.sub(" ", clean_text(text))):
        result.append(words, style="italic" if italic else "")
    return result


def prose_text(text: str) -> Text:
    """Story prose as a Text: paragraphs apart by a blank line, ``*emphasis*`` in italics."""
    return join_paragraphs(paragraphs(text))


def join_paragraphs(parts: list[str], style: str = "") -> Text:
    """Paragraphs (already cleaned and joined) as one Text, with emphasis, a blank line between them."""
    result = Text(style=style)
    for index, paragraph in enumerate(parts):
        if index:
            result.append("\n\n")
        for words, italic in emphasis_segments(paragraph):
            result.append(words, style="italic" if italic else "")
    return result
