"""Unit tests of generator.load: spec files become data with findable positions.

Covers YAML and JSON loading, duplicate keys, syntax errors, empty and
non-UTF-8 files, recursive aliases and nesting limits (each a SpecError whose
diagnostic has a code and, where one exists, a 1-based line and column),
Document.location for nested and escaped JSON pointers, and YAML scalars that
must stay text. Every test runs with libyaml's C loader and with the pure
Python one: the loader may change the wording of a YAML syntax error, never a
line or a column.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import generator.load as load_module
from generator.cli import main
from generator.diagnostics import Diagnostic, Severity, SpecError
from generator.load import Document, load_spec, split_pointer

CORPUS = Path(__file__).parent / "corpus"
LOADERS = {"c": getattr(yaml, "CSafeLoader", None), "pure": yaml.SafeLoader}


def _use_loader(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    loader = LOADERS[name]
    if loader is None:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(load_module, "safe_loader", lambda: loader)


@pytest.fixture(autouse=True, params=sorted(LOADERS))
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test with each YAML loader."""
    _use_loader(monkeypatch, request.param)
    return str(request.param)


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _load_error(path: Path) -> Diagnostic:
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    diagnostic = caught.value.diagnostic
    assert diagnostic is not None
    assert diagnostic.severity is Severity.ERROR
    return diagnostic


def test_load_spec_reads_yaml(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "spec.yaml",
        "openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1.0'\npaths: {}\n",
    )
    document = load_spec(path)
    assert document.data == {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0"},
        "paths": {},
    }
    assert document.path == path
    assert document.display_name == str(path)
    assert document.text == path.read_text(encoding="utf-8")


def test_load_spec_reads_json(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "spec.json",
        '{"openapi": "3.1.0", "info": {"title": "Pets", "version": "1"}, '
        '"paths": {}, "x": [1, 2.5, true, null]}',
    )
    document = load_spec(path, display_name="shown.json")
    assert document.data == {
        "openapi": "3.1.0",
        "info": {"title": "Pets", "version": "1"},
        "paths": {},
        "x": [1, 2.5, True, None],
    }
    assert document.display_name == "shown.json"


def test_load_spec_reads_json_content_in_a_yaml_named_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "spec.yaml", '{"a": {"b": [1, 2]}}')
    assert load_spec(path).data == {"a": {"b": [1, 2]}}


def test_duplicate_key_in_yaml_is_an_error_at_the_second_key(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "dup.yaml",
        "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n    post: {}\n    get: {}\n",
    )
    diagnostic = _load_error(path)
    assert diagnostic.code == "duplicate-key"
    assert "'get'" in diagnostic.message
    assert diagnostic.location.file == str(path)
    assert (diagnostic.location.line, diagnostic.location.column) == (6, 5)


def test_duplicate_key_in_json_is_an_error_at_the_second_key(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "dup.json",
        '{\n  "a": 1,\n  "b": {\n    "c": 2,\n    "d": 3,\n      "c": 4\n  }\n}\n',
    )
    diagnostic = _load_error(path)
    assert diagnostic.code == "duplicate-key"
    assert "'c'" in diagnostic.message
    assert (diagnostic.location.line, diagnostic.location.column) == (6, 7)


def test_duplicate_key_in_tab_indented_json_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, "dup.json", '{\n\t"a": 1,\n\t"a": 2\n}\n')
    diagnostic = _load_error(path)
    assert diagnostic.code == "duplicate-key"
    assert (diagnostic.location.line, diagnostic.location.column) == (3, 2)


def test_yaml_syntax_error_reports_its_position(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "bad.yaml", "openapi: 3.0.3\ninfo:\n  title: x\n version: 1\n"
    )
    diagnostic = _load_error(path)
    assert diagnostic.code == "syntax"
    assert diagnostic.message.startswith("invalid YAML: ")
    assert (diagnostic.location.line, diagnostic.location.column) == (4, 2)


