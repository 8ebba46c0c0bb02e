"""The clients of this API: `Client` (sync) and `AsyncClient` (asyncio).

Both take the base URL (`server_url()` builds it from the spec's server),
a credential keyword per security scheme of the spec, a timeout, a retry
policy and extra headers, and share one connection pool per client. How
they send calls, retry and pass credentials is in `_client`,
the runtime module they build on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import httpx

from . import _client
from ._client import DEFAULT_TIMEOUT, BasicCredential, Credential, H, Retry

__all__ = [
    "DEFAULT_TIMEOUT",
    "SERVER_URL",
    "AsyncClient",
    "BaseClient",
    "BasicCredential",
    "Client",
    "Credential",
    "Retry",
    "server_url",
]

SECURITY_SCHEMES: dict[str, tuple[str, str]] = {
    "bearerAuth": ("bearer", ""),
}
"""Each scheme's place: bearer, basic, or an API key's header, query or cookie."""

DEFAULT_SECURITY: tuple[tuple[str, ...], ...] = (("bearerAuth",),)
"""The document's security requirements: alternative sets of schemes."""

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
    env: Literal["sb", "tp1", "tp2", "tp3", "tp4", "tp5", "stg2"] = "sb",
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


class BaseClient(_client.BaseClient[H]):
    """Settings and request building shared by `Client` and `AsyncClient`.

    Args:
        base_url: The URL the operation paths are appended to,
            for example `server_url()`.
        token: A token, sent in the Authorization header as a bearer token.
            JWT Authorization header using the Bearer scheme.
        timeout: Seconds (or an `httpx.Timeout`) to wait before giving up.
        retry: When to send a request again; None (the default) never does.
        headers: Headers to send with every request.
        httpx_client: An httpx client of your own to send requests with, for
            transports, proxies or pool limits; you keep it, so closing this
            client leaves it open.
    """

    security_schemes = SECURITY_SCHEMES
    default_security = DEFAULT_SECURITY

    def __init__(
        self,
        base_url: str,
        *,
        token: Credential | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: Retry | None = None,
        headers: Mapping[str, str] | None = None,
        httpx_client: H | None = None,
    ) -> None:
        credentials = {
            "bearerAuth": token,
        }
        super().__init__(
            base_url,
            credentials=credentials,
            timeout=timeout,
            retry=retry,
            headers=headers,
            httpx_client=httpx_client,
        )


class Client(BaseClient[httpx.Client], _client.SyncBase):
    """Send calls and hold the connections they share; see `BaseClient`.

    Use it as a context manager, or call `close()`, to release connections.
    """


class AsyncClient(BaseClient[httpx.AsyncClient], _client.AsyncBase):
    """Send calls with asyncio and hold the connections they share; see `BaseClient`.

    Use it as an async context manager, or await `aclose()`, to release
    connections.
    """
