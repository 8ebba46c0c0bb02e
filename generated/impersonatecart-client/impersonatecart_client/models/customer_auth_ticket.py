"""The CustomerAuthTicket model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump, parse_datetime
from .customer_account import CustomerAccount


@dataclass(slots=True, kw_only=True)
class CustomerAuthTicket:
    """A CustomerAuthTicket object."""

    customer_account: CustomerAccount | Unset = UNSET
    access_token: str | None | Unset = field(default=UNSET, repr=False)
    access_token_expiration: datetime | Unset = UNSET
    refresh_token: str | None | Unset = field(default=UNSET, repr=False)
    refresh_token_expiration: datetime | Unset = UNSET
    user_id: str | None | Unset = UNSET
    jwt_access_token: str | None | Unset = field(default=UNSET, repr=False)
    requires_2fa: bool | Unset = UNSET
    """Whether the customer must complete two-factor authentication before the ticket is
    usable.
    """
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {
            "customerAccount",
            "accessToken",
            "accessTokenExpiration",
            "refreshToken",
            "refreshTokenExpiration",
            "userId",
            "jwtAccessToken",
            "requires2FA",
        }
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerAuthTicket:
        """Build a CustomerAuthTicket from a decoded JSON object."""
        return cls(
            customer_account=convert(
                data.get("customerAccount", UNSET), CustomerAccount.from_dict
            ),
            access_token=data.get("accessToken", UNSET),
            access_token_expiration=convert(
                data.get("accessTokenExpiration", UNSET), parse_datetime
            ),
            refresh_token=data.get("refreshToken", UNSET),
            refresh_token_expiration=convert(
                data.get("refreshTokenExpiration", UNSET), parse_datetime
            ),
            user_id=data.get("userId", UNSET),
            jwt_access_token=data.get("jwtAccessToken", UNSET),
            requires_2fa=data.get("requires2FA", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CustomerAuthTicket; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.customer_account is not UNSET:
            data["customerAccount"] = dump(self.customer_account)
        if self.access_token is not UNSET:
            data["accessToken"] = self.access_token
        if self.access_token_expiration is not UNSET:
            data["accessTokenExpiration"] = dump(self.access_token_expiration)
        if self.refresh_token is not UNSET:
            data["refreshToken"] = self.refresh_token
        if self.refresh_token_expiration is not UNSET:
            data["refreshTokenExpiration"] = dump(self.refresh_token_expiration)
        if self.user_id is not UNSET:
            data["userId"] = self.user_id
        if self.jwt_access_token is not UNSET:
            data["jwtAccessToken"] = self.jwt_access_token
        if self.requires_2fa is not UNSET:
            data["requires2FA"] = self.requires_2fa
        data.update(self.additional_properties)
        return data
