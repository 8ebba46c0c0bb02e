"""The CustomerAccount model."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from .._runtime import UNSET, Model, Unset
from .admin_user_audit_info import AdminUserAuditInfo
from .commerce_summary import CommerceSummary
from .customer_attribute import CustomerAttribute
from .customer_contact import CustomerContact
from .customer_customer_segment import CustomerCustomerSegment
from .customer_note import CustomerNote


@dataclass(slots=True, kw_only=True)
class CustomerAccount(Model):
    """Customer account. Customers provide contact information, view order history, and
    set email preferences on their account. Merchants can edit accounts to add internal
    notes or assign them to segments.
    """

    id: int | Unset = UNSET
    """Unique identifier of the account, also known as a customer number."""
    customer_set: str | Unset | None = UNSET
    commerce_summary: CommerceSummary | Unset = UNSET
    contacts: list[CustomerContact] | Unset | None = UNSET
    """List of contacts for this account. A customer account can have multiple contacts
    for billing and shipping addresses.
    """
    company_or_organization: str | Unset | None = UNSET
    """The company or organization name for an account."""
    notes: list[CustomerNote] | Unset | None = UNSET
    """List of notes for the account. Merchants use these internal notes, for example,
    to make a note of a customer's interests or complaints. Notes are available only
    from the merchant's view, customers cannot view these notes.
    """
    attributes: list[CustomerAttribute] | Unset | None = UNSET
    """List of attributes for the account."""
    segments: list[CustomerCustomerSegment] | Unset | None = UNSET
    """List of segments assigned to account. Merchants create segments, for example, to
    manage discounts or assign VIP status. Then they assign the account to the segment.
    An account can belong to several segments or none at all.
    """
    tax_exempt: bool | Unset = UNSET
    tax_id: str | Unset | None = UNSET
    external_id: str | Unset | None = UNSET
    audit_info: AdminUserAuditInfo | Unset = UNSET
    customer_since_date: datetime | Unset | None = UNSET
    """Date when the customer account is created."""
    account_type: str | Unset | None = UNSET
    """Type of account."""
    migration_required: bool | Unset = UNSET
    """Indicates Subscription migration is required or not."""
    email_address: str | Unset | None = UNSET
    """\"Email addresss of the customer."""
    user_name: str | Unset | None = UNSET
    """User name for the customer account."""
    first_name: str | Unset | None = UNSET
    """First name of the customer."""
    last_name: str | Unset | None = UNSET
    """Last name of the customer."""
    locale_code: str | Unset | None = UNSET
    """Locale Code."""
    user_id: str | Unset | None = UNSET
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
    last_2fa_date: datetime | Unset | None = UNSET
    """When the customer last completed two-factor authentication."""
    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Keys of the JSON object that the spec does not describe, kept as received."""

    _json_names: ClassVar[dict[str, str]] = {
        "customer_set": "customerSet",
        "commerce_summary": "commerceSummary",
        "company_or_organization": "companyOrOrganization",
        "tax_exempt": "taxExempt",
        "tax_id": "taxId",
        "external_id": "externalId",
        "audit_info": "auditInfo",
        "customer_since_date": "customerSinceDate",
        "account_type": "accountType",
        "migration_required": "migrationRequired",
        "email_address": "emailAddress",
        "user_name": "userName",
        "first_name": "firstName",
        "last_name": "lastName",
        "locale_code": "localeCode",
        "user_id": "userId",
        "is_anonymous": "isAnonymous",
        "is_locked": "isLocked",
        "is_active": "isActive",
        "accepts_marketing": "acceptsMarketing",
        "has_external_password": "hasExternalPassword",
        "last_2fa_date": "last2FaDate",
    }
