"""A run whose inputs and output are as the last run left them does nothing.

The record of the last run (in the user cache) holds a fingerprint of the
spec files, the options, the template folder, the formatter and the
generator's own code, with the manifest that run wrote. When all of it and
every generated file still match, `generate` and `check` neither load nor
render; any difference, and anything unreadable, runs the whole pipeline,
whose output is the same as a cold run's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

import generator.fingerprint as fingerprint
import generator.load as load_module
import generator.pipeline as pipeline
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.options import Options
from generator.pipeline import check_output, generate
from generator.records import replace
from generator.write import MANIFEST

SPEC = """\
openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
paths:
  /pets/{petId}:
    get:
      tags: [pets]
      operationId: getPet
      summary: Get a pet
      parameters:
        - name: petId
          in: path
          required: true
          schema:
            type: integer
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "common.yaml#/Pet"
"""

COMMON = """\
Pet:
  type: object
  properties:
    name:
      type: string
      description: The pet's name.
"""


@pytest.fixture
def options(tmp_path: Path) -> Options:
    """Return options for a spec whose schema lives in a second file."""
    (tmp_path / "common.yaml").write_text(COMMON, "utf-8")
    spec = tmp_path / "api.yaml"
    spec.write_text(SPEC, "utf-8")
    return Options(spec=spec, output=tmp_path / "out", package="pets")


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "user-cache"


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the spec files the load stage reads, in this process."""
    calls: list[Path] = []
    real = load_module.load_spec

    def counting(path: Path, **keywords: str | None) -> load_module.Document:
        calls.append(path)
        return real(path, **keywords)

    monkeypatch.setattr(load_module, "load_spec", counting)
    return calls


def _run(options: Options, cache: Path | None) -> tuple[bool, Diagnostics]:
    diagnostics = Diagnostics()
    result = generate(options, diagnostics=diagnostics, cache=cache)
    return result.up_to_date, diagnostics


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _same_as_cold_run(options: Options) -> None:
    """Assert `options.output` is what a run without any cache writes."""
    cold = replace(options, output=options.output.parent / "cold")
    _run(cold, cache=None)
    assert _files(options.output) == _files(cold.output)


def test_no_change_run_loads_and_renders_nothing(
    options: Options, cache: Path, loads: list[Path]
) -> None:
    assert _run(options, cache) == (False, Diagnostics())
    assert loads, "the first run loads the spec"
    before = {p: p.stat().st_mtime_ns for p in options.output.rglob("*")}
    loads.clear()

    up_to_date, diagnostics = _run(options, cache)
    assert up_to_date
    assert not diagnostics.items
    assert loads == []
    assert {p: p.stat().st_mtime_ns for p in options.output.rglob("*")} == before
    assert check_output(options, diagnostics=Diagnostics(), cache=cache) == ""
    assert loads == []
    _same_as_cold_run(options)


def test_no_change_run_does_not_import_jinja2(options: Options, cache: Path) -> None:
    _run(options, cache)
    script = textwrap.dedent("""
        import sys
        from generator.cli import main
        try:
            main(sys.argv[1:])
        except SystemExit as exc:
            assert not exc.code, exc.code
        print("jinja2" in sys.modules, "generator.build" in sys.modules)
        """)
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache.parent)}
    for command in ("generate", "check"):
        # Pointing the cache elsewhere: the first run records, the second skips.
        arguments = [command, str(options.spec), "-o", str(options.output)]
        for expected in ("True True", "False False"):
            completed = subprocess.run(
                [sys.executable, "-c", script, *arguments],
                capture_output=True,
                text=True,
                env={**environment, "XDG_CACHE_HOME": str(cache / command)},
                check=True,
            )
            assert completed.stdout.split() == expected.split(), completed.stderr


def test_edited_referenced_file_runs_everything(
    options: Options, cache: Path, loads: list[Path]
) -> None:
    _run(options, cache)
    (options.spec.parent / "common.yaml").write_text(
        COMMON.replace("The pet's name.", "What the pet answers to."), "utf-8"
    )
    loads.clear()

    assert _run(options, cache)[0] is False
    assert loads
    assert "What the pet answers to." in (
        options.output / "pets/models/pet.py"
    ).read_text("utf-8")
    _same_as_cold_run(options)


