"""The vocabulary the story format is declared in: kinds of values, fields and sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.story.expressions import BUILTIN_NAMES, RESERVED_WORDS

#: What an id is: letters, digits and underscores, starting with a letter.
ID_PATTERN = "[A-Za-z][A-Za-z0-9_]*"
#: What a UI class name is (a CSS class: '-' is allowed too).
UI_CLASS_PATTERN = "[A-Za-z][A-Za-z0-9_-]*"
#: Names every story has, and words of the expression language: no variable may take one.
TAKEN_NAMES: tuple[str, ...] = (*BUILTIN_NAMES, *sorted(RESERVED_WORDS))

Default = bool | int | float | str | None


# ------------------------------------------------------------------ the vocabulary of kinds


@dataclass(frozen=True, slots=True, kw_only=True)
class Kind:
    """What a value may be; ``description`` says so where the kind stands alone (a list item, a mapping value)."""

    description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Id(Kind):
    """An id: letters, digits and underscores, starting with a letter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SceneId(Kind):
    """The id of a scene that exists (in any file of the story or its branches)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VariableName(Kind):
    """An id that is not a built-in name or a word of the expression language."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Kind):
    """Plain text; ``numbers``: a number is taken as its text; ``nonblank``: not only blanks."""

    numbers: bool = False
    nonblank: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern(Kind):
    """Text matching a regular expression (``pattern``, without anchors)."""

    pattern: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Template(Kind):
    """Text the player reads, with ``{expression}`` insertions and ``{if}`` passages."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition(Kind):
    """An expression that is true or false (or the literal true or false)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Number(Kind):
    """A finite number within the story's range; ``minimum``: the smallest allowed."""

    minimum: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Boolean(Kind):
    """``true`` or ``false``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Literal(Kind):
    """A variable's initial value: true/false, a finite number or text (its type is the variable's)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Assigned(Kind):
    """A literal value, or ``"= expression"`` to compute it; ``numbers``: only a number (``add``)."""

    numbers: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Words(Kind):
    """One of a few fixed words."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ListOf(Kind):
    """A YAML list (``- item`` lines) of ``item``."""

    item: Kind


@dataclass(frozen=True, slots=True, kw_only=True)
class MappingOf(Kind):
    """A mapping of keys of kind ``key`` (any text when None) to values of kind ``value``."""

    key: Kind | None
    value: Kind
    min_items: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class OneOf(Kind):
    """Any one of ``options``."""

    options: tuple[Kind, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One key of a section: ``label`` is how the loader's messages name its value."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    #: The value when the key is left out (None: nothing, or a default the description explains).
    default: Default = None
    label: str = ""

    def summary(self) -> str:
        """The description with what is implied: required, or the default (as the guide's tables show it)."""
        if self.required:
            return f"{self.description} (required)"
        if self.default is None or self.default == "":
            return self.description
        if isinstance(self.default, bool):
            shown = "true" if self.default else "false"
        elif isinstance(self.default, str):
            shown = f"`{self.default}`"
        else:
            shown = f"{self.default:g}"
        return f"{self.description} (default {shown})"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Section(Kind):
    """A mapping with declared keys: ``what`` names it in messages; ``one_key``: exactly one of them."""

    name: str
    what: str
    fields: tuple[Field, ...]
    one_key: bool = False
    #: The keys in declared order, the required ones, and "a, b, c" as messages list them.
    names: tuple[str, ...] = field(init=False)
    required: tuple[str, ...] = field(init=False)
    known: str = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(entry.name for entry in self.fields)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "required", tuple(entry.name for entry in self.fields if entry.required))
        object.__setattr__(self, "known", ", ".join(names))

    def __repr__(self) -> str:
        # The fields nest whole sections: a repr of them all would fill a screen.
        return f"Section({self.name!r}: {self.known})"

    def get(self, name: str) -> Field:
        """The field called ``name`` (a KeyError for a name the section does not declare)."""
        for entry in self.fields:
            if entry.name == name:
                return entry
        raise KeyError(f"{self.name} has no field '{name}'")
