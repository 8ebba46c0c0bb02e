"""Unit tests of generator.cli: commands, messages and exit codes.

Runs `generator` through click's CliRunner inside a temporary working folder
holding a copy of the project's spec. Covers help and version, `generate`
(exit 0), compiler-style errors for a bad spec (exit 1, no traceback), usage
errors (exit 2), `check` (up to date, stale with a diff), --strict, internal
errors (exit 3, traceback only with --debug), the configuration (the
[tool.generator] table of pyproject.toml, or generator.toml) with the
options that override it, and `python -m generator`.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import generator.build
import generator.inspect
import generator.pipeline
import generator.render
from conftest import SPEC
from generator import __version__
from generator.cli import main
from generator.options import Options
from generator.write import MANIFEST, WriteResult

SMALL_SPEC = """\
openapi: 3.0.3
info: {title: Small, version: '1.0'}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
"""

WRITE_INTERRUPTED = "interrupted; outputs not yet replaced are as they were"
WARNING_SPEC = """\
openapi: 3.0.3
info: {title: Cookie, version: '1.0'}
paths:
  /thing:
    get:
      operationId: getThing
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: string}
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a fresh working folder with api.yaml (the spec) and small.yaml."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SPEC, tmp_path / "api.yaml")
    (tmp_path / "small.yaml").write_text(SMALL_SPEC, encoding="utf-8")
    return tmp_path


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- help and version -------------------------------------------------------


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_group_help_lists_the_commands(flag: str) -> None:
    result = _run(flag)
    assert result.exit_code == 0
    assert "generate" in result.stdout
    assert "check" in result.stdout
    assert "OpenAPI" in result.stdout


@pytest.mark.parametrize("command", ["generate", "check"])
def test_command_help_lists_the_options(command: str) -> None:
    result = _run(command, "--help")
    assert result.exit_code == 0
    assert f"Usage: main {command} [OPTIONS] [SPEC]" in result.stdout
    for option in ("--output", "--package", "--strict", "--quiet", "--verbose"):
        assert option in result.stdout
    assert "--debug" in result.stdout


def test_version_prints_the_package_version() -> None:
    result = _run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"generator, version {__version__}\n"


def test_python_dash_m_generator_prints_the_version(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"generator, version {__version__}\n"


# -- generate ---------------------------------------------------------------


def test_generate_writes_the_package(workdir: Path) -> None:
    result = _run("generate", "api.yaml", "-o", "client", "--package", "shop")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    output = workdir / "client"
    for name in (
        MANIFEST,
        "pyproject.toml",
        "README.md",
        "shop/__init__.py",
        "shop/py.typed",
        "shop/client.py",
        "shop/api/storefront_auth_ticket.py",
        "shop/models/customer_account.py",
    ):
        assert (output / name).is_file(), name
    for module in output.rglob("*.py"):
        compile(module.read_text(encoding="utf-8"), str(module), "exec")
    written = len([file for file in output.rglob("*") if file.is_file()])
    assert result.stderr.startswith(
        f"client: {written} written, 0 unchanged, 0 removed; 0 warnings ("
    )


def test_generate_names_the_package_after_the_output_folder(workdir: Path) -> None:
    result = _run("generate", "small.yaml", "-o", "my-client")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "my-client" / "my_client" / "__init__.py").is_file()


def test_generate_twice_writes_nothing_the_second_time(workdir: Path) -> None:
    assert _run("generate", "small.yaml", "-o", "client").exit_code == 0
    before = _files(workdir / "client")
    result = _run("generate", "small.yaml", "-o", "client")
    assert result.exit_code == 0
    assert ": 0 written, " in result.stderr
    assert "0 removed" in result.stderr
    assert _files(workdir / "client") == before


def test_generate_quiet_prints_nothing(workdir: Path) -> None:
    result = _run("generate", "small.yaml", "-o", "client", "-q")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == ""


def test_generate_verbose_lists_every_file(workdir: Path) -> None:
    result = _run("generate", "small.yaml", "-o", "client", "-v")
    assert result.exit_code == 0
    assert f"wrote client/{MANIFEST}" in result.stderr
    assert "wrote client/client/py.typed" in result.stderr


