"""A missing run-time dependency is one clear line, not a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

from game.cli import COMMANDS


@pytest.mark.parametrize("package", ["transitions", "yaml"])
def test_a_missing_package_is_named_with_the_way_to_install_it(package: str) -> None:
    # None in sys.modules makes importing the package fail as if it were not installed.
    script = (
        f"import sys; sys.modules[{package!r}] = None; from game.cli import main; "
        f"sys.exit(main(['check', {str(FIXTURES / 'mini')!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"exception: the package '{package}' is missing; install the game with its dependencies"
        " (python3 -m pip install . in the game's folder)"
    )


def test_every_command_is_listed_without_importing_it() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from game.cli import build_parser; build_parser('play').print_help();"
         " print(sorted(name for name in sys.modules if name.startswith('game.commands.')))"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for name, (_, summary) in COMMANDS.items():
        assert name in result.stdout
        assert summary.split(";")[0][:30] in " ".join(result.stdout.split())
    assert "['game.commands.common', 'game.commands.play']" in result.stdout
