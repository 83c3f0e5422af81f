"""story/story.schema.json agrees with the loader: what loads validates, and known mistakes do not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml
from conftest import FIXTURES, STORY

from game.story.loader import BRANCHES_FOLDER, StoryLoadError, load_story

SCHEMA_PATH = STORY / "story.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _yaml_files(root: Path, *, skip_branches: bool) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if skip_branches and relative[0] == BRANCHES_FOLDER:
            continue
        if path.suffix in (".yaml", ".yml") and path.is_file():
            files.append(path)
    return files


def _loading_fixture_files() -> Iterator[Path]:
    """Every file of every fixture story (and fixture branch) the loader accepts."""
    for story in sorted(path for path in FIXTURES.iterdir() if path.is_dir()):
        try:
            load_story(story, use_cache=False)
        except StoryLoadError:
            continue
        yield from _yaml_files(story, skip_branches=True)
        branches = story / BRANCHES_FOLDER
        for branch in sorted(branches.iterdir()) if branches.is_dir() else []:
            try:
                load_story(story, [branch], use_cache=False)
            except StoryLoadError:
                continue
            yield from _yaml_files(branch, skip_branches=False)


FIXTURE_FILES = list(_loading_fixture_files())


def test_there_are_fixture_files_to_validate() -> None:
    names = {path.relative_to(FIXTURES).as_posix() for path in FIXTURE_FILES}
    assert "mini/story.yaml" in names
    assert "loader_nested/branches/epilogue/epilogue.yaml" in names
    assert "loader_nested/branches/broken/broken.yaml" not in names
    assert not any(name.startswith("loader_five/") for name in names)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda path: path.relative_to(FIXTURES).as_posix())
def test_fixture_files_the_loader_accepts_are_valid(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []


def test_the_bundled_story_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    try:
        load_story(STORY, use_cache=False)
    except StoryLoadError as error:
        pytest.skip(f"the bundled story does not load yet ({len(error.errors)} errors); its files are not checked")
    files = _yaml_files(STORY, skip_branches=True)
    assert files
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]
        assert errors == [], path


INVALID: list[tuple[str, Any]] = [
    ("unknown top-level key", {"scene": {}}),
    ("manifest without start", {"story": {"id": "s", "title": "S", "version": "1"}}),
    ("manifest with a bad id", {"story": {"id": "my story", "title": "S", "version": "1", "start": "a"}}),
    ("unknown scene key", {"scenes": {"a": {"title": "A", "text": "t", "titel": "A"}}}),
    ("scene without text", {"scenes": {"a": {"title": "A"}}}),
    ("bad scene id", {"scenes": {"bad-id": {"title": "A", "text": "t"}}}),
    ("choice without to", {"scenes": {"a": {"title": "A", "text": "t", "choices": [{"text": "go"}]}}}),
    ("choices as a mapping", {"scenes": {"a": {"title": "A", "text": "t", "choices": {"text": "go", "to": "b"}}}}),
    (
        "cost as text",
        {"scenes": {"a": {"title": "A", "text": "t", "choices": [{"text": "go", "to": "b", "cost": "x"}]}}},
    ),
    ("negative weight", {"scenes": {"a": {"title": "A", "text": "t", "choices": [{"text": "g", "to": {"b": -1}}]}}}),
    ("two keys in one effect", {"scenes": {"a": {"title": "A", "text": "t", "on_enter": [{"set": {}, "add": {}}]}}}),
    ("unknown effect", {"scenes": {"a": {"title": "A", "text": "t", "on_enter": [{"sett": {"n": 1}}]}}}),
    ("countdown pause", {"scenes": {"a": {"title": "A", "text": "t", "on_enter": [{"countdown": "pause"}]}}}),
    ("variable as a list", {"vars": {"n": [1]}}),
    ("variable named turn", {"vars": {"turn": 1}}),
    ("ending without title", {"scenes": {"a": {"title": "A", "text": "t", "ending": {"tone": "grim"}}}}),
    ("extension with a title", {"extend": {"a": {"title": "New"}}}),
    ("top level is a list", ["scenes"]),
]


@pytest.mark.parametrize("document", [row[1] for row in INVALID], ids=[row[0] for row in INVALID])
def test_known_mistakes_are_rejected(validator: jsonschema.Draft202012Validator, document: Any) -> None:
    assert not validator.is_valid(document)


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            yield f"{where}/{name}", value
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _properties(value, f"{where}/{index}")


def test_every_property_has_a_description() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    found = list(_properties(schema))
    assert len(found) > 40
    assert [where for where, value in found if not value.get("description")] == []


def test_every_object_refuses_unknown_keys() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    objects = [value for _, value in _properties(schema) if isinstance(value, dict) and "properties" in value]
    objects += [value for value in schema["$defs"].values() if "properties" in value]
    assert objects
    assert all(value.get("additionalProperties") is False for value in objects)
