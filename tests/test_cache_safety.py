"""The story cache is untrusted input: it never runs code, never serves a damaged or stale story, stays small.

These tests do not assume the entry format: they fill the cache through ``load_story`` and then work on
whatever files it wrote, as an attacker or a failing disk would.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from game.engine import Game, load_story
from game.saves import SaveStore
from game.story import cache as story_cache

NESTED = FIXTURES / "loader_nested"
CORE = FIXTURES / "engine_core"


def cache_root() -> Path:
    return Path(os.environ[story_cache.CACHE_ENV])


def entries() -> list[Path]:
    """The cache's files (entries and anything else it keeps), not its temporary files."""
    return sorted(path for path in cache_root().rglob("*") if path.is_file() and not path.name.startswith("."))


def filled_entry(story_dir: Path) -> Path:
    load_story(story_dir)
    found = entries()
    assert len(found) == 1, found
    return found[0]


def _pickle_calling(module: str, dotted_name: str, argument: str, code: str) -> bytes:
    """A pickle that fetches ``module.dotted_name`` (protocol 4 resolves dots), calls it with ``argument``,
    then calls the result with ``code``: ``eval`` reached through a module the old allow-list trusted."""

    def text(value: str) -> bytes:
        data = value.encode()
        return b"\x8c" + bytes([len(data)]) + data if len(data) < 256 else b"X" + struct.pack("<I", len(data)) + data

    return (
        b"\x80\x04"
        + text(module)
        + text(dotted_name)
        + b"\x93"  # STACK_GLOBAL
        + text(argument)
        + b"\x85R"  # TUPLE1, REDUCE: builtins.get("eval")
        + text(code)
        + b"\x85R"  # TUPLE1, REDUCE: eval(code)
        + b"."
    )


def test_a_crafted_entry_runs_no_code(tmp_path: Path) -> None:
    reference = load_story(CORE, use_cache=False)
    entry = filled_entry(CORE)
    marker = tmp_path / "pwned"
    code = f"__import__('pathlib').Path({str(marker)!r}).write_text('ran')"
    payload = _pickle_calling("game.story.expressions", "dataclass.__builtins__.get", "eval", code)
    entry.write_bytes(payload)
    story = load_story(CORE)
    assert not marker.exists(), "the cache entry ran code"
    assert story == reference


