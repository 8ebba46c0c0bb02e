"""Shared paths and fixtures for the test suite.

The checked-in client under generated/ is put first on sys.path, so the
end-to-end tests exercise exactly the code that is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "specs" / "impersonatecart.yaml"
GENERATED = REPO / "generated" / "impersonatecart-client"

sys.path.insert(0, str(GENERATED))


@pytest.fixture
def repo() -> Path:
    """Return the repository root."""
    return REPO
