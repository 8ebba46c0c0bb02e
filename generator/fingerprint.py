"""Tell, before loading anything, whether an output folder is up to date.

Not a stage: the pipeline asks `unchanged_output` first and, after a run
without diagnostics, keeps what it read with `record_run`. The record holds
a fingerprint of everything the output depends on: the bytes of every spec
file the load read (the main file and each file reached by `$ref`), the
options, the user's template folder, the formatter, and the generator's own
code and built-in templates, with the hash of the manifest that run left.
When all of it matches and every file the manifest lists still has its
recorded hash, generating again would change nothing.

The record lives in the user's cache folder, one file per output folder,
never in the project or the output: the output must not change when only
the generator's code does. Anything missing, unreadable or different means
"not known", and the pipeline runs in full; deleting the cache is always
safe, and failing to write it is ignored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
from importlib.util import find_spec
from pathlib import Path, PurePosixPath
from typing import Any

from .options import Options
from .records import fields
from .write import MANIFEST, UNREADABLE

__all__ = ["code_fingerprint", "record_run", "unchanged_output"]

RECORDS = "runs"
# No spec or generated file the load or the write stage accepts is larger.
_MAX_BYTES = 32 * 1024 * 1024
# Libraries whose version can change the output; their `__init__.py` holds it.
_LIBRARIES = ("jinja2", "yaml")


class _Unknown(Exception):
    """The output cannot be shown to be up to date."""


@functools.cache
def code_fingerprint() -> str:
    """Return a hash of the generator's code, templates, Python and libraries."""
    package = Path(__file__).resolve().parent
    files = sorted(package.glob("*.py"))
    # The built-in templates: inside the package when installed, beside it in
    # a source checkout (see `jinja_env.templates_dir`).
    for folder in (package / "templates", package.parent / "templates"):
        if (folder / "model.py.jinja").is_file():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    for library in _LIBRARIES:
        spec = find_spec(library)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for path in files:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def unchanged_output(
    options: Options, *, cache: Path, formatter: str
) -> list[str] | None:
    """Return the files in `options.output` if a run would leave them as they are.

    None means not known: the output, the inputs or the generator changed
    since the last run without diagnostics, or there is no record of one.
    """
    output = options.output
    try:
        record = json.loads(_read(cache / RECORDS / _record_name(output)))
        manifest = _read(output / MANIFEST)
        if record["key"] != _key(options, manifest, formatter=formatter):
            return None
        # The spec and the files its `$ref`s reached, then the output's files:
        # kept apart, since a spec file may be named like a generated file.
        inputs = [(options.spec, record["spec"])] + [
            (options.spec.parent / relative, digest)
            for relative, digest in record["related"].items()
        ]
        files = json.loads(manifest)["files"]
        outputs = []
        for path, entry in files.items():
            if PurePosixPath(path).is_absolute() or ".." in PurePosixPath(path).parts:
                return None
            outputs.append((output / path, entry["formatted"]))
        if any(_digest(path) != digest for path, digest in [*inputs, *outputs]):
            return None
        if _interrupted(output):
            return None
    except (_Unknown, *UNREADABLE):
        return None
    return [*files, MANIFEST]


def record_run(
    options: Options,
    *,
    manifest: str,
    spec: str,
    related: dict[str, str],
    cache: Path,
    formatter: str,
) -> None:
    """Remember that these inputs made the output whose manifest is `manifest`.

    `spec` is the hash of the main spec file, `related` the hash of each file
    its `$ref`s reached, by path relative to its folder. A failure to write
    only means the next run does the work again.
    """
    try:
        key = _key(options, manifest.encode("utf-8"), formatter=formatter)
    except (_Unknown, OSError):
        return
    record = {"key": key, "spec": spec, "related": related}
    folder = cache / RECORDS
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile

        # Written aside and renamed, so a reader never sees half a record.
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(record, file, sort_keys=True)
        os.replace(temporary, folder / _record_name(options.output))
    except OSError:
        pass


def _key(options: Options, manifest: bytes, *, formatter: str) -> str:
    """Return the hash of everything but the spec files that shapes the output."""
    parts = {
        "code": code_fingerprint(),
        "formatter": formatter,
        "manifest": hashlib.sha256(manifest).hexdigest(),
        "options": _options_parts(options),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _options_parts(options: Options) -> dict[str, Any]:
    """Return the options as plain values; the template folder by its contents.

    Every field counts, so an option added later is never overlooked. The
    output is known by its contents, the spec by its contents and file name
    (a `$ref` naming the spec's own file refers to the spec itself).
    """
    parts: dict[str, Any] = {}
    for option in fields(options):
        value = getattr(options, option.name)
        if option.name == "output":
            continue
        if option.name == "spec":
            value = Path(value).name
        elif option.name == "templates" and value is not None:
            value = _folder_digests(Path(value))
        parts[option.name] = repr(value)
    return parts


def _folder_digests(folder: Path) -> dict[str, str]:
    """Return {relative path: hash} of every file in `folder`.

    Folders linked into it count too, as Jinja reads through them; a link
    back to a folder already walked is not followed again.
    """
    if not folder.is_dir():
        raise _Unknown(folder)
    digests: dict[str, str] = {}
    walked: set[str] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real = os.path.realpath(current)
        if real in walked:
            continue
        walked.add(real)
        for path in sorted(current.iterdir()):
            if path.is_dir():
                pending.append(path)
            elif path.is_file():
                digests[path.relative_to(folder).as_posix()] = _digest(path)
    return dict(sorted(digests.items()))


def _record_name(output: Path) -> str:
    return hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:32] + ".json"


def _read(path: Path) -> bytes:
    """Return the bytes of a regular file; never open a FIFO or a device."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_BYTES:
        raise _Unknown(path)
    return path.read_bytes()


def _digest(path: Path) -> str:
    return hashlib.sha256(_read(path)).hexdigest()


def _interrupted(output: Path) -> bool:
    """Return whether a killed run left a stage or backup beside `output`."""
    # The writer works beside the folder an output link names.
    output = output.resolve()
    leftovers = (f".{output.name}.tmp-*", f".{output.name}.old-*")
    return any(next(output.parent.glob(pattern), None) for pattern in leftovers)
