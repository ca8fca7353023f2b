#!/usr/bin/env python3
"""Draw the claim pairs to label for the lineage benchmark (see lineage_guidelines.md).

Example (the database ``benchmarks/lineage.py --db`` ingests, or any ingest of PolNeAR train+dev):

    python benchmarks/lineage_candidates.py /tmp/lineage/work.db --out /tmp/lineage/candidates.jsonl

A further round of train pairs only, leaving out those already labelled (how round 4 was drawn):

    python benchmarks/lineage_candidates.py /tmp/lineage/work.db --out /tmp/lineage/round4.jsonl --more 60 30 --exclude benchmarks/lineage_pairs.jsonl

Round 5, train and dev alike, near-misses too:

    python benchmarks/lineage_candidates.py /tmp/lineage/work.db --out /tmp/lineage/round5.jsonl --more 25 10 --more-near 10 --round 5 --splits train dev --exclude benchmarks/lineage_pairs.jsonl

Round 7, train pairs only, from the pairs that share a near-verbatim passage of 8 to 16 tokens (the
region of the verdict's passage bars; see passage_pool()):

    python benchmarks/lineage_candidates.py /tmp/lineage/work.db --out /tmp/lineage/round7.jsonl --round 7 --passage 8 16 50 --exclude benchmarks/lineage_pairs.jsonl

Items are what the product matches (``lineage_items``: claims and claim-less sentences, 5+ words).
Two sources of pairs, both across articles:
1. a loose matcher, much looser than the product: any two items sharing a word trigram that occurs in
   at most 30 items, kept when a loose score (the best of rapidfuzz ratio, partial_ratio and
   token_set_ratio) reaches 55; sampled per score band so that every band is labelled;
2. near-misses from the same story: two items of articles published at most a day apart that share
   three or more content words but score below 55 on the loose score, sampled at random.
The seed is fixed: the same database gives the same pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
from collections import defaultdict
from itertools import combinations

from rapidfuzz import fuzz

#: Between two sentences of a claim's stored text (provenance.lineage.text.BREAK): no word.
BREAK = "|"

STOP = set("""a an the and or but of to in on at for by with from as is are was were be been being it its this that these those
he she they we you i his her their our your him them us not no will would can could should may might has have had do does did
said says say told also than then there here who whom which what when where why how all any some more most about after before
over under into out up down just only so if because while""".split())


#: Pairs drawn per loose-score band (a band is 10 points wide): more from the high bands of dev,
#: where the positives are and dev has few articles.
PER_BAND = {"train": {50: 20, 60: 25, 70: 35, 80: 40, 90: 40}, "dev": {50: 15, 60: 20, 70: 30, 80: 40, 90: 40}}

#: Pairs drawn from the likely ones (see below), in two rounds: the first round (45 + 45) gave too few
#: dev positives, so a second round drew more; the generator is shared by the splits, so the second
#: round's train sample is not a superset of the first's, and both rounds' pairs are labelled. A third
#: round takes every likely dev pair (173), to measure dev recall on more positives.
LIKELY = ({"train": 45, "dev": 45}, {"train": 80, "dev": 100}, {"dev": 173})


def split_of(doc_a: str, doc_b: str) -> str:
    """A pair is a train pair when both its articles are train articles, else a dev pair."""
    return "train" if doc_a.startswith("train/") and doc_b.startswith("train/") else "dev"


def loose(a: str, b: str) -> float:
    short, long_ = sorted((a, b), key=len)
    return max(fuzz.ratio(a, b), fuzz.partial_ratio(short, long_), fuzz.token_set_ratio(a, b))


def location(db, iid: str) -> dict:
    row = db.execute(
        "select i.kind, ar.doc, coalesce(c.content_start, s.start), coalesce(c.content_end, s.end), "
        "coalesce(c.content_text, s.text), c.content_segments "
        "from lineage_items i join articles ar on ar.id = i.article_id "
        "left join claims c on c.id = i.id left join sentences s on s.id = i.id where i.id = ?", [iid]
    ).fetchone()
    kind, doc, start, end, text, segs = row
    if segs:
        text = " ".join(text[s - start : e - start] for s, e in json.loads(segs))
    return {"doc": doc, "kind": kind, "start": start, "end": end, "text": text}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("--out", required=True)
    ap.add_argument("--near-misses", type=int, nargs=2, default=(40, 25), metavar=("TRAIN", "DEV"))
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--passage", type=int, nargs=3, metavar=("LO", "HI", "N"),
                    help="a further round (like --more) of N pairs per split sampled from the loose matcher's pairs "
                         "whose shared passage has LO to HI tokens; see passage_pool()")
    ap.add_argument("--more", type=int, nargs=2, metavar=("LIKELY", "LOOSE90"),
                    help="draw only a further round of pairs (LIKELY from the likely pool, LOOSE90 from the "
                         "loose band 90, per split of --splits), leaving out the pairs labelled in --exclude; see more_round()")
    ap.add_argument("--round", type=int, default=4, help="the round a --more or --passage draw is (its generator: seed + round)")
    ap.add_argument("--splits", nargs="+", default=["train"], choices=("train", "dev"), help="splits a --more or --passage round draws")
    ap.add_argument("--more-near", type=int, default=0, help="near-misses per split a --more round draws too")
    ap.add_argument("--exclude", default=None, help="labelled pairs (jsonl) a --more or --passage round leaves out")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    db = sqlite3.connect(args.db)
    rows = db.execute(
        "select i.id, i.kind, i.article_id, t.norm, a.published, a.doc from lineage_items i join articles a on a.id = i.article_id "
        "join lineage_texts t on t.id = i.text order by i.id"
    ).fetchall()
    rows = [(*r[:3], r[3].replace(f" {BREAK} ", " "), *r[4:]) for r in rows]  # the words, without sentence breaks
    item = {r[0]: r for r in rows}
    index = defaultdict(list)
    for iid, kind, aid, norm, _, _ in rows:
        ws = norm.split()
        for g in {" ".join(ws[i : i + 3]) for i in range(len(ws) - 2)}:
            index[g].append(iid)
    pairs = set()
    for ids in index.values():
        if 2 <= len(ids) <= 30:
            for x, y in combinations(sorted(ids), 2):
                if item[x][2] != item[y][2] and "claim" in (item[x][1], item[y][1]):
                    pairs.add((x, y))
    bands = defaultdict(list)
    for x, y in sorted(pairs):
        s = loose(item[x][3], item[y][3])
        if s >= 55:
            bands[split_of(item[x][5], item[y][5]), min(int(s) // 10 * 10, 90)].append((x, y, s))
    chosen = []
    for split, band in sorted(bands):
        pool, n = bands[split, band], PER_BAND[split][band]
        chosen += [(x, y, s, f"loose {band}") for x, y, s in rng.sample(pool, min(n, len(pool)))]
        print(f"{split} loose band {band}: {len(pool)} pairs, {min(n, len(pool))} drawn")
    # the loose bands are mostly fragments; a third draw, with its own generator, from the pairs a
    # reader would call likely: both items of 6+ words, and one aligned inside the other at 80+
    taken = {(x, y) for x, y, _, _ in chosen}
    likely = defaultdict(list)
    for x, y in sorted(pairs):
        a, b = item[x][3], item[y][3]
        if (x, y) in taken or min(len(a.split()), len(b.split())) < 6:
            continue
        short, long_ = sorted((a, b), key=len)
        if max(fuzz.ratio(a, b), fuzz.partial_ratio(short, long_)) >= 80:
            likely[split_of(item[x][5], item[y][5])].append((x, y, loose(a, b)))
    drawn = set()
    for sizes in LIKELY:  # two rounds, each with a fresh generator; their union is labelled
        likely_rng = random.Random(args.seed + 1)
        for split in sorted(likely):
            pool = likely[split]
            drawn.update(likely_rng.sample(pool, min(sizes.get(split, 0), len(pool))))
    for split in sorted(likely):
        print(f"{split} likely: {len(likely[split])} pairs, {sum(1 for d in drawn if d in set(likely[split]))} drawn")
    chosen += [(x, y, s, "likely") for x, y, s in sorted(drawn)]
    if args.more or args.passage:
        return more_round(db, args, rows, likely, bands, passage_pool(item, pairs, args.passage) if args.passage else {})
    near = near_misses(rows, rng, dict(zip(("train", "dev"), args.near_misses)))
    near = [n[:4] for n in near]
    with open(args.out, "w", encoding="utf-8") as fh:
        for n, (x, y, s, why) in enumerate(sorted(set(chosen + near), key=lambda t: (t[0], t[1]))):
            a, b = location(db, x), location(db, y)
            split = split_of(a["doc"], b["doc"])
            fh.write(json.dumps({"pair": n, "split": split, "drawn_by": why, "loose": round(s, 1), "a": a, "b": b}) + "\n")
    return 0


def near_misses(rows: list, rng: random.Random, wanted: dict[str, int], known=None, seen=None) -> list[tuple]:
    """Random near-misses from the same story: an item, then another of an article published that day or
    the next, kept when both are of different articles, one is a claim, they share three or more content
    words and score under 55 on the loose score; ``wanted`` per split. ``known(x, y)``: leave the pair out
    (labelled or drawn before); ``seen``: a set each drawn pair is added to. Returns
    ``(x, y, loose, "near-miss", split)``."""
    by_date = defaultdict(list)
    for r in rows:
        by_date[r[4]].append(r)
    dates = sorted(d for d in by_date if d)
    near = []
    tries = 0
    while any(sum(n[4] == sp for n in near) < wanted[sp] for sp in wanted) and tries < 500000:
        tries += 1
        d = rng.choice(dates)
        x = rng.choice(by_date[d])
        pool = by_date[d] + by_date.get(_next(d), [])
        y = rng.choice(pool)
        if x[2] == y[2] or "claim" not in (x[1], y[1]):
            continue
        shared = (set(x[3].split()) & set(y[3].split())) - STOP
        sp = split_of(x[5], y[5])
        if len(shared) >= 3 and sum(n[4] == sp for n in near) < wanted[sp] and loose(x[3], y[3]) < 55:
            if known is not None and known(x[0], y[0]):
                continue
            near.append((*sorted((x[0], y[0])), loose(x[3], y[3]), "near-miss", sp))
            if seen is not None:
                seen.add(tuple(sorted((x[0], y[0]))))
    print(f"near-misses: {len(near)} drawn in {tries} tries")
    return near


def passage_pool(item: dict, pairs: set, bounds) -> dict[str, list]:
    """The loose matcher's pairs (any two items of different articles sharing a rare word trigram, one
    of them a claim) whose best shared passage (:func:`provenance.lineage.match.passage`: the stretches
    of their alignment joined across gaps of a word or two, the passage of most weight) has ``LO`` to
    ``HI`` tokens, per split, as ``(x, y, loose score)``. Only the passage's length is read, neither its
    weight nor any threshold or other score of the verdict: the pool is the region the passage bars are
    placed in, not what the verdict decides there."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from provenance.lineage.match import passage, tokens

    lo, hi = bounds[0], bounds[1]
    pool = defaultdict(list)
    for x, y in sorted(pairs):
        a, b = tokens(item[x][3]), tokens(item[y][3])
        if min(len(a), len(b)) < lo:
            continue
        (short, _), (long_, _) = sorted(((a, item[x][3]), (b, item[y][3])), key=lambda t: (len(t[0]), t[1]))  # as the verdict orders them
        if lo <= passage(short, long_)[0] <= hi:
            pool[split_of(item[x][5], item[y][5])].append((x, y, loose(item[x][3], item[y][3])))
    return pool


