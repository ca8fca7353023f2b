"""Cue verbs: the entry that fits (with its particle), voice and source (:class:`VerbFrame`), then the
content: the complement patterns of :data:`VERB_CONTENT` in order, the quotations next to speaker and
cue, the clause before the cue, or (passive) the subject."""

from __future__ import annotations

from typing import Callable, Optional

import attrs

from ..model import Span
from .candidate import Candidate, Notes
from .geometry import Page
from .lexicon import Entry
from .quotes import extend_with_quotes, opens_sentence, quote_after, quote_before, quote_continues, quote_paragraph_after
from .sources import _EXPLETIVES, _PASS_SUBJ, earlier_clause_subject, head_subject_run_on, misparsed_finite, mistagged_name, opening_name, source_of, stray_agent, subject

#: how many whole-quotation paragraphs after the speaker's may continue the speaker's quotation
MAX_QUOTE_PARAGRAPHS = 3
_TIME_PREPS = frozenset({"in", "on", "at", "during", "after", "before", "since", "until"})
#: adverbs of time, place or addition after an object: what the writer adds, not what was said ("endorsed him a week ago")
_NOT_MANNER = frozenset({"here", "there", "now", "then", "today", "tonight", "yesterday", "recently", "lately", "afterward",
                         "afterwards", "later", "earlier", "ago", "again", "once", "soon", "already", "still", "first",
                         "too", "also", "as", "either", "even", "instead", "so", "ahead", "anyway", "since", "before"})
#: prepositions after a cue's object noun that do not say what it is about ("made statements during the debate")
_NOT_ABOUT = frozenset({"during", "after", "before", "since", "until", "including", "like", "by", "despite", "amid"})


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
    cue_verbs: frozenset = frozenset()  # the lexicon's cue verb lemmas (a longer cue "continued to insist" needs one)
    set_in: object = None  # the speaker of a cue set off inside what is said (:func:`speaker_set_in`), else None


def verb_frame(page: Page, notes: Notes, tok, entries: dict) -> Optional[VerbFrame]:
    """The entry that fits ``tok`` (with its particle: "point out"), its voice and its source."""
    children = list(tok.children)
    entry, particle = None, None
    for c in children:
        if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in entries and c.lower_:
            entry, particle = entries[c.lower_], c
            break
    if entry is None:
        # "is calling for some of his rivals to drop out": the parse makes "for" the mark of a clause after the verb
        clause = next((c for c in children if c.dep_ == "advcl" and c.left_edge.i == tok.i + 1
                       and c.left_edge.dep_ == "mark" and c.left_edge.lower_ in entries and c.left_edge.lower_), None)
        if clause is not None:
            entry, particle = entries[clause.left_edge.lower_], clause.left_edge
    if entry is None:
        entry = entries.get("")
        if entry is None:
            return None
    if tok.dep_ == "amod":
        return None
    passive = any(c.dep_ in ("auxpass", "agent") for c in children)  # "Pushed by host Chuck Todd, ..."
    if tok.tag_ == "VBN" and tok.dep_ == "acl" and not misparsed_finite(tok):
        passive = True  # "the string of contests known as Super Tuesday": the noun is what is named, not who names it
    subjpass = next((c for c in children if c.dep_ in _PASS_SUBJ), None)
    if subjpass is not None and subjpass.dep_ == "nsubjpass":
        passive = True
    addressee = "addressee" in entry.flags
    if (passive and subjpass is not None and subjpass.lower_ not in ("it", "this", "that")
            and not any(c.dep_ == "agent" for c in children) and any(c.dep_ == "ccomp" for c in children)
            and not (addressee and any(c.dep_ == "auxpass" and c.lemma_ == "be" for c in children))):
        # "He's said he gets his ideas ...": a perfect the parser took for a passive; a clause follows
        # (not "I was told that ...": who was told is not who told)
        passive = False
        perfect_subject = subjpass
    elif (passive and subjpass is not None and subjpass.lower_ not in _EXPLETIVES
          and not any(c.dep_ == "agent" for c in children) and (particle is None or particle.lower_ != "as")
          and any(c.dep_ == "auxpass" and c.lower_ in ("'s", "\u2019s") for c in children)):
        # "he's wanted to admit it", "who's called for ...": "'s" is "has", not a passive's "is" (but "she's seen as")
        passive = False
        perfect_subject = subjpass
    else:
        perfect_subject = None
    source = None
    agent_tok = inverted = set_in = None
    if passive:
        agent = next((c for c in children if c.dep_ == "agent"), None)
        if agent is None and particle is not None:  # "described as reckless by X": "by" hangs off the as-phrase
            agent = next((t for t in particle.subtree if t.lower_ == "by" and t.dep_ in ("prep", "agent")), None)
        if agent is None and particle is None:
            agent = stray_agent(tok)  # "Clinton has been attacked on the speeches by Bernie Sanders"
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            asked = _asked_on_agent(entry, pobj)
            source = page.np_span(pobj, stop=asked.left_edge.i if asked is not None else None)
            agent_tok = agent
        elif "holder" in entry.flags and subjpass is not None and subjpass.lower_ not in _EXPLETIVES:
            source = page.np_span(subjpass, near=tok.i)  # "Clinton is now assured of winning 334 delegates"
    elif perfect_subject is not None:
        source = page.np_span(perfect_subject, near=tok.i)
    else:
        source = source_of(page, notes, tok, addressee=addressee)
        if subject(tok) is None or quoted_subject(page, tok):
            # '"...," said David Brock, a Clinton confidant': the parser often makes the speaker an object
            cand = next((c for c in children if c.i > tok.i and c.left_edge.i == tok.i + 1 and c.pos_ in ("PROPN", "NOUN")
                         and c.dep_ in ("dobj", "nsubj", "npadvmod", "attr", "appos", "dative", "oprd")
                         or (c.i == tok.i + 1 and c.dep_ == "advmod" and mistagged_name(page, c))), None)
            if cand is not None and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "acl", "conj", "ROOT"):
                cand = None  # '..., citing an instance in which ...': a participle's object is what it says, never its speaker
            if cand is not None and (quote_before(page.text, page.quotes, tok.idx) is not None or tok.dep_ in ("parataxis", "ccomp")):
                inverted = cand
                source = page.np_span(cand)
                children = [c for c in children if c is not cand]
            elif cand is None and (named := speaker_run_on(tok)) is not None and quote_before(page.text, page.quotes, tok.idx) is not None:
                inverted = named
                source = page.np_span(named, stop=named.head.i)
                children = [c for c in children if c.i != named.head.i]  # the clause is the name's, not what was said
            elif cand is None and (named := speaker_of_the_rest(tok)) is not None and quote_before(page.text, page.quotes, tok.idx) is not None:
                inverted = named
                source = page.np_span(named, stop=named.head.i)
            elif source is None and (named := speaker_run_before(page, tok)) is not None:
                source = page.trim(named.left_edge.i, named.head.right_edge.i + 1)
                source = Span.from_offsets(page.text, *source) if source else None
                children = [c for c in children if c.i != named.head.i]
            elif source is None and (opening := opening_name(page, tok)) is not None:
                a, e = opening
                source = Span.from_offsets(page.text, *page.trim(a, e))
                children = [c for c in children if not (c.i < tok.i and c.left_edge.i <= a <= c.right_edge.i)]
            elif source is None and (earlier := earlier_clause_subject(page, tok)) is not None:
                source = page.np_span(earlier, near=tok.i)
                children = [c for c in children if not (c.i < tok.i and c.left_edge.i <= earlier.i <= c.right_edge.i)]
            elif source is None and (run_on := head_subject_run_on(page, tok)) is not None:
                end = tok.i
                while end > run_on.i + 1 and page.doc[end - 1].pos_ == "ADV":
                    end -= 1  # ("Figures reported on Sunday now suggest")
                trimmed = page.trim(run_on.left_edge.i, end)  # the subject with the words the parse misread as its verb
                source = Span.from_offsets(page.text, *trimmed) if trimmed else None
        elif (set_in := speaker_set_in(page, tok)) is not None:
            source = page.np_span(set_in)
    return VerbFrame(tok=tok, entry=entry, particle=particle, children=tuple(children), passive=passive,
                     subjpass=subjpass, source=source, agent_tok=agent_tok, inverted=inverted, cue_verbs=notes.cue_verbs,
                     set_in=set_in)


