"""Read the `[tool.generator]` table of pyproject.toml into `Options`.

Only the CLI calls this. Unknown keys and wrong types are errors that name
the file and the key, so a typo never silently changes what is generated.
"""

from __future__ import annotations

import keyword
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .options import Options

__all__ = [
    "ConfigError",
    "SpecConfig",
    "default_package",
    "find_config",
    "is_package_name",
    "read_config",
]

_SPEC_KEYS = {"spec": str, "output": str, "package": str, "strict": bool}


class ConfigError(Exception):
    """The configuration is invalid; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class SpecConfig:
    """One configured spec, with paths resolved against the config's folder."""

    options: Options


def find_config(start: Path) -> Path | None:
    """Return the nearest pyproject.toml at or above `start` that configures us."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "tool.generator" in candidate.read_text(
            encoding="utf-8"
        ):
            return candidate
    return None


def read_config(path: Path) -> list[SpecConfig]:
    """Return the specs configured in `path`; raise `ConfigError` if it is invalid."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = document.get("tool", {}).get("generator", {})
    _check_keys(path, "tool.generator", table, {"specs": list})
    return [
        _read_spec(path, f"tool.generator.specs[{index}]", entry)
        for index, entry in enumerate(table.get("specs", []))
    ]


def _read_spec(path: Path, where: str, entry: Any) -> SpecConfig:
    if not isinstance(entry, dict):
        raise ConfigError(
            f"{path}: {where} must be a table with spec, output and package"
        )
    _check_keys(path, where, entry, _SPEC_KEYS)
    for key in ("spec", "output"):
        if key not in entry:
            raise ConfigError(f"{path}: {where} needs a {key!r} key")
    if "package" in entry and not is_package_name(entry["package"]):
        raise ConfigError(
            f"{path}: {where}.package: {entry['package']!r} is not a valid Python "
            "identifier (or is a keyword)"
        )
    base = path.parent
    output = base / entry["output"]
    options = Options(
        spec=base / entry["spec"],
        output=output,
        package=entry.get("package") or default_package(output),
        strict=entry.get("strict", False),
    )
    return SpecConfig(options)


def _check_keys(path: Path, where: str, table: Any, allowed: dict[str, type]) -> None:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{where}] must be a table")
    for key, value in table.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(
                f"{path}: {where}.{key}: unknown key; known keys: {known}"
            )
        if not isinstance(value, allowed[key]):
            expected = allowed[key].__name__
            raise ConfigError(
                f"{path}: {where}.{key}: expected {expected}, got {value!r}"
            )


def is_package_name(name: str) -> bool:
    """Tell whether `name` can be imported: an identifier that is not a keyword."""
    return name.isidentifier() and not keyword.iskeyword(name)


def default_package(output: Path) -> str:
    """Return the package name a project folder implies: `my-client` -> `my_client`."""
    from .names import python_name

    return python_name(output.name, fallback="client")
