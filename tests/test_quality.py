"""The generator's own code passes the project's formatter, linter and type checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO


def _run(*command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"BLACK_CACHE_DIR": str(tmp_path), "PATH": ""},
        check=False,
    )


def test_generator_and_tests_are_black_formatted(tmp_path: Path) -> None:
    result = _run("black", "--check", "generator", "tests", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_generator_and_tests_pass_ruff(tmp_path: Path) -> None:
    result = _run(
        "ruff", "check", "--no-cache", "generator", "tests", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout


def test_generator_passes_mypy_strict(tmp_path: Path) -> None:
    result = _run("mypy", "--cache-dir", str(tmp_path / "mypy"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout
