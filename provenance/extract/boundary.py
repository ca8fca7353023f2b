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
import operator
import re
from pathlib import Path
from typing import Optional

import attrs
import numpy as np
from spacy.attrs import DEP, HEAD, IS_QUOTE, IS_STOP, LOWER, POS, TAG
from spacy.strings import hash_string
from spacy.symbols import AUX, VERB

from provenance.datafiles import DATA_DIR

from ..model import Claim, Span
from ..nlp import hash_strings as _names
from .confidence import ConfidenceModel, read_thresholded
from .geometry import Page

DEFAULT_PATH = DATA_DIR / "boundary_model.json"

#: token tags before which a content may end (the excluded part starts with one of them)
_END_TAGS = frozenset({"WDT", "WP", "WP$", "WRB", "VBG", "VBN", "TO", "IN", "CC", "RB"})
#: parts of speech before which a content may end
_END_POS = frozenset({"CCONJ", "SCONJ", "ADP", "PUNCT"})
#: token tags and parts of speech at which a content may start
_START_TAGS = ("TO", "WDT", "WP", "WRB")
_START_POS = ("SCONJ", "ADP")
#: the dependencies of an addressee after which a content may start ("urged them | to vote")
_ADDRESSEES = ("dobj", "dative", "nsubj", "pobj")
#: a letter or a digit: ``str.isalnum`` (in ``re``, ``\w`` is ``isalnum`` or "_")
_ALNUM = re.compile(r"[^\W_]")
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
        self._table: dict[tuple, float] = {}  # feature key -> weight (0.0 when none), see score_keys
        self._bounds: dict[tuple, float] = {}  # (side, direction, late kind, pattern, lemma) -> moved_bound
        self._moved: Optional[_MovedIndex] = None  # see _moved_index

    @property
    def margin(self) -> float:
        return self.threshold

    def score_keys(self, keys: dict[tuple, float]) -> float:
        """:meth:`score` of the features :func:`edge_keys` gives: the same products summed in the same order
        (:meth:`dot`)."""
        return self.dot(keys)

    def dot(self, keys: dict[tuple, float], start: float = 0.0) -> float:
        """``start`` plus weight * value of each feature :func:`edge_keys` gives, added left to right in their order
        (so ``dot(b, dot(a))`` is the sum over ``a`` then ``b``, to the last bit), each weight looked up by key in a
        table filled from the weights by name the first time a key is seen."""
        table = self._table
        try:
            return sum(map(operator.mul, map(table.__getitem__, keys), keys.values()), start)
        except KeyError:  # a key not seen yet
            if len(table) > _MAX_KEYS:
                table.clear()
            get = self.weights.get
            for k in keys:
                if k not in table:
                    table[k] = get(feature_name(k), 0.0)
            return sum(map(operator.mul, map(table.__getitem__, keys), keys.values()), start)

    def moved_bound(self, side: str, direction: str, late: Optional[str], where: Where) -> float:
        """The most the features of the words between an edge and the rules' edge (:func:`_moved_keys`) can add
        to the score of an edge of ``side`` that makes the content ``direction`` ("longer", "shorter") of a claim
        ``where``; ``late``: the kind of a later start after a longer cue's words (:func:`late_start`), or None.
        Each of those features is an indicator and each template (a name's part before "=") gives one at most:
        the sum over the templates of the largest weight (or 0) of each, among the names the claim can have (the
        values that end in the claim's pattern, or start with the late kind and end in its lemma or pattern)."""
        key = (side, direction, late, where.pattern, where.lemma)
        got = self._bounds.get(key)
        if got is None:
            if len(self._bounds) > _MAX_KEYS:
                self._bounds.clear()
            got = self._bounds[key] = sum(self._moved_tops(side, direction, late, where))
        return got

    def _moved_tops(self, side: str, direction: str, late: Optional[str], where: Where):
        """The largest weight (or 0) of each template of :meth:`moved_bound` among the names the claim can have."""
        index = self._moved_index()
        for template in index.region.get((side, direction), ()):
            if template.endswith("|pattern") and "|" not in where.pattern:  # (dependency, pattern)
                yield max(0.0, index.last.get((template, where.pattern), 0.0))
            else:
                yield max(0.0, index.top[template])
        if late is not None:
            for template in index.late.get(side, ()):  # (kind, ...)
                if template.endswith(("|lemma", "|pattern")):  # (kind, lemma), (kind, pattern): one name
                    value = where.lemma if template.endswith("|lemma") else where.pattern
                    yield max(0.0, self.weights.get(f"{template}={late}|{value}", 0.0))
                else:
                    yield max(0.0, index.first.get((template, late), 0.0))

    def _moved_index(self) -> "_MovedIndex":
        """The weights of the templates of :func:`_moved_keys` grouped for :meth:`moved_bound`, made once."""
        if self._moved is None:
            index = self._moved = _MovedIndex({}, {}, {}, {}, {})
            for name, w in self.weights.items():
                template, _, values = name.partition("=")
                parts = template.split(":")
                if len(parts) == 3:  # side:direction:template: a region's
                    index.region.setdefault((parts[0], parts[1]), {})[template] = None
                    last = values.rsplit("|", 1)[-1]
                    index.last[template, last] = max(index.last.get((template, last), w), w)
                elif len(parts) == 2 and parts[1].startswith("late"):
                    index.late.setdefault(parts[0], {})[template] = None
                    first = values.split("|", 1)[0]
                    index.first[template, first] = max(index.first.get((template, first), w), w)
                else:
                    continue
                index.top[template] = max(index.top.get(template, w), w)
        return self._moved


