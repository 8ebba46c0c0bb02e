"""Build stage, security: the spec's securitySchemes and requirements as ir values.

Each scheme becomes one credential keyword of the generated client: `token`
for bearer (and, as bearer tokens, OAuth2 and OpenID Connect), `api_key` for
an API key in a header, query or cookie, `basic_auth` for a user name and
password. Several schemes of one kind get the scheme's name as a prefix. A
spec that declares no scheme gets one bearer `token` sent to every
operation, so its client can still authenticate. Nothing here writes code.
"""

from __future__ import annotations

from typing import Any

from . import ir
from .names import NameRegistry, python_name
from .schemas import mapping, text

__all__ = ["build_requirements", "build_security_schemes"]

# Keywords the generated client already takes.
_CLIENT_KEYWORDS = frozenset(
    {"self", "base_url", "timeout", "retry", "headers", "httpx_client", "credentials"}
)
_BASE_NAMES = {"bearer": "token", "basic": "basic_auth"}
_API_KEY_PLACES = ("header", "query", "cookie")
_BEARER_NOTE = "A token, sent in the Authorization header as a bearer token."
_NO_SCHEME_NOTE = (
    "The spec declares no security scheme; the token is sent to every "
    "operation in the Authorization header as a bearer token."
)


def build_security_schemes(spec: dict[str, Any]) -> tuple[ir.SecurityScheme, ...]:
    """Return the schemes the client can send, in spec order."""
    raw = mapping(mapping(spec.get("components")).get("securitySchemes"))
    usable = [
        (str(name), kind)
        for name, scheme in raw.items()
        if (kind := _kind(mapping(scheme))) is not None
    ]
    if not raw:
        fallback = ir.SecurityScheme(
            "bearer", "bearer", "", "token", "", _NO_SCHEME_NOTE
        )
        return (fallback,)

    bases = [_BASE_NAMES.get(kind[0], "api_key") for _, kind in usable]
    names = NameRegistry(_CLIENT_KEYWORDS)
    schemes = []
    for (name, kind), base in zip(usable, bases, strict=True):
        keyword = base if bases.count(base) == 1 else f"{python_name(name)}_{base}"
        scheme = mapping(raw[name])
        schemes.append(
            ir.SecurityScheme(
                name=name,
                kind=kind[0],
                key=kind[1],
                python_name=names.claim(keyword),
                description=text(scheme.get("description")),
                note=kind[2],
            )
        )
    return tuple(schemes)


def _kind(scheme: dict[str, Any]) -> tuple[str, str, str] | None:
    """Return (kind, key, note) for a scheme, or None when no client can send it."""
    scheme_type = text(scheme.get("type"))
    if scheme_type == "apiKey":
        place, key = text(scheme.get("in")), text(scheme.get("name"))
        if place not in _API_KEY_PLACES or not key:
            return None
        where = {"header": "header", "query": "query parameter", "cookie": "cookie"}
        return place, key, f"An API key, sent as the {key!r} {where[place]}."
    if scheme_type == "http":
        http_scheme = text(scheme.get("scheme")).lower()
        if http_scheme == "basic":
            return "basic", "", "A (user name, password) pair, sent as basic auth."
        if http_scheme == "bearer":
            return "bearer", "", _BEARER_NOTE
        return None
    if scheme_type in ("oauth2", "openIdConnect"):
        note = (
            f"An access token from this {scheme_type} scheme's flow (which "
            f"the client does not run). {_BEARER_NOTE}"
        )
        return "bearer", "", note
    return None


def build_requirements(raw: Any, schemes: tuple[ir.SecurityScheme, ...]) -> ir.Security:
    """Return the requirement sets the client can meet, in spec order.

    An empty set (`{}`) means no credentials are needed. A set naming a
    scheme the client cannot send is left out. Without declared schemes,
    every operation may send the fallback token.
    """
    if len(schemes) == 1 and schemes[0].note == _NO_SCHEME_NOTE:
        return (("bearer",),)
    known = {scheme.name for scheme in schemes}
    requirements = []
    for entry in raw if isinstance(raw, list) else []:
        names = tuple(str(name) for name in mapping(entry))
        if all(name in known for name in names):
            requirements.append(names)
    return tuple(dict.fromkeys(requirements))
