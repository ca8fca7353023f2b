"""What one article offers for resolving its mentions, built in one pass over its entities.

Sentences (by character offset), entities (by start), the persons and organizations it names (for
"President Rahmon" -> "Emomali Rahmon", "Brightwell" -> "Brightwell Systems"), the titles persons are
introduced with ("the minister" -> the latest person introduced as minister), genders told by titles,
and the antecedent candidates of each sentence.
"""

from __future__ import annotations

import bisect
import collections
from typing import Optional

import attrs

from .lexicon import SourceLexicon
from .names import SUBJECT_DEPS, clean_org, clean_person, is_subject

#: How many sentences before a pronoun's own sentence are searched for its antecedent.
PRONOUN_WINDOW = 4

#: Candidate ranks: in one sentence, a higher rank is tried first.
SUBJECT_CLAIM_SOURCE, SUBJECT_PHRASE, SUBJECT_ENTITY, CLAIM_SOURCE, OTHER_ENTITY = 4, 3, 2, 1, 0


@attrs.frozen
class Ref:
    """What a mention resolves to."""

    name: str
    kind: str
    id: str
    plural: bool = False
    guess: bool = False  # only the last-resort rules said so ("local pharmacies" -> anonymous)
    one: bool = False  # one unnamed person: "a senior official", "the spokesman"
    proper: bool = False  # a proper name of unknown kind ("D'Souza" when NER missed it)


@attrs.define
class Candidate:
    """A possible antecedent: an earlier claim's source, a sentence subject or an entity."""

    start: int
    end: int
    sent: int
    rank: int
    ref: Optional[Ref] = None  # known for claim sources; else resolved lazily from ent / span
    ent: object = None
    span: object = None
    resolved: bool = False


