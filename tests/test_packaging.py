"""A plain, non-editable build ships the templates, and the client builds too."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import GENERATED, REPO


def _build_wheel(project: Path, into: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(into),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = into.glob("*.whl")
    return wheel


def test_generator_wheel_contains_every_template(tmp_path: Path) -> None:
    wheel = _build_wheel(REPO, tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(p.name for p in (REPO / "templates").iterdir())
    assert templates
    for name in templates:
        assert f"generator/templates/{name}" in names


def test_generated_client_wheel_holds_the_typed_package(tmp_path: Path) -> None:
    wheel = _build_wheel(GENERATED, tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    package = GENERATED / "impersonatecart_client"
    expected = {
        path.relative_to(GENERATED).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert "impersonatecart_client/py.typed" in expected
    assert expected <= names
