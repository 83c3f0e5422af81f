"""House style as tests: ruff (lint and format) and mypy, with the settings in pyproject.toml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

TESTS = ROOT / "tests"
#: Never type-checked or linted as code: story fixtures, snapshots, caches.
SKIPPED_DIRS = {"fixtures", "snapshots", "__snapshots__", "__pycache__", "out"}


def checked_directories() -> list[Path]:
    """tests/ and each folder below it holding Python files: each is checked with itself on the path.

    Test folders import their own ``conftest`` and helpers by bare name, so
    each is one mypy run with ``MYPYPATH`` pointing at it (checking them all in
    one run would see several modules named ``conftest``).
    """
    found = [TESTS]
    for path in sorted(TESTS.rglob("*")):
        relative = path.relative_to(TESTS).parts
        if path.is_dir() and not SKIPPED_DIRS & set(relative) and any(path.glob("*.py")):
            found.append(path)
    return found


def run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def report(result: subprocess.CompletedProcess[str]) -> str:
    return f"{' '.join(result.args[2:])} failed:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize(
    "args",
    [["ruff", "check", "game", "tests"], ["ruff", "format", "--check", "game", "tests"]],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(args: list[str]) -> None:
    result = run(args)
    assert result.returncode == 0, report(result)


def test_mypy_strict_on_game() -> None:
    result = run(["mypy"])  # pyproject.toml: files = game, strict
    assert result.returncode == 0, report(result)


@pytest.mark.parametrize("directory", checked_directories(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_mypy_on_tests(directory: Path) -> None:
    files = sorted(str(path.relative_to(ROOT)) for path in directory.glob("*.py"))
    env = dict(os.environ, MYPYPATH=str(directory))
    result = run(["mypy", *files], env)
    assert result.returncode == 0, report(result)
