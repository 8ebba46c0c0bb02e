"""Turn names from a spec into valid, readable Python identifiers.

Used by the build stage. Every function returns a valid identifier whatever
text it gets, so no name from a spec can become code; `NameRegistry` keeps
names distinct within one scope, deterministically (first come, first served,
in spec order).
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

__all__ = [
    "NameRegistry",
    "class_name",
    "distribution_name",
    "module_name",
    "python_name",
    "split_words",
]

# A word is: digits that lead into capitals ("2FA", "2Fa"), a plural acronym
# ("IDs"), an acronym ("HTTP" in "HTTPResponse"), a capitalised or lower-case
# word with trailing digits that do not lead into capitals ("address1"), or
# digits with the lower-case letters after them ("2fa").
_WORD = re.compile(
    r"\d+[A-Z]+(?![a-z])"
    r"|\d+[A-Z][a-z]*"
    r"|[A-Z]{2,}s(?![a-z])"
    r"|[A-Z]+\d*(?![a-z])"
    r"|[A-Z]?[a-z]+(?:\d+(?![A-Z\d]))?"
    r"|\d+[a-z]*"
)
_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
_BUILTINS = frozenset(dir(builtins))
# File names Windows reserves for devices, whatever their extension.
_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
# Module names become file names, which most file systems limit to 255
# bytes; real specs stay under 80 characters.
_MAX_MODULE_NAME = 100


def split_words(text: str) -> list[str]:
    """Split camelCase, PascalCase, snake_case and free text into words."""
    ascii_text = _to_ascii(text)
    return _WORD.findall(ascii_text)


def _to_ascii(text: str) -> str:
    # Accented letters keep their base letter; anything else separates words.
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def python_name(text: str, *, fallback: str = "value") -> str:
    """Return a snake_case identifier for an attribute, parameter or function."""
    words = [w.lower() for w in split_words(text)]
    name = "_".join(words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if name in _RESERVED:
        name += "_"
    return name


def class_name(text: str, *, fallback: str = "Model") -> str:
    """Return a PascalCase identifier for a class."""
    words = split_words(text)
    name = "".join(w[0].upper() + w[1:] for w in words) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    if name in _RESERVED or name in _BUILTINS:
        name += "_"
    return name


def module_name(text: str) -> str:
    """Return a snake_case module name that is also a safe file name.

    It shadows no keyword or builtin, is no Windows device name (`con`,
    `nul`, ...) and has at most 100 characters.
    """
    name = python_name(text, fallback="module")[:_MAX_MODULE_NAME].rstrip("_")
    if name in _BUILTINS or name in _RESERVED or name in _DEVICES:
        name += "_"
    return name


class NameRegistry:
    """Hand out distinct names within one scope by adding `_2`, `_3`, ... to repeats."""

    def __init__(self, reserved: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken = {name.lower() for name in reserved}

    def claim(self, name: str) -> str:
        """Return `name`, or the first free numbered variant, and mark it taken."""
        candidate = name
        counter = 2
        # Compare case-insensitively: module files must stay distinct on
        # case-insensitive file systems.
        while candidate.lower() in self._taken:
            candidate = f"{name}_{counter}"
            counter += 1
        self._taken.add(candidate.lower())
        return candidate


def distribution_name(package: str) -> str:
    """Return the name pip knows the project of import name `package` by.

    `my_client` -> `my-client`; a distribution name begins and ends with a
    letter or digit, so `class_` -> `class`. pip compares them without case.
    """
    return re.sub("_+", "-", package).strip("-") or "client"
