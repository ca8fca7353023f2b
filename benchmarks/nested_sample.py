#!/usr/bin/env python3
"""Draw a random sample of the nested claims provenance emits now that the labelled set does not hold yet.

Example (repository root, project virtual environment):

    python benchmarks/nested_sample.py ../shared/polnear/dev --n 100 --seed 14 > /tmp/dev_sample.txt

Runs what ``benchmarks/polnear.py`` runs after parsing (:func:`provenance.pipeline.extract_article`) over every
article of the compartment (parses cached as in ``benchmarks/polnear_errors.py``), collects every claim with a
``parent`` whose (doc, cue start, cue end) is not a row of ``benchmarks/nested_claims.tsv``, and prints ``--n``
of them drawn with ``random.Random(--seed).sample`` (all of them when fewer), in article then cue order: first
a header of how many there were, then per claim a TSV row of the labelled set's columns with the judgement
columns as ``?`` and, for the annotator, the cue's paragraph with the cue in [[ ]], the source in {{ }}, the
content segments in << >>, and the parent claim's cue and content. The judgements are added by hand following
``benchmarks/nested_claims.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from polnear import LABELS, read_labels, read_texts  # noqa: E402
from polnear_errors import parse_cached  # noqa: E402
from provenance.model import Article  # noqa: E402
from provenance.nlp import load  # noqa: E402
from provenance.pipeline import extract_article  # noqa: E402


def unlabelled_nested(names, texts, results, labels: dict):
    """(doc, text, claim, parent claim) of every nested claim that is not in ``labels``."""
    out = []
    for name, text, claims in zip(names, texts, results):
        by_id = {c.id: c for c in claims}
        for c in claims:
            if c.parent is not None and (name, c.cue.start, c.cue.end) not in labels:
                out.append((name, text, c, by_id.get(c.parent)))
    return out


def marked(text: str, claim) -> str:
    """The cue's paragraph with cue, source and content segments marked."""
    p0 = text.rfind("\n", 0, claim.cue.start) + 1
    p1 = text.find("\n", claim.cue.end)
    p1 = len(text) if p1 < 0 else p1
    marks = [(claim.cue.start, "[["), (claim.cue.end, "]]")]
    if claim.source is not None:
        marks += [(claim.source.start, "{{"), (claim.source.end, "}}")]
    for s, e in claim.content.segments:
        marks += [(s, "<<"), (e, ">>")]
    lo = min([p0] + [m for m, _ in marks])
    hi = max([p1] + [m for m, _ in marks])
    out, last = [], lo
    for pos, tag in sorted(marks, key=lambda m: (m[0], m[1] in ("]]", "}}", ">>"))):
        out.append(text[last:pos] + tag)
        last = pos
    out.append(text[last:hi])
    return "".join(out).replace("\n", " \u23ce ")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python benchmarks/nested_sample.py ../shared/polnear/dev --n 100 --seed 14")
    ap.add_argument("dir", type=Path, help="a PolNeAR compartment folder (holding text/)")
    ap.add_argument("--n", type=int, default=100, help="claims to draw (default 100)")
    ap.add_argument("--seed", type=int, required=True, help="the sample's seed (say it in nested_claims.md)")
    ap.add_argument("--labels", type=Path, default=LABELS, help="the labelled set (default: benchmarks/nested_claims.tsv)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/polnear_parses"), help="where parses are cached (DocBin)")
    ap.add_argument("--model", help="spaCy model (default: provenance's choice)")
    args = ap.parse_args(argv)

    names, texts = read_texts(args.dir)
    nlp = load(args.model)
    docs, _ = parse_cached(nlp, names, texts, args.cache)
    results = [list(extract_article(doc, Article(doc=str(i), text=texts[i])).claims) for i, doc in enumerate(docs)]
    pool = unlabelled_nested(names, texts, results, read_labels(args.labels))
    total = sum(1 for claims in results for c in claims if c.parent is not None)
    picked = sorted(random.Random(args.seed).sample(range(len(pool)), min(args.n, len(pool))))
    compartment = args.dir.resolve().name
    print(f"# {compartment}: {total} nested claims emitted, {len(pool)} not labelled; {len(picked)} drawn (seed {args.seed})")
    for k in picked:
        name, text, c, parent = pool[k]
        src = (str(c.source.start), str(c.source.end)) if c.source else ("", "")
        content = ";".join(f"{s}-{e}" for s, e in c.content.segments)
        print("\t".join([compartment, name, str(c.cue.start), str(c.cue.end), c.cue.text, *src, content, "?", "?", "?"]))
        print("    " + marked(text, c))
        if parent is not None:
            print(f"    parent: cue [{parent.cue.text}] content <<{parent.content.text[:200]}>>".replace("\n", " \u23ce "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
