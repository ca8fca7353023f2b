"""The kind rules: a mention's noun phrase in, its canonical name and kind out.

:data:`KIND_RULES` is the order; the first rule that gives a :class:`~provenance.resolve.index.Ref`
wins, and the last always does. Each rule reads a :class:`Mention` (what the phrase is made of,
computed once) and the resolver (the article index, the lexicon, how refs and ids are made).
``tests/test_resolve.py`` checks that the package docstring lists the rules in this order.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

import attrs

from .index import Ref
from .names import clean_org, describe, sentence_initial

#: Entities that make a group of unnamed people a named body ("White House officials"); a place or
#: nationality does not ("U.S. officials" stay anonymous).
INSTITUTION_LABELS = {"ORG", "FAC", "PERSON"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}


@attrs.frozen
class Mention:
    """A source mention's phrase, taken apart once for the rules."""

    span: object
    clean: str  # the text, whitespace normalised
    low: str  # ... case-folded, typographic apostrophes straightened
    root: object
    head_words: frozenset
    plural: bool
    ents: tuple  # entities inside (or reaching into) the phrase
    root_ent: object  # the entity holding the head, or None
    root_ent_text: Optional[str]  # the part of that entity inside the phrase
    named: tuple  # the other name-like entities inside
    appos: object  # a PERSON/ORG/GPE entity in apposition to a head outside any entity

    @classmethod
    def of(cls, ix, span, text: str) -> "Mention":
        clean = " ".join(text.split())
        root = span.root
        ents = ix.ents_in(span.start_char, span.end_char)
        root_ent = next((e for e in ents if e.start <= root.i < e.end), None)
        root_ent_text = None
        if root_ent is not None:  # only the part of the entity inside the mention ("CLEVELAND - Donald Trump")
            root_ent_text = ix.text[max(root_ent.start_char, span.start_char) : min(root_ent.end_char, span.end_char)]
        appos = None
        if root_ent is None:  # "The club's owners, Greyfield Holdings"
            appos = next(
                (
                    e
                    for e in ents
                    if e.label_ in ("PERSON", "ORG", "GPE")
                    and (
                        (e.root.dep_ == "appos" and e.root.head.i == root.i)
                        or (root.dep_ == "appos" and e.start <= root.head.i < e.end)
                    )
                ),
                None,
            )
        return cls(
            span=span, clean=clean, low=clean.replace("\u2019", "'").casefold(), root=root,
            head_words=frozenset({root.text.casefold(), root.lemma_.casefold()}),
            plural=root.tag_ in ("NNS", "NNPS") or "Plur" in root.morph.get("Number"),
            ents=tuple(ents), root_ent=root_ent, root_ent_text=root_ent_text,
            named=tuple(e for e in ents if e.label_ in NAME_LABELS and e is not root_ent), appos=appos,
        )


def group(r, m: Mention) -> Optional[Ref]:
    """Parties named elsewhere ("Both sides", "the two leaders"): unknown, this article only."""
    if r.lex.is_group(m.clean):
        return r.ref(describe(m.span, m.clean), "unknown", scoped=True, plural=True)
    return None


def publication(r, m: Mention) -> Optional[Ref]:
    """An outlet name or pattern of the lexicon ("Reuters", "* News Agency")."""
    if m.root_ent is not None and m.root_ent.label_ in NAME_LABELS:
        ent_name = clean_org(m.root_ent_text)
        if r.lex.is_publication(ent_name):
            return r.ref(ent_name, "publication")
    if r.lex.is_publication(clean_org(m.clean)):
        return r.ref(clean_org(m.clean), "publication")
    return None


def named_apposition(r, m: Mention) -> Optional[Ref]:
    """An organization or place named in apposition names the mention: "The club's owners, Greyfield Holdings"."""
    if m.appos is not None and m.appos.label_ != "PERSON":
        return r.entity_ref(m.appos)
    return None


def person(r, m: Mention) -> Optional[Ref]:
    """A PERSON entity as head or in apposition: titles and possessives stripped, the full name."""
    p = m.root_ent if m.root_ent is not None and m.root_ent.label_ == "PERSON" else m.appos
    if p is None:
        return None
    return r.person_ref(r.ix.clean_person(m.root_ent_text if p is m.root_ent else p.text), m.span.start_char)


def person_by_role(r, m: Mention) -> Optional[Ref]:
    """"the minister", "the union's general secretary": the latest person introduced so."""
    if (
        m.head_words & r.lex.title_heads
        and not m.plural
        and any(t.dep_ in ("det", "poss") and t.lower_ not in ("a", "an") for t in m.root.children)
    ):
        name = r.ix.person_with_role(m.span.start_char, m.head_words)
        if name is not None:
            return r.ref(name, "person")
    return None


def document(r, m: Mention) -> Optional[Ref]:
    """A document head noun (website, statement, filing); a global id when a name is in it."""
    if m.head_words & r.lex.documents and (m.root_ent is None or m.root_ent.label_ not in ("PERSON", "ORG")):
        has_name = bool(m.named) or any(t.pos_ == "PROPN" for t in m.span if t.i != m.root.i)
        return r.ref(describe(m.span, m.clean), "document", scoped=not has_name)
    return None


