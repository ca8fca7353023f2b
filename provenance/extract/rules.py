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
  official familiar with the talks");
- a content is the whole complement clause, "that" included; content
  around a cue ("X," she said, "Y.") or around a source is discontinuous
  (several segments).

Confidence = lexicon strength of the cue (``cues.tsv``) × reliability of
the pattern that found the content (:data:`PATTERN_RELIABILITY`) × 0.8 when
an active cue found no source. It orders claims by how likely they are
right; it is not a calibrated probability.
"""

from __future__ import annotations

from typing import Iterator, Optional

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import hash_string

from ..model import Claim, Cue, Source, Span
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
    "according": 0.95,
    "hedge": 0.9,
    "noun": 0.8,
    "noun_clause": 0.8,
    "colon": 0.6,
}

_QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e`"
_STRIP = " \t\r\n\u00a0" + _QUOTE_CHARS
_DASHES = ("\u2015", "\u2014")  # "quote" ― Name
_EDGE_PUNCT = ",;:!?—–-…"
_SUBJ = ("nsubj", "csubj")
_PASS_SUBJ = ("nsubjpass", "csubjpass")
_RELPRON = frozenset({"who", "that", "which", "whom"})
_CLIMB = ("advcl", "xcomp", "conj", "pcomp")
# separators allowed between a quote and the speaker/cue next to it
_GAP_BACK = " \t\r\n,\u201d\"\u00bb:\u2014\u2013-"
_GAP_FWD = " \t\r\n,\u201c\"\u00ab:\u2014\u2013-"
_HASH_CACHE: dict[int, np.ndarray] = {}


def extract_claims(doc, *, lexicon: Optional[Lexicon] = None) -> Iterator[Claim]:
    """Every attribution in ``doc`` (see :mod:`provenance.extract`)."""
    lex = lexicon or load_lexicon()
    if not len(doc):
        return iter(())
    return iter(_Extractor(doc, lex).run())


def _trigger_hashes(lex: Lexicon) -> np.ndarray:
    key = id(lex)
    arr = _HASH_CACHE.get(key)
    if arr is None:
        arr = np.array(sorted({hash_string(w) for w in lex.trigger_words} | {hash_string(w) for w in (":",) + tuple(_DASHES)}), dtype="uint64")
        _HASH_CACHE.clear()
        _HASH_CACHE[key] = arr
    return arr


class _Extractor:
    def __init__(self, doc, lex: Lexicon):
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

    # ---------------------------------------------------------------- driver
    def run(self) -> list[Claim]:
        doc, lex = self.doc, self.lex
        arr = doc.to_array([LEMMA, LOWER])
        hashes = _trigger_hashes(lex)
        cands = np.flatnonzero(np.isin(arr[:, 0], hashes) | np.isin(arr[:, 1], hashes))
        toks = [doc[int(i)] for i in cands]
        nouns, hedges, verbs = lex.by_kind["noun"], lex.by_kind["hedge"], lex.verbs
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
                if tok.pos_ == "VERB" and lemma in verbs:
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

    def _np_span(self, tok, stop=None) -> Optional[Span]:
        """The noun phrase headed by ``tok`` (its subtree), optionally cut before token ``stop``."""
        a, b = tok.left_edge.i, tok.right_edge.i + 1
        if stop is not None:
            b = min(b, stop)
        seg = self._trim(a, b)
        return Span.from_offsets(self.text, *seg) if seg else None

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
        cue = Cue(text=self.text[cue_seg[0] : cue_seg[1]], start=cue_seg[0], end=cue_seg[1], lemma=lemma)
        # content must not swallow the cue or the source
        blocked = [cue_seg] + ([(source.start, source.end)] if source else [])
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
        src = Source.from_span(source) if source else None
        self.claims.append(
            Claim(
                type=kind,
                cue=cue,
                content=content,
                sentence=int(self.sent_of[cue_a]),
                source=src,
                confidence=round(min(max(conf, 0.0), 1.0), 4),
                cue_class=entry.cls,
            )
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
        for c in verb.children:
            if c.dep_ in _SUBJ:
                return c
        return None

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
                return self._np_span(verb.head, stop=verb.i)
            return None
        if subj.lower_ in _RELPRON and h.dep_ == "relcl":  # "officials who said ..."
            return self._np_span(h.head, stop=subj.i)
        return self._np_span(subj)

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
        passive = any(c.dep_ == "auxpass" for c in children)
        subjpass = next((c for c in children if c.dep_ in _PASS_SUBJ), None)
        if subjpass is not None and subjpass.dep_ == "nsubjpass":
            passive = True
        source = None
        agent_tok = None
        if passive:
            agent = next((c for c in children if c.dep_ == "agent"), None)
            if agent is None and particle is not None:  # "described as reckless by X": "by" hangs off the as-phrase
                agent = next((t for t in particle.subtree if t.lower_ == "by" and t.dep_ in ("prep", "agent")), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if pobj is not None:
                source = self._np_span(pobj)
                agent_tok = agent
        else:
            source = self._source_of(tok)

        content_toks, pattern = [], None
        comps = [c for c in children if c.dep_ == "ccomp"]
        if comps:
            for c in comps:
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
            xcomp = next((c for c in children if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)
            dobj = next((c for c in children if c.dep_ == "dobj"), None)
            if xcomp is not None:
                content_toks += range(xcomp.left_edge.i, xcomp.right_edge.i + 1)
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
                    elif has_oprd and c.dep_ == "prep" and c.left_edge.i == max(content_toks) + 1:
                        content_toks += range(c.left_edge.i, c.right_edge.i + 1)  # "a master at ..." (PP attached to the verb)
                pattern = "dobj"
            else:
                prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in ("about", "of", "on")), None)
                if prep is not None and lemma not in ("say", "tell", "add"):
                    content_toks += range(prep.left_edge.i, prep.right_edge.i + 1)
                    pattern = "prep"
        segs = self._segments(content_toks)

        # quotations next to the speaker and cue: "X," she said, "Y."
        subj = self._subject(tok)
        src_a = min(tok.i, subj.left_edge.i) if subj is not None else tok.i
        src_b = max(tok.i, subj.right_edge.i) if subj is not None else tok.i
        left = self.doc[src_a].idx
        right_tok = self.doc[src_b]
        right = right_tok.idx + len(right_tok)
        if particle is None and not passive:
            q_before = self._quote_before(left)
            if q_before is not None and self._sent_at(q_before[1] - 1) != self.sent_of[src_a]:
                q_before = None  # the quote ended a sentence of its own: "... tape.” Ditto said she ..."
            q_after = self._quote_after(right)
            if q_after is not None and self.sent_of[src_b] != self._sent_at(q_after[0]) and not self._colon_follows(right):
                q_after = None
            if q_before is not None and q_after is None:
                q_after = self._quote_continues(int(self.sent_of[tok.i]))
            if q_before is not None or q_after is not None:
                quoted_segs = [q for q in (q_before, q_after) if q is not None]
                if not segs or pattern in ("dobj", "prep") or all(self.quotes.quoted_chars(s, e) for s, e in segs):
                    segs = quoted_segs + [s for s in segs if self.quotes.quoted_chars(*s)]
                    pattern = "quote"
        # content before the cue: "The economy is fine, the minister said" parsed as parataxis
        if not segs and tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i < tok.i and not passive:
            head = tok.head
            content_toks = [i for i in self._subtree_minus(head, tok) if i < tok.i]
            segs = self._segments(content_toks)
            pattern = "before"
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

    def _quote_continues(self, sent_idx: int):
        """The quotation opening the next sentence of the same paragraph: “X,” she said. “Y.”"""
        if sent_idx + 1 >= len(self.sents):
            return None
        end = self.sents[sent_idx].end_char
        text = self.text
        p = end
        while p < len(text) and text[p] in " \t\u00a0":
            p += 1
        if p < len(text) and text[p] in "\u201c\"\u00ab":
            q = self.quotes.containing(p + 1)
            if q is not None and q[0] == p + 1:
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
        content = self._subtree_minus(head, tok)
        entry = self.lex.by_kind["prep"].get("according to")
        if entry is None:
            return
        self._add("according_to", tok.i, tok.i + 2, "according to", entry, self._segments(content), source, "according")

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
        clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if clause is None:
            return
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if poss is None:
            return
        content = range(clause.left_edge.i, clause.right_edge.i + 1)
        self._add("indirect", tok.i, tok.i + 1, entry.cue, entry, self._segments(content), self._np_span(poss), "noun_clause")

    def _colon(self, tok):
        """``NAME: words`` at the start of a sentence or paragraph."""
        doc = self.doc
        sent = self.sents[int(self.sent_of[tok.i])]
        start = sent.start
        if not 1 <= tok.i - start <= 5:
            return
        names = doc[start : tok.i]
        if any(t.pos_ in ("VERB", "AUX") for t in names):
            return
        if not all(t.pos_ == "PROPN" or (t.is_title and t.pos_ in ("NOUN", "PROPN")) for t in names if not t.is_punct):
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
        # nesting: the parent is the smallest claim whose content holds this claim's cue
        out = []
        for c in claims:
            parent = None
            for p in claims:
                if p is c:
                    continue
                if any(s <= c.cue.start and c.cue.end <= e for s, e in p.content.segments):
                    if parent is None or (p.content.end - p.content.start) < (parent.content.end - parent.content.start):
                        parent = p
            out.append(c if parent is None else _with_parent(c, parent.id))
        return out


def _with_parent(claim: Claim, parent_id: str) -> Claim:
    import attrs

    return attrs.evolve(claim, parent=parent_id)
