"""Clusters of items: connected components of verified pairs, kept exact on every write.

:func:`add_article` matches a new article's items against the stored LSH bands (one indexed lookup
per article; the article's own items are skipped), verifies each candidate (:func:`provenance.lineage.match.same`), stores the pairs and
recomputes the clusters its items touch; :func:`remove_article` takes an article out and splits what
its items held together; :func:`rebuild` recomputes everything from the base tables (networkx).
A pair is two items of different articles, at least one of them a claim. A cluster's id is a hash
of its smallest member id, so clusters and their ids depend on the stored articles only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional

import networkx as nx
import sqlite_utils

from provenance.lineage import relay, schema, signature, summary, text
from provenance.lineage.items import Item, items
from provenance.lineage.match import Thresholds, load_thresholds, same
from provenance.model import stable_id

Db = sqlite_utils.Database
CHUNK = 500


def cluster_id(members: Iterable[str]) -> str:
    return stable_id("cluster", min(members))


def _chunks(seq: list, n: int = CHUNK):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def _store_items(db: Db, new: list[Item]) -> dict[str, list[int]]:
    keys = {it.id: signature.band_keys(text.shingles(it.norm)) for it in new}
    db.conn.executemany(
        "insert or replace into lineage_items (id, kind, article_id, sentence_id, norm, words, cluster_id) "
        "values (?, ?, ?, ?, ?, ?, null)",
        ((it.id, it.kind, it.article_id, it.sentence_id, it.norm, it.words) for it in new),
    )
    # in key order: neighbouring inserts land on the same B-tree pages
    db.conn.executemany(
        "insert or ignore into lineage_bands (key, item) values (?, ?)",
        sorted({(k, schema.item_int(it.id)) for it in new for k in keys[it.id]}),
    )
    return keys


def _pairable(kind_a: str, kind_b: str) -> bool:
    return kind_a == "claim" or kind_b == "claim"


def _edge(a: str, b: str, score: float) -> dict:
    a, b = sorted((a, b))
    return {"a": a, "b": b, "score": round(score, 2)}


NO_PUBLISHER = "(no publisher)"


def _article_credits(db: Db, article_id: str) -> tuple[Optional[str], dict[tuple[str, str], int]]:
    """The wire service of an article, and its credits: (publisher, outlet) -> claims."""
    row = db.execute("select publisher, text from articles where id = ?", [article_id]).fetchone()
    if row is None:
        return None, {}
    publisher, wire = row[0] or NO_PUBLISHER, relay.wire_service(row[1])
    credits: dict[tuple[str, str], int] = {}
    for name, n in db.execute(
        "select s.name, count(*) from claims c join sources s on s.id = c.source_id "
        "where c.article_id = ? and c.source_kind = 'publication' group by s.name", [article_id]
    ):
        credits[publisher, name] = n
    if wire:
        n = db.execute("select count(*) from claims where article_id = ?", [article_id]).fetchone()[0]
        credits[publisher, wire] = max(credits.get((publisher, wire), 0), n)
    return wire, credits


def _add_credits(db: Db, credits: dict[tuple[str, str], int], sign: int) -> None:
    db.conn.executemany(
        "insert into lineage_credits (publisher, outlet, claims, articles) values (?, ?, ?, ?) "
        "on conflict (publisher, outlet) do update set claims = claims + excluded.claims, articles = articles + excluded.articles",
        ((p, o, sign * n, sign) for (p, o), n in sorted(credits.items())),
    )
    if sign < 0:
        db.execute("delete from lineage_credits where articles <= 0")


def _relays_in(db: Db, article_id: str) -> None:
    wire, credits = _article_credits(db, article_id)
    db.execute("insert or replace into lineage_articles (article_id, wire) values (?, ?)", [article_id, wire])
    _add_credits(db, credits, +1)


def add_article(db: Db, article_id: str, thresholds: Optional[Thresholds] = None) -> None:
    th = thresholds or load_thresholds()
    _relays_in(db, article_id)
    new = list(items(db, th, article_id))
    if not new:
        return
    keys = _store_items(db, new)
    by_key: dict[int, list[Item]] = defaultdict(list)
    for it in new:
        for k in keys[it.id]:
            by_key[k].append(it)
    mine = {it.id: it for it in new}
    candidates: set[tuple[str, str]] = set()
    for chunk in _chunks(sorted(by_key)):
        rows = db.execute(
            f"select key, item from lineage_bands where key in ({','.join('?' * len(chunk))})", chunk
        )
        for key, other in rows:
            other = schema.item_str(other)
            if other in mine:
                continue  # the article's own items (an article's items are never paired)
            for it in by_key[key]:
                candidates.add((it.id, other))
    others = sorted({o for _, o in candidates})
    found: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(others):
        for oid, kind, norm in db.execute(
            f"select id, kind, norm from lineage_items where id in ({','.join('?' * len(chunk))})", chunk
        ):
            found[oid] = (kind, norm)
    edges = []
    for iid, oid in sorted(candidates):
        kind, norm = found[oid]
        if not _pairable(mine[iid].kind, kind):
            continue
        score = same(mine[iid].norm, norm, th, (mine[iid].kind, kind))
        if score is not None:
            edges.append(_edge(iid, oid, score))
    db.conn.executemany("insert or replace into lineage_edges (a, b, score) values (:a, :b, :score)", edges)
    # only items with a new pair can change a cluster: the rest of the article matches nothing and stays
    # as stored (in no cluster)
    _recluster(db, sorted({e["a"] for e in edges} | {e["b"] for e in edges}))


def remove_article(db: Db, article_id: str) -> None:
    _add_credits(db, _article_credits(db, article_id)[1], -1)
    db.execute("delete from lineage_articles where article_id = ?", [article_id])
    affected = [r[0] for r in db.execute(
        "select distinct cluster_id from lineage_items where article_id = ? and cluster_id is not null", [article_id]
    )]
    mine = "select id from lineage_items where article_id = ?"
    db.execute(f"delete from lineage_edges where a in ({mine}) or b in ({mine})", [article_id, article_id])
    gone = db.execute("select id, norm from lineage_items where article_id = ?", [article_id]).fetchall()
    db.conn.executemany(
        "delete from lineage_bands where key = ? and item = ?",
        sorted({(k, schema.item_int(iid)) for iid, norm in gone for k in signature.band_keys(text.shingles(norm))}),
    )
    db.execute("delete from lineage_items where article_id = ?", [article_id])
    remaining: list[str] = []
    for cid in affected:
        remaining += [r[0] for r in db.execute("select id from lineage_items where cluster_id = ?", [cid])]
        db.execute("delete from lineage_clusters where id = ?", [cid])
    if remaining:
        _recluster(db, remaining)


def _neighbours(db: Db, ids: list[str]) -> set[str]:
    out: set[str] = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        out.update(r[0] for r in db.execute(
            f"select b from lineage_edges where a in ({marks}) union select a from lineage_edges where b in ({marks})",
            [*chunk, *chunk],
        ))
    return out


def _components(db: Db, seeds: Iterable[str]) -> list[set[str]]:
    seen: set[str] = set()
    comps = []
    for seed in sorted(seeds):
        if seed in seen:
            continue
        comp, frontier = {seed}, [seed]
        while frontier:
            fresh = _neighbours(db, frontier) - comp
            comp |= fresh
            frontier = sorted(fresh)
        seen |= comp
        comps.append(comp)
    return comps


def _recluster(db: Db, seeds: list[str]) -> None:
    comps = _components(db, seeds)
    current: dict[str, Optional[str]] = {}
    for chunk in _chunks(sorted(set().union(*comps))):
        current.update(db.execute(
            f"select id, cluster_id from lineage_items where id in ({','.join('?' * len(chunk))})", chunk
        ).fetchall())
    for comp in comps:
        old = {current.get(i) for i in comp} - {None}
        if len(comp) == 1 and not old:
            continue  # a new item that matches nothing: stored as it is, in no cluster
        for cid in sorted(old):
            db.execute("delete from lineage_clusters where id = ?", [cid])
        _write_cluster(db, sorted(comp))


def _write_cluster(db: Db, members: list[str]) -> None:
    cid = cluster_id(members) if len(members) > 1 else None
    for chunk in _chunks(members):
        db.execute(
            f"update lineage_items set cluster_id = ? where id in ({','.join('?' * len(chunk))})", [cid, *chunk]
        )
    if cid is not None:
        summary.write(db, cid)
    else:
        summary.clear_member(db, members)


def rebuild(db: Db, thresholds: Optional[Thresholds] = None) -> None:
    """Recompute every lineage table from the base tables."""
    th = thresholds or load_thresholds()
    schema.create(db)
    schema.clear(db)
    for (article_id,) in db.execute("select id from articles order by id").fetchall():
        _relays_in(db, article_id)
    everything = list(items(db, th))
    _store_items(db, everything)
    kinds = {it.id: it for it in everything}
    pairs = db.execute(
        "select distinct x.item, y.item from lineage_bands x join lineage_bands y on x.key = y.key and x.item < y.item"
    ).fetchall()
    graph = nx.Graph()
    edges = []
    for a, b in pairs:
        a, b = schema.item_str(a), schema.item_str(b)
        ia, ib = kinds[a], kinds[b]
        if ia.article_id == ib.article_id or not _pairable(ia.kind, ib.kind):
            continue
        score = same(ia.norm, ib.norm, th, (ia.kind, ib.kind))
        if score is not None:
            edges.append(_edge(a, b, score))
            graph.add_edge(a, b)
    db.conn.executemany("insert or replace into lineage_edges (a, b, score) values (:a, :b, :score)", edges)
    for comp in nx.connected_components(graph):
        _write_cluster(db, sorted(comp))
