"""Storage: extractions -> SQLite, through sqlite-utils.

The schema is created and evolved by :data:`migrations` (sqlite-utils
``Migrations``). Each article is written in one transaction, so a reader (or
a crash) never sees half an article. Ids are stable hashes, so writing the
same article again changes nothing; new text under the same article key
replaces the article with its sentences and claims.

Column names are a public contract: Datasette's JSON API shows them.
"""

from __future__ import annotations

import contextlib
import functools
import datetime
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

import attrs
import sqlite_utils
from sqlite_utils.migrations import Migrations

from provenance import EXTRACTOR_VERSION, derived, summaries  # noqa: F401 (summaries registers its derivations)
import provenance.lineage.derivation  # noqa: F401,E402  (registers claim lineage with provenance.derived)
from provenance.lineage import schema as lineage_schema
from provenance.model import Article, Claim, Extraction, Failure, stable_id

DEFAULT_DB = Path("db") / "provenance.db"

#: How long a writer waits for another (a concurrent ingest) before giving up.
BUSY_TIMEOUT_MS = 30_000

migrations = Migrations("provenance")


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["articles"].create(
        {
            "id": str, "doc": str, "url": str, "title": str, "publisher": str, "author": str,
            "published": str, "text": str, "sha256": str, "path": str, "encoding": str,
            "ingested_at": str, "extractor_version": str,
        },
        pk="id",
    )
    db["sentences"].create(
        {"id": str, "article_id": str, "idx": int, "start": int, "end": int, "text": str, "claim_count": int},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["sources"].create({"id": str, "name": str, "kind": str}, pk="id")
    db["source_aliases"].create(
        {"id": str, "source_id": str, "text": str},
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db["claims"].create(
        {
            "id": str, "article_id": str, "sentence_id": str, "sentence_idx": int, "type": str,
            "source_id": str, "source_kind": str, "source_text": str, "source_start": int, "source_end": int,
            "cue_text": str, "cue_start": int, "cue_end": int, "cue_lemma": str, "cue_class": str,
            "content_text": str, "content_start": int, "content_end": int, "content_segments": str,
            "parent_id": str, "confidence": float, "publisher": str,
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("sentence_id", "sentences", "id"),
            ("source_id", "sources", "id"),
            ("parent_id", "claims", "id"),
        ],
    )
    db["ingest_errors"].create(
        {"id": str, "path": str, "line": int, "reason": str, "at": str}, pk="id"
    )
    db["ingest_runs"].create(
        {
            "id": int, "started_at": str, "finished_at": str, "command": str, "articles": int,
            "unchanged": int, "claims": int, "failures": int, "extractor_version": str,
        },
        pk="id",
    )
    for table, columns in (
        ("articles", ["publisher"]),
        ("articles", ["url"]),
        ("sentences", ["article_id", "idx"]),
        ("sources", ["kind"]),
        ("source_aliases", ["source_id"]),
        ("claims", ["article_id"]),
        ("claims", ["sentence_id"]),
        ("claims", ["source_id"]),
        ("claims", ["parent_id"]),
        ("claims", ["type"]),
        ("claims", ["source_kind"]),
        ("claims", ["cue_lemma"]),
        ("claims", ["cue_class"]),
        ("claims", ["publisher"]),
        ("ingest_errors", ["path"]),
    ):
        db[table].create_index(columns)
    db["claims"].enable_fts(["content_text", "source_text", "cue_text"], create_triggers=True, tokenize="porter")
    db["sentences"].enable_fts(["text"], create_triggers=True, tokenize="porter")


@migrations()
def m002_article_origin(db: sqlite_utils.Database) -> None:
    """What identifies an article without a URL: a record id, a file's path, a text's hash."""
    db["articles"].add_column("origin", str)


@migrations()
def m003_article_fingerprint(db: sqlite_utils.Database) -> None:
    """What produced an article's claims (:mod:`provenance.fingerprint`): a stored article is current
    only when its text, this fingerprint and its metadata are what an ingest would store now."""
    db["articles"].add_column("fingerprint", str)
    db["ingest_runs"].add_column("fingerprint", str)


@migrations()
def m010_scale_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for an archive: a source's claims by the words it appears under (its aliases, and
    the orphan check of a replaced article's sources), articles newest first."""
    db["claims"].create_index(["source_id", "source_text"], if_not_exists=True)
    db["articles"].create_index(["published", "id"], if_not_exists=True)


@migrations()
def m011_filter_and_order_indexes(db: sqlite_utils.Database) -> None:
    """A filtered claims table is shown in id order (its primary key): with an index on (column,
    id) the first page of 140,000 claims of one source is read from the index, not sorted. Also
    drops ``facet_counts``, which claim_facets / sentence_facets replaced (nothing keeps it now)."""
    db.execute("drop table if exists facet_counts")
    for column in ("type", "source_kind", "cue_class", "cue_lemma", "publisher"):
        db.execute(f"drop index if exists idx_claims_{column}")
    for column in ("source_id", "type", "source_kind", "cue_class", "cue_lemma", "publisher"):
        db["claims"].create_index([column, "id"], if_not_exists=True)


def _schema_shape(db: sqlite_utils.Database) -> set:
    """The tables, indexes, triggers and columns of ``db``, by name."""
    names = {
        (kind, name)
        for kind, name in db.execute("select type, name from sqlite_master where name not like 'sqlite_%'").fetchall()
    }
    columns = {("column", f"{t}.{c}") for t in db.table_names() for c in db[t].columns_dict}
    applied = {("migration", n) for n in ([r[0] for r in db.execute(
        "select name from _sqlite_migrations where migration_set = 'provenance'")] if "_sqlite_migrations" in db.table_names() else [])}
    return names | columns | applied


@functools.lru_cache(maxsize=1)
def _current_schema_shape() -> frozenset:
    """The shape of a database made by this version: every migration applied, every derived table."""
    db = sqlite_utils.Database(memory=True)
    migrations.apply(db)
    derived.create_all(db)
    return frozenset(_schema_shape(db))


class StoreError(Exception):
    """The database cannot be opened or written."""


class SettingsChanged(StoreError):
    """Derived tables were recomputed under other settings after this store opened the database (by
    another process with other settings, or after a settings file was edited): nothing is written
    into them under the settings they no longer hold (:meth:`Store.write`)."""


#: The tables that make a SQLite file a provenance database. The one owner of that rule: the CLI,
#: the publication copy and the Datasette plugin all ask :func:`is_provenance_database`.
CORE_TABLES = frozenset({"articles", "sentences", "claims", "sources", "source_aliases"})


def is_provenance_database(table_names: Iterable[str]) -> bool:
    """Whether a database with these tables is a provenance database."""
    return CORE_TABLES <= set(table_names)


def readonly_uri(path: Union[str, Path]) -> str:
    """A ``file:`` URI that opens ``path`` read-only, whatever characters its name holds
    (``?``, ``#`` and ``%`` would otherwise be read as URI syntax)."""
    from urllib.parse import quote

    return f"file:{quote(str(Path(path).absolute()))}?mode=ro"


def check_provenance_database(path: Union[str, Path]) -> None:
    """Raise :class:`StoreError` unless ``path`` is an existing provenance database. Opens it
    read-only and changes nothing, so another program's SQLite file is left as it was."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"database {path} does not exist: run 'provenance ingest' first")
    tables = _table_names(path)
    if not is_provenance_database(tables):
        raise StoreError(f"{_not_ours(path, tables)}: run 'provenance ingest' into it first")


def check_can_become_provenance_database(path: Union[str, Path]) -> None:
    """Raise :class:`StoreError` unless ``path`` may be made or upgraded into a provenance database:
    it does not exist, is empty, is a SQLite database with no tables yet, or is a provenance database.
    Someone else's SQLite file is refused before anything in it changes (no WAL mode, no migrations
    table). Opens it read-only."""
    path = Path(path)
    try:
        if not path.exists() or path.stat().st_size == 0:
            return
    except OSError as exc:
        raise StoreError(f"cannot open database {path}: {exc.strerror or exc}") from exc
    tables = _table_names(path)
    if tables - {"_sqlite_migrations"} and not is_provenance_database(tables):
        raise StoreError(f"{_not_ours(path, tables)}: provenance leaves it as it is; choose another --db")


#: SQLite's words for a database that takes no writes: a read-only file, a lock held too long, a full disk.
_NO_WRITES = ("readonly", "read-only", "locked", "full")


def _cannot(exc: Exception, doing: str) -> str:
    """The start of a StoreError message: 'cannot write to the database' when SQLite says the database
    takes no writes (what the README promises for those), else 'cannot DOING database'."""
    if any(word in str(exc) for word in _NO_WRITES):
        return "cannot write to the database"
    return f"cannot {doing} database"


def _table_names(path: Path) -> set[str]:
    """The tables of the SQLite file ``path``, read without changing it."""
    import sqlite3

    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            return {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc


def _not_ours(path: Path, tables: set[str]) -> str:
    return f"{path} is not a provenance database (no {', '.join(sorted(CORE_TABLES - tables))} table)"


#: The article columns an ingest compares with what is stored (besides the text and the fingerprint):
#: a new title or publisher makes the stored article out of date. ``path`` is not one: the same file
#: named from another folder is the same input.
METADATA_COLUMNS = ("doc", "url", "title", "publisher", "author", "published")


@attrs.frozen
class WriteResult:
    article_id: str
    #: "new"; "replaced" (new text); "re-extracted" (same text, made by another setup: see
    #: :mod:`provenance.fingerprint`, or an older version's row carried forward); "updated" (same text
    #: and setup, new metadata); "unchanged"
    status: str
    claims: int = 0
    #: For new text from another input under the same key (the same URL in two feeds): the path the
    #: replaced article had come from, so the replacement can be reported by both paths.
    replaced_path: Optional[str] = None


class Store:
    """A provenance database. ``Store(path)`` creates it (and its folder) if needed."""

    def __init__(self, path: Union[str, Path, sqlite_utils.Database] = DEFAULT_DB, *, create: bool = True,
                 settings: bool = True):
        """``create``: make the database, or bring it up to date (:meth:`migrate`); without it, nothing
        is written. ``settings`` False: the schema's shape is brought up to date, but derived tables
        computed under other settings than this process's are left as they are (a process that only
        reads, as ``provenance serve``, whose environment need not be the ingest's)."""
        if isinstance(path, sqlite_utils.Database):
            self.db = path
            self.path = None
        else:
            self.path = Path(path)
            if not self.path.exists():
                if not create:
                    raise StoreError(f"database {self.path} does not exist: run 'provenance ingest' first")
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create folder for {self.path}: {exc.strerror or exc}") from exc
            if create:
                check_can_become_provenance_database(self.path)
            try:
                self.db = sqlite_utils.Database(self.path)
                self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                if create:
                    self._enable_wal()
            except Exception as exc:  # sqlite3.DatabaseError: not a database, locked, read-only...
                raise StoreError(f"{_cannot(exc, 'open')} {self.path}: {exc}") from exc
        #: The derived tables :meth:`migrate` recomputed in a database that held articles
        #: (:class:`provenance.derived.Refill`: what, and why).
        self.refilled: list[derived.Refill] = []
        if create:
            self.migrate(settings=settings)

    def _enable_wal(self) -> None:
        """WAL mode, waiting for another process that is creating the same new database: changing the
        journal mode takes no notice of the busy timeout, so it is retried here for as long."""
        import sqlite3
        import time

        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                if self.db.journal_mode != "wal":
                    self.db.enable_wal()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def migrate(self, *, settings: bool = True) -> None:
        """Bring the schema up to date, in one transaction that holds the write lock from the start: two
        ingests opening a new database at once make it once (the second waits, then finds nothing to do).

        Derived tables of an older shape, or computed under settings that changed since (claim lineage's
        matching settings), are recomputed in that transaction; when the database held articles, the
        derivations so filled are kept in :attr:`refilled` for the caller to report (a rebuild takes
        minutes on an archive, and nothing is replaced without saying so). ``settings`` False: only
        the shape (see :class:`Store`)."""
        try:
            if _schema_shape(self.db) >= _current_schema_shape() and not (settings and derived.stale(self.db)):
                return  # nothing to do: no write lock taken, so a busy or read-only database opens
            with self._write_transaction():  # a new derived table is filled whole, or not at all
                if migrations.pending(self.db):
                    migrations.apply(self.db)
                had_articles = self.db.execute("select exists (select 1 from articles)").fetchone()[0]
                filled = derived.create_all(self.db, settings=settings)
        except Exception as exc:
            raise StoreError(f"{_cannot(exc, 'prepare')} {self.path or ''}: {exc}") from exc
        if had_articles:
            self.refilled = filled

    # -- reading state -------------------------------------------------------

    def is_current(self, article: Article, fingerprint: Optional[str] = None) -> bool:
        """True when ``article`` is stored with this text and metadata, by the setup ``fingerprint``
        (:func:`provenance.fingerprint.fingerprint`; the ingest passes it with ``functools.partial``)."""
        return self._status(self._stored(article.id), article, fingerprint) == "unchanged"

    _STORED = ("sha256", "fingerprint", "path", "origin", *METADATA_COLUMNS)

    def _stored(self, article_id: str) -> Optional[dict]:
        row = self.db.execute(f"select {', '.join(self._STORED)} from articles where id = ?", [article_id]).fetchone()
        return None if row is None else dict(zip(self._STORED, row))

    @staticmethod
    def _status(stored: Optional[dict], article: Article, fingerprint: Optional[str]) -> str:
        """What writing ``article`` over the ``stored`` row would be (see :class:`WriteResult`)."""
        if stored is None:
            return "new"
        if stored["sha256"] != article.sha256:
            return "replaced"
        if stored["fingerprint"] != fingerprint:
            return "re-extracted"
        row = article.to_row()
        if any(stored[c] != row[c] for c in METADATA_COLUMNS):
            return "updated"
        return "unchanged"

    def _former_row(self, article: Article) -> Optional[tuple[str, dict]]:
        """``(id, row)`` of the article as an older version stored it, under one of its
        :attr:`~provenance.model.Article.former_keys`, when that row is this input's:

        - it has this origin (same input, stored under another key: a canonical URL);
        - it was written before origins were stored (m002) and has this path or this text;
        - its origin is that former key and it comes from the same file (a number id stored as a string).

        Another input's article is never taken over."""
        file = article.location[0]
        for key in article.former_keys:
            former_id = stable_id("article", key)
            if former_id == article.id:
                continue
            row = self._stored(former_id)
            if row is None:
                continue
            origin, path = row["origin"], row["path"] or ""
            if (
                origin == article.origin
                or (origin is None and (path == article.path or row["sha256"] == article.sha256))
                or (origin == key and key != article.origin and path.rsplit(":", 1)[0] in (file, article.path))
            ):
                return former_id, row
        return None

    def counts(self) -> dict:
        return {t: self.db[t].count for t in ("articles", "sentences", "claims", "sources", "ingest_errors")}

    # -- writing -------------------------------------------------------------

    def write(self, extraction: Extraction, *, fingerprint: Optional[str] = None) -> WriteResult:
        """Store one article with its sentences, sources and claims, in one transaction.

        ``fingerprint`` says what produced the claims (see :meth:`is_current`). A row an older version
        stored under another key for the same input is replaced by this one, not kept beside it."""
        article = extraction.article
        db = self.db
        with self._write_transaction():
            self._check_settings()
            existing = self._stored(article.id)
            status = self._status(existing, article, fingerprint)
            if status == "unchanged":
                return WriteResult(article.id, "unchanged", 0)
            stale = [article.id] if existing is not None else []
            former = self._former_row(article) if existing is None else None
            if former is not None:
                stale.append(former[0])
                status = "replaced" if former[1]["sha256"] != article.sha256 else "re-extracted"
            old_sources = []
            for old_id in stale:
                derived.remove_article(db, old_id)
                old_sources += db.execute(
                    "select distinct source_id, source_text from claims where article_id = ? and source_id is not null",
                    [old_id]).fetchall()
                self._delete_article_rows(old_id)
            if former is not None:
                db["articles"].delete(former[0])
            db["articles"].insert(
                {**article.to_row(), "ingested_at": now(), "extractor_version": EXTRACTOR_VERSION,
                 "fingerprint": fingerprint},
                replace=True,
            )
            counts, attributed = extraction.claim_counts(), summaries.attributed(extraction)
            db["sentences"].insert_all(
                ({**s.to_row(article.id, counts.get(s.idx, 0)), "attributed": attributed[s.idx]}
                 for s in extraction.sentences), replace=True
            )
            self._write_sources(extraction.claims)
            db["claims"].insert_all((c.to_row(article.publisher) for c in extraction.claims), replace=True)
            if old_sources:
                self._delete_orphan_sources(old_sources)
            derived.add_article(db, article.id, {"lineage": extraction.lineage})
            self.clear_failures(*article.location)
        old_path = (existing or {}).get("path")
        replaced_path = old_path if status == "replaced" and old_path and old_path != article.path else None
        return WriteResult(article.id, status, len(extraction.claims), replaced_path)

    def _check_settings(self) -> None:
        """In an article's transaction, before anything is written: derived tables that another process
        recomputed under other settings since this one opened the database (the open checked them) are
        not written under this process's (a mix of two settings). One read of a one-row table
        (``lineage_meta``) a transaction."""
        changed = derived.stale(self.db)
        if changed:
            titles = {d.name: d.title or d.name for d in derived.DERIVATIONS}
            said = "; ".join(f"{titles[name]}: {reason}" for name, reason in changed)
            raise SettingsChanged(
                f"derived tables were recomputed under other settings than this process's after it opened the "
                f"database ({said}; another process recomputed them, or a settings file changed): nothing written "
                f"under mixed settings"
            )

    @contextlib.contextmanager
    def _write_transaction(self):
        """One transaction that takes the write lock at once (BEGIN IMMEDIATE). A transaction that
        reads first and writes later cannot wait for another writer: SQLite fails it at once with
        'database is locked', so two ingests into one database lost articles. Taking the lock
        first makes it wait, up to the busy timeout."""
        conn = self.db.conn
        if conn.in_transaction:  # inside a caller's transaction: a savepoint, as sqlite-utils does
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _delete_article_rows(self, article_id: str) -> None:
        self.db.execute("delete from claims where article_id = ?", [article_id])
        self.db.execute("delete from sentences where article_id = ?", [article_id])

    def _write_sources(self, claims: Iterable[Claim]) -> None:
        sources = {c.source.id: c.source for c in claims if c.source is not None}
        if not sources:
            return
        ids = list(sources)
        known = {
            row[0]: row[1]
            for row in self.db.execute(
                f"select id, kind from sources where id in ({','.join('?' * len(ids))})", ids
            ).fetchall()
        }
        rows = []
        for sid, src in sources.items():
            if sid not in known:
                rows.append({"id": sid, "name": src.name, "kind": src.kind})
            elif known[sid] == "unknown" and src.kind != "unknown":
                # a later article knows more about the source than the first did
                rows.append({"id": sid, "name": src.name, "kind": src.kind})
        if rows:
            self.db["sources"].upsert_all(rows, pk="id")
        aliases = {(c.source.id, c.source.text) for c in claims if c.source is not None}
        self.db["source_aliases"].insert_all(
            ({"id": stable_id("alias", sid, text), "source_id": sid, "text": text} for sid, text in sorted(aliases)),
            ignore=True,
        )

    def _delete_orphan_sources(self, candidates: list) -> None:
        """Forget the sources and aliases of a replaced article that no claim uses any more: only
        ``candidates`` (its (source id, source text) pairs) are looked at, through the index."""
        self.db.conn.executemany(
            "delete from source_aliases where source_id = ? and text = ? and not exists "
            "(select 1 from claims where claims.source_id = source_aliases.source_id and claims.source_text = source_aliases.text)",
            candidates,
        )
        self.db.conn.executemany(
            "delete from sources where id = ? and not exists (select 1 from claims where claims.source_id = sources.id)",
            sorted({(sid,) for sid, _text in candidates}),
        )

    def rebuild(self, *, skip: tuple[str, ...] = ()) -> dict:
        """Recompute every derived table, column and full-text index from the base tables, in one
        transaction (readers see the old tables until it commits), then refresh the query planner's
        statistics. Returns the row counts of the base tables. ``skip``: names of derivations
        (:data:`provenance.derived.DERIVATIONS`) left as they are."""
        with self._write_transaction():
            derived.rebuild_all(self.db, skip=skip)
        self.db.execute("PRAGMA analysis_limit = 1000")
        self.db.execute("ANALYZE")
        return self.counts()

    def clear_failures(self, path: str, line: Optional[int] = None) -> None:
        """Forget the recorded failures of an input now stored: the record at ``line`` of ``path``
        (or the whole file) and any error about the file as a whole."""
        self.db.execute("delete from ingest_errors where path = ? and (line is null or line = ?)", [path, line])

    def record_failure(self, failure: Failure) -> None:
        self.db["ingest_errors"].upsert(
            {"id": stable_id("error", failure.path, failure.line), **failure.to_row(now())}, pk="id"
        )

    # -- ingest runs ---------------------------------------------------------

    def start_run(self, command: str, fingerprint: Optional[str] = None) -> int:
        """A new ``ingest_runs`` row. The first write of a run: a database that takes no writes (a
        read-only file, another writer holding it past the busy timeout, a full disk) is a
        :class:`StoreError` here, before anything is read."""
        try:
            with self._write_transaction():
                return self.db["ingest_runs"].insert(
                    {"started_at": now(), "command": command, "extractor_version": EXTRACTOR_VERSION,
                     "fingerprint": fingerprint}
                ).last_pk
        except Exception as exc:
            raise StoreError(f"cannot write to the database {self.path or ''}: {exc}") from exc

    def finish_run(self, run_id: int, **counts: int) -> None:
        with self._write_transaction():
            self.db["ingest_runs"].update(run_id, {"finished_at": now(), **counts})

    # -- reading for export --------------------------------------------------

    def iter_claims(self) -> Iterator[tuple[Claim, dict]]:
        """Every claim with its source, and the row of its article (without text); the article dict
        also holds ``cluster``: the claim's lineage cluster (id, size, first article) or None."""
        sql = """
            select claims.*, sources.name as _source_name, sources.kind as _source_kind,
                   articles.doc as _doc, articles.url as _url, articles.title as _title,
                   articles.publisher as _publisher, articles.published as _published,
                   {cluster_columns}
            from claims
            join articles on articles.id = claims.article_id
            left join sources on sources.id = claims.source_id
            {cluster_joins}
            order by articles.doc, claims.article_id, claims.cue_start, claims.content_start, claims.id
        """
        if lineage_schema.present(self.db.table_names()):
            sql = sql.format(
                cluster_columns="lc.id as _cluster_id, lc.size as _cluster_size, lc.first_article as _cluster_first_article",
                cluster_joins="left join lineage_items li on li.id = claims.id left join lineage_clusters lc on lc.id = li.cluster_id",
            )
        else:  # a database made before claim lineage, opened without migrating
            sql = sql.format(
                cluster_columns="null as _cluster_id, null as _cluster_size, null as _cluster_first_article", cluster_joins=""
            )
        cursor = self.db.execute(sql)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values))
            claim = Claim.from_row(row, {"name": row["_source_name"], "kind": row["_source_kind"]})
            article = {k[1:]: row[k] for k in ("_doc", "_url", "_title", "_publisher", "_published")}
            article["cluster"] = (
                {"id": row["_cluster_id"], "size": row["_cluster_size"], "first_article": row["_cluster_first_article"]}
                if row["_cluster_id"] else None
            )
            yield claim, article

    def close(self) -> None:
        self.db.close()


