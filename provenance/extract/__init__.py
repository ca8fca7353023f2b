"""Extraction: a parsed ``Doc`` in, :class:`provenance.model.Claim` objects out.

Contract (the rest of the package relies on it):

    extract_claims(doc, *, lexicon=None) -> Iterator[Claim]

- ``doc`` is a spaCy Doc whose ``doc.text`` is the article text as stored, so
  token/span character offsets are article offsets.
- Claims carry provisional ids (``article_id=""``); ``parent`` links use those
  ids; the pipeline re-keys them with :func:`provenance.model.assign_ids`.
- ``claim.sentence`` is the index in ``list(doc.sents)`` of the sentence that
  holds the cue.
- ``claim.source`` is an *unresolved* :class:`provenance.model.Source`
  (``name`` = mention text, ``kind`` = "unknown") or None;
  :mod:`provenance.resolve` fills in names, kinds and ids.

The cue words come from a data file (:func:`load_lexicon`; default
``provenance/data/cues.tsv``, overridden by ``$PROVENANCE_CUES``). Span and
confidence conventions are documented in :mod:`provenance.extract.rules`:
spans are trimmed of surrounding whitespace, punctuation and quotation marks
(a direct quote's content is the words inside the marks); sources keep their
modifiers; discontinuous content has several segments; confidence is the
probability given by a small logistic model over the rules' features
(``data/confidence.json``, fitted on PolNeAR train), or the rules' prior
(cue strength × pattern reliability) without that file.

Modules, in the order the data flows: :mod:`.lexicon` (the cue file), :mod:`.geometry` (sentences,
trimmed spans, segments, noun phrases of one doc), :mod:`.quotes` (quotation spans and which quote
sits next to a speaker), :mod:`.patterns` (one function per cue pattern returning a
:class:`~.candidate.Candidate`, and the dispatch table), :mod:`.verbs` (the cue-verb pattern and its
content patterns), :mod:`.sources` (who speaks), :mod:`.candidate` (the record, the notes patterns leave,
pattern reliability), :mod:`.assemble` (candidate -> claim), :mod:`.claimhood` (whether a quoted or
nested claim asserts anything), :mod:`.nesting` (one claim per cue, parents, no loops: pure functions
over claims), :mod:`.confidence` (the learned confidence model), :mod:`.learned` (the learned cue pattern:
verbs the lexicon makes no claim of, proposed by a model over their parse, ``data/cue_model.json``),
:mod:`.boundary` (the learned content edges: where a top-level claim's content starts and ends, when a model
over the parse prefers another edge than the rules', ``data/boundary_model.json``) and :mod:`.rules` (the driver).

Beyond the contract: ``extract_claims(..., min_confidence=None, use_model=True, confidence_model=None,
cue_model=None, boundary_model=None)`` (keyword-only and optional; ``use_model=False``: the rules alone, no learned model) and :func:`claims_with_features` for training.
"""

from .lexicon import Lexicon, load_lexicon
from .rules import MIN_CONFIDENCE, MODEL_MIN_CONFIDENCE, PATTERN_RELIABILITY, claims_with_features, extract_claims

__all__ = [
    "extract_claims",
    "claims_with_features",
    "load_lexicon",
    "Lexicon",
    "MIN_CONFIDENCE",
    "MODEL_MIN_CONFIDENCE",
    "PATTERN_RELIABILITY",
]
