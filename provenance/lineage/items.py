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
_SENTENCES = """
    select id, article_id, text from sentences where claim_count = 0 {and_where} order by article_id, id
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
    sentences = db.execute(_SENTENCES.format(and_where="" if article_id is None else "and article_id = ?"), params)
    for sid, aid, stext in sentences:
        norm = text.normalise(stext or "")
        if len(norm.split()) >= thresholds.min_words:
            yield Item(sid, "sentence", aid, sid, norm)
