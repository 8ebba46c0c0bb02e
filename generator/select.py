"""Selectors that pick a slice of a spec: `tag:`, `operation:` and `path:`.

Used by the build stage to decide which operations to generate, and by the
configuration reader and the CLI to reject a malformed selector early. A
selector matches with shell-style wildcards (`path:/commerce/customer/*`).
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from .records import record

__all__ = ["KINDS", "Selector", "parse_selector"]

KINDS = ("tag", "operation", "path")


@record(frozen=True, slots=True)
class Selector:
    """One `kind:pattern` entry of an include list."""

    kind: str
    pattern: str

    def matches(self, *, tags: list[str], name: str, path: str) -> bool:
        """Tell whether an operation with these tags, name and path is selected."""
        if self.kind == "tag":
            return any(fnmatchcase(tag.lower(), self.pattern.lower()) for tag in tags)
        if self.kind == "operation":
            return fnmatchcase(name, self.pattern)
        return fnmatchcase(path, self.pattern)

    def __str__(self) -> str:
        return f"{self.kind}:{self.pattern}"


def parse_selector(text: str) -> Selector:
    """Parse `kind:pattern`; raise ValueError with a helpful message otherwise."""
    kind, sep, pattern = text.partition(":")
    if not sep or kind not in KINDS or not pattern:
        raise ValueError(
            f"{text!r} is not a selector; use tag:<tag>, operation:<name> or "
            "path:<glob>, for example path:/commerce/customer/*"
        )
    return Selector(kind, pattern)
