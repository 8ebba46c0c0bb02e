"""What the generated client does around a call, sync and async, on loopback.

tests/specs/calls.yaml is generated once per session into a temporary
folder. Each test scripts the replies of a `ThreadingHTTPServer` on
127.0.0.1 (port 0) and calls the generated operations with a `Client` or an
`AsyncClient` whose base URL is that server: retries are counted, waits and
timeouts measured, credentials and errors checked. Nothing leaves loopback.
"""

from __future__ import annotations

import asyncio
import email.utils
import importlib
import inspect
import json
import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from conftest import REPO
from generator.diagnostics import Diagnostics
from generator.options import Options
from generator.pipeline import generate

PACKAGE = "calls_client"
TOKEN = "s3cr3t-t0ken-value"


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("calls") / "calls"
    spec = REPO / "tests" / "specs" / "calls.yaml"
    diagnostics = Diagnostics()
    generate(Options(spec=spec, output=root, package=PACKAGE), diagnostics=diagnostics)
    assert not diagnostics.items
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}" if name else PACKAGE)


# -- the scripted server --------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float


class Server:
    """Answer each request with the next scripted reply (the last one repeats)."""

    def __init__(self) -> None:
        self.replies: list[Reply] = [Reply(body={})]
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.script = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        self.replies = list(replies)

    def next_reply(self, seen: Seen) -> Reply:
        with self._lock:
            self.seen.append(seen)
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def _handle(self) -> None:
        script: Server = self.server.script  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        url = urlsplit(self.path)
        reply = script.next_reply(
            Seen(
                self.command,
                url.path,
                parse_qs(url.query),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length) if length else b"",
                time.monotonic(),
            )
        )
        time.sleep(reply.delay)
        raw = reply.body
        body = (
            b""
            if raw is None
            else raw if isinstance(raw, bytes) else json.dumps(raw).encode()
        )
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            # The client gave up waiting (a timeout test).
            pass

    do_GET = do_POST = do_PUT = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def server() -> Iterator[Server]:
    scripted = Server()
    scripted._thread.start()
    yield scripted
    scripted._httpd.shutdown()
    scripted._httpd.server_close()
    scripted._thread.join(timeout=5)


def _client(server: Server, **options: Any) -> Any:
    options.setdefault("bearer_token", TOKEN)
    return _module("").Client(server.url, **options)


def _async_client(server: Server, **options: Any) -> Any:
    options.setdefault("bearer_token", TOKEN)
    return _module("").AsyncClient(server.url, **options)


def _fast_retry(**options: Any) -> Any:
    return _module("").Retry(backoff=0.01, jitter=False, **options)


# -- the four ways to send a call -----------------------------------------------


def test_plain_and_detailed_calls_return_the_body_or_the_response(
    project: Path, server: Server
) -> None:
    api, models = _module("api.default"), _module("models")
    server.script(Reply(body={"id": 7, "name": "lamp"}, headers={"X-Seen": "1"}))
    with _client(server) as client:
        thing = api.get_thing(client, id=7, tags=["a", "b"], x_trace="t-1")
        detailed = api.get_thing.detailed(client, id=7)

    assert thing == models.Thing(id=7, name="lamp")
    assert detailed.status_code == 200
    assert detailed.headers["x-seen"] == "1"
    assert detailed.body == thing
    assert isinstance(detailed.raw, httpx.Response)
    first = server.seen[0]
    assert (first.method, first.path) == ("GET", "/v1/things/7")
    assert first.query == {"tags": ["a,b"]}
    assert first.headers["x-trace"] == "t-1"
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert server.seen[1].query == {}
    assert "x-trace" not in server.seen[1].headers


def test_async_calls_return_the_body_or_the_response(
    project: Path, server: Server
) -> None:
    api, models = _module("api.default"), _module("models")
    server.script(Reply(status=201, body={"id": 1}), Reply(status=204))

    async def main() -> tuple[Any, Any]:
        async with _async_client(server) as client:
            created = await api.create_thing.asyncio(
                client, body=models.Thing(name="n")
            )
            replaced = await api.put_thing.asyncio_detailed(
                client, id=1, body=models.Thing(name="m")
            )
        return created, replaced

    created, replaced = asyncio.run(main())
    assert created == models.Thing(id=1)
    assert (replaced.status_code, replaced.body) == (204, None)
    assert [json.loads(s.body) for s in server.seen] == [{"name": "n"}, {"name": "m"}]
    assert [s.method for s in server.seen] == ["POST", "PUT"]


