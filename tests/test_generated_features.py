"""Clients generated from small feature specs behave as their schemas say.

Each spec under tests/specs/ exercises one family of constructs (enums,
unions and recursion, media types and read-only fields). It is generated
once per session into a temporary folder, type-checked with mypy --strict,
imported, and driven through httpx's MockTransport, so no network is used.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from conftest import REPO
from generator.diagnostics import Diagnostics
from generator.options import Options
from generator.pipeline import generate

SPECS = REPO / "tests" / "specs"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("features")
    for name in ("enums", "unions", "media"):
        options = Options(
            spec=SPECS / f"{name}.yaml", output=root / name, package=f"{name}_client"
        )
        diagnostics = Diagnostics()
        generate(options, diagnostics=diagnostics)
        assert not diagnostics.items
        sys.path.insert(0, str(root / name))
    yield root
    for name in ("enums", "unions", "media"):
        sys.path.remove(str(root / name))


def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


def _client(package: str, handler: Any) -> Any:
    client_class = _module(f"{package}.client").Client
    transport = httpx.MockTransport(handler)
    return client_class(
        "https://api.test", httpx_client=httpx.Client(transport=transport)
    )


@pytest.mark.parametrize("name", ["enums", "unions", "media"])
def test_feature_client_passes_mypy_strict(generated: Path, name: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(generated / ".mypy"),
            f"{name}_client",
        ],
        cwd=generated / name,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_enum_keeps_unknown_values_and_writes_them_back(generated: Path) -> None:
    models = _module("enums_client.models")
    order = models.Order.from_dict({"status": "Pending", "codes": [100, 7]})
    assert order.status is models.Status.PENDING
    assert order.codes[0] is models.Code.VALUE_100
    assert order.codes[1].name == "UNKNOWN"
    assert order.codes[1] == models.Code(7)
    assert order.to_dict() == {"status": "Pending", "codes": [100, 7]}


def test_enum_member_names_are_valid_and_distinct(generated: Path) -> None:
    status = _module("enums_client.models").Status
    assert [m.name for m in status] == [
        "PENDING",
        "ACCEPTED",
        "IN_PROGRESS",
        "CLASS",
        "VALUE_2ND",
        "VALUE",
    ]


def test_object_query_parameters_are_exploded(generated: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "accepted"})

    api = _module("enums_client.api.default")
    models = _module("enums_client.models")
    client = _client("enums_client", handler)
    api.get_order(
        client,
        id=5,
        status=models.Status.IN_PROGRESS,
        filters=[models.Filter(name="a"), models.Filter(name="b")],
    )
    (request,) = seen
    assert request.url.path == "/orders/5"
    assert list(request.url.params.multi_items()) == [
        ("status", "in-progress"),
        ("filters[0].name", "a"),
        ("filters[1].name", "b"),
    ]


def test_union_picks_the_option_by_discriminator(generated: Path) -> None:
    models = _module("unions_client.models")
    api = _module("unions_client.api.default")
    body = [{"petType": "kitty", "meow": True}, {"petType": "Dog", "bark": 2}]
    client = _client("unions_client", lambda _: httpx.Response(200, json=body))
    cat, dog = api.list_pets(client)
    assert isinstance(cat, models.Cat)
    assert isinstance(dog, models.Dog)
    assert [cat.to_dict(), dog.to_dict()] == body


def test_union_without_discriminator_goes_by_json_type_and_keys(
    generated: Path,
) -> None:
    models = _module("unions_client.models")
    holder = models.Holder.from_dict
    assert holder({"value": 5}).value == 5
    assert holder({"value": "2020-01-01T00:00:00Z"}).value.year == 2020
    assert isinstance(holder({"value": {"meow": True}}).value, models.Cat)
    assert holder({"value": None}).value is None
    assert isinstance(holder({"either": {"bark": 1}}).either, models.Dog)
    data = {"value": "2020-01-01T00:00:00Z", "either": {"bark": 1}}
    assert holder(data).to_dict() == data


def test_union_value_that_fits_no_option_names_the_closest_options_problem(
    generated: Path,
) -> None:
    models = _module("unions_client.models")
    data_error = _module("unions_client._runtime").DataError
    # Only Cat takes an object here; its own error says where the value is wrong.
    with pytest.raises(data_error) as caught:
        models.Holder.from_dict({"value": {"meow": "yes"}})
    assert str(caught.value) == "value.meow: expected a boolean, found a string ('yes')"
    with pytest.raises(data_error) as caught:
        models.Holder.from_dict({"either": 5})
    assert str(caught.value) == (
        "either: expected Cat (an object) or Dog (an object), found an integer (5)"
    )


def test_mutually_recursive_models_share_a_module(generated: Path) -> None:
    node = _module("unions_client.models.node")
    assert {"Node", "Other"} <= set(vars(node))
    tree = {"children": [{"children": []}], "parent": {"node": {"children": []}}}
    assert node.Node.from_dict(tree).to_dict() == tree


def test_read_only_fields_are_left_out_of_request_bodies(generated: Path) -> None:
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(201, json={"id": 9, "name": "n"})

    models = _module("media_client.models")
    api = _module("media_client.api.default")
    thing = models.Thing.from_dict(
        {"id": 1, "name": "n", "child": {"secret": "s", "when": "2020-01-01T00:00:00Z"}}
    )
    created = api.create_thing(_client("media_client", handler), body=thing)
    assert sent == [{"name": "n", "child": {"when": "2020-01-01T00:00:00Z"}}]
    assert created.to_dict() == {"id": 9, "name": "n"}


def test_empty_success_status_returns_none(generated: Path) -> None:
    api = _module("media_client.api.default")
    models = _module("media_client.models")
    client = _client("media_client", lambda _: httpx.Response(204))
    assert api.create_thing(client, body=models.Thing()) is None


def test_form_binary_text_and_multipart_bodies(generated: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/files":
            return httpx.Response(200, content=b"PK\x03\x04zip")
        if request.url.path == "/svg":
            return httpx.Response(200, text="<svg/>")
        if request.url.path == "/multi":
            return httpx.Response(200, json={"parts": 2})
        return httpx.Response(200, text="plain words")

    api = _module("media_client.api.default")
    models = _module("media_client.models")
    client = _client("media_client", handler)
    assert api.form_thing(client, body=models.Thing(name="a b")) == "plain words"
    assert api.upload_file(client, body=b"\x00\x01") == b"PK\x03\x04zip"
    assert api.get_svg(client) == "<svg/>"
    multi = models.UploadMultiBody(file=b"data", name="x")
    assert api.upload_multi(client, body=multi) == {"parts": 2}

    form, upload, _, multipart = seen
    assert form.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form.content == b"name=a+b"
    assert upload.headers["content-type"] == "application/octet-stream"
    assert upload.content == b"\x00\x01"
    assert multipart.headers["content-type"].startswith("multipart/form-data")
    assert b'name="file"; filename="file"' in multipart.content
    assert b"data" in multipart.content


def test_spec_split_over_files_generates_every_model(tmp_path: Path) -> None:
    spec = SPECS / "multi" / "api.yaml"
    options = Options(spec=spec, output=tmp_path / "multi", package="multi_client")
    diagnostics = Diagnostics()
    generate(options, diagnostics=diagnostics)

    models = tmp_path / "multi" / "multi_client" / "models"
    # Pet and Owner refer to each other across two files: one module holds both.
    assert sorted(p.name for p in models.glob("*.py")) == [
        "__init__.py",
        "owner.py",
        "tag.py",
    ]
    assert "class Pet(Model):" in (models / "owner.py").read_text(encoding="utf-8")
    (warning,) = diagnostics.items
    assert warning.code == "unsupported-enum"
    assert warning.location.file.endswith("owner.yaml")
    assert (warning.location.pointer, warning.location.line) == (
        "/properties/weird/enum",
        5,
    )
