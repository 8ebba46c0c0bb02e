"""The AccountBase model."""

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
class AccountBase(Model):
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
    }
