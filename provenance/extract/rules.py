"""The extraction driver: cue tokens in, claims out.

One cheap pass: one `doc.to_array` and a binary search of the string hashes find the few tokens that
can start a cue (and the verbs, for the learned cue pattern, a fallback row offered every verb left
without a claim); each is offered to the patterns of :data:`~provenance.extract.patterns.TRIGGERS`
(one small function per cue pattern, :mod:`provenance.extract.patterns`), which look at its
dependency neighbourhood only and return a candidate; :func:`~provenance.extract.assemble.assemble`
makes the claim; :mod:`provenance.extract.nesting` keeps one claim per cue and links nested claims.
No extra ``nlp`` call, no Python loop over the characters of the text.

Span conventions (every span satisfies ``text[start:end] == span.text``):

- spans are trimmed of surrounding whitespace, punctuation and quotation
  marks, so a direct quote's content is the quoted words *without* the
  marks (``type`` says that it was quoted);
- a source is the whole noun phrase, modifiers included ("a senior
  official familiar with the talks"); a relative pronoun subject ("officials
  who said") is the mention, as PolNeAR marks it, and the unresolved
  ``Source.name`` is then its antecedent ("officials") instead of "who";
- a content is the whole complement clause, "that" included; content
  around a cue ("X," she said, "Y.") or around a source is discontinuous
  (several segments); with ``data/boundary_model.json`` (the default) a
  top-level claim's content may then start or end at another edge of its
  sentence (:mod:`provenance.extract.boundary`).

Confidence. The rules give each claim a prior: lexicon strength of the cue
(``cues.tsv``: how often the word is an annotated cue in PolNeAR train) ×
reliability of the pattern that found the content
(:data:`PATTERN_RELIABILITY`) × 0.8 when an active cue found no source. When
``data/confidence.json`` is present (the default), the reported confidence
is instead a logistic model's probability that annotators would mark the
claim (see :mod:`provenance.extract.confidence`), fitted on PolNeAR train;
claims under its threshold (0.3) are not reported. Without the model the
prior is reported and the threshold is :data:`MIN_CONFIDENCE`. A learned cue's
claim (:mod:`provenance.extract.learned`) has the cue model's probability as
its confidence, never nests, and is dropped when its content holds a claim
of the lexicon's cues.
"""

from __future__ import annotations

import bisect
from typing import Iterator, Optional

import attrs
import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, POS
from spacy.symbols import ADJ, VERB, acomp
from spacy.strings import hash_string

from ..model import Claim
from .assemble import assemble, features
from .boundary import BoundaryModel, Where, load_boundary_model, refine
from .claimhood import can_nest, ends_first_statement, next_statement, second_verb
from .confidence import ConfidenceModel, load_model
from .geometry import Page
from .learned import CueModel, load_cue_model
from .lexicon import Lexicon, load_lexicon
from .nesting import cut_before_second_statements, cut_contents_before, lift_reporters, lift_second_statements, nest, nest_attributed, one_per_cue
from .patterns import NO, PATTERN_RELIABILITY, TRIGGERS, Notes  # noqa: F401  (PATTERN_RELIABILITY: public)
from .quotes import QuoteIndex
from .sources import quoted_speakers, without_claimed_clauses

_HASH_CACHE: dict[int, np.ndarray] = {}
_STRENGTHS: dict[int, dict] = {}

#: Claims below this confidence are not reported (weak cues such as "focus on" in narration):
#: for the rules' prior (no model file) ...
MIN_CONFIDENCE = 0.2
#: ... and for the learned model's probability, unless its file names a threshold (chosen on train).
MODEL_MIN_CONFIDENCE = 0.3


def extract_claims(doc, *, lexicon: Optional[Lexicon] = None, min_confidence: Optional[float] = None,
                   use_model: bool = True, confidence_model: Optional[ConfidenceModel] = None,
                   cue_model: Optional[CueModel] = None, boundary_model: Optional[BoundaryModel] = None) -> Iterator[Claim]:
    """Every attribution in ``doc`` (see :mod:`provenance.extract`) with at least ``min_confidence``
    (default: the model's threshold, or :data:`MIN_CONFIDENCE` for the rules' prior).
    ``confidence_model``, ``cue_model`` and ``boundary_model`` replace the packaged models (a cluster worker
    gets the client's); ``use_model=False``: the rules alone (the lexicon's cues, their prior confidence, the
    rules' content edges)."""
    lex = lexicon or load_lexicon()
    if not len(doc):
        return iter(())
    model = (confidence_model or load_model()) if use_model else None
    cues = (cue_model or load_cue_model()) if use_model else None
    edges = (boundary_model or load_boundary_model()) if use_model else None
    if min_confidence is None:
        min_confidence = (model.threshold or MODEL_MIN_CONFIDENCE) if model is not None else MIN_CONFIDENCE
    return iter(_run(doc, lex, model, min_confidence=min_confidence, cue_model=cues, boundary_model=edges)[0])


