"""Generate typed Python clients from OpenAPI 3 descriptions.

The pipeline runs load -> build -> render -> format -> write; see
`generator.pipeline`. The command line lives in `generator.cli`.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # `__version__` is looked up on first use: importlib.metadata takes longer
    # to import than a regeneration with nothing to format takes to run.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("generator")
    except PackageNotFoundError:  # running from a source checkout without installing
        return "0.0.0+unknown"