@attrs.frozen
class _MovedIndex:
    """A boundary model's weights of the region and late-start templates (:meth:`BoundaryModel.moved_bound`):
    ``region`` (side, direction) -> its templates, ``late`` side -> its templates (dict keys, in the weights'
    order), ``top`` template -> the largest weight, ``first`` / ``last`` (template, first / last value) -> the
    largest weight."""

    region: dict
    late: dict
    top: dict
    first: dict
    last: dict


#: the most feature keys a model's table keeps (cleared when it grows past this)
_MAX_KEYS = 1_000_000


@functools.lru_cache(maxsize=4)
def load_boundary_model(path: Optional[str] = None) -> Optional[BoundaryModel]:
    """The packaged boundary model (or the file at ``path``); None when there is none."""
    return read_thresholded(Path(path) if path else DEFAULT_PATH, "boundary model", BoundaryModel, "margin (threshold)")


# ---------------------------------------------------------------------------------------------- geometry


class _Tokens:
    """Char offset -> token index, and every token attribute the cuts and features read, as plain lists for
    the doc of one page (built once per doc: the candidate edges and the regions between them read thousands
    of tokens, and each ``doc[i]`` builds a new Token object; the strings are looked up once per distinct
    value). The offsets and punctuation are the page's :class:`~provenance.extract.geometry.TokenColumns`, the
    rest comes from one ``Doc.to_array``. The counts over a region are prefix sums: ``count(self.n_words, a, b)``."""

    def __init__(self, page: Page):
        doc, geometry = page.doc, page.cols
        n = self.n = len(doc)
        cols = (HEAD, IS_QUOTE, IS_STOP, POS, LOWER, TAG, DEP)
        a = doc.to_array(list(cols)).reshape(n, len(cols))
        head, quote, stop, pos, lower, tag, dep = (a[:, k] for k in range(len(cols)))
        self.starts = geometry.starts
        self.ends = geometry.ends
        heads = head.astype("int64") + np.arange(n)  # HEAD is the offset to the head
        self.heads = heads.tolist()
        self.punct = geometry.punct
        punct = np.array(self.punct, dtype=bool)
        self.quote = quote.astype(bool).tolist()
        verb = (pos == VERB) | (pos == AUX)
        self.verb = verb.tolist()
        comma = (lower == _COMMA) | (lower == _SEMICOLON)
        self.comma = comma.tolist()
        strings = doc.vocab.strings
        self.lower = _names(strings, lower)
        self.tag = _names(strings, tag)
        self.dep = _names(strings, dep)
        self.pos = _names(strings, pos)
        #: a token as a feature value: closed-class words and punctuation by their text, others by their tag
        self.word = [w if closed else t for w, t, closed in zip(self.lower, self.tag, (punct | stop.astype(bool)).tolist())]
        #: its dependency as a feature value (the rare ones as "other")
        self.dep_key = [d if d in _DEPS else "other" for d in self.dep]
        after_punct = np.concatenate(([False], punct[:-1]))
        #: a content may end before token t (t >= 1): a punctuation mark or the word after one, a coordinator,
        #: preposition, relative pronoun, participle ... (:data:`_END_POS`, :data:`_END_TAGS`)
        self.may_end = (punct | after_punct | _among(pos, strings, _END_POS) | _among(tag, strings, _END_TAGS)).tolist()
        that = lower == strings["that"]
        # "urged them to vote", "asked readers to guess": the addressee before the reported words
        addressee = np.zeros(n, dtype=bool)
        addressee[1:] = _among(dep[:-1], strings, _ADDRESSEES) & (heads[:-1] < np.arange(1, n)) & (heads[1:] == heads[:-1])
        #: a content may start at token u (u >= 1): after or at a punctuation mark, at "to", a wh-word, a conjunction or
        #: preposition, at "that" or after it, after an addressee (:data:`_START_TAGS`, :data:`_START_POS`)
        self.may_start = (punct | after_punct | _among(tag, strings, _START_TAGS) | _among(pos, strings, _START_POS)
                          | that | np.concatenate(([False], that[:-1])) | addressee).tolist()
        # prefix sums: the words (no punctuation), the verbs among them, the commas and the quotation marks
        self.n_words = _prefix(~punct)
        self.n_verbs = _prefix(verb & ~punct)
        self.n_commas = _prefix(comma)
        self.n_quotes = _prefix(quote.astype(bool))
        #: whether the token starts inside a quotation of the page (``page.quotes.containing(start)``)
        self.quoted = _inside(page.quotes.spans, geometry.starts)
        #: the index of the token holding a char offset (or the one before it, in whitespace): the page's
        self.at = geometry.at
        self._doc = doc
        self._edges: dict[int, tuple[int, int]] = {}

    def subtree(self, i: int) -> tuple[int, int]:
        """(left edge, right edge) of token ``i``'s subtree, as the parse has them (read once per token)."""
        got = self._edges.get(i)
        if got is None:
            tok = self._doc[i]
            got = self._edges[i] = (tok.left_edge.i, tok.right_edge.i)
        return got


