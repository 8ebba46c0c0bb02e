"""Data models of the Kibo Customer: Impersonate Cart API, one per schema, and
enumerations.
"""

from .account_base import AccountBase
from .admin_user_audit_info import AdminUserAuditInfo
from .cart_auth_ticket_request import CartAuthTicketRequest
from .commerce_runtime_address import CommerceRuntimeAddress
from .commerce_runtime_phone import CommerceRuntimePhone
from .commerce_summary import CommerceSummary
from .contact_type import ContactType
from .currency_amount import CurrencyAmount
from .customer_account import CustomerAccount
from .customer_attribute import CustomerAttribute
from .customer_auth_ticket import CustomerAuthTicket
from .customer_contact import CustomerContact
from .customer_customer_segment import CustomerCustomerSegment
from .customer_note import CustomerNote

__all__ = [
    "AccountBase",
    "AdminUserAuditInfo",
    "CartAuthTicketRequest",
    "CommerceRuntimeAddress",
    "CommerceRuntimePhone",
    "CommerceSummary",
    "ContactType",
    "CurrencyAmount",
    "CustomerAccount",
    "CustomerAttribute",
    "CustomerAuthTicket",
    "CustomerContact",
    "CustomerCustomerSegment",
    "CustomerNote",
]
