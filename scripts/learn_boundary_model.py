#!/usr/bin/env python3
"""Fit the learned content-boundary model (provenance/data/boundary_model.json) on a PolNeAR compartment.

Example:

    python scripts/learn_boundary_model.py ../shared/polnear/train --docbin /tmp/xcues/train.spacy

The boundary model (:mod:`provenance.extract.boundary`) moves the start and the end of a top-level claim's
content to another edge of its sentence when it finds one more probable than the rules' edge by a margin.
This script runs the extractor as shipped, without the boundary model, over every article (the claims,
and for each the pattern and cue head that made it), matches the scored claims to the annotated
attributions as the scorer does (cue and content overlap, greedy one to one, best pair first; claims with
a cue inside quotation marks left out, of a nested pair the more confident, as benchmarks/polnear.py
scores them), and lists, for every matched top-level claim, every possible edge of each side
(:func:`~provenance.extract.boundary.edges`). An edge is positive when it is the annotated content's edge
in the scorer's terms (the first / last word character).

A conditional logit (a softmax over the edges of one side; features by scikit-learn's DictVectorizer,
L2 with inverse strength --c, fitted with scipy's L-BFGS: :func:`fit_ranker`) over
:func:`~provenance.extract.boundary.edge_features` is fitted on the articles outside a held-out fifth
(every fifth article in sorted order); on the held-out fifth the script applies it
(:func:`~provenance.extract.boundary.refine`) with each margin of --margins and prints the scorer's figures
(match F1, content exact F1) of the scored claims; the margin with the best content exact F1 is chosen
(the highest of those within 0.05 point). The model written is refitted on all the articles with that
margin. Features seen on fewer than --min-count (10) edges of the fitting rows are dropped before fitting
(rare word pairs overfit), weights under 1e-4 after. ``--dry-run`` prints the held-out figures only. About 4 minutes
on 2 cores with ``--docbin`` (a parse of the compartment's texts in sorted file order).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

from polnear import select  # noqa: E402
from polnear_errors import load_scorer, pairs  # noqa: E402
from learn_cues import compartment_texts, parses  # noqa: E402

from provenance.extract import load_lexicon  # noqa: E402
from provenance.extract.boundary import DEFAULT_PATH, BoundaryModel, _Tokens, edge_features, edges, refine  # noqa: E402
from provenance.extract.confidence import load_model  # noqa: E402
from provenance.extract.geometry import Page  # noqa: E402
from provenance.extract.learned import load_cue_model  # noqa: E402
from provenance.extract.rules import MODEL_MIN_CONFIDENCE, _run  # noqa: E402
from provenance.nlp import load  # noqa: E402

#: a feature seen on fewer edges than this in the fitting rows is dropped (rare word pairs overfit)
MIN_COUNT = 10
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)
#: margins whose held-out content exact F1 is within this of the best tie; the highest is chosen
TIE = 0.0005


def _pred(dt, c) -> dict:
    return {"cue": dt.clip([(c.cue.start, c.cue.end)]), "content": dt.clip(list(c.content.segments)),
            "source": dt.clip([(c.source.start, c.source.end)]) if c.source else []}


def _edge_keys(dt, segs):
    """(first word character, last word character + 1) of a span, in the scorer's terms."""
    key = dt.exact_key(segs)
    return (min(key), max(key) + 1) if key else (-1, -1)


def article_rows(score, dt, gold, page, claims, where):
    """(features, label, group) rows of the matched top-level claims of one article."""
    chosen = select(claims, "confident", page.text)
    pf = [_pred(dt, c) for c in chosen]
    gf = [{r: dt.token_set(a[r]) for r in score.ROLES} for a in gold]
    tokens = _Tokens(page)
    rows = []
    for gi, pi in pairs(score, gf, [{r: dt.token_set(p[r]) for r in score.ROLES} for p in pf]):
        c = chosen[pi]
        if c.parent is not None or c.id not in where:
            continue
        g0, g1 = _edge_keys(dt, gold[gi]["content"])
        for (rule, cuts), side in zip(edges(page, tokens, c, where[c.id]), ("start", "end")):
            for e in cuts:
                # (an edge may drop whole segments: the key runs to the content's other end)
                k = _edge_keys(dt, [(e.char, c.content.segments[-1][1])] if side == "start" else [(c.content.segments[0][0], e.char)])
                label = (k[0] == g0) if side == "start" else (k[1] == g1)
                rows.append((edge_features(page, c, where[c.id], e, rule, tokens), int(label), (id(c), side), e is rule))
    return rows


