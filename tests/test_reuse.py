"""Regenerating skips black for files rendered exactly as last time.

The manifest records each file's rendered and formatted hashes and the
formatter; a run formats only the files whose rendered text changed, that
were edited by hand, or every file when the formatter changed or the manifest
cannot be read. Whatever was skipped, the output is byte-identical to a cold
run into an empty folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.format as format_module
from generator.diagnostics import Diagnostics
from generator.options import Options
from generator.pipeline import generate, generate_plan
from generator.render import preformatted_paths
from generator.write import MANIFEST, WriteError, add_manifest, reusable_files

SPEC = """\
openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
servers:
  - url: https://pets.example.com
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      summary: List pets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Pet"
  /owners/{ownerId}:
    get:
      tags: [owners]
      operationId: getOwner
      summary: Get an owner
      parameters:
        - name: ownerId
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
                $ref: "#/components/schemas/Owner"
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: string
    Owner:
      type: object
      properties:
        name:
          type: string
"""


@pytest.fixture
def formatted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the Python files the format stage is given to format."""
    calls: list[str] = []
    real = format_module.format_plan

    def recording(plan: dict[str, str], **options: Any) -> dict[str, str]:
        done = options.get("formatted") or {}
        calls.extend(p for p in plan if p.endswith(".py") and p not in done)
        return real(plan, **options)

    monkeypatch.setattr(format_module, "format_plan", recording)
    return calls


def _options(tmp_path: Path, output: str = "out", spec: str = SPEC) -> Options:
    path = tmp_path / "api.yaml"
    path.write_text(spec, encoding="utf-8")
    return Options(spec=path, output=tmp_path / output, package="pets")


def _run(options: Options) -> Diagnostics:
    diagnostics = Diagnostics()
    generate(options, diagnostics=diagnostics)
    return diagnostics


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _python_files(folder: Path) -> list[str]:
    """Return the Python files black formats: all but the pre-formatted ones."""
    static = preformatted_paths("pets", None)
    return sorted(
        path for path in _files(folder) if path.endswith(".py") and path not in static
    )


def _same_as_cold_run(tmp_path: Path, options: Options) -> None:
    """Assert `options.output` is what a run into a new folder writes."""
    cold = Options(spec=options.spec, output=tmp_path / "cold", package="pets")
    _run(cold)
    assert _files(options.output) == _files(cold.output)


def test_no_change_regeneration_formats_nothing(
    tmp_path: Path, formatted: list[str]
) -> None:
    options = _options(tmp_path)
    _run(options)
    assert sorted(formatted) == _python_files(options.output)
    formatted.clear()
    before = _files(options.output)

    _run(options)
    assert formatted == []
    assert _files(options.output) == before


def test_edited_operation_formats_only_the_files_it_changes(
    tmp_path: Path, formatted: list[str]
) -> None:
    options = _options(tmp_path)
    _run(options)
    before = _files(options.output)
    formatted.clear()

    options.spec.write_text(SPEC.replace("Get an owner", "Get one owner"), "utf-8")
    _run(options)
    after = _files(options.output)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert formatted == ["pets/api/owners.py"]
    assert changed == ["README.md", MANIFEST, "pets/api/owners.py"]
    formatted.clear()
    _same_as_cold_run(tmp_path, options)


def test_check_formats_nothing_when_up_to_date(
    tmp_path: Path, formatted: list[str]
) -> None:
    options = _options(tmp_path)
    _run(options)
    formatted.clear()
    plan = generate_plan(options, diagnostics=Diagnostics())
    assert formatted == []
    assert {path: text.encode() for path, text in plan.items()} == _files(
        options.output
    )


def _rewrite_manifest(output: Path, change: Callable[[dict], object]) -> None:
    manifest = json.loads((output / MANIFEST).read_text("utf-8"))
    change(manifest)
    (output / MANIFEST).write_text(json.dumps(manifest), "utf-8")


def test_another_formatter_formats_everything(
    tmp_path: Path, formatted: list[str]
) -> None:
    options = _options(tmp_path)
    _run(options)
    formatted.clear()
    _rewrite_manifest(options.output, lambda m: m.update(formatter="black 0.1"))

    _run(options)
    assert sorted(formatted) == _python_files(options.output)
    formatted.clear()
    _same_as_cold_run(tmp_path, options)


def test_manifest_without_rendered_hashes_formats_everything(
    tmp_path: Path, formatted: list[str]
) -> None:
    options = _options(tmp_path)
    _run(options)
    formatted.clear()

    def old_format(manifest: dict) -> None:
        files = manifest["files"]
        manifest["files"] = {path: entry["formatted"] for path, entry in files.items()}

    _rewrite_manifest(options.output, old_format)
    diagnostics = _run(options)
    assert not diagnostics.items
    assert sorted(formatted) == _python_files(options.output)
    formatted.clear()
    _same_as_cold_run(tmp_path, options)


