"""Model-level tests of the generated client, without any network.

The main property: for every model class in `impersonatecart_client.models`,
`Model.from_dict(d).to_dict() == d` for random valid JSON objects `d`. The
strategy for each model is built from specs/impersonatecart.yaml itself
(properties, types, formats, nullable, allOf and $ref), so a model that drifts
from the spec fails here. Keys are omitted at random, nulls are used where the
spec allows them, date-times come in several RFC 3339 spellings, and unknown
keys are added.

Then unit cases: date-time parsing and writing, dataclass behaviour
(replace, keyword-only, slots) and number and `items: {}` handling.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import re
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import impersonatecart_client.models as models
from conftest import SPEC
from impersonatecart_client import UNSET
from impersonatecart_client.models import (
    AdminUserAuditInfo,
    CommerceSummary,
    CurrencyAmount,
    CustomerAccount,
    CustomerAttribute,
    CustomerAuthTicket,
)

SCHEMAS: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))[
    "components"
]["schemas"]
MODEL_CLASSES = {
    name: getattr(models, name)
    for name in models.__all__
    if inspect.isclass(getattr(models, name))
}
INT32 = (-(2**31), 2**31 - 1)
# Integers a double holds exactly: a JSON integer for a double field survives.
EXACT_IN_DOUBLE = (-(2**53), 2**53)
RFC3339 = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", re.IGNORECASE
)


# ---------------------------------------------------------------------------
# Reading the spec
# ---------------------------------------------------------------------------


def ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else None


@cache
def properties_of(name: str) -> dict[str, Any]:
    """Return every property of a component schema, those of allOf parts first."""
    schema = SCHEMAS[name]
    merged: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        part_name = ref_name(part)
        if part_name is not None:
            merged.update(properties_of(part_name))
        else:
            merged.update(part.get("properties", {}))
    merged.update(schema.get("properties", {}))
    return merged


# ---------------------------------------------------------------------------
# Strategies built from the spec
# ---------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(*EXACT_IN_DOUBLE)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


@st.composite
def rfc3339_datetimes(draw: st.DrawFn) -> str:
    """An RFC 3339 date-time: Z, z, +hh:mm or -hh:mm, 0 to 7 fraction digits."""
    moment = draw(
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
    )
    separator = draw(st.sampled_from("Tt"))
    digits = draw(st.integers(0, 7))
    fraction = ""
    if digits:
        fraction = "." + draw(st.text("0123456789", min_size=digits, max_size=digits))
    offset = draw(
        st.sampled_from(["Z", "z"])
        | st.builds(
            "{}{:02d}:{:02d}".format,
            st.sampled_from("+-"),
            st.integers(0, 23),
            st.integers(0, 59),
        )
    )
    date = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    time = f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    return f"{date}{separator}{time}{fraction}{offset}"


def value_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Return a strategy for the JSON values one property schema allows."""
    name = ref_name(schema)
    if name is not None:
        base: st.SearchStrategy[Any] = st.deferred(lambda: object_strategy(name))
    elif schema.get("type") == "array":
        items = schema.get("items", {})
        item = value_strategy(items) if items else json_values
        base = st.lists(item, max_size=2)
    elif schema.get("type") == "integer":
        low, high = INT32 if schema.get("format") == "int32" else EXACT_IN_DOUBLE
        base = st.integers(low, high)
    elif schema.get("type") == "number":
        base = st.floats(allow_nan=False, allow_infinity=False) | st.integers(
            *EXACT_IN_DOUBLE
        )
    elif schema.get("type") == "boolean":
        base = st.booleans()
    elif schema.get("type") == "string" and schema.get("format") == "date-time":
        base = rfc3339_datetimes()
    elif schema.get("type") == "string":
        base = st.text(max_size=12)
    else:
        base = json_values
    return st.none() | base if schema.get("nullable") else base


