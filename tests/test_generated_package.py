"""Static checks on the checked-in generated package.

The code under generated/impersonatecart-client must compile, pass
`mypy --strict` and `black --check`, import on its own (without the generator
or its dependencies), import only the standard library and httpx, and ship a
pyproject.toml, a README with a usage example that matches the real API, and
a py.typed marker.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from conftest import GENERATED, REPO, SPEC

KIBO = REPO / "specs" / "kibo"

PACKAGE_NAME = "impersonatecart_client"
PACKAGE = GENERATED / PACKAGE_NAME
SOURCES = sorted(PACKAGE.rglob("*.py"))
# What the generator itself needs; the generated client must need none of it.
GENERATOR_ONLY = ["generator", "jinja2", "yaml", "click", "black"]


def relative(path: Path) -> str:
    return path.relative_to(GENERATED).as_posix()


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
        check=False,
    )


def test_package_has_modules_to_check() -> None:
    names = {relative(path) for path in SOURCES}
    assert f"{PACKAGE_NAME}/__init__.py" in names
    assert f"{PACKAGE_NAME}/client.py" in names
    assert any(name.startswith(f"{PACKAGE_NAME}/models/") for name in names)
    assert any(name.startswith(f"{PACKAGE_NAME}/api/") for name in names)


@pytest.mark.parametrize("path", SOURCES, ids=relative)
def test_every_module_compiles(path: Path) -> None:
    compile(path.read_text(encoding="utf-8"), str(path), "exec")


@pytest.mark.slow
def test_package_passes_mypy_strict(tmp_path: Path) -> None:
    result = run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version",
            "3.10",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            PACKAGE_NAME,
        ],
        cwd=GENERATED,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_generated_folder_is_formatted_with_black(tmp_path: Path) -> None:
    result = run(
        [sys.executable, "-m", "black", "--check", "generated"],
        cwd=REPO,
        BLACK_CACHE_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "would be left unchanged" in result.stderr


# ruff's rules that generated code keeps: those on by default, import order,
# upgrades for the oldest Python the package supports, bugbear, simplify,
# ruff's own and stub style. E501 is black's call; RUF002 would flag
# characters of the spec's own descriptions.
RUFF_RULES = "E4,E7,E9,F,W,I,UP,B,SIM,RUF,PYI,ISC,YTT,S102"


def ruff_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--no-cache",
            "--target-version",
            "py310",
            "--select",
            RUFF_RULES,
            "--ignore",
            "RUF002",
            *map(str, paths),
        ],
        cwd=REPO,
    )


def test_package_passes_ruff() -> None:
    result = ruff_check(PACKAGE)

    assert result.returncode == 0, result.stdout + result.stderr


def test_kibo_client_and_shared_runtime_pass_ruff(tmp_path: Path) -> None:
    # orderrouting has models whose names sort differently with and without
    # case (`AbstractFilter`, `APIErrorResponse`), discriminators and numbers.
    spec = KIBO / "openapi_orderrouting.json"
    for args in (
        ["generate", str(spec), "-o", "bundled"],
        ["generate", str(spec), "-o", "shared", "--runtime", "kibo_runtime"],
        ["runtime", "kibo-runtime", "--package", "kibo_runtime"],
    ):
        done = run([sys.executable, "-m", "generator", *args, "-q"], cwd=tmp_path)
        assert done.returncode == 0, done.stderr

    result = ruff_check(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


def test_package_imports_without_the_generator_or_its_dependencies(
    tmp_path: Path,
) -> None:
    script = f"""
import importlib, pkgutil, sys
for name in {GENERATOR_ONLY!r}:
    sys.modules[name] = None
try:
    import generator
except ImportError:
    pass
else:
    raise SystemExit("generator is still importable")
sys.path.insert(0, {str(GENERATED)!r})
import {PACKAGE_NAME} as package
loaded = [package.__name__]
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
    loaded.append(info.name)
