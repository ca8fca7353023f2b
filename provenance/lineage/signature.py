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
from typing import Optional

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


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int, scheme: str):
    return _minhash_class()(num_perm=num_perm, seed=seed, scheme=scheme).permutations


def minhash(shingles: set[str], *, bands: Optional[int] = None, rows: Optional[int] = None,
            seed: Optional[int] = None, scheme: Optional[str] = None):
    """The MinHash (datasketch) of a set of shingles: ``bands * rows`` permutations (default: this
    module's parameters, read when called)."""
    bands, rows = BANDS if bands is None else bands, ROWS if rows is None else rows
    seed, scheme = SEED if seed is None else seed, SCHEME if scheme is None else scheme
    num_perm = bands * rows
    m = _minhash_class()(num_perm=num_perm, seed=seed, permutations=_permutations(num_perm, seed, scheme),
                         scheme=scheme)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return m


def band_keys(shingles: set[str], *, bands: Optional[int] = None, rows: Optional[int] = None,
              seed: Optional[int] = None, scheme: Optional[str] = None) -> list[int]:
    """One signed 64-bit key per band (SQLite INTEGER), the band's number hashed with its values.
    The parameters default to this module's (read when called); a cluster worker is given the
    client's (:class:`provenance.lineage.inputs.Settings`)."""
    bands, rows = BANDS if bands is None else bands, ROWS if rows is None else rows
    values = minhash(shingles, bands=bands, rows=rows, seed=seed, scheme=scheme).hashvalues
    keys = []
    for b in range(bands):
        digest = hashlib.blake2b(values[b * rows : (b + 1) * rows].tobytes(), digest_size=8, person=b"band%04d" % b).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys
