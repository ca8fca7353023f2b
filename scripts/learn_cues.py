#!/usr/bin/env python3
"""Learn cue strengths (and new cues) for provenance/data/cues.tsv from a PolNeAR compartment.

Example:

    python scripts/learn_cues.py ../shared/polnear/train            # rewrites provenance/data/cues.tsv
    python scripts/learn_cues.py ../shared/polnear/train --dry-run  # prints the table only

For every verb and noun lemma
it counts, outside quotation marks, how often the word occurs and how often
annotators marked it as (part of) a cue. The strength written is that
precision, smoothed (``(cue + 1) / (seen + 2)``). Lemmas seen as a cue at least
``--min-count`` times with a strength of at least ``--min-strength`` are kept.
Entries already in the file keep their class (hand-assigned); new ones get the
class of a known synonym if the hand list below names one, else "neutral".
Hand-written entries with too little evidence are kept as they are.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.extract.lexicon import CLASSES, DEFAULT_PATH, _parse  # noqa: E402
from provenance.extract.quotes import QuoteIndex, find_quotes  # noqa: E402
from provenance.nlp import load  # noqa: E402

#: class of cues the learner may discover, when they are not in the file yet
CLASS_HINTS = {
    "evaluative": "accuse attack blast slam criticize condemn mock ridicule lambaste bash denounce decry tout brag boast complain "
    "whine rip scold chide fault praise applaud hail laud claim allege charge lambast lambaste rebuke deride assail rail "
    "insult mock berate chastise castigate excoriate disparage belittle smear lash hammer bemoan lament decry".split(),
    "assertive": "insist stress emphasize declare vow promise pledge warn urge argue assert maintain reiterate demand "
    "call threaten guarantee swear predict proclaim contend".split(),
    "concessive": "admit concede acknowledge confess grant agree".split(),
    "denial": "deny dispute reject refute dismiss contradict decline refuse rebut repudiate disavow rebuff counter".split(),
    "belief": "believe think feel consider expect hope fear worry doubt suspect know assume conclude view regard "
    "see want wish seem appear wonder speculate suppose guess imagine deem".split(),
}


#: lemmas the learner must not add: "accord" is "according to" (a prep cue), the rest are lemmatiser slips
SKIP = {"accord", "hop", "retweete", "scar"}
#: verbs PolNeAR marks for topic-setting ("the meeting focused on trade") that an editor does not read as
#: attribution; kept out so narration gives no claim (scripts/learn_cue_model.py labels them no cue)
NOT_ATTRIBUTION = frozenset({"focus", "cover"})
SKIP |= NOT_ATTRIBUTION


def write_cues(path: Path, text: str) -> None:
    """Write a cue file, never one that cannot be read back (a malformed line raises first)."""
    _parse(text.splitlines(keepends=True), str(path))
    path.write_text(text, encoding="utf-8")


def read_cue_spans(folder: Path):
    """(stem, text, [(start, end), ...] of gold cue segments) for each article."""
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(txt.stem + "_*.ann"))
        spans = []
        if anns:
            for line in anns[0].read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) < 2 or not parts[0].startswith("T"):
                    continue
                role, _, offsets = parts[1].partition(" ")
                if role != "Cue":
                    continue
                for seg in offsets.split(";"):
                    s, e = seg.split()
                    spans.append((int(s), int(e)))
        yield txt.stem, txt.read_text(encoding="utf-8"), spans


def parses(nlp, texts, docbin=None):
    """The parses of ``texts`` (an iterable, read lazily), or those of ``docbin`` when given: a DocBin of
    the same texts in the same order (``benchmarks/polnear_errors.py --cache`` writes one)."""
    if docbin:
        from spacy.tokens import DocBin

        return DocBin().from_disk(docbin).get_docs(nlp.vocab)
    return nlp.pipe(texts, batch_size=32)


def compartment_texts(corpus: Path, stems):
    """The texts of a PolNeAR compartment's articles ``stems``, read one at a time."""
    return ((corpus / "text" / f"{s}.txt").read_text(encoding="utf-8") for s in stems)


