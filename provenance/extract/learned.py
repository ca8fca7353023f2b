"""The learned cue pattern: a verb the lexicon does not make a claim of, proposed by a small model.

``cues.tsv`` knows the frequent cue words; PolNeAR's annotators mark thousands more ("did not
immediately respond", "is calling for", "put it", "sent a letter", "sings"). For every verb outside
quotation marks of which no lexicon pattern made a claim, :func:`learned` asks the cue-verb pattern
(:func:`provenance.extract.verbs.verb`, with a neutral entry) for a source and content, then a logistic
model over the verb and its dependency context (:func:`cue_features`: lemma, tag, dependency, the
dependencies and words of its children, its object's lemma, the content pattern found, the kind of
source, the lexicon's strength for the lemma) gives the probability that annotators mark it. Above the
model's threshold (chosen on PolNeAR train) the candidate is the claim, with that probability as its
confidence (the claim-confidence model of :mod:`.confidence` was fitted on lexicon cues only).

The model is data: ``provenance/data/cue_model.json`` (weights by feature name), written by
``scripts/learn_cue_model.py`` from PolNeAR train, described in ``provenance/data/cue_model.md``.
Without the file the pattern proposes nothing. It reads only the parse: no extra spaCy component.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional

import attrs

from provenance.datafiles import DATA_DIR

from .candidate import Candidate, Notes
from .confidence import ConfidenceModel, read_thresholded
from .geometry import Page
from .lexicon import Entry
from .sources import _EXPLETIVES, addressed_participle, subject
from .verbs import verb

DEFAULT_PATH = DATA_DIR / "cue_model.json"

_PRONOUNS = frozenset("he she they i we you it who".split())
#: prepositions that open a time or place adverbial, not what a verb is about ("said on Monday")
_TIME_PREPS = frozenset({"during", "after", "before", "since", "until"})
#: relative pronouns standing for the noun their clause modifies ("the approach that he advocated")
_RELATIVES = frozenset({"that", "which", "who", "whom"})
#: a relative clause's verb with one of these children says something of its own, not its noun
_OWN_CONTENT = frozenset({"ccomp", "xcomp", "dative", "attr", "oprd", "acomp", "agent"})
#: child dependencies whose presence (and words) describe a cue's frame
_FRAME_DEPS = frozenset({"ccomp", "xcomp", "dobj", "dative", "prt", "prep", "neg", "aux", "auxpass", "advmod",
                         "npadvmod", "agent", "attr", "oprd", "acomp", "advcl", "mark", "nsubj", "nsubjpass", "expl"})
#: closed-class children whose words are features ("not", "immediately", "out", "for", "to")
_WORD_DEPS = frozenset({"prt", "prep", "neg", "advmod", "aux", "dative"})


class CueModel(ConfidenceModel):
    """``model(features)`` is the probability that annotators mark the candidate as an attribution (the
    same logistic form as the confidence model); candidates under ``threshold`` are not proposed."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float, path: str = ""):
        super().__init__(weights, bias, path, threshold)
        self._tops: Optional[tuple[dict, float, float, float]] = None  # see _candidate_tops

    def could_pass(self, own: dict[str, float], lemma: str, source_kind: str) -> bool:
        """Whether some candidate of a verb could reach the threshold: ``own`` are the verb's own features
        (:func:`verb_features`, the first of :func:`cue_features`), to which the features of
        :data:`CANDIDATE_FEATURES` add at most the most they can for this ``lemma`` (pattern and lemma with
        pattern, each a weight or 0 for a pattern the model lacks), ``source_kind`` (its subject's kind, or no
        source), any kind, any content length (0 to 4, short below 15 chars). False only when the probability
        of that bound, plus 1e-9, is under the threshold."""
        by_lemma, pattern, kind, content = self._candidate_tops()
        get = self.weights.get
        z = self.bias + self.score(own)
        z += by_lemma.get(lemma, pattern) + max(get("source=none", 0.0), get("source=" + source_kind, 0.0))
        z += kind + content
        return self.probability(z + 1e-9) >= self.threshold

    def _candidate_tops(self) -> tuple[dict, float, float, float]:
        """(lemma -> the most a pattern and that lemma with it add, the most a pattern alone adds, the most a
        kind adds, the most the content's length adds): :meth:`could_pass`'s bounds, made once from the weights."""
        if self._tops is None:
            w = self.weights
            patterns = {k[len("pattern="):]: v for k, v in w.items() if k.startswith("pattern=")}
            pattern = max([0.0, *patterns.values()])  # a pattern the model lacks adds 0
            by_lemma: dict[str, float] = {}
            for k, v in w.items():
                if k.startswith("lemma|pattern="):
                    lemma, _, pat = k[len("lemma|pattern="):].rpartition("|")
                    by_lemma[lemma] = max(by_lemma.get(lemma, pattern), patterns.get(pat, 0.0) + v)
            kind = max([0.0, *(v for k, v in w.items() if k.startswith("kind="))])
            chars, short = w.get("content_chars", 0.0), w.get("content_short", 0.0)
            content = max(short + max(0.0, 0.14 * chars), 0.15 * chars, 4.0 * chars)  # n in [0, 14], [15, 400+]
            self._tops = (by_lemma, pattern, kind, content)
        return self._tops


