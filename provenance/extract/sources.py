"""Who speaks: the subject of a cue verb, inherited up the tree, or the phrase the parse lost."""

from __future__ import annotations

import bisect
from typing import Optional

import attrs

from ..model import Source, Span
from ..nlp import doc_memo
from .candidate import Notes
from .geometry import Page

_SUBJ = ("nsubj", "csubj")
_PASS_SUBJ = ("nsubjpass", "csubjpass")
_RELPRON = frozenset({"who", "that", "which", "whom"})
_CLIMB = ("advcl", "xcomp", "conj", "pcomp", "prep", "acomp")  # acomp: "X was quick to point out", "X is likely to say"
_WHEN = frozenset({"when", "if", "after", "before", "once", "while", "until", "as"})  # "when asked about ..."
_ISSUED = frozenset({"that", "which"})  # a thing made or issued speaks for whoever made it
_EXPLETIVES = frozenset({"it", "there", "this", "that"})
_FINITE = ("VBD", "VBZ", "VBP")
#: Words a subject can be without naming who speaks: a relative pronoun or an expletive.
_NO_SPEAKER = _RELPRON | _EXPLETIVES


def speaker_subject(verb):
    """``verb``'s subject when it can name who speaks (not a relative pronoun or an expletive), else None."""
    s = subject(verb)
    return s if s is not None and s.lower_ not in _NO_SPEAKER else None


def _chain(tok, top):
    """The tokens from ``tok`` up to (not including) its ancestor ``top``."""
    out = []
    while tok.i != top.i and tok.head.i != tok.i:
        out.append(tok)
        tok = tok.head
    return out


def subject(verb):
    """The subject of ``verb``; of two (a parse across "1:50 p.m.\\n\\nThe doctor said"), the nearer; but the one after
    it when a quotation closes between the one before and it ('“... Every single amendment,” said Cruz').
    Remembered per verb while its doc is read (:func:`~provenance.nlp.doc_memo`; a dozen rules ask it of the same
    verbs: 28,000 calls on PolNeAR dev's 84 articles), as token indices."""
    doc, i = verb.doc, verb.i
    memo = doc_memo(doc).setdefault("subjects", {})
    got = memo.get(i)
    if got is None:
        found = _subject(verb)
        got = memo[i] = -1 if found is None else found.i
    return None if got < 0 else doc[got]


def _subject(verb):
    subjects = [c for c in verb.children if c.dep_ in _SUBJ]
    if len(subjects) > 1:
        before = [c for c in subjects if c.i < verb.i]
        after = [c for c in subjects if c.i > verb.i]
        if before and after and any(t.is_quote for t in verb.doc[before[-1].right_edge.i + 1 : verb.i]):
            return after[0]
        return before[-1] if before else subjects[0]
    return subjects[0] if subjects else None


_CONJUNCTIONS = frozenset({"after", "as", "before", "since", "until", "while", "because", "once"})


def subject_as_object(verb):
    """A finite clause whose subject the parse made the object of its conjunction, read as a preposition ("...
    made this announcement after Chairman Trey Gowdy (R-S.C.) earlier in the day touted progress ...", "grew louder
    Wednesday as Patti Davis, Ronald Reagan's daughter, attacked Trump"): that object, else None."""
    if verb.tag_ not in _FINITE or verb.dep_ != "advcl" or subject(verb) is not None:
        return None
    doc = verb.doc
    prep = next((c for c in verb.head.children if c.dep_ == "prep" and c.lower_ in _CONJUNCTIONS and c.i < verb.i
                 and verb.head.i < c.i), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or obj.pos_ not in ("PROPN", "NOUN") or obj.ent_type_ in ("DATE", "TIME"):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in doc[obj.right_edge.i + 1 : verb.i]):
        return None
    return obj


