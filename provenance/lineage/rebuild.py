"""Recompute every lineage table from the base tables, at archive scale.

Memory is bounded by the number of distinct texts (a few integer arrays), never by the items: the
items are streamed from the base tables into ``lineage_items`` (each joins its text by its hash; a
new text gets its band rows), candidate pairs of texts come from one SQL self-join of the bands,
each pair is judged once, and the components are found by union-find over integer arrays (numpy).
N verbatim copies of a statement cost N inserts, not N² pairs. The result equals what
:func:`provenance.lineage.clusters.add_article` keeps article by article (the tests compare them).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import sqlite_utils

from provenance.lineage import clusters, schema, setup, textids
from provenance.lineage.inputs import band_keys
from provenance.lineage.items import items
from provenance.lineage.match import Thresholds, load_thresholds
from provenance.lineage.texts import Spread, edge_row, linked

Db = sqlite_utils.Database
BATCH = 20_000

#: The indexes of ``lineage_items`` other than its key, made again after the items are loaded.
ITEM_INDEXES = (("article_id",), ("cluster_id", "position"), ("text", "kind", "article_id"))


def rebuild(db: Db, thresholds: Optional[Thresholds] = None) -> None:
    th = thresholds or load_thresholds()
    schema.create(db)
    schema.clear(db)
    for (article_id,) in db.execute("select id from articles order by id").fetchall():
        clusters.relays_in(db, article_id)
    load_items(db, th)
    judge(db, th)
    cluster_all(db)
    setup.record(db, setup.setup_of(th))


#: A text's row, made if missing; returns the words of the row inserted (a new text) or of the row
#: holding the id when they are other words (a collision), nothing when the text is stored.
_TEXT = ("insert into lineage_texts (id, norm, words, items, claims) values (?, ?, ?, 0, 0) "
         "on conflict (id) do update set norm = norm where norm != excluded.norm returning norm")


def load_items(db: Db, th: Thresholds) -> None:
    """Every item into ``lineage_items``, every distinct text into ``lineage_texts`` with its band rows
    and its counts and spread."""
    for cols in ITEM_INDEXES:
        db.execute(f"drop index if exists [idx_lineage_items_{'_'.join(cols)}]")
    db.execute("create temp table if not exists lineage_load_bands (key integer, text integer)")
    db.execute("delete from temp.lineage_load_bands")
    conn = db.conn
    batch, bands = [], []

    def flush() -> None:
        conn.executemany("insert into lineage_items (id, kind, article_id, sentence_id, text) values (?, ?, ?, ?, ?)", batch)
        conn.executemany("insert into temp.lineage_load_bands (key, text) values (?, ?)", bands)
        batch.clear()
        bands.clear()

    moved: dict[str, int] = {}  # texts stored under another id than their hash (textids), this rebuild
    for it in items(db, th):
        tid = moved[it.norm] if it.norm in moved else schema.text_id(it.norm)
        # a row back: the text is new (its own words), or another text holds the id (the stored words)
        held = next(iter(conn.execute(_TEXT, [tid, it.norm, it.words]).fetchall()), None)
        if held is not None and held[0] != it.norm:
            tid = moved[it.norm] = textids.collide(db, it.norm, tid, held[0])
            held = next(iter(conn.execute(_TEXT, [tid, it.norm, it.words]).fetchall()), None)
        if held is not None:
            bands.extend((k, tid) for k in band_keys(it.norm))
        batch.append((it.id, it.kind, it.article_id, it.sentence_id, tid))
        if len(batch) >= BATCH or len(bands) >= BATCH:
            flush()
    flush()
    db.execute("insert or ignore into lineage_bands (key, text) select key, text from temp.lineage_load_bands order by key, text")
    db.execute("drop table temp.lineage_load_bands")
    for cols in ITEM_INDEXES:
        db["lineage_items"].create_index(list(cols), if_not_exists=True)
    db.execute(
        """update lineage_texts set items = g.n, claims = g.c, claim_lo = g.clo, claim_hi = g.chi, sent_lo = g.slo,
             sent_hi = g.shi
           from (select text, count(*) as n, sum(kind = 'claim') as c,
                   min(case when kind = 'claim' then article_id end) as clo,
                   max(case when kind = 'claim' then article_id end) as chi,
                   min(case when kind = 'sentence' then article_id end) as slo,
                   max(case when kind = 'sentence' then article_id end) as shi
                 from lineage_items group by text) g
           where g.text = lineage_texts.id"""
    )


_PAIRS = """
select p.a, p.b, ta.norm, tb.norm
from (select distinct x.text as a, y.text as b
      from lineage_bands x join lineage_bands y on y.key = x.key and y.text > x.text) p
join lineage_texts ta on ta.id = p.a
join lineage_texts tb on tb.id = p.b
where ta.claims > 0 or tb.claims > 0
"""


def judge(db: Db, th: Thresholds) -> int:
    """The verdict on every candidate pair of texts (a shared band key), one of them a claim's.
    Returns the number of pairs judged."""
    judged, edges = 0, []
    for a, b, norm_a, norm_b in db.execute(_PAIRS):
        judged += 1
        row = edge_row(a, norm_a, b, norm_b, th)
        if row is not None:
            edges.append(row)
        if len(edges) >= BATCH:
            db.conn.executemany("insert into lineage_edges (a, b, score, via_sentence) values (?, ?, ?, ?)", edges)
            edges.clear()
    db.conn.executemany("insert into lineage_edges (a, b, score, via_sentence) values (?, ?, ?, ?)", edges)
    return judged


_EDGES = """
select e.a, e.b, e.via_sentence, ta.claim_lo, ta.claim_hi, ta.sent_lo, ta.sent_hi,
       tb.claim_lo, tb.claim_hi, tb.sent_lo, tb.sent_hi
from lineage_edges e join lineage_texts ta on ta.id = e.a join lineage_texts tb on tb.id = e.b
"""


def _roots(parent: np.ndarray) -> np.ndarray:
    while True:
        up = parent[parent]
        if np.array_equal(up, parent):
            return parent
        parent = up


def cluster_all(db: Db) -> int:
    """Union-find over the texts (integer arrays), then one cluster written per component of linked
    texts (or single text linking its own items). Returns the number of clusters."""
    ids = np.fromiter((r[0] for r in db.execute("select id from lineage_texts order by id")), dtype=np.int64)
    parent = np.arange(len(ids), dtype=np.int64)

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    for a, b, via, *s in db.execute(_EDGES):
        if linked(a, Spread.of(*s[:4]), b, Spread.of(*s[4:]), via):
            ra, rb = find(int(np.searchsorted(ids, a))), find(int(np.searchsorted(ids, b)))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    roots = _roots(parent)
    alone = np.zeros(len(ids), dtype=bool)
    for tid, *s in db.execute("select id, claim_lo, claim_hi, sent_lo, sent_hi from lineage_texts where claims > 0"):
        if Spread.of(*s).self_linked():
            alone[np.searchsorted(ids, tid)] = True
    sizes = np.bincount(roots, minlength=len(ids))
    members = np.flatnonzero((sizes[roots] > 1) | alone)
    members = members[np.argsort(roots[members], kind="stable")]
    bounds = np.flatnonzero(np.diff(roots[members])) + 1
    groups = np.split(members, bounds) if len(members) else []
    for group in groups:
        clusters.write_cluster(db, sorted(int(t) for t in ids[group]))
    return len(groups)
