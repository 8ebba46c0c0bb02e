"""Write stage: put a plan on disk atomically, or compare it with the disk.

A generation is staged in a hidden folder beside the output and swapped in
with renames only once every file is in place, so a failure leaves the old
package as it was. Files whose content is unchanged are hard-linked into the
stage, so they keep their modification times. The manifest lists the files
the generator owns: files a user added to the output folder are carried over
untouched, and the run refuses to overwrite one. Nothing outside the output
folder (and its hidden stage and backup beside it) is ever written.

For each file the manifest records the hash of the rendered text (before
black) and of the text written, with the formatter that made one from the
other. The next run uses it to skip black: a file rendered exactly as last
time, by the same formatter, and not edited since, is taken from the disk
(`reusable_files`).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostics, GeneratorBug, Location
from .records import field, record

__all__ = [
    "MANIFEST",
    "WriteError",
    "WriteResult",
    "add_manifest",
    "diff_plan",
    "reusable_files",
    "write_plan",
]

MANIFEST = "generator-manifest.json"


# What reading back a JSON file an earlier run wrote (a manifest, a cache
# record) can raise once the file was damaged or edited: such a file counts
# as unreadable, and the run does the work again.
UNREADABLE = (
    OSError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    RecursionError,
)


class WriteError(Exception):
    """The output folder cannot be written as asked; nothing was changed."""


def is_link_loop(path: Path) -> bool:
    """Tell whether `path` goes through symbolic links that lead in a circle."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def refuse_link_loop(output: Path) -> None:
    """Raise `WriteError` if the output folder lies behind a symbolic link loop.

    Checked before anything resolves the path, which a loop would stop.
    """
    if is_link_loop(output):
        raise WriteError(
            f"{output}: the path goes through a symbolic link that leads back to "
            "itself; remove or fix the link, or choose another output folder"
        )


@record
class WriteResult:
    """What one write did, file by file (relative paths).

    `up_to_date` is true when the inputs were those of the last run and the
    files on disk as it left them, so nothing was generated at all.
    """

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    up_to_date: bool = False


def add_manifest(
    plan: dict[str, str],
    *,
    formatter: str,
    rendered: dict[str, str] | None = None,
) -> dict[str, str]:
    """Return `plan` plus a manifest of its files, their hashes and the formatter.

    `rendered` holds the text of each file before formatting (default: the
    text in `plan`, for files that were not formatted).
    """
    before = rendered or plan
    files = {
        path: {
            "formatted": _sha256(text.encode("utf-8")),
            "rendered": _sha256(before.get(path, text).encode("utf-8")),
        }
        for path, text in sorted(plan.items())
    }
    manifest = {"files": files, "formatter": formatter}
    return {**plan, MANIFEST: json.dumps(manifest, indent=2, sort_keys=True) + "\n"}


def reusable_files(
    output: Path, rendered: dict[str, str], *, formatter: str
) -> dict[str, str]:
    """Return {path: text on disk} of the files that need no formatting again.

    A file qualifies when the manifest in `output` was written with
    `formatter`, records the same rendered text for it, and the file still
    holds the formatted text the manifest records (so a hand edit is
    formatted and replaced as before). A missing, old or unreadable manifest
    gives nothing to reuse: everything is formatted, as on a first run.
    """
    try:
        manifest = json.loads((output / MANIFEST).read_bytes())
        if manifest["formatter"] != formatter:
            return {}
        reusable = {}
        for path, text in rendered.items():
            recorded = manifest["files"].get(path)
            if not isinstance(recorded, dict):
                continue
            if recorded.get("rendered") != _sha256(text.encode("utf-8")):
                continue
            current = _read_bytes(output / path)
            if current is not None and _sha256(current) == recorded.get("formatted"):
                reusable[path] = current.decode("utf-8")
    except UNREADABLE:
        return {}
    return reusable


def write_plan(
    plan: dict[str, str],
    output: Path,
    *,
    diagnostics: Diagnostics,
    keep_edits: bool = False,
) -> WriteResult:
    """Make `output` hold exactly the files of `plan` plus any files a user added.

    With `keep_edits` (the --strict mode), a generated file edited by hand
    stops the write instead of being replaced with a warning. Any failure of
    the file system is a `WriteError`; the previous output stays as it was.
    """
    for path in plan:
        _check_relative(path)
    # The stage and the backup go beside the folder, found by its name; `.`
    # (a run from inside the folder) has neither until made absolute. A link
    # to the folder is followed, so that the folder it names is replaced.
    output = Path(os.path.realpath(output))
    try:
        return _write_plan(plan, output, diagnostics=diagnostics, keep_edits=keep_edits)
    except OSError as exc:
        raise WriteError(
            f"{output}: cannot write the output ({_reason(output, exc)}); "
            "nothing was changed. Choose an output folder you can write to"
        ) from exc


