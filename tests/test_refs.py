"""Unit tests of generator.refs: JSON pointers and `$ref` resolution.

Covers pointer joining and resolving (with `~0`/`~1` escapes and list
indexes), following `$ref` chains, and the SpecErrors for a missing target
(missing-ref), a cycle (ref-cycle) and a reference outside the document
(remote-ref, bad-ref), each located at the offending `$ref`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostic, SpecError
from generator.load import Document, load_spec
from generator.refs import join_pointer, resolve_pointer, resolve_ref

_SPEC = """\
components:
  schemas:
    Pet:
      type: object
    Alias:
      $ref: '#/components/schemas/Pet'
    AliasOfAlias:
      $ref: '#/components/schemas/Alias'
    Loop1:
      $ref: '#/components/schemas/Loop2'
    Loop2:
      $ref: '#/components/schemas/Loop1'
    Self:
      $ref: '#/components/schemas/Self'
    Missing:
      $ref: '#/components/schemas/Nowhere'
    External:
      $ref: 'other.yaml#/components/schemas/Pet'
    Remote:
      $ref: 'https://example.invalid/spec.yaml#/Pet'
    NotText:
      $ref: 42
    'a/b~c':
      enum: [x, y, z]
    Escaped:
      $ref: '#/components/schemas/a~1b~0c/enum/2'
