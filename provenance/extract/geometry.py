"""Text geometry of one parsed article: which sentence a token is in, spans trimmed to their words,
token sets as character segments, noun-phrase spans.

Span conventions (every span satisfies ``text[start:end] == span.text``): spans are trimmed of
surrounding whitespace, punctuation and quotation marks, so a direct quote's content is the quoted
words *without* the marks; a source never runs across a paragraph break.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Iterable, Optional

import numpy as np
from spacy.attrs import DEP, IDX, IS_PUNCT, IS_SPACE, LENGTH

from ..model import Span
from ..nlp import doc_text
from .quotes import QuoteIndex, find_quotes

QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`"
_STRIP = " \t\r\n\u00a0" + QUOTE_CHARS
_EDGE_PUNCT = ",;:!?—–-…"
#: the characters trimmed off a span's edges (:meth:`Page.trim_chars`), as a set: one lookup per character
_TRIMMED = frozenset(_STRIP + _EDGE_PUNCT)
#: a dateline opening a paragraph: "WASHINGTON —", "RENO, Nev. (AP) —", "JACKSON, Miss. - " (never part of a span)
_DATELINE = re.compile(r"[A-Z]{2}[A-Z.'’]{2,}(?: [A-Z][A-Z.'’]+)*(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?(?: \([A-Za-z]+\))? ?[—–-]{1,2} +")
#: a focus particle before a source's noun phrase: "Even Mr. Peck of SunTrust doesn't expect" (PolNeAR: "Mr. Peck of SunTrust")
_FOCUS = re.compile(r"(?:even|only) +(?=\S)", re.IGNORECASE)
#: the marks of a concessive or framing clause ("Although ...", "While ...", "As it stands, ...")
_CONCESSIVE = frozenset({"although", "though", "while", "whereas", "if", "as"})
#: a coordinator left dangling at the end of a span whose conjunct the parse hung elsewhere ("her “the champion” and")
_DANGLING = re.compile(r"[\s,;:\u2014\u2013-]+(?:and|or|but|nor)$", re.IGNORECASE)


#: the dependencies of the words that may start a trailing gloss (:meth:`Page.drop_trailing_relative`)
_TRAILING_DEPS = ("relcl", "appos", "npadvmod", "advcl")


class TokenColumns:
    """Token attributes that the geometry reads often, as plain lists for one doc (from one ``Doc.to_array``;
    each ``doc[i]`` builds a new Token): start and end offsets, punctuation, punctuation or space, and whether
    a newline is in the token's text or the whitespace after it (a token runs from its start to the next one's),
    whether its dependency is one that :meth:`Page.drop_trailing_relative` looks at."""

    def __init__(self, doc, text: str):
        n = len(doc)
        a = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE, DEP]).reshape(n, 5)
        self.starts: list[int] = a[:, 0].tolist()
        self.ends: list[int] = (a[:, 0] + a[:, 1]).tolist()
        punct = a[:, 2].astype(bool)
        self.punct: list[bool] = punct.tolist()
        self.skip: list[bool] = (punct | a[:, 3].astype(bool)).tolist()
        labels = [doc.vocab.strings[d] for d in _TRAILING_DEPS]  # a label's id, as Token.dep holds it
        self.trailing: list[bool] = np.isin(a[:, 4], np.asarray(labels, dtype=a.dtype)).tolist()
        self.newline = [False] * n
        pos = text.find("\n")
        while pos >= 0 and n:
            self.newline[self.at(pos)] = True
            pos = text.find("\n", pos + 1)

    def at(self, char: int) -> int:
        """The index of the token holding char offset ``char`` (or the one before it, in whitespace; 0 before the
        first token)."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)


