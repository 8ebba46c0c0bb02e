"""The CustomerNote model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset
from .admin_user_audit_info import AdminUserAuditInfo


@dataclass(slots=True, kw_only=True)
class CustomerNote(Model):
    """Note added to the customer account. Merchants can add internal notes, for
    example, to keep track of a customer's interests or complaints.
    """

    id: int | Unset = UNSET
    """Unique identifier of the note."""
    content: str | Unset | None = UNSET
    """Content of the note that the merchant added."""
    audit_info: AdminUserAuditInfo | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {"audit_info": "auditInfo"}
