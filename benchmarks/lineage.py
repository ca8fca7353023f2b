#!/usr/bin/env python3
"""Claim lineage on PolNeAR: pair precision/recall on labelled pairs, clusters, relays, and what
clustering adds to ingest time.

Example (repository root, project virtual environment):

    python benchmarks/lineage.py ../shared/polnear

1. ingests PolNeAR train+dev (text and metadata.tsv: publisher, date, title) into a fresh database with
   the product's ingest, timing the lineage derivation inside it (same run: the share of ingest time
   spent clustering; ``--db`` with ``--reuse`` skips this and rebuilds the lineage tables instead);
2. reads the labelled pairs (``benchmarks/lineage_pairs.jsonl``, judged by
   ``benchmarks/lineage_guidelines.md``), each claim's text cut where its article's sentences begin (as
   the database's sentences say: :class:`Breaks`), and tunes the thresholds of
   :mod:`provenance.lineage.match` on the **train** pairs only (grid search: best F1 with precision
   >= 95%; ``--write-thresholds`` saves them to ``provenance/data/lineage.json``);
3. scores the verdict on the **dev** pairs (a dev pair has at least one dev article);
4. scores the clusters on the dev pairs (two items are "same" when they end up in one cluster: LSH
   candidates and transitivity included), and prints cluster figures.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import difflib
import itertools
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from provenance import derived  # noqa: E402
from provenance.lineage import clusters, text  # noqa: E402
from provenance.lineage.match import DEFAULT_THRESHOLDS, Thresholds, decide, load_thresholds, same, scores, tokens  # noqa: E402
from rapidfuzz.distance import LCSseq  # noqa: E402
import provenance.store  # noqa: E402,F401  (registers the lineage derivation)

PAIRS = Path(__file__).resolve().parent / "lineage_pairs.jsonl"


def read_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(gold: list[bool], pred: list[bool]) -> dict:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


class Breaks:
    """The normalised text of a labelled item as the product would make it: a claim's words with
    :data:`provenance.lineage.text.BREAK` where a sentence of its article begins (the sentences stored in
    ``db``; a claim-less sentence is one piece). The pair file holds the item's text (a split content
    joined) and its hull's offsets, not its segments: each sentence start inside the hull is carried to
    the labelled words by aligning the hull's words with them (``difflib``), a start inside words the
    labelled text leaves out falling at the next word it keeps. Without ``db``: no breaks."""

    def __init__(self, db=None):
        self.db = db
        self.cache: dict[tuple, str] = {}

    def norm(self, item: dict) -> str:
        key = (item["doc"], item["kind"], item["start"], item["end"])
        if key not in self.cache:
            self.cache[key] = self._norm(item)
        return self.cache[key]

    def _norm(self, item: dict) -> str:
        labelled = text.words(item["text"])
        if self.db is None or item["kind"] != "claim":
            return " ".join(labelled)
        row = self.db.execute("select id, text from articles where doc = ?", [item["doc"]]).fetchone()
        if row is None:
            return " ".join(labelled)
        aid, body = row
        start, end = item["start"], item["end"]
        hull_cuts = [len(text.words(body[start:b])) for (b,) in self.db.execute(
            "select start from sentences where article_id = ? and start > ? and start < ? order by start", [aid, start, end])]
        hull = text.words(body[start:end])
        blocks = difflib.SequenceMatcher(None, hull, labelled, autojunk=False).get_matching_blocks()
        cuts = set()
        for c in hull_cuts:
            for i, j, n in blocks:  # the first block reaching past the cut: its word at the cut, or its first
                if i + n > c:
                    cuts.add(j + max(0, c - i))
                    break
        bounds = [0, *sorted(k for k in cuts if 0 < k < len(labelled)), len(labelled)]
        return text.normalise_pieces(" ".join(labelled[a:b]) for a, b in zip(bounds, bounds[1:]))


def verdicts(pairs: list[dict], th: Thresholds, breaks: Breaks | None = None) -> list[bool]:
    breaks = breaks or Breaks()
    return [same(breaks.norm(p["a"]), breaks.norm(p["b"]), th, (p["a"]["kind"], p["b"]["kind"])) is not None
            for p in pairs]


#: The grid searched by :func:`tune`: each rule's thresholds (see provenance.lineage.match.decide).
GRID = {
    "min_words": (5, 6),
    "ratio": (80, 85, 90, 95),
    "part_aligned": (75, 80, 85, 90, 95, 97.5, 99, 100),
    "part_info": (8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 999),
    "sentence_aligned": (70, 75, 80, 85, 90, 95, 97.5, 99, 100, 101),
    "sentence_info": (3, 4, 5, 5.5, 6, 6.5, 7, 8, 10),
    "passage_words": (8, 10, 12, 14, 16, 20, 999),
    "passage_info": (10, 12, 14, 16, 18, 20, 25, 30, 999),
    # the whole ratio's values, stricter ones and off; the part and sentence rules' weights
    "piece_ratio": (80, 85, 90, 95, 97.5, 100, 101),
    "piece_info": (3, 4, 5, 5.5, 6, 6.5, 7, 8, 10, 12, 14, 16),
}
#: The rules, each with the thresholds it reads (min_words aside, which every rule reads).
RULES = (("ratio",), ("part_aligned", "part_info"), ("sentence_aligned", "sentence_info"),
         ("passage_words", "passage_info"), ("piece_ratio", "piece_info"))


def tune(train: list[dict], min_precision: float = 0.95, breaks: Breaks | None = None) -> tuple[Thresholds, dict]:
    """Grid search on the train pairs: the best F1 with precision >= ``min_precision``; on ties the
    stricter setting (higher thresholds: fewer surprises on new text). ``breaks``: the claims' sentence
    breaks (none without it)."""
    breaks = breaks or Breaks()
    all_scores = [scores(breaks.norm(p["a"]), breaks.norm(p["b"]), (p["a"]["kind"], p["b"]["kind"])) for p in train]
    return tune_scores(all_scores, [p["same"] for p in train], min_precision)


def tune_scores(all_scores: list, gold: list[bool], min_precision: float = 0.95, grid: dict | None = None) -> tuple[Thresholds, dict]:
    """:func:`tune` on the pairs' :class:`Scores` and labels. The rules are or-ed, so each rule's verdicts
    are computed once per setting of its own thresholds, as bit masks over the pairs; of the settings of
    one rule that accept the same pairs only the stricter (the greatest values) is kept, which is the one
    the tie rule would pick (same result as searching them all, faster). ``grid`` replaces :data:`GRID`."""
    grid = grid or GRID
    gold_mask = sum(1 << i for i, g in enumerate(gold) if g)
    off = {"ratio": 101, "part_aligned": 101, "sentence_aligned": 101, "passage_words": 10**6, "piece_ratio": 101}
    best = None
    for min_words in grid["min_words"]:
        masks = []
        for names in RULES:
            options: dict[int, tuple] = {}
            for values in itertools.product(*(grid[n] for n in names)):
                th = Thresholds(min_words=min_words, **{**off, **dict(zip(names, values))})
                mask = sum(1 << i for i, s in enumerate(all_scores) if decide(s, th) is not None)
                if mask not in options or values > options[mask]:
                    options[mask] = values
            masks.append([(values, mask) for mask, values in options.items()])
        # the rules one after another, keeping for each distinct union of accepted pairs only the greatest
        # settings so far: the tie rule compares settings in rule order, so of two partial settings with
        # the same union the greater wins whatever follows (same result as every combination, far faster)
        unions: dict[int, tuple] = {0: ()}
        for options in masks:
            step: dict[int, tuple] = {}
            for union, combo in unions.items():
                for values, m in options:
                    u, c = union | m, (*combo, (values, m))
                    if u not in step or [v for v, _ in c] > [v for v, _ in step[u]]:
                        step[u] = c
            unions = step
        for mask, combo in unions.items():
            tp = bin(mask & gold_mask).count("1")
            fp = bin(mask).count("1") - tp
            fn = bin(gold_mask).count("1") - tp
            p = tp / (tp + fp) if tp + fp else 1.0
            if p < min_precision:
                continue
            r = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            key = (round(f1, 6), min_words, *(v for values, _ in combo for v in values))
            if best is None or key > best[0]:
                best = (key, min_words, combo)
    if best is None:
        raise SystemExit(f"no threshold setting reaches precision {min_precision:.0%} on the train pairs")
    _, min_words, combo = best
    th = Thresholds(min_words=min_words, **{n: v for names, (values, _) in zip(RULES, combo) for n, v in zip(names, values)})
    return th, prf(gold, [decide(s, th) is not None for s in all_scores])


def polnear_records(root: Path) -> list[dict]:
    out = []
    with open(root / "metadata.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] not in ("train", "dev"):
                continue
            path = root / row["compartment"] / "text" / (row["filename"] + ".txt")
            out.append({
                "id": f'{row["compartment"]}/{row["filename"]}', "text": path.read_text(encoding="utf-8"),
                "title": row["title"], "publisher": row["publisher"], "published": row["publication_date"],
                "author": row["author"],
            })
    return out


class Timed:
    """Wraps the lineage derivation's calls and adds up the seconds spent in them."""

    def __init__(self):
        self.seconds = 0.0

    def wrap(self, fn):
        def timed(*args, **kwargs):  # main's add_article takes given= (lineage inputs made by the workers)
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0
        return timed


