"""Source resolution: mentions -> canonical names, kinds and stable ids.

Contract:

    resolve_sources(doc, claims) -> list[Claim]

Same claims, same order, with every ``claim.source`` given its canonical
``name`` ("He" -> "Emomali Rahmon"), ``kind`` and ``id`` (``source_id(name)``).

The mention itself (``source.text/start/end``) never changes. ``doc`` is the
parsed article (``doc.text`` is the article text); resolution reads its
entities, sentences and parse only and never calls the pipeline again.

Modules: :mod:`.lexicon` (the word lists), :mod:`.names` (pure name helpers),
:mod:`.index` (what one article offers, built once), :mod:`.kinds` (the kind
rules), :mod:`.coref` (pronouns, relative pronouns, I/we), :mod:`.resolver`
(refs, ids, routing).

**Coreference first.** Pronouns (he, she, it, they, and the possessives his,
her, its, their: "his campaign said") take the source of the most recent
suitable antecedent, searched back over the pronoun's sentence (before it)
and up to :data:`PRONOUN_WINDOW` preceding sentences. In each sentence,
closest first: earlier claims' sources that are subjects, then subject
phrases and subject entities, then other claim sources, then any other
entity. he/she want a person (or one unnamed person: "a senior official ...
He added", or a name NER missed), respecting gender when a title ("Mr.",
"Ms.") tells it; it wants an organization, publication or document; they an
organization, publication, plural anonymous source or group. Entities
inside the pronoun's own claim content are never antecedents. Relative
pronouns ("Ian Solomon, who was a director, said") take the noun their
clause modifies. First-person pronouns are never searched for: "I" inside a
quote is the quote's speaker (the claim's ``parent``, else the claim whose
content holds it), "we" too when that speaker is a body or a group; a
person's "we", and I/we outside any quote, stay unresolved.

**Then the kind rules**, in this order (:data:`KIND_RULES`; a test checks
this list against it); the first that decides wins:

1. ``group``: parties named elsewhere ("Both sides", "the two leaders"):
   kind ``unknown``. They are not ``anonymous`` -- the reader knows who the
   sides are, and counting them as anonymous would inflate a publisher's
   anonymous-sourcing share.
2. ``publication``: an outlet name or pattern from the data file
   ("Reuters", "* News Agency", "Radio *").
3. ``named_apposition``: an organization or place in apposition names the
   mention ("The club's owners, Greyfield Holdings").
4. ``person``: the mention's head is a PERSON entity, or a PERSON is in
   apposition ("Riverside's chief executive, Dr. Helen Mbeki"). Titles and
   possessives are stripped and a short name becomes the longest full name
   in the article that ends with it: "President Rahmon" -> "Emomali
   Rahmon"; a one-word name that starts an organization's name is that
   organization.
5. ``person_by_role``: a definite title noun ("the minister", "the union's
   general secretary") is the latest person introduced with it.
6. ``document``: the head noun is a document noun (website, statement,
   report, filing, post, ...).
7. ``anonymous``: an anonymity phrase ("familiar with", "close to", "who
   asked not to be named") anywhere in the mention, or an anonymous head
   noun ("analysts", "a senior official"). A place or nationality does not
   name the group ("U.S. officials", "German authorities" are anonymous),
   nor does an institution name one insider ("a White House official"); a
   group with an institution or person named ("White House officials",
   "Ministry of Transport officials", "the spokesman for Bernie Sanders") is
   an ``organization``: a named body speaks.
8. ``organization``: ORG and GPE entities (the small model's ORG for a
   surname the article names is that person; a short name becomes the
   longest ORG name starting with it: "Brightwell" -> "Brightwell
   Systems"), nationalities (plural: anonymous), and organization head
   nouns; a definite description ("the company", "the union") takes the
   latest organization named before it whose name has that word (any
   organization for generic heads such as "company"). Unnamed plural or
   indefinite organizations ("freight companies", "a Western company") are
   anonymous.
9. ``person_missed_by_ner``: a title before capitalised words ("Councillor
   Jane Doe"), or capitalised words that end a person's name in the article.
10. ``proper_name``: a capitalised name nothing could place is ``unknown``
    with a global id.
11. ``description``: an unnamed plural or indefinite description is
    ``anonymous`` ("local pharmacies", "a diplomat"); anything else is
    ``unknown`` with an article-scoped id.

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

from typing import Iterable, Optional

import attrs

from ..model import Claim
from .coref import FIRST_PERSON, PRONOUNS, RELATIVE_PRONOUNS, Quoting, speaker_of
from .index import PRONOUN_WINDOW, Ref
from .kinds import KIND_RULES
from .lexicon import DEFAULT_PATH, ENV_VAR, LISTS, SourceLexicon, SourceLexiconError, load_lexicon, read_lexicon
from .names import folded
from .resolver import Resolver, article_scope, scoped_source_id

__all__ = [
    "resolve_sources",
    "load_lexicon",
    "read_lexicon",
    "SourceLexicon",
    "SourceLexiconError",
    "article_scope",
    "scoped_source_id",
    "KIND_RULES",
    "LISTS",
    "ENV_VAR",
    "DEFAULT_PATH",
    "PRONOUNS",
    "FIRST_PERSON",
    "RELATIVE_PRONOUNS",
    "PRONOUN_WINDOW",
]


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
    resolver = Resolver(doc, lex, scope or article_scope(doc))
    done: dict[tuple[int, int], Ref] = {}
    with_source = [i for i, c in enumerate(claims) if c.source is not None]
    first_person = {i for i in with_source if folded(claims[i].source.text) in FIRST_PERSON}
    # third-person mentions in text order (antecedents come first); then I/we, outer quotes first
    order = sorted((i for i in with_source if i not in first_person), key=lambda i: (claims[i].source.start, i))
    order += sorted(first_person, key=lambda i: (claims[i].content.start - claims[i].content.end, i))
    quoting = Quoting(claims, first_person)
    out = list(claims)
    for i in order:
        claim = claims[i]
        src = claim.source
        key = (src.start, src.end)
        ref = done.get(key)
        if ref is None:
            if i in first_person:
                ref = speaker_of(resolver, out, i, done, quoting)
            else:
                ref = resolver.resolve_mention(src, claim.content.segments)
            if not ref.name.strip():  # a mention of punctuation only: keep it as it is
                ref = resolver.ref(src.text, "unknown", scoped=True)
            done[key] = ref
            if i not in first_person and (ref.kind != "unknown" or ref.plural or ref.proper):
                resolver.add_source(src, ref)
        out[i] = attrs.evolve(claim, source=attrs.evolve(src, name=ref.name, kind=ref.kind, id=ref.id))
    return out