def source_of(page: Page, notes: Notes, verb, addressee: bool = False) -> Optional[Span]:
    """Source span for an active cue verb: its subject, else one inherited up the tree; none for the
    participle of a cue whose object is the addressee ("Asked whether ..., Ryan said": Ryan was asked)."""
    subj = subject(verb)
    if subj is None:
        subj = subject_as_object(verb)
    if subj is None and addressee and addressed_participle(verb):
        return None
    if subj is None:
        subj = _for_subject(verb)
    if subj is None:
        subj = _gerund_doer(verb)
    h = verb
    hops = 0
    while subj is None and h.dep_ in _CLIMB and h.head is not h and hops < 3:
        if (obj := caused_doer(notes, h)) is not None:
            subj = obj  # "the decline has led some allies to worry whether ...", "left many Republicans wondering what ..."
            break
        if h.dep_ == "xcomp":
            obj = next((c for c in h.head.children if c.dep_ == "dobj" and c.i < h.i), None)
            if obj is not None and ((obj.tag_ == "PRP" and obj.lower_ not in _EXPLETIVES) or obj.ent_type_ in _HOLDER_ENTS):
                subj = obj  # "the decline has led some allies to worry whether ...": who is led, not what leads
                break
        coordinated = h.dep_ == "conj"
        h = h.head
        hops += 1
        subj = subject(h)
        if subj is None and coordinated:  # "FBI officials were angered by the deal and predicted ...": the passive's subject
            subj = next((c for c in h.children if c.dep_ == "nsubjpass" and c.i < h.i), None)
        if subj is None and h.dep_ in _PASS_SUBJ:
            break
        if subj is not None and h.i != verb.i and subj.lower_ in _EXPLETIVES and (
                any(t.dep_ == "acomp" for t in _chain(verb, h)) or any(c.dep_ == "acomp" for c in h.children)):
            subj = None  # "It is hard to say whether ...", "it's important to note": nobody (but "Sexton was quick to point out")
            break
    if (subj is not None and h.i != verb.i and verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.i > h.i
            and _after_comma(page.doc, verb.i)):
        subj = reporter(page, notes, h, verb) or nearest_doer(page, h, verb) or subj
    if subj is None:
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):  # "a statement saying ..."
            noun = verb.head
            owner = _named_owner(noun, verb)
            if owner is not None:  # "Hillary Clinton's Tuesday speech denouncing his economic policies": hers
                return page.np_span(owner)
            if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
                # "Black Lives Matter issued a statement saying ...": whoever issued it
                issuer = subject(noun.head)
                if issuer is not None:
                    return page.np_span(issuer, near=noun.head.i)
            doer = _doer_around(noun)
            if doer is not None:
                return page.np_span(doer, near=verb.i)
            return page.np_span(noun, stop=verb.i)
        return adjacent_subject(page, verb)
    if (subj.lower_ in _ISSUED and h.dep_ == "relcl" and h.head.dep_ == "dobj" and h.head.head.pos_ in ("VERB", "AUX")
            and not page.doc[subj.i - 1].is_punct):  # (", which ruled": a non-restrictive clause is the noun's own say)
        issuer = speaker_subject(h.head.head)
        if issuer is not None:
            return page.np_span(issuer, near=h.head.head.i)  # "X issued a statement that sought to ...": X speaks
    span = page.np_span(subj, near=verb.i)
    if span is not None and subj.lower_ in _RELPRON and h.dep_ == "relcl":
        # "officials who said ...": the mention is "who" (as annotators mark it); its name is the antecedent
        antecedent = page.np_span(h.head, stop=subj.i)
        if antecedent is not None:
            notes.names[(span.start, span.end)] = antecedent.text
    return span


def caused_doer(notes: Notes, clause):
    """Who does what ``clause`` says when it completes a verb ``cues.tsv`` lists as a ``causer`` ("the decline has
    led some allies to worry whether ...", "leaving many to wonder whether ...", "has left many Republicans, including
    his supporters, wondering what ..."): that verb's direct object before the clause, not its subject; else None."""
    flags = notes.causers.get(clause.head.lemma_.lower())
    if flags is None or clause.dep_ not in ("xcomp", "advcl", "ccomp", "oprd"):
        return None
    obj = next((c for c in clause.head.children if c.dep_ == "dobj" and c.i < clause.i), None)
    if obj is None or obj.lower_ in _NO_SPEAKER:
        return None
    if clause.dep_ != "xcomp" and not (
            "participle" in flags and clause.tag_ == "VBG" and clause.left_edge.i == clause.i
            and (clause.i == obj.right_edge.i + 1 or clause.doc[obj.right_edge.i + 1].text == ","
                 and any(t.text == "," for t in obj.subtree))):
        return None  # (only "left X wondering", right after X or after its own parenthesis: not "led a series arguing",
        #            "left no doubt of his commitment, saying")
    return obj


