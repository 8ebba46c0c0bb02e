"""The CommerceRuntimePhone model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._runtime import UNSET, Model, Unset


@dataclass(slots=True, kw_only=True)
class CommerceRuntimePhone(Model):
    """The CommerceRuntimePhone object."""

    home: str | Unset | None = UNSET
    mobile: str | Unset | None = UNSET
    work: str | Unset | None = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""
