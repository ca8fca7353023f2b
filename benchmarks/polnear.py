#!/usr/bin/env python3
"""Score the extractor on a PolNeAR compartment and time it against bare spaCy parsing.

Example (from the repository root, in the project's virtual environment):

    python benchmarks/polnear.py ../shared/polnear/dev

1. parses every ``DIR/text/*.txt`` with bare ``nlp.pipe`` and times it;
2. parses them again with ``nlp.pipe`` and runs :func:`provenance.extract.extract_claims`
   on every doc, timed the same way (same model, same ``--processes``);
3. writes the claims in the scorer's JSONL format (``--out``; discontinuous
   content gives several segments) and runs the scorer (``--scorer``, default
   ``DIR/../score.py``), printing its table;
4. prints words/s of both runs and their ratio.

PolNeAR has no nested attributions (each token belongs to at most one): claims
whose cue lies inside quotation marks ("I think ..." within a quote) are not
scored unless ``--keep-quoted``; ``--nested inner|outer`` keeps only one of two
nested claims (default ``all``: both, which scores best on train).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.extract import extract_claims  # noqa: E402
from provenance.extract.quotes import QuoteIndex, find_quotes  # noqa: E402
from provenance.nlp import load  # noqa: E402


def read_texts(folder: Path, limit: int | None = None) -> tuple[list[str], list[str]]:
    paths = sorted((folder / "text").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no text/*.txt files under {folder}")
    if limit:
        paths = paths[:limit]
    return [p.stem for p in paths], [p.read_text(encoding="utf-8") for p in paths]


def count_words(doc) -> int:
    return sum(1 for t in doc if not (t.is_space or t.is_punct))


def time_bare(nlp, texts, processes: int, batch_size: int) -> tuple[float, int]:
    start = time.perf_counter()
    words = 0
    for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
        words += count_words(doc)
    return time.perf_counter() - start, words


def time_extract(nlp, texts, processes: int, batch_size: int) -> tuple[float, int, list]:
    start = time.perf_counter()
    words = 0
    results = []
    for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
        words += count_words(doc)
        results.append(list(extract_claims(doc)))
    return time.perf_counter() - start, words, results


def select(claims, nested: str, text: str | None = None):
    """The claims to score: PolNeAR never annotates an attribution inside another one."""
    if text is not None:  # words inside quotation marks are the quoted speaker's, not attributions of the article
        quotes = QuoteIndex(find_quotes(text))
        claims = [c for c in claims if not quotes.containing(c.cue.start)]
    if nested == "all":
        return claims
    parents = {c.parent for c in claims if c.parent}
    if nested == "inner":
        return [c for c in claims if c.id not in parents]
    return [c for c in claims if not c.parent]


def prediction(doc_name: str, claim) -> dict:
    return {
        "doc": doc_name,
        "source": [[claim.source.start, claim.source.end]] if claim.source else [],
        "cue": [[claim.cue.start, claim.cue.end]],
        "content": [list(seg) for seg in claim.content.segments],
        "type": claim.type,
        "confidence": claim.confidence,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="example: python benchmarks/polnear.py ../shared/polnear/dev")
    ap.add_argument("dir", type=Path, help="a PolNeAR compartment folder (holding text/ and attributions/)")
    ap.add_argument("--scorer", type=Path, help="path to score.py (default: DIR/../score.py)")
    ap.add_argument("--processes", type=int, default=1, help="processes for nlp.pipe, the same for both runs (default 1)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--model", help="spaCy model (default: provenance's choice)")
    ap.add_argument("--out", type=Path, help="where to write the predictions (default: a file in /tmp)")
    ap.add_argument("--nested", choices=("inner", "outer", "all"), default="all",
                    help="which of two nested claims to score (PolNeAR annotates one); default all")
    ap.add_argument("--keep-quoted", action="store_true", help="also score claims whose cue is inside quotation marks")
    ap.add_argument("--min-confidence", type=float, default=0.0, help="drop claims below this confidence")
    ap.add_argument("--limit", type=int, help="only the first N articles (quick checks)")
    args = ap.parse_args(argv)

    scorer = args.scorer or args.dir.resolve().parent / "score.py"
    if not scorer.exists():
        raise SystemExit(f"scorer not found: {scorer} (give --scorer)")
    names, texts = read_texts(args.dir, args.limit)
    nlp = load(args.model)
    list(nlp.pipe(texts[:2]))  # warm up (lazy init) outside the timings

    bare_s, bare_words = time_bare(nlp, texts, args.processes, args.batch_size)
    ext_s, ext_words, results = time_extract(nlp, texts, args.processes, args.batch_size)

    out = args.out or Path(os.environ.get("TMPDIR", "/tmp")) / f"polnear_{args.dir.resolve().name}_preds.jsonl"
    n_claims = 0
    with open(out, "w", encoding="utf-8") as fh:
        for name, text, claims in zip(names, texts, results):
            for c in select(claims, args.nested, None if args.keep_quoted else text):
                if c.confidence < args.min_confidence:
                    continue
                fh.write(json.dumps(prediction(name, c)) + "\n")
                n_claims += 1

    print(f"articles: {len(texts)}  claims written: {n_claims}  predictions: {out}")
    print(f"model: {nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}  processes: {args.processes}  nested: {args.nested}")
    sys.stdout.flush()
    proc = subprocess.run([sys.executable, str(scorer), str(args.dir), str(out)], capture_output=True, text=True)
    print(proc.stdout, end="")
    if proc.returncode:
        print(proc.stderr, file=sys.stderr)
        return proc.returncode
    bare_wps, ext_wps = bare_words / bare_s, ext_words / ext_s
    print(f"speed: bare nlp.pipe {bare_wps:,.0f} words/s ({bare_s:.1f}s)  |  "
          f"parse+extract {ext_wps:,.0f} words/s ({ext_s:.1f}s)  |  ratio {ext_wps / bare_wps:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
