"""Source resolution: mentions -> canonical names, kinds and stable ids.

Contract:

    resolve_sources(doc, claims) -> list[Claim]

Same claims, same order, with every ``claim.source`` given its canonical
``name`` ("He" -> "Emomali Rahmon"), ``kind`` and ``id`` (``source_id(name)``).

The mention itself (``source.text/start/end``) never changes. ``doc`` is the
parsed article (``doc.text`` is the article text); resolution reads its
entities, sentences and parse only and never calls the pipeline again.

How a mention is resolved, in order:

1. **Pronouns** (he, she, it, they, and the possessives his, her, its,
   their: "his campaign said") take the source of the most recent suitable
   antecedent, searched back over the pronoun's sentence (before it) and up
   to :data:`PRONOUN_WINDOW` preceding sentences. In each sentence, closest
   first: earlier claims' sources that are subjects, then subject phrases
   and subject entities, then other claim sources, then any other entity.
   he/she want a person (or one unnamed person: "a senior official ... He
   added", or a name NER missed), respecting gender when a title ("Mr.",
   "Ms.") tells it; it wants an organization, publication or document;
   they an organization, publication, plural anonymous source or group.
   Entities inside the pronoun's own claim content are never antecedents.
   Relative pronouns ("Ian Solomon, who was a director, said") take the noun
   their clause modifies. First-person pronouns are never searched for: "I"
   inside a quote is the quote's speaker (the claim's ``parent``, else the
   claim whose content holds it), "we" too when that speaker is a body or a
   group; a person's "we", and I/we outside any quote, stay unresolved.
2. **Groups** that stand for parties named elsewhere ("Both sides", "the two
   leaders"): kind ``unknown``. They are not ``anonymous`` -- the reader knows
   who the sides are, and counting them as anonymous would inflate a
   publisher's anonymous-sourcing share.
3. **Publications**: an outlet name or pattern from the data file
   ("Reuters", "* News Agency", "Radio *").
4. **Persons**: the mention's head is a PERSON entity (or an ORG entity that
   is a person the article names: the small model tags "Sanders said" ORG),
   or a PERSON apposition ("Riverside's chief executive, Dr. Helen Mbeki"),
   or a title followed by a capitalised name when NER missed it, or a
   definite title noun ("the minister", "the union's general secretary") for
   the latest person introduced with it. Titles and possessives are stripped
   and a short name becomes the longest full name in the article that ends
   with it: "President Rahmon" -> "Emomali Rahmon".
5. **Documents**: the head noun is a document noun (website, statement,
   report, filing, post, ...).
6. **Anonymous**: an anonymity phrase ("familiar with", "close to", "who
   asked not to be named") anywhere in the mention, or an anonymous head noun
   ("analysts", "a senior official"). A place or nationality does not name
   the group ("U.S. officials", "German authorities" are anonymous), nor does
   an institution name one insider ("a White House official"); a group with
   an institution or person named ("White House officials", "Ministry of
   Transport officials", "the spokesman for Bernie Sanders") is an
   ``organization``: a named body speaks. Unnamed plural or indefinite
   organizations ("freight companies", "a Western company") and other
   unnamed plurals ("local pharmacies") are anonymous too.
7. **Organizations**: ORG and GPE entities (a short name becomes the longest
   ORG name starting with it: "Brightwell" -> "Brightwell Systems"), and
   organization head nouns; a definite description ("the company", "the
   union") takes the latest organization named before it whose name has
   that word (any organization for generic heads such as "company").
8. Anything else is ``unknown``: a capitalised name NER could not place keeps
   a global id, a description an article-scoped one.

Ids. A source's id is ``source_id(name)``, the same in every article, when
the name identifies it outside the article: a person's or organization's
name, an outlet, a document with a name in it ("the Tajik president's
official website"), and anonymous descriptions -- "analysts" is one source
across the corpus on purpose, the *category* of an unnamed source, so it can
be counted per publisher. A mention that only means something inside its
article gets an **article-scoped id** (:func:`scoped_source_id`): unresolved
pronouns, groups ("Both sides"), and unnamed descriptions of documents or
organizations ("the statement", "the city's website", "police", "the
company" when no company was named). Their ``name`` stays readable ("He",
"both sides", "statement"), so two rows of the ``sources`` table can share a
name with different ids: an unresolved "He" in one article is never the
"He" of another. The scope is the article text's hash by default (same text,
same ids on every run); pass ``scope=`` (e.g. the article id) to choose it.
Within one article all unresolved mentions of the same pronoun share an id.

The word lists live in ``provenance/data/source_kinds.tsv`` (see its header);
``PROVENANCE_SOURCE_KINDS`` names a replacement file.
"""

