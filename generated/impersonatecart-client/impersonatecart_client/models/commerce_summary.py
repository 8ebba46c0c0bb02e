"""The CommerceSummary model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump, parse_datetime
from .currency_amount import CurrencyAmount


@dataclass(slots=True, kw_only=True)
class CommerceSummary:
    """Commerce (orders and wishlists) on a customer account which lists all the orders
    the customer has made with the order date, order amount, and status. Includes
    cancellations and returns. Also includes wishlist information.
    """

    total_order_amount: CurrencyAmount | Unset = UNSET
    order_count: int | Unset = UNSET
    """Number of orders listed in the order history of a customer account."""
    last_order_date: datetime | None | Unset = UNSET
    """When the last order was placed."""
    wishlist_count: int | Unset = UNSET
    """Number of wishlists listed in the wishlist count of a customer account."""
    visits_count: int | Unset = UNSET
    """Number of visits for this customer across the entire tenant."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {
            "totalOrderAmount",
            "orderCount",
            "lastOrderDate",
            "wishlistCount",
            "visitsCount",
        }
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CommerceSummary:
        """Build a CommerceSummary from a decoded JSON object."""
        return cls(
            total_order_amount=convert(
                data.get("totalOrderAmount", UNSET), CurrencyAmount.from_dict
            ),
            order_count=data.get("orderCount", UNSET),
            last_order_date=convert(data.get("lastOrderDate", UNSET), parse_datetime),
            wishlist_count=data.get("wishlistCount", UNSET),
            visits_count=data.get("visitsCount", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CommerceSummary; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.total_order_amount is not UNSET:
            data["totalOrderAmount"] = dump(self.total_order_amount)
        if self.order_count is not UNSET:
            data["orderCount"] = self.order_count
        if self.last_order_date is not UNSET:
            data["lastOrderDate"] = dump(self.last_order_date)
        if self.wishlist_count is not UNSET:
            data["wishlistCount"] = self.wishlist_count
        if self.visits_count is not UNSET:
            data["visitsCount"] = self.visits_count
        data.update(self.additional_properties)
        return data