def claims_with_features(doc, *, lexicon: Optional[Lexicon] = None) -> list[tuple[Claim, dict]]:
    """Every candidate claim of the lexicon's cues with the rules' prior confidence and its features (for
    training the confidence model; the learned cue pattern is left out: its claims keep its own probability)."""
    if not len(doc):
        return []
    claims, feats = _run(doc, lexicon or load_lexicon(), None, keep_features=True)
    return [(c, feats[c.id]) for c in claims]


#: the dispatch table split: rows that own the cue tokens they match, and fallback rows offered, after them,
#: every verb none of those made a claim of
_FIRST = tuple(t for t in TRIGGERS if not t.fallback)
_FALLBACK = tuple(t for t in TRIGGERS if t.fallback)


def _defer_to_lexicon(claims: list[Claim], learned: set, held=lambda c: True) -> list[Claim]:
    """The claims without the learned cues' claims whose content holds a lexicon cue's claim that ``held(claim)``
    says would stand there: what the lexicon found is trusted more ("sent a letter saying ..." keeps the claim of
    "saying", not "sent"). Not a claim whose cue stands in a quotation, which is its speaker's, found by the learned
    claim ('“The New York Times is claiming today that ...,” Hannity started'), nor one that cannot stand nested
    ("hoped to emerge as the alternative to Trump and Cruz, both of whom are viewed with suspicion"): the learned
    claim is kept, the lexicon's is nested under it and dropped."""
    if not learned:
        return claims
    cues = sorted(c.cue.start for c in claims if c.id not in learned and held(c))

    def holds_cue(c):
        for s, e in c.content.segments:
            k = bisect.bisect_left(cues, s)
            if k < len(cues) and cues[k] < e:
                return True
        return False

    return [c for c in claims if c.id not in learned or not holds_cue(c)]


def _holds(a: Claim, b: Claim) -> bool:
    return any(s <= b.cue.start < e for s, e in a.content.segments)


def _resolve_learned(claims: list[Claim], learned: set) -> list[Claim]:
    """The claims with, of learned claims that hold one another's cue ("vowed to fight the plan" and
    "fight the plan"), only the most confident (the first of equals): PolNeAR marks one of them."""
    kept: list[Claim] = []
    for c in sorted((c for c in claims if c.id in learned), key=lambda c: (-c.confidence, c.cue.start)):
        if not any(_holds(k, c) or _holds(c, k) for k in kept):
            kept.append(c)
    keep = {c.id for c in kept}
    return [c for c in claims if c.id not in learned or c.id in keep]


def _inside_longer_cues(claims: list[Claim]) -> list[Claim]:
    """The claims without those whose cue starts inside another claim's longer cue: "continued to push for
    X" is one claim, not one of "continued" and one of "push"."""
    spans = sorted((c.cue.start, c.cue.end) for c in claims)
    starts = [s for s, _ in spans]

    def inside(c):
        k = bisect.bisect_left(starts, c.cue.start)  # the cues starting before c's
        return any(s < c.cue.start < e for s, e in spans[max(0, k - 3):k])

    return [c for c in claims if not inside(c)]


def _contents(claims: list[Claim]) -> QuoteIndex:
    """The content segments of ``claims``, merged and sorted, as an index of spans (``containing(pos)``)."""
    merged: list[list[int]] = []
    for s, e in sorted(seg for c in claims for seg in c.content.segments):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return QuoteIndex((s, e) for s, e in merged)


def _cue_heads(page: Page, claims: list[Claim]) -> set[int]:
    """The tokens inside the cues of ``claims``."""
    out: set[int] = set()
    for c in claims:
        span = page.doc.char_span(c.cue.start, c.cue.end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _trigger_hashes(lex: Lexicon) -> np.ndarray:
    """The string-store hashes of the words that can start a cue, sorted (:func:`_among`)."""
    key = id(lex)
    got = _HASH_CACHE.get(key)
    if got is None:
        got = np.array(sorted({hash_string(w) for w in lex.trigger_words}), dtype="uint64")
        _HASH_CACHE.clear()
        _HASH_CACHE[key] = got
    return got


def _among(values: np.ndarray, sorted_hashes: np.ndarray) -> np.ndarray:
    """Which ``values`` are in ``sorted_hashes`` (a binary search each: ``numpy.isin`` sorted the few thousand
    hashes together with the doc's on every call)."""
    if not len(sorted_hashes):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_hashes, values), len(sorted_hashes) - 1)
    return sorted_hashes[at] == values


