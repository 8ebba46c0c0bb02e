"""View objects the templates read, and the import lines of generated modules.

Part of the render stage. A view holds ready-made Python fragments
(annotations, expressions, statements) computed from the intermediate model,
so templates only place them; `model_views.py` and `operation_views.py`
build them. Nothing here reads the spec or touches the disk.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from .literals import string_literal
from .records import record

# black's line length; fragments written in its style fit it or are split as
# black splits them, so that black finds nothing to change.
WIDTH = 88

__all__ = [
    "EnumView",
    "ErrorView",
    "FieldView",
    "ModelView",
    "ModuleView",
    "OperationView",
    "ParameterView",
    "bracketed",
    "export_order",
    "identifiers",
    "import_line",
    "join",
    "runtime_import",
    "stdlib_imports",
]


@record(frozen=True, slots=True)
class FieldView:
    python_name: str
    json_name: str
    annotation: str
    required: bool
    description: str
    read_only: bool
    secret: bool = False

    @property
    def declaration(self) -> str:
        """Return the field's line in the class body, as black writes it."""
        if self.secret:
            default = "default=UNSET, " if not self.required else ""
            default = f" = field({default}repr=False)"
        else:
            default = " = UNSET" if not self.required else ""
        line = f"{self.python_name}: {self.annotation}{default}"
        if 4 + len(line) <= WIDTH or default != " = UNSET":
            return line  # fits, or black is left to split it
        # black puts the value in brackets if that fits, else the annotation.
        if 4 + len(line) - len("UNSET") + len("(") <= WIDTH:
            return f"{line[: -len('UNSET')]}(\n        UNSET\n    )"
        return f"{self.python_name}: (\n        {self.annotation}\n    ){default}"


@record(frozen=True, slots=True)
class ModelView:
    """One model class: its fields and the class tables its type hints cannot say.

    `json_names` pairs the fields whose JSON name differs with that name;
    `discriminators` holds (field, property name, (value, class name) pairs).
    """

    name: str
    description: str
    fields: tuple[FieldView, ...]
    json_names: tuple[tuple[str, str], ...]
    read_only: tuple[str, ...]
    discriminators: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]

    @property
    def json_names_code(self) -> str:
        """Return the `_json_names: ClassVar[...] = {...}` statement, at class level."""
        items = [
            f"{string_literal(python)}: {string_literal(json)}"
            for python, json in self.json_names
        ]
        opening = "_json_names: ClassVar[dict[str, str]] = {"
        return bracketed(opening, items, "}", indent=4)


@record(frozen=True, slots=True)
class EnumView:
    name: str
    description: str
    members: tuple[tuple[str, str], ...]


@record(frozen=True, slots=True)
class ModuleView:
    """One generated module: its imports and the models, enums or operations in it."""

    name: str
    stdlib_imports: tuple[str, ...]
    local_imports: tuple[str, ...]
    models: tuple[ModelView, ...] = ()
    operations: tuple[OperationView, ...] = ()
    enums: tuple[EnumView, ...] = ()

    @property
    def exports(self) -> tuple[str, ...]:
        """Return the class names the module defines."""
        return tuple(e.name for e in self.enums) + tuple(m.name for m in self.models)


@record(frozen=True, slots=True)
class ParameterView:
    """A keyword of an operation and where its value goes in the request."""

    python_name: str
    json_name: str
    location: str
    annotation: str
    required: bool
    value: str
    """The expression put in the call's `path_params`, `params` or `headers`."""
    description: str


@record(frozen=True, slots=True)
class ErrorView:
    """A declared error status with a body: the class raised and its body type."""

    status: str
    error_class: str
    annotation: str


@record(frozen=True, slots=True)
class OperationView:
    name: str
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[ParameterView, ...]
    body_annotation: str | None
    body_description: str
    call_arguments: tuple[str, ...]
    """Keyword arguments of `Call(...)` after the method and path."""
    errors: tuple[ErrorView, ...]
    success_statuses: str
    return_annotation: str
    return_description: str
    decodes_json: bool


def identifiers(fragments: Iterable[str]) -> set[str]:
    """Return the names that code fragments use, to decide what they import.

    Names inside string literals (a query key `params["OpenEnum"]`) and
    attribute names (a field `self.datetime`), which come from the spec,
    import nothing. The result is what Python's tokenizer finds: every NAME
    token not right after a `.`. A regular expression finds the same names
    several times faster in the code the views make; text it does not model
    (a prefixed or triple-quoted string, a stray quote, a backslash outside a
    string) goes to the tokenizer itself.
    """
    text = "\n".join(fragments) + "\n"
    found = set()
    for unusual, glued, dot, name, stray in _SCAN.findall(text):
        if unusual or glued or stray or not (name.isascii() or name.isidentifier()):
            return _tokenized_identifiers(text)
        if name and not dot:
            found.add(name)
    return found