@functools.lru_cache(maxsize=4)
def load_cue_model(path: Optional[str] = None) -> Optional[CueModel]:
    """The packaged cue model (or the file at ``path``); None when there is none."""
    return read_thresholded(Path(path) if path else DEFAULT_PATH, "cue model", CueModel)


def _source_kind(tok) -> str:
    subj = subject(tok)
    if subj is None:
        return "none"
    if subj.lower_ in _PRONOUNS:
        return "pronoun"
    if subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return subj.ent_type_
    return subj.pos_


#: the prefixes of the features :func:`cue_features` takes from the candidate (the others are the verb's own)
CANDIDATE_FEATURES = ("pattern=", "lemma|pattern=", "source=", "kind=", "content_chars", "content_short")


def cue_features(page: Page, tok, cand: Candidate, strength: float, strengths: Optional[dict] = None,
                 own: Optional[dict] = None) -> dict[str, float]:
    """The cue model's features of verb ``tok`` whose cue-verb candidate is ``cand`` (all numbers; absent
    binary features are 0): the verb's own (:func:`verb_features`; ``own`` when given) followed by the
    candidate's (:data:`CANDIDATE_FEATURES`). ``strength``: the lexicon's strength for the lemma (0 when it has
    none); ``strengths``: the lexicon's strengths by verb lemma (for the verb of an infinitive after it)."""
    f = dict(verb_features(page, tok, strength, strengths) if own is None else own)
    lemma = tok.lemma_.lower()
    f["pattern=" + cand.pattern] = 1.0
    f["lemma|pattern=" + lemma + "|" + cand.pattern] = 1.0
    f["source=" + (_source_kind(tok) if cand.source is not None else "none")] = 1.0
    f["kind=" + cand.kind] = 1.0
    n = sum(e - s for s, e in cand.segments)
    f["content_chars"] = min(n, 400) / 100.0
    f["content_short"] = float(n < 15)
    return f


