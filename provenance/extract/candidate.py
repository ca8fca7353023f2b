"""What a cue pattern returns (:class:`Candidate`), what patterns note for later ones (:class:`Notes`),
and how reliable each content pattern is (:data:`PATTERN_RELIABILITY`)."""

from __future__ import annotations

from typing import Optional

import attrs

from ..model import Span
from .lexicon import Entry

#: How often a pattern's content/source is right, used in the confidence.
PATTERN_RELIABILITY = {
    "ccomp": 0.95,
    "quote": 0.95,
    "as": 0.85,
    "xcomp": 0.8,
    "dobj": 0.65,
    "answer": 0.8,
    "prep": 0.6,
    "before": 0.8,
    "passive_subject": 0.6,
    "experiencer": 0.65,
    "according": 0.95,
    "hedge": 0.9,
    "evidential": 0.8,
    "noun": 0.8,
    "noun_clause": 0.8,
    "colon": 0.6,
    # a verb the lexicon does not know, proposed by the cue model (:mod:`.learned`): its strength is already
    # the model's probability that annotators mark the claim, content included
    "learned": 1.0,
}


@attrs.frozen
class Candidate:
    """What a pattern found: cue tokens [cue_a, cue_b), content segments (chars), source, how."""

    kind: str  # claim type before quotes are looked at: indirect, direct, passive, hedge, according_to
    cue_a: int
    cue_b: int
    lemma: str
    entry: Entry
    segments: tuple
    source: Optional[Span]
    pattern: str
    factor: float = 1.0  # multiplied into the prior (0.8: an active cue without a source)


@attrs.define
class Notes:
    """What patterns learn about a doc for the ones that run after them."""

    cue_ext: dict = attrs.Factory(dict)  # verb index -> last token of "in a statement" right after it
    cue_content: dict = attrs.Factory(dict)  # verb index -> tokens of the clause "said in a statement that ..." hung on the noun
    according_phrases: dict = attrs.Factory(dict)  # sentence -> char spans of "according to X"
    names: dict = attrs.Factory(dict)  # source mention offsets -> name, when the mention is a relative pronoun
    cue_verbs: frozenset = frozenset()  # the lexicon's cue verb lemmas ("said in a statement" needs them)
    labels: frozenset = frozenset()  # words before a colon that label, not speak ("UPDATE:", "Q:")
    evidentials: frozenset = frozenset()  # raising verbs whose subject is no speaker (cues.tsv kind evidential: seem, appear)
    addressees: frozenset = frozenset()  # verbs whose object is the addressee (cues.tsv flag addressee: tell, ask)
    holders: frozenset = frozenset()  # verbs whose passive's subject holds what it says (cues.tsv flag holder: "are split on")
    targets: frozenset = frozenset()  # verbs whose subject does not hold the noun cue they take ("faced criticism")
    causers: dict = attrs.Factory(dict)  # verb -> flags: verbs whose object does what the clause after it says ("led some allies to worry")
    cue_frames: dict = attrs.Factory(dict)  # verb lemma -> cue-span flags ("continued to push for", "made comments about")
    strengths: dict = attrs.Factory(dict)  # verb lemma -> the lexicon's strongest entry for it (the cue model reads it)
    cue_model: object = None  # the learned cue model of this run (:class:`.learned.CueModel`), or None
