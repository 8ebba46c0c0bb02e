"""Read the configuration file into one `Options` per configured spec.

The configuration is a `generator.toml` (`[[specs]]` tables) or the
`[tool.generator]` table of pyproject.toml (`[[tool.generator.specs]]`).
Only the CLI calls this, and nothing here prints. Unknown keys and wrong
types are errors that name the file, the line and the key, so a typo never
silently changes what is generated. tomllib keeps no positions, so the line
is found by scanning the text of the table: a best effort, which falls back
to the table's header line or to no line at all.
"""

from __future__ import annotations

import keyword
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from .options import Options, RuntimeOptions
from .records import record
from .select import parse_selector

__all__ = [
    "CONFIG_FILES",
    "SAME_RUNTIME",
    "ConfigError",
    "SpecConfig",
    "default_package",
    "find_config",
    "find_key_line",
    "is_package_name",
    "package_name_problem",
    "read_config",
    "same_distribution",
]

# Looked for in this order in each folder, from the working folder upwards.
CONFIG_FILES = ("generator.toml", "pyproject.toml")

Key = tuple[str | int, ...]

_TOML_TYPES: dict[type, str] = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "float",
    list: "array",
    dict: "table",
}
_SPEC_KEYS: dict[str, type] = {
    "spec": str,
    "output": str,
    "package": str,
    "strict": bool,
    "include": list,
    "renames": dict,
    "templates": str,
    "runtime": str,
}
_REQUIRED_KEYS = {
    "spec": "the spec file, relative to the configuration file",
    "output": "the folder of the generated project",
}
# In a pyproject.toml that does not parse: a line that opens a table under
# `tool.generator` or sets a dotted key in it. Read as bytes, as the file may
# be anyone's.
_GENERATOR_TABLE = re.compile(
    rb"^[ \t]*(?:\[\[?[ \t]*tool[ \t]*\.[ \t]*generator[ \t]*[.\]]"
    rb"|tool[ \t]*\.[ \t]*generator[ \t]*[.=])",
    re.MULTILINE,
)
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_DECODE_LINE = re.compile(r"at line (\d+)")


class ConfigError(Exception):
    """The configuration is invalid at `key` of `path` (line `line`, if known)."""

    def __init__(
        self, path: Path, key: str, message: str, *, line: int | None = None
    ) -> None:
        self.path = path
        self.key = key
        self.message = message
        self.line = line
        super().__init__(self.describe(str(path)))

    def describe(self, shown_path: str) -> str:
        """Return `file:line: key: message`, naming the file as `shown_path`."""
        where = shown_path if self.line is None else f"{shown_path}:{self.line}"
        if not self.key:
            return f"{where}: {self.message}"
        return f"{where}: {self.key}: {self.message}"


@record(frozen=True, slots=True)
class SpecConfig:
    """One configured spec, with paths resolved against the config's folder.

    `shared_runtime` is the configured shared runtime (the `[runtime]`
    table, which `generate` writes) if `options.runtime` names that one.
    """

    options: Options
    shared_runtime: RuntimeOptions | None = None


def find_config(start: Path) -> Path | None:
    """Return the nearest configuration file at or above `start`.

    In each folder a `generator.toml` wins over a pyproject.toml; a
    pyproject.toml counts only when it has a `tool.generator` table.
    """
    return config_search(start)[-1]


def config_search(start: Path) -> tuple[list[Path], Path | None]:
    """Return the files `find_config` looks at, in order, and what it finds.

    Every file looked at can change what is found (a pyproject.toml that
    gains a `tool.generator` table), so a run is the same only while all of
    them are.
    """
    looked: list[Path] = []
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            looked.append(candidate)
            if candidate.is_file() and (
                name == "generator.toml" or _configures(candidate.read_bytes())
            ):
                return looked, candidate
    return looked, None


