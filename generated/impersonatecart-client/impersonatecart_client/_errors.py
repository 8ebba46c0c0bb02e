"""Errors a client raises; each keeps the response it is about as `response`.

An API's `errors.py` names them, with a subclass of `UnexpectedStatus` for
each error status its operations declare, and draws the tree they form.
"""

from __future__ import annotations

from typing import Any

import httpx

_EXCERPT = 200


class ApiError(Exception):
    """A problem with a response; `response` holds it whole."""

    def __init__(self, response: httpx.Response, message: str) -> None:
        super().__init__(message)
        self.response = response

    @property
    def status_code(self) -> int:
        """The HTTP status of the response."""
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The headers of the response."""
        return self.response.headers

    @property
    def text(self) -> str:
        """The body of the response, decoded as text."""
        return self.response.text


class UnexpectedStatus(ApiError):
    """The server answered with a status the operation does not treat as success.

    `body` is the error body parsed by the schema the operation declares for
    that status, or None when it declares none or the body does not match.
    One class serves every operation that declares its status, so `body` is
    typed `Any`; each operation's docstring names the model it holds.
    """

    def __init__(self, response: httpx.Response, body: Any = None) -> None:
        excerpt = response.text[:_EXCERPT]
        message = _describe(response)
        if excerpt:
            message = f"{message}: {excerpt}"
        super().__init__(response, message)
        self.body = body


class DecodeError(ApiError):
    """The body of a successful response could not be read as declared."""

    def __init__(self, response: httpx.Response, problem: str) -> None:
        super().__init__(response, f"{_describe(response)}: {problem}")
        self.problem = problem


class InvalidJson(DecodeError):
    """The body is labelled as JSON but is not valid JSON."""


class InvalidField(DecodeError):
    """A value in the JSON body has the wrong type; `path` names where it is.

    The path is dotted, with list indexes in brackets
    (`customerAccount.contacts[0].id`); it is empty when not known.
    """

    def __init__(self, response: httpx.Response, path: str, problem: str) -> None:
        where = f"at {path}: " if path else ""
        super().__init__(response, f"{where}{problem}")
        self.path = path


class UnexpectedContentType(DecodeError):
    """The body is not JSON, and its Content-Type does not claim it is."""

    def __init__(self, response: httpx.Response, content_type: str) -> None:
        super().__init__(response, f"expected a JSON body, got {content_type}")
        self.content_type = content_type


def _describe(response: httpx.Response) -> str:
    status = f"{response.status_code} {response.reason_phrase}".strip()
    try:
        request = response.request
    except RuntimeError:
        return f"response {status}"
    return f"{request.method} {request.url.path} answered {status}"
