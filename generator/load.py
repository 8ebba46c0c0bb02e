"""Load stage: read a spec file into plain Python values and keep positions.

JSON goes through the json module (fast; positions are recovered lazily with
the YAML composer only when a diagnostic needs one, so a JSON spec without
diagnostics does not even import PyYAML). YAML is composed with PyYAML's safe
machinery, with libyaml's C parser when PyYAML has it (several times faster,
and its marks give the same lines and columns as the pure parser), and
turned into values here so that duplicate keys and recursive aliases are
errors instead of silent surprises. Size is bounded before anything is built
from it: the file's bytes, its nesting depth, and the number of values it
holds once YAML aliases are expanded (an alias repeats the whole node it
names, so a small file can describe billions of values). This module reads no
OpenAPI keys: that is the build stage's job.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Location, Severity, SpecError
from .records import field, record

if TYPE_CHECKING:
    import yaml

__all__ = ["MAX_FILE_BYTES", "MAX_NESTING", "MAX_VALUES", "Document", "load_spec"]

# Bounds that keep a hostile or huge spec from exhausting memory or time. The
# largest real specs we know (Kibo's: 0.8 MB, 36,000 values, 11 levels deep)
# are far below them.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_VALUES = 1_000_000
MAX_NESTING = 200
# Above this size a YAML file's values are counted from its event stream
# before it is composed, since composing costs about 330 bytes per value.
_PRESCAN_BYTES = 1024 * 1024
# Scalars whose YAML type we keep; timestamps, binary and the rest stay text.
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@record
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
    digest: str = field(default="", repr=False)
    """The SHA-256 of the file's bytes, to tell later whether it changed."""

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
        import yaml

        if self._root is None:
            try:
                # Only a JSON document has no root yet.
                text = _json_as_yaml(self.text)
                self._root = yaml.compose(text, Loader=safe_loader())
            except yaml.YAMLError:
                return None
        return self._root


def safe_loader() -> type[yaml.SafeLoader]:
    """Return PyYAML's safe loader on libyaml when it was built with it."""
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def split_pointer(pointer: str) -> list[str]:
    """Split a JSON pointer such as `/components/schemas/A~1B` into its tokens."""
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def _child_node(node: yaml.Node, token: str, *, key: bool = False) -> yaml.Node | None:
    import yaml

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
    text, digest = _read_text(path, name)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        data = _parse_json(text, name)
        document = Document(path, name, text, data, digest=digest)
        _check_json_shape(document)
        return document
    root, data = _parse_yaml(text, name)
    return Document(path, name, text, data, root, digest=digest)


