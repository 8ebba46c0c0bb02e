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
import logging
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.build import DEFAULT_SECRET_NAMES, build_api
from generator.diagnostics import Diagnostics
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
    assert models_doc == (
        f"Data models of the {BREAKOUT} API, one per schema, and enumerations."
    )
    assert api_doc == f"Operations of the {BREAKOUT} API, one module per tag."


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
