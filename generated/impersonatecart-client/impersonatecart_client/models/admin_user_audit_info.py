"""The AdminUserAuditInfo model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump, parse_datetime


@dataclass(slots=True, kw_only=True)
class AdminUserAuditInfo:
    """A AdminUserAuditInfo object."""

    update_date: datetime | None | Unset = UNSET
    create_date: datetime | None | Unset = UNSET
    update_by: str | None | Unset = UNSET
    create_by: str | None | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {"updateDate", "createDate", "updateBy", "createBy"}
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AdminUserAuditInfo:
        """Build a AdminUserAuditInfo from a decoded JSON object."""
        return cls(
            update_date=convert(data.get("updateDate", UNSET), parse_datetime),
            create_date=convert(data.get("createDate", UNSET), parse_datetime),
            update_by=data.get("updateBy", UNSET),
            create_by=data.get("createBy", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this AdminUserAuditInfo; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.update_date is not UNSET:
            data["updateDate"] = dump(self.update_date)
        if self.create_date is not UNSET:
            data["createDate"] = dump(self.create_date)
        if self.update_by is not UNSET:
            data["updateBy"] = self.update_by
        if self.create_by is not UNSET:
            data["createBy"] = self.create_by
        data.update(self.additional_properties)
        return data
