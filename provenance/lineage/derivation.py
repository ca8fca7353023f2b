"""Claim lineage as a :class:`provenance.derived.Derivation`: kept by ``Store.write`` inside each
article's transaction, recomputed by :func:`provenance.derived.rebuild_all`, and on open when its
tables were computed under other matching settings (:mod:`provenance.lineage.setup`)."""

from __future__ import annotations

from provenance import derived
from provenance.lineage import schema


# The matching code (datasketch with scipy, networkx, rapidfuzz) is imported when an article is written
# or lineage rebuilt, not when the package is: `provenance serve` and the exports import the store and
# this registry but never match, and those libraries cost the serve process about 45 MB.
def _rebuild(db, *args, **kwargs):
    from provenance.lineage import clusters

    return clusters.rebuild(db, *args, **kwargs)


def _remove_article(db, *args, **kwargs):
    from provenance.lineage import clusters

    return clusters.remove_article(db, *args, **kwargs)


def _stale(db):
    from provenance.lineage import setup

    return setup.stale(db)


def _add_article(db, *args, **kwargs):
    from provenance.lineage import clusters

    return clusters.add_article(db, *args, **kwargs)


LINEAGE = derived.register(
    derived.Derivation(
        name="lineage",
        create=schema.create,
        rebuild=_rebuild,
        remove_article=_remove_article,
        add_article=_add_article,
        stale=_stale,
        title="claim lineage",
        takes_given=True,  # the article's items and band keys (provenance.lineage.inputs)
    )
)
