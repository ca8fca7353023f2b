"""MinHash signatures (datasketch) and the LSH band keys stored in ``lineage_bands``.

Two items are candidates when they share a band key: ``BANDS`` bands of ``ROWS`` hash values each.
With 48 bands of 2 rows, a pair whose shingle sets have Jaccard similarity 0.1 shares a band with
probability 0.38, 0.2 with 0.86, 0.3 with 0.99 (``1 - (1 - s**ROWS) ** BANDS``): loose on purpose,
since a quoted part of a long quotation shares few of its shingles, and a candidate costs one
rapidfuzz call. (32 bands of 3 rows found 42 of the 54 matched labelled pairs; 48 of 2 find 49.)
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

BANDS = 48
ROWS = 2
NUM_PERM = BANDS * ROWS
SEED = 20161108
#: datasketch's permutation scheme, named so that a new default never changes the stored keys.
SCHEME = "affine32"


@lru_cache(maxsize=1)
def _minhash_class():
    """datasketch's MinHash, imported on first use: the package imports scipy (about 60 MB), which a
    process that only reads the tables (``provenance serve``) never needs."""
    from datasketch import MinHash

    return MinHash


@lru_cache(maxsize=1)
def _permutations():
    return _minhash_class()(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def minhash(shingles: set[str]):
    """The MinHash (datasketch) of a set of shingles."""
    m = _minhash_class()(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return m


def band_keys(shingles: set[str]) -> list[int]:
    """One signed 64-bit key per band (SQLite INTEGER), the band's number hashed with its values."""
    values = minhash(shingles).hashvalues
    keys = []
    for b in range(BANDS):
        digest = hashlib.blake2b(values[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8, person=b"band%04d" % b).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
