"""Layering: the engine never needs textual, and front ends see only the engine's public API."""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

GAME = ROOT / "game"
#: Packages that must work without a terminal UI library.
UI_FREE = sorted(path for path in GAME.rglob("*.py") if path.relative_to(GAME).parts[0] not in ("ui", "studio"))
#: Front ends: they drive games through ``game.engine`` and nothing deeper.
FRONT_ENDS = sorted(
    path for path in GAME.rglob("*.py") if path.relative_to(GAME).parts[0] in ("frontends", "ui", "studio", "commands")
)
OUTSIDE_ENGINE = sorted(path for path in GAME.rglob("*.py") if path.relative_to(GAME).parts[0] != "engine")


def imported_modules(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it (lazy imports inside functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    if package is None:
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from game.engine import machine` imports a submodule too.
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def is_module(name: str, *roots: str) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_scan_sees_the_modules_it_should() -> None:
    names = {relative(path) for path in UI_FREE}
    assert {"game/engine/game.py", "game/engine/machine.py", "game/frontends/plain.py", "game/cli.py"} <= names
    assert not any(name.startswith("game/ui/") for name in names)
    assert "game/frontends/jsonl.py" in {relative(path) for path in FRONT_ENDS}


def test_the_scanner_finds_lazy_relative_and_importlib_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import importlib\n"
        "def late():\n"
        "    from game.engine.machine import build_machine\n"
        "    import textual.app\n"
        "    return importlib.import_module('rich.text')\n"
        "from ..engine import machine\n"
        "from . import common\n",
        encoding="utf-8",
    )
    found = set(imported_modules(sample, "game.frontends"))
    expected = {
        (3, "game.engine.machine"),  # lazy
        (4, "textual.app"),
        (5, "rich.text"),  # importlib
        (6, "game.engine.machine"),  # relative, a submodule by name
        (7, "game.frontends.common"),
    }
    assert expected <= found


@pytest.mark.parametrize("path", UI_FREE, ids=relative)
def test_no_textual_or_rich_outside_the_ui(path: Path) -> None:
    bad = [f"line {line}: {name}" for line, name in imported_modules(path) if is_module(name, "textual", "rich")]
    assert not bad, f"{relative(path)} imports a terminal UI library: {bad}; only game/ui/ may"


@pytest.mark.parametrize(
    "path",
    [path for path in UI_FREE if path.relative_to(GAME).parts[0] in ("story", "engine", "saves", "tools", "frontends")],
    ids=relative,
)
def test_the_engine_never_imports_the_ui_package(path: Path) -> None:
    bad = [f"line {line}: {name}" for line, name in imported_modules(path) if is_module(name, "game.ui", "game.studio")]
    assert not bad, f"{relative(path)} imports the terminal UI: {bad}"


@pytest.mark.parametrize("path", OUTSIDE_ENGINE, ids=relative)
def test_only_the_engine_touches_the_state_machine(path: Path) -> None:
    bad = [
        f"line {line}: {name}"
        for line, name in imported_modules(path)
        if is_module(name, "transitions", "game.engine.machine")
    ]
    assert not bad, f"{relative(path)} reaches into the state machine: {bad}; use game.engine's Game"


@pytest.mark.parametrize("path", FRONT_ENDS, ids=relative)
def test_front_ends_use_only_the_public_engine_api(path: Path) -> None:
    bad = [
        f"line {line}: {name}"
        for line, name in imported_modules(path)
        if is_module(name, "game.engine") and name != "game.engine" and name.rsplit(".", 1)[0] != "game.engine"
    ]
    # `from game.engine import Game` shows up as game.engine.Game: allowed when Game is public.
    import game.engine

    bad += [
        f"line {line}: {name}"
        for line, name in imported_modules(path)
        if name.startswith("game.engine.") and name.count(".") == 2 and name.split(".")[2] not in game.engine.__all__
    ]
    assert not bad, f"{relative(path)} imports engine internals: {bad}; import the public names from game.engine"


def test_importing_the_engine_and_line_front_ends_does_not_load_textual() -> None:
    script = (
        "import json, sys\n"
        "import game.engine, game.story.loader, game.frontends.plain, game.frontends.jsonl, game.cli\n"
        "game.cli.build_parser()\n"  # imports every subcommand module
        "print(json.dumps(sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'rich'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, cwd=ROOT, timeout=60, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


#: The garbage collector's switches: only ``game.collector`` may use them (its docstring says why).
COLLECTOR_SWITCHES = ("disable", "enable", "freeze", "unfreeze")


@pytest.mark.parametrize("path", sorted(GAME.rglob("*.py")), ids=relative)
def test_only_the_collector_module_switches_the_garbage_collector(path: Path) -> None:
    if relative(path) == "game/collector.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [f"line {line}: import gc" for line, name in imported_modules(path) if name == "gc"]
    bad += [
        f"line {node.lineno}: gc.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in COLLECTOR_SWITCHES
        and isinstance(node.value, ast.Name)
        and node.value.id == "gc"
    ]
    assert not bad, f"{relative(path)} switches the garbage collector itself: {bad}; use game.collector"


def test_the_collector_scan_sees_the_module_that_owns_the_switches() -> None:
    owner = (GAME / "collector.py").read_text(encoding="utf-8")
    assert all(f"gc.{switch}()" in owner for switch in ("disable", "enable", "freeze"))


@pytest.mark.parametrize("path", sorted(GAME.rglob("*.py")), ids=relative)
def test_only_the_adapter_imports_transitions(path: Path) -> None:
    if relative(path) == "game/engine/transitions_adapter.py":
        return
    bad = [f"line {line}: {name}" for line, name in imported_modules(path) if is_module(name, "transitions")]
    assert not bad, f"{relative(path)} imports transitions: {bad}; use game.engine.transitions_adapter"


def test_the_transitions_scan_sees_the_adapters_imports() -> None:
    adapter = GAME / "engine" / "transitions_adapter.py"
    assert any(is_module(name, "transitions") for _, name in imported_modules(adapter))


# ------------------------------------------------------------------ Textual's internals stay in one module

TEXTUAL_COMPAT = "game/ui/textual_compat.py"
TEXTUAL_USERS = sorted(
    path
    for path in GAME.rglob("*.py")
    if path.relative_to(GAME).parts[0] in ("ui", "studio") and relative(path) != TEXTUAL_COMPAT
)


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _textual_classes(module: object) -> list[type]:
    """The classes a game module defines on top of Textual's."""
    import inspect

    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and value.__module__ == getattr(module, "__name__", None)
        and any(base.__module__.split(".")[0] == "textual" for base in value.__mro__[1:])
    ]


@functools.cache
def _textual_private_names() -> frozenset[str]:
    """Single-underscore names Textual's classes define (class attributes, and instance attributes they set)."""
    import importlib
    import inspect
    import re

    import textual.app
    import textual.widget

    bases: set[type] = {textual.app.App, textual.widget.Widget}
    for path in [*TEXTUAL_USERS, ROOT / TEXTUAL_COMPAT]:
        for cls in _textual_classes(importlib.import_module(_module_name(path))):
            bases.update(base for base in cls.__mro__ if base.__module__.split(".")[0] == "textual")
    names: set[str] = set()
    for base in bases:
        names.update(vars(base))
        with contextlib.suppress(OSError, TypeError):
            names.update(re.findall(r"self\.(_\w+)\s*(?::[^=\n]+)?=", inspect.getsource(base)))
    return frozenset(name for name in names if name.startswith("_") and not name.startswith("__"))


def _own_private_names() -> frozenset[str]:
    """Private names the game's UI code defines itself (its own attributes and functions)."""
    names: set[str] = set()
    for path in TEXTUAL_USERS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return frozenset(names)


@pytest.mark.parametrize("path", TEXTUAL_USERS, ids=relative)
def test_only_textual_compat_imports_textuals_private_modules(path: Path) -> None:
    bad = [
        f"line {line}: {name}"
        for line, name in imported_modules(path)
        if is_module(name, "textual") and any(part.startswith("_") for part in name.split(".")[1:])
    ]
    assert not bad, f"{relative(path)} imports Textual's private modules: {bad}; wrap them in {TEXTUAL_COMPAT}"


def test_only_textual_compat_overrides_or_reads_textuals_private_names() -> None:
    """A game class overriding a private name of its Textual base, or code reading one, belongs in the compat module.

    Names the game defines itself (its own ``self._timer`` and the like) are its own; names
    Textual's metaclass gives every subclass are not written in the game's source.
    """
    import importlib

    from textual.widget import Widget

    textual_private = _textual_private_names()
    own = _own_private_names()

    class Probe(Widget):
        pass

    set_by_metaclass = set(vars(Probe))
    bad: list[str] = []
    for path in TEXTUAL_USERS:
        module = importlib.import_module(_module_name(path))
        for cls in _textual_classes(module):
            for name in vars(cls):
                inherited = any(
                    name in vars(base) for base in cls.__mro__[1:] if base.__module__.split(".")[0] == "textual"
                )
                written = name in own and name not in set_by_metaclass  # not added by a metaclass (ABC's, Textual's)
                if name.startswith("_") and not name.startswith("__") and written and inherited:
                    bad.append(f"{relative(path)}: {cls.__name__}.{name} overrides Textual's")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in textual_private
                and node.attr not in own
                and not (isinstance(node.value, ast.Name) and node.value.id == "os")
            ):
                bad.append(f"{relative(path)} line {node.lineno}: .{node.attr} is Textual's")
    assert not bad, f"Textual internals outside {TEXTUAL_COMPAT}: {bad}"


def test_the_textual_scan_finds_what_the_compat_module_does() -> None:
    """The same scan run over the compat module finds its overrides and reads: the check can fail."""
    import importlib

    module = importlib.import_module(_module_name(ROOT / TEXTUAL_COMPAT))
    private = _textual_private_names()
    overrides = {name for cls in _textual_classes(module) for name in vars(cls) if name in private}
    assert {"_handle_exception", "_build_highlight_map", "_gather_commands"} <= overrides
    source = (ROOT / TEXTUAL_COMPAT).read_text(encoding="utf-8")
    reads = {node.attr for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Attribute)}
    assert {"_exit", "_highlights", "_cancel_gather_commands"} <= reads & private
