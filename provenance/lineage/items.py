"""Items: the claims and the claim-less sentences of stored articles, as they are matched."""

from __future__ import annotations

import json
from typing import Iterator, Optional

import attrs
import sqlite_utils

from provenance.lineage import text
from provenance.lineage.match import Thresholds


@attrs.frozen
class Item:
    id: str
    kind: str  # "claim" or "sentence"
    article_id: str
    sentence_id: str
    norm: str

    @property
    def words(self) -> int:
        return len(self.norm.split())


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


def items(db: sqlite_utils.Database, thresholds: Thresholds, article_id: Optional[str] = None) -> Iterator[Item]:
    """The items of one article (or of every article), those with too few words left out."""
    params = [] if article_id is None else [article_id]
    claims = db.execute(_CLAIMS.format(where="" if article_id is None else "where article_id = ?"), params)
    for cid, aid, sid, content, start, segments in claims:
        segs = json.loads(segments) if segments else None
        norm = text.normalise(text.joined_segments(content or "", start or 0, segs))
        if len(norm.split()) >= thresholds.min_words:
            yield Item(cid, "claim", aid, sid, norm)
    sentences = db.execute(_SENTENCES.format(and_where="" if article_id is None else "and s.article_id = ?"), params)
    for sid, aid, stext in sentences:
        norm = text.normalise(stext or "")
        if len(norm.split()) >= thresholds.min_words:
            yield Item(sid, "sentence", aid, sid, norm)
