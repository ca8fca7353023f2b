"""Claim lineage: the same statement across articles, relays and circular reporting.

- :mod:`.text` — normalised words and word shingles of a claim's content;
- :mod:`.signature` — MinHash signatures and their LSH band keys (datasketch);
- :mod:`.inputs` — one article's items and band keys, computed with its extraction (on a cluster
  worker) under the writer's settings, so the writer only runs the indexed SQL;
- :mod:`.anchors` — anchor keys (winnowed rare word shingles): a short part of a long quote as a candidate;
- :mod:`.match` — the verdict on a candidate pair (rapidfuzz), with thresholds from a data file;
- :mod:`.schema` — the ``lineage_*`` tables;
- :mod:`.texts` — items contracted into their distinct texts: one band set and one verdict per text,
  whatever the number of verbatim copies;
- :mod:`.clusters` — clusters as connected components of linked texts, kept on every write;
- :mod:`.rebuild` — everything recomputed from the base tables, in memory bounded by the texts;
- :mod:`.derivation` — the :class:`provenance.derived.Derivation` that ties it to ``Store.write``.

An *item* is what can be matched: a claim's content, or a sentence without any claim
(``sentences.claim_count = 0``): a statement printed without its source. Clusters depend only on the
stored articles, never on the order they arrived in: candidate pairs (a shared LSH band or anchor key) and the
verdict on a pair are symmetric, so incremental maintenance and a rebuild find the same pairs, and
a cluster's id is a hash of its smallest member id. Items with the same normalised text are one
statement and always share a cluster.
"""
