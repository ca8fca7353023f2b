"""Clusters of items: connected components of linked texts, kept exact on every write.

Items with one normalised text are one statement (:mod:`.texts`): they are in one cluster. Two texts
are linked when their verdict (``lineage_edges``) links two of their items (different articles, one a
claim: :func:`provenance.lineage.texts.linked`); a cluster is a connected component of linked texts,
or a single text with a claim and items in two articles, and holds all their items.

:func:`add_article` puts a new article's items into their texts (a new text is matched against the
stored bands, one indexed lookup per article) and recomputes the clusters its texts touch;
:func:`remove_article` takes an article out and splits what its items held together;
:func:`provenance.lineage.rebuild.rebuild` recomputes everything from the base tables. A cluster's id
is a hash of its smallest member id, so clusters and their ids depend on the stored articles only.
"""

from __future__ import annotations

from typing import Iterable, Optional

import sqlite_utils

from provenance.lineage import relay, summary
from provenance.lineage.items import items
from provenance.lineage.match import Thresholds, load_thresholds
from provenance.lineage.schema import chunks, marks
from provenance.lineage.texts import Spread, linked, remove_items, add_items, spreads
from provenance.model import stable_id

Db = sqlite_utils.Database


def cluster_id(first_member: str) -> str:
    """A cluster's id, from its smallest member id."""
    return stable_id("cluster", first_member)


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
    if sign < 0:  # the pairs this article credited, each by its key (never a walk of the table)
        db.conn.executemany("delete from lineage_credits where publisher = ? and outlet = ? and articles <= 0",
                            sorted(credits))


def relays_in(db: Db, article_id: str) -> None:
    wire, credits = _article_credits(db, article_id)
    db.execute("insert or replace into lineage_articles (article_id, wire) values (?, ?)", [article_id, wire])
    _add_credits(db, credits, +1)


def add_article(db: Db, article_id: str, thresholds: Optional[Thresholds] = None, *, given=None) -> None:
    """Put the stored article ``article_id`` in. ``given``: its items and band keys as computed where
    its extraction was made (:class:`provenance.lineage.inputs.ArticleInputs`), used when computed
    under this process's settings; else they are computed here from its stored rows."""
    from provenance.lineage.inputs import usable

    th = thresholds or load_thresholds()
    relays_in(db, article_id)
    inputs, given = given, usable(given, th, article_id)
    new = list(inputs.items) if given else list(items(db, th, article_id))
    if not new:
        return
    touched = add_items(db, new, th, inputs.band_keys() if given else None)
    # a touched text can change a cluster only when it is in one, is one, or has a verdict: the rest
    # of the article matches nothing and stays as stored (in no cluster)
    info = spreads(db, touched)
    seeds = {t for t, (_, spread, cid) in info.items() if cid is not None or spread.self_linked()}
    for chunk in chunks(touched):
        seeds.update(r[0] for r in db.execute(
            f"select a from lineage_edges where a in ({marks(len(chunk))}) "
            f"union select b from lineage_edges where b in ({marks(len(chunk))})", [*chunk, *chunk]))
    slow = _join_in_place(db, new, info, seeds)
    if slow:
        recluster(db, sorted(slow))


def _join_in_place(db: Db, new: list, info: dict, seeds: set[int]) -> set[int]:
    """The common case at scale, kept without reading the clusters: the article's items that carry
    texts of a stored cluster (copies of its statements) whose touched texts link no text outside it
    leave its texts as they are, and are its new members, put in place in its timeline
    (:func:`provenance.lineage.summary.insert`) unless they are its new first report. Returns the seeds
    left to :func:`recluster` (texts in no cluster yet, clusters that merge, new first reports), after
    the inserts: a cluster inserted into and then made again is made whole."""
    slow = {t for t in seeds if info[t][2] is None}
    groups: dict[str, set[int]] = {}
    for t in seeds - slow:
        groups.setdefault(info[t][2], set()).add(t)
    if not groups:
        return slow
    found = _neighbours(db, sorted(seeds - slow))
    info.update(spreads(db, {o for _, o, _ in found if o not in info}))
    for t, o, via in found:
        if o in info and info[o][2] != info[t][2] and linked(t, info[t][1], o, info[o][1], via):
            slow |= groups.pop(info[t][2], set())
    text_of = dict(db.execute("select id, text from lineage_items where article_id = ?", [new[0].article_id]).fetchall())
    for cid, texts in sorted(groups.items()):
        if not summary.insert(db, cid, sorted(i for i, t in text_of.items() if t in texts)):
            slow |= texts
    return slow