def test_bad_spec_is_reported_like_a_compiler_error(workdir: Path) -> None:
    source = "openapi: 3.0.3\ninfo:\n  title: x\n version: 1\npaths: {}\n"
    (workdir / "broken.yaml").write_text(source, encoding="utf-8")
    result = _run("generate", "broken.yaml", "-o", "client")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    assert lines[0].startswith("broken.yaml:4:2: error[syntax]: invalid YAML: ")
    assert lines[1] == "     version: 1"
    assert lines[2] == "     ^"
    assert lines[3] == "failed: 1 error, 0 warnings; nothing was written"
    assert "Traceback" not in result.stderr
    assert not (workdir / "client").exists()


def test_unsupported_spec_version_is_reported_at_its_line(workdir: Path) -> None:
    (workdir / "old.yaml").write_text(
        "info: {title: Old, version: '1'}\nswagger: '2.0'\npaths: {}\n",
        encoding="utf-8",
    )
    result = _run("generate", "old.yaml", "-o", "client")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("old.yaml:2:10: error[unsupported-version]: ")
    assert "Traceback" not in result.stderr


def test_refused_write_exits_1_and_keeps_the_folder(workdir: Path) -> None:
    (workdir / "client").mkdir()
    (workdir / "client" / "mine.txt").write_text("keep\n")
    result = _run("generate", "small.yaml", "-o", "client")
    assert result.exit_code == 1
    assert "error: " in result.stderr
    assert MANIFEST in result.stderr
    assert "Traceback" not in result.stderr
    assert _files(workdir / "client") == {"mine.txt": b"keep\n"}


def test_nonexistent_spec_is_a_usage_error(workdir: Path) -> None:
    result = _run("generate", "missing.yaml", "-o", "client")
    assert result.exit_code == 2
    assert "missing.yaml" in result.stderr
    assert "does not exist" in result.stderr
    assert not (workdir / "client").exists()


def test_invalid_package_name_is_a_usage_error(workdir: Path) -> None:
    result = _run("generate", "small.yaml", "-o", "client", "--package", "not valid")
    assert result.exit_code == 2
    assert "--package" in result.stderr
    assert not (workdir / "client").exists()


def test_keyword_package_name_is_a_usage_error(workdir: Path) -> None:
    # `import class` is a syntax error, so the generated package is unusable.
    result = _run("generate", "small.yaml", "-o", "client", "--package", "class")
    assert result.exit_code == 2
    assert "--package" in result.stderr
    assert not (workdir / "client").exists()


def test_no_spec_and_no_config_is_a_usage_error(workdir: Path) -> None:
    result = _run("generate")
    assert result.exit_code == 2
    assert "no SPEC given" in result.stderr


def test_unknown_option_is_a_usage_error() -> None:
    assert _run("generate", "--frobnicate").exit_code == 2


# -- check ------------------------------------------------------------------


def test_check_of_fresh_output_exits_0(workdir: Path) -> None:
    assert _run("generate", "api.yaml", "-o", "client").exit_code == 0
    result = _run("check", "api.yaml", "-o", "client")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "client: up to date" in result.stderr


def test_check_after_an_edit_prints_a_diff_and_exits_1(workdir: Path) -> None:
    assert _run("generate", "api.yaml", "-o", "client").exit_code == 0
    readme = workdir / "client" / "README.md"
    original = readme.read_text(encoding="utf-8")
    readme.write_text(original + "My own line.\n", encoding="utf-8")
    result = _run("check", "api.yaml", "-o", "client")
    assert result.exit_code == 1
    assert result.stdout.startswith("--- a/README.md\n+++ b/README.md\n@@ ")
    assert "\n-My own line.\n" in result.stdout
    assert "out of date" in result.stderr
    assert "generator generate" in result.stderr
    assert "Traceback" not in result.stderr
    assert readme.read_text(encoding="utf-8") == original + "My own line.\n"


def test_check_of_missing_output_exits_1(workdir: Path) -> None:
    result = _run("check", "small.yaml", "-o", "client")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "client: missing; nothing is generated yet\n"
        "to update, run: generator generate small.yaml -o client\n"
    )
    assert not (workdir / "client").exists()


def test_the_fix_command_for_a_spec_named_like_an_option_can_be_run(
    workdir: Path,
) -> None:
    (workdir / "-x.yaml").write_text(SMALL_SPEC, encoding="utf-8")
    result = _run("check", "-o", "client", "--", "-x.yaml")
    assert result.exit_code == 1
    fix = "generator generate -o client -- -x.yaml"
    assert result.stderr.endswith(f"to update, run: {fix}\n")
    words = fix.split()[1:]
    assert _run(*words).exit_code == 0
    assert _run("check", "-o", "client", "--", "-x.yaml").exit_code == 0