def _cue_tokens(doc, lex: Lexicon):
    """(the tokens whose lemma or lower-case form can start a cue, the indices of the verbs and of the
    adjectives complementing a verb: "was critical of", for the learned cue pattern)."""
    arr = doc.to_array([LEMMA, LOWER, POS, DEP])
    hashes = _trigger_hashes(lex)
    cues = [doc[int(i)] for i in np.flatnonzero(_among(arr[:, 0], hashes) | _among(arr[:, 1], hashes))]
    return cues, np.flatnonzero((arr[:, 2] == VERB) | ((arr[:, 2] == ADJ) & (arr[:, 3] == acomp)))


def _strengths(lex: Lexicon) -> dict:
    """verb lemma -> the strength of its strongest entry (read by the learned cue pattern)."""
    got = _STRENGTHS.get(id(lex))
    if got is None:
        got = {lemma: max(e.strength for e in entries.values()) for lemma, entries in lex.verbs.items()}
        _STRENGTHS.clear()
        _STRENGTHS[id(lex)] = got
    return got


def _run(doc, lex: Lexicon, model: Optional[ConfidenceModel], keep_features: bool = False,
         min_confidence: Optional[float] = None, cue_model: Optional[CueModel] = None, every_learned: bool = False,
         boundary_model: Optional[BoundaryModel] = None, where: Optional[dict] = None):
    """(claims, features by claim id): every pattern over every cue token, confidence, then nesting
    among the claims of at least ``min_confidence``, then the content edges the ``boundary_model`` moves.
    ``every_learned`` (for training the cue model): the claims before learned ones that hold each other's
    cue are resolved, before nesting. ``where`` (a dict, for training the boundary model): filled with
    claim id -> :class:`~provenance.extract.boundary.Where` of every claim made."""
    page = Page(doc)
    notes = Notes(cue_verbs=frozenset(lex.verbs), labels=frozenset(lex.by_kind["label"]), targets=frozenset(lex.by_kind["target"]),
                  causers={c: e.flags for c, e in lex.by_kind["causer"].items()},
                  evidentials=frozenset(lex.by_kind["evidential"]),
                  addressees=frozenset(v for v, es in lex.verbs.items() if any("addressee" in e.flags for e in es.values())),
                  holders=lex.holders, strengths=_strengths(lex), cue_frames=lex.cue_frames, cue_model=cue_model)
    claims: list[Claim] = []
    feats: dict[str, dict[str, float]] = {}
    stands: dict[str, bool] = {}  # claim id -> may stand inside another claim's content
    second: dict[str, str] = {}  # claim id -> how it may stand beside its parent (claimhood.next_statement)
    learned: set[str] = set()  # ids of the claims of the learned cue pattern
    beside: set[str] = set()  # ids of the claims of a speaker's second verb the parse hung in the first one's content
    unaddressed: set[str] = set()  # ids of the claims whose cue verb has no object after it
    verb_at: dict[str, int] = {}  # claim id -> where its cue's verb group starts (auxiliaries, negation) before the cue
    own_at: dict[str, int] = {}  # claim id -> where the clause with its own speaker starts that ends its parent's content
    where = {} if where is None else where  # claim id -> what the boundary model reads of its candidate
    need_features = model is not None or keep_features

    def offer(trigger, tok, arg):
        cand = trigger.pattern(page, notes, tok, arg)
        got = assemble(page, notes, cand) if cand is not None else None
        if got is None:
            return
        claim, prior = got
        claims.append(claim)
        stands[claim.id] = can_nest(page, cand, tok)
        second[claim.id] = next_statement(page, tok)
        if second[claim.id] == "own" and (at := ends_first_statement(tok)) is not None:
            own_at[claim.id] = doc[at].idx
        if not any(c.dep_ in ("dobj", "dative") and c.i > tok.i for c in tok.children):
            unaddressed.add(claim.id)  # may report a sentence set off before it ('..., the Times reported'; not '..., Trump told NBC')
        if second[claim.id] == "speaker" and second_verb(tok, cand.entry.cls):
            beside.add(claim.id)
        if second[claim.id] == "speaker" and (aux := [c.i for c in tok.children if c.dep_ in _VERB_GROUP and c.i < tok.i]):
            verb_at[claim.id] = doc[min(aux)].idx  # "... and would not identify": the verb group starts at "would"
        where[claim.id] = Where(cand.pattern, _head(doc, cand), cand.lemma)
        if cand.pattern == "learned":
            learned.add(claim.id)
        elif need_features:
            feats[claim.id] = features(page, cand, claim, prior)

    later = []
    cue_tokens, verbs = _cue_tokens(doc, lex)
    for tok in cue_tokens:
        for trigger in _FIRST:
            arg = trigger.match(tok, lex)
            if arg is NO:
                continue
            if trigger.later:
                later.append((trigger, tok, arg))
            else:
                offer(trigger, tok, arg)
            break
    for trigger, tok, arg in later:
        offer(trigger, tok, arg)
    claims = _inside_longer_cues(one_per_cue(claims))
    if model is not None:
        # nesting is no feature: PolNeAR never annotates a nested claim, which says nothing about its truth;
        # and the model never saw a cue inside a quotation (its cues are learned outside them), so a claim
        # quoted from its speaker ("I think ...") that may stand nested keeps the rules' prior
        quoted = {c.id for c in nest(claims) if c.parent is not None and stands[c.id]
                  and page.quotes.containing(c.cue.start) is not None}
        claims = [c if c.id in quoted else attrs.evolve(c, confidence=round(model(feats[c.id]), 4)) for c in claims]
    if min_confidence is not None:
        claims = [c for c in claims if c.confidence >= min_confidence]
    if cue_model is not None:
        # the fallback rows (the learned cue pattern) get every verb of which no claim is left; a learned cue's
        # claim keeps the cue model's probability (the confidence model never saw one) and is at least its threshold
        made = _cue_heads(page, claims)
        held = _contents(claims)
        for trigger in _FALLBACK:
            for i in verbs:
                tok = doc[int(i)]
                if tok.i in made or held.containing(tok.idx) is not None:
                    continue  # a learned claim never nests: inside a claim's content it would not stand
                if (arg := trigger.match(tok, lex)) is not NO:
                    offer(trigger, tok, arg)
        claims = one_per_cue(_inside_longer_cues(_defer_to_lexicon(claims, learned,
                                                                   lambda c: stands[c.id] and page.quotes.containing(c.cue.start) is None)))
        if min_confidence is not None:
            claims = [c for c in claims if c.confidence >= min_confidence]
        if every_learned:
            return claims, feats
        claims = _resolve_learned(claims, learned)
    # a cue inside a quotation is its speaker's: it stands only nested in a claim reported ("I think ..." yes,
    # "you know", "the reasons I support her" no), and not at all when that speaker was not found
    claims = [c for c in claims if stands[c.id] or page.quotes.containing(c.cue.start) is None]
    # parents among the claims reported; a nested claim only when it is one
    out = nest_attributed(claims, lambda c: stands[c.id] or c.id in beside, lambda c: page.quotes.containing(c.cue.start) is not None)
    nested = {c.id: c.parent for c in out if c.parent is not None}
    out = lift_second_statements(out, lambda c: second[c.id])
    out = cut_before_second_statements(out, {c.id: nested[c.id] for c in out if c.parent is None and c.id in nested
                                             and second[c.id] == "speaker"}, verb_at)
    # ... and a parent's content ends before a clause with its own speaker lifted out of it after the parent's cue
    byid = {c.id: c for c in out}
    out = cut_contents_before(out, page.text, {nested[c.id]: own_at[c.id] for c in out if c.parent is None and c.id in own_at
                                               and c.id in nested and own_at[c.id] > byid[nested[c.id]].cue.end})
    out = lift_reporters(out, page.text, lambda pos: page.sentence(page.cols.at(pos)).start_char,
                         lambda pos: page.quotes.containing(pos) is not None, lambda c: c.id in unaddressed)
    out = quoted_speakers(page, without_claimed_clauses(page, out))
    if boundary_model is not None:
        out = refine(page, out, where, boundary_model)
    return out, feats


#: the dependents before a verb that belong to its verb group: "would not identify", "has also called"
_VERB_GROUP = frozenset({"aux", "auxpass", "neg"})


def _head(doc, cand) -> int:
    """The token of a candidate's cue that heads it: its first verb or noun ("is said", "said in a statement")."""
    for j in range(cand.cue_a, cand.cue_b):
        if doc[j].pos_ in ("VERB", "NOUN"):
            return j
    return cand.cue_a