#: what may stand between a quotation and the cue verb right after it
_QUOTE_CLOSERS = " \t\u00a0\u201d\u00bb\"',"


def quoted_subject(page: Page, tok) -> bool:
    """Whether the subject the parse gave a finite cue verb is the end of a quotation that opens its sentence and
    closes right before the verb ('"Meh," wrote a Trump supporter who runs ...', '... #Cologne," tweeted a German
    user'): words quoted, not who wrote them; the speaker is then looked for after the verb."""
    subj = subject(tok)
    if subj is None or subj.i > tok.i or tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return False
    q = page.quotes.containing(subj.idx)
    if q is None or q[1] > tok.idx or page.doc[subj.left_edge.i].idx < q[0] or page.text[q[1]:tok.idx].strip(_QUOTE_CLOSERS):
        return False
    return opens_sentence(page.text, q[0])


def speaker_run_on(tok):
    """'“...,” said Robert Reich, who served as labor secretary ... yet endorsed Sanders': the noun phrase right
    after a finite cue, parsed as the subject of a clause hung on the cue (the name's own relative clause or
    apposition run on); its head, or None."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    s = doc[tok.i + 1]  # up from the first word to the noun the phrase it opens is headed by
    while s.dep_ not in ("nsubj", "nsubjpass") and s.head.i > s.i and s.head.left_edge.i == tok.i + 1 and s.head.pos_ in ("PROPN", "NOUN"):
        s = s.head
    if s.dep_ not in ("nsubj", "nsubjpass") or s.pos_ not in ("PROPN", "NOUN") or s.left_edge.i != tok.i + 1:
        return None
    clause = s.head
    if clause.head.i != tok.i or clause.dep_ not in ("ccomp", "conj", "parataxis") or clause.i < s.i:
        return None
    return s


def speaker_of_the_rest(tok):
    """'“The risk,” said Edward Leamer, an economist ..., “is that we're going to be attracting workers”': the speaker
    right after a finite cue between two parts of a quotation, parsed as the subject of the second part, which the
    parse made the head of the cue; that subject, or None."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or tok.tag_ not in ("VBD", "VBZ", "VBP") or tok.dep_ not in ("parataxis", "ccomp", "advcl"):
        return None
    head = tok.head
    if head.i < tok.i:
        return None
    s = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.left_edge.i == tok.i + 1), None)
    if s is None or s.pos_ not in ("PROPN", "NOUN") or not any(t.is_quote for t in doc[s.right_edge.i + 1 : head.i]):
        return None
    return s


def speaker_run_before(page: Page, tok):
    """'Mr. Slinker, whose latest start-up, Paradata, uses big data ..., said Mr. Trump was ...': a sentence that
    opens with a noun phrase and its apposition or relative clause, parsed as a clause of the cue with that noun
    as its subject, before a finite cue with no subject that has its own clause after it; the noun, or None."""
    if tok.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    kids = list(tok.children)
    if not any(c.dep_ == "ccomp" and c.i > tok.i for c in kids):
        return None
    clause = next((c for c in kids if c.dep_ == "ccomp" and c.i < tok.i), None)
    if clause is None or page.quotes.containing(clause.idx) is not None:
        return None
    s = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < clause.i), None)
    if s is None or s.pos_ not in ("PROPN", "NOUN") or not any(c.dep_ in ("appos", "relcl", "acl") and c.i > s.i for c in s.children):
        return None
    first = page.sentence(tok.i).start
    while first < s.left_edge.i and (page.doc[first].is_punct or page.doc[first].is_space):
        first += 1
    j = tok.i - 1
    while j > clause.i and page.doc[j].dep_ in ("advmod", "aux", "neg") and page.doc[j].head.i == tok.i:  # ", also said"
        j -= 1
    if s.left_edge.i != first or page.doc[j].text != ",":
        return None
    return s


def speaker_set_in(page: Page, tok):
    """'Part of the problem in detecting tunnels, say experts like Paul Bauman, a Canadian geophysicist, is the ground
    itself', 'The contrast with Trump, said Doyle and others, would be clear': a cue set off by commas inside what is
    said, the parse taking the phrase before it for the cue's subject and the speaker after it for the subject of the
    rest; that speaker, or None."""
    doc = page.doc
    if tok.tag_ not in ("VBD", "VBZ", "VBP") or tok.i < 2 or doc[tok.i - 1].text != ",":
        return None
    before = subject(tok)
    if before is None or before.i > tok.i or any(t.text in (",", "(", "\u2014", "--") or t.dep_ in ("appos", "relcl")
                                                 for t in doc[before.left_edge.i:tok.i - 1]):
        return None  # ('Mr. X, the spokesman, said Trump, who ..., would': the speaker's own apposition)
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    named = next((c for c in clause.children if c.dep_ == "nsubj" and c.left_edge.i == tok.i + 1), None) if clause is not None else None
    if named is None or named.pos_ not in ("PROPN", "NOUN"):
        return None
    end = named.right_edge.i
    if doc[end].text != "," and (end + 1 >= len(doc) or doc[end + 1].text != ","):
        return None
    return named


def content_set_in(tok, named, toks):
    """The content of a cue set off inside what is said, its speaker ``named`` (:func:`speaker_set_in`, None when
    it is not): the phrase before the cue and the rest of the clause after the speaker, else ``toks`` unchanged."""
    if named is None:
        return toks
    own = set(_subtree(named))
    return list(_subtree(subject(tok))) + [i for i in toks if i not in own]


def _subtree(t) -> range:
    return range(t.left_edge.i, t.right_edge.i + 1)


def content_ccomp(f: VerbFrame):
    """"said (that) X", "claims X, and that Y"."""
    comps = [c for c in f.children if c.dep_ == "ccomp" and not _statement_beside(f, c) and not _displaced_clause(f, c)
             and not _participles_clause(f, c)]
    if not comps:
        return None
    toks = []
    for c in comps:
        toks += _subtree(c)
        lost = _lost_subject(f, c)
        if lost is not None:
            toks += _subtree(lost)
    for c in f.children:  # "claims X, and that Y": a second that-clause hung on the verb
        if c.dep_ == "conj" and c.i > f.tok.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            toks += _subtree(c)
    return toks, "ccomp"


