"""The vectorised filter that finds the tokens which can start a cue: a binary search of the sorted
string hashes answers what ``numpy.isin`` answers."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from provenance.extract.rules import _among

HASHES = st.integers(min_value=0, max_value=2**64 - 1)


@given(st.lists(HASHES, max_size=30), st.lists(HASHES, max_size=30), st.lists(st.integers(0, 29), max_size=10))
def test_among_is_isin(values, hashes, shared):
    # some values drawn from the hashes themselves, so that hits are tested as well as misses
    values = values + [hashes[i % len(hashes)] for i in shared] if hashes else values
    v = np.array(values, dtype="uint64")
    h = np.array(sorted(set(hashes)), dtype="uint64")
    assert _among(v, h).tolist() == np.isin(v, h).tolist()