def figures(score, docs_text, gold, runs, model):
    """The scorer's figures (attribution match F1, content exact F1 ...) of the scored claims of ``runs``
    (stem -> (page, claims, where)), with their contents refined by ``model`` (None: the rules' edges)."""
    preds = {}
    for stem, (page, claims, where) in runs.items():
        out = refine(page, claims, where, model) if model is not None else claims
        preds[stem] = [_pred(docs_text[stem], c) for c in select(out, "confident", page.text)]
    res = score.score({s: docs_text[s] for s in runs}, {s: gold.get(s, []) for s in runs}, preds)
    m, ce = res["attribution"]["match"], res["roles"]["content"]["exact"]
    return {"match_f1": round(m["f1"], 4), "source_correct_f1": round(res["attribution"]["source_correct"]["f1"], 4),
            "content_exact_f1": round(ce["f1"], 4), "content_exact_tp": ce["tp"], "claims": m["n_pred"]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a PolNeAR compartment (train), holding text/ and attributions/")
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--c", type=float, default=0.5, help="inverse L2 strength (default 0.5, chosen on the held-out fifth)")
    ap.add_argument("--min-count", type=int, default=MIN_COUNT,
                    help=f"drop features seen on fewer edges of the fitting rows (default {MIN_COUNT}, chosen on the held-out fifth)")
    ap.add_argument("--margins", default=",".join(map(str, MARGINS)), help="margins tried on the held-out fifth")
    ap.add_argument("--model")
    ap.add_argument("--docbin", help="reuse parses: a DocBin of the compartment's texts in sorted file order")
    ap.add_argument("--dry-run", action="store_true", help="print the held-out figures, write nothing")
    args = ap.parse_args(argv)
    from sklearn.feature_extraction import DictVectorizer

    score = load_scorer(args.corpus.resolve().parent / "score.py")
    docs_text, gold, _ = score.load_gold(str(args.corpus))
    stems = sorted(p.stem for p in (args.corpus / "text").glob("*.txt"))
    nlp = load(args.model)
    lex = load_lexicon()
    confidence = load_model()
    threshold = (confidence.threshold or MODEL_MIN_CONFIDENCE) if confidence is not None else None
    cue_model = load_cue_model()
    docs = parses(nlp, compartment_texts(args.corpus, stems), args.docbin)
    parts = {"fit": ([], [], [], []), "held": ([], [], [], [])}
    runs = {"fit": {}, "held": {}}
    for k, (stem, doc) in enumerate(zip(stems, docs)):
        part = "held" if k % 5 == 4 else "fit"
        where: dict = {}
        claims = _run(doc, lex, confidence, min_confidence=threshold, cue_model=cue_model, where=where)[0]
        page = Page(doc)
        runs[part][stem] = (page, claims, where)
        if stem not in docs_text:
            continue
        for feats, label, group, is_rule in article_rows(score, docs_text[stem], gold.get(stem, []), page, claims, where):
            X, y, groups, rules = parts[part]
            X.append(feats)
            y.append(label)
            groups.append(group)
            rules.append(is_rule)

    def fit(X, y, groups):
        X = frequent(X, args.min_count)
        vec = DictVectorizer(sparse=True)
        w = fit_ranker(vec.fit_transform(X), y, groups, args.c)
        return vec, w

    Xf, yf, gf, _ = parts["fit"]
    Xh, yh, gh, rh = parts["held"]
    vec, w = fit(Xf, yf, gf)
    ph = vec.transform(Xh) @ w
    # edge accuracy on the held-out fifth: how often the chosen edge of a side is the annotators'
    by_group = collections.defaultdict(list)
    for p, y, g, r in zip(ph, yh, gh, rh):
        by_group[g].append((p, y, r))
    sides = len(by_group)
    rule_right = sum(any(y and r for _, y, r in rows) for rows in by_group.values())
    reachable = sum(any(y for _, y, _ in rows) for rows in by_group.values())
    best_right = sum(max(rows, key=lambda t: t[0])[1] for rows in by_group.values())
    print(f"fit part: {len(yf)} edges, {sum(yf)} positive; held-out: {len(yh)} edges of {sides} sides; "
          f"the rules' edge right {rule_right}, an edge right reachable {reachable}, the most probable edge right {best_right}")

    held = {"articles": len(runs["held"]), "edges": len(yh), "sides": sides, "rules_edge_right": rule_right,
            "reachable": reachable, "most_probable_right": best_right}
    base = figures(score, docs_text, gold, runs["held"], None)
    print(f"  held-out, the rules' edges: {base}")
    weights = {n: float(v) for n, v in zip(vec.get_feature_names_out(), w)}
    trials = []
    for margin in (float(m) for m in args.margins.split(",")):
        got = figures(score, docs_text, gold, runs["held"], BoundaryModel(weights, 0.0, margin))
        print(f"  held-out, margin {margin}: {got}")
        trials.append((got["content_exact_f1"], margin, got))
    top = max(f for f, _, _ in trials)
    _, margin, got = max((t for t in trials if t[0] >= top - TIE), key=lambda t: t[1])
    held.update({"rules_edges": base, "with_model": got, "margin": margin})
    print(f"margin {margin}: held-out content exact F1 {base['content_exact_f1']} -> {got['content_exact_f1']}, "
          f"match F1 {base['match_f1']} -> {got['match_f1']}")
    if args.dry_run:
        return 0
    X, y = Xf + Xh, yf + yh
    vec, w = fit(X, y, gf + gh)
    weights = write(args.out, vec, w, margin, len(y), sum(y), args, held)
    top = sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:20]
    print(f"{len(y)} edges, {sum(y)} positive, {len(weights)} weights, margin {margin}; wrote {args.out}")
    print("largest weights:", ", ".join(f"{k} {v:+.2f}" for k, v in top))
    return 0


