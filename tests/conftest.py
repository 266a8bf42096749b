"""Shared fixtures: the demo corpus and the Clough & Stevenson corpus, in the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def clough_dir() -> Path:
    return ROOT / "tests" / "data" / "clough_stevenson_short_answer"
