"""Behaviour of the shared model runtime, through the checked-in generated client.

Reading checks JSON types and names the wrong value by its JSON path; null,
numbers, unknown keys, read-only fields, JSON text and `dataclasses.replace`
follow the rules of the runtime's module docstring. Unions and recursive
models are covered by test_generated_features.py.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impersonatecart_client import UNSET, Unset
from impersonatecart_client._runtime import (
    DataError,
    Model,
    WireDatetime,
    _parse_rfc3339,
    dict_of,
    parse_date,
    parse_datetime,
)
from impersonatecart_client.models import (
    AdminUserAuditInfo,
    CurrencyAmount,
    CustomerAccount,
    CustomerAttribute,
    CustomerAuthTicket,
    CustomerContact,
)


def _ticket_with_contacts(count: int) -> dict[str, Any]:
    contacts = [{"id": index, "email": f"c{index}@x"} for index in range(count)]
    return {"customerAccount": {"id": 1, "contacts": contacts}, "userId": "u"}


def test_wrong_type_deep_inside_names_its_json_path() -> None:
    data = _ticket_with_contacts(5)
    data["customerAccount"]["contacts"][3]["id"] = "abc"

    with pytest.raises(DataError) as caught:
        CustomerAuthTicket.from_dict(data)

    assert caught.value.path == "customerAccount.contacts[3].id"
    assert caught.value.location == ("customerAccount", "contacts", 3, "id")
    assert str(caught.value) == (
        "customerAccount.contacts[3].id: expected an integer, found a string ('abc')"
    )
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ([], "an array"),
        ({}, "an object"),
        (True, "a boolean (true)"),
        (1.5, "a number (1.5)"),
    ],
)
def test_message_names_the_json_type_found(value: Any, found: str) -> None:
    with pytest.raises(DataError) as caught:
        CustomerAuthTicket.from_dict({"userId": value})
    assert caught.value.reason == f"expected a string, found {found}"
    assert caught.value.path == "userId"


def test_top_level_value_that_is_no_object_has_an_empty_path() -> None:
    with pytest.raises(DataError) as caught:
        CustomerAuthTicket.from_dict([1, 2])  # type: ignore[arg-type]
    assert caught.value.path == ""
    assert str(caught.value) == "expected an object, found an array"


def test_bad_date_time_and_list_shape_are_errors() -> None:
    with pytest.raises(DataError, match=r"^accessTokenExpiration: expected a date"):
        CustomerAuthTicket.from_dict({"accessTokenExpiration": "yesterday"})
    with pytest.raises(DataError, match=r"^customerAccount.notes: expected an array"):
        CustomerAuthTicket.from_dict({"customerAccount": {"notes": {"a": 1}}})


def test_null_in_a_nullable_field_is_kept_and_written_back() -> None:
    ticket = CustomerAuthTicket.from_dict({"userId": None})
    assert ticket.user_id is None
    assert ticket.to_dict() == {"userId": None}


def test_null_in_an_optional_field_not_nullable_reads_as_absent() -> None:
    # requires2FA is a boolean the spec does not mark nullable.
    ticket = CustomerAuthTicket.from_dict({"requires2FA": None, "userId": "u"})
    assert ticket.requires_2fa is UNSET
    assert ticket.to_dict() == {"userId": "u"}


def test_integers_are_numbers_but_booleans_are_not() -> None:
    amount = CurrencyAmount.from_dict({"amount": 3})
    assert amount.amount == 3.0
    assert type(amount.amount) is float
    with pytest.raises(DataError, match="expected a number, found a boolean"):
        CurrencyAmount.from_dict({"amount": True})
    with pytest.raises(DataError, match="expected an integer, found a boolean"):
        CustomerAccount.from_dict({"id": False})
    with pytest.raises(DataError, match=r"expected an integer, found a number \(1.0"):
        CustomerAccount.from_dict({"id": 1.0})


def test_unknown_keys_are_kept_and_written_back() -> None:
    data = {"userId": "u", "newField": {"nested": [1]}, "other": None}
    ticket = CustomerAuthTicket.from_dict(data)
    assert ticket.additional_properties == {"newField": {"nested": [1]}, "other": None}
    assert ticket.to_dict() == data


def test_json_text_round_trips() -> None:
    text = json.dumps(_ticket_with_contacts(2) | {"requires2FA": True})
    ticket = CustomerAuthTicket.from_json(text)
    assert CustomerAuthTicket.from_json(text.encode("utf-8")) == ticket
    assert json.loads(ticket.to_json()) == json.loads(text)


def test_text_that_is_no_json_is_a_data_error() -> None:
    with pytest.raises(DataError, match="not valid JSON"):
        CustomerAuthTicket.from_json("{")


def test_json_nested_deeper_than_the_parser_goes_is_a_data_error() -> None:
    with pytest.raises(DataError, match="not valid JSON"):
        CustomerAuthTicket.from_json("[" * 100_000 + "]" * 100_000)


def test_replace_keeps_the_class_and_the_other_fields() -> None:
    ticket = CustomerAuthTicket.from_dict(_ticket_with_contacts(1))
    changed = dataclasses.replace(ticket, user_id="v")
    assert type(changed) is CustomerAuthTicket
    assert changed.customer_account == ticket.customer_account
    assert changed.to_dict()["userId"] == "v"
    assert ticket.user_id == "u"


def test_models_derive_from_the_runtime_base_and_stay_small() -> None:
    for model in (CustomerAuthTicket, CustomerAccount, CustomerContact):
        assert issubclass(model, Model)
        assert "from_dict" not in vars(model)
        assert "to_dict" not in vars(model)


def test_null_and_wrong_items_in_a_list_of_models_name_their_index() -> None:
    for item, found in ((None, "null"), (5, "an integer (5)")):
        data = {"customerAccount": {"contacts": [{"id": 1}, item]}}
        with pytest.raises(DataError) as caught:
            CustomerAuthTicket.from_dict(data)
        assert caught.value.location == ("customerAccount", "contacts", 1)
        assert caught.value.reason == f"expected an object, found {found}"


def test_unknown_keys_are_found_beside_absent_and_null_fields() -> None:
    # Null for a field that is not nullable reads as absent, yet its key is
    # known: only `extra` is unknown here.
    data = {"id": None, "contacts": None, "extra": 1}
    account = CustomerAccount.from_dict(data)
    assert account.id is UNSET
    assert account.contacts is None
    assert account.additional_properties == {"extra": 1}
    assert CustomerAccount.from_dict({"id": None}).additional_properties == {}


_DATE_TIMES = [
    "2024-03-05T10:05:07Z",
    "2024-03-05T10:05:07.1234567Z",
    "2024-03-05T10:05:07,5+05:30",
    "2024-03-05T10:05:07.123-0530",
    "2024-03-05t10:05:07z",
    "2024-03-05 10:05:07.123456+00:00",
    "2024-03-05T10:05:07",
    "2024-03-05T10:05:07.123456-01:00",
    # fromisoformat alone would read these.
    "2024-03-05T10:05:07.Z",
    "2024-03-05T10:05:078Z",
    "2024-03-05T10:05:07.123456:7Z",
]


# The inputs are tiny; on a loaded machine their generation still trips the
# too-slow check, which measures the machine rather than the strategy.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_DATE_TIMES),
    st.lists(
        st.tuples(
            st.integers(0, 40), st.sampled_from("09-:T Z+.,zW\u0663"), st.booleans()
        ),
        max_size=3,
    ),
)
def test_date_time_fast_path_reads_what_the_pattern_reads(
    text: str, edits: list[tuple[int, str, bool]]
) -> None:
    for index, char, insert in edits:
        text = text[:index] + char + text[index + (0 if insert else 1) :]

    def read(parse: Any) -> Any:
        try:
            value = parse(text)
        except ValueError:
            return "refused"
        return value, value.utcoffset(), value.wire_text

    def read_field(text: str) -> Any:
        return AdminUserAuditInfo.from_dict({"createDate": text}).create_date

    assert read(parse_datetime) == read(_parse_rfc3339) == read(read_field)


def test_dates_are_read_only_in_the_rfc_3339_spelling() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    # fromisoformat reads these ISO 8601 forms, which would not round-trip.
    for other in ("20240229", "2024-W09-4", "2024-060", "\u0662024-02-29"):
        with pytest.raises(ValueError):
            parse_date(other)


def _one_edit_away(text: str) -> Iterator[str]:
    """Yield every text one inserted, replaced or deleted character from `text`."""
    for index in range(len(text) + 1):
        for char in "09-:T Z+.,zW\u0663_":
            yield text[:index] + char + text[index:]
            yield text[:index] + char + text[index + 1 :]
        yield text[:index] + text[index + 1 :]


def test_every_date_time_one_edit_away_is_read_as_the_pattern_reads() -> None:
    # Exhaustive where the hypothesis test samples: each place a fast path
    # could be lax (a separator, a digit, the fraction, the offset) is edited.
    for sample in _DATE_TIMES:
        for text in _one_edit_away(sample):
            assert _read_three_ways(text) == _read_three_ways(text, parse_datetime)


def _read_three_ways(text: str, parse: Any = _parse_rfc3339) -> Any:
    """Read `text` with `parse`, or "refused"; with the pattern, also as a field."""
    try:
        value = parse(text)
    except ValueError:
        return "refused"
    if parse is parse_datetime:
        field = AdminUserAuditInfo.from_dict({"createDate": text}).create_date
        assert (field, field.utcoffset(), field.wire_text) == (
            value,
            value.utcoffset(),
            value.wire_text,
        )
    return value, value.utcoffset(), value.wire_text


def test_date_time_field_keeps_seven_fraction_digits_and_refuses_lax_forms() -> None:
    # A model field reads its strings without the reader's own type check.
    text = "2024-03-05T10:05:07.1234567Z"
    info = AdminUserAuditInfo.from_dict({"createDate": text, "updateDate": text})
    assert type(info.create_date) is WireDatetime
    assert info.create_date.wire_text == text
    assert info.create_date == datetime(2024, 3, 5, 10, 5, 7, 123456, timezone.utc)
    assert info.to_dict() == {"createDate": text, "updateDate": text}
    lax_forms = (
        "2024-03-05T10:05:07.Z",
        "2024-03-05T10:05:078Z",
        "20240305T100507Z",
        "2024-03-05T10:05:07.123456:7Z",
        # Offset minutes past 59, which fromisoformat folds into the hours.
        "2024-03-05T10:05:07+01:60",
        "2024-03-05T10:05:07.5-00:75",
        # Digits beyond ASCII, which the pattern's \d and int() would read.
        "\u0662\u0660\u0662\u0664-03-05T10:05:07Z",
        "2024-03-05T10:05:07.\u0661Z",
    )
    for lax in lax_forms:
        with pytest.raises(DataError) as caught:
            AdminUserAuditInfo.from_dict({"updateDate": lax})
        assert caught.value.location == ("updateDate",)
        assert caught.value.reason == f"expected a date-time, found a string ({lax!r})"


def test_date_time_field_reads_every_fraction_length_as_the_reader_does() -> None:
    # The decoder reads `Z` after one to seven digits itself; the others go
    # to the reader. Both give the same value, kept with its text.
    for digits in range(10):
        fraction = "." + "1234567890"[:digits] if digits else ""
        text = f"2024-03-05T10:05:07{fraction}Z"
        info = AdminUserAuditInfo.from_dict({"createDate": text})
        assert type(info.create_date) is WireDatetime
        assert info.create_date == parse_datetime(text)
        assert info.create_date.wire_text == text


def test_date_time_field_refused_on_the_decoders_own_path_is_located() -> None:
    texts = (
        # The decoder's condition holds; fromisoformat refuses.
        "2024-02-30T10:05:07.1234567Z",
        "2024-03-05T24:05:07.123Z",
        "2024-03-05T10:05:07.12a4567Z",
        # It does not hold: the reader refuses.
        "2024-03-05T10:05:07.123456aZ",
        "2024-03-05T10:05:07.123456a7Z",
    )
    for text in texts:
        found = f"a string ({text!r})"
        with pytest.raises(DataError) as caught:
            AdminUserAuditInfo.from_dict({"createDate": text})
        assert caught.value.location == ("createDate",)
        assert caught.value.reason == f"expected a date-time, found {found}"
        data = {"customerAccount": {"auditInfo": {"updateDate": text}}}
        with pytest.raises(DataError) as caught:
            CustomerAuthTicket.from_dict(data)
        assert caught.value.path == "customerAccount.auditInfo.updateDate"


@dataclasses.dataclass(slots=True, kw_only=True)
class _NamedLikeTheCodec(Model):
    """Fields named as the compiled decoder's own names and placeholders."""

    cls: int | Unset = UNSET
    s0: str | Unset = UNSET
    get: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(slots=True, kw_only=True)
