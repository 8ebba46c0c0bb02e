"""--strict keeps hand edits, and unwritable output paths are refusals (exit 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SPEC
from generator.cli import main


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SPEC, tmp_path / "api.yaml")
    return tmp_path


def test_strict_refuses_to_replace_a_hand_edit(workdir: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["generate", "api.yaml", "-o", "out"]).exit_code == 0
    edited = workdir / "out" / "out" / "client.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# mine\n", "utf-8")

    result = runner.invoke(main, ["generate", "api.yaml", "-o", "out", "--strict"])
    assert result.exit_code == 1
    assert "warning[edited-output]" in result.stderr
    assert "edited by hand; the run stops to keep it." in result.stderr
    assert "the edit is replaced" not in result.stderr
    assert "refusing to replace generated files edited by hand" in result.stderr
    assert edited.read_text(encoding="utf-8").endswith("# mine\n")


def test_output_below_a_file_is_a_refusal_not_a_crash(workdir: Path) -> None:
    (workdir / "afile").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", "api.yaml", "-o", "afile/sub"])
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert "cannot write the output" in result.stderr
    assert f"({workdir / 'afile'} is a file, not a folder)" in result.stderr
    assert (workdir / "afile").read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    "arguments",
    [["check", "api.yaml", "-o", "afile/sub"], ["runtime", "afile/rt", "--check"]],
)
def test_check_below_a_file_is_an_error_not_a_diff(
    workdir: Path, arguments: list[str]
) -> None:
    (workdir / "afile").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "(afile is a file, not a folder)" in result.stderr
    assert "generator generate" not in result.stderr


@pytest.mark.parametrize(
    ("arguments", "hint"),
    [
        (["loop", "-o", "out"], "'SPEC'"),
        (["api.yaml", "-o", "loop"], "'-o' / '--output'"),
        (["api.yaml", "-o", "loop/sub"], "'-o' / '--output'"),
    ],
)
def test_a_symbolic_link_loop_is_a_usage_error(
    workdir: Path, arguments: list[str], hint: str
) -> None:
    (workdir / "loop").symlink_to("loop")
    result = CliRunner().invoke(main, ["generate", *arguments])
    assert result.exit_code == 2, result.stderr
    assert f"Invalid value for {hint}" in result.stderr
    assert "leads back to" in result.stderr


@pytest.mark.parametrize(
    ("config", "arguments"),
    [
        ('[[specs]]\nspec = "api.yaml"\noutput = "l1"\n', ["generate"]),
        ('[[specs]]\nspec = "api.yaml"\noutput = "l1/sub"\n', ["check"]),
        ('[[specs]]\nspec = "l1"\noutput = "out"\n', ["generate"]),
        ("", ["generate", "api.yaml"]),  # the default output, api-client
    ],
)
def test_a_link_loop_in_a_configured_path_is_an_error_not_a_crash(
    workdir: Path, config: str, arguments: list[str]
) -> None:
    (workdir / "l1").symlink_to("l2")
    (workdir / "l2").symlink_to("l1")
    (workdir / "api-client").symlink_to("api-client")
    if config:
        (workdir / "generator.toml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "symbolic link" in result.stderr or "symbolic links" in result.stderr


def test_a_looped_configuration_file_on_the_search_path_is_skipped(
    workdir: Path,
) -> None:
    (workdir / "pyproject.toml").symlink_to("pyproject.toml")
    result = CliRunner().invoke(main, ["generate", "api.yaml", "-o", "out", "-q"])
    assert result.exit_code == 0, result.stderr
    from generator.replay import file_digest

    assert file_digest(workdir / "pyproject.toml") is None


def test_run_from_inside_the_output_folder_replaces_it_cleanly(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    spec = workdir / "api.yaml"
    assert runner.invoke(main, ["generate", str(spec), "-o", "out"]).exit_code == 0
    spec.write_text(spec.read_text(encoding="utf-8").replace("1.0.1", "1.0.2"))
    # The swap moves the folder the process stands in aside and deletes it.
    monkeypatch.chdir(workdir / "out")
    output = str(workdir / "out")
    result = runner.invoke(main, ["generate", str(spec), "-o", output])
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr
    assert f"{output}: 3 written" in result.stderr
    pyproject = (workdir / "out" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = "1.0.2"' in pyproject


def test_output_dot_from_inside_the_output_folder_is_replaced(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    spec = workdir / "api.yaml"
    assert runner.invoke(main, ["generate", str(spec), "-o", "out"]).exit_code == 0
    (workdir / "out" / "NOTES.txt").write_text("mine\n", encoding="utf-8")
    spec.write_text(spec.read_text(encoding="utf-8").replace("1.0.1", "1.0.2"))
    monkeypatch.chdir(workdir / "out")
    result = runner.invoke(main, ["generate", str(spec), "-o", ".", "--package", "out"])
    assert result.exit_code == 0, result.stderr
    assert ": 3 written" in result.stderr
    pyproject = (workdir / "out" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'version = "1.0.2"' in pyproject
    assert (workdir / "out" / "NOTES.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in workdir.iterdir()) == ["api.yaml", "out"]


def test_output_dot_names_the_package_after_the_folder_it_is(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "pets-client").mkdir()
    monkeypatch.chdir(workdir / "pets-client")
    result = CliRunner().invoke(
        main, ["generate", str(workdir / "api.yaml"), "-o", "."]
    )
    assert result.exit_code == 0, result.stderr
    assert (workdir / "pets-client" / "pets_client" / "__init__.py").is_file()


def test_a_deleted_working_folder_is_a_clear_error(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = workdir / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = CliRunner().invoke(main, ["generate", str(workdir / "api.yaml")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the working folder no longer exists")
    assert "internal error" not in result.stderr
