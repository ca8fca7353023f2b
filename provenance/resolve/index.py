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

from ..nlp import doc_text
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
        self.text = doc_text(doc)  # Doc.text joins every token on each call: read it once per doc
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
        self._build_name_index()
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

    def person_with_role(self, before: int, head_words) -> Optional[str]:
        """"the minister" -> the (canonical) name of the latest person introduced with "minister" in their title."""
        best = None
        for w in head_words:
            starts = self._role_starts.get(w)
            if starts:
                k = bisect.bisect_left(starts, (before,)) - 1  # the latest introduced before the mention
                if k >= 0 and (best is None or starts[k] > best):
                    best = starts[k]
        if best is None or self.sent_of(best[0]) < self.sent_of(before) - 2 * PRONOUN_WINDOW:
            return None
        return self.canonical_person(best[1], best[0])

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
        """The longest full name in the article that ends with ``name``'s words: of those, the latest
        mentioned before offset ``at``, else the first after it."""
        toks = tuple(name.casefold().split())
        if not toks:
            return name
        longest = self._by_suffix.get(toks)
        if longest is None:
            return name
        k = bisect.bisect_right(longest, (at, "\uffff")) - 1
        return longest[k][1] if k >= 0 else longest[0][1]

    def canonical_org(self, name: str) -> str:
        """The longest ORG name in the article that starts with ``name``'s words (the first of equals)."""
        toks = tuple(name.casefold().split())
        found = self._by_prefix.get(toks)
        return found[1] if found is not None and found[0] > len(toks) else name

    def starts_an_org(self, word: str) -> bool:
        """Does an ORG name of the article start with ``word`` (one word, any case)?"""
        return (word.casefold(),) in self._by_prefix

    def is_org_name(self, name: str) -> bool:
        return name in self._org_names

    def names_person(self, name: str) -> bool:
        """Is ``name`` a PERSON of the article, or the end of one ("Sanders" of "Bernie Sanders")?"""
        toks = tuple(name.casefold().split())
        return bool(toks) and toks in self._by_suffix

    def person_named(self, name: str) -> bool:
        """Is ``name`` exactly a PERSON of the article (any case)?"""
        return tuple(name.casefold().split()) in self._person_tokens

    def _build_name_index(self) -> None:
        """Persons by every tail of their names, organizations by every head, roles by title word:
        each question above is a dictionary look-up and a bisection, so a dense article stays linear."""
        by_suffix: dict[tuple, list] = {}  # tail words -> (length, [(start, name)] of the longest names ending so)
        for ftoks, fname, fstart in self.persons:
            for k in range(1, len(ftoks) + 1):
                key = ftoks[-k:]
                cur = by_suffix.get(key)
                if cur is None or len(ftoks) > cur[0]:
                    by_suffix[key] = (len(ftoks), [(fstart, fname)])
                elif len(ftoks) == cur[0]:
                    cur[1].append((fstart, fname))
        self._by_suffix = {k: sorted(v) for k, (_, v) in by_suffix.items()}
        self._person_tokens = frozenset(p[0] for p in self.persons)
        by_prefix: dict[tuple, tuple[int, str]] = {}  # head words -> (length, name) of the first longest ORG
        for otoks, oname, _ in self.orgs:
            for k in range(1, len(otoks) + 1):
                cur = by_prefix.get(otoks[:k])
                if cur is None or len(otoks) > cur[0]:
                    by_prefix[otoks[:k]] = (len(otoks), oname)
        self._by_prefix = by_prefix
        self._org_names = frozenset(oname for _, oname, _ in self.orgs)
        role_starts: dict[str, list] = {}
        for start, name, roles in self.roles:
            for w in roles:
                role_starts.setdefault(w, []).append((start, name))
        self._role_starts = {w: sorted(v) for w, v in role_starts.items()}
