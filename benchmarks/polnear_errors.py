#!/usr/bin/env python3
"""Error analysis of the extractor on a PolNeAR compartment, by category (reproducible counts).

Example (repository root, project virtual environment; tune on train, only measure dev):

    python benchmarks/polnear_errors.py ../shared/polnear/train
    python benchmarks/polnear_errors.py ../shared/polnear/train --show "matched, content too long" --limit 20

Runs what ``benchmarks/polnear.py`` runs after parsing (:func:`provenance.pipeline.extract_article`) over
every article, then matches gold attributions and claims as the scorer does (cue and content overlap,
greedy one to one, best pair first) and counts each gold attribution and claim in one category:
missed (no claim at its cue: a multi-word cue, a single word, a colon/dash/"according to"; or the cue
found with other content), false (no gold claim at the cue; a gold cue with other content), matched
(content exactly the gold words, too long, too short, crossing the gold edges) and, for matched pairs,
the source (exact, overlapping with other edges, another mention, missing, spurious, both absent).
Content and source edges are broken down further (where the extra or missing words are).

``--claims toplevel`` (default) scores the top-level claims exactly as ``extract`` emits them (the
benchmark's (b)); ``--claims selection`` the benchmark's scored selection (a). Parses are cached as a
spaCy DocBin under ``--cache`` (default ``/tmp/polnear_parses``): the cache is keyed by the model and the
texts, so an extractor change re-runs only extraction.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import importlib.util
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from polnear import LABELS, nested_precision, pct, read_labels, read_texts, select, top_level  # noqa: E402
from provenance.model import Article  # noqa: E402
from provenance.nlp import load  # noqa: E402
from provenance.pipeline import extract_article  # noqa: E402

MISSED = ("missed, no claim at the cue: a multi-word or unusual cue", "missed, no claim at the cue: a single word",
          "missed, no claim at the cue: colon / dash / according to", "missed, the cue found but with other content")
FALSE = ("false, no gold claim at the cue", "false, a gold cue with other content")
CONTENT = ("matched, content the gold words (scorer-exact)", "matched, content too long", "matched, content too short",
           "matched, content crosses the gold edges")
SOURCE = ("source exact", "source overlapping with other edges", "source another mention", "source missing",
          "source spurious (gold has none)", "source absent in both")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("polnear_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def parse_cached(nlp, names, texts, cache: Path, batch_size: int = 32):
    """The parsed docs of ``texts``, from a DocBin under ``cache`` when the same model parsed the same texts."""
    from spacy.tokens import DocBin

    key = hashlib.sha1()
    key.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}".encode())
    for n, t in zip(names, texts):
        key.update(n.encode() + b"\0" + t.encode() + b"\0")
    path = cache / f"{key.hexdigest()[:16]}.spacy"
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts)):
            return docs, True
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs, False


def pairs(score, gold_feats, pred_feats):
    """The scorer's greedy one-to-one match (cue and content overlap), as (gold index, pred index) pairs."""
    cands = []
    for gi, g in enumerate(gold_feats):
        for pi, p in enumerate(pred_feats):
            if score._overlaps(g["cue"], p["cue"]) and score._overlaps(g["content"], p["content"]):
                cands.append((-(score.jaccard(g["cue"], p["cue"]) + score.jaccard(g["content"], p["content"])), gi, pi))
    cands.sort()
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def words(dt, segs) -> set:
    """The scorer's exact key: the word characters a span covers."""
    return set(dt.exact_key(segs))


def _first_word(text: str) -> str:
    w = text.strip(" ,.;:\"'\u201c\u201d\u2014\u2013-\n").split()
    return w[0].lower() if w else "?"


