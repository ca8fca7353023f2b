"""Claim assembly: a pattern's :class:`~provenance.extract.patterns.Candidate` in, a
:class:`~provenance.model.Claim` out (or None when nothing of its content is left).

The content is cut to the cue's paragraph (a quotation may sit in the next one: "she said:\\n\\n“...”"),
never swallows the cue, the source or an "according to X" that qualifies the claim, and is trimmed
and merged into segments. A claim's type follows from how much of its content is quoted; its prior
confidence is cue strength × pattern reliability × the candidate's factor.
"""

from __future__ import annotations

from typing import Optional

from ..model import Claim, Cue, Source, Span
from .confidence import claim_features
from .geometry import Page
from .candidate import PATTERN_RELIABILITY, Candidate, Notes
from .quotes import quote_type


def _cut(segs, blocked):
    """``segs`` with the ``blocked`` char ranges taken out."""
    out = []
    for s, e in segs:
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
        out.extend(pieces)
    return out


def assemble(page: Page, notes: Notes, cand: Candidate) -> Optional[tuple[Claim, float]]:
    """The claim a candidate makes, with its prior confidence (unrounded), or None."""
    if not cand.segments:
        return None
    doc, text = page.doc, page.text
    cue_seg = page.trim(cand.cue_a, cand.cue_b) or (doc[cand.cue_a].idx, doc[cand.cue_a].idx + len(doc[cand.cue_a]))
    content_segs = list(cand.segments)
    if cand.pattern != "colon":
        # a parse never carries content over a paragraph break; only a quotation may sit in another paragraph
        content_segs = page.in_paragraph(cue_seg, content_segs)
    cue = Cue(text=text[cue_seg[0] : cue_seg[1]], start=cue_seg[0], end=cue_seg[1], lemma=cand.lemma)
    # content must not swallow the cue or the source (nor an "according to X" that qualifies this claim)
    source = cand.source
    sent = int(page.sent_of[cand.cue_a])
    blocked = [cue_seg] + ([(source.start, source.end)] if source else [])
    if cand.kind != "according_to":
        blocked += [p for p in notes.according_phrases.get(sent, ()) if p[0] > cue_seg[1]]
    segs = []
    for ps, pe in _cut(content_segs, blocked):
        t = page.trim_chars(ps, pe)
        if t and any(ch.isalnum() for ch in text[t[0] : t[1]]):
            segs.append(t)
    segs = page.drop_dangling(page.merge(segs))
    if not segs:
        return None
    content = Span.from_segments(text, segs)
    kind = cand.kind
    if kind in ("indirect", "direct", "mixed"):
        kind = quote_type(page.quotes, content.segments)
    conf = cand.entry.strength * PATTERN_RELIABILITY[cand.pattern] * cand.factor
    src = Source.from_span(source, name=notes.names.get((source.start, source.end))) if source else None
    claim = Claim(
        type=kind,
        cue=cue,
        content=content,
        sentence=sent,
        source=src,
        confidence=round(min(max(conf, 0.0), 1.0), 4),
        cue_class=cand.entry.cls,
    )
    return claim, conf


def features(page: Page, cand: Candidate, claim: Claim, prior: float) -> dict[str, float]:
    """The confidence model's features of an assembled claim."""
    content = claim.content
    total = sum(e - s for s, e in content.segments)
    quoted = sum(page.quotes.quoted_chars(s, e) for s, e in content.segments) if page.quotes else 0
    doc = page.doc
    cue_tok = doc[cand.cue_a]
    for j in range(cand.cue_a, cand.cue_b):  # the verb of "is said", "said in a statement"
        if doc[j].pos_ in ("VERB", "NOUN"):
            cue_tok = doc[j]
            break
    return claim_features(
        prior=prior, strength=cand.entry.strength, pattern=cand.pattern, kind=claim.type, cls=cand.entry.cls,
        source_text=cand.source.text if cand.source else None, cue_token=cue_tok,
        content_tokens=len(content.text.split()), quoted_share=quoted / total if total else 0.0,
        discontinuous=content.is_discontinuous, question="?" in page.sentence_text(cand.cue_a),
        source_head=page.head_of(cand.source.start, cand.source.end) if cand.source else None,
        content_head=page.head_of(*content.segments[0]), lemma=claim.cue.lemma,
    )
