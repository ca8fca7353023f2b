"""Derived tables: everything computed from the base tables, kept exact on every write.

The base tables are ``articles``, ``sentences``, ``sources``, ``source_aliases`` and ``claims``.
Everything else a page or a query reads (summaries per publisher, per source, per cue class;
claim clusters...) is *derived*: a :class:`Derivation` says how to create its tables, how to take
one article out and put one article in (both called by :meth:`provenance.store.Store.write`
inside the article's transaction, so a reader never sees a summary that disagrees with the
rows), and how to recompute everything from the base tables (``provenance rebuild``).

Incremental maintenance and :func:`rebuild_all` must give identical tables: the tests compare them.

Derivations are registered in :data:`DERIVATIONS`, in the order they run (a later one may read
an earlier one's tables).
"""

from __future__ import annotations

from typing import Callable

import attrs
import sqlite_utils

Db = sqlite_utils.Database


def _nothing(*args) -> None:
    return None


@attrs.frozen
class Derivation:
    """How one family of derived tables is kept.

    - ``create(db)``: create its tables and indexes if they are missing (idempotent);
    - ``remove_article(db, article_id)``: called while the article's base rows are still there,
      just before they are deleted (replacement) — take its contribution out;
    - ``add_article(db, article_id)``: called just after the article's base rows are written —
      put its contribution in;
    - ``rebuild(db)``: recompute every row from the base tables.
    """

    name: str
    create: Callable[[Db], None]
    rebuild: Callable[[Db], None]
    remove_article: Callable[[Db, str], None] = _nothing
    add_article: Callable[[Db, str], None] = _nothing


#: Registered derivations, in the order they run.
DERIVATIONS: list[Derivation] = []


def register(derivation: Derivation) -> Derivation:
    """Add ``derivation`` (once, by name) to :data:`DERIVATIONS`."""
    DERIVATIONS[:] = [d for d in DERIVATIONS if d.name != derivation.name] + [derivation]
    return derivation


def create_all(db: Db) -> None:
    for d in DERIVATIONS:
        d.create(db)


def remove_article(db: Db, article_id: str) -> None:
    for d in reversed(DERIVATIONS):
        d.remove_article(db, article_id)


def add_article(db: Db, article_id: str) -> None:
    for d in DERIVATIONS:
        d.add_article(db, article_id)


def rebuild_all(db: Db) -> None:
    for d in DERIVATIONS:
        d.create(db)
        d.rebuild(db)
