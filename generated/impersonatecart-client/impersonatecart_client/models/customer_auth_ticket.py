"""The CustomerAuthTicket model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset
from .customer_account import CustomerAccount


@dataclass(slots=True, kw_only=True)
class CustomerAuthTicket(Model):
    """The CustomerAuthTicket object."""

    customer_account: CustomerAccount | Unset = UNSET
    access_token: str | Unset | None = field(default=UNSET, repr=False)
    access_token_expiration: datetime | Unset = UNSET
    refresh_token: str | Unset | None = field(default=UNSET, repr=False)
    refresh_token_expiration: datetime | Unset = UNSET
    user_id: str | Unset | None = UNSET
    jwt_access_token: str | Unset | None = field(default=UNSET, repr=False)
    requires_2fa: bool | Unset = UNSET
    """Whether the customer must complete two-factor authentication before the ticket is
    usable.
    """
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "customer_account": "customerAccount",
        "access_token": "accessToken",
        "access_token_expiration": "accessTokenExpiration",
        "refresh_token": "refreshToken",
        "refresh_token_expiration": "refreshTokenExpiration",
        "user_id": "userId",
        "jwt_access_token": "jwtAccessToken",
        "requires_2fa": "requires2FA",
    }
