"""What every call is sent with: base URL, credentials, timeout and retries.

`BaseClient` holds the settings and builds requests; `SyncBase` sends them
over an `httpx.Client` and `AsyncBase` over an `httpx.AsyncClient`. An API's
`client.py` subclasses both as its `Client` and `AsyncClient`, with a keyword
argument per security scheme of its spec. Both are context managers and
keep one connection pool for all calls. `with_options()` returns a copy with
another timeout, retry policy or extra headers that shares that pool, which
is how one call gets its own timeout:

    get_thing(client.with_options(timeout=2.0), id=1)

Credentials are sent only to the operations whose security requirements
name their scheme. Each may be a string, or a function of no arguments that
returns one, called for every request (for tokens that are refreshed).
Nothing here logs; a client's repr shows only its base URL.
"""

from __future__ import annotations

import asyncio
import base64
import copy
import email.utils
import enum
import math
import random
import time
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, timezone
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import httpx

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._call import Call, Response, Security

T = TypeVar("T")
H = TypeVar("H", bound="httpx.Client | httpx.AsyncClient")

DEFAULT_TIMEOUT = 30.0
"""Seconds to wait for connecting, reading or writing before giving up."""

Credential = str | Callable[[], str]
"""A secret, or a function that returns the current one."""
BasicCredential = tuple[str, str] | Callable[[], tuple[str, str]]
"""A user name and password, or a function that returns them."""


