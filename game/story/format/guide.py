"""The guide's reference tables (``story/README.md``), generated from the format's declaration.

Each table in the guide follows a marker line naming its section,
``<!-- generated: choice (...) -->``; :func:`with_tables` rewrites every
marked table from the declaration and a test checks the guide is unchanged
by it.
"""

from __future__ import annotations

import re

from game.story.format.kinds import Section
from game.story.format.manifest import GUIDE_TABLES
from game.story.format.schema import ordered

#: How to regenerate the guide's tables and the schema file after editing the format.
REGENERATE = "python tests/make_format_docs.py"
_MARKER = re.compile(r"^<!-- generated: (?P<name>[a-z ]+) \(.*-->$")


def marker(section: Section) -> str:
    """The line before a section's table in the guide."""
    return f"<!-- generated: {section.name} (from game/story/format; {REGENERATE}) -->"


def table(section: Section) -> str:
    """A section's keys as a Markdown table: required keys first, each with what it holds."""
    rows = ["| key | meaning |", "| --- | --- |"]
    for entry in ordered(section):
        meaning = entry.summary().replace("|", "\\|")
        rows.append(f"| `{entry.name}` | {meaning} |")
    return "\n".join(rows) + "\n"


def all_tables() -> str:
    """Every table the guide shows, each under its section's name (``exception schema --markdown``)."""
    return "\n".join(f"### {section.name}\n\n{table(section)}" for section in GUIDE_TABLES)


def with_tables(guide: str) -> str:
    """``guide`` with every marked table regenerated; a marker naming no section is a ValueError."""
    sections = {section.name: section for section in GUIDE_TABLES}
    lines = guide.splitlines(keepends=True)
    result: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        result.append(line)
        index += 1
        found = _MARKER.match(line.rstrip("\n"))
        if found is None:
            continue
        section = sections.get(found["name"])
        if section is None:
            raise ValueError(f"the guide marks a table of '{found['name']}', which the format does not declare")
        result[-1] = marker(section) + "\n"  # the marker's own wording follows the code too
        while index < len(lines) and lines[index].startswith("|"):
            index += 1
        result.append(table(section))
    return "".join(result)


def marked_sections(guide: str) -> list[str]:
    """The names of the sections whose tables the guide marks, in order."""
    return [found["name"] for line in guide.splitlines() if (found := _MARKER.match(line))]
