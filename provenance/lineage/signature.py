"""MinHash signatures (datasketch) and the LSH band keys stored in ``lineage_bands``.

Two texts are candidates when they share a band key: ``BANDS`` bands of ``ROWS`` hash values each.
With 24 bands of 2 rows, a pair whose shingle sets have Jaccard similarity 0.2 shares a band with
probability 0.63, 0.3 with 0.90, 0.5 with 0.999 (``1 - (1 - s**ROWS) ** BANDS``): the bands find
near-verbatim copies; a quoted part of a long quotation, which shares few of its shingles, is found by
the anchor keys (:mod:`.anchors`). Before the anchors, 48 bands of 2 rows were kept to find such parts
(32 bands of 3 rows found 42 of the 54 matched labelled pairs, 48 of 2 found 49); with them, 24 bands
find the same labelled pairs on train and dev as 48, and 1,938 instead of 1,954 verified pairs of texts on
PolNeAR train+dev, with 45% fewer rows in ``lineage_bands`` (``benchmarks/README.md``, "Lineage").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

import numpy as np

BANDS = 24
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


#: How a band's values become its key: splitmix64's finaliser over the band's number, then each value.
KEY_HASH = "splitmix64"
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser on a uint64 array (multiplications wrap modulo 2**64)."""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


def band_keys(shingles: set[str], *, bands: Optional[int] = None, rows: Optional[int] = None,
              seed: Optional[int] = None, scheme: Optional[str] = None) -> list[int]:
    """One signed 64-bit key per band (SQLite INTEGER), the band's number hashed with its values (one
    vectorised hash for all bands: a Python hash call per band cost more than the MinHash itself).
    The parameters default to this module's (read when called)."""
    bands, rows = BANDS if bands is None else bands, ROWS if rows is None else rows
    values = minhash(shingles, bands=bands, rows=rows, seed=seed, scheme=scheme).hashvalues
    values = values.astype(np.uint64).reshape(bands, rows)
    keys = _mix(np.arange(1, bands + 1, dtype=np.uint64))
    for r in range(rows):
        keys = _mix(keys ^ values[:, r])
    return keys.view(np.int64).tolist()
