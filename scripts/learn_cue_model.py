#!/usr/bin/env python3
"""Fit the learned cue model (provenance/data/cue_model.json) on a PolNeAR compartment.

Example:

    python scripts/learn_cue_model.py ../shared/polnear/train

The learned cue pattern (:mod:`provenance.extract.learned`) is offered every verb outside quotation
marks of which no lexicon pattern made a claim. This script runs the extractor over every article twice:
once as shipped without the cue model (the claims the lexicon makes), once with every learned candidate
proposed (a model that says 0.5 to everything); the learned candidates not inside a lexicon claim's
content (where they would not stand) are the training examples, those that hold one another's cue
included (at run time the most probable of them is kept). A candidate is positive when it matches (cue
and content share a token, as the scorer's "match") an annotated attribution that no lexicon claim
matches already: a candidate that only repeats a found attribution is a false claim for the scorer. The topic-setting verbs
that ``scripts/learn_cues.py`` keeps out of the lexicon (``NOT_ATTRIBUTION``: "focused on trade") are
labelled no cue here too.

A logistic regression (scikit-learn, L2, C=--c) over :func:`provenance.extract.learned.cue_features`
is fitted five times, each time on the articles outside one fifth (every fifth article in sorted order)
and applied to that fifth: the held-out probabilities of all the candidates give the threshold curve
(the attribution match F1 of the lexicon's claims plus the learned ones kept at each threshold, counted
candidate by candidate), never under the claim-confidence model's threshold (a learned claim under it
is not reported). The threshold is the steady point of that curve (:func:`steady_threshold`): of the
thresholds whose F1 is within --tolerance (0.1 point) of the best, the median. The curve is flat
between about 0.4 and 0.5, so its best point alone moved with every refit (0.403, 0.495, 0.461, 0.464
on one held-out fifth); the median over five pooled fifths moves about a third as much (an article
bootstrap: standard deviation 0.009 against 0.022). The figures of the last fifth (log-loss, ROC AUC,
F1) are printed and stored as before. The model written is then refitted on all the articles with that
threshold. Weights under 1e-4 are dropped. About 5 minutes on 2 cores, most of it parsing (``--docbin``
reuses a parse: about 1.5 minutes); ``--dry-run`` prints the held-out figures only, ``--fit-part-out``
also writes the model of the fit part (the four fifths before the last: to score the held-out fifth
end to end).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from learn_confidence import overlaps, read_gold  # noqa: E402
from learn_cues import NOT_ATTRIBUTION, compartment_texts, parses  # noqa: E402

from provenance.extract import load_lexicon  # noqa: E402
from provenance.extract.candidate import Notes  # noqa: E402
from provenance.extract.geometry import Page  # noqa: E402
from provenance.extract.learned import DEFAULT_PATH, CueModel, candidate  # noqa: E402
from provenance.extract.confidence import load_model  # noqa: E402
from provenance.extract.rules import MODEL_MIN_CONFIDENCE, _run, _strengths  # noqa: E402
from provenance.nlp import load  # noqa: E402

#: the probability the collecting model gives every candidate (above the extractor's threshold)
_PROPOSE = 0.5
#: thresholds whose held-out F1 is within this of the best are near-best; their median is chosen
TOLERANCE = 0.001
#: held-out folds (every FOLDS-th article in sorted order); the last one's figures are stored
FOLDS = 5


def _matches(claim, gold_attr) -> bool:
    g_cue, g_content = gold_attr
    return overlaps([(claim.cue.start, claim.cue.end)], g_cue) and overlaps(claim.content.segments, g_content)


def examples(doc, gold, lex):
    """(features, label) of the learned candidates standing in ``doc``, and (matched, claims, gold)
    counts of the lexicon's top-level claims (claims with a cue inside quotation marks left out, as
    benchmarks/polnear.py scores them)."""
    page = Page(doc)
    confidence = load_model()
    threshold = confidence.threshold or MODEL_MIN_CONFIDENCE

    def run(cue_model, **kw):  # what extract_claims does, with this cue model (None: the lexicon alone)
        return _run(doc, lex, confidence, min_confidence=threshold, cue_model=cue_model, **kw)[0]

    base = [c for c in run(None) if c.parent is None and page.quotes.containing(c.cue.start) is None]
    # every learned candidate, before those holding one another's cue are resolved (by the model's
    # probability at run time); those inside a lexicon claim's content are dropped as at run time
    everything = run(CueModel({}, 0.0, 0.0), every_learned=True)
    base_cues = {c.cue.start for c in base}
    lexicon = [c for c in everything if c.confidence != _PROPOSE or c.cue.start in base_cues]
    learned = [c for c in everything if c.cue.start not in base_cues and c.confidence == _PROPOSE
               and not any(s <= c.cue.start < e for k in lexicon for s, e in k.content.segments)]
    # greedy 1:1, as the scorer: the gold attributions the lexicon's claims take
    taken = set()
    for c in base:
        for k, g in enumerate(gold):
            if k not in taken and _matches(c, g):
                taken.add(k)
                break
    free = [g for k, g in enumerate(gold) if k not in taken]
    notes = Notes(cue_verbs=frozenset(lex.verbs), labels=frozenset(lex.by_kind["label"]), strengths=_strengths(lex),
                  cue_frames=lex.cue_frames)
    by_char = {t.idx: t for t in doc}
    out = []
    for c in learned:
        tok = by_char.get(c.cue.start)
        if tok is None or tok.pos_ not in ("VERB", "ADJ"):  # an agentless passive's cue starts at its auxiliary
            tok = next((t for t in doc.char_span(c.cue.start, c.cue.end, alignment_mode="expand") if t.pos_ in ("VERB", "ADJ")), None)
        if tok is None:
            continue
        found = candidate(page, notes, tok, notes.strengths.get(tok.lemma_.lower(), 0.0))
        if found is None:
            continue
        label = tok.lemma_.lower() not in NOT_ATTRIBUTION and any(_matches(c, g) for g in free)
        out.append((found[1], int(label), c))
    return out, (len(taken), len(base), len(gold))


def threshold_curve(probs, labels, matched, predicted, gold, floor):
    """[(F1, threshold, learned claims kept, matching), ...], highest threshold first: the attribution
    match F1, 2 (matched + positives kept) / (predicted + kept + gold), when the candidates of
    probability ``probs`` (``labels``: 1 when one matches a missed attribution) at or above each
    threshold (each probability down to ``floor``) join the ``predicted`` lexicon claims, ``matched``
    of which match one of ``gold`` attributions. The first point keeps none (threshold 1)."""
    ranked = sorted(zip(probs, labels), reverse=True)
    curve = [(2 * matched / (predicted + gold), 1.0, 0, 0)]
    tp = 0
    for n, (p, y) in enumerate(ranked, 1):
        tp += y
        if p < floor:
            break
        curve.append((2 * (matched + tp) / (predicted + n + gold), float(p), n, tp))
    return curve


def near_best(curve, tolerance=TOLERANCE):
    """The points of ``curve`` (as :func:`threshold_curve` gives it) whose F1 is within ``tolerance`` of the
    best, lowest threshold first."""
    top = max(point[0] for point in curve)
    return sorted((point for point in curve if point[0] >= top - tolerance), key=lambda point: point[1])


def steady_threshold(curve, tolerance=TOLERANCE):
    """The point of ``curve`` at the median threshold of the :func:`near_best` ones (the upper median of an
    even count): on a flat curve the best point alone wanders with every refit, the middle of the near-best
    ones stays (``tolerance`` 0: the best point, the highest threshold of a tie)."""
    near = near_best(curve, tolerance)
    return near[len(near) // 2] if tolerance > 0 else near[-1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a PolNeAR compartment (train), holding text/ and attributions/")
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--c", type=float, default=0.6, help="inverse L2 strength (default 0.6, chosen on the held-out fifth)")
    ap.add_argument("--model")
    ap.add_argument("--docbin", help="reuse parses: a DocBin of the compartment's texts in sorted file order")
    ap.add_argument("--tolerance", type=float, default=TOLERANCE,
                    help=f"thresholds whose held-out F1 (five folds pooled) is within this of the best are near-best; "
                    f"their median is chosen, which a refit moves little on a flat curve (default {TOLERANCE}: 0.1 point; "
                    "0: the best point alone)")
    ap.add_argument("--tie", type=float, help=argparse.SUPPRESS)  # the rule before --tolerance: said, then ignored
    ap.add_argument("--dry-run", action="store_true", help="print the held-out figures, write nothing")
    ap.add_argument("--fit-part-out", type=Path,
                    help="also write the model fitted on the fit part (to score the held-out fifth end to end)")
    args = ap.parse_args(argv)
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score

    gold = read_gold(args.corpus)
    stems = sorted(gold)
    nlp = load(args.model)
    lex = load_lexicon()
    docs = parses(nlp, compartment_texts(args.corpus, stems), args.docbin)
    if args.tie is not None:
        print(f"note: --tie is no longer read (the threshold is the median of the near-best, --tolerance {args.tolerance})")
    folds = [([], [], [0, 0, 0]) for _ in range(FOLDS)]
    for k, (stem, doc) in enumerate(zip(stems, docs)):
        X, y, counts = folds[k % FOLDS]
        found, (m, p, g) = examples(doc, gold[stem], lex)
        for feats, label, _ in found:
            X.append(feats)
            y.append(label)
        counts[0] += m
        counts[1] += p
        counts[2] += g

    def fit(X, y):
        vec = DictVectorizer(sparse=True)
        clf = LogisticRegression(C=args.c, max_iter=5000)
        clf.fit(vec.fit_transform(X), y)
        return vec, clf

    # each fold scored by the model fitted on the others; the last fold's figures are the ones stored since the first model
    probs, fold_models = [], []
    for k, (Xh, yh, _) in enumerate(folds):
        vec, clf = fit([f for j, fold in enumerate(folds) if j != k for f in fold[0]],
                       [v for j, fold in enumerate(folds) if j != k for v in fold[1]])
        probs.append(clf.predict_proba(vec.transform(Xh))[:, 1])
        fold_models.append((vec, clf))
    # a learned claim under the claim-confidence threshold is not reported either: that is the floor
    floor = (load_model().threshold or MODEL_MIN_CONFIDENCE) if load_model() is not None else MODEL_MIN_CONFIDENCE
    pooled_p = [v for ps in probs for v in ps]
    pooled_y = [v for fold in folds for v in fold[1]]
    m, p, g = (sum(fold[2][i] for fold in folds) for i in range(3))
    curve = threshold_curve(pooled_p, pooled_y, m, p, g, floor)
    f1, threshold, kept, tp = steady_threshold(curve, args.tolerance)
    threshold = round(max(float(threshold), floor), 3)

    def figures(ph, yh, m, p, g, articles):
        kept_t = [y for p_, y in zip(ph, yh) if p_ >= threshold]
        return {"articles": articles, "candidates": len(yh), "positive": int(sum(yh)),
                "log_loss": round(float(log_loss(yh, ph)), 4), "auc": round(float(roc_auc_score(yh, ph)), 4),
                "lexicon_match_f1": round(2 * m / (p + g), 4),
                "with_learned_match_f1": round(2 * (m + sum(kept_t)) / (p + len(kept_t) + g), 4),
                "learned_claims_kept": len(kept_t), "learned_claims_matching": int(sum(kept_t))}

    Xf = [f for fold in folds[:-1] for f in fold[0]]
    yf = [v for fold in folds[:-1] for v in fold[1]]
    Xh, yh, (mh, ph_, gh) = folds[-1]
    held = figures(probs[-1], yh, mh, ph_, gh, len(stems[FOLDS - 1::FOLDS]))
    held["cross_validated"] = figures(pooled_p, pooled_y, m, p, g, len(stems))
    held["tolerance"] = args.tolerance
    print(f"held-out, {FOLDS} folds pooled: {json.dumps(held['cross_validated'])}; the last fold: "
          f"{json.dumps({k: v for k, v in held.items() if k not in ('cross_validated', 'tolerance')})}")
    near = [t for _, t, *_ in near_best(curve, args.tolerance)]
    print(f"threshold {threshold} (median of {len(near)} near-best thresholds {near[0]:.3f}-{near[-1]:.3f}, "
          f"best F1 {max(c[0] for c in curve):.4f}, floor {floor})")
    for t in (0.35, 0.4, 0.425, 0.45, 0.475, 0.5, 0.55, 0.6):
        kept_t = [y for p_, y in zip(pooled_p, pooled_y) if p_ >= t]
        print(f"  threshold {t}: held-out match F1 {2 * (m + sum(kept_t)) / (p + len(kept_t) + g):.4f}, "
              f"precision {(m + sum(kept_t)) / (p + len(kept_t)):.4f}, {len(kept_t)} learned claims, {sum(kept_t)} matching")
    if args.fit_part_out:  # the model of the four fifths before the last
        write(args.fit_part_out, *fold_models[-1], threshold, len(yf), sum(yf), args, held)
    if args.dry_run:
        return 0
    X, y = Xf + Xh, yf + yh
    vec, clf = fit(X, y)
    weights = write(args.out, vec, clf, threshold, len(y), sum(y), args, held)
    top = sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:20]
    print(f"{len(y)} candidates, {sum(y)} positive, {len(weights)} weights, threshold {threshold}; wrote {args.out}")
    print("largest weights:", ", ".join(f"{k} {v:+.2f}" for k, v in top))
    return 0


def write(path, vec, clf, threshold, n, positive, args, held) -> dict:
    """Write the model file; returns its weights."""
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) >= 1e-4}
    out = {
        "about": "Logistic model of P(annotators mark this verb's claim) over provenance.extract.learned.cue_features; "
        "written by scripts/learn_cue_model.py",
        "trained_on": str(args.corpus.name),
        "candidates": n,
        "positive_share": round(positive / n, 4),
        "c": args.c,
        "held_out": held,
        "written": datetime.date.today().isoformat(),
        "threshold": threshold,
        "bias": round(float(clf.intercept_[0]), 5),
        "weights": dict(sorted(weights.items())),
    }
    Path(path).write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    return weights


if __name__ == "__main__":
    sys.exit(main())
