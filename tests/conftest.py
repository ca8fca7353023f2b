import pytest


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once per test session."""
    from provenance.nlp import load

    return load()
