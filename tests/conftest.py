"""Shared fixtures.  Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def need_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test saying what is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs {p} (the shared data folder beside the repo), which is absent")
    return p


@pytest.fixture(scope="session")
def pipeline():
    from frontwire import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def seed_records(pipeline):
    """The two seed texts, read and analysed: 11 records (10 digest stories + 1)."""
    from frontwire.ingest import read_path

    seeds = need_shared("seeds")
    stories = read_path(str(seeds))
    return [pipeline(s).to_dict() for s in stories]


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "frontwire", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)