def _nothing(*args, **kwargs) -> None:
    return None


def ingest_polnear(root: Path, db_path: Path, processes: int, lineage: bool = True) -> dict:
    """Ingest PolNeAR train+dev with its metadata into a new ``db_path``, timing the lineage derivation
    inside it; with ``lineage=False`` the derivation's add/remove do nothing (its tables stay empty)."""
    import attrs

    from provenance.ingest import ingest
    from provenance.nlp import load
    from provenance.store import Store

    feed = db_path.with_suffix(".jsonl")
    feed.write_text("".join(json.dumps(r) + "\n" for r in polnear_records(root)), encoding="utf-8")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    timer = Timed()
    saved = list(derived.DERIVATIONS)
    derived.DERIVATIONS[:] = [
        (attrs.evolve(d, add_article=timer.wrap(d.add_article), remove_article=timer.wrap(d.remove_article))
         if lineage else attrs.evolve(d, add_article=_nothing, remove_article=_nothing))
        if d.name == "lineage" else d
        for d in saved
    ]
    try:
        nlp = load()
        store = Store(db_path)
        t0 = time.perf_counter()
        summary = ingest([str(feed)], store, nlp=nlp, n_process=processes)
        total = time.perf_counter() - t0
        store.close()
    finally:
        derived.DERIVATIONS[:] = saved
    return {"articles": summary.articles, "failures": len(summary.failures), "total_s": total, "lineage_s": timer.seconds}


