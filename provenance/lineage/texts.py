"""Texts: the distinct normalised texts of the items, each matched once however many items carry it.

N verbatim copies of a statement (wire copy, a quote every outlet prints) are one row of
``lineage_texts``: one set of band rows, one verdict against each candidate text. An item joins its
text by an indexed lookup on the text's hash (:func:`provenance.lineage.schema.text_id`).

What the verdicts depend on is kept apart from what the items are:

- ``lineage_edges`` holds the verdict on every candidate pair of texts (a shared band key) of which at
  least one text is a claim's (``claims > 0``): a function of the texts alone, computed when a text
  appears (or first carries a claim), deleted when it goes (or carries no claim any more);
- whether a verdict links two items of *different* articles, at least one a claim (:func:`linked`),
  is read from each text's :class:`Spread` (the first and last article of its claim items and of its
  sentence items) when clusters are made: adding or removing a copy changes a spread, never a verdict.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional

import attrs
import sqlite_utils

from provenance.lineage import textids
from provenance.lineage.schema import chunks, marks
from provenance.lineage.inputs import band_keys
from provenance.lineage.items import Item
from provenance.lineage.match import Thresholds, decide, scores

Db = sqlite_utils.Database


# --- which items of two texts a verdict links ---------------------------------------------------

Span = Optional[tuple[str, str]]  # (first, last) article id of a set of items; None when empty


def _apart(x: Span, y: Span) -> bool:
    """Whether an article of set ``x`` and a different article of set ``y`` exist."""
    return x is not None and y is not None and not (x[0] == x[1] == y[0] == y[1])


def _union(x: Span, y: Span) -> Span:
    if x is None or y is None:
        return x or y
    return (min(x[0], y[0]), max(x[1], y[1]))


@attrs.frozen
class Spread:
    """Where a text's items are: the first and last article of its claims and of its sentences."""

    claims: Span = None
    sentences: Span = None

    @classmethod
    def of(cls, claim_lo, claim_hi, sent_lo, sent_hi) -> "Spread":
        return cls(None if claim_lo is None else (claim_lo, claim_hi), None if sent_lo is None else (sent_lo, sent_hi))

    @property
    def articles(self) -> Span:
        return _union(self.claims, self.sentences)

    def self_linked(self) -> bool:
        """Two items of this text in different articles, one a claim: the text is a cluster of its own."""
        return _apart(self.claims, self.articles)


def linked(a: int, sa: Spread, b: int, sb: Spread, via_sentence: Optional[int]) -> bool:
    """Whether the verdict between texts ``a`` and ``b`` (with these spreads) links two of their items:
    items of different articles, at least one a claim. When the verdict holds only for a sentence item
    of the shorter text (``via_sentence``, its id), a sentence of that text and a claim of the other."""
    if via_sentence is None:
        return _apart(sa.claims, sb.articles) or _apart(sa.articles, sb.claims)
    short, long_ = (sa, sb) if via_sentence == a else (sb, sa)
    return _apart(short.sentences, long_.claims)


# --- verdicts -----------------------------------------------------------------------------------


def verdict(norm_a: str, norm_b: str, th: Thresholds) -> Optional[tuple[float, bool]]:
    """(score, only_as_sentence) when two distinct texts report the same statement, for some kinds of
    items carrying them; ``only_as_sentence``: only when the shorter is a sentence's (the rule for a
    whole sentence found in a claim). None when they never do."""
    s = scores(norm_a, norm_b, ("claim", "claim"))
    found = decide(s, th)
    if found is not None:
        return round(found, 2), False
    found = decide(attrs.evolve(s, short_is_sentence=True), th)
    return (round(found, 2), True) if found is not None else None


def shorter(norm_a: str, norm_b: str) -> str:
    """The shorter of two distinct texts, as :func:`provenance.lineage.match.scores` orders them."""
    return min(norm_a, norm_b, key=lambda t: (len(t), t))


def edge_row(ida: int, norma: str, idb: int, normb: str, th: Thresholds) -> Optional[tuple]:
    found = verdict(norma, normb, th)
    if found is None:
        return None
    score, only_sentence = found
    via = (ida if shorter(norma, normb) == norma else idb) if only_sentence else None
    a, b = sorted((ida, idb))
    return (a, b, score, via)