from __future__ import annotations

import bisect
import collections
import functools
import os
import re
from pathlib import Path
from typing import Iterable, Optional, Union

import attrs

from .datafiles import DATA_DIR, choose
from .model import Claim, Source, normalise_name, sha256_text, source_id, stable_id

ENV_VAR = "PROVENANCE_SOURCE_KINDS"
DEFAULT_PATH = DATA_DIR / "source_kinds.tsv"

LISTS = (
    "title",
    "title_m",
    "title_f",
    "publication",
    "document",
    "anonymous",
    "anonymous_phrase",
    "organization",
    "organization_generic",
    "group",
)

#: How many sentences before a pronoun's own sentence are searched for its antecedent.
PRONOUN_WINDOW = 4

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



def _agrees(ref: "_Ref", wants: str) -> bool:
    """Can a pronoun that ``wants`` a person / thing / plural refer to ``ref``?"""
    if wants == "person":  # a named person, "a senior official ... He added", or a name NER missed
        return ref.kind == "person" or (ref.kind == "anonymous" and ref.one) or (ref.kind == "unknown" and ref.proper)
    if wants == "thing":
        return ref.kind in ("organization", "publication", "document") and not (ref.plural and ref.kind != "organization")
    # they / we: a body or a group, never one person
    return ref.kind in ("organization", "publication") or (ref.kind in ("anonymous", "unknown") and ref.plural)

