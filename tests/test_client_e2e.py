"""End-to-end tests of the generated client against a real HTTP server.

Each test starts a small `http.server` on 127.0.0.1 (port 0) in a background
thread. The server records every request it receives (method, path, query,
headers, body) and answers with whatever status, content type and body the
test configured. The client under test is the checked-in package under
generated/impersonatecart-client, which conftest.py puts first on sys.path.

Nothing here talks to any other host: the spec's default server URL is only
compared as text in the server_url() tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from loopback import RecordingServer, Reply, recording_server

from impersonatecart_client import (
    UNSET,
    ApiError,
    Client,
    DecodeError,
    UnexpectedStatus,
    server_url,
)
from impersonatecart_client.api.storefront_auth_ticket import impersonate_cart
from impersonatecart_client.models import (
    AdminUserAuditInfo,
    CartAuthTicketRequest,
    CommerceRuntimeAddress,
    CommerceRuntimePhone,
    CommerceSummary,
    ContactType,
    CurrencyAmount,
    CustomerAccount,
    CustomerAttribute,
    CustomerAuthTicket,
    CustomerContact,
    CustomerCustomerSegment,
    CustomerNote,
)

OPERATION_PATH = "/commerce/customer/authtickets/impersonatecart"
PREFIX = "/api"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbi0xNyJ9.s1gn4ture-0f-adm1n"

UTC = timezone.utc


def tz(hours: int, minutes: int = 0) -> timezone:
    """Return the fixed offset `hours:minutes` (both negative west of UTC)."""
    return timezone(timedelta(hours=hours, minutes=minutes))


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    yield from recording_server()


@pytest.fixture
def client(server: RecordingServer) -> Iterator[Client]:
    with Client(server.origin + PREFIX, token=TOKEN, timeout=5.0) as api_client:
        yield api_client


# ---------------------------------------------------------------------------
# A full response, shaped like the API reference page, every field filled
# ---------------------------------------------------------------------------


def audit(create: str, update: str, *, by: str = "admin@acme-outfitters.com") -> Any:
    return {
        "createBy": by,
        "createDate": create,
        "updateBy": "storefront-sync",
        "updateDate": update,
    }


FULL_TICKET: dict[str, Any] = {
    "accessToken": "7d1f6c2e9b8a4c37a5e0f3b2d1c49e88",
    "accessTokenExpiration": "2024-03-15T14:30:00Z",
    "customerAccount": {
        "accountType": "B2C",
        "attributes": [
            {
                "attributeDefinitionId": 17,
                "auditInfo": audit(
                    "2021-05-01T08:00:00.123Z", "2024-01-10T09:15:30.1234567+02:00"
                ),
                "fullyQualifiedName": "tenant~loyalty-tier",
                "values": ["gold", 3, 4.75, True, None, {"since": 2021}, ["a", "b"]],
            },
            {
                "attributeDefinitionId": 23,
                "auditInfo": audit("2022-11-30T23:59:59Z", "2022-11-30T23:59:59Z"),
                "fullyQualifiedName": "tenant~preferred-store",
                "values": ["store-0042"],
            },
        ],
        "auditInfo": audit(
            "2019-07-04T12:00:00+05:30", "2024-03-15T14:29:58.250-07:00"
        ),
        "commerceSummary": {
            "lastOrderDate": "2024-02-28T18:45:12.5-05:00",
            "orderCount": 42,
            # An integer, as on the reference page: the double still reads as float.
            "totalOrderAmount": {"amount": 1250, "currencyCode": "USD"},
            "visitsCount": 318,
            "wishlistCount": 3,
        },
        "companyOrOrganization": "Acme Outfitters",
        "contacts": [
            {
                "accountId": 1001,
                "address": {
                    "address1": "742 Evergreen Terrace",
                    "address2": "Apt 2B",
                    "address3": "Building C",
                    "address4": "c/o Front Desk",
                    "addressType": "Residential",
                    "cityOrTown": "Springfield",
                    "countryCode": "US",
                    "isValidated": True,
                    "postalOrZipCode": "97403",
                    "stateOrProvince": "OR",
                },
                "auditInfo": audit("2019-07-04T12:05:00Z", "2023-06-01T10:00:00Z"),
                "companyOrOrganization": "Acme Outfitters",
                "email": "jane.doe@example.com",
                "faxNumber": "+1-541-555-0199",
                "firstName": "Jane",
                "id": 501,
                "label": "Home",
                "lastNameOrSurname": "Doe",
                "middleNameOrInitial": "Q",
                "phoneNumbers": {
                    "home": "+1-541-555-0100",
                    "mobile": "+1-541-555-0101",
                    "work": "+1-541-555-0102",
                },
                "types": [
                    {"isPrimary": True, "name": "Billing"},
                    {"isPrimary": False, "name": "Shipping"},
                ],
            },
            {
                "accountId": 1001,
                "address": {
                    "address1": "1 Market Street",
                    "address2": "Floor 12",
                    "address3": "Suite 1200",
                    "address4": "Attn: Receiving",
                    "addressType": "Commercial",
                    "cityOrTown": "San Francisco",
                    "countryCode": "US",
                    "isValidated": False,
                    "postalOrZipCode": "94105",
                    "stateOrProvince": "CA",
                },
                "auditInfo": audit(
                    "2020-01-15T08:30:00.000+00:00", "2024-02-01T16:45:00.9876543Z"
                ),
                "companyOrOrganization": "Acme Outfitters HQ",
                "email": "jane.doe@acme-outfitters.com",
                "faxNumber": "+1-415-555-0150",
                "firstName": "Jane",
                "id": 502,
                "label": "Office",
                "lastNameOrSurname": "Doe",
                "middleNameOrInitial": "Quinn",
                "phoneNumbers": {
                    "home": "+1-415-555-0160",
                    "mobile": "+1-415-555-0161",
                    "work": "+1-415-555-0162",
                },
                "types": [{"isPrimary": True, "name": "Shipping"}],
            },
        ],
        "customerSet": "default",
        "customerSinceDate": "2019-07-04T12:00:00+05:30",
        "externalId": "CRM-000123",
        "id": 1001,
        "migrationRequired": False,
        "notes": [
            {
                "auditInfo": audit(
                    "2023-09-12T10:11:12.345+01:00", "2023-09-12T10:11:12Z"
                ),
                "content": "Prefers to be contacted by phone after 5pm.",
                "id": 9001,
            }
        ],
        "segments": [
            {
                "auditInfo": audit("2020-03-01T00:00:00Z", "2024-01-01T00:00:00Z"),
                "code": "VIP",
                "description": "Customers with more than $1,000 lifetime spend",
                "id": 12,
                "name": "VIP customers",
            }
        ],
        "taxExempt": False,
        "taxId": "93-1234567",
        "acceptsMarketing": True,
        "emailAddress": "jane.doe@example.com",
        "firstName": "Jane",
        "hasExternalPassword": False,
        "isActive": True,
        "isAnonymous": False,
        "isLocked": False,
        "last2FaDate": "2024-03-15T13:58:07.1234567-03:30",
        "lastName": "Doe",
        "localeCode": "en-US",
        "userId": "c2f0a8e6b1d94e7f",
        "userName": "jane.doe",
    },
    "jwtAccessToken": "eyJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50SWQiOjEwMDF9.c2lnbmF0dXJl",
    "refreshToken": "3b9e5a1c0f7d4e2a8c6b9d0e1f2a3b4c",
    "refreshTokenExpiration": "2024-04-14T14:30:00.1234567+02:00",
    "requires2FA": True,
    "userId": "c2f0a8e6b1d94e7f",
}


def assert_moment(
    value: object,
    expected: datetime,
) -> None:
    """Check a parsed date-time: type, wall-clock fields, microseconds and offset."""
    assert isinstance(value, datetime)
    assert value.tzinfo is not None
    assert expected.tzinfo is not None
    assert value.utcoffset() == expected.utcoffset()
    assert value.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert value.microsecond == expected.microsecond


def assert_exact_type(value: object, expected_type: type, expected: object) -> None:
    """Check the exact type (so a bool is not an int) and the value."""
    assert type(value) is expected_type, (value, expected_type)
    assert value == expected


def assert_audit(
    info: object, created: datetime, updated: datetime, *, by: str
) -> None:
    assert isinstance(info, AdminUserAuditInfo)
    assert_exact_type(info.create_by, str, by)
    assert_exact_type(info.update_by, str, "storefront-sync")
    assert_moment(info.create_date, created)
    assert_moment(info.update_date, updated)
    assert info.additional_properties == {}


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------


def test_impersonate_cart_posts_json_body_with_bearer_token_to_prefixed_path(
    server: RecordingServer, client: Client
) -> None:
    server.respond_json({"accessToken": "abc"})

    impersonate_cart(client, body=CartAuthTicketRequest(account_id=5))

    request = server.only_request
    assert request.method == "POST"
    assert request.path == PREFIX + OPERATION_PATH
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["content-type"] == "application/json"
    accepted = {part.strip() for part in request.headers["accept"].split(",")}
    assert {"application/json", "text/json", "text/plain"} <= accepted
    sent = json.loads(request.body)
    assert sent == {"accountId": 5}
    assert type(sent["accountId"]) is int


def test_impersonate_cart_sends_explicit_nulls_and_leaves_out_unset_fields(
    server: RecordingServer, client: Client
) -> None:
    server.respond_json({})

    impersonate_cart(
        client, body=CartAuthTicketRequest(cart_id=None, user_id="shopper-77")
    )

    assert json.loads(server.only_request.body) == {
        "cartId": None,
        "userId": "shopper-77",
    }


def test_impersonate_cart_sends_only_given_query_parameters(
    server: RecordingServer, client: Client
) -> None:
    server.respond_json({})
    fields = "accessToken,customerAccount(id,emailAddress)"

    impersonate_cart(
        client, body=CartAuthTicketRequest(account_id=5), response_fields=fields
    )
    impersonate_cart(client, body=CartAuthTicketRequest(account_id=5))

    given, omitted = server.requests
    assert given.query == {"responseFields": [fields]}
    assert omitted.raw_query == ""
    assert omitted.query == {}
    assert given.path == omitted.path == PREFIX + OPERATION_PATH


def test_base_url_with_trailing_slash_does_not_double_the_slash(
    server: RecordingServer,
) -> None:
    server.respond_json({})
    with Client(server.origin + PREFIX + "/", token=TOKEN) as api_client:
        impersonate_cart(api_client, body=CartAuthTicketRequest(account_id=5))

    assert server.only_request.path == PREFIX + OPERATION_PATH


def test_client_without_token_sends_no_authorization_header(
    server: RecordingServer,
) -> None:
    server.respond_json({})
    with Client(server.origin + PREFIX) as api_client:
        impersonate_cart(api_client, body=CartAuthTicketRequest(account_id=5))

    assert "authorization" not in server.only_request.headers


# ---------------------------------------------------------------------------
# A full response
# ---------------------------------------------------------------------------


def test_full_response_parses_every_field_to_its_type_and_value(
    server: RecordingServer, client: Client
) -> None:
    server.respond_json(FULL_TICKET)

    ticket = impersonate_cart(client, body=CartAuthTicketRequest(account_id=1001))

    assert isinstance(ticket, CustomerAuthTicket)
    assert_exact_type(ticket.access_token, str, "7d1f6c2e9b8a4c37a5e0f3b2d1c49e88")
    assert_moment(
        ticket.access_token_expiration, datetime(2024, 3, 15, 14, 30, tzinfo=UTC)
    )
    assert_exact_type(ticket.refresh_token, str, "3b9e5a1c0f7d4e2a8c6b9d0e1f2a3b4c")
    assert_moment(
        ticket.refresh_token_expiration,
        datetime(2024, 4, 14, 14, 30, 0, 123456, tzinfo=tz(2)),
    )
    assert_exact_type(ticket.user_id, str, "c2f0a8e6b1d94e7f")
    assert_exact_type(
        ticket.jwt_access_token,
        str,
        "eyJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50SWQiOjEwMDF9.c2lnbmF0dXJl",
    )
    assert_exact_type(ticket.requires_2fa, bool, True)
    assert ticket.additional_properties == {}

    account = ticket.customer_account
    assert isinstance(account, CustomerAccount)
    assert_exact_type(account.id, int, 1001)
    assert_exact_type(account.account_type, str, "B2C")
    assert_exact_type(account.customer_set, str, "default")
    assert_exact_type(account.company_or_organization, str, "Acme Outfitters")
    assert_exact_type(account.external_id, str, "CRM-000123")
    assert_exact_type(account.tax_exempt, bool, False)
    assert_exact_type(account.tax_id, str, "93-1234567")
    assert_exact_type(account.migration_required, bool, False)
    assert_exact_type(account.accepts_marketing, bool, True)
    assert_exact_type(account.email_address, str, "jane.doe@example.com")
    assert_exact_type(account.first_name, str, "Jane")
    assert_exact_type(account.last_name, str, "Doe")
    assert_exact_type(account.has_external_password, bool, False)
    assert_exact_type(account.is_active, bool, True)
    assert_exact_type(account.is_anonymous, bool, False)
    assert_exact_type(account.is_locked, bool, False)
    assert_exact_type(account.locale_code, str, "en-US")
    assert_exact_type(account.user_id, str, "c2f0a8e6b1d94e7f")
    assert_exact_type(account.user_name, str, "jane.doe")
    assert_moment(
        account.customer_since_date, datetime(2019, 7, 4, 12, tzinfo=tz(5, 30))
    )
    assert_moment(
        account.last_2fa_date,
        datetime(2024, 3, 15, 13, 58, 7, 123456, tzinfo=tz(-3, -30)),
    )
    assert_audit(
        account.audit_info,
        datetime(2019, 7, 4, 12, tzinfo=tz(5, 30)),
        datetime(2024, 3, 15, 14, 29, 58, 250000, tzinfo=tz(-7)),
        by="admin@acme-outfitters.com",
    )
    assert account.additional_properties == {}

    summary = account.commerce_summary
    assert isinstance(summary, CommerceSummary)
    assert_moment(
        summary.last_order_date,
        datetime(2024, 2, 28, 18, 45, 12, 500000, tzinfo=tz(-5)),
    )
    assert_exact_type(summary.order_count, int, 42)
    assert_exact_type(summary.visits_count, int, 318)
    assert_exact_type(summary.wishlist_count, int, 3)
    amount = summary.total_order_amount
    assert isinstance(amount, CurrencyAmount)
    assert_exact_type(amount.amount, float, 1250.0)
    assert_exact_type(amount.currency_code, str, "USD")

    assert isinstance(account.contacts, list)
    assert len(account.contacts) == 2
    home, office = account.contacts
    assert isinstance(home, CustomerContact)
    assert isinstance(office, CustomerContact)
    assert_exact_type(home.account_id, int, 1001)
    assert_exact_type(home.id, int, 501)
    assert_exact_type(home.label, str, "Home")
    assert_exact_type(home.email, str, "jane.doe@example.com")
    assert_exact_type(home.fax_number, str, "+1-541-555-0199")
    assert_exact_type(home.first_name, str, "Jane")
    assert_exact_type(home.middle_name_or_initial, str, "Q")
    assert_exact_type(home.last_name_or_surname, str, "Doe")
    assert_exact_type(home.company_or_organization, str, "Acme Outfitters")
    assert isinstance(home.address, CommerceRuntimeAddress)
    assert home.address.address1 == "742 Evergreen Terrace"
    assert home.address.address2 == "Apt 2B"
    assert home.address.address3 == "Building C"
    assert home.address.address4 == "c/o Front Desk"
    assert home.address.address_type == "Residential"
    assert home.address.city_or_town == "Springfield"
    assert home.address.country_code == "US"
    assert home.address.postal_or_zip_code == "97403"
    assert home.address.state_or_province == "OR"
    assert_exact_type(home.address.is_validated, bool, True)
    assert isinstance(home.phone_numbers, CommerceRuntimePhone)
    assert home.phone_numbers.home == "+1-541-555-0100"
    assert home.phone_numbers.mobile == "+1-541-555-0101"
    assert home.phone_numbers.work == "+1-541-555-0102"
    assert isinstance(home.types, list)
    assert all(isinstance(kind, ContactType) for kind in home.types)
    assert [(k.name, k.is_primary) for k in home.types] == [
        ("Billing", True),
        ("Shipping", False),
    ]
    assert all(type(k.is_primary) is bool for k in home.types)
    assert_audit(
        home.audit_info,
        datetime(2019, 7, 4, 12, 5, tzinfo=UTC),
        datetime(2023, 6, 1, 10, tzinfo=UTC),
        by="admin@acme-outfitters.com",
    )

    assert_exact_type(office.id, int, 502)
    assert_exact_type(office.account_id, int, 1001)
    assert office.label == "Office"
    assert office.email == "jane.doe@acme-outfitters.com"
    assert office.fax_number == "+1-415-555-0150"
    assert office.middle_name_or_initial == "Quinn"
    assert office.company_or_organization == "Acme Outfitters HQ"
    assert isinstance(office.address, CommerceRuntimeAddress)
    assert office.address.address1 == "1 Market Street"
    assert office.address.address2 == "Floor 12"
    assert office.address.address3 == "Suite 1200"
    assert office.address.address4 == "Attn: Receiving"
    assert office.address.address_type == "Commercial"
    assert office.address.city_or_town == "San Francisco"
    assert office.address.state_or_province == "CA"
    assert office.address.postal_or_zip_code == "94105"
    assert_exact_type(office.address.is_validated, bool, False)
    assert isinstance(office.phone_numbers, CommerceRuntimePhone)
    assert office.phone_numbers.home == "+1-415-555-0160"
    assert office.phone_numbers.mobile == "+1-415-555-0161"
    assert office.phone_numbers.work == "+1-415-555-0162"
    assert isinstance(office.types, list)
    assert len(office.types) == 1
    assert isinstance(office.types[0], ContactType)
    assert (office.types[0].name, office.types[0].is_primary) == ("Shipping", True)
    assert_audit(
        office.audit_info,
        datetime(2020, 1, 15, 8, 30, tzinfo=UTC),
        datetime(2024, 2, 1, 16, 45, 0, 987654, tzinfo=UTC),
        by="admin@acme-outfitters.com",
    )

    assert isinstance(account.attributes, list)
    assert len(account.attributes) == 2
    tier, store = account.attributes
    assert isinstance(tier, CustomerAttribute)
    assert isinstance(store, CustomerAttribute)
    assert_exact_type(tier.attribute_definition_id, int, 17)
    assert tier.fully_qualified_name == "tenant~loyalty-tier"
    assert tier.values == ["gold", 3, 4.75, True, None, {"since": 2021}, ["a", "b"]]
    assert isinstance(tier.values, list)
    assert [type(v) for v in tier.values] == [
        str,
        int,
        float,
        bool,
        type(None),
        dict,
        list,
    ]
    assert_audit(
        tier.audit_info,
        datetime(2021, 5, 1, 8, 0, 0, 123000, tzinfo=UTC),
        datetime(2024, 1, 10, 9, 15, 30, 123456, tzinfo=tz(2)),
        by="admin@acme-outfitters.com",
    )
    assert_exact_type(store.attribute_definition_id, int, 23)
    assert store.fully_qualified_name == "tenant~preferred-store"
    assert store.values == ["store-0042"]

    assert isinstance(account.notes, list)
    (note,) = account.notes
    assert isinstance(note, CustomerNote)
    assert_exact_type(note.id, int, 9001)
    assert note.content == "Prefers to be contacted by phone after 5pm."
    assert_audit(
        note.audit_info,
        datetime(2023, 9, 12, 10, 11, 12, 345000, tzinfo=tz(1)),
        datetime(2023, 9, 12, 10, 11, 12, tzinfo=UTC),
        by="admin@acme-outfitters.com",
    )

    assert isinstance(account.segments, list)
    (segment,) = account.segments
    assert isinstance(segment, CustomerCustomerSegment)
    assert_exact_type(segment.id, int, 12)
    assert segment.code == "VIP"
    assert segment.name == "VIP customers"
    assert segment.description == "Customers with more than $1,000 lifetime spend"
    assert_audit(
        segment.audit_info,
        datetime(2020, 3, 1, tzinfo=UTC),
        datetime(2024, 1, 1, tzinfo=UTC),
        by="admin@acme-outfitters.com",
    )


def test_full_response_to_dict_equals_the_json_the_server_sent(
    server: RecordingServer, client: Client
) -> None:
    server.respond_json(FULL_TICKET)

    ticket = impersonate_cart(client, body=CartAuthTicketRequest(account_id=1001))

    written = ticket.to_dict()
    assert written == FULL_TICKET
    account = written["customerAccount"]
    # Date-times come back as the very strings that were sent, not re-spelled.
    assert written["refreshTokenExpiration"] == "2024-04-14T14:30:00.1234567+02:00"
    assert account["last2FaDate"] == "2024-03-15T13:58:07.1234567-03:30"
    # The double written back is a float, whatever form the server used.
    assert type(account["commerceSummary"]["totalOrderAmount"]["amount"]) is float


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason", "content_type", "body"),
    [
        (404, "Not Found", "application/json", b'{"message":"Account 5 not found"}'),
        (500, "Internal Server Error", "text/plain", b"upstream exploded: ref 8c1f"),
    ],
)
def test_error_status_raises_unexpected_status_with_the_response(
    server: RecordingServer,
    client: Client,
    status: int,
    reason: str,
    content_type: str,
    body: bytes,
) -> None:
    server.reply = Reply(
        status=status,
        content_type=content_type,
        body=body,
        headers={"X-Request-Id": "req-4711"},
    )

    with pytest.raises(UnexpectedStatus) as caught:
        impersonate_cart(client, body=CartAuthTicketRequest(account_id=5))

    error = caught.value
    assert isinstance(error, ApiError)
    assert error.status_code == status
    assert error.headers["x-request-id"] == "req-4711"
    assert error.headers["content-type"] == content_type
    assert error.text == body.decode()
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == status
    assert error.response.content == body
    message = str(error)
    assert "POST" in message
    assert PREFIX + OPERATION_PATH in message
    assert f"{status} {reason}" in message
    assert body.decode() in message


def test_success_status_other_than_200_raises_unexpected_status(
    server: RecordingServer, client: Client
) -> None:
    server.reply = Reply(status=204, content_type=None, body=b"")

    with pytest.raises(UnexpectedStatus) as caught:
        impersonate_cart(client, body=CartAuthTicketRequest(account_id=5))

    assert caught.value.status_code == 204
    assert "POST" in str(caught.value)
    assert "204" in str(caught.value)


@pytest.mark.parametrize("content_type", ["text/plain", "text/json"])
def test_json_body_labelled_as_text_is_parsed(
    server: RecordingServer, client: Client, content_type: str
) -> None:
    sent = {"accessToken": "tok-1", "requires2FA": False, "userId": None}
    server.respond_json(sent, content_type=content_type)

    ticket = impersonate_cart(client, body=CartAuthTicketRequest(account_id=5))

    assert ticket.access_token == "tok-1"
    assert ticket.requires_2fa is False
    assert ticket.user_id is None
    assert ticket.to_dict() == sent


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html", b"<html><body>Bad gateway page</body></html>"),
        ("application/json", b'{"accessToken": "cut off'),
        ("application/json", b""),
    ],
)
def test_body_that_is_not_json_raises_decode_error_with_the_response(
    server: RecordingServer, client: Client, content_type: str, body: bytes
) -> None:
    server.reply = Reply(status=200, content_type=content_type, body=body)

    with pytest.raises(DecodeError) as caught:
        impersonate_cart(client, body=CartAuthTicketRequest(account_id=5))

    error = caught.value
    assert isinstance(error, ApiError)
    assert isinstance(error.response, httpx.Response)
    assert error.status_code == 200
    assert error.response.content == body
    assert error.text == body.decode()
    assert error.headers["content-type"] == content_type
    assert "POST" in str(error)
    assert PREFIX + OPERATION_PATH in str(error)
    assert "200" in str(error)


# ---------------------------------------------------------------------------
# Absent, null and unknown keys
# ---------------------------------------------------------------------------


def test_missing_optional_field_is_unset_and_null_field_is_none(
    server: RecordingServer, client: Client
) -> None:
    sent = {
        "accessToken": None,
        "userId": "c2f0a8e6b1d94e7f",
        "customerAccount": {"id": 7, "lastName": None, "contacts": None},
    }
    server.respond_json(sent)

    ticket = impersonate_cart(client, body=CartAuthTicketRequest(account_id=7))

    assert ticket.access_token is None
    assert ticket.refresh_token is UNSET
    assert ticket.access_token_expiration is UNSET
    assert ticket.requires_2fa is UNSET
    assert isinstance(ticket.customer_account, CustomerAccount)
    assert ticket.customer_account.last_name is None
    assert ticket.customer_account.contacts is None
    assert ticket.customer_account.first_name is UNSET
    assert ticket.customer_account.last_2fa_date is UNSET

    written = ticket.to_dict()
    assert written == sent
    assert "accessToken" in written
    assert written["accessToken"] is None
    assert "refreshToken" not in written
    assert "accessTokenExpiration" not in written
    assert "requires2FA" not in written
    assert written["customerAccount"]["lastName"] is None
    assert "firstName" not in written["customerAccount"]


def test_unknown_keys_are_kept_at_every_level_and_written_back(
    server: RecordingServer, client: Client
) -> None:
    sent = {
        "accessToken": "tok-2",
        "traceId": "00-4bf92f3577b34da6-00",
        "sessionHints": {"ttl": 3600, "sticky": True},
        "customerAccount": {
            "id": 9,
            "loyaltyTier": "platinum",
            "commerceSummary": {
                "orderCount": 1,
                "averageBasket": 19.99,
                "totalOrderAmount": {"amount": 19.99, "taxIncluded": True},
            },
            "contacts": [{"id": 1, "pronouns": "she/her", "types": [{"rank": 2}]}],
        },
    }
    server.respond_json(sent)

    ticket = impersonate_cart(client, body=CartAuthTicketRequest(account_id=9))

    assert ticket.additional_properties == {
        "traceId": "00-4bf92f3577b34da6-00",
        "sessionHints": {"ttl": 3600, "sticky": True},
    }
    account = ticket.customer_account
    assert isinstance(account, CustomerAccount)
    assert account.additional_properties == {"loyaltyTier": "platinum"}
    summary = account.commerce_summary
    assert isinstance(summary, CommerceSummary)
    assert summary.additional_properties == {"averageBasket": 19.99}
    assert isinstance(summary.total_order_amount, CurrencyAmount)
    assert summary.total_order_amount.additional_properties == {"taxIncluded": True}
    assert isinstance(account.contacts, list)
    contact = account.contacts[0]
    assert contact.additional_properties == {"pronouns": "she/her"}
    assert isinstance(contact.types, list)
    assert contact.types[0].additional_properties == {"rank": 2}
    assert contact.types[0].name is UNSET

    assert ticket.to_dict() == sent


# ---------------------------------------------------------------------------
# Client life cycle
# ---------------------------------------------------------------------------


def test_user_supplied_httpx_client_is_used_and_left_open_by_close(
    server: RecordingServer,
) -> None:
    server.respond_json({"accessToken": "tok-3"})
    own = httpx.Client(headers={"X-Caller": "checkout-service"})
    try:
        api_client = Client(server.origin + PREFIX, token=TOKEN, httpx_client=own)
        assert api_client.httpx_client is own

        ticket = impersonate_cart(api_client, body=CartAuthTicketRequest(account_id=5))
        api_client.close()

        assert ticket.access_token == "tok-3"
        assert server.only_request.headers["x-caller"] == "checkout-service"
        assert server.only_request.headers["authorization"] == f"Bearer {TOKEN}"
        assert not own.is_closed
        # Still usable by its owner after the generated client let go of it.
        assert own.get(server.origin + "/still-open").status_code == 200
    finally:
        own.close()
    assert server.requests[-1].path == "/still-open"


def test_client_as_context_manager_closes_its_own_httpx_client(
    server: RecordingServer,
) -> None:
    server.respond_json({})
    with Client(server.origin + PREFIX, token=TOKEN) as api_client:
        impersonate_cart(api_client, body=CartAuthTicketRequest(account_id=5))
        inner = api_client.httpx_client
        assert not inner.is_closed

    assert inner.is_closed


def test_client_repr_does_not_contain_the_token() -> None:
    api_client = Client("http://127.0.0.1:9/api", token="s3cr3t-bearer-value")

    assert "s3cr3t-bearer-value" not in repr(api_client)
    assert "s3cr3t-bearer-value" not in str(api_client)
    assert "http://127.0.0.1:9/api" in repr(api_client)


# ---------------------------------------------------------------------------
# server_url()
# ---------------------------------------------------------------------------


def test_server_url_defaults_to_the_spec_variable_defaults() -> None:
    assert server_url() == "https://t0-s0.sb.usc1.kibocommerce.com/api"


def test_server_url_substitutes_every_variable() -> None:
    url = server_url(tenant_id="23456", site_id="34567", env="tp2")

    assert url == "https://t23456-s34567.tp2.usc1.kibocommerce.com/api"


@pytest.mark.parametrize("env", ["prod", "SB", "", "sb "])
def test_server_url_rejects_env_outside_the_enum(env: str) -> None:
    with pytest.raises(ValueError, match="env"):
        server_url(env=env)
