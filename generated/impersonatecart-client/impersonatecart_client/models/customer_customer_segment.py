"""The CustomerCustomerSegment model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset
from .admin_user_audit_info import AdminUserAuditInfo


@dataclass(slots=True, kw_only=True)
class CustomerCustomerSegment(Model):
    """A customer segment."""

    id: int | Unset = UNSET
    """Unique identifier of the customer segment."""
    code: str | Unset | None = UNSET
    """Unique identifier of the customer segment."""
    name: str | Unset | None = UNSET
    """Name of the customer segment."""
    description: str | Unset | None = UNSET
    """Description of the customer segment."""
    audit_info: AdminUserAuditInfo | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {"audit_info": "auditInfo"}
