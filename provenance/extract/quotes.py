"""Quotation spans in article text, tolerant of marks that do not balance.

News style lets a quotation run over several paragraphs: each new paragraph
re-opens the quote and only the last one closes it. A quote left open at the
end of a paragraph therefore runs to the end of that paragraph; a stray
closing mark closes nothing, and one that opens a paragraph opens a quote (a typo). One regular-expression pass over the text finds
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
        elif ch in OPEN and open_at >= 0 and pos > open_at and not text[pos - 1].isspace() \
                and (pos + width == len(text) or text[pos + width].isspace()):
            spans.append((open_at, pos))  # an opening mark after a word and before a space is a typo for a closing one:
            open_at = -1  # '“It's unusual,“ said Larry Noble'
        elif ch in OPEN:
            if open_at >= 0 and pos > open_at:  # unclosed quote re-opened: close the first here
                spans.append((open_at, pos))
            open_at = pos + width
        elif ch in CLOSE and open_at < 0 and (pos == 0 or text[pos - 1] == "\n"):
            open_at = pos + width  # a closing mark that opens a paragraph is a typo for an opening one
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
    """Sorted, disjoint spans (the quotations of a text, or the merged contents of its claims): "how much of
    this span is covered?" and "which span is here?"."""

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


# --------------------------------------------------------------------------- adjacency
# Which quotation sits next to a speaker and cue: "X," she said, "Y." / she said: "Y." / "X." ― Name

# separators allowed between a quote and the speaker/cue next to it
_GAP_BACK = " \t\u00a0,.!?\u201d\"'\u00bb:\u2014\u2013-"  # no newline: a quote never signs across paragraphs
_GAP_FWD = " \t\r\n\u00a0,\u201c\"'\u00ab:\u2014\u2013-"
# the end of a sentence: " on Monday. " (the marks, then spaces)
_STOP = re.compile(r"[.!?]+[ \t\u00a0]+")
# a period that ends an abbreviation, not the sentence: "Sen.", "S.C.", "John F."
_ABBREV = re.compile(r"(?:[A-Za-z](?:\.[A-Za-z])*|(?:Mr|Mrs|Ms|Dr|Sen|Sens|Rep|Reps|Gov|Lt|Gen|Col|Sgt|Capt|Cmdr|Adm|"
                     r"St|Jr|Sr|Ft|Mt|No|Gen|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|"
                     r"Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo))")
#: how far the rest of the sentence after speaker and cue may run before a quotation continues it
CONTINUE_WINDOW = 200


def quote_before(text: str, quotes: QuoteIndex, char_pos: int):
    """The quotation that ends right before ``char_pos`` (only separators between), or None."""
    p = char_pos
    while p > 0 and (text[p - 1] in _GAP_BACK or (text[p - 1] == "\u201c" and text[p - 2:p - 1] in (",", ".", "!", "?"))):
        p -= 1  # an opening mark after ",": a typo for a closing one ('“It's unusual,“ said Larry Noble')
    if p == char_pos or p == 0:
        return None
    return quotes.containing(p - 1)


def quote_after(text: str, quotes: QuoteIndex, char_pos: int):
    """The quotation that starts right after ``char_pos``; across a paragraph break only after a colon."""
    p = char_pos
    while p < len(text) and text[p] in _GAP_FWD:
        p += 1
    if p == char_pos or p >= len(text):
        return None
    if "\n" in text[char_pos:p] and ":" not in text[char_pos:p]:
        return None  # a new paragraph only continues after "said:"
    q = quotes.containing(p)
    return q if q and q[0] >= char_pos else None


def sentence_end(text: str, char_pos: int, window: int = CONTINUE_WINDOW):
    """Where the next sentence starts after ``char_pos`` in the same paragraph, within ``window``
    characters and before any quotation mark ("she said on Monday in Fort Mill, S.C. |"), or None."""
    limit = min(len(text), char_pos + window)
    for m in _STOP.finditer(text, char_pos, limit):
        if m.end() >= limit:
            return None
        if any(ch in "\n\"\u201c\u201d\u00ab\u00bb" for ch in text[char_pos : m.start()]) or "''" in text[char_pos : m.start()]:
            return None
        word = text[char_pos : m.start()].rsplit(None, 1)[-1:] or [""]
        if m.group().rstrip(" \t\u00a0") == "." and _ABBREV.fullmatch(word[0].lstrip("(")) and not _opens_quote(text, m.end()):
            continue  # "Sen. ", "S.C. " inside the sentence
        return m.end()
    return None


def _opens_quote(text: str, p: int) -> int:
    """The width of the opening quotation mark at ``p`` (0 when none)."""
    if text.startswith("''", p) or text.startswith("``", p):
        return 2
    return 1 if p < len(text) and text[p] in "\u201c\"\u00ab" else 0


#: a quoted title in the speaker's sentence (“State of the Union”, ''Eye of the Tiger.''): at most this long
MAX_TITLE = 40


