"""Packaging: declared dependencies with tested bounds, a version flag, a license in the wheel, no deadlines."""

from __future__ import annotations

import ast
import importlib.metadata
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import settings

import game

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
#: Distribution name -> the name it is imported by, where they differ.
IMPORT_NAMES = {"pyyaml": "yaml", "textual-serve": "textual_serve", "aiohttp-jinja2": "aiohttp_jinja2"}
#: The modules that may import the ``web`` extra (``exception serve``); nothing else may.
WEB_MODULES = ROOT / "game" / "ui" / "web"


def _requirement_name(requirement: str) -> str:
    for index, character in enumerate(requirement):
        if character in "<>=!~;[ ":
            return requirement[:index].lower()
    return requirement.lower()


def _third_party_imports(*, web: bool = False) -> set[str]:
    found: set[str] = set()
    standard = set(sys.stdlib_module_names)
    for source in (ROOT / "game").rglob("*.py"):
        if source.is_relative_to(WEB_MODULES) != web:
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in standard and top not in ("game", "__future__"):
                    found.add(top)
    return found


def test_every_imported_package_is_declared() -> None:
    declared = {IMPORT_NAMES.get(name, name) for name in map(_requirement_name, PYPROJECT["project"]["dependencies"])}
    assert _third_party_imports() <= declared
    web = {
        IMPORT_NAMES.get(name, name)
        for name in map(_requirement_name, PYPROJECT["project"]["optional-dependencies"]["web"])
    }
    assert _third_party_imports(web=True) <= declared | web


@pytest.mark.parametrize("requirement", PYPROJECT["project"]["dependencies"])
def test_every_dependency_has_a_lower_and_an_upper_bound(requirement: str) -> None:
    assert ">=" in requirement and "<" in requirement.replace("<=", ""), requirement


def test_textual_is_at_least_the_first_version_the_ui_works_with() -> None:
    [textual] = [item for item in PYPROJECT["project"]["dependencies"] if _requirement_name(item) == "textual"]
    lower = textual.split(">=")[1].split(",")[0]
    assert int(lower.split(".")[0]) >= 6  # 5.3 lacks OptionList.set_options the choice list uses


def test_the_lowest_versions_job_pins_every_lower_bound() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "lowest_constraints.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    pins = done.stdout.split()
    assert [pin.split("==")[0] for pin in pins] == [
        _requirement_name(item) for item in PYPROJECT["project"]["dependencies"]
    ]
    for pin, requirement in zip(pins, PYPROJECT["project"]["dependencies"], strict=True):
        assert f">={pin.split('==')[1]}" in requirement
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "lowest_constraints.py" in run and "tests/ui" in run


def test_version_flag_prints_the_package_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "game", "--version"], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"exception {game.__version__}"
    assert importlib.metadata.version("exception-game") == game.__version__


def test_the_wheel_holds_the_license_and_the_bounds(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    [wheel] = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [license_name] = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
        license_text = archive.read(license_name).decode("utf-8")
        [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode("utf-8")
    assert "MIT License" in license_text and "the exception authors" in license_text
    assert "License-Expression: MIT" in metadata
    assert f"Version: {game.__version__}" in metadata
    required = [line.lower() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert any(line.startswith(f"requires-dist: {_requirement_name(requirement)}") for line in required)

    assert any(name.startswith("game/bundled_story/") for name in names)


def test_hypothesis_has_no_deadline() -> None:
    # A deadline fails a correct test on a loaded machine; the profile in conftest.py turns it off everywhere,
    # and no test sets one back.
    assert settings().deadline is None
    for source in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "deadline":
                assert isinstance(node.value, ast.Constant) and node.value.value is None, source