# Per match, findall yields the groups: text only the tokenizer reads (a
# prefixed or triple-quoted string, a word glued to a number), the dot before
# a name, the name, and a stray quote, backslash or character the tokenizer
# treats in its own way (CR, form feed, non-ASCII space). Literals, comments,
# numbers and ellipses match with every group empty: their words are skipped.
_DIGITS = "[0-9](?:_?[0-9])*"
_EXPONENT = f"(?:[eE][-+]?{_DIGITS})?[jJ]?"
_NUMBER = rf"(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS}){_EXPONENT}"
_SCAN = re.compile(
    rf"""
    (\w+(?=['"])|'''|\"\"\")
    | '(?:[^'\\\n]|\\.)*'
    | "(?:[^"\\\n]|\\.)*"
    | \#[^\r\n]*
    | {_NUMBER}(\w?)
    | \.\.\.
    | (\.[ \t]*)?((?![0-9])\w+)
    | (['"\\]|[^\x20-\x7e\t\n])
    """,
    re.VERBOSE,
)


def _tokenized_identifiers(text: str) -> set[str]:
    """Return the NAME tokens of `text` that do not follow a `.`."""
    found = set()
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.NAME and previous != ".":
            found.add(token.string)
        previous = token.string
    return found


RUNTIME_NAMES = frozenset(
    {
        "UNSET",
        "Discriminator",
        "Model",
        "Unset",
        "convert",
        "dict_of",
        "dump",
        "list_of",
        "union_of",
        "OpenEnum",
        "optional",
        "parse_date",
        "parse_datetime",
    }
)
STDLIB = (
    ("collections.abc", ("Mapping",)),
    ("dataclasses", ("dataclass", "field")),
    ("datetime", ("date", "datetime")),
    ("typing", ("Any", "ClassVar")),
)


def runtime_import(names: set[str], runtime: str) -> list[str]:
    """Return the import of the runtime `names` a module of a subpackage uses.

    `runtime` is where the runtime modules are: `..` for the package's own,
    `name.` for a shared runtime package.
    """
    used = names & RUNTIME_NAMES
    return [import_line(f"{runtime}_runtime", used)] if used else []


def stdlib_imports(names: set[str]) -> tuple[str, ...]:
    lines = []
    for module, offered in STDLIB:
        used = [name for name in offered if name in names]
        if used:
            lines.append(import_line(module, used))
    return tuple(lines)


def _natural(text: str) -> tuple[str | int, ...]:
    """Split `text` so that runs of digits compare as numbers (`Item2`, `Item10`)."""
    parts = re.split(r"([0-9]+)", text)
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def _kind(name: str) -> int:
    """Rank a name as isort does: constants, then classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return 0
    return 1 if name[:1].isupper() else 2


def _import_order(
    name: str,
) -> tuple[int, tuple[str | int, ...], tuple[str | int, ...]]:
    """Sort key of an imported name, in the order isort (and ruff's `I`) expects.

    Within a kind, case is ignored (`AbstractFilter` before `APIError`) and
    numbers compare as numbers.
    """
    return _kind(name), _natural(name.lower()), _natural(name)


def export_order(name: str) -> tuple[int, tuple[str | int, ...]]:
    """Sort key of a name in `__all__`, as ruff's RUF022 expects: case counts."""
    return _kind(name), _natural(name)


def join(names: Iterable[str]) -> str:
    """Join imported names in isort's order: constants, classes, then functions."""
    return ", ".join(sorted(set(names), key=_import_order))


def import_line(module: str, names: Iterable[str]) -> str:
    """Return `from module import names`, split as black splits a long one."""
    line = f"from {module} import {join(names)}"
    if len(line) <= WIDTH:
        return line
    return bracketed(f"from {module} import (", join(names).split(", "), ")")


def bracketed(
    opening: str, items: list[str], closing: str, *, indent: int = 0, after: str = ""
) -> str:
    """Return `opening`, the items and `closing` on one line, or black's split.

    The line starts at column `indent` and is followed by `after` (such as
    the comma of an argument). When it does not fit, each item gets a line of
    its own, one level deeper, with a trailing comma, as black writes a
    collection or an import that is too long.
    """
    line = f"{opening}{', '.join(items)}{closing}"
    if indent + len(line) + len(after) <= WIDTH or not items:
        return line
    inner = " " * (indent + 4)
    rows = "".join(f"{inner}{item},\n" for item in items)
    return f"{opening}\n{rows}{' ' * indent}{closing}"
