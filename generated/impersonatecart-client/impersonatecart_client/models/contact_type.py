"""The ContactType model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset


@dataclass(slots=True, kw_only=True)
class ContactType:
    """A ContactType object."""

    name: str | None | Unset = UNSET
    is_primary: bool | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset({"name", "isPrimary"})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContactType:
        """Build a ContactType from a decoded JSON object."""
        return cls(
            name=data.get("name", UNSET),
            is_primary=data.get("isPrimary", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this ContactType; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.name is not UNSET:
            data["name"] = self.name
        if self.is_primary is not UNSET:
            data["isPrimary"] = self.is_primary
        data.update(self.additional_properties)
        return data