@cache
def object_strategy(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Return a strategy for valid JSON objects of a component schema."""
    properties = properties_of(name)
    known = st.fixed_dictionaries(
        {}, optional={key: value_strategy(s) for key, s in properties.items()}
    )
    unknown = st.dictionaries(
        st.text(min_size=1, max_size=8).filter(lambda key: key not in properties),
        json_values,
        max_size=2,
    )
    return st.builds(lambda k, u: {**u, **k}, known, unknown)


# ---------------------------------------------------------------------------
# Checking a parsed model against the spec
# ---------------------------------------------------------------------------


@cache
def attribute_for(model_name: str, json_name: str) -> str:
    """Find the attribute a JSON key lands in, without guessing the naming rule."""
    model = MODEL_CLASSES[model_name]
    probe = model.from_dict(
        {json_name: sample_value(properties_of(model_name)[json_name])}
    )
    landed = [
        f.name
        for f in dataclasses.fields(model)
        if f.name != "additional_properties" and getattr(probe, f.name) is not UNSET
    ]
    assert len(landed) == 1, (model_name, json_name, landed)
    return landed[0]


_SAMPLES = {"integer": 1, "number": 1.5, "boolean": True, "array": []}


def sample_value(schema: dict[str, Any]) -> Any:
    """Return one valid JSON value of a property schema."""
    if ref_name(schema) is not None:
        return {}
    if schema.get("format") == "date-time":
        return "2020-01-01T00:00:00Z"
    return _SAMPLES.get(schema.get("type", ""), "text")


def expected_moment(text: str) -> datetime:
    """Read a generated date-time with the standard library, as an oracle."""
    match = re.fullmatch(r"(.{19})(?:\.(\d+))?(Z|[+-]\d\d:\d\d)", text, re.I)
    assert match is not None, text
    base, digits, offset = match.groups()
    offset = "+00:00" if offset in "Zz" else offset
    fraction = (digits or "").ljust(6, "0")[:6]
    return datetime.fromisoformat(f"{base.upper()}.{fraction}{offset}")


def check_value(schema: dict[str, Any], raw: Any, value: Any) -> None:
    """Check that a parsed value has the Python type the spec calls for."""
    if raw is None:
        assert value is None
        return
    name = ref_name(schema)
    kind = schema.get("type")
    if name is not None:
        assert type(value) is MODEL_CLASSES[name]
        check_model(name, raw, value)
    elif kind == "array":
        assert type(value) is list
        assert len(value) == len(raw)
        for raw_item, item in zip(raw, value, strict=True):
            check_value(schema.get("items", {}), raw_item, item)
    elif kind == "integer":
        assert type(value) is int
        assert value == raw
    elif kind == "number":
        assert type(value) is float
        assert value == raw
    elif kind == "boolean":
        assert type(value) is bool
        assert value is raw
    elif kind == "string" and schema.get("format") == "date-time":
        expected = expected_moment(raw)
        assert isinstance(value, datetime)
        assert value.utcoffset() == expected.utcoffset()
        assert value.replace(tzinfo=None) == expected.replace(tzinfo=None)
    elif kind == "string":
        assert type(value) is str
        assert value == raw
    else:
        assert value == raw


def check_model(name: str, data: dict[str, Any], model: Any) -> None:
    properties = properties_of(name)
    for key, schema in properties.items():
        value = getattr(model, attribute_for(name, key))
        if key in data:
            check_value(schema, data[key], value)
        else:
            assert value is UNSET, (name, key)
    unknown = {key: v for key, v in data.items() if key not in properties}
    assert model.additional_properties == unknown


# ---------------------------------------------------------------------------
# The round-trip property
# ---------------------------------------------------------------------------


def test_every_model_class_has_a_schema_and_every_object_schema_a_model() -> None:
    object_schemas = {n for n, s in SCHEMAS.items() if s.get("type") == "object"}
    assert set(MODEL_CLASSES) == object_schemas


@pytest.mark.parametrize("name", sorted(MODEL_CLASSES))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_from_dict_then_to_dict_gives_back_the_same_json(
    name: str, data: st.DataObject
) -> None:
    model = MODEL_CLASSES[name]
    document = data.draw(object_strategy(name), label="document")

    parsed = model.from_dict(document)

    check_model(name, document, parsed)
    assert parsed.to_dict() == document


# ---------------------------------------------------------------------------
# Date-times
# ---------------------------------------------------------------------------


def parse(text: str) -> Any:
    """Parse a date-time the way every model does, through a model field."""
    return AdminUserAuditInfo.from_dict({"createDate": text}).create_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-07T05:31:56Z", datetime(2023, 11, 7, 5, 31, 56, tzinfo=timezone.utc)),
        ("2023-11-07t05:31:56z", datetime(2023, 11, 7, 5, 31, 56, tzinfo=timezone.utc)),
        (
            "2023-11-07T05:31:56+02:00",
            datetime(2023, 11, 7, 5, 31, 56, tzinfo=timezone(timedelta(hours=2))),
        ),
        (
            "2023-11-07T05:31:56-09:30",
            datetime(
                2023, 11, 7, 5, 31, 56, tzinfo=timezone(-timedelta(hours=9, minutes=30))
            ),
        ),
        (
            "2023-11-07T05:31:56.5Z",
            datetime(2023, 11, 7, 5, 31, 56, 500000, tzinfo=timezone.utc),
        ),
        (
            "2023-11-07T05:31:56.123+00:00",
            datetime(2023, 11, 7, 5, 31, 56, 123000, tzinfo=timezone.utc),
        ),
        (
            "2023-11-07T05:31:56.123456Z",
            datetime(2023, 11, 7, 5, 31, 56, 123456, tzinfo=timezone.utc),
        ),
        (
            "2023-11-07T05:31:56.1234567-05:00",
            datetime(
                2023, 11, 7, 5, 31, 56, 123456, tzinfo=timezone(timedelta(hours=-5))
            ),
        ),
        ("2023-11-07T05:31:56", datetime(2023, 11, 7, 5, 31, 56, tzinfo=timezone.utc)),
    ],
)
def test_date_time_is_parsed_to_an_aware_datetime(
    text: str, expected: datetime
) -> None:
    value = parse(text)

    assert isinstance(value, datetime)
    assert value.utcoffset() == expected.utcoffset()
    assert value.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert value == expected


def test_naive_date_time_is_taken_as_utc() -> None:
    value = parse("2024-02-29T23:59:59.999")

    assert value.utcoffset() == timedelta(0)
    assert value == datetime(2024, 2, 29, 23, 59, 59, 999000, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "2023-11-07",
        "05:31:56Z",
        "2023-13-07T05:31:56Z",
        "2023-02-30T05:31:56Z",
        "2023-11-07T25:31:56Z",
        "2023-11-07T05:31:56+2:00",
        "2023-11-07T05:31:56+24:00",
        "2023-11-07T05:31:56Z trailing",
    ],
)
def test_invalid_date_time_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "2023-11-07T05:31:56Z",
        "2023-11-07T05:31:56.1234567Z",
        "2023-11-07T05:31:56.000+00:00",
        "2023-11-07T05:31:56.1-00:00",
        "2023-11-07T05:31:56+05:45",
    ],
)
def test_parsed_date_time_is_written_back_with_its_exact_text(text: str) -> None:
    info = AdminUserAuditInfo.from_dict({"updateDate": text})

    assert info.to_dict() == {"updateDate": text}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (
            datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
            "2024-01-02T03:04:05+00:00",
        ),
        (
            datetime(
                2024,
                1,
                2,
                3,
                4,
                5,
                678000,
                tzinfo=timezone(timedelta(hours=5, minutes=30)),
            ),
            "2024-01-02T03:04:05.678000+05:30",
        ),
        (
            datetime(2024, 1, 2, 3, 4, 5, 1, tzinfo=timezone(timedelta(hours=-8))),
            "2024-01-02T03:04:05.000001-08:00",
        ),
    ],
)
def test_datetime_set_by_the_user_is_written_as_iso_8601_with_offset(
    value: datetime, text: str
) -> None:
    info = AdminUserAuditInfo(create_date=value)

    written = info.to_dict()

    assert written == {"createDate": text}
    assert RFC3339.fullmatch(written["createDate"])
    reread = AdminUserAuditInfo.from_dict(written).create_date
    assert reread == value
    assert reread.utcoffset() == value.utcoffset()


def test_naive_datetime_set_by_the_user_is_written_with_an_offset() -> None:
    # The spec's format is RFC 3339 date-time, which requires an offset; the
    # parser reads a value without one as UTC, so writing should agree.
    info = AdminUserAuditInfo(create_date=datetime(2024, 1, 2, 3, 4, 5))

    written = info.to_dict()["createDate"]

    assert RFC3339.fullmatch(written), written
    assert AdminUserAuditInfo.from_dict({"createDate": written}).create_date == (
        datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    )


def test_changed_parsed_datetime_is_written_from_its_new_value() -> None:
    info = AdminUserAuditInfo.from_dict({"createDate": "2023-11-07T05:31:56Z"})
    assert isinstance(info.create_date, datetime)

    later = info.create_date + timedelta(hours=1, microseconds=250)
    moved = dataclasses.replace(info, create_date=later)

    assert moved.to_dict() == {"createDate": "2023-11-07T06:31:56.000250+00:00"}
    assert info.to_dict() == {"createDate": "2023-11-07T05:31:56Z"}


@pytest.mark.parametrize(
    "duplicate",
    [copy.copy, copy.deepcopy, lambda m: pickle.loads(pickle.dumps(m))],
    ids=["copy", "deepcopy", "pickle"],
)
def test_copied_model_writes_the_same_json_as_the_original(duplicate: Any) -> None:
    original = CustomerAuthTicket.from_dict(
        {
            "accessTokenExpiration": "2023-11-07T05:31:56Z",
            "customerAccount": {"last2FaDate": "2023-11-07T05:31:56.1234567+02:00"},
        }
    )

    duplicated = duplicate(original)

    assert duplicated == original
    assert duplicated.to_dict() == original.to_dict()


# ---------------------------------------------------------------------------
# Dataclass behaviour
# ---------------------------------------------------------------------------


def test_dataclasses_replace_returns_a_changed_copy() -> None:
    ticket = CustomerAuthTicket.from_dict(
        {
            "accessToken": "old",
            "refreshToken": "r-1",
            "requires2FA": True,
            "traceId": "t-9",
        }
    )

    changed = dataclasses.replace(ticket, access_token="new", refresh_token=UNSET)

    assert type(changed) is CustomerAuthTicket
    assert changed.to_dict() == {
        "accessToken": "new",
        "requires2FA": True,
        "traceId": "t-9",
    }
    assert ticket.to_dict() == {
        "accessToken": "old",
        "refreshToken": "r-1",
        "requires2FA": True,
        "traceId": "t-9",
    }


@pytest.mark.parametrize("name", sorted(MODEL_CLASSES))
def test_models_are_keyword_only(name: str) -> None:
    model = MODEL_CLASSES[name]
    first = next(iter(properties_of(name)))
    attribute = attribute_for(name, first)

    with pytest.raises(TypeError):
        model(None)
    assert getattr(model(**{attribute: None}), attribute) is None


@pytest.mark.parametrize("name", sorted(MODEL_CLASSES))
def test_models_are_slotted(name: str) -> None:
    model = MODEL_CLASSES[name]
    instance = model()

    assert "__slots__" in vars(model)
    assert not hasattr(instance, "__dict__")
    with pytest.raises(AttributeError):
        instance.not_a_field = 1


def test_models_start_unset_with_their_own_additional_properties() -> None:
    first, second = CurrencyAmount(), CurrencyAmount()

    first.additional_properties["extra"] = 1

    assert first.amount is UNSET
    assert first.currency_code is UNSET
    assert second.additional_properties == {}
    assert CurrencyAmount().to_dict() == {}


# ---------------------------------------------------------------------------
# Numbers and untyped items
# ---------------------------------------------------------------------------


def test_int32_fields_are_int() -> None:
    summary = CommerceSummary.from_dict(
        {"orderCount": 2147483647, "wishlistCount": 0, "visitsCount": -2147483648}
    )

    assert type(summary.order_count) is int
    assert type(summary.wishlist_count) is int
    assert type(summary.visits_count) is int
    assert summary.order_count == 2**31 - 1
    assert summary.visits_count == -(2**31)


@pytest.mark.parametrize("amount", [0, 1234, -7, 2**53])
def test_double_field_is_float_even_when_the_json_has_an_integer(amount: int) -> None:
    parsed = CurrencyAmount.from_dict({"amount": amount, "currencyCode": "USD"})

    assert type(parsed.amount) is float
    assert parsed.amount == amount
    assert type(parsed.to_dict()["amount"]) is float
    assert parsed.to_dict() == {"amount": amount, "currencyCode": "USD"}


def test_double_field_keeps_a_fractional_value() -> None:
    parsed = CurrencyAmount.from_dict({"amount": 19.99})

    assert parsed.amount == 19.99
    assert type(parsed.amount) is float


def test_untyped_array_items_pass_through_unchanged() -> None:
    values = [
        "2023-11-07T05:31:56Z",
        7,
        2.5,
        False,
        None,
        {"auditInfo": {"createDate": "2023-11-07T05:31:56Z"}},
        [1, [2]],
    ]

    attribute = CustomerAttribute.from_dict({"values": values})

    assert attribute.values == values
    assert isinstance(attribute.values, list)
    assert type(attribute.values[0]) is str
    assert type(attribute.values[5]) is dict
    assert attribute.to_dict() == {"values": values}


def test_customer_account_has_the_properties_of_its_allof_base() -> None:
    account = CustomerAccount.from_dict(
        {"id": 3, "taxExempt": True, "emailAddress": "a@example.com"}
    )

    assert account.id == 3
    assert account.tax_exempt is True
    assert account.email_address == "a@example.com"
    assert account.additional_properties == {}