def anonymous(r, m: Mention) -> Optional[Ref]:
    """An anonymity phrase anywhere, or an anonymous head noun; a named institution makes it an organization."""
    padded = " " + " ".join(re.findall(r"[\w'-]+", m.low)) + " "
    if any(f" {p} " in padded for p in r.lex.anonymous_phrases):
        return r.ref(describe(m.span, m.clean, anonymous=True), "anonymous", plural=m.plural)
    if m.head_words & r.lex.anonymous and m.root_ent is None:
        indefinite = any(t.dep_ == "det" and t.lower_ in ("a", "an", "one") for t in m.root.children)
        if not indefinite and any(e.label_ in INSTITUTION_LABELS for e in m.named):
            # "White House officials", "the spokesman for Bernie Sanders": a named body speaks
            return r.ref(describe(m.span, m.clean), "organization", plural=m.plural)
        # "officials", "a White House official", "U.S. officials", "German authorities"
        one = not m.plural and (indefinite or any(t.dep_ == "det" and t.lower_ == "the" for t in m.root.children))
        return r.ref(describe(m.span, m.clean, anonymous=True), "anonymous", plural=m.plural, one=one)
    return None


def organization(r, m: Mention) -> Optional[Ref]:
    """ORG/GPE entities, nationalities, organization head nouns ("the union" -> the latest union named)."""
    root_ent, span, clean = m.root_ent, m.span, m.clean
    if root_ent is not None and root_ent.label_ in ("ORG", "GPE"):
        ref = r.entity_ref(root_ent, m.root_ent_text)
        if ref is not None:
            return ref
    if root_ent is not None and root_ent.label_ == "NORP":
        if m.plural:
            return r.ref(describe(span, clean, anonymous=True), "anonymous", plural=True)
        return r.ref(clean_org(root_ent.text), "organization")
    if m.head_words & r.lex.organizations:
        if m.named or any(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_sent_start for t in span):
            return r.ref(clean_org(clean), "organization")
        if (m.plural and m.root.lemma_.casefold() != m.root.text.casefold()) or any(
            t.dep_ == "det" and t.lower_ in ("a", "an", "some", "many", "several") for t in m.root.children
        ):
            # "Freight companies", "a Western company": unnamed, so anonymous
            return r.ref(describe(span, clean, anonymous=True), "anonymous", plural=m.plural)
        found = r.latest_organization(span.start_char, m.head_words)
        if found is not None:
            return found
        return r.ref(describe(span, clean), "organization", scoped=True)
    return None


def person_missed_by_ner(r, m: Mention) -> Optional[Ref]:
    """"Councillor Jane Doe" (a title before capitalised words), or a surname the article names."""
    lex = r.lex
    words = [t for t in m.span if not t.is_punct]
    run = []
    for t in reversed(words):
        if t.text[:1].isupper() and t.text.casefold().rstrip(".") not in lex.title_words and t.tag_ != "POS":
            run.insert(0, t.text)
        else:
            break
    if run:
        titled = any(t.text.casefold().rstrip(".") in lex.title_words for t in words[: len(words) - len(run)])
        name = " ".join(run)
        canon = r.ix.canonical_person(name, m.span.start_char)
        if titled or canon != name or r.ix.person_named(name):
            return r.ref(canon, "person")
    return None


def proper_name(r, m: Mention) -> Optional[Ref]:
    """A name nothing could place: unknown, with a global id."""
    root = m.root
    if root.pos_ == "PROPN" or m.root_ent is not None or (root.text[:1].isupper() and not sentence_initial(root)):
        return r.ref(clean_org(m.clean), "unknown", proper=True, plural=m.plural)
    return None


def description(r, m: Mention) -> Ref:
    """The rest: an unnamed plural or indefinite description is anonymous ("local pharmacies", "a
    diplomat"); a definite one ("the minister" with nobody so introduced) unknown, this article only."""
    root = m.root
    if root.pos_ == "NOUN" and (m.plural or any(t.dep_ == "det" and t.lower_ in ("a", "an") for t in root.children)):
        return r.ref(describe(m.span, m.clean, anonymous=True), "anonymous", plural=m.plural, guess=True)
    return r.ref(describe(m.span, m.clean), "unknown", scoped=True, plural=m.plural, guess=True)


#: The kind rules, in order: the first to give a ref decides (``description`` always does).
KIND_RULES: tuple[Callable, ...] = (
    group,
    publication,
    named_apposition,
    person,
    person_by_role,
    document,
    anonymous,
    organization,
    person_missed_by_ner,
    proper_name,
    description,
)


def resolve_span(r, span, text: str) -> Ref:
    """The ref of a mention's phrase: the first of :data:`KIND_RULES` that gives one."""
    m = Mention.of(r.ix, span, text)
    for rule in KIND_RULES:
        ref = rule(r, m)
        if ref is not None:
            return ref
    raise AssertionError("the last kind rule always decides")  # pragma: no cover
