"""Media types: how a request or response body travels, for the build stage.

A body is sent or read in one of a few ways: JSON, a form, multipart, raw
bytes or plain text. `choose_media_type` picks the best declared media type
of a `content` map and says how to handle it; it reads media type strings and
the `type`/`format` of their schema only, and knows nothing of templates.
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["Encoding", "choose_media_type", "classify", "decodable_media_types"]


class Encoding(enum.Enum):
    """How a body is encoded on the wire."""

    JSON = "json"
    FORM = "form"
    MULTIPART = "multipart"
    TEXT = "text"
    BYTES = "bytes"


# When a body may be sent or read several ways, the first that applies wins.
_PREFERENCE = (
    Encoding.JSON,
    Encoding.FORM,
    Encoding.MULTIPART,
    Encoding.TEXT,
    Encoding.BYTES,
)
_JSON_TYPES = frozenset({"application/json", "text/json"})
_TEXT_TYPES = frozenset(
    {"application/xml", "application/javascript", "application/yaml", "image/svg+xml"}
)


def choose_media_type(content: dict[str, Any]) -> tuple[str, Encoding] | None:
    """Return the preferred media type of `content` and its encoding, if any."""
    candidates = [
        (media_type, classify(media_type, _schema_of(entry)))
        for media_type, entry in content.items()
    ]
    for encoding in _PREFERENCE:
        for media_type, found in candidates:
            if found is encoding:
                return str(media_type), encoding
    return None


def decodable_media_types(
    content: dict[str, Any], encoding: Encoding | None
) -> tuple[str, ...]:
    """Return the media types of `content` that are read the way `encoding` says.

    A client asks only for these, so a server that offers XML and JSON does
    not answer in XML to a client that reads JSON.
    """
    return tuple(
        str(media_type)
        for media_type, entry in content.items()
        if classify(media_type, _schema_of(entry)) is encoding
    )


def classify(media_type: str, schema: Any) -> Encoding:
    """Return the encoding of one media type, given the schema declared for it."""
    base = str(media_type).split(";")[0].strip().lower()
    if base in _JSON_TYPES or base.endswith("+json"):
        return Encoding.JSON
    if base == "application/x-www-form-urlencoded":
        return Encoding.FORM
    if base.startswith("multipart/"):
        return Encoding.MULTIPART
    if _is_binary_schema(schema):
        return Encoding.BYTES
    # Servers such as Kibo's label JSON as text/plain or */* and declare the
    # JSON schema for it: a structured schema means the body is JSON.
    if base in ("text/plain", "*/*") and _is_structured(schema):
        return Encoding.JSON
    if base.startswith("text/") or base.endswith("+xml") or base in _TEXT_TYPES:
        return Encoding.TEXT
    if base == "*/*" and schema:
        return Encoding.JSON
    return Encoding.BYTES


def _schema_of(entry: Any) -> Any:
    return entry.get("schema") if isinstance(entry, dict) else None


def _is_binary_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("format") == "binary"


def _is_structured(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if "$ref" in schema or "allOf" in schema or "oneOf" in schema or "anyOf" in schema:
        return True
    return schema.get("type") in ("object", "array", "integer", "number", "boolean")
