"""Operations tagged "storefront_auth_ticket", one function each.

Call each with a `Client` first, then its keywords: `impersonate_cart(client, ...)`
returns the parsed body and `impersonate_cart.detailed(client, ...)` a `Response` with
status and headers too; `.asyncio(async_client, ...)` and `.asyncio_detailed(...)` do
the same with an `AsyncClient`.
"""

from __future__ import annotations

from .._call import Call, operation, read_json
from ..models import CartAuthTicketRequest, CustomerAuthTicket


@operation
def impersonate_cart(
    *,
    body: CartAuthTicketRequest,
    response_fields: str | None = None,
) -> Call[CustomerAuthTicket]:
    """Impersonate Cart.

    Impersonates a cart.

    Args:
        body: The request body.
        response_fields: limits which fields are returned in the response body.

    Returns:
        Success.

    Raises:
        UnexpectedStatus: The server answered with a status other than 200.
        DecodeError: The body of the response is not the declared JSON.
    """
    return Call(
        "POST",
        "/commerce/customer/authtickets/impersonatecart",
        params={"responseFields": response_fields},
        json=body.to_dict(),
        accept="application/json, text/json, text/plain",
        ok={200: read_json(CustomerAuthTicket.from_dict)},
    )
