"""The learned content boundary: where a claim's content starts and ends, chosen by a small model.

The cue patterns cut a content from the parse (a complement clause, an object, a quotation). PolNeAR's
annotators often draw the edges elsewhere: without a trailing ", which ..." or ", and ..." clause,
without an adverbial or an addressee before the reported words, over the next words of a sentence the
parse hung elsewhere. The choices are annotated both ways, so no hand rule fixes them; a logistic model
over the parse around each possible edge does better.

For every top-level claim, :func:`end_cuts` lists where its content could end (before a punctuation
mark, a coordinator, a preposition, a relative pronoun, a participle ...; at the end of its sentence; at
the end of the next sentence of the paragraph), :func:`start_cuts` where it could start (the rules'
start, after a punctuation mark, at "that" or after it, after an addressee, at the sentence start, after the
object and preposition or the infinitive's verb a longer cue runs over: :func:`late_start`). Each
edge has features (:func:`edge_features`: which side, the words and dependencies at the edge, its
distance from the rules' edge, the cue pattern and lemma, quotation state); the model gives the
probability that the edge is the annotators'. The rules' edge is kept unless another one is more probable
by the model's ``margin`` (chosen on PolNeAR train). Only the first segment's start and the last
segment's end move; a content never takes in its own cue or source, never lets go of the cue of a claim
nested in it and never takes in another claim's cue (the claims, their cues, sources and nesting are
what the rules made).

The model is data: ``provenance/data/boundary_model.json`` (weights by feature name), written by
``scripts/learn_boundary_model.py`` from PolNeAR train, described in ``provenance/data/boundary_model.md``.
Without the file the rules' edges stand.
"""

from __future__ import annotations

import bisect
import functools
from pathlib import Path
from typing import Optional

import attrs
import numpy as np
from spacy.attrs import HEAD, IDX, IS_PUNCT, IS_QUOTE, ORTH, POS
from spacy.symbols import AUX, VERB

from provenance.datafiles import DATA_DIR

from ..model import Claim, Span
from .confidence import ConfidenceModel, read_thresholded
from .geometry import Page

DEFAULT_PATH = DATA_DIR / "boundary_model.json"

#: token tags before which a content may end (the excluded part starts with one of them)
_END_TAGS = frozenset({"WDT", "WP", "WP$", "WRB", "VBG", "VBN", "TO", "IN", "CC", "RB"})
#: parts of speech before which a content may end
_END_POS = frozenset({"CCONJ", "SCONJ", "ADP", "PUNCT"})
#: dependencies of the words an edge is described by
_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "prep", "pobj", "dobj", "dative", "conj", "cc", "mark",
                   "nsubj", "nsubjpass", "npadvmod", "advmod", "appos", "punct", "parataxis", "ROOT", "agent", "attr",
                   "aux", "neg", "det", "amod", "compound", "poss", "pcomp", "acomp", "oprd", "expl", "prt", "nummod"})


@attrs.frozen
class Where:
    """What the boundary model knows of a claim besides its spans: the pattern that found its content, the
    token of its cue's head word and its cue lemma."""

    pattern: str
    cue: int
    lemma: str


@attrs.frozen
class Edge:
    """A possible edge of a content: ``side`` "start" or "end", the char offset of the new edge of the first
    (start) or last (end) segment, and the token index of the cut (the first token kept at a start, the first
    token left out at an end)."""

    side: str
    char: int
    cut: int


class BoundaryModel(ConfidenceModel):
    """A conditional logit over the edges of one side of a content: ``model.score(features)`` is an edge's
    score, the probability of an edge among its side's edges is the softmax of their scores; another edge
    replaces the rules' when its score is higher by at least ``margin`` (kept in the ``threshold`` slot)."""

    def __init__(self, weights: dict[str, float], bias: float, margin: float, path: str = ""):
        super().__init__(weights, bias, path, margin)

    @property
    def margin(self) -> float:
        return self.threshold

    def score(self, features: dict[str, float]) -> float:
        w = self.weights
        return sum(w.get(k, 0.0) * v for k, v in features.items())