_COMMA, _SEMICOLON = np.uint64(hash_string(",")), np.uint64(hash_string(";"))


def _inside(spans: list[tuple[int, int]], positions: list[int]) -> list[bool]:
    """For each of ``positions``, whether it is inside one of ``spans`` (sorted, disjoint [start, end) pairs):
    :meth:`~provenance.extract.quotes.QuoteIndex.containing` of every position at once."""
    if not spans:
        return [False] * len(positions)
    starts, ends = np.array(spans, dtype="int64").T
    pos = np.asarray(positions, dtype="int64")
    k = np.searchsorted(starts, pos, side="right") - 1  # the last span starting at or before each position
    return ((k >= 0) & (pos < ends[np.maximum(k, 0)])).tolist()


def _among(column: np.ndarray, strings, labels) -> np.ndarray:
    """Which values of a ``Doc.to_array`` column are one of ``labels`` (tags, parts of speech, dependencies, by
    their ids; a few comparisons: ``numpy.isin`` sorts the column on every call)."""
    return functools.reduce(operator.or_, [column == strings[label] for label in labels])


def _prefix(flags) -> list[int]:
    """Prefix sums of a boolean column: ``count(p, a, b)`` is the number of true flags in [a, b)."""
    return [0] + np.cumsum(flags, dtype="int64").tolist()


