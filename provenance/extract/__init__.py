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
"""
