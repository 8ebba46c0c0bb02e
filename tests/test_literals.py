"""Literals for spec values: exact values, in the quotes black would choose."""

from __future__ import annotations

import ast

import black
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.literals import literal, string_literal

# Quotes of both kinds, backslashes, line breaks and text beyond ASCII.
_TRICKY = st.text(
    alphabet=st.sampled_from(list("ab'\"\\\n\r\x00é\u2028 ")), max_size=12
)
_WIDE = black.Mode(line_length=10_000)


@given(st.one_of(_TRICKY, st.text()))
def test_string_literal_is_exact_and_black_leaves_it_alone(text: str) -> None:
    code = string_literal(text)
    assert ast.literal_eval(code) == text
    source = f"x = {code}\n"
    assert black.format_str(source, mode=_WIDE) == source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", '"plain"'),
        ("it's", '"it\'s"'),
        ('say "hi"', "'say \"hi\"'"),
        ("it's \"x", '"it\'s \\"x"'),
        ('it\'s "x"', "'it\\'s \"x\"'"),
        ("a\\b", '"a\\\\b"'),
    ],
)
def test_string_literal_prefers_double_quotes(text: str, expected: str) -> None:
    assert string_literal(text) == expected


def test_literal_writes_nested_values_black_keeps() -> None:
    value = {"a": ("x",), "b": [1, 2.5, None, True], "c": ()}
    code = literal(value)
    assert ast.literal_eval(code) == value
    source = f"x = {code}\n"
    assert black.format_str(source, mode=_WIDE) == source


def test_literal_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError):
        literal(object())
