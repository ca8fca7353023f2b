"""Quotation spans in article text, tolerant of marks that do not balance.

News style lets a quotation run over several paragraphs: each new paragraph
re-opens the quote and only the last one closes it. A quote left open at the
end of a paragraph therefore runs to the end of that paragraph; a stray
closing mark closes nothing. One regular-expression pass over the text finds
the marks; no per-character Python loop.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

OPEN = "\u201c\u00ab\u201e"   # “ « „
CLOSE = "\u201d\u00bb"        # ” »
STRAIGHT = '"'
_MARKS = re.compile(r"''|``|[\u201c\u201d\u00ab\u00bb\u201e\"\n]")  # '' and `` are typewriter quotes (NYT style)


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each quotation (marks excluded), in order."""
    spans: list[tuple[int, int]] = []
    open_at = -1  # offset just after the opening mark, or -1
    for m in _MARKS.finditer(text):
        ch, pos = m.group(), m.start()
        width = len(ch)
        if ch == "``":
            ch = OPEN[0]
        if ch == "\n":
            if open_at >= 0:
                if pos > open_at:
                    spans.append((open_at, pos))
                open_at = -1
        elif ch in OPEN:
            if open_at >= 0 and pos > open_at:  # unclosed quote re-opened: close the first here
                spans.append((open_at, pos))
            open_at = pos + width
        elif ch in CLOSE:
            if open_at >= 0:
                if pos > open_at:
                    spans.append((open_at, pos))
                open_at = -1
        else:  # straight quote toggles
            if open_at >= 0:
                if pos > open_at:
                    spans.append((open_at, pos))
                open_at = -1
            else:
                open_at = pos + width
    if open_at >= 0 and len(text) > open_at:
        spans.append((open_at, len(text)))
    return spans


class QuoteIndex:
    """Answers "how much of this span is quoted?" and "which quote is here?"."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = list(spans)
        self.starts = [s for s, _ in self.spans]

    def __bool__(self):
        return bool(self.spans)

    def containing(self, pos: int):
        """The quote whose inside holds offset ``pos``, or None."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0:
            s, e = self.spans[i]
            if s <= pos < e:
                return s, e
        return None

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e = self.spans[i]
            if e > start:
                out.append((s, e))
            i += 1
        return out

    def quoted_chars(self, start: int, end: int) -> int:
        return sum(min(e, end) - max(s, start) for s, e in self.overlapping(start, end))
