"""The CartAuthTicketRequest model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset


@dataclass(slots=True, kw_only=True)
class CartAuthTicketRequest:
    """A CartAuthTicketRequest object."""

    cart_id: str | None | Unset = UNSET
    """Cart Id of the user."""
    account_id: int | Unset = UNSET
    """Account Id of the user."""
    user_id: str | None | Unset = UNSET
    """User Id of the user."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset({"cartId", "accountId", "userId"})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CartAuthTicketRequest:
        """Build a CartAuthTicketRequest from a decoded JSON object."""
        return cls(
            cart_id=data.get("cartId", UNSET),
            account_id=data.get("accountId", UNSET),
            user_id=data.get("userId", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CartAuthTicketRequest; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.cart_id is not UNSET:
            data["cartId"] = self.cart_id
        if self.account_id is not UNSET:
            data["accountId"] = self.account_id
        if self.user_id is not UNSET:
            data["userId"] = self.user_id
        data.update(self.additional_properties)
        return data
