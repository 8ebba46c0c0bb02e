"""Kibo Customer: Impersonate Cart.

A typed client generated from the API's OpenAPI description: operations live
in `impersonatecart_client.api`, data models in `impersonatecart_client.models`.
"""

from ._runtime import UNSET, Unset
from .client import SERVER_URL, Client, server_url
from .errors import ApiError, DecodeError, UnexpectedStatus

__all__ = [
    "UNSET",
    "ApiError",
    "Client",
    "DecodeError",
    "SERVER_URL",
    "UnexpectedStatus",
    "Unset",
    "server_url",
]
