"""Making story text safe to print in a terminal."""

from __future__ import annotations

import re

# Whole escape sequences first (CSI, OSC, two-byte), then any other control
# character except tab and newline, so nothing can move the cursor or retitle
# the terminal.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[@-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and control characters from story text."""
    text = text.replace("\r\n", "\n")
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


#: What ``Template.render`` writes where each ``{if}`` passage stood (see :func:`prose_paragraphs`).
#: YAML cannot carry a NUL in plain or block text, so the story's own words never hold one; a NUL
#: written as the escape ``"\\0"`` is removed like a seam, which front ends would do anyway.
SEAM = "\x00"
#: A source line ending in this character keeps its line break (verse, a list, a log).
LINE_BREAK = "\\"

# Spaces and tabs (not the no-break space: that one is deliberate) run together into one space.
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
_LINE_SPACES = re.compile(r"[ \t\r\n\f\v]{2,}|[\t\r\n\f\v]")
_SPACE_AT_BREAK = re.compile(r" \n ?|\n ")
_BLANK_LINES = re.compile(r"\n{2,}")
_SEAM_OR_SPACE = frozenset(SEAM + " \t")
#: Punctuation that takes no space before it, and a closing quote when followed by one of these.
_NO_SPACE_BEFORE = frozenset(".,;:!?)]…")
_CLOSING_QUOTES = frozenset('"”’')
_AFTER_CLOSING_QUOTE = frozenset(".,;:!?)]…— \t\n")
#: Opening quotes and brackets, which take no space after them (when they open: at a line's start or after a space).
_OPENING = frozenset('"“([')
_BEFORE_OPENING = frozenset(" \t\n([")
_SENTENCE_END = frozenset(".!?…")
_OPENING_QUOTES = frozenset('"“')


def _run_closed(text: str, start: int, end: int) -> str:
    """What the run ``text[start:end]`` (spaces and seams, at least one seam) becomes in the line around it."""
    if " " not in text[start:end] and "\t" not in text[start:end]:
        # Two passages written end to end: a sentence ending in one and starting in the next still get a space.
        return " " if _sentence_ends(text, start) and _sentence_starts(text, end) else ""
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    if before == "\n" or after == "\n" or after in _NO_SPACE_BEFORE:
        return ""
    if after in _CLOSING_QUOTES and (end + 1 == len(text) or text[end + 1] in _AFTER_CLOSING_QUOTE):
        return ""
    if before in _OPENING and (start < 2 or text[start - 2] in _BEFORE_OPENING):
        return ""
    return " "


def _sentence_ends(text: str, at: int) -> bool:
    """True when ``text[:at]`` ends a sentence: ``.``, ``!``, ``?`` or ``…``, perhaps inside a closing quote."""
    if at and text[at - 1] in _CLOSING_QUOTES:
        at -= 1
    return at > 0 and text[at - 1] in _SENTENCE_END


def _sentence_starts(text: str, at: int) -> bool:
    """True when ``text[at:]`` starts a sentence: a capital letter, perhaps after an opening quote."""
    if at < len(text) and text[at] in _OPENING_QUOTES:
        at += 1
    return at < len(text) and text[at].isupper()


def _close_seams(text: str) -> str:
    """Rendered text with the gaps its passages left closed and the seams removed.

    Around each run of seams and spaces: a line that holds nothing else goes,
    line break and all; otherwise the run becomes one space, or none at a
    line's ends, before punctuation or a closing quote, or after an opening
    quote or bracket. Seams with no space between a sentence's end and the
    next one's start become a space.
    """
    out: list[str] = []
    done = 0
    length = len(text)
    seam = text.find(SEAM)
    while seam != -1:
        start = seam
        while start > done and text[start - 1] in " \t":
            start -= 1
        end = seam
        while end < length and text[end] in _SEAM_OR_SPACE:
            end += 1
        out.append(text[done:start])
        if (start == 0 or text[start - 1] == "\n") and (end == length or text[end] == "\n"):
            end += 1  # the line held only passages that showed nothing: it was never there
        else:
            out.append(_run_closed(text, start, end))
        done = end
        seam = text.find(SEAM, done)
    out.append(text[done:])
    return "".join(out)


