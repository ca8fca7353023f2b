"""Normalised words and word shingles: what two reports of one statement share.

A claim's content that runs over several sentences of its article keeps where each sentence begins:
its normalised text holds :data:`BREAK` between the words of one sentence and the next
(:func:`normalise_pieces`), so that the verdict can compare a sentence of one quote with a sentence of
another (``provenance.lineage.match``). The break is no word: it is left out of the word count, the
shingles and the verdict's tokens.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterable, Optional

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

#: Words per shingle.
SHINGLE = 3

#: The shape of an item's normalised text, raised when it changes (the lineage inputs' settings digest
#: it: texts computed the older way are recomputed). 2: a claim's text keeps its sentence breaks.
VERSION = 2


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``: NFKC, case folded, apostrophes dropped inside words
    ("Clinton’s" -> "clintons"), every other punctuation mark a word break."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(?<=\w)['\u2019](?=\w)", "", text)
    return _WORD.findall(text)


def normalise(text: str) -> str:
    """``text`` as matched: its :func:`words` joined by single spaces."""
    return " ".join(words(text))


#: Between the words of two sentences of one item's normalised text (no word: :func:`words` never
#: yields punctuation).
BREAK = "|"


def normalise_pieces(pieces: Iterable[str]) -> str:
    """The normalised text of an item made of these sentence pieces: each piece's words, :data:`BREAK`
    between two pieces (a piece without words adds nothing)."""
    return f" {BREAK} ".join(n for n in map(normalise, pieces) if n)


def word_count(norm: str) -> int:
    """The words of a normalised text (:data:`BREAK` is none)."""
    return sum(1 for w in norm.split() if w != BREAK)


def sentence_pieces(text: str, start: int, segments: Optional[Iterable[tuple[int, int]]],
                    sentence_starts: list[int]) -> list[str]:
    """The words of a (possibly discontinuous) span cut into the sentences they lie in: ``text`` is its
    hull beginning at ``start``, ``segments`` its parts (none: the whole hull), ``sentence_starts`` the
    sorted offsets where the article's sentences begin. The parts of one sentence are joined (a content
    split by "he said" in its sentence), each sentence the span reaches is one piece, in order."""
    spans = list(segments) if segments else [(start, start + len(text))]
    groups: list[tuple[int, list[str]]] = []  # (sentence index, its parts)
    for s, e in spans:
        cuts = [s, *sentence_starts[bisect.bisect_right(sentence_starts, s) : bisect.bisect_left(sentence_starts, e)], e]
        for a, b in zip(cuts, cuts[1:]):
            k = bisect.bisect_right(sentence_starts, a)
            part = text[a - start : b - start]
            if groups and groups[-1][0] == k:
                groups[-1][1].append(part)
            else:
                groups.append((k, [part]))
    return [" ".join(parts) for _, parts in groups]


def shingles(norm: str, k: Optional[int] = None) -> set[str]:
    """Word ``k``-grams (default :data:`SHINGLE`, read when called) of a normalised text (the whole
    text when it is shorter), across its sentence breaks (the shingles of its words)."""
    k = SHINGLE if k is None else k
    ws = [w for w in norm.split() if w != BREAK]
    if len(ws) <= k:
        return {" ".join(ws)} if ws else set()
    return {" ".join(ws[i : i + k]) for i in range(len(ws) - k + 1)}
