"""What one load collects, and the helpers that check a value and report a problem where it is written.

Every problem is a :class:`StoryError` at ``path:line:col``; a section's keys
are checked against its declaration in ``game.story.format`` (unknown keys
with a "did you mean", missing required ones), and a field's value is read
as its declared kind says (an id, a scene that exists, text, a number, a
condition, a template, true or false).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from game.story.build.positions import scalar_position, source_lines
from game.story.expressions import BOOL, Expr, ExpressionError, SharedExpressions, Template, TypeEnv
from game.story.format import ID_PATTERN, Section
from game.story.model import CountdownSettings, CrewMember, Source
from game.story.yamlread import MAX_INT, YamlProblem, YMap, YNode, YScalar, YSeq, read_yaml

#: Parses one file's text into nodes and problems (``read_yaml``, or a memo of it).
YamlReader = Callable[[str], tuple[YNode | None, list[YamlProblem]]]
#: A hostile or badly broken file can hold millions of mistakes; past this
#: many in one file the rest are counted, not listed.
MAX_ERRORS_PER_FILE = 100
ID = re.compile(ID_PATTERN + r"\Z")
#: A line with something before a ' #' (a value a comment may have cut).
_VALUE_THEN_COMMENT = re.compile(r"^[ \t]*[^ \t#\n][^\n]*?[ \t]#[^\n]*$", re.MULTILINE)
#: What follows an unquoted value when YAML cut a comment off it: blanks, then '#'.
_COMMENT_AFTER = re.compile(r"[ \t]+#")
#: A mapping's checked keys: name -> (key node, value node).
Found = dict[str, tuple[YScalar, YNode]]


@dataclass(frozen=True, slots=True, order=True)
class StoryError:
    """One problem in a story, at a place an author can jump to."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class StoryLoadError(Exception):
    """The story has errors; ``errors`` holds all of them, sorted."""

    def __init__(self, errors: Iterable[StoryError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(error) for error in self.errors))


def in_range(value: object) -> bool:
    """False for a number a story cannot hold: infinite, NaN or beyond ±MAX_INT (true for non-numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    # NaN fails every comparison, so it is out of range too.
    return -MAX_INT <= value <= MAX_INT


def suggest(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the option closest to ``word``, or nothing."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


_KIND_NAMES = {
    YMap: "a mapping (key: value lines)",
    YSeq: "a list (- items)",
}


def describe(node: YNode) -> str:
    """What a node is, in an author's words ("a list (- items)", "the number 3")."""
    if isinstance(node, YScalar):
        value = node.value
        if value is None:
            return "nothing (an empty value)"
        if isinstance(value, bool):
            return f"the boolean {str(value).lower()}"
        if isinstance(value, int | float):
            return f"the number {value}"
        return "text"
    return _KIND_NAMES[type(node)]


def _non_ascii_hint(text: str) -> str:
    """Why an id that looks right is refused: ids take ASCII letters and digits only."""
    odd = next((ch for ch in text if not ch.isascii()), None)
    if odd is None:
        return ""
    return f" ({odd!r} is not an ASCII letter or digit; ids use a-z, A-Z, 0-9 and '_')"


@dataclass(slots=True)
class FileContext:
    """A story file being read: the path shown in messages, its text (for positions), whether a branch's."""

    display: str
    text: str
    branch: bool
    lines: list[str] | None = None
    commented: dict[int, str] | None = None

    def source_lines(self) -> list[str]:
        """The file's lines, split once, when an error needs a position inside a value."""
        if self.lines is None:
            self.lines = source_lines(self.text)
        return self.lines

    def commented_lines(self) -> dict[int, str]:
        """The lines (by 1-based number) where a value may be followed by a comment: few, found once.

        A file's lines are not all kept: a large story would hold its text twice while it loads.
        """
        if self.commented is None:
            self.commented = {}
            text = self.text
            counted, line = 0, 1
            for match in _VALUE_THEN_COMMENT.finditer(text):
                line += text.count("\n", counted, match.start())
                counted = match.start()
                self.commented[line] = match.group()
        return self.commented


@dataclass(slots=True)
class PendingScene:
    """A scene found in the first pass, built in the second (when every scene id is known)."""

    id: str
    node: YMap | None  # None once the scene is built
    key: YScalar
    file: FileContext


@dataclass(slots=True)
class PendingExtension:
    """An ``extend:`` entry, applied once every scene is built."""

    scene: str
    node: YMap
    key: YScalar
    file: FileContext


