"""Requests as values, and the four ways of sending one.

Each operation in a client's `api` package is written once, as a function
that describes its request as a `Call`: method, path, parameters, body, and
how to read each declared status. The `operation` decorator makes it an
`Operation`, which takes a client first and sends the call one of four ways:

    get_thing(client, id=1)                              -> the parsed body
    get_thing.detailed(client, id=1)                     -> Response[...]
    await get_thing.asyncio(async_client, id=1)          -> the parsed body
    await get_thing.asyncio_detailed(async_client, id=1) -> Response[...]

All four have the function's name, docstring and keyword parameters, and
raise the errors of the client's `errors` module for any status the
operation does not declare as success.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload
from urllib.parse import quote

import httpx

from ._errors import (
    DecodeError,
    InvalidField,
    InvalidJson,
    UnexpectedContentType,
    UnexpectedStatus,
)
from ._runtime import DataError, dump

if TYPE_CHECKING:
    from ._client import AsyncBase, SyncBase

T = TypeVar("T")
P = ParamSpec("P")

Reader = Callable[[httpx.Response], T]
"""Turns a response into its parsed body."""
Status = int | str
"""A status code, a range such as `"4XX"`, or `"default"`."""
Security = tuple[tuple[str, ...], ...]
"""Alternative sets of security scheme names, as in the spec's `security`."""


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One request of an operation, and how to read the answers it declares.

    `path` may hold `{name}` placeholders filled from `path_params`. None
    values in `params` and `headers` are left out; lists repeat their key;
    a dict in `params` is an object parameter already spread into keys.
    `ok` maps each success status to the reader of its body; `errors` maps
    declared error statuses to their error class and body reader.
    `security` is None for the document's default requirements.
    """

    method: str
    path: str
    _: KW_ONLY
    ok: Mapping[Status, Reader[T]]
    errors: Mapping[Status, tuple[type[UnexpectedStatus], Reader[Any]]] = field(
        default_factory=dict
    )
    path_params: Mapping[str, Any] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    json: Any = None
    data: Mapping[str, str] | None = None
    files: Mapping[str, tuple[str | None, bytes | str]] | None = None
    content: bytes | str | None = None
    content_type: str | None = None
    accept: str = "*/*"
    security: Security | None = None

    def url_path(self) -> str:
        """Return the path with its placeholders filled and percent-encoded."""
        path = self.path
        for name, value in self.path_params.items():
            path = path.replace("{" + name + "}", quote(format_text(value), safe=""))
        return path

    def query(self) -> list[tuple[str, str]]:
        """Return the query parameters as text, in order, None values left out."""
        pairs: list[tuple[str, str]] = []
        for key, value in self.params.items():
            if isinstance(value, dict):
                pairs += value.items()
            elif isinstance(value, list):
                pairs += [(key, format_text(item)) for item in value]
            elif value is not None:
                pairs.append((key, format_text(value)))
        return pairs

    def header_values(self) -> dict[str, str]:
        """Return the header parameters as text, None values left out."""
        return {k: format_text(v) for k, v in self.headers.items() if v is not None}

    def read(self, response: httpx.Response) -> Response[T]:
        """Return the parsed response, or raise the error its status calls for."""
        status = response.status_code
        # `default` is success only when the operation declares no 2xx status.
        reader = _lookup(self.ok, status, default=response.is_success)
        if reader is not None:
            return Response(status, response.headers, reader(response), response)
        error, read_body = _lookup(self.errors, status) or (UnexpectedStatus, None)
        body = None
        if read_body is not None:
            try:
                body = read_body(response)
            except DecodeError:
                # The status says more than a body that does not match its
                # schema (an empty one, a proxy's HTML page): keep the status.
                body = None
        raise error(response, body)


def _lookup(
    table: Mapping[Status, T], status: int, *, default: bool = True
) -> T | None:
    """Return the entry for `status`: exact, then its range, then `default`."""
    keys: tuple[Status, ...] = (status, f"{status // 100}XX")
    for key in (*keys, "default") if default else keys:
        if key in table:
            return table[key]
    return None


@dataclass(frozen=True, slots=True)
class Response(Generic[T]):
    """A success response: status, headers, parsed body and the raw response."""

    status_code: int
    headers: httpx.Headers
    body: T
    raw: httpx.Response


# -- reading bodies ------------------------------------------------------------


@overload
def read_json() -> Reader[Any]: ...
@overload
def read_json(parse: Callable[[Any], T]) -> Reader[T]: ...
def read_json(parse: Callable[[Any], Any] | None = None) -> Reader[Any]:
    """Return a reader that decodes a JSON body and parses it with `parse`."""

    def read(response: httpx.Response) -> Any:
        data = decode_json(response)
        if parse is None:
            return data
        try:
            return parse(data)
        except DataError as exc:
            raise InvalidField(response, exc.path, exc.reason) from exc
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise InvalidField(response, "", f"{type(exc).__name__}: {exc}") from exc

    return read


def decode_json(response: httpx.Response) -> Any:
    """Return the decoded JSON body, whatever JSON-like media type labels it."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:  # nested beyond the parser's depth
        media_type = response.headers.get("content-type", "")
        base = media_type.split(";")[0].strip().lower()
        if base and not (base.endswith("json") or base == "text/plain"):
            raise UnexpectedContentType(response, media_type) from exc
        raise InvalidJson(response, f"the body is not valid JSON ({exc})") from exc


