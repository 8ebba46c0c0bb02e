"""The CommerceRuntimeAddress model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset


@dataclass(slots=True, kw_only=True)
class CommerceRuntimeAddress:
    """A CommerceRuntimeAddress object."""

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

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {
            "address1",
            "address2",
            "address3",
            "address4",
            "cityOrTown",
            "stateOrProvince",
            "postalOrZipCode",
            "countryCode",
            "addressType",
            "isValidated",
        }
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CommerceRuntimeAddress:
        """Build a CommerceRuntimeAddress from a decoded JSON object."""
        return cls(
            address1=data.get("address1", UNSET),
            address2=data.get("address2", UNSET),
            address3=data.get("address3", UNSET),
            address4=data.get("address4", UNSET),
            city_or_town=data.get("cityOrTown", UNSET),
            state_or_province=data.get("stateOrProvince", UNSET),
            postal_or_zip_code=data.get("postalOrZipCode", UNSET),
            country_code=data.get("countryCode", UNSET),
            address_type=data.get("addressType", UNSET),
            is_validated=data.get("isValidated", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CommerceRuntimeAddress; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.address1 is not UNSET:
            data["address1"] = self.address1
        if self.address2 is not UNSET:
            data["address2"] = self.address2
        if self.address3 is not UNSET:
            data["address3"] = self.address3
        if self.address4 is not UNSET:
            data["address4"] = self.address4
        if self.city_or_town is not UNSET:
            data["cityOrTown"] = self.city_or_town
        if self.state_or_province is not UNSET:
            data["stateOrProvince"] = self.state_or_province
        if self.postal_or_zip_code is not UNSET:
            data["postalOrZipCode"] = self.postal_or_zip_code
        if self.country_code is not UNSET:
            data["countryCode"] = self.country_code
        if self.address_type is not UNSET:
            data["addressType"] = self.address_type
        if self.is_validated is not UNSET:
            data["isValidated"] = self.is_validated
        data.update(self.additional_properties)
        return data
