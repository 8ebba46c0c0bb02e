"""Unit tests of generator.names: spec names become valid, readable identifiers.

Covers the snake_case mappings the project's spec needs, keywords, leading
digits, separators, non-ASCII letters, the fallback for names without words,
PascalCase class names, module names, and NameRegistry's distinct,
deterministic, case-insensitive numbering.
"""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.names import (
    NameRegistry,
    class_name,
    module_name,
    python_name,
    split_words,
)


@pytest.mark.parametrize(
    ("spec_name", "expected"),
    [
        ("requires2FA", "requires_2fa"),
        ("last2FaDate", "last_2fa_date"),
        ("cityOrTown", "city_or_town"),
        ("address1", "address1"),
        ("accessTokenExpiration", "access_token_expiration"),
    ],
)
def test_python_name_maps_the_names_of_the_project_spec(
    spec_name: str, expected: str
) -> None:
    assert python_name(spec_name) == expected


def test_python_name_splits_digits_before_capitals() -> None:
    assert split_words("requires2FA") == ["requires", "2FA"]
    assert split_words("last2FaDate") == ["last", "2Fa", "Date"]


def test_python_name_keeps_trailing_digits_on_their_word() -> None:
    assert split_words("address1") == ["address1"]
    assert python_name("addressLine2") == "address_line2"


def test_python_name_splits_acronyms_from_the_following_word() -> None:
    assert python_name("HTTPResponse") == "http_response"
    assert python_name("userIDs") == "user_ids"


@pytest.mark.parametrize("word", ["class", "def", "return", "import", "lambda"])
def test_python_name_appends_underscore_to_keywords(word: str) -> None:
    name = python_name(word)
    assert name == f"{word}_"
    assert not keyword.iskeyword(name)


def test_python_name_appends_underscore_to_soft_keywords() -> None:
    assert python_name("match") == "match_"
    assert python_name("case") == "case_"


def test_python_name_prefixes_leading_digits_with_the_fallback() -> None:
    assert python_name("2fa") == "value_2fa"
    assert python_name("123abc", fallback="field") == "field_123abc"


@pytest.mark.parametrize(
    ("spec_name", "expected"),
    [
        ("first-name", "first_name"),
        ("first.name", "first_name"),
        ("first name", "first_name"),
        ("  first -- name .. ", "first_name"),
        ("X-Request-ID", "x_request_id"),
    ],
)
def test_python_name_treats_dashes_dots_and_spaces_as_separators(
    spec_name: str, expected: str
) -> None:
    assert python_name(spec_name) == expected


def test_python_name_strips_accents_from_non_ascii_letters() -> None:
    assert python_name("café") == "cafe"
    assert python_name("Ünïcödé") == "unicode"
    assert class_name("café au lait") == "CafeAuLait"


@pytest.mark.parametrize("text", ["", "!!!", "$", "_", "---", "日本語"])
def test_python_name_uses_the_fallback_when_no_word_remains(text: str) -> None:
    assert python_name(text) == "value"
    assert python_name(text, fallback="param") == "param"
    assert class_name(text) == "Model"
    assert module_name(text) == "module"


@pytest.mark.parametrize(
    ("spec_name", "expected"),
    [
        ("customer_account", "CustomerAccount"),
        ("customerAccount", "CustomerAccount"),
        ("customer-account", "CustomerAccount"),
        ("CustomerAccount", "CustomerAccount"),
        ("HTTPResponse", "HTTPResponse"),
        ("2fa", "Model2fa"),
    ],
)
def test_class_name_is_pascal_case(spec_name: str, expected: str) -> None:
    assert class_name(spec_name) == expected


def test_class_name_avoids_keywords_and_builtins() -> None:
    assert class_name("None") == "None_"
    assert class_name("true") == "True_"
    assert class_name("exception") == "Exception_"


def test_module_name_avoids_builtins_and_keywords() -> None:
    assert module_name("list") == "list_"
    assert module_name("type") == "type_"
    assert module_name("class") == "class_"
    assert module_name("Pet Store") == "pet_store"


def test_name_registry_returns_a_free_name_unchanged() -> None:
    registry = NameRegistry()
    assert registry.claim("user") == "user"
    assert registry.claim("order") == "order"


def test_name_registry_numbers_repeats_from_two() -> None:
    registry = NameRegistry()
    assert [registry.claim("user") for _ in range(4)] == [
        "user",
        "user_2",
        "user_3",
        "user_4",
    ]


def test_name_registry_compares_names_case_insensitively() -> None:
    registry = NameRegistry()
    assert registry.claim("Pet") == "Pet"
    assert registry.claim("pet") == "pet_2"
    assert registry.claim("PET") == "PET_3"


def test_name_registry_skips_a_numbered_name_already_taken() -> None:
    registry = NameRegistry()
    assert registry.claim("user_2") == "user_2"
    assert registry.claim("user") == "user"
    assert registry.claim("user") == "user_3"


def test_name_registry_never_hands_out_a_reserved_name() -> None:
    registry = NameRegistry({"Client", "models"})
    assert registry.claim("client") == "client_2"
    assert registry.claim("Models") == "Models_2"
    assert registry.claim("pets") == "pets"


@given(st.lists(st.text(min_size=1, max_size=8), max_size=30))
def test_name_registry_is_deterministic_and_distinct(names: list[str]) -> None:
    first = NameRegistry()
    second = NameRegistry()
    claimed = [first.claim(name) for name in names]
    assert claimed == [second.claim(name) for name in names]
    assert len({name.lower() for name in claimed}) == len(claimed)


@given(st.text())
def test_every_name_function_returns_a_non_keyword_identifier(text: str) -> None:
    for function in (python_name, class_name, module_name):
        name = function(text)
        assert isinstance(name, str)
        assert name.isidentifier(), (function.__name__, text, name)
        assert not keyword.iskeyword(name), (function.__name__, text, name)


@given(st.text())
def test_python_name_is_snake_case_ascii(text: str) -> None:
    name = python_name(text)
    assert name.isascii()
    assert name == name.lower()