def _participles_clause(f: VerbFrame, comp) -> bool:
    """Whether a clause the parse made the cue verb's complement follows a cue participle of the same verb that says it
    ("Ryan's campaign shrugged off Trump's comments, telling reporters, “Neither Speaker Ryan ...”", "has promoted a
    self-effacing approach ..., advising ... and telling American University's class of 2014, "If you're ..."): the
    participle's content, not the verb's."""
    if comp.i < f.tok.i:
        return False
    doc = comp.doc
    first = comp.left_edge.i
    if any(g.dep_ == "mark" and g.lower_ == "that" for g in comp.children):
        return False  # (not "stated, while testifying before Congress ..., that Clinton was not truthful")
    part = next((c for c in f.children if c.dep_ in ("advcl", "xcomp", "conj") and c.tag_ == "VBG" and f.tok.i < c.i < first
                 and c.lemma_.lower() in f.cue_verbs and not any(g.dep_ == "mark" for g in c.children)), None)
    return part is not None and not any(t.text == ":" for t in doc[part.i : first])  # ('recalling her own experience: "..."')


def _statement_beside(f: VerbFrame, comp) -> bool:
    """Whether the clause the parse made the cue verb's complement is another speaker's statement beside it, not
    what it says: a cue verb with its own subject before a semicolon ("Six in 10 said A; 46 percent said B")."""
    if comp.i > f.tok.i:
        # "... said A, and three-quarters said the same of B": a cue verb with its own subject after a coordinator
        before = f.tok.doc[comp.left_edge.i - 1] if comp.left_edge.i > 0 else None
        return (comp.lemma_ in f.cue_verbs and any(g.dep_ == "nsubj" for g in comp.children) and before is not None
                and before.dep_ == "cc" and any(c.dep_ == "ccomp" and f.tok.i < c.i < comp.i for c in f.children))
    if not any(g.dep_ in ("nsubj", "expl") for g in comp.children):
        return False
    subj = subject(f.tok)
    gap = f.tok.doc[comp.right_edge.i + 1 : subj.left_edge.i if subj is not None and subj.i > comp.i else f.tok.i]
    return any(t.text in (";", ":") for t in gap) and not any(t.is_quote for t in gap)


#: objects that take up a clause before the cue rather than say something of their own ('"a disaster," he called it')
_BACK_OBJECTS = frozenset({"it", "this", "that", "so", "what", "which"})


#: prepositions whose object after a cue verb is what it is about, so that a clause before the verb is not
_OWN_TOPIC = frozenset({"about", "for"})


def _displaced_clause(f: VerbFrame, comp) -> bool:
    """Whether a clause before the cue verb that the parse made its complement is no content because the verb
    has its own after it: an object, an infinitive, what the object is called, the entry's particle ("In his
    campaign speech, ..., he tells one joke about Trump", "The dynamics ... began to change in October, when ...,
    Vice President Biden decided not to enter the race"), or, passive, its own subject between them ("Jokes are
    told, interviews are requested"). A clause before a cue whose object is whom it was said to stays
    ('"X," he told reporters')."""
    if comp.i > f.tok.i:
        return False
    if f.particle is not None and f.particle.i > f.tok.i:
        return True
    if f.passive and f.subjpass is not None and f.subjpass.i > comp.right_edge.i and f.subjpass.lower_ not in _BACK_OBJECTS \
            and f.subjpass.lower_ not in _EXPLETIVES:
        return True
    for c in f.children:
        if c.i < f.tok.i:
            continue
        if (c.dep_ == "xcomp" and _to_infinitive(c)) or (c.dep_ == "oprd" and c.pos_ in ("ADJ", "NOUN")):
            return True  # (not a participle the parse hung on it: '"X," Clinton said answering a question')
        if c.dep_ == "dobj" and "addressee" not in f.entry.flags and c.lower_ not in _BACK_OBJECTS and not _titled_place(f, c):
            return True
        if c.dep_ == "prep" and c.lower_ in _OWN_TOPIC and "no-about" not in f.entry.flags and any(True for _ in c.children):
            return True  # "The support Johnson has ... is easily explained; ... voters are looking for an alternative"
    return False


def _titled_place(f: VerbFrame, obj) -> bool:
    """Whether the cue verb's object comes after its own prepositional phrase and a comma ('X, Mr. Rubio said in his
    2012 book, ''An American Son.''', 'X, she wrote in her memoir, "Tough Choices."'): the title of where it was said,
    which the parse took for the object."""
    doc = f.tok.doc
    prep = next((c for c in f.children if c.dep_ == "prep" and f.tok.i < c.i < obj.i), None)
    return prep is not None and prep.right_edge.i + 1 < obj.left_edge.i and doc[prep.right_edge.i + 1].text == ","


def _lost_subject(f: VerbFrame, comp):
    """The subject of a clause without one that the parse made the cue verb's object, right before the clause
    ('argued the Keystone XL pipeline, which ..., "wouldn't go 10 feet"'), or None."""
    if any(g.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for g in comp.children):
        return None
    obj = next((c for c in f.children if c.dep_ in ("dobj", "npadvmod") and f.tok.i < c.i < comp.i), None)
    if obj is None or "addressee" in f.entry.flags or comp.left_edge.i > obj.right_edge.i + 3:
        return None
    return obj


def content_asked_if(f: VerbFrame):
    """"Asked if he was ever bullied, ...": a cue whose object is the addressee, and the if/whether clause the parse
    hung on it as an adverbial clause right after it (or after whom it was asked)."""
    if "addressee" not in f.entry.flags:
        return None
    start = f.tok.i + 1
    obj = _addressee(f)
    if obj is not None and obj.left_edge.i == start:
        start = obj.right_edge.i + 1
    if f.agent_tok is not None and f.agent_tok.left_edge.i == start:  # "Asked by Thrush if Clinton “gets” race, ..."
        start = f.agent_tok.right_edge.i + 1
    clause = next((c for c in f.children if c.dep_ == "advcl" and c.left_edge.i == start and c.left_edge.dep_ == "mark"
                   and c.left_edge.lower_ in ("if", "whether")), None)
    if clause is None:
        clause = _stray_if_clause(f, start)
    return (list(_subtree(clause)), "ccomp") if clause is not None else None


def _stray_if_clause(f: VerbFrame, start: int):
    """The if/whether clause right after whom it was asked that the parse hung elsewhere ("when I asked Bernie Sanders if
    he would ever endorse Hillary Clinton, he looked ...": on "looked"), or None."""
    doc = f.tok.doc
    if start >= len(doc) or start == f.tok.i + 1:
        return None
    mark = doc[start]
    if mark.dep_ != "mark" or mark.lower_ not in ("if", "whether"):
        return None
    clause = mark.head
    if clause.left_edge.i != start or clause.dep_ not in ("advcl", "ccomp") or f.tok.left_edge.i <= clause.i <= f.tok.right_edge.i:
        return None
    return clause


_WH = frozenset({"why", "what", "how", "whether", "if", "when", "where", "who"})


def _asked_on_agent(entry: Entry, pobj):
    """What was asked, a wh-clause the parse hung as a relative clause on the asker of a passive addressee cue ("was asked
    by a caller why young Syrian men are coming ..."); else None."""
    if "addressee" not in entry.flags:
        return None
    return next((c for c in pobj.children if c.i > pobj.i and c.dep_ in ("relcl", "acl", "ccomp") and c.left_edge.lower_ in _WH), None)


