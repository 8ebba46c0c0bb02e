"""Generate typed Python clients from OpenAPI 3 descriptions.

The pipeline runs load -> build -> render -> format -> write; see
`generator.pipeline`. The command line lives in `generator.cli`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("generator")
except PackageNotFoundError:  # running from a source checkout without installing
    __version__ = "0.0.0+unknown"