def count(prefix: list[int], a: int, b: int) -> int:
    """The number of true flags in [a, b) of the column whose :func:`_prefix` is ``prefix``."""
    return prefix[b] - prefix[a]


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
    text, n, starts = page.text, tokens.n, tokens.starts
    s, e = claim.content.segments[-1]
    a, b = tokens.at(s), tokens.at(e - 1)
    sent = page.sentence(b)
    limit = sent.end
    para = _paragraph_end(text, e)
    if limit < n and starts[limit] < para:
        nxt = page.sentence(limit)
        ext = nxt.end if nxt.end >= n or starts[nxt.end - 1] < para else limit
    else:
        ext = limit
    if stop < len(text):  # never over the cue or the source that follow the content
        ext = min(ext, tokens.at(stop))
    limit = min(limit, ext)
    out: dict[int, Edge] = {}
    for t in range(a + 1, ext + 1):
        if t < n and starts[t] >= para:
            break
        if t not in (limit, ext) and not tokens.may_end[t]:
            continue
        end = page.trim_chars(s, tokens.ends[t - 1])
        if end is None or end[1] <= s:
            continue
        key = _word_end(text, s, end[1])
        if key > s and key not in out:
            out[key] = Edge("end", end[1], t)
    rule = _word_end(text, s, e)
    if rule not in out:
        out[rule] = Edge("end", e, b + 1)
    _segment_edges(page, tokens, claim, "end", out)
    return list(out.values())


def _segment_edges(page: Page, tokens: _Tokens, claim: Claim, side: str, out: dict) -> None:
    """Add to ``out`` (key -> edge) the edges that drop whole segments of a discontinuous content: the start of
    each later segment ("Respondents … | to pick the loser"), the end of each earlier one ("“X,” he said, “Y”")."""
    text, segs = page.text, claim.content.segments
    for s, e in (segs[1:] if side == "start" else segs[:-1]):
        if side == "start":
            key = _word_start(text, s, e)
            if key < e and key not in out:
                out[key] = Edge("start", s, tokens.at(s))
        else:
            key = _word_end(text, s, e)
            if key > s and key not in out:
                out[key] = Edge("end", e, tokens.at(e - 1) + 1)


def start_cuts(page: Page, tokens: _Tokens, claim: Claim, floor: int, cue: int = -1) -> list[Edge]:
    """Where the first segment of ``claim``'s content could start: after a boundary word of its sentence,
    never before char ``floor`` (the end of its cue or source, when they precede it); near the rules' start,
    after the words that lengthen a cue (:func:`late_start`, ``cue`` the token of the cue's head word). The
    rules' own start is among them."""
    text, starts = page.text, tokens.starts
    s, e = claim.content.segments[0]
    a, b = tokens.at(s), tokens.at(e - 1)
    sent = page.sentence(a)
    low = sent.start
    if floor > 0 and floor <= s:
        low = max(low, tokens.at(floor - 1) + 1)
    para = text.rfind("\n", 0, s) + 1
    out: dict[int, Edge] = {}
    for u in range(low, b + 1):
        if starts[u] < para:
            continue
        if u not in (low, a) and not tokens.may_start[u] and not (u - a <= _LATE and late_start(tokens, u, cue)):
            continue
        got = page.trim_chars(starts[u], e)
        if got is None:
            continue
        key = _word_start(text, got[0], e)
        if key < e and key not in out:
            out[key] = Edge("start", got[0], u)
    rule = _word_start(text, s, e)
    if rule not in out:
        out[rule] = Edge("start", s, a)
    _segment_edges(page, tokens, claim, "start", out)
    return list(out.values())


#: how many tokens after the rules' start a start after cue words (:func:`late_start`) may be
_LATE = 12


def late_start(tok: _Tokens, u: int, cue: int) -> Optional[str]:
    """Which words of a longer cue token ``u`` would start a content after, or None: PolNeAR's cue often runs
    over the verb's object and its preposition ("offered an emotional defense of | the city", "claim credit for |
    last month's attacks"), over an infinitive's verb ("declined to comment on | X", "refused to endorse | Ryan").
    ``prep``: the first word of a preposition's object; ``verb``: the first word of a verb's object. The
    preposition hangs on the cue's head word ``cue``, on its object or its infinitive (:func:`_on_cue`), the verb
    is that infinitive or a participle on the object. (Starting after an infinitive's "to", "aiming to | expand",
    was tried: right 30 times of 858 on train, no better.) Read from the doc's :class:`_Tokens`."""
    if cue < 0 or u < 1:
        return None
    prev, pos, dep = u - 1, tok.pos, tok.dep
    if pos[prev] == "ADP" and dep[prev] in ("prep", "agent") and _descends(tok.heads, u, prev):
        kind, anchor = "prep", tok.heads[prev]
    elif pos[prev] == "VERB" and _descends(tok.heads, u, prev) and dep[u] not in ("prep", "prt", "advmod", "punct"):
        kind, anchor = "verb", prev
    else:
        return None
    return kind if _on_cue(tok, anchor, cue) and (kind == "prep" or anchor != cue) else None


