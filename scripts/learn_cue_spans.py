#!/usr/bin/env python3
"""Learn which verbs start a longer cue (flags cue-infinitive, cue-object in provenance/data/cues.tsv).

Example:

    python scripts/learn_cue_spans.py ../shared/polnear/train            # rewrites provenance/data/cues.tsv
    python scripts/learn_cue_spans.py ../shared/polnear/train --dry-run  # prints the counts only

PolNeAR's annotators often draw a cue longer than its verb: "continued to push for X", "tried to paint X
as Y" (the infinitive's verb is part of the cue), "expressed concern about X", "made comments about X"
(the object noun and its preposition are). The extractor's content is then too long at the start. For
every annotated cue whose first verb (or adjective complementing a verb: "was quick to embrace") has an
infinitive complement (xcomp) after it, this counts whether
the infinitive's verb is inside the cue or inside the content; for every one whose verb has a common-noun
object with a preposition, a that-clause or a to-infinitive after it, whether the noun is inside the cue or
the content. A lemma seen in
the cue at least ``--min-count`` times and in at least ``--min-share`` of the cases gets the flag: on its
verb entry (without particle) when the lexicon has one, else on a ``light`` entry (never a cue alone; the
flag extends a learned claim's cue). Flags of lemmas under the thresholds are removed; every other
line of the file is kept as it is. About a minute on a cached parse (``--docbin``), 4 without.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from learn_confidence import read_gold  # noqa: E402
from learn_cues import compartment_texts, cue_file_parser, parses, write_cues  # noqa: E402

from provenance.nlp import load  # noqa: E402

FLAGS = ("cue-infinitive", "cue-object")


def _inside(tok, segs) -> bool:
    return any(s <= tok.idx < e for s, e in segs)


def _opens_clause(c) -> bool:
    return any((g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to") for g in c.children)


def _is_head(t) -> bool:
    """A verb, or an adjective complementing one ("was quick to embrace", "is likely to say"): what a longer cue starts with."""
    return t.pos_ == "VERB" or (t.pos_ == "ADJ" and t.dep_ == "acomp")


def count(gold, docs):
    """{flag: {lemma: [in the cue, in the content]}} over the annotated attributions."""
    out = {f: collections.defaultdict(lambda: [0, 0]) for f in FLAGS}
    for attrs_, doc in zip(gold, docs):
        for cue, content in attrs_:
            v = next((t for t in doc if _is_head(t) and _inside(t, cue)), None)
            if v is None:
                continue
            lemma = v.lemma_.lower()
            x = next((c for c in v.children if c.dep_ == "xcomp" and c.i > v.i and c.pos_ == "VERB"), None)
            if x is not None:
                if _inside(x, cue):
                    out["cue-infinitive"][lemma][0] += 1
                elif _inside(x, content):
                    out["cue-infinitive"][lemma][1] += 1
            o = next((c for c in v.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
            if o is not None and any(g.i > o.i and (g.dep_ == "prep" or (g.dep_ in ("acl", "ccomp") and _opens_clause(g)))
                                     for g in o.children):
                if _inside(o, cue):
                    out["cue-object"][lemma][0] += 1
                elif _inside(o, content):
                    out["cue-object"][lemma][1] += 1
    return out


def choose(counts, min_count: int, min_share: float) -> dict[str, set]:
    """lemma -> the flags its counts earn."""
    flags: dict[str, set] = collections.defaultdict(set)
    for flag, by_lemma in counts.items():
        for lemma, (ext, no) in by_lemma.items():
            if ext >= min_count and ext / (ext + no) >= min_share:
                flags[lemma].add(flag)
    return flags


def rewrite(lines: list[str], flags: dict[str, set]) -> str:
    """The cue file with the cue-span flags of verb entries set to ``flags`` and the light entries
    replaced by the lemmas without a verb entry."""
    out, verbs = [], set()
    for line in lines:
        fields = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(fields) < 4:
            out.append(line)
            continue
        if fields[1] == "light":
            continue
        if fields[1] == "verb" and " " not in fields[0]:
            verbs.add(fields[0])
            old = {f for f in (fields[4].split(",") if len(fields) > 4 else []) if f and f not in FLAGS}
            new = sorted(old | flags.get(fields[0], set()))
            line = "\t".join(fields[:4] + ([",".join(new)] if new else [])) + "\n"
        out.append(line)
    light = [f"{lemma}\tlight\tneutral\t0\t{','.join(sorted(fl))}\n" for lemma, fl in sorted(flags.items()) if lemma not in verbs]
    return "".join(out) + "".join(light)


def parser():
    ap = cue_file_parser(__doc__, min_count=5)
    ap.add_argument("--min-share", type=float, default=0.6)
    return ap


def main(argv=None):
    args = parser().parse_args(argv)
    gold = read_gold(args.corpus)
    stems = sorted(gold)
    nlp = load(args.model)
    docs = parses(nlp, compartment_texts(args.corpus, stems), args.docbin)
    counts = count((gold[s] for s in stems), docs)
    flags = choose(counts, args.min_count, args.min_share)
    for flag, by_lemma in counts.items():
        for lemma, (ext, no) in sorted(by_lemma.items(), key=lambda kv: -kv[1][0]):
            if ext >= 3:
                print(f"{flag}\t{lemma}\tin cue {ext}\tin content {no}\t{'FLAG' if flag in flags.get(lemma, ()) else ''}")
    if args.dry_run:
        return 0
    lines = args.cues.read_text(encoding="utf-8").splitlines(keepends=True)
    text = rewrite(lines, flags)
    write_cues(args.cues, text)
    print(f"flagged {len(flags)} lemmas in {args.cues}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
