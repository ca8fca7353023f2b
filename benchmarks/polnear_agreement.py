#!/usr/bin/env python3
"""How far PolNeAR's own annotators agree with each other, by the scorer's metrics, beside the extractor.

Example (repository root, project virtual environment):

    python benchmarks/polnear_agreement.py ../shared/polnear/train ../shared/polnear/dev

A few PolNeAR articles were annotated by several trained annotators (one ``.ann`` file each; the scorer reads
only the first by file name). On those articles this scores every annotator against every other one (each
ordered pair: one as the gold, the other as the predictions) with the scorer's own ``score`` function, and the
extractor's claims against each annotator in turn, and pools the counts per compartment. The figures are
match, source_correct and content exact F1, the measures of issue 11's targets: the annotators' agreement
is what a target near it has to be read against (the authors' "attribution-wise agreement", 92.3%, is
another measure). The extractor is scored twice: (a) the benchmark's selection (``polnear.py``) and (b) the
top-level claims as ``extract`` emits them. It parses only those articles (a few seconds).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from polnear import prediction, select, top_level  # noqa: E402
from polnear_errors import load_scorer  # noqa: E402
from provenance.model import Article  # noqa: E402
from provenance.nlp import load  # noqa: E402
from provenance.pipeline import extract_article  # noqa: E402

#: pooled counts: attribution match and source_correct true positives, predictions, gold; content exact tp and units
FIELDS = ("match", "source", "pred", "gold", "content_tp", "content_units")


def annotations(scorer, folder: Path) -> dict[str, list[list[dict]]]:
    """stem -> the attributions of each of its annotators (sorted by file name), for the articles with several."""
    by_stem = collections.defaultdict(list)
    for name in sorted(os.listdir(folder / "attributions")):
        m = scorer.ANN_RE.match(name)
        if m:
            by_stem[m.group("stem")].append(folder / "attributions" / name)
    out = {}
    for stem, files in sorted(by_stem.items()):
        if len(files) < 2:
            continue
        dt = scorer.DocText((folder / "text" / f"{stem}.txt").read_text(encoding="utf-8"))
        out[stem] = [clipped(scorer, dt, scorer.parse_ann(str(f))[0]) for f in files]
    return out


def clipped(scorer, dt, attributions) -> list[dict]:
    """Each attribution's roles clipped to the text, as the scorer reads gold and predictions."""
    return [{role: dt.clip(a[role]) for role in scorer.ROLES} for a in attributions]


def counts(scorer, dt, gold: list[dict], pred: list[dict]) -> list[int]:
    """The :data:`FIELDS` counts of ``pred`` scored against ``gold`` on one article."""
    r = scorer.score({"d": dt}, {"d": gold}, {"d": pred})
    a, c = r["attribution"], r["roles"]["content"]["exact"]
    return [a["match"]["tp"], a["source_correct"]["tp"], a["match"]["n_pred"], a["match"]["n_gold"],
            c["tp"], c["n_pred"] + c["n_gold"]]


def agreement(scorer, folder: Path, nlp) -> dict[str, list[int]]:
    """Pooled :data:`FIELDS` counts of a compartment's multiply annotated articles: every ordered pair of
    annotators, and the extractor's (a) selection and (b) top-level claims against each annotator."""
    pooled = collections.defaultdict(lambda: [0] * len(FIELDS))

    def add(key, values):
        pooled[key] = [x + y for x, y in zip(pooled[key], values)]

    for stem, anns in annotations(scorer, folder).items():
        text = (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        dt = scorer.DocText(text)
        claims = extract_article(nlp(text), Article(doc=stem, text=text)).claims
        ours = {"extractor (a) selection": select(claims, "confident", text), "extractor (b) top-level": top_level(claims)}
        ours = {k: clipped(scorer, dt, [prediction(stem, c) for c in v]) for k, v in ours.items()}
        add("articles", [1] + [0] * (len(FIELDS) - 1))
        add("annotations", [len(anns)] + [0] * (len(FIELDS) - 1))
        for i, j in itertools.permutations(range(len(anns)), 2):
            add("annotator vs annotator", counts(scorer, dt, anns[i], anns[j]))
        for gold in anns:
            for key, pred in ours.items():
                add(key, counts(scorer, dt, gold, pred))
    return dict(pooled)


def f1s(values: list[int]) -> tuple[float, float, float]:
    match, source, pred, gold, content_tp, content_units = values
    return 200 * match / (pred + gold), 200 * source / (pred + gold), 200 * content_tp / content_units


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path, help="PolNeAR compartment folders (holding text/ and attributions/)")
    ap.add_argument("--scorer", type=Path, help="path to score.py (default: DIR/../score.py)")
    ap.add_argument("--model", help="spaCy model (default: provenance's choice)")
    args = ap.parse_args(argv)
    nlp = load(args.model)
    print("| compartment | articles (annotations) | who is scored against whom | match F1 | source_correct F1 | content exact F1 |")
    print("|---|---|---|---|---|---|")
    for folder in args.dirs:
        scorer = load_scorer(args.scorer or folder.parent / "score.py")
        pooled = agreement(scorer, folder, nlp)
        if not pooled:
            print(f"| {folder.name} | 0 | no article has several annotators | | | |")
            continue
        n, k = pooled.pop("articles")[0], pooled.pop("annotations")[0]
        for who, values in pooled.items():
            m, s, c = f1s(values)
            print(f"| {folder.name} | {n} ({k}) | {who} | {m:.1f} | {s:.1f} | {c:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
