"""Anchor keys: the second candidate channel, for a short part of a long quotation.

MinHash bands (:mod:`.signature`) find two texts whose shingle *sets* are alike. A short part of a long
quote is not alike as a set: "African Americans and Hispanics are living in hell" (6 shingles) inside
a 74-word quote shares 3 of the quote's 72 shingles (Jaccard 0.04) and, in practice, no band. Its words
are *contained* in the quote, and containment is what **winnowing** finds (Schleimer, Wilkerson and
Aiken, "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003; the fingerprints of MOSS):

- the text's tokens (:func:`provenance.lineage.match.tokens`: number words as digits) as ``SHINGLE``-grams,
  each hashed; a shingle whose tokens weigh less than ``MIN_WEIGHT`` together (the fixed train word
  weights of :func:`provenance.lineage.match.weight`: "one of the", "in the united") is never an anchor,
  so that a key is shared by few texts and a lookup returns few candidates;
- in every window of ``WINDOW`` consecutive shingles, the smallest hash is an anchor of the text.

Two texts sharing a run of ``WINDOW + SHINGLE - 1`` tokens whose shingles all weigh enough share an
anchor (the same window holds the same smallest hash), whatever the length of either; about
``2 / (WINDOW + 1)`` anchors a token are kept. The anchor keys go into ``lineage_bands`` beside the band
keys (another hash domain: they never collide), so a candidate is a shared key of either kind, kept
incrementally and read by the same index. A pure function of the text: the keys never depend on
what else was ingested, so clusters do not depend on the order articles arrive in.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from provenance.lineage.match import tokens, weight

#: Tokens per anchor shingle.
SHINGLE = 3
#: Consecutive shingles of which the smallest hash is an anchor.
WINDOW = 4
#: The least weight (sum of the tokens' train weights) of a shingle that may be an anchor.
MIN_WEIGHT = 4.0


def _key(shingle: str) -> int:
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8, person=b"lineage-anchor").digest()
    return int.from_bytes(digest, "big", signed=True)


def anchor_keys(norm: str, *, shingle: Optional[int] = None, window: Optional[int] = None,
                min_weight: Optional[float] = None) -> list[int]:
    """The anchor keys of a normalised text (signed 64-bit integers, sorted; none for a text of fewer
    than ``SHINGLE`` tokens or whose shingles all weigh too little). The parameters default to this
    module's (read when called)."""
    k = SHINGLE if shingle is None else shingle
    w = WINDOW if window is None else window
    least = MIN_WEIGHT if min_weight is None else min_weight
    ts = tokens(norm)
    weights = [weight(t) for t in ts]
    hashes = []
    for i in range(len(ts) - k + 1):
        hashes.append(_key(" ".join(ts[i : i + k])) if sum(weights[i : i + k]) >= least else None)
    keys = set()
    for i in range(max(1, len(hashes) - w + 1)):
        found = [h for h in hashes[i : i + w] if h is not None]
        if found:
            keys.add(min(found))
    return sorted(keys)