class _Checked(Model):
    """A hand-written model whose `__post_init__` must run."""

    count: int | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.count, int) and self.count < 0:
            raise ValueError("count must not be negative")


@dataclasses.dataclass(slots=True, kw_only=True)
class _OneField(Model):
    """A model of one field, which the decoder looks up on its own."""

    size: int
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(slots=True, kw_only=True)
class _NoFields(Model):
    """A free-form object: every key is extra."""

    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)


@pytest.mark.parametrize(
    ("data", "fields", "extra"),
    [
        # Every key, the shape looked up in one call.
        ({"cls": 1, "s0": "a", "get": "b"}, (1, "a", "b"), {}),
        # Fewer keys than fields.
        ({"s0": "a"}, (UNSET, "a", UNSET), {}),
        # As many keys as fields, yet one field missing behind an extra key.
        ({"cls": 1, "s0": "a", "x": 2}, (1, "a", UNSET), {"x": 2}),
        (
            {"cls": 1, "x": 2, "y": 3, "z": 4},
            (1, UNSET, UNSET),
            {"x": 2, "y": 3, "z": 4},
        ),
    ],
)
def test_each_shape_of_object_reads_its_fields_and_extra_keys(
    data: dict[str, Any], fields: tuple[Any, ...], extra: dict[str, Any]
) -> None:
    model = _NamedLikeTheCodec.from_dict(data)
    assert (model.cls, model.s0, model.get) == fields
    assert model.additional_properties == extra
    assert model.to_dict() == data