def test_a_spec_that_is_not_a_regular_file_is_named_so(workdir: Path) -> None:
    os.mkfifo(workdir / "pipe.yaml")
    for name in ("pipe.yaml", "/dev/null"):
        result = _run("generate", name, "-o", "client")
        assert result.exit_code == 2
        assert f"file {name!r} is not a regular file" in result.stderr


def test_check_of_a_foreign_folder_exits_1_not_3(workdir: Path) -> None:
    (workdir / "client").mkdir()
    (workdir / "client" / "mine.txt").write_text("keep\n")
    result = _run("check", "small.yaml", "-o", "client")
    assert "internal error" not in result.stderr
    assert result.exit_code == 1
    assert MANIFEST in result.stderr


# -- --strict ---------------------------------------------------------------


def test_warning_without_strict_still_generates(workdir: Path) -> None:
    (workdir / "warn.yaml").write_text(WARNING_SPEC, encoding="utf-8")
    result = _run("generate", "warn.yaml", "-o", "client")
    assert result.exit_code == 0
    assert "warn.yaml:8:31: warning[unsupported-parameter]: " in result.stderr
    assert "1 warning" in result.stderr
    assert (workdir / "client" / MANIFEST).is_file()


def test_strict_turns_a_warning_into_exit_1_and_writes_nothing(workdir: Path) -> None:
    (workdir / "warn.yaml").write_text(WARNING_SPEC, encoding="utf-8")
    result = _run("generate", "warn.yaml", "-o", "client", "--strict")
    assert result.exit_code == 1
    assert "warning[unsupported-parameter]" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("failed: ")
    assert not (workdir / "client").exists()


def test_strict_summary_counts_no_phantom_error(workdir: Path) -> None:
    (workdir / "warn.yaml").write_text(WARNING_SPEC, encoding="utf-8")
    result = _run("generate", "warn.yaml", "-o", "client", "--strict")
    assert result.stderr.splitlines()[-1] == (
        "failed: 0 errors, 1 warning; warnings are errors in strict mode"
    )


def test_check_with_strict_fails_on_a_warning(workdir: Path) -> None:
    (workdir / "warn.yaml").write_text(WARNING_SPEC, encoding="utf-8")
    assert _run("generate", "warn.yaml", "-o", "client").exit_code == 0
    assert _run("check", "warn.yaml", "-o", "client").exit_code == 0
    result = _run("check", "warn.yaml", "-o", "client", "--strict")
    assert result.exit_code == 1
    assert "warnings are errors in strict mode" in result.stderr


def test_inspect_honours_strict_from_the_configuration(workdir: Path) -> None:
    (workdir / "warn.yaml").write_text(WARNING_SPEC, encoding="utf-8")
    (workdir / "generator.toml").write_text(
        '[[specs]]\nspec = "warn.yaml"\noutput = "client"\nstrict = true\n',
        encoding="utf-8",
    )
    result = _run("inspect")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "failed: warnings are errors in strict mode"
    )


# -- internal errors --------------------------------------------------------


