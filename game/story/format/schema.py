"""The JSON Schema of story files, generated from the format's declaration (what ``exception schema`` prints).

Editors that use the YAML language server read it for completion, hover
help and validation; ``story/story.schema.json`` is this text, kept in the
repository so a story's files can name it (a test keeps the two equal).
"""

from __future__ import annotations

import json
import re
from typing import Any

from game.story.format.kinds import (
    ID_PATTERN,
    TAKEN_NAMES,
    Assigned,
    Boolean,
    Condition,
    Field,
    Id,
    Kind,
    ListOf,
    Literal,
    MappingOf,
    Number,
    OneOf,
    Pattern,
    SceneId,
    Section,
    Template,
    Text,
    VariableName,
    Words,
)
from game.story.format.manifest import DEFINITIONS, STORY_FILE
from game.story.yamlread import MAX_INT

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://github.com/exception-game/exception/story/story.schema.json"
SCHEMA_TITLE = "exception story file"
#: Markdown emphasis around a word or phrase (``*Branches*``), which a schema's plain text drops.
_EMPHASIS = re.compile(r"\*([^*\s][^*]*)\*")

#: A pointer to a part of the guide: `` (see *Branches*)``.
_GUIDE_REFERENCE = re.compile(r" \(see \*[^*]+\*\)")
#: Markdown code (```to```): quoted in a schema's plain text, as the loader's messages quote keys.
_CODE = re.compile(r"`([^`]*)`")

Schema = dict[str, Any]


def _quoted(code: re.Match[str]) -> str:
    text = code.group(1)
    # A code span that holds quotes already ('"= expression"') reads as it is.
    return text if "'" in text or '"' in text else f"'{text}'"


def sentence(text: str) -> str:
    """A description as a schema gives it: plain text (no Markdown marks), a capital, a full stop."""
    # The guide's headings are not in the schema: "(see *Branches*)" only points somewhere there.
    plain = _EMPHASIS.sub(r"\1", _CODE.sub(_quoted, _GUIDE_REFERENCE.sub("", text)))
    if not text.startswith("`"):
        plain = plain[:1].upper() + plain[1:]
    return plain if plain.endswith((".", "!", "?")) else plain + "."


def story_schema() -> Schema:
    """The JSON Schema (draft 2020-12) of one story file."""
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": SCHEMA_TITLE,
        "description": sentence(STORY_FILE.description),
        **_section(STORY_FILE),
        "$defs": {name: _inline(kind) for name, kind in DEFINITIONS},
    }


def schema_text() -> str:
    """The schema as ``exception schema`` prints it and ``story/story.schema.json`` holds it."""
    return json.dumps(story_schema(), indent=2) + "\n"


def ordered(section: Section) -> tuple[Field, ...]:
    """A section's fields as the schema and the guide list them: what must be written first."""
    return tuple(entry for entry in section.fields if entry.required) + tuple(
        entry for entry in section.fields if not entry.required
    )


def _described(description: str, body: Schema) -> Schema:
    """``body`` with ``description`` (a reference keeps ``$ref`` first, as editors show it)."""
    rest = {key: value for key, value in body.items() if key not in ("$ref", "description")}
    if "$ref" in body:
        return {"$ref": body["$ref"], "description": description, **rest}
    return {"description": description, **rest}


def _field(entry: Field) -> Schema:
    body = _described(sentence(entry.summary()), _kind(entry.kind))
    if entry.default is not None and entry.default != "":
        body["default"] = entry.default
    return body


def _reference(kind: Kind) -> str | None:
    """The ``$defs`` name a kind is written as, if it is one of the format's definitions."""
    for name, defined in DEFINITIONS:
        if kind is defined:
            return name
    if isinstance(kind, Id | SceneId):
        return "id"
    if isinstance(kind, Template):
        return "template"
    if isinstance(kind, Condition):
        return "condition"
    return None


def _kind(kind: Kind) -> Schema:
    """A kind where it is used: a reference to its definition, or written out."""
    name = _reference(kind)
    if name is None:
        return _inline(kind)
    body: Schema = {"$ref": f"#/$defs/{name}"}
    if kind.description and all(kind is not defined for _, defined in DEFINITIONS):
        body["description"] = sentence(kind.description)
    return body


def _inline(kind: Kind) -> Schema:
    """A kind written out, with its own description when it has one."""
    body = _shape(kind)
    return _described(sentence(kind.description), body) if kind.description else body


def _number(minimum: float | None) -> Schema:
    return {"type": "number", "minimum": -MAX_INT if minimum is None else minimum, "maximum": MAX_INT}


def _shape(kind: Kind) -> Schema:
    """What a value of ``kind`` may be, without its description."""
    if isinstance(kind, Section):
        return _section(kind)
    if isinstance(kind, Id | SceneId):
        return {"type": "string", "pattern": f"^{ID_PATTERN}$"}
    if isinstance(kind, VariableName):
        return {"$ref": "#/$defs/id", "not": {"enum": list(TAKEN_NAMES)}}
    if isinstance(kind, Text):
        text: Schema = {"type": ["string", "number"] if kind.numbers else "string"}
        return {**text, "pattern": "\\S"} if kind.nonblank else text
    if isinstance(kind, Pattern):
        return {"type": "string", "pattern": f"^{kind.pattern}$"}
    if isinstance(kind, Template):
        return {"type": ["string", "number"]}
    if isinstance(kind, Condition):
        return {"type": ["string", "boolean"]}
    if isinstance(kind, Number):
        return _number(kind.minimum)
    if isinstance(kind, Boolean):
        return {"type": "boolean"}
    if isinstance(kind, Literal):
        return {"type": ["boolean", "number", "string"], "minimum": -MAX_INT, "maximum": MAX_INT}
    if isinstance(kind, Assigned):
        return {"type": ["number", "string"] if kind.numbers else ["boolean", "number", "string"]}
    if isinstance(kind, Words):
        return {"enum": list(kind.words)}
    if isinstance(kind, ListOf):
        return {"type": "array", "items": _kind(kind.item)}
    if isinstance(kind, MappingOf):
        mapping: Schema = {"type": "object"}
        if kind.min_items:
            mapping["minProperties"] = kind.min_items
        if kind.key is not None:
            mapping["propertyNames"] = _kind(kind.key)
        mapping["additionalProperties"] = _kind(kind.value)
        return mapping
    if isinstance(kind, OneOf):
        return {"oneOf": [_kind(option) for option in kind.options]}
    raise TypeError(f"the schema has no shape for {kind!r}")


def _section(section: Section) -> Schema:
    body: Schema = {"type": "object"}
    if section.one_key:
        body["minProperties"] = 1
        body["maxProperties"] = 1
    body["additionalProperties"] = False
    if section.required:
        body["required"] = [entry.name for entry in ordered(section) if entry.required]
    body["properties"] = {entry.name: _field(entry) for entry in ordered(section)}
    return body
