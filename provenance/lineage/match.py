"""The verdict on a candidate pair: do two items report the same statement?

The two normalised texts are read as **tokens**: their words, number words as digits and "percent"
dropped (``provenance/data/lineage_numbers.tsv``: "Ninety percent" and "90%" are one statement). The
shorter item is then aligned, word by word, inside one stretch of the longer (the longest common
subsequence of its tokens and a window of the longer a little wider than it: one outlet quotes a part
of a statement, or cut a few words, or another transcribed a word differently). Scores:

- ``ratio`` (0-100): the whole of each against the whole of the other (the same quote, near-verbatim
  wire copy, the same content under another cue), the lower of rapidfuzz ``ratio`` on the letters and
  :func:`word_ratio` on the weighted tokens (letters alone took "barring all foreign Muslims" and
  "banning all Muslims" for one text);
- ``aligned`` (0-100): the share of the shorter's tokens found, in order, in that stretch;
- ``info``: the weight of the aligned tokens, each token weighted by how rare it is (inverse document
  frequency from a **fixed** table, ``provenance/data/lineage_words.tsv``, counted on PolNeAR train
  articles by ``benchmarks/lineage_words.py``; never learned from the database, so clusters never depend
  on what was ingested before): how specific the shared words are ("It doesn't make any sense" weighs
  little, "a hell of a lot worse than waterboarding" much);
- ``run``: the longest stretch of consecutive tokens shared (two quotes that overlap: the end of one
  is the start of the other).

Rules (thresholds in ``provenance/data/lineage.json``, tuned on train pairs by
``benchmarks/lineage.py``), the first that holds decides: a shorter of too few tokens is never a match;
a whole ``ratio``; a **part**: the shorter mostly ``aligned`` in the longer, with enough ``info`` (a
verbatim part of a longer quote, a quote with a word or two cut or transcribed differently); a
**sentence**: the shorter is a whole sentence of its article (a lone quoted sentence, a statement
printed without its source), mostly aligned, with a lower bar on ``info``; a long shared ``run``.
The verdict is a pure function of the two texts (and kinds) and symmetric: ``same(a, b) == same(b, a)``,
so pairs never depend on arrival order.
"""

from __future__ import annotations

import json
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import attrs
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq

from provenance.datafiles import DATA_DIR, choose

DEFAULT_THRESHOLDS = DATA_DIR / "lineage.json"
DEFAULT_WORDS = DATA_DIR / "lineage_words.tsv"
DEFAULT_NUMBERS = DATA_DIR / "lineage_numbers.tsv"


@attrs.frozen
class Thresholds:
    min_words: int = 5  # shorter items are never matched (too generic: "that is not true")
    ratio: float = 85.0
    part_aligned: float = 85.0
    part_info: float = 12.0
    sentence_aligned: float = 80.0
    sentence_info: float = 6.0
    run: int = 12

    @classmethod
    def from_dict(cls, d: dict) -> "Thresholds":
        return cls(**{f.name: d[f.name] for f in attrs.fields(cls) if f.name in d})


def load_thresholds(path: Optional[Union[str, os.PathLike]] = None) -> Thresholds:
    chosen, mtime = choose(path, "PROVENANCE_LINEAGE", DEFAULT_THRESHOLDS, "lineage thresholds")
    return _load(chosen, mtime)


@lru_cache(maxsize=4)
def _load(path: str, mtime: int) -> Thresholds:
    try:
        return Thresholds.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise ValueError(f"cannot read lineage thresholds {path}: {exc}") from None


