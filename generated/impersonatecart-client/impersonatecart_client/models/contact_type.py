"""The ContactType model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset


@dataclass(slots=True, kw_only=True)
class ContactType(Model):
    """The ContactType object."""

    name: str | Unset | None = UNSET
    is_primary: bool | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {"is_primary": "isPrimary"}
