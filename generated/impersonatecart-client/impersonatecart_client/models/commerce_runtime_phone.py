"""The CommerceRuntimePhone model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset


@dataclass(slots=True, kw_only=True)
class CommerceRuntimePhone:
    """A CommerceRuntimePhone object."""

    home: str | None | Unset = UNSET
    mobile: str | None | Unset = UNSET
    work: str | None | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset({"home", "mobile", "work"})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CommerceRuntimePhone:
        """Build a CommerceRuntimePhone from a decoded JSON object."""
        return cls(
            home=data.get("home", UNSET),
            mobile=data.get("mobile", UNSET),
            work=data.get("work", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CommerceRuntimePhone; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.home is not UNSET:
            data["home"] = self.home
        if self.mobile is not UNSET:
            data["mobile"] = self.mobile
        if self.work is not UNSET:
            data["work"] = self.work
        data.update(self.additional_properties)
        return data
