"""The verdict on a candidate pair: do two items report the same statement?

The two normalised texts are read as **tokens**: their words, number words as digits and "percent"
dropped (``provenance/data/lineage_numbers.tsv``: "Ninety percent" and "90%" are one statement). The
shorter item is then aligned, word by word, inside one stretch of the longer (the longest common
subsequence of its tokens and a window of the longer a little wider than it: one outlet quotes a part
of a statement, or cut a few words, or another transcribed a word differently); a word spelled two
ways ("though" / "although", "ISIS's" / "ISIS": :func:`variant`, never a number or a negation) aligns
as one token. Scores:

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
- ``passage`` and ``passage_info``: the tokens, and their weight, of the longest passage the two share
  near-verbatim (:func:`passage`: stretches of their alignment with at most a word or two between them,
  so two quotes that overlap — the end of one is the start of the other — or two long quotes of one
  statement each transcribed a little differently);
- ``pieces``: a sentence of one against a sentence of the other. A claim whose content runs over several
  sentences keeps where each begins (:data:`provenance.lineage.text.BREAK` in its normalised text); each
  sentence piece of one is scored against each of the other like two whole texts (``ratio``, and the
  weight of the shorter's aligned tokens), so that a sentence an outlet quotes alone, or with a word
  changed, is judged against its own sentence of the longer quote, not against the whole of it.

Rules (thresholds in ``provenance/data/lineage.json``, tuned on train pairs by
``benchmarks/lineage.py``), the first that holds decides: a shorter of too few tokens is never a match;
a whole ``ratio``; a **part**: the shorter mostly ``aligned`` in the longer, with enough ``info`` (a
verbatim part of a longer quote, a quote with a word or two cut or transcribed differently); a
**sentence**: the shorter is a whole sentence of its article (a lone quoted sentence, a statement
printed without its source), mostly aligned, with a lower bar on ``info``; a long shared ``passage``;
a **piece**: a sentence of one and a sentence of the other alike as wholes (``piece_ratio``) with enough
weight (``piece_info``), the shorter of the two at least ``min_words`` tokens. (A rule whose bar cannot
be reached is off: the thresholds tuned since the piece rule switch the part and sentence rules off, their
train positives taken as pieces; ``benchmarks/README.md``, "Sentence pieces".)
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
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq

from provenance.datafiles import DATA_DIR, choose
from provenance.lineage.text import BREAK

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
    #: a shared **passage** (:func:`passage`): its aligned tokens, and their weight
    passage_words: int = 14
    passage_info: float = 16.0
    #: a sentence of one against a sentence of the other (:func:`pieces`): their whole ratio, and the
    #: weight of the shorter's aligned tokens
    piece_ratio: float = 80.0
    piece_info: float = 10.0

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
    """The tokens of a normalised text: number words as digits, "percent" dropped (sentence breaks are
    no tokens)."""
    return list(_tokens(norm))


@lru_cache(maxsize=8192)
def _tokens(norm: str) -> tuple[str, ...]:  # a text is judged against each of its candidates: read it once
    return tuple(t for piece in _pieces(norm) for t in piece)


@lru_cache(maxsize=8192)
def _pieces(norm: str) -> tuple[tuple[str, ...], ...]:
    """The tokens of each sentence piece of a normalised text (one piece when it has no break)."""
    numbers = _numbers()
    out = [tuple(t for t in (numbers.get(w, w) for w in piece.split()) if t) for piece in norm.split(BREAK)]
    return tuple(p for p in out if p) or ((),)


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
    short_words: int
    short_is_sentence: bool = False
    passage: int = 0
    passage_info: float = 0.0
    #: ``(ratio, info, tokens of the shorter)`` of the pairs of sentence pieces alike as wholes (ratio
    #: at least :data:`PIECE_FLOOR`), only those no other pair beats on all three, sorted
    pieces: tuple[tuple[float, float, int], ...] = ()


#: Two different tokens are read as one spelling of a word when both have at least this many letters and
#: their letters' rapidfuzz Indel similarity reaches ``VARIANT_SIMILARITY`` ("though" / "although",
#: "isiss" / "isis", "asawitri" / "asawitiri"), unless they are numbers or one negates the other.
VARIANT_LETTERS = 4
VARIANT_SIMILARITY = 0.85
_NEGATING = ("un", "in", "im", "ir", "il", "dis", "non")


def _number(token: str) -> bool:
    """A figure ("90", "1,237"): never a variant of another token, and a gap holding one on both sides ends a passage."""
    return token[:1].isdigit()


def variant(a: str, b: str) -> bool:
    """Whether two distinct tokens are spellings of one word (a transcription or typing variant, a plural
    or possessive), not different words: long enough, alike enough (:data:`VARIANT_SIMILARITY`), neither a
    number, and not a negation of the other ("possible" / "impossible", "should" / "shouldnt")."""
    if a == b:
        return True
    if min(len(a), len(b)) < VARIANT_LETTERS or _number(a) or _number(b):
        return False
    short, long_ = sorted((a, b), key=lambda t: (len(t), t))
    if long_.endswith("nt") and not short.endswith("nt"):
        return False
    if any(long_ == p + short or long_.startswith(p) and long_[len(p):].startswith(short[:3]) for p in _NEGATING):
        return False
    return Indel.normalized_similarity(a, b) >= VARIANT_SIMILARITY


def _encode(short: list[str], long_: list[str]) -> tuple[str, str]:
    """Both token lists as strings of one character a token (rapidfuzz's fast path); a token of the
    longer that is a :func:`variant` of a token of the shorter gets that token's character."""
    codes: dict[str, str] = {}
    for t in short:
        if t not in codes:
            codes[t] = chr(0x100 + len(codes))
    mine = sorted(t for t in codes if len(t) >= VARIANT_LETTERS and not _number(t))
    rest = sorted(set(long_).difference(codes))
    codes.update(zip(rest, map(chr, range(0x100 + len(codes), 0x100 + len(codes) + len(rest)))))
    if mine:
        asked = [t for t in rest if len(t) >= VARIANT_LETTERS]
        if asked:  # every pair of tokens at once, in rapidfuzz: the alike ones only are looked at here
            alike = process.cdist(asked, mine, scorer=Indel.normalized_similarity, score_cutoff=VARIANT_SIMILARITY)
            for i in alike.any(axis=1).nonzero()[0]:
                u = mine[int(alike[i].argmax())]
                if variant(asked[i], u):
                    codes[asked[i]] = codes[u]
    return "".join([codes[t] for t in short]), "".join([codes[t] for t in long_])


def _slack(n: int) -> int:
    """Extra tokens the stretch of the longer may hold besides the shorter's (words cut in one copy)."""
    return 2 + n // 4


def align(short: list[str], long_: list[str]) -> list[tuple[int, int]]:
    """The shorter's tokens found in order in one stretch of the longer: ``(start, length)`` blocks of
    consecutive shorter tokens, from the best stretch (the first best, scanning left to right)."""
    return _align(*_encode(short, long_))


def _align(s: str, l: str) -> list[tuple[int, int]]:
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


#: Tokens a passage may skip between two aligned stretches, on either side (a word or two transcribed
#: differently, or cut in one copy).
PASSAGE_GAP = 2


#: Pairs of sentence pieces whose whole ratio is under this are not scored (no setting of the piece
#: rule reads them: the tuning's grid starts at 80).
PIECE_FLOOR = 75.0


#: The version of the verdict's rules in this module's code (the passage, variant and alignment rules):
#: raised when a code change alters verdicts, so that a database matched by the older rules is recomputed
#: (the setup's ``verdict`` part, :mod:`.setup`). 2: the passage rule and word variants; 3: the piece rule.
RULES = 3


def verdict_parameters() -> dict:
    """What the verdict computes with besides its thresholds and word lists: the rules' version and
    constants (digested by the setup's ``verdict`` part)."""
    return {"rules": RULES, "passage_gap": PASSAGE_GAP, "variant_letters": VARIANT_LETTERS,
            "variant_similarity": VARIANT_SIMILARITY, "negating": list(_NEGATING), "piece_floor": PIECE_FLOOR}


def passage(a: list[str], b: list[str]) -> tuple[int, float]:
    """The best passage the two token lists share near-verbatim: consecutive stretches of their
    alignment (the longest common subsequence of the whole of both) separated by at most
    :data:`PASSAGE_GAP` unaligned tokens on either side, never by a gap holding a number on both sides
    (different figures are different statements). Returns ``(aligned tokens, their weight)`` of the
    passage of the most weight (two long quotes of one statement, each cut or transcribed a little
    differently: "... will get 90 percent of the African American vote. The question is ..." and "...
    would get 90 percent of the black vote. The question is ...")."""
    s, l = _encode(a, b)
    return _passage(a, b, Indel.opcodes(s, l))


def _passage(a: list[str], b: list[str], ops) -> tuple[int, float]:
    best = (0, 0.0)
    count, info, end_a, end_b = 0, 0.0, None, None
    for op in ops:
        if op.tag != "equal":
            continue
        n = op.src_end - op.src_start
        w = sum(weight(t) for t in a[op.src_start : op.src_end])
        if end_a is not None:
            gap_a, gap_b = a[end_a : op.src_start], b[end_b : op.dest_start]
            joined = (len(gap_a) <= PASSAGE_GAP and len(gap_b) <= PASSAGE_GAP
                      and not (any(map(_number, gap_a)) and any(map(_number, gap_b))))
            if not joined:
                count, info = 0, 0.0
        count, info, end_a, end_b = count + n, info + w, op.src_end, op.dest_end
        if round(info, 6) > best[1]:
            best = (count, round(info, 6))
    return best


def word_ratio(short: list[str], long_: list[str]) -> float:
    """How much of the two token lists' weight is shared, in order (0-100): twice the weight of their
    longest common subsequence of tokens over the weight of both. Rare words count most: "barring all
    foreign Muslims" and "banning all Muslims" are 89 by letters, 64 by weighted words."""
    s, l = _encode(short, long_)
    return _word_ratio(short, long_, Indel.opcodes(s, l))


def _word_ratio(short: list[str], long_: list[str], ops) -> float:
    common = sum(weight(short[k]) for op in ops if op.tag == "equal" for k in range(op.src_start, op.src_end))
    total = sum(weight(t) for t in short) + sum(weight(t) for t in long_)
    return round(200.0 * common / total, 6) if total else 0.0


def _letters(ja: str, jb: str, cutoff: float = 0) -> float:
    """rapidfuzz ``ratio`` of two joined token strings, in one order whatever the order given."""
    return fuzz.ratio(ja, jb, score_cutoff=cutoff) if ja <= jb else fuzz.ratio(jb, ja, score_cutoff=cutoff)


def _piece(x: tuple[str, ...], y: tuple[str, ...]) -> Optional[tuple[float, float, int]]:
    """``(ratio, info, tokens of the shorter)`` of two sentence pieces scored as whole texts, or None when
    their ratio is under :data:`PIECE_FLOOR`."""
    (short, js), (long_, jl) = sorted(((x, " ".join(x)), (y, " ".join(y))), key=lambda p: (len(p[0]), p[1]))
    letters = _letters(js, jl, PIECE_FLOOR)
    if not letters:
        return None
    es, el = _encode(list(short), list(long_))
    ratio = min(letters, _word_ratio(list(short), list(long_), Indel.opcodes(es, el)))
    if ratio < PIECE_FLOOR:
        return None
    info = sum(weight(short[k]) for start, length in _align(es, el) for k in range(start, start + length))
    return (round(ratio, 6), round(info, 6), len(short))


def pieces(a: str, b: str) -> tuple[tuple[float, float, int], ...]:
    """The :attr:`Scores.pieces` of two normalised texts with sentence breaks: each sentence piece of one
    against each of the other (:func:`_piece`), the pairs no other beats on ratio, info and length."""
    found = {p for x in _pieces(a) for y in _pieces(b) if x and y for p in [_piece(x, y)] if p is not None}
    return _front(found)


def _front(found) -> tuple[tuple[float, float, int], ...]:
    """The points of ``found`` that no other point beats or equals on all three, sorted."""
    return tuple(sorted(p for p in found if not any(q != p and all(u >= v for u, v in zip(q, p)) for q in found)))


def scores(a: str, b: str, kinds: tuple[str, str] = ("claim", "claim")) -> Scores:
    """Scores of two normalised texts of items of these ``kinds`` (order does not matter)."""
    ta, tb = tokens(a), tokens(b)
    (short, _, short_kind), (long_, _, _) = sorted(zip((ta, tb), (a, b), kinds), key=lambda x: (len(x[0]), x[1], x[2]))
    ja, jb = " ".join(ta), " ".join(tb)
    es, el = _encode(short, long_)
    whole = Indel.opcodes(es, el)  # the alignment of the whole of both
    blocks = _align(es, el)
    matched = [short[k] for start, length in blocks for k in range(start, start + length)]
    info = round(sum(weight(t) for t in matched), 6)
    total = round(sum(weight(t) for t in short), 6)
    letters = _letters(ja, jb)
    shared, shared_info = _passage(short, long_, whole)
    ratio = min(letters, _word_ratio(short, long_, whole))
    if len(_pieces(a)) == 1 and len(_pieces(b)) == 1:  # one sentence each: the pieces are the wholes
        found = _front({(round(ratio, 6), info, len(short))} if ratio >= PIECE_FLOOR and short else set())
    else:
        found = pieces(a, b)
    return Scores(
        ratio=ratio,
        aligned=round(100.0 * info / total, 6) if total else 0.0,  # rounded: a whole match is 100, not 99.99..
        info=info,
        short_words=len(short),
        short_is_sentence=short_kind == "sentence",
        passage=shared,
        passage_info=shared_info,
        pieces=found,
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
    if s.passage >= th.passage_words and s.passage_info >= th.passage_info:
        return 100.0 * min(s.passage, s.short_words) / s.short_words
    for ratio, info, words in reversed(s.pieces):
        if ratio >= th.piece_ratio and info >= th.piece_info and words >= th.min_words:
            return ratio
    return None
