"""One small function per cue pattern: a cue token in, a :class:`Candidate` record (or None) out.

:data:`TRIGGERS` is the dispatch table: which pattern looks at which kind of cue token, in order.
:data:`PATTERN_RELIABILITY` says how often each content pattern is right (it goes into the
confidence). A verb cue tries its content patterns in the order of :data:`VERB_CONTENT`, then the
quotations next to it, then content before it, then (passive) its subject.

Patterns read the page (:class:`~provenance.extract.geometry.Page`) and a few notes that earlier
patterns leave for later ones (:class:`Notes`: "said in a statement" makes the noun phrase part of
the verb's cue; "according to X" must not be swallowed by another claim's content).
"""

from __future__ import annotations

from typing import Callable, Optional

import attrs

from ..model import Span
from .geometry import Page
from .lexicon import Entry
from .quotes import extend_with_quotes, opens_sentence, quote_after, quote_before, quote_continues

#: How often a pattern's content/source is right, used in the confidence.
PATTERN_RELIABILITY = {
    "ccomp": 0.95,
    "quote": 0.95,
    "as": 0.85,
    "xcomp": 0.8,
    "dobj": 0.65,
    "prep": 0.6,
    "before": 0.8,
    "passive_subject": 0.6,
    "according": 0.95,
    "hedge": 0.9,
    "evidential": 0.8,
    "noun": 0.8,
    "noun_clause": 0.8,
    "colon": 0.6,
}

#: The content patterns whose claim can stand inside another claim's content. A nested claim found
#: otherwise (an object, an infinitive, a passive subject) is rarely one: "the reasons I support her",
#: "I wanted to use my voice", "seek contributions" (judged on PolNeAR train: benchmarks/nested_claims.md).
NESTED_PATTERNS = frozenset({"ccomp", "quote", "as", "prep", "before", "according", "hedge", "evidential", "noun",
                             "noun_clause", "colon"})

#: ... and the cue strength (cues.tsv) a nested claim needs: weak cues inside a quotation are mostly
#: ordinary verbs ("see", "want", "feel", "support"); chosen on the train rows of benchmarks/nested_claims.tsv.
NESTED_MIN_STRENGTH = 0.4
_WH = frozenset({"who", "what", "how", "why", "where", "when", "whether", "if", "which"})
_MODALS = frozenset({"would", "might", "could", "should", "may", "can", "'d", "’d"})
_CONDITIONS = frozenset({"if", "unless"})

_TIME_PREPS = frozenset({"in", "on", "at", "during", "after", "before", "since", "until"})
_NOUN_PREPS = frozenset({"of", "for", "about", "on", "against", "over", "that"})
_SUBJ = ("nsubj", "csubj")
_PASS_SUBJ = ("nsubjpass", "csubjpass")
_RELPRON = frozenset({"who", "that", "which", "whom"})
_CLIMB = ("advcl", "xcomp", "conj", "pcomp", "prep")


@attrs.frozen
class Candidate:
    """What a pattern found: cue tokens [cue_a, cue_b), content segments (chars), source, how."""

    kind: str  # claim type before quotes are looked at: indirect, direct, passive, hedge, according_to
    cue_a: int
    cue_b: int
    lemma: str
    entry: Entry
    segments: tuple
    source: Optional[Span]
    pattern: str
    factor: float = 1.0  # multiplied into the prior (0.8: an active cue without a source)


@attrs.define
class Notes:
    """What patterns learn about a doc for the ones that run after them."""

    cue_ext: dict = attrs.Factory(dict)  # verb index -> last token of "in a statement" right after it
    according_phrases: dict = attrs.Factory(dict)  # sentence -> char spans of "according to X"
    names: dict = attrs.Factory(dict)  # source mention offsets -> name, when the mention is a relative pronoun
    cue_verbs: frozenset = frozenset()  # the lexicon's cue verb lemmas ("said in a statement" needs them)
    labels: frozenset = frozenset()  # words before a colon that label, not speak ("UPDATE:", "Q:")


# ------------------------------------------------------------------ sources