print(package.__file__)
print(" ".join(sorted(loaded)))
"""
    # -I: ignore PYTHONPATH and the current folder, so only the path set above
    # can provide the package.
    result = run([sys.executable, "-I", "-c", script], cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    package_file, loaded = result.stdout.splitlines()
    assert Path(package_file) == PACKAGE / "__init__.py"
    assert set(loaded.split()) >= {
        PACKAGE_NAME,
        f"{PACKAGE_NAME}.client",
        f"{PACKAGE_NAME}.errors",
        f"{PACKAGE_NAME}._runtime",
        f"{PACKAGE_NAME}.api.storefront_auth_ticket",
        f"{PACKAGE_NAME}.models.customer_auth_ticket",
    }


def type_checking_blocks(tree: ast.Module) -> list[ast.If]:
    return [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]


def absolute_imports(path: Path, *, type_checking: bool = False) -> set[str]:
    """Return the top-level names of the modules a file imports absolutely.

    Imports under `if TYPE_CHECKING:` never run; `type_checking` returns
    those alone instead of the others.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    blocks = type_checking_blocks(tree)
    hidden = {id(node) for block in blocks for node in ast.walk(block)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if (id(node) in hidden) is not type_checking:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            assert node.module is not None
            names.add(node.module.split(".")[0])
    return names


def test_package_imports_only_the_standard_library_httpx_and_itself() -> None:
    allowed = set(sys.stdlib_module_names) | {"__future__", "httpx"}
    found: dict[str, set[str]] = {}
    for path in SOURCES:
        for name in absolute_imports(path) - allowed:
            found.setdefault(name, set()).add(relative(path))

    assert found == {}
    everything = set().union(*(absolute_imports(path) for path in SOURCES))
    assert "httpx" in everything


def test_only_type_checkers_see_typing_extensions() -> None:
    # `Self` comes from typing_extensions, which type checkers bundle; at run
    # time the import never happens, so Python 3.10 needs no extra package.
    allowed = set(sys.stdlib_module_names) | {"__future__", "httpx"}
    found = {
        relative(path): absolute_imports(path, type_checking=True) - allowed
        for path in SOURCES
    }

    assert set().union(*found.values()) == {"typing_extensions"}
    assert "typing_extensions" not in set().union(
        *(absolute_imports(path) for path in SOURCES)
    )


def test_pyproject_declares_httpx_as_the_only_runtime_dependency() -> None:
    pyproject = tomllib.loads((GENERATED / "pyproject.toml").read_text("utf-8"))
    project = pyproject["project"]

    requirements = [Requirement(text) for text in project["dependencies"]]
    assert [requirement.name for requirement in requirements] == ["httpx"]
    installed = importlib.import_module("httpx").__version__
    assert requirements[0].specifier.contains(installed)
    assert project["requires-python"] == ">=3.10"
    assert project["name"] == "impersonatecart-client"
    assert (
        project["version"] == yaml.safe_load(SPEC.read_text("utf-8"))["info"]["version"]
    )


def readme_python_blocks() -> list[str]:
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, re.DOTALL)


def test_readme_has_a_usage_example_that_matches_the_api() -> None:
    blocks = readme_python_blocks()
    assert blocks, "README.md has no ```python example"
    example = ast.parse(blocks[0])

    # Every name the example imports exists in the package.
    imported: dict[str, Any] = {}
    for node in ast.walk(example):
        if isinstance(node, ast.ImportFrom):
            assert node.module is not None
            assert node.module.split(".")[0] == PACKAGE_NAME
            module = importlib.import_module(node.module)
            for alias in node.names:
                imported[alias.asname or alias.name] = getattr(module, alias.name)
    assert {"Client", "impersonate_cart"} <= set(imported)

    # Every call of an imported name fits that callable's signature.
    calls = [
        (node.func.id, node)
        for node in ast.walk(example)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in imported
    ]
    assert {name for name, _ in calls} >= {"Client", "impersonate_cart"}
    for name, call in calls:
        signature = inspect.signature(imported[name])  # raises if not callable
        signature.bind(
            *(None for _ in call.args),
            **{keyword.arg: None for keyword in call.keywords if keyword.arg},
        )


def test_py_typed_marker_is_shipped_in_the_package() -> None:
    assert (PACKAGE / "py.typed").is_file()


def test_server_url_docstring_lists_env_values_as_spelled_in_the_spec() -> None:
    from impersonatecart_client import server_url

    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    choices = spec["servers"][0]["variables"]["env"]["enum"]
    doc = " ".join((server_url.__doc__ or "").split())

    assert "One of: " + ", ".join(choices) in doc