def _break_render(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise RuntimeError("boom in render")

    monkeypatch.setattr(generator.render, "render_api", broken)


def test_internal_error_exits_3_without_traceback(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_render(monkeypatch)
    result = _run("generate", "api.yaml", "-o", "client")
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom in render" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (workdir / "client").exists()


def test_internal_error_with_debug_shows_the_traceback(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --debug configures logging; keep the root logger as it was.
    monkeypatch.setattr(logging.root, "handlers", list(logging.root.handlers))
    monkeypatch.setattr(logging.root, "level", logging.root.level)
    _break_render(monkeypatch)
    result = _run("generate", "api.yaml", "-o", "client", "--debug")
    assert result.exit_code == 3
    assert "Traceback (most recent call last):" in result.stderr
    assert "RuntimeError: boom in render" in result.stderr
    assert "internal error: RuntimeError: boom in render" in result.stderr


# -- pyproject.toml ---------------------------------------------------------


def _config(workdir: Path, entry: str) -> None:
    (workdir / "pyproject.toml").write_text(
        "[project]\nname = 'demo'\n\n[tool.generator]\n[[tool.generator.specs]]\n"
        + textwrap.dedent(entry),
        encoding="utf-8",
    )


def test_configured_spec_is_generated_without_arguments(workdir: Path) -> None:
    _config(workdir, 'spec = "api.yaml"\noutput = "gen/shop"\npackage = "shop_api"\n')
    result = _run("generate")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "gen/shop/shop_api/__init__.py").is_file()
    assert _run("check").exit_code == 0


def test_unknown_config_key_exits_1_naming_the_key(workdir: Path) -> None:
    _config(workdir, 'spec = "small.yaml"\noutput = "client"\npackge = "shop"\n')
    result = _run("generate")
    assert result.exit_code == 1
    assert "tool.generator.specs[0].packge: unknown key" in result.stderr
    assert "pyproject.toml" in result.stderr
    assert not (workdir / "client").exists()


def test_unknown_top_level_config_key_exits_1(workdir: Path) -> None:
    (workdir / "pyproject.toml").write_text(
        "[tool.generator]\nspecz = []\n", encoding="utf-8"
    )
    result = _run("generate", "small.yaml", "-o", "client")
    assert result.exit_code == 1
    assert "tool.generator.specz" in result.stderr


def test_wrongly_typed_config_value_exits_1(workdir: Path) -> None:
    _config(workdir, 'spec = "small.yaml"\noutput = "client"\nstrict = "yes"\n')
    result = _run("generate")
    assert result.exit_code == 1
    assert "tool.generator.specs[0].strict: expected boolean" in result.stderr


def test_invalid_configured_package_name_exits_1(workdir: Path) -> None:
    _config(workdir, 'spec = "small.yaml"\noutput = "client"\npackage = "not valid"\n')
    result = _run("generate")
    assert result.exit_code == 1
    assert "package" in result.stderr
    assert not (workdir / "client").exists()


def test_config_error_names_the_file_line_and_key(workdir: Path) -> None:
    _config(workdir, 'spec = "small.yaml"\noutptu = "client"\n')
    result = _run("generate")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pyproject.toml:7: tool.generator.specs[0].outptu: unknown key; did you "
        "mean 'output'? known keys: include, output, package, renames, runtime, "
        "spec, strict, templates",
        "failed: 1 error, 0 warnings; nothing was written",
    ]


def test_generator_toml_configures_specs_without_the_tool_prefix(
    workdir: Path,
) -> None:
    (workdir / "generator.toml").write_text(
        '[[specs]]\nspec = "small.yaml"\noutput = "gen/small"\n', encoding="utf-8"
    )
    result = _run("generate")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "gen/small/small/__init__.py").is_file()


# -- command-line options over the configuration ----------------------------


def _capture_options(monkeypatch: pytest.MonkeyPatch) -> list[Options]:
    """Replace the pipeline with one that records the options it is given."""
    seen: list[Options] = []

    def record(options: Options, **kwargs: object) -> WriteResult:
        seen.append(options)
        return WriteResult()

    monkeypatch.setattr(generator.pipeline, "generate", record)
    return seen


CONFIGURED = """\
spec = "small.yaml"
output = "client"
include = ["tag:a"]
templates = "tpl"
renames = { ping = "check_alive" }
"""


def test_configured_include_renames_and_templates_reach_the_options(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "tpl").mkdir()
    _config(workdir, CONFIGURED)
    seen = _capture_options(monkeypatch)
    assert _run("generate").exit_code == 0
    assert seen == [
        Options(
            spec=workdir / "small.yaml",
            output=workdir / "client",
            package="client",
            include=("tag:a",),
            renames=(("ping", "check_alive"),),
            templates=workdir / "tpl",
        )
    ]


def test_include_and_templates_flags_replace_the_configured_values(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "tpl").mkdir()
    (workdir / "mine").mkdir()
    _config(workdir, CONFIGURED)
    seen = _capture_options(monkeypatch)
    result = _run(
        "generate",
        "--include",
        "tag:b",
        "--include",
        "operation:ping",
        "--templates",
        "mine",
    )
    assert result.exit_code == 0, result.stderr
    [options] = seen
    assert options.include == ("tag:b", "operation:ping")
    assert options.templates == Path("mine")
    assert options.renames == (("ping", "check_alive"),)


def test_malformed_include_flag_is_a_usage_error(workdir: Path) -> None:
    result = _run("generate", "small.yaml", "--include", "pets")
    assert result.exit_code == 2
    assert "'--include'" in result.stderr
    assert "'pets' is not a selector" in result.stderr
    assert not (workdir / "small-client").exists()


