"""The connection settings every operation uses: base URL, token and timeout."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for connecting, reading or writing before giving up."""

SERVER_URL = "https://t{tenantId}-s{siteId}.{env}.usc1.kibocommerce.com/api"
"""GCP-US Site Level Api."""

SERVER_CHOICES: dict[str, tuple[str, ...]] = {
    "env": ("sb", "tp1", "tp2", "tp3", "tp4", "tp5", "stg2"),
}
"""The allowed values of the server URL variables that have a fixed set."""


def server_url(
    *,
    tenant_id: str = "0",
    site_id: str = "0",
    env: str = "sb",
) -> str:
    """Return the base URL of the API's first server for the given variables.

    Args:
        tenant_id: Id of the Tenant.
        site_id: Id of the Site.
        env: The env part of the URL.
            One of: sb, tp1, tp2, tp3, tp4, tp5, stg2.

    Raises:
        ValueError: A variable is not one of its allowed values.
    """
    url = SERVER_URL
    values = {
        "tenantId": tenant_id,
        "siteId": site_id,
        "env": env,
    }
    for name, value in values.items():
        choices = SERVER_CHOICES.get(name)
        if choices is not None and value not in choices:
            raise ValueError(f"{name} must be one of {choices}, not {value!r}")
        url = url.replace("{" + name + "}", value)
    return url


class Client:
    """Hold the base URL, credentials and HTTP connection shared by operations.

    Use it as a context manager, or call `close()`, to release connections.

    Args:
        base_url: The URL the operation paths are appended to,
            for example `server_url()`.
        token: A bearer token, sent as `Authorization: Bearer <token>`.
        timeout: Seconds (or an `httpx.Timeout`) to wait before giving up.
        httpx_client: An `httpx.Client` of your own to send requests with;
            you keep ownership of it, so `close()` leaves it open.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        httpx_client: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._httpx_client = httpx_client
        self._owns_httpx_client = httpx_client is None

    def __repr__(self) -> str:
        # The token stays out of reprs, and so out of logs and tracebacks.
        return f"Client(base_url={self.base_url!r})"

    @property
    def httpx_client(self) -> httpx.Client:
        """The `httpx.Client` requests go through, created on first use."""
        if self._httpx_client is None:
            self._httpx_client = httpx.Client()
        return self._httpx_client

    def request(
        self,
        method: str,
        path: str,
        *,
        accept: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        files: Mapping[str, tuple[str | None, bytes | str]] | None = None,
        content: bytes | str | None = None,
        content_type: str | None = None,
    ) -> httpx.Response:
        """Send one request to `base_url + path` and return the read response."""
        all_headers = {"Accept": accept, **(headers or {})}
        if content_type is not None:
            all_headers["Content-Type"] = content_type
        if self.token is not None:
            all_headers["Authorization"] = f"Bearer {self.token}"
        return self.httpx_client.request(
            method,
            self.base_url + path,
            params=params,
            headers=all_headers,
            json=json,
            data=data,
            files=files,
            content=content,
            timeout=self.timeout,
        )

    def close(self) -> None:
        """Close the connections, unless the `httpx.Client` was passed in."""
        if self._owns_httpx_client and self._httpx_client is not None:
            self._httpx_client.close()
            self._httpx_client = None

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