def subject(verb):
    """The subject of ``verb``; of two (a parse across "1:50 p.m.\\n\\nThe doctor said"), the nearer."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJ]
    if len(subjects) > 1:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    return subjects[0] if subjects else None


def source_of(page: Page, notes: Notes, verb) -> Optional[Span]:
    """Source span for an active cue verb: its subject, else one inherited up the tree."""
    subj = subject(verb)
    h = verb
    hops = 0
    while subj is None and h.dep_ in _CLIMB and h.head is not h and hops < 3:
        h = h.head
        hops += 1
        subj = subject(h)
        if subj is None and h.dep_ in _PASS_SUBJ:
            break
    if subj is None:
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):  # "a statement saying ..."
            noun = verb.head
            if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
                # "Black Lives Matter issued a statement saying ...": whoever issued it
                issuer = subject(noun.head)
                if issuer is not None:
                    return page.np_span(issuer, near=noun.head.i)
            return page.np_span(noun, stop=verb.i)
        return adjacent_subject(page, verb)
    span = page.np_span(subj, near=verb.i)
    if span is not None and subj.lower_ in _RELPRON and h.dep_ == "relcl":
        # "officials who said ...": the mention is "who" (as annotators mark it); its name is the antecedent
        antecedent = page.np_span(h.head, stop=subj.i)
        if antecedent is not None:
            notes.names[(span.start, span.end)] = antecedent.text
    return span


def adjacent_subject(page: Page, verb) -> Optional[Span]:
    """A finite cue whose parse lost its subject ("Alarmed by the unrest in Nevada, Senator Harry Reid,
    the minority leader, said ..." hangs the senator on Nevada): the noun phrase right before it."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = page.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].is_punct or doc[j].pos_ == "ADV") and "\n" not in doc[j].text:
        j -= 1
    if j < 0 or page.sent_of[j] != page.sent_of[verb.i]:
        return None
    cand = doc[j]
    if cand.dep_ == "appos" and cand.head.i < cand.i:
        cand = cand.head
    if cand.pos_ not in ("PROPN", "NOUN", "PRON") or cand.dep_ in ("pobj", "dobj", "poss"):
        return None
    return page.np_span(cand, stop=verb.i, near=verb.i)


# ------------------------------------------------------------------ verbs


@attrs.frozen
class VerbFrame:
    """A cue verb and what its parse says around it: entry (and particle), voice, source."""

    tok: object
    entry: Entry
    particle: object
    children: tuple
    passive: bool
    subjpass: object
    source: Optional[Span]
    agent_tok: object
    inverted: object


