"""Unit tests of generator.jinja_env: hostile spec text through the filters.

Every filter that puts spec text into generated files is fed text meant to
break out: triple quotes, a trailing quote, backslashes, NUL and other control
characters, CR/LF, U+2028, lone surrogates, Jinja syntax and a code-injection
attempt. Python literals must parse to exactly one string expression that
evaluates to text with the original words; TOML strings must parse back to
the original value; Markdown must stay inert and writable as UTF-8.
Hypothesis checks the same properties over arbitrary text.
"""

from __future__ import annotations

import ast
import sys
import textwrap
import unicodedata

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.jinja_env import (
    _UNSAFE,
    _escape,
    clean_text,
    doc_text,
    docstring,
    make_environment,
    markdown_text,
    templates_dir,
    toml_string,
)
from generator.literals import string_literal as pyrepr

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found]

# (hostile text, words the evaluated docstring must contain)
HOSTILE = [
    ('say """hi""" twice', ['"""hi"""', "twice"]),
    ('ends with a quote"', ['quote"']),
    ('"starts with a quote', ['"starts']),
    ('""', ['""']),
    ('""""', ['""""']),
    ("back\\slash and trailing\\", ["back\\slash", "trailing\\"]),
    ("\\", ["\\"]),
    ("escapes \\n \\x41 \\u0041 \\N{BULLET}", ["\\n", "\\x41", "\\u0041"]),
    ("nul\x00byte bell\x07 esc\x1b[2J del\x7f", ["nul\x00byte", "esc\x1b[2J"]),
    ("windows\r\nline\rends", ["windows", "line", "ends"]),
    ("line\u2028separator\u2029paragraph", ["line", "separator", "paragraph"]),
    ("lone \ud800 surrogate \udfff", ["\ud800", "\udfff", "surrogate"]),
    ("{{ 7 * 7 }} {% raw %} {# c #}", ["{{", "7", "}}", "{%", "raw"]),
    ('"""; import os; """', ["import", "os;"]),
    ("'''; import os; '''", ["'''; import os; '''"]),
    ('x"""\n"""', ['x"""']),
    ("tab\tand form\x0cfeed", ["tab", "and", "form", "feed"]),
]
IDS = [f"case{index}" for index in range(len(HOSTILE))]


def _single_string(source: str) -> str:
    """Parse `source`; assert it is one string expression and return its value."""
    tree = ast.parse(source)
    assert len(tree.body) == 1, source
    statement = tree.body[0]
    assert isinstance(statement, ast.Expr), source
    assert isinstance(statement.value, ast.Constant), source
    assert isinstance(statement.value.value, str), source
    value = ast.literal_eval(source.strip())
    assert isinstance(value, str)
    assert value == statement.value.value
    return value


def _class_docstring(literal: str) -> str:
    """Put `literal` as the docstring of a class body; return the docstring."""
    source = f"class Sample:\n    {literal}\n    x = 1\n"
    tree = ast.parse(source)
    body = tree.body[0]
    assert isinstance(body, ast.ClassDef)
    assert len(body.body) == 2, source
    assert isinstance(body.body[1], ast.Assign), source
    docstring_value = ast.get_docstring(body, clean=False)
    assert docstring_value is not None
    return docstring_value


def _has_word(value: str, word: str) -> bool:
    """Tell whether `word` is in `value`, allowing for a capitalised first letter."""
    assert word.casefold() in value.casefold(), (word, value)
    return True


def _expected_words(text: str) -> list[list[str]]:
    """Return the word lists a docstring of `text` may hold.

    The text is cleaned and ends with punctuation; its first letter may or
    may not be capitalised.
    """
    body = clean_text(text)
    if not body:
        return [[]]
    if body[-1] not in ".!?:":
        body += "."
    return [body.split(), (body[0].upper() + body[1:]).split()]


# -- pyrepr -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_pyrepr_is_a_literal_of_exactly_the_text(text: str, words: list[str]) -> None:
    literal = pyrepr(text)
    assert _single_string(literal) == text
    assert "\n" not in literal
    assert "\r" not in literal


@given(st.text())
def test_pyrepr_round_trips_any_text(text: str) -> None:
    assert _single_string(pyrepr(text)) == text


# -- docstring --------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_docstring_is_one_string_holding_the_words(text: str, words: list[str]) -> None:
    literal = docstring(text)
    value = _single_string(literal)
    for word in words:
        assert _has_word(value, word)
    assert value.split() in _expected_words(text)


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_docstring_in_a_class_body_stays_the_docstring(
    text: str, words: list[str]
) -> None:
    value = _class_docstring(docstring(text, 4))
    for word in words:
        assert _has_word(value, word)


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_docstring_contains_no_raw_control_characters(
    text: str, words: list[str]
) -> None:
    literal = docstring(text * 5, 4)
    for char in literal:
        if char != "\n":
            assert unicodedata.category(char) not in ("Cc", "Cs", "Zl", "Zp"), literal


