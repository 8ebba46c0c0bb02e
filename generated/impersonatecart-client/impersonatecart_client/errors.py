"""Errors the client raises; each keeps the response it is about.

ApiError                 any problem with a response
+-- UnexpectedStatus     a status the operation does not declare as success
+-- DecodeError          a body that is not the JSON the operation declares
"""

from __future__ import annotations

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
    """The server answered with a status the operation does not treat as success."""

    def __init__(self, response: httpx.Response) -> None:
        excerpt = response.text[:_EXCERPT]
        message = (
            f"{_describe(response)}: {excerpt}" if excerpt else _describe(response)
        )
        super().__init__(response, message)


class DecodeError(ApiError):
    """The body of a successful response could not be decoded."""

    def __init__(self, response: httpx.Response, problem: str) -> None:
        super().__init__(response, f"{_describe(response)}: {problem}")


def _describe(response: httpx.Response) -> str:
    status = f"{response.status_code} {response.reason_phrase}".strip()
    try:
        request = response.request
    except RuntimeError:
        return f"response {status}"
    return f"{request.method} {request.url.path} answered {status}"
