"""Whether a claim can stand inside another claim's content (or inside a quotation whose speaker was
not found): "I think ...", "officials told me ..." can; "you know", "the reasons I support her", "Do you
think ...?" cannot. Judged on the train rows of ``benchmarks/nested_claims.tsv``."""

from __future__ import annotations

from .candidate import Candidate
from .geometry import Page
from .sources import subject

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
_NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "noone", "nothing"})
#: a gerund in these roles with no speaker anywhere up the tree names an act, it reports none
_GERUND_ROLES = frozenset({"ROOT", "xcomp", "ccomp", "csubj", "nsubj", "csubjpass", "nsubjpass"})
_BE = frozenset({"'re", "’re", "are"})
_FUTURE = frozenset({"will", "'ll", "’ll", "shall"})
_FIRST_PERSON = frozenset({"i", "we"})  # "I'll tell you what": said as it is announced


def can_nest(page: Page, cand: Candidate, tok) -> bool:
    """Whether the claim of ``cand`` (cue token ``tok``) may stand inside another claim's content: a
    pattern of :data:`NESTED_PATTERNS` and a cue of :data:`NESTED_MIN_STRENGTH`, neither negated nor an
    infinitive ("refusing to say the words", "failed to note"), a noun cue with its speaker ("their
    support for" without one is not); not a parenthetical inside a quotation ("..., you know, ..."), a
    wh-clause after a cue flagged ``wh-not-content`` ("I know who I am"), what a belief cue is about
    ("thinks about"), an inline name that is no transcript speaker, nor a gerund with no speaker that
    names an act instead of reporting one ("Simply saying that you're going to stay at home is a
    mistake"), nor a cue that asserts nothing (:func:`_unasserted`)."""
    if cand.pattern not in NESTED_PATTERNS or cand.entry.strength < NESTED_MIN_STRENGTH:
        return False
    if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ == "to") for c in tok.children):
        return False
    if cand.source is not None and _denied(tok):
        return False
    if cand.source is None and tok.tag_ == "VBG" and tok.dep_ in _GERUND_ROLES \
            and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False  # a gerund nobody says: "Simply saying that you're going to stay at home is a mistake"
    if "frame" in cand.entry.flags and _framing(tok):
        return False  # "We're talking about a Senate that could be on a knife's edge": the speaker's own topic
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(c.dep_ == "agent" for c in tok.children):
        return False  # a participle that describes a noun reports nothing: "people accused of rape", "the book titled ..."
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
    if cand.pattern == "noun_clause" and cand.entry.cls == "belief" and not any(
            c.dep_ in ("acl", "ccomp") and c.i > tok.i for c in tok.children):
        return False  # the same of a noun: "his understanding of financial regulation policy" (not "a belief that ...")
    return not _unasserted(tok)


def _framing(tok) -> bool:
    """"we're talking about", "you're talking about": a present progressive of 'we' or 'you' (said as it
    happens; not "we were talking about the budget")."""
    subj = subject(tok)
    return tok.tag_ == "VBG" and subj is not None and subj.lower_ in ("we", "you") and any(
        c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") and (c.lemma_ == "be" or c.lower_ in _BE) for c in tok.children)


def _denied(tok) -> bool:
    """Speech said not to have happened: "Not once has an adviser of mine said ..." (a negation fronted
    before the inverted auxiliary, which the parser may take for the verb), "Nobody told me ...", "No one
    has suggested that ..." (a negative subject)."""
    subj = subject(tok)
    head = tok.head
    if subj is not None and tok.dep_ == "ccomp" and head.i < subj.i < tok.i and (head.pos_ == "AUX" or head.lemma_ in ("have", "be", "do")) \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children):
        if any(c.i < head.i and any(g.dep_ == "neg" for g in c.subtree) for c in head.children):
            return True
    for c in tok.children:
        if c.dep_ == "aux" and subj is not None and c.i < subj.i and (any(g.dep_ == "neg" for g in c.subtree) or any(
                a.i < c.i and any(g.dep_ == "neg" for g in a.subtree) for a in tok.children if a.dep_ == "advmod")):
            return True  # the same with "has" parsed as the (inverted) auxiliary
    if subj is None or sum(c.dep_ == "nsubj" for c in tok.children) > 1:  # a broken parse: "the vote no campaign"
        return False
    return subj.lower_ in _NEGATIVE_SUBJECTS or subj.left_edge.lower_ == "no"  # "no one", not "the vote no campaign"


def _unasserted(tok) -> bool:
    """A cue that asserts nothing: a question ("Do you think ...?"), a hypothetical ("would you have told
    her", "I'd like to"), speech to come unless the speaker announces it ("you'll say that this was the
    moment", "the review will conclude"; but "I'll tell you what"), a condition ("if Democrats believe
    ..."), an imperative ("Think of that", "Let's see")."""
    subj = subject(tok)
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in _FUTURE and not (subj is not None and subj.lower_ in _FIRST_PERSON):
            return True  # "you'll say that this was the moment", "he will say this": speech to come
        if c.dep_ == "aux" and c.lower_ in _MODALS:
            return True
        if c.dep_ == "aux" and c.lemma_ == "do" and subj is not None and c.i < subj.i:
            return True  # do-support before the subject: a question
        if c.dep_ == "mark" and c.lower_ in _CONDITIONS:
            return True
    if tok.head is not tok and tok.head.lemma_ == "let":
        return True
    governor = tok.head.head if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" else None
    if governor is not None and any(c.dep_ == "aux" and c.lower_ in _MODALS for c in governor.children):
        return True  # "they should respond by suggesting ...": what is prescribed was not said
    return tok.tag_ == "VB" and subj is None and not any(c.dep_ in ("aux", "auxpass") for c in tok.children) \
        and tok.dep_ in ("ROOT", "ccomp", "parataxis", "conj")


