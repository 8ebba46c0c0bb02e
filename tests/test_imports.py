"""A run imports only what it needs: start-up time is most of a quick run.

Each case runs the command line in a fresh interpreter and lists the modules
it imported; black, PyYAML (for a JSON spec), the process pool and
importlib.metadata cost tens of milliseconds each and have no use there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SPEC

JSON_SPEC = {
    "openapi": "3.0.3",
    # Text beyond ASCII is one thing the templates leave to black.
    "info": {"title": "Animaux \u00e0 vendre", "version": "1"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "responses": {"204": {"description": "none"}},
            }
        }
    },
}
HEAVY = ("black", "yaml", "concurrent.futures", "importlib.metadata", "logging")


def _imported(
    arguments: list[str], cwd: Path, *, modules: tuple[str, ...] = HEAVY
) -> set[str]:
    """Return which of `modules` (default: the heavy ones) a command imports."""
    script = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n"
        f"    main({arguments!r}, prog_name='generator')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"found = [m for m in {modules!r} if m in sys.modules]\n"
        "print(' '.join(found), file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(completed.stderr.splitlines()[-1].split())


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    assert _imported(["--help"], tmp_path) == set()


@pytest.mark.parametrize("command", ["generate", "check"])
def test_json_regeneration_with_nothing_to_format_imports_nothing_heavy(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "api.json").write_text(json.dumps(JSON_SPEC), encoding="utf-8")
    arguments = ["api.json", "-o", "out", "-q"]
    assert "black" in _imported(["generate", *arguments], tmp_path)
    # A cache without a record of that run: the whole pipeline runs again.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    assert _imported([command, *arguments], tmp_path) == set()


def test_yaml_regeneration_imports_only_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arguments = [str(SPEC), "-o", "out", "-q"]
    _imported(["generate", *arguments], tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    assert _imported(["generate", *arguments], tmp_path) == {"yaml"}


@pytest.mark.parametrize("command", ["generate", "check"])
def test_regeneration_with_unchanged_inputs_imports_no_stage(
    tmp_path: Path, command: str
) -> None:
    arguments = [str(SPEC), "-o", "out", "-q"]
    _imported(["generate", *arguments], tmp_path)
    stages = ("jinja2", "generator.build", "generator.render", "generator.load")
    assert _imported([command, *arguments], tmp_path, modules=stages) == set()


def test_same_command_after_an_edit_imports_no_click(tmp_path: Path) -> None:
    # A build edits an operation and runs the same command: the recorded
    # invocation runs without parsing the command line, and the files whose
    # rendered text is as before (pyproject.toml here) are not checked again.
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(JSON_SPEC), encoding="utf-8")
    script = (
        "import sys\n"
        "sys.argv = ['generator', 'generate', 'api.json', '-o', 'out', '-q']\n"
        "from generator.replay import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "found = [m for m in ('click', 'tomllib', 'black') if m in sys.modules]\n"
        "print(' '.join(found), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def imported() -> set[str]:
        completed = subprocess.run(
            [sys.executable, "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return set(completed.stderr.splitlines()[-1].split())

    assert imported() == {"click", "tomllib", "black"}
    edited = json.loads(json.dumps(JSON_SPEC))
    edited["paths"]["/pets"]["get"]["summary"] = "List the pets"
    spec.write_text(json.dumps(edited), encoding="utf-8")
    assert imported() == set()
    assert "List the pets" in (tmp_path / "out" / "README.md").read_text("utf-8")