def content_asked_passive(f: VerbFrame):
    """"Trump was asked a straightforward question about police violence", "Mook was asked during a luncheon if Clinton
    would ...": a passive cue whose object is the addressee (the subject is whom it was asked), its retained object or
    the if/whether clause after it, not its subject, is what was asked."""
    if "addressee" not in f.entry.flags or not f.passive:
        return None
    obj = next((c for c in f.children if c.dep_ == "dobj" and c.i > f.tok.i), None)
    if obj is not None:
        return list(_subtree(obj)), "dobj"
    if f.agent_tok is not None and (pobj := next((c for c in f.agent_tok.children if c.dep_ == "pobj"), None)) is not None \
            and (asked := _asked_on_agent(f.entry, pobj)) is not None:
        return list(_subtree(asked)), "ccomp"
    clause = next((c for c in f.children if c.dep_ == "advcl" and c.i > f.tok.i and c.left_edge.dep_ == "mark"
                   and c.left_edge.lower_ in ("if", "whether")), None)
    return (list(_subtree(clause)), "ccomp") if clause is not None else None


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
    """"called for X", "pointed to X": the object of the cue's own preposition (or the clause it marks: "called
    for them to drop out")."""
    if f.particle is None or f.particle.dep_ not in ("prep", "mark"):
        return None
    opened = f.particle.head if f.particle.dep_ == "mark" else f.particle
    return _then(f, [i for i in _subtree(opened) if i != f.particle.i], _completes_prep), "prep"


def content_xcomp(f: VerbFrame):
    """"urged them to leave", "asked the congregation to stand"."""
    xcomp = next((c for c in f.children if c.dep_ == "xcomp" and c.i > f.tok.i and c.pos_ in ("VERB", "AUX")), None)
    if xcomp is None or "no-infinitive" in f.entry.flags:
        return None
    toks = list(_subtree(xcomp))
    dobj = next((c for c in f.children if c.dep_ == "dobj"), None)
    if dobj is not None and f.tok.i < dobj.i < xcomp.i:  # "asked the congregation to stand"
        toks += _subtree(dobj)
    on = next((c for c in f.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and f.tok.i < c.i < xcomp.i), None)
    if dobj is None and on is not None:  # "called on Gov. Snyder to resign": who is called on, and to do what
        toks += [i for i in _subtree(on) if i != on.i]
    if f.passive and f.subjpass is not None and f.subjpass.lower_ != "it":
        toks += _subtree(f.subjpass)
    return toks, "xcomp"


def content_dobj(f: VerbFrame):
    """"called him a liar": the object and what it is called (not for cues whose object is the addressee), and a
    manner adverb or purpose infinitive right after it ("views Trump unfavorably", "approved forces to help ...")."""
    dobj = next((c for c in f.children if c.dep_ == "dobj"), None)
    if dobj is None or "addressee" in f.entry.flags or "no-object" in f.entry.flags:
        return None
    toks: list[int] = []
    has_oprd = False
    for c in f.children:
        if c is dobj or (c.i > f.tok.i and c.dep_ in ("oprd", "xcomp", "ccomp") and not _participles_clause(f, c)):
            toks += _subtree(c)
            has_oprd = has_oprd or c.dep_ == "oprd"
        elif (c.dep_ == "prep" or (has_oprd and c.dep_ in ("advmod", "npadvmod"))) and c.i > dobj.i \
                and c.left_edge.i == max(toks) + 1 and (has_oprd or c.lower_ not in _TIME_PREPS):
            # "a link to a story", "a master at ...": a PP the parser hung on the verb
            toks += _subtree(c)
        elif c.i > dobj.i and c.left_edge.i == max(toks) + 1 and _completes_object(c):
            toks += _subtree(c)
    return toks, "dobj"


#: what may stand between a naming verb and what it calls its object when the parse found no object ("called both
#: Trump and Clinton “crazy”": "both" a dep, the names an oprd)
_NAMED_DEPS = frozenset({"oprd", "dep", "nmod", "punct"})


def content_oprd(f: VerbFrame):
    """"Graham called both Trump and Clinton “crazy”", "Ryan has previously called out Trump": a verb the parse gave
    a predicate (oprd) after it and no object; the words from the verb (or its particle) to the last predicate.
    Not for cues whose object is the addressee, nor a passive ("a group called the “We The People Foundation”",
    "is now considered the family's best hope": mostly a name or a description, no attribution, on PolNeAR train) and
    not without a source ("Appearing more subdued than usual", "the resort, now called Trump National Doral")."""
    if f.passive or f.source is None or "addressee" in f.entry.flags or "no-object" in f.entry.flags or any(c.dep_ == "dobj" for c in f.children):
        return None
    after = [c for c in f.children if c.i > f.tok.i and not (c.dep_ == "prt" and c.i == f.tok.i + 1)]
    last = max((c.i for c in after if c.dep_ == "oprd"), default=None)
    if last is None:
        return None
    toks: list[int] = []
    for c in sorted(after, key=lambda c: c.i):
        if c.i > last:
            break
        if c.dep_ not in _NAMED_DEPS or (toks and c.left_edge.i != max(toks) + 1):
            return None
        clause = min((g.left_edge.i for g in c.children if g.dep_ in ("relcl", "acl") and g.i > c.i), default=None)
        toks += [i for i in _subtree(c) if clause is None or i < clause]  # not '"Quick Question" in which she discusses'
    doc = f.tok.doc
    while toks and doc[toks[0]].is_punct and doc[toks[0]].lower_ in (",", "-", "\u2014"):
        toks = toks[1:]
    return (toks, "dobj") if toks else None


def content_what_about(f: VerbFrame):
    """"what he says about America", "what others are saying about the candidate choices": the relative "what" (or
    "which") before the verb stands for what was said, which the sentence does not give; what it is about, the object
    of the verb's "about", is the content."""
    if not any(c.dep_ == "dobj" and c.i < f.tok.i and c.lower_ in ("what", "which") for c in f.children):
        return None
    prep = next((c for c in f.children if c.dep_ == "prep" and c.i > f.tok.i and c.lower_ == "about"), None)
    if prep is None:
        return None
    return _then(f, [i for i in _subtree(prep) if i != prep.i], _completes_prep), "prep"


#: the one-word answers a cue verb may report ("46 percent of voters said yes", "neither side would say so")
_ANSWERS = frozenset({"yes", "no", "so"})


def content_answer(f: VerbFrame):
    """"said yes", "said no", "after half said so in the earlier poll": the answer word after the verb, when
    nothing else is said (not "said no to the war", whose cue runs on to its preposition)."""
    word = next((c for c in f.children if c.i > f.tok.i and c.lower_ in _ANSWERS
                 and c.dep_ in ("advmod", "intj", "dobj", "npadvmod", "ccomp", "acomp", "attr")), None)
    if word is None or any(True for _ in word.children):
        return None
    after = f.tok.doc[word.i + 1] if word.i + 1 < len(f.tok.doc) else None
    if after is not None and after.lower_ == "to":
        return None
    return [word.i], "answer"


def _completes_object(c) -> bool:
    """A verb's dependent right after its object that annotators read with it: a manner or degree adverb
    ("views Trump unfavorably", "knows him only recently") or a purpose infinitive ("invoked the attacks to
    defend herself")."""
    if c.dep_ == "advmod" and c.tag_ == "RB":
        return c.lower_ not in _NOT_MANNER
    return c.dep_ == "advcl" and _to_infinitive(c)


def _completes_prep(c) -> bool:
    """A verb's dependent right after its prepositional content that annotators read with it: what the
    object is called ("referring to the US as the “Great Satan”"), a purpose infinitive or a participle
    clause without a comma ("pointed to the data showing ...")."""
    if c.dep_ == "prep":
        return c.lower_ == "as"
    return c.dep_ == "advcl" and (c.tag_ == "VBG" or _to_infinitive(c))


def _to_infinitive(c) -> bool:
    """``c`` is a to-infinitive ("to defend herself")."""
    return c.tag_ == "VB" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)


