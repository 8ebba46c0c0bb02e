"""The intermediate model: what the build stage makes and the render stage reads.

Vocabulary used across the generator:

- spec: the input OpenAPI document; schema: a JSON Schema node inside it.
- operation: one HTTP method on one path; parameter: its path, query or
  header input; body: its request body; response: one declared status.
- model: a schema that becomes a dataclass; field: one attribute of a model
  ("property" is kept for the spec's `properties`).
- `json_name` is a name on the wire, `python_name` the identifier we emit.

Everything here is frozen and holds tuples, so later stages cannot change what
the build stage decided. Nothing here knows about raw spec keys or templates.
"""

from __future__ import annotations

import enum

from .media import Encoding
from .records import record

__all__ = [
    "Api",
    "Body",
    "Enum",
    "EnumMember",
    "Field",
    "Kind",
    "Model",
    "Operation",
    "Parameter",
    "Response",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "TypeRef",
]


class Kind(enum.Enum):
    """The shape of a value, before nullability and optionality."""

    ANY = "any"
    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"
    DATE = "date"
    BYTES = "bytes"
    MODEL = "model"
    ENUM = "enum"
    UNION = "union"
    LIST = "list"
    DICT = "dict"


@record(frozen=True, slots=True)
class TypeRef:
    """A value type: a kind, the model or enum it names, or the type of its items.

    `nullable` is used for items of lists and values of dicts only; a field's
    or parameter's own nullability lives on the field or parameter. A union
    (oneOf/anyOf) lists its `options`, and maps `discriminator` values to
    model names in `mapping`.
    """

    kind: Kind
    model: str | None = None
    item: TypeRef | None = None
    nullable: bool = False
    options: tuple[TypeRef, ...] = ()
    discriminator: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()

    def models(self) -> tuple[str, ...]:
        """Return the names of the models and enums this type mentions."""
        if self.model is not None:
            return (self.model,)
        if self.item is not None:
            return self.item.models()
        return tuple(name for option in self.options for name in option.models())


@record(frozen=True, slots=True)
class Field:
    """One attribute of a model, mapped to one key of the JSON object.

    A `secret` field carries a credential (a token, a password); the generated
    model leaves it out of its repr, so it stays out of logs and tracebacks.
    """

    json_name: str
    python_name: str
    type: TypeRef
    required: bool
    nullable: bool
    description: str
    read_only: bool = False
    secret: bool = False


@record(frozen=True, slots=True)
class Model:
    """A schema generated as a dataclass; allOf parts are already flattened in."""

    name: str
    module: str
    pointer: str
    description: str
    fields: tuple[Field, ...]


@record(frozen=True, slots=True)
class EnumMember:
    """One allowed value of an enum and the Python name of its member."""

    python_name: str
    value: str | int


@record(frozen=True, slots=True)
class Enum:
    """A schema with a fixed set of string or integer values, as an Enum class."""

    name: str
    module: str
    pointer: str
    description: str
    members: tuple[EnumMember, ...]


@record(frozen=True, slots=True)
class Parameter:
    """A path, query or header input of an operation."""

    json_name: str
    python_name: str
    location: str
    type: TypeRef
    required: bool
    description: str
    explode: bool = True


@record(frozen=True, slots=True)
class Body:
    """The request body of an operation and how it is encoded."""

    type: TypeRef
    media_type: str
    encoding: Encoding
    required: bool
    description: str


@record(frozen=True, slots=True)
class Response:
    """One declared response: its status, media types and decoded type.

    `type` is None when the response has no body worth decoding;
    `media_types` are the declared ones the client can decode, which it
    asks for in its Accept header.
    """

    status: str
    description: str
    media_types: tuple[str, ...]
    type: TypeRef | None
    encoding: Encoding | None = None


Security = tuple[tuple[str, ...], ...]
"""Alternative sets of security scheme names; an empty set needs no credentials."""


@record(frozen=True, slots=True)
class SecurityScheme:
    """How a credential is sent: `kind` is bearer, basic, header, query or cookie.

    `key` is the header, query or cookie name of an API key; `python_name`
    the client's keyword for the credential; `note` explains a scheme the
    client maps to another kind (an OAuth2 scheme sends a bearer token).
    """

    name: str
    kind: str
    key: str
    python_name: str
    description: str
    note: str = ""


@record(frozen=True, slots=True)
class Operation:
    """One HTTP method on one path, as a function of the generated client."""

    python_name: str
    module: str
    method: str
    path: str
    pointer: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]
    security: Security | None = None
    """The operation's own requirements; None follows the document's."""

    @property
    def success(self) -> Response | None:
        """Return the first declared 2xx response, if any."""
        return next((r for r in self.responses if r.status.startswith("2")), None)


@record(frozen=True, slots=True)
class ServerVariable:
    """A `{name}` placeholder of a server URL."""

    json_name: str
    python_name: str
    default: str
    choices: tuple[str, ...]
    description: str


@record(frozen=True, slots=True)
class Server:
    """The first server of the spec, whose URL becomes the default base URL."""

    url: str
    description: str
    variables: tuple[ServerVariable, ...]


@record(frozen=True, slots=True)
class Api:
    """Everything the render stage needs to write one client package."""

    title: str
    version: str
    description: str
    package: str
    server: Server | None
    operations: tuple[Operation, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: Security = ()
