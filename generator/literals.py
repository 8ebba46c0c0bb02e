"""Python literals for values taken from a spec, written as black writes them.

Every value a spec gives that lands in generated code as data (a JSON name,
a path, an enum value, a media type) is written by `literal`, never pasted
into code. Strings get the quotes black prefers, so a formatter pass leaves
them as they are.
"""

from __future__ import annotations

from typing import Any

__all__ = ["literal", "string_literal"]


def string_literal(value: str) -> str:
    """Return a Python string literal whose value is exactly `value`.

    The quotes are the ones black would choose: double, unless that takes
    more backslashes than single quotes do.
    """
    text = repr(str(value))
    if text[0] == '"' or value.count('"') > value.count("'"):
        return text
    # repr chose single quotes and escaped every single quote in the body.
    body = text[1:-1].replace("\\'", "'").replace('"', '\\"')
    return f'"{body}"'


def literal(value: Any) -> str:
    """Return the Python literal of a JSON-like value: str, number, bool, None,
    and tuples, lists and dicts of them."""
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, tuple):
        items = ", ".join(literal(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, list):
        return f"[{', '.join(literal(item) for item in value)}]"
    if isinstance(value, dict):
        items = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items())
        return f"{{{items}}}"
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}")
