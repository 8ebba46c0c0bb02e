"""Errors the client raises; each keeps the response it is about as `response`.

    ApiError                       any problem with a response
    +-- UnexpectedStatus           a status the operation does not declare as success
    +-- DecodeError                a success body that cannot be read as declared
        +-- InvalidJson            the body is not JSON
        +-- InvalidField           a field has the wrong JSON type (see `path`)
        +-- UnexpectedContentType  the body is not JSON and not labelled as JSON

A declared error body is parsed with the schema of the operation that got it
and kept as `body` (None when it does not match); the text stays in `text`.
Connection problems and timeouts are httpx's own errors
(`httpx.TransportError`, `httpx.TimeoutException`).
"""

from __future__ import annotations

from ._errors import (
    ApiError,
    DecodeError,
    InvalidField,
    InvalidJson,
    UnexpectedContentType,
    UnexpectedStatus,
)

__all__ = [
    "ApiError",
    "DecodeError",
    "InvalidField",
    "InvalidJson",
    "UnexpectedContentType",
    "UnexpectedStatus",
]