@functools.lru_cache(maxsize=4)
def load_boundary_model(path: Optional[str] = None) -> Optional[BoundaryModel]:
    """The packaged boundary model (or the file at ``path``); None when there is none."""
    return read_thresholded(Path(path) if path else DEFAULT_PATH, "boundary model", BoundaryModel, "margin (threshold)")


# ---------------------------------------------------------------------------------------------- geometry


class _Tokens:
    """Char offset -> token index, and the few token attributes the region features read, as plain lists
    for one doc (built once per doc, from ``Doc.to_array``: the regions between candidate edges read
    thousands of tokens, and each ``doc[i]`` builds a new Token object)."""

    def __init__(self, doc):
        n = len(doc)
        a = doc.to_array([IDX, HEAD, IS_PUNCT, IS_QUOTE, POS]).astype("int64").reshape(n, 5)
        self.starts = a[:, 0].tolist()
        self.heads = (a[:, 1] + np.arange(n)).tolist()  # HEAD is the offset to the head
        self.punct = a[:, 2].astype(bool).tolist()
        self.quote = a[:, 3].astype(bool).tolist()
        self.verb = np.isin(a[:, 4], (VERB, AUX)).tolist()
        commas = np.array([doc.vocab.strings[","], doc.vocab.strings[";"]], dtype="uint64")
        self.comma = np.isin(doc.to_array(ORTH).reshape(n), commas).tolist()

    def at(self, char: int) -> int:
        """The index of the token holding ``char`` (or the one before it, in whitespace)."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)


def _word_end(text: str, s: int, e: int) -> int:
    """The end of the last word character of ``text[s:e]`` (the scorer's notion of an edge)."""
    while e > s and not (text[e - 1].isalnum() or text[e - 1] in "$%@#&"):
        e -= 1
    return e


def _word_start(text: str, s: int, e: int) -> int:
    while s < e and not (text[s].isalnum() or text[s] in "$%@#&"):
        s += 1
    return s


def _paragraph_end(text: str, pos: int) -> int:
    p = text.find("\n", pos)
    return len(text) if p < 0 else p


def end_cuts(page: Page, tokens: _Tokens, claim: Claim, stop: int) -> list[Edge]:
    """Where the last segment of ``claim``'s content could end: before a boundary word of its sentence or
    of the next sentence of its paragraph, never at or after char ``stop`` (its cue or source, when they
    follow it). The rules' own end is among them."""
    doc, text = page.doc, page.text
    s, e = claim.content.segments[-1]
    a, b = tokens.at(s), tokens.at(e - 1)
    sent = page.sentence(b)
    limit = sent.end
    para = _paragraph_end(text, e)
    if limit < len(doc) and doc[limit].idx < para:
        nxt = page.sentence(limit)
        ext = nxt.end if nxt.end >= len(doc) or doc[nxt.end - 1].idx < para else limit
    else:
        ext = limit
    if stop < len(text):  # never over the cue or the source that follow the content
        ext = min(ext, tokens.at(stop))
    limit = min(limit, ext)
    out: dict[int, Edge] = {}
    for t in range(a + 1, ext + 1):
        if t < len(doc) and doc[t].idx >= para:
            break
        if t not in (limit, ext) and not _may_end_before(doc, t):
            continue
        end = page.trim_chars(s, doc[t - 1].idx + len(doc[t - 1]))
        if end is None or end[1] <= s:
            continue
        key = _word_end(text, s, end[1])
        if key > s and key not in out:
            out[key] = Edge("end", end[1], t)
    rule = _word_end(text, s, e)
    if rule not in out:
        out[rule] = Edge("end", e, b + 1)
    return list(out.values())


def _may_end_before(doc, t: int) -> bool:
    tok, prev = doc[t], doc[t - 1]
    return tok.is_punct or prev.is_punct or tok.pos_ in _END_POS or tok.tag_ in _END_TAGS


def start_cuts(page: Page, tokens: _Tokens, claim: Claim, floor: int, cue: int = -1) -> list[Edge]:
    """Where the first segment of ``claim``'s content could start: after a boundary word of its sentence,
    never before char ``floor`` (the end of its cue or source, when they precede it); near the rules' start,
    after the words that lengthen a cue (:func:`late_start`, ``cue`` the token of the cue's head word). The
    rules' own start is among them."""
    doc, text = page.doc, page.text
    s, e = claim.content.segments[0]
    a, b = tokens.at(s), tokens.at(e - 1)
    sent = page.sentence(a)
    low = sent.start
    if floor > 0 and floor <= s:
        low = max(low, tokens.at(floor - 1) + 1)
    para = text.rfind("\n", 0, s) + 1
    out: dict[int, Edge] = {}
    for u in range(low, b + 1):
        if doc[u].idx < para:
            continue
        if u not in (low, a) and not _may_start_at(doc, u) and not (u - a <= _LATE and late_start(doc, u, cue)):
            continue
        got = page.trim_chars(doc[u].idx, e)
        if got is None:
            continue
        key = _word_start(text, got[0], e)
        if key < e and key not in out:
            out[key] = Edge("start", got[0], u)
    rule = _word_start(text, s, e)
    if rule not in out:
        out[rule] = Edge("start", s, a)
    return list(out.values())


def _may_start_at(doc, u: int) -> bool:
    tok, prev = doc[u], doc[u - 1]
    if prev.is_punct or tok.is_punct:
        return True
    if tok.tag_ in ("TO", "WDT", "WP", "WRB") or tok.pos_ in ("SCONJ", "ADP") or tok.lower_ == "that" or prev.lower_ == "that":
        return True
    # "urged them to vote", "asked readers to guess": the addressee before the reported words
    return prev.dep_ in ("dobj", "dative", "nsubj", "pobj") and prev.head.i < u and tok.head.i == prev.head.i


#: how many tokens after the rules' start a start after cue words (:func:`late_start`) may be
_LATE = 12


def late_start(doc, u: int, cue: int) -> Optional[str]:
    """Which words of a longer cue token ``u`` would start a content after, or None: PolNeAR's cue often runs
    over the verb's object and its preposition ("offered an emotional defense of | the city", "claim credit for |
    last month's attacks"), over an infinitive's verb ("declined to comment on | X", "refused to endorse | Ryan").
    ``prep``: the first word of a preposition's object; ``verb``: the first word of a verb's object. The
    preposition hangs on the cue's head word ``cue``, on its object or its infinitive (:func:`_on_cue`), the verb
    is that infinitive or a participle on the object. (Starting after an infinitive's "to", "aiming to | expand",
    was tried: right 30 times of 858 on train, no better.)"""
    if cue < 0 or u < 1:
        return None
    prev, tok = doc[u - 1], doc[u]
    if prev.pos_ == "ADP" and prev.dep_ in ("prep", "agent") and _descends(tok, prev):
        kind, anchor = "prep", prev.head
    elif prev.pos_ == "VERB" and _descends(tok, prev) and tok.dep_ not in ("prep", "prt", "advmod", "punct"):
        kind, anchor = "verb", prev
    else:
        return None
    return kind if _on_cue(anchor, cue) and (kind == "prep" or anchor.i != cue) else None


#: the dependencies by which a word of a longer cue hangs on the cue's head word ("offered an emotional defense",
#: "declined to comment", "issued a statement expressing")
_CUE_LINKS = frozenset({"dobj", "xcomp", "dative", "acl", "oprd", "acomp"})


def _on_cue(tok, cue: int) -> bool:
    """``tok`` is the cue's head word or hangs on it by at most two :data:`_CUE_LINKS`."""
    for _ in range(3):
        if tok.i == cue:
            return True
        if tok.dep_ not in _CUE_LINKS or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _descends(tok, anchor, steps: int = 4) -> bool:
    """``anchor`` is among the ``steps`` first heads above ``tok``."""
    for _ in range(steps):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == anchor.i:
            return True
    return False


# ---------------------------------------------------------------------------------------------- features


def _word(tok) -> str:
    """A token as a feature value: closed-class words and punctuation by their text, others by their tag."""
    if tok.is_punct or tok.is_stop:
        return tok.lower_
    return tok.tag_


def _bucket(n: int) -> str:
    if n == 0:
        return "0"
    sign = "+" if n > 0 else "-"
    n = abs(n)
    return sign + ("1" if n == 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-8" if n <= 8 else "9-16" if n <= 16 else "17+")


def edge_features(page: Page, claim: Claim, where: Where, edge: Edge, rule: Edge,
                  tokens: Optional[_Tokens] = None) -> dict[str, float]:
    """The boundary model's features of ``edge`` of ``claim`` (``rule``: the rules' edge on that side;
    ``tokens``: the doc's :class:`_Tokens`, made here when not given)."""
    doc, text = page.doc, page.text
    side = edge.side
    p = side + ":"
    cut = edge.cut
    inside = doc[cut - 1] if side == "end" else doc[cut]  # the last word kept (end) / the first (start)
    outside = doc[cut] if side == "end" and cut < len(doc) else (doc[cut - 1] if side == "start" and cut > 0 else None)
    sent = page.sentence(inside.i)
    f = {
        p + "bias": 1.0,
        p + "rule": float(edge.cut == rule.cut or edge.char == rule.char),
        p + "dist=" + _bucket(edge.cut - rule.cut): 1.0,
        p + "pattern=" + where.pattern: 1.0,
        p + "type=" + claim.type: 1.0,
        p + "in=" + _word(inside): 1.0,
        p + "in_dep=" + (inside.dep_ if inside.dep_ in _DEPS else "other"): 1.0,
    }
    if edge.cut != rule.cut:
        d = "longer" if (edge.cut > rule.cut) == (side == "end") else "shorter"
        f[p + "pattern|" + d + "=" + where.pattern] = 1.0
        f[p + "lemma|" + d + "=" + where.lemma] = 1.0
    else:
        f[p + "rule|pattern=" + where.pattern] = 1.0
    if outside is None or (side == "end" and outside.i >= sent.end) or (side == "start" and outside.i < sent.start):
        f[p + "sentence_edge"] = 1.0
        if side == "end" and outside is not None and outside.i > sent.end:
            f[p + "next_sentence"] = 1.0
    else:
        key = _word(outside)
        f[p + "out=" + key] = 1.0
        f[p + "out_dep=" + (outside.dep_ if outside.dep_ in _DEPS else "other")] = 1.0
        f[p + "out|in=" + key + "|" + _word(inside)] = 1.0
        f[p + "pattern|out=" + where.pattern + "|" + key] = 1.0
        if side == "end" and outside.is_punct and outside.i + 1 < len(doc):
            f[p + "out2=" + key + "|" + _word(doc[outside.i + 1])] = 1.0  # ", which", ", and", ", according"
            f[p + "out2_dep=" + key + "|" + doc[outside.i + 1].dep_] = 1.0
        if side == "start" and outside.is_punct and outside.i > 0:
            f[p + "out2=" + _word(doc[outside.i - 1]) + "|" + key] = 1.0
        cue = doc[where.cue]
        f[p + "out_head_is_cue"] = float(outside.head.i == cue.i)
        f[p + "in_head_is_cue"] = float(inside.head.i == cue.i)
        f[p + "out_child_of_in"] = float(outside.head.i == inside.i)
        # which side of the cut the excluded word's head is on: attached to the words kept, or to the rest
        kept = (claim.content.segments[0][0] <= outside.head.idx < edge.char) if side == "end" else \
            (edge.char <= outside.head.idx < claim.content.segments[-1][1])
        f[p + "out_head_kept"] = float(kept)
        f[p + "lemma|out=" + where.lemma + "|" + key] = 1.0
    if side == "start" and edge.cut > rule.cut:
        _late(f, p, doc, edge.cut, where)
    if edge.cut != rule.cut:
        _region(f, p + d + ":", doc, tokens or _Tokens(doc), min(edge.cut, rule.cut), max(edge.cut, rule.cut), where.cue,
                where.pattern)
    q_in = page.quotes.containing(inside.idx) is not None
    q_out = outside is not None and page.quotes.containing(outside.idx) is not None
    f[p + "quote=" + str(int(q_in)) + str(int(q_out))] = 1.0
    f[p + "lemma=" + where.lemma] = 1.0
    n = abs(edge.cut - rule.cut)
    f[p + "moved_tokens"] = min(n, 40) / 10.0
    span = (edge.char, claim.content.segments[-1][1]) if side == "start" else (claim.content.segments[0][0], edge.char)
    f[p + "tokens"] = min(len(text[span[0]:span[1]].split()), 80) / 20.0
    f[p + "mid_sentence_words"] = float(any(ch.isalnum() for ch in text[edge.char:sent.end_char])) if side == "end" else \
        float(any(ch.isalnum() for ch in text[sent.start_char:edge.char]))
    return f


def _late(f: dict, p: str, doc, cut: int, where: Where) -> None:
    """Which words of a longer cue a later start leaves out (:func:`late_start`), by cue lemma and pattern."""
    kind = late_start(doc, cut, where.cue)
    if kind is not None:
        prev = doc[cut - 1]
        word = prev.head if kind == "prep" else prev  # the noun or verb the cue runs over
        f[p + "late=" + kind] = 1.0
        f[p + "late|lemma=" + kind + "|" + where.lemma] = 1.0
        f[p + "late|pattern=" + kind + "|" + where.pattern] = 1.0
        f[p + "late|word=" + kind + "|" + prev.lower_] = 1.0
        f[p + "late|over=" + kind + "|" + ("cue" if word.i == where.cue else word.lemma_.lower())] = 1.0
        f[p + "late|over_dep=" + kind + "|" + ("cue" if word.i == where.cue else word.dep_)] = 1.0


def _region(f: dict, p: str, doc, tok: _Tokens, a: int, b: int, cue: int, pattern: str) -> None:
    """Features of the tokens [a, b) between an edge and the rules' edge (the words it adds or leaves out):
    the dependency of the word heading them and what that word hangs on, whether they are whole subtrees,
    whether they hold a verb, a comma, a quotation mark."""
    heads, punct = tok.heads, tok.punct
    roots = [i for i in range(a, b) if heads[i] == i or not a <= heads[i] < b]
    words = [i for i in range(a, b) if not punct[i]]
    if roots:
        r = doc[next((i for i in roots if not punct[i]), roots[0])]
        f[p + "region_root=" + (r.dep_ if r.dep_ in _DEPS else "other")] = 1.0
        f[p + "region_root|pattern=" + (r.dep_ if r.dep_ in _DEPS else "other") + "|" + pattern] = 1.0
        f[p + "region_first=" + _word(doc[a]) + "|" + (doc[a + 1].lower_ if punct[a] and a + 1 < b else "")] = 1.0
        h = heads[r.i]
        f[p + "region_root|head=" + (r.dep_ if r.dep_ in _DEPS else "other") + "|"
          + ("cue" if h == cue else "before" if h < a else "after")] = 1.0
        f[p + "region_clean"] = float(all(a <= doc[i].left_edge.i and doc[i].right_edge.i < b for i in roots))
    f[p + "region_roots=" + _bucket(len(roots))] = 1.0
    f[p + "region_verb"] = float(any(tok.verb[i] for i in words))
    f[p + "region_comma"] = float(any(tok.comma[i] for i in range(a, b)))
    f[p + "region_quote"] = float(any(tok.quote[i] for i in range(a, b)))
    f[p + "region_words=" + _bucket(len(words))] = 1.0


# ---------------------------------------------------------------------------------------------- choosing


def _limits(claim: Claim) -> tuple[int, int]:
    """(floor, stop): a content's first segment starts at or after ``floor`` and its last ends before ``stop``
    (its own cue and source are never in it)."""
    s0, e1 = claim.content.segments[0][0], claim.content.segments[-1][1]
    spans = [(claim.cue.start, claim.cue.end)] + ([(claim.source.start, claim.source.end)] if claim.source else [])
    floor = max((e for _, e in spans if e <= s0), default=0)
    stop = min((s for s, _ in spans if s >= e1), default=10 ** 9)
    return floor, stop


def edges(page: Page, tokens: _Tokens, claim: Claim, where: Where) -> list[tuple[Edge, Edge, list[Edge]]]:
    """(side's rules edge, ..., every edge of that side) for the start and the end of ``claim``'s content."""
    floor, stop = _limits(claim)
    out = []
    for side, cuts in (("start", start_cuts(page, tokens, claim, floor, where.cue)), ("end", end_cuts(page, tokens, claim, stop))):
        seg = claim.content.segments[0] if side == "start" else claim.content.segments[-1]
        pos = seg[0] if side == "start" else seg[1]
        rule = next(c for c in cuts if c.char == pos or (side == "end" and _word_end(page.text, seg[0], c.char) == _word_end(page.text, seg[0], pos))
                    or (side == "start" and _word_start(page.text, c.char, seg[1]) == _word_start(page.text, pos, seg[1])))
        out.append((rule, cuts))
    return out


def with_edges(page: Page, claim: Claim, start: int, end: int) -> Optional[Span]:
    """``claim``'s content with its first segment starting at ``start`` and its last ending at ``end``
    (None when nothing is left)."""
    segs = list(claim.content.segments)
    segs[0] = (start, segs[0][1])
    segs[-1] = (segs[-1][0], end)
    segs = [t for t in (page.trim_chars(s, e) for s, e in segs if e > s) if t]
    segs = page.merge(segs)
    if not segs or not any(any(ch.isalnum() for ch in page.text[s:e]) for s, e in segs):
        return None
    return Span.from_segments(page.text, segs)


def choose(model: BoundaryModel, scored: list[tuple[Edge, float]], rule: Edge) -> Edge:
    """The rules' edge, unless another scores higher by the model's margin."""
    p_rule = next(p for e, p in scored if e is rule)
    best, p_best = max(scored, key=lambda ep: ep[1])
    return best if p_best >= p_rule + model.margin else rule


def _holds(span: Span, pos: int) -> bool:
    return any(s <= pos < e for s, e in span.segments)


def refine(page: Page, claims: list[Claim], where: dict, model: BoundaryModel) -> list[Claim]:
    """``claims`` with the contents of the top-level claims whose edges the model moves; the ids are
    the claims' ids of their new contents (parent links follow)."""
    tokens = _Tokens(page.doc)
    cues = sorted((c.cue.start, c.id) for c in claims)
    children: dict[str, set] = {}
    for c in claims:
        if c.parent is not None:
            children.setdefault(c.parent, set()).add(c.cue.start)
    new: dict[str, Claim] = {}
    for c in claims:
        w = where.get(c.id)
        if c.parent is not None or w is None:
            continue
        chosen = []
        for rule, cuts in edges(page, tokens, c, w):
            if len(cuts) < 2:
                chosen.append(rule)
                continue
            scored = [(e, model.score(edge_features(page, c, w, e, rule, tokens))) for e in cuts]
            chosen.append(choose(model, scored, rule))
        start, end = chosen
        if start.char == c.content.segments[0][0] and end.char == c.content.segments[-1][1]:
            continue
        span = with_edges(page, c, start.char, end.char)
        if span is None or not _keeps_structure(span, c, cues, children.get(c.id, set())):
            continue
        new[c.id] = attrs.evolve(c, content=span, id="")
    if not new:
        return claims
    ids = {old: c.id for old, c in new.items()}
    return [attrs.evolve(new.get(c.id, c), parent=ids.get(c.parent, c.parent)) for c in claims]


def _keeps_structure(span: Span, claim: Claim, cues: list, children: set) -> bool:
    """True when ``span`` holds the cues of the claims nested in ``claim`` and no cue its content did not hold."""
    if not all(_holds(span, pos) for pos in children):
        return False
    for s, e in span.segments:
        k = bisect.bisect_left(cues, (s, ""))
        while k < len(cues) and cues[k][0] < e:
            pos = cues[k][0]
            if pos != claim.cue.start and not _holds(claim.content, pos):
                return False
            k += 1
    return True
