"""The one Jinja environment of the render stage, and its filters.

Spec text reaches generated code only through these filters: `pyrepr` makes a
Python string literal, `docstring` a safely quoted and wrapped docstring,
`toml` a TOML basic string, `markdown` inert Markdown text. Templates never
paste raw spec text into code. Tests build their environment here too. A
folder of the user's own templates can overlay the built-in ones; it gets
the same settings and filters.

Given a cache folder, the environment keeps the templates it compiled there
(Jinja's bytecode, under a name that changes with the generator's code), so
a run does not compile the templates from source again. The cache is never
needed: a file that cannot be read or written is compiled as without one.
jinja2 itself is imported only when an environment is made, so that a run
that finds its output up to date does not pay for it.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .literals import literal, string_literal
from .views import import_line

if TYPE_CHECKING:
    import jinja2
    from jinja2.bccache import Bucket, BytecodeCache

__all__ = ["clean_text", "doc_text", "docstring", "make_environment", "templates_dir"]

_TAG = re.compile(r"<[^>]*>")
# Line breaks written out as escape text: `\r\n`, or a `\n` that starts a
# sentence (`done.\nThen`). A `\n` that is talked about stays.
_ESCAPED_BREAK = re.compile(r"\\r\\n|(?<![\\\w])\\n(?=[A-Z])")
_WIDTH = 88


def templates_dir() -> Path:
    """Return the built-in templates folder, installed or in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "model.py.jinja").is_file():
            return candidate
    raise FileNotFoundError(f"no templates folder next to {here}")


def make_environment(
    overlay: Path | None = None, *, cache: Path | None = None, code: str = ""
) -> jinja2.Environment:
    """Return the environment every template is rendered with.

    Templates in the `overlay` folder replace the built-in ones of the same
    name, file by file; the built-in ones stay reachable as `builtin/<name>`,
    so an overlay can include or extend the template it replaces. With a
    `cache` folder, compiled templates are kept there for the generator
    whose code has the fingerprint `code`.
    """
    import jinja2

    env = jinja2.Environment(
        loader=_make_loader(overlay),
        bytecode_cache=_bytecode_cache(cache / "templates", code) if cache else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = string_literal
    env.filters["pyliteral"] = literal
    env.filters["import_from"] = lambda names, module: import_line(module, names)
    env.filters["docstring"] = docstring
    env.filters["doc"] = doc_text
    env.filters["toml"] = toml_string
    env.filters["markdown"] = markdown_text
    env.filters["clean"] = clean_text
    return env


def _make_loader(overlay: Path | None) -> jinja2.BaseLoader:
    import jinja2

    builtin = jinja2.FileSystemLoader(templates_dir())
    if overlay is None:
        return builtin
    if not overlay.is_dir():
        raise FileNotFoundError(f"no templates folder {str(overlay)!r}")
    # The prefix loader comes first: it answers only `builtin/...` names, so
    # an overlay file of the same name cannot shadow the original.
    return jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"builtin": builtin}),
            jinja2.FileSystemLoader(overlay),
            builtin,
        ]
    )


def _bytecode_cache(folder: Path, code: str) -> BytecodeCache:
    """Return a bytecode cache in `folder` that ignores every failure of its own.

    Jinja checks each cached template against its source; the file names
    also carry `code`, since a new generator may compile the same source
    with other settings. Entries of other generators are removed when one
    is written, so the folder holds one set.
    """
    from jinja2.bccache import FileSystemBytecodeCache

    prefix = f"{code[:16]}-"

    class QuietBytecodeCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a damaged file: compile from source instead
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
                for old in folder.glob("*.cache"):
                    if not old.name.startswith(prefix):
                        old.unlink()
            except OSError:
                pass

    return QuietBytecodeCache(str(folder), pattern=prefix + "%s.cache")


