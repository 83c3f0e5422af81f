"""An ASCII-only stdout and stderr (``LC_ALL=C PYTHONUTF8=0``): every command prints, replacing what it cannot encode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, STORY

from game.engine import Game, load_story
from game.saves import SaveStore


def run(arguments: list[str], *, ascii_only: bool, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "LANG")}
    if ascii_only:
        environment.update(LC_ALL="C", PYTHONUTF8="0")
    else:
        environment.update(LC_ALL="C.UTF-8", PYTHONUTF8="1")
    return subprocess.run(
        [sys.executable, "-m", "game", *arguments],
        input=stdin.encode(),
        capture_output=True,
        cwd=ROOT,
        env=environment,
        timeout=300,
        check=False,
    )


def test_the_ascii_environment_really_is_ascii() -> None:
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "LANG")}
    environment.update(LC_ALL="C", PYTHONUTF8="0")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    assert done.stdout.strip() in ("ascii", "ANSI_X3.4-1968", "us-ascii")


#: A story written in French: titles, text, choices and the ending are full of characters ASCII lacks.
CAFE = """\
story: {id: cafe, title: "Café — la nuit", version: "1", start: porte}
vars:
  vu: false
scenes:
  porte:
    title: "La porte « close »"
    text: "Une lumière… au fond. {if vu}Déjà vu.{end}"
    choices:
      - text: "Entrer — doucement"
        to: salle
        effects:
          - set: {vu: true}
      - text: "Rester là, à l’écart"
        to: fin
  salle:
    title: "La salle"
    text: "Il fait chaud ici ; l’air sent le café."
    choices:
      - text: "Revenir à la porte"
        to: porte
      - text: "S’asseoir"
        to: fin
  fin:
    title: "Fin — déjà"
    text: "C’est tout."
    ending: {id: fin, title: "Une fin tranquille", tone: calme}
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The folder's name is not ASCII either: it is printed by check, and decoded from argv by the locale.
    folder = tmp_path_factory.mktemp("ascii") / "nuit-été"
    folder.mkdir()
    (folder / "story.yaml").write_text(CAFE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def save_file(story: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    game = Game(load_story(story, use_cache=False), seed=4)
    game.advance("salle")
    game.advance("porte")
    return SaveStore(tmp_path_factory.mktemp("ascii-saves")).save("soirée", game, play_time=1).path


@pytest.fixture(scope="module")
def broken_story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ascii-broken") / "cassé"
    folder.mkdir()
    (folder / "story.yaml").write_text(CAFE.replace("to: fin\n", "to: sortié\n", 1), encoding="utf-8")
    return folder


def _same_but_replaced(ascii_text: str, unicode_text: str) -> bool:
    """The ASCII output is the Unicode one with what ASCII lacks replaced (by one '?' per character, or
    per byte of a name the locale could not decode): runs of '?' are compared as one, and times (the
    seconds a deep check took) are left out."""

    def normal(text: str) -> str:
        return re.sub(r"\d+\.\d+", "T", re.sub(r"\?+", "?", text))

    return normal(ascii_text) == normal(unicode_text.encode("ascii", "replace").decode("ascii"))


COMMANDS: dict[str, list[str]] = {
    "check": ["check", "{story}"],
    "check, bundled story": ["check", str(STORY)],
    "check --deep": ["check", "--deep", "--max-states", "300", "{story}"],
    "check --deep --json": ["check", "--deep", "--json", "--max-states", "300", "{story}"],
    "check, story errors": ["check", "--no-cache", "{broken}"],
    "graph": ["graph", "{story}"],
    "graph --format dot": ["graph", "--format", "dot", "{story}"],
    "stats": ["stats", "{story}"],
    "test": ["test", "--random", "3", "{story}"],
    "replay --transcript": ["replay", "{save}", "--story", "{story}", "--transcript"],
    "replay --jsonl": ["replay", "{save}", "--story", "{story}", "--jsonl"],
    "replay --verify": ["replay", "{save}", "--story", "{story}", "--verify"],
    "play --plain": ["play", "--story", "{story}", "--plain", "--no-autosave", "--seed", "2"],
    "play --jsonl": ["play", "--story", "{story}", "--jsonl", "--no-autosave", "--seed", "2"],
    "replay, no such save": ["replay", "soirée-perdue.json", "--verify"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_prints_on_an_ascii_stream(name: str, story: Path, save_file: Path, broken_story: Path) -> None:
    arguments = [part.format(story=story, save=save_file, broken=broken_story) for part in COMMANDS[name]]
    wide = run(arguments, ascii_only=False, stdin="1\n")
    narrow = run(arguments, ascii_only=True, stdin="1\n")
    # The command really has something to replace: its UTF-8 output is not all ASCII.
    assert not (wide.stdout + wide.stderr).isascii(), "pick a command whose output has non-ASCII text"
    assert b"Traceback" not in narrow.stderr, narrow.stderr.decode("ascii", "replace")
    assert narrow.returncode == wide.returncode
    # Only what ASCII cannot hold is replaced; everything else is printed as it is.
    for ours, theirs in ((narrow.stdout, wide.stdout), (narrow.stderr, wide.stderr)):
        assert ours.isascii()
        assert _same_but_replaced(ours.decode("ascii"), theirs.decode("utf-8"))
