"""JSON pointers and `$ref` resolution, within one file or across files.

Used by the build stage only. A `$ref` chain is followed to its end; a chain
that comes back to itself, or that points at nothing, is a `SpecError` with
the location of the offending `$ref`. References to other files are read
relative to the referring file; remote URLs are refused, since generation
never uses the network. Keys are explained in `load.Document`.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote

from .diagnostics import Diagnostic, Severity, SpecError
from .load import Document, split_pointer

__all__ = ["join_pointer", "pointer_of", "resolve_pointer", "resolve_ref"]


def join_pointer(base: str, *tokens: str | int) -> str:
    """Append tokens to a JSON pointer (or key), escaping `~` and `/`."""
    escaped = (str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
    return "/".join((base, *escaped))


def pointer_of(key: str) -> str:
    """Return the JSON pointer part of a key, without its file."""
    if not key or key.startswith("/"):
        return key
    return key.partition("#")[2]


def resolve_pointer(document: Document, key: str) -> Any:
    """Return the value at `key`, or raise `KeyError` naming the missing step."""
    target, pointer = document.document_at(key)
    value = target.data
    for token in split_pointer(pointer):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            raise KeyError(token)
    return value


def resolve_ref(document: Document, value: Any, key: str) -> tuple[Any, str]:
    """Follow `$ref` from `value` (found at `key`) to a value that is not a ref.

    Return that value and its own key. `document` is the root document.
    """
    seen: list[str] = []
    while isinstance(value, dict) and "$ref" in value:
        ref = value["$ref"]
        ref_key = join_pointer(key, "$ref")
        if not isinstance(ref, str):
            raise _ref_error(document, ref_key, "bad-ref", "$ref must be a string")
        target = _target_key(document, ref, ref_key, current=key)
        if target in seen:
            chain = " -> ".join([*seen, target])
            error = _ref_error(document, ref_key, "ref-cycle", f"$ref cycle: {chain}")
            # Entered elsewhere, the same cycle reads differently: say which.
            error.cycle = frozenset(seen[seen.index(target) :])
            raise error
        seen.append(target)
        try:
            value = resolve_pointer(document, target)
        except KeyError as exc:
            raise _ref_error(
                document,
                ref_key,
                "missing-ref",
                f"$ref {ref!r} points at nothing: there is no {exc.args[0]!r} "
                "at that place in the document",
            ) from exc
        key = target
    return value, key


def _target_key(document: Document, ref: str, ref_key: str, *, current: str) -> str:
    """Return the key a `$ref` names, loading the file it names if needed."""
    file_part, _, fragment = ref.partition("#")
    # A $ref is a URI: its fragment is percent-decoded before it is a pointer.
    pointer = unquote(fragment)
    if "://" in file_part or file_part.startswith("//"):
        raise _ref_error(
            document,
            ref_key,
            "remote-ref",
            f"$ref {ref!r} names a remote document; the generator does not use "
            "the network: download it next to the spec and refer to the file",
        )
    here = "" if not current or current.startswith("/") else current.partition("#")[0]
    if not file_part:
        return f"{here}#{pointer}" if here else pointer
    relative = posixpath.normpath(posixpath.join(posixpath.dirname(here), file_part))
    if relative == document.path.name:
        return pointer
    try:
        document.load_related(relative)
    except SpecError as exc:
        if exc.diagnostic is not None and exc.diagnostic.code == "unreadable":
            raise _ref_error(
                document,
                ref_key,
                "missing-ref",
                f"$ref {ref!r} names a file that cannot be read: "
                f"{exc.diagnostic.message}",
            ) from exc
        raise
    return f"{relative}#{pointer}"


def _ref_error(document: Document, key: str, code: str, message: str) -> SpecError:
    location = document.location(key)
    return SpecError(Diagnostic(Severity.ERROR, code, message, location))