def test_models_of_one_field_and_of_none_read_every_shape() -> None:
    assert _OneField.from_dict({"size": 3}) == _OneField(size=3)
    assert _OneField.from_dict({"size": 3, "x": 1}).additional_properties == {"x": 1}
    with pytest.raises(DataError) as caught:
        _OneField.from_dict({"x": 1})
    assert (caught.value.location, caught.value.reason) == (
        ("size",),
        "a required property is missing",
    )
    with pytest.raises(DataError) as caught:
        _OneField.from_dict({"size": "3"})
    assert caught.value.location == ("size",)
    assert _NoFields.from_dict({}) == _NoFields()
    assert _NoFields.from_dict({"a": [1]}).additional_properties == {"a": [1]}


def test_wrong_type_behind_an_extra_key_is_still_found() -> None:
    with pytest.raises(DataError) as caught:
        _NamedLikeTheCodec.from_dict({"cls": "1", "s0": "a", "x": 2})
    assert caught.value.location == ("cls",)


@dataclasses.dataclass(slots=True, kw_only=True)
class _Tagged(Model):
    """A model with a list of plain items."""

    tags: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(slots=True, kw_only=True)
class _Counted(Model):
    """A model with a map of integers."""

    counts: dict[str, int] | Unset = UNSET
    additional_properties: dict[str, Any] = dataclasses.field(default_factory=dict)