def verb_features(page: Page, tok, strength: float, strengths: Optional[dict] = None) -> dict[str, float]:
    """The cue model's features of verb ``tok`` whatever its candidate (the first of :func:`cue_features`; what
    :meth:`CueModel.could_pass` reads before a candidate is made)."""
    strengths = strengths or {}
    lemma = tok.lemma_.lower()
    f = {
        "lemma=" + lemma: 1.0,
        "tag=" + tok.tag_: 1.0,
        "dep=" + tok.dep_: 1.0,
        "lexicon_strength": strength,
        "in_lexicon": float(strength > 0),
    }
    if tok.head is not tok:
        f["head=" + tok.head.lemma_.lower()] = 1.0
    f["lemma|dep=" + lemma + "|" + tok.dep_] = 1.0
    for c in tok.children:
        dep = c.dep_
        if dep not in _FRAME_DEPS:
            continue
        f["child=" + dep] = 1.0
        if dep in _WORD_DEPS:
            f[f"{dep}={c.lower_}"] = 1.0
            if dep in ("prt", "prep") and c.i > tok.i:
                f[f"lemma+{c.lower_}={lemma}"] = 1.0  # "call for", "point to", "lash out"
        elif dep == "dobj":
            f["object=" + c.lemma_.lower()] = 1.0  # "made the comments", "put it", "sent a letter"
            f["lemma|object=" + lemma + "|" + c.lemma_.lower()] = 1.0  # "made|comment", "take|aim"
            if any(g.dep_ == "poss" for g in c.children):
                f["object_poss"] = 1.0  # "offered his thoughts", "expressed their support"
            if c.ent_type_:
                f["object_entity=" + c.ent_type_] = 1.0  # "endorsed Clinton", "attacked the GOP"
            for g in c.children:
                if g.dep_ in ("prep", "acl", "relcl") and g.i > c.i:
                    f["object_" + g.dep_ + "=" + (g.lower_ if g.dep_ == "prep" else g.lemma_.lower())] = 1.0
        elif dep == "xcomp" and c.i > tok.i:
            f["xcomp=" + c.lemma_.lower()] = 1.0  # "tried to paint", "refused to endorse"
            f["xcomp_strength"] = max(f.get("xcomp_strength", 0.0), strengths.get(c.lemma_.lower(), 0.0))
        elif dep in ("nsubj", "nsubjpass"):
            f["subject=" + c.lemma_.lower()] = 1.0  # "the poll shows", "a spokesman"
        elif dep == "ccomp":
            if any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                f["that_clause"] = 1.0
            if any(g.tag_ in ("WDT", "WP", "WRB") or g.lower_ in ("if", "whether") for g in c.children if g.i < c.i):
                f["wh_clause"] = 1.0
    if tok.i + 1 < len(tok.doc) and not tok.doc[tok.i + 1].is_punct:
        f["next=" + tok.doc[tok.i + 1].lower_] = 1.0
    f["question"] = float("?" in page.sentence_text(tok.i))
    f["sentence_position"] = min(tok.i - page.sentence(tok.i).start, 40) / 20.0
    return f


def candidate(page: Page, notes: Notes, tok, strength: float = 0.0, flags: frozenset = frozenset(),
              own: Optional[dict] = None) -> Optional[tuple[Candidate, dict]]:
    """The cue-verb candidate of ``tok`` read with a neutral entry (with ``flags``: the cue-span flags of
    a longer cue, "tried to paint X as"), and its features (None: no source and content found; ``own``: the
    verb's :func:`verb_features`, when already made)."""
    lemma = tok.lemma_.lower()
    entry = Entry(cue=lemma, kind="light" if flags else "verb", cls="neutral", strength=1.0, flags=flags)
    entries = {"": entry}
    # the first preposition after the verb is its particle ("sided with X", "lashed out at X", "calling for X"):
    # its object is the content when no clause or object is
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i and c.lower_ not in _TIME_PREPS), None)
    if prep is not None and any(d.dep_ in ("dobj", "dative") and tok.i < d.i < prep.i for d in tok.children):
        prep = None  # "backing Jeb Bush for president", "offering Kasich the second spot": the object is the content
    if prep is not None:
        entries[prep.lower_] = entry
    else:  # "pushed back against X", "came out against X": the preposition hangs on the particle
        prt = next((c for c in tok.children if c.dep_ in ("prt", "advmod") and c.i == tok.i + 1), None)
        prep = next((c for c in prt.children if c.dep_ == "prep" and c.lower_ not in _TIME_PREPS), None) if prt else None
        if prep is not None:
            entries[prt.lower_] = entry
            cand = verb(page, notes, tok, entries)
            if cand is not None and cand.pattern not in ("ccomp", "quote"):
                content = page.segments([i for i in range(prep.left_edge.i, prep.right_edge.i + 1) if i != prep.i])
                if content:
                    return _with_features(page, notes, attrs.evolve(cand, segments=tuple(content), pattern="prep"), tok, strength, own)
            entries.pop(prt.lower_)
    if strength > 0 and (said := antecedent(page, tok)) is not None:  # a cue word of the lexicon (other verbs: noise)
        segs, source = said
        cand = Candidate("indirect", tok.i, tok.i + 1, lemma, entry, tuple(segs), source, "antecedent")
        return _with_features(page, notes, cand, tok, strength, own)
    cand = verb(page, notes, tok, entries, sourceless=True)
    if cand is None:
        return None
    return _with_features(page, notes, cand, tok, strength, own)


