"""What the deep check reports: its findings, and what its search covered."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.story.model import Source

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem the deep check found."""

    level: str  # "error" or "warning"
    kind: str
    message: str
    source: Source | None = None
    witness: tuple[str, ...] | None = None
    seed: int | None = None
    #: True when the finding holds only within the search's bounds (a cut search did not get there):
    #: the rest are proved, by a witness or by the whole state space or scene graph.
    bounded: bool = False

    def location(self) -> str:
        """``path:line:col`` of the story text concerned, or the story itself."""
        return str(self.source) if self.source else "story"


@dataclass(slots=True)
class DeepReport:
    """The outcome of a deep check."""

    findings: list[Finding] = field(default_factory=list)
    states: int = 0
    transitions: int = 0
    scenes_total: int = 0
    scenes_reached: set[str] = field(default_factory=set)
    endings_reached: set[str] = field(default_factory=set)
    complete: bool = True
    cut_by: str | None = None
    skipped: int = 0
    walks: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> list[Finding]:
        """The error-level findings."""
        return [finding for finding in self.findings if finding.level == ERROR]


def finding_order(finding: Finding) -> tuple[bool, str, int, int, str]:
    """Errors first, then by file and position (line 8 before line 13), then kind."""
    source = finding.source
    if source is None:
        return (finding.level != ERROR, "", 0, 0, finding.kind)
    return (finding.level != ERROR, source.path, source.line, source.col, finding.kind)