def test_unclosed_flow_sequence_is_a_yaml_syntax_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.yaml", "a: 1\ntags: [x, y\nb: 2\n")
    diagnostic = _load_error(path)
    assert diagnostic.code == "syntax"
    assert diagnostic.location.line == 3


def test_json_syntax_error_reports_its_position(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", '{\n  "a": 1,\n  "b": ,\n}\n')
    diagnostic = _load_error(path)
    assert diagnostic.code == "syntax"
    assert diagnostic.message.startswith("invalid JSON: ")
    assert (diagnostic.location.line, diagnostic.location.column) == (3, 8)


@pytest.mark.parametrize("content", ["", "\n\n   \n", "# only a comment\n"])
def test_empty_yaml_file_is_an_error(tmp_path: Path, content: str) -> None:
    diagnostic = _load_error(_write(tmp_path, "empty.yaml", content))
    assert diagnostic.code == "empty"
    assert diagnostic.location.line is None


def test_empty_json_file_is_an_error(tmp_path: Path) -> None:
    diagnostic = _load_error(_write(tmp_path, "empty.json", ""))
    assert diagnostic.code == "syntax"


def test_non_utf8_file_is_an_encoding_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "latin1.yaml", "title: café\n".encode("latin-1"))
    diagnostic = _load_error(path)
    assert diagnostic.code == "encoding"
    assert "UTF-8" in diagnostic.message
    assert diagnostic.location.file == str(path)


def test_missing_file_is_an_unreadable_error(tmp_path: Path) -> None:
    diagnostic = _load_error(tmp_path / "missing.yaml")
    assert diagnostic.code == "unreadable"


@pytest.mark.parametrize(
    "content", ["a: &x\n  b: *x\n", "a: &x [1, *x]\n", "a: &x\n  - b: *x\n"]
)
def test_recursive_alias_is_an_error(tmp_path: Path, content: str) -> None:
    diagnostic = _load_error(_write(tmp_path, "alias.yaml", content))
    assert diagnostic.code == "recursive-alias"
    assert (diagnostic.location.line, diagnostic.location.column) == (1, 4)


def test_non_recursive_alias_is_expanded(tmp_path: Path) -> None:
    path = _write(tmp_path, "alias.yaml", "a: &x {type: string}\nb: *x\n")
    assert load_spec(path).data == {"a": {"type": "string"}, "b": {"type": "string"}}


def test_mapping_as_key_is_an_error(tmp_path: Path) -> None:
    diagnostic = _load_error(_write(tmp_path, "key.yaml", "a: 1\n? [1, 2]\n: 3\n"))
    assert diagnostic.code == "bad-key"
    assert diagnostic.location.line == 2


def test_deeply_nested_yaml_is_a_spec_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.yaml", "[" * 5000 + "]" * 5000)
    diagnostic = _load_error(path)
    assert diagnostic.code in ("syntax", "too-deep")


def test_deeply_nested_json_is_a_spec_error_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    diagnostic = _load_error(path)
    assert diagnostic.code in ("syntax", "too-deep")


def test_yaml_timestamps_stay_strings(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "ts.yaml",
        "date: 2020-01-31\n"
        "datetime: 2001-12-14t21:59:43.10-05:00\n"
        "spaced: 2001-12-14 21:59:43.10 -5\n"
        "binary: !!binary aGVsbG8=\n",
    )
    assert load_spec(path).data == {
        "date": "2020-01-31",
        "datetime": "2001-12-14t21:59:43.10-05:00",
        "spaced": "2001-12-14 21:59:43.10 -5",
        "binary": "aGVsbG8=",
    }


def test_yaml_numbers_booleans_and_nulls_keep_their_types(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "s.yaml", "i: 42\nf: 1.5\nt: true\nn: null\ntilde: ~\nq: '42'\n"
    )
    assert load_spec(path).data == {
        "i": 42,
        "f": 1.5,
        "t": True,
        "n": None,
        "tilde": None,
        "q": "42",
    }


_NESTED_YAML = """\
openapi: 3.0.3
paths:
  /pets/{id}~v2:
    get:
      parameters:
        - name: id
          in: path
        - name: limit
          in: query
          schema: {type: integer, maximum: 50}
"""

_NESTED_JSON = """\
{
  "openapi": "3.0.3",
  "paths": {
    "/pets/{id}~v2": {
      "get": {
        "parameters": [
          {"name": "id", "in": "path"},
          {"name": "limit", "in": "query",
           "schema": {"type": "integer", "maximum": 50}}
        ]
      }
    }
  }
}
"""

_POINTER = "/paths/~1pets~1{id}~0v2/get/parameters/1/schema/maximum"


def test_location_of_a_nested_escaped_pointer_in_yaml(tmp_path: Path) -> None:
    document = load_spec(_write(tmp_path, "spec.yaml", _NESTED_YAML))
    location = document.location(_POINTER)
    assert location.file == str(tmp_path / "spec.yaml")
    assert location.pointer == _POINTER
    line = _NESTED_YAML.splitlines()[9]
    assert (location.line, location.column) == (10, line.index("50") + 1)


def test_location_of_a_nested_escaped_pointer_in_json(tmp_path: Path) -> None:
    document = load_spec(_write(tmp_path, "spec.json", _NESTED_JSON))
    location = document.location(_POINTER)
    line = _NESTED_JSON.splitlines()[8]
    assert (location.line, location.column) == (9, line.index("50") + 1)


def test_location_of_a_sequence_item_points_at_the_item(tmp_path: Path) -> None:
    document = load_spec(_write(tmp_path, "spec.yaml", _NESTED_YAML))
    location = document.location("/paths/~1pets~1{id}~0v2/get/parameters/1")
    assert (location.line, location.column) == (8, 11)


def test_location_stops_at_the_deepest_existing_node(tmp_path: Path) -> None:
    document = load_spec(_write(tmp_path, "spec.json", _NESTED_JSON))
    location = document.location("/paths/~1pets~1{id}~0v2/get/nothing/here")
    assert (location.line, location.column) == (5, 14)
    assert location.pointer == "/paths/~1pets~1{id}~0v2/get/nothing/here"


def test_location_of_the_empty_pointer_is_the_document_start(tmp_path: Path) -> None:
    document = load_spec(_write(tmp_path, "spec.yaml", _NESTED_YAML))
    location = document.location("")
    assert (location.line, location.column) == (1, 1)
    assert str(location) == f"{tmp_path / 'spec.yaml'}:1:1"


def test_location_without_a_parseable_text_has_no_position(tmp_path: Path) -> None:
    document = Document(tmp_path / "x.yaml", "x.yaml", "a: [", {"a": 1})
    location = document.location("/a")
    assert (location.line, location.column) == (None, None)
    assert str(location) == "x.yaml"


def test_split_pointer_unescapes_tilde_and_slash() -> None:
    assert split_pointer("") == []
    assert split_pointer("/a~1b/~0c/~01/0") == ["a/b", "~c", "~1", "0"]


def _corpus_cases() -> list[str]:
    from test_corpus import EXPECTED, HOSTILE

    return sorted(name for name in EXPECTED if name not in HOSTILE)


def _located(line: str) -> str:
    """Return the `file:line:column: severity[code]` part of a diagnostic line."""
    match = re.match(r"\S+?(:\d+)*: \w+\[[\w-]+\]", line)
    return match.group(0) if match else line


@pytest.mark.parametrize("name", _corpus_cases())
def test_corpus_diagnostics_point_where_they_always_did(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_corpus import EXPECTED

    shutil.copytree(CORPUS, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate", name, "-o", "out", "-q"])
    status, first, _ = EXPECTED[name]
    lines = result.stderr.splitlines()
    assert result.exit_code == status
    assert _located(lines[0] if lines else "") == _located(first)


NON_ASCII = {
    "doc.json": '{"title": "h\u00e9llo \U0001f600", "b": {"c": 1}}',
    "doc.yaml": 'x: "h\u00e9llo \U0001f600"\ny: {a: "\U0001f600", b: [1, 2]}\n',
}


@pytest.mark.parametrize("name", sorted(NON_ASCII))
def test_columns_count_characters_after_non_ascii_text(
    name: str, tmp_path: Path
) -> None:
    document = load_spec(_write(tmp_path, name, NON_ASCII[name]))
    expected = {
        "doc.json": {"/b/c": (1, 33), "/title": (1, 11)},
        "doc.yaml": {"/y/b/1": (2, 20), "/y/a": (2, 8), "/x": (1, 4)},
    }[name]
    for pointer, position in expected.items():
        location = document.location(pointer)
        assert (location.line, location.column) == position, pointer


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('x: "\U0001f600\U0001f600" : [\n', (1, 9)),
        ("x: \U0001f600\ny: [a, b\n", (3, 1)),
        ("x:\n\t- 1\n", (2, 1)),
    ],
)
def test_yaml_syntax_errors_after_non_ascii_text_are_located(
    tmp_path: Path, text: str, position: tuple[int, int]
) -> None:
    diagnostic = _load_error(_write(tmp_path, "bad.yaml", text))
    assert diagnostic.code == "syntax"
    assert (diagnostic.location.line, diagnostic.location.column) == position


def test_json_without_diagnostics_is_read_without_the_yaml_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> None:
        raise AssertionError("the YAML parser was used")

    monkeypatch.setattr(load_module, "safe_loader", refuse)
    document = load_spec(_write(tmp_path, "doc.json", NON_ASCII["doc.json"]))
    assert document.data["b"] == {"c": 1}
