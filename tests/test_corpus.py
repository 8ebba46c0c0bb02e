"""The corpus: one small broken or hostile spec per kind of fault, through the CLI.

Each file in tests/corpus/ is copied into a fresh working folder and run as
`generator generate FILE -o out -q`; EXPECTED gives, for each, the exit
status and the exact first and last lines of stderr (empty for none). A spec
that fails writes nothing and shows no traceback, even with --debug. The
hostile specs (hostile-text.yaml, hostile-names.yaml) must generate a
package in which no spec text became code and no file lies outside `out`,
and which passes mypy --strict. To add a case, add a file and its line here.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import deadline
from generator.cli import main

CORPUS = Path(__file__).parent / "corpus"
HOSTILE = ("hostile-names.yaml", "hostile-text.yaml")
# The identifier every payload of hostile-text.yaml tries to call.
SENTINEL = "PWNED"

EXPECTED: dict[str, tuple[int, str, str]] = {
    "alias-bomb.yaml": (
        1,
        "alias-bomb.yaml:10:6: error[too-large]: the document holds more than "
        "1,000,000 values once YAML aliases are expanded (an alias repeats the whole "
        "node it names); use $ref for shared parts, or split the spec into files "
        "joined by $ref",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "array-of-itself.yaml": (
        1,
        "array-of-itself.yaml:17:21: error[ref-cycle]: schema 'Pet' contains itself "
        "through this $ref without passing an object with properties, so it has no "
        "Python type; make the repeated part an object schema with properties (at "
        "/components/schemas/Pet/items/$ref)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "bad-status.yaml": (
        1,
        "bad-status.yaml:7:9: error[bad-value]: response status '2OO' is not a "
        "status code; use a code such as '200', a range such as '2XX', or 'default' "
        "(at /paths/~1pets/get/responses/2OO)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "cookie-parameter.yaml": (
        0,
        "cookie-parameter.yaml:7:31: warning[unsupported-parameter]: parameter "
        "'session' is in 'cookie'; only path, query and header parameters are "
        "generated, so the client does not send it (at "
        "/paths/~1pets/get/parameters/0/in)",
        "                                  ^",
    ),
    "deep-nesting.json": (
        1,
        "deep-nesting.json:1:291: error[too-deep]: the document nests more than 200 "
        "levels deep; give deeply nested schemas names under components/schemas and "
        "refer to them (at /x-deep" + "/0" * 199 + ")",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "deep-nesting.yaml": (
        1,
        "deep-nesting.yaml:4:208: error[too-deep]: the document nests more than 200 "
        "levels deep; give deeply nested schemas names under components/schemas and "
        "refer to them",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "duplicate-key.json": (
        1,
        "duplicate-key.json:5:3: error[duplicate-key]: duplicate key 'paths'; each "
        "key may appear once in a mapping",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "duplicate-key.yaml": (
        1,
        "duplicate-key.yaml:19:9: error[duplicate-key]: duplicate key 'name'; each "
        "key may appear once in a mapping",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "empty.yaml": (
        1,
        "empty.yaml: error[empty]: the file is empty; expected an OpenAPI document",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "hostile-names.yaml": (
        0,
        "",
        "",
    ),
    "hostile-text.yaml": (
        0,
        "",
        "",
    ),
    "json-syntax.json": (
        1,
        "json-syntax.json:5:1: error[syntax]: invalid JSON: Expecting property name "
        "enclosed in double quotes",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "missing-file-ref.yaml": (
        1,
        "missing-file-ref.yaml:15:17: error[missing-ref]: $ref "
        "'common/pet.yaml#/Pet' names a file that cannot be read: cannot read the "
        "file: No such file or directory (at /components/schemas/Pet/$ref)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "missing-info.yaml": (
        1,
        "missing-info.yaml:1:1: error[missing-field]: the document has no 'info', "
        "which OpenAPI requires; add info: {title: My API, version: '1.0'}",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "missing-paths.yaml": (
        1,
        "missing-paths.yaml:1:1: error[missing-field]: the document has no 'paths', "
        "which OpenAPI 3.0 requires; add paths: {} if it has no operations yet",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "missing-ref.yaml": (
        1,
        "missing-ref.yaml:18:23: error[missing-ref]: $ref "
        "'#/components/schemas/Owner' points at nothing: there is no 'Owner' at that "
        "place in the document (at /components/schemas/Pet/properties/owner/$ref)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "missing-responses.yaml": (
        1,
        "missing-responses.yaml:6:7: error[missing-field]: the GET operation of "
        "'/pets' has no 'responses', which OpenAPI 3.0 requires; add at least one, "
        "for example '200': {description: OK} (at /paths/~1pets/get)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "missing-title.yaml": (
        1,
        "missing-title.yaml:3:3: error[missing-field]: 'info' has no 'title', which "
        "OpenAPI requires; add the API's name: title: My API (at /info)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "model-chain-too-deep.yaml": (
        1,
        "model-chain-too-deep.yaml:113:30: error[too-deep]: schemas nest more than "
        "100 levels deep here (counting properties, items, allOf parts and $ref "
        "steps); give the inner schemas names under components/schemas (at "
        "/components/schemas/M99/properties/next)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "not-a-mapping.yaml": (
        1,
        "not-a-mapping.yaml:1:1: error[not-openapi]: the document is a list, not a "
        "mapping; expected an OpenAPI 3.x object that starts with openapi: 3.0.3",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "not-utf8.yaml": (
        1,
        "not-utf8.yaml:4:12: error[encoding]: not UTF-8 text (invalid continuation "
        "byte); save the file as UTF-8",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "openapi-4.yaml": (
        1,
        "openapi-4.yaml:1:10: error[unsupported-version]: expected 'openapi: 3.0.x' "
        "or '3.1.x' (a string), found '4.0.0' (at /openapi)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "openapi-number.yaml": (
        1,
        "openapi-number.yaml:1:10: error[unsupported-version]: expected 'openapi: "
        "3.0.x' or '3.1.x' (a string), found 3.0 (at /openapi)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "parameter-in-body.yaml": (
        1,
        "parameter-in-body.yaml:8:15: error[bad-value]: parameter 'pet' is in "
        "'body'; a parameter is in path, query, header or cookie (a body is a "
        "requestBody) (at /paths/~1pets/post/parameters/0/in)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "parameter-without-in.yaml": (
        1,
        "parameter-without-in.yaml:7:11: error[missing-field]: the parameter has no "
        "'in', which OpenAPI requires; add where it goes: in: query (or path, "
        "header, cookie) (at /paths/~1pets/get/parameters/0)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "parameters-not-list.yaml": (
        1,
        "parameters-not-list.yaml:7:9: error[bad-type]: 'parameters' must be a list "
        "of parameters, found a mapping (at /paths/~1pets/get/parameters)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "path-without-slash.yaml": (
        1,
        "path-without-slash.yaml:4:3: error[bad-value]: path 'pets' does not start "
        "with '/'; write '/pets', the path relative to the server URL (at "
        "/paths/pets)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "properties-list.yaml": (
        1,
        "properties-list.yaml:18:9: error[bad-type]: 'properties' must be a mapping "
        "of property names to schemas, found a list (at "
        "/components/schemas/Pet/properties)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "recursive-alias.yaml": (
        1,
        "recursive-alias.yaml:6:10: error[recursive-alias]: an alias refers to a "
        "node that contains it",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "ref-bomb.yaml": (
        0,
        "",
        "",
    ),
    "ref-cycle.yaml": (
        1,
        "ref-cycle.yaml:16:20: error[ref-cycle]: $ref cycle: /components/schemas/Pet "
        "-> /components/schemas/Animal -> /components/schemas/Pet (at "
        "/components/schemas/Animal/$ref)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "remote-ref.yaml": (
        1,
        "remote-ref.yaml:15:17: error[remote-ref]: $ref "
        "'https://example.com/pet.yaml#/Pet' names a remote document; the generator "
        "does not use the network: download it next to the spec and refer to the "
        "file (at /components/schemas/Pet/$ref)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "required-not-list.yaml": (
        1,
        "required-not-list.yaml:20:21: error[bad-type]: 'required' must be a list of "
        "property names, found a boolean (true) (at "
        "/components/schemas/Pet/properties/id/required)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "several-faults.yaml": (
        1,
        "several-faults.yaml:2:7: error[missing-field]: 'info' has no 'version', "
        "which OpenAPI requires; add the API's version: version: '1.0' (at /info)",
        "failed: 4 errors, 0 warnings; nothing was written",
    ),
    "swagger-2.yaml": (
        1,
        "swagger-2.yaml:1:10: error[unsupported-version]: this is a Swagger 2.0 "
        "document; only OpenAPI 3.0 and 3.1 are supported (convert it first, for "
        "example with swagger2openapi) (at /swagger)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "unknown-type.yaml": (
        1,
        "unknown-type.yaml:18:22: error[unknown-type]: unknown schema type 'strng' "
        "(did you mean 'string'?); use one of array, boolean, integer, number, "
        "object, string (at /components/schemas/Pet/properties/name/type)",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
    "yaml-syntax.yaml": (
        1,
        "yaml-syntax.yaml:7:1: error[syntax]: invalid YAML: did not find expected "
        "node content",
        "failed: 1 error, 0 warnings; nothing was written",
    ),
}


def _generate(name: str, folder: Path, *flags: str) -> Result:
    """Run `generator generate NAME -o out -q` on a copy of a corpus file."""
    shutil.copy(CORPUS / name, folder / name)
    with deadline(60):
        result = CliRunner().invoke(main, ["generate", name, "-o", "out", *flags])
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(path.name for path in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_spec_gives_its_exit_status_and_message(
    name: str, workdir: Path
) -> None:
    status, first, last = EXPECTED[name]
    result = _generate(name, workdir, "-q")
    lines = result.stderr.splitlines() or [""]
    assert (result.exit_code, lines[0], lines[-1]) == (status, first, last)
    assert (workdir / "out").exists() == (status == 0)


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e[0]))
def test_corpus_error_shows_no_traceback_even_with_debug(
    name: str, workdir: Path
) -> None:
    result = _generate(name, workdir, "-q", "--debug")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == EXPECTED[name][1]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_corpus_spec_generates_inert_code(name: str, workdir: Path) -> None:
    assert _generate(name, workdir, "-q").exit_code == 0
    files = [p for p in workdir.rglob("*") if p.is_file()]
    assert {p for p in files if "out" not in p.relative_to(workdir).parts} == {
        workdir / name
    }
    for path in files:
        if path.suffix == ".py":
            assert not _code_named(ast.parse(path.read_text(encoding="utf-8")))
    project = tomllib.loads((workdir / "out" / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["name"] == "out"


def _code_named(tree: ast.AST) -> list[str]:
    """Return the places where code uses SENTINEL: a call, a load or an attribute.

    A name made from spec text may spell it (an enum member `PWNED`); code
    that reads or calls it can only come from text that escaped its string.
    """
    found = []
    for node in ast.walk(tree):
        loaded = isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        if (loaded and node.id == SENTINEL) or getattr(node, "attr", "") == SENTINEL:
            found.append(ast.dump(node))
    return found


def test_hostile_text_lands_in_strings_and_docstrings(workdir: Path) -> None:
    assert _generate("hostile-text.yaml", workdir, "-q").exit_code == 0
    package = workdir / "out" / "out"
    model = ast.parse((package / "models" / "pet.py").read_text(encoding="utf-8"))
    (pet,) = [node for node in model.body if isinstance(node, ast.ClassDef)]
    # Cleaned (blanks joined, a period added), then escaped: the value is the text.
    assert ast.get_docstring(pet) == '\\""" PWNED() """\\.'
    assert 'name"); PWNED(); ("' in _strings(model)
    client = ast.parse((package / "client.py").read_text(encoding="utf-8"))
    assert 'https://api.example.com/"); PWNED(); ("' in _strings(client)
    kind = ast.parse((package / "models" / "kind.py").read_text(encoding="utf-8"))
    assert {'a"); PWNED(); ("', "b'''PWNED()'''", '\\"""', "{{ PWNED }}"} <= (
        _strings(kind)
    )


def _strings(tree: ast.AST) -> set[str]:
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_corpus_package_passes_mypy_strict(name: str, workdir: Path) -> None:
    assert _generate(name, workdir, "-q").exit_code == 0
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "out"],
        cwd=workdir / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_hostile_names_stay_inside_the_output_folder_as_safe_files(
    workdir: Path,
) -> None:
    assert _generate("hostile-names.yaml", workdir, "-q").exit_code == 0
    package = workdir / "out" / "out"
    modules = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py"))
    assert modules == [
        "__init__.py",
        "_call.py",
        "_client.py",
        "_errors.py",
        "_runtime.py",
        "api/__init__.py",
        "api/" + "b" * 100 + ".py",
        "api/con_.py",
        "api/escape.py",
        "api/etc_passwd.py",
        "api/nul_.py",
        "client.py",
        "errors.py",
        "models/__init__.py",
        "models/com1_.py",
        "models/con_.py",
        "models/etc_passwd.py",
        "models/evil.py",
        "models/init.py",
        "models/open_enum_2.py",
        "models/unexpected_status_2.py",
    ]
