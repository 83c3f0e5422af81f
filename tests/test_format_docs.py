"""The story format is declared once: the loader checks keys from it, and the schema and guide are made from it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, STORY

from game.story import cache as story_cache
from game.story.format import (
    CHOICE,
    COUNTDOWN,
    CREW_MEMBER,
    DEFINITIONS,
    ENDING,
    EXTENSION,
    GUIDE_TABLES,
    MANIFEST,
    SCENE,
    STORY_FILE,
    UI,
    Boolean,
    Condition,
    Field,
    Id,
    Number,
    SceneId,
    Section,
    Template,
    Text,
)
from game.story.format.guide import REGENERATE, marked_sections, table, with_tables
from game.story.format.schema import sentence, story_schema
from game.story.loader import StoryLoadError, load_story

GUIDE = STORY / "README.md"
SCHEMA_FILE = STORY / "story.schema.json"


# ------------------------------------------------------------------ the files made from the declaration


def test_the_schema_file_is_what_exception_schema_prints() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "game", "schema"], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert SCHEMA_FILE.read_text(encoding="utf-8") == done.stdout, (
        f"story/story.schema.json is not what the format declares: run {REGENERATE}"
    )


def test_the_guides_tables_are_the_declared_ones() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert with_tables(text) == text, (
        f"story/README.md's tables of keys are not what the format declares: run {REGENERATE}"
    )


def test_the_guide_shows_a_table_of_every_section_it_should() -> None:
    assert marked_sections(GUIDE.read_text(encoding="utf-8")) == [
        "story file",
        "story",
        "crew member",
        "countdown",
        "scene",
        "ending",
        "choice",
        "extension",
    ]
    assert sorted(section.name for section in GUIDE_TABLES) == sorted(marked_sections(GUIDE.read_text("utf-8")))


def test_a_field_added_to_the_declaration_shows_in_the_table_and_the_schema() -> None:
    """What makes the two tests above fail until the files are regenerated."""
    extra = Field(name="mood", kind=Text(), description="how the scene feels")
    grown = Section(name=SCENE.name, what=SCENE.what, description=SCENE.description, fields=(*SCENE.fields, extra))
    assert "| `mood` | how the scene feels |" in table(grown)
    assert "| `mood` |" not in table(SCENE)
    assert "mood" not in story_schema()["$defs"]["scene"]["properties"]


def test_a_marker_naming_no_section_is_refused() -> None:
    with pytest.raises(ValueError, match="'scenery'"):
        with_tables("<!-- generated: scenery (x) -->\n| a |\n")


@pytest.mark.parametrize(
    ("written", "schema"),
    [
        ("the first scene", "The first scene."),
        ("the first scene (required)", "The first scene (required)."),
        ("`true`: it goes", "'true': it goes."),
        ('`name: "= expression"` computes it', 'name: "= expression" computes it.'),
        ("additions (see *Branches*)", "Additions."),
        ("a *strong* word, then a * b", "A strong word, then a * b."),
        ("ends with a stop.", "Ends with a stop."),
    ],
)
def test_descriptions_become_sentences_in_the_schema(written: str, schema: str) -> None:
    assert sentence(written) == schema


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if "$ref" in node else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(value) for value in node)) if node else set()
    return set()


def test_every_reference_in_the_schema_is_defined_and_every_definition_used() -> None:
    schema = story_schema()
    defined = {f"#/$defs/{name}" for name, _ in DEFINITIONS}
    assert set(schema["$defs"]) == {name for name, _ in DEFINITIONS}
    assert _refs(schema) == defined


def test_the_schema_text_is_deterministic_json() -> None:
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2) + "\n"


# ------------------------------------------------------------------ the loader reads the declaration

SIMPLE_KINDS = (Id, SceneId, Text, Number, Boolean, Condition, Template)


def _all_sections() -> list[Section]:
    return [STORY_FILE, MANIFEST, CREW_MEMBER, COUNTDOWN, UI, SCENE, ENDING, CHOICE, EXTENSION]


@pytest.mark.parametrize("section", _all_sections(), ids=lambda section: section.name)
def test_every_value_the_loader_reads_by_kind_has_a_label_for_its_messages(section: Section) -> None:
    for entry in section.fields:
        if isinstance(entry.kind, SIMPLE_KINDS):
            assert entry.label, f"{section.name}.{entry.name} has no label"
        assert entry.description and not entry.description.endswith("."), f"{section.name}.{entry.name}"


def _story() -> dict[str, Any]:
    return {
        "story": {
            "id": "s",
            "title": "S",
            "version": "1",
            "start": "a",
            "crew": [{"id": "c", "name": "C"}],
            "countdown": {"start": 5, "expires": "b"},
            "ui": {"classes": {"dark": "true"}},
        },
        "scenes": {
            "a": {"title": "A", "text": "t", "choices": [{"text": "go", "to": "b"}]},
            "b": {"title": "B", "text": "t", "ending": {"title": "End"}},
        },
    }


#: Where each section sits in the story above, and how the loader names it in messages.
PLACES: dict[str, tuple[tuple[str | int, ...], str]] = {
    "story file": ((), "story file"),
    "story": (("story",), "story"),
    "crew member": (("story", "crew", 0), "crew member"),
    "countdown": (("story", "countdown"), "countdown"),
    "ui": (("story", "ui"), "ui"),
    "scene": (("scenes", "a"), "scene 'a'"),
    "ending": (("scenes", "b", "ending"), "ending"),
    "choice": (("scenes", "a", "choices", 0), "choice"),
}


def _load(tmp_path: Path, story: dict[str, Any], branch: dict[str, Any] | None = None) -> list[str]:
    (tmp_path / "story").mkdir(parents=True)
    (tmp_path / "story" / "story.yaml").write_text(yaml.safe_dump(story, sort_keys=False), encoding="utf-8")
    branches = []
    if branch is not None:
        (tmp_path / "branch").mkdir()
        (tmp_path / "branch" / "more.yaml").write_text(yaml.safe_dump(branch, sort_keys=False), encoding="utf-8")
        branches.append(tmp_path / "branch")
    try:
        load_story(tmp_path / "story", branches, use_cache=False)
    except StoryLoadError as error:
        return [problem.message for problem in error.errors]
    return []


def test_the_base_story_loads(tmp_path: Path) -> None:
    assert _load(tmp_path, _story(), {"extend": {"a": {"text": "more"}}}) == []


@pytest.mark.parametrize("section", [s for s in _all_sections() if s.name in PLACES], ids=lambda s: s.name)
def test_an_unknown_key_is_refused_with_the_declared_keys(tmp_path: Path, section: Section) -> None:
    story = _story()
    place, what = PLACES[section.name]
    target: Any = story
    for step in place:
        target = target[step]
    target["zzz"] = 1
    assert _load(tmp_path, story) == [f"{what}: unknown key 'zzz'; known keys: {section.known}"]


def test_an_extension_takes_the_declared_keys(tmp_path: Path) -> None:
    messages = _load(tmp_path, _story(), {"extend": {"a": {"text": "more", "zzz": 1}}})
    assert messages == [f"extension of 'a': unknown key 'zzz'; known keys: {EXTENSION.known}"]


@pytest.mark.parametrize(
    "section", [s for s in _all_sections() if s.required and s.name in PLACES], ids=lambda s: s.name
)
def test_each_required_key_is_missed_by_name(tmp_path: Path, section: Section) -> None:
    place, what = PLACES[section.name]
    for name in section.required:
        story = _story()
        target: Any = story
        for step in place:
            target = target[step]
        target.pop(name, None)
        messages = _load(tmp_path / name, story)
        assert f"{what}: missing '{name}'" in messages


def test_a_misspelt_key_is_suggested_once_not_also_missed(tmp_path: Path) -> None:
    story = _story()
    scene = story["scenes"]["a"]
    scene["titel"] = scene.pop("title")
    assert _load(tmp_path, story) == [
        f"scene 'a': unknown key 'titel' (did you mean 'title'?); known keys: {SCENE.known}"
    ]


@pytest.mark.parametrize(
    ("place", "value", "message"),
    [
        (("story", "countdown", "warning"), -1, "countdown warning must be at least 0, not -1"),
        (("scenes", "a", "choices", 0, "cost"), "x", "cost must be a number, not text"),
        (("scenes", "a", "choices", 0, "once"), "yes", "'once' must be true or false, not text"),
        (("story", "crew", 0, "name"), 3, "crew name must be text, not the number 3"),
        (("story", "title"), 3, None),  # a title may be a number: it is shown as its text
        (("story", "countdown", "label"), [1], "countdown label must be text, not a list (- items)"),
        (("story", "start"), "nowhere", "start scene 'nowhere' does not exist"),
        (("scenes", "a", "expires"), "bb", "expiry scene 'bb' does not exist (did you mean 'b'?)"),
    ],
)
def test_a_value_is_checked_as_its_declared_kind(
    tmp_path: Path, place: tuple[str | int, ...], value: object, message: str | None
) -> None:
    story = _story()
    target: Any = story
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    assert _load(tmp_path, story) == ([message] if message else [])


# ------------------------------------------------------------------ the modules and the cache


def test_the_cache_key_follows_the_format_and_the_builders(tmp_path: Path) -> None:
    """The modules of the format and of the loader's sections key cached stories like the rest of the package."""
    from game import __version__

    package = tmp_path / "story"
    shutil.copytree(story_cache.FORMAT_PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    original = story_cache.engine_key(package, __version__)
    for module in ("format/scenes.py", "build/scenes.py"):
        path = package / module
        kept = path.read_bytes()
        path.write_bytes(kept + b"\n# another description\n")
        assert story_cache.engine_key(package, __version__) not in (None, original), module
        path.write_bytes(kept)
    assert story_cache.engine_key(package, __version__) == original


OWN_MODULES = sorted(
    [
        *(ROOT / "game" / "story" / "build").glob("*.py"),
        *(ROOT / "game" / "story" / "format").glob("*.py"),
        ROOT / "game" / "story" / "loader.py",
        ROOT / "game" / "commands" / "schema.py",
    ]
)


@pytest.mark.parametrize("path", OWN_MODULES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_the_loader_and_format_modules_stay_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines; split it by what its parts do"


def test_a_builder_refuses_on_import_a_field_declared_as_another_kind() -> None:
    from game.story.build.fields import declared

    assert declared(CHOICE, "cost", Number) is CHOICE.get("cost")
    with pytest.raises(TypeError, match=r"choice\.cost is declared as Number, but is read as Text"):
        declared(CHOICE, "cost", Text)


def test_the_studio_completes_every_declared_key() -> None:
    from game.story.format import EFFECT
    from game.studio.completion import complete

    declared_keys = sorted({name for section in [*_all_sections(), EFFECT] for name in section.names})
    assert len(declared_keys) > 30
    assert [key for key in declared_keys if key[1:] not in complete(f"    {key[0]}", None)] == []