def _read_text(path: Path, name: str) -> tuple[str, str]:
    """Return the text of a regular file of at most `MAX_FILE_BYTES`, and its hash."""
    try:
        # A FIFO or a device (a $ref to /dev/zero) could block or never end.
        if not stat.S_ISREG(path.stat().st_mode):
            raise _fail(name, "unreadable", "cannot read the file: not a regular file")
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _fail(
            name, "unreadable", f"cannot read the file: {exc.strerror}"
        ) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(
            name,
            "too-large",
            f"the file is larger than {MAX_FILE_BYTES // 2**20} MiB, the most the "
            "generator reads; split it into files joined by $ref",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The text before the bad byte decodes, so its lines can be counted.
        before = raw[: exc.start].decode("utf-8").split("\n")
        where = Location(name, "", len(before), len(before[-1]) + 1)
        message = f"not UTF-8 text ({exc.reason}); save the file as UTF-8"
        raise _fail_at(where, "encoding", message) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, hashlib.sha256(raw).hexdigest()


def _parse_json(text: str, name: str) -> Any:
    def reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise _DuplicateKey(key)
                seen.add(key)
        return result

    try:
        return json.loads(text, object_pairs_hook=reject_duplicates)
    except json.JSONDecodeError as exc:
        where = Location(name, "", exc.lineno, exc.colno)
        raise _fail_at(where, "syntax", f"invalid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise _fail(name, "too-deep", _too_deep_message()) from exc
    except _DuplicateKey as exc:
        # Fall back to the YAML composer, which knows where the duplicate is.
        _parse_yaml(_json_as_yaml(text), name)
        raise _fail(name, "duplicate-key", f"duplicate key {exc.key!r}") from exc


def _json_as_yaml(text: str) -> str:
    """Return JSON text that every YAML parser reads, with the same positions.

    JSON allows tabs between tokens, which libyaml accepts but PyYAML's pure
    parser does not. A tab can only stand there (json refuses one inside a
    string), so a space in its place changes no line and no column.
    """
    return text.replace("\t", " ")


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _check_json_shape(document: Document) -> None:
    """Raise `SpecError` if a JSON document nests too deeply or is too large."""
    count = 1
    # `path` leads to the container whose entries `stack[-1]` yields.
    path: list[object] = []
    stack = [_entries(document.data)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            path = path[:-1]
            continue
        key, value = entry
        count += 1
        if count > MAX_VALUES:
            message = _too_large_message(aliases=False)
            raise _fail(document.display_name, "too-large", message)
        if len(path) + 1 >= MAX_NESTING:
            pointer = "".join(f"/{_token(k)}" for k in [*path, key])
            raise _fail_at(document.location(pointer), "too-deep", _too_deep_message())
        if isinstance(value, (dict, list)):
            path.append(key)
            stack.append(_entries(value))


def _entries(value: Any) -> Iterator[tuple[object, Any]]:
    """Return the (key or index, child) pairs of a JSON value."""
    if isinstance(value, dict):
        return iter(value.items())
    if isinstance(value, list):
        return enumerate(value)
    return iter(())


def _token(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _too_deep_message() -> str:
    return (
        f"the document nests more than {MAX_NESTING} levels deep; give deeply "
        "nested schemas names under components/schemas and refer to them"
    )


def _too_large_message(*, aliases: bool = True) -> str:
    if not aliases:
        return (
            f"the document holds more than {MAX_VALUES:,} values; split the spec "
            "into files joined by $ref"
        )
    return (
        f"the document holds more than {MAX_VALUES:,} values once YAML aliases "
        "are expanded (an alias repeats the whole node it names); use $ref for "
        "shared parts, or split the spec into files joined by $ref"
    )


def _count_events(text: str, name: str) -> None:
    """Raise `SpecError` if a YAML text has more values than `MAX_VALUES`."""
    import yaml

    kinds = (
        yaml.ScalarEvent,
        yaml.AliasEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    events: Iterator[yaml.Event] = yaml.parse(text, Loader=safe_loader())
    nodes = (event for event in events if isinstance(event, kinds))
    for count, event in enumerate(nodes, 1):
        if count > MAX_VALUES:
            mark = event.start_mark
            where = Location(name)
            if mark is not None:
                where = Location(name, "", mark.line + 1, mark.column + 1)
            raise _fail_at(where, "too-large", _too_large_message())


def _parse_yaml(text: str, name: str) -> tuple[yaml.Node | None, Any]:
    import yaml

    try:
        if len(text) > _PRESCAN_BYTES:
            _count_events(text, name)
        root = yaml.compose(text, Loader=safe_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, "", mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        # libyaml stops at 1,000 levels with a message of its own.
        if "nesting depth" in problem:
            raise _fail_at(
                where or Location(name), "too-deep", _too_deep_message()
            ) from exc
        raise _fail_at(
            where or Location(name), "syntax", f"invalid YAML: {problem}"
        ) from exc
    except yaml.YAMLError as exc:
        raise _fail(name, "syntax", f"invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise _fail(name, "too-deep", _too_deep_message()) from exc
    if root is None:
        raise _fail(name, "empty", "the file is empty; expected an OpenAPI document")
    return root, _NodeConverter(name).convert(root)


class _NodeConverter:
    """Turn composed YAML nodes into dicts, lists and scalars, checking as it goes."""

    def __init__(self, name: str) -> None:
        import yaml

        self.name = name
        self.done: dict[int, Any] = {}
        # How many values each converted node stands for, aliases expanded.
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()
        # Only to construct scalars, which needs no parser.
        self.constructor = yaml.SafeLoader("")

    def convert(self, node: yaml.Node) -> Any:
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            raise self._error(
                node, "recursive-alias", "an alias refers to a node that contains it"
            )
        # The active nodes are the path from the root to this node.
        if len(self.active) >= MAX_NESTING:
            raise self._error(node, "too-deep", _too_deep_message())
        self.active.add(key)
        value = self._convert_by_kind(node)
        self.active.discard(key)
        size = 1 + sum(self.sizes[id(child)] for child in _children(node))
        if size > MAX_VALUES:
            raise self._error(node, "too-large", _too_large_message())
        self.sizes[key] = size
        self.done[key] = value
        return value

    def _convert_by_kind(self, node: yaml.Node) -> Any:
        import yaml

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


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, yaml.SequenceNode):
        yield from node.value


def _fail(name: str, code: str, message: str) -> SpecError:
    return _fail_at(Location(name), code, message)


def _fail_at(location: Location, code: str, message: str) -> SpecError:
    return SpecError(Diagnostic(Severity.ERROR, code, message, location))
