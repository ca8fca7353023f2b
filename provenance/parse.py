"""Parsing: article texts -> spaCy ``Doc`` objects whose text is the article text.

Long texts are parsed in pieces (spaCy's ``max_length`` and the parser's
memory both grow with the length of one call) and joined back with
``Doc.from_docs``, so the Doc a caller gets always satisfies
``doc.text == text``: every character offset downstream is an article offset.
Pieces are cut at paragraph breaks where possible, then at sentence ends,
then at any whitespace, and only as a last resort in the middle of a word.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, TypeVar

#: The longest piece handed to spaCy in one call, in characters.
MAX_PIECE = 50_000
#: The most characters parsed in one batch (in one process): about 300 MB of parser memory.
MAX_BATCH_CHARS = 100_000

T = TypeVar("T")

_BREAKS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"), re.compile(r"\s+"))


def split_text(text: str, max_piece: int = MAX_PIECE) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_piece`` characters whose
    concatenation is exactly ``text``."""
    if len(text) <= max_piece:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > max_piece:
        window = text[start : start + max_piece]
        cut = None
        for pattern in _BREAKS:
            # the last break in the window, but not so early that pieces get tiny
            ends = [m.end() for m in pattern.finditer(window, max_piece // 4)]
            if ends:
                cut = ends[-1]
                break
        if cut is None or cut <= 0:
            cut = max_piece
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(
    nlp,
    items: Iterable[tuple[str, T]],
    *,
    batch_size: int = 32,
    n_process: int = 1,
    max_piece: int = MAX_PIECE,
    max_batch_chars: int = MAX_BATCH_CHARS,
) -> Iterator[tuple[Any, T]]:
    """``(text, context)`` pairs in, ``(doc, context)`` pairs out, in order.

    Streams: texts are consumed as the parser needs them. In one process,
    a batch holds at most ``batch_size`` texts (or pieces of a long text)
    and at most ``max_batch_chars`` characters, so memory does not grow
    with the length of an article.
    """
    from spacy.tokens import Doc

    def pieces() -> Iterator[tuple[str, tuple[int, int, T]]]:
        for n, (text, context) in enumerate(items):
            parts = split_text(text, max_piece)
            for i, part in enumerate(parts):
                # (article number, pieces left after this one, context)
                yield part, (n, len(parts) - 1 - i, context)

    if n_process == 1:
        # one nlp.pipe call per batch: the parser's memory follows the characters in a batch
        # (32 pieces of 50,000 characters took 3.5 GB), and in one process a call costs nothing
        parsed = (
            pair
            for batch in _batches(pieces(), batch_size, max_batch_chars)
            for pair in nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
        )
    else:
        parsed = nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    pending: list = []
    for doc, (n, left, context) in parsed:
        pending.append(doc)
        if left == 0:
            joined = pending[0] if len(pending) == 1 else Doc.from_docs(pending, ensure_whitespace=False)
            pending = []
            yield joined, context


def _batches(pairs: Iterable[tuple[str, Any]], size: int, max_chars: int) -> Iterator[list]:
    """Consecutive lists of at most ``size`` pairs and ``max_chars`` characters (at least one pair)."""
    batch: list = []
    chars = 0
    for text, context in pairs:
        if batch and (len(batch) >= size or chars + len(text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append((text, context))
        chars += len(text)
    if batch:
        yield batch
