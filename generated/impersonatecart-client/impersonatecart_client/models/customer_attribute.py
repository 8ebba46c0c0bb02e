"""The CustomerAttribute model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset
from .admin_user_audit_info import AdminUserAuditInfo


@dataclass(slots=True, kw_only=True)
class CustomerAttribute(Model):
    """The CustomerAttribute object."""

    audit_info: AdminUserAuditInfo | Unset = UNSET
    fully_qualified_name: str | Unset | None = UNSET
    attribute_definition_id: int | Unset | None = UNSET
    values: list[Any] | Unset | None = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "audit_info": "auditInfo",
        "fully_qualified_name": "fullyQualifiedName",
        "attribute_definition_id": "attributeDefinitionId",
    }