class Page:
    """A parsed article seen as text: its sentences, quotations and the spans of its tokens.

    Built once per doc; holds no claims. ``sent_of[i]`` is the sentence index of token ``i``.
    """

    def __init__(self, doc):
        self.doc = doc
        self.text = doc_text(doc)  # Doc.text joins every token on each call: read it once per doc
        self.sents = list(doc.sents)
        self.sent_of: list[int] = [0] * len(doc)  # a list: indexing a numpy array makes a numpy scalar
        for i, s in enumerate(self.sents):
            self.sent_of[s.start : s.end] = [i] * (s.end - s.start)
        self.quotes = QuoteIndex(find_quotes(self.text))

    def sentence(self, tok_i: int):
        """The sentence (a spaCy span) that holds token ``tok_i``."""
        return self.sents[self.sent_of[tok_i]]

    def sentence_text(self, tok_i: int) -> str:
        """The text of the sentence that holds token ``tok_i`` (its slice of the page: ``Span.text`` joins its tokens)."""
        sent = self.sents[self.sent_of[tok_i]]
        return self.text[sent.start_char : sent.end_char]

    @functools.cached_property
    def cols(self) -> "TokenColumns":
        """The doc's :class:`TokenColumns`, made when first needed."""
        return TokenColumns(self.doc, self.text)

    def head_of(self, start: int, end: int):
        """The syntactic head (``Span.root``) of the tokens overlapping chars [start, end), or None; found by
        bisection over the token offsets (``Doc.char_span`` scans the tokens on every call)."""
        if end <= start:
            return None
        cols = self.cols
        a, b = cols.at(start), bisect.bisect_left(cols.starts, end)
        return self.doc[a:b].root if b > a else None

    def sent_at(self, char_pos: int) -> int:
        """The sentence index of the token at character ``char_pos`` (-1 if none)."""
        tok = self.doc.char_span(char_pos, char_pos + 1, alignment_mode="expand")
        return int(self.sent_of[tok.start]) if tok is not None and len(tok) else -1

    def trim(self, a: int, b: int) -> Optional[tuple[int, int]]:
        """Token range [a, b) trimmed of punctuation/space tokens, as char offsets."""
        skip = self.cols.skip
        while a < b and skip[a]:
            a += 1
        while b > a and skip[b - 1]:
            b -= 1
        if a >= b:
            return None
        s, e = self.cols.starts[a], self.cols.ends[b - 1]
        return self.trim_chars(s, e)

    def trim_chars(self, s: int, e: int) -> Optional[tuple[int, int]]:
        """Char range trimmed of space, quotation marks and edge punctuation (a final "." too, not in "U.S.")."""
        text = self.text
        while s < e and text[s] in _TRIMMED:
            s += 1
        if s < e:  # a span that starts within a paragraph's dateline starts after it
            nl = text.rfind("\n", max(0, s - 40), s)
            p0 = nl + 1 if nl >= 0 else (0 if s <= 40 else -1)
            m = _DATELINE.match(text, p0, e) if p0 >= 0 and text[p0 : p0 + 1].isupper() else None
            if m is not None and s < m.end() < e:
                s = m.end()
        while e > s:
            ch = text[e - 1]
            if ch in _TRIMMED:
                e -= 1
            elif ch == "." and not (e - s >= 3 and text[e - 3] == "." and text[e - 2].isalpha()):  # keep "U.S."
                e -= 1
            else:
                break
        if s < e and e < len(text) and text[e] == ")" and text.count("(", s, e) > text.count(")", s, e):
            e += 1  # "Sen. John Cornyn (R-Texas)": a parenthesis opened inside closes inside
        return (s, e) if s < e else None

    def drop_dangling(self, segs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``segs`` (sorted) without a coordinator ending the last one ("calling her “the champion” and"):
        its conjunct is not in the span, so neither is it."""
        if not segs:
            return segs
        s, e = segs[-1]
        m = _DANGLING.search(self.text, s, e)
        if m is None:
            return segs
        t = self.trim_chars(s, m.start())
        return segs[:-1] + ([t] if t else [])

    def in_paragraph(self, cue_seg, content_segs) -> list[tuple[int, int]]:
        """Content segments cut to the cue's paragraph; a quotation may sit in another paragraph."""
        text, quotes = self.text, self.quotes
        p0 = text.rfind("\n", 0, cue_seg[0]) + 1
        p1 = text.find("\n", cue_seg[1])
        p1 = len(text) if p1 < 0 else p1
        kept = []
        for s, e in content_segs:
            q = quotes.containing(s) if quotes else None
            if q is not None and e <= q[1] and (s < p0 or e > p1):
                kept.append((s, e))
            elif min(e, p1) > max(s, p0):
                kept.append((max(s, p0), min(e, p1)))
        return kept

    def segments(self, indices: Iterable[int]) -> list[tuple[int, int]]:
        """Char segments of a set of token indices (runs split at gaps of real words)."""
        idx = sorted(set(indices))
        if not idx:
            return []
        skip = self.cols.skip
        runs = []
        start = prev = idx[0]
        for i in idx[1:]:
            if i == prev + 1 or all(skip[j] for j in range(prev + 1, i)):
                prev = i
                continue
            runs.append((start, prev + 1))
            start = prev = i
        runs.append((start, prev + 1))
        segs = [self.trim(a, b) for a, b in runs]
        return [s for s in segs if s]

    def merge(self, segs) -> list[tuple[int, int]]:
        """Sorted, non-overlapping segments; pieces separated by punctuation/space only are joined."""
        out: list[list[int]] = []
        text = self.text
        for s, e in sorted(segs):
            if out and (s <= out[-1][1] or not any(ch.isalnum() for ch in text[out[-1][1] : s])):
                out[-1][1] = max(out[-1][1], e)
            else:
                out.append([s, e])
        return [(s, e) for s, e in out]

    def np_span(self, tok, stop=None, near=None) -> Optional[Span]:
        """The noun phrase headed by ``tok`` (its subtree), optionally cut before token ``stop``.

        A source never runs across a paragraph break ("1:50 p.m.\\n\\nFamed doctor X said"): of
        the pieces, the one nearest token ``near`` (the cue), else the one holding ``tok``, is kept.
        """
        a, b = tok.left_edge.i, tok.right_edge.i + 1
        if stop is not None:
            b = min(b, stop)
        newline = self.cols.newline
        breaks = [j for j in range(a, b) if newline[j]]
        if breaks:
            pieces, start = [], a
            for j in breaks:
                pieces.append((start, j + 1))
                start = j + 1
            pieces.append((start, b))
            pieces = [(x, y) for x, y in pieces if self.trim(x, y)]
            if pieces:
                if near is not None:
                    a, b = min(pieces, key=lambda p: min(abs(p[0] - near), abs(p[1] - 1 - near)))
                else:
                    a, b = next((p for p in pieces if p[0] <= tok.i < p[1]), pieces[-1])
        seg = self.trim(a, b)
        if seg:
            m = _FOCUS.match(self.text, seg[0], seg[1])
            if m is not None and m.end() < seg[1] and tok.idx >= m.end():
                seg = (m.end(), seg[1])
        if seg and self.quotes:
            # '“That is a concern,” Sarandon, 69, told MSNBC': a quotation before the head is not part of the source
            for qs, qe in self.quotes.overlapping(*seg):
                if qe <= tok.idx:
                    seg = self.trim_chars(max(seg[0], qe + 1), seg[1])
                    if seg is None:
                        return None
        return Span.from_offsets(self.text, *seg) if seg else None

    def subtree_minus(self, head, *excluded) -> list[int]:
        """Token indices of ``head``'s subtree without the subtrees of ``excluded`` (None ignored)."""
        skip = set()
        for t in excluded:
            if t is not None:
                skip.update(range(t.left_edge.i, t.right_edge.i + 1))
        return [i for i in range(head.left_edge.i, head.right_edge.i + 1) if i not in skip]

    def drop_fronted(self, head, indices):
        """``indices`` (a clause headed by ``head``) without what opens it before its subject and a comma:
        a connective or a scene-setting phrase ("But ...", "Despite a month of attacks, ..."), as annotators
        draw the content an "according to" phrase qualifies."""
        doc = self.doc
        idx = sorted(set(indices))
        out = set(idx)
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < head.i), None)
        if subj is None:
            return indices
        for c in head.children:
            if c.i >= subj.left_edge.i or c.left_edge.i != min(out, default=-1) or not (
                    c.dep_ == "cc" or (c.dep_ == "prep" and c.lower_ == "despite")
                    or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONCESSIVE for m in c.children))):
                continue
            nxt = c.right_edge.i + 1
            if c.dep_ == "cc" or (nxt < len(doc) and doc[nxt].text == ","):
                out -= set(range(c.left_edge.i, nxt + (0 if c.dep_ == "cc" else 1)))
        return [i for i in indices if i in out]

    def drop_trailing_relative(self, indices):
        """"... the final bill, which includes ...": a non-restrictive relative clause ending the
        content comments on it and is not part of what was said (also after a quotation closed on its
        comma: 'identified the judge as “Spanish,” which is what ...')."""
        if not indices:
            return indices
        doc = self.doc
        last = max(indices)
        trailing = self.cols.trailing
        for i in sorted(set(indices)):
            if not trailing[i]:  # none of the dependencies below
                continue
            t = doc[i]
            if t.dep_ == "relcl" and t.right_edge.i >= last - 1 and t.left_edge.lower_ in ("which", "who"):
                start = t.left_edge.i
                keep = self._comma_before(start)
                if keep is not None:
                    return [j for j in indices if j < keep or j > t.right_edge.i]
            if t.dep_ in ("appos", "npadvmod") and t.left_edge.lower_ in ("a", "an") and t.right_edge.i >= last - 1 \
                    and t.left_edge.i > 0 and doc[t.left_edge.i - 1].text == "," and t.head.i < t.i \
                    and t.head.pos_ != "PROPN" and not any(c.dep_ in ("cc", "conj") for c in t.children):
                # (an apposition to a name says who it is: "David Duke, a former leader of ..." stays)
                # "... and two abstentions, a result which drew murmurs": the writer's gloss, not what was said
                start = t.left_edge.i
                return [j for j in indices if j < start - 1 or j > t.right_edge.i]
            if t.dep_ in ("appos", "npadvmod") and t.right_edge.i >= last - 1 and t.head.i < t.i and t.left_edge.i > 1 \
                    and self._comma_before(t.left_edge.i) == t.left_edge.i:
                # 'designated as “Confidential,” the lowest tier of classification': the writer's gloss after a quotation
                return [j for j in indices if j < t.left_edge.i or j > t.right_edge.i]
            if t.dep_ == "advcl" and t.tag_ == "VBG" and t.left_edge.i == t.i and t.right_edge.i >= last - 1 \
                    and t.head.i < t.i and (keep := self._comma_before(t.i)) is not None:
                # "... as its capital, drawing boos from the crowd": what followed, not what was said
                return [j for j in indices if j < keep or j > t.right_edge.i]
        return indices

    def _comma_before(self, i: int) -> Optional[int]:
        """Where the content stops before token ``i`` that follows a comma: the comma's index, or after a
        quotation closed on its comma (',”' / ',"' / ",''") the index of ``i`` (the quotation stays whole);
        None when no comma comes before ``i``."""
        doc = self.doc
        if i > 0 and doc[i - 1].text == ",":
            return i - 1
        if i > 1 and doc[i - 2].text == "," and doc[i - 1].text in ("\u201d", '"', "''") and doc[i - 1].is_quote:
            return i
        return None

    def colon_follows(self, char_pos: int) -> bool:
        """Whether a colon comes right after ``char_pos`` (spaces and commas between)."""
        text = self.text
        p = char_pos
        while p < len(text) and text[p] in " \t,":
            p += 1
        return p < len(text) and text[p] == ":"