def _then(f: VerbFrame, toks: list, accept) -> list:
    """``toks`` with the verb's dependents that follow them word for word and that ``accept`` takes."""
    for c in f.children:
        if toks and c.left_edge.i == max(toks) + 1 and accept(c):
            toks = toks + list(_subtree(c))
    return toks


#: what an "on" phrase after a cue verb names when it says where it was said, not what about ("responded on Twitter",
#: "mentions on the campaign trail", "stated on live TV")
_MEDIA = frozenset({"twitter", "facebook", "instagram", "tv", "television", "radio", "trail", "air", "camera", "stage",
                    "show", "broadcast", "podcast", "website", "blog", "media", "line", "phone",
                    "record", "stump", "floor", "view", "cnn", "msnbc", "fox", "nbc", "abc", "cbs", "sunday", "monday",
                    "tuesday", "wednesday", "thursday", "friday", "saturday"})


def _on_a_medium(prep) -> bool:
    """Whether ``prep`` is an "on" phrase naming where (or when) something was said: "on Twitter", "on the campaign
    trail", "on Fox News", "on live TV", "on Tuesday"."""
    if prep.lower_ != "on":
        return False
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return obj is not None and (obj.lower_ in _MEDIA or any(t.lower_ in _MEDIA for t in obj.lefts if t.dep_ == "compound"))


def content_about(f: VerbFrame):
    """"warned of X", "asked for copies", "asked the court for quick action", "told us about X"."""
    preps = ("about", "of", "on", "for") if "addressee" in f.entry.flags else ("about", "of", "on")
    found = [c for c in f.children if c.dep_ == "prep" and c.i > f.tok.i and c.lower_ in preps and not _on_a_medium(c)]
    # "talked openly on social media about her desire ...": "about" says what it is about, "on" may say where
    prep = next((c for c in found if c.lower_ == "about"), found[0] if found else None)
    if prep is None or "no-about" in f.entry.flags:
        return None
    return _then(f, [i for i in _subtree(prep) if i != prep.i], _completes_prep), "prep"


#: the content patterns of a verb inside a longer cue ("tried to paint X as Y")
_INNER_CONTENT: tuple[Callable, ...] = (content_ccomp, content_as, content_particle_prep, content_xcomp, content_dobj, content_about)


def content_cue_infinitive(f: VerbFrame):
    """Flag cue-infinitive ("continued to push for X", "tried to paint X as Y"): the infinitive's verb (and
    its own preposition) joins the cue; that verb's complement is the content. A lexicon verb's longer cue
    needs a cue verb in the infinitive ("continued to insist", not "continued to grow"); a learned claim's
    (entry kind ``light``) was judged by the cue model."""
    if "cue-infinitive" not in f.entry.flags or f.passive:
        return None
    x = next((c for c in f.children if c.dep_ == "xcomp" and c.i > f.tok.i and c.pos_ == "VERB"), None)
    if x is None or (f.entry.kind != "light" and x.lemma_.lower() not in f.cue_verbs):
        return None
    children = tuple(x.children)
    particle = next((c for c in children if c.dep_ == "prep" and c.i > x.i and c.lower_ == "as"), None)
    if particle is None and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in children):
        particle = next((c for c in children if c.dep_ == "prep" and c.i > x.i and c.lower_ not in _TIME_PREPS), None)
    inner = VerbFrame(tok=x, entry=Entry(cue=x.lemma_.lower(), kind="verb", cls="neutral", strength=1.0),
                      particle=particle, children=children, passive=False, subjpass=None, source=None,
                      agent_tok=None, inverted=None)
    for find in _INNER_CONTENT:
        found = find(inner)
        if found is not None and found[0]:
            toks, pattern = found
            last = x.i
            if pattern == "prep":  # the preposition whose object is the content ("push for X", "talk about X")
                last = particle.i if particle is not None else min(toks) - 1
            prt = next((c for c in children if c.dep_ == "prt" and c.i == x.i + 1), None)  # "to lay out"
            if prt is not None and pattern != "prep":
                last = prt.i
            toks = [i for i in toks if i > last]
            return (toks, pattern, last) if toks else None
    return None


def content_cue_object(f: VerbFrame):
    """Flag cue-object ("expressed concern about X", "made comments about X", "unveiled a proposal to X"): the
    object noun (and its preposition) join the cue; the preposition's object (or the noun's clause) is the content."""
    if "cue-object" not in f.entry.flags or f.passive:
        return None
    dobj = next((c for c in f.children if c.dep_ == "dobj" and c.i > f.tok.i), None)
    if dobj is None or dobj.pos_ != "NOUN":
        return None
    after = next((c for c in dobj.children if c.i > dobj.i and c.dep_ in ("prep", "acl", "ccomp")), None)
    said = _saying_participle(after)
    if said is not None:
        return said
    if after is not None and after.dep_ != "prep" and _opens_clause(after):
        # "unveiled a proposal to create X", "shared her belief that X": the clause is the content
        return list(_subtree(after)), "ccomp", after.left_edge.i - 1
    prep = after if after is not None and after.dep_ == "prep" else None
    if prep is None or prep.lower_ in _NOT_ABOUT or not any(g.dep_ in ("pobj", "pcomp") for g in prep.children):
        return None
    return [i for i in _subtree(prep) if i > prep.i], "prep", prep.i


def _saying_participle(after):
    """("issued a statement saying that X", "issued statements condemning X", "issued an injunction blocking X"): a
    participle on the object noun joins the cue (PolNeAR's cue runs over it, 21 times on train, 5 in the content),
    what it takes after it is the content; else None."""
    if after is None or after.dep_ != "acl" or after.tag_ != "VBG" or after.left_edge.i != after.i:
        return None
    last = next((c for c in after.children if c.dep_ == "prt" and c.i == after.i + 1), after)  # "calling on"
    if not any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > last.i for c in after.children):
        return None
    toks = [i for i in _subtree(after) if i > last.i]
    return (toks, "ccomp", last.i) if toks else None
#: objects that are whom something was said to, after a cue verb not flagged addressee ('“...,” Clinton assured them')
_PERSONS = frozenset({"me", "you", "him", "her", "us", "them"})


def _object_next(f: VerbFrame) -> bool:
    """Whether the cue verb's object follows it word for word ("questioned Mr. Trump's veracity"), not after a comma
    ('said, another reference to ...': the parse's object is no object)."""
    dobj = next((c for c in f.children if c.dep_ == "dobj" and c.i > f.tok.i), None)
    return (dobj is not None and dobj.left_edge.i == f.tok.i + 1 and dobj.lower_ not in _PERSONS  # ("told them": whom to)
            and not any(c.dep_ == "acl" for c in dobj.children))  # ("recalled the president telling him": a clause)


def _drop_left_quote(page: Page, toks: list, tok) -> list:
    """A clause content after the cue without a quotation before the speaker that ended its own sentence,
    which the parse hung on the clause ('“Why should I be surprised?” He said it was doing its best ...')."""
    subj = subject(tok)
    first = min(tok.i, subj.left_edge.i) if subj is not None else tok.i
    left = [i for i in toks if i < first]
    if not left or len(left) == len(toks) or not page.quotes:
        return toks
    doc = page.doc
    s, e = doc[min(left)].idx, doc[max(left)].idx + len(doc[max(left)])
    if any(ch in page.text[e : doc[first].idx] for ch in ".!?") and page.quotes.quoted_chars(s, e) >= 0.9 * (e - s):
        return [i for i in toks if i >= first]
    return toks