def clean_text(text: str) -> str:
    """Strip HTML tags and entities, CR/LF noise and runs of blanks from spec text."""
    text = _TAG.sub(" ", str(text))
    if "&" in text:  # most text has no entity, and html is a costly import
        import html

        text = html.unescape(text)
    # Some specs carry line breaks as the escape text itself, `\r\n`.
    text = _ESCAPED_BREAK.sub("\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n\s*\n", text)
    cleaned = (" ".join(p.split()) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p)


def docstring(text: str, indent: int = 0, *, summary: str = "") -> str:
    """Return a triple-quoted docstring for `text`, wrapped to fit at `indent`.

    Backslashes, quotes and control characters are escaped, so the literal
    always ends where we end it and its value is the cleaned text.
    """
    body = doc_text(text, indent, fallback=summary)
    if "\n" not in body and indent + len(body) + 6 > _WIDTH:
        # The closing quotes do not fit after it: leave room for them.
        body = doc_text(text, indent, fallback=summary, lead=indent + 6)
    if "\n" not in body:
        closing = '\\"' if body.endswith('"') else ""
        return f'"""{body[:-1] + closing if closing else body}"""'
    return f'"""{body}\n{" " * indent}"""'


def doc_text(
    text: str, indent: int = 0, *, fallback: str = "", lead: int | None = None
) -> str:
    """Return the inside of a docstring: cleaned, wrapped and escaped spec text.

    Lines after the first are indented by `indent` spaces; paragraphs are
    separated by an empty line. The first line starts at column `lead`
    (default: after opening quotes at `indent`), as after `name: ` in an Args
    section. The result never contains three quotes in a row, a bare
    backslash or a control character.
    """
    body = clean_text(text) or clean_text(fallback)
    if not body:
        return ""
    if body[-1] not in ".!?:":
        body += "."
    width = max(_WIDTH - indent, 40)
    lines: list[str] = []
    if lead is None:
        lead = indent + 3
    for paragraph in body.split("\n\n"):
        # The first line shares its row with what comes before it.
        first = "" if lines else " " * max(lead - indent, 0)
        if lines:
            lines.append("")
        lines.extend(_wrap(_escape(paragraph), width=width, first=first))
    pad = " " * indent
    if lines[0].startswith('"'):
        # A quote right after the opening quotes would read as part of them.
        lines[0] = "\\" + lines[0]
    rest = (f"{pad}{line}" if line else "" for line in lines[1:])
    return "\n".join([lines[0], *rest])


def _wrap(paragraph: str, *, width: int, first: str) -> list[str]:
    """Return the lines of `paragraph`, the first one shorter by `first`.

    `clean_text` leaves single spaces between words and none at the ends, so
    a paragraph that fits is its own line, exactly as textwrap would make it;
    most descriptions are that short, and textwrap is the cost of rendering.
    """
    if len(first) + len(paragraph) <= width:
        return [paragraph]
    wrapped = textwrap.wrap(
        paragraph,
        width=width,
        initial_indent=first,
        break_long_words=False,
        break_on_hyphens=False,
    )
    wrapped[0] = wrapped[0][len(first) :]
    return wrapped


# Control, surrogate and line/paragraph-separator characters (the Unicode
# categories Cc, Cs, Zl and Zp, fixed by Unicode's stability policy) would end
# a line, break the encoding or hide text; they are written as escapes.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return _UNSAFE.sub(_escape_match, text)


def _escape_match(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def toml_string(value: str) -> str:
    """Return a TOML basic string whose value is `value`."""
    out = ['"']
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            out.append(f"\\u{ord(ch):04x}")
        elif unicodedata.category(ch) == "Cs":
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def markdown_text(value: str) -> str:
    """Return spec text as one inert Markdown paragraph."""
    text = clean_text(value).replace("\n\n", " ")
    # Control characters (terminal escapes, NUL) and lone surrogates would
    # corrupt the file or the terminal that shows it.
    text = "".join("\ufffd" if _is_unprintable(ch) else ch for ch in text)
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def _is_unprintable(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")
