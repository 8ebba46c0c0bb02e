"""Media types decide how a body is read, and what the client asks for."""

from __future__ import annotations

import pytest

from generator.media import (
    Encoding,
    choose_media_type,
    classify,
    decodable_media_types,
)

REF = {"$ref": "#/components/schemas/Thing"}


@pytest.mark.parametrize(
    ("media_type", "schema", "encoding"),
    [
        ("application/json", REF, Encoding.JSON),
        ("application/hal+json", REF, Encoding.JSON),
        ("text/json", REF, Encoding.JSON),
        ("text/plain", REF, Encoding.JSON),
        ("text/plain", {"type": "string"}, Encoding.TEXT),
        ("*/*", REF, Encoding.JSON),
        ("application/xml", REF, Encoding.TEXT),
        ("image/svg+xml", {"type": "string"}, Encoding.TEXT),
        ("application/zip", {"type": "string", "format": "binary"}, Encoding.BYTES),
        ("application/octet-stream", None, Encoding.BYTES),
        ("application/x-www-form-urlencoded", REF, Encoding.FORM),
        ("multipart/form-data", REF, Encoding.MULTIPART),
    ],
)
def test_classify_media_type(
    media_type: str, schema: object, encoding: Encoding
) -> None:
    assert classify(media_type, schema) is encoding


def test_json_is_preferred_over_xml_declared_first() -> None:
    content = {"application/xml": {"schema": REF}, "application/json": {"schema": REF}}
    assert choose_media_type(content) == ("application/json", Encoding.JSON)


def test_client_asks_only_for_media_types_it_can_decode() -> None:
    content = {
        "application/xml": {"schema": REF},
        "application/json": {"schema": REF},
        "application/hal+json": {"schema": REF},
    }
    assert decodable_media_types(content, Encoding.JSON) == (
        "application/json",
        "application/hal+json",
    )
