#!/usr/bin/env python3
"""Write the word-frequency table of the lineage verdict (``provenance/data/lineage_words.tsv``) from
PolNeAR **train** text only.

Example (repository root, project virtual environment):

    python benchmarks/lineage_words.py ../shared/polnear

For every word (:func:`provenance.lineage.text.words`, then the verdict's own token mapping: number
words as digits) the number of train articles it occurs in; words found in fewer than two articles are
left out (the verdict gives a missing word the weight of a word of one article). The table is fixed: the
verdict never learns from the database it clusters, so clusters do not depend on what was ingested
before (or in which order).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from provenance.lineage import text  # noqa: E402
from provenance.lineage.match import DEFAULT_WORDS, tokens  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python benchmarks/lineage_words.py ../shared/polnear")
    ap.add_argument("polnear", type=Path, help="the PolNeAR folder (its train/text/*.txt are read)")
    ap.add_argument("--out", type=Path, default=DEFAULT_WORDS)
    ap.add_argument("--min-articles", type=int, default=2)
    args = ap.parse_args(argv)
    files = sorted((args.polnear / "train" / "text").glob("*.txt"))
    if not files:
        raise SystemExit(f"no train articles under {args.polnear / 'train' / 'text'}")
    df: Counter = Counter()
    for f in files:
        df.update(set(tokens(text.normalise(f.read_text(encoding="utf-8")))))
    kept = sorted((w, n) for w, n in df.items() if n >= args.min_articles)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# word\ttrain articles it occurs in (PolNeAR train; made by benchmarks/lineage_words.py);\n")
        fh.write("# the row \"*articles\" (not a word) holds how many train articles were counted\n")
        fh.write(f"*articles\t{len(files)}\n")
        fh.writelines(f"{w}\t{n}\n" for w, n in kept)
    print(f"{len(kept)} words of {len(df)} (in {args.min_articles}+ of {len(files)} train articles) written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
