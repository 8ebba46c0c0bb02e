"""Settings of one generation, gathered in one frozen object.

The CLI and the configuration reader build `Options`; every stage below them
receives it by keyword and reads no environment variables or globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Options"]


@dataclass(frozen=True, slots=True)
class Options:
    """Everything one generation needs to know besides the spec itself.

    `spec` is the input document, `output` the folder of the generated
    project, `package` the import name of the generated package.
    """

    spec: Path
    output: Path
    package: str
    strict: bool = False