def _addressee(f: VerbFrame):
    """Whom a cue whose object is the addressee (tell, ask) was said to, when that object follows it, else None."""
    if "addressee" not in f.entry.flags:
        return None
    return next((c for c in f.children if c.dep_ in ("dobj", "dative") and c.i > f.tok.i), None)


def addressed_to(f: VerbFrame):
    """The last token of whom a cue whose object is the addressee (tell, ask) was said to, when that object
    follows it ("telling the crowd"), else None."""
    obj = _addressee(f)
    return obj.doc[obj.right_edge.i] if obj is not None else None


def _only_when(page: Page, toks) -> bool:
    """Whether a content is only when it was said ("said Friday", "responded on Sunday"): no content."""
    punct, doc, words = page.cols.punct, page.doc, False
    for i in toks:
        if punct[i]:
            continue
        t = doc[i]
        if not (t.ent_type_ in ("DATE", "TIME") or (t.dep_ == "prep" and t.lower_ == "on")):
            return False  # the first word that is not a time settles it: the content's other words are not read
        words = True
    return words


def _in_cue_paragraph(page: Page, cue: int, toks) -> list:
    """The tokens of a content the parse gave the cue verb that lie in the cue's paragraph, the parse having run
    over a break ("She urged the administration to join ...⏎⏎''I assume she and her advisers are trying ...,'' said
    Paul R. Pillar": not what she urged); all of them when the cue's paragraph ends with a colon after the cue ("he
    said:⏎⏎“...”": it leads into the next)."""
    if not toks:
        return toks
    newline, n = page.cols.newline, len(page.doc)
    if not any(newline[k] for k in range(min(min(toks), cue), max(max(toks), cue))):
        return toks
    s = cue
    while s > 0 and not newline[s - 1]:
        s -= 1
    e = cue
    while e < n - 1 and not newline[e]:
        e += 1
    k = e
    while k > cue and page.doc[k].is_space:
        k -= 1
    if k > cue and page.doc[k].text == ":":
        return toks
    return [i for i in toks if s <= i <= e]


