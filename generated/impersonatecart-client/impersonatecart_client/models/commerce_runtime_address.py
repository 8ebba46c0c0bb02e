"""The CommerceRuntimeAddress model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset


@dataclass(slots=True, kw_only=True)
class CommerceRuntimeAddress(Model):
    """The CommerceRuntimeAddress object."""

    address1: str | Unset | None = UNSET
    address2: str | Unset | None = UNSET
    address3: str | Unset | None = UNSET
    address4: str | Unset | None = UNSET
    city_or_town: str | Unset | None = UNSET
    state_or_province: str | Unset | None = UNSET
    postal_or_zip_code: str | Unset | None = UNSET
    country_code: str | Unset | None = UNSET
    address_type: str | Unset | None = UNSET
    is_validated: bool | Unset | None = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "city_or_town": "cityOrTown",
        "state_or_province": "stateOrProvince",
        "postal_or_zip_code": "postalOrZipCode",
        "country_code": "countryCode",
        "address_type": "addressType",
        "is_validated": "isValidated",
    }