def _without_titles(text: str, quotes: QuoteIndex, char_pos: int) -> str:
    """``text`` with the short quoted titles after ``char_pos`` (within the continuation window) blanked out,
    their marks too, a final period kept: "she said on CNN's “State of the Union” Sunday. |“...”"."""
    spans = [q for q in quotes.overlapping(char_pos, char_pos + CONTINUE_WINDOW) if q[0] > char_pos]
    titles = []
    for s, e in spans:
        words = text[s:e].split()
        if e - s <= MAX_TITLE and text[s].isupper() and len(words) <= 6 and not any(ch in text[s:e] for ch in ",;:\n") \
                and sum(w[:1].isupper() for w in words) * 2 >= len(words):
            titles.append((s, e))
    if not titles:
        return text
    chars = list(text)
    for s, e in titles:
        a = s - 1
        while a >= char_pos and chars[a] in "\u201c\"'`\u00ab":
            a -= 1
        b = e
        while b > s and chars[b - 1] in ".!?":
            b -= 1
        for k in range(a + 1, b):
            chars[k] = "x"
        k = e
        while k < len(chars) and chars[k] in "\u201d\"'\u00bb":
            chars[k] = " "
            k += 1
    return "".join(chars)


def quote_continues(text: str, quotes: QuoteIndex, char_pos: int):
    """The quotation opening the next sentence of the same paragraph: “X,” she said. “Y.”

    ``char_pos`` is the end of the speaker and cue; the rest of their sentence holds no quotation
    ("she said." / "she said on Monday in Fort Mill, S.C."). A quotation that ends in a comma is
    the next cue's (“X,” he said. “Y,” she replied).
    """
    p = sentence_end(_without_titles(text, quotes, char_pos), char_pos)
    if p is None:
        return None
    width = _opens_quote(text, p)
    if width:
        q = quotes.containing(p + width)
        if q is not None and q[0] == p + width and text[q[1] - 1] != ",":
            return q
    return None


_CLOSERS = " \t\u00a0\r\u201d\u00bb\"',.!?;:\u2014\u2013-"


def quote_paragraph_after(text: str, quotes: QuoteIndex, char_pos: int, after_quote: bool = False):
    """The quotation that is the whole next paragraph, continuing the one the speaker's paragraph ends
    with: “X,” Collins told MSNBC.\\n\\n“So the best way we do it, we get to 1,237.” (news style carries a
    speaker's quotation on over paragraphs without naming them again).

    ``char_pos`` is the end of the speaker and cue (the rest of their paragraph must be one short
    sentence without quotation marks), or, ``after_quote``, the end of the quotation that closes it
    (nothing but closing marks may follow). A quotation ending in a comma is the next cue's.
    """
    nl = text.find("\n", char_pos)
    if nl < 0:
        return None
    tail = text[char_pos:nl]
    if after_quote:
        if tail.strip(_CLOSERS):
            return None
    else:
        if len(tail) > CONTINUE_WINDOW or any(ch in "\"\u201c\u201d\u00ab\u00bb" for ch in tail) or "''" in tail:
            return None
        end = sentence_end(text, char_pos)
        if end is not None and end < nl:
            return None  # another sentence follows the speaker's
    p = nl
    while p < len(text) and text[p] in " \t\u00a0\r\n":
        p += 1
    width = _opens_quote(text, p)
    if not width:
        return None
    q = quotes.containing(p + width)
    if q is None or q[0] != p + width or text[q[1] - 1] == ",":
        return None
    nl2 = text.find("\n", q[1])
    if text[q[1] : len(text) if nl2 < 0 else nl2].strip(_CLOSERS):
        return None  # words after the quotation: it has its own cue ("“Y,” she added.")
    return q

def opens_sentence(text: str, quote_start: int) -> bool:
    """Whether the quotation starting at ``quote_start`` (inside its mark) begins a sentence."""
    p = quote_start - 1  # the opening mark
    while p > 0 and text[p - 1] in "'`":
        p -= 1
    while p > 0 and text[p - 1] in " \t\u00a0":
        p -= 1
    return p == 0 or text[p - 1] in "\n.!?\u201d\""


def extend_with_quotes(quotes: QuoteIndex, segs, cue_pos: int):
    """Grow content segments to the whole quotations they touch (not one holding the cue)."""
    out = list(segs)
    for s, e in segs:
        for qs, qe in quotes.overlapping(s, e):
            if not qs <= cue_pos < qe:
                out.append((qs, qe))
    return out


def quote_type(quotes: QuoteIndex, segments) -> str:
    """direct (>= 90% of the content's characters quoted), mixed (some quoted words) or indirect."""
    if not quotes:
        return "indirect"
    total = quoted = 0
    for s, e in segments:
        total += e - s
        quoted += quotes.quoted_chars(s, e)
    if total and quoted >= 0.9 * total:
        return "direct"
    if quoted >= 3:
        return "mixed"
    return "indirect"