def _tsv(path: Path) -> list[list[str]]:
    """The rows of a tab-separated word list; lines starting with "#" are comments."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"cannot read lineage word list {path}: {exc.strerror or exc}") from None
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _numbers() -> dict[str, str]:
    return {row[0]: (row[1] if len(row) > 1 else "") for row in _tsv(DEFAULT_NUMBERS)}


@lru_cache(maxsize=1)
def _frequencies() -> tuple[int, dict[str, int]]:
    """(train articles counted, articles each word occurs in); the ``*articles`` row holds the first."""
    df = {w: int(n) for w, n in _tsv(DEFAULT_WORDS)}
    return df.pop("*articles"), df


def tokens(norm: str) -> list[str]:
    """The tokens of a normalised text: number words as digits, "percent" dropped."""
    numbers = _numbers()
    out = []
    for w in norm.split():
        t = numbers.get(w, w)
        if t:
            out.append(t)
    return out


@lru_cache(maxsize=65536)
def weight(token: str) -> float:
    """How specific a token is: log((articles + 1) / (articles it occurs in + 1)) on PolNeAR train (a
    token missing from the table counts as found in one article)."""
    articles, df = _frequencies()
    return math.log((articles + 1) / (df.get(token, 1) + 1))


@attrs.frozen
class Scores:
    ratio: float
    aligned: float
    info: float
    run: int
    short_words: int
    short_is_sentence: bool = False


def _encode(short: list[str], long_: list[str]) -> tuple[str, str]:
    """Both token lists as strings of one character a token (rapidfuzz's fast path)."""
    codes: dict[str, str] = {}
    enc = lambda ts: "".join(codes.setdefault(t, chr(0x100 + len(codes))) for t in ts)  # noqa: E731
    return enc(short), enc(long_)


def _slack(n: int) -> int:
    """Extra tokens the stretch of the longer may hold besides the shorter's (words cut in one copy)."""
    return 2 + n // 4


def align(short: list[str], long_: list[str]) -> list[tuple[int, int]]:
    """The shorter's tokens found in order in one stretch of the longer: ``(start, length)`` blocks of
    consecutive shorter tokens, from the best stretch (the first best, scanning left to right)."""
    s, l = _encode(short, long_)
    n, width = len(s), len(s) + _slack(len(s))
    if not n:
        return []
    if len(l) <= width:
        best_at = 0
    else:
        present = set(s)
        best, best_at = -1, 0
        for i, ch in enumerate(l):
            if best >= len(l) - i:  # no later stretch can hold more
                break
            if ch not in present:
                continue
            found = LCSseq.similarity(s, l[i : i + width], score_cutoff=best + 1)
            if found > best:
                best, best_at = found, i
                if best == n:
                    break
    window = l[best_at : best_at + width]
    return [(op.src_start, op.src_end - op.src_start) for op in Indel.opcodes(s, window) if op.tag == "equal"]


def word_ratio(short: list[str], long_: list[str]) -> float:
    """How much of the two token lists' weight is shared, in order (0-100): twice the weight of their
    longest common subsequence of tokens over the weight of both. Rare words count most: "barring all
    foreign Muslims" and "banning all Muslims" are 89 by letters, 64 by weighted words."""
    s, l = _encode(short, long_)
    common = sum(weight(short[k]) for op in Indel.opcodes(s, l) if op.tag == "equal" for k in range(op.src_start, op.src_end))
    total = sum(weight(t) for t in short) + sum(weight(t) for t in long_)
    return round(200.0 * common / total, 6) if total else 0.0


def scores(a: str, b: str, kinds: tuple[str, str] = ("claim", "claim")) -> Scores:
    """Scores of two normalised texts of items of these ``kinds`` (order does not matter)."""
    ta, tb = tokens(a), tokens(b)
    (short, _, short_kind), (long_, _, _) = sorted(zip((ta, tb), (a, b), kinds), key=lambda x: (len(x[0]), x[1], x[2]))
    ja, jb = " ".join(ta), " ".join(tb)
    blocks = align(short, long_)
    matched = [short[k] for start, length in blocks for k in range(start, start + length)]
    info = round(sum(weight(t) for t in matched), 6)
    total = round(sum(weight(t) for t in short), 6)
    letters = fuzz.ratio(ja, jb) if ja <= jb else fuzz.ratio(jb, ja)
    return Scores(
        ratio=min(letters, word_ratio(short, long_)),
        aligned=round(100.0 * info / total, 6) if total else 0.0,  # rounded: a whole match is 100, not 99.99..
        info=info,
        run=max((length for _, length in blocks), default=0),
        short_words=len(short),
        short_is_sentence=short_kind == "sentence",
    )


def same(a: str, b: str, thresholds: Thresholds, kinds: tuple[str, str] = ("claim", "claim")) -> Optional[float]:
    """The pair's score when ``a`` and ``b`` (normalised, items of these ``kinds``) report the same
    statement, else None."""
    return decide(scores(a, b, kinds), thresholds)


def decide(s: Scores, thresholds: Thresholds) -> Optional[float]:
    """The verdict on a pair's :class:`Scores`: its score when it is a match, else None."""
    th = thresholds
    if s.short_words < th.min_words:
        return None
    if s.ratio >= th.ratio:
        return s.ratio
    if s.aligned >= th.part_aligned and s.info >= th.part_info:
        return s.aligned
    if s.short_is_sentence and s.aligned >= th.sentence_aligned and s.info >= th.sentence_info:
        return s.aligned
    if s.run >= th.run:
        return 100.0 * s.run / s.short_words
    return None
