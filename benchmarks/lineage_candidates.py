#!/usr/bin/env python3
"""Draw the claim pairs to label for the lineage benchmark (see lineage_guidelines.md).

Example (the database ``benchmarks/lineage.py --db`` ingests, or any ingest of PolNeAR train+dev):

    python benchmarks/lineage_candidates.py /tmp/lineage/work.db --out /tmp/lineage/candidates.jsonl

A further round of train pairs only, leaving out those already labelled (how round 4 was drawn):

    python benchmarks/lineage_candidates.py /tmp/lineage/work.db --out /tmp/lineage/round4.jsonl --more 60 30 --exclude benchmarks/lineage_pairs.jsonl

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
    ap.add_argument("--more", type=int, nargs=2, metavar=("LIKELY", "LOOSE90"),
                    help="draw only a further round of train pairs (LIKELY from the likely pool, LOOSE90 from the "
                         "loose band 90), leaving out the pairs labelled in --exclude; see more_train()")
    ap.add_argument("--exclude", default=None, help="labelled pairs (jsonl) a --more round leaves out")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    db = sqlite3.connect(args.db)
    rows = db.execute(
        "select i.id, i.kind, i.article_id, t.norm, a.published, a.doc from lineage_items i join articles a on a.id = i.article_id "
        "join lineage_texts t on t.id = i.text order by i.id"
    ).fetchall()
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
    if args.more:
        return more_train(db, args, likely["train"], bands["train", 90])
    # near-misses: same story (published a day apart at most), shared content words, low loose score
    by_date = defaultdict(list)
    for r in rows:
        by_date[r[4]].append(r)
    dates = sorted(d for d in by_date if d)
    near = []
    tries = 0
    wanted = dict(zip(("train", "dev"), args.near_misses))
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
            near.append((*sorted((x[0], y[0])), loose(x[3], y[3]), "near-miss", sp))
    print(f"near-misses: {len(near)} drawn in {tries} tries")
    near = [n[:4] for n in near]
    with open(args.out, "w", encoding="utf-8") as fh:
        for n, (x, y, s, why) in enumerate(sorted(set(chosen + near), key=lambda t: (t[0], t[1]))):
            a, b = location(db, x), location(db, y)
            split = split_of(a["doc"], b["doc"])
            fh.write(json.dumps({"pair": n, "split": split, "drawn_by": why, "loose": round(s, 1), "a": a, "b": b}) + "\n")
    return 0


def more_train(db, args, likely: list, band90: list) -> int:
    """A further round of **train** pairs (after the first labelled set had 47 train positives only):
    ``LIKELY`` pairs from the likely pool and ``LOOSE90`` from the loose band 90, drawn with their own
    generator (seed + 4), leaving out every pair of ``--exclude`` (same two articles, overlapping spans on
    both sides: the extractor may have moved the labelled items' boundaries since)."""
    labelled = defaultdict(list)
    for line in open(args.exclude, encoding="utf-8") if args.exclude else ():
        p = json.loads(line)
        for a, b in ((p["a"], p["b"]), (p["b"], p["a"])):
            labelled[a["doc"], b["doc"]].append((a["start"], a["end"], b["start"], b["end"]))

    def known(a: dict, b: dict) -> bool:
        return any(a["start"] < ae and a["end"] > as_ and b["start"] < be and b["end"] > bs
                   for as_, ae, bs, be in labelled.get((a["doc"], b["doc"]), ()))

    rng = random.Random(args.seed + 4)
    out = []
    for why, pool, n in (("likely (round 4)", likely, args.more[0]), ("loose 90 (round 4)", band90, args.more[1])):
        fresh = [(x, y, s) for x, y, s in sorted(pool) if not known(location(db, x), location(db, y))]
        picked = rng.sample(fresh, min(n, len(fresh)))
        print(f"round 4, train {why}: {len(pool)} pairs, {len(fresh)} not labelled, {len(picked)} drawn")
        out += [(x, y, s, why) for x, y, s in picked]
    with open(args.out, "w", encoding="utf-8") as fh:
        for x, y, s, why in sorted(out, key=lambda t: (t[0], t[1])):
            a, b = location(db, x), location(db, y)
            fh.write(json.dumps({"split": split_of(a["doc"], b["doc"]), "drawn_by": why, "loose": round(s, 1), "a": a, "b": b}) + "\n")
    return 0


def _next(date: str) -> str:
    import datetime

    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=1)).isoformat()


if __name__ == "__main__":
    raise SystemExit(main())
