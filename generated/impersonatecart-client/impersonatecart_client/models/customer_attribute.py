"""The CustomerAttribute model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump
from .admin_user_audit_info import AdminUserAuditInfo


@dataclass(slots=True, kw_only=True)
class CustomerAttribute:
    """A CustomerAttribute object."""

    audit_info: AdminUserAuditInfo | Unset = UNSET
    fully_qualified_name: str | None | Unset = UNSET
    attribute_definition_id: int | None | Unset = UNSET
    values: list[Any] | None | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {"auditInfo", "fullyQualifiedName", "attributeDefinitionId", "values"}
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerAttribute:
        """Build a CustomerAttribute from a decoded JSON object."""
        return cls(
            audit_info=convert(
                data.get("auditInfo", UNSET), AdminUserAuditInfo.from_dict
            ),
            fully_qualified_name=data.get("fullyQualifiedName", UNSET),
            attribute_definition_id=data.get("attributeDefinitionId", UNSET),
            values=data.get("values", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CustomerAttribute; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.audit_info is not UNSET:
            data["auditInfo"] = dump(self.audit_info)
        if self.fully_qualified_name is not UNSET:
            data["fullyQualifiedName"] = self.fully_qualified_name
        if self.attribute_definition_id is not UNSET:
            data["attributeDefinitionId"] = self.attribute_definition_id
        if self.values is not UNSET:
            data["values"] = self.values
        data.update(self.additional_properties)
        return data