def prose_paragraphs(text: str) -> tuple[str, ...]:
    """Rendered story prose as paragraphs: the one place line breaks and passages' gaps are settled.

    A blank line ends a paragraph; inside one, the source's line breaks become
    single spaces, except after a line ending in a backslash (``LINE_BREAK``),
    which keeps its break (the backslash goes). Runs of spaces and tabs become
    one space, and no paragraph or line starts or ends with a space.

    ``text`` may hold ``SEAM`` where ``{if}`` passages stood (``Template.render``
    with ``seam=SEAM``): a line that only passages made, and that they left
    empty, goes entirely, so a false passage on a line of its own neither
    splits a paragraph nor adds a blank line; a space a passage left before
    punctuation or a closing quote, or after an opening one, goes too. The
    result never holds ``SEAM``, an empty paragraph, a double space, or two
    line breaks in a row.
    """
    if SEAM in text:
        text = _close_seams(text)
    # Whole-text substitutions, each only when needed: a view draws this every turn.
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _SPACE_AT_BREAK.sub("\n", text)
    paragraphs: list[str] = []
    text = text.strip(" \n")
    for paragraph in _BLANK_LINES.split(text) if "\n\n\n" in text else text.split("\n\n"):
        if paragraph.endswith(LINE_BREAK):
            # A break asked for at a paragraph's end has nothing to break before.
            paragraph = paragraph.rstrip(LINE_BREAK + " \n")
        if "\n" in paragraph:
            if LINE_BREAK + "\n" in paragraph:
                paragraph = _keep_marked_breaks(paragraph)
            else:
                paragraph = paragraph.replace("\n", " ")
        if paragraph:
            paragraphs.append(paragraph)
    return tuple(paragraphs)


def _keep_marked_breaks(paragraph: str) -> str:
    """A paragraph's lines joined by spaces, except after a line ending in ``LINE_BREAK``."""
    pieces: list[str] = []
    pending_break = False
    for line in paragraph.split("\n"):
        hard = line.endswith(LINE_BREAK)
        if hard:
            line = line[: -len(LINE_BREAK)].rstrip(" ")
        if not line:
            pending_break = pending_break or hard
            continue
        if pieces:
            pieces.append("\n" if pending_break else " ")
        pieces.append(line)
        pending_break = hard
    return "".join(pieces)


def prose_text(text: str) -> str:
    """Rendered story prose as :func:`prose_paragraphs` settles it, a blank line between paragraphs."""
    return "\n\n".join(prose_paragraphs(text))


def marked_prose(text: str) -> str:
    """A view's text (``prose_text``) with its kept line breaks marked again as the story marks them.

    ``prose_paragraphs`` reads the result back to the same paragraphs, so prose kept on
    disk in this form (the gallery's endings) is read with the one rule, whatever version
    wrote it: hard wraps joined, kept breaks kept.
    """
    if "\n" not in text.replace("\n\n", ""):
        return text
    return "\n\n".join(paragraph.replace("\n", LINE_BREAK + "\n") for paragraph in text.split("\n\n"))


def one_line(text: str) -> str:
    """Short rendered story text (a title, a choice, a reason, a stat) on one line.

    Every line break and run of spaces becomes one space, passages' seams go
    (with a space they leave before punctuation), and the ends are trimmed.
    """
    if SEAM in text:
        text = _close_seams(text)
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _LINE_SPACES.sub(" ", text)
    return text.strip(" ")


# *word* or *a few words*: asterisks hugging text on one line. A lone asterisk, or one
# with a space inside it ("5 * 3"), is left as written.
_EMPHASIS = re.compile(r"\*(?=[^\s*])([^*\n]*?[^\s*])\*")


def emphasis_segments(text: str) -> list[tuple[str, bool]]:
    """Story text split into ``(words, emphasised)`` runs, the asterisks of ``*emphasis*`` removed."""
    segments: list[tuple[str, bool]] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > position:
            segments.append((text[position : match.start()], False))
        segments.append((match.group(1), True))
        position = match.end()
    if position < len(text) or not segments:
        segments.append((text[position:], False))
    return segments


def strip_emphasis(text: str) -> str:
    """Story text with the asterisks of ``*emphasis*`` removed: plain words for plain output."""
    if "*" not in text:
        return text
    return _EMPHASIS.sub(r"\1", text)
