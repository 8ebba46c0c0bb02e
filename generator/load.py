"""Load stage: read a spec file into plain Python values and keep positions.

JSON goes through the json module (fast; positions are recovered lazily with
the YAML composer only when a diagnostic needs one). YAML is composed with
PyYAML's safe machinery, preferring the C parser, and turned into values here
so that duplicate keys and recursive aliases are errors instead of silent
surprises. This module reads no OpenAPI keys: that is the build stage's job.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location, Severity, SpecError

__all__ = ["Document", "load_spec"]

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Scalars whose YAML type we keep; timestamps, binary and the rest stay text.
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass
class Document:
    """A loaded spec: its values, its text and a way to find positions.

    A spec split over several files is one root document plus the files its
    `$ref`s name, loaded on demand into `related`. A key names a node in any
    of them: a JSON pointer (`/components/schemas/Pet`) in the root file, or
    `<path>#<pointer>` (`common.yaml#/Pet`) in another file, with the path
    relative to the root file's folder.
    """

    path: Path
    display_name: str
    text: str
    data: Any
    _root: yaml.Node | None = field(default=None, repr=False)
    related: dict[str, Document] = field(default_factory=dict, repr=False)

    def location(self, key: str, *, at_key: bool = False) -> Location:
        """Return the location of the node at `key` (as far as it exists).

        With `at_key`, a mapping entry is located at its key rather than its
        value, for problems with the key itself (a path without a slash).
        """
        document, pointer = self.document_at(key)
        line, column = document._position(pointer, at_key=at_key)
        return Location(document.display_name, pointer, line, column)

    def document_at(self, key: str) -> tuple[Document, str]:
        """Return the document a key points into and the pointer inside it."""
        if not key or key.startswith("/"):
            return self, key
        relative, _, pointer = key.partition("#")
        return self.related[relative], pointer

    def load_related(self, relative: str) -> Document:
        """Return the file at `relative` to the root's folder, loading it once."""
        if relative not in self.related:
            path = self.path.parent / relative
            shown = str(Path(self.display_name).parent / relative)
            document = load_spec(path, display_name=shown)
            self.related[relative] = document
        return self.related[relative]

    def _position(
        self, pointer: str, *, at_key: bool = False
    ) -> tuple[int | None, int | None]:
        root = self._compose_root()
        if root is None:
            return None, None
        node = root
        tokens = split_pointer(pointer)
        for index, token in enumerate(tokens):
            want_key = at_key and index == len(tokens) - 1
            child = _child_node(node, token, key=want_key)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _compose_root(self) -> yaml.Node | None:
        if self._root is None:
            try:
                self._root = yaml.compose(self.text, Loader=_SafeLoader)
            except yaml.YAMLError:
                return None
        return self._root


def split_pointer(pointer: str) -> list[str]:
    """Split a JSON pointer such as `/components/schemas/A~1B` into its tokens."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _child_node(node: yaml.Node, token: str, *, key: bool = False) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == token:
                found: yaml.Node = key_node if key else value
                return found
    elif isinstance(node, yaml.SequenceNode) and token.isdigit():
        index = int(token)
        if index < len(node.value):
            child: yaml.Node = node.value[index]
            return child
    return None


def load_spec(path: Path, *, display_name: str | None = None) -> Document:
    """Read `path` as JSON or YAML; raise `SpecError` when it cannot be parsed."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(name, "encoding", f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise _fail(
            name, "unreadable", f"cannot read the file: {exc.strerror}"
        ) from exc

    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        data = _parse_json(text, name)
        return Document(path, name, text, data)
    root, data = _parse_yaml(text, name)
    return Document(path, name, text, data, root)


def _parse_json(text: str, name: str) -> Any:
    def reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            keys = [key for key, _ in pairs]
            raise _DuplicateKey(next(k for i, k in enumerate(keys) if k in keys[:i]))
        return result

    try:
        return json.loads(text, object_pairs_hook=reject_duplicates)
    except json.JSONDecodeError as exc:
        where = Location(name, "", exc.lineno, exc.colno)
        raise _fail_at(where, "syntax", f"invalid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise _fail(name, "too-deep", "the document is nested too deeply") from exc
    except _DuplicateKey as exc:
        # Fall back to the YAML composer, which knows where the duplicate is.
        _parse_yaml(text, name)
        raise _fail(name, "duplicate-key", f"duplicate key {exc.key!r}") from exc


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _parse_yaml(text: str, name: str) -> tuple[yaml.Node | None, Any]:
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, "", mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise _fail_at(
            where or Location(name), "syntax", f"invalid YAML: {problem}"
        ) from exc
    except yaml.YAMLError as exc:
        raise _fail(name, "syntax", f"invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise _fail(name, "too-deep", "the document is nested too deeply") from exc
    if root is None:
        raise _fail(name, "empty", "the file is empty; expected an OpenAPI document")
    return root, _NodeConverter(name).convert(root)


class _NodeConverter:
    """Turn composed YAML nodes into dicts, lists and scalars, checking as it goes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.done: dict[int, Any] = {}
        self.active: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def convert(self, node: yaml.Node) -> Any:
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            raise self._error(
                node, "recursive-alias", "an alias refers to a node that contains it"
            )
        self.active.add(key)
        value = self._convert_by_kind(node)
        self.active.discard(key)
        self.done[key] = value
        return value

    def _convert_by_kind(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._convert_mapping(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item) for item in node.value]
        if node.tag in _SCALAR_TAGS:
            construct: Callable[[yaml.Node], Any] = self.constructor.construct_object
            return construct(node)
        return str(node.value)

    def _convert_mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if isinstance(key, (dict, list)):
                raise self._error(
                    key_node, "bad-key", "a mapping key must be a plain value"
                )
            if key in result:
                raise self._error(
                    key_node,
                    "duplicate-key",
                    f"duplicate key {key!r}; each key may appear once in a mapping",
                )
            result[key] = self.convert(value_node)
        return result

    def _error(self, node: yaml.Node, code: str, message: str) -> SpecError:
        mark = node.start_mark
        return _fail_at(
            Location(self.name, "", mark.line + 1, mark.column + 1), code, message
        )


def _fail(name: str, code: str, message: str) -> SpecError:
    return _fail_at(Location(name), code, message)


def _fail_at(location: Location, code: str, message: str) -> SpecError:
    return SpecError(Diagnostic(Severity.ERROR, code, message, location))
