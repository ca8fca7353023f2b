"""The verdict on a candidate pair: do two items report the same statement?

Two scores (rapidfuzz, 0-100, on normalised words): ``ratio``, the whole of each against the whole of
the other (the same quote, near-verbatim wire copy, the same content under another cue); and
``partial``, the shorter aligned inside the longer (one outlet quotes a part of a statement, or an
unattributed sentence carries a claim's content), counted only when the shorter has enough words to be
a statement of its own. Thresholds live in ``provenance/data/lineage.json`` (tuned on train pairs).
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
    short_words: int


def scores(a: str, b: str) -> Scores:
    """Scores of two normalised texts (order does not matter)."""
    short, long_ = sorted((a, b), key=lambda s: (len(s), s))
    return Scores(
        ratio=fuzz.ratio(a, b) if a <= b else fuzz.ratio(b, a),
        partial=fuzz.partial_ratio(short, long_),
        short_words=len(short.split()),
    )


def same(a: str, b: str, thresholds: Thresholds) -> Optional[float]:
    """The pair's score when ``a`` and ``b`` (normalised) report the same statement, else None."""
    s = scores(a, b)
    if s.short_words < thresholds.min_words:
        return None
    if s.ratio >= thresholds.ratio:
        return s.ratio
    if s.short_words >= thresholds.partial_min_words and s.partial >= thresholds.partial:
        return s.partial
    return None