def test_every_variant_keeps_the_name_doc_and_a_client_first_signature(
    project: Path,
) -> None:
    get_thing = _module("api.default").get_thing
    variants = [
        (get_thing, "Client", "Thing"),
        (get_thing.detailed, "Client", "Response[Thing]"),
        (get_thing.asyncio, "AsyncClient", "Thing"),
        (get_thing.asyncio_detailed, "AsyncClient", "Response[Thing]"),
    ]
    for variant, client_type, returns in variants:
        assert variant.__name__ == "get_thing"
        assert variant.__module__ == f"{PACKAGE}.api.default"
        assert variant.__doc__ == get_thing.__doc__
        signature = inspect.signature(variant)
        assert list(signature.parameters) == ["client", "id", "tags", "x_trace"]
        assert signature.parameters["client"].annotation == client_type
        assert signature.return_annotation == returns
    assert get_thing.__doc__.startswith("Get a thing.\n\n    Returns the thing with")
    assert "Second paragraph." in get_thing.__doc__
    assert "<b>" not in get_thing.__doc__ and "\r" not in get_thing.__doc__


def test_help_shows_the_signature_and_the_docstring(project: Path) -> None:
    import pydoc

    text = pydoc.render_doc(
        _module("api.default").get_thing.detailed, renderer=pydoc.plaintext
    )
    assert "get_thing(client: 'Client', /, *, id: 'int'" in text
    assert "-> 'Response[Thing]'" in text
    assert "Raises:" in text


MYPY_CALLS = """
import httpx
from calls_client import AsyncClient, Client
from calls_client.api.default import get_thing

client = Client("http://127.0.0.1:1")
async_client = AsyncClient("http://127.0.0.1:1")
get_thing(client, id=1)
get_thing(client, idd=1)
get_thing(client, id="1")
get_thing.asyncio(client, id=1)
get_thing(async_client, id=1)
reveal_type(get_thing.detailed(client, id=1))
"""


def test_mypy_checks_every_keyword_and_the_kind_of_client(
    project: Path, tmp_path: Path
) -> None:
    (tmp_path / "calls.py").write_text(MYPY_CALLS, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / ".m"),
            str(tmp_path / "calls.py"),
        ],
        cwd=project,
        env={"MYPYPATH": str(project), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if ": " in line]
    errors = {int(line.split(":")[1]) for line in lines if ": error:" in line}
    assert errors == {9, 10, 11, 12}, result.stdout
    assert 'Unexpected keyword argument "idd"' in result.stdout
    assert '"calls_client._call.Response[calls_client.models.thing.Thing]"' in (
        result.stdout
    )


# -- retries and timeouts -------------------------------------------------------


def test_retries_are_off_by_default(project: Path, server: Server) -> None:
    api, errors = _module("api.default"), _module("errors")
    server.script(Reply(status=503, body={}))
    with _client(server) as client, pytest.raises(errors.UnexpectedStatus):
        api.get_thing(client, id=1)
    assert len(server.seen) == 1