def _tomllib() -> ModuleType:
    """Return the TOML parser: tomllib, or tomli before Python 3.11."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    parser: ModuleType = tomllib
    return parser


def _configures(data: bytes) -> bool:
    """Tell whether the pyproject.toml holding `data` has a `tool.generator` table.

    Most files never name the generator and are not parsed. One that does
    is parsed, so a comment or a string that mentions the table does not
    count and any TOML spelling of it does; one that does not parse counts
    if a line looks like the table, so that reading it reports the error.
    """
    if b"generator" not in data:
        return False
    tomllib = _tomllib()
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return _GENERATOR_TABLE.search(data) is not None
    tool = document.get("tool")
    return isinstance(tool, dict) and "generator" in tool


def read_config(path: Path) -> list[SpecConfig]:
    """Return the specs configured in `path`; raise `ConfigError` if it is invalid."""
    tomllib = _tomllib()

    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        message = "not UTF-8 text, as TOML must be; save it as UTF-8"
        raise ConfigError(path, "", message, line=bad_line) from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _DECODE_LINE.search(str(exc))
        line = int(found.group(1)) if found else None
        raise ConfigError(path, "", f"invalid TOML: {exc}", line=line) from exc

    reader = _Reader(path, text)
    prefix: Key = () if path.name == "generator.toml" else ("tool", "generator")
    table = reader.table(prefix, document)
    reader.check_keys(prefix, table, {"specs": list, "runtime": dict})
    runtime = None
    if "runtime" in table:
        runtime = reader.read_runtime((*prefix, "runtime"), table["runtime"])
    specs = [
        reader.read_spec((*prefix, "specs", index), entry, runtime)
        for index, entry in enumerate(table.get("specs", []))
    ]
    reader.check_distinct_outputs(prefix, specs, runtime)
    reader.check_runtime_names(prefix, specs)
    return specs


# Modules the generated package imports or that its dependency httpx needs:
# a package of one of these names would hide the real one.
_TAKEN_NAMES = frozenset(
    {"httpx", "httpcore", "anyio", "certifi", "idna", "h11", "sniffio"}
    | {"typing_extensions", "exceptiongroup"}
    # Python's own tests, and the installers, are not in stdlib_module_names.
    | {"test", "pip", "setuptools"}
)


SAME_RUNTIME = (
    "names the client's own package; a shared runtime is a package of its own, "
    "so give it another name (for example 'api_runtime')"
)


def same_distribution(runtime: str | None, package: str) -> bool:
    """Tell whether shared runtime `runtime` would install as client `package`."""
    from .names import distribution_name

    if runtime is None:
        return False
    return distribution_name(runtime).lower() == distribution_name(package).lower()


def package_name_problem(name: str, *, kind: str = "client") -> str | None:
    """Return why `name` cannot name the generated package, or None if it can.

    `kind` is what the package is: a client, or a shared runtime.
    """
    if not name.isidentifier() or keyword.iskeyword(name):
        return "must be a valid Python identifier and not a keyword"
    if not name.isascii():
        return (
            f"{name!r} is not ASCII; a distribution name must be, so that pip can "
            "install it: use letters a-z, digits and underscores"
        )
    # Compared without case: some file systems do not tell HTTPX from httpx.
    taken = name.lower()
    if taken in sys.stdlib_module_names or taken in _TAKEN_NAMES:
        return (
            f"{name!r} is the name of a module the {kind} needs or Python ships; "
            f"choose another, such as '{name}_{kind}'"
        )
    return None


def is_package_name(name: str) -> bool:
    """Tell whether `name` can name the generated package."""
    return package_name_problem(name) is None


def default_package(output: Path, *, kind: str = "client") -> str:
    """Return the package name a project folder implies: `my-client` -> `my_client`.

    A name that cannot be used gets the `kind` of package it names as a
    suffix (`json` -> `json_client`), or as a prefix before a digit.
    """
    from .names import python_name

    # `-o .` names the folder it is run in: its name, not the empty one of `.`.
    name = python_name(Path(os.path.abspath(output)).name, fallback=kind)
    return name if is_package_name(name) else f"{name}_{kind}"


class _Reader:
    """Check the tables of one configuration file and build `Options` from them."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def error(self, key: Key, message: str) -> ConfigError:
        """Return the error for `key`, located at its line when it can be found."""
        line = find_key_line(self.text, key)
        return ConfigError(self.path, _dotted(key), message, line=line)

    def table(self, prefix: Key, document: dict[str, Any]) -> dict[str, Any]:
        """Return the table at `prefix` (empty when absent)."""
        table: Any = document
        for depth, part in enumerate(prefix):
            table = table.get(part, {})
            if not isinstance(table, dict):
                raise self.error(prefix[: depth + 1], "must be a table")
        return dict(table)

    def check_keys(self, where: Key, table: Any, allowed: dict[str, type]) -> None:
        """Raise for the first key of `table` that is unknown or of the wrong type."""
        if not isinstance(table, dict):
            raise self.error(where, f"expected a table, got {_described(table)}")
        for key, value in table.items():
            if key not in allowed:
                raise self.error((*where, key), _unknown_key(key, allowed))
            if not isinstance(value, allowed[key]):
                expected = _TOML_TYPES[allowed[key]]
                raise self.error(
                    (*where, key), f"expected {expected}, got {_described(value)}"
                )

    def read_runtime(self, where: Key, table: dict[str, Any]) -> RuntimeOptions:
        """Return the shared runtime of the `[runtime]` table.

        Every spec entry without a `runtime` key of its own uses it.
        """
        keys: dict[str, type] = {"output": str, "package": str, "templates": str}
        self.check_keys(where, table, keys)
        if not table.get("output", "").strip():
            raise self.error(
                where, "missing or blank key 'output' (the runtime package's folder)"
            )
        if "package" in table:
            self.check_runtime_name((*where, "package"), table["package"])
        if "templates" in table:
            self.check_templates((*where, "templates"), table["templates"])
        output = self.path.parent / table["output"]
        package = table.get("package") or default_package(output, kind="runtime")
        templates = table.get("templates")
        return RuntimeOptions(
            output,
            package,
            templates=None if templates is None else self.path.parent / templates,
        )

    def read_spec(
        self, where: Key, entry: Any, runtime: RuntimeOptions | None = None
    ) -> SpecConfig:
        """Return the `Options` of one `[[specs]]` entry."""
        self.check_keys(where, entry, _SPEC_KEYS)
        for key, meaning in _REQUIRED_KEYS.items():
            if key not in entry:
                raise self.error(where, f"missing key {key!r} ({meaning})")
            if isinstance(entry[key], str) and not entry[key].strip():
                raise self.error((*where, key), f"blank {key!r} ({meaning})")
        for key, check in _VALUE_CHECKS.items():
            if key in entry:
                check(self, (*where, key), entry[key])

        base = self.path.parent
        output = base / entry["output"]
        templates = entry.get("templates")
        options = Options(
            spec=base / entry["spec"],
            output=output,
            package=entry.get("package") or default_package(output),
            strict=entry.get("strict", False),
            include=tuple(entry.get("include", ())),
            renames=tuple(sorted(entry.get("renames", {}).items())),
            templates=None if templates is None else base / templates,
            runtime=entry.get("runtime", runtime and runtime.package),
        )
        if runtime is not None and _same_folder(output, runtime.output):
            raise self.error(
                (*where, "output"),
                f"{entry['output']!r} is also the output of the [runtime] table; "
                "give the runtime package a folder of its own",
            )
        if same_distribution(options.runtime, options.package):
            if "runtime" in entry:
                raise self.error((*where, "runtime"), SAME_RUNTIME)
            raise self.error(
                (*where, "package"),
                f"is the name of the runtime package {options.runtime!r}; give the "
                "client another name",
            )
        if runtime is not None and options.runtime == runtime.package:
            return SpecConfig(options, shared_runtime=runtime)
        return SpecConfig(options)

    def check_package(self, key: Key, value: str) -> None:
        """Raise unless `value` can be imported."""
        problem = package_name_problem(value)
        if problem is not None:
            raise self.error(key, problem)

    def check_runtime_name(self, key: Key, value: str) -> None:
        """Raise unless `value` can name a shared runtime package."""
        problem = package_name_problem(value, kind="runtime")
        if problem is not None:
            raise self.error(key, problem)

    def check_include(self, key: Key, value: list[Any]) -> None:
        """Raise unless `value` is a list of valid filters."""
        for index, entry in enumerate(value):
            if not isinstance(entry, str):
                raise self.error(
                    (*key, index), f"expected string, got {_described(entry)}"
                )
            try:
                parse_selector(entry)
            except ValueError as exc:
                raise self.error((*key, index), str(exc)) from exc

    def check_renames(self, key: Key, value: dict[str, Any]) -> None:
        """Raise unless `value` maps names to valid Python names."""
        for old, new in value.items():
            if not isinstance(new, str):
                raise self.error((*key, old), f"expected string, got {_described(new)}")
            if not new.isidentifier() or keyword.iskeyword(new):
                raise self.error(
                    (*key, old), f"{new!r} is not a valid Python name (or is a keyword)"
                )

    def check_templates(self, key: Key, value: str) -> None:
        """Raise unless `value` names an existing folder."""
        folder = self.path.parent / value
        if not folder.is_dir():
            raise self.error(
                key,
                f"no folder {value!r} next to {self.path.name}; create it or fix "
                "the path (it is relative to the configuration file)",
            )

    def check_runtime_names(self, prefix: Key, specs: Sequence[SpecConfig]) -> None:
        """Raise if a shared runtime has the name of a configured client."""
        for index, spec in enumerate(specs):
            for other, client in enumerate(specs):
                if same_distribution(spec.options.runtime, client.options.package):
                    raise self.error(
                        (*prefix, "specs", index, "runtime"),
                        f"names the package of {_dotted((*prefix, 'specs', other))}; "
                        "a shared runtime is a package of its own, so give it "
                        "another name (for example 'api_runtime')",
                    )

    def check_distinct_outputs(
        self,
        prefix: Key,
        specs: Sequence[SpecConfig],
        runtime: RuntimeOptions | None = None,
    ) -> None:
        """Raise if two specs, or a spec and the runtime, would write one folder.

        Nor may one of the runtime's folder and a spec's hold the other.
        """
        seen: dict[Path, int] = {}
        shared = None if runtime is None else Path(os.path.realpath(runtime.output))
        for index, spec in enumerate(specs):
            # realpath, unlike Path.resolve, does not raise on a link loop,
            # which the run then reports.
            output = Path(os.path.realpath(spec.options.output))
            if shared is not None and (
                shared in output.parents or output in shared.parents
            ):
                here = self.path.parent
                raise self.error(
                    (*prefix, "specs", index, "output"),
                    f"{os.path.relpath(output, here)!r} and the runtime package's "
                    f"{os.path.relpath(shared, here)!r} lie one inside the other; "
                    "give each a folder of its own, side by side",
                )
            if output == shared:
                raise self.error(
                    (*prefix, "specs", index, "output"),
                    f"{spec.options.output.name!r} is also the output of "
                    f"{_dotted((*prefix, 'runtime'))}; give the runtime package "
                    "a folder of its own",
                )
            if output in seen:
                raise self.error(
                    (*prefix, "specs", index, "output"),
                    f"{spec.options.output.name!r} is also the output of "
                    f"{_dotted((*prefix, 'specs', seen[output]))}; give each spec "
                    "its own output folder",
                )
            seen[output] = index