def more_round(db, args, rows: list, likely: dict, bands: dict, passages: dict) -> int:
    """A further round of pairs, leaving out every pair of ``--exclude`` (same two articles, overlapping
    spans on both sides: the extractor may have moved the labelled items' boundaries since), per split of
    ``--splits``: ``LIKELY`` pairs from the likely pool, ``LOOSE90`` from the loose band 90 and
    ``--more-near`` near-misses from the same story, drawn with the round's own generator (seed + round).
    Round 4 (``--more 60 30``, train only, no near-misses) was drawn after the first labelled set had 47
    train positives only; round 5 (``--round 5 --splits train dev --more 25 10 --more-near 10``) draws
    train and dev alike, after dev had 24 positives; round 7 (``--round 7 --passage 8 16 50``, train only)
    draws 50 pairs from :func:`passage_pool`, after the passage bars had been placed on few train pairs."""
    labelled = defaultdict(list)
    for line in open(args.exclude, encoding="utf-8") if args.exclude else ():
        p = json.loads(line)
        for a, b in ((p["a"], p["b"]), (p["b"], p["a"])):
            labelled[a["doc"], b["doc"]].append((a["start"], a["end"], b["start"], b["end"]))
    where = {}

    def at(iid: str) -> dict:
        if iid not in where:
            where[iid] = location(db, iid)
        return where[iid]

    def known(x: str, y: str) -> bool:
        a, b = at(x), at(y)
        return any(a["start"] < ae and a["end"] > as_ and b["start"] < be and b["end"] > bs
                   for as_, ae, bs, be in labelled.get((a["doc"], b["doc"]), ()))

    rng = random.Random(args.seed + args.round)
    out, seen = [], set()
    tag = f"(round {args.round})"
    more = args.more or (0, 0)
    for split in args.splits:
        for why, pool, n in ((f"likely {tag}", likely[split], more[0]),
                             (f"loose 90 {tag}", bands[split, 90], more[1]),
                             (f"passage {tag}", passages.get(split, []), args.passage[2] if args.passage else 0)):
            if not n:
                continue
            fresh = [(x, y, s) for x, y, s in sorted(pool) if (x, y) not in seen and not known(x, y)]
            picked = rng.sample(fresh, min(n, len(fresh)))
            print(f"round {args.round}, {split} {why}: {len(pool)} pairs, {len(fresh)} not labelled, {len(picked)} drawn")
            out += [(x, y, s, why) for x, y, s in picked]
            seen.update((x, y) for x, y, _ in picked)
    if args.more_near:
        wanted = {split: args.more_near for split in args.splits}
        drawn = lambda x, y: tuple(sorted((x, y))) in seen or known(x, y)  # noqa: E731

        for x, y, s, _, _ in near_misses(rows, rng, wanted, drawn, seen):
            out.append((x, y, s, f"near-miss {tag}"))
    with open(args.out, "w", encoding="utf-8") as fh:
        for x, y, s, why in sorted(out, key=lambda t: (t[0], t[1])):
            a, b = at(x), at(y)
            fh.write(json.dumps({"split": split_of(a["doc"], b["doc"]), "drawn_by": why, "loose": round(s, 1), "a": a, "b": b}) + "\n")
    return 0


def _next(date: str) -> str:
    import datetime

    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).isoformat()


if __name__ == "__main__":
    raise SystemExit(main())
