"""One small function per cue pattern: a cue token in, a :class:`Candidate` record (or None) out.

:data:`TRIGGERS` is the dispatch table: which pattern looks at which kind of cue token, in order; its
last row, the learned cue pattern (:mod:`provenance.extract.learned`), is a fallback offered every verb
of which no other row left a claim.
:data:`PATTERN_RELIABILITY` says how often each content pattern is right (it goes into the
confidence). The cue-verb pattern and its content patterns live in :mod:`provenance.extract.verbs`.

Patterns read the page (:class:`~provenance.extract.geometry.Page`) and a few notes that earlier
patterns leave for later ones (:class:`Notes`: "said in a statement" makes the noun phrase part of
the verb's cue; "according to X" must not be swallowed by another claim's content).
"""

from __future__ import annotations

from typing import Callable, Optional

import attrs

from ..model import Span
from .candidate import PATTERN_RELIABILITY, Candidate, Notes  # noqa: F401  (re-exported)
from .geometry import Page
from .lexicon import Entry
from .quotes import quote_after, quote_before
from .sources import noun_source, source_of, subject
from .learned import learned
from .verbs import VERB_CONTENT, verb  # noqa: F401  (re-exported)

_NOUN_PREPS = frozenset({"of", "for", "about", "on", "against", "over", "that"})


def _subtree(t) -> range:
    return range(t.left_edge.i, t.right_edge.i + 1)


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
    before = _conjunct_after_source(tok, head)
    if before is not None:
        head = before
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
    content = page.drop_fronted(head, page.subtree_minus(head, tok))
    if before is not None:
        content = [i for i in content if i < tok.i]
    return Candidate("according_to", tok.i, tok.i + 2, "according to", entry, tuple(page.segments(content)), source, "according")


def _conjunct_after_source(tok, head):
    """The clause before ", according to X" when the parse hung the phrase on a clause after X that it made a conjunct
    of that clause ("Now the FBI is looking into whether ..., according to three intelligence sources who spoke to Fox
    News but were not authorized to speak on the record", "Osman is believed to have been on the flight, according to an
    interview his brother Alastair Osman gave to ITV"): X's own relative clause or a clause of its own, not what X
    reports; else None."""
    doc = tok.doc
    if head.i < tok.i or head.dep_ != "conj" or head.head.i > tok.i or tok.i == 0 or doc[tok.i - 1].text != ",":
        return None
    if tok.right_edge.i + 1 < len(doc) and doc[tok.right_edge.i + 1].text == ",":
        return None  # "after, according to him, Mexico's powerful Televisa network censured ...": the phrase set off inside
    return head.head