def test_docstring_wraps_long_text_to_the_width() -> None:
    text = " ".join(["word"] * 60)
    literal = docstring(text, 8)
    lines = literal.splitlines()
    assert len(lines) > 2
    assert all(len(line) + 8 <= 88 for line in lines[:1])
    assert all(len(line) <= 88 for line in lines[1:])
    assert lines[-1] == " " * 8 + '"""'
    words = _class_docstring(docstring(text, 4)).split()
    assert [w.casefold() for w in words] == ["word"] * 59 + ["word."]


def test_docstring_uses_the_summary_when_text_is_empty() -> None:
    assert docstring("", summary="A Pet object") == '"""A Pet object."""'
    assert docstring("  <br/>  ") == '""""""'


def test_docstring_keeps_paragraphs() -> None:
    value = _single_string(docstring("First part.\n\nSecond <b>bold</b> part."))
    assert value.rstrip("\n").split("\n\n") == ["First part.", "Second bold part."]


@given(st.text(), st.sampled_from([0, 4, 8, 12]))
def test_docstring_of_any_text_is_one_string_with_its_words(
    text: str, indent: int
) -> None:
    value = _single_string(docstring(text, indent))
    assert value.split() in _expected_words(text)
    assert _class_docstring(docstring(text, 4)).split() in _expected_words(text)


# -- doc (the inside of a docstring) ----------------------------------------


def _function_docstring(inside: str) -> str:
    """Embed `inside` the way api_module.py.jinja does; return the docstring."""
    source = (
        f'def sample():\n    """{inside}\n\n    Args:\n        x: {inside}\n    """\n'
        "    return 1\n"
    )
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    assert len(function.body) == 2, source
    assert isinstance(function.body[1], ast.Return), source
    value = ast.get_docstring(function, clean=False)
    assert value is not None
    return value


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_doc_text_cannot_end_the_docstring_it_is_put_in(
    text: str, words: list[str]
) -> None:
    value = _function_docstring(doc_text(text, 4))
    for word in words:
        assert _has_word(value, word)


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_doc_text_directly_before_closing_quotes_is_safe(
    text: str, words: list[str]
) -> None:
    # client.py.jinja writes """{{ text | doc(0) }}""" on one line.
    value = _single_string(f'"""{doc_text(text, 0)}"""')
    for word in words:
        assert _has_word(value, word)


def test_doc_text_uses_the_fallback_for_empty_text() -> None:
    assert doc_text("", 4, fallback="The body parameter") == "The body parameter."
    assert doc_text(" \r\n ", 4, fallback="") == ""


@given(st.text(), st.text(max_size=20), st.sampled_from([0, 4, 12]))
def test_doc_text_of_any_text_is_safe_inside_a_docstring(
    text: str, fallback: str, indent: int
) -> None:
    inside = doc_text(text, indent, fallback=fallback)
    value = _function_docstring(inside)
    choices = _expected_words(text if clean_text(text) else fallback)
    assert any(value.split() == [*w, "Args:", "x:", *w] for w in choices), value
    assert _single_string(f'"""{inside}"""').split() in choices


def test_doc_text_escapes_exactly_the_unsafe_unicode_categories() -> None:
    # The escaping uses a character class instead of asking unicodedata about
    # every character; it must name the same characters.
    unsafe = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cs", "Zl", "Zp")
    }
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert set(_UNSAFE.findall(everything)) == unsafe


