"""The CustomerContact model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset
from .admin_user_audit_info import AdminUserAuditInfo
from .commerce_runtime_address import CommerceRuntimeAddress
from .commerce_runtime_phone import CommerceRuntimePhone
from .contact_type import ContactType


@dataclass(slots=True, kw_only=True)
class CustomerContact(Model):
    """CustomerContact information for a customer account including the name, company,
    phone numbers, email addresses, and billing and shipping addresses (if supplied).
    """

    account_id: int | Unset = UNSET
    types: list[ContactType] | Unset | None = UNSET
    audit_info: AdminUserAuditInfo | Unset = UNSET
    fax_number: str | Unset | None = UNSET
    label: str | Unset | None = UNSET
    id: int | Unset | None = UNSET
    email: str | Unset | None = UNSET
    first_name: str | Unset | None = UNSET
    middle_name_or_initial: str | Unset | None = UNSET
    last_name_or_surname: str | Unset | None = UNSET
    company_or_organization: str | Unset | None = UNSET
    phone_numbers: CommerceRuntimePhone | Unset = UNSET
    address: CommerceRuntimeAddress | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "account_id": "accountId",
        "audit_info": "auditInfo",
        "fax_number": "faxNumber",
        "first_name": "firstName",
        "middle_name_or_initial": "middleNameOrInitial",
        "last_name_or_surname": "lastNameOrSurname",
        "company_or_organization": "companyOrOrganization",
        "phone_numbers": "phoneNumbers",
    }
