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
import datetime
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import attrs
import sqlite_utils
from sqlite_utils.migrations import Migrations

from provenance import EXTRACTOR_VERSION, derived, summaries  # noqa: F401 (summaries registers its derivations)
from provenance.model import Article, Claim, Extraction, Failure, stable_id

DEFAULT_DB = Path("db") / "provenance.db"

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


class StoreError(Exception):
    """The database cannot be opened or written."""


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
    import sqlite3

    path = Path(path)
    if not path.exists():
        raise StoreError(f"database {path} does not exist: run 'provenance ingest' first")
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    if not is_provenance_database(tables):
        raise StoreError(
            f"{path} is not a provenance database (no {', '.join(sorted(CORE_TABLES - set(tables)))} table): "
            "run 'provenance ingest' into it first"
        )


@attrs.frozen
class WriteResult:
    article_id: str
    status: str  # "new", "replaced" or "unchanged"
    claims: int = 0


class Store:
    """A provenance database. ``Store(path)`` creates it (and its folder) if needed."""

    def __init__(self, path: Union[str, Path, sqlite_utils.Database] = DEFAULT_DB, *, create: bool = True):
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
            try:
                self.db = sqlite_utils.Database(self.path)
                self.db.execute("PRAGMA busy_timeout = 30000")
                if create:
                    self.db.enable_wal()
            except Exception as exc:  # sqlite3.DatabaseError: not a database, locked, read-only...
                raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        if create:
            self.migrate()

    def migrate(self) -> None:
        try:
            migrations.apply(self.db)
            with self._write_transaction():  # filling a new derived table is written, or not at all
                derived.create_all(self.db)
        except Exception as exc:
            raise StoreError(f"cannot prepare database {self.path or ''}: {exc}") from exc

    # -- reading state -------------------------------------------------------

    def is_current(self, article: Article) -> bool:
        """True when ``article`` is stored with this text and this extractor version."""
        row = self.db.execute(
            "select sha256, extractor_version from articles where id = ?", [article.id]
        ).fetchone()
        return row is not None and row[0] == article.sha256 and row[1] == EXTRACTOR_VERSION

    def counts(self) -> dict:
        return {t: self.db[t].count for t in ("articles", "sentences", "claims", "sources", "ingest_errors")}

    # -- writing -------------------------------------------------------------

    def write(self, extraction: Extraction) -> WriteResult:
        """Store one article with its sentences, sources and claims, in one transaction."""
        article = extraction.article
        db = self.db
        with self._write_transaction():
            existing = db.execute("select sha256, extractor_version from articles where id = ?", [article.id]).fetchone()
            if existing is not None and existing[0] == article.sha256 and existing[1] == EXTRACTOR_VERSION:
                return WriteResult(article.id, "unchanged", 0)
            old_sources = []
            if existing is not None:
                derived.remove_article(db, article.id)
                old_sources = db.execute(
                    "select distinct source_id, source_text from claims where article_id = ? and source_id is not null",
                    [article.id]).fetchall()
                self._delete_article_rows(article.id)
            db["articles"].insert(
                {**article.to_row(), "ingested_at": now(), "extractor_version": EXTRACTOR_VERSION},
                replace=True,
            )
            counts = extraction.claim_counts()
            db["sentences"].insert_all(
                (s.to_row(article.id, counts.get(s.idx, 0)) for s in extraction.sentences), replace=True
            )
            self._write_sources(extraction.claims)
            db["claims"].insert_all((c.to_row(article.publisher) for c in extraction.claims), replace=True)
            if old_sources:
                self._delete_orphan_sources(old_sources)
            derived.add_article(db, article.id)
            self.clear_failures(*article.location)
        return WriteResult(article.id, "replaced" if existing is not None else "new", len(extraction.claims))

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

    def rebuild(self) -> dict:
        """Recompute every derived table, column and full-text index from the base tables, in one
        transaction (readers see the old tables until it commits), then refresh the query planner's
        statistics. Returns the row counts of the base tables."""
        with self._write_transaction():
            derived.rebuild_all(self.db)
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

    def start_run(self, command: str) -> int:
        return self.db["ingest_runs"].insert(
            {"started_at": now(), "command": command, "extractor_version": EXTRACTOR_VERSION}
        ).last_pk

    def finish_run(self, run_id: int, **counts: int) -> None:
        self.db["ingest_runs"].update(run_id, {"finished_at": now(), **counts})

    # -- reading for export --------------------------------------------------

    def iter_claims(self) -> Iterator[tuple[Claim, dict]]:
        """Every claim with its source, and the row of its article (without text)."""
        sql = """
            select claims.*, sources.name as _source_name, sources.kind as _source_kind,
                   articles.doc as _doc, articles.url as _url, articles.title as _title,
                   articles.publisher as _publisher, articles.published as _published
            from claims
            join articles on articles.id = claims.article_id
            left join sources on sources.id = claims.source_id
            order by articles.doc, claims.article_id, claims.cue_start, claims.content_start, claims.id
        """
        cursor = self.db.execute(sql)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values))
            claim = Claim.from_row(row, {"name": row["_source_name"], "kind": row["_source_kind"]})
            article = {k[1:]: row[k] for k in ("_doc", "_url", "_title", "_publisher", "_published")}
            yield claim, article

    def close(self) -> None:
        self.db.close()


def rebuild(path: Union[str, Path]) -> dict:
    """Recompute every derived table and full-text index of the provenance database at ``path``
    from its base tables (see :meth:`Store.rebuild`). Raises :class:`StoreError`."""
    import sqlite3

    check_provenance_database(path)
    store = Store(path)
    try:
        return store.rebuild()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot rebuild {path}: {exc}") from exc
    finally:
        store.close()


def database_path(path: Optional[Union[str, Path]] = None) -> Path:
    """``path``, else ``$PROVENANCE_DB``, else ``db/provenance.db``."""
    return Path(path or os.environ.get("PROVENANCE_DB") or DEFAULT_DB)
