"""Shared paths and fixtures for the test suite.

The checked-in client under generated/ is put first on sys.path, so the
end-to-end tests exercise exactly the code that is committed.

Property tests run without hypothesis's time limits: the machines CI uses
are shared, and a slow draw or example there measures the load, not the
code. How many examples each test runs is unchanged.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

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


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError if the block runs longer than `seconds`.

    Tests of inputs built to make a naive program hang run under one, so a
    regression fails instead of stalling the suite.
    """

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