_VALUE_CHECKS: dict[str, Callable[[_Reader, Key, Any], None]] = {
    "package": _Reader.check_package,
    "include": _Reader.check_include,
    "renames": _Reader.check_renames,
    "templates": _Reader.check_templates,
    "runtime": _Reader.check_runtime_name,
}


def _same_folder(first: Path, second: Path) -> bool:
    # realpath, unlike Path.resolve, does not raise on a link loop.
    return os.path.realpath(first) == os.path.realpath(second)


def _unknown_key(key: str, allowed: dict[str, type]) -> str:
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}known keys: {', '.join(sorted(allowed))}"


def _described(value: Any) -> str:
    return f"{_TOML_TYPES.get(type(value), type(value).__name__)} {value!r}"


def _dotted(key: Key) -> str:
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


# -- finding the line of a key ----------------------------------------------


class _Header(NamedTuple):
    line: int
    array: bool
    name: tuple[str, ...]


def find_key_line(text: str, key: Key) -> int | None:
    """Return the 1-based line of TOML `text` that sets `key`, best effort.

    The key is looked for inside its table: the one whose header matches the
    part of `key` before the first array index (the n-th `[[...]]` header
    for index n), together with the sub-tables that belong to it. The
    innermost name is tried first; failing all, the table's header line.
    """
    lines = text.splitlines()
    headers = _headers(lines)
    table, index, names = _split_key(key)
    region = _region(headers, len(lines), table, index)
    start, end, fallback = region or (1, len(lines), None)
    header_names = {h.line: h.name for h in headers}
    for name in reversed(names):
        assignment = re.compile(rf"(?:^|[\s{{,.])(?:{_quoted(name)})\s*=")
        for number in range(start, end + 1):
            header = header_names.get(number)
            if header is not None and header[-1] == name:
                return number
            if header is None and assignment.search(lines[number - 1]):
                return number
    return fallback