def test_idempotent_call_is_retried_until_it_succeeds(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    server.script(Reply(503), Reply(502), Reply(body={"id": 3}))
    with _client(server, retry=_fast_retry(attempts=3)) as client:
        assert api.get_thing(client, id=3).id == 3
    assert len(server.seen) == 3


def test_retries_stop_after_the_attempts_and_raise_the_last_status(
    project: Path, server: Server
) -> None:
    api, errors = _module("api.default"), _module("errors")
    server.script(Reply(429, body={}))
    client = _client(server, retry=_fast_retry(attempts=4))
    with client, pytest.raises(errors.UnexpectedStatus) as caught:
        api.get_thing(client, id=3)
    assert caught.value.status_code == 429
    assert len(server.seen) == 4


def test_post_is_not_retried_unless_asked(project: Path, server: Server) -> None:
    api, models, errors = _module("api.default"), _module("models"), _module("errors")
    server.script(Reply(503, body={}))
    client = _client(server, retry=_fast_retry(attempts=3))
    with client, pytest.raises(errors.UnexpectedStatus):
        api.create_thing(client, body=models.Thing())
    assert len(server.seen) == 1

    server.script(Reply(503), Reply(201, body={"id": 2}))
    retry = _fast_retry(attempts=3, methods={"POST"})
    with _client(server, retry=retry) as client:
        assert api.create_thing(client, body=models.Thing()).id == 2
    assert len(server.seen) == 3


def test_retry_after_in_seconds_is_honoured(project: Path, server: Server) -> None:
    api = _module("api.default")
    server.script(Reply(503, headers={"Retry-After": "1"}), Reply(body={"id": 1}))
    with _client(server, retry=_fast_retry()) as client:
        api.get_thing(client, id=1)
    first, second = server.seen
    assert second.at - first.at >= 0.95


def test_retry_after_as_a_date_is_honoured_and_capped(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    moment = datetime.now(timezone.utc) + timedelta(seconds=3)
    date = email.utils.format_datetime(moment, usegmt=True)
    server.script(Reply(429, headers={"Retry-After": date}), Reply(body={"id": 1}))
    with _client(server, retry=_fast_retry(max_wait=0.5)) as client:
        api.get_thing(client, id=1)
    first, second = server.seen
    assert 0.45 <= second.at - first.at < 2.0

    retry = _module("").Retry()
    response = httpx.Response(503, headers={"Retry-After": date})
    assert 1.0 < retry.wait(1, response) <= 3.0
    # Numbers that are no wait leave the backoff to decide.
    for value in ("nan", "inf", "-inf", "soon"):
        response = httpx.Response(503, headers={"Retry-After": value})
        assert 0.0 <= retry.wait(1, response) <= retry.max_backoff


def test_async_retries_count_and_honour_retry_after(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    server.script(
        Reply(503, headers={"Retry-After": "0.5"}), Reply(504), Reply(body={"id": 5})
    )

    async def main() -> Any:
        async with _async_client(server, retry=_fast_retry(attempts=3)) as client:
            return await api.get_thing.asyncio(client, id=5)

    assert asyncio.run(main()).id == 5
    assert len(server.seen) == 3
    assert server.seen[1].at - server.seen[0].at >= 0.45


def test_timeout_fires_per_client_and_per_call(project: Path, server: Server) -> None:
    api = _module("api.default")
    server.script(Reply(body={"id": 1}, delay=1.0))
    with _client(server, timeout=0.2) as client:
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException):
            api.get_thing(client, id=1)
        assert time.monotonic() - started < 0.9
        with pytest.raises(httpx.TimeoutException):
            api.get_thing(client.with_options(timeout=0.1), id=1)
        assert api.get_thing(client.with_options(timeout=5.0), id=1).id == 1


def test_timeout_is_retried_for_idempotent_methods(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    server.script(Reply(body={}, delay=1.0), Reply(body={"id": 4}))
    with _client(server, timeout=0.2, retry=_fast_retry()) as client:
        assert api.get_thing(client, id=4).id == 4
    assert len(server.seen) == 2


def test_async_timeout_fires(project: Path, server: Server) -> None:
    api = _module("api.default")
    server.script(Reply(body={}, delay=1.0))

    async def main() -> None:
        async with _async_client(server, timeout=0.2) as client:
            await api.get_thing.asyncio(client, id=1)

    with pytest.raises(httpx.TimeoutException):
        asyncio.run(main())


def test_default_timeout_is_thirty_seconds(project: Path) -> None:
    client = _module("").Client("http://127.0.0.1:1")
    assert client.timeout == _module("client").DEFAULT_TIMEOUT == 30.0


# -- errors ----------------------------------------------------------------------


def test_declared_error_statuses_raise_their_class_with_the_parsed_body(
    project: Path, server: Server
) -> None:
    api, models, errors = _module("api.default"), _module("models"), _module("errors")
    problem = {"code": "gone", "detail": "no such thing"}
    server.script(Reply(404, body=problem), Reply(409, body=problem), Reply(500))
    with _client(server) as client:
        with pytest.raises(errors.NotFoundError) as not_found:
            api.get_thing(client, id=1)
        with pytest.raises(errors.ConflictError) as conflict:
            api.get_thing.detailed(client, id=1)
        with pytest.raises(errors.UnexpectedStatus) as fault:
            api.get_thing(client, id=1)

    assert not_found.value.body == models.Problem(code="gone", detail="no such thing")
    assert not_found.value.status_code == 404
    assert not_found.value.response.json() == problem
    assert "GET /v1/things/1 answered 404 Not Found" in str(not_found.value)
    assert isinstance(conflict.value, errors.UnexpectedStatus)
    assert conflict.value.body.code == "gone"
    assert type(fault.value) is errors.UnexpectedStatus
    assert fault.value.body is None and fault.value.status_code == 500


def test_errors_module_draws_its_classes_as_one_aligned_tree(project: Path) -> None:
    errors = _module("errors")
    tree = [line for line in (errors.__doc__ or "").splitlines() if "+--" in line]
    drawn = {line.split("+-- ")[1].split()[0]: line for line in tree}

    # Every exported error is drawn, under the class it derives from.
    assert set(drawn) | {"ApiError"} == set(errors.__all__)
    for name, line in drawn.items():
        parent = getattr(errors, name).__mro__[1].__name__
        depth = line.index("+--") // 4
        assert depth == (1 if parent == "ApiError" else 2), line
    # Each description starts in the same column.
    columns = {len(line) - len(line.split("  ")[-1].lstrip()) for line in tree}
    assert len(columns) == 1, tree


@pytest.mark.parametrize(
    "reply",
    [
        Reply(404, body={"code": 5}),
        Reply(404, body=b"{oops"),
        Reply(404, body=b"<html>not here</html>", content_type="text/html"),
        Reply(404, body=b""),
    ],
    ids=["wrong-field-type", "malformed-json", "html-page", "empty"],
)
def test_declared_error_status_with_an_unreadable_body_keeps_its_class(
    project: Path, server: Server, reply: Reply
) -> None:
    api, errors = _module("api.default"), _module("errors")
    server.script(reply)
    with _client(server) as client, pytest.raises(errors.NotFoundError) as caught:
        api.get_thing(client, id=1)
    assert caught.value.body is None
    assert caught.value.status_code == 404
    assert caught.value.response.content == (
        reply.body if isinstance(reply.body, bytes) else b'{"code": 5}'
    )


def test_status_range_error_and_async_error(project: Path, server: Server) -> None:
    api, models, errors = _module("api.default"), _module("models"), _module("errors")
    server.script(Reply(422, body={"code": "invalid"}))

    async def main() -> None:
        async with _async_client(server) as client:
            await api.create_thing.asyncio(client, body=models.Thing())

    with pytest.raises(errors.ClientError) as caught:
        asyncio.run(main())
    assert caught.value.body == models.Problem(code="invalid")
    assert caught.value.response.status_code == 422


def test_malformed_json_and_wrong_content_type_raise_decode_errors(
    project: Path, server: Server
) -> None:
    api, errors = _module("api.default"), _module("errors")
    deep = b"[" * 100_000 + b"]" * 100_000  # deeper than the parser goes
    server.script(
        Reply(body=b"{not json"),
        Reply(body=b"<html/>", content_type="text/html"),
        Reply(body=deep),
    )
    with _client(server) as client:
        with pytest.raises(errors.InvalidJson) as malformed:
            api.get_thing(client, id=1)
        with pytest.raises(errors.UnexpectedContentType) as html:
            api.get_thing(client, id=1)
        with pytest.raises(errors.InvalidJson):
            api.get_thing(client, id=1)
    assert isinstance(malformed.value, errors.DecodeError)
    assert malformed.value.text == "{not json"
    assert html.value.content_type == "text/html"
    assert html.value.response.content == b"<html/>"


def test_wrong_field_type_raises_invalid_field_naming_the_path(
    project: Path, server: Server
) -> None:
    api, errors = _module("api.default"), _module("errors")
    server.script(Reply(body={"id": 1, "owner": {"email": 5}}))
    with _client(server) as client, pytest.raises(errors.InvalidField) as caught:
        api.get_thing(client, id=1)
    assert caught.value.path == "owner.email"
    assert "at owner.email: expected a string, found an integer (5)" in str(
        caught.value
    )
    assert caught.value.response.json() == {"id": 1, "owner": {"email": 5}}


def test_wrong_field_type_from_the_model_is_a_decode_error(
    project: Path, server: Server
) -> None:
    api, errors = _module("api.default"), _module("errors")
    server.script(Reply(body={"owner": 5}))
    with _client(server) as client, pytest.raises(errors.DecodeError) as caught:
        api.get_thing(client, id=1)
    assert isinstance(caught.value, errors.InvalidField)
    assert caught.value.path == "owner"


# -- credentials -----------------------------------------------------------------


def test_each_kind_of_credential_goes_where_its_scheme_says(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    text = Reply(200, b"hi", content_type="text/plain")
    server.script(Reply(204), Reply(204), Reply(204), Reply(204), text)
    with _client(server, header_key_api_key="hk") as client:
        api.get_keyed(client)
    with _client(server, query_key_api_key="qk", cookie_key_api_key="ck") as client:
        api.get_keyed(client)
    with _client(server, basic_auth=("ann", "pw")) as client:
        api.get_basic(client)
    with _client(server, oauth_token=lambda: "oauth-1") as client:
        api.get_basic(client)
        assert api.get_public(client) == "hi"

    keyed, queried, basic, oauth, public = server.seen
    assert keyed.headers["x-api-key"] == "hk" and "authorization" not in keyed.headers
    assert queried.query == {"api_key": ["qk"]}
    assert queried.headers["cookie"] == "session=ck"
    assert basic.headers["authorization"] == "Basic YW5uOnB3"
    assert oauth.headers["authorization"] == "Bearer oauth-1"
    assert "authorization" not in public.headers


def test_a_callable_token_is_called_for_every_request(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    tokens = iter(["first", "second", "third"])
    server.script(Reply(503), Reply(body={}))
    with _client(server, bearer_token=lambda: next(tokens), retry=_fast_retry()) as c:
        api.get_thing(c, id=1)
        api.get_thing(c, id=1)
    sent = [s.headers["authorization"] for s in server.seen]
    assert sent == ["Bearer first", "Bearer second", "Bearer third"]


def test_secrets_stay_out_of_reprs_and_logs(
    project: Path, server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    api = _module("api.default")
    caplog.set_level(logging.DEBUG)
    server.script(Reply(body={}))
    with _client(server, basic_auth=("ann", TOKEN)) as client:
        api.get_thing(client, id=1)
        assert TOKEN not in repr(client)
        assert repr(client) == f"Client(base_url={server.url!r})"
    assert caplog.records
    assert TOKEN not in caplog.text and "Bearer" not in caplog.text


# -- connections -----------------------------------------------------------------


def test_own_httpx_clients_are_used_and_left_open(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    own = httpx.Client(headers={"X-Caller": "me"})
    with _client(server, httpx_client=own) as client:
        api.get_thing(client, id=1)
    assert not own.is_closed
    own.close()

    async def main() -> httpx.AsyncClient:
        own_async = httpx.AsyncClient(headers={"X-Caller": "me-async"})
        async with _async_client(server, httpx_client=own_async) as client:
            await api.get_thing.asyncio(client, id=1)
        assert not own_async.is_closed
        await own_async.aclose()
        return own_async

    asyncio.run(main())
    assert [s.headers["x-caller"] for s in server.seen] == ["me", "me-async"]


def test_with_options_copies_share_the_pool_and_leave_the_original_alone(
    project: Path, server: Server
) -> None:
    api = _module("api.default")
    retry = _fast_retry()
    with _client(server, timeout=4.0, headers={"X-A": "1"}) as client:
        copy = client.with_options(timeout=2.0, retry=retry, headers={"X-B": "2"})
        api.get_thing(copy, id=1)
        api.get_thing(client, id=1)
        assert copy.httpx_client is client.httpx_client
        assert (client.timeout, client.retry, client.headers) == (
            4.0,
            None,
            {"X-A": "1"},
        )
        assert (copy.timeout, copy.retry) == (2.0, retry)
        inner = client.httpx_client
        # A copy borrows the pool: closing it, as a context manager does,
        # leaves the original's connections open.
        with client.with_options(timeout=1.0) as borrowed:
            api.get_thing(borrowed, id=1)
        assert not inner.is_closed
        assert client.httpx_client is inner
    assert inner.is_closed
    first, second, _ = server.seen
    assert (first.headers["x-a"], first.headers["x-b"]) == ("1", "2")
    assert "x-b" not in second.headers


def test_server_url_takes_typed_variables_and_checks_enums(project: Path) -> None:
    server_url = _module("").server_url
    assert server_url() == "https://eu.calls.example/v1"
    assert server_url(region="us") == "https://us.calls.example/v1"
    with pytest.raises(ValueError, match="region must be one of"):
        server_url(region="mars")  # type: ignore[arg-type]
    source = Path(_module("client").__file__ or "").read_text(encoding="utf-8")
    assert 'region: Literal["eu", "us"] = "eu"' in source