def test_output_flag_with_several_configured_specs_is_a_usage_error(
    workdir: Path,
) -> None:
    (workdir / "generator.toml").write_text(
        '[[specs]]\nspec = "small.yaml"\noutput = "a"\n\n'
        '[[specs]]\nspec = "api.yaml"\noutput = "b"\n',
        encoding="utf-8",
    )
    result = _run("generate", "-o", "elsewhere")
    assert result.exit_code == 2
    assert "--output needs a SPEC" in result.stderr


def test_output_flag_naming_the_configured_output_keeps_its_package(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(workdir, 'spec = "api.yaml"\noutput = "gen/shop"\npackage = "shop_api"\n')
    seen = _capture_options(monkeypatch)
    assert _run("generate", "api.yaml", "-o", "gen/shop").exit_code == 0
    assert [options.package for options in seen] == ["shop_api"]


def test_output_flag_picks_one_of_the_entries_of_a_spec_configured_twice(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "generator.toml").write_text(
        '[[specs]]\nspec = "small.yaml"\noutput = "a"\npackage = "first"\n\n'
        '[[specs]]\nspec = "small.yaml"\noutput = "b"\npackage = "second"\n',
        encoding="utf-8",
    )
    seen = _capture_options(monkeypatch)
    result = _run("generate", "small.yaml", "-o", "b")
    assert result.exit_code == 0, result.stderr
    assert [(options.output.name, options.package) for options in seen] == [
        ("b", "second")
    ]


@pytest.mark.parametrize(
    "name", ["httpx", "os", "json", "typing", "typing_extensions", "HTTPX"]
)
def test_package_name_that_hides_a_needed_module_is_a_usage_error(
    workdir: Path, name: str
) -> None:
    result = CliRunner().invoke(
        main, ["generate", "api.yaml", "-o", "out", "--package", name]
    )
    assert result.exit_code == 2
    assert f"choose another, such as '{name}_client'" in result.stderr
    assert not (workdir / "out").exists()


def test_output_folder_named_like_a_stdlib_module_gets_a_client_package(
    workdir: Path,
) -> None:
    result = CliRunner().invoke(main, ["generate", "api.yaml", "-o", "json"])
    assert result.exit_code == 0, result.stderr
    assert (workdir / "json" / "json_client" / "__init__.py").is_file()


def test_ctrl_c_exits_130_and_writes_nothing(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> dict[str, str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.render, "render_api", interrupted)
    result = _run("generate", "api.yaml", "-o", "client")
    assert result.exit_code == 130
    assert result.stderr == WRITE_INTERRUPTED + "\n"
    assert not (workdir / "client").exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["generate", "small.yaml", "-o", ""],
        ["check", "small.yaml", "-o", " "],
        ["runtime", ""],
        ["runtime", "  "],
    ],
)
def test_an_empty_output_path_is_a_usage_error(
    workdir: Path, arguments: list[str]
) -> None:
    before = sorted(workdir.iterdir())
    result = _run(*arguments)
    assert result.exit_code == 2
    assert "the path is blank; write . for the current folder" in result.stderr
    assert sorted(workdir.iterdir()) == before


def test_check_of_a_folder_the_generator_did_not_make_says_nothing_of_writing(
    workdir: Path,
) -> None:
    (workdir / "client").mkdir()
    (workdir / "client" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = _run("check", "small.yaml", "-o", "client")
    assert result.exit_code == 1
    assert "was not made by the generator; there is nothing in it to compare" in (
        result.stderr
    )
    assert "replace" not in result.stderr
    assert result.stderr.splitlines()[-1] == "failed: 1 error, 0 warnings"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["generate", "small.yaml", "-o", "client"], WRITE_INTERRUPTED),
        (["check", "small.yaml", "-o", "client"], "interrupted"),
        (["inspect", "small.yaml"], "interrupted"),
    ],
)
def test_ctrl_c_speaks_of_outputs_only_where_the_command_writes(
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    message: str,
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.build, "build_api", interrupted)
    monkeypatch.setattr(generator.inspect, "build_api", interrupted)
    result = _run(*arguments)
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == message


def test_check_of_an_empty_output_folder_says_so_in_one_line(workdir: Path) -> None:
    (workdir / "client").mkdir()
    result = _run("check", "small.yaml", "-o", "client")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("client: missing; nothing is generated yet\n")


def test_quiet_and_verbose_together_are_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["generate", str(SPEC), "-o", str(tmp_path / "out"), "-q", "-v"]
    )
    assert result.exit_code == 2
    assert "-q/--quiet and -v/--verbose cannot be used together" in result.stderr
    assert not (tmp_path / "out").exists()