@dataclass(frozen=True)
class Retry:
    """When and how long to wait before sending a request again.

    A request is tried at most `attempts` times in all. It is sent again
    after a connection error or timeout, or an answer whose status is in
    `statuses`, but only when its method is in `methods`: by default the
    idempotent ones, so a POST or PATCH is never repeated unless you add it.
    The wait doubles from `backoff` up to `max_backoff` seconds, each drawn
    between half and all of it when `jitter` is on; a `Retry-After` header
    (seconds or an HTTP date) sets the wait instead, up to `max_wait`.
    """

    attempts: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: bool = True
    max_wait: float = 60.0
    statuses: AbstractSet[int] = frozenset({429, 502, 503, 504})
    methods: AbstractSet[str] = frozenset(
        {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"}
    )

    def allows(self, method: str, attempt: int) -> bool:
        """Return whether a request may be sent again after try number `attempt`."""
        return attempt < self.attempts and method.upper() in self.methods

    def wait(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Return the seconds to wait after try number `attempt`."""
        after = _retry_after(response) if response is not None else None
        if after is not None:
            return min(after, self.max_wait)
        delay = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        return random.uniform(delay / 2, delay) if self.jitter else delay


def _retry_after(response: httpx.Response) -> float | None:
    """Return the wait a `Retry-After` header asks for, in seconds."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        # `nan` and `inf` parse as numbers, but are no wait at all.
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max((moment - datetime.now(timezone.utc)).total_seconds(), 0.0)


# Failures after which an idempotent request may safely be sent again.
_RETRIED_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


class _Keep(enum.Enum):
    KEEP = "KEEP"


@dataclass
class _Pool(Generic[H]):
    """The httpx client that copies made by `with_options` share."""

    httpx_client: H | None
    owned: bool = field(init=False)

    def __post_init__(self) -> None:
        self.owned = self.httpx_client is None


class BaseClient(Generic[H]):
    """Settings and request building shared by `SyncBase` and `AsyncBase`.

    Args:
        base_url: The URL the operation paths are appended to.
        credentials: The secret of each security scheme, by its name in the
            spec; None leaves a scheme out.
        timeout: Seconds (or an `httpx.Timeout`) to wait before giving up.
        retry: When to send a request again; None (the default) never does.
        headers: Headers to send with every request.
        httpx_client: An httpx client of your own to send requests with, for
            transports, proxies or pool limits; you keep it, so closing this
            client leaves it open.
    """

    security_schemes: ClassVar[Mapping[str, tuple[str, str]]] = {}
    """Each scheme's place: bearer, basic, or an API key's header, query or cookie."""
    default_security: ClassVar[Security] = ()
    """The spec's security requirements, for operations that state none."""

    def __init__(
        self,
        base_url: str,
        *,
        credentials: Mapping[str, Any] | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: Retry | None = None,
        headers: Mapping[str, str] | None = None,
        httpx_client: H | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry = retry
        self.headers = dict(headers or {})
        credentials = credentials or {}
        self._credentials = {k: v for k, v in credentials.items() if v is not None}
        self._pool: _Pool[H] = _Pool(httpx_client)
        # Copies made by `with_options` borrow the pool; only this one closes it.
        self._closes_pool = True

    def __repr__(self) -> str:
        # Credentials stay out of reprs, and so out of logs and tracebacks.
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | _Keep = _Keep.KEEP,
        retry: Retry | _Keep | None = _Keep.KEEP,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """Return a copy with other settings that shares this client's connections.

        `headers` are added to this client's headers. Closing the copy (or
        leaving it as a context manager) leaves the connections open; close
        this client to release them.
        """
        changed = copy.copy(self)
        changed._closes_pool = False
        if not isinstance(timeout, _Keep):
            changed.timeout = timeout
        if not isinstance(retry, _Keep):
            changed.retry = retry
        changed.headers = {**self.headers, **(headers or {})}
        return changed

    def _build_request(self, http: H, call: Call[Any]) -> httpx.Request:
        headers = {**self.headers, "Accept": call.accept, **call.header_values()}
        if call.content_type is not None:
            headers["Content-Type"] = call.content_type
        params = call.query()
        self._authorize(call, headers, params)
        return http.build_request(
            call.method,
            self.base_url + call.url_path(),
            params=tuple(params),
            headers=headers,
            json=call.json,
            data=call.data,
            files=call.files,
            content=call.content,
            timeout=self.timeout,
        )

    def _authorize(
        self, call: Call[Any], headers: dict[str, str], params: list[tuple[str, str]]
    ) -> None:
        """Add the credentials of the first security requirement this client meets."""
        security = self.default_security if call.security is None else call.security
        for requirement in security:
            if requirement and all(name in self._credentials for name in requirement):
                break
        else:
            return
        for name in requirement:
            kind, key = self.security_schemes[name]
            value = self._credentials[name]
            value = value() if callable(value) else value
            if kind == "bearer":
                headers["Authorization"] = f"Bearer {value}"
            elif kind == "basic":
                pair = f"{value[0]}:{value[1]}".encode()
                headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
            elif kind == "header":
                headers[key] = value
            elif kind == "query":
                params.append((key, value))
            else:
                cookie = headers.get("Cookie")
                crumb = f"{key}={value}"
                headers["Cookie"] = f"{cookie}; {crumb}" if cookie else crumb

    def _wait(
        self, call: Call[Any], attempt: int, response: httpx.Response | None
    ) -> float | None:
        """Return how long to wait before sending `call` again, or None not to."""
        retry = self.retry
        if retry is None or not retry.allows(call.method, attempt):
            return None
        if response is not None and response.status_code not in retry.statuses:
            return None
        return retry.wait(attempt, response)


class SyncBase(BaseClient[httpx.Client]):
    """Send calls and hold the connections they share; see `BaseClient`.

    Use it as a context manager, or call `close()`, to release connections.
    """

    @property
    def httpx_client(self) -> httpx.Client:
        """The `httpx.Client` requests go through, created on first use."""
        if self._pool.httpx_client is None:
            self._pool.httpx_client = httpx.Client()
        return self._pool.httpx_client

    def send(self, call: Call[T]) -> Response[T]:
        """Send `call`, again as `retry` allows, and return its parsed response."""
        attempt = 1
        while True:
            request = self._build_request(self.httpx_client, call)
            try:
                response = self.httpx_client.send(request)
            except _RETRIED_ERRORS:
                wait = self._wait(call, attempt, None)
                if wait is None:
                    raise
            else:
                wait = self._wait(call, attempt, response)
                if wait is None:
                    return call.read(response)
            time.sleep(wait)
            attempt += 1

    def close(self) -> None:
        """Close the connections, unless the `httpx.Client` was passed in.

        A copy made by `with_options` closes nothing: its connections are
        the original client's.
        """
        pool = self._pool
        if self._closes_pool and pool.owned and pool.httpx_client is not None:
            pool.httpx_client.close()
            pool.httpx_client = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncBase(BaseClient[httpx.AsyncClient]):
    """Send calls with asyncio and hold the connections they share; see `BaseClient`.

    Use it as an async context manager, or await `aclose()`, to release
    connections.
    """

    @property
    def httpx_client(self) -> httpx.AsyncClient:
        """The `httpx.AsyncClient` requests go through, created on first use."""
        if self._pool.httpx_client is None:
            self._pool.httpx_client = httpx.AsyncClient()
        return self._pool.httpx_client

    async def send(self, call: Call[T]) -> Response[T]:
        """Send `call`, again as `retry` allows, and return its parsed response."""
        attempt = 1
        while True:
            request = self._build_request(self.httpx_client, call)
            try:
                response = await self.httpx_client.send(request)
            except _RETRIED_ERRORS:
                wait = self._wait(call, attempt, None)
                if wait is None:
                    raise
            else:
                wait = self._wait(call, attempt, response)
                if wait is None:
                    return call.read(response)
            await asyncio.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        """Close the connections, unless the `httpx.AsyncClient` was passed in.

        A copy made by `with_options` closes nothing: its connections are
        the original client's.
        """
        pool = self._pool
        if self._closes_pool and pool.owned and pool.httpx_client is not None:
            await pool.httpx_client.aclose()
            pool.httpx_client = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
