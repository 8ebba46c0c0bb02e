"""The CustomerAccount model."""

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
class CustomerAccount:
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
    email_address: str | None | Unset = UNSET
    """\"Email addresss of the customer."""
    user_name: str | None | Unset = UNSET
    """User name for the customer account."""
    first_name: str | None | Unset = UNSET
    """First name of the customer."""
    last_name: str | None | Unset = UNSET
    """Last name of the customer."""
    locale_code: str | None | Unset = UNSET
    """Locale Code."""
    user_id: str | None | Unset = UNSET
    """Unique identifier of the user who is currently logged in. This is null if the
    user is anonymous (not logged in). Unicode data with a maximum length of 55
    characters.
    """
    is_anonymous: bool | Unset = UNSET
    """Is the account Anonymous?"""
    is_locked: bool | Unset = UNSET
    """Is the account locked?"""
    is_active: bool | Unset = UNSET
    """Is the account active?"""
    accepts_marketing: bool | Unset = UNSET
    """If true, the customer prefers to receive marketing material such as newsletters
    or email offers.
    """
    has_external_password: bool | Unset = UNSET
    """Indicates if an external password is set on this account."""
    last_2fa_date: datetime | None | Unset = UNSET
    """When the customer last completed two-factor authentication."""
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
            "emailAddress",
            "userName",
            "firstName",
            "lastName",
            "localeCode",
            "userId",
            "isAnonymous",
            "isLocked",
            "isActive",
            "acceptsMarketing",
            "hasExternalPassword",
            "last2FaDate",
        }
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerAccount:
        """Build a CustomerAccount from a decoded JSON object."""
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
            email_address=data.get("emailAddress", UNSET),
            user_name=data.get("userName", UNSET),
            first_name=data.get("firstName", UNSET),
            last_name=data.get("lastName", UNSET),
            locale_code=data.get("localeCode", UNSET),
            user_id=data.get("userId", UNSET),
            is_anonymous=data.get("isAnonymous", UNSET),
            is_locked=data.get("isLocked", UNSET),
            is_active=data.get("isActive", UNSET),
            accepts_marketing=data.get("acceptsMarketing", UNSET),
            has_external_password=data.get("hasExternalPassword", UNSET),
            last_2fa_date=convert(data.get("last2FaDate", UNSET), parse_datetime),
            additional_properties={
                key: value for key, value in data.items() if key not in cls._JSON_NAMES
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object of this CustomerAccount; unset fields are left out."""
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
        if self.email_address is not UNSET:
            data["emailAddress"] = self.email_address
        if self.user_name is not UNSET:
            data["userName"] = self.user_name
        if self.first_name is not UNSET:
            data["firstName"] = self.first_name
        if self.last_name is not UNSET:
            data["lastName"] = self.last_name
        if self.locale_code is not UNSET:
            data["localeCode"] = self.locale_code
        if self.user_id is not UNSET:
            data["userId"] = self.user_id
        if self.is_anonymous is not UNSET:
            data["isAnonymous"] = self.is_anonymous
        if self.is_locked is not UNSET:
            data["isLocked"] = self.is_locked
        if self.is_active is not UNSET:
            data["isActive"] = self.is_active
        if self.accepts_marketing is not UNSET:
            data["acceptsMarketing"] = self.accepts_marketing
        if self.has_external_password is not UNSET:
            data["hasExternalPassword"] = self.has_external_password
        if self.last_2fa_date is not UNSET:
            data["last2FaDate"] = dump(self.last_2fa_date)
        data.update(self.additional_properties)
        return data
