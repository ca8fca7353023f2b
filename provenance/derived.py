"""Derived tables: everything computed from the base tables, kept exact on every write.

The base tables are ``articles``, ``sentences``, ``sources``, ``source_aliases`` and ``claims``.
Everything else a page or a query reads (summaries per publisher, per source, per cue class;
claim clusters...) is *derived*: a :class:`Derivation` says how to create its tables, how to take
one article out and put one article in (both called by :meth:`provenance.store.Store.write`
inside the article's transaction, so a reader never sees a summary that disagrees with the
rows), and how to recompute everything from the base tables (``provenance rebuild``).

Incremental maintenance and :func:`rebuild_all` must give identical tables: the tests compare them.
Tables computed under settings that changed since (claim lineage's thresholds) are *stale*: opening the
database for writing recomputes them (:func:`create_all`), and the caller is told (:class:`Refill`).

Derivations are registered in :data:`DERIVATIONS`, in the order they run (a later one may read
an earlier one's tables).
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

import attrs
import sqlite_utils

Db = sqlite_utils.Database


def _nothing(*args) -> None:
    return None


@attrs.frozen
class Derivation:
    """How one family of derived tables is kept.

    - ``create(db)``: create its tables and indexes if they are missing (idempotent); when this
      changes the schema (new database, or an older one upgraded), ``rebuild`` fills them;
    - ``remove_article(db, article_id)``: called while the article's base rows are still there,
      just before they are deleted (replacement) — take its contribution out;
    - ``add_article(db, article_id)``: called just after the article's base rows are written —
      put its contribution in; with ``takes_given``, ``add_article(db, article_id, given=...)``: what
      the article's extraction brought for it, computed where the extraction was made (a cluster
      worker), or None;
    - ``rebuild(db)``: recompute every row from the base tables;
    - ``stale(db)``: why its tables, of the current shape, must be recomputed all the same (they were
      computed under settings that changed), else None; cheap and read-only, since every open for
      writing asks it.
    """

    name: str
    create: Callable[[Db], None]
    rebuild: Callable[[Db], None]
    remove_article: Callable[[Db, str], None] = _nothing
    add_article: Callable[[Db, str], None] = _nothing
    #: The tables (or ``table.column``) it owns, for :func:`snapshot`.
    tables: tuple[str, ...] = ()
    stale: Callable[[Db], Optional[str]] = _nothing
    #: What it is called in messages ("claim lineage"); the name when empty.
    title: str = ""
    #: Whether ``add_article`` takes ``given=`` (see above).
    takes_given: bool = False


@attrs.frozen
class Refill:
    """A derivation :func:`create_all` filled from the base tables, and why."""

    name: str
    title: str
    #: :data:`NEW_TABLES`, :data:`OLDER_SHAPE`, or the derivation's ``stale`` reason.
    reason: str

    def message(self) -> str:
        """One line for the user: "claim lineage recomputed: its matching settings changed (...)"."""
        return f"{self.title} {'computed' if self.reason == NEW_TABLES else 'recomputed'}: {self.reason}"


NEW_TABLES = "its tables were new"
OLDER_SHAPE = "its tables were of an older shape"


#: Registered derivations, in the order they run.
DERIVATIONS: list[Derivation] = []


def register(derivation: Derivation) -> Derivation:
    """Add ``derivation`` (once, by name) to :data:`DERIVATIONS`."""
    DERIVATIONS[:] = [d for d in DERIVATIONS if d.name != derivation.name] + [derivation]
    return derivation


def _schema(db: Db) -> list:
    return db.execute("select type, name, sql from sqlite_master order by type, name").fetchall()


def create_all(db: Db, *, settings: bool = True) -> list[Refill]:
    """Create every derivation's tables; a derivation whose schema this changed (a new table, column
    or index: a new database, or an older one upgraded), or (``settings`` True) whose tables are stale
    (:attr:`Derivation.stale`), is filled from the base tables at once. Returns the derivations so
    filled, with the reason."""
    filled = []
    for d in DERIVATIONS:
        before = _schema(db)
        d.create(db)
        after = _schema(db)
        if after != before:
            older = set(before) - set(after)  # an object dropped or made again with other SQL
            reason = OLDER_SHAPE if older else NEW_TABLES
        else:
            reason = d.stale(db) if settings else None
        if reason:
            d.rebuild(db)
            filled.append(Refill(d.name, d.title or d.name, reason))
    return filled


def stale(db: Db) -> list[tuple[str, str]]:
    """``(name, reason)`` of every derivation whose tables are of the current shape but stale (see
    :class:`Derivation`): read-only."""
    return [(d.name, reason) for d in DERIVATIONS if (reason := d.stale(db))]


def remove_article(db: Db, article_id: str) -> None:
    for d in reversed(DERIVATIONS):
        d.remove_article(db, article_id)


def add_article(db: Db, article_id: str, given: Optional[dict] = None) -> None:
    """Put one article in. ``given``: by derivation name, what the article's extraction brought for
    that derivation (:attr:`provenance.model.Extraction.lineage`), passed to those that take it."""
    for d in DERIVATIONS:
        if d.takes_given:
            d.add_article(db, article_id, given=(given or {}).get(d.name))
        else:
            d.add_article(db, article_id)


def rebuild_all(db: Db, *, skip: tuple[str, ...] = ()) -> None:
    """Recompute every derivation (but those named in ``skip``) from the base tables."""
    unknown = set(skip) - {d.name for d in DERIVATIONS}
    if unknown:
        raise ValueError(f"no derivation named {', '.join(sorted(unknown))}")
    for d in DERIVATIONS:
        if d.name in skip:
            continue
        d.create(db)
        d.rebuild(db)


# --- two common shapes --------------------------------------------------------------------------


@attrs.frozen
class Part:
    """One ``select`` that gives some of a :func:`count_table`'s measures, grouped by its keys.

    ``sql`` holds ``{where}``: ``article_col = :article`` for one article, ``1`` for everything."""

    sql: str
    article_col: str

    def query(self, article_id: Optional[str]) -> tuple[str, dict]:
        if article_id is None:
            return self.sql.format(where="1"), {}
        return self.sql.format(where=f"{self.article_col} = :article"), {"article": article_id}


def count_table(name: str, keys: Sequence[str], measures: Sequence[str], parts: Sequence[Part],
                indexes: Sequence[Sequence[str]] = ()) -> Derivation:
    """A table of integer counts per key, summed over articles.

    Each part selects the keys and some measures (by column name) for the rows matching ``{where}``.
    Adding an article adds its counts, removing it subtracts them, and a row whose first measure
    falls to 0 is dropped; since the counts are integer sums, this always equals a rebuild (which
    runs the same parts over every article)."""
    keys, measures = tuple(keys), tuple(measures)
    presence = measures[0]

    def create(db: Db) -> None:
        if not db[name].exists():
            db[name].create({**{k: str for k in keys}, **{m: int for m in measures}}, pk=keys,
                            not_null=set(keys) | set(measures), defaults={m: 0 for m in measures})
        for cols in indexes:
            db[name].create_index(cols, if_not_exists=True)

    def apply(db: Db, article_id: Optional[str], sign: int) -> None:
        for part in parts:
            sql, params = part.query(article_id)
            cursor = db.execute(sql, params)
            cols = [d[0] for d in cursor.description]
            given = [m for m in cols if m in measures]
            rows = [tuple(r[i] if c in keys else sign * (r[i] or 0) for i, c in enumerate(cols)) for r in cursor]
            if not rows:
                continue
            db.conn.executemany(
                f"insert into [{name}] ({', '.join(f'[{c}]' for c in cols)}) values ({', '.join('?' * len(cols))}) "
                f"on conflict ({', '.join(f'[{k}]' for k in keys)}) do update set "
                + ", ".join(f"[{m}] = [{m}] + excluded.[{m}]" for m in given),
                rows,
            )
            if sign < 0:
                key_idx = [cols.index(k) for k in keys]
                db.conn.executemany(
                    f"delete from [{name}] where [{presence}] <= 0 and "
                    + " and ".join(f"[{k}] = ?" for k in keys),
                    [tuple(r[i] for i in key_idx) for r in rows],
                )

    def rebuild(db: Db) -> None:
        db.execute(f"delete from [{name}]")
        apply(db, None, 1)
        db.execute(f"delete from [{name}] where [{presence}] <= 0")

    return Derivation(
        name=name, create=create, rebuild=rebuild, tables=(name,),
        remove_article=lambda db, article_id: apply(db, article_id, -1),
        add_article=lambda db, article_id: apply(db, article_id, 1),
    )


def rows_table(name: str, columns: dict, pk: Sequence[str], select: Part,
               indexes: Sequence[Sequence[str]] = ()) -> Derivation:
    """A table of rows computed per article (``select`` gives them, with an ``article_id`` column):
    adding an article inserts its rows, removing it deletes them."""

    def create(db: Db) -> None:
        if not db[name].exists():
            db[name].create(columns, pk=tuple(pk))
        db[name].create_index(["article_id"], if_not_exists=True)
        for cols in indexes:
            db[name].create_index(cols, if_not_exists=True)

    def add(db: Db, article_id: Optional[str]) -> None:
        sql, params = select.query(article_id)
        cols = ", ".join(f"[{c}]" for c in columns)
        db.execute(f"insert into [{name}] ({cols}) select {cols} from ({sql})", params)

    def rebuild(db: Db) -> None:
        db.execute(f"delete from [{name}]")
        add(db, None)

    return Derivation(
        name=name, create=create, rebuild=rebuild, tables=(name,),
        remove_article=lambda db, article_id: db.execute(f"delete from [{name}] where article_id = ?", [article_id]),
        add_article=add,
    )


def snapshot(db: Db) -> dict:
    """Every derived table's rows (a derived column: the table's ``id`` and that column), sorted,
    to compare incremental maintenance with a rebuild."""
    out = {}
    for d in DERIVATIONS:
        for name in d.tables:
            table, _, column = name.partition(".")
            sql = f"select id, [{column}] from [{table}]" if column else f"select * from [{table}]"
            out[name] = sorted(db.execute(sql).fetchall(), key=repr)
    return out
