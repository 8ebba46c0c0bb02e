"""Hostile specs: spec text and names never become code, and secrets stay hidden.

Specs are built as Python dicts, written as JSON to tmp_path and run through
load, build, render and format. Regression tests pin the places that once
let a title break out of a docstring or a name shadow generated code;
property-based tests (hypothesis) fill every text and name of a fixed-shape
spec with hostile strings and check that each generated file parses, is
stable under black, holds the text exactly, and has the same statements as
the same spec with harmless text. Secrets: which fields count as
credentials, that reprs leave them out, and that neither the client's logs
(httpx and httpcore at DEBUG, against a loopback server) nor its errors
show the bearer token.
"""

from __future__ import annotations

import ast
import json
import keyword
import logging
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import DEFAULT_SECRET_NAMES, build_api
from generator.diagnostics import Diagnostics
from generator.format import format_source
from generator.load import load_spec
from generator.names import module_name
from generator.options import Options
from generator.pipeline import generate_plan
from generator.write import write_plan

BREAKOUT = '""";import os;x="""'


def _spec(*, title: str = "Pets", paths: dict[str, Any] | None = None) -> Any:
    """Return a small valid spec with one operation, as a dict."""
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1.0"},
        "paths": paths
        or {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


def _returning(names: tuple[str, ...], schemas: dict[str, Any]) -> Any:
    """Return a spec with one operation per schema in `names`, which returns it."""
    paths = {
        f"/{index}": {
            "get": {
                "operationId": f"get{index}",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{name}"}
                            }
                        },
                    }
                },
            }
        }
        for index, name in enumerate(names)
    }
    return {**_spec(paths=paths), "components": {"schemas": schemas}}


def _plan(tmp_path: Path, spec: Any) -> dict[str, str]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    options = Options(spec=path, output=tmp_path / "out", package="pkg")
    return generate_plan(options, diagnostics=Diagnostics())


