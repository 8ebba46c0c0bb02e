"""The AdminUserAuditInfo model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset


@dataclass(slots=True, kw_only=True)
class AdminUserAuditInfo(Model):
    """The AdminUserAuditInfo object."""

    update_date: datetime | Unset | None = UNSET
    create_date: datetime | Unset | None = UNSET
    update_by: str | Unset | None = UNSET
    create_by: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "update_date": "updateDate",
        "create_date": "createDate",
        "update_by": "updateBy",
        "create_by": "createBy",
    }