def _reason(output: Path, exc: OSError) -> str:
    """Say why `output` could not be written; a file in its path is named."""
    blocking = _file_in_path(output)
    if blocking is not None:
        return f"{blocking} is a file, not a folder"
    return exc.strerror or str(exc)


def _file_in_path(output: Path) -> Path | None:
    """Return the nearest existing parent of `output` if it is not a folder."""
    for parent in output.parents:
        if os.path.lexists(parent):
            return None if parent.is_dir() else parent
    return None


def _write_plan(
    plan: dict[str, str], output: Path, *, diagnostics: Diagnostics, keep_edits: bool
) -> WriteResult:
    _recover_interrupted(output)
    owned = _owned_files(output)
    _refuse_another_kind(output, owned, plan)
    _refuse_inside_generated(output)
    user_files = _user_files(output, owned)
    clashes = _clashes(output, plan, user_files)
    if clashes:
        raise WriteError(
            f"{output}: refusing to overwrite files the generator did not write: "
            f"{', '.join(clashes)}; move them away or delete them, then run again"
        )
    edited = _warn_about_edits(output, owned, plan, diagnostics, keep_edits)
    if edited and keep_edits:
        raise WriteError(
            f"{output}: refusing to replace generated files edited by hand in "
            f"strict mode: {', '.join(edited)}; undo the edits, or run without "
            "strict mode (drop --strict, or `strict = true` from the configuration)"
        )

    result = WriteResult(removed=sorted(set(owned) - set(plan)))
    for path, text in plan.items():
        same = _read_bytes(output / path) == text.encode("utf-8")
        (result.unchanged if same else result.written).append(path)
    if not result.written and not result.removed:
        return result

    import shutil
    import tempfile

    output.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{output.name}.tmp-", dir=output.parent))
    # mkdtemp makes a private folder (0700); the package gets the mode the
    # old folder had, or the one a new folder would get.
    os.chmod(stage, _folder_mode(output))
    try:
        _fill_stage(stage, plan, output, set(result.unchanged) | set(user_files))
        _swap(stage, output)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _folder_mode(output: Path) -> int:
    """Return the permission bits the output folder should have."""
    try:
        return stat.S_IMODE(output.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def diff_plan(plan: dict[str, str], output: Path) -> str:
    """Return a unified diff from what is in `output` to `plan`; empty if equal."""
    import difflib

    blocking = None if output.exists() else _file_in_path(output)
    if blocking is not None:
        raise WriteError(
            f"{output}: no output can be there ({blocking} is a file, not a "
            "folder). Point the check at the folder the generator wrote"
        )
    chunks = []
    owned = _owned_files(output, checking=True)
    _refuse_another_kind(output, owned, plan, checking=True)
    for path in sorted(set(plan) | set(owned)):
        old = _read_text(output / path)
        new = plan.get(path)
        if old == new:
            continue
        if not old and not new:
            # An empty file created or deleted has no lines to show a diff of.
            chunks += [f"--- {'a/' + path if old is not None else '/dev/null'}\n"]
            chunks += [f"+++ {'b/' + path if new is not None else '/dev/null'}\n"]
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"a/{path}" if old is not None else "/dev/null",
                tofile=f"b/{path}" if new is not None else "/dev/null",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)


def _clashes(output: Path, plan: dict[str, str], user_files: list[str]) -> list[str]:
    """Return the user's paths that stand where the plan needs a file or folder."""
    found = set(user_files) & set(plan)
    for path in plan:
        parents = PurePosixPath(path).parents
        found.update(str(p) for p in parents if str(p) in user_files)
        if (output / path).is_dir():
            found.add(path + "/")
    return sorted(found)


