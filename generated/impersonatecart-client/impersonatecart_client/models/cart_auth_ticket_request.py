"""The CartAuthTicketRequest model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset


@dataclass(slots=True, kw_only=True)
class CartAuthTicketRequest(Model):
    """The CartAuthTicketRequest object."""

    cart_id: str | Unset | None = UNSET
    """Cart Id of the user."""
    account_id: int | Unset = UNSET
    """Account Id of the user."""
    user_id: str | Unset | None = UNSET
    """User Id of the user."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "cart_id": "cartId",
        "account_id": "accountId",
        "user_id": "userId",
    }
