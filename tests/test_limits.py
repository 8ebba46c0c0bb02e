"""Limits: huge, deep and self-multiplying specs end fast, and kills lose nothing.

Covers the load limits (file size, nesting depth, values once YAML aliases are
expanded, files that are no regular files, a duplicate key among many), the
build limits (models chained deeper than the schema depth limit, `$ref` and
allOf graphs that a naive walk visits exponentially often), and YAML aliases
below the limit, which cost what a `$ref` costs. Every test runs under a
deadline, so a regression that hangs fails instead of stalling the suite.

Last, `generator generate` is SIGKILLed in a subprocess, at chosen moments
(while formatting, half-way through filling the stage, between the two
renames of the swap, after it) and at moments fractions of a run apart: the
output folder then holds the previous package or the new one, byte for byte
(or, between the renames, the previous one moved aside), never a mix, and
the next run completes the new package and removes every leftover.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

import generator.load as load_module
from conftest import deadline
from generator import ir
from generator.build import build_api
from generator.diagnostics import Diagnostic, Diagnostics, Severity, SpecError
from generator.load import MAX_FILE_BYTES, MAX_NESTING, load_spec
from generator.options import Options
from generator.pipeline import generate_plan
from generator.schemas import MAX_SCHEMA_DEPTH

HEAD = "openapi: 3.0.3\ninfo: {title: Limits, version: '1'}\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load_error(path: Path, *, seconds: float = 10) -> Diagnostic:
    with deadline(seconds), pytest.raises(SpecError) as caught:
        load_spec(path)
    assert caught.value.diagnostic is not None
    return caught.value.diagnostic


def _build(path: Path, *, seconds: float = 10) -> tuple[ir.Api | None, Diagnostics]:
    diagnostics = Diagnostics()
    with deadline(seconds):
        try:
            api = build_api(load_spec(path), package="pkg", diagnostics=diagnostics)
        except SpecError:
            return None, diagnostics
    return api, diagnostics


def _returning(schema_ref: str, schemas: list[str]) -> str:
    """Return a spec whose one operation returns `schema_ref`."""
    return HEAD + textwrap.dedent(f"""\
            paths:
              /a:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {{$ref: '#/components/schemas/{schema_ref}'}}
            components:
              schemas:
            """) + "".join(f"    {line}\n" for line in schemas)


# -- load: aliases ------------------------------------------------------------


def _laughs(levels: int) -> str:
    """Return the classic alias bomb: each level repeats the one before ten times."""
    names = "abcdefghij"[:levels]
    lines = [f"a: &a [{', '.join(['lol'] * 10)}]"]
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_too_large_at_the_node_that_passes_the_limit(
    tmp_path: Path,
) -> None:
    # Level f stands for 1,111,111 values: the first over 1,000,000.
    error = _load_error(_write(tmp_path, "laughs.yaml", _laughs(9)), seconds=5)
    assert (error.code, error.location.line, error.location.column) == (
        "too-large",
        6,
        4,
    )
    assert error.message == (
        "the document holds more than 1,000,000 values once YAML aliases are "
        "expanded (an alias repeats the whole node it names); use $ref for shared "
        "parts, or split the spec into files joined by $ref"
    )


def test_aliases_below_the_limit_load_as_shared_values(tmp_path: Path) -> None:
    with deadline(5):
        document = load_spec(_write(tmp_path, "laughs.yaml", _laughs(5)))
    assert document.data["e"][0] is document.data["e"][9]


def test_value_limit_counts_every_key_and_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_module, "MAX_VALUES", 7)
    # The mapping, its three keys and three values: seven.
    assert load_spec(_write(tmp_path, "ok.yaml", "a: 1\nb: 2\nc: 3\n")).data
    error = _load_error(_write(tmp_path, "over.yaml", "a: 1\nb: 2\nc: [3]\n"))
    assert error.code == "too-large"


def test_large_yaml_is_counted_before_it_is_composed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_module, "MAX_VALUES", 100)
    monkeypatch.setattr(load_module, "_PRESCAN_BYTES", 0)
    monkeypatch.setattr(yaml, "compose", _never_compose)
    path = _write(tmp_path, "long.yaml", "".join(f"- {i}\n" for i in range(500)))
    error = _load_error(path)
    # The sequence is the first value; item 100 on line 100 is the 101st.
    assert (error.code, error.location.line, error.location.column) == (
        "too-large",
        100,
        3,
    )


def _never_compose(*args: object, **kwargs: object) -> None:
    raise AssertionError("a too-large YAML text was composed")


def test_json_with_too_many_values_is_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_module, "MAX_VALUES", 1000)
    ok = {"a": [0] * 998}
    assert load_spec(_write(tmp_path, "ok.json", json.dumps(ok))).data == ok
    error = _load_error(_write(tmp_path, "over.json", json.dumps({"a": [0] * 999})))
    assert error.code == "too-large"
    assert error.message == (
        "the document holds more than 1,000 values; split the spec into files "
        "joined by $ref"
    )


# -- load: size, depth, odd files ---------------------------------------------


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    error = _load_error(path)
    assert error.code == "too-large"
    assert error.message == (
        "the file is larger than 32 MiB, the most the generator reads; split it "
        "into files joined by $ref"
    )


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_FILE_BYTES - 6) + b"\n")
    with deadline(20):
        assert load_spec(path).data == {"a": 1}


@pytest.mark.parametrize(
    ("name", "nest"),
    [
        ("flow.yaml", lambda n: "[" * n + "]" * n),
        (
            "block.yaml",
            lambda n: "".join(f"{'  ' * i}k:\n" for i in range(n)) + "  " * n + "x",
        ),
        ("deep.json", lambda n: "[" * n + "]" * n),
    ],
)
def test_nesting_deeper_than_the_limit_is_too_deep_at_the_deep_value(
    tmp_path: Path, name: str, nest: object
) -> None:
    assert callable(nest)
    # A value may have up to MAX_NESTING - 1 containers around it.
    assert load_spec(_write(tmp_path, f"ok-{name}", nest(MAX_NESTING - 1)))
    error = _load_error(_write(tmp_path, name, nest(MAX_NESTING + 1)))
    assert error.code == "too-deep"
    assert error.message.startswith("the document nests more than 200 levels deep")
    assert error.location.line is not None


@pytest.mark.parametrize("name", ["deep.yaml", "deep.json"])
def test_nesting_deeper_than_the_parsers_allow_is_too_deep(
    tmp_path: Path, name: str
) -> None:
    error = _load_error(_write(tmp_path, name, "[" * 100_000 + "]" * 100_000))
    assert error.code == "too-deep"


def test_duplicate_key_among_many_is_found_fast(tmp_path: Path) -> None:
    keys = ", ".join(f'"k{i}": {i}' for i in range(50_000))
    path = _write(tmp_path, "many.json", '{"k0": 0, ' + keys + "}")
    error = _load_error(path, seconds=15)
    assert (error.code, error.location.line) == ("duplicate-key", 1)


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    error = _load_error(fifo, seconds=5)
    assert (error.code, error.message) == (
        "unreadable",
        "cannot read the file: not a regular file",
    )


def test_a_ref_to_a_device_is_a_missing_ref_not_an_endless_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    spec = _write(tmp_path, "spec.yaml", _returning("X", ["X: {$ref: 'zero.yaml#/X'}"]))
    api, diagnostics = _build(spec, seconds=5)
    assert api is None
    (error,) = diagnostics.errors
    assert error.code == "missing-ref"
    assert error.message.endswith("cannot read the file: not a regular file")


# -- build: graphs a naive walk would visit exponentially often ---------------


def test_union_chain_that_refers_twice_to_each_level_is_typed_once(
    tmp_path: Path,
) -> None:
    # 30 levels of three typing steps each ($ref, items, option): a walk that
    # typed each $ref anew would visit S0 2**30 times.
    schemas = ["S0: {type: string}"]
    for level in range(1, 31):
        ref = f"{{$ref: '#/components/schemas/S{level - 1}'}}"
        schemas.append(f"S{level}: {{type: array, items: {{oneOf: [{ref}, {ref}]}}}}")
    api, diagnostics = _build(_write(tmp_path, "s.yaml", _returning("S30", schemas)))
    assert api is not None
    assert not diagnostics.items
    success = api.operations[0].success
    assert success is not None and success.type is not None
    assert success.type.kind is ir.Kind.LIST


def test_allof_diamonds_are_flattened_once(tmp_path: Path) -> None:
    schemas = ["L0: {properties: {f0: {type: string}}}"]
    for level in range(1, 40):
        ref = f"{{$ref: '#/components/schemas/L{level - 1}'}}"
        schemas.append(
            f"L{level}: {{allOf: [{ref}, {ref}], "
            f"properties: {{f{level}: {{type: integer}}}}}}"
        )
    api, diagnostics = _build(_write(tmp_path, "l.yaml", _returning("L39", schemas)))
    assert api is not None
    assert not diagnostics.items
    top = next(model for model in api.models if model.name == "L39")
    assert [f.json_name for f in top.fields] == [f"f{i}" for i in range(40)]


def _chain(length: int) -> list[str]:
    """Return models M0 .. M<length> in which each holds the next."""
    schemas = [
        f"M{i}: {{properties: {{next: {{$ref: '#/components/schemas/M{i + 1}'}}}}}}"
        for i in range(length)
    ]
    return [*schemas, f"M{length}: {{properties: {{end: {{type: string}}}}}}"]


def test_model_chain_within_the_depth_limit_is_generated(tmp_path: Path) -> None:
    length = MAX_SCHEMA_DEPTH - 10
    api, diagnostics = _build(
        _write(tmp_path, "c.yaml", _returning("M0", _chain(length)))
    )
    assert api is not None
    assert len(api.models) == length + 1
    assert not diagnostics.items


def test_model_chain_deeper_than_the_limit_is_too_deep(tmp_path: Path) -> None:
    spec = _write(tmp_path, "c.yaml", _returning("M0", _chain(MAX_SCHEMA_DEPTH + 50)))
    api, diagnostics = _build(spec)
    assert api is None
    (error,) = diagnostics.errors
    assert error.severity is Severity.ERROR
    assert error.code == "too-deep"
    assert error.location.pointer.startswith("/components/schemas/M")
    assert error.message.startswith(
        f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here"
    )


# -- aliases below the limit ----------------------------------------------------


def test_aliased_inline_model_is_one_model(tmp_path: Path) -> None:
    schemas = [
        "Owner: {properties: {home: &addr {properties: {street: {type: string}}}}}",
        "Shop: {properties: {a: *addr, b: *addr}}",
        "Root: {properties: {owner: {$ref: '#/components/schemas/Owner'},"
        " shop: {$ref: '#/components/schemas/Shop'}}}",
    ]
    api, _ = _build(_write(tmp_path, "a.yaml", _returning("Root", schemas)))
    assert api is not None
    assert sorted(model.name for model in api.models) == [
        "Owner",
        "OwnerHome",
        "Root",
        "Shop",
    ]
    shop = next(model for model in api.models if model.name == "Shop")
    assert {f.type.model for f in shop.fields} == {"OwnerHome"}


def test_alias_of_a_component_is_named_after_the_component(tmp_path: Path) -> None:
    # Root is built first, so the alias is met before the component itself.
    schemas = [
        "Pet: &pet {properties: {name: {type: string}}}",
        "Root: {properties: {inline: *pet, ref: {$ref: '#/components/schemas/Pet'}}}",
    ]
    api, _ = _build(_write(tmp_path, "p.yaml", _returning("Root", schemas)))
    assert api is not None
    assert sorted(model.name for model in api.models) == ["Pet", "Root"]
    root = next(model for model in api.models if model.name == "Root")
    assert [f.type.model for f in root.fields] == ["Pet", "Pet"]


def test_alias_heavy_spec_below_the_limit_generates_quickly(tmp_path: Path) -> None:
    # 10,000 places hold S0 through aliases; it is still one model.
    schemas = ["S0: &s0 {properties: {x: {type: string}}}"]
    for level in range(1, 5):
        props = ", ".join(f"p{i}: *s{level - 1}" for i in range(10))
        schemas.append(f"S{level}: &s{level} {{properties: {{{props}}}}}")
    spec = _write(tmp_path, "a.yaml", _returning("S4", schemas))
    options = Options(spec=spec, output=tmp_path / "out", package="pkg")
    with deadline(30):
        plan = generate_plan(options, diagnostics=Diagnostics())
    models = sorted(path for path in plan if path.startswith("pkg/models/"))
    assert models == [f"pkg/models/{name}.py" for name in ("__init__", *SCHEMAS)]


SCHEMAS = ("s0", "s1", "s2", "s3", "s4")


# -- a run killed at any moment -------------------------------------------------

# Runs the CLI with the write stage patched to stop at one moment, after
# writing a marker file, so that the test can kill it exactly there.
_PAUSING_RUN = """
import os, pathlib, shutil, sys, time
import generator.format

