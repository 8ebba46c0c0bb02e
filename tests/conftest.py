"""Shared paths and fixtures for the test suite.

The checked-in client under generated/ is put first on sys.path, so the
end-to-end tests exercise exactly the code that is committed.

Property tests run without hypothesis's time limits: the machines CI uses
are shared, and a slow draw or example there measures the load, not the
code. How many examples each test runs is unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "specs" / "impersonatecart.yaml"
GENERATED = REPO / "generated" / "impersonatecart-client"

sys.path.insert(0, str(GENERATED))

settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")


@pytest.fixture
def repo() -> Path:
    """Return the repository root."""
    return REPO


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def _user_cache(_session_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the generator's user cache of every test in a temporary folder.

    Commands run by the tests (in process or as subprocesses) then never read
    or write the cache of the person running them.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))
    return _session_cache / "generator"
