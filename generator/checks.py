"""Build stage, checks: record problems at JSON pointers, and the shape of objects.

`Reporter` is how the build stage reports: it records each problem once, at
the location of a key, and turns a failed `$ref` into a collected error so
that the build goes on and one run reports every problem. The rules tables
say which fields of each OpenAPI object the build reads, the JSON type each
must have and which are required; `check_document` checks the top of the
document (`openapi`, `info`, `paths`). It decides nothing about types or names.
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostic, Diagnostics, Severity, SpecError
from .load import Document
from .refs import join_pointer, pointer_of, resolve_ref

__all__ = [
    "BODY_RULES",
    "DOCUMENT_RULES",
    "INFO_RULES",
    "OPERATION_RULES",
    "PARAMETER_RULES",
    "RESPONSE_RULES",
    "SERVER_RULES",
    "SERVER_VARIABLE_RULES",
    "TEXT_TYPES",
    "Reporter",
    "Rules",
    "check_document",
    "kind_of",
]

# What a text field of a spec may hold: YAML reads `version: 1.0` as a number.
TEXT_TYPES = (str, int, float)

# The fields of OpenAPI objects the build stage reads: name, JSON type, how a
# message names the type, and for a required field how to add it.
Rules = tuple[tuple[str, type | tuple[type, ...], str, str | None], ...]
DOCUMENT_RULES: Rules = (
    ("info", dict, "a mapping", "add info: {title: My API, version: '1.0'}"),
    ("paths", dict, "a mapping of paths to operations", None),
    ("servers", list, "a list of servers", None),
    ("components", dict, "a mapping", None),
)
INFO_RULES: Rules = (
    ("title", TEXT_TYPES, "text", "add the API's name: title: My API"),
    ("version", TEXT_TYPES, "text", "add the API's version: version: '1.0'"),
    ("description", TEXT_TYPES, "text", None),
)
OPERATION_RULES: Rules = (
    ("tags", list, "a list of tag names", None),
    ("summary", TEXT_TYPES, "text", None),
    ("description", TEXT_TYPES, "text", None),
    ("operationId", TEXT_TYPES, "text", None),
    ("parameters", list, "a list of parameters", None),
    ("requestBody", dict, "a request body", None),
    ("responses", dict, "a mapping of statuses to responses", None),
)
PARAMETER_RULES: Rules = (
    ("name", str, "a string", "add the name it has on the wire: name: id"),
    ("in", str, "a string", "add where it goes: in: query (or path, header, cookie)"),
    ("description", TEXT_TYPES, "text", None),
    ("required", bool, "true or false", None),
    ("schema", (dict, bool), "a schema", None),
    ("style", str, "a style name such as 'form'", None),
    ("explode", bool, "true or false", None),
)
BODY_RULES: Rules = (
    ("content", dict, "a mapping of media types to schemas", None),
    ("required", bool, "true or false", None),
    ("description", TEXT_TYPES, "text", None),
)
RESPONSE_RULES: Rules = (
    ("content", dict, "a mapping of media types to schemas", None),
    ("description", TEXT_TYPES, "text", None),
)
SERVER_RULES: Rules = (
    ("url", str, "a string", "add the base URL: url: https://api.example.com"),
    ("description", TEXT_TYPES, "text", None),
    ("variables", dict, "a mapping of names to variables", None),
)
SERVER_VARIABLE_RULES: Rules = (
    ("default", TEXT_TYPES, "text", "add the value used when none is given"),
    ("enum", list, "a list of values", None),
    ("description", TEXT_TYPES, "text", None),
)


def check_document(report: Reporter, spec: Any) -> bool:
    """Record what is wrong at the top of `spec`; stop if it is no OpenAPI 3.

    Return whether the document is OpenAPI 3.0, which requires `paths` and
    `responses` (3.1 made them optional).
    """
    if not isinstance(spec, dict):
        report.error(
            "",
            "not-openapi",
            f"the document is {kind_of(spec)}, not a mapping; expected an "
            "OpenAPI 3.x object that starts with openapi: 3.0.3",
        )
        raise SpecError()
    if "swagger" in spec:
        report.error(
            "/swagger",
            "unsupported-version",
            f"this is a Swagger {spec['swagger']} document; only OpenAPI 3.0 "
            "and 3.1 are supported (convert it first, for example with "
            "swagger2openapi)",
        )
        raise SpecError()
    version = spec.get("openapi")
    supported = isinstance(version, str) and version.startswith("3.")
    if not supported:
        present = "openapi" in spec
        found = f"found {version!r}" if present else "the document has no 'openapi'"
        report.error(
            "/openapi" if present else "",
            "unsupported-version",
            f"expected 'openapi: 3.0.x' or '3.1.x' (a string), {found}",
        )
    is_30 = supported and str(version).startswith("3.0")
    report.check_object(spec, "", DOCUMENT_RULES, "the document")
    if is_30 and "paths" not in spec:
        report.error(
            "",
            "missing-field",
            "the document has no 'paths', which OpenAPI 3.0 requires; add "
            "paths: {} if it has no operations yet",
        )
    if isinstance(spec.get("info"), dict):
        report.check_object(spec["info"], "/info", INFO_RULES, "'info'")
    components = spec.get("components")
    if isinstance(components, dict):
        wanted = "a mapping of names to schemas"
        report.check_type(components, "schemas", "/components", dict, wanted)
    if not supported:
        raise SpecError()
    return is_30


class Reporter:
    """Record the problems of one document at JSON pointers, each problem once.

    A schema reached along several paths is checked on each visit; recording
    a problem once per place keeps the report as long as the list of faults.
    """

    def __init__(self, document: Document, diagnostics: Diagnostics) -> None:
        self.document = document
        self.diagnostics = diagnostics
        self._seen: set[tuple[Severity, str, str, str, str]] = set()
        self._cycles: set[frozenset[str]] = set()

    def error(
        self, pointer: str, code: str, message: str, *, at_key: bool = False
    ) -> None:
        """Record an error at `pointer` (a key of the document).

        With `at_key`, the location is the mapping key the pointer ends in.
        """
        self._add(Severity.ERROR, code, message, pointer, at_key=at_key)

    def warning(self, pointer: str, code: str, message: str) -> None:
        """Record a warning at `pointer` (a key of the document)."""
        self._add(Severity.WARNING, code, message, pointer, at_key=False)

    def record(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic made elsewhere, such as a `$ref` error."""
        loc = diagnostic.location
        key = _seen_key(
            diagnostic.severity,
            diagnostic.code,
            loc.file,
            loc.pointer,
            diagnostic.message,
        )
        if key not in self._seen:
            self._seen.add(key)
            self.diagnostics.items.append(diagnostic)

    def resolve(self, value: Any, key: str) -> tuple[Any, str] | None:
        """Follow `$ref`s from `value`; record why and return None if they fail."""
        try:
            return resolve_ref(self.document, value, key)
        except SpecError as exc:
            if exc.diagnostic is None:
                raise
            if exc.cycle:
                if exc.cycle in self._cycles:
                    return None  # reported when it was first entered
                self._cycles.add(exc.cycle)
            self.record(exc.diagnostic)
            return None

    def expect_mapping(self, value: Any, pointer: str, what: str) -> bool:
        """Tell whether `value` is a mapping; if not, record that `what` must be."""
        if isinstance(value, dict):
            return True
        self.error(
            pointer, "bad-type", f"{what} must be a mapping, found {kind_of(value)}"
        )
        return False

    def check_type(
        self,
        parent: dict[str, Any],
        key: str,
        pointer: str,
        expected: type | tuple[type, ...],
        wanted: str,
    ) -> bool:
        """Tell whether `parent[key]`, if present, has the expected JSON type.

        If it has not, record a `bad-type` error that names what was found.
        """
        value = parent.get(key)
        if key not in parent or _is_instance(value, expected):
            return True
        self.error(
            join_pointer(pointer, key),
            "bad-type",
            f"{key!r} must be {wanted}, found {kind_of(value)}",
        )
        return False

    def check_object(
        self, value: dict[str, Any], pointer: str, rules: Rules, what: str
    ) -> bool:
        """Record each missing required field and wrongly typed field of `value`.

        Return whether every required field is there with the right type.
        """
        usable = True
        for key, expected, wanted, fix in rules:
            if key not in value and fix is not None:
                self.error(
                    pointer,
                    "missing-field",
                    f"{what} has no {key!r}, which OpenAPI requires; {fix}",
                )
                usable = False
            elif not self.check_type(value, key, pointer, expected, wanted) and (
                fix is not None
            ):
                usable = False
        return usable

    def _add(
        self, severity: Severity, code: str, message: str, key: str, *, at_key: bool
    ) -> None:
        file = self.document.document_at(key)[0].display_name
        if _seen_key(severity, code, file, pointer_of(key), message) in self._seen:
            return
        location = self.document.location(key, at_key=at_key)
        self.record(Diagnostic(severity, code, message, location))


def _seen_key(
    severity: Severity, code: str, file: str, pointer: str, message: str
) -> tuple[Severity, str, str, str, str]:
    """Return what makes a problem the same problem as one already recorded.

    One value is wrong in one way: a second complaint about it (from a check
    of the parent and then of the value itself) repeats the first. An object
    can lack several fields, though, and each missing one is its own fault.
    """
    return (severity, code, file, pointer, message if code == "missing-field" else "")


def _is_instance(value: Any, expected: type | tuple[type, ...]) -> bool:
    # JSON has no separate booleans and numbers in Python: True is an int.
    if isinstance(value, bool) and bool not in _types(expected):
        return False
    return isinstance(value, expected)


def _types(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def kind_of(value: Any) -> str:
    """Return how a message names the JSON type of `value`: `a list`, `null`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a string ({_excerpt(value)})"
    return "a list" if isinstance(value, list) else "a mapping"


def _excerpt(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")