marker, moment = pathlib.Path(sys.argv[1]), sys.argv[2]
count = {"n": 0}

def pause():
    marker.write_text(moment)
    time.sleep(600)

def after(n):
    count["n"] += 1
    if count["n"] == n:
        pause()

real_split = generator.format.split_definitions
def split_definitions(text):
    if moment == "format":
        after(5)
    return real_split(text)
generator.format.split_definitions = split_definitions

real_write = pathlib.Path.write_bytes
def write_bytes(self, data):
    written = real_write(self, data)
    if moment == "fill" and ".tmp-" in str(self):
        after(5)
    return written
pathlib.Path.write_bytes = write_bytes

real_rename = os.rename
def rename(source, target):
    real_rename(source, target)
    into_backup = ".old-" in os.fspath(target)
    if (moment, into_backup) in (("swap", True), ("swapped", False)):
        pause()
os.rename = rename

from generator.cli import main
main(sys.argv[3:], prog_name="generator")
"""


def _spec_of(models: range, extra: str) -> str:
    """Return a spec with one model per number in `models`, each with `extra`."""
    schemas = [
        f"M{i}: {{properties: {{a: {{type: string}}, {extra}: {{type: integer}}}}}}"
        for i in models
    ]
    paths = "".join(
        f"  /m{i}:\n    get:\n      operationId: getM{i}\n      tags: [t{i % 3}]\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        f"              schema: {{$ref: '#/components/schemas/M{i}'}}\n"
        for i in models
    )
    lines = "".join(f"    {line}\n" for line in schemas)
    return f"{HEAD}paths:\n{paths}components:\n  schemas:\n{lines}"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _leftovers(output: Path) -> list[str]:
    names = (p.name for p in output.parent.iterdir())
    return sorted(n.split("-")[0] for n in names if n.startswith(f".{output.name}."))


class _Runs:
    """Run `generator generate SPEC -o OUTPUT` in a subprocess, to kill it."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.output = tmp_path / "client"

    def command(self, spec: Path, output: Path) -> list[str]:
        return ["generate", str(spec), "-o", str(output), "--package", "pkg", "-q"]

    def finish(self, spec: Path, output: Path | None = None) -> dict[str, bytes]:
        """Run to the end and return what the output folder holds."""
        output = output or self.output
        subprocess.run(
            [sys.executable, "-m", "generator", *self.command(spec, output)],
            cwd=self.tmp_path,
            check=True,
            timeout=120,
        )
        return _snapshot(output)

    def kill_at(self, moment: str, spec: Path) -> None:
        """Start a run, wait until it reaches `moment`, and SIGKILL it."""
        marker = self.tmp_path / "marker"
        marker.unlink(missing_ok=True)
        arguments = [
            _PAUSING_RUN,
            str(marker),
            moment,
            *self.command(spec, self.output),
        ]
        process = subprocess.Popen(
            [sys.executable, "-c", *arguments], cwd=self.tmp_path
        )
        try:
            with deadline(120):
                while not marker.exists():
                    assert process.poll() is None, f"the run ended before {moment}"
                    time.sleep(0.01)
        finally:
            process.kill()
            process.wait()

    def kill_after(self, seconds: float, spec: Path) -> None:
        arguments = [*self.command(spec, self.output)]
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", *arguments], cwd=self.tmp_path
        )
        time.sleep(seconds)
        process.kill()
        process.wait()