def content_edge(dt, g, p, sents, cue=()) -> str:
    """Where a matched content differs from the gold one: which side, across sentences or not, next to
    the gold cue or not, and the first word of the difference in brackets."""
    gw, pw = words(dt, g), words(dt, p)
    cue_start, cue_end = min((s for s, _ in cue), default=-10), max((e for _, e in cue), default=-10)
    if gw == pw:
        return "exact"
    gs, ge = min(gw), max(gw) + 1
    ps, pe = min(pw), max(pw) + 1
    bits = []
    text = dt.text

    def sent_of(pos):
        import bisect
        return bisect.bisect_right(sents, pos)

    if pw > gw:
        if ps < gs:
            bits.append("start" + (" (other sentence)" if sent_of(ps) != sent_of(gs) else "")
                        + (" in the gold cue" if cue_start <= ps < cue_end else " next to the gold cue" if 0 <= ps - cue_end <= 2 else "") + f" [{_first_word(text[ps:gs])}]")
        if pe > ge:
            extra = text[ge:pe]
            lead = extra.lstrip()[:1]
            bits.append("end" + (" (other paragraph)" if "\n" in text[ge:pe] else " (other sentence)" if sent_of(pe - 1) != sent_of(ge - 1) else "")
                        + (" after ','" if lead == "," else "") + f" [{_first_word(extra)}]")
        if not bits:
            bits.append("inside (a gap the gold leaves out)")
        return "long: " + ", ".join(bits)
    if gw > pw:
        if gs < ps:
            bits.append("start" + (" (other sentence)" if sent_of(gs) != sent_of(ps) else "") + f" [{_first_word(text[gs:ps])}]")
        if ge > pe:
            para = "\n" in text[pe:ge]
            bits.append("end" + (" (other paragraph)" if para else " (other sentence)" if sent_of(ge - 1) != sent_of(pe - 1) else "")
                        + f" [{_first_word(text[pe:ge])}]")
        if not bits:
            bits.append("inside (words of a gap)")
        return "short: " + ", ".join(bits)
    return "crossing"


def source_edge(dt, g, p) -> str:
    """How a source overlapping the gold one differs: longer or shorter, on which side, the first word."""
    gw, pw = words(dt, g), words(dt, p)
    if pw > gw:
        return "longer: " + _difference(dt.text, pw, gw, "extra")
    if gw > pw:
        return "shorter: " + _difference(dt.text, gw, pw, "missing")
    return "crossing"


def _difference(text: str, big: set, small: set, word: str) -> str:
    bs, be, ss, se = min(big), max(big) + 1, min(small), max(small) + 1
    bits = []
    if bs < ss:
        first = text[bs:ss].split()
        bits.append(f"{word} before [{first[0] if first else '?'}]")
    if be > se:
        bits.append(f"{word} after [{_first_word(text[se:be])}]")
    return ", ".join(bits or ["inside"])


