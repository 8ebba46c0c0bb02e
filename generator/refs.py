"""JSON pointers and `$ref` resolution inside one loaded document.

Used by the build stage only. A `$ref` chain is followed to its end; a chain
that comes back to itself, or that points at nothing, is a `SpecError` with
the location of the offending `$ref`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from .diagnostics import Diagnostic, Severity, SpecError
from .load import Document, split_pointer

__all__ = ["join_pointer", "resolve_pointer", "resolve_ref"]


def join_pointer(base: str, *tokens: str | int) -> str:
    """Append tokens to a JSON pointer, escaping `~` and `/`."""
    escaped = (str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
    return "/".join((base, *escaped))


def resolve_pointer(document: Document, pointer: str) -> Any:
    """Return the value at `pointer`, or raise `KeyError` naming the missing step."""
    value = document.data
    for token in split_pointer(pointer):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            raise KeyError(token)
    return value


def resolve_ref(document: Document, value: Any, pointer: str) -> tuple[Any, str]:
    """Follow `$ref` from `value` (found at `pointer`) to a value that is not a ref.

    Return that value and its own pointer. Only references inside the same
    document (`#/...`) are followed.
    """
    seen: list[str] = []
    while isinstance(value, dict) and "$ref" in value:
        ref = value["$ref"]
        ref_pointer = join_pointer(pointer, "$ref")
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise _ref_error(
                document,
                ref_pointer,
                "unsupported-ref",
                f"cannot follow $ref {ref!r}: only references inside this document "
                "('#/...') are supported",
            )
        # A $ref is a URI: its fragment is percent-decoded before it is a pointer.
        target = unquote(ref[1:])
        if target in seen:
            chain = " -> ".join([*seen, target])
            raise _ref_error(document, ref_pointer, "ref-cycle", f"$ref cycle: {chain}")
        seen.append(target)
        try:
            value = resolve_pointer(document, target)
        except KeyError as exc:
            raise _ref_error(
                document,
                ref_pointer,
                "missing-ref",
                f"$ref {ref!r} points at nothing: there is no {exc.args[0]!r} "
                "at that place in the document",
            ) from exc
        pointer = target
    return value, pointer


def _ref_error(document: Document, pointer: str, code: str, message: str) -> SpecError:
    location = document.location(pointer)
    return SpecError(Diagnostic(Severity.ERROR, code, message, location))