def _imported_modules(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


# -- regressions --------------------------------------------------------------


def test_title_cannot_break_out_of_any_module_docstring(tmp_path: Path) -> None:
    plan = _plan(tmp_path, _spec(title=BREAKOUT))
    python = {path: text for path, text in plan.items() if path.endswith(".py")}
    for path, text in python.items():
        assert "os" not in _imported_modules(ast.parse(text)), path
    models_doc = ast.get_docstring(ast.parse(python["pkg/models/__init__.py"]))
    api_doc = ast.get_docstring(ast.parse(python["pkg/api/__init__.py"]))
    # The docstrings are wrapped to the line width.
    assert " ".join(str(models_doc).split()) == " ".join(
        f"Data models of the {BREAKOUT} API, one per schema, and enumerations.".split()
    )
    assert " ".join(str(api_doc).split()) == " ".join(
        f"Operations of the {BREAKOUT} API, one module per tag.".split()
    )


def test_module_names_are_safe_file_names() -> None:
    assert module_name("CON") == "con_"
    assert module_name("nul") == "nul_"
    assert module_name("Lpt9") == "lpt9_"
    assert module_name("../../etc/passwd") == "etc_passwd"
    long_name = module_name("word " * 100)
    assert len(long_name) <= 100
    assert long_name.isidentifier()
    assert not long_name.endswith("_")


def test_schema_names_that_the_modules_import_are_renamed(tmp_path: Path) -> None:
    names = ("OpenEnum", "UnexpectedStatus", "DecodeError", "Client")
    schemas = {name: {"properties": {"x": {"type": "string"}}} for name in names}
    plan = _plan(tmp_path, _returning(names, schemas))
    models = ast.parse(plan["pkg/models/__init__.py"])
    exported = {
        alias.name
        for node in ast.walk(models)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert exported == {"OpenEnum_2", "UnexpectedStatus_2", "DecodeError_2", "Client_2"}


def test_field_named_like_a_type_of_its_class_is_renamed(tmp_path: Path) -> None:
    properties = {
        name: {"type": "string", "format": "date"}
        for name in ("date", "str", "frozenset")
    }
    properties["list"] = {"type": "integer"}
    schemas = {"Day": {"properties": properties}}
    plan = _plan(tmp_path, _returning(("Day",), schemas))
    tree = ast.parse(plan["pkg/models/day.py"])
    (day,) = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    fields = [
        n.target.id
        for n in day.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    ]
    # `list` is no type of Day's fields, so it may stay.
    assert fields[:4] == ["date_", "str_", "frozenset_", "list"]


def test_operation_named_like_a_module_name_is_renamed(tmp_path: Path) -> None:
    ok = {"responses": {"200": {"description": "ok"}}}
    paths = {
        f"/{name}": {"get": {"operationId": name, **ok}}
        for name in ("list", "datetime", "decode_json", "client")
    }
    plan = _plan(tmp_path, _spec(paths=paths))
    tree = ast.parse(plan["pkg/api/default.py"])
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions == ["list_", "datetime_", "decode_json_", "client"]


# -- secrets ------------------------------------------------------------------


def _secret_fields(tmp_path: Path, properties: dict[str, Any], **kwargs: Any) -> Any:
    spec = _returning(("Login",), {"Login": {"properties": properties}})
    spec["components"]["schemas"]["Hidden"] = {"type": "string", "format": "password"}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = build_api(load_spec(path), package="pkg", diagnostics=Diagnostics(), **kwargs)
    (login,) = api.models
    return {f.json_name: f.secret for f in login.fields}


def test_credential_fields_are_secret_by_format_write_only_or_name(
    tmp_path: Path,
) -> None:
    properties = {
        "pin": {"type": "string", "format": "password"},
        "otp": {"type": "string", "writeOnly": True},
        "hidden": {"$ref": "#/components/schemas/Hidden"},
        "access_token": {"type": "string"},
        "Refresh-Token": {"type": "string"},
        "apiKey": {"type": "string"},
        "accessTokenExpiration": {"type": "string"},
        "hasExternalPassword": {"type": "boolean"},
        "userName": {"type": "string"},
    }
    assert _secret_fields(tmp_path, properties) == {
        "pin": True,
        "otp": True,
        "hidden": True,
        "access_token": True,
        "Refresh-Token": True,
        "apiKey": True,
        "accessTokenExpiration": False,
        "hasExternalPassword": False,
        "userName": False,
    }


def test_secret_names_can_be_replaced_or_extended(tmp_path: Path) -> None:
    properties = {"token": {"type": "string"}, "pairingCode": {"type": "string"}}
    assert _secret_fields(tmp_path, properties, secret_names=("pairing_code",)) == {
        "token": False,
        "pairingCode": True,
    }
    extended = (*DEFAULT_SECRET_NAMES, "pairingCode")
    assert _secret_fields(tmp_path, properties, secret_names=extended) == {
        "token": True,
        "pairingCode": True,
    }


def test_generated_repr_leaves_secret_fields_out(tmp_path: Path) -> None:
    properties = {
        "password": {"type": "string"},
        "token": {"type": "string"},
        "userName": {"type": "string"},
    }
    spec = _returning(("Login",), {"Login": {"properties": properties}})
    spec["components"]["schemas"]["Login"]["required"] = ["password"]
    plan = _plan(tmp_path, spec)
    write_plan(plan, tmp_path / "out", diagnostics=Diagnostics())
    script = (
        "from pkg.models import Login\n"
        "login = Login(password='p4ss-w0rd', token='t0k3n', user_name='ada')\n"
        "print(repr(login))\n"
        "print(login == Login.from_dict(login.to_dict()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == ("Login(user_name='ada', additional_properties={})\nTrue\n")


def test_checked_in_ticket_repr_hides_its_tokens() -> None:
    from impersonatecart_client.models import CustomerAuthTicket

    ticket = CustomerAuthTicket.from_dict(
        {
            "accessToken": "acc-SECRET-1",
            "refreshToken": "ref-SECRET-2",
            "jwtAccessToken": "jwt-SECRET-3",
            "userId": "user-17",
        }
    )
    shown = repr(ticket)
    assert "SECRET" not in shown
    assert "user_id='user-17'" in shown
    assert ticket.access_token == "acc-SECRET-1"
    assert ticket.to_dict()["jwtAccessToken"] == "jwt-SECRET-3"


class _Replier(BaseHTTPRequestHandler):
    """Answer every POST with a ticket, or 401 for the path /denied."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"] or 0))
        denied = self.path.endswith(
            "/denied/commerce/customer/authtickets/impersonatecart"
        )
        self.send_response(401 if denied else 200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"userId": "user-17"}')

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


def test_client_logs_no_authorization_header(caplog: pytest.LogCaptureFixture) -> None:
    from impersonatecart_client import Client, UnexpectedStatus
    from impersonatecart_client.api.storefront_auth_ticket import impersonate_cart
    from impersonatecart_client.models import CartAuthTicketRequest

    token = "eyJhbGciOiJub25lIn0.c2VjcmV0LXRva2Vu.LOGGED-IF-BROKEN"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Replier)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    caplog.set_level(logging.DEBUG)
    try:
        body = CartAuthTicketRequest(account_id=5)
        with Client(base, token=token) as client:
            impersonate_cart(client, body=body)
        denied = Client(base + "/denied", token=token)
        with denied, pytest.raises(UnexpectedStatus) as caught:
            impersonate_cart(denied, body=body)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    # httpx and httpcore did log the requests, at INFO and DEBUG.
    assert {"httpx", "httpcore.http11"} <= {r.name for r in caplog.records}
    assert token not in caplog.text
    assert "authorization" not in caplog.text.lower()
    assert token not in str(caught.value)
    assert token not in repr(caught.value)


# -- property tests: random hostile text and names ------------------------------

# Fragments that end strings, comments and docstrings, or that template
# engines and terminals treat specially.
_FRAGMENTS = (
    '"""',
    "'''",
    '"',
    "'",
    "\\",
    "\\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\ud800",
    "{{ PWNED }}",
    "{% if x %}",
    "{#",
    "#",
    "`",
    "```",
    "<b>",
    "&amp;",
    "$ref",
    '"); PWNED(); ("',
    "'; PWNED(); '",
    '"""; PWNED(); """',
    "\n    PWNED()\n",
    "é",
    "日本",
    " ",
)
_RESERVED_WORDS = (
    "class",
    "from",
    "self",
    "None",
    "str",
    "dict",
    "frozenset",
    "datetime",
    "field",
    "from_dict",
    "additional_properties",
    "client",
    "body",
    "Any",
    "OpenEnum",
    "Client",
    "UNSET",
    "__init__",
    "CON",
    "../..",
    "/etc/passwd",
    "",
    "1",
    "_",
)
_text = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=4)), max_size=5
).map("".join)
_name = st.one_of(st.sampled_from(_RESERVED_WORDS), _text)


