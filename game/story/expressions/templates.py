"""Text templates: their parts, where each part is written, and rendering them for the player."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from game.story.expressions.evaluation import Expr
from game.story.expressions.language import EvalContext, EvaluationError


@dataclass(frozen=True, slots=True)
class Branch:
    """One arm of a conditional passage: the condition (None for else) and its parts."""

    condition: Expr | None
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Conditional:
    """An ``{if}...{elif}...{else}...{end}`` passage."""

    branches: tuple[Branch, ...]


Part = str | Expr | Conditional


#: Where a run of a template's parts is written: (index of its first part, ``path:line:col``).
Origin = tuple[int, str]


@dataclass(frozen=True, slots=True)
class Template:
    """Text with ``{expression}`` insertions and ``{if}`` passages.

    ``origins`` says where the text is written, so a failure while rendering
    names the right file even when a branch added to a scene's text (the
    parts from each origin's index on were written there). Templates are
    shared between places with the same text; the loader gives each place
    its own located copy (``located``).
    """

    source: str
    parts: tuple[Part, ...]
    origins: tuple[Origin, ...] = field(default=(), compare=False)

    @property
    def is_plain(self) -> bool:
        """True when the text has no insertion and no passage."""
        return all(isinstance(part, str) for part in self.parts)

    def render(self, ctx: EvalContext, *, seam: str = "") -> str:
        """The text as the player reads it now.

        ``seam`` is written before and after each ``{if}`` passage (shown or not), so that
        ``game.text.prose_paragraphs`` can close the gaps passages leave.
        """
        if len(self.parts) == 1 and isinstance(self.parts[0], str):
            return self.parts[0]
        out: list[str] = []
        if not self.origins:
            _render_parts(self.parts, ctx, out, seam)
            return "".join(out)
        for index, part in enumerate(self.parts):
            try:
                _render_part(part, ctx, out, seam)
            except EvaluationError as error:
                if error.where is None:
                    error.where = self.origin_of(index)
                raise
        return "".join(out)

    def origin_of(self, index: int) -> str | None:
        """``path:line:col`` of the text that part ``index`` belongs to, or None when not located."""
        found: str | None = None
        for first, where in self.origins:
            if first > index:
                break
            found = where
        return found

    def located(self, where: str) -> Template:
        """This template as written at ``where`` (a copy; a plain text needs no location and is returned as is)."""
        if self.is_plain:
            return self
        return Template(self.source, self.parts, ((0, where),))

    def followed_by(self, joiner: str, addition: Template) -> Template:
        """This text, ``joiner``, then ``addition``: each part keeps where it was written."""
        shift = len(self.parts) + 1
        origins = (*self.origins, *((first + shift, where) for first, where in addition.origins))
        return Template(self.source + joiner + addition.source, (*self.parts, joiner, *addition.parts), origins)

    def expressions(self) -> list[Expr]:
        """Every expression in the template, conditions included."""
        found: list[Expr] = []
        _collect(self.parts, found)
        return found


def _collect(parts: Sequence[Part], found: list[Expr]) -> None:
    for part in parts:
        if isinstance(part, Expr):
            found.append(part)
        elif isinstance(part, Conditional):
            for branch in part.branches:
                if branch.condition is not None:
                    found.append(branch.condition)
                _collect(branch.parts, found)


def format_value(value: object) -> str:
    """How a value is shown in text: 3, 2.5, true, words."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        rounded = round(value, 2)
        if rounded == int(rounded):
            return str(int(rounded))
        return f"{rounded:.2f}".rstrip("0")
    return str(value)


def _render_parts(parts: Sequence[Part], ctx: EvalContext, out: list[str], seam: str = "") -> None:
    for part in parts:
        _render_part(part, ctx, out, seam)


def _render_part(part: Part, ctx: EvalContext, out: list[str], seam: str = "") -> None:
    if isinstance(part, str):
        out.append(part)
    elif isinstance(part, Expr):
        try:
            out.append(format_value(part.evaluate(ctx)))
        except EvaluationError as error:
            if error.written is None:
                error.written = "{" + part.source.strip() + "}"
            raise
    else:
        out.append(seam)
        for index, branch in enumerate(part.branches):
            condition = branch.condition
            if condition is not None:
                try:
                    holds = condition.evaluate(ctx)
                except EvaluationError as error:
                    if error.written is None:
                        keyword = "if" if index == 0 else "elif"
                        error.written = "{" + keyword + " " + condition.source.strip() + "}"
                    raise
                if not holds:
                    continue
            _render_parts(branch.parts, ctx, out, seam)
            break
        out.append(seam)


def plain_template(text: str) -> Template:
    """A template with no insertions, for text that is never interpolated."""
    return Template(text, (text,))
