"""Kibo Customer: Impersonate Cart.

A typed client generated from the API's OpenAPI description: operations live
in `impersonatecart_client.api`, data models in `impersonatecart_client.models`, errors in
`impersonatecart_client.errors`. Send operations with a `Client` (or an `AsyncClient`).
"""

from ._call import Response
from ._runtime import UNSET, Unset
from .client import SERVER_URL, AsyncClient, Client, Retry, server_url
from .errors import ApiError, DecodeError, UnexpectedStatus

__all__ = [
    "SERVER_URL",
    "UNSET",
    "ApiError",
    "AsyncClient",
    "Client",
    "DecodeError",
    "Response",
    "Retry",
    "UnexpectedStatus",
    "Unset",
    "server_url",
]
