"""Kibo Commerce's 26 public OpenAPI documents each generate a working client.

For every document under specs/kibo/ the client generated into a temporary
folder must:

1. generate with exactly the number of warnings listed in EXPECTED_WARNINGS
   (a new warning fails the test: update the number only after reading it);
2. pass `black --check` and `mypy --strict`;
3. import, every module of it, in a fresh interpreter in which the
   `generator` package cannot be imported;
4. call a few of its operations (chosen by `kibo_support.select_operations`)
   against a recording HTTP server on 127.0.0.1: the request body is built
   from the spec with `Model.from_dict(instance)`, and the server must
   receive exactly that instance minus its read-only properties, with the
   right method, percent-encoded path and query; the server answers with an
   instance of the response schema, labelled with the first declared media
   type that carries JSON (text/plain for some Kibo operations), and
   `to_dict()` of what the operation returns must be exactly that instance
   again; the media type the client's Accept header prefers must be one it
   can decode.

Each document is generated once per session, on first use. Three small
documents run always; the other 23 are marked slow (CI runs them too).
The servers in the specs (kibocommerce.com, mozu.com) are never contacted.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import re
import subprocess
import sys
import textwrap
import traceback
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from loopback import RecordingServer, Reply, recording_server

from conftest import REPO
from generator.diagnostics import Diagnostic, Diagnostics
from generator.options import Options
from generator.pipeline import generate
from kibo_support import (
    InstanceBuilder,
    Operation,
    Spec,
    carries_json,
    decode_path,
    json_difference,
    normalized,
    parameter_text,
    preferred_media_type,
    same_instant,
    select_operations,
)

KIBO = REPO / "specs" / "kibo"

# Warnings each document generates today. A change here is a change in what
# the generator can handle: read the new warnings before updating a number.
EXPECTED_WARNINGS = {
    "openapi_appdevelopement": 0,
    "openapi_audit_logs": 0,
    "openapi_catalog_admin": 0,
    "openapi_catalog_storefront": 0,
    "openapi_commerce": 0,
    "openapi_content": 0,
    "openapi_customer": 0,
    "openapi_entities": 0,
    "openapi_event": 0,
    "openapi_fulfillment": 0,
    "openapi_importexport": 0,
    "openapi_inventory": 0,
    "openapi_location": 0,
    "openapi_location_admin": 0,
    "openapi_location_storefront": 0,
    "openapi_orderrouting": 0,
    "openapi_platform_services": 0,
    "openapi_pricing": 0,
    "openapi_reservation": 0,
    "openapi_settings": 0,
    "openapi_shipping": 0,
    "openapi_shipping_admin": 0,
    "openapi_shipping_storefront": 0,
    "openapi_subscription": 0,
    "openapi_tenant": 0,
    "openapi_user": 0,
}
# Small documents that run on every test run, slow or not.
ALWAYS = frozenset({"openapi_audit_logs", "openapi_tenant", "openapi_customer"})

PREFIX = "/api"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnQiOjI0NjgwfQ.a2libw-t3st-s1gnature"


def _marks(document: str) -> tuple[pytest.MarkDecorator, ...]:
    return () if document in ALWAYS else (pytest.mark.slow,)


DOCUMENTS = [
    pytest.param(name, id=name, marks=_marks(name)) for name in EXPECTED_WARNINGS
]
SPECS = {name: Spec(KIBO / f"{name}.json") for name in EXPECTED_WARNINGS}
OPERATIONS = [
    pytest.param(op, id=op.label, marks=_marks(name))
    for name, spec in SPECS.items()
    for op in select_operations(spec)
]


# ---------------------------------------------------------------------------
# Generating each document once
# ---------------------------------------------------------------------------


@dataclass
class GeneratedClient:
    """One document's generated project and the warnings generating it gave."""

    document: str
    project: Path
    package: str
    warnings: list[Diagnostic]

    def module_names(self) -> set[str]:
        """Return the dotted names of every module of the package on disk."""
        names = set()
        for file in (self.project / self.package).rglob("*.py"):
            parts = file.relative_to(self.project).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.add(".".join(parts))
        return names

    def operation_function(self, method: str, path: str) -> Callable[..., Any]:
        """Import the function the README lists for `method path`."""
        readme = (self.project / "README.md").read_text(encoding="utf-8")
        row = re.compile(r"^\| `(\w+)\.(\w+)` \| ([A-Z]+) (\S+) \|", re.MULTILINE)
        found = [
            (module, function)
            for module, function, row_method, row_path in row.findall(readme)
            if row_method == method and re.sub(r"\\(.)", r"\1", row_path) == path
        ]
        assert len(found) == 1, f"README lists {method} {path} {len(found)} times"
        module, function = found[0]
        api = importlib.import_module(f"{self.package}.api.{module}")
        result: Callable[..., Any] = getattr(api, function)
        return result


