"""The verdict on a candidate pair: do two items report the same statement?

Three scores on normalised words: ``ratio`` (rapidfuzz, 0-100), the whole of each against the whole
of the other (the same quote, near-verbatim wire copy, the same content under another cue);
``partial`` (rapidfuzz ``partial_ratio``), the shorter aligned inside the longer, letter by letter
(one outlet quotes a part of a statement, or an unattributed sentence carries a claim's content); and
``contained`` (0-100), the share of the shorter's word pairs found in the longer, which forgives a
few words lost or changed inside a long quotation. The last two count only when the shorter has
enough words to be a statement of its own. A shorter item that is a whole sentence of its article
(a sentence without a claim: a lone quoted sentence, or a statement printed without its source) needs
fewer words when all its word pairs are found in the longer: a sentence reproduced word for word is copy. Thresholds live in ``provenance/data/lineage.json`` (tuned on train pairs).
The verdict is symmetric: ``same(a, b) == same(b, a)``, so pairs never depend on arrival order.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import attrs
from rapidfuzz import fuzz

from provenance.datafiles import DATA_DIR, choose

DEFAULT_THRESHOLDS = DATA_DIR / "lineage.json"


@attrs.frozen
class Thresholds:
    min_words: int = 5  # shorter items are never matched (too generic: "that is not true")
    ratio: float = 80.0
    partial: float = 90.0
    partial_min_words: int = 8
    contained: float = 90.0
    contained_min_words: int = 9
    sentence_contained: float = 100.0
    sentence_min_words: int = 6

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


@attrs.frozen
class Scores:
    ratio: float
    partial: float
    contained: float
    short_words: int
    short_is_sentence: bool = False


def _word_pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


def scores(a: str, b: str, kinds: tuple[str, str] = ("claim", "claim")) -> Scores:
    """Scores of two normalised texts of items of these ``kinds`` (order does not matter)."""
    (short, short_kind), (long_, _) = sorted(zip((a, b), kinds), key=lambda x: (len(x[0]), x[0], x[1]))
    short_words = short.split()
    pairs = _word_pairs(short_words)
    return Scores(
        ratio=fuzz.ratio(a, b) if a <= b else fuzz.ratio(b, a),
        partial=fuzz.partial_ratio(short, long_),
        contained=100.0 * len(pairs & _word_pairs(long_.split())) / len(pairs) if pairs else 0.0,
        short_words=len(short_words),
        short_is_sentence=short_kind == "sentence",
    )


def same(a: str, b: str, thresholds: Thresholds, kinds: tuple[str, str] = ("claim", "claim")) -> Optional[float]:
    """The pair's score when ``a`` and ``b`` (normalised, items of these ``kinds``) report the same
    statement, else None."""
    return decide(scores(a, b, kinds), thresholds)


def decide(s: Scores, thresholds: Thresholds) -> Optional[float]:
    """The verdict on a pair's :class:`Scores`: its score when it is a match, else None."""
    if s.short_words < thresholds.min_words:
        return None
    if s.ratio >= thresholds.ratio:
        return s.ratio
    if s.short_words >= thresholds.partial_min_words and s.partial >= thresholds.partial:
        return s.partial
    if s.short_words >= thresholds.contained_min_words and s.contained >= thresholds.contained:
        return s.contained
    if s.short_is_sentence and s.short_words >= thresholds.sentence_min_words and s.contained >= thresholds.sentence_contained:
        return s.contained
    return None
