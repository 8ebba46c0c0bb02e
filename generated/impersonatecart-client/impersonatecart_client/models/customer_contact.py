"""The CustomerContact model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump, list_of
from .admin_user_audit_info import AdminUserAuditInfo
from .commerce_runtime_address import CommerceRuntimeAddress
from .commerce_runtime_phone import CommerceRuntimePhone
from .contact_type import ContactType


@dataclass(slots=True, kw_only=True)
class CustomerContact:
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

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {
            "accountId",
            "types",
            "auditInfo",
            "faxNumber",
            "label",
            "id",
            "email",
            "firstName",
            "middleNameOrInitial",
            "lastNameOrSurname",
            "companyOrOrganization",
            "phoneNumbers",
            "address",
        }
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerContact:
        """Build a CustomerContact from a decoded JSON object."""
        return cls(
            account_id=data.get("accountId", UNSET),
            types=convert(data.get("types", UNSET), list_of(ContactType.from_dict)),
            audit_info=convert(
                data.get("auditInfo", UNSET), AdminUserAuditInfo.from_dict
            ),
            fax_number=data.get("faxNumber", UNSET),
            label=data.get("label", UNSET),
            id=data.get("id", UNSET),
            email=data.get("email", UNSET),
            first_name=data.get("firstName", UNSET),
            middle_name_or_initial=data.get("middleNameOrInitial", UNSET),
            last_name_or_surname=data.get("lastNameOrSurname", UNSET),
            company_or_organization=data.get("companyOrOrganization", UNSET),
            phone_numbers=convert(
                data.get("phoneNumbers", UNSET), CommerceRuntimePhone.from_dict
            ),
            address=convert(
                data.get("address", UNSET), CommerceRuntimeAddress.from_dict
            ),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CustomerContact; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.account_id is not UNSET:
            data["accountId"] = self.account_id
        if self.types is not UNSET:
            data["types"] = dump(self.types)
        if self.audit_info is not UNSET:
            data["auditInfo"] = dump(self.audit_info)
        if self.fax_number is not UNSET:
            data["faxNumber"] = self.fax_number
        if self.label is not UNSET:
            data["label"] = self.label
        if self.id is not UNSET:
            data["id"] = self.id
        if self.email is not UNSET:
            data["email"] = self.email
        if self.first_name is not UNSET:
            data["firstName"] = self.first_name
        if self.middle_name_or_initial is not UNSET:
            data["middleNameOrInitial"] = self.middle_name_or_initial
        if self.last_name_or_surname is not UNSET:
            data["lastNameOrSurname"] = self.last_name_or_surname
        if self.company_or_organization is not UNSET:
            data["companyOrOrganization"] = self.company_or_organization
        if self.phone_numbers is not UNSET:
            data["phoneNumbers"] = dump(self.phone_numbers)
        if self.address is not UNSET:
            data["address"] = dump(self.address)
        data.update(self.additional_properties)
        return data