def verb_frame(page: Page, notes: Notes, tok, entries: dict) -> Optional[VerbFrame]:
    """The entry that fits ``tok`` (with its particle: "point out"), its voice and its source."""
    children = list(tok.children)
    entry, particle = None, None
    for c in children:
        if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in entries and c.lower_:
            entry, particle = entries[c.lower_], c
            break
    if entry is None:
        entry = entries.get("")
        if entry is None:
            return None
    if tok.dep_ == "amod":
        return None
    passive = any(c.dep_ in ("auxpass", "agent") for c in children)  # "Pushed by host Chuck Todd, ..."
    subjpass = next((c for c in children if c.dep_ in _PASS_SUBJ), None)
    if subjpass is not None and subjpass.dep_ == "nsubjpass":
        passive = True
    if (passive and subjpass is not None and subjpass.lower_ not in ("it", "this", "that")
            and not any(c.dep_ == "agent" for c in children) and any(c.dep_ == "ccomp" for c in children)):
        # "He's said he gets his ideas ...": a perfect the parser took for a passive; a clause follows
        passive = False
        perfect_subject = subjpass
    else:
        perfect_subject = None
    source = None
    agent_tok = inverted = None
    if passive:
        agent = next((c for c in children if c.dep_ == "agent"), None)
        if agent is None and particle is not None:  # "described as reckless by X": "by" hangs off the as-phrase
            agent = next((t for t in particle.subtree if t.lower_ == "by" and t.dep_ in ("prep", "agent")), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            source = page.np_span(pobj)
            agent_tok = agent
    elif perfect_subject is not None:
        source = page.np_span(perfect_subject, near=tok.i)
    else:
        source = source_of(page, notes, tok)
        if subject(tok) is None:
            # '"...," said David Brock, a Clinton confidant': the parser often makes the speaker an object
            cand = next((c for c in children if c.i > tok.i and c.left_edge.i == tok.i + 1 and c.pos_ in ("PROPN", "NOUN")
                         and c.dep_ in ("dobj", "nsubj", "npadvmod", "attr", "appos", "dative", "oprd")), None)
            if cand is not None and (quote_before(page.text, page.quotes, tok.idx) is not None or tok.dep_ in ("parataxis", "ccomp")):
                inverted = cand
                source = page.np_span(cand)
                children = [c for c in children if c is not cand]
    return VerbFrame(tok=tok, entry=entry, particle=particle, children=tuple(children), passive=passive,
                     subjpass=subjpass, source=source, agent_tok=agent_tok, inverted=inverted)


def _subtree(t) -> range:
    return range(t.left_edge.i, t.right_edge.i + 1)


def content_ccomp(f: VerbFrame):
    """"said (that) X", "claims X, and that Y"."""
    comps = [c for c in f.children if c.dep_ == "ccomp"]
    if not comps:
        return None
    toks = []
    for c in comps:
        toks += _subtree(c)
    for c in f.children:  # "claims X, and that Y": a second that-clause hung on the verb
        if c.dep_ == "conj" and c.i > f.tok.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            toks += _subtree(c)
    return toks, "ccomp"


def content_as(f: VerbFrame):
    """"described him as reckless", "was seen as a threat"."""
    if f.particle is None or f.particle.lower_ != "as":
        return None
    base = f.subjpass if f.passive else next((c for c in f.children if c.dep_ == "dobj"), None)
    toks = list(_subtree(base)) if base is not None else []
    toks += _subtree(f.particle)
    if f.passive and f.agent_tok is not None:
        toks = [i for i in toks if not f.agent_tok.left_edge.i <= i <= f.agent_tok.right_edge.i]
    return toks, "as"


def content_particle_prep(f: VerbFrame):
    """"called for X", "pointed to X": the object of the cue's own preposition."""
    if f.particle is None or f.particle.dep_ != "prep":
        return None
    return [i for i in _subtree(f.particle) if i != f.particle.i], "prep"


def content_xcomp(f: VerbFrame):
    """"urged them to leave", "asked the congregation to stand"."""
    xcomp = next((c for c in f.children if c.dep_ == "xcomp" and c.i > f.tok.i and c.pos_ in ("VERB", "AUX")), None)
    if xcomp is None:
        return None
    toks = list(_subtree(xcomp))
    dobj = next((c for c in f.children if c.dep_ == "dobj"), None)
    if dobj is not None and f.tok.i < dobj.i < xcomp.i:  # "asked the congregation to stand"
        toks += _subtree(dobj)
    if f.passive and f.subjpass is not None and f.subjpass.lower_ != "it":
        toks += _subtree(f.subjpass)
    return toks, "xcomp"


def content_dobj(f: VerbFrame):
    """"called him a liar": the object and what it is called (not for cues whose object is the addressee)."""
    dobj = next((c for c in f.children if c.dep_ == "dobj"), None)
    if dobj is None or "addressee" in f.entry.flags:
        return None
    toks: list[int] = []
    has_oprd = False
    for c in f.children:
        if c is dobj or (c.i > f.tok.i and c.dep_ in ("oprd", "xcomp", "ccomp")):
            toks += _subtree(c)
            has_oprd = has_oprd or c.dep_ == "oprd"
        elif (c.dep_ == "prep" or (has_oprd and c.dep_ in ("advmod", "npadvmod"))) and c.i > dobj.i \
                and c.left_edge.i == max(toks) + 1 and (has_oprd or c.lower_ not in _TIME_PREPS):
            # "a link to a story", "a master at ...": a PP the parser hung on the verb
            toks += _subtree(c)
    return toks, "dobj"


def content_about(f: VerbFrame):
    """"warned of X", "asked for copies", "asked the court for quick action", "told us about X"."""
    preps = ("about", "of", "on", "for") if "addressee" in f.entry.flags else ("about", "of", "on")
    prep = next((c for c in f.children if c.dep_ == "prep" and c.i > f.tok.i and c.lower_ in preps), None)
    if prep is None or "no-about" in f.entry.flags:
        return None
    return [i for i in _subtree(prep) if i != prep.i], "prep"


#: A cue verb's content patterns, tried in this order; the first that applies gives the content.
VERB_CONTENT: tuple[Callable, ...] = (content_ccomp, content_as, content_particle_prep, content_xcomp, content_dobj, content_about)


def verb(page: Page, notes: Notes, tok, entries: dict) -> Optional[Candidate]:
    """A cue verb: content from its complement (:data:`VERB_CONTENT`), the quotations next to the
    speaker and cue, the clause before it, or (passive) its subject."""
    f = verb_frame(page, notes, tok, entries)
    if f is None:
        return None
    children, passive, subjpass, source, particle = f.children, f.passive, f.subjpass, f.source, f.particle
    content_toks, pattern = [], None
    for find in VERB_CONTENT:
        found = find(f)
        if found is not None:
            content_toks, pattern = found
            break
    segs = page.segments(page.drop_trailing_relative(content_toks))

    # quotations next to the speaker and cue: "X," she said, "Y."
    quotes, text = page.quotes, page.text
    subj = subject(tok) or f.inverted
    src_a = min(tok.i, subj.left_edge.i) if subj is not None else tok.i
    src_b = max(tok.i, subj.right_edge.i) if subj is not None else tok.i
    left = page.doc[src_a].idx
    right_tok = page.doc[src_b]
    right = right_tok.idx + len(right_tok)
    if particle is None and not passive:
        q_before = quote_before(text, quotes, left)
        if q_before is not None and page.sent_at(q_before[1] - 1) != page.sent_of[src_a] and not opens_sentence(text, q_before[0]):
            q_before = None  # the quote ended a sentence of its own: "... her “sex tape.” Ditto said she ..."
        q_after = quote_after(text, quotes, right)
        if q_after is not None and page.sent_of[src_b] != page.sent_at(q_after[0]) and not page.colon_follows(right):
            q_after = None
        if q_before is not None and q_after is None:
            q_after = quote_continues(text, quotes, right)
        inside = quotes.containing(tok.idx)
        if inside is not None:  # “... they said it's negotiable ...”: the quote the cue stands in is its speaker's, not its content
            q_before = None if q_before == inside else q_before
            q_after = None if q_after == inside else q_after
        if q_before is not None or q_after is not None:
            quoted_segs = [q for q in (q_before, q_after) if q is not None]
            if not segs or pattern in ("dobj", "prep") or all(quotes.quoted_chars(s, e) for s, e in segs):
                segs = quoted_segs + [s for s in segs if quotes.quoted_chars(*s)]
                pattern = "quote"
    # content before the cue: "The economy is fine, the minister said" parsed as parataxis
    if not segs and not passive and (tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.head.i < tok.i)):
        content_toks = page.subtree_minus(tok.head, tok)
        if tok.dep_ != "parataxis":  # a parenthetical "X, she said, Y" wraps its content
            content_toks = [i for i in content_toks if i < tok.i]
        segs = page.segments(content_toks)
        pattern = "before"
    # "The move was criticized by economists", "Cruz was endorsed by Fiorina": the subject is what is attributed
    if not segs and passive and subjpass is not None and subjpass.lower_ not in ("it", "there"):
        content_toks = list(_subtree(subjpass))
        prep = next((c for c in children if c.dep_ == "prep" and c.i > tok.i and c.lower_ not in _TIME_PREPS and c is not f.agent_tok), None)
        if prep is not None:
            content_toks += _subtree(prep)
        segs = page.segments(content_toks)
        pattern = "passive_subject"
    if not segs:
        return None
    segs = extend_with_quotes(quotes, segs, tok.idx)
    a, b = tok.i, tok.i + 1
    if particle is not None and particle.i == tok.i + 1 and particle.dep_ == "prt":
        b = particle.i + 1
    if tok.i in notes.cue_ext:
        b = notes.cue_ext[tok.i] + 1
    if passive and source is None:
        kind = "passive"
        # the cue of an agentless passive includes its auxiliaries: "is said", "are seen"
        aux = [c.i for c in children if c.dep_ in ("auxpass", "aux") and c.i < tok.i]
        if aux and all(page.doc[j].dep_ in ("auxpass", "aux", "neg", "advmod") for j in range(min(aux), tok.i)):
            a = min(aux)
    else:
        kind = "indirect"
    if source is None and not passive and pattern not in ("ccomp", "quote"):
        return None  # "faster than expected": no speaker, no clause: not an attribution
    factor = 0.8 if (source is None and not passive) else 1.0
    return Candidate(kind, a, b, f.entry.cue, f.entry, tuple(segs), source, pattern, factor)