def rebuild(path: Union[str, Path], on_refill: Optional[Callable[["derived.Refill"], None]] = None) -> dict:
    """Recompute every derived table and full-text index of the provenance database at ``path``
    from its base tables (see :meth:`Store.rebuild`). Raises :class:`StoreError`. A derivation that
    opening the database already recomputed (:attr:`Store.refilled`, each passed to ``on_refill``) is
    not recomputed a second time."""
    import sqlite3

    check_provenance_database(path)
    store = Store(path)
    for refill in store.refilled:
        if on_refill is not None:
            on_refill(refill)
    try:
        return store.rebuild(skip=tuple(r.name for r in store.refilled))
    except sqlite3.Error as exc:
        raise StoreError(f"cannot rebuild {path}: {exc}") from exc
    finally:
        store.close()


def is_database_file(path: Union[str, Path], db: Union[str, Path]) -> bool:
    """Whether writing ``path`` would overwrite the database ``db`` or one of its journal files
    (``-wal``, ``-shm``, ``-journal``), by name or through a link."""
    path = Path(path)
    for candidate in (Path(db), *(Path(f"{db}{s}") for s in ("-wal", "-shm", "-journal"))):
        if path.absolute() == candidate.absolute():
            return True
        try:
            if path.exists() and candidate.exists() and os.path.samefile(path, candidate):
                return True
        except OSError:
            pass
    return False


def database_path(path: Optional[Union[str, Path]] = None) -> Path:
    """``path``, else ``$PROVENANCE_DB``, else ``db/provenance.db``."""
    return Path(path or os.environ.get("PROVENANCE_DB") or DEFAULT_DB)
