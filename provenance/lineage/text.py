"""Normalised words and word shingles: what two reports of one statement share."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

#: Words per shingle.
SHINGLE = 3


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``: NFKC, case folded, apostrophes dropped inside words
    ("Clinton’s" -> "clintons"), every other punctuation mark a word break."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(?<=\w)['\u2019](?=\w)", "", text)
    return _WORD.findall(text)


def normalise(text: str) -> str:
    """``text`` as matched: its :func:`words` joined by single spaces."""
    return " ".join(words(text))


def joined_segments(text: str, start: int, segments: Optional[Iterable[tuple[int, int]]]) -> str:
    """The words of a (possibly discontinuous) span: ``text`` is its hull beginning at ``start``;
    a content split by "he said" is matched without the "he said"."""
    if not segments:
        return text
    return " ".join(text[s - start : e - start] for s, e in segments)


def shingles(norm: str, k: Optional[int] = None) -> set[str]:
    """Word ``k``-grams (default :data:`SHINGLE`, read when called) of a normalised text (the whole
    text when it is shorter)."""
    k = SHINGLE if k is None else k
    ws = norm.split()
    if len(ws) <= k:
        return {norm} if norm else set()
    return {" ".join(ws[i : i + k]) for i in range(len(ws) - k + 1)}