def frequent(X: list[dict], min_count: int) -> list[dict]:
    """``X`` without the features seen on fewer than ``min_count`` of its rows."""
    if min_count <= 1:
        return X
    count = collections.Counter(k for x in X for k in x)
    return [{k: v for k, v in x.items() if count[k] >= min_count} for x in X]


def fit_ranker(X, y, groups, c: float):
    """The weights of a conditional logit (softmax over the edges of each side, L2 with inverse strength
    ``c``), fitted by L-BFGS: ``X`` a sparse matrix of edges, ``y`` 1 for the annotators' edge, ``groups`` a
    key per edge (the edges of one side are consecutive). Sides without a right edge teach nothing."""
    import numpy as np
    from scipy.optimize import minimize

    y = np.asarray(y, dtype=float)
    starts = [0] + [i for i in range(1, len(groups)) if groups[i] != groups[i - 1]]
    starts = np.asarray(starts)
    sizes = np.diff(np.append(starts, len(groups)))
    has = np.add.reduceat(y, starts) > 0
    rows = np.repeat(has, sizes)
    X = X.tocsr()[rows]
    y = y[rows]
    starts = np.concatenate(([0], np.cumsum(sizes[has])[:-1]))
    sizes = sizes[has]
    y = y / np.repeat(np.add.reduceat(y, starts), sizes)  # one right edge per side (two only when keys tie)

    def loss(w):
        z = X @ w
        zmax = np.maximum.reduceat(z, starts)
        ez = np.exp(z - np.repeat(zmax, sizes))
        sums = np.add.reduceat(ez, starts)
        p = ez / np.repeat(sums, sizes)
        nll = float(np.sum(np.log(sums) + zmax) - y @ z)
        grad = X.T @ (p - y)
        return nll + 0.5 / c * float(w @ w), grad + w / c

    res = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return res.x


def write(path, vec, w, margin, n, positive, args, held) -> dict:
    """Write the model file; returns its weights."""
    weights = {name: round(float(v), 4) for name, v in zip(vec.get_feature_names_out(), w) if abs(v) >= 1e-4}
    out = {
        "about": "Conditional logit (softmax over the edges of one side of a claim's content) of which edge is the "
        "annotators', over provenance.extract.boundary.edge_features; threshold = the margin by which another edge's "
        "score must beat the rules' edge's; written by scripts/learn_boundary_model.py",
        "trained_on": str(args.corpus.name),
        "edges": n,
        "positive_share": round(positive / n, 4),
        "c": args.c,
        "min_count": args.min_count,
        "held_out": held,
        "written": datetime.date.today().isoformat(),
        "threshold": margin,
        "bias": 0.0,
        "weights": dict(sorted(weights.items())),
    }
    Path(path).write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return weights


if __name__ == "__main__":
    sys.exit(main())