def remove_article(db: Db, article_id: str) -> None:
    _add_credits(db, _article_credits(db, article_id)[1], -1)
    db.execute("delete from lineage_articles where article_id = ?", [article_id])
    affected = [r[0] for r in db.execute(
        "select distinct cluster_id from lineage_items where article_id = ? and cluster_id is not null", [article_id]
    )]
    remove_items(db, article_id)
    seeds: list[int] = []
    for cid in affected:
        seeds += [r[0] for r in db.execute("select id from lineage_texts where cluster_id = ?", [cid])]
        summary.drop(db, cid)
    if seeds:
        recluster(db, seeds)


def _neighbours(db: Db, ids: list[int]) -> list[tuple[int, int, Optional[int]]]:
    """The verdicts of texts ``ids``: (text, other text, via_sentence)."""
    out = []
    for chunk in chunks(ids):
        m = marks(len(chunk))
        out += db.execute(
            f"select a, b, via_sentence from lineage_edges where a in ({m}) "
            f"union all select b, a, via_sentence from lineage_edges where b in ({m})",
            [*chunk, *chunk],
        ).fetchall()
    return out


def components(db: Db, seeds: Iterable[int]) -> tuple[list[set[int]], dict]:
    """The components of linked texts that hold ``seeds``, and the (norm, spread, cluster) of their texts."""
    info = spreads(db, seeds)
    seen: set[int] = set()
    comps = []
    for seed in sorted(info):
        if seed in seen:
            continue
        comp, frontier = {seed}, [seed]
        while frontier:
            found = _neighbours(db, frontier)
            info.update(spreads(db, {o for _, o, _ in found if o not in info}))
            fresh = {o for t, o, via in found if o not in comp and o in info
                     and linked(t, info[t][1], o, info[o][1], via)}
            comp |= fresh
            frontier = sorted(fresh)
        seen |= comp
        comps.append(comp)
    return comps, info


def is_cluster(texts: set[int], spread: Spread) -> bool:
    """A component of two or more linked texts, or one text whose own items are linked."""
    return len(texts) > 1 or spread.self_linked()


def recluster(db: Db, seeds: list[int]) -> None:
    comps, info = components(db, seeds)
    for comp in comps:
        old = {info[t][2] for t in comp} - {None}
        clustered = is_cluster(comp, info[next(iter(comp))][1])
        if not clustered and not old:
            continue  # matches nothing, and did not before: stored as it is, in no cluster
        for cid in sorted(old):
            summary.drop(db, cid)
        write_cluster(db, sorted(comp), clustered)


def write_cluster(db: Db, texts: list[int], clustered: bool = True) -> Optional[str]:
    """Put the items of ``texts`` into one cluster (or, ``clustered`` false, into none) and write its
    summary. Returns the cluster's id."""
    cid = None
    if clustered:
        first = min(db.execute(f"select min(id) from lineage_items where text in ({marks(len(c))})", c).fetchone()[0]
                    for c in chunks(texts))
        cid = cluster_id(first)
    for chunk in chunks(texts):
        m = marks(len(chunk))
        # only the rows whose cluster changes: a copy joining a cluster of 800 writes one row, not 801
        db.execute(f"update lineage_texts set cluster_id = ? where id in ({m}) and cluster_id is not ?", [cid, *chunk, cid])
        db.execute(f"update lineage_items set cluster_id = ? where text in ({m}) and cluster_id is not ?", [cid, *chunk, cid])
    if cid is not None:
        summary.write(db, cid)
    else:
        for chunk in chunks(texts):
            summary.clear_member(db, [r[0] for r in db.execute(
                f"select id from lineage_items where text in ({marks(len(chunk))})", chunk)])
    return cid


def rebuild(db: Db, thresholds: Optional[Thresholds] = None) -> None:
    """Recompute every lineage table from the base tables (:mod:`provenance.lineage.rebuild`)."""
    from provenance.lineage.rebuild import rebuild as full

    full(db, thresholds)
