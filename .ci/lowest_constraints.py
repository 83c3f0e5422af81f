"""Print a pip constraints file pinning every run-time dependency at its declared lower bound.

    python3 .ci/lowest_constraints.py > constraints.txt
    pip install -c constraints.txt '.[test]'

The bounds live in pyproject.toml only; this reads them from there, so the
lowest-versions job in .ci/run cannot drift from what the package declares.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

_LOWER = re.compile(r"^\s*([A-Za-z0-9._-]+)\s*(?:\[[^\]]*\])?\s*[^;]*?>=\s*([^,;\s]+)")


def lowest_pins(pyproject: Path) -> list[str]:
    """``name==version`` for each dependency with a ``>=`` bound; a dependency without one is an error."""
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins: list[str] = []
    for requirement in dependencies:
        found = _LOWER.match(requirement)
        if found is None:
            raise SystemExit(f"{pyproject}: '{requirement}' has no lower bound (>=): declare the oldest tested version")
        pins.append(f"{found.group(1)}=={found.group(2)}")
    return pins


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.stdout.write("".join(pin + "\n" for pin in lowest_pins(root / "pyproject.toml")))
