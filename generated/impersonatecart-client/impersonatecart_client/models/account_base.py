"""The AccountBase model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Unset, convert, dump, list_of, parse_datetime
from .admin_user_audit_info import AdminUserAuditInfo
from .commerce_summary import CommerceSummary
from .customer_attribute import CustomerAttribute
from .customer_contact import CustomerContact
from .customer_customer_segment import CustomerCustomerSegment
from .customer_note import CustomerNote


@dataclass(slots=True, kw_only=True)
class AccountBase:
    """Customer account. Customers provide contact information, view order history, and
    set email preferences on their account. Merchants can edit accounts to add internal
    notes or assign them to segments.
    """

    id: int | Unset = UNSET
    """Unique identifier of the account, also known as a customer number."""
    customer_set: str | None | Unset = UNSET
    commerce_summary: CommerceSummary | Unset = UNSET
    contacts: list[CustomerContact] | None | Unset = UNSET
    """List of contacts for this account. A customer account can have multiple contacts
    for billing and shipping addresses.
    """
    company_or_organization: str | None | Unset = UNSET
    """The company or organization name for an account."""
    notes: list[CustomerNote] | None | Unset = UNSET
    """List of notes for the account. Merchants use these internal notes, for example,
    to make a note of a customer's interests or complaints. Notes are available only
    from the merchant's view, customers cannot view these notes.
    """
    attributes: list[CustomerAttribute] | None | Unset = UNSET
    """List of attributes for the account."""
    segments: list[CustomerCustomerSegment] | None | Unset = UNSET
    """List of segments assigned to account. Merchants create segments, for example, to
    manage discounts or assign VIP status. Then they assign the account to the segment.
    An account can belong to several segments or none at all.
    """
    tax_exempt: bool | Unset = UNSET
    tax_id: str | None | Unset = UNSET
    external_id: str | None | Unset = UNSET
    audit_info: AdminUserAuditInfo | Unset = UNSET
    customer_since_date: datetime | None | Unset = UNSET
    """Date when the customer account is created."""
    account_type: str | None | Unset = UNSET
    """Type of account."""
    migration_required: bool | Unset = UNSET
    """Indicates Subscription migration is required or not."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _JSON_NAMES: ClassVar[frozenset[str]] = frozenset(
        {
            "id",
            "customerSet",
            "commerceSummary",
            "contacts",
            "companyOrOrganization",
            "notes",
            "attributes",
            "segments",
            "taxExempt",
            "taxId",
            "externalId",
            "auditInfo",
            "customerSinceDate",
            "accountType",
            "migrationRequired",
        }
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AccountBase:
        """Build a AccountBase from a decoded JSON object."""
        return cls(
            id=data.get("id", UNSET),
            customer_set=data.get("customerSet", UNSET),
            commerce_summary=convert(
                data.get("commerceSummary", UNSET), CommerceSummary.from_dict
            ),
            contacts=convert(
                data.get("contacts", UNSET), list_of(CustomerContact.from_dict)
            ),
            company_or_organization=data.get("companyOrOrganization", UNSET),
            notes=convert(data.get("notes", UNSET), list_of(CustomerNote.from_dict)),
            attributes=convert(
                data.get("attributes", UNSET), list_of(CustomerAttribute.from_dict)
            ),
            segments=convert(
                data.get("segments", UNSET), list_of(CustomerCustomerSegment.from_dict)
            ),
            tax_exempt=data.get("taxExempt", UNSET),
            tax_id=data.get("taxId", UNSET),
            external_id=data.get("externalId", UNSET),
            audit_info=convert(
                data.get("auditInfo", UNSET), AdminUserAuditInfo.from_dict
            ),
            customer_since_date=convert(
                data.get("customerSinceDate", UNSET), parse_datetime
            ),
            account_type=data.get("accountType", UNSET),
            migration_required=data.get("migrationRequired", UNSET),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this AccountBase; unset fields are left out."""
        data: dict[str, Any] = {}
        if self.id is not UNSET:
            data["id"] = self.id
        if self.customer_set is not UNSET:
            data["customerSet"] = self.customer_set
        if self.commerce_summary is not UNSET:
            data["commerceSummary"] = dump(self.commerce_summary)
        if self.contacts is not UNSET:
            data["contacts"] = dump(self.contacts)
        if self.company_or_organization is not UNSET:
            data["companyOrOrganization"] = self.company_or_organization
        if self.notes is not UNSET:
            data["notes"] = dump(self.notes)
        if self.attributes is not UNSET:
            data["attributes"] = dump(self.attributes)
        if self.segments is not UNSET:
            data["segments"] = dump(self.segments)
        if self.tax_exempt is not UNSET:
            data["taxExempt"] = self.tax_exempt
        if self.tax_id is not UNSET:
            data["taxId"] = self.tax_id
        if self.external_id is not UNSET:
            data["externalId"] = self.external_id
        if self.audit_info is not UNSET:
            data["auditInfo"] = dump(self.audit_info)
        if self.customer_since_date is not UNSET:
            data["customerSinceDate"] = dump(self.customer_since_date)
        if self.account_type is not UNSET:
            data["accountType"] = self.account_type
        if self.migration_required is not UNSET:
            data["migrationRequired"] = self.migration_required
        data.update(self.additional_properties)
        return data