# ------------------------------------------------------------------ other cues


def according(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"according to X": X is the source of the clause the phrase hangs on (of the whole sentence
    when it ends the sentence after a comma)."""
    doc = page.doc
    if not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"):
        return None
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    source = page.np_span(pobj) if pobj is not None else None
    if source is None:
        return None
    head = tok.head
    if head is tok:
        return None
    while head.dep_ in ("advcl", "xcomp", "acl") and head.head is not head:
        head = head.head
    sent = page.sentence(tok.i)
    after = [t for t in doc[tok.right_edge.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
    if not after and tok.i > sent.start and doc[tok.i - 1].text == ",":
        # "The minister said the cafe would close, according to Le Monde.": the outlet reports the
        # whole sentence, whatever clause the parser hung the phrase on
        head = sent.root
    notes.according_phrases.setdefault(int(page.sent_of[tok.i]), []).append(
        (tok.idx, doc[tok.right_edge.i].idx + len(doc[tok.right_edge.i]))
    )
    if entry is None:
        return None
    content = page.subtree_minus(head, tok)
    return Candidate("according_to", tok.i, tok.i + 2, "according to", entry, tuple(page.segments(content)), source, "according")


def evidential(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"The court seemed to send a signal", "it appears that ...": the writer hedges, nobody is quoted."""
    children = list(tok.children)
    comp = next((c for c in children if c.dep_ in ("xcomp", "ccomp", "acomp", "attr", "oprd") and c.i > tok.i), None)
    if comp is None:
        return None
    content = list(_subtree(comp))
    subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ != "it"), None)
    if subj is not None:
        content += _subtree(subj)
    return Candidate("hedge", tok.i, tok.i + 1, entry.cue, entry, tuple(page.segments(content)), None, "evidential")


