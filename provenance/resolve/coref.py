"""Coreference: pronouns to their antecedents, relative pronouns to their noun, I/we to the speaker
of the quote they stand in."""

from __future__ import annotations

from typing import Optional

from ..model import Claim, Source
from .index import PRONOUN_WINDOW, Ref
from .names import folded

#: pronoun -> (what it refers to, gender or None). "person" wants a person,
#: "thing" an organization/publication/document, "plural" a group.
PRONOUNS = {
    "he": ("person", "m"),
    "him": ("person", "m"),
    "she": ("person", "f"),
    "her": ("person", "f"),
    "it": ("thing", None),
    "they": ("plural", None),
    "them": ("plural", None),
    # possessives ("his campaign said" annotated with "his" as the source)
    "his": ("person", "m"),
    "its": ("thing", None),
    "their": ("plural", None),
}

#: First-person pronouns are the speaker of the quote they stand in ("one") or a body that
#: speaker belongs to ("many"); never an antecedent found by searching back.
FIRST_PERSON = {"i": "one", "me": "one", "my": "one", "we": "many", "us": "many", "our": "many"}

#: Relative pronouns: "Ian Solomon, who was executive director, said" -> the noun they attach to.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})


def agrees(ref: Ref, wants: str) -> bool:
    """Can a pronoun that ``wants`` a person / thing / plural refer to ``ref``?"""
    if wants == "person":  # a named person, "a senior official ... He added", or a name NER missed
        return ref.kind == "person" or (ref.kind == "anonymous" and ref.one) or (ref.kind == "unknown" and ref.proper)
    if wants == "thing":
        return ref.kind in ("organization", "publication", "document") and not (ref.plural and ref.kind != "organization")
    # they / we: a body or a group, never one person
    return ref.kind in ("organization", "publication") or (ref.kind in ("anonymous", "unknown") and ref.plural)


def resolve_pronoun(r, source: Source, key: str, exclude) -> Ref:
    """The most recent suitable antecedent in the pronoun's sentence (before it) and the
    :data:`PRONOUN_WINDOW` sentences before; entities inside ``exclude`` (its claim's content) never."""
    wants, gender = PRONOUNS[key]
    ix = r.ix
    sent = ix.sent_of(source.start)
    for k in range(sent, max(-1, sent - PRONOUN_WINDOW - 1), -1):
        here = [
            c
            for c in ix.by_sent.get(k, ())
            if (k != sent or c.end <= source.start)
            and not any(s <= c.start and c.end <= e for s, e in exclude)
        ]
        # earlier claims' sources, then subjects, then the rest; the closest first
        here.sort(key=lambda c: (c.rank, c.start), reverse=True)
        for c in here:
            ref = r.candidate_ref(c)
            if ref is None or not agrees(ref, wants) or (gender and ix.gender.get(ref.name, gender) != gender):
                continue
            return ref
    # unresolved: the mention as its name, an id of this article only
    return r.ref(" ".join(source.text.split()), "unknown", scoped=True)


def resolve_relative(r, tok, source: Source) -> Ref:
    """"who" in "Ian Solomon, who was a director, said": the phrase the relative clause modifies."""
    clause = tok.head
    if clause.dep_ == "relcl" and clause.head.i < tok.i:
        noun = clause.head
        ent = next((e for e in r.ix.ents_in(noun.idx, noun.idx + len(noun)) if e.start <= noun.i < e.end), None)
        if ent is not None:
            ref = r.entity_ref(ent)
            if ref is not None:
                return ref
        phrase = r.ix.doc[noun.left_edge.i : noun.i + 1]
        return r.resolve_span(phrase, phrase.text)
    return r.ref(" ".join(source.text.split()), "unknown", scoped=True)


def speaker_of(r, claims: list[Claim], i: int, done: dict, quoting: "Quoting") -> Ref:
    """I / we: the source of the claim that quotes them (its parent, else the claim whose content
    holds the mention), climbing past quoting claims whose own source is I/we. "I" is that
    speaker; "we" is only when the speaker is a body or a group (a person's "we" names no one
    we know). Outside any quote: unresolved."""
    src = claims[i].source
    unresolved = r.ref(" ".join(src.text.split()), "unknown", scoped=True)
    seen = {i}
    j = quoting.outer(i)
    while j is not None and j not in seen and folded(claims[j].source.text) in FIRST_PERSON:
        seen.add(j)
        j = quoting.outer(j)
    if j is None or j in seen:
        return unresolved
    o = claims[j].source
    speaker = done.get((o.start, o.end)) or Ref(name=o.name, kind=o.kind, id=o.id)
    if FIRST_PERSON[folded(src.text)] == "one" or agrees(speaker, "plural"):
        return speaker
    return unresolved


class Quoting:
    """Which claim quotes which: for the claims ``asked`` about (those whose source is I/we), the
    claim quoting them -- their parent, else the smallest other claim (with a source) whose
    content holds their source mention. Found in one sweep, so a dense article stays linear."""

    def __init__(self, claims: list[Claim], asked):
        index_of: dict[str, int] = {}
        for j, c in enumerate(claims):
            if c.source is not None:
                index_of.setdefault(c.id, j)
        self._outer: dict[int, Optional[int]] = {}
        segments = sorted(
            (s, e, c.content.end - c.content.start, j)
            for j, c in enumerate(claims) if c.source is not None for s, e in c.content.segments
        )
        active: list[tuple[int, int, int]] = []  # (end, hull length, claim index) of segments begun so far
        k = 0
        for i in sorted(asked, key=lambda i: claims[i].source.start):
            claim, src = claims[i], claims[i].source
            while k < len(segments) and segments[k][0] <= src.start:
                active.append(segments[k][1:])
                k += 1
            active = [a for a in active if a[0] >= src.start]  # ended before this mention: done for later ones too
            if claim.parent and claim.parent in index_of:
                self._outer[i] = index_of[claim.parent]
                continue
            holders = [(length, j) for end, length, j in active if j != i and src.end <= end]
            self._outer[i] = min(holders)[1] if holders else None

    def outer(self, i: int) -> Optional[int]:
        return self._outer[i]
