"""The CommerceRuntimeAddress model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._runtime import UNSET, Model, Unset


@dataclass(slots=True, kw_only=True)
class CommerceRuntimeAddress(Model):
    """The CommerceRuntimeAddress object."""

    address1: str | None | Unset = UNSET
    address2: str | None | Unset = UNSET
    address3: str | None | Unset = UNSET
    address4: str | None | Unset = UNSET
    city_or_town: str | None | Unset = UNSET
    state_or_province: str | None | Unset = UNSET
    postal_or_zip_code: str | None | Unset = UNSET
    country_code: str | None | Unset = UNSET
    address_type: str | None | Unset = UNSET
    is_validated: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names = {
        "city_or_town": "cityOrTown",
        "state_or_province": "stateOrProvince",
        "postal_or_zip_code": "postalOrZipCode",
        "country_code": "countryCode",
        "address_type": "addressType",
        "is_validated": "isValidated",
    }
