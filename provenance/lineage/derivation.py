"""Claim lineage as a :class:`provenance.derived.Derivation`: kept by ``Store.write`` inside each
article's transaction, recomputed by :func:`provenance.derived.rebuild_all`."""

from __future__ import annotations

from provenance import derived
from provenance.lineage import clusters, schema

LINEAGE = derived.register(
    derived.Derivation(
        name="lineage",
        create=schema.create,
        rebuild=clusters.rebuild,
        remove_article=clusters.remove_article,
        add_article=clusters.add_article,
    )
)