@st.composite
def _hostile_spec(draw: st.DrawFn) -> Any:
    """Return a spec of a fixed shape whose every text and name is drawn."""

    def text() -> str:
        return draw(_text)

    models = draw(st.lists(_name, min_size=2, max_size=2, unique=True))
    props = draw(st.lists(_name, min_size=3, max_size=3, unique=True))
    variables = draw(st.lists(_name, min_size=1, max_size=2, unique=True))
    values = draw(st.lists(_text, min_size=1, max_size=3, unique=True))
    enum_name = draw(_name.filter(lambda n: n not in models))

    def ref(name: str) -> dict[str, str]:
        # A $ref's fragment is percent-decoded: only `%` itself needs escaping.
        token = name.replace("~", "~0").replace("/", "~1").replace("%", "%25")
        return {"$ref": f"#/components/schemas/{token}"}

    def content(name: str) -> dict[str, Any]:
        return {"application/json": {"schema": ref(name)}}

    parameters = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": draw(_name), "in": "query", "description": text()},
        {"name": draw(_name), "in": "header", "schema": {"type": "integer"}},
    ]
    path = "/" + text().replace("{", "").replace("}", "") + "/{id}"
    operation = {
        "operationId": draw(_name),
        "summary": text(),
        "description": text(),
        "tags": [draw(_name)],
        "parameters": parameters,
        "responses": {"200": {"description": text(), "content": content(models[0])}},
    }
    body = {"description": text(), "content": content(models[1])}
    changes = {
        "operationId": draw(_name),
        "tags": [draw(_name)],
        "requestBody": body,
        "responses": {"201": {"description": text()}},
    }
    first, second, third = props
    return {
        "openapi": "3.0.3",
        "info": {"title": text(), "version": text(), "description": text()},
        "servers": [
            {
                "url": text(),
                "description": text(),
                "variables": {
                    v: {"default": text(), "enum": [text()], "description": text()}
                    for v in variables
                },
            }
        ],
        "paths": {path: {"get": operation, "post": changes}},
        "components": {
            "schemas": {
                models[0]: {
                    "description": text(),
                    "required": [first],
                    "properties": {
                        first: {"type": "string", "description": text()},
                        second: {"type": "integer", "default": text()},
                        third: ref(enum_name),
                    },
                },
                models[1]: {
                    "properties": {second: {"type": "array", "items": {}}},
                    "example": {first: text()},
                },
                enum_name: {"type": "string", "enum": values, "description": text()},
            }
        },
    }