class ArticleIndex:
    """Built once per doc; answers by offset, never by scanning the article again."""

    def __init__(self, doc, lex: SourceLexicon):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each call: read it once
        self.lex = lex
        self.sent_starts = []
        subjects = []
        try:
            for sent in doc.sents:
                self.sent_starts.append(sent.start_char)
                subjects.extend(c for c in sent.root.children if c.dep_ in SUBJECT_DEPS)
        except ValueError:  # no sentence boundaries: one sentence
            self.sent_starts = [0]
        self.sent_starts = self.sent_starts or [0]
        self.ents = []
        self.ent_starts: list[int] = []
        self.persons: list[tuple[tuple[str, ...], str, int]] = []  # (folded tokens, name, start)
        self.orgs: list[tuple[tuple[str, ...], str, int]] = []
        self.gender: dict[str, str] = {}  # canonical name -> "m"/"f"
        self.roles: list[tuple[int, str, frozenset[str]]] = []  # (start, name, title words around it)
        self.by_sent: dict[int, list[Candidate]] = collections.defaultdict(list)  # sentence -> candidates
        titled: list[tuple[str, int, str]] = []  # (name, start, gender) of "Mr. X", "Ms. Y"
        for ent in doc.ents:  # the one pass over the entities
            self.ents.append(ent)
            self.ent_starts.append(ent.start_char)
            label = ent.label_
            if label == "PERSON":
                name = self.clean_person(ent.text)
                if name:
                    self.persons.append((tuple(name.casefold().split()), name, ent.start_char))
                    prev = doc[ent.start - 1].text.casefold().rstrip(".") if ent.start > 0 else ""
                    if prev in lex.gender_titles:
                        titled.append((name, ent.start_char, lex.gender_titles[prev]))
                    roles = self.role_words(ent)
                    if roles:
                        self.roles.append((ent.start_char, name, roles))
            elif label == "ORG":
                name = clean_org(ent.text)
                if name:
                    self.orgs.append((tuple(name.casefold().split()), name, ent.start_char))
            if label in ("PERSON", "ORG", "GPE"):
                rank = SUBJECT_ENTITY if is_subject(ent.root) else OTHER_ENTITY
                self.add_candidate(Candidate(ent.start_char, ent.end_char, self.sent_of(ent.start_char), rank, ent=ent))
        for name, start, g in titled:
            self.gender.setdefault(self.canonical_person(name, start), g)
        # the subjects of main clauses that are not names themselves: "Ministry of Transport officials"
        for tok in subjects:
            if tok.pos_ == "PRON" or tok.ent_type_:
                continue
            span = doc[tok.left_edge.i : tok.right_edge.i + 1]
            self.add_candidate(Candidate(span.start_char, span.end_char, self.sent_of(span.start_char), SUBJECT_PHRASE, span=span))

    def add_candidate(self, c: Candidate) -> None:
        self.by_sent[c.sent].append(c)

    def clean_person(self, text: str) -> str:
        return clean_person(text, self.lex.title_re)

    def role_words(self, ent) -> frozenset[str]:
        """Title words around a PERSON entity: "Port director X", "X, the union's general secretary"."""
        doc, words = self.doc, set()
        titles, heads = self.lex.title_words, self.lex.title_heads

        def take(tok):
            w = tok.text.casefold().rstrip(".")
            if w in heads:
                words.add(w)

        i = ent.start - 1
        while i >= 0 and i >= ent.start - 4 and not doc[i].is_sent_end:
            w = doc[i].text.casefold().rstrip(".")
            if w in heads:
                words.add(w)
            elif w not in titles and not doc[i].is_punct and doc[i].tag_ != "POS" and not doc[i].text[:1].isupper():
                break
            i -= 1
        root = ent.root
        if root.dep_ == "appos":
            take(root.head)
        for child in root.children:
            if child.dep_ == "appos":
                take(child)
        return frozenset(words)

    def person_with_role(self, before: int, head_words: set) -> Optional[str]:
        """"the minister" -> the (canonical) name of the latest person introduced with "minister" in their title."""
        limit = self.sent_of(before) - 2 * PRONOUN_WINDOW
        for start, name, roles in sorted(self.roles, reverse=True):
            if start < before and self.sent_of(start) >= limit and roles & head_words:
                return self.canonical_person(name, start)
        return None

    def sent_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def ents_in(self, start: int, end: int) -> list:
        lo = bisect.bisect_left(self.ent_starts, start)
        # an entity may start before the mention and reach into it
        if lo > 0 and self.ents[lo - 1].end_char > start:
            lo -= 1
        out = []
        for ent in self.ents[lo:]:
            if ent.start_char >= end:
                break
            out.append(ent)
        return out

    def canonical_person(self, name: str, at: int) -> str:
        """The longest full name in the article that ends with ``name``'s words."""
        toks = tuple(name.casefold().split())
        if not toks:
            return name
        best, best_key = name, None
        for ftoks, fname, fstart in self.persons:
            if len(ftoks) >= len(toks) and ftoks[-len(toks):] == toks:
                # longest; then one mentioned before the mention (the latest); then the first
                key = (len(ftoks), fstart <= at, fstart if fstart <= at else -fstart)
                if best_key is None or key > best_key:
                    best, best_key = fname, key
        return best

    def canonical_org(self, name: str) -> str:
        """The longest ORG name in the article that starts with ``name``'s words."""
        toks = tuple(name.casefold().split())
        best = name
        best_len = len(toks)
        for otoks, oname, _ in self.orgs:
            if len(otoks) > best_len and otoks[: len(toks)] == toks:
                best, best_len = oname, len(otoks)
        return best

    def starts_an_org(self, word: str) -> bool:
        """Does an ORG name of the article start with ``word`` (one word, any case)?"""
        return any(otoks[0] == word.casefold() for otoks, _, _ in self.orgs)

    def is_org_name(self, name: str) -> bool:
        return any(oname == name for _, oname, _ in self.orgs)

    def names_person(self, name: str) -> bool:
        """Is ``name`` a PERSON of the article, or the end of one ("Sanders" of "Bernie Sanders")?"""
        toks = tuple(name.casefold().split())
        return bool(toks) and any(len(p) >= len(toks) and p[-len(toks):] == toks for p, _, _ in self.persons)

    def person_named(self, name: str) -> bool:
        """Is ``name`` exactly a PERSON of the article (any case)?"""
        return any(p[0] == tuple(name.casefold().split()) for p in self.persons)