def antecedent(page: Page, tok):
    """(content segments, source) of a verb whose object is the noun its clause modifies: a relative clause with
    its object left out ("an arrangement the Sanders campaign has criticized", "the approach that he's advocated",
    "a word Trump then repeated") or a passive participle with its agent ("a measure strongly opposed by
    unions", "a call echoed by Japan"): the noun phrase without the clause is what is said, the clause's
    subject (the agent) says it. None for any other verb."""
    noun = tok.head
    if tok.dep_ == "amod":
        return hyphen_agent(page, tok)
    if noun.i > tok.i or noun.pos_ not in ("NOUN", "PROPN", "PRON") or noun.lower_ in _RELATIVES:
        return None
    kids = list(tok.children)
    if tok.dep_ == "relcl":
        subj = subject(tok)
        if subj is None or subj.i > tok.i or subj.lower_ in _RELATIVES or subj.lower_ in _EXPLETIVES:
            return None  # "a plan that calls for ...": the noun is the subject
        if any(c.dep_ == "auxpass" and c.lower_ not in ("'s", "\u2019s") for c in kids):
            return None  # a passive ("the bill that was passed"); but "that he's advocated" is a perfect
        if any(c.dep_ in _OWN_CONTENT or (c.dep_ == "dobj" and c.lower_ not in _RELATIVES) for c in kids):
            return None  # "the letter in which he called Trump a liar": the verb has an object of its own
        if any(c.dep_ == "prep" and c.i < tok.i for c in kids):
            return None  # "the debate in which he spoke": where it was said
        who = subj
    elif tok.dep_ == "acl" and tok.tag_ == "VBN":
        agent = next((c for c in kids if c.dep_ == "agent"), None)
        who = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if who is None:
            return None
    else:
        return None
    source = page.np_span(who, near=tok.i)
    segs = page.segments(page.subtree_minus(noun, tok))
    if source is None or not segs:
        return None
    return segs, source


#: what a noun keeps of its phrase as what a participle before it said: not its determiner, owner or clauses
_NOT_SAID = frozenset({"det", "nummod", "poss", "relcl", "acl", "punct", "cc", "conj", "appos"})


def hyphen_agent(page: Page, tok):
    """(content segments, source) of a passive participle joined by a hyphen to who did it, before the noun it
    modifies ("a self-described democratic socialist", "One Sanders-endorsed candidate", "A Johnson-backed
    lawsuit against that threshold"): the noun with its modifiers and prepositions (not its determiner, owner
    or clauses) is what is said, the word before the hyphen says it. None for any other verb."""
    doc, noun = page.doc, tok.head
    if tok.tag_ != "VBN" or noun.i < tok.i or noun.pos_ not in ("NOUN", "PROPN") or tok.i < 2:
        return None
    who = doc[tok.i - 2]
    if doc[tok.i - 1].text != "-" or who.head.i != tok.i or who.dep_ not in ("npadvmod", "nmod", "compound", "nsubj"):
        return None
    if who.pos_ not in ("NOUN", "PROPN", "PRON") or doc[tok.i - 1].whitespace_ or who.whitespace_:
        return None
    skip = set(range(tok.left_edge.i, tok.right_edge.i + 1))
    for c in noun.children:
        if c.dep_ in _NOT_SAID:
            skip.update(range(c.left_edge.i, c.right_edge.i + 1))
    segs = page.segments([i for i in range(noun.left_edge.i, noun.right_edge.i + 1) if i not in skip])
    source = page.np_span(who, near=tok.i)
    if source is None or not segs:
        return None
    return segs, source


