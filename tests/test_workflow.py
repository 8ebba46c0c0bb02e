"""End-to-end tests of the build-step workflow, through the command line.

Covers `check` on the checked-in client, byte-identical output across hash
seeds, working folders and output paths, incremental regeneration that keeps
unchanged files (and their modification times), diffs that touch only the
files a spec change must touch, slices and renames, progress and summaries,
custom templates, the pre-commit hooks and shell completion. Subprocesses
run the code of this repository (through PYTHONPATH), whichever copy is
installed.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

import generator.cli
import generator.console
from conftest import REPO, SPEC
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.jinja_env import templates_dir
from generator.options import Options
from generator.pipeline import STAGES, generate_plan
from generator.report import progress_line
from generator.write import MANIFEST

PETS = """\
openapi: 3.0.3
info: {title: Pets, version: '1.0'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
  /owners/{id}:
    get:
      operationId: getOwner
      tags: [owners]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Owner'}
components:
  schemas:
    Pet:
      type: object
      properties: {name: {type: string}}
    Owner:
      type: object
      properties: {name: {type: string}}
"""

WITH_TOY = PETS.replace(
    "      properties: {name: {type: string}}\n    Owner:",
    "      properties: {name: {type: string}, toy: {$ref: '#/components/schemas/Toy'}}"
    "\n    Toy:\n      type: object\n      properties: {name: {type: string}}"
    "\n    Owner:",
)

WITH_DELETE = PETS.replace(
    "components:",
    """\
  /pets/{id}:
    delete:
      operationId: deletePet
      tags: [pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '204': {description: gone}
components:""",
)

WITHOUT_OWNERS = (
    PETS[: PETS.index("  /owners/{id}:")]
    + PETS[PETS.index("components:") : PETS.index("    Owner:")]
)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a fresh working folder holding pets.yaml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pets.yaml").write_text(PETS, encoding="utf-8")
    return tmp_path


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


def _run_module(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator` on the code of this repository."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Return {relative path: (inode, mtime_ns)} of every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): (
            path.stat().st_ino,
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _age(folder: Path) -> None:
    """Give every file an old mtime, so that any rewrite shows."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def _touched(result: Result, verb: str, output: str) -> set[str]:
    """Return the paths a -v run lists after `verb` ("wrote" or "removed")."""
    prefix = f"{verb} {output}/"
    return {
        line[len(prefix) :]
        for line in result.stderr.splitlines()
        if line.startswith(prefix)
    }


def _screen(text: str) -> str:
    """Return what a terminal shows for `text`: a carriage return rewrites a line."""
    shown = []
    for chunk in text.split("\n"):
        line: list[str] = []
        column = 0
        for character in chunk:
            if character == "\r":
                column = 0
                continue
            line[column : column + 1] = [character]
            column += 1
        shown.append("".join(line).rstrip())
    return "\n".join(shown)


# -- check on the checked-in client -----------------------------------------


def test_check_passes_on_the_checked_in_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    result = _run("check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == "generated/impersonatecart-client: up to date\n"


@pytest.mark.slow
def test_python_dash_m_generator_checks_the_checked_in_client() -> None:
    completed = _run_module("check", cwd=REPO)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stderr == "generated/impersonatecart-client: up to date\n"


# -- determinism --------------------------------------------------------------


@pytest.mark.slow
def test_output_is_byte_identical_across_hash_seeds_and_paths(tmp_path: Path) -> None:
    first = tmp_path / "one"
    second = tmp_path / "two" / "deeper"
    first.mkdir()
    second.mkdir(parents=True)
    shutil.copy(SPEC, first / "api.yaml")
    elsewhere = tmp_path / "elsewhere" / "other-name"

    one = _run_module(
        "generate", "api.yaml", "-o", "client", "--package", "shop",
        cwd=first, env={"PYTHONHASHSEED": "0"},
    )  # fmt: skip
    two = _run_module(
        "generate", str(first / "api.yaml"), "-o", str(elsewhere),
        "--package", "shop", cwd=second, env={"PYTHONHASHSEED": "4242"},
    )  # fmt: skip
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr

    files = _files(first / "client")
    assert files == _files(elsewhere)
    assert len(files) > 10
    today = date.today()
    for path, content in files.items():
        text = content.decode("utf-8")
        for needle in (str(tmp_path), str(REPO), str(Path.home()), "api.yaml"):
            assert needle not in text, (path, needle)
        for stamp in (today.isoformat(), f"{today:%Y%m%d}", f"{today:%d %b %Y}"):
            assert stamp not in text, (path, stamp)


def test_output_does_not_depend_on_the_order_of_schemas(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    document = yaml.safe_load(WITH_TOY)
    schemas = document["components"]["schemas"]
    document["components"]["schemas"] = dict(reversed(list(schemas.items())))
    (tmp_path / "a" / "pets.yaml").write_text(WITH_TOY, encoding="utf-8")
    (tmp_path / "b" / "pets.yaml").write_text(json.dumps(document), encoding="utf-8")

    def plan(folder: Path) -> dict[str, str]:
        options = Options(
            spec=folder / "pets.yaml", output=tmp_path / "out", package="pets"
        )
        return generate_plan(options, diagnostics=Diagnostics())

    assert list(schemas) != list(document["components"]["schemas"])
    assert plan(tmp_path / "a") == plan(tmp_path / "b")


# -- incremental regeneration -------------------------------------------------


def test_regeneration_with_nothing_changed_touches_no_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _run("generate", "pets.yaml", "-o", "client").exit_code == 0
    _age(workdir / "client")
    before = _stats(workdir / "client")

    def no_staging(*args: object, **kwargs: object) -> str:
        raise AssertionError("a run with nothing to change staged a new folder")

    monkeypatch.setattr(tempfile, "mkdtemp", no_staging)
    result = _run("generate", "pets.yaml", "-o", "client")
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(
        rf"client: 0 written, {len(before)} unchanged, 0 removed; 0 warnings "
        r"\(\d+\.\d\d s\)\n",
        result.stderr,
    )
    assert _stats(workdir / "client") == before


def test_hand_edited_file_is_warned_about_and_only_it_is_rewritten(
    workdir: Path,
) -> None:
    assert _run("generate", "pets.yaml", "-o", "client").exit_code == 0
    output = workdir / "client"
    pristine = (output / "README.md").read_bytes()
    (output / "README.md").write_bytes(pristine + b"my notes\n")
    (output / "client" / "extra.py").write_text("MINE = 1\n", encoding="utf-8")
    _age(output)
    before = _stats(output)

    result = _run("generate", "pets.yaml", "-o", "client", "-v")
    assert result.exit_code == 0, result.stderr
    assert "client/README.md: warning[edited-output]: " in result.stderr
    assert _touched(result, "wrote", "client") == {"README.md"}
    assert (output / "README.md").read_bytes() == pristine
    assert (output / "client" / "extra.py").read_text(encoding="utf-8") == "MINE = 1\n"
    after = _stats(output)
    del before["README.md"], after["README.md"]
    assert after == before


# -- stable diffs ---------------------------------------------------------------


def _regenerate(workdir: Path, old: str, new: str) -> Result:
    (workdir / "pets.yaml").write_text(old, encoding="utf-8")
    assert _run("generate", "pets.yaml", "-o", "client").exit_code == 0
    (workdir / "pets.yaml").write_text(new, encoding="utf-8")
    result = _run("generate", "pets.yaml", "-o", "client", "-v")
    assert result.exit_code == 0, result.stderr
    return result


def test_adding_a_schema_writes_only_the_files_that_mention_it(
    workdir: Path,
) -> None:
    result = _regenerate(workdir, PETS, WITH_TOY)
    assert _touched(result, "wrote", "client") == {
        "client/models/__init__.py",
        "client/models/pet.py",
        "client/models/toy.py",
        MANIFEST,
    }
    assert _touched(result, "removed", "client") == set()


def test_adding_an_operation_writes_its_module_and_the_readme(workdir: Path) -> None:
    result = _regenerate(workdir, PETS, WITH_DELETE)
    assert _touched(result, "wrote", "client") == {
        "README.md",
        "client/api/pets.py",
        MANIFEST,
    }
    assert _touched(result, "removed", "client") == set()


def test_removing_a_schema_removes_its_file_only(workdir: Path) -> None:
    result = _regenerate(workdir, WITH_TOY, PETS)
    assert _touched(result, "removed", "client") == {"client/models/toy.py"}
    assert _touched(result, "wrote", "client") == {
        "client/models/__init__.py",
        "client/models/pet.py",
        MANIFEST,
    }


def test_removing_a_tag_removes_its_generated_files_and_keeps_user_files(
    workdir: Path,
) -> None:
    (workdir / "pets.yaml").write_text(PETS, encoding="utf-8")
    assert _run("generate", "pets.yaml", "-o", "client").exit_code == 0
    user_file = workdir / "client" / "client" / "api" / "owners_extra.py"
    user_file.write_text("EXTRA = 1\n", encoding="utf-8")

    (workdir / "pets.yaml").write_text(WITHOUT_OWNERS, encoding="utf-8")
    result = _run("generate", "pets.yaml", "-o", "client", "-v")
    assert result.exit_code == 0, result.stderr
    assert _touched(result, "removed", "client") == {
        "client/api/owners.py",
        "client/models/owner.py",
    }
    assert user_file.read_text(encoding="utf-8") == "EXTRA = 1\n"
    assert not (workdir / "client" / "client" / "api" / "owners.py").exists()


# -- slices and renames --------------------------------------------------------


def test_include_flag_generates_only_the_selected_operations(workdir: Path) -> None:
    result = _run("generate", "pets.yaml", "-o", "client", "--include", "tag:pets")
    assert result.exit_code == 0, result.stderr
    package = workdir / "client" / "client"
    assert (package / "api" / "pets.py").is_file()
    assert not (package / "api" / "owners.py").exists()
    assert not (package / "models" / "owner.py").exists()


def test_configured_renames_reach_the_generated_code(workdir: Path) -> None:
    (workdir / "generator.toml").write_text(
        '[[specs]]\nspec = "pets.yaml"\noutput = "client"\n'
        'renames = { list_pets = "all_pets" }\n',
        encoding="utf-8",
    )
    assert _run("generate").exit_code == 0
    module = (workdir / "client" / "client" / "api" / "pets.py").read_text()
    assert "\ndef all_pets(" in module
    assert "list_pets" not in module


# -- progress and summaries ---------------------------------------------------


def _pretend_terminal(monkeypatch: pytest.MonkeyPatch, *, delay: float = 0) -> None:
    monkeypatch.setattr(generator.cli, "_stderr_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(generator.console, "PROGRESS_DELAY", delay)


def test_terminal_shows_a_progress_bar_and_erases_it(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _run("generate", "pets.yaml", "-o", "plain")
    assert "\r" not in plain.stderr
    _pretend_terminal(monkeypatch)
    result = _run("generate", "pets.yaml", "-o", "client")
    assert result.exit_code == 0, result.stderr
    for done, stage in enumerate(STAGES):
        line = progress_line(done, len(STAGES), f"pets.yaml: {stage}")
        assert "\r" + line in result.stderr
    shown = _screen(result.stderr).strip().splitlines()
    assert len(shown) == 1
    written = len(_files(workdir / "client"))
    assert shown[0].startswith(f"client: {written} written, 0 unchanged, 0 removed; ")


def test_quick_runs_and_quiet_runs_show_no_progress(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pretend_terminal(monkeypatch, delay=3600)
    assert "\r" not in _run("generate", "pets.yaml", "-o", "client").stderr
    _pretend_terminal(monkeypatch)
    assert _run("generate", "pets.yaml", "-o", "client", "-q").stderr == ""


def test_verbose_prints_the_time_of_every_stage(workdir: Path) -> None:
    result = _run("generate", "pets.yaml", "-o", "client", "-v")
    assert re.search(
        r"^client: load \d+\.\d\d s, build \d+\.\d\d s, render \d+\.\d\d s, "
        r"format \d+\.\d\d s, write \d+\.\d\d s$",
        result.stderr,
        flags=re.MULTILINE,
    )


def _configure_two_specs(workdir: Path) -> None:
    (workdir / "toys.yaml").write_text(WITH_TOY, encoding="utf-8")
    (workdir / "generator.toml").write_text(
        '[[specs]]\nspec = "pets.yaml"\noutput = "gen/pets"\n\n'
        '[[specs]]\nspec = "toys.yaml"\noutput = "gen/toys"\n',
        encoding="utf-8",
    )


def test_several_specs_end_with_one_summary_line(workdir: Path) -> None:
    _configure_two_specs(workdir)
    result = _run("generate")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    pets, toys = (len(_files(workdir / "gen" / name)) for name in ("pets", "toys"))
    assert lines[0].startswith(f"gen/pets: {pets} written, 0 unchanged, 0 removed; ")
    assert lines[1].startswith(f"gen/toys: {toys} written, 0 unchanged, 0 removed; ")
    assert re.fullmatch(
        rf"2 specs: {pets + toys} written, 0 unchanged, 0 removed; 0 warnings "
        r"\(\d+\.\d\d s\)",
        lines[2],
    )


def test_a_failing_spec_does_not_stop_the_others(workdir: Path) -> None:
    _configure_two_specs(workdir)
    (workdir / "pets.yaml").write_text("openapi: [\n", encoding="utf-8")
    result = _run("generate")
    assert result.exit_code == 1
    assert "pets.yaml:" in result.stderr
    assert (workdir / "gen/toys" / MANIFEST).is_file()
    assert result.stderr.splitlines()[-1].startswith("2 specs, 1 failed: ")


def test_check_of_several_specs_counts_each_state(workdir: Path) -> None:
    _configure_two_specs(workdir)
    assert _run("generate").exit_code == 0
    (workdir / "pets.yaml").write_text(WITH_DELETE, encoding="utf-8")
    result = _run("check")
    assert result.exit_code == 1
    assert "+def delete_pet(" in result.stdout
    lines = result.stderr.splitlines()
    assert "gen/pets: out of date with pets.yaml" in lines
    assert "gen/toys: up to date" in lines
    assert "2 specs: 1 up to date, 1 out of date" in lines
    assert lines[-1] == "to update, run: generator generate"


def test_stale_check_names_the_command_with_the_same_options(workdir: Path) -> None:
    result = _run("check", "pets.yaml", "-o", "my client", "--include", "tag:pets")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "to update, run: generator generate pets.yaml -o 'my client' "
        "--include tag:pets"
    )


# -- custom templates ---------------------------------------------------------


def _overlay(workdir: Path, text: str, name: str = "README.md.jinja") -> Path:
    folder = workdir / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_overlaid_template_changes_only_its_file(workdir: Path) -> None:
    _overlay(workdir, "# {{ project_name }}\n\nFor {{ api.title | markdown }}.\n")
    assert _run("generate", "pets.yaml", "-o", "plain", "--package", "p").exit_code == 0
    result = _run(
        "generate", "pets.yaml", "-o", "custom", "--package", "p", "--templates", "tpl"
    )
    assert result.exit_code == 0, result.stderr

    plain, custom = _files(workdir / "plain"), _files(workdir / "custom")
    assert plain.keys() == custom.keys()
    changed = {path for path in plain if plain[path] != custom[path]}
    assert changed == {"README.md", MANIFEST}
    assert custom["README.md"] == b"# p\n\nFor Pets.\n"


def test_templates_folder_from_the_configuration_is_used(workdir: Path) -> None:
    _overlay(workdir, "custom readme\n")
    (workdir / "generator.toml").write_text(
        '[[specs]]\nspec = "pets.yaml"\noutput = "client"\ntemplates = "tpl"\n',
        encoding="utf-8",
    )
    assert _run("generate").exit_code == 0
    assert (workdir / "client" / "README.md").read_text() == "custom readme\n"
    assert _run("check").exit_code == 0


def test_overlay_can_include_the_builtin_template_it_replaces(workdir: Path) -> None:
    assert _run("generate", "pets.yaml", "-o", "plain", "--package", "p").exit_code == 0
    _overlay(workdir, '{% include "builtin/README.md.jinja" %}\nMore.\n')
    result = _run(
        "generate", "pets.yaml", "-o", "custom", "--package", "p", "--templates", "tpl"
    )
    assert result.exit_code == 0, result.stderr
    builtin = (workdir / "plain" / "README.md").read_text(encoding="utf-8")
    custom = (workdir / "custom" / "README.md").read_text(encoding="utf-8")
    assert custom == builtin + "More.\n"


def test_missing_templates_folder_is_a_usage_error(workdir: Path) -> None:
    result = _run("generate", "pets.yaml", "-o", "client", "--templates", "nowhere")
    assert result.exit_code == 2
    assert "'--templates'" in result.stderr
    assert "nowhere" in result.stderr
    assert not (workdir / "client").exists()


def test_undefined_name_in_a_custom_template_is_the_users_error(
    workdir: Path,
) -> None:
    _overlay(workdir, "# {{ project_name }}\n\n{{ projcet_name }}\n")
    result = _run("generate", "pets.yaml", "-o", "client", "--templates", "tpl")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "tpl/README.md.jinja:3:1: error[template-error]: 'projcet_name' is "
        "undefined; fix the custom template"
    )
    assert lines[1] == "    {{ projcet_name }}"
    assert lines[-1] == "failed: 1 error, 0 warnings; nothing was written"
    assert not (workdir / "client").exists()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
        ('{{ "x" | doc("a", "b", "c") }}', "TypeError: "),
    ],
)
def test_exception_raised_in_a_custom_template_is_the_users_error(
    workdir: Path, line: str, problem: str
) -> None:
    _overlay(workdir, f"# {{{{ project_name }}}}\n{line}\n")
    result = _run("generate", "pets.yaml", "-o", "client", "--templates", "tpl")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        f"tpl/README.md.jinja:2:1: error[template-error]: {problem}"
    )
    assert first.endswith("; fix the custom template")
    assert "internal error" not in result.stderr
    assert not (workdir / "client").exists()


def test_syntax_error_in_a_custom_template_is_the_users_error(workdir: Path) -> None:
    _overlay(workdir, "line one\n{% if %}\n")
    result = _run("generate", "pets.yaml", "-o", "client", "--templates", "tpl")
    assert result.exit_code == 1
    assert result.stderr.startswith("tpl/README.md.jinja:2:1: error[template-error]: ")
    assert "internal error" not in result.stderr


def test_custom_template_rendering_invalid_python_is_the_users_error(
    workdir: Path,
) -> None:
    tpl = workdir / "tpl"
    tpl.mkdir()
    (tpl / "errors.py.jinja").write_text("def (:\n", encoding="utf-8")
    result = _run("generate", "pets.yaml", "-o", "client", "--templates", "tpl")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("tpl/errors.py.jinja: error[template-error]: rendered ")
    assert "errors.py is not valid Python" in first
    assert first.endswith(": 1:4 ('def (:'); fix the custom template")
    assert "internal error" not in result.stderr
    assert not (workdir / "client").exists()


def test_custom_template_rendering_invalid_toml_is_the_users_error(
    workdir: Path,
) -> None:
    _overlay(workdir, "[project\nname = 1\n", name="pyproject.toml.jinja")
    result = _run("generate", "pets.yaml", "-o", "client", "--templates", "tpl")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        "tpl/pyproject.toml.jinja: error[template-error]: rendered pyproject.toml "
        "is not valid TOML: "
    )
    assert first.endswith("; fix the custom template")
    assert not (workdir / "client").exists()


def test_readme_documents_every_builtin_template() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Custom templates") :]
    names = sorted(path.name for path in templates_dir().glob("*.jinja"))
    assert names
    for name in names:
        assert f"`{name}`" in section, name


# -- integrations ---------------------------------------------------------------


def test_pre_commit_hooks_run_real_generator_commands() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} == {"generator-check", "generator-generate"}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert f"id: {hook['id']}" in readme
        program, *arguments = shlex.split(hook["entry"])
        assert program == "generator"
        result = _run(*arguments, "--help")
        assert result.exit_code == 0
        assert f"Usage: main {arguments[0]} [OPTIONS] [SPEC]" in result.stdout