def test_a_crafted_entry_run_by_check_runs_no_code(tmp_path: Path) -> None:
    """The reported attack, end to end: ``exception check`` on a story whose cache entry was replaced."""
    filled_entry(CORE)
    marker = tmp_path / "pwned"
    payload = _pickle_calling(
        "game.story.expressions",
        "dataclass.__builtins__.get",
        "eval",
        f"__import__('pathlib').Path({str(marker)!r}).write_text('ran')",
    )
    for entry in entries():
        entry.write_bytes(payload)
    done = subprocess.run(
        [sys.executable, "-m", "game", "check", str(CORE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    assert not marker.exists(), "the cache entry ran code"
    assert done.returncode == 0, done.stderr
    assert ": ok — " in done.stdout


def test_a_flipped_bit_is_a_miss_never_a_different_story() -> None:
    reference = load_story(NESTED, use_cache=False)
    entry = filled_entry(NESTED)
    original = entry.read_bytes()
    generator = random.Random(13)
    positions = sorted(generator.sample(range(len(original) * 8), min(300, len(original) * 8)))
    different: list[int] = []
    for bit in positions:
        damaged = bytearray(original)
        damaged[bit // 8] ^= 1 << (bit % 8)
        entry.write_bytes(bytes(damaged))
        story = load_story(NESTED)
        if story != reference:
            different.append(bit)
        # A miss rewrites the entry: put the same damage back for the direct read below.
        entry.write_bytes(bytes(damaged))
        assert story_cache.read(reference.fingerprint) is None, f"bit {bit} was read as an entry"
    assert different == []


def test_a_truncated_or_extended_entry_is_a_miss() -> None:
    reference = load_story(NESTED, use_cache=False)
    entry = filled_entry(NESTED)
    original = entry.read_bytes()
    for damaged in (original[: len(original) // 2], original[:-1], original + b"\0", b"", original * 2):
        entry.write_bytes(damaged)
        assert story_cache.read(reference.fingerprint) is None
        assert load_story(NESTED) == reference


def test_a_fifo_at_the_entry_path_does_not_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    entry = filled_entry(CORE)
    entry.unlink()
    os.mkfifo(entry)
    # A hang is the failure: the generous timeout only keeps a broken build from blocking the suite forever.
    done = subprocess.run(
        [sys.executable, "-m", "game", "check", str(CORE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert ": ok — " in done.stdout


def test_a_directory_or_link_at_the_entry_path_is_a_miss(tmp_path: Path) -> None:
    reference = load_story(CORE, use_cache=False)
    entry = filled_entry(CORE)
    entry.unlink()
    entry.mkdir()
    assert story_cache.read(reference.fingerprint) is None
    assert load_story(CORE) == reference
    entry.rmdir()
    os.symlink("/dev/zero", entry)
    assert story_cache.read(reference.fingerprint) is None
    assert load_story(CORE) == reference


def _copy_engine(target: Path) -> Path:
    """A copy of the game package that can be edited, as an upgrade would."""
    shutil.copytree(ROOT / "game", target / "game", ignore=shutil.ignore_patterns("__pycache__", "ui"))
    return target


def _load_in(python_path: Path) -> None:
    code = "import sys; from game.engine import load_story; load_story(sys.argv[1])"
    subprocess.run(
        [sys.executable, "-c", code, str(CORE)],
        cwd=python_path,
        env={**os.environ, "PYTHONPATH": str(python_path)},
        timeout=120,
        check=True,
    )


def test_a_changed_engine_never_reads_the_old_engines_entry(tmp_path: Path) -> None:
    engine = _copy_engine(tmp_path / "engine")
    _load_in(engine)
    first = entries()
    assert len(first) == 1
    # An upgrade that changes the loader (no format number to bump: the key follows the sources).
    loader = engine / "game" / "story" / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# upgraded\n", encoding="utf-8")
    _load_in(engine)
    second = entries()
    assert len(second) == 2, "the upgraded engine reused the old engine's entry"


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    directory = cache_root()
    directory.mkdir(parents=True, exist_ok=True)
    # Leftovers of earlier versions and of many edits of a story: old pickles and old entries.
    legacy = [directory / f"{n:064x}.v{v}.pickle" for n in range(5) for v in (3, 4, 5)]
    for path in legacy:
        path.write_bytes(b"old")
    load_story(CORE)
    stories = []
    for n in range(story_cache.MAX_ENTRIES + 6):
        story = tmp_path / f"story{n}"
        shutil.copytree(CORE, story)
        with (story / "extra.yaml").open("w", encoding="utf-8") as handle:
            handle.write(f"vars:\n  extra_{n}: 0\n")
        stories.append(story)
        load_story(story)
    remaining = entries()
    assert not any(path in remaining for path in legacy)
    assert len(remaining) <= story_cache.MAX_ENTRIES
    # The newest entries are the ones kept: the last story loaded is still a hit.
    newest = load_story(stories[-1], use_cache=False)
    assert story_cache.read(newest.fingerprint) is not None


# ------------------------------------------------------------------ branch paths


def _play_to_the_garden(story_dir: Path, branch: Path, saves: Path) -> Path:
    story = load_story(story_dir, [branch])
    game = Game(story, seed=1)
    game.advance("garden")
    assert game.is_over
    return SaveStore(saves).save("garden", game, play_time=1).path


def test_a_branch_named_another_way_is_not_given_the_first_name(tmp_path: Path) -> None:
    real = NESTED / "branches" / "epilogue"
    first = tmp_path / "first-name"
    second = tmp_path / "second-name"
    first.symlink_to(real, target_is_directory=True)
    story = load_story(NESTED, [first])
    assert story.branches == (str(first),)
    first.unlink()
    second.symlink_to(real, target_is_directory=True)
    again = load_story(NESTED, [second])  # a cache hit: same files, same fingerprint
    assert again.fingerprint == story.fingerprint
    assert again.branches == (str(second),)


def test_a_save_made_through_a_renamed_branch_names_it_and_verifies(tmp_path: Path) -> None:
    real = NESTED / "branches" / "epilogue"
    first = tmp_path / "first-name"
    second = tmp_path / "second-name"
    first.symlink_to(real, target_is_directory=True)
    _play_to_the_garden(NESTED, first, tmp_path / "saves-1")
    first.unlink()
    second.symlink_to(real, target_is_directory=True)
    save = _play_to_the_garden(NESTED, second, tmp_path / "saves-2")
    body = json.loads(save.read_text(encoding="utf-8"))
    assert body["story"]["branches"] == [str(second)]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "replay",
            str(save),
            "--story",
            str(NESTED),
            "--branch",
            str(second),
            "--verify",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "replay to the saved state exactly" in done.stdout


def test_the_story_package_imports_nothing_else_from_the_game() -> None:
    """The engine version hashes game/story's sources only: that is enough only while the loader's output
    depends on nothing outside it."""
    import ast

    for source in (ROOT / "game" / "story").glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name == "game" or name.startswith("game."):
                    # game.collector only pauses the garbage collector: it shapes no story.
                    allowed = name == "game" or name.startswith("game.story") or name == "game.collector"
                    assert allowed, f"{source.name} imports {name}"


# ------------------------------------------------------------------ the format round-trips any model


def test_a_new_model_class_and_odd_values_round_trip_without_cache_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fields are found from the dataclasses at run time: a class or field added to the model needs no
    code in the cache, and values that JSON or a plain index would blur keep their exact type."""
    import dataclasses
    import math

    from game.story import model

    @dataclasses.dataclass(frozen=True, slots=True)
    class Marker:
        label: str
        amounts: tuple[int | float | bool | None, ...]
        flags: list[bool]
        table: dict[str, int]
        _memo: object = None

    monkeypatch.setattr(Marker, "__module__", "game.story.model")
    monkeypatch.setattr(model, "Marker", Marker, raising=False)
    base = load_story(CORE, use_cache=False)
    odd = (1, 1.0, True, None, -0.0, 0.0, 2**40, -7, float("inf"), 1e-300)
    markers = tuple(Marker(f"m{n}", odd, [True, False], {"a": n, "b": -n}) for n in range(3))
    story = dataclasses.replace(base, crew=markers)  # type: ignore[arg-type]
    data = story_cache.encode(story, fingerprint=story.fingerprint, engine="test")
    back = story_cache.decode(data, fingerprint=story.fingerprint, engine="test")
    assert back == story
    for before, after in zip(markers, back.crew, strict=True):
        assert [type(value) for value in after.amounts] == [type(value) for value in odd]  # type: ignore[attr-defined]
        assert math.copysign(1, after.amounts[4]) == -1  # type: ignore[attr-defined]
        assert type(after.flags) is list and after.table == before.table  # type: ignore[attr-defined]
        assert after._memo is None  # type: ignore[attr-defined]


def test_a_story_string_holding_a_nul_is_simply_not_cached(tmp_path: Path) -> None:
    story_dir = tmp_path / "story"
    shutil.copytree(CORE, story_dir)
    (story_dir / "nul.yaml").write_text('vars:\n  nul_text: "a\\0b"\n', encoding="utf-8")
    story = load_story(story_dir)
    assert story.variables["nul_text"].initial == "a\0b"
    assert entries() == []
    assert load_story(story_dir) == story


def test_an_entry_for_another_engine_or_story_is_a_miss() -> None:
    story = load_story(CORE, use_cache=False)
    data = story_cache.encode(story, fingerprint=story.fingerprint, engine="one")
    assert story_cache.decode(data, fingerprint=story.fingerprint, engine="one") == story
    for fingerprint, engine in ((story.fingerprint, "two"), ("0" * 64, "one")):
        with pytest.raises(story_cache.DamagedEntry, match="another engine"):
            story_cache.decode(data, fingerprint=fingerprint, engine=engine)


# ------------------------------------------------------------------ the engine key follows the sources


def test_the_engine_key_follows_the_format_sources_and_the_version(tmp_path: Path) -> None:
    """No hand-kept format number: an edit to the loader (or any story source) or a new version is a new key."""
    package = tmp_path / "story"
    shutil.copytree(story_cache.FORMAT_PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    from game import __version__

    original = story_cache.engine_key(package, __version__)
    assert original is not None
    assert original == story_cache.engine_version(), "the key depends on where the sources are"
    assert story_cache.engine_key(package, __version__ + ".1") != original
    loader = package / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# a new field\n", encoding="utf-8")
    edited = story_cache.engine_key(package, __version__)
    assert edited not in (None, original)
    # The entry layout lives in cache.py, which is one of the sources hashed.
    (package / "loader.py").write_bytes((story_cache.FORMAT_PACKAGE / "loader.py").read_bytes())
    assert story_cache.engine_key(package, __version__) == original
    (package / "cache.py").write_text("# another layout\n", encoding="utf-8")
    assert story_cache.engine_key(package, __version__) != original
