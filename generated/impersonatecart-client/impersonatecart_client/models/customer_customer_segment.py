"""The CustomerCustomerSegment model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump
from .admin_user_audit_info import AdminUserAuditInfo


@dataclass(slots=True, kw_only=True)
class CustomerCustomerSegment:
    """A customer segment."""

    id: int | Unset = UNSET
    """Unique identifier of the customer segment."""
    code: str | None | Unset = UNSET
    """Unique identifier of the customer segment."""
    name: str | None | Unset = UNSET
    """Name of the customer segment."""
    description: str | None | Unset = UNSET
    """Description of the customer segment."""
    audit_info: AdminUserAuditInfo | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {"id", "code", "name", "description", "auditInfo"}
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerCustomerSegment:
        """Build a CustomerCustomerSegment from a decoded JSON object."""
        return cls(
            id=data.get("id", UNSET),
            code=data.get("code", UNSET),
            name=data.get("name", UNSET),
            description=data.get("description", UNSET),
            audit_info=convert(
                data.get("auditInfo", UNSET), AdminUserAuditInfo.from_dict
            ),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CustomerCustomerSegment; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.id is not UNSET:
            data["id"] = self.id
        if self.code is not UNSET:
            data["code"] = self.code
        if self.name is not UNSET:
            data["name"] = self.name
        if self.description is not UNSET:
            data["description"] = self.description
        if self.audit_info is not UNSET:
            data["auditInfo"] = dump(self.audit_info)
        data.update(self.additional_properties)
        return data