#: Entities that make a group of unnamed people a named body ("White House officials"); a place or
#: nationality does not ("U.S. officials" stay anonymous).
INSTITUTION_LABELS = {"ORG", "FAC", "PERSON"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_ARTICLES = ("the ", "a ", "an ")
_QUANTIFIERS = ("some ", "many ", "several ", "most ", "other ")


class SourceLexiconError(ValueError):
    """The source-kinds data file is malformed."""


# --------------------------------------------------------------------------- lexicon


def _pattern(entry: str, *, word: str) -> "re.Pattern[str]":
    """``entry`` with each ``*`` standing for ``word``, words separated by any space."""
    return re.compile("^" + r"\s+".join(word if w == "*" else re.escape(w) for w in entry.split()) + "$")


@attrs.frozen(slots=False)  # slots=False: cached_property needs an instance __dict__
class SourceLexicon:
    """The word lists of :data:`LISTS`, each a tuple of entries as written in the file."""

    lists: dict = attrs.field(converter=lambda d: {k: tuple(d.get(k, ())) for k in LISTS})
    path: str = ""

    def _words(self, name: str) -> frozenset[str]:
        return frozenset(e.casefold() for e in self.lists[name])

    @functools.cached_property
    def title_re(self) -> "re.Pattern[str]":
        """One or more leading titles ("Trade Minister", "Mr.") and the space after them."""
        titles = sorted(self.lists["title"] + self.lists["title_m"] + self.lists["title_f"], key=len, reverse=True)
        alts = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
        return re.compile(rf"^(?:(?:{alts})(?=\s)\s+)+", re.IGNORECASE)

    @functools.cached_property
    def title_words(self) -> frozenset[str]:
        words = set()
        for name in ("title", "title_m", "title_f"):
            for t in self.lists[name]:
                words.update(w.casefold().rstrip(".") for w in t.split())
        return frozenset(words)

    @functools.cached_property
    def title_heads(self) -> frozenset[str]:
        """The last word of each title: "Fire Chief" -> "chief", "Prime Minister" -> "minister"."""
        return frozenset(
            t.split()[-1].casefold().rstrip(".") for name in ("title", "title_m", "title_f") for t in self.lists[name]
        )

    @functools.cached_property
    def gender_titles(self) -> dict[str, str]:
        out = {t.casefold().rstrip("."): "m" for t in self.lists["title_m"]}
        out.update({t.casefold().rstrip("."): "f" for t in self.lists["title_f"]})
        return out

    @functools.cached_property
    def _publications(self) -> tuple[frozenset[str], tuple["re.Pattern[str]", ...]]:
        exact = frozenset(normalise_name(e) for e in self.lists["publication"] if "*" not in e)
        # "*" is one or more capitalised words; patterns keep their case.
        pats = tuple(
            _pattern(e, word=r"(?:[A-Z0-9][^\s]*)(?:\s+[A-Z0-9][^\s]*)*") for e in self.lists["publication"] if "*" in e
        )
        return exact, pats

    def is_publication(self, name: str) -> bool:
        name = " ".join(name.split())
        if not name or not name[0].isupper() and not name[0].isdigit():
            return False
        exact, pats = self._publications
        return normalise_name(name) in exact or any(p.match(name) for p in pats)

    @functools.cached_property
    def _groups(self) -> tuple[frozenset[str], tuple["re.Pattern[str]", ...]]:
        exact = frozenset(e.casefold() for e in self.lists["group"] if "*" not in e)
        pats = tuple(_pattern(e.casefold(), word=r"\S+") for e in self.lists["group"] if "*" in e)
        return exact, pats

    def is_group(self, text: str) -> bool:
        key = " ".join(text.replace("\u2019", "'").split()).casefold()
        exact, pats = self._groups
        return key in exact or any(p.match(key) for p in pats)

    @functools.cached_property
    def documents(self) -> frozenset[str]:
        return self._words("document")

    @functools.cached_property
    def anonymous(self) -> frozenset[str]:
        return self._words("anonymous")

    @functools.cached_property
    def anonymous_phrases(self) -> tuple[str, ...]:
        return tuple(sorted(self._words("anonymous_phrase")))

    @functools.cached_property
    def organizations(self) -> frozenset[str]:
        return self._words("organization")

    @functools.cached_property
    def generic_organizations(self) -> frozenset[str]:
        return self._words("organization_generic")


def read_lexicon(path: Union[str, os.PathLike]) -> SourceLexicon:
    """Read a source-kinds file (format in the header of the bundled one)."""
    lists: dict[str, list[str]] = {k: [] for k in LISTS}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 2 or not cols[1].strip():
                raise SourceLexiconError(f"{path}:{n}: expected 'list<TAB>entry', got {line!r}")
            name, entry = cols[0].strip(), " ".join(cols[1].split())
            if name not in lists:
                raise SourceLexiconError(f"{path}:{n}: unknown list {name!r} (one of {', '.join(LISTS)})")
            lists[name].append(entry)
    return SourceLexicon(lists=lists, path=str(path))


@functools.lru_cache(maxsize=8)
def _cached(path: str, mtime: int) -> SourceLexicon:
    return read_lexicon(path)


def load_lexicon(path: Optional[Union[str, os.PathLike]] = None) -> SourceLexicon:
    """The lexicon at ``path``, else ``$PROVENANCE_SOURCE_KINDS``, else the bundled one (cached)."""
    return _cached(*choose(path, ENV_VAR, DEFAULT_PATH, "source-kinds file"))


# --------------------------------------------------------------------------- ids


def article_scope(doc) -> str:
    """The default scope of article-scoped ids: a hash of the article text."""
    return sha256_text(doc.text)[:16]


def scoped_source_id(name: str, scope: str) -> str:
    """The id of a source that means something only inside one article (``scope``)."""
    return stable_id("source", normalise_name(name), "in", scope)


# --------------------------------------------------------------------------- resolution


@attrs.frozen
class _Ref:
    """What a mention resolves to."""

    name: str
    kind: str
    id: str
    plural: bool = False
    guess: bool = False  # only the last-resort rules said so ("local pharmacies" -> anonymous)
    one: bool = False  # one unnamed person: "a senior official", "the spokesman"
    proper: bool = False  # a proper name of unknown kind ("D'Souza" when NER missed it)


#: Candidate ranks: in one sentence, a higher rank is tried first.
SUBJECT_CLAIM_SOURCE, SUBJECT_PHRASE, SUBJECT_ENTITY, CLAIM_SOURCE, OTHER_ENTITY = 4, 3, 2, 1, 0


@attrs.define
class _Candidate:
    """A possible antecedent: an earlier claim's source, a sentence subject or an entity."""

    start: int
    end: int
    sent: int
    rank: int
    ref: Optional[_Ref] = None  # known for claim sources; else resolved lazily from ent / span
    ent: object = None
    span: object = None
    resolved: bool = False


def _sentence_initial(tok) -> bool:
    """Capitalised because it starts a sentence (or a quote)?"""
    i, doc = tok.i, tok.doc
    while i > tok.sent.start and (doc[i - 1].is_punct or doc[i - 1].is_space):
        i -= 1
    return i == tok.sent.start


def _is_subject(tok) -> bool:
    """A subject, or part of one: "Ministry of Transport" in "Ministry of Transport officials said"."""
    return tok.dep_ in _SUBJECT_DEPS or (tok.dep_ in ("appos", "compound", "nmod") and tok.head.dep_ in _SUBJECT_DEPS)


def _strip_possessive(text: str) -> str:
    text = text.rstrip()
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)].rstrip()
    return text


