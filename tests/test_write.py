"""Unit tests of generator.write: atomic writes, the manifest and diff_plan.

Covers writing a plan into a new folder, rewrites that keep unchanged files
(same inode and mtime), deleting files dropped from the plan, keeping files a
user added, refusing to overwrite user files or an unknown non-empty folder,
leaving the previous folder byte-identical when a run fails half-way,
recovering a backup left by a killed run, refusing unsafe paths, warning
about hand-edited output, and the unified diff of `check`.
"""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

import generator.write as write_module
from generator.diagnostics import Diagnostics, GeneratorBug
from generator.write import (
    MANIFEST,
    WriteError,
    add_manifest,
    diff_plan,
    write_plan,
)

FILES = {
    "README.md": "# Pets\n",
    "pets/__init__.py": '"""Pets."""\n',
    "pets/models/pet.py": "class Pet:\n    pass\n",
    "pets/models/__init__.py": "",
}


def _plan(files: dict[str, str] = FILES) -> dict[str, str]:
    return add_manifest(files, formatter="test formatter")


def _write(plan: dict[str, str], output: Path) -> Diagnostics:
    diagnostics = Diagnostics()
    write_plan(plan, output, diagnostics=diagnostics)
    return diagnostics


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Return {relative path: bytes} of every file under `folder`."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Return {relative path: (inode, mtime_ns)} of every file under `folder`."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            result[path.relative_to(folder).as_posix()] = (
                stat.st_ino,
                stat.st_mtime_ns,
            )
    return result