def test_shell_completion_completes_the_commands(tmp_path: Path) -> None:
    completed = _run_module(
        cwd=tmp_path,
        env={
            "_GENERATOR_COMPLETE": "bash_complete",
            "COMP_WORDS": "generator ch",
            "COMP_CWORD": "1",
        },
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "plain,check\n"


def test_near_miss_template_name_is_a_warning(workdir: Path) -> None:
    _overlay(workdir, "x\n", name="modle.py.jinja")
    # A file that only other templates include is not worth a word.
    _overlay(workdir, "{% macro m() %}{% endmacro %}\n", name="macros.jinja")
    result = _run("generate", "pets.yaml", "-o", "client", "--templates", "tpl")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "tpl/modle.py.jinja: warning[unknown-template]: modle.py.jinja replaces "
        "no built-in template, so it is used only if another template includes "
        "it; did you mean model.py.jinja?"
    )
    assert "macros.jinja" not in result.stderr
    strict = _run(
        "generate", "pets.yaml", "-o", "client", "--templates", "tpl", "--strict"
    )
    assert strict.exit_code == 1
    # Only a file can be a template: a folder with such a name is no near miss.
    (workdir / "tpl" / "modle.py.jinja").unlink()
    (workdir / "tpl" / "modle.py.jinja").mkdir()
    quiet = _run("generate", "pets.yaml", "-o", "client", "--templates", "tpl")
    assert "unknown-template" not in quiet.stderr