# Where a hostile spec holds names, whose equality pattern shapes the output:
# the keys of some mappings and the values of some fields. The values of a few
# other fields are kept; all other text becomes "x" (or stays empty).
_NAME_MAPS = frozenset({"properties", "schemas", "variables"})
_NAME_VALUES = frozenset({"operationId", "tags", "name", "required", "enum"})
_KEPT = frozenset({"openapi", "type", "in"})


def _benign(spec: Any) -> Any:
    """Return `spec` with harmless text and names in the same equality pattern."""
    renamed: dict[str, str] = {}

    def name(value: str) -> str:
        return renamed.setdefault(value, f"n{len(renamed)}")

    def walk(value: Any, key: str) -> Any:
        if key == "example":
            # Sample data, not spec structure: a "$ref" key in it is no reference.
            return "x"
        if isinstance(value, dict):
            return {
                (name(k) if key in _NAME_MAPS else k): walk(v, k)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [walk(item, key) for item in value]
        if not isinstance(value, str) or key in _KEPT or value == "id":
            return value
        if key == "$ref":
            return "#/components/schemas/" + name(_ref_name(value))
        if key in _NAME_VALUES:
            return name(value)
        return "x" if value else ""

    benign = walk(spec, "")
    (path_item,) = benign["paths"].values()
    benign["paths"] = {"/x/{id}": path_item}
    return benign


def _ref_name(ref: str) -> str:
    """Return the schema name of a `#/components/schemas/...` reference."""
    token = unquote(ref[1:]).rsplit("/", 1)[1]
    return token.replace("~1", "/").replace("~0", "~")


def _skeleton(node: ast.AST) -> Any:
    """Return the kinds of nodes in a tree, without names, numbers or text.

    A model's `_json_names` table lists only the fields whose JSON name is
    not already their Python name, so its length depends on the names: it is
    left out here, with the `ClassVar` it may be the one user of, and its
    keys and values are checked as strings instead.
    """
    children = [
        _skeleton(child)
        for child in ast.iter_child_nodes(node)
        if not _is_json_names_table(child)
        and not (isinstance(child, ast.alias) and child.name == "ClassVar")
    ]
    return (type(node).__name__, tuple(children))


def _is_json_names_table(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "_json_names"
        and isinstance(node.value, ast.Dict)
        and all(isinstance(k, ast.Constant) for k in node.value.keys)
        and all(isinstance(v, ast.Constant) for v in node.value.values)
    )


def _python(plan: dict[str, str]) -> dict[str, ast.Module]:
    return {
        path: ast.parse(text) for path, text in plan.items() if path.endswith(".py")
    }


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=_hostile_spec())
def test_hostile_text_and_names_never_become_code(tmp_path: Path, spec: Any) -> None:
    plan = _plan(tmp_path, spec)
    trees = _python(plan)

    # Every file is UTF-8 text; Python files are exactly what black makes.
    for path, text in plan.items():
        text.encode("utf-8")
        if path.endswith(".py"):
            assert format_source(path, text) == text
    # The same spec with harmless text and names has the same statements.
    benign = _python(_plan(tmp_path, _benign(spec)))
    assert sorted(map(_skeleton, trees.values())) == sorted(
        map(_skeleton, benign.values())
    )
    # Text reaches the code only as string constants.
    strings = {
        node.value
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    # A property name is a string, or the field's own name when it is one.
    fields = {
        node.target.id
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }
    first_model = next(iter(spec["components"]["schemas"].values()))
    assert set(first_model["properties"]) <= strings | fields
    assert spec["servers"][0]["url"] in strings
    (path_item,) = spec["paths"].values()
    query, header = path_item["get"]["parameters"][1:]
    assert {query["name"], header["name"]} <= strings


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(spec=_hostile_spec())
def test_names_from_hostile_specs_are_valid_and_distinct(
    tmp_path: Path, spec: Any
) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = build_api(load_spec(path), package="pkg", diagnostics=Diagnostics())

    def valid(names: list[str]) -> None:
        assert all(n.isidentifier() and not keyword.iskeyword(n) for n in names)
        assert len({n.lower() for n in names}) == len(names)

    valid([m.name for m in api.models] + [e.name for e in api.enums])
    valid(sorted({m.module for m in api.models} | {e.module for e in api.enums}))
    valid([op.python_name for op in api.operations])
    valid(sorted({op.module for op in api.operations}))
    for model in api.models:
        valid([f.python_name for f in model.fields])
    for enum in api.enums:
        valid([m.python_name for m in enum.members])
    for op in api.operations:
        valid(["client", "body", *(p.python_name for p in op.parameters)])
    assert api.server is not None
    valid([v.python_name for v in api.server.variables])