def _opens_clause(c) -> bool:
    """``c`` is a that-clause or a to-infinitive."""
    return any((g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to") for g in c.children)


def content_object_participle(f: VerbFrame):
    """Flag cue-participle ("published a story detailing X", "approved a resolution condemning X"): a participle
    right after the object noun joins the cue with the noun; what the participle takes is the content."""
    if "cue-participle" not in f.entry.flags or f.passive:
        return None
    dobj = next((c for c in f.children if c.dep_ == "dobj" and c.i > f.tok.i), None)
    if dobj is None or dobj.pos_ != "NOUN":
        return None
    return _saying_participle(next((c for c in dobj.children if c.i > dobj.i and c.dep_ in ("prep", "acl", "ccomp")), None))


#: A cue verb's content patterns, tried in this order; the first that applies gives the content (and, for a
#: longer cue, the cue's last token).
VERB_CONTENT: tuple[Callable, ...] = (content_cue_infinitive, content_cue_object, content_object_participle, content_ccomp,
                                      content_asked_if, content_asked_passive, content_as,
                                      content_particle_prep, content_xcomp, content_what_about, content_dobj, content_about,
                                      content_answer, content_oprd)


def _with_quote_continuing(page: Page, segs, left: int, right: int):
    """``segs`` with the quotation opening the next sentence when they end right before the speaker and cue and
    hold quoted words: 'Obama "felt a moral obligation" to act, Axelrod said. "This is core stuff for him."'."""
    text, quotes = page.text, page.quotes
    end = max(e for _, e in segs)
    if end > left or text[end:left].strip(" \t\u00a0,\u201d\"'\u2014\u2013-") or not any(quotes.quoted_chars(s, e) for s, e in segs):
        return segs
    last = quotes.overlapping(*segs[-1])
    tail = page.doc.char_span(last[-1][1], end, alignment_mode="expand") if last and last[-1][1] < end else None
    if tail is not None and text[last[-1][1] - 1] == "," and not any(t.pos_ in ("VERB", "AUX") for t in tail):
        return segs  # '“X,” another friend, Mariam Emara told CNN': the words after the quotation are the speaker's
    q = quote_continues(text, quotes, right)
    if q is None or not (text[q[1] - 1] in ".!?" or any(ch in ".!?\n" for ch in text[q[1]:q[1] + 3])):
        return segs  # 'said. "And yet it would seal the deal" because ...': the quotation is not the whole sentence
    return segs + [q]


#: the clauses before its speaker that a root cue verb ending its sentence reports ("As X prepared to speak, a girl
#: was pepper-sprayed, police said")
_BEFORE_CLAUSES = frozenset({"advcl", "ccomp", "csubj", "parataxis", "conj"})


def clause_before_speaker(page: Page, tok, subj) -> list:
    """The clause a speaker and cue set off after it report, when the parse made the cue a conjunct of that
    clause ("The plant is under intense pressure, said the company's chief executive") or the root, ending its
    sentence, with that clause as its adverbial ("As Trump prepared to speak, a girl was pepper-sprayed, police
    said"): its tokens before the speaker, or [] (no speaker set off by a comma or a closing quotation mark)."""
    if subj is None:
        return []
    doc = page.doc
    first = min(subj.left_edge.i, tok.i)
    sent = page.sentence(tok.i)
    if first - 1 < sent.start or not (doc[first - 1].text == "," or doc[first - 1].is_quote):
        return []
    if tok.dep_ == "conj" and tok.head.i < first:
        return [i for i in page.subtree_minus(tok.head, tok) if i < first]
    if tok.dep_ == "ROOT" and subj.i < tok.i and all(t.is_punct or t.is_space for t in doc[tok.i + 1 : sent.end]):
        return [i for c in tok.children if c.i < first and c.dep_ in _BEFORE_CLAUSES for i in _subtree(c)]
    return []
def experiencer(page: Page, f: VerbFrame) -> Optional[Candidate]:
    """Flag experiencer ("The remark worried some analysts", "the production gluts now worrying policy makers", "FBI
    officials were angered by the deal"): who feels it, the object (passive: the subject), is the source; what it is
    about, the subject or the noun the participle qualifies (passive: the by-phrase), is the content. None when the verb
    has no such pair ("voters worry that ...": the cue verb's own patterns)."""
    if "experiencer" not in f.entry.flags or f.particle is not None or any(c.dep_ == "prt" for c in f.children):
        return None  # ("rattled off the same talking point": another verb)
    tok = f.tok
    if f.passive:
        holder = f.subjpass
        agent = next((c for c in f.children if c.dep_ == "agent"), None)
        about = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if holder is None or about is None or holder.lower_ in _EXPLETIVES:
            return None
        source, content = page.np_span(holder, near=tok.i), page.np_span(about)
    else:
        holder = next((c for c in f.children if c.dep_ == "dobj" and c.i > tok.i), None)
        if holder is None or any(c.dep_ in ("ccomp", "xcomp") for c in f.children):
            return None
        if tok.dep_ == "acl" and tok.head.i < tok.i:  # "the production gluts now worrying policy makers"
            content = page.np_span(tok.head, stop=min(tok.left_edge.i, tok.i))
        else:
            subj = subject(tok)
            content = page.np_span(subj, near=tok.i) if subj is not None and subj.i < tok.i else None
        source = page.np_span(holder)
    if source is None or content is None:
        return None
    return Candidate("indirect", tok.i, tok.i + 1, f.entry.cue, f.entry, ((content.start, content.end),), source, "experiencer")


#: dependents between a cue verb and a colon that make a clause of their own: what comes before the colon is said
_OWN_CLAUSE = frozenset({"ccomp", "relcl", "nsubj", "nsubjpass", "csubj", "parataxis"})
#: objects of a cue verb that only point at what follows its colon ("tweeting the following:", "had this to say:")
_PLACEHOLDERS = frozenset({"following", "this", "that", "these", "thus"})
#: how far after its cue verb a colon may end the cue's phrase ("had this to say about his free-college proposal:")
MAX_BEFORE_COLON = 10


def content_after_colon(page: Page, f: VerbFrame, content_toks) -> Optional[list]:
    """"tweeting the following: Crowd in Hialeah going wild ...", "had this to say about his free-college proposal:
    ...", "argued that: ...": the words after a colon that ends the cue verb's own phrase are what was said, not the
    placeholder or the topic before it. The tokens from the colon to the end of the sentence after it (not across a
    paragraph break), or None (no such colon, a clause of its own before it, a content already past it)."""
    tok, doc = f.tok, f.tok.doc
    sent = page.sentence(tok.i)
    starts, ends, text = page.cols.starts, page.cols.ends, page.text  # a token ":" is one char, a colon
    colon = next((j for j in range(tok.i + 1, min(sent.end, tok.i + 1 + MAX_BEFORE_COLON))
                  if ends[j] - starts[j] == 1 and text[starts[j]] == ":"), None)
    if colon is None or colon + 1 >= len(doc) or colon == tok.i + 1:
        return None
    between = doc[tok.i + 1 : colon]
    if any(t.dep_ in _OWN_CLAUSE or t.is_quote or "\n" in t.whitespace_ for t in between) \
            or not all(tok.left_edge.i <= t.i <= tok.right_edge.i or t.dep_ == "mark" for t in between):
        return None
    marked = colon == tok.i + 2 and doc[tok.i + 1].lower_ == "that" and doc[tok.i + 1].dep_ == "mark"  # "argued that:"
    if content_toks and max(content_toks) > colon and not marked:
        return None
    start = colon + 1
    while start < len(doc) and doc[start].is_space:
        start += 1
    if start >= len(doc):
        return None
    holders = [tok] + ([tok.head] if tok.dep_ in ("xcomp", "relcl", "acl") else [])
    # (not after another verb: "..., saying:"; nor after what was asked about: "when asked about the email inquiry:")
    quoted = _quote_opens(page, start) and not any(t.pos_ in ("VERB", "AUX") or (t.lower_ == "about" and t.dep_ == "prep")
                                                   for t in between)
    if not marked and not quoted and not any(
            c.dep_ in ("dobj", "ccomp", "nsubjpass") and c.lower_ in _PLACEHOLDERS
            and all(g.dep_ == "det" for g in c.children) for h in holders for c in h.children):
        return None  # "asked a simple question: Who ...", "seem to agree: At one point ...": the words before it say it
    if "\n" in doc[colon].whitespace_ or any("\n" in t.text for t in doc[colon + 1 : start]):
        return None  # a colon ending its paragraph ("tweeting the following:⏎⏎Crowd ..."): claims stay in their paragraph
    end = page.sentence(start).end
    toks = []
    for j in range(start, end):
        if doc[j].is_space and "\n" in doc[j].text:
            break
        toks.append(j)
        if "\n" in doc[j].whitespace_:
            break
    if not any(doc[j].is_alpha for j in toks):
        return None
    return toks


def _quote_opens(page: Page, start: int) -> bool:
    """A quotation opens at token ``start``, its mark ("saying in a Trumpian post on Twitter: ''The new email
    release is a disaster ...''", "to encourage young staffers with a simple message: ''Don't screw this up!''")."""
    q = page.quotes.containing(page.cols.ends[start])
    return q is not None and q[0] == page.cols.ends[start]


def _quote_paragraphs(page: Page, pos: int, after_quote: bool = True) -> list:
    """The whole-paragraph quotations that carry a quotation (or the words) ending at char ``pos`` on after it, in
    the paragraphs that follow (at most :data:`MAX_QUOTE_PARAGRAPHS`; ``after_quote``: as
    :func:`~provenance.extract.quotes.quote_paragraph_after` reads it)."""
    out = []
    q_next = quote_paragraph_after(page.text, page.quotes, pos, after_quote=after_quote)
    while q_next is not None and len(out) < MAX_QUOTE_PARAGRAPHS:
        out.append(q_next)
        q_next = quote_paragraph_after(page.text, page.quotes, q_next[1], after_quote=True)
    return out


#: the subjects of a cue verb that, opening the sentence before a comma, make it a discourse marker ("That said, ...")
_MARKER_SUBJECTS = frozenset({"that", "this"})


def discourse_marker(page: Page, tok) -> bool:
    """Whether cue token ``tok`` opens its sentence as a discourse marker, "That said," / "That being said,": no one
    is said to say anything (the clause after it is the writer's)."""
    if tok.i + 1 >= len(page.doc) or page.doc[tok.i + 1].text != ",":
        return False
    start = page.sentence(tok.i).start
    if tok.i - start > 3:
        return False
    words = [t.lower_ for t in page.doc[start : tok.i] if not t.is_punct]  # "(That said, ..."
    return bool(words) and words[0] in _MARKER_SUBJECTS and words[1:] in ([], ["being"])


def _dated_participles_noun(tok):
    """The noun before a passive participle that modifies it with only a date or time (the parse's entity) after it and
    no agent ("a plan announced earlier this year", "A $160 billion megamerger announced Monday"), else None."""
    noun = tok.head
    if tok.dep_ != "acl" or tok.tag_ != "VBN" or noun.i > tok.i or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    kids = list(tok.children)
    if not any(c.dep_ == "npadvmod" and c.ent_type_ in ("DATE", "TIME") for c in kids) \
            or any(c.dep_ in ("agent", "prep", "oprd", "dobj") for c in kids):
        return None
    return noun


def verb(page: Page, notes: Notes, tok, entries: dict, sourceless: bool = False) -> Optional[Candidate]:
    """A cue verb: content from its complement (:data:`VERB_CONTENT`), the quotations next to the
    speaker and cue, the clause before it, or (passive) its subject; for a verb of feeling
    (:func:`experiencer`) the object feels what the subject is."""
    if discourse_marker(page, tok):
        return None
    f = verb_frame(page, notes, tok, entries)
    if f is None:
        return None
    if (felt := experiencer(page, f)) is not None:
        return felt
    children, passive, subjpass, source, particle = f.children, f.passive, f.subjpass, f.source, f.particle
    content_toks, pattern, cue_last = [], None, None
    for find in VERB_CONTENT:
        found = find(f)
        if found is not None and not _only_when(page, found[0]) and (toks := _in_cue_paragraph(page, tok.i, found[0])):
            content_toks, pattern = toks, found[1]
            cue_last = found[2] if len(found) > 2 else None
            break
    after = content_after_colon(page, f, content_toks)
    if after is not None:
        content_toks, pattern, cue_last = after, "ccomp", None
    if f.agent_tok is not None and f.agent_tok.dep_ == "prep":  # a stray by-phrase (the source) is no content
        a = f.agent_tok
        content_toks = [i for i in content_toks if not a.left_edge.i <= i <= a.right_edge.i]
    if not content_toks and tok.i in notes.cue_content:  # "said in a statement that ...": the clause hangs on the noun
        content_toks, pattern = list(notes.cue_content[tok.i]), "ccomp"
    if tok.dep_ == "relcl" and content_toks and min(content_toks) < tok.i:
        # "applicants, which he said were evenly split": the clause holds its cue's own relative clause, which
        # drop_trailing_relative would take for a trailing one; the cue and its speaker are no content anyway
        subj = subject(tok)
        own = {tok.i} | (set(_subtree(subj)) if subj is not None else set())
        content_toks = [i for i in content_toks if i not in own]
    if pattern == "ccomp" and f.source is not None and not passive:
        content_toks = content_set_in(tok, f.set_in, content_toks)
    if pattern == "ccomp":
        content_toks = _drop_left_quote(page, content_toks, tok)
    segs = page.segments(page.drop_trailing_relative(content_toks))
    if after is not None and _quote_opens(page, after[0]):  # a quotation after the colon may run on over paragraphs
        segs += _quote_paragraphs(page, page.quotes.containing(page.cols.ends[after[0]])[1])

    # quotations next to the speaker and cue: "X," she said, "Y."
    quotes, text = page.quotes, page.text
    subj = f.inverted or subject(tok)
    src_a = min(tok.i, subj.left_edge.i) if subj is not None else tok.i
    src_b = max(tok.i, subj.right_edge.i) if subj is not None else tok.i
    cols = page.cols
    while src_a < tok.i and cols.punct[src_a]:  # '“X,” Butz, 49, told': the parse hangs ", ”" on the speaker
        src_a += 1
    left, right = cols.starts[src_a], cols.ends[src_b]
    if (particle is None or _only_when(page, _subtree(particle))) and not passive:  # "fumed on Tuesday": no particle
        q_before = quote_before(text, quotes, left)
        if q_before is not None and page.sent_at(q_before[1] - 1) != page.sent_of[src_a] and not opens_sentence(text, q_before[0]):
            q_before = None  # the quote ended a sentence of its own: "... her “sex tape.” Ditto said she ..."
        if q_before is not None and "\n" in text[q_before[1]:tok.idx]:
            q_before = None  # a quotation ending the paragraph before is not what a speaker opening this one says
        if after is not None:
            q_before = None  # the words after the cue's colon are what it says ("..., saying on Twitter: “...”")
        q_after = quote_after(text, quotes, right)
        if q_after is not None and page.sent_of[src_b] != page.sent_at(q_after[0]) and not page.colon_follows(right):
            q_after = None
        if q_before is not None and q_after is None:
            q_after = quote_continues(text, quotes, right)
        if not segs and q_before is None and q_after is None and (heard := addressed_to(f)) is not None and heard.i > src_b:
            # "..., telling reporters, “X.”": the quotation follows whom it was told
            q_after = quote_after(text, quotes, heard.idx + len(heard))
            if q_after is not None and page.sent_of[heard.i] != page.sent_at(q_after[0]) and not page.colon_follows(heard.idx + len(heard)):
                q_after = None
        inside = quotes.containing(tok.idx)
        if inside is not None:  # “... they said it's negotiable ...”: the quote the cue stands in is its speaker's, not its content
            q_before = None if q_before == inside else q_before
            q_after = None if q_after == inside else q_after
        if q_before is not None or q_after is not None:
            quoted_segs = [q for q in (q_before, q_after) if q is not None]
            if inside is None:  # the quotation runs on in the next paragraph(s): “X,” he said.\n\n“Y.”
                quoted_segs += _quote_paragraphs(page, q_after[1] if q_after else right, after_quote=q_after is not None)
            if pattern == "dobj" and q_after is None and _object_next(f) and not all(quotes.quoted_chars(s, e) for s, e in segs):
                pass  # '“Latin History for Dummies,” the actor discussed the absence of Latinos': the object is what it says
            elif not segs or pattern in ("dobj", "prep") or all(quotes.quoted_chars(s, e) for s, e in segs):
                segs = quoted_segs + [s for s in segs if quotes.quoted_chars(*s)]
                pattern = "quote"
    # content before the cue: "The economy is fine, the minister said" parsed as parataxis
    if not segs and not passive and (tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.head.i < tok.i)):
        content_toks = page.subtree_minus(tok.head, tok)
        if tok.dep_ != "parataxis":  # a parenthetical "X, she said, Y" wraps its content
            content_toks = [i for i in content_toks if i < tok.i]
        segs = page.segments(content_toks)
        pattern = "before"
    # "X is under pressure, said the chief executive": the parse hung the cue and speaker on the clause before
    if not segs and not passive and source is not None:
        content_toks = clause_before_speaker(page, tok, subj)
        if content_toks:
            segs = page.segments(content_toks)
            pattern = "before"
    # "As the minister said, the economy is fine": an as-clause before the clause it attributes
    if (not segs and (not passive or (source is not None and subjpass is None)) and tok.dep_ == "advcl" and tok.head.i > tok.i
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)):  # ... and "As reported by X, ..."
        segs = page.segments([i for i in page.subtree_minus(tok.head, tok) if i > tok.right_edge.i])
        pattern = "before"
    # "The move was criticized by economists", "Cruz was endorsed by Fiorina": the subject is what is attributed
    if not segs and passive and source is None and (noun := _dated_participles_noun(tok)) is not None:
        # "The tentative deal, announced Friday, ...", "A draft document approved Saturday": the noun is what was said
        segs = page.segments(i for i in range(noun.left_edge.i, tok.i) if not page.doc[i].is_punct or i < tok.i - 1)
        pattern = "passive_subject"
    if not segs and passive and subjpass is not None and subjpass.lower_ not in ("it", "there"):
        content_toks = list(_subtree(subjpass))
        prep = next((c for c in children if c.dep_ == "prep" and c.i > tok.i and c.lower_ not in _TIME_PREPS and c is not f.agent_tok), None)
        if prep is not None:
            content_toks += _subtree(prep)
            if "cue-prep" in f.entry.flags:  # "Ginsburg is known for | speaking her mind": the preposition joins the cue
                content_toks.remove(prep.i)
                cue_last = prep.i
        # "many potential Sanders delegates were deemed | ineligible": what the subject is declared to be is said of it
        content_toks += [i for c in children if c.dep_ == "oprd" and c.i > tok.i for i in _subtree(c)]
        segs = page.segments(content_toks)
        pattern = "passive_subject"
    if not segs:
        return None
    if particle is None and not passive and pattern != "quote":
        segs = _with_quote_continuing(page, segs, left, right)
    # a parse that runs over a paragraph break ('“...?”⏎⏎“That never happened,” Bob said') takes no quotation from there
    segs = extend_with_quotes(quotes, page.in_paragraph((tok.idx, tok.idx + len(tok)), segs), tok.idx)
    a, b = tok.i, tok.i + 1
    if particle is not None and particle.i == tok.i + 1 and particle.dep_ == "prt":
        b = particle.i + 1
    if tok.i in notes.cue_ext:
        b = notes.cue_ext[tok.i] + 1
    if cue_last is not None:  # "continued to push for", "expressed concern about"
        b = max(b, cue_last + 1)
    if passive and source is None:
        kind = "passive"
        # the cue of an agentless passive includes its auxiliaries: "is said", "are seen"
        aux = [c.i for c in children if c.dep_ in ("auxpass", "aux") and c.i < tok.i]
        if aux and all(page.doc[j].dep_ in ("auxpass", "aux", "neg", "advmod") for j in range(min(aux), tok.i)):
            a = min(aux)
    else:
        kind = "indirect"
    if source is None and not passive and pattern not in ("ccomp", "quote") and not sourceless:
        return None  # "faster than expected": no speaker, no clause: not an attribution
    factor = 0.8 if (source is None and not passive) else 1.0
    return Candidate(kind, a, b, f.entry.cue, f.entry, tuple(segs), source, pattern, factor)