@dataclass(slots=True)
class Manifest:
    """The manifest's values, as built (empty text where a value was missing or wrong)."""

    id: str = ""
    title: str = ""
    version: str = ""
    start: str = ""
    crew: tuple[CrewMember, ...] = ()
    countdown: CountdownSettings | None = None
    ui_classes: tuple[tuple[str, Expr], ...] = ()


@dataclass(slots=True)
class BuildContext:
    """Everything one load collects, and the checks every section uses."""

    fingerprint: str
    branch_names: tuple[str, ...]
    errors: list[StoryError] = field(default_factory=list)
    manifest: tuple[YMap, FileContext] | None = None
    var_nodes: dict[str, tuple[YScalar, YNode, FileContext]] = field(default_factory=dict)
    scene_nodes: dict[str, PendingScene] = field(default_factory=dict)
    extensions: list[PendingExtension] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    yaml_reader: YamlReader = read_yaml
    # Where the YAML reader already found a problem (an alias, a tag, a key
    # that is a list): later complaints about the same node only echo it.
    yaml_spots: set[tuple[str, int, int]] = field(default_factory=set)
    error_counts: dict[str, int] = field(default_factory=dict)
    first_unlisted: dict[str, StoryError] = field(default_factory=dict)
    # Each distinct expression and template text is checked once and shared (see SharedExpressions).
    shared: SharedExpressions | None = None
    #: What loads but is likely a mistake: (where, message), kept on the story for ``check``.
    warnings: list[tuple[Source, str]] = field(default_factory=list)
    #: A file had a YAML syntax error: nothing in it was read, so what refers to it would only echo it.
    unreadable: bool = False
    #: The story folder as the command was given it, for messages about the folder as a whole.
    root_display: str = ""

    # ------------------------------------------------------------ reporting

    def report(self, error: StoryError) -> None:
        """Record a problem; past MAX_ERRORS_PER_FILE in one file, only count it."""
        count = self.error_counts.get(error.path, 0) + 1
        self.error_counts[error.path] = count
        if count <= MAX_ERRORS_PER_FILE:
            self.errors.append(error)
        elif count == MAX_ERRORS_PER_FILE + 1:
            self.first_unlisted[error.path] = error

    def unlisted_summaries(self) -> list[StoryError]:
        """One line per file that had more problems than are listed, saying how many more."""
        summaries: list[StoryError] = []
        for path, first in self.first_unlisted.items():
            more = self.error_counts[path] - MAX_ERRORS_PER_FILE
            summaries.append(
                StoryError(
                    path,
                    first.line,
                    first.col,
                    f"{more:,} more problem{'s' if more != 1 else ''} in this file"
                    f" (only {MAX_ERRORS_PER_FILE} are listed); fix these and check again",
                )
            )
        return summaries

    def error(self, file: FileContext, node: YNode | YScalar, message: str) -> None:
        """A problem at a node (unless the YAML reader already reported that very spot)."""
        if (file.display, node.line, node.col) in self.yaml_spots:
            return
        self.report(StoryError(file.display, node.line, node.col, message))

    def at_offset(self, file: FileContext, scalar: YScalar, offset: int, message: str) -> None:
        """A problem at character ``offset`` of a text value."""
        line, col = scalar_position(file.source_lines(), scalar, offset)
        self.report(StoryError(file.display, line, col, message))

    def warn_if_cut_by_comment(self, file: FileContext, node: YNode, what: str) -> None:
        """Warn when YAML took the end of an unquoted text for a comment (``title: Bay #3``)."""
        if not (isinstance(node, YScalar) and node.style is None and isinstance(node.value, str)):
            return
        line = file.commented_lines().get(node.line)
        if line is None:
            return
        start = node.col - 1
        end = start + len(node.value)
        # Only a text written on one line is checked: there the value is the source, character for character.
        if line[start:end] != node.value:
            return
        cut = _COMMENT_AFTER.match(line, end)
        if cut is None:
            return
        comment = line[cut.end() - 1 :].rstrip()
        self.warnings.append(
            (
                Source(file.display, node.line, end + cut.end() - cut.start()),
                f"{what} stops before '{comment[:40]}': YAML reads ' #' and what follows as a comment;"
                f" if it is part of the text, put the whole text in quotes",
            )
        )

    # ------------------------------------------------------------ keys

    def fields(self, file: FileContext, node: YMap, section: Section, what: str | None = None) -> Found:
        """The keys of a mapping, checked against ``section``: unknown keys (with suggestions) and missing ones."""
        what = section.what if what is None else what
        allowed = section.names
        found: Found = {}
        # A misspelt key is reported once, as unknown, not again as missing.
        suggested: set[str] = set()
        for key, value in node.items:
            name = key.value
            if not isinstance(name, str):
                self.error(file, key, f"{what}: keys are words, not {describe(key)}")
                continue
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                suggested.update(close)
                self.error(file, key, f"{what}: unknown key '{name}'{hint}; known keys: {section.known}")
                continue
            found[name] = (key, value)
        for name in section.required:
            if name not in found and name not in suggested:
                self.error(file, node, f"{what}: missing '{name}'")
        return found

    # ------------------------------------------------------------ values

    def text_of(self, file: FileContext, node: YNode, what: str, *, allow_numbers: bool = False) -> str | None:
        """A text value (a number too, as its text, with ``allow_numbers``)."""
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return node.value
        if (
            allow_numbers
            and isinstance(node, YScalar)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return str(node.value)
        self.error(file, node, f"{what} must be text, not {describe(node)}")
        return None

    def id_of(self, file: FileContext, node: YNode, what: str) -> str | None:
        """An id: letters, digits and underscores, starting with a letter, and no '__'."""
        text = self.text_of(file, node, what)
        if text is None:
            return None
        if not ID.match(text):
            self.error(
                file,
                node,
                f"{what} '{text}' must be letters, digits and underscores, starting with a letter"
                + _non_ascii_hint(text),
            )
            return None
        if "__" in text:
            # Expressions refuse names with '__' (they could reach Python internals): such an id could never
            # be named in visited(), visits() or a condition.
            self.error(
                file,
                node,
                f"{what} '{text}' contains '__', which expressions cannot name: use a single '_'"
                f" (for example '{re.sub('_{2,}', '_', text)}')",
            )
            return None
        return text

    def scene_of(self, file: FileContext, node: YNode, what: str) -> str | None:
        """The id of a scene that exists (in any file): else an error with the closest scene id."""
        scene = self.id_of(file, node, what)
        if scene is not None and scene not in self.scene_nodes:
            self.error(file, node, f"{what} '{scene}' does not exist{suggest(scene, self.scene_nodes)}")
            return None
        return scene

    def number_of(
        self, file: FileContext, node: YNode, what: str, *, minimum: float | None = None
    ) -> int | float | None:
        """A finite number within ±MAX_INT, and at least ``minimum``."""
        if isinstance(node, YScalar) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            value = node.value
            if not in_range(value):
                self.error(file, node, f"{what} must be a finite number within ±{MAX_INT:,}")
                return None
            if minimum is not None and value < minimum:
                self.error(file, node, f"{what} must be at least {minimum:g}, not {value}")
                return None
            return value
        self.error(file, node, f"{what} must be a number, not {describe(node)}")
        return None

    def expression(self, file: FileContext, node: YNode, env: TypeEnv, want: str | None, what: str) -> Expr | None:
        """An expression of type ``want`` (a bare true or false is a condition too)."""
        if isinstance(node, YScalar) and isinstance(node.value, bool) and want == BOOL:
            return self.shared_in(env).expression("true" if node.value else "false", BOOL)
        source = self.text_of(file, node, what)
        if source is None:
            return None
        assert isinstance(node, YScalar)
        try:
            return self.shared_in(env).expression(source, want)
        except ExpressionError as error:
            self.at_offset(file, node, error.offset, f"in {what}: {error.message}")
            return None

    def shared_in(self, env: TypeEnv) -> SharedExpressions:
        """The load's shared expressions, which are all checked in ``env``."""
        if self.shared is None or self.shared.env is not env:
            self.shared = SharedExpressions(env)
        return self.shared

    def template(
        self, file: FileContext, node: YNode, env: TypeEnv, what: str, *, locate: bool = True
    ) -> Template | None:
        """The template of a text; ``locate``: a copy that knows where it is written (see Template.origins).

        A choice's text is not located: the choice's own place is its text's line in the usual
        ``- text:`` form, and choices are the most numerous texts of a large story.
        """
        source = self.text_of(file, node, what, allow_numbers=True)
        if source is None:
            return None
        assert isinstance(node, YScalar)
        self.warn_if_cut_by_comment(file, node, what)
        try:
            template = self.shared_in(env).template(source)
        except ExpressionError as error:
            self.at_offset(file, node, error.offset, f"in {what}: {error.message}")
            return None
        if template.is_plain or not locate:
            return template
        # Where this text is written, so a failure at run time names this file and line: a quoted text's
        # first character, a block's '|' or '>'.
        col = node.col + 1 if node.style in ('"', "'") else node.col
        return template.located(f"{file.display}:{node.line}:{col}")