# --- adding and removing an article's items -----------------------------------------------------

_INFO = "select id, norm, claims, claim_lo, claim_hi, sent_lo, sent_hi from lineage_texts where id in ({})"


def add_items(db: Db, new: list[Item], th: Thresholds, given: Optional[dict[int, tuple[int, ...]]] = None) -> list[int]:
    """Store one article's items: each joins its text (made if new: bands, then verdicts against the
    candidates). ``given``: band keys by text id, computed with the article's extraction
    (:mod:`provenance.lineage.inputs`); the others are computed here. Returns the ids of the texts the
    article touched."""
    groups: dict[int, list[Item]] = defaultdict(list)
    assigned = textids.assign(db, (it.norm for it in new))  # the words compared: two texts never merge
    for it in new:
        groups[assigned[it.norm]].append(it)
    ids = sorted(groups)
    before: dict[int, tuple] = {}
    for chunk in chunks(ids):
        for row in db.execute(_INFO.format(marks(len(chunk))), chunk):
            before[row[0]] = row
    db.conn.executemany(
        "insert or replace into lineage_items (id, kind, article_id, sentence_id, text, cluster_id) "
        "values (?, ?, ?, ?, ?, null)",
        ((it.id, it.kind, it.article_id, it.sentence_id, tid) for tid in ids for it in groups[tid]),
    )
    fresh, claimed = [], []
    for tid in ids:
        its = groups[tid]
        aid = its[0].article_id
        n_claims = sum(it.kind == "claim" for it in its)
        has_sentence = any(it.kind == "sentence" for it in its)
        if tid not in before:
            fresh.append(tid)
            db.execute(
                "insert into lineage_texts (id, norm, words, items, claims, claim_lo, claim_hi, sent_lo, sent_hi) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [tid, its[0].norm, its[0].words, len(its), n_claims, *((aid, aid) if n_claims else (None, None)),
                 *((aid, aid) if has_sentence else (None, None))],
            )
            continue
        if before[tid][2] == 0 and n_claims:
            claimed.append(tid)
        db.execute(
            "update lineage_texts set items = items + ?, claims = claims + ?, "
            "claim_lo = case when ? then min(coalesce(claim_lo, ?), ?) else claim_lo end, "
            "claim_hi = case when ? then max(coalesce(claim_hi, ?), ?) else claim_hi end, "
            "sent_lo = case when ? then min(coalesce(sent_lo, ?), ?) else sent_lo end, "
            "sent_hi = case when ? then max(coalesce(sent_hi, ?), ?) else sent_hi end where id = ?",
            [len(its), n_claims, n_claims > 0, aid, aid, n_claims > 0, aid, aid,
             has_sentence, aid, aid, has_sentence, aid, aid, tid],
        )
    keys = textids.band_keys_of({tid: groups[tid][0].norm for tid in fresh + claimed}, given, assigned)
    _match(db, keys, set(fresh), before, th)  # before the fresh texts' rows are in: a lookup never returns them
    # in key order: neighbouring inserts land on the same B-tree pages
    db.conn.executemany(
        "insert or ignore into lineage_bands (key, text) values (?, ?)",
        sorted({(k, tid) for tid in fresh for k in keys[tid]}),
    )
    return ids


def _match(db: Db, keys: dict[int, list[int]], fresh: set[int], before: dict[int, tuple], th: Thresholds) -> None:
    """Verdicts of the texts that appeared (``fresh``) or first carry a claim (the other ``keys``)
    against their candidates, for the pairs not yet judged: a pair was judged when both texts were
    there and one of them carried a claim. Called before the fresh texts' keys are stored: their
    candidates are the stored texts sharing a key, and each other (a key in two of ``keys``)."""
    if not keys:
        return
    by_key: dict[int, list[int]] = defaultdict(list)
    for tid, ks in keys.items():
        for k in ks:
            by_key[k].append(tid)
    candidates: set[tuple[int, int]] = set()
    for tids in by_key.values():
        if len(tids) > 1:
            candidates.update((a, b) for a in tids for b in tids if a < b)
    for chunk in chunks(sorted(by_key)):
        for key, other in db.execute(f"select key, text from lineage_bands where key in ({marks(len(chunk))})", chunk):
            for tid in by_key[key]:
                if other != tid:
                    candidates.add((min(tid, other), max(tid, other)))
    involved = sorted({t for pair in candidates for t in pair})
    info: dict[int, tuple[str, int]] = {}
    for chunk in chunks(involved):
        for tid, norm, claims in db.execute(
            f"select id, norm, claims from lineage_texts where id in ({marks(len(chunk))})", chunk
        ):
            info[tid] = (norm, claims)

    def had_claims(tid: int) -> bool:
        return (before[tid][2] if tid in before else info[tid][1]) > 0

    edges = []
    for a, b in sorted(candidates):
        if not (info[a][1] or info[b][1]):
            continue  # neither carries a claim: two sentences are never paired
        if a not in fresh and b not in fresh and (had_claims(a) or had_claims(b)):
            continue  # judged before
        row = edge_row(a, info[a][0], b, info[b][0], th)
        if row is not None:
            edges.append(row)
    db.conn.executemany("insert or replace into lineage_edges (a, b, score, via_sentence) values (?, ?, ?, ?)", edges)


