"""The CustomerNote model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump
from .admin_user_audit_info import AdminUserAuditInfo


@dataclass(slots=True, kw_only=True)
class CustomerNote:
    """Note added to the customer account. Merchants can add internal notes, for
    example, to keep track of a customer's interests or complaints.
    """

    id: int | Unset = UNSET
    """Unique identifier of the note."""
    content: str | None | Unset = UNSET
    """Content of the note that the merchant added."""
    audit_info: AdminUserAuditInfo | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset({"id", "content", "auditInfo"})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerNote:
        """Build a CustomerNote from a decoded JSON object."""
        return cls(
            id=data.get("id", UNSET),
            content=data.get("content", UNSET),
            audit_info=convert(
                data.get("auditInfo", UNSET), AdminUserAuditInfo.from_dict
            ),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CustomerNote; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.id is not UNSET:
            data["id"] = self.id
        if self.content is not UNSET:
            data["content"] = self.content
        if self.audit_info is not UNSET:
            data["auditInfo"] = dump(self.audit_info)
        data.update(self.additional_properties)
        return data