def _with_features(page: Page, notes: Notes, cand: Candidate, tok, strength: float, own: Optional[dict]) -> tuple[Candidate, dict]:
    return cand, cue_features(page, tok, cand, strength, notes.strengths, own)


def passive_holder(page: Page, tok):
    """The subject of ``tok``'s agentless passive, which holds what it says ("The voters are split on whether ...",
    "Clinton officials were thrilled with the editorial"): for a verb flagged ``holder``; None otherwise."""
    kids = list(tok.children)
    subj = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ in _EXPLETIVES or not any(c.dep_ == "auxpass" for c in kids) \
            or any(c.dep_ == "agent" for c in kids):
        return None
    return page.np_span(subj, near=tok.i)


#: dependencies climbed from a verb with no subject to the verb whose subject does what it says
_GOVERNED = frozenset({"xcomp", "advcl", "pcomp", "pobj", "prep", "dobj", "conj", "acomp", "attr"})


def governing_subject(page: Page, tok):
    """The subject of the nearest verb up the tree from ``tok`` through complements, prepositions and
    objects ("Donald Trump has a long history of blaming others", "Guardian stopped short of fully
    endorsing Clinton's criticisms", "Eric Trump was pressed to explain": a passive's subject too; a relative
    pronoun, as annotators mark it): for a learned claim whose verb has none of its own; None when the climb
    leaves the clause or finds an expletive."""
    h = tok
    for _ in range(6):
        if h.dep_ not in _GOVERNED or h.head is h:
            return None
        h = h.head
        subj = subject(h) or next((c for c in h.children if c.dep_ == "nsubjpass"), None)
        if subj is not None:  # of a verb, or of an adjective the parse made the root ("Trump was pressed to explain")
            if subj.lower_ in _EXPLETIVES:
                return None  # "it is hard to explain"
            return page.np_span(subj, near=tok.i)
    return None


def learned(page: Page, notes: Notes, tok, arg=None) -> Optional[Candidate]:
    """A verb the lexicon made no claim of: its cue-verb candidate when the probability of the run's cue
    model (``notes.cue_model``) is at least the model's threshold; that probability is the candidate's
    strength (pattern "learned")."""
    model = notes.cue_model
    if model is None or page.quotes.containing(tok.idx) is not None:
        return None  # PolNeAR marks no cue inside a quotation: the model never saw one
    lemma = tok.lemma_.lower()
    strength = notes.strengths.get(lemma, 0.0)
    own = verb_features(page, tok, strength, notes.strengths)
    if not model.could_pass(own, lemma, _source_kind(tok)):
        return None  # no candidate of this verb would reach the threshold: none is read
    found = candidate(page, notes, tok, strength, own=own)
    if found is None:
        return None
    cand, feats = found
    p = model(feats)
    if p < model.threshold:
        return None
    flags = notes.cue_frames.get(lemma)
    if flags:  # the model scored the verb alone; the claim's cue is the longer one ("tried to paint", "made comments about")
        longer = candidate(page, notes, tok, flags=flags)
        cand = longer[0] if longer is not None else cand
    entry = Entry(cue=cand.lemma, kind="verb", cls="neutral", strength=round(p, 4))
    source = cand.source
    if source is not None and lemma in notes.addressees and addressed_participle(tok):
        source = None  # "Asked about X, Rubio said": the lexicon's addressee verb; Rubio was asked, nobody named asks
    elif source is not None and lemma in notes.evidentials:
        # "This seems like a fine idea", "the returns seemed a reminder that ...": the writer hedges, and what seems is
        # said of the subject, which starts the content as the evidential pattern's does ("This … a fine idea")
        if source.end <= page.doc[cand.cue_a].idx and cand.segments and source.end <= cand.segments[0][0]:
            cand = attrs.evolve(cand, segments=((source.start, source.end),) + tuple(cand.segments))
        source = None
    elif source is None and lemma in notes.holders:
        source = passive_holder(page, tok)
    elif source is None and cand.kind != "passive":
        source = governing_subject(page, tok)
    return attrs.evolve(cand, entry=entry, source=source, pattern="learned", factor=1.0)
