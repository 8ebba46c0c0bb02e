"""The CustomerContact model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    types: list[ContactType] | None | Unset = UNSET
    audit_info: AdminUserAuditInfo | Unset = UNSET
    fax_number: str | None | Unset = UNSET
    label: str | None | Unset = UNSET
    id: int | None | Unset = UNSET
    email: str | None | Unset = UNSET
    first_name: str | None | Unset = UNSET
    middle_name_or_initial: str | None | Unset = UNSET
    last_name_or_surname: str | None | Unset = UNSET
    company_or_organization: str | None | Unset = UNSET
    phone_numbers: CommerceRuntimePhone | Unset = UNSET
    address: CommerceRuntimeAddress | Unset = UNSET
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names = {
        "account_id": "accountId",
        "audit_info": "auditInfo",
        "fax_number": "faxNumber",
        "first_name": "firstName",
        "middle_name_or_initial": "middleNameOrInitial",
        "last_name_or_surname": "lastNameOrSurname",
        "company_or_organization": "companyOrOrganization",
        "phone_numbers": "phoneNumbers",
    }