"""


@pytest.fixture
def document(tmp_path: Path) -> Document:
    path = tmp_path / "spec.yaml"
    path.write_text(_SPEC, encoding="utf-8")
    return load_spec(path)


def _schema(document: Document, name: str) -> tuple[Any, str]:
    pointer = join_pointer("/components/schemas", name)
    return resolve_pointer(document, pointer), pointer


def _ref_error(document: Document, name: str) -> Diagnostic:
    value, pointer = _schema(document, name)
    with pytest.raises(SpecError) as caught:
        resolve_ref(document, value, pointer)
    assert caught.value.diagnostic is not None
    return caught.value.diagnostic


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_join_pointer_escapes_tilde_and_slash() -> None:
    assert join_pointer("/paths", "/pets/{id}") == "/paths/~1pets~1{id}"
    assert join_pointer("", "a~b", 0, "c/d~") == "/a~0b/0/c~1d~0"


def test_resolve_pointer_follows_keys_indexes_and_escapes(document: Document) -> None:
    assert resolve_pointer(document, "/components/schemas/a~1b~0c/enum/1") == "y"
    assert resolve_pointer(document, "") is document.data


@pytest.mark.parametrize(
    ("pointer", "missing"),
    [
        ("/components/nothing", "nothing"),
        ("/components/schemas/a~1b~0c/enum/3", "3"),
        ("/components/schemas/a~1b~0c/enum/x", "x"),
    ],
)
def test_resolve_pointer_names_the_missing_step(
    document: Document, pointer: str, missing: str
) -> None:
    with pytest.raises(KeyError) as caught:
        resolve_pointer(document, pointer)
    assert caught.value.args == (missing,)


def test_resolve_ref_returns_a_value_without_ref_unchanged(document: Document) -> None:
    value, pointer = _schema(document, "Pet")
    assert resolve_ref(document, value, pointer) == (
        {"type": "object"},
        "/components/schemas/Pet",
    )


def test_resolve_ref_follows_a_chain_to_its_end(document: Document) -> None:
    value, pointer = _schema(document, "AliasOfAlias")
    assert resolve_ref(document, value, pointer) == (
        {"type": "object"},
        "/components/schemas/Pet",
    )


def test_resolve_ref_unescapes_the_target_pointer(document: Document) -> None:
    value, pointer = _schema(document, "Escaped")
    assert resolve_ref(document, value, pointer) == (
        "z",
        "/components/schemas/a~1b~0c/enum/2",
    )


def test_missing_ref_is_located_at_the_ref(document: Document) -> None:
    diagnostic = _ref_error(document, "Missing")
    assert diagnostic.code == "missing-ref"
    assert "#/components/schemas/Nowhere" in diagnostic.message
    assert "'Nowhere'" in diagnostic.message
    location = diagnostic.location
    assert location.pointer == "/components/schemas/Missing/$ref"
    assert location.line == _line_of(_SPEC, "#/components/schemas/Nowhere")
    assert location.column == 13


def test_missing_ref_in_json_is_located_at_the_ref(tmp_path: Path) -> None:
    text = textwrap.dedent("""\
        {
          "a": {
            "b": {"$ref": "#/c"}
          }
        }
        """)
    path = tmp_path / "spec.json"
    path.write_text(text, encoding="utf-8")
    document = load_spec(path)
    with pytest.raises(SpecError) as caught:
        resolve_ref(document, document.data["a"]["b"], "/a/b")
    diagnostic = caught.value.diagnostic
    assert diagnostic is not None
    assert diagnostic.code == "missing-ref"
    assert (diagnostic.location.line, diagnostic.location.column) == (
        3,
        text.splitlines()[2].index('"#/c"') + 1,
    )


def test_ref_cycle_is_an_error(document: Document) -> None:
    diagnostic = _ref_error(document, "Loop1")
    assert diagnostic.code == "ref-cycle"
    assert "/components/schemas/Loop1" in diagnostic.message
    assert "/components/schemas/Loop2" in diagnostic.message
    assert diagnostic.location.pointer == "/components/schemas/Loop1/$ref"
    assert diagnostic.location.line == _line_of(_SPEC, "'#/components/schemas/Loop2'")


def test_ref_to_itself_is_a_cycle(document: Document) -> None:
    diagnostic = _ref_error(document, "Self")
    assert diagnostic.code == "ref-cycle"
    assert diagnostic.location.line == _line_of(_SPEC, "'#/components/schemas/Self'")


@pytest.mark.parametrize(
    ("name", "code"),
    [("External", "missing-ref"), ("Remote", "remote-ref"), ("NotText", "bad-ref")],
)
def test_unusable_ref_is_an_error_at_the_ref(
    document: Document, name: str, code: str
) -> None:
    diagnostic = _ref_error(document, name)
    assert diagnostic.code == code
    assert diagnostic.location.pointer == f"/components/schemas/{name}/$ref"
    assert diagnostic.location.line is not None


def test_remote_ref_message_says_the_network_is_not_used(document: Document) -> None:
    assert "network" in _ref_error(document, "Remote").message


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_ref_to_another_file_is_followed_relative_to_the_referring_file(
    tmp_path: Path,
) -> None:
    root = _write(tmp_path, "api.yaml", "pet: {$ref: 'schemas/pet.yaml#/Pet'}\n")
    _write(tmp_path, "schemas/pet.yaml", "Pet: {$ref: 'common.yaml#/Name'}\n")
    _write(tmp_path, "schemas/common.yaml", "Name: {type: string}\n")
    document = load_spec(root)
    value, key = resolve_ref(document, document.data["pet"], "/pet")
    assert value == {"type": "string"}
    assert key == "schemas/common.yaml#/Name"
    location = document.location(key)
    assert (location.file, location.pointer, location.line) == (
        str(tmp_path / "schemas" / "common.yaml"),
        "/Name",
        1,
    )


def test_ref_cycle_across_files_is_reported(tmp_path: Path) -> None:
    root = _write(tmp_path, "api.yaml", "a: {$ref: 'b.yaml#/B'}\n")
    _write(tmp_path, "b.yaml", "B: {$ref: 'api.yaml#/a'}\n")
    document = load_spec(root)
    with pytest.raises(SpecError) as caught:
        resolve_ref(document, document.data["a"], "/a")
    assert caught.value.diagnostic is not None
    assert caught.value.diagnostic.code == "ref-cycle"


def test_ref_to_a_missing_file_names_the_file(tmp_path: Path) -> None:
    root = _write(tmp_path, "api.yaml", "a: {$ref: 'gone.yaml#/A'}\n")
    document = load_spec(root)
    with pytest.raises(SpecError) as caught:
        resolve_ref(document, document.data["a"], "/a")
    diagnostic = caught.value.diagnostic
    assert diagnostic is not None
    assert diagnostic.code == "missing-ref"
    assert "gone.yaml" in diagnostic.message
    assert (diagnostic.location.pointer, diagnostic.location.line) == ("/a/$ref", 1)


def test_percent_encoded_ref_is_decoded(tmp_path: Path) -> None:
    # A $ref is a URI reference: its fragment is percent-encoded (RFC 6901, 6).
    path = tmp_path / "spec.yaml"
    path.write_text(
        "paths:\n"
        "  /pets/{id}:\n"
        "    get: {operationId: getPet}\n"
        "alias:\n"
        "  $ref: '#/paths/~1pets~1%7Bid%7D/get'\n",
        encoding="utf-8",
    )
    document = load_spec(path)
    value, pointer = resolve_ref(document, document.data["alias"], "/alias")
    assert value == {"operationId": "getPet"}
    assert pointer == "/paths/~1pets~1{id}/get"