#: the dependencies by which a word of a longer cue hangs on the cue's head word ("offered an emotional defense",
#: "declined to comment", "issued a statement expressing")
_CUE_LINKS = frozenset({"dobj", "xcomp", "dative", "acl", "oprd", "acomp"})


def _on_cue(tok: _Tokens, i: int, cue: int) -> bool:
    """Token ``i`` is the cue's head word or hangs on it by at most two :data:`_CUE_LINKS`."""
    for _ in range(3):
        if i == cue:
            return True
        if tok.dep[i] not in _CUE_LINKS or tok.heads[i] == i:
            return False
        i = tok.heads[i]
    return False


def _descends(heads: list, i: int, anchor: int, steps: int = 4) -> bool:
    """``anchor`` is among the ``steps`` first heads above token ``i``."""
    for _ in range(steps):
        if heads[i] == i:
            return False
        i = heads[i]
        if i == anchor:
            return True
    return False


# ---------------------------------------------------------------------------------------------- features


@functools.lru_cache(maxsize=None)
def _bucket(n: int) -> str:
    """A signed count as a feature value: "0", "+1", "-2", "+3-4", ... "+17+" (each count's string made once)."""
    if n == 0:
        return "0"
    sign = "+" if n > 0 else "-"
    n = abs(n)
    return sign + ("1" if n == 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-8" if n <= 8 else "9-16" if n <= 16 else "17+")


def feature_name(key: tuple) -> str:
    """The name of a feature key ``(prefix, template, *values)`` in the model file: ``("end:", "out|in", ",",
    "WDT")`` is "end:out|in=,|WDT", ``("start:", "bias")`` is "start:bias"."""
    prefix, template, *values = key
    return prefix + template + ("=" + "|".join(values) if values else "")


def edge_features(page: Page, claim: Claim, where: Where, edge: Edge, rule: Edge,
                  tokens: Optional[_Tokens] = None) -> dict[str, float]:
    """The boundary model's features of ``edge`` of ``claim`` by name (:func:`edge_keys` named by
    :func:`feature_name`; what the learning script fits)."""
    return {feature_name(k): v for k, v in edge_keys(page, claim, where, edge, rule, tokens).items()}


def edge_keys(page: Page, claim: Claim, where: Where, edge: Edge, rule: Edge,
              tokens: Optional[_Tokens] = None) -> dict[tuple, float]:
    """The boundary model's features of ``edge`` of ``claim`` (``rule``: the rules' edge on that side;
    ``tokens``: the doc's :class:`_Tokens`, made here when not given), keyed ``(prefix, template, *values)``
    (:func:`feature_name`; tuples of strings the doc already holds, so no string is built per feature). A word
    is described by ``_Tokens.word`` (closed-class words and punctuation by their text, others by their tag).
    In this order: the words at the cut (:func:`_cut_keys`), the words between the edge and the rules' edge
    (:func:`_moved_keys`), the content the edge makes (:func:`_span_keys`), its length and the words beyond it
    (:func:`_length_keys`)."""
    tok = tokens or _Tokens(page)
    at = _at(page, tok, edge)
    f = _cut_keys(tok, claim, where, edge, rule, at)
    _moved_keys(f, page, tok, where, edge, rule, _late_kind(tok, where, edge, rule))
    f.update(_span_keys(page, tok, claim, where, edge, rule, at))
    f.update(_length_keys(page, claim, edge, at))
    return f


def _at(page: Page, tok: _Tokens, edge: Edge) -> tuple[int, Optional[int], object]:
    """(the last word kept (end) / the first (start), the word next to it left out or None at the doc's edge, the
    sentence of the word kept)."""
    cut = edge.cut
    if edge.side == "end":
        inside, outside = cut - 1, (cut if cut < tok.n else None)
    else:
        inside, outside = cut, (cut - 1 if cut > 0 else None)
    return inside, outside, page.sentence(inside)


def _cut_keys(tok: _Tokens, claim: Claim, where: Where, edge: Edge, rule: Edge, at: tuple) -> dict[tuple, float]:
    """The features of the words on both sides of ``edge``'s cut (``at``: :func:`_at`), of its distance from the
    rules' edge and of the claim's pattern, type and cue lemma (the first of :func:`edge_keys`)."""
    word, heads, starts = tok.word, tok.heads, tok.starts
    side = edge.side
    p = side + ":"
    inside, outside, sent = at
    f = {
        (p, "bias"): 1.0,
        (p, "rule"): float(edge.cut == rule.cut or edge.char == rule.char),
        (p, "dist", _bucket(edge.cut - rule.cut)): 1.0,
        (p, "pattern", where.pattern): 1.0,
        (p, "type", claim.type): 1.0,
        (p, "in", word[inside]): 1.0,
        (p, "in_dep", tok.dep_key[inside]): 1.0,
    }
    if edge.cut != rule.cut:
        d = _direction(edge, rule)
        f[p, f"pattern|{d}", where.pattern] = 1.0
        f[p, f"lemma|{d}", where.lemma] = 1.0
    else:
        f[p, "rule|pattern", where.pattern] = 1.0
    if outside is None or (side == "end" and outside >= sent.end) or (side == "start" and outside < sent.start):
        f[p, "sentence_edge"] = 1.0
        if side == "end" and outside is not None and outside > sent.end:
            f[p, "next_sentence"] = 1.0
    else:
        key = word[outside]
        f[p, "out", key] = 1.0
        f[p, "out_dep", tok.dep_key[outside]] = 1.0
        f[p, "out|in", key, word[inside]] = 1.0
        f[p, "pattern|out", where.pattern, key] = 1.0
        if side == "end" and tok.punct[outside] and outside + 1 < tok.n:
            f[p, "out2", key, word[outside + 1]] = 1.0  # ", which", ", and", ", according"
            f[p, "out2_dep", key, tok.dep[outside + 1]] = 1.0
        if side == "start" and tok.punct[outside] and outside > 0:
            f[p, "out2", word[outside - 1], key] = 1.0
        head = heads[outside]
        f[p, "out_head_is_cue"] = float(head == where.cue)
        f[p, "in_head_is_cue"] = float(heads[inside] == where.cue)
        f[p, "out_child_of_in"] = float(head == inside)
        # which side of the cut the excluded word's head is on: attached to the words kept, or to the rest
        kept = (claim.content.segments[0][0] <= starts[head] < edge.char) if side == "end" else \
            (edge.char <= starts[head] < claim.content.segments[-1][1])
        f[p, "out_head_kept"] = float(kept)
        f[p, "lemma|out", where.lemma, key] = 1.0
    return f


#: the "quote" feature's value by (word kept quoted, word left out quoted): "00", "01", "10", "11"
_QUOTE_STATES = (("00", "01"), ("10", "11"))


def _direction(edge: Edge, rule: Edge) -> str:
    """"longer" when ``edge`` makes the content longer than the rules' edge does, else "shorter"."""
    return "longer" if (edge.cut > rule.cut) == (edge.side == "end") else "shorter"


def _late_kind(tok: _Tokens, where: Where, edge: Edge, rule: Edge) -> Optional[str]:
    """The kind of the later start after a longer cue's words that ``edge`` is (:func:`late_start`), or None (it is
    no start later than the rules')."""
    return late_start(tok, edge.cut, where.cue) if edge.side == "start" and edge.cut > rule.cut else None


def _moved_keys(f: dict, page: Page, tok: _Tokens, where: Where, edge: Edge, rule: Edge, late: Optional[str]) -> None:
    """Add to ``f`` the features of the words between ``edge`` and the rules' edge (none when it is the rules'):
    the words of a longer cue a later start leaves out (:func:`_late`; ``late``: its :func:`_late_kind`), the
    region's (:func:`_region`). Every one is an indicator (value 0 or 1) named ``side:late...`` or
    ``side:direction:...``, once per edge at most: :meth:`BoundaryModel.moved_bound` relies on it."""
    if edge.cut == rule.cut:
        return
    p = edge.side + ":"
    if late is not None:
        _late(f, p, page.doc, edge.cut, where, late)
    _region(f, f"{p}{_direction(edge, rule)}:", tok, min(edge.cut, rule.cut), max(edge.cut, rule.cut), where.cue,
            where.pattern)


def _span_keys(page: Page, tok: _Tokens, claim: Claim, where: Where, edge: Edge, rule: Edge, at: tuple) -> dict[tuple, float]:
    """The features of the content ``edge`` makes (``at``: :func:`_at`): quotation state at the cut, cue lemma,
    how far the edge moved (after :func:`_moved_keys`; :func:`_length_keys` follow)."""
    p = edge.side + ":"
    inside, outside, _ = at
    quoted = tok.quoted
    f = {}
    f[p, "quote", _QUOTE_STATES[quoted[inside]][outside is not None and quoted[outside]]] = 1.0
    f[p, "lemma", where.lemma] = 1.0
    n = abs(edge.cut - rule.cut)
    f[p, "moved_tokens"] = min(n, 40) / 10.0
    return f


def _length_keys(page: Page, claim: Claim, edge: Edge, at: tuple) -> dict[tuple, float]:
    """The content's length in words (0 to 4), whether it drops segments, whether words of the sentence are left
    beyond it (the last of :func:`edge_keys`; the most they can add to a score: :func:`_length_bound`)."""
    text, side = page.text, edge.side
    p = side + ":"
    sent = at[2]
    f = {}
    span = (edge.char, claim.content.segments[-1][1]) if side == "start" else (claim.content.segments[0][0], edge.char)
    f[p, "tokens"] = min(len(text[span[0]:span[1]].split()), 80) / 20.0
    if _drops_segments(claim, edge):
        f[p, "drops_segments"] = 1.0
    f[p, "mid_sentence_words"] = float(_ALNUM.search(text, edge.char, sent.end_char) is not None) if side == "end" else \
        float(_ALNUM.search(text, sent.start_char, edge.char) is not None)
    return f


def _drops_segments(claim: Claim, edge: Edge) -> bool:
    """``edge`` leaves out whole segments of ``claim``'s discontinuous content."""
    segs = claim.content.segments
    return len(segs) > 1 and (edge.char >= segs[0][1] if edge.side == "start" else edge.char <= segs[-1][0])


def _length_bound(model: "BoundaryModel", side: str) -> tuple[float, float]:
    """(the most the length and the words beyond an edge of ``side`` add to its score (:func:`_length_keys`:
    "tokens" is 0 to 4, "mid_sentence_words" 0 or 1), the weight of dropping segments)."""
    w = model.weights.get
    p = side + ":"
    return 4.0 * max(0.0, w(p + "tokens", 0.0)) + max(0.0, w(p + "mid_sentence_words", 0.0)), w(p + "drops_segments", 0.0)


def _late(f: dict, p: str, doc, cut: int, where: Where, kind: str) -> None:
    """Which words of a longer cue a later start at token ``cut`` leaves out (``kind``: its :func:`late_start`), by
    cue lemma and pattern."""
    prev = doc[cut - 1]
    word = prev.head if kind == "prep" else prev  # the noun or verb the cue runs over
    f[p, "late", kind] = 1.0
    f[p, "late|lemma", kind, where.lemma] = 1.0
    f[p, "late|pattern", kind, where.pattern] = 1.0
    f[p, "late|word", kind, prev.lower_] = 1.0
    f[p, "late|over", kind, "cue" if word.i == where.cue else word.lemma_.lower()] = 1.0
    f[p, "late|over_dep", kind, "cue" if word.i == where.cue else word.dep_] = 1.0


def _region(f: dict, p: str, tok: _Tokens, a: int, b: int, cue: int, pattern: str) -> None:
    """Features of the tokens [a, b) between an edge and the rules' edge (the words it adds or leaves out):
    the dependency of the word heading them and what that word hangs on, whether they are whole subtrees,
    whether they hold a verb, a comma, a quotation mark."""
    heads, punct = tok.heads, tok.punct
    roots = [i for i, h in zip(range(a, b), heads[a:b]) if h == i or not a <= h < b]
    if roots:
        r = next((i for i in roots if not punct[i]), roots[0])
        dep = tok.dep_key[r]
        f[p, "region_root", dep] = 1.0
        f[p, "region_root|pattern", dep, pattern] = 1.0
        second = tok.lower[a + 1] if punct[a] and a + 1 < b else ""
        f[p, "region_first", tok.word[a], second] = 1.0
        h = heads[r]
        hangs = "cue" if h == cue else "before" if h < a else "after"
        f[p, "region_root|head", dep, hangs] = 1.0
        f[p, "region_clean"] = float(all(a <= left and right < b for left, right in map(tok.subtree, roots)))
    f[p, "region_roots", _bucket(len(roots))] = 1.0
    f[p, "region_verb"] = float(count(tok.n_verbs, a, b) > 0)
    f[p, "region_comma"] = float(count(tok.n_commas, a, b) > 0)
    f[p, "region_quote"] = float(count(tok.n_quotes, a, b) > 0)
    f[p, "region_words", _bucket(count(tok.n_words, a, b))] = 1.0


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
    segs = [(s, e) for s, e in claim.content.segments if e > start and s < end]  # an edge may drop whole segments
    if not segs:
        return None
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


#: how much lower than the rules' score plus the margin an edge's bound must be for :func:`contenders` to leave
#: it out (float sums in another order differ by far less)
_SLACK = 1e-9


def contenders(page: Page, tokens: _Tokens, claim: Claim, where: Where, rule: Edge, cuts: list[Edge],
               model: BoundaryModel) -> list[tuple[Edge, float]]:
    """(edge, score) of the rules' edge and of each other edge of ``cuts`` (one side's) that :func:`choose` could
    pick: every edge the model scores at least the rules' score plus the margin. An edge whose features at its cut
    and of its content (:func:`_cut_keys`, :func:`_span_keys`) score below that by more than the most the other
    features can add (the words it moves over: :meth:`BoundaryModel.moved_bound`; its length and the words beyond
    it: :func:`_length_bound`) is left out before those are read; so is one whose moved-over words, once read
    (:func:`_moved_keys`), leave it below that by more than the most its length can add. The others are scored on
    all of :func:`edge_keys`, their products added in its order (:meth:`BoundaryModel.dot`), so the choice and
    the scores are the ones over every edge."""
    p_rule = model.score_keys(edge_keys(page, claim, where, rule, rule, tokens))
    floor = p_rule + model.margin - _SLACK
    length_top, drops = _length_bound(model, rule.side)
    out = []
    for e in cuts:
        if e is rule:
            out.append((e, p_rule))
            continue
        at = _at(page, tokens, e)
        at_cut = model.dot(_cut_keys(tokens, claim, where, e, rule, at))
        of_span = _span_keys(page, tokens, claim, where, e, rule, at)
        known = at_cut + model.dot(of_span)
        moved: dict[tuple, float] = {}
        if e.cut != rule.cut:
            late = _late_kind(tokens, where, e, rule)
            dropped = drops if _drops_segments(claim, e) else 0.0
            if known + (model.moved_bound(e.side, _direction(e, rule), late, where) + length_top + dropped) < floor:
                continue
            _moved_keys(moved, page, tokens, where, e, rule, late)
            if known + model.dot(moved) + length_top + dropped < floor:
                continue
        of_length = _length_keys(page, claim, e, at)
        out.append((e, model.dot(of_length, model.dot(of_span, model.dot(moved, at_cut)))))  # edge_keys' order
    return out


def _holds(span: Span, pos: int) -> bool:
    return any(s <= pos < e for s, e in span.segments)


def refine(page: Page, claims: list[Claim], where: dict, model: BoundaryModel) -> list[Claim]:
    """``claims`` with the contents of the top-level claims whose edges the model moves; the ids are
    the claims' ids of their new contents (parent links follow)."""
    tokens = _Tokens(page)
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
            chosen.append(choose(model, contenders(page, tokens, c, w, rule, cuts, model), rule))
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
