"""Items: the claims and the claim-less sentences of stored articles, as they are matched.

Two readings of one rule: :func:`items` reads stored articles (a rebuild; an article whose inputs
were not computed with it), :func:`of_extraction` reads one article's extraction where it is made
(a cluster worker: :mod:`provenance.lineage.inputs`). The tests hold them equal on real articles.
"""

from __future__ import annotations

import bisect
import json
from typing import TYPE_CHECKING, Iterator, Optional

import attrs
import sqlite_utils

from provenance.lineage import text
from provenance.lineage.match import Thresholds

if TYPE_CHECKING:
    from provenance.model import Extraction


@attrs.frozen
class Item:
    id: str
    kind: str  # "claim" or "sentence"
    article_id: str
    sentence_id: str
    norm: str

    @property
    def words(self) -> int:
        return text.word_count(self.norm)


_CLAIMS = """
    select id, article_id, sentence_id, content_text, content_start, content_segments
    from claims {where} order by article_id, id
"""
#: Sentences with no claim in them and no claim's content running into them (the second sentence of
#: a quotation is the quotation's, not a statement of the article's own). ``+s.claim_count``: the
#: article's sentences are read through the article index, never through the claim-count index (which
#: holds every claim-less sentence of the corpus: a walk that grows with the database on every add).
_SENTENCES = """
    select s.id, s.article_id, s.text from sentences s
    where +s.claim_count = 0 {and_where}
      and not exists (
        select 1 from claims c
        where c.article_id = s.article_id and c.content_start < s."end" and c.content_end > s.start
      )
    order by s.article_id, s.id
"""


#: Where an article's sentences begin (read through the sentences' article index).
_STARTS = "select start from sentences where article_id = ? order by start"


def claim_norm(content: str, start: int, segments, sentence_starts: list[int]) -> str:
    """A claim's normalised text: its content's words (a split content joined), :data:`.text.BREAK`
    where one of the article's sentences begins (:func:`provenance.lineage.text.sentence_pieces`)."""
    return text.normalise_pieces(text.sentence_pieces(content, start, segments, sentence_starts))


def items(db: sqlite_utils.Database, thresholds: Thresholds, article_id: Optional[str] = None) -> Iterator[Item]:
    """The items of one article (or of every article), those with too few words left out."""
    params = [] if article_id is None else [article_id]
    claims = db.execute(_CLAIMS.format(where="" if article_id is None else "where article_id = ?"), params)
    starts: dict[str, list[int]] = {}
    for cid, aid, sid, content, start, segments in claims:
        if aid not in starts:  # claims come by article: one read of its sentences each
            starts = {aid: [r[0] for r in db.execute(_STARTS, [aid])]}
        segs = json.loads(segments) if segments else None
        norm = claim_norm(content or "", start or 0, segs, starts[aid])
        if text.word_count(norm) >= thresholds.min_words:
            yield Item(cid, "claim", aid, sid, norm)
    sentences = db.execute(_SENTENCES.format(and_where="" if article_id is None else "and s.article_id = ?"), params)
    for sid, aid, stext in sentences:
        norm = text.normalise(stext or "")
        if text.word_count(norm) >= thresholds.min_words:
            yield Item(sid, "sentence", aid, sid, norm)


def of_extraction(extraction: "Extraction", min_words: int) -> list[Item]:
    """The items :func:`items` reads once ``extraction`` is stored, in the same order: its claims by
    id (one per id, the last, as the store keeps it), then, by id, its sentences holding no claim
    that no claim's content (from its first character to its last) runs into."""
    from provenance.model import sentence_id

    article_id = extraction.article.id
    out: list[Item] = []
    claims = {c.id: c for c in extraction.claims}
    sentences = sorted(extraction.sentences, key=lambda s: s.start)
    starts, ends = [s.start for s in sentences], [s.end for s in sentences]
    for cid in sorted(claims):
        content = claims[cid].content
        segs = content.segments if content.is_discontinuous else None
        norm = claim_norm(content.text, content.start, segs, starts)
        if text.word_count(norm) >= min_words:
            out.append(Item(cid, "claim", article_id, sentence_id(article_id, claims[cid].sentence), norm))
    covered = [0] * (len(sentences) + 1)  # +1 where a claim's content starts to cover sentences, -1 after
    for c in claims.values():
        first = bisect.bisect_right(ends, c.content.start)  # the first sentence ending after it starts
        last = bisect.bisect_left(starts, c.content.end) - 1  # the last sentence starting before it ends
        if first <= last:
            covered[first] += 1
            covered[last + 1] -= 1
    with_claim = {c.sentence for c in extraction.claims}  # sentences.claim_count > 0
    free, running = [], 0
    for s, delta in zip(sentences, covered):
        running += delta
        if s.idx not in with_claim and running == 0:
            free.append((sentence_id(article_id, s.idx), s))
    for sid, s in sorted(free, key=lambda pair: pair[0]):
        norm = text.normalise(s.text or "")
        if text.word_count(norm) >= min_words:
            out.append(Item(sid, "sentence", article_id, sid, norm))
    return out
