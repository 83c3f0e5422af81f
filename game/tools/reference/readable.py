"""Templates as a reader sees them: one line, no ``{…}`` syntax (for the references and the graphs)."""

from __future__ import annotations

from collections.abc import Sequence

from game.story.expressions import Conditional, Expr, Part, Template


def readable_text(template: Template) -> str:
    """A template as a reader sees it, in one line: no ``{…}`` syntax.

    A passage's arms are shown one after the other, separated by `` / `` (an
    arm with no text, or a missing ``{else}``, adds nothing); an insertion
    shows its expression between ‹ and ›: ``{if lit}Go{else}Feel{end} ({n})``
    reads ``Go / Feel (‹n›)``.
    """
    parts = template.parts
    if len(parts) == 1 and isinstance(parts[0], str):
        return " ".join(parts[0].split())
    return " ".join(_readable(parts).split())


def _readable(parts: Sequence[Part]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Expr):
            out.append(f"‹{part.source.strip()}›")
        else:
            out.append(_readable_passage(part))
    return "".join(out)


def _readable_passage(passage: Conditional) -> str:
    arms = [" ".join(_readable(branch.parts).split()) for branch in passage.branches]
    shown = " / ".join(arm for arm in arms if arm)
    # Keep the spacing the passage had at its edges ("Go{if x} now{end}" stays "Go now").
    first = _readable(passage.branches[0].parts)
    lead = " " if first[:1].isspace() else ""
    return lead + shown
