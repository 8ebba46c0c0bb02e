"""Clients that share one runtime package instead of carrying a copy each.

`generator runtime DIR` writes the runtime package; `--runtime NAME` (or
`runtime = "NAME"` in the configuration) makes a client import its runtime
modules from NAME. The tests generate two clients on one runtime, compare
them with the same clients carrying their own runtime, type-check them
together, and call both through a loopback server in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from loopback import RecordingServer, recording_server

from generator import __version__
from generator.cli import main
from generator.render import PREFORMATTED_TEMPLATES

REPO = Path(__file__).resolve().parents[1]
IMPERSONATE = REPO / "specs" / "impersonatecart.yaml"
CALLS = REPO / "tests" / "specs" / "calls.yaml"
RUNTIME_MODULES = sorted(PREFORMATTED_TEMPLATES.values())


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


def _files(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that the test runs in."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def project(workdir: Path) -> Path:
    """A folder with a shared runtime `shop_runtime` and two clients built on it."""
    assert _run("runtime", "shop-runtime", "-q").exit_code == 0
    for spec, output in ((IMPERSONATE, "carts"), (CALLS, "things")):
        result = _run("generate", str(spec), "-o", output, "--runtime", "shop_runtime")
        assert result.exit_code == 0, result.stderr
    return workdir


@pytest.fixture
def server() -> RecordingServer:
    yield from recording_server()


def test_the_runtime_package_holds_the_runtime_modules(project: Path) -> None:
    files = _files(project / "shop-runtime")
    package = sorted(p for p in files if p.startswith("shop_runtime/"))
    assert package == [
        "shop_runtime/__init__.py",
        *(f"shop_runtime/{name}" for name in RUNTIME_MODULES),
        "shop_runtime/py.typed",
    ]
    assert (
        f'name = "shop-runtime"\nversion = "{__version__}"' in files["pyproject.toml"]
    )
    manifest = json.loads(files["generator-manifest.json"])
    assert sorted(manifest["files"]) == sorted(
        p for p in files if p != "generator-manifest.json"
    )


def test_a_client_on_a_shared_runtime_carries_none_of_it(
    project: Path, tmp_path: Path
) -> None:
    own = tmp_path / "own" / "carts"
    assert _run("generate", str(IMPERSONATE), "-o", str(own), "-q").exit_code == 0
    shared = _files(project / "carts")
    bundled = _files(own)
    runtime = _files(project / "shop-runtime")

    # The runtime modules moved, byte for byte, into the runtime package.
    for name in RUNTIME_MODULES:
        assert f"carts/{name}" in bundled
        assert f"carts/{name}" not in shared
        assert runtime[f"shop_runtime/{name}"] == bundled[f"carts/{name}"]
    # The client requires the runtime at this version.
    assert (
        f'dependencies = ["httpx>=0.23,<1", "shop-runtime=={__version__}"]'
        in shared["pyproject.toml"]
    )
    # Every other module differs only in where the runtime is imported from.
    for path, text in bundled.items():
        if not path.endswith(".py") or path[6:] in RUNTIME_MODULES:
            continue
        mine = shared.pop(path)
        expected = (
            text.replace("from .._", "from shop_runtime._")
            .replace("from . import _client", "from shop_runtime import _client")
            .replace("from ._", "from shop_runtime._")
            .replace("`_client`", "`shop_runtime._client`")
        )
        # The runtime's imports form a group of their own: blank lines aside.
        assert _lines(mine) == _lines(expected), path
    assert [p for p in shared if p.endswith(".py")] == []


def test_clients_on_one_runtime_pass_mypy_strict_together(project: Path) -> None:
    paths = os.pathsep.join(
        str(project / f) for f in ("shop-runtime", "carts", "things")
    )
    packages = ["-p", "shop_runtime", "-p", "carts", "-p", "things"]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages],
        cwd=project,
        env={**os.environ, "MYPYPATH": paths},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


_CALLS = """
import asyncio, sys
import shop_runtime._errors
from things import AsyncClient, Client
from things.api.default import get_thing
from carts import Client as CartClient
from carts.errors import ApiError

