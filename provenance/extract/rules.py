"""The extraction driver: cue tokens in, claims out.

One cheap pass: a vectorised filter (``doc.to_array`` + ``numpy.isin``) finds the few tokens that
can start a cue; each is offered to the patterns of :data:`~provenance.extract.patterns.TRIGGERS`
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
  (several segments).

Confidence. The rules give each claim a prior: lexicon strength of the cue
(``cues.tsv``: how often the word is an annotated cue in PolNeAR train) ×
reliability of the pattern that found the content
(:data:`PATTERN_RELIABILITY`) × 0.8 when an active cue found no source. When
``data/confidence.json`` is present (the default), the reported confidence
is instead a logistic model's probability that annotators would mark the
claim (see :mod:`provenance.extract.confidence`), fitted on PolNeAR train;
claims under its threshold (0.3) are not reported. Without the model the
prior is reported and the threshold is :data:`MIN_CONFIDENCE`.
"""

from __future__ import annotations

from typing import Iterator, Optional

import attrs
import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string

from ..model import Claim
from .assemble import assemble, features
from .claimhood import can_nest
from .confidence import ConfidenceModel, load_model
from .geometry import Page
from .lexicon import Lexicon, load_lexicon
from .nesting import break_cycles, keep_nested, nest, one_per_cue
from .patterns import NO, PATTERN_RELIABILITY, TRIGGERS, Notes  # noqa: F401  (PATTERN_RELIABILITY: public)

_HASH_CACHE: dict[int, np.ndarray] = {}

#: Claims below this confidence are not reported (weak cues such as "focus on" in narration):
#: for the rules' prior (no model file) ...
MIN_CONFIDENCE = 0.2
#: ... and for the learned model's probability, unless its file names a threshold (chosen on train).
MODEL_MIN_CONFIDENCE = 0.3


def extract_claims(doc, *, lexicon: Optional[Lexicon] = None, min_confidence: Optional[float] = None,
                   use_model: bool = True, confidence_model: Optional[ConfidenceModel] = None) -> Iterator[Claim]:
    """Every attribution in ``doc`` (see :mod:`provenance.extract`) with at least ``min_confidence``
    (default: the model's threshold, or :data:`MIN_CONFIDENCE` for the rules' prior).
    ``confidence_model`` replaces the packaged model (a cluster worker gets the client's)."""
    lex = lexicon or load_lexicon()
    if not len(doc):
        return iter(())
    model = (confidence_model or load_model()) if use_model else None
    if min_confidence is None:
        min_confidence = (model.threshold or MODEL_MIN_CONFIDENCE) if model is not None else MIN_CONFIDENCE
    return iter(_run(doc, lex, model, min_confidence=min_confidence)[0])


def claims_with_features(doc, *, lexicon: Optional[Lexicon] = None) -> list[tuple[Claim, dict]]:
    """Every candidate claim with the rules' prior confidence and its features (for training the model)."""
    if not len(doc):
        return []
    claims, feats = _run(doc, lexicon or load_lexicon(), None, keep_features=True)
    return [(c, feats[c.id]) for c in claims]


def _trigger_hashes(lex: Lexicon) -> np.ndarray:
    key = id(lex)
    arr = _HASH_CACHE.get(key)
    if arr is None:
        arr = np.array(sorted({hash_string(w) for w in lex.trigger_words}), dtype="uint64")
        _HASH_CACHE.clear()
        _HASH_CACHE[key] = arr
    return arr


def _cue_tokens(doc, lex: Lexicon):
    """The tokens whose lemma or lower-case form can start a cue."""
    arr = doc.to_array([LEMMA, LOWER])
    hashes = _trigger_hashes(lex)
    return [doc[int(i)] for i in np.flatnonzero(np.isin(arr[:, 0], hashes) | np.isin(arr[:, 1], hashes))]


def _run(doc, lex: Lexicon, model: Optional[ConfidenceModel], keep_features: bool = False,
         min_confidence: Optional[float] = None):
    """(claims, features by claim id): every pattern over every cue token, confidence, then nesting
    among the claims of at least ``min_confidence``."""
    page = Page(doc)
    notes = Notes(cue_verbs=frozenset(lex.verbs), labels=frozenset(lex.by_kind["label"]))
    claims: list[Claim] = []
    feats: dict[str, dict[str, float]] = {}
    stands: dict[str, bool] = {}  # claim id -> may stand inside another claim's content
    need_features = model is not None or keep_features

    def offer(trigger, tok, arg):
        cand = trigger.pattern(page, notes, tok, arg)
        made = assemble(page, notes, cand) if cand is not None else None
        if made is None:
            return
        claim, prior = made
        claims.append(claim)
        stands[claim.id] = can_nest(page, cand, tok)
        if need_features:
            feats[claim.id] = features(page, cand, claim, prior)

    later = []
    for tok in _cue_tokens(doc, lex):
        for trigger in TRIGGERS:
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
    claims = one_per_cue(claims)
    if model is not None:
        # nesting is no feature: PolNeAR never annotates a nested claim, which says nothing about its truth;
        # and the model never saw a cue inside a quotation (its cues are learned outside them), so a claim
        # quoted from its speaker ("I think ...") that may stand nested keeps the rules' prior
        quoted = {c.id for c in nest(claims) if c.parent is not None and stands[c.id]
                  and page.quotes.containing(c.cue.start) is not None}
        claims = [c if c.id in quoted else attrs.evolve(c, confidence=round(model(feats[c.id]), 4)) for c in claims]
    if min_confidence is not None:
        claims = [c for c in claims if c.confidence >= min_confidence]
    # a cue inside a quotation is its speaker's even when that speaker was not found: it stands only as
    # a nested claim would ("I think ..." yes, "you know", "the reasons I support her" no)
    claims = [c for c in claims if stands[c.id] or page.quotes.containing(c.cue.start) is None]
    # parents among the claims reported; a nested claim only when it is one
    out = break_cycles(keep_nested(claims, lambda c: stands[c.id]))
    return out, feats