def hedge(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"reportedly", "allegedly": the clause the adverb modifies, no source."""
    if tok.dep_ != "advmod" or tok.head is tok:
        return None
    head = tok.head
    content = [i for i in _subtree(head) if i != tok.i]
    return Candidate("hedge", tok.i, tok.i + 1, entry.cue, entry, tuple(page.segments(content)), None, "hedge")


def noun(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"In a statement, X warned ...", "his claim that ...", "calls to break up the banks"; "said in a
    statement" makes the phrase part of the verb's cue instead (a note for :func:`verb`)."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head is not tok.head:
        prep = tok.head
        head_verb = prep.head
        if head_verb.pos_ != "VERB":
            return None
        if head_verb.lemma_.lower() in notes.cue_verbs:
            if head_verb.i + 1 == prep.i:
                notes.cue_ext[head_verb.i] = prep.right_edge.i
            return None
        subj = subject(head_verb)
        if subj is None:
            return None
        content = page.subtree_minus(head_verb, subj, prep)
        return Candidate("indirect", prep.i, prep.right_edge.i + 1, entry.cue, entry, tuple(page.segments(content)),
                         page.np_span(subj), "noun")
    # "his claim that ...", "calls to break up the banks", "questions about his health"
    content = None
    for c in tok.children:
        if c.i < tok.i:
            continue
        if c.dep_ in ("acl", "ccomp") and any(
            (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to") for g in c.children
        ):
            content = list(_subtree(c))
            break
        if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
            content = [i for i in _subtree(c) if i != c.i]
            break
    if content is None:
        return None
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    source = page.np_span(poss) if poss is not None else None
    return Candidate("indirect", tok.i, tok.i + 1, entry.cue, entry, tuple(page.segments(content)), source, "noun_clause",
                     1.0 if source is not None else 0.7)


def turn(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """``NAME: words`` at the start of a sentence or paragraph."""
    doc = page.doc
    start = page.sentence(tok.i).start
    for j in range(tok.i - 1, max(start, tok.i - 7) - 1, -1):  # a paragraph start counts as a sentence start
        if "\n" in doc[j].text or "\n" in doc[j].whitespace_:
            start = j + 1
            break
    while start < tok.i and (doc[start].is_punct or doc[start].is_space):  # '"PENCE:'
        start += 1
    if not 1 <= tok.i - start <= 5:
        return None
    names = doc[start : tok.i]
    if any(t.pos_ in ("VERB", "AUX") for t in names):
        return None
    if not all(t.pos_ == "PROPN" or t.is_upper or (t.is_title and t.pos_ in ("NOUN", "PROPN")) for t in names if not t.is_punct):
        return None
    if tok.i + 1 >= len(doc):
        return None
    q = quote_after(page.text, page.quotes, tok.idx + 1)
    if q is not None:
        segs = [q]
    else:  # a transcript turn: the rest of the paragraph
        end = tok.i + 1
        while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end - 1].whitespace_:
            end += 1
        segs = page.segments(range(tok.i + 1, end))
    if len(names.text) < 2 or " ".join(names.text.split()).lower() in notes.labels:
        return None  # "Q: ...", "UPDATE: ...", "Name: ...": a label, not a speaker
    if not any(ch.isalpha() for s, e in segs for ch in page.text[s:e]):
        return None  # "Sanders: 1,501." is a tally
    source = page.np_span(names.root, stop=tok.i) or Span.from_spacy(names)
    return Candidate("indirect", tok.i, tok.i + 1, entry.cue, entry, tuple(segs), source, "colon")


def signature(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """``“Quoted words.” ― Name``: a quotation signed by the name after a dash."""
    doc = page.doc
    q = quote_before(page.text, page.quotes, tok.idx)
    if q is None:
        return None
    j = tok.i + 1
    while j < len(doc) and j - tok.i <= 4 and doc[j].pos_ == "PROPN":
        j += 1
    if j == tok.i + 1:
        return None
    seg = page.trim(tok.i + 1, j)
    if seg is None:
        return None
    return Candidate("direct", tok.i, tok.i + 1, tok.text, entry, (q,), Span.from_offsets(page.text, *seg), "colon")


# ------------------------------------------------------------------ dispatch


@attrs.frozen
class Trigger:
    """A row of the dispatch table: ``match(tok, lex)`` gives the pattern's argument (an entry; the
    verb's entries by particle) or :data:`NO`; the first row that matches a token owns it."""

    name: str
    match: Callable
    pattern: Callable
    later: bool = False  # run after every other trigger of the doc (it reads their notes)


NO = object()


def _match_according(tok, lex):
    return lex.by_kind["prep"].get("according to") if tok.lower_ == "according" else NO


def _match_mark(flag):
    def match(tok, lex):
        entry = lex.by_kind["mark"].get(tok.lower_)
        return entry if entry is not None and flag in entry.flags else NO
    return match


def _match_hedge(tok, lex):
    entry = lex.by_kind["hedge"].get(tok.lower_)
    return entry if entry is not None and tok.pos_ == "ADV" else NO


def _match_evidential(tok, lex):
    entry = lex.by_kind["evidential"].get(tok.lemma_.lower())
    return entry if entry is not None and tok.pos_ in ("VERB", "AUX") else NO


def _match_verb(tok, lex):
    entries = lex.verbs.get(tok.lemma_.lower())
    return entries if entries is not None and tok.pos_ == "VERB" else NO


def _match_noun(tok, lex):
    entry = lex.by_kind["noun"].get(tok.lemma_.lower())
    return entry if entry is not None and tok.pos_ in ("NOUN", "PROPN") else NO


#: The dispatch table, in the order a cue token is offered to the patterns. Content reliability is
#: per content pattern: :data:`PATTERN_RELIABILITY` (according 0.95, colon 0.6, hedge 0.9, ...).
TRIGGERS: tuple[Trigger, ...] = (
    Trigger("according to", _match_according, according),  # according 0.95
    Trigger("turn (NAME: words)", _match_mark("turn"), turn),  # colon 0.6
    Trigger("signature (“...” ― Name)", _match_mark("signature"), signature),  # colon 0.6
    Trigger("hedge adverb", _match_hedge, hedge),  # hedge 0.9
    Trigger("evidential verb", _match_evidential, evidential),  # evidential 0.8
    Trigger("cue verb", _match_verb, verb, later=True),  # ccomp 0.95 ... prep 0.6: VERB_CONTENT
    Trigger("cue noun", _match_noun, noun),  # noun 0.8, noun_clause 0.8
)


def can_nest(page: Page, cand: Candidate, tok) -> bool:
    """Whether the claim of ``cand`` (cue token ``tok``) may stand inside another claim's content: a
    pattern of :data:`NESTED_PATTERNS` and a cue of :data:`NESTED_MIN_STRENGTH`, a cue neither negated nor an infinitive ("refusing to say the
    words", "failed to note"), a noun cue with its speaker ("their support for" without one is not), and
    not a parenthetical inside a quotation ("..., you know, ..."), nor a wh-clause after a cue flagged
    ``wh-not-content`` ("I know who I am"), nor what a belief cue is about ("thinks about"), nor a cue that
    asserts nothing (:func:`_unasserted`)."""
    if cand.pattern not in NESTED_PATTERNS or cand.entry.strength < NESTED_MIN_STRENGTH:
        return False
    if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ == "to") for c in tok.children):
        return False
    if cand.pattern in ("noun", "noun_clause") and cand.source is None:
        return False
    if cand.pattern == "before" and page.quotes.containing(tok.idx) is not None:
        return False
    if "wh-not-content" in cand.entry.flags and cand.pattern == "ccomp":
        comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        if comp is not None and any(t.lower_ in _WH for t in page.doc[comp.left_edge.i : comp.left_edge.i + 2]):
            return False  # "I know who I am", "he knows exactly what he's doing"
    if cand.pattern == "colon" and not (cand.source is not None and cand.source.text.isupper()):
        return False  # inside a quotation only a transcript's speaker ("PENCE: ...") opens a turn, not "Classic Clinton: ..."
    if cand.pattern == "prep" and cand.entry.cls == "belief":
        return False  # "every time he thinks about the first-graders", "worry about racial divisions"
    return not _unasserted(tok)


def _unasserted(tok) -> bool:
    """A cue that asserts nothing: a question ("Do you think ...?"), a hypothetical ("would you have told
    her", "I'd like to"), a condition ("if Democrats believe ..."), an imperative ("Think of that", "Let's see")."""
    subj = subject(tok)
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in _MODALS:
            return True
        if c.dep_ == "aux" and c.lemma_ == "do" and subj is not None and c.i < subj.i:
            return True  # do-support before the subject: a question
        if c.dep_ == "mark" and c.lower_ in _CONDITIONS:
            return True
    if tok.head is not tok and tok.head.lemma_ == "let":
        return True
    return tok.tag_ == "VB" and subj is None and not any(c.dep_ in ("aux", "auxpass") for c in tok.children) \
        and tok.dep_ in ("ROOT", "ccomp", "parataxis", "conj")