def _strip_articles(text: str, prefixes=_ARTICLES) -> str:
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if text[: len(p)].casefold() == p:
                text, changed = text[len(p):].lstrip(), True
    return text


class _Resolver:
    def __init__(self, doc, lexicon: SourceLexicon, scope: str):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each call: read it once
        self.lex = lexicon
        self.scope = scope
        self.sent_starts = []
        subjects = []
        try:
            for sent in doc.sents:
                self.sent_starts.append(sent.start_char)
                subjects.extend(c for c in sent.root.children if c.dep_ in _SUBJECT_DEPS)
        except ValueError:  # no sentence boundaries: one sentence
            self.sent_starts = [0]
        self.sent_starts = self.sent_starts or [0]
        self.ents = []
        self.ent_starts: list[int] = []
        self.persons: list[tuple[tuple[str, ...], str, int]] = []  # (folded tokens, name, start)
        self.orgs: list[tuple[tuple[str, ...], str, int]] = []
        self.gender: dict[str, str] = {}  # canonical name -> "m"/"f"
        self.roles: list[tuple[int, str, frozenset[str]]] = []  # (start, name, title words around it)
        self.by_sent: dict[int, list[_Candidate]] = collections.defaultdict(list)  # sentence -> candidates
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
                    if prev in self.lex.gender_titles:
                        titled.append((name, ent.start_char, self.lex.gender_titles[prev]))
                    roles = self.role_words(ent)
                    if roles:
                        self.roles.append((ent.start_char, name, roles))
            elif label == "ORG":
                name = self.clean_org(ent.text)
                if name:
                    self.orgs.append((tuple(name.casefold().split()), name, ent.start_char))
            if label in ("PERSON", "ORG", "GPE"):
                rank = SUBJECT_ENTITY if _is_subject(ent.root) else OTHER_ENTITY
                self.add_candidate(
                    _Candidate(ent.start_char, ent.end_char, self.sent_of(ent.start_char), rank, ent=ent)
                )
        for name, start, g in titled:
            self.gender.setdefault(self.canonical_person(name, start), g)
        # the subjects of main clauses that are not names themselves: "Ministry of Transport officials"
        for tok in subjects:
            if tok.pos_ == "PRON" or tok.ent_type_:
                continue
            span = doc[tok.left_edge.i : tok.right_edge.i + 1]
            self.add_candidate(
                _Candidate(span.start_char, span.end_char, self.sent_of(span.start_char), SUBJECT_PHRASE, span=span)
            )

    def add_candidate(self, c: _Candidate) -> None:
        self.by_sent[c.sent].append(c)

    def candidate_ref(self, c: _Candidate) -> Optional[_Ref]:
        if not c.resolved:
            if c.ent is not None:
                c.ref = self.entity_ref(c.ent)
            elif c.span is not None:
                ref = self.resolve_span(c.span, c.span.text)
                c.ref = None if ref.guess or (ref.kind == "unknown" and not ref.plural) else ref
            c.resolved = True
        return c.ref

    # ------------------------------------------------------------------ helpers

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

    def person_with_role(self, before: int, head_words: set) -> Optional[_Ref]:
        """"the minister" -> the latest person introduced with "minister" in their title."""
        limit = self.sent_of(before) - 2 * PRONOUN_WINDOW
        for start, name, roles in sorted(self.roles, reverse=True):
            if start < before and self.sent_of(start) >= limit and roles & head_words:
                return self.ref(self.canonical_person(name, start), "person")
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

    def clean_person(self, text: str) -> str:
        text = _strip_articles(" ".join(_strip_possessive(text).split()))
        text = self.lex.title_re.sub("", text + " ").strip()
        return text

    def clean_org(self, text: str) -> str:
        """An organization's name: no article, possessive or leading lower-case words ("the larger X")."""
        words = _strip_articles(" ".join(_strip_possessive(text).split())).split()
        while len(words) > 1 and words[0].isalpha() and words[0].islower():
            words.pop(0)
        return " ".join(words)

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

    def describe(self, span, text: str, *, anonymous: bool = False) -> str:
        """A readable name for a description: articles dropped, sentence-initial capital folded."""
        text = " ".join(text.split()).strip(" ,;:")
        first_proper = False
        if span is not None and len(span):
            stripped = _strip_articles(text, _ARTICLES + (_QUANTIFIERS if anonymous else ()))
            offset = len(text) - len(stripped)
            tok = next((t for t in span if t.idx - span.start_char >= offset), None)
            first_proper = tok is None or tok.pos_ == "PROPN" or bool(tok.ent_type_) or not _sentence_initial(span[0])
            text = stripped
        else:
            text = _strip_articles(text, _ARTICLES + (_QUANTIFIERS if anonymous else ()))
        first = text.split()[0] if text else ""
        if first and not first_proper and first[:1].isupper() and first[1:].islower():
            text = text[0].lower() + text[1:]
        return text

    def ref(self, name: str, kind: str, *, scoped: bool = False, **flags) -> _Ref:
        sid = scoped_source_id(name, self.scope) if scoped else source_id(name)
        return _Ref(name=name, kind=kind, id=sid, **flags)

    def person_ref(self, name: str, at: int) -> Optional[_Ref]:
        """A PERSON entity's source; a one-word "person" that starts an organization's name
        ("Brightwell" when the article names "Brightwell Systems") is that organization."""
        if not name:
            return None
        canon = self.canonical_person(name, at)
        if len(canon.split()) == 1 and any(otoks[0] == canon.casefold() for otoks, _, _ in self.orgs):
            return self.ref(self.canonical_org(canon), "organization")
        return self.ref(canon, "person")

    def entity_ref(self, ent, text: Optional[str] = None) -> Optional[_Ref]:
        """The source an entity names; ``text`` is its part inside a mention, if it reaches outside."""
        label, text = ent.label_, ent.text if text is None else text
        if label == "PERSON":
            return self.person_ref(self.clean_person(text), ent.start_char)
        if label in ("ORG", "GPE"):
            name = self.clean_org(text)
            if not name:
                return None
            if self.lex.is_publication(name):
                return self.ref(name, "publication")
            if label == "ORG" and self.names_person(name):
                # the small model often tags a surname ORG ("Sanders said") when the article names the person
                return self.person_ref(name, ent.start_char)
            return self.ref(self.canonical_org(name) if label == "ORG" else name, "organization")
        return None

    def names_person(self, name: str) -> bool:
        """Is ``name`` a PERSON of the article, or the end of one ("Sanders" of "Bernie Sanders")?"""
        toks = tuple(name.casefold().split())
        return bool(toks) and any(len(p) >= len(toks) and p[-len(toks):] == toks for p, _, _ in self.persons)

    # ------------------------------------------------------------------ mentions

    def resolve_mention(self, source: Source, exclude: tuple[tuple[int, int], ...]) -> _Ref:
        text = source.text
        key = " ".join(text.split()).casefold()
        if key in PRONOUNS:
            return self.resolve_pronoun(source, key, exclude)
        span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
        if span is None or span.text.strip() == "" or not len(span):
            return self.resolve_text(text)
        if key in RELATIVE_PRONOUNS and len(span) == 1:
            return self.resolve_relative(span[0], source)
        return self.resolve_span(span, text)

    def resolve_relative(self, tok, source: Source) -> _Ref:
        """"who" in "Ian Solomon, who was a director, said": the phrase the relative clause modifies."""
        clause = tok.head
        if clause.dep_ == "relcl" and clause.head.i < tok.i:
            noun = clause.head
            ent = next((e for e in self.ents_in(noun.idx, noun.idx + len(noun)) if e.start <= noun.i < e.end), None)
            if ent is not None:
                ref = self.entity_ref(ent)
                if ref is not None:
                    return ref
            phrase = self.doc[noun.left_edge.i : noun.i + 1]
            return self.resolve_span(phrase, phrase.text)
        return self.ref(" ".join(source.text.split()), "unknown", scoped=True)

    def resolve_pronoun(self, source: Source, key: str, exclude) -> _Ref:
        wants, gender = PRONOUNS[key]
        sent = self.sent_of(source.start)
        for k in range(sent, max(-1, sent - PRONOUN_WINDOW - 1), -1):
            here = [
                c
                for c in self.by_sent.get(k, ())
                if (k != sent or c.end <= source.start)
                and not any(s <= c.start and c.end <= e for s, e in exclude)
            ]
            # earlier claims' sources, then subjects, then the rest; the closest first
            here.sort(key=lambda c: (c.rank, c.start), reverse=True)
            for c in here:
                ref = self.candidate_ref(c)
                if ref is None or not _agrees(ref, wants) or (gender and self.gender.get(ref.name, gender) != gender):
                    continue
                return ref
        # unresolved: the mention as its name, an id of this article only
        return self.ref(" ".join(source.text.split()), "unknown", scoped=True)

    def resolve_text(self, text: str) -> _Ref:
        """A mention with no tokens under it (offsets outside the doc): judge by its words alone."""
        clean = " ".join(text.split())
        if self.lex.is_group(clean):
            return self.ref(self.describe(None, clean), "unknown", scoped=True, plural=True)
        if self.lex.is_publication(self.clean_org(clean)):
            return self.ref(self.clean_org(clean), "publication")
        return self.ref(clean, "unknown", scoped=not clean[:1].isupper())

    def resolve_span(self, span, text: str) -> _Ref:
        lex = self.lex
        clean = " ".join(text.split())
        low = clean.replace("\u2019", "'").casefold()
        root = span.root
        head_words = {root.text.casefold(), root.lemma_.casefold()}
        plural = root.tag_ in ("NNS", "NNPS") or "Plur" in root.morph.get("Number")
        ents = self.ents_in(span.start_char, span.end_char)
        root_ent = next((e for e in ents if e.start <= root.i < e.end), None)
        root_ent_text = None
        if root_ent is not None:  # only the part of the entity inside the mention ("CLEVELAND - Donald Trump")
            root_ent_text = self.text[max(root_ent.start_char, span.start_char) : min(root_ent.end_char, span.end_char)]
        named = [e for e in ents if e.label_ in NAME_LABELS and e is not root_ent]

        # 2. groups of parties named elsewhere
        if lex.is_group(clean):
            return self.ref(self.describe(span, clean), "unknown", scoped=True, plural=True)

        # 3. publications
        if root_ent is not None and root_ent.label_ in NAME_LABELS:
            ent_name = self.clean_org(root_ent_text)
            if lex.is_publication(ent_name):
                return self.ref(ent_name, "publication")
        if lex.is_publication(self.clean_org(clean)):
            return self.ref(self.clean_org(clean), "publication")

        # a name in apposition names the mention: "The club's owners, Greyfield Holdings"
        appos = None
        if root_ent is None:
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
            if appos is not None and appos.label_ != "PERSON":
                ref = self.entity_ref(appos)
                if ref is not None:
                    return ref

        # 4. persons
        person = root_ent if root_ent is not None and root_ent.label_ == "PERSON" else appos
        if person is not None:
            ref = self.person_ref(self.clean_person(root_ent_text if person is root_ent else person.text), span.start_char)
            if ref is not None:
                return ref

        # 4c. "the minister", "the union's general secretary": a person the article introduced so
        if (
            head_words & lex.title_heads
            and not plural
            and any(t.dep_ in ("det", "poss") and t.lower_ not in ("a", "an") for t in root.children)
        ):
            found = self.person_with_role(span.start_char, head_words)
            if found is not None:
                return found

        # 5. documents
        if head_words & lex.documents and (root_ent is None or root_ent.label_ not in ("PERSON", "ORG")):
            has_name = bool(named) or any(t.pos_ == "PROPN" for t in span if t.i != root.i)
            return self.ref(self.describe(span, clean), "document", scoped=not has_name)

        # 6. anonymous
        padded = " " + " ".join(re.findall(r"[\w'-]+", low)) + " "
        if any(f" {p} " in padded for p in lex.anonymous_phrases):
            return self.ref(self.describe(span, clean, anonymous=True), "anonymous", plural=plural)
        if head_words & lex.anonymous and root_ent is None:
            indefinite = any(t.dep_ == "det" and t.lower_ in ("a", "an", "one") for t in root.children)
            if not indefinite and any(e.label_ in INSTITUTION_LABELS for e in named):
                # "White House officials", "the spokesman for Bernie Sanders": a named body speaks
                return self.ref(self.describe(span, clean), "organization", plural=plural)
            # "officials", "a White House official", "U.S. officials", "German authorities"
            one = not plural and (indefinite or any(t.dep_ == "det" and t.lower_ == "the" for t in root.children))
            return self.ref(self.describe(span, clean, anonymous=True), "anonymous", plural=plural, one=one)

        # 7. organizations
        if root_ent is not None and root_ent.label_ in ("ORG", "GPE"):
            ref = self.entity_ref(root_ent, root_ent_text)
            if ref is not None:
                return ref
        if root_ent is not None and root_ent.label_ == "NORP":
            if plural:
                return self.ref(self.describe(span, clean, anonymous=True), "anonymous", plural=True)
            return self.ref(self.clean_org(root_ent.text), "organization")
        if head_words & lex.organizations:
            if named or any(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.is_sent_start for t in span):
                return self.ref(self.clean_org(clean), "organization")
            if (plural and root.lemma_.casefold() != root.text.casefold()) or any(
                t.dep_ == "det" and t.lower_ in ("a", "an", "some", "many", "several") for t in root.children
            ):
                # "Freight companies", "a Western company": unnamed, so anonymous
                return self.ref(self.describe(span, clean, anonymous=True), "anonymous", plural=plural)
            found = self.latest_organization(span.start_char, head_words)
            if found is not None:
                return found
            return self.ref(self.describe(span, clean), "organization", scoped=True)

        # 4b. a person NER missed: "Councillor Jane Doe", or a known surname
        words = [t for t in span if not t.is_punct]
        run = []
        for t in reversed(words):
            if t.text[:1].isupper() and t.text.casefold().rstrip(".") not in lex.title_words and t.tag_ != "POS":
                run.insert(0, t.text)
            else:
                break
        if run:
            titled = any(t.text.casefold().rstrip(".") in lex.title_words for t in words[: len(words) - len(run)])
            name = " ".join(run)
            canon = self.canonical_person(name, span.start_char)
            if titled or canon != name or any(p[0] == tuple(name.casefold().split()) for p in self.persons):
                return self.ref(canon, "person")

        # 8. a name we cannot place keeps a global id
        if root.pos_ == "PROPN" or root_ent is not None or (root.text[:1].isupper() and not _sentence_initial(root)):
            return self.ref(self.clean_org(clean), "unknown", proper=True, plural=plural)
        # an unnamed plural or indefinite description is anonymous: "local pharmacies", "a diplomat"
        if root.pos_ == "NOUN" and (plural or any(t.dep_ == "det" and t.lower_ in ("a", "an") for t in root.children)):
            return self.ref(self.describe(span, clean, anonymous=True), "anonymous", plural=plural, guess=True)
        # a definite description we cannot resolve ("the minister"): unknown, this article only
        return self.ref(self.describe(span, clean), "unknown", scoped=True, plural=plural, guess=True)

    def latest_organization(self, before: int, head_words: set) -> Optional[_Ref]:
        """"the union" -> the latest organization named before it with "union" in its name."""
        generic = bool(head_words & self.lex.generic_organizations)
        limit = self.sent_of(before) - 2 * PRONOUN_WINDOW
        nearby = [c for k in range(max(0, limit), self.sent_of(before) + 1) for c in self.by_sent.get(k, ())]
        for c in sorted(nearby, key=lambda c: c.start, reverse=True):
            if c.start >= before:
                continue
            ref = self.candidate_ref(c)
            if ref is None or ref.kind != "organization":
                continue
            if c.ent is not None and c.ent.label_ != "ORG":
                continue
            if c.ent is None and not any(oname == ref.name for _, oname, _ in self.orgs):
                continue
            if generic or set(ref.name.casefold().split()) & head_words:
                return ref
        return None

    def add_source(self, source: Source, ref: _Ref) -> None:
        """Make a resolved claim source an antecedent for later pronouns."""
        span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
        rank = CLAIM_SOURCE
        if span is not None and len(span) and _is_subject(span.root):
            rank = SUBJECT_CLAIM_SOURCE
        self.add_candidate(_Candidate(source.start, source.end, self.sent_of(source.start), rank, ref, resolved=True))