#: A labelled item is located approximately when a current item of its article overlaps its span and
#: holds at least this share of its words, in order (the extractor moved the claim's boundaries).
LOCATE_MIN_SHARE = 0.5


class Locator:
    """Finds the current lineage item of each labelled item. The pair file stores the article, the
    offsets and the text of both items; the extractor changes (claim boundaries move), so an item is

    - **exact**: an item of the same kind at the same offsets;
    - **approximate**: else the item of that article whose span overlaps the labelled span and whose
      words hold the most of the labelled words in order (longest common subsequence of the tokens,
      then the larger character overlap, then the id: deterministic), if it holds at least
      ``LOCATE_MIN_SHARE`` of them;
    - **too short**: no such item, and the labelled item has fewer words than the verdict's ``min_words``
      (it is no item at all now);
    - **not found**: no such item (its words are now split over several items, or outside every claim).

    Labels are never changed: an approximately located item carries the pair's label."""

    def __init__(self, db):
        self.db = db
        self.found: dict[tuple, tuple[str | None, str]] = {}

    def _items(self, doc: str) -> list[tuple]:
        return self.db.execute(
            "select i.id, i.kind, t.norm, coalesce(c.content_start, s.start), coalesce(c.content_end, s.\"end\") "
            "from lineage_items i join lineage_texts t on t.id = i.text join articles a on a.id = i.article_id "
            "left join claims c on c.id = i.id and i.kind = 'claim' left join sentences s on s.id = i.id and i.kind = 'sentence' "
            "where a.doc = ? order by i.id", [doc],
        ).fetchall()

    def locate(self, item: dict) -> str | None:
        key = (item["doc"], item["kind"], item["start"], item["end"])
        if key not in self.found:
            self.found[key] = self._locate(item)
        return self.found[key][0]

    def _locate(self, item: dict) -> tuple[str | None, str]:
        rows = self._items(item["doc"])
        for iid, kind, _, start, end in rows:
            if kind == item["kind"] and start == item["start"] and end == item["end"]:
                return iid, "exact"
        want = tokens(text.normalise(item["text"]))
        best = None
        for iid, kind, norm, start, end in rows:
            if start is None or min(end, item["end"]) <= max(start, item["start"]):
                continue
            overlap = min(end, item["end"]) - max(start, item["start"])
            shared = LCSseq.similarity(want, tokens(norm))
            key = (shared, overlap, iid)
            if shared >= LOCATE_MIN_SHARE * len(want) and (best is None or key[:2] > best[:2]):
                best = key
        if best:
            return best[2], "approximate"
        if len(text.normalise(item["text"]).split()) < load_thresholds().min_words:
            return None, "too short"
        return None, "not found"

    def counts(self) -> dict[str, int]:
        out = {"exact": 0, "approximate": 0, "too short": 0, "not found": 0}
        for _, how in self.found.values():
            out[how] += 1
        return out