def analyse(score, docs_text, gold, preds, sent_starts):
    """Category -> list of examples (dicts), every gold attribution and claim counted once per axis."""
    cats = collections.defaultdict(list)
    for stem, dt in docs_text.items():
        g_atts, p_atts = gold.get(stem, []), preds.get(stem, [])
        gf = [{r: dt.token_set(a[r]) for r in score.ROLES} for a in g_atts]
        pf = [{r: dt.token_set(a[r]) for r in score.ROLES} for a in p_atts]
        matched = pairs(score, gf, pf)
        mg = {gi: pi for gi, pi in matched}
        mp = {pi for _, pi in matched}
        sents = sent_starts.get(stem, [])
        for gi, g in enumerate(g_atts):
            ex = {"doc": stem, "gold": g, "dt": dt}
            if gi in mg:
                p = p_atts[mg[gi]]
                ex["pred"] = p
                edge = content_edge(dt, g["content"], p["content"], sents, g["cue"])
                ex["edge"] = edge
                cat = CONTENT[0] if edge == "exact" else CONTENT[1] if edge.startswith("long") else \
                    CONTENT[2] if edge.startswith("short") else CONTENT[3]
                cats[cat].append(ex)
                ex = {k: v for k, v in ex.items() if k != "edge"}
                if not g["source"] and not p["source"]:
                    scat = SOURCE[5]
                elif not p["source"]:
                    scat = SOURCE[3]
                elif not g["source"]:
                    scat = SOURCE[4]
                elif words(dt, g["source"]) == words(dt, p["source"]):
                    scat = SOURCE[0]
                elif gf[gi]["source"] & pf[mg[gi]]["source"]:
                    scat = SOURCE[1]
                    ex["edge"] = source_edge(dt, g["source"], p["source"])
                else:
                    scat = SOURCE[2]
                cats[scat].append(ex)
                continue
            at_cue = [pi for pi in range(len(p_atts)) if gf[gi]["cue"] & pf[pi]["cue"]]
            if at_cue:
                ex["pred"] = p_atts[at_cue[0]]
                cats[MISSED[3]].append(ex)
                continue
            cue = " ".join(dt.text[s:e] for s, e in g["cue"]).strip().lower()
            if not any(ch.isalnum() for ch in cue) or "according" in cue:
                cats[MISSED[2]].append(ex)
            elif len(cue.split()) == 1:
                cats[MISSED[1]].append(ex)
            else:
                cats[MISSED[0]].append(ex)
        for pi, p in enumerate(p_atts):
            if pi in mp:
                continue
            at_cue = [gi for gi in range(len(g_atts)) if gf[gi]["cue"] & pf[pi]["cue"]]
            ex = {"doc": stem, "pred": p, "dt": dt}
            if at_cue:
                ex["gold"] = g_atts[at_cue[0]]
                cats[FALSE[1]].append(ex)
            else:
                cats[FALSE[0]].append(ex)
    return cats


def show(ex, width=300) -> str:
    dt = ex["dt"]

    def s(att, role):
        return dt.surface(att[role])[:width].replace("\n", "\u23ce") if att and att.get(role) else "-"

    g, p = ex.get("gold"), ex.get("pred")
    lines = [f"  {ex['doc']}" + (f"  ({ex['edge']})" if "edge" in ex else "")]
    for label, att in (("gold", g), ("pred", p)):
        if att:
            lines.append(f"    {label}: cue [{s(att, 'cue')}] source [{s(att, 'source')}] content [{s(att, 'content')}]")
    return "\n".join(lines)


