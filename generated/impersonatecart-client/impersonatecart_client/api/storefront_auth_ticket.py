"""Operations tagged 'storefront_auth_ticket', one function each."""

from __future__ import annotations

from typing import Any

from .._runtime import decode_json
from ..client import Client
from ..errors import UnexpectedStatus
from ..models import CartAuthTicketRequest, CustomerAuthTicket


def impersonate_cart(
    client: Client,
    *,
    body: CartAuthTicketRequest,
    response_fields: str | None = None,
) -> CustomerAuthTicket:
    """Impersonate Cart.

    Impersonates a cart.

    Args:
        client: The client that sends the request.
        body: The request body.
        response_fields: limits which fields are returned in the response body.

    Returns:
        Success.

    Raises:
        UnexpectedStatus: The server answered with a status other than 200.
        DecodeError: The body of the response is not valid JSON.
    """
    params: dict[str, Any] = {}
    if response_fields is not None:
        params["responseFields"] = response_fields
    response = client.request(
        "POST",
        "/commerce/customer/authtickets/impersonatecart",
        params=params,
        json=body.to_dict(),
        accept="application/json, text/json, text/plain",
    )
    if response.status_code == 200:
        return CustomerAuthTicket.from_dict(decode_json(response))
    raise UnexpectedStatus(response)