def cluster_verdicts(locator: Locator, pairs: list[dict]) -> tuple[list[bool], int]:
    db = locator.db
    out, missing = [], 0
    for p in pairs:
        ids = [locator.locate(p["a"]), locator.locate(p["b"])]
        if None in ids:
            missing += 1
            out.append(False)
            continue
        cids = [db.execute("select cluster_id from lineage_items where id = ?", [i]).fetchone() for i in ids]
        out.append(all(c and c[0] for c in cids) and cids[0][0] == cids[1][0])
    return out, missing


def fmt(s: dict) -> str:
    return f"P {100 * s['p']:.1f}  R {100 * s['r']:.1f}  F1 {100 * s['f1']:.1f}  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})"


def main(argv=None) -> int:
    import sqlite_utils

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="example: python benchmarks/lineage.py ../shared/polnear")
    ap.add_argument("polnear", type=Path, help="the PolNeAR folder (holding train/, dev/ and metadata.tsv)")
    ap.add_argument("--db", type=Path, default=Path("/tmp/lineage_bench.db"), help="database to ingest into")
    ap.add_argument("--reuse", action="store_true", help="use --db as it is (already ingested): rebuild its lineage tables only "
                    "(items, bands, edges, clusters; with the current verdict and thresholds), not the other derived tables")
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--write-thresholds", action="store_true", help=f"save the tuned thresholds to {DEFAULT_THRESHOLDS}")
    args = ap.parse_args(argv)

    if args.reuse:
        db = sqlite_utils.Database(args.db)
    else:
        # the same ingest without lineage first, into a database of its own: since the store runs beside
        # the parse (a parse-ahead thread), the seconds inside the derivation are not all added to ingest
        bare = ingest_polnear(args.polnear, args.db.with_name(args.db.stem + "-nolineage.db"), args.processes, lineage=False)
        timing = ingest_polnear(args.polnear, args.db, args.processes)
        share = timing["lineage_s"] / (timing["total_s"] - timing["lineage_s"])
        print(f"ingest without lineage: {bare['articles']} articles in {bare['total_s']:.1f}s; with it: "
              f"{timing['articles']} articles ({timing['failures']} failures) in {timing['total_s']:.1f}s = "
              f"{100 * (timing['total_s'] / bare['total_s'] - 1):+.1f}% (same run); inside the lineage derivation "
              f"{timing['lineage_s']:.1f}s = +{100 * share:.1f}% on the rest of that ingest")
        db = sqlite_utils.Database(args.db)

    pairs = read_pairs()
    train = [p for p in pairs if p["split"] == "train"]
    dev = [p for p in pairs if p["split"] == "dev"]
    print(f"labelled pairs: {len(pairs)} (train {len(train)}: {sum(p['same'] for p in train)} same; "
          f"dev {len(dev)}: {sum(p['same'] for p in dev)} same)")
    breaks = Breaks(db)
    th, train_score = tune(train, breaks=breaks)
    print(f"tuned on train: {json.dumps(__import__('attrs').asdict(th))}  train {fmt(train_score)}")
    current = load_thresholds()
    if args.write_thresholds and th != current:
        data = json.loads(DEFAULT_THRESHOLDS.read_text(encoding="utf-8"))
        known = {f.name for f in __import__("attrs").fields(Thresholds)}
        data = {k: v for k, v in data.items() if k.startswith("_") or k in known}  # thresholds of rules since removed go
        data.update(__import__("attrs").asdict(th))
        DEFAULT_THRESHOLDS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"written to {DEFAULT_THRESHOLDS}")
    elif th != current:
        print(f"(the packaged thresholds differ: {current}; --write-thresholds saves the tuned ones)")
    print(f"dev pairs, verdict of provenance.lineage.match:  {fmt(prf([p['same'] for p in dev], verdicts(dev, th, breaks)))}")

    if args.reuse:
        t0 = time.perf_counter()
        with db.conn:  # the lineage derivation only: the other derived tables do not depend on the verdict
            derived.rebuild_all(db, skip=tuple(d.name for d in derived.DERIVATIONS if d.name != "lineage"))
        print(f"lineage rebuilt on {args.db} in {time.perf_counter() - t0:.1f}s")
    if load_thresholds() != th:
        print("note: the database was clustered with the packaged thresholds, not the tuned ones")
    locator = Locator(db)
    got, missing = cluster_verdicts(locator, dev)
    print(f"dev pairs, same cluster after ingest:            {fmt(prf([p['same'] for p in dev], got))}"
          + (f"  ({missing} pairs with an item not found)" if missing else ""))
    got, missing = cluster_verdicts(locator, train)
    print(f"train pairs, same cluster after ingest:          {fmt(prf([p['same'] for p in train], got))}"
          + (f"  ({missing} pairs with an item not found)" if missing else ""))
    counts = locator.counts()
    print(f"labelled items: {sum(counts.values())}; located exactly {counts['exact']}, approximately "
          f"{counts['approximate']} (the extractor moved their boundaries), not found {counts['not found']} "
          f"(and {counts['too short']} with fewer words than min_words: no item)")
    report_clusters(db)
    report_wire(db, args.polnear)
    return 0