def cross_fitted(folder: Path, names, docs, k: int) -> dict:
    """fold -> the confidence model fitted (``scripts/learn_confidence.py``) on the articles of the other folds."""
    sys.path.insert(0, str(HERE.parent / "scripts"))
    from learn_confidence import as_model, examples, fit, read_gold

    from provenance.extract.confidence import load_model

    threshold = load_model().threshold
    gold = read_gold(folder)
    per_doc = [examples(doc, gold.get(name, [])) for name, doc in zip(names, docs)]
    models = {}
    for fold in range(k):
        X = [f for i, (xs, _) in enumerate(per_doc) if i % k != fold for f in xs]
        y = [v for i, (_, ys) in enumerate(per_doc) if i % k != fold for v in ys]
        models[fold] = as_model(*fit(X, y), threshold=threshold)
    return models


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python benchmarks/polnear_errors.py ../shared/polnear/train --show "
                                        "'matched, content too long' --limit 20")
    ap.add_argument("dir", type=Path, help="a PolNeAR compartment folder (holding text/ and attributions/)")
    ap.add_argument("--scorer", type=Path, help="path to score.py (default: DIR/../score.py)")
    ap.add_argument("--claims", choices=("toplevel", "selection"), default="toplevel",
                    help="top-level claims as emitted (default) or the benchmark's scored selection")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/polnear_parses"), help="where parses are cached (DocBin)")
    ap.add_argument("--model", help="spaCy model (default: provenance's choice)")
    ap.add_argument("--limit", type=int, default=10, help="examples shown per category (--show)")
    ap.add_argument("--show", action="append", default=[], help="print examples of a category (a prefix of its name; repeatable)")
    ap.add_argument("--edge", help="only examples whose edge description contains this")
    ap.add_argument("--edges", type=int, default=12, help="edge kinds listed per category")
    ap.add_argument("--words", action="store_true", help="list edge kinds with their first word")
    ap.add_argument("--save", type=Path, help="write each gold attribution's categories (content, and source when matched) to this JSON file")
    ap.add_argument("--diff", type=Path, help="compare with a --save file of an earlier run: what moved where")
    ap.add_argument("--digits", type=int, default=1, help="decimals of the (a) / (b) figures (2 shows moves of a few hundredths)")
    ap.add_argument("--seed", type=int, default=1, help="sample of the examples shown")
    ap.add_argument("--labels", type=Path, default=LABELS, help="the labelled nested claims (default: benchmarks/nested_claims.tsv)")
    ap.add_argument("--cross-fit", type=int, default=0, metavar="K",
                    help="score each of K folds (every K-th article in sorted order) with a confidence model fitted by "
                    "scripts/learn_confidence.py on the other folds (its threshold: the packaged one), so that a change "
                    "of the rules or features is not judged in-sample; the cue model stays the packaged one")
    args = ap.parse_args(argv)

    scorer_path = args.scorer or args.dir.resolve().parent / "score.py"
    score = load_scorer(scorer_path)
    names, texts = read_texts(args.dir)
    nlp = load(args.model)
    t0 = time.perf_counter()
    docs, cached = parse_cached(nlp, names, texts, args.cache)
    t1 = time.perf_counter()
    models = cross_fitted(args.dir, names, docs, args.cross_fit) if args.cross_fit else {}
    results = [list(extract_article(doc, Article(doc=str(i), text=texts[i]),
                                    confidence_model=models.get(i % args.cross_fit) if models else None).claims)
               for i, doc in enumerate(docs)]
    t2 = time.perf_counter()
    print(f"{args.dir}: {len(docs)} articles, parses {'from the cache' if cached else 'made and cached'} ({t1 - t0:.1f}s), "
          f"extraction {t2 - t1:.1f}s")

    docs_text, gold, _ = score.load_gold(str(args.dir))
    preds = collections.defaultdict(list)
    sent_starts = {}
    both = {}
    for name, text, doc, claims in zip(names, texts, docs, results):
        sent_starts[name] = [s.start_char for s in doc.sents][1:]
        chosen = {"toplevel": top_level(claims), "selection": select(claims, "confident", text)}
        both[name] = chosen
        if name not in docs_text:
            continue
        dt = docs_text[name]
        for c in chosen[args.claims]:
            preds[name].append({"cue": dt.clip([(c.cue.start, c.cue.end)]), "content": dt.clip(list(c.content.segments)),
                                "source": dt.clip([(c.source.start, c.source.end)]) if c.source else []})

    for label in ("selection", "toplevel"):
        pr = collections.defaultdict(list)
        for name, chosen in both.items():
            if name in docs_text:
                dt = docs_text[name]
                pr[name] = [{"cue": dt.clip([(c.cue.start, c.cue.end)]), "content": dt.clip(list(c.content.segments)),
                             "source": dt.clip([(c.source.start, c.source.end)]) if c.source else []} for c in chosen[label]]
        res = score.score(docs_text, gold, pr)
        m, sc, ce = res["attribution"]["match"], res["attribution"]["source_correct"], res["roles"]["content"]["exact"]
        tag = "(a) scored selection" if label == "selection" else "(b) top-level claims"
        d = args.digits
        print(f"  {tag:22s} match F1 {100 * m['f1']:.{d}f}  source_correct F1 {100 * sc['f1']:.{d}f}  P {100 * m['p']:.{d}f}  "
              f"R {100 * m['r']:.{d}f}  content exact F1 {100 * ce['f1']:.{d}f}  ({m['n_pred']} claims)")
    if args.labels.exists():
        n = nested_precision(read_labels(args.labels), names, results)
        print(f"  (c) nested claims: {n['nested']} emitted, {n['labelled']} labelled; precision {pct(n['claims'], n['labelled'])}% "
              f"({n['claims']}/{n['labelled']}); source right {n['sources']}/{n['sources_judged']}, content right "
              f"{n['contents']}/{n['contents_judged']} (judged); labelled no longer nested: {n['dropped']} of "
              f"{n['labelled_in_run']} ({n['dropped_claims']} judged claims)")

    cats = analyse(score, docs_text, gold, preds, sent_starts)
    n_gold = sum(len(v) for v in gold.values())
    n_pred = sum(len(v) for v in preds.values())
    print(f"\ngold attributions {n_gold}, claims scored ({args.claims}) {n_pred}")
    print("| category | count |\n|---|---|")
    for cat in MISSED + FALSE + CONTENT + SOURCE:
        print(f"| {cat} | {len(cats[cat])} |")
    for cat in (CONTENT[1], CONTENT[2], SOURCE[1]):
        edges = collections.Counter()
        for ex in cats[cat]:
            e = ex.get("edge", "")
            edges[re.sub(r" \[[^]]*\]", "", e) if cat != SOURCE[1] and not args.words else e] += 1
        print(f"\n{cat}, by edge:")
        for e, k in edges.most_common(args.edges):
            print(f"  {k:5d}  {e}")

    rng = random.Random(args.seed)
    if args.save or args.diff:
        now = {}
        for cat, exs in cats.items():
            if cat in FALSE:
                continue
            role = "source" if cat in SOURCE else "content"  # a matched claim has a row of each
            for ex in exs:
                g = ex["gold"]
                key = ("source|" if role == "source" else "") + f"{ex['doc']}|{g['cue']}|{g['content']}"
                p = ex.get("pred")
                now[key] = [cat, ex.get("edge", ""), ex["dt"].surface(p[role])[:300] if p else "",
                            ex["dt"].surface(g[role])[:300]]
        if args.save:
            args.save.write_text(json.dumps(now), encoding="utf-8")
        if args.diff:
            before = json.loads(args.diff.read_text(encoding="utf-8"))
            moved = collections.defaultdict(list)
            for key, row in now.items():
                old = before.get(key)
                if old and (old[0], old[2]) != (row[0], row[2]):
                    moved[(old[0], row[0])].append((key, old, row))
            print("\nmoved since the --diff run (before -> now):")
            for (a, b), rows in sorted(moved.items(), key=lambda kv: -len(kv[1])):
                print(f"  {len(rows):5d}  {a}  ->  {b}")
            for (a, b), rows in sorted(moved.items(), key=lambda kv: -len(kv[1])):
                if a == b and not args.show:
                    continue
                if args.show and not any(b.startswith(x) or a.startswith(x) for x in args.show):
                    continue
                print(f"\n== {a} -> {b}: {len(rows)}")
                for key, old, row in rng.sample(rows, min(args.limit, len(rows))):
                    print(f"  {key.removeprefix('source|').split('|')[0]}\n    gold:   {row[3]}\n    before: {old[2]}  ({old[1]})\n    now:    {row[2]}  ({row[1]})".replace("\n\n", "\u23ce"))
            return 0
    for prefix in args.show:
        hits = [c for c in cats if c.startswith(prefix)]
        for cat in hits:
            exs = [ex for ex in cats[cat] if not args.edge or args.edge in ex.get("edge", "")]
            print(f"\n== {cat}: {len(exs)}" + (f" with edge ~ {args.edge!r}" if args.edge else ""))
            for ex in rng.sample(exs, min(args.limit, len(exs))):
                print(show(ex))
    return 0


if __name__ == "__main__":
    sys.exit(main())