def prep_object(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"In a Fox News poll, 45 percent said ...": a preposition opening its clause whose object is a source noun
    (``cues.tsv`` kind prep, flag source-object) is the cue, the object's noun phrase the source, the clause the
    phrase hangs on the content (without what opens it before its subject). Not after its verb ("viewed him
    favorably in the poll": the verb is the cue; "he slid in the polls": annotated as often as not), nor in a
    sentence with "according to X"."""
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    head = tok.head
    if pobj is None or head is tok or head.pos_ not in ("VERB", "AUX"):
        return None  # "in the poll's margin of error": the phrase qualifies a noun, not a clause
    if tok.i > head.i:
        return None  # "viewed him favorably in the poll": the verb is the cue; "where he has been leading in the polls",
        # "slid in the polls": annotated as often as not
    if notes.according_phrases.get(int(page.sent_of[tok.i])):
        return None  # "X leads in national polls, according to Y": the outlet is the source
    source = page.np_span(pobj)
    if source is None:
        return None
    content = page.drop_fronted(head, page.subtree_minus(head, tok))
    return Candidate("according_to", tok.i, tok.i + 1, tok.lower_, entry, tuple(page.segments(content)), source, "according")


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


#: how a verb + adjective cue's adjective hangs on the verb ("made it clear": a ccomp with "it" as its subject)
_ADJ_DEPS = frozenset({"ccomp", "oprd", "acomp", "xcomp", "dobj", "advmod"})
#: how the clause after it hangs on the adjective or the verb ("made it clear that ...")
_ADJ_CLAUSE_DEPS = frozenset({"advcl", "ccomp", "csubj"})


def _cue_adjective(tok, adjectives: dict):
    """The adjective of a verb + adjective cue after ``tok`` ("made it clear", "made very clear"), or None."""
    return next((c for c in tok.children if c.dep_ in _ADJ_DEPS and tok.i < c.i <= tok.i + 4
                 and c.lower_ in adjectives), None)


def verb_adjective(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"Clinton made it clear to House Democrats that she has their backs": a verb and the adjective that
    completes it (``cues.tsv`` kind adjective) are the cue, the clause after them the content, the verb's
    subject the source."""
    adj = _cue_adjective(tok, {entry.cue.partition(" ")[2]: entry})
    if adj is None or any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return None  # "as was made clear last week": nobody makes it
    clause = next((c for c in list(adj.children) + list(tok.children) if c.dep_ in _ADJ_CLAUSE_DEPS and c.i > adj.i), None)
    if clause is None:
        return None
    content = list(_subtree(clause))
    return Candidate("indirect", tok.i, adj.i + 1, entry.cue, entry, tuple(page.segments(content)),
                     source_of(page, notes, tok), "ccomp")


def _as_object(tok, objects: dict):
    """The object of an as-clause cue ("as one voter put it"): ``tok``'s object right after it, when ``tok``
    has the mark "as"; else None."""
    if tok.i + 1 >= len(tok.doc) or not any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return None
    obj = tok.doc[tok.i + 1]
    return obj if obj.head.i == tok.i and obj.dep_ == "dobj" and obj.lower_ in objects else None


def as_phrase(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"As Tom Ridge put it: ''The barbarians are ...''", "..., as one voter put it.": a verb phrase that
    attributes only in an as-clause (``cues.tsv`` kind as-phrase); content and source as for a cue verb
    (the clause the as-clause qualifies, or the quotation after it)."""
    obj = _as_object(tok, {entry.cue.partition(" ")[2]: entry})
    if obj is None:
        return None
    cand = verb(page, notes, tok, {"": attrs.evolve(entry, kind="verb", flags=entry.flags | {"no-object"})})
    if cand is None or cand.source is None:
        return None
    return attrs.evolve(cand, cue_b=max(cand.cue_b, obj.i + 1), entry=entry, lemma=entry.cue)


def _object_prep(tok, objects: dict):
    """(object, preposition, entry) of a verb + object + preposition cue on ``tok`` ("took a shot at", "poked fun
    at": the preposition on the object or on the verb; ``objects`` keyed "shot at"), or None."""
    for obj in tok.children:
        if obj.dep_ != "dobj" or obj.i < tok.i or obj.i > tok.i + 4:
            continue
        lemma = obj.lemma_.lower()
        for prep in list(obj.children) + list(tok.children):
            if prep.dep_ == "prep" and prep.i == obj.i + 1:
                entry = objects.get(f"{lemma} {prep.lower_}")
                if entry is not None:
                    return obj, prep, entry
    return None


def verb_object(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """"Cruz also took a shot at Trump", "took issue with the ruling": a verb, its object noun and the preposition
    after it (``cues.tsv`` kind object) are the cue, the preposition's object the content, the verb's subject
    the source."""
    found = _object_prep(tok, {entry.cue.partition(" ")[2]: entry})
    if found is None:
        return None
    _, prep, _ = found
    content = [i for i in _subtree(prep) if i != prep.i]
    if not content:
        return None
    return Candidate("indirect", tok.i, prep.i + 1, entry.cue, entry, tuple(page.segments(content)),
                     source_of(page, notes, tok), "prep")


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
                # "said in a statement that ...": the parser may hang the clause on the noun; it is the verb's content
                clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and c.i > tok.i
                               and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
                if clause is not None:
                    notes.cue_ext[head_verb.i] = clause.left_edge.i - 1
                    notes.cue_content[head_verb.i] = tuple(_subtree(clause))
                else:
                    notes.cue_ext[head_verb.i] = prep.right_edge.i
            return None
        subj = subject(head_verb)
        if subj is None:
            return None
        content = page.subtree_minus(head_verb, subj, prep)
        return Candidate("indirect", prep.i, prep.right_edge.i + 1, entry.cue, entry, tuple(page.segments(content)),
                         page.np_span(subj), "noun")
    # "his claim that ...", "calls to break up the banks", "questions about his health"
    if "attribute" in entry.flags:
        return _attribute(page, tok, entry)
    held = _held_of(page, notes, tok, entry)
    if "possessor" in entry.flags and not any(c.dep_ == "poss" for c in tok.children) and held is None:
        return None
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
    if held is not None:
        source, target = held
        return Candidate("indirect", tok.i, tok.i + 1, entry.cue, entry, tuple(page.segments(target)), source, "noun_clause")
    source = noun_source(page, notes, tok)
    # the prior trusts a possessive holder ("his claim that ..."), not one found further off
    return Candidate("indirect", tok.i, tok.i + 1, entry.cue, entry, tuple(page.segments(content)), source, "noun_clause",
                     1.0 if any(c.dep_ == "poss" for c in tok.children) else 0.7)


def _attribute(page: Page, tok, entry: Entry) -> Optional[Candidate]:
    """Flag attribute ("Hughes, 43, is a fervent supporter of Donald J. Trump", "Dayton has been a longtime Clinton
    supporter"): the noun the attribute of "be", its subject the source, the object of its of-phrase or the name
    before it the content; else no claim."""
    if tok.dep_ != "attr" or tok.head.lemma_ != "be":
        return None
    subj = subject(tok.head)
    if subj is None or subj.i > tok.head.i:
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i), None)
    if of is not None and any(g.dep_ == "pobj" for g in of.children):
        content = [i for i in _subtree(of) if i != of.i]
    else:
        names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
        if not names:
            return None
        content = [i for c in names for i in _subtree(c)]
    source = page.np_span(subj)
    return Candidate("indirect", tok.i, tok.i + 1, entry.cue, entry, tuple(page.segments(content)), source, "noun_clause")


def _held_of(page: Page, notes: Notes, tok, entry: Entry):
    """Flag of-holder ("the bill has the backing of many Democrats", "Cruz also earned the backing of two of the state's
    congressional Republicans"): the noun the object of "have" or of a target verb, the object of its "of" phrase holds it
    (the source) and the verb's subject has it (the content): (source span, content tokens), else None."""
    if "of-holder" not in entry.flags or tok.dep_ != "dobj" or tok.head.pos_ not in ("VERB", "AUX") \
            or (tok.head.lemma_ != "have" and tok.head.lemma_ not in notes.targets):
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    subj = subject(tok.head)
    if pobj is None or subj is None or subj.i > tok.head.i:
        return None
    source = page.np_span(pobj)
    return (source, list(_subtree(subj))) if source is not None else None


def verb_as_noun(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """A cue verb the tagger read as a noun heading its sentence ("Trump claims he's worth $10 billion", "Super PAC
    blasts Trump for skipping debate") or inside a headline's names ("Ted Cruz Hints Trump Would Get Border Wall
    Contract"): the words before it are the source, the words after it the content."""
    sent = page.sentence(tok.i)
    if tok.dep_ == "compound":  # a headline: the line's words before it and after it
        a, b = _headline(tok)
        src = page.trim(a, tok.i)
        after = list(range(tok.i + 1, b))
    else:
        src = page.trim(tok.left_edge.i, tok.i)
        after = [i for i in range(tok.i + 1, min(tok.right_edge.i + 1, sent.end))]
    if src is None or not after:
        return None
    clause = any(c.i > tok.i and (c.dep_ in ("ccomp", "acl", "relcl") or c.pos_ in ("VERB", "AUX")) for c in tok.children)
    return Candidate("indirect", tok.i, tok.i + 1, entry.cue, entry, tuple(page.segments(after)),
                     Span.from_offsets(page.text, *src), "ccomp" if clause else "dobj")


_DASHES = frozenset({"-", "\u2014", "\u2013", "--"})


def _names(doc, start: int, end: int) -> bool:
    """Whether ``doc[start:end]`` (one to five words) looks like a name: no verb, capitalised words."""
    if not 1 <= end - start <= 5:
        return False
    names = doc[start:end]
    return not any(t.pos_ in ("VERB", "AUX") for t in names) and all(
        t.pos_ == "PROPN" or t.is_upper or (t.is_title and t.pos_ in ("NOUN", "PROPN", "ADJ")) for t in names if not t.is_punct
        and t.lower_ != "and")


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
    if tok.i + 1 >= len(doc):
        return None
    q = quote_after(page.text, page.quotes, tok.idx + 1)
    stop = tok.i
    if not _names(doc, start, tok.i):
        title = _title_speaker(page, start, tok.i)
        if title is not None:
            stop = title
        else:
            # "IOWA POLLS NOT WRONG, JUST TOO EARLY - Mark Blumenthal: “...”": a name after a dash, then a quotation
            dash = next((j for j in range(tok.i - 1, max(start, tok.i - 6) - 1, -1) if doc[j].text in _DASHES), None)
            if dash is None or q is None or not _names(doc, dash + 1, tok.i):
                return None
            start = dash + 1
    names = doc[start:stop]
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
    source = page.np_span(names.root, stop=stop) or Span.from_spacy(names)
    return Candidate("indirect", tok.i, tok.i + 1, entry.cue, entry, tuple(segs), source, "colon")


#: what a headline puts between its speaker and the colon: "CNN President On Trump: ‘...’", "Clinton to Planned
#: Parenthood: ...", "Former AG Mukasey at RNC: ..."
_TITLE_PREPS = frozenset({"on", "to", "at", "about", "in"})


def _title_speaker(page: Page, start: int, colon: int) -> Optional[int]:
    """In the article's first line (its headline), where the speaker before ``colon`` ends when the words
    from ``start`` are not a name alone: a name then a preposition ("Gillibrand on Hillary Releasing Her
    Speech Transcripts: ‘I Think She Will.’"), or a name's own noun ("Clinton camp: ...", "WSJ editorial: ...",
    "Democrats' new warning: ..."). None: not such a headline."""
    doc = page.doc
    first_break = page.text.find("\n")
    if first_break != -1 and doc[colon].idx > first_break:
        return None
    if colon - start > 12 or not (doc[start].is_title or doc[start].is_upper) or doc[start].pos_ not in ("PROPN", "NOUN"):
        return None
    prep = next((j for j in range(start + 1, colon) if doc[j].lower_ in _TITLE_PREPS), None)
    if prep is not None:
        return prep if _names(doc, start, prep) else None
    if colon - start > 4 or any(t.pos_ in ("VERB", "AUX", "DET", "ADP", "PRON", "CCONJ") for t in doc[start:colon]):
        return None
    return colon if doc[colon - 1].pos_ == "NOUN" and doc[colon - 1].is_lower else None


def signature(page: Page, notes: Notes, tok, entry: Entry) -> Optional[Candidate]:
    """``“Quoted words.” ― Name``: a quotation signed by the name after a dash."""
    doc = page.doc
    q = quote_before(page.text, page.quotes, tok.idx)
    if q is None:
        q = _quote_paragraph_before(page, tok)
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


def _quote_paragraph_before(page: Page, tok):
    """'“... pay zero taxes.”⏎⏎- Sanders.': the quotation ending the paragraph before a dash that opens its own
    paragraph (a signature line), or None."""
    text = page.text
    line = text.rfind("\n", 0, tok.idx)
    if line <= 0 or text[line + 1 : tok.idx].strip():
        return None
    end = line
    while end > 0 and text[end - 1] in "\n\r \t\u00a0":
        end -= 1
    return quote_before(text, page.quotes, end) if end > 0 and text[end - 1] in "\"\u201d'" else None


# ------------------------------------------------------------------ dispatch


@attrs.frozen
class Trigger:
    """A row of the dispatch table: ``match(tok, lex)`` gives the pattern's argument (an entry; the
    verb's entries by particle) or :data:`NO`; the first row that matches a token owns it. A fallback
    row is offered, after every other row and the confidence threshold, each verb left without a claim."""

    name: str
    match: Callable
    pattern: Callable
    later: bool = False  # run after every other trigger of the doc (it reads their notes)
    fallback: bool = False  # offered, after all others, every verb no other row made a claim of


NO = object()


def _match_according(tok, lex):
    return lex.by_kind["prep"].get("according to") if tok.lower_ == "according" else NO


def _match_prep_object(tok, lex):
    entries = lex.prep_objects.get(tok.lower_)
    if entries is None or tok.dep_ != "prep":
        return NO
    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    entry = entries.get(pobj.lemma_.lower()) if pobj is not None else None
    return entry if entry is not None else NO


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


def _match_verb_phrase(table: str, find: Callable):
    """A match for the verb phrase cues of the lexicon's ``table`` (verb lemma -> {other words: entry}):
    ``find(tok, entries)`` gives the entry whose other words are there, or None."""
    def match(tok, lex):
        entries = getattr(lex, table).get(tok.lemma_.lower())
        if entries is None or tok.pos_ != "VERB":
            return NO
        entry = find(tok, entries)
        return entry if entry is not None else NO
    return match


def _adjective_entry(tok, adjectives):
    adj = _cue_adjective(tok, adjectives)
    return adjectives[adj.lower_] if adj is not None else None


def _as_phrase_entry(tok, objects):
    obj = _as_object(tok, objects)
    return objects[obj.lower_] if obj is not None else None


def _object_entry(tok, objects):
    found = _object_prep(tok, objects)
    return found[2] if found is not None else None


def _match_verb(tok, lex):
    entries = lex.verbs.get(tok.lemma_.lower())
    return entries if entries is not None and tok.pos_ == "VERB" else NO


def _headline(tok) -> Optional[tuple[int, int]]:
    """The token range of the line holding ``tok`` when it is a title-case headline ("Ted Cruz Hints Trump Would
    Get Border Wall Contract": most words of four letters or more capitalised), else None."""
    doc = tok.doc
    a = tok.i
    while a > 0 and tok.i - a < 30 and "\n" not in doc[a - 1].whitespace_ and "\n" not in doc[a - 1].text:
        a -= 1
    b = tok.i + 1
    while b < len(doc) and b - a < 30 and "\n" not in doc[b - 1].whitespace_ and "\n" not in doc[b].text:
        b += 1
    words = [t for t in doc[a:b] if t.is_alpha and len(t) > 3]
    return (a, b) if len(words) >= 3 and sum(t.is_title or t.is_upper for t in words) >= 0.8 * len(words) else None


def _match_verb_as_noun(tok, lex):
    # "Trump claims he's worth $10 billion", "Ben Carson Slams Hillary And The Media": a cue verb's third-person
    # form the tagger read as a plural noun or a name, heading the sentence, with a name before it and words after
    # it, or in a title-case headline right after a name ("Ted Cruz Hints Trump Would Get Border Wall Contract")
    if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ not in ("NNS", "NNP", "NNPS"):
        return NO
    lemma = lex.verb_s_forms.get(tok.lower_)
    entry = lex.verbs[lemma].get("") if lemma is not None else None
    if entry is None or "no-object" in entry.flags:
        return NO
    if tok.dep_ == "compound":
        return entry if tok.is_title and tok.i > 0 and tok.doc[tok.i - 1].pos_ == "PROPN" and _headline(tok) else NO
    if tok.dep_ != "ROOT" or not any(c.i < tok.i and c.dep_ in ("compound", "nsubj", "amod", "nmod")
                                     and c.pos_ in ("PROPN", "NOUN", "PRON") for c in tok.children):
        return NO
    return entry if any(c.i > tok.i and not c.is_punct for c in tok.children) else NO


def _match_learned(tok, lex):
    # a verb, or an adjective complementing one ("was critical of X", "is confident that X")
    return True if tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.dep_ == "acomp") else NO


def _match_noun(tok, lex):
    entry = lex.by_kind["noun"].get(tok.lemma_.lower())
    return entry if entry is not None and tok.pos_ in ("NOUN", "PROPN") else NO


#: The dispatch table, in the order a cue token is offered to the patterns. Content reliability is
#: per content pattern: :data:`PATTERN_RELIABILITY` (according 0.95, colon 0.6, hedge 0.9, ...).
TRIGGERS: tuple[Trigger, ...] = (
    Trigger("according to", _match_according, according),  # according 0.95
    Trigger("preposition + source noun", _match_prep_object, prep_object, later=True),  # according 0.95 (reads the
    # notes of "according to" and of the cue verbs)
    Trigger("turn (NAME: words)", _match_mark("turn"), turn),  # colon 0.6
    Trigger("signature (“...” ― Name)", _match_mark("signature"), signature),  # colon 0.6
    Trigger("hedge adverb", _match_hedge, hedge),  # hedge 0.9
    Trigger("evidential verb", _match_evidential, evidential),  # evidential 0.8
    Trigger("verb + adjective", _match_verb_phrase("verb_adjectives", _adjective_entry), verb_adjective),  # ccomp 0.95
    Trigger("as-clause phrase", _match_verb_phrase("as_phrases", _as_phrase_entry), as_phrase),  # the cue verb's content patterns
    Trigger("verb + object + preposition", _match_verb_phrase("verb_objects", _object_entry), verb_object),  # prep 0.6
    Trigger("cue verb", _match_verb, verb, later=True),  # ccomp 0.95 ... prep 0.6: VERB_CONTENT
    Trigger("cue verb tagged a noun", _match_verb_as_noun, verb_as_noun),  # ccomp 0.95, dobj 0.65
    Trigger("cue noun", _match_noun, noun),  # noun 0.8, noun_clause 0.8
    Trigger("learned cue verb", _match_learned, learned, fallback=True),  # learned 1.0 (strength: the cue model's probability)
)