def test_wrong_value_in_a_map_names_its_key() -> None:
    assert _Counted.from_dict({"counts": {"a": 1}}).counts == {"a": 1}
    with pytest.raises(DataError) as caught:
        _Counted.from_dict({"counts": {"a": 1, "b": "2"}})
    assert caught.value.location == ("counts", "b")
    with pytest.raises(DataError) as caught:
        dict_of(CurrencyAmount.from_dict)({"a": {}, "b": 5})
    assert caught.value.location == ("b",)


def test_lists_of_plain_and_any_items_are_copied() -> None:
    values = ["a", 1, None, {"b": [2]}]
    attribute = CustomerAttribute.from_dict({"values": values})
    assert attribute.values == values
    assert attribute.values is not values
    tags = ["a", "b"]
    tagged = _Tagged.from_dict({"tags": tags})
    assert tagged.tags == tags
    assert tagged.tags is not tags
    for wrong, found in ((["a", 1], "an integer (1)"), (["a", "b", None], "null")):
        with pytest.raises(DataError) as caught:
            _Tagged.from_dict({"tags": wrong})
        assert caught.value.location == ("tags", len(wrong) - 1)
        assert caught.value.reason == f"expected a string, found {found}"


def test_fields_named_like_the_decoders_own_names_read_and_write() -> None:
    data = {"cls": 1, "s0": "a", "get": None, "other": 2}
    model = _NamedLikeTheCodec.from_dict(data)
    assert (model.cls, model.s0, model.get) == (1, "a", None)
    assert model.additional_properties == {"other": 2}
    assert model.to_dict() == data
    assert model == _NamedLikeTheCodec(
        cls=1, s0="a", get=None, additional_properties={"other": 2}
    )