def _check_relative(path: str) -> None:
    parts = PurePosixPath(path).parts
    if (
        not parts
        or PurePosixPath(path).is_absolute()
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise GeneratorBug(f"refusing to write {path!r}: not a plain relative path")


def _recover_interrupted(output: Path) -> None:
    """Undo what a killed run may have left: a missing output with its backup."""
    if not output.parent.is_dir():
        return
    backups = sorted(output.parent.glob(f".{output.name}.old-*"))
    if backups and not output.exists():
        os.rename(backups[-1], output)
        backups = backups[:-1]
    for leftover in [*backups, *output.parent.glob(f".{output.name}.tmp-*")]:
        import shutil

        shutil.rmtree(leftover, ignore_errors=True)


def _refuse_another_kind(
    output: Path, owned: dict[str, str], plan: dict[str, str], *, checking: bool = False
) -> None:
    """Refuse to make a client of a runtime package's folder, or the reverse.

    `checking` words the refusal for a comparison, which replaces nothing.
    """
    held, made = _kind(owned), _kind(plan)
    if held is not None and made is not None and held != made:
        if checking:
            raise WriteError(
                f"{output}: holds a generated {held}, not a {made}; point the "
                f"check at the {made}'s folder"
            )
        raise WriteError(
            f"{output}: holds a generated {held}, which a {made} would replace; "
            f"refusing to. Give the {made} a folder of its own"
        )


def _refuse_inside_generated(output: Path) -> None:
    """Refuse to write a project inside another generated project's folder.

    The outer one would count the inner one's files as the user's, and a
    regeneration of it could not tell what it owns.
    """
    for folder in output.parents:
        if (folder / MANIFEST).is_file():
            raise WriteError(
                f"{output}: lies inside {folder}, a generated project; refusing to "
                "write there. Give it a folder outside that project"
            )


def _kind(paths: Iterable[str]) -> str | None:
    """Tell a client project from a shared runtime package by its file list."""
    modules = {path.partition("/")[2] for path in paths}
    if "client.py" in modules:
        return "client"
    return "runtime package" if "_call.py" in modules else None


def _owned_files(output: Path, *, checking: bool = False) -> dict[str, str]:
    """Return {path: hash} of the files the last generation wrote to `output`.

    `checking` words the refusal of a folder the generator did not make for
    a comparison, which would not replace it.
    """
    manifest_path = output / MANIFEST
    if not output.exists():
        return {}
    if not output.is_dir():
        raise WriteError(
            f"{output}: exists and is not a folder; choose another output path"
        )
    text = _read_text(manifest_path)
    if text is None:
        if any(output.iterdir()):
            refusal = (
                "there is nothing in it to compare. Point the check at the "
                "folder the generator wrote"
                if checking
                else "refusing to replace it. Choose an empty or new folder, "
                "or move its contents away"
            )
            raise WriteError(
                f"{output}: the folder is not empty and has no {MANIFEST}, so it "
                f"was not made by the generator; {refusal}"
            )
        return {}
    try:
        files = json.loads(text)["files"]
        return {str(k): _formatted_hash(v) for k, v in files.items()} | {MANIFEST: ""}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise WriteError(
            f"{output / MANIFEST}: unreadable manifest ({exc}); restore it from "
            "version control or delete the folder to regenerate from scratch"
        ) from exc


def _formatted_hash(entry: object) -> str:
    """Return the hash of the written text from a manifest entry, old or new."""
    if isinstance(entry, dict):
        return str(entry["formatted"])
    # Manifests before the rendered hashes held the written text's hash alone.
    return str(entry)


def _user_files(output: Path, owned: dict[str, str]) -> list[str]:
    if not output.is_dir():
        return []
    found = []
    for root, dirs, files in os.walk(output):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            relative = (Path(root) / name).relative_to(output).as_posix()
            if relative not in owned:
                found.append(relative)
    return sorted(found)


def _warn_about_edits(
    output: Path,
    owned: dict[str, str],
    plan: dict[str, str],
    diagnostics: Diagnostics,
    keep_edits: bool,
) -> list[str]:
    """Warn about each generated file edited by hand that the plan replaces."""
    fate = "the run stops to keep it" if keep_edits else "the edit is replaced"
    edited = []
    for path, recorded in owned.items():
        current = _read_bytes(output / path)
        if not recorded or current is None or _sha256(current) == recorded:
            continue
        if plan.get(path, "").encode("utf-8") != current:
            diagnostics.warning(
                "edited-output",
                f"this generated file was edited by hand; {fate}. Change the spec "
                "or the templates instead",
                Location(str(output / path)),
            )
            edited.append(path)
    return edited


def _fill_stage(
    stage: Path, plan: dict[str, str], output: Path, reuse: set[str]
) -> None:
    for path in sorted(set(plan) | reuse):
        target = stage / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in reuse:
            _link_or_copy(output / path, target)
        else:
            target.write_bytes(plan[path].encode("utf-8"))


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copy2(source, target)


def _swap(stage: Path, output: Path) -> None:
    import shutil
    import tempfile

    if not output.exists():
        os.rename(stage, output)
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
    backup.rmdir()
    try:
        # Between the two renames there is no output folder: a Ctrl-C waits.
        with _interrupts_held():
            os.rename(output, backup)
            try:
                os.rename(stage, output)
            except BaseException:
                os.rename(backup, output)
                raise
    finally:
        shutil.rmtree(backup, ignore_errors=True)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) back while the block runs, then deliver it.

    Only the main thread receives signals and may set their handlers; in
    any other thread the block runs as it is.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: held.append(number))
    try:
        yield
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if held and callable(previous):
        previous(signal.SIGINT, None)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _read_text(path: Path) -> str | None:
    data = _read_bytes(path)
    return None if data is None else data.decode("utf-8", errors="replace")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
