"""Ingesting the fictional relay corpus (tests/lineage_corpus) and reading its lineage tables."""

from __future__ import annotations

import json
from pathlib import Path

from provenance.ingest import ingest
from provenance.lineage.schema import TABLES
from provenance.store import Store

CORPUS = Path(__file__).resolve().parent / "lineage_corpus" / "articles.jsonl"


def records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def ingest_records(store: Store, recs: list[dict], folder: Path, nlp, name: str = "feed") -> None:
    feed = folder / f"{name}.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    summary = ingest([str(feed)], store, nlp=nlp)
    assert summary.ok, summary.failures


def corpus_database(path: Path, nlp) -> Path:
    """A database at ``path`` holding the whole corpus, ingested (for module-scoped fixtures)."""
    store = Store(path)
    ingest_records(store, records(), path.parent, nlp)
    store.close()
    return path


def lineage_tables(db) -> dict:
    """Every row of every lineage table, in a stable order (for comparing two databases)."""
    return {t: sorted(tuple(r.values()) for r in db[t].rows) for t in TABLES if t in db.table_names()}


def clusters(db) -> dict[str, set[tuple[str, str, str]]]:
    """cluster id -> its members as (article doc, kind, first five normalised words)."""
    out: dict[str, set] = {}
    for cid, doc, kind, norm in db.execute(
        "select i.cluster_id, a.doc, i.kind, t.norm from lineage_items i join articles a on a.id = i.article_id "
        "join lineage_texts t on t.id = i.text "
        "where i.cluster_id is not null"
    ):
        out.setdefault(cid, set()).add((doc, kind, " ".join(norm.split()[:5])))
    return out


def assert_equals_a_rebuild(db) -> None:
    """The lineage tables kept incrementally are what a rebuild from the base tables makes (the rebuild
    is left in place)."""
    from provenance import derived

    incremental = lineage_tables(db)
    derived.rebuild_all(db)
    assert lineage_tables(db) == incremental