class KiboClients:
    """Generate each Kibo document at most once per session, when first asked."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._done: dict[str, GeneratedClient | str] = {}

    def get(self, document: str) -> GeneratedClient:
        """Return the generated client; fail (every time) if generating failed."""
        if document not in self._done:
            self._done[document] = self._generate(document)
        outcome = self._done[document]
        if isinstance(outcome, str):
            pytest.fail(f"generating {document} failed:\n{outcome}", pytrace=False)
        return outcome

    def _generate(self, document: str) -> GeneratedClient | str:
        package = "kibo_" + document.removeprefix("openapi_")
        options = Options(
            spec=KIBO / f"{document}.json",
            output=self.root / document,
            package=package,
        )
        diagnostics = Diagnostics()
        try:
            generate(options, diagnostics=diagnostics)
        except Exception:
            problems = [f"{d.location}: {d.code}: {d.message}" for d in diagnostics]
            return "\n".join([traceback.format_exc(), *problems])
        return GeneratedClient(
            document, options.output, package, list(diagnostics.warnings)
        )

    def imported(self, document: str) -> GeneratedClient:
        """Return the client with its project folder on sys.path."""
        generated = self.get(document)
        if str(generated.project) not in sys.path:
            sys.path.insert(0, str(generated.project))
        return generated

    def forget_imports(self) -> None:
        for outcome in self._done.values():
            if isinstance(outcome, GeneratedClient):
                while str(outcome.project) in sys.path:
                    sys.path.remove(str(outcome.project))
                prefix = outcome.package + "."
                for name in [n for n in sys.modules if n.startswith(prefix)]:
                    del sys.modules[name]
                sys.modules.pop(outcome.package, None)


@pytest.fixture(scope="session")
def kibo_clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KiboClients]:
    clients = KiboClients(tmp_path_factory.mktemp("kibo"))
    yield clients
    clients.forget_imports()


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every document: typeshed and httpx are checked once."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    yield from recording_server()


def _run(
    *command: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *command],
        cwd=cwd,
        env={"PATH": "", **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


# ---------------------------------------------------------------------------
# Generation, formatting, types, imports
# ---------------------------------------------------------------------------


def test_every_kibo_document_has_an_expected_warning_count() -> None:
    assert sorted(EXPECTED_WARNINGS) == sorted(p.stem for p in KIBO.glob("*.json"))
    assert set(EXPECTED_WARNINGS) >= ALWAYS


@pytest.mark.parametrize("document", DOCUMENTS)
def test_document_generates_with_the_expected_number_of_warnings(
    kibo_clients: KiboClients, document: str
) -> None:
    generated = kibo_clients.get(document)

    shown = "\n".join(
        f"{w.location}: {w.code}: {w.message}" for w in generated.warnings
    )
    assert len(generated.warnings) == EXPECTED_WARNINGS[document], shown
    assert (generated.project / generated.package / "__init__.py").is_file()
    assert (generated.project / generated.package / "py.typed").is_file()


@pytest.mark.parametrize("document", DOCUMENTS)
def test_generated_client_is_black_formatted(
    kibo_clients: KiboClients, document: str, tmp_path: Path
) -> None:
    generated = kibo_clients.get(document)

    result = _run(
        "-m",
        "black",
        "--check",
        "--diff",
        "--quiet",
        generated.package,
        cwd=generated.project,
        env={"BLACK_CACHE_DIR": str(tmp_path)},
    )

    assert result.returncode == 0, result.stdout[:5000] + result.stderr[:2000]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_generated_client_passes_mypy_strict(
    kibo_clients: KiboClients, document: str, mypy_cache: Path
) -> None:
    generated = kibo_clients.get(document)

    result = _run(
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        str(mypy_cache),
        generated.package,
        cwd=generated.project,
    )

    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "Success: no issues found" in result.stdout


IMPORT_EVERY_MODULE = textwrap.dedent("""
    import importlib, pkgutil, sys

    sys.modules["generator"] = None  # The client must not need the generator.
    sys.path.insert(0, sys.argv[1])
    package = importlib.import_module(sys.argv[2])
    names = [package.__name__]
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
        names.append(module.name)
    assert "generator" not in {name.partition(".")[0] for name in sys.modules
                               if sys.modules[name] is not None}
    print("\\n".join(names))
    """)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_generated_client_imports_without_the_generator(
    kibo_clients: KiboClients, document: str
) -> None:
    generated = kibo_clients.get(document)

    result = _run(
        "-I",
        "-W",
        "error",
        "-c",
        IMPORT_EVERY_MODULE,
        str(generated.project),
        generated.package,
        cwd=generated.project,
    )

    assert result.returncode == 0, result.stderr[-5000:]
    assert set(result.stdout.split()) == generated.module_names()
    assert {"client", "models", "api"} <= {
        name.split(".")[1] for name in result.stdout.split() if "." in name
    }


# ---------------------------------------------------------------------------
# Calling operations against the loopback server
# ---------------------------------------------------------------------------


@dataclass
class Argument:
    """A value passed for one spec parameter, and how to check its wire form."""

    parameter: dict[str, Any]
    value: Any
    """The Python value passed to the operation."""
    raw: Any
    """The same value as JSON: the enum's value, a date-time's instant."""


def _python_classes(annotation: Any) -> list[type]:
    """Return the classes in an annotation such as `Status | None`."""
    if isinstance(annotation, type):
        return [annotation]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if isinstance(a, type)]
    return []


def _scalar_argument(spec: Spec, schema: Any, name: str, n: int, where: str) -> Any:
    kind = spec.kind(schema)
    target, _ = spec.resolve(schema)
    if kind == "enum":
        values = [v for v in target["enum"] if v is not None]
        return values[n % len(values)]
    if kind == "integer":
        return 9_007_199_254_740_993 + n if target.get("format") == "int64" else n
    if kind == "number":
        return n + 0.75
    if kind == "boolean":
        return n % 2 == 1
    if target.get("format") == "date-time":
        return datetime(2024, 3, n % 28 + 1, 14, 30, 15, tzinfo=_PLUS_TWO)
    return parameter_text(name, n, in_path=where == "path")


_PLUS_TWO = timezone(timedelta(hours=2))


def _arguments(
    spec: Spec, operation: Operation, function: Callable[..., Any]
) -> dict[str, Argument]:
    """Return a value for every parameter, keyed by the keyword argument name."""
    keywords = [
        name
        for name in inspect.signature(function).parameters
        if name not in ("client", "body")
    ]
    hints = typing.get_type_hints(function)
    by_name = {normalized(name): name for name in keywords}
    expected = {normalized(p["name"]) for p in operation.parameters}
    assert set(by_name) == expected, (keywords, operation.parameters)

    arguments = {}
    for n, parameter in enumerate(operation.parameters, start=17):
        keyword = by_name[normalized(parameter["name"])]
        schema = parameter.get("schema", {})
        where = parameter["in"]
        if spec.kind(schema) == "array":
            items = spec.resolve(schema)[0].get("items", {})
            raw: Any = [
                _scalar_argument(spec, items, parameter["name"], n + i, where)
                for i in range(2)
            ]
        else:
            raw = _scalar_argument(spec, schema, parameter["name"], n, where)
        arguments[keyword] = Argument(
            parameter, _as_python(raw, hints.get(keyword)), raw
        )
    return arguments


def _as_python(raw: Any, annotation: Any) -> Any:
    """Turn an enum's raw value into the enum class the operation takes."""
    if isinstance(raw, list):
        item_types = [typing.get_args(c) for c in _generic_lists(annotation)]
        inner = item_types[0][0] if item_types and item_types[0] else None
        return [_as_python(item, inner) for item in raw]
    for cls in _python_classes(annotation):
        if issubclass(cls, enum.Enum):
            return cls(raw)
    return raw