def read_json_or_text(response: httpx.Response) -> Any:
    """Return the decoded JSON body, or the text itself when it is not JSON."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        return response.text


def read_text(response: httpx.Response) -> str:
    """Return the body as text."""
    return response.text


def read_bytes(response: httpx.Response) -> bytes:
    """Return the body as bytes."""
    return response.content


def read_nothing(response: httpx.Response) -> None:
    """Ignore the body of a response that declares none."""


# -- writing parameters and bodies ---------------------------------------------


def format_text(value: Any) -> str:
    """Return a parameter value as text: `true`, ISO dates, enum values, a,b,c."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(format_text(item) for item in value)
    return str(dump(value))


def comma_separated(values: list[Any] | None) -> str | None:
    """Return a list parameter that is not exploded, as `a,b,c`."""
    return None if values is None else format_text(values)


def flatten_query(name: str, value: Any) -> dict[str, str]:
    """Return the query keys of an object parameter: one per field (form, exploded).

    A list of objects has no standard form; it uses indexed keys,
    `name[0].field`, which ASP.NET-style servers such as Kibo's bind.
    """
    data = dump(value)
    if data is None:
        return {}
    if isinstance(data, list):
        return {
            f"{name}[{index}].{key}": format_text(item)
            for index, entry in enumerate(data)
            for key, item in entry.items()
            if item is not None
        }
    return {key: format_text(item) for key, item in data.items() if item is not None}


def form_fields(body: Any) -> dict[str, str]:
    """Return the fields of a form body (application/x-www-form-urlencoded)."""
    data = dump(body)
    return {key: format_text(value) for key, value in data.items() if value is not None}


def multipart_files(body: Any) -> dict[str, tuple[str | None, bytes | str]]:
    """Return the parts of a multipart body: bytes as files, the rest as fields."""
    parts: dict[str, tuple[str | None, bytes | str]] = {}
    for key, value in dump(body).items():
        if isinstance(value, bytes):
            parts[key] = (key, value)
        elif value is not None:
            parts[key] = (None, format_text(value))
    return parts


# -- operations ----------------------------------------------------------------


class _Variant(Generic[P, T]):
    """One way of sending an operation's call; documented as the function itself."""

    _client = "Client"
    _returns = "{}"
    _suffix = ""

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        self._build = build
        self.__wrapped__ = build
        self.__module__ = build.__module__
        self.__name__ = build.__name__
        self.__qualname__ = build.__qualname__ + self._suffix
        self.__doc__ = build.__doc__
        self.__annotations__ = build.__annotations__

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        # Being a descriptor makes help() and pydoc show it as a function.
        return self

    def __repr__(self) -> str:
        return f"<operation {self.__module__}.{self.__qualname__}>"

    @property
    def __signature__(self) -> inspect.Signature:
        """The client, then the operation's keywords; shown by help()."""
        signature = inspect.signature(self._build)
        client = inspect.Parameter(
            "client", inspect.Parameter.POSITIONAL_ONLY, annotation=self._client
        )
        returns = signature.return_annotation
        if isinstance(returns, str) and returns.startswith("Call["):
            returns = self._returns.format(returns[5:-1])
        return signature.replace(
            parameters=[client, *signature.parameters.values()],
            return_annotation=returns,
        )


class Detailed(_Variant[P, T]):
    """Send the call with a `Client`; return the whole `Response`."""

    _returns = "Response[{}]"
    _suffix = ".detailed"

    def __call__(
        self, client: SyncBase, /, *args: P.args, **kwargs: P.kwargs
    ) -> Response[T]:
        return client.send(self._build(*args, **kwargs))


class AsyncPlain(_Variant[P, T]):
    """Send the call with an `AsyncClient`; return the parsed body."""

    _client = "AsyncClient"
    _suffix = ".asyncio"

    async def __call__(
        self, client: AsyncBase, /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        return (await client.send(self._build(*args, **kwargs))).body


class AsyncDetailed(_Variant[P, T]):
    """Send the call with an `AsyncClient`; return the whole `Response`."""

    _client = "AsyncClient"
    _returns = "Response[{}]"
    _suffix = ".asyncio_detailed"

    async def __call__(
        self, client: AsyncBase, /, *args: P.args, **kwargs: P.kwargs
    ) -> Response[T]:
        return await client.send(self._build(*args, **kwargs))


class Operation(_Variant[P, T]):
    """An operation: call it with a `Client` to get the parsed body.

    `.detailed`, `.asyncio` and `.asyncio_detailed` send the same call with
    a `Client` or an `AsyncClient`, returning the body or the `Response`.
    """

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        super().__init__(build)
        self.detailed = Detailed(build)
        self.asyncio = AsyncPlain(build)
        self.asyncio_detailed = AsyncDetailed(build)

    def __call__(self, client: SyncBase, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return client.send(self._build(*args, **kwargs)).body


def operation(build: Callable[P, Call[T]]) -> Operation[P, T]:
    """Make a function that returns a `Call` into an operation sent by a client."""
    return Operation(build)
