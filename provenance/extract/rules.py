"""Rules over the dependency parse: cue words in, claims out.

One cheap pass: a vectorised filter (``doc.to_array`` + ``numpy.isin``)
finds the few tokens that can start a cue; each is then looked at through
its dependency neighbourhood only. No extra ``nlp`` call, no Python loop
over the characters of the text.

Span conventions (every span satisfies ``text[start:end] == span.text``):

- spans are trimmed of surrounding whitespace, punctuation and quotation
  marks, so a direct quote's content is the quoted words *without* the
  marks (``type`` says that it was quoted);
- a source is the whole noun phrase, modifiers included ("a senior
  official familiar with the talks"); a relative pronoun subject ("officials
  who said") is the mention, as PolNeAR marks it, and the unresolved
  ``Source.name`` is then its antecedent ("officials") instead of "who";
- a content is the whole complement clause, "that" included; content
  around a cue ("X," she said, "Y.") or around a source is discontinuous
  (several segments).

Confidence. The rules give each claim a prior: lexicon strength of the cue
(``cues.tsv``: how often the word is an annotated cue in PolNeAR train) ×
reliability of the pattern that found the content
(:data:`PATTERN_RELIABILITY`) × 0.8 when an active cue found no source. When
``data/confidence.json`` is present (the default), the reported confidence
is instead a logistic model's probability that annotators would mark the
claim (see :mod:`provenance.extract.confidence`), fitted on PolNeAR train;
claims under its threshold (0.3) are not reported. Without the model the
prior is reported and the threshold is :data:`MIN_CONFIDENCE`.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

import attrs
import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string

from ..model import Claim, Cue, Source, Span
from .confidence import ConfidenceModel, claim_features, load_model
from .lexicon import Entry, Lexicon, load_lexicon
from .quotes import QuoteIndex, find_quotes

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

_QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`"
_STRIP = " \t\r\n\u00a0" + _QUOTE_CHARS
_TIME_PREPS = frozenset({"in", "on", "at", "during", "after", "before", "since", "until"})
# the rest of a sentence after speaker and cue, up to the next sentence: " on Monday. "
_SENT_END = re.compile(r"[^.!?\n\"\u201c\u201d]{0,60}?[.!?][ \t\u00a0]+")
_NOUN_PREPS = frozenset({"of", "for", "about", "on", "against", "over", "that"})
_DASHES = ("\u2015", "\u2014")  # "quote" ― Name
_EDGE_PUNCT = ",;:!?—–-…"
_SUBJ = ("nsubj", "csubj")
_PASS_SUBJ = ("nsubjpass", "csubjpass")
_RELPRON = frozenset({"who", "that", "which", "whom"})
_CLIMB = ("advcl", "xcomp", "conj", "pcomp", "prep")
# separators allowed between a quote and the speaker/cue next to it
_GAP_BACK = " \t\u00a0,.!?\u201d\"'\u00bb:\u2014\u2013-"  # no newline: a quote never signs across paragraphs
_GAP_FWD = " \t\r\n\u00a0,\u201c\"'\u00ab:\u2014\u2013-"
_HASH_CACHE: dict[int, np.ndarray] = {}


#: Claims below this confidence are not reported (weak cues such as "focus on" in narration):
#: for the rules' prior (no model file) ...
MIN_CONFIDENCE = 0.2
#: ... and for the learned model's probability, unless its file names a threshold (chosen on train).
MODEL_MIN_CONFIDENCE = 0.3


def extract_claims(doc, *, lexicon: Optional[Lexicon] = None, min_confidence: Optional[float] = None,
                   use_model: bool = True, confidence_model: Optional[ConfidenceModel] = None) -> Iterator[Claim]:
    """Every attribution in ``doc`` (see :mod:`provenance.extract`) with at least ``min_confidence``
    (default: the model's threshold, or :data:`MIN_CONFIDENCE` for the rules' prior).
    ``confidence_model`` replaces the packaged model (a cluster worker gets the client's)."""
    lex = lexicon or load_lexicon()
    if not len(doc):
        return iter(())
    model = (confidence_model or load_model()) if use_model else None
    if min_confidence is None:
        min_confidence = (model.threshold or MODEL_MIN_CONFIDENCE) if model is not None else MIN_CONFIDENCE
    return iter([c for c in _Extractor(doc, lex, model).run() if c.confidence >= min_confidence])


def claims_with_features(doc, *, lexicon: Optional[Lexicon] = None) -> list[tuple[Claim, dict]]:
    """Every candidate claim with the rules' prior confidence and its features (for training the model)."""
    ex = _Extractor(doc, lexicon or load_lexicon(), None, keep_features=True)
    return [(c, ex.features[c.id]) for c in ex.run()] if len(doc) else []


def _trigger_hashes(lex: Lexicon) -> np.ndarray:
    key = id(lex)
    arr = _HASH_CACHE.get(key)
    if arr is None:
        arr = np.array(sorted({hash_string(w) for w in lex.trigger_words} | {hash_string(w) for w in (":",) + tuple(_DASHES)}), dtype="uint64")
        _HASH_CACHE.clear()
        _HASH_CACHE[key] = arr
    return arr


class _Extractor:
    def __init__(self, doc, lex: Lexicon, model: Optional[ConfidenceModel] = None, keep_features: bool = False):
        self.model = model
        self.keep_features = keep_features
        self.features: dict[str, dict[str, float]] = {}
        self.doc = doc
        self.text = doc.text
        self.lex = lex
        self.sent_of = np.zeros(len(doc), dtype="int32")
        self.sents = list(doc.sents)
        for i, s in enumerate(self.sents):
            self.sent_of[s.start : s.end] = i
        self.quotes = QuoteIndex(find_quotes(self.text))
        self.cue_ext: dict[int, int] = {}  # verb index -> last token of "in a statement" right after it
        self.claims: list[Claim] = []
        self.according_phrases: dict[int, list[tuple[int, int]]] = {}  # sentence -> char spans of "according to X"
        self.names: dict[tuple[int, int], str] = {}  # source mention offsets -> name, when the mention is a relative pronoun

    # ---------------------------------------------------------------- driver
    def run(self) -> list[Claim]:
        doc, lex = self.doc, self.lex
        arr = doc.to_array([LEMMA, LOWER])
        hashes = _trigger_hashes(lex)
        cands = np.flatnonzero(np.isin(arr[:, 0], hashes) | np.isin(arr[:, 1], hashes))
        toks = [doc[int(i)] for i in cands]
        nouns, hedges, verbs = lex.by_kind["noun"], lex.by_kind["hedge"], lex.verbs
        evidentials = lex.by_kind["evidential"]
        deferred_verbs = []
        for tok in toks:
            lower = tok.lower_
            if lower == "according":
                if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                    self._according(tok)
            elif lower == ":":
                self._colon(tok)
            elif lower in _DASHES:
                self._dash(tok)
            elif lower in hedges and tok.pos_ == "ADV":
                self._hedge(tok, hedges[lower])
            else:
                lemma = tok.lemma_.lower()
                if tok.pos_ in ("VERB", "AUX") and lemma in evidentials:
                    self._evidential(tok, evidentials[lemma])
                elif tok.pos_ == "VERB" and lemma in verbs:
                    deferred_verbs.append((tok, verbs[lemma]))
                elif tok.pos_ in ("NOUN", "PROPN") and lemma in nouns:
                    self._noun(tok, nouns[lemma])
        for tok, entries in deferred_verbs:
            self._verb(tok, entries)
        return self._finish()

    # ------------------------------------------------------------- helpers
    def _trim(self, a: int, b: int) -> Optional[tuple[int, int]]:
        """Token range [a, b) trimmed of punctuation/space tokens, as char offsets."""
        doc = self.doc
        while a < b and (doc[a].is_punct or doc[a].is_space):
            a += 1
        while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
            b -= 1
        if a >= b:
            return None
        s, e = doc[a].idx, doc[b - 1].idx + len(doc[b - 1])
        return self._trim_chars(s, e)

    def _trim_chars(self, s: int, e: int) -> Optional[tuple[int, int]]:
        text = self.text
        while s < e and (text[s] in _STRIP or text[s] in _EDGE_PUNCT):
            s += 1
        while e > s:
            ch = text[e - 1]
            if ch in _STRIP or ch in _EDGE_PUNCT:
                e -= 1
            elif ch == "." and not (e - s >= 3 and text[e - 3] == "." and text[e - 2].isalpha()):  # keep "U.S."
                e -= 1
            else:
                break
        return (s, e) if s < e else None

    def _segments(self, indices) -> list[tuple[int, int]]:
        """Char segments of a set of token indices (runs split at gaps of real words)."""
        idx = sorted(set(indices))
        if not idx:
            return []
        doc = self.doc
        runs = []
        start = prev = idx[0]
        for i in idx[1:]:
            if i == prev + 1 or all(doc[j].is_punct or doc[j].is_space for j in range(prev + 1, i)):
                prev = i
                continue
            runs.append((start, prev + 1))
            start = prev = i
        runs.append((start, prev + 1))
        segs = [self._trim(a, b) for a, b in runs]
        return [s for s in segs if s]

    def _np_span(self, tok, stop=None, near=None) -> Optional[Span]:
        """The noun phrase headed by ``tok`` (its subtree), optionally cut before token ``stop``.

        A source never runs across a paragraph break ("1:50 p.m.\n\nFamed doctor X said"): of
        the pieces, the one nearest token ``near`` (the cue), else the one holding ``tok``, is kept.
        """
        doc = self.doc
        a, b = tok.left_edge.i, tok.right_edge.i + 1
        if stop is not None:
            b = min(b, stop)
        breaks = [j for j in range(a, b) if "\n" in doc[j].text or "\n" in doc[j].whitespace_]
        if breaks:
            pieces, start = [], a
            for j in breaks:
                pieces.append((start, j + 1))
                start = j + 1
            pieces.append((start, b))
            pieces = [(x, y) for x, y in pieces if self._trim(x, y)]
            if pieces:
                if near is not None:
                    a, b = min(pieces, key=lambda p: min(abs(p[0] - near), abs(p[1] - 1 - near)))
                else:
                    a, b = next((p for p in pieces if p[0] <= tok.i < p[1]), pieces[-1])
        seg = self._trim(a, b)
        if seg and self.quotes:
            # '“That is a concern,” Sarandon, 69, told MSNBC': a quotation before the head is not part of the source
            for qs, qe in self.quotes.overlapping(*seg):
                if qe <= tok.idx:
                    seg = self._trim_chars(max(seg[0], qe + 1), seg[1])
                    if seg is None:
                        return None
        return Span.from_offsets(self.text, *seg) if seg else None

    def _drop_trailing_relative(self, indices):
        """"... the final bill, which includes ...": a non-restrictive relative clause ending the
        content comments on it and is not part of what was said."""
        if not indices:
            return indices
        doc = self.doc
        last = max(indices)
        for i in sorted(set(indices)):
            t = doc[i]
            if t.dep_ == "relcl" and t.right_edge.i >= last - 1 and t.left_edge.lower_ in ("which", "who"):
                start = t.left_edge.i
                if start > 0 and doc[start - 1].text == ",":
                    return [j for j in indices if j < start - 1 or j > t.right_edge.i]
        return indices

    def _subtree_minus(self, head, *excluded) -> list[int]:
        skip = set()
        for t in excluded:
            if t is not None:
                skip.update(range(t.left_edge.i, t.right_edge.i + 1))
        return [i for i in range(head.left_edge.i, head.right_edge.i + 1) if i not in skip]

    def _add(self, kind, cue_a, cue_b, lemma, entry: Entry, content_segs, source: Optional[Span], pattern, conf_factor=1.0):
        if not content_segs:
            return
        cue_seg = self._trim(cue_a, cue_b) or (self.doc[cue_a].idx, self.doc[cue_a].idx + len(self.doc[cue_a]))
        if pattern != "colon":
            # a parse never carries content over a paragraph break; only a quotation may sit in another
            # paragraph ("she said:\n\n“...”")
            text = self.text
            p0 = text.rfind("\n", 0, cue_seg[0]) + 1
            p1 = text.find("\n", cue_seg[1])
            p1 = len(text) if p1 < 0 else p1
            kept = []
            for s, e in content_segs:
                q = self.quotes.containing(s) if self.quotes else None
                if q is not None and e <= q[1] and (s < p0 or e > p1):
                    kept.append((s, e))
                elif min(e, p1) > max(s, p0):
                    kept.append((max(s, p0), min(e, p1)))
            content_segs = kept
        cue = Cue(text=self.text[cue_seg[0] : cue_seg[1]], start=cue_seg[0], end=cue_seg[1], lemma=lemma)
        # content must not swallow the cue or the source (nor an "according to X" that qualifies this claim)
        blocked = [cue_seg] + ([(source.start, source.end)] if source else [])
        if kind != "according_to":
            blocked += [p for p in self.according_phrases.get(int(self.sent_of[cue_a]), ()) if p[0] > cue_seg[1]]
        segs = []
        for s, e in content_segs:
            pieces = [(s, e)]
            for bs, be in blocked:
                nxt = []
                for ps, pe in pieces:
                    if be <= ps or bs >= pe:
                        nxt.append((ps, pe))
                    else:
                        if bs > ps:
                            nxt.append((ps, bs))
                        if be < pe:
                            nxt.append((be, pe))
                pieces = nxt
            for ps, pe in pieces:
                t = self._trim_chars(ps, pe)
                if t and any(ch.isalnum() for ch in self.text[t[0] : t[1]]):
                    segs.append(t)
        segs = self._merge(segs)
        if not segs:
            return
        content = Span.from_segments(self.text, segs)
        if kind in ("indirect", "direct", "mixed"):
            kind = self._quote_type(content)
        conf = entry.strength * PATTERN_RELIABILITY[pattern] * conf_factor
        src = Source.from_span(source, name=self.names.get((source.start, source.end))) if source else None
        claim = Claim(
            type=kind,
            cue=cue,
            content=content,
            sentence=int(self.sent_of[cue_a]),
            source=src,
            confidence=round(min(max(conf, 0.0), 1.0), 4),
            cue_class=entry.cls,
        )
        self.claims.append(claim)
        if self.model is not None or self.keep_features:
            total = sum(e - s for s, e in content.segments)
            quoted = sum(self.quotes.quoted_chars(s, e) for s, e in content.segments) if self.quotes else 0
            cue_tok = self.doc[cue_a]
            for j in range(cue_a, cue_b):  # the verb of "is said", "said in a statement"
                if self.doc[j].pos_ in ("VERB", "NOUN"):
                    cue_tok = self.doc[j]
                    break
            self.features[claim.id] = claim_features(
                prior=conf, strength=entry.strength, pattern=pattern, kind=kind, cls=entry.cls,
                source_text=source.text if source else None, cue_token=cue_tok,
                content_tokens=len(content.text.split()), quoted_share=quoted / total if total else 0.0,
                discontinuous=content.is_discontinuous, question="?" in self.sents[int(self.sent_of[cue_a])].text,
            )

    def _merge(self, segs):
        """Sorted, non-overlapping segments; pieces separated by punctuation/space only are joined."""
        out: list[list[int]] = []
        text = self.text
        for s, e in sorted(segs):
            if out and (s <= out[-1][1] or not any(ch.isalnum() for ch in text[out[-1][1] : s])):
                out[-1][1] = max(out[-1][1], e)
            else:
                out.append([s, e])
        return [(s, e) for s, e in out]

    def _quote_type(self, content: Span) -> str:
        if not self.quotes:
            return "indirect"
        total = quoted = 0
        for s, e in content.segments:
            total += e - s
            quoted += self.quotes.quoted_chars(s, e)
        if total and quoted >= 0.9 * total:
            return "direct"
        if quoted >= 3:
            return "mixed"
        return "indirect"

    def _quote_before(self, char_pos: int):
        text = self.text
        p = char_pos
        while p > 0 and text[p - 1] in _GAP_BACK:
            p -= 1
        if p == char_pos or p == 0:
            return None
        return self.quotes.containing(p - 1)

    def _quote_after(self, char_pos: int):
        text = self.text
        p = char_pos
        while p < len(text) and text[p] in _GAP_FWD:
            p += 1
        if p == char_pos or p >= len(text):
            return None
        if "\n" in text[char_pos:p] and ":" not in text[char_pos:p]:
            return None  # a new paragraph only continues after "said:"
        q = self.quotes.containing(p)
        return q if q and q[0] >= char_pos else None

    def _extend_with_quotes(self, segs, cue_pos: int):
        """Grow content segments to the whole quotations they touch (not one holding the cue)."""
        out = list(segs)
        for s, e in segs:
            for qs, qe in self.quotes.overlapping(s, e):
                if not qs <= cue_pos < qe:
                    out.append((qs, qe))
        return out

    def _subject(self, verb):
        """The subject of ``verb``; of two (a parse across "1:50 p.m.\n\nThe doctor said"), the nearer."""
        subjects = [c for c in verb.children if c.dep_ in _SUBJ]
        if len(subjects) > 1:
            before = [c for c in subjects if c.i < verb.i]
            return before[-1] if before else subjects[0]
        return subjects[0] if subjects else None

    def _source_of(self, verb):
        """Source span for an active cue verb: its subject, else one inherited up the tree."""
        subj = self._subject(verb)
        h = verb
        hops = 0
        while subj is None and h.dep_ in _CLIMB and h.head is not h and hops < 3:
            h = h.head
            hops += 1
            subj = self._subject(h)
            if subj is None and h.dep_ in _PASS_SUBJ:
                break
        if subj is None:
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):  # "a statement saying ..."
                noun = verb.head
                if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
                    # "Black Lives Matter issued a statement saying ...": whoever issued it
                    issuer = self._subject(noun.head)
                    if issuer is not None:
                        return self._np_span(issuer, near=noun.head.i)
                return self._np_span(noun, stop=verb.i)
            return self._adjacent_subject(verb)
        span = self._np_span(subj, near=verb.i)
        if span is not None and subj.lower_ in _RELPRON and h.dep_ == "relcl":
            # "officials who said ...": the mention is "who" (as annotators mark it); its name is the antecedent
            antecedent = self._np_span(h.head, stop=subj.i)
            if antecedent is not None:
                self.names[(span.start, span.end)] = antecedent.text
        return span

    def _adjacent_subject(self, verb):
        """A finite cue whose parse lost its subject ("Alarmed by the unrest in Nevada, Senator Harry Reid,
        the minority leader, said ..." hangs the senator on Nevada): the noun phrase right before it."""
        if verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return None
        doc = self.doc
        j = verb.i - 1
        while j >= 0 and (doc[j].is_punct or doc[j].pos_ == "ADV") and "\n" not in doc[j].text:
            j -= 1
        if j < 0 or self.sent_of[j] != self.sent_of[verb.i]:
            return None
        cand = doc[j]
        if cand.dep_ == "appos" and cand.head.i < cand.i:
            cand = cand.head
        if cand.pos_ not in ("PROPN", "NOUN", "PRON") or cand.dep_ in ("pobj", "dobj", "poss"):
            return None
        return self._np_span(cand, stop=verb.i, near=verb.i)

    # ---------------------------------------------------------------- rules
    def _verb(self, tok, entries: dict):
        children = list(tok.children)
        entry, particle = None, None
        for c in children:
            if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in entries and c.lower_:
                entry, particle = entries[c.lower_], c
                break
        if entry is None:
            entry = entries.get("")
            if entry is None:
                return
        lemma = entry.cue
        if tok.dep_ == "amod":
            return
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
                source = self._np_span(pobj)
                agent_tok = agent
        elif perfect_subject is not None:
            source = self._np_span(perfect_subject, near=tok.i)
        else:
            source = self._source_of(tok)
            if self._subject(tok) is None:
                # '"...," said David Brock, a Clinton confidant': the parser often makes the speaker an object
                cand = next((c for c in children if c.i > tok.i and c.left_edge.i == tok.i + 1 and c.pos_ in ("PROPN", "NOUN")
                             and c.dep_ in ("dobj", "nsubj", "npadvmod", "attr", "appos", "dative", "oprd")), None)
                if cand is not None and (self._quote_before(tok.idx) is not None or tok.dep_ in ("parataxis", "ccomp")):
                    inverted = cand
                    source = self._np_span(cand)
                    children = [c for c in children if c is not cand]

        content_toks, pattern = [], None
        comps = [c for c in children if c.dep_ == "ccomp"]
        if comps:
            for c in comps:
                content_toks += range(c.left_edge.i, c.right_edge.i + 1)
            for c in children:  # "claims X, and that Y": a second that-clause hung on the verb
                if c.dep_ == "conj" and c.i > tok.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                    content_toks += range(c.left_edge.i, c.right_edge.i + 1)
            pattern = "ccomp"
        elif particle is not None and particle.lower_ == "as":
            base = subjpass if passive else next((c for c in children if c.dep_ == "dobj"), None)
            if base is not None:
                content_toks += range(base.left_edge.i, base.right_edge.i + 1)
            content_toks += range(particle.left_edge.i, particle.right_edge.i + 1)
            if passive and agent_tok is not None:
                content_toks = [i for i in content_toks if not agent_tok.left_edge.i <= i <= agent_tok.right_edge.i]
            pattern = "as"
        elif particle is not None and particle.dep_ == "prep":  # "called for X", "pointed to X"
            content_toks += [i for i in range(particle.left_edge.i, particle.right_edge.i + 1) if i != particle.i]
            pattern = "prep"
        else:
            xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > tok.i and c.pos_ in ("VERB", "AUX")), None)
            dobj = next((c for c in children if c.dep_ == "dobj"), None)
            if xcomp is not None:
                content_toks += range(xcomp.left_edge.i, xcomp.right_edge.i + 1)
                if dobj is not None and tok.i < dobj.i < xcomp.i:  # "asked the congregation to stand"
                    content_toks += range(dobj.left_edge.i, dobj.right_edge.i + 1)
                if passive and subjpass is not None and subjpass.lower_ != "it":
                    content_toks += range(subjpass.left_edge.i, subjpass.right_edge.i + 1)
                pattern = "xcomp"
            elif dobj is not None and lemma not in ("tell", "ask"):
                # "called him a liar": the object and what it is called
                has_oprd = False
                for c in children:
                    if c is dobj or (c.i > tok.i and c.dep_ in ("oprd", "xcomp", "ccomp")):
                        content_toks += range(c.left_edge.i, c.right_edge.i + 1)
                        has_oprd = has_oprd or c.dep_ == "oprd"
                    elif (c.dep_ == "prep" or (has_oprd and c.dep_ in ("advmod", "npadvmod"))) and c.i > dobj.i \
                            and c.left_edge.i == max(content_toks) + 1 and (has_oprd or c.lower_ not in _TIME_PREPS):
                        # "a link to a story", "a master at ...": a PP the parser hung on the verb
                        content_toks += range(c.left_edge.i, c.right_edge.i + 1)
                pattern = "dobj"
            else:
                # "warned of X", "asked for copies", "asked the court for quick action", "told us about X"
                preps = ("about", "of", "on", "for") if lemma in ("ask", "tell") else ("about", "of", "on")
                prep = next((c for c in children if c.dep_ == "prep" and c.i > tok.i and c.lower_ in preps), None)
                if prep is not None and lemma not in ("say", "add"):
                    content_toks += [i for i in range(prep.left_edge.i, prep.right_edge.i + 1) if i != prep.i]
                    pattern = "prep"
        segs = self._segments(self._drop_trailing_relative(content_toks))

        # quotations next to the speaker and cue: "X," she said, "Y."
        subj = self._subject(tok) or inverted
        src_a = min(tok.i, subj.left_edge.i) if subj is not None else tok.i
        src_b = max(tok.i, subj.right_edge.i) if subj is not None else tok.i
        left = self.doc[src_a].idx
        right_tok = self.doc[src_b]
        right = right_tok.idx + len(right_tok)
        if particle is None and not passive:
            q_before = self._quote_before(left)
            if q_before is not None and self._sent_at(q_before[1] - 1) != self.sent_of[src_a] and not self._opens_sentence(q_before[0]):
                q_before = None  # the quote ended a sentence of its own: "... her “sex tape.” Ditto said she ..."
            q_after = self._quote_after(right)
            if q_after is not None and self.sent_of[src_b] != self._sent_at(q_after[0]) and not self._colon_follows(right):
                q_after = None
            if q_before is not None and q_after is None:
                q_after = self._quote_continues(right)
            if q_before is not None or q_after is not None:
                quoted_segs = [q for q in (q_before, q_after) if q is not None]
                if not segs or pattern in ("dobj", "prep") or all(self.quotes.quoted_chars(s, e) for s, e in segs):
                    segs = quoted_segs + [s for s in segs if self.quotes.quoted_chars(*s)]
                    pattern = "quote"
        # content before the cue: "The economy is fine, the minister said" parsed as parataxis
        if not segs and not passive and (tok.dep_ == "parataxis" or (tok.dep_ in ("ccomp", "advcl") and tok.head.i < tok.i)):
            head = tok.head
            content_toks = self._subtree_minus(head, tok)
            if tok.dep_ != "parataxis":  # a parenthetical "X, she said, Y" wraps its content
                content_toks = [i for i in content_toks if i < tok.i]
            segs = self._segments(content_toks)
            pattern = "before"
        # "The move was criticized by economists", "Cruz was endorsed by Fiorina": the subject is what is attributed
        if not segs and passive and subjpass is not None and subjpass.lower_ not in ("it", "there"):
            content_toks = list(range(subjpass.left_edge.i, subjpass.right_edge.i + 1))
            prep = next((c for c in children if c.dep_ == "prep" and c.i > tok.i and c.lower_ not in _TIME_PREPS and c is not agent_tok), None)
            if prep is not None:
                content_toks += range(prep.left_edge.i, prep.right_edge.i + 1)
            segs = self._segments(content_toks)
            pattern = "passive_subject"
        if not segs:
            return
        segs = self._extend_with_quotes(segs, tok.idx)
        a, b = tok.i, tok.i + 1
        if particle is not None and particle.i == tok.i + 1 and particle.dep_ == "prt":
            b = particle.i + 1
        if tok.i in self.cue_ext:
            b = self.cue_ext[tok.i] + 1
        if passive and source is None:
            kind = "passive"
            # the cue of an agentless passive includes its auxiliaries: "is said", "are seen"
            aux = [c.i for c in children if c.dep_ in ("auxpass", "aux") and c.i < tok.i]
            if aux and all(self.doc[j].dep_ in ("auxpass", "aux", "neg", "advmod") for j in range(min(aux), tok.i)):
                a = min(aux)
        else:
            kind = "indirect"
        if source is None and not passive and pattern not in ("ccomp", "quote"):
            return  # "faster than expected": no speaker, no clause: not an attribution
        factor = 0.8 if (source is None and not passive) else 1.0
        self._add(kind, a, b, lemma, entry, segs, source, pattern, factor)

    def _opens_sentence(self, quote_start: int) -> bool:
        """Whether the quotation starting at ``quote_start`` (inside its mark) begins a sentence."""
        p = quote_start - 1  # the opening mark
        text = self.text
        while p > 0 and text[p - 1] in "'`":
            p -= 1
        while p > 0 and text[p - 1] in " \t\u00a0":
            p -= 1
        return p == 0 or text[p - 1] in "\n.!?\u201d\""

    def _quote_continues(self, char_pos: int):
        """The quotation opening the next sentence of the same paragraph: “X,” she said. “Y.”

        ``char_pos`` is the end of the speaker and cue; the sentence must end
        right after them ("she said." / "she said on Monday.").
        """
        m = _SENT_END.match(self.text, char_pos)
        if m is None:
            return None
        p = m.end()
        text = self.text
        width = 2 if text.startswith("''", p) or text.startswith("``", p) else 1
        if p < len(text) and (width == 2 or text[p] in "\u201c\"\u00ab"):
            q = self.quotes.containing(p + width)
            if q is not None and q[0] == p + width:
                return q
        return None

    def _sent_at(self, char_pos: int) -> int:
        tok = self.doc.char_span(char_pos, char_pos + 1, alignment_mode="expand")
        return int(self.sent_of[tok.start]) if tok is not None and len(tok) else -1

    def _colon_follows(self, char_pos: int) -> bool:
        text = self.text
        p = char_pos
        while p < len(text) and text[p] in " \t,":
            p += 1
        return p < len(text) and text[p] == ":"

    def _according(self, tok):
        doc = self.doc
        to = doc[tok.i + 1]
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        source = self._np_span(pobj) if pobj is not None else None
        if source is None:
            return
        head = tok.head
        if head is tok:
            return
        while head.dep_ in ("advcl", "xcomp", "acl") and head.head is not head:
            head = head.head
        sent = self.sents[int(self.sent_of[tok.i])]
        after = [t for t in doc[tok.right_edge.i + 1 : sent.end] if not (t.is_punct or t.is_space)]
        if not after and tok.i > sent.start and doc[tok.i - 1].text == ",":
            # "The minister said the cafe would close, according to Le Monde.": the outlet reports the
            # whole sentence, whatever clause the parser hung the phrase on
            head = sent.root
        self.according_phrases.setdefault(int(self.sent_of[tok.i]), []).append(
            (tok.idx, doc[tok.right_edge.i].idx + len(doc[tok.right_edge.i]))
        )
        content = self._subtree_minus(head, tok)
        entry = self.lex.by_kind["prep"].get("according to")
        if entry is None:
            return
        self._add("according_to", tok.i, tok.i + 2, "according to", entry, self._segments(content), source, "according")

    def _evidential(self, tok, entry: Entry):
        """"The court seemed to send a signal", "it appears that ...": the writer hedges, nobody is quoted."""
        children = list(tok.children)
        comp = next((c for c in children if c.dep_ in ("xcomp", "ccomp", "acomp", "attr", "oprd") and c.i > tok.i), None)
        if comp is None:
            return
        content = list(range(comp.left_edge.i, comp.right_edge.i + 1))
        subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ != "it"), None)
        if subj is not None:
            content += range(subj.left_edge.i, subj.right_edge.i + 1)
        self._add("hedge", tok.i, tok.i + 1, entry.cue, entry, self._segments(content), None, "evidential")

    def _hedge(self, tok, entry: Entry):
        if tok.dep_ != "advmod" or tok.head is tok:
            return
        head = tok.head
        content = [i for i in range(head.left_edge.i, head.right_edge.i + 1) if i != tok.i]
        self._add("hedge", tok.i, tok.i + 1, entry.cue, entry, self._segments(content), None, "hedge")

    def _noun(self, tok, entry: Entry):
        doc = self.doc
        # "... said in a statement": cue grows to cover it; "In a statement, X warned ..." is a cue itself
        if tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head is not tok.head:
            prep = tok.head
            verb = prep.head
            if verb.pos_ != "VERB":
                return
            if verb.lemma_.lower() in self.lex.verbs:
                if verb.i + 1 == prep.i:
                    self.cue_ext[verb.i] = prep.right_edge.i
                return
            subj = self._subject(verb)
            if subj is None:
                return
            content = self._subtree_minus(verb, subj, prep)
            self._add("indirect", prep.i, prep.right_edge.i + 1, entry.cue, entry, self._segments(content), self._np_span(subj), "noun")
            return
        # "his claim that ...": the noun with a that-clause
        # "his claim that ...", "calls to break up the banks", "questions about his health"
        content = None
        for c in tok.children:
            if c.i < tok.i:
                continue
            if c.dep_ in ("acl", "ccomp") and any(
                (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to") for g in c.children
            ):
                content = list(range(c.left_edge.i, c.right_edge.i + 1))
                break
            if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS and any(g.dep_ in ("pobj", "pcomp") for g in c.children):
                content = [i for i in range(c.left_edge.i, c.right_edge.i + 1) if i != c.i]
                break
        if content is None:
            return
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        source = self._np_span(poss) if poss is not None else None
        self._add("indirect", tok.i, tok.i + 1, entry.cue, entry, self._segments(content), source, "noun_clause",
                  1.0 if source is not None else 0.7)

    def _colon(self, tok):
        """``NAME: words`` at the start of a sentence or paragraph."""
        doc = self.doc
        sent = self.sents[int(self.sent_of[tok.i])]
        start = sent.start
        for j in range(tok.i - 1, max(start, tok.i - 7) - 1, -1):  # a paragraph start counts as a sentence start
            if "\n" in doc[j].text or "\n" in doc[j].whitespace_:
                start = j + 1
                break
        while start < tok.i and (doc[start].is_punct or doc[start].is_space):  # '"PENCE:'
            start += 1
        if not 1 <= tok.i - start <= 5:
            return
        names = doc[start : tok.i]
        if any(t.pos_ in ("VERB", "AUX") for t in names):
            return
        if not all(t.pos_ == "PROPN" or t.is_upper or (t.is_title and t.pos_ in ("NOUN", "PROPN")) for t in names if not t.is_punct):
            return
        if tok.i + 1 >= len(doc):
            return
        q = self._quote_after(tok.idx + 1)
        if q is not None:
            segs = [q]
        else:  # a transcript turn: the rest of the paragraph
            end = tok.i + 1
            while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end - 1].whitespace_:
                end += 1
            segs = self._segments(range(tok.i + 1, end))
        entry = Entry(cue=":", kind="noun", cls="neutral", strength=0.8)
        self._add("indirect", tok.i, tok.i + 1, ":", entry, segs, self._np_span(names.root, stop=tok.i) or Span.from_spacy(names), "colon")

    def _dash(self, tok):
        """``“Quoted words.” ― Name``: a quotation signed by the name after a dash."""
        doc = self.doc
        q = self._quote_before(tok.idx)
        if q is None:
            return
        j = tok.i + 1
        while j < len(doc) and j - tok.i <= 4 and doc[j].pos_ == "PROPN":
            j += 1
        if j == tok.i + 1:
            return
        seg = self._trim(tok.i + 1, j)
        if seg is None:
            return
        entry = Entry(cue=tok.text, kind="noun", cls="neutral", strength=0.8)
        self._add("direct", tok.i, tok.i + 1, tok.text, entry, [q], Span.from_offsets(self.text, *seg), "colon")

    # ---------------------------------------------------------------- output
    def _finish(self) -> list[Claim]:
        # one claim per cue position: keep the most confident
        best: dict[int, Claim] = {}
        for c in self.claims:
            old = best.get(c.cue.start)
            if old is None or c.confidence > old.confidence:
                best[c.cue.start] = c
        claims = sorted(best.values(), key=lambda c: (c.cue.start, c.content.start))
        # nesting: the parent is the smallest claim whose content holds this claim's cue (the first of
        # equals, in claim order). A sweep over the content segments, so that long articles stay linear.
        segments = sorted(
            (s, e, p.content.end - p.content.start, i) for i, p in enumerate(claims) for s, e in p.content.segments
        )
        active: list[tuple[int, int, int]] = []  # (end, hull length, claim index) of segments begun so far
        k = 0
        out = []
        for i, c in enumerate(claims):  # claims are in cue order
            while k < len(segments) and segments[k][0] <= c.cue.start:
                active.append(segments[k][1:])
                k += 1
            active = [a for a in active if a[0] >= c.cue.start]  # segments that ended before the cue are done
            holders = [(length, j) for end, length, j in active if j != i and c.cue.end <= end]
            parent = claims[min(holders)[1]] if holders else None
            out.append(c if parent is None else _with_parent(c, parent.id))
        out = _break_cycles(out)
        # nesting is no feature: PolNeAR never annotates a nested claim, which says nothing about its truth
        if self.model is not None:
            out = [attrs.evolve(c, confidence=round(self.model(self.features[c.id]), 4)) for c in out]
        return out


def _break_cycles(claims: list[Claim]) -> list[Claim]:
    """Two claims can hold each other's cue in their contents (a parse that hangs "according to X" inside
    the reported clause); a parent chain must never loop, so the widest claim of a loop loses its parent."""
    by_id = {c.id: c for c in claims}
    drop: set[str] = set()
    for c in claims:
        seen = [c.id]
        cur = by_id[c.id].parent
        while cur is not None and cur in by_id and cur not in drop:
            if cur in seen:
                loop = seen[seen.index(cur):]
                widest = max(loop, key=lambda i: (by_id[i].content.end - by_id[i].content.start, i))
                drop.add(widest)
                break
            seen.append(cur)
            cur = by_id[cur].parent
    return [attrs.evolve(c, parent=None) if c.id in drop else c for c in claims]


def _with_parent(claim: Claim, parent_id: str) -> Claim:
    return attrs.evolve(claim, parent=parent_id)
