"""The resolver of one article: makes refs and ids, and routes a mention to coreference or the kind rules."""

from __future__ import annotations

from typing import Optional

from ..model import Source, normalise_name, sha256_text, source_id, stable_id
from . import coref, kinds
from .index import CLAIM_SOURCE, PRONOUN_WINDOW, SUBJECT_CLAIM_SOURCE, ArticleIndex, Candidate, Ref
from .lexicon import SourceLexicon
from .names import clean_org, describe, is_subject


def article_scope(doc) -> str:
    """The default scope of article-scoped ids: a hash of the article text."""
    return sha256_text(doc.text)[:16]


def scoped_source_id(name: str, scope: str) -> str:
    """The id of a source that means something only inside one article (``scope``)."""
    return stable_id("source", normalise_name(name), "in", scope)


class Resolver:
    def __init__(self, doc, lexicon: SourceLexicon, scope: str):
        self.doc = doc
        self.lex = lexicon
        self.scope = scope
        self.ix = ArticleIndex(doc, lexicon)

    def ref(self, name: str, kind: str, *, scoped: bool = False, **flags) -> Ref:
        sid = scoped_source_id(name, self.scope) if scoped else source_id(name)
        return Ref(name=name, kind=kind, id=sid, **flags)

    def candidate_ref(self, c: Candidate) -> Optional[Ref]:
        if not c.resolved:
            if c.ent is not None:
                c.ref = self.entity_ref(c.ent)
            elif c.span is not None:
                ref = self.resolve_span(c.span, c.span.text)
                c.ref = None if ref.guess or (ref.kind == "unknown" and not ref.plural) else ref
            c.resolved = True
        return c.ref

    def person_ref(self, name: str, at: int) -> Optional[Ref]:
        """A PERSON entity's source; a one-word "person" that starts an organization's name
        ("Brightwell" when the article names "Brightwell Systems") is that organization."""
        if not name:
            return None
        canon = self.ix.canonical_person(name, at)
        if len(canon.split()) == 1 and self.ix.starts_an_org(canon):
            return self.ref(self.ix.canonical_org(canon), "organization")
        return self.ref(canon, "person")

    def entity_ref(self, ent, text: Optional[str] = None) -> Optional[Ref]:
        """The source an entity names; ``text`` is its part inside a mention, if it reaches outside."""
        label, text = ent.label_, ent.text if text is None else text
        if label == "PERSON":
            return self.person_ref(self.ix.clean_person(text), ent.start_char)
        if label in ("ORG", "GPE"):
            name = clean_org(text)
            if not name:
                return None
            if self.lex.is_publication(name):
                return self.ref(name, "publication")
            if label == "ORG" and self.ix.names_person(name):
                # the small model often tags a surname ORG ("Sanders said") when the article names the person
                return self.person_ref(name, ent.start_char)
            return self.ref(self.ix.canonical_org(name) if label == "ORG" else name, "organization")
        return None

    def resolve_mention(self, source: Source, exclude: tuple[tuple[int, int], ...]) -> Ref:
        """A third-person mention: a pronoun, a relative pronoun, or a phrase for the kind rules."""
        text = source.text
        key = " ".join(text.split()).casefold()
        if key in coref.PRONOUNS:
            return coref.resolve_pronoun(self, source, key, exclude)
        span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
        if span is None or span.text.strip() == "" or not len(span):
            return self.resolve_text(text)
        if key in coref.RELATIVE_PRONOUNS and len(span) == 1:
            return coref.resolve_relative(self, span[0], source)
        return self.resolve_span(span, text)

    def resolve_span(self, span, text: str) -> Ref:
        return kinds.resolve_span(self, span, text)

    def resolve_text(self, text: str) -> Ref:
        """A mention with no tokens under it (offsets outside the doc): judge by its words alone."""
        clean = " ".join(text.split())
        if self.lex.is_group(clean):
            return self.ref(describe(None, clean), "unknown", scoped=True, plural=True)
        if self.lex.is_publication(clean_org(clean)):
            return self.ref(clean_org(clean), "publication")
        return self.ref(clean, "unknown", scoped=not clean[:1].isupper())

    def latest_organization(self, before: int, head_words) -> Optional[Ref]:
        """"the union" -> the latest organization named before it with "union" in its name."""
        ix = self.ix
        generic = bool(head_words & self.lex.generic_organizations)
        limit = ix.sent_of(before) - 2 * PRONOUN_WINDOW
        nearby = [c for k in range(max(0, limit), ix.sent_of(before) + 1) for c in ix.by_sent.get(k, ())]
        for c in sorted(nearby, key=lambda c: c.start, reverse=True):
            if c.start >= before:
                continue
            ref = self.candidate_ref(c)
            if ref is None or ref.kind != "organization":
                continue
            if c.ent is not None and c.ent.label_ != "ORG":
                continue
            if c.ent is None and not ix.is_org_name(ref.name):
                continue
            if generic or set(ref.name.casefold().split()) & head_words:
                return ref
        return None

    def add_source(self, source: Source, ref: Ref) -> None:
        """Make a resolved claim source an antecedent for later pronouns."""
        span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
        rank = CLAIM_SOURCE
        if span is not None and len(span) and is_subject(span.root):
            rank = SUBJECT_CLAIM_SOURCE
        self.ix.add_candidate(Candidate(source.start, source.end, self.ix.sent_of(source.start), rank, ref, resolved=True))
