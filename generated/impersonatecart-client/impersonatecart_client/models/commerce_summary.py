"""The CommerceSummary model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset
from .currency_amount import CurrencyAmount


@dataclass(slots=True, kw_only=True)
class CommerceSummary(Model):
    """Commerce (orders and wishlists) on a customer account which lists all the orders
    the customer has made with the order date, order amount, and status. Includes
    cancellations and returns. Also includes wishlist information.
    """

    total_order_amount: CurrencyAmount | Unset = UNSET
    order_count: int | Unset = UNSET
    """Number of orders listed in the order history of a customer account."""
    last_order_date: datetime | Unset | None = UNSET
    """When the last order was placed."""
    wishlist_count: int | Unset = UNSET
    """Number of wishlists listed in the wishlist count of a customer account."""
    visits_count: int | Unset = UNSET
    """Number of visits for this customer across the entire tenant."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "total_order_amount": "totalOrderAmount",
        "order_count": "orderCount",
        "last_order_date": "lastOrderDate",
        "wishlist_count": "wishlistCount",
        "visits_count": "visitsCount",
    }