def resolve_sources(
    doc,
    claims: Iterable[Claim],
    *,
    lexicon: Optional[SourceLexicon] = None,
    scope: Optional[str] = None,
) -> list[Claim]:
    """``claims`` in the same order, each ``source`` with its canonical name, kind and id.

    ``doc`` is the parsed article; ``lexicon`` the source-kinds word lists
    (default: :func:`load_lexicon`); ``scope`` the key of article-scoped ids
    (default: :func:`article_scope`, a hash of the article text).
    """
    claims = list(claims)
    lex = lexicon or load_lexicon()
    resolver = _Resolver(doc, lex, scope or article_scope(doc))
    done: dict[tuple[int, int], _Ref] = {}
    with_source = [i for i, c in enumerate(claims) if c.source is not None]
    first_person = {i for i in with_source if _folded(claims[i].source.text) in FIRST_PERSON}
    # third-person mentions in text order (antecedents come first); then I/we, outer quotes first
    order = sorted((i for i in with_source if i not in first_person), key=lambda i: (claims[i].source.start, i))
    order += sorted(first_person, key=lambda i: (claims[i].content.start - claims[i].content.end, i))
    out = list(claims)
    for i in order:
        claim = claims[i]
        src = claim.source
        key = (src.start, src.end)
        ref = done.get(key)
        if ref is None:
            if i in first_person:
                ref = _speaker_of(resolver, out, i, done)
            else:
                ref = resolver.resolve_mention(src, claim.content.segments)
            if not ref.name.strip():  # a mention of punctuation only: keep it as it is
                ref = resolver.ref(src.text, "unknown", scoped=True)
            done[key] = ref
            if i not in first_person and (ref.kind != "unknown" or ref.plural or ref.proper):
                resolver.add_source(src, ref)
        out[i] = attrs.evolve(claim, source=attrs.evolve(src, name=ref.name, kind=ref.kind, id=ref.id))
    return out


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _speaker_of(resolver: "_Resolver", claims: list[Claim], i: int, done: dict) -> _Ref:
    """I / we: the source of the claim that quotes them (its parent, else the claim whose content
    holds the mention), climbing past quoting claims whose own source is I/we. "I" is that
    speaker; "we" is only when the speaker is a body or a group (a person's "we" names no one
    we know). Outside any quote: unresolved."""
    src = claims[i].source
    unresolved = resolver.ref(" ".join(src.text.split()), "unknown", scoped=True)
    seen = {i}
    j = _outer(claims, i)
    while j is not None and j not in seen and _folded(claims[j].source.text) in FIRST_PERSON:
        seen.add(j)
        j = _outer(claims, j)
    if j is None or j in seen:
        return unresolved
    o = claims[j].source
    speaker = done.get((o.start, o.end)) or _Ref(name=o.name, kind=o.kind, id=o.id)
    if FIRST_PERSON[_folded(src.text)] == "one" or _agrees(speaker, "plural"):
        return speaker
    return unresolved


def _outer(claims: list[Claim], i: int) -> Optional[int]:
    """The claim quoting claim ``i``: its parent, else the smallest other claim whose content holds
    ``i``'s source mention."""
    claim, src = claims[i], claims[i].source
    if claim.parent:
        j = next((j for j, c in enumerate(claims) if c.id == claim.parent and c.source is not None), None)
        if j is not None:
            return j
    holders = [
        j
        for j, c in enumerate(claims)
        if j != i and c.source is not None and any(s <= src.start and src.end <= e for s, e in c.content.segments)
    ]
    return min(holders, key=lambda j: claims[j].content.end - claims[j].content.start, default=None)