def report_clusters(db) -> None:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    print(f"clusters: {one('select count(*) from lineage_clusters')}; spanning 2+ outlets: "
          f"{one('select count(*) from lineage_clusters where outlets >= 2')}; losing attribution (a member states "
          f"as fact what an earlier report attributes): "
          f"{one('select count(distinct cluster_id) from lineage_items where drift like ' + repr('%attribution_dropped%'))}; "
          f"with an unattributed member: {one('select count(*) from lineage_clusters where unattributed > 0')}")
    print(f"with an origin: {one('select count(*) from lineage_clusters where origin_item is not null')}; "
          f"no origin (every member relays): {one('select count(*) from lineage_clusters where no_origin')}; "
          f"circular: {one('select count(*) from lineage_clusters where circular')}; "
          f"members with drift: {one('select count(*) from lineage_items where drift is not null')}")
    sizes = db.execute("select size, count(*) from lineage_clusters group by size order by size").fetchall()
    print("cluster sizes: " + ", ".join(f"{s}: {n}" for s, n in sizes))
    drifts = {}
    for (d,) in db.execute("select drift from lineage_items where drift is not null"):
        for flag in d.split(","):
            drifts[flag] = drifts.get(flag, 0) + 1
    print("drift flags: " + ", ".join(f"{k} {v}" for k, v in sorted(drifts.items())))


def report_wire(db, root: Path) -> None:
    """Wire relays found from credit lines, against metadata.tsv's wire column (AP, UPI, AFP, reuters)."""
    gold = {}
    with open(root / "metadata.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] in ("train", "dev"):
                wire = row["wire"] if row["wire"] not in ("None", "NA", "") else None
                gold[f'{row["compartment"]}/{row["filename"]}'] = wire.lower() if wire else None
    found = {doc: (wire.lower() if wire else None) for doc, wire in db.execute(
        "select a.doc, la.wire from articles a left join lineage_articles la on la.article_id = a.id")}
    tp = sum(1 for d, w in found.items() if w and gold.get(d) == w)
    fp = sum(1 for d, w in found.items() if w and gold.get(d) != w)
    fn = sum(1 for d, w in gold.items() if w and found.get(d) != w)
    print(f"wire relays (articles with a credit line) vs metadata.tsv's wire column: found {tp + fp}, gold {tp + fn}: "
          f"P {100 * tp / max(1, tp + fp):.1f}  R {100 * tp / max(1, tp + fn):.1f}  (tp {tp}, fp {fp}, fn {fn})")
    misses = sorted(d for d, w in gold.items() if w and found.get(d) != w)
    if misses:
        print("  missed: " + ", ".join(misses[:10]) + (" ..." if len(misses) > 10 else ""))


if __name__ == "__main__":
    sys.exit(main())