def test_a_model_with_post_init_is_built_through_init() -> None:
    assert _Checked.from_dict({"count": 1}).count == 1
    with pytest.raises(ValueError, match="must not be negative"):
        _Checked.from_dict({"count": -1})


# -- required and read-only fields, on a small spec of their own -----------------

_STRICT_SPEC = """\
openapi: 3.0.3
info: {title: Strict, version: '1'}
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      required: [number, lines]
      properties:
        number: {type: integer}
        id: {type: string, readOnly: true}
        lines:
          type: array
          items: {$ref: '#/components/schemas/Line'}
    Line:
      type: object
      required: [sku]
      properties:
        sku: {type: string}
        price: {type: number, readOnly: true}
"""


@pytest.fixture(scope="module")
def strict_models(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import sys

    from generator.diagnostics import Diagnostics
    from generator.options import Options
    from generator.pipeline import generate

    root = tmp_path_factory.mktemp("strict")
    spec = root / "strict.yaml"
    spec.write_text(_STRICT_SPEC)
    options = Options(spec=spec, output=root / "out", package="strict_client")
    generate(options, diagnostics=Diagnostics())
    sys.path.insert(0, str(root / "out"))
    try:
        yield importlib.import_module("strict_client.models")
    finally:
        sys.path.remove(str(root / "out"))


def test_missing_or_null_required_field_is_a_data_error(strict_models: Any) -> None:
    order = strict_models.Order
    # The package's own runtime, not the checked-in client's.
    data_error = importlib.import_module("strict_client._runtime").DataError
    with pytest.raises(data_error) as missing:
        order.from_dict({"lines": []})
    assert (missing.value.path, missing.value.reason) == (
        "number",
        "a required property is missing",
    )
    with pytest.raises(data_error) as null:
        order.from_dict({"number": 1, "lines": [{"sku": None}]})
    assert null.value.path == "lines[0].sku"
    assert "found null" in str(null.value)


def test_read_only_fields_are_left_out_of_bodies_at_every_depth(
    strict_models: Any,
) -> None:
    data = {"number": 7, "id": "o-1", "lines": [{"sku": "a", "price": 2.5}]}
    order = strict_models.Order.from_dict(data)
    assert order.to_dict() == data
    assert order.to_dict(omit_read_only=True) == {"number": 7, "lines": [{"sku": "a"}]}


def test_models_are_slotted_keyword_only_and_compare_by_value(
    strict_models: Any,
) -> None:
    line = strict_models.Line
    assert not hasattr(line(sku="a"), "__dict__")
    with pytest.raises(TypeError):
        line("a")
    assert line(sku="a") == line(sku="a") != line(sku="b")
    assert line.from_json('{"sku": "a"}') == line(sku="a")
    assert json.loads(line(sku="a", price=1.0).to_json()) == {"sku": "a", "price": 1.0}


def test_union_of_models_reports_the_closest_option_and_names_the_models(
    strict_models: Any,
) -> None:
    runtime = importlib.import_module("strict_client._runtime")
    order, line = strict_models.Order, strict_models.Line
    parse = runtime.union_of((dict, order), (dict, line))
    assert parse({"sku": "a"}) == line(sku="a")
    # Line knows `sku`, so its complaint is the one that says what is wrong.
    with pytest.raises(runtime.DataError) as closest:
        parse({"sku": 5})
    assert str(closest.value) == "sku: expected a string, found an integer (5)"
    with pytest.raises(runtime.DataError) as no_object:
        parse([1])
    assert str(no_object.value) == (
        "expected Order (an object) or Line (an object), found an array"
    )