_Packages = tuple[Path, Path, Path, dict[str, bytes], dict[str, bytes]]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> _Packages:
    """Return the old and new spec, the old package's folder, and both packages.

    The new spec drops one model, adds one and changes every other, so the
    new package writes, keeps and removes files. Both packages hold a file
    the user added, NOTES.txt.
    """
    folder = tmp_path_factory.mktemp("packages")
    old_spec = _write(folder, "old.yaml", _spec_of(range(0, 30), "b"))
    new_spec = _write(folder, "new.yaml", _spec_of(range(1, 31), "c"))
    run = _Runs(folder)
    for spec, output in ((old_spec, folder / "old"), (new_spec, folder / "new")):
        run.finish(spec, output)
        (output / "NOTES.txt").write_text("mine\n")
    old, new = _snapshot(folder / "old"), _snapshot(folder / "new")
    return old_spec, new_spec, folder / "old", old, new


@pytest.fixture
def runs(tmp_path: Path, packages: _Packages) -> tuple[_Runs, _Packages]:
    """Return a runner whose output folder holds a copy of the old package."""
    run = _Runs(tmp_path)
    shutil.copytree(packages[2], run.output)
    return run, packages


@pytest.mark.parametrize("moment", ["format", "fill", "swap", "swapped"])
def test_run_killed_at_a_moment_leaves_a_package_the_next_run_completes(
    runs: tuple[_Runs, _Packages], moment: str
) -> None:
    run, (_, new_spec, _, old, new) = runs
    assert old != new
    run.kill_at(moment, new_spec)

    output = run.output
    backups = sorted(output.parent.glob(f".{output.name}.old-*"))
    if moment in ("format", "fill"):
        # Killed before the swap: the previous package, untouched.
        assert _snapshot(output) == old
        expected = [] if moment == "format" else [".client.tmp"]
    elif moment == "swap":
        # Killed between the renames: the previous package, moved aside whole.
        assert not output.exists()
        assert [_snapshot(backup) for backup in backups] == [old]
        expected = [".client.old", ".client.tmp"]
    else:
        # Killed after the swap: the new package, and the old one aside.
        assert _snapshot(output) == new
        assert [_snapshot(backup) for backup in backups] == [old]
        expected = [".client.old"]
    assert _leftovers(output) == expected

    assert run.finish(new_spec) == new
    assert _leftovers(output) == []


def test_run_killed_at_random_moments_never_leaves_a_mix(
    runs: tuple[_Runs, _Packages],
) -> None:
    run, (old_spec, new_spec, _, old, new) = runs
    started = time.monotonic()
    run.finish(new_spec, run.tmp_path / "timing")
    duration = time.monotonic() - started
    for fraction in (0.5, 0.8, 0.95):
        run.kill_after(duration * fraction, new_spec)
        output = run.output
        if output.exists():
            assert _snapshot(output) in (old, new)
        else:
            (backup,) = output.parent.glob(f".{output.name}.old-*")
            assert _snapshot(backup) == old
        assert run.finish(new_spec) == new
        assert _leftovers(output) == []
        assert run.finish(old_spec) == old
