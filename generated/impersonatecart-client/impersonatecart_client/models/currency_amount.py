"""The CurrencyAmount model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset


@dataclass(slots=True, kw_only=True)
class CurrencyAmount(Model):
    """The currency code and amount of an order listed in the order history of a
    customer account. Currently, only USD is supported.
    """

    currency_code: str | Unset | None = UNSET
    """Currency code for the amount of the order. Currently, only "USD" is supported."""
    amount: float | Unset = UNSET
    """Total amount of the order. Currently, only US dollar amounts are supported."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {"currency_code": "currencyCode"}