@pytest.mark.parametrize(
    "text",
    ["{not json", "[]", '{"files": [], "formatter": "x"}', '{"formatter": 1}', ""],
)
def test_unreadable_manifest_reuses_nothing(tmp_path: Path, text: str) -> None:
    options = _options(tmp_path)
    _run(options)
    rendered = {"pets/client.py": "x = 1\n"}
    (options.output / MANIFEST).write_text(text, "utf-8")
    assert reusable_files(options.output, rendered, formatter="x") == {}
    # The write stage still refuses a folder whose manifest it cannot read.
    with pytest.raises(WriteError, match="manifest"):
        _run(options)


def test_missing_output_or_manifest_reuses_nothing(tmp_path: Path) -> None:
    rendered = {"a.py": "x = 1\n"}
    assert reusable_files(tmp_path / "absent", rendered, formatter="x") == {}
    (tmp_path / "a.py").write_text("x = 1\n")
    assert reusable_files(tmp_path, rendered, formatter="x") == {}


def test_manifest_entry_with_a_stale_rendered_hash_is_not_reused(
    tmp_path: Path,
) -> None:
    plan = add_manifest({"a.py": "x = 1\n"}, rendered={"a.py": "x=1\n"}, formatter="f")
    for path, text in plan.items():
        (tmp_path / path).write_text(text, "utf-8")
    assert reusable_files(tmp_path, {"a.py": "x=1\n"}, formatter="f") == {
        "a.py": "x = 1\n"
    }
    assert reusable_files(tmp_path, {"a.py": "x=2\n"}, formatter="f") == {}
    assert reusable_files(tmp_path, {"a.py": "x=1\n"}, formatter="g") == {}


def test_hand_edited_file_is_formatted_again_and_replaced(
    tmp_path: Path, formatted: list[str]
) -> None:
    options = _options(tmp_path)
    _run(options)
    formatted.clear()
    edited = options.output / "pets/api/pets.py"
    edited.write_text(edited.read_text("utf-8") + "# mine\n", "utf-8")

    diagnostics = _run(options)
    assert [d.code for d in diagnostics] == ["edited-output"]
    assert formatted == ["pets/api/pets.py"]
    formatted.clear()
    _same_as_cold_run(tmp_path, options)


def test_hand_edit_is_kept_under_strict(tmp_path: Path) -> None:
    options = _options(tmp_path)
    _run(options)
    edited = options.output / "pets/api/pets.py"
    edited.write_text(edited.read_text("utf-8") + "# mine\n", "utf-8")

    strict = Options(
        spec=options.spec, output=options.output, package="pets", strict=True
    )
    with pytest.raises(WriteError, match="edited by hand"):
        _run(strict)
    assert edited.read_text("utf-8").endswith("# mine\n")


def test_black_is_not_imported_when_nothing_needs_formatting(tmp_path: Path) -> None:
    options = _options(tmp_path)
    _run(options)
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from generator.diagnostics import Diagnostics
        from generator.options import Options
        from generator.pipeline import generate

        options = Options(
            spec=Path({str(options.spec)!r}),
            output=Path({str(options.output)!r}),
            package="pets",
        )
        result = generate(options, diagnostics=Diagnostics())
        assert result.written == [], result.written
        print(sorted(m for m in sys.modules if m.split(".")[0] == "black"))
        """)
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_pool_formats_only_what_is_not_formatted_yet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(format_module, "_PARALLEL_LINES", 1)
    plan = {f"m{index}.py": f"x  =  {index}\n" for index in range(6)}
    plan["README.md"] = "x  =  1\n"
    # Text given as formatted is kept even when black would change it.
    kept = {"m0.py": "x  =  0  # kept\n"}
    expected = {path: text.replace("  ", " ") for path, text in plan.items()}
    expected.update({**kept, "README.md": plan["README.md"]})
    assert format_module.format_plan(plan, formatted=kept, workers=2) == expected
    assert format_module.format_plan(plan, formatted=kept, workers=1) == expected


def test_busy_cores_get_no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(format_module, "_usable_cores", lambda: 2)
    monkeypatch.setattr(format_module, "_busy_elsewhere", lambda: 1)
    assert format_module._idle_cores() == 1
    monkeypatch.setattr(format_module, "_busy_elsewhere", lambda: 0)
    assert format_module._idle_cores() == 2
    monkeypatch.setattr(format_module, "_busy_elsewhere", lambda: 9)
    assert format_module._idle_cores() == 1


def test_other_runnable_tasks_count_as_busy(tmp_path: Path) -> None:
    # A busy loop in another process is a task that wants a core right now.
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline = time.monotonic() + 5
        busy = 0
        while busy < 1 and time.monotonic() < deadline:
            busy = format_module._busy_elsewhere()
        assert busy >= 1
    finally:
        spinner.kill()
        spinner.wait()