def _age(folder: Path) -> None:
    """Set every file's mtime to an old time, so a rewrite shows up surely."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def _leftovers(output: Path) -> list[str]:
    return sorted(
        path.name
        for path in output.parent.iterdir()
        if path.name.startswith((f".{output.name}.tmp-", f".{output.name}.old-"))
    )


@pytest.fixture
def output(tmp_path: Path) -> Path:
    return tmp_path / "pets-client"


def test_write_plan_creates_a_new_folder(output: Path) -> None:
    plan = _plan()
    result = write_plan(plan, output, diagnostics=Diagnostics())
    assert _snapshot(output) == {path: text.encode() for path, text in plan.items()}
    assert sorted(result.written) == sorted(plan)
    assert result.unchanged == []
    assert result.removed == []
    assert _leftovers(output) == []


def test_write_plan_creates_missing_parent_folders(tmp_path: Path) -> None:
    output = tmp_path / "a" / "b" / "client"
    _write(_plan(), output)
    assert (output / "pets/models/pet.py").read_text() == FILES["pets/models/pet.py"]


def test_manifest_lists_every_file_with_its_hash(output: Path) -> None:
    _write(_plan(), output)
    manifest = json.loads((output / MANIFEST).read_text())
    assert manifest["formatter"] == "test formatter"
    assert sorted(manifest["files"]) == sorted(FILES)
    for entry in manifest["files"].values():
        assert sorted(entry) == ["formatted", "rendered"]
        assert entry["formatted"] == entry["rendered"]
        assert all(len(digest) == 64 for digest in entry.values())


def test_manifest_records_the_rendered_and_the_formatted_hash(output: Path) -> None:
    rendered = {**FILES, "pets/models/pet.py": "class Pet :\n  pass\n"}
    _write(add_manifest(FILES, formatter="f", rendered=rendered), output)
    entry = json.loads((output / MANIFEST).read_text())["files"]["pets/models/pet.py"]
    assert entry["formatted"] != entry["rendered"]
    assert len(entry["rendered"]) == 64


def test_manifest_of_the_older_format_is_read(output: Path) -> None:
    _write(_plan(), output)
    manifest = json.loads((output / MANIFEST).read_text())
    manifest["files"] = {k: v["formatted"] for k, v in manifest["files"].items()}
    (output / MANIFEST).write_text(json.dumps(manifest))
    (output / "NOTES.txt").write_text("mine\n")
    smaller = {k: v for k, v in FILES.items() if k != "pets/models/pet.py"}
    diagnostics = _write(_plan(smaller), output)
    assert not diagnostics.items
    assert set(_snapshot(output)) == {*_plan(smaller), "NOTES.txt"}


def test_second_write_of_the_same_plan_changes_nothing(output: Path) -> None:
    plan = _plan()
    _write(plan, output)
    _age(output)
    before = _stats(output)
    result = write_plan(plan, output, diagnostics=Diagnostics())
    assert result.written == []
    assert result.removed == []
    assert sorted(result.unchanged) == sorted(plan)
    assert _stats(output) == before


def test_changed_file_is_rewritten_and_the_others_keep_inode_and_mtime(
    output: Path,
) -> None:
    _write(_plan(), output)
    _age(output)
    before = _stats(output)
    changed = {**FILES, "pets/models/pet.py": "class Pet:\n    name: str\n"}
    result = write_plan(_plan(changed), output, diagnostics=Diagnostics())
    assert sorted(result.written) == [MANIFEST, "pets/models/pet.py"]
    after = _stats(output)
    for path in ("README.md", "pets/__init__.py", "pets/models/__init__.py"):
        assert after[path] == before[path], path
    assert after["pets/models/pet.py"][1] != before["pets/models/pet.py"][1]
    assert (output / "pets/models/pet.py").read_text() == changed["pets/models/pet.py"]
    assert _leftovers(output) == []


def test_file_removed_from_the_plan_is_deleted(output: Path) -> None:
    _write(_plan(), output)
    smaller = {k: v for k, v in FILES.items() if k != "pets/models/pet.py"}
    result = write_plan(_plan(smaller), output, diagnostics=Diagnostics())
    assert result.removed == ["pets/models/pet.py"]
    assert not (output / "pets/models/pet.py").exists()
    assert set(_snapshot(output)) == set(_plan(smaller))


def test_user_added_file_is_kept(output: Path) -> None:
    _write(_plan(), output)
    (output / "NOTES.txt").write_text("mine\n")
    (output / "tests").mkdir()
    (output / "tests/test_mine.py").write_text("def test(): pass\n")
    changed = {**FILES, "README.md": "# Pets v2\n"}
    diagnostics = _write(_plan(changed), output)
    assert (output / "NOTES.txt").read_text() == "mine\n"
    assert (output / "tests/test_mine.py").read_text() == "def test(): pass\n"
    assert (output / "README.md").read_text() == "# Pets v2\n"
    assert not diagnostics.items


def test_user_file_clashing_with_a_planned_path_is_refused(output: Path) -> None:
    _write(_plan(), output)
    (output / "pets/client.py").write_text("# my own client\n")
    before = _snapshot(output)
    stats = _stats(output)
    with pytest.raises(WriteError, match=re.escape("pets/client.py")):
        _write(_plan({**FILES, "pets/client.py": "# generated\n"}), output)
    assert _snapshot(output) == before
    assert _stats(output) == stats
    assert _leftovers(output) == []


def test_user_file_where_the_plan_needs_a_folder_is_refused(output: Path) -> None:
    _write(_plan(), output)
    (output / "pets/api").write_text("my notes, not a folder\n")
    before = _snapshot(output)
    with pytest.raises(WriteError, match="pets/api"):
        _write(_plan({**FILES, "pets/api/pets.py": "# generated\n"}), output)
    assert _snapshot(output) == before
    assert _leftovers(output) == []


def test_non_empty_folder_without_manifest_is_refused(output: Path) -> None:
    output.mkdir()
    (output / "important.txt").write_text("keep me\n")
    with pytest.raises(WriteError, match=MANIFEST):
        _write(_plan(), output)
    assert _snapshot(output) == {"important.txt": b"keep me\n"}
    assert _leftovers(output) == []


def test_empty_folder_without_manifest_is_written(output: Path) -> None:
    output.mkdir()
    _write(_plan(), output)
    assert set(_snapshot(output)) == set(_plan())


def test_output_that_is_a_file_is_refused(output: Path) -> None:
    output.write_text("a file\n")
    with pytest.raises(WriteError, match="not a folder"):
        _write(_plan(), output)
    assert output.read_text() == "a file\n"


def test_unreadable_manifest_is_refused(output: Path) -> None:
    _write(_plan(), output)
    (output / MANIFEST).write_text("{not json")
    with pytest.raises(WriteError, match="manifest"):
        _write(_plan(), output)


def test_failure_while_filling_the_stage_leaves_the_old_folder(
    output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(_plan(), output)
    (output / "NOTES.txt").write_text("mine\n")
    before = _snapshot(output)
    stats = _stats(output)

    def failing_fill(stage: Path, *args: object, **kwargs: object) -> None:
        (stage / "half-written.py").write_text("partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_module, "_fill_stage", failing_fill)
    changed = {**FILES, "README.md": "# changed\n", "new.py": "x = 1\n"}
    with pytest.raises(WriteError, match="No space left"):
        _write(_plan(changed), output)
    assert _snapshot(output) == before
    assert _stats(output) == stats
    assert _leftovers(output) == []


def test_failure_while_swapping_leaves_the_old_folder(
    output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(_plan(), output)
    before = _snapshot(output)
    real_rename = os.rename
    calls: list[tuple[str, str]] = []

    def failing_rename(source: object, target: object) -> None:
        calls.append((Path(str(source)).name, Path(str(target)).name))
        if Path(str(source)).name.startswith(f".{output.name}.tmp-"):
            raise OSError(5, "Input/output error")
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(WriteError, match="Input/output error"):
        _write(_plan({**FILES, "README.md": "# changed\n"}), output)
    monkeypatch.undo()
    # The old folder was moved aside before the failing rename, then put back.
    moved_aside = [t for s, t in calls if s == output.name]
    assert moved_aside
    assert moved_aside[0].startswith(f".{output.name}.old-")
    assert _snapshot(output) == before
    assert _leftovers(output) == []


@pytest.fixture
def sigint_handler(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run the test with Python's own Ctrl-C handler, or with SIGINT ignored.

    A process started in the background by a shell ignores SIGINT, and
    Python then leaves it ignored; the test must not depend on how it runs.
    """
    handler = getattr(request, "param", signal.default_int_handler)
    previous = signal.signal(signal.SIGINT, handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _interrupt_at_the_first_rename(
    output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_rename = os.rename

    def interrupted_rename(source: object, target: object) -> None:
        if Path(str(source)) == output:
            # Ctrl-C arrives with the old folder moved aside, the new not in.
            signal.raise_signal(signal.SIGINT)
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", interrupted_rename)


@pytest.mark.usefixtures("sigint_handler")
def test_ctrl_c_between_the_renames_waits_for_the_new_folder(
    output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(_plan(), output)
    _interrupt_at_the_first_rename(output, monkeypatch)
    changed = _plan({**FILES, "README.md": "# changed\n"})
    with pytest.raises(KeyboardInterrupt):
        _write(changed, output)
    monkeypatch.undo()
    # The interrupt came once the new folder was in place, and nothing is left.
    assert (output / "README.md").read_text() == "# changed\n"
    assert _leftovers(output) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.parametrize("sigint_handler", [signal.SIG_IGN], indirect=True)
@pytest.mark.usefixtures("sigint_handler")
def test_an_ignored_ctrl_c_stays_ignored_through_a_write(
    output: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(_plan(), output)
    _interrupt_at_the_first_rename(output, monkeypatch)
    _write(_plan({**FILES, "README.md": "# changed\n"}), output)
    monkeypatch.undo()
    assert (output / "README.md").read_text() == "# changed\n"
    assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def test_leftover_backup_of_a_killed_run_is_restored(output: Path) -> None:
    plan = _plan()
    _write(plan, output)
    (output / "NOTES.txt").write_text("mine\n")
    before = _snapshot(output)
    # A run killed between its two renames leaves only the backup.
    os.rename(output, output.parent / f".{output.name}.old-abc123")
    stale_stage = output.parent / f".{output.name}.tmp-def456"
    stale_stage.mkdir()
    (stale_stage / "README.md").write_text("half\n")
    result = write_plan(plan, output, diagnostics=Diagnostics())
    assert result.written == []
    assert _snapshot(output) == before
    assert _leftovers(output) == []


def test_stale_backup_beside_an_existing_output_is_removed(output: Path) -> None:
    plan = _plan()
    _write(plan, output)
    stale = output.parent / f".{output.name}.old-zzz"
    stale.mkdir()
    (stale / "README.md").write_text("old\n")
    _write(_plan({**FILES, "README.md": "# new\n"}), output)
    assert (output / "README.md").read_text() == "# new\n"
    assert _leftovers(output) == []


@pytest.mark.parametrize(
    "path",
    ["../escape.py", "pets/../../escape.py", "/etc/evil.py", "..", ""],
)
def test_unsafe_plan_path_is_a_generator_bug(output: Path, path: str) -> None:
    with pytest.raises(GeneratorBug, match="refusing to write"):
        _write({**FILES, path: "x = 1\n"}, output)
    assert not output.exists()
    assert not (output.parent / "escape.py").exists()


def test_edited_generated_file_is_warned(output: Path) -> None:
    _write(_plan(), output)
    edited = output / "pets/models/pet.py"
    edited.write_text("class Pet:\n    hacked = True\n")
    diagnostics = _write(_plan(), output)
    (warning,) = diagnostics.warnings
    assert warning.code == "edited-output"
    assert warning.location.file == str(edited)
    assert edited.read_text() == FILES["pets/models/pet.py"]


def test_edit_that_matches_the_new_plan_is_not_warned(output: Path) -> None:
    _write(_plan(), output)
    new_text = "class Pet:\n    name: str\n"
    (output / "pets/models/pet.py").write_text(new_text)
    diagnostics = _write(_plan({**FILES, "pets/models/pet.py": new_text}), output)
    assert not diagnostics.items


def test_diff_plan_is_empty_when_the_folder_matches(output: Path) -> None:
    plan = _plan()
    _write(plan, output)
    assert diff_plan(plan, output) == ""


def test_diff_plan_is_a_unified_diff(output: Path) -> None:
    _write(_plan(), output)
    (output / "pets/models/pet.py").write_text("class Pet:\n    edited = 1\n")
    diff = diff_plan(_plan(), output)
    assert diff.splitlines() == [
        "--- a/pets/models/pet.py",
        "+++ b/pets/models/pet.py",
        "@@ -1,2 +1,2 @@",
        " class Pet:",
        "-    edited = 1",
        "+    pass",
    ]


def test_diff_plan_shows_added_and_removed_files(output: Path) -> None:
    _write(_plan(), output)
    smaller = {k: v for k, v in FILES.items() if k != "README.md"}
    plan = _plan({**smaller, "pets/new.py": "x = 1\n"})
    diff = diff_plan(plan, output)
    assert "--- a/README.md\n+++ /dev/null\n" in diff
    assert "-# Pets\n" in diff
    assert "--- /dev/null\n+++ b/pets/new.py\n" in diff
    assert "+x = 1\n" in diff


def test_diff_plan_against_a_missing_folder_adds_every_file(output: Path) -> None:
    diff = diff_plan(_plan(), output)
    assert diff.count("--- /dev/null") == len(_plan())
    for path in _plan():
        assert f"+++ b/{path}\n" in diff


def test_diff_plan_reports_a_missing_empty_file(output: Path) -> None:
    # py.typed and many __init__.py files are empty: deleting one makes the
    # output stale, and `check` relies on this diff to notice.
    plan = _plan()
    _write(plan, output)
    (output / "pets/models/__init__.py").unlink()
    diff = diff_plan(plan, output)
    assert "pets/models/__init__.py" in diff


def test_diff_plan_ignores_user_added_files(output: Path) -> None:
    plan = _plan()
    _write(plan, output)
    (output / "NOTES.txt").write_text("mine\n")
    assert diff_plan(plan, output) == ""


def test_new_output_folder_gets_the_mode_the_umask_gives(output: Path) -> None:
    old = os.umask(0o022)
    try:
        write_plan(_plan(), output, diagnostics=Diagnostics())
    finally:
        os.umask(old)
    assert oct(output.stat().st_mode & 0o777) == oct(0o755)
    assert all(
        oct(path.stat().st_mode & 0o777) == oct(0o755)
        for path in output.rglob("*")
        if path.is_dir()
    )


def test_rewritten_output_folder_keeps_its_mode(output: Path) -> None:
    write_plan(_plan(), output, diagnostics=Diagnostics())
    output.chmod(0o750)
    plan = _plan()
    plan["pets/extra.py"] = "X = 1\n"
    write_plan(plan, output, diagnostics=Diagnostics())
    assert (output / "pets" / "extra.py").is_file()
    assert oct(output.stat().st_mode & 0o777) == oct(0o750)


def test_link_to_the_output_folder_stays_a_link_to_the_new_package(
    output: Path,
) -> None:
    write_plan(_plan(), output, diagnostics=Diagnostics())
    link = output.parent / "link"
    link.symlink_to(output.name)
    plan = _plan()
    plan["pets/extra.py"] = "X = 1\n"
    write_plan(plan, link, diagnostics=Diagnostics())
    assert link.is_symlink()
    assert (output / "pets" / "extra.py").read_text() == "X = 1\n"
    assert _leftovers(output) == [] and _leftovers(link) == []
