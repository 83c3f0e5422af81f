"""``exception schema`` prints the story files' JSON Schema, from a checkout and from an installed wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from game.commands.schema import schema_path


def run(*arguments: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_it_prints_the_schema_the_story_files_name() -> None:
    done = run("schema")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads((STORY / "story.schema.json").read_text(encoding="utf-8"))


def test_path_prints_where_the_schema_is() -> None:
    done = run("schema", "--path")
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == schema_path()
    assert schema_path().resolve() == (STORY / "story.schema.json").resolve()  # a checkout: its story/


def test_the_schema_is_generated_not_read_from_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The format's declaration is the source: a copy without the schema file prints it all the same."""
    from game import cli

    monkeypatch.setattr("game.commands.schema.default_story_dir", lambda: tmp_path)
    assert cli.main(["schema"]) == 0
    assert capsys.readouterr().out == (STORY / "story.schema.json").read_text(encoding="utf-8")


def test_markdown_prints_the_guides_tables_of_keys() -> None:
    done = run("schema", "--markdown")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("### story file\n\n| key | meaning |\n| --- | --- |\n| `story` |")
    guide = (STORY / "README.md").read_text(encoding="utf-8")
    # Every table it prints is in the guide, word for word.
    for block in done.stdout.split("### ")[1:]:
        table = block.split("\n\n", 1)[1].rstrip("\n") + "\n"
        assert table in guide


def test_path_and_markdown_do_not_go_together() -> None:
    done = run("schema", "--path", "--markdown")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


@pytest.mark.slow
def test_an_installed_copy_prints_its_own_schema(tmp_path: Path) -> None:
    """Built as a wheel and unpacked away from the checkout, the game finds the schema inside itself."""
    from hatchling.builders.wheel import WheelBuilder

    [wheel] = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"), versions=["standard"]))
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = run("schema", "--path", cwd=elsewhere, env=env)
    assert path.returncode == 0, path.stderr
    assert Path(path.stdout.strip()) == installed / "game" / "bundled_story" / "story.schema.json"
    text = run("schema", cwd=elsewhere, env=env)
    assert json.loads(text.stdout) == json.loads((STORY / "story.schema.json").read_text(encoding="utf-8"))


def test_every_modeline_in_the_story_and_the_guide_names_the_schema_from_its_file() -> None:
    """``$schema=`` paths are relative to the file that holds them; each one must reach the schema."""
    schema = (STORY / "story.schema.json").resolve()
    found = 0
    for path in sorted(STORY.rglob("*.y*ml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if "$schema=" in first:
            found += 1
            assert (path.parent / first.split("$schema=")[1].strip()).resolve() == schema, path
    assert found >= 7
    # The guide's examples: the top-level line for story/, and the branch line of the worked example.
    guide = (STORY / "README.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=story.schema.json\n" in guide
    assert (STORY / "branches" / "window_seat" / ".." / ".." / "story.schema.json").resolve() == schema
    assert "# yaml-language-server: $schema=../../story.schema.json\n" in guide