def _generic_lists(annotation: Any) -> list[Any]:
    options = (
        typing.get_args(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType)
        else (annotation,)
    )
    return [a for a in options if typing.get_origin(a) is list]


def _assert_wire_text(spec: Spec, schema: Any, received: str, raw: Any) -> None:
    """Check one parameter value as text on the wire against the value passed."""
    if isinstance(raw, bool):
        assert received == ("true" if raw else "false")
    elif isinstance(raw, datetime):
        assert same_instant(received, raw), (received, raw)
    elif isinstance(raw, float):
        assert float(received) == raw, (received, raw)
    else:
        assert received == str(raw), (received, raw)


def _assert_parameters_sent(
    spec: Spec,
    operation: Operation,
    arguments: dict[str, Argument],
    raw_path: str,
    query: dict[str, list[str]],
    headers: dict[str, str],
) -> None:
    path_values = decode_path(raw_path, PREFIX + operation.path)
    sent_query = {}
    for argument in arguments.values():
        parameter = argument.parameter
        name, where = parameter["name"], parameter["in"]
        schema = parameter.get("schema", {})
        if where == "path":
            _assert_wire_text(spec, schema, path_values[name], argument.raw)
        elif where == "header":
            _assert_wire_text(spec, schema, headers[name.lower()], argument.raw)
        else:
            sent_query[name] = argument.raw
    assert sorted(query) == sorted(sent_query)
    for name, raw in sent_query.items():
        parameter = next(p for p in operation.parameters if p["name"] == name)
        schema = parameter.get("schema", {})
        if isinstance(raw, list):
            items = spec.resolve(schema)[0].get("items", {})
            explode = parameter.get("explode", parameter.get("style", "form") == "form")
            received = query[name] if explode else query[name][0].split(",")
            assert len(received) == len(raw), (name, query[name])
            for text, item in zip(received, raw, strict=True):
                _assert_wire_text(spec, items, text, item)
        else:
            assert len(query[name]) == 1, (name, query[name])
            _assert_wire_text(spec, schema, query[name][0], raw)


