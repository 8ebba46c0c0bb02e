"""Unit tests of generator.views: the names code fragments use, and their order.

`identifiers` decides the imports of every generated module. It reads code
with a regular expression for speed; these tests hold it to what Python's
tokenizer finds, on the fragments of real specs and on arbitrary text.
Imported names and `__all__` entries are sorted as ruff's import sorting
and RUF022 expect (tests/test_generated_package.py runs ruff itself).
"""

from __future__ import annotations

import contextlib
import tokenize
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import generator.model_views as model_views
import generator.operation_views as operation_views
from generator.build import build_api
from generator.diagnostics import Diagnostics, SpecError
from generator.load import load_spec
from generator.render import render_api
from generator.views import (
    _tokenized_identifiers,
    export_order,
    identifiers,
    join,
)

TESTS = Path(__file__).resolve().parent
SPECS = [
    *sorted((TESTS / "corpus").glob("hostile-*.yaml")),
    *sorted((TESTS / "specs").rglob("*.yaml")),
    TESTS.parent / "specs" / "impersonatecart.yaml",
]


def _tokenized(fragments: list[str]) -> set[str]:
    return _tokenized_identifiers("\n".join(fragments) + "\n")


def _fragments_of(spec: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Return the fragments each module of `spec` asks `identifiers` about."""
    seen: list[list[str]] = []

    def spy(fragments: list[str]) -> set[str]:
        seen.append(list(fragments))
        return identifiers(seen[-1])

    monkeypatch.setattr(model_views, "identifiers", spy)
    monkeypatch.setattr(operation_views, "identifiers", spy)
    diagnostics = Diagnostics()
    with contextlib.suppress(SpecError):
        render_api(build_api(load_spec(spec), package="p", diagnostics=diagnostics))
    return seen


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.name)
def test_identifiers_match_the_tokenizer_on_generated_fragments(
    spec: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for fragments in _fragments_of(spec, monkeypatch):
        assert identifiers(fragments) == _tokenized(fragments)


@pytest.mark.parametrize(
    "code",
    [
        "data.get('datetime', UNSET) dump(self.date)",
        'params["OpenEnum"] Mapping[str, Any]',
        "x = 1.real + 0x1f + 1e5 + 1_000j + .5",
        "value ...Ellipsis ....attribute",
        "self.\nnext_line (a.\n b) c . d",
        "'quoted \\' datetime' \"also \\\" Any\"",
        "# a comment naming Any\nlist_of",
        "é.ü ß",
    ],
)
def test_identifiers_match_the_tokenizer_on_tricky_code(code: str) -> None:
    assert identifiers([code]) == _tokenized([code])


@pytest.mark.parametrize(
    "code",
    [
        "f'{datetime}' rb'x' Any",
        "'''a 'b' c''' d",
        'x = """Any""" + y',
        "a \\\n.b",
        "'unterminated Any",
    ],
)
def test_identifiers_leave_unusual_code_to_the_tokenizer(code: str) -> None:
    assert identifiers([code]) == _tokenized([code])


# Code-like text: names, dots, literals, numbers, brackets, and characters the
# tokenizer treats in its own way (CR, form feed, non-ASCII digits and spaces).
_ATOMS = st.sampled_from(
    [
        *("Any", "datetime", "self", "x1", "é", "ﬁ", "٣", "_", "j", "e5"),
        *(".", "...", " ", "\t", "\n", "\r", "\x0c", "\xa0", "\u2028", "\x00"),
        *("1", "1.", "2.5", "0x1f", "(", ")", "[a]", "{b: c}", ",", "+", "|"),
        *("'s'", '"t"', "'a.b'", "'\\''", "'''", "f'{a}'", "'\\\n'", "''"),
        *("\\", "'", '"', "#", "# note\n"),
    ]
)


@given(st.lists(st.lists(_ATOMS, max_size=16).map("".join), max_size=4))
def test_identifiers_match_the_tokenizer_on_code_like_text(
    fragments: list[str],
) -> None:
    try:
        expected = _tokenized(fragments)
    except (SyntaxError, tokenize.TokenError):
        # Text the tokenizer itself refuses (brackets left open at the end)
        # never comes from the views; compare only where it has an answer.
        return
    assert identifiers(fragments) == expected


def test_imported_names_sort_by_kind_then_without_case_then_by_number() -> None:
    names = ["server_url", "Item10", "APIError", "UNSET", "H", "Item2", "Abstract"]

    assert join(names) == "UNSET, Abstract, APIError, H, Item2, Item10, server_url"


def test_exported_names_sort_by_kind_then_with_case_then_by_number() -> None:
    names = ["server_url", "Item10", "APIError", "UNSET", "H", "Item2", "Abstract"]

    expected = ["UNSET", "APIError", "Abstract", "H", "Item2", "Item10", "server_url"]
    assert sorted(names, key=export_order) == expected