def test_edited_main_spec_runs_everything(options: Options, cache: Path) -> None:
    _run(options, cache)
    options.spec.write_text(SPEC.replace("Get a pet", "Fetch a pet"), "utf-8")
    assert _run(options, cache)[0] is False
    _same_as_cold_run(options)


def test_renamed_spec_runs_everything(options: Options, cache: Path) -> None:
    # A `$ref` naming the spec's own file means the spec itself: the name counts.
    _run(options, cache)
    renamed = options.spec.with_name("renamed.yaml")
    options.spec.rename(renamed)
    assert _run(replace(options, spec=renamed), cache)[0] is False


@pytest.mark.parametrize(
    "change",
    [
        {"package": "animals"},
        {"include": ("tag:pets",)},
        {"renames": (("get_pet", "fetch_pet"),)},
        {"strict": True},
    ],
    ids=["package", "include", "renames", "strict"],
)
def test_changed_option_runs_everything(
    options: Options, cache: Path, change: dict[str, object]
) -> None:
    _run(options, cache)
    changed = replace(options, **change)
    assert _run(changed, cache)[0] is False
    assert _run(changed, cache)[0] is True
    _same_as_cold_run(changed)


def test_changed_user_template_runs_everything(
    options: Options, cache: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    custom = templates / "pyproject.toml.jinja"
    custom.write_text('{% include "builtin/pyproject.toml.jinja" %}# one\n', "utf-8")
    options = replace(options, templates=templates)
    _run(options, cache)
    assert _run(options, cache)[0] is True

    custom.write_text('{% include "builtin/pyproject.toml.jinja" %}# two\n', "utf-8")
    assert _run(options, cache)[0] is False
    assert (options.output / "pyproject.toml").read_text("utf-8").endswith("# two\n")
    _same_as_cold_run(options)


def test_hand_edited_output_runs_everything(options: Options, cache: Path) -> None:
    _run(options, cache)
    edited = options.output / "pets" / "client.py"
    edited.write_text(edited.read_text("utf-8") + "# mine\n", "utf-8")

    up_to_date, diagnostics = _run(options, cache)
    assert not up_to_date
    assert [d.code for d in diagnostics] == ["edited-output"]
    _same_as_cold_run(options)
    # The edit was replaced; the files are again as the record says.
    assert _run(options, cache)[0] is True


def test_deleted_output_file_runs_everything(options: Options, cache: Path) -> None:
    _run(options, cache)
    (options.output / "pets" / "errors.py").unlink()
    assert _run(options, cache)[0] is False
    _same_as_cold_run(options)


def test_new_generator_code_runs_everything(
    options: Options, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(options, cache)
    monkeypatch.setattr(fingerprint, "code_fingerprint", lambda: "another generator")
    assert _run(options, cache)[0] is False
    assert _run(options, cache)[0] is True


def test_new_formatter_runs_everything(
    options: Options, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(options, cache)
    monkeypatch.setattr(pipeline, "FORMATTER", "black 0.1")
    assert _run(options, cache)[0] is False


def test_code_fingerprint_covers_the_generator_and_its_templates() -> None:
    package = Path(fingerprint.__file__).parent
    assert (package / "pipeline.py").is_file()
    # The fingerprint is a hash of the files; it must be stable in a process.
    assert fingerprint.code_fingerprint() == fingerprint.code_fingerprint()
    assert len(fingerprint.code_fingerprint()) == 64


@pytest.mark.parametrize("damage", ["garbage", "missing", "not a folder"])
def test_damaged_cache_runs_everything_and_never_fails(
    options: Options, cache: Path, damage: str
) -> None:
    _run(options, cache)
    records = sorted((cache / fingerprint.RECORDS).iterdir())
    assert len(records) == 1
    if damage == "garbage":
        records[0].write_text("{not json", "utf-8")
        for compiled in (cache / "templates").iterdir():
            compiled.write_bytes(b"\0garbage")
    elif damage == "missing":
        records[0].unlink()
    else:
        import shutil

        shutil.rmtree(cache)
        cache.write_text("a file where the cache folder should be", "utf-8")
    assert _run(options, cache) == (False, Diagnostics())
    _same_as_cold_run(options)


def test_run_with_warnings_is_not_recorded(options: Options, cache: Path) -> None:
    # A cookie parameter is left out with a warning, which every run shows.
    cookie = SPEC.replace("in: path", "in: cookie").replace("/pets/{petId}", "/pets")
    options.spec.write_text(cookie, "utf-8")
    for _ in range(2):
        up_to_date, diagnostics = _run(options, cache)
        assert not up_to_date
        assert [d.code for d in diagnostics] == ["unsupported-parameter"]


def test_compiled_templates_are_kept_in_the_cache(
    options: Options, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(options, cache)
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, *args: object) -> object:
        compiled.append(str(args[:1]))
        return real(self, source, *args)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    cold = replace(options, output=options.output.parent / "again")
    _run(cold, cache)
    assert compiled == []
    assert _files(cold.output) == _files(options.output)
    assert os.listdir(cache) and not (options.output / "templates").exists()


def test_check_reports_a_hand_edit_after_a_recorded_run(
    options: Options, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    arguments = [str(options.spec), "-o", str(options.output), "--package", "pets"]
    runner = CliRunner()
    assert runner.invoke(main, ["generate", *arguments]).exit_code == 0
    assert runner.invoke(main, ["check", *arguments]).exit_code == 0
    client = options.output / "pets" / "client.py"
    client.write_text(client.read_text("utf-8") + "# mine\n", "utf-8")

    result = runner.invoke(main, ["check", *arguments])
    assert result.exit_code == 1
    assert "+++ b/pets/client.py" in result.stdout
    assert "-# mine" in result.stdout
    assert "out of date" in result.stderr


def test_cache_is_never_written_into_the_project_or_output(
    options: Options, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_home = tmp_path / "home-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.chdir(tmp_path)
    arguments = [str(options.spec), "-o", str(options.output), "--package", "pets"]
    for _ in range(2):
        assert CliRunner().invoke(main, ["generate", *arguments]).exit_code == 0
    manifest = json.loads((options.output / MANIFEST).read_text("utf-8"))
    on_disk = {
        path.relative_to(options.output).as_posix()
        for path in options.output.rglob("*")
        if path.is_file()
    }
    assert on_disk == {*manifest["files"], MANIFEST}
    assert sorted(os.listdir(cache_home / "generator")) == ["runs", "templates"]
    assert sorted(os.listdir(tmp_path)) == [
        "api.yaml",
        "common.yaml",
        "home-cache",
        "out",
    ]


def test_template_folder_digests_follow_linked_folders(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "footer.md").write_text("team A\n", encoding="utf-8")
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "parts").symlink_to(shared)
    # A link back up must not send the walk round in circles.
    (shared / "loop").symlink_to(templates)
    before = fingerprint._folder_digests(templates)
    assert "parts/footer.md" in before
    (shared / "footer.md").write_text("team B\n", encoding="utf-8")
    assert fingerprint._folder_digests(templates) != before


def test_files_named_like_generated_files_are_still_compared(
    options: Options, cache: Path
) -> None:
    # The record keeps spec files and generated files apart by kind: a spec
    # and a $ref target named like generated files are compared as inputs.
    spec = options.spec.with_name("output:README.md")
    spec.write_text(SPEC.replace("common.yaml#", "output:pyproject.toml#"), "utf-8")
    common = options.spec.with_name("output:pyproject.toml")
    common.write_text(COMMON, "utf-8")
    named = replace(options, spec=spec)
    assert not _run(named, cache)[0]
    assert _run(named, cache)[0]
    for changed in (spec, common):
        text = changed.read_text("utf-8")
        changed.write_text(text + "# changed\n", "utf-8")
        assert not _run(named, cache)[0], changed.name
        assert _run(named, cache)[0]


def test_leftovers_beside_the_folder_an_output_link_names_run_everything(
    options: Options, cache: Path
) -> None:
    real = options.output.with_name("real")
    real.mkdir()
    linked = replace(options, output=options.output.with_name("link"))
    linked.output.symlink_to(real / "pkg")
    assert not _run(linked, cache)[0]
    assert _run(linked, cache)[0]
    # What a killed run leaves: the writer works beside the real folder.
    (real / ".pkg.old-x").mkdir()
    assert not _run(linked, cache)[0]
    assert not (real / ".pkg.old-x").exists()