def _headers(lines: Sequence[str]) -> list[_Header]:
    found = []
    for number, line in enumerate(lines, start=1):
        match = _HEADER.match(line)
        if match:
            parts = match.group(2).split(".")
            name = tuple(part.strip().strip("\"'") for part in parts)
            found.append(_Header(number, match.group(1) == "[[", name))
    return found


def _split_key(key: Key) -> tuple[Key, int | None, list[str]]:
    """Split `key` into its table, the array index in it, and the names below."""
    for position, part in enumerate(key):
        if isinstance(part, int):
            rest = key[position + 1 :]
            return key[:position], part, [p for p in rest if isinstance(p, str)]
    return key[:-1], None, [str(part) for part in key[-1:]]


def _region(
    headers: Sequence[_Header], total: int, table: Key, index: int | None
) -> tuple[int, int, int | None] | None:
    """Return (first line, last line, header line) of a table's text, if found."""
    if index is None and not table:
        # The root table: everything before the first header.
        return 1, (headers[0].line - 1 if headers else total), None
    if index is None:
        matches = [h for h in headers if not h.array and h.name == table]
    else:
        matches = [h for h in headers if h.array and h.name == table][index:]
    if not matches:
        return None
    start = matches[0].line

    def belongs(header: _Header) -> bool:
        # Sub-tables such as [tool.generator.specs.renames] belong to the
        # array element above them; any other header ends the region.
        longer = len(header.name) > len(table) and header.name[: len(table)] == table
        return index is not None and longer

    later = [h.line for h in headers if h.line > start and not belongs(h)]
    return start + 1, (later[0] - 1 if later else total), start


def _quoted(name: str) -> str:
    plain = re.escape(name)
    return f"{plain}|\"{plain}\"|'{plain}'"