def count(folder: Path, model=None, limit=None, docbin=None):
    nlp = load(model)
    seen, cue = collections.Counter(), collections.Counter()
    items = list(read_cue_spans(folder))[:limit]
    docs = parses(nlp, (t for _, t, _ in items), docbin)
    for (stem, text, spans), doc in zip(items, docs):
        quotes = QuoteIndex(find_quotes(text))
        marked = bytearray(len(text) + 1)
        for s, e in spans:
            marked[s:e] = b"\x01" * (e - s)
        for tok in doc:
            if quotes.containing(tok.idx):
                continue
            if tok.pos_ == "VERB":
                key = ("verb", tok.lemma_.lower())
            elif tok.pos_ == "NOUN":
                key = ("noun", tok.lemma_.lower())
            else:
                continue
            seen[key] += 1
            if marked[tok.idx]:
                cue[key] += 1
    return seen, cue


def cue_file_parser(doc: str, *, min_count: int) -> argparse.ArgumentParser:
    """The options of the scripts that learn cues.tsv from a PolNeAR compartment (this one and
    learn_cue_spans.py), declared once: the compartment, the cue file, the least count, the model or
    cached parses, --dry-run. ``doc``: the script's docstring (its first paragraph is the description)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("corpus", type=Path, help="a PolNeAR compartment (train), holding text/ and attributions/")
    ap.add_argument("--cues", type=Path, default=DEFAULT_PATH, help="the cue file to update (default: the packaged one)")
    ap.add_argument("--min-count", type=int, default=min_count,
                    help="least times a lemma is seen in a cue to be learned (default %(default)s)")
    ap.add_argument("--model", help="the spaCy model to parse with (default: the one provenance uses)")
    ap.add_argument("--docbin", help="reuse parses: a DocBin of the compartment's texts in sorted file order")
    ap.add_argument("--dry-run", action="store_true", help="print what was learned, write nothing")
    return ap


def parser() -> argparse.ArgumentParser:
    ap = cue_file_parser(__doc__, min_count=4)
    ap.add_argument("--min-strength", type=float, default=0.25)
    ap.add_argument("--limit", type=int)
    return ap


def main(argv=None):
    args = parser().parse_args(argv)

    lines = args.cues.read_text(encoding="utf-8").splitlines(keepends=True)
    lex = _parse(lines, str(args.cues))
    header = [ln for ln in lines if ln.startswith("#") and not ln.startswith(("# Strengths learned", "# the flags cue-"))]
    existing = {(e.kind, e.cue): e for e in lex.entries}
    hints = {w: cls for cls, words in CLASS_HINTS.items() for w in words}

    seen, cue = count(args.corpus, args.model, args.limit, args.docbin)
    rows = {}
    for (kind, cue_, ), e in existing.items():
        rows[(kind, cue_)] = (e.cls, e.strength, "hand")
    flags = {(e.kind, e.cue): ",".join(sorted(e.flags)) for e in lex.entries if e.flags}  # carried over as written
    for key, n_cue in cue.items():
        kind, lemma = key
        if lemma in SKIP:
            continue
        strength = (n_cue + 1) / (seen[key] + 2)
        if n_cue < args.min_count:
            continue
        old = existing.get(key)
        if strength < args.min_strength:
            if old is not None:
                rows[key] = (old.cls, round(strength, 2), "learned")  # evidence says weak: keep it, weakly
            continue
        cls = old.cls if old else hints.get(lemma, "neutral")
        rows[key] = (cls, round(strength, 2), "learned")
    for (kind, lemma), (cls, strength, how) in sorted(rows.items()):
        assert cls in CLASSES
        n = seen.get((kind, lemma), 0)
        print(f"{kind}\t{lemma}\t{cls}\t{strength}\t{how}\t{cue.get((kind, lemma), 0)}/{n}")
    if args.dry_run:
        return 0
    order = {"verb": 0, "noun": 1, "prep": 2, "hedge": 3, "evidential": 4, "mark": 5, "label": 6, "target": 7, "light": 8, "adjective": 9, "as-phrase": 10, "object": 11}
    body = [f"{lemma}\t{kind}\t{cls}\t{strength:g}" + (f"\t{flags[kind, lemma]}" if (kind, lemma) in flags else "") + "\n" for (kind, lemma), (cls, strength, _) in sorted(rows.items(), key=lambda kv: (order[kv[0][0]], -kv[1][1], kv[0][1]))]
    text = "".join(header) + ("# Strengths learned from PolNeAR train by scripts/learn_cues.py (precision of the word as a cue, outside quotes);\n"
                              "# the flags cue-infinitive and cue-object and the light entries by scripts/learn_cue_spans.py.\n") + "".join(body)
    write_cues(args.cues, text)
    print(f"wrote {len(body)} cues to {args.cues}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
