"""Shared fixtures: the spaCy model is loaded once per test session."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The seed article lives in ../shared beside the checkout (never copied into the project).
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"


@pytest.fixture(scope="session")
def nlp():
    from provenance.nlp import load

    return load()


@pytest.fixture(scope="session")
def seed_article_path():
    path = SHARED_EXAMPLES / "000_43e97ed149c4cf71.txt"
    if not path.exists():
        pytest.skip(f"seed article not found at {path}")
    return path