def remove_items(db: Db, article_id: str) -> list[int]:
    """Take one article's items out of their texts; a text left with no item goes (its bands and
    verdicts with it), one left with no claim loses its verdicts against texts without claims.
    Returns the ids of the texts that remain."""
    rows = db.execute("select text, kind from lineage_items where article_id = ?", [article_id]).fetchall()
    if not rows:
        return []
    db.execute("delete from lineage_items where article_id = ?", [article_id])
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for tid, kind in rows:
        counts[tid][0] += 1
        counts[tid][1] += kind == "claim"
    gone, unclaimed, kept = [], [], []
    for tid in sorted(counts):
        n, c = counts[tid]
        items_left, claims_left, claims_before, norm = db.execute(
            "select items - ?, claims - ?, claims, norm from lineage_texts where id = ?", [n, c, tid]
        ).fetchone()
        if items_left <= 0:
            gone.append((tid, norm))
            continue
        kept.append(tid)
        spans = [_span(db, tid, kind) for kind in ("claim", "sentence")]
        db.execute(
            "update lineage_texts set items = ?, claims = ?, claim_lo = ?, claim_hi = ?, sent_lo = ?, sent_hi = ? "
            "where id = ?",
            [items_left, claims_left, *(spans[0] or (None, None)), *(spans[1] or (None, None)), tid],
        )
        if claims_before > 0 and claims_left == 0:
            unclaimed.append(tid)
    for tid, norm in gone:
        db.execute("delete from lineage_text_collisions where id = ?", [tid])
        db.execute("delete from lineage_edges where a = ? or b = ?", [tid, tid])
        db.execute("delete from lineage_texts where id = ?", [tid])
    db.conn.executemany(
        "delete from lineage_bands where key = ? and text = ?",
        sorted({(k, tid) for tid, norm in gone for k in band_keys(norm)}),
    )
    for tid in unclaimed:  # after every count is updated: two texts that both lost their claims
        # the text's own verdicts, each other text looked up by its key (never a walk of every text)
        db.execute(
            "delete from lineage_edges where a = ? and (select claims from lineage_texts where id = b) = 0", [tid]
        )
        db.execute(
            "delete from lineage_edges where b = ? and (select claims from lineage_texts where id = a) = 0", [tid]
        )
    return kept


def _span(db: Db, tid: int, kind: str) -> Span:
    lo = db.execute("select min(article_id) from lineage_items where text = ? and kind = ?", [tid, kind]).fetchone()[0]
    if lo is None:
        return None
    hi = db.execute("select max(article_id) from lineage_items where text = ? and kind = ?", [tid, kind]).fetchone()[0]
    return (lo, hi)


def spreads(db: Db, ids: Iterable[int]) -> dict[int, tuple[str, Spread, Optional[str]]]:
    """(norm, spread, cluster id) of these texts."""
    out = {}
    for chunk in chunks(sorted(set(ids))):
        for tid, norm, lo1, hi1, lo2, hi2, cid in db.execute(
            f"select id, norm, claim_lo, claim_hi, sent_lo, sent_hi, cluster_id from lineage_texts "
            f"where id in ({marks(len(chunk))})", chunk
        ):
            out[tid] = (norm, Spread.of(lo1, hi1, lo2, hi2), cid)
    return out
