"""The CurrencyAmount model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert


@dataclass(slots=True, kw_only=True)
class CurrencyAmount:
    """The currency code and amount of an order listed in the order history of a
    customer account. Currently, only USD is supported.
    """

    currency_code: str | None | Unset = UNSET
    """Currency code for the amount of the order. Currently, only "USD" is supported."""
    amount: float | Unset = UNSET
    """Total amount of the order. Currently, only US dollar amounts are supported."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset({"currencyCode", "amount"})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CurrencyAmount:
        """Build a CurrencyAmount from a decoded JSON object."""
        return cls(
            currency_code=data.get("currencyCode", UNSET),
            amount=convert(data.get("amount", UNSET), float),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CurrencyAmount; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.currency_code is not UNSET:
            data["currencyCode"] = self.currency_code
        if self.amount is not UNSET:
            data["amount"] = self.amount
        data.update(self.additional_properties)
        return data