def _after_comma(doc, i) -> bool:
    """Token ``i`` follows a comma, or a quotation closed on its comma ('“expanded the party,” claiming that ...')."""
    return doc[i - 1].text == "," or (i > 1 and doc[i - 1].is_quote and doc[i - 2].text == ",")


def reporter(page: Page, notes: Notes, h, participle):
    """The subject of the cue verb whose reported clause holds ``h`` ("Packer said the increased focus on Trump is
    taking a toll, pointing to ...": Packer points, not the focus; "Lewandowski rejected the idea that the developer
    would be a drag, saying ..."), or None: a ``participle`` after a reported clause, which the parse hangs on
    that clause's verb ``h``, is the reporter's."""
    top, found = h, None
    between = page.doc[h.i + 1 : participle.i]
    if (h.lemma_.lower() in notes.cue_verbs and all(t.is_punct for t in between)) or any(t.pos_ == "VERB" and t.lemma_.lower() in notes.cue_verbs and subject(t) is not None for t in between):
        return None  # '“Comey cannot say that ...,” Lewandowski added, saying ...': a speaker of its own right before it
    for _ in range(4):
        if top.dep_ == "ccomp" or (top.dep_ == "conj" and top.head.dep_ == "ccomp"):
            up = top.head
        elif top.dep_ == "acl" and top.head.dep_ == "dobj" and any(c.dep_ == "mark" for c in top.children):
            up = top.head.head
        else:
            break
        if up.pos_ not in ("VERB", "AUX") or up.i > top.i or "\n" in page.text[up.idx:h.idx]:
            break  # the reporter before what is reported, in the same paragraph
        top = up
        if top.lemma_.lower() in notes.cue_verbs and (s := speaker_subject(top)) is not None and s.i < top.i:
            found = s
    return found


_AS_WHEN = frozenset({"as", "when", "while", "where"})


def nearest_doer(page: Page, h, participle):
    """The subject of a time or place clause ("as", "when", "while", "where") between the verb ``h`` the parse hangs a
    participle after a comma on and the participle, when it is the nearest clause before the participle ("The first
    incident came during a speech ..., when Sanders protesters interrupted her speech, shouting ...": the protesters
    shout, not the incident; "Trump painted a dire portrait ... as he accepted the nomination, delivering ..."), else
    None (not "Bradley apologized for the columns after they came out, saying ...", "called for Trump to drop out,
    calling ...": the main clause's subject speaks)."""
    for j in range(participle.i - 1, h.i, -1):
        t = page.doc[j]
        if t.pos_ not in ("VERB", "AUX") or page.quotes.containing(t.idx) is not None:
            continue
        s = subject(t)
        if s is None:
            continue
        when = any(c.dep_ in ("mark", "advmod") and c.lower_ in _AS_WHEN for c in t.children)
        return s if when and t.dep_ in ("advcl", "relcl") and s.lower_ not in _NO_SPEAKER and s.i < t.i else None
    return None


_SETTING_PREPS = frozenset({"at", "on", "during", "in", "under"})


def _named_owner(noun, participle):
    """The name that owns ``noun`` (its possessive) when a participle right after the noun says what
    the noun said ("Clinton's Tuesday speech denouncing ..."), else None."""
    if participle.tag_ != "VBG" or participle.i != noun.i + 1:
        return None
    poss = next((c for c in noun.children if c.dep_ == "poss" and c.i < noun.i), None)
    if poss is None or poss.pos_ != "PROPN" or poss.ent_type_ in ("DATE", "TIME"):
        return None  # (a pronoun's claim is usually marked on the subject before it: "he delivered his speech saying")
    return poss


def _doer_around(noun):
    """Who does what a participle or infinitive after ``noun`` says, when the noun only sets the scene of a clause
    before it ("Bush went after Trump at the debate refusing ...", "Forbes shot back in an article stating ...",
    "are on record opposing ...", "Clinton spent much of the run-up to the caucuses portraying ..."): that clause's
    subject, else None (a group or a document the phrase names speaks for itself: "ads extolling Rubio")."""
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    prep, head = noun.head, noun.head.head
    if prep.lower_ in _SETTING_PREPS and head.pos_ in ("VERB", "AUX") and head.i < prep.i:
        verb = head
    elif (prep.lower_ in ("of", "to") and head.dep_ == "dobj" and head.head.lemma_ == "spend"
          or prep.lower_ == "to" and head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.dep_ == "dobj"
          and head.head.head.head.lemma_ == "spend"):
        verb = next(t for t in noun.ancestors if t.lemma_ == "spend")  # "spent much of X ~ing", "spent much of the run-up to X ~ing"
    else:
        return None
    return speaker_subject(verb)