#: the dependencies of a verb that, with no subject of its own, continues the statement of a verb before it
_NEXT_DEPS = frozenset({"conj", "advcl"})
#: the marks of an adverbial clause that sets a second speaker beside the first ("..., while 22 percent said ...")
_CONTRAST = frozenset({"while", "whereas", "although", "though"})
#: ... and the marks of an adverbial clause whose own speaker reports beside the first statement, not inside it
#: ("even as some of the same candidates have said they oppose ...", "after a woman told him she worries ...")
_BESIDE = _CONTRAST | frozenset({"as", "after"})
#: ... of which these end the statement the parse hung them in ("said A, while 22 percent said B": A ends before
#: "while"); an as-clause only after "even" ("as The New York Times reported" is often drawn into A by the annotators)
_ENDS_FIRST = _CONTRAST | frozenset({"after"})
#: a relative clause's subject that is its relative pronoun: "critics who say ..." names who the noun is
_RELATIVE = frozenset({"WDT", "WP", "WP$"})


def next_statement(page: Page, tok) -> str:
    """How cue token ``tok`` may stand beside the claim whose content the parse hung it in, outside quotation
    marks: "speaker" for that claim's speaker's next statement (a verb coordinated with or adverbial to an
    earlier one, with no subject of its own: "said the party was not in crisis, and urged that everyone
    relax", "said X, adding that Y"), "own" for an adverbial clause with a speaker of its own ("74 percent
    said X, while 22 percent said Y", "..., after a woman told him she worries ...") or a relative clause whose
    speaker is not its relative pronoun (:func:`_own_relative`), else ""."""
    if tok.pos_ != "VERB" or tok.head.i > tok.i or page.quotes.containing(tok.idx) is not None:
        return ""
    if tok.dep_ == "relcl":
        return _own_relative(tok)
    if tok.dep_ not in _NEXT_DEPS:
        return ""
    if subject(tok) is None:
        return "speaker"
    return "own" if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _BESIDE for c in tok.children) else ""


#: the finite verb forms of a speaker's second verb (:func:`second_verb`)
_FINITE = frozenset({"VBD", "VBZ"})


def second_verb(tok, cls: str = "") -> bool:
    """Whether cue token ``tok`` is a speaker's second verb that the parse coordinated with a verb of a different form
    inside the first one's content ("Mr. Putin forecast that the economy would soon rebound and praised efforts by
    ...", "He has also called on the United States to attack the oil ... and proposed a safe zone"): a finite verb
    without a subject whose conjunct is not finite alike; or, unless its cue class ``cls`` is "belief" (a state:
    "said they are worried ... and want to deny him"), a verb made finite by another word than its conjunct (its
    auxiliary or its own tag: "said that he would offer a prayer ... but did not suggest it would be Trump", "said she
    has no plans to change her vote and would not identify any issue"). Its claim stands beside the first one (as
    :func:`next_statement` says "speaker") even when it could not stand nested."""
    if tok.dep_ != "conj" or subject(tok) is not None:
        return False
    if tok.tag_ in _FINITE and tok.head.tag_ != tok.tag_:
        return True
    if cls == "belief":
        return False
    form, head_form = _finite_form(tok), _finite_form(tok.head)
    return form is not None and head_form is not None and form != head_form


def _finite_form(tok):
    """The tag of the word that makes ``tok`` finite: its first auxiliary ("has championed": VBZ, "would not identify":
    MD, "did not suggest": VBD) or its own tag when finite, else None."""
    aux = next((c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i), None)
    tag = aux.tag_ if aux is not None else tok.tag_
    return tag if tag in ("VBD", "VBZ", "VBP", "MD") else None


def ends_first_statement(tok):
    """The index of the first token of the adverbial clause of cue token ``tok`` that, with a speaker of its own
    (:func:`next_statement` says "own"), ends the statement whose content the parse hung it in: marked
    while / whereas / though / although / after or "even as" ("74 percent said A, while 22 percent said B", "said he
    will support the nominee, even as he has taken frequent shots at ..."); None for another clause. PolNeAR never
    nests attributions, so the first content stops there; a plain "as" / "because" / "if" clause is left in it."""
    if tok.dep_ != "advcl":
        return None
    marks = [c for c in tok.children if c.dep_ == "mark" and c.i < tok.i]
    if not marks:
        return None
    if marks[0].lower_ in _ENDS_FIRST:
        return tok.left_edge.i
    if marks[0].lower_ == "as" and marks[0].i > 0 and tok.doc[marks[0].i - 1].lower_ == "even":
        return tok.left_edge.i
    return None


def _own_relative(tok) -> str:
    """"own" for a relative clause whose speaker is not the relative pronoun ("hackers who U.S. officials say
    is tied to ...", "the marchers, whom he described as peaceful"): the clause reports a statement of its own
    beside the claim the parse hung it in; "critics who say ...", "Iran, whose leaders have called for ..." only
    describe the noun."""
    subj = subject(tok)
    return "own" if subj is not None and not any(t.tag_ in _RELATIVE for t in subj.subtree) else ""