def _as_json(value: Any) -> Any:
    """Return the JSON form of what an operation returned."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _body_class(function: Callable[..., Any]) -> Any:
    classes = _python_classes(typing.get_type_hints(function)["body"])
    models = [cls for cls in classes if hasattr(cls, "from_dict")]
    assert len(models) == 1, classes
    return models[0]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_operation_sends_the_spec_request_and_returns_the_spec_response(
    kibo_clients: KiboClients, server: RecordingServer, operation: Operation
) -> None:
    spec = SPECS[operation.document]
    generated = kibo_clients.imported(operation.document)
    client_class = importlib.import_module(generated.package).Client
    function = generated.operation_function(operation.method, operation.path)
    arguments = _arguments(spec, operation, function)
    call = {keyword: argument.value for keyword, argument in arguments.items()}
    if operation.body_schema is not None:
        instance = InstanceBuilder(spec, seed=1).build(operation.body_schema)
        call["body"] = _body_class(function).from_dict(instance)
        expected_body = spec.without_read_only(operation.body_schema, instance)
    reply: Any = None
    server.reply = Reply(status=operation.status, content_type=None, body=b"")
    if operation.response_schema is not None:
        reply = InstanceBuilder(spec, seed=2).build(operation.response_schema)
        server.reply = Reply(
            status=operation.status,
            content_type=operation.response_media_type,
            body=json.dumps(reply).encode(),
        )

    with client_class(server.origin + PREFIX, token=TOKEN, timeout=10.0) as api_client:
        result = function(api_client, **call)

    (request,) = server.requests
    assert request.method == operation.method
    _assert_parameters_sent(
        spec,
        operation,
        arguments,
        request.path,
        request.query,
        request.headers,
    )
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    if operation.body_schema is not None:
        assert request.headers["content-type"] == "application/json"
        sent = json.loads(request.body)
        difference = json_difference(sent, expected_body)
        assert difference is None, difference
    else:
        assert request.body == b""
    if operation.response_schema is None:
        assert result is None
    else:
        returned = _as_json(result)
        difference = json_difference(returned, reply)
        assert difference is None, difference
        accept = request.headers["accept"]
        offered = [entry.split(";")[0].strip() for entry in accept.split(",")]
        assert operation.response_media_type in offered
        # A server that honours the client's order (Spring, ASP.NET) answers
        # in the preferred type, so that must be one the client can decode.
        preferred = preferred_media_type(accept)
        schema = operation.response_content.get(preferred)
        assert carries_json(
            preferred, schema
        ), f"Accept: {accept} prefers {preferred}, but the client reads only JSON"