with Client(sys.argv[1], bearer_token="t0ken") as client:
    print(type(get_thing(client, id=7)).__name__)
    print(isinstance(client, CartClient))

async def main():
    async with AsyncClient(sys.argv[1], bearer_token="t0ken") as client:
        return await get_thing.asyncio(client, id=8)

print(type(asyncio.run(main())).__name__)
print(ApiError is shop_runtime._errors.ApiError)
"""


def test_clients_on_one_runtime_send_calls(
    project: Path, server: RecordingServer
) -> None:
    server.respond_json({"id": 7, "name": "seven"})
    paths = [str(project / f) for f in ("shop-runtime", "carts", "things")]
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CALLS), server.origin],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["Thing", "False", "Thing", "True"]
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/things/7"),
        ("GET", "/things/8"),
    ]
    assert {r.headers["authorization"] for r in server.requests} == {"Bearer t0ken"}


def test_runtime_check_passes_then_finds_an_edit(project: Path) -> None:
    result = _run("runtime", "shop-runtime", "--check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "shop-runtime: up to date\n"

    module = project / "shop-runtime" / "shop_runtime" / "_call.py"
    module.write_text(module.read_text() + "# edited\n")
    result = _run("runtime", "shop-runtime", "--check")
    assert result.exit_code == 1
    assert "+++ b/shop_runtime/_call.py" in result.stdout
    assert "-# edited" in result.stdout
    assert result.stderr.splitlines() == [
        "shop-runtime: out of date with this generator",
        "to update, run: generator runtime shop-runtime --package shop_runtime",
    ]
    assert _run("runtime", "shop-runtime", "--package", "shop_runtime").exit_code == 0
    assert _run("runtime", "shop-runtime", "--check").exit_code == 0


def test_runtime_check_of_a_missing_folder_says_so(workdir: Path) -> None:
    result = _run("runtime", "rt", "--check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "rt: missing; nothing is generated yet",
        "to update, run: generator runtime rt --package rt",
    ]
    assert not (workdir / "rt").exists()


def test_runtime_rerun_writes_nothing(project: Path) -> None:
    before = _files(project / "shop-runtime")
    result = _run("runtime", "shop-runtime")
    assert result.exit_code == 0
    assert result.stderr.startswith("shop-runtime: 0 written, 9 unchanged, 0 removed;")
    assert _files(project / "shop-runtime") == before


def test_client_check_on_a_shared_runtime_is_up_to_date(project: Path) -> None:
    result = _run("check", str(CALLS), "-o", "things", "--runtime", "shop_runtime")
    assert result.exit_code == 0, result.stderr
    # Without --runtime the same client is not what is on the disk.
    result = _run("check", str(CALLS), "-o", "things")
    assert result.exit_code == 1
    assert "+++ b/things/_runtime.py" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--runtime", "json"], "Invalid value for '--runtime'"),
        (["--runtime", "not-a-name"], "Invalid value for '--runtime'"),
        (["--runtime", "out"], "'out' names the client's own package"),
    ],
)
def test_bad_runtime_names_are_usage_errors(
    workdir: Path, args: list[str], message: str
) -> None:
    result = _run("generate", str(CALLS), "-o", "out", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (workdir / "out").exists()


def test_runtime_package_name_is_checked(workdir: Path) -> None:
    result = _run("runtime", "rt", "--package", "httpx")
    assert result.exit_code == 2
    assert "Invalid value for '--package'" in result.stderr
    assert not (workdir / "rt").exists()


def test_configured_runtime(workdir: Path) -> None:
    (workdir / "generator.toml").write_text(
        f'[[specs]]\nspec = "{CALLS.as_posix()}"\noutput = "things"\n'
        'runtime = "shop_runtime"\n'
    )
    assert _run("generate", "-q").exit_code == 0
    assert not (workdir / "things" / "things" / "_runtime.py").exists()
    assert (
        "from shop_runtime._call import"
        in (workdir / "things" / "things" / "api" / "default.py").read_text()
    )


def test_configured_runtime_named_like_the_client_is_an_error(workdir: Path) -> None:
    (workdir / "generator.toml").write_text(
        f'[[specs]]\nspec = "{CALLS.as_posix()}"\noutput = "things"\n'
        'runtime = "things"\n'
    )
    result = _run("generate")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "generator.toml:4: specs[0].runtime: names the client's own package"
    )
    assert not (workdir / "things").exists()


def test_a_runtime_does_not_replace_a_client_nor_the_reverse(project: Path) -> None:
    before = _files(project / "things"), _files(project / "shop-runtime")
    result = _run("runtime", "things", "--package", "shop_runtime")
    assert result.exit_code == 1
    assert "holds a generated client, which a runtime package would replace" in (
        result.stderr
    )
    result = _run("generate", str(CALLS), "-o", "shop-runtime", "--package", "things")
    assert result.exit_code == 1
    assert "holds a generated runtime package, which a client would replace" in (
        result.stderr
    )
    assert (_files(project / "things"), _files(project / "shop-runtime")) == before


def test_a_runtime_installed_under_the_clients_name_is_refused(workdir: Path) -> None:
    args = ["generate", str(CALLS), "-o", "out", "--package", "shop_api"]
    # pip knows both as `shop-api`.
    result = _run(*args, "--runtime", "Shop__Api")
    assert result.exit_code == 2
    assert "names the client's own package" in result.stderr


def test_configured_runtime_named_like_another_client_is_an_error(
    workdir: Path,
) -> None:
    (workdir / "generator.toml").write_text(
        f'[[specs]]\nspec = "{CALLS.as_posix()}"\noutput = "things"\n'
        'runtime = "carts"\n'
        f'[[specs]]\nspec = "{IMPERSONATE.as_posix()}"\noutput = "carts"\n'
    )
    result = _run("generate")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "generator.toml:4: specs[0].runtime: names the package of specs[1]"
    )


def test_a_custom_runtime_template_on_a_shared_runtime_is_a_warning(
    workdir: Path,
) -> None:
    (workdir / "custom").mkdir()
    (workdir / "custom" / "call.py.jinja").write_text(
        "{% include 'builtin/call.py.jinja' %}\n"
    )
    args = ["generate", str(CALLS), "-o", "out", "--templates", "custom"]
    result = _run(*args, "--runtime", "shop_runtime")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "custom/call.py.jinja: warning[unused-template]: call.py.jinja is not used: "
        "this client imports _call.py from the shared runtime 'shop_runtime'"
    )
    assert _run(*args, "--runtime", "shop_runtime", "--strict").exit_code == 1
    # Without a shared runtime the template is used, and nothing is said.
    result = _run(*args)
    assert result.exit_code == 0
    assert "unused-template" not in result.stderr


@pytest.mark.parametrize(
    ("package", "distribution"),
    [("shop_api", "shop-api"), ("_shop", "shop"), ("class_", "class")],
)
def test_distribution_names_are_valid(
    workdir: Path, package: str, distribution: str
) -> None:
    assert _run("runtime", "rt", "--package", package, "-q").exit_code == 0
    assert (
        f'name = "{distribution}"\n' in (workdir / "rt" / "pyproject.toml").read_text()
    )
    args = ["generate", str(CALLS), "-o", "out", "--runtime", package, "-q"]
    assert _run(*args).exit_code == 0
    assert (
        f'"{distribution}=={__version__}"'
        in (workdir / "out" / "pyproject.toml").read_text()
    )


@pytest.mark.parametrize("name", ["ünï", "test", "pip"])
def test_names_pip_cannot_install_or_python_hides_are_refused(
    workdir: Path, name: str
) -> None:
    for args in (
        ["runtime", "rt", "--package", name],
        ["generate", str(CALLS), "-o", "out", "--package", name],
    ):
        result = _run(*args)
        assert result.exit_code == 2, args
        assert "Invalid value for '--package'" in result.stderr
    assert list(workdir.iterdir()) == []


def _configure_runtime(folder: Path, runtime: str) -> None:
    (folder / "generator.toml").write_text(
        f"[runtime]\n{runtime}\n"
        f'[[specs]]\nspec = "{CALLS.as_posix()}"\noutput = "clients/things"\n'
        f'[[specs]]\nspec = "{IMPERSONATE.as_posix()}"\noutput = "clients/carts"\n'
    )


def test_the_configured_runtime_is_generated_and_checked_with_its_clients(
    workdir: Path,
) -> None:
    _configure_runtime(workdir, 'output = "clients/shop-runtime"')
    result = _run("generate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0].startswith(
        "clients/shop-runtime: 9 written, 0 unchanged, 0 removed;"
    )
    clients = workdir / "clients"
    for client in ("things", "carts"):
        requirement = f'"shop-runtime=={__version__}"'
        assert requirement in (clients / client / "pyproject.toml").read_text()
        assert not (clients / client / client / "_runtime.py").exists()
    assert _run("check").exit_code == 0

    module = clients / "shop-runtime" / "shop_runtime" / "_errors.py"
    module.write_text(module.read_text() + "# edited\n")
    result = _run("check")
    assert result.exit_code == 1
    assert "-# edited" in result.stdout
    assert result.stderr.splitlines()[0] == (
        "clients/shop-runtime: out of date with this generator"
    )
    assert result.stderr.splitlines()[-1] == "to update, run: generator generate"
    # A run for one spec leaves the runtime alone.
    assert _run("generate", str(CALLS)).exit_code == 0
    assert module.read_text().endswith("# edited\n")
    assert _run("generate", "-q").exit_code == 0
    assert _run("check").exit_code == 0


def test_the_configured_runtime_needs_a_folder_of_its_own(workdir: Path) -> None:
    _configure_runtime(workdir, 'output = "clients/carts"\npackage = "shop_runtime"')
    result = _run("generate")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "generator.toml:9: specs[1].output: 'clients/carts' is also the output of "
        "the [runtime] table;"
    )


def test_a_client_named_like_the_configured_runtime_is_an_error(workdir: Path) -> None:
    _configure_runtime(workdir, 'output = "rt"\npackage = "things"')
    result = _run("generate")
    assert result.exit_code == 1
    assert "specs[0].package: is the name of the runtime package 'things'" in (
        result.stderr
    )
    assert not (workdir / "rt").exists()


def test_strict_keeps_an_edit_of_the_configured_runtime(workdir: Path) -> None:
    _configure_runtime(workdir, 'output = "clients/shop-runtime"')
    assert _run("generate", "-q").exit_code == 0
    module = workdir / "clients" / "shop-runtime" / "shop_runtime" / "_runtime.py"
    module.write_text(module.read_text() + "# mine\n")
    result = _run("generate", "--strict")
    assert result.exit_code == 1
    assert "edited-output" in result.stderr
    assert module.read_text().endswith("# mine\n")


def test_no_client_is_written_when_the_configured_runtime_fails(workdir: Path) -> None:
    _configure_runtime(workdir, 'output = "taken"')
    (workdir / "taken").mkdir()
    (workdir / "taken" / "notes.txt").write_text("mine\n")
    result = _run("generate")
    assert result.exit_code == 1
    assert "has no generator-manifest.json" in result.stderr
    assert not (workdir / "clients").exists()


def test_the_summary_counts_the_runtime(workdir: Path) -> None:
    _configure_runtime(workdir, 'output = "clients/shop-runtime"')
    result = _run("generate")
    assert result.stderr.splitlines()[-1].startswith(
        "2 specs and 1 runtime: 46 written, 0 unchanged, 0 removed; 0 warnings"
    )
    shutil.rmtree(workdir / "clients" / "shop-runtime")
    result = _run("check")
    assert result.exit_code == 1
    assert "2 specs and 1 runtime: 2 up to date, 1 out of date" in result.stderr


def test_the_configured_runtime_takes_its_own_templates(workdir: Path) -> None:
    (workdir / "mine").mkdir()
    (workdir / "mine" / "runtime_init.py.jinja").write_text(
        "{% include 'builtin/runtime_init.py.jinja' %}\nLOCAL = True\n"
    )
    _configure_runtime(workdir, 'output = "rt"\npackage = "rt"\ntemplates = "mine"')
    assert _run("generate", "-q").exit_code == 0
    assert (
        (workdir / "rt" / "rt" / "__init__.py").read_text().endswith("\nLOCAL = True\n")
    )
    assert _run("check", "-q").exit_code == 0

    # A changed template makes the runtime stale, and the message says why.
    (workdir / "mine" / "runtime_init.py.jinja").write_text(
        "{% include 'builtin/runtime_init.py.jinja' %}\nLOCAL = False\n"
    )
    result = _run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "rt: out of date with this generator and the templates in mine"
    )


@pytest.mark.parametrize("where", ['"clients/things/rt"', '"clients"'])
def test_a_runtime_nested_with_a_client_is_an_error(workdir: Path, where: str) -> None:
    _configure_runtime(workdir, f"output = {where}\npackage = 'rt'")
    result = _run("generate")
    assert result.exit_code == 1
    assert "lie one inside the other" in result.stderr
    assert list(workdir.iterdir()) == [workdir / "generator.toml"]


def test_package_without_spec_when_several_are_configured_is_a_usage_error(
    workdir: Path,
) -> None:
    _configure_runtime(workdir, 'output = "rt"')
    result = _run("generate", "--package", "zzz")
    assert result.exit_code == 2
    assert "--package needs a SPEC when several specs are configured" in (result.stderr)


def test_runtime_template_errors_name_the_template(workdir: Path) -> None:
    (workdir / "bad").mkdir()
    (workdir / "bad" / "runtime_pyproject.toml.jinja").write_text('name = "x\n')
    result = _run("runtime", "rt", "--templates", "bad")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "bad/runtime_pyproject.toml.jinja: error[template-error]: rendered "
        "pyproject.toml is not valid TOML"
    )
    (workdir / "bad" / "runtime_pyproject.toml.jinja").unlink()
    (workdir / "bad" / "call.py.jinja").write_text("def (\n")
    result = _run("runtime", "rt", "--templates", "bad")
    assert result.exit_code == 1
    assert result.stderr.startswith("bad/call.py.jinja: error[template-error]:")
    assert "('def (')" in result.stderr
    assert not (workdir / "rt").exists()


def test_runtime_templates_with_a_near_miss_name_are_a_warning(workdir: Path) -> None:
    (workdir / "mine").mkdir()
    (workdir / "mine" / "runtime_inti.py.jinja").write_text("")
    result = _run("runtime", "rt", "--templates", "mine")
    assert result.exit_code == 0
    assert "did you mean runtime_init.py.jinja?" in result.stderr


def test_a_runtime_folder_named_like_a_module_python_ships(workdir: Path) -> None:
    assert _run("runtime", "json", "-q").exit_code == 0
    assert (workdir / "json" / "json_runtime" / "_call.py").is_file()


def test_runtime_check_of_a_client_folder_is_refused(project: Path) -> None:
    result = _run("runtime", "things", "--check", "--package", "shop_runtime")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "holds a generated client, not a runtime package; point the check at "
        "the runtime package's folder" in result.stderr
    )
    assert "replace" not in result.stderr
    assert result.stderr.splitlines()[-1] == "failed: 1 error, 0 warnings"


@pytest.mark.parametrize(
    "args",
    [
        ["runtime", "things/rt"],
        ["generate", str(CALLS), "-o", "shop-runtime/out", "--runtime", "shop_rt"],
    ],
)
def test_nothing_is_written_inside_a_generated_project(
    project: Path, args: list[str]
) -> None:
    result = _run(*args)
    assert result.exit_code == 1
    assert "a generated project; refusing to write there" in result.stderr
    assert not (project / args[1 if args[0] == "runtime" else 3]).exists()


def test_runtime_names_suggest_a_runtime(workdir: Path) -> None:
    result = _run("runtime", "rt", "--package", "json")
    assert result.exit_code == 2
    assert "such as 'json_runtime'" in result.stderr
    assert _run("runtime", "2024-rt", "-q").exit_code == 0
    assert (workdir / "2024-rt" / "runtime_2024_rt" / "_call.py").is_file()