def _doc_text_wrapped_by_textwrap(text: str, indent: int) -> str:
    """Return `doc_text` as it was when textwrap wrapped every paragraph."""
    body = clean_text(text)
    if not body:
        return ""
    if body[-1] not in ".!?:":
        body += "."
    lines: list[str] = []
    for paragraph in body.split("\n\n"):
        first = "" if lines else "   "
        if lines:
            lines.append("")
        wrapped = textwrap.wrap(
            _escape(paragraph),
            width=max(88 - indent, 40),
            initial_indent=first,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend([wrapped[0][len(first) :], *wrapped[1:]])
    if lines[0].startswith('"'):
        lines[0] = "\\" + lines[0]
    rest = (" " * indent + line if line else "" for line in lines[1:])
    return "\n".join([lines[0], *rest])


# Words and separators, so that paragraphs are often longer than a line.
_DOC_PIECES = ["word", "a-much-longer-word", " ", "\n\n", '"', "\\", "\x00", "\u2028"]
_DOC_PIECES += ["é", "<br>", "&amp;", ".", "\t", '"""']


@given(
    st.lists(st.sampled_from(_DOC_PIECES), max_size=120).map("".join),
    st.sampled_from([0, 4, 12, 60]),
)
def test_doc_text_wraps_as_textwrap_does(text: str, indent: int) -> None:
    # Paragraphs that fit skip textwrap; the text must come out the same.
    assert doc_text(text, indent) == _doc_text_wrapped_by_textwrap(text, indent)


# -- toml -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_toml_string_parses_back_to_the_text(text: str, words: list[str]) -> None:
    document = tomllib.loads(f"value = {toml_string(text)}\nafter = 1\n")
    expected = "".join(
        "\ufffd" if unicodedata.category(char) == "Cs" else char for char in text
    )
    assert document == {"value": expected, "after": 1}


def test_toml_string_replaces_lone_surrogates() -> None:
    literal = toml_string("a\ud800b")
    literal.encode("utf-8")
    assert tomllib.loads(f"v = {literal}") == {"v": "a\ufffdb"}


@given(st.text())
def test_toml_string_round_trips_any_text_without_surrogates(text: str) -> None:
    # st.text() never draws surrogates, so the value must come back unchanged.
    literal = toml_string(text)
    assert "\n" not in literal
    assert tomllib.loads(f"value = {literal}") == {"value": text}


# -- markdown ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), HOSTILE, ids=IDS)
def test_markdown_text_is_one_line(text: str, words: list[str]) -> None:
    result = markdown_text(text + "\n\nSecond paragraph.")
    assert "\n" not in result
    assert "\r" not in result
    assert "\u2028" not in result
    assert result.endswith("Second paragraph.")


def test_markdown_text_escapes_markdown_syntax() -> None:
    result = markdown_text("*bold* _it_ `code` [a](b) <x> # h | t {{ 7*7 }} !")
    assert result == (
        "\\*bold\\* \\_it\\_ \\`code\\` \\[a\\](b) \\#"
        " h \\| t \\{\\{ 7\\*7 \\}\\} \\!"
    )


def test_markdown_text_strips_html_and_unescapes_entities() -> None:
    assert markdown_text("<script>alert(1)</script> &lt;b&gt;") == "alert(1) \\<b\\>"


def test_markdown_text_can_be_written_as_utf8() -> None:
    result = markdown_text("lone \ud800 surrogate")
    assert "surrogate" in result
    result.encode("utf-8")


def test_markdown_text_has_no_raw_control_characters() -> None:
    result = markdown_text("nul\x00byte and esc\x1b[2J clear")
    assert "nul" in result
    assert "clear" in result
    assert not any(unicodedata.category(char) == "Cc" for char in result), result


# -- clean and the environment ----------------------------------------------


def test_clean_text_strips_tags_entities_and_blank_runs() -> None:
    text = "<p>Hello&nbsp;&amp;   <b>world</b></p>\r\n\r\n\r\n  Next\tpart  "
    assert clean_text(text) == "Hello & world\n\nNext part"


def test_environment_registers_every_filter() -> None:
    env = make_environment()
    for name in ("pyrepr", "docstring", "doc", "toml", "markdown", "clean"):
        assert name in env.filters
    assert (templates_dir() / "model.py.jinja").is_file()


def test_environment_does_not_evaluate_template_syntax_in_values() -> None:
    env = make_environment()
    template = env.from_string("x = {{ value | pyrepr }}\n")
    rendered = template.render(value="{{ 7 * 7 }}{% if 1 %}boom{% endif %}")
    assert rendered == 'x = "{{ 7 * 7 }}{% if 1 %}boom{% endif %}"\n'


def test_environment_rejects_undefined_names() -> None:
    env = make_environment()
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        env.from_string("{{ missing }}").render()


@pytest.mark.parametrize("length", range(80, 92))
@pytest.mark.parametrize("indent", [0, 4])
def test_doc_text_wraps_as_textwrap_does_at_the_width(length: int, indent: int) -> None:
    text = ("ab " * 40)[: length - 3] + "end"
    second = f"{text}\n\n{text}"
    assert doc_text(second, indent) == _doc_text_wrapped_by_textwrap(second, indent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Kibo's checkout spec writes this line break as escape text.
        ("of the transaction. \\r\\nIf in doubt", "of the transaction. If in doubt"),
        ("First.\\r\\n\\r\\nSecond.", "First.\n\nSecond."),
        ("done.\\nThen", "done. Then"),
        # A `\n` that the text talks about, and other backslashes, stay.
        ("use \\n to break a line", "use \\n to break a line"),
        ("C:\\new folder", "C:\\new folder"),
        ("digits: \\d+", "digits: \\d+"),
    ],
)
def test_clean_text_turns_escaped_line_breaks_into_breaks(
    text: str, expected: str
) -> None:
    assert clean_text(text) == expected