def _for_subject(verb):
    """The subject of an infinitive that a for-phrase right before it names ("a natural opening for Clinton to highlight
    her experience", "it is time for the party to say"): the parse hangs the noun on "for"; else None."""
    doc = verb.doc
    to = verb.i - 1
    if verb.tag_ != "VB" or to < 2 or doc[to].lower_ != "to" or doc[to].dep_ != "aux":
        return None
    t = doc[to - 1]
    while t.head.i < t.i and t.dep_ != "pobj" and t.head.right_edge.i == to - 1 and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
        t = t.head
    if t.dep_ == "pobj" and t.head.lower_ == "for" and t.right_edge.i == to - 1 and t.pos_ in ("NOUN", "PROPN", "PRON"):
        return t
    return None


_DOER_PREPS = frozenset({"by", "after", "before", "upon", "without", "while", "since"})


def _gerund_doer(verb):
    """Who does what a gerund after a preposition on a verb says ("distinguished himself in the Republican field by
    saying ...", "In addition to stating ..., Clinton has vowed"): that verb's subject (through a coordination), else None; only prepositions
    of manner and time (a noun's gerund, "the position of wanting ...", "accused him of saying", is no one's here)."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.dep_ != "prep":
        return None
    h = verb.head.head
    if verb.head.lower_ == "to" and h.lower_ == "addition" and h.dep_ == "pobj":
        h = h.head.head  # "In addition to stating that ..., Clinton has vowed"
    elif verb.head.lower_ not in _DOER_PREPS:
        return None
    if h.pos_ not in ("VERB", "AUX"):
        return None
    for _ in range(3):
        s = subject(h)
        if s is not None:
            return s if s.lower_ not in _EXPLETIVES else None
        if h.dep_ != "conj":
            return None
        h = h.head
    return None


_NOUNISH = frozenset({"NOUN", "PROPN", "NUM", "PRON"})


def stray_agent(verb):
    """The by-phrase of a passive cue that the parse hung on a noun after it ("Clinton has been attacked on the speeches
    by Bernie Sanders", "Hillary Clinton was declared the winner in the primaries by news organizations", "Manafort was
    recommended to Trump most forcefully by their longtime mutual friend"): the first "by" after the verb whose head is a
    noun reached from the verb through nouns and prepositions only (not a clause's: "a case brought by the
    Philippines"; not a subject's: "The compromise of the computers by a foreign government had been reported"), or None."""
    for t in verb.subtree:
        if t.i <= verb.i or t.lower_ != "by" or t.dep_ != "prep" or t.head.pos_ not in _NOUNISH:
            continue
        pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.ent_type_ in ("DATE", "TIME") or pobj.lower_ == "end":
            continue  # "by the end of the year", "by Feb. 29": a time
        h, ok = t.head, True
        while h.i != verb.i:
            if h.pos_ not in _NOUNISH and h.dep_ != "prep" or h.lower_ == "about" or h.i < verb.i:
                ok = False
                break
            h = h.head
        if ok:
            return t
    return None


def misparsed_finite(verb) -> bool:
    """A past tense the parse hung on the noun before it as a participle, its subject ("A Quinnipiac University poll
    found last week that ...", "Two military analysts, X and Y, found in 2014 that ..."): a participle that describes a
    noun takes no that-clause, so one with a clause after it and no by-agent is the noun's own verb."""
    return (verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i < verb.i
            and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
            and not any(c.dep_ in ("agent", "auxpass", "nsubjpass") for c in verb.children))


def addressed_participle(verb) -> bool:
    """A participle (or a past the tagger took for one) with no subject or by-agent, before the clause it
    hangs on or after "when" ("Asked whether ..., Ryan said", "when asked about ..."): for a cue whose
    object is the addressee, the one asked."""
    return (verb.tag_ in ("VBN", "VBD") and verb.dep_ in ("advcl", "acl") and subject(verb) is None
            and not any(c.dep_ == "agent" for c in verb.children)
            and (verb.i < verb.head.i or any(c.dep_ in ("mark", "advmod") and c.lower_ in _WHEN for c in verb.children)))


def adjacent_subject(page: Page, verb) -> Optional[Span]:
    """A finite cue whose parse lost its subject ("Alarmed by the unrest in Nevada, Senator Harry Reid,
    the minority leader, said ..." hangs the senator on Nevada): the noun phrase right before it."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") and not (
            verb.tag_ == "VBN" and verb.dep_ in ("ROOT", "ccomp", "conj") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)):
        return None  # (a participle with no auxiliary heading a clause is a past tense the tagger missed: "Less than a third agreed")
    doc = page.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].is_punct or (doc[j].pos_ == "ADV" and not mistagged_name(page, doc[j]))) and "\n" not in doc[j].text:
        j -= 1
    if j < 0 or page.sent_of[j] != page.sent_of[verb.i]:
        return None
    found = _phrase_before(page, j, verb)
    if found is None and (opener := _parenthetical_opener(page, j, verb.i)) is not None:
        return _before_parenthetical(page, opener, verb)
    if found is None and doc[verb.i - 1].text == ",":
        return _before_relative(page, j, verb)
    return found


def _before_relative(page: Page, j: int, verb) -> Optional[Span]:
    """The noun a relative clause set off by commas right before a finite cue describes, when the parse hung that noun
    elsewhere ('“...,” an intelligence source, who was not authorized to speak on the record, told Fox News'): that
    noun's phrase, else None."""
    doc = page.doc
    t = doc[j]
    while t.dep_ != "relcl" and t.head.i != t.i and t.head.i < verb.i:
        t = t.head
    if t.dep_ != "relcl":
        return None
    noun = t.head
    start = t.left_edge.i
    if noun.i >= start or start < 1 or doc[start - 1].text != "," or t.right_edge.i != j:
        return None
    if noun.pos_ not in ("PROPN", "NOUN") or noun.dep_ in ("pobj", "poss", "compound") or page.sent_of[noun.i] != page.sent_of[verb.i]:
        return None
    return page.np_span(noun, stop=start - 1, near=verb.i)


def _phrase_before(page: Page, j: int, verb) -> Optional[Span]:
    doc = page.doc
    cand = doc[j]
    named = _apposition_ending_at(page, cand)
    if named is not None:
        return named
    if cand.dep_ == "appos" and cand.head.i < cand.i:
        cand = cand.head
    if mistagged_name(page, cand) and j == verb.i - 1:
        return page.np_span(cand, stop=verb.i, near=verb.i)
    if cand.pos_ not in ("PROPN", "NOUN", "PRON", "NUM") or cand.dep_ in ("pobj", "dobj", "poss"):
        return None
    return page.np_span(cand, stop=verb.i, near=verb.i)


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def _parenthetical_opener(page: Page, j: int, cue: int) -> Optional[int]:
    """When the words right before token ``cue`` close a parenthetical set off by dashes or brackets (``j`` the last
    word before the punctuation): the index of its opening dash or bracket in the same sentence, else None."""
    doc = page.doc
    close = next((k for k in range(cue - 1, j, -1) if doc[k].text in _DASHES or doc[k].text == ")"), None)
    if close is None:
        return None
    want = "(" if doc[close].text == ")" else None
    k = j
    while k > 0 and page.sent_of[k] == page.sent_of[cue] and "\n" not in doc[k].text:
        if (doc[k].text == want) if want else (doc[k].text in _DASHES and doc[k].whitespace_):
            return k
        k -= 1
    return None


def _before_parenthetical(page: Page, opener: int, verb) -> Optional[Span]:
    """The noun phrase a dash or bracket parenthetical right before a finite cue interrupts, when the parse hung it
    elsewhere ("Mr. Bush - in a line that seemed squarely directed at Mr. Trump - declared that ...", "Sen. Chris
    Murphy (a Connecticut Democrat so boyish he has been mistaken for a staffer) says he ...", "A representative for
    the brand - a business pitched as ... - noted that ..."): that phrase, else None."""
    doc = page.doc
    cand = doc[opener - 1] if opener > 0 else None
    if cand is None or page.sent_of[cand.i] != page.sent_of[verb.i] or cand.is_punct:
        return None
    while cand.dep_ == "pobj" and cand.head.dep_ == "prep" and cand.head.head.pos_ in ("NOUN", "PROPN") \
            and cand.head.head.i < cand.i:
        cand = cand.head.head  # "A representative for the Ivanka Trump brand": the representative
    if cand.pos_ not in ("PROPN", "NOUN", "PRON") or cand.dep_ in ("pobj", "dobj", "poss", "compound"):
        return None
    return page.np_span(cand, stop=opener, near=verb.i)


_PERSONAL = frozenset({"he", "she", "they", "we", "i"})
_OPENING = ("PROPN", "NOUN", "DET", "ADJ", "PRON")


def opening_name(page: Page, verb) -> Optional[tuple[int, int]]:
    """A finite cue whose parse hung its subject on a clause before it, the name opening the sentence or its
    paragraph and set off from the cue only by a parenthetical ("Humphrey, for example, said he's ...",
    "Trump, in Kentucky, said Tuesday that ...", "Plan B.\n\nSanders hasn't said whether ...", where the parse
    ran two paragraphs into one sentence): the token range of that name or personal pronoun, else None."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") and not (verb.tag_ == "VBN" and any(c.dep_ == "aux" for c in verb.children)):
        return None
    if not any(c.i > verb.i and not c.is_punct for c in verb.children):
        return None  # what is said comes after the cue
    doc = page.doc
    k = verb.i - 1
    while k >= 0 and page.sent_of[k] == page.sent_of[verb.i] and "\n" not in doc[k].text and "\n" not in doc[k].whitespace_:
        k -= 1
    a = e = k + 1
    while e < verb.i and doc[e].pos_ in _OPENING and doc[e].lower_ not in _NO_SPEAKER:
        e += 1
    if e == a or e >= verb.i or not (doc[e - 1].pos_ in ("PROPN", "NOUN") or doc[e - 1].lower_ in _PERSONAL):
        return None
    between = doc[e:verb.i]
    if all(t.dep_ in ("aux", "neg") or t.pos_ == "ADV" for t in between):
        return a, e  # "Sanders hasn't said"
    if doc[e].text == "," and doc[verb.i - 1].text == "," and not any(
            t.is_quote or "\n" in t.text or t.text in (";", ":") for t in between):
        return a, e  # "Humphrey, for example, said"
    return None


_RUN_ON = ("dep", "conj")


def earlier_clause_subject(page: Page, verb):
    """A finite cue with no subject that the parse ran on from the clause before it ("Clinton paused, then revealed
    why ...": revealed hangs on paused as a dep; "Trump gestured ..., then leaned in and boomed: ..."; "Kasich
    jokingly offered the man a job ..., then says he'll ...": the clause before made the cue's complement): the
    subject of that clause, when it is a name or a personal pronoun before the cue in the same sentence; else None."""
    if verb.tag_ not in _FINITE or subject(verb) is not None:
        return None
    h, hops = verb, 0
    clause = None
    while h.dep_ in _RUN_ON and h.head.i < h.i and hops < 3:
        h, hops = h.head, hops + 1
        if subject(h) is not None:
            clause = h if any(t.dep_ == "dep" for t in _chain(verb, h)) else None  # (conj alone: source_of climbs it)
            break
    if clause is None and verb.dep_ == "ROOT":
        clause = next((c for c in verb.children if c.i < verb.i and c.dep_ in ("ccomp", "dep") and c.tag_ in _FINITE
                       and subject(c) is not None), None)
    if clause is None:
        return None
    subj = subject(clause)
    if subj.i > verb.i or page.sent_of[subj.i] != page.sent_of[verb.i] or not (
            subj.pos_ == "PROPN" or subj.lower_ in _PERSONAL):
        return None
    if any(c.dep_ == "mark" for c in clause.children) or page.quotes.containing(subj.idx) is not None:
        return None  # ("alleging that President Obama wanted ..., said"; '“I am really ...,” she said': the quotation's)
    return subj


def head_subject_run_on(page: Page, verb):
    """A finite cue with no subject that the parse hung as a ``dep`` on a word it misread as the verb of the noun
    phrase before it, nothing set off between ("multiple sources privy to negotiations say it's ...", "Republican
    activists clamoring to block Donald Trump from the GOP nomination say ..."): that word's subject, else None."""
    if verb.tag_ not in _FINITE or verb.dep_ != "dep" or subject(verb) is not None:
        return None
    head = verb.head
    subj = subject(head)
    if head.i > verb.i or subj is None or subj.i > head.i or subj.lower_ in _NO_SPEAKER or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    if any(t.is_punct or t.is_quote for t in page.doc[subj.i : verb.i]) or page.sent_of[subj.i] != page.sent_of[verb.i]:
        return None
    return subj


def _apposition_ending_at(page: Page, tok) -> Optional[Span]:
    """The speaker the parse hung as an apposition on a noun of the phrase before it, its own phrase ending at
    ``tok`` right before the cue ("But in a conference call on Dec. 2, Col. Steven H. Warren, a military spokesman
    in Baghdad, said", "... with Sanders's team, a White House official who spoke anonymously ... said"): the
    highest such apposition set off by a comma, a quotation mark or a paragraph start, with the name it stands
    beside ("Senator Harry Reid, the minority leader,"), or None."""
    doc = page.doc

    def start(t):  # the first word of t's own noun phrase (not of modifiers the parse hung on it from before)
        k = t.i
        while k > 0 and doc[k - 1].dep_ in ("compound", "det", "nummod", "poss", "amod", "nmod") and t.i >= doc[k - 1].head.i >= k:
            k -= 1
        return k

    def opens(k):  # a phrase starting at word k is set off before it
        k -= 1
        return k >= 0 and (doc[k].text in (",", "\u2014", "--") or doc[k].is_quote or "\n" in doc[k].text or "\n" in doc[k].whitespace_)

    found, t = None, tok
    for _ in range(8):
        if (t.dep_ == "appos" and t.right_edge.i == tok.i and t.pos_ in ("PROPN", "NOUN") and t.head.i < t.left_edge.i
                and t.left_edge.i == start(t) and opens(t.left_edge.i)):
            found = t
        if t.head.i == t.i or t.head.right_edge.i != tok.i and t.dep_ != "appos":
            break
        t = t.head
    if found is None:
        return None
    a = found.left_edge.i
    head = found.head
    if head.pos_ in ("PROPN", "NOUN") and head.i < found.i and all(doc[j].is_punct for j in range(head.i + 1, a)) and opens(start(head)):
        a = start(head)  # "Senator Harry Reid, the minority leader,": the name the title is set beside
    seg = page.trim(a, tok.i + 1)
    return Span.from_offsets(page.text, *seg) if seg else None


def mistagged_name(page: Page, tok) -> bool:
    """A capitalised word tagged as an adverb or adjective inside its sentence, after punctuation or a
    verb (“... is valuable,” said Skelly: "Skelly" read as an adverb): a name the tagger missed."""
    doc = page.doc
    return (tok.pos_ in ("ADV", "ADJ") and tok.is_alpha and tok.text[:1].isupper() and not tok.text.isupper()
            and tok.i > 0 and page.sent_of[tok.i - 1] == page.sent_of[tok.i]
            and (doc[tok.i - 1].is_punct or doc[tok.i - 1].pos_ == "VERB"))


_NOUN_AGENT_PREPS = frozenset({"from", "by", "among"})
_HOLDING_PREPS = frozenset({"with", "under"})  # a noun cue after these is held by the clause's subject
_HOLDER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _poss_subject(page: Page, notes: Notes, noun, poss) -> Optional[Span]:
    """A pronoun possessive's antecedent when it is the subject, not a pronoun, of the verb taking the noun as its
    object ("Trump ratcheted up his attacks on Rubio": Trump, as PolNeAR marks it); else None."""
    if poss.pos_ != "PRON" or noun.dep_ != "dobj" or noun.head.pos_ != "VERB" or noun.head.lemma_ in notes.targets:
        return None
    subj = speaker_subject(noun.head)
    if subj is None or subj.i > noun.head.i:
        return None
    return page.np_span(subj, near=noun.head.i)


def noun_source(page: Page, notes: Notes, noun) -> Optional[Span]:
    """Who holds a noun cue ("his claim that ...", "complaints from his American counterpart that ...",
    "Trump made conflicting statements about ...", "Reagan had no doubts about ..."): its possessive, else
    the object of a from/by/among phrase after it, else the subject of the verb that takes it as its object
    unless ``cues.tsv`` lists that verb as a ``target`` one ("Cruz faced criticism for ...": not Cruz's)."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return _poss_subject(page, notes, noun, poss) or page.np_span(poss)
    for c in noun.children:
        if c.i < noun.i and c.dep_ in ("compound", "amod") and c.ent_type_ in _HOLDER_ENTS:
            return page.np_span(c)  # "FBI criticism of ...", "Democratic allegations of political bias"
    for c in noun.children:
        if c.i > noun.i and c.dep_ == "prep" and c.lower_ in _NOUN_AGENT_PREPS:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return page.np_span(pobj)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "with" and any(c.dep_ == "dobj" for c in head.head.children):
        noun, head = head, head.head  # "Cruz entered the debate with an even more forceful argument that ..." (not "disagree with")
    elif noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _HOLDING_PREPS and head.head.pos_ in ("VERB", "AUX"):
        noun, head = head, head.head  # "stirred controversy with an assertion that ...", "operating under the assumption that ..."
    if noun.dep_ in ("dobj", "prep") and head.pos_ in ("VERB", "AUX") and head.i < noun.i and head.lemma_ not in notes.targets:
        verb = head
        subj = speaker_subject(verb)
        for _ in range(3):  # "Indiana governor endorses Cruz - but also has praise for ...": the first conjunct's subject
            if subj is not None or verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX") or subject(verb) is not None:
                break
            verb = verb.head
            subj = speaker_subject(verb)
        if subj is not None:
            return page.np_span(subj, near=verb.i)
    return None


def without_claimed_clauses(page: Page, claims: list) -> list:
    """``claims`` with each source cut before a non-restrictive relative clause that is a claim of its own ("Mr.
    Leenders, who estimated that one-quarter of his union's workers were Trump supporters, said ...": the source
    is "Mr. Leenders"; the clause's claim has "who" as its source and its cue inside the first source). A clause
    that reports nothing stays ("Biden, who served as a senator for 36 years, said": PolNeAR marks it either way)."""
    rel = sorted((c.source.start, c.cue.start) for c in claims if c.source is not None and c.source.text.lower() in _RELPRON)
    if not rel:
        return claims
    starts = [r for r, _ in rel]
    out = []
    for c in claims:
        src = c.source
        cut = None
        if src is not None:
            inside = rel[bisect.bisect_right(starts, src.start) : bisect.bisect_left(starts, src.end)]
            cut = min((r for r, cue in inside if src.start < cue < src.end and page.text[src.start:r].rstrip().endswith(",")),
                      default=None)
        if cut is not None and (seg := page.trim_chars(src.start, page.text.rindex(",", src.start, cut))) is not None:
            span = Span.from_offsets(page.text, *seg)
            c = attrs.evolve(c, source=Source.from_span(span, name=span.text if src.name == src.text else src.name))
        out.append(c)
    return out


def quoted_speakers(page: Page, claims: list) -> list:
    """``claims`` with a source the parse found inside a quotation, though the cue stands outside it ('“...,” he
    said, also alluding to ...', 'Emphasizing the urgency, Trump said, “If we ...”': a participle the parse hung on
    a verb of the quotation), replaced by the source of the claim whose content holds that quotation (of several,
    the one whose cue is nearest); unchanged when no other claim holds it."""
    if not page.quotes:
        return claims
    holders: dict = {}  # quotation -> the claims (with a source outside quotations) whose content holds it
    for o in claims:
        if o.source is not None and page.quotes.containing(o.source.start) is None:
            for s, e in o.content.segments:
                for q in page.quotes.overlapping(s, e):
                    holders.setdefault(q, []).append(o)
    out = []
    for c in claims:
        src = c.source
        q = page.quotes.containing(src.start) if src is not None else None
        if q is not None and page.quotes.containing(c.cue.start) is None:
            found = [o for o in holders.get(q, ()) if o is not c]
            if found:
                o = min(found, key=lambda o: abs(o.cue.start - c.cue.start))
                c = attrs.evolve(c, source=o.source)
        out.append(c)
    return out
