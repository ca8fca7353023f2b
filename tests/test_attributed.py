"""sentences.attributed is decided by one rule in two forms: SQL over every article (rebuild) and one
sweep over an article's sentences and claims (ingest: over its stored rows, or over its extraction
before it is stored, as Store.write does). They must agree on every layout of sentences and claim
content, split quotes and empty pieces included."""

import json

import sqlite_utils
from hypothesis import given, settings, strategies as st

from provenance.model import Article, Claim, Cue, Extraction, Sentence, Span
from provenance.summaries import _attribute, attributed


@st.composite
def article(draw):
    cuts = sorted(set(draw(st.lists(st.integers(1, 199), max_size=12))))
    bounds = [0, *cuts, 200]
    sentences = [(i, bounds[i], bounds[i + 1], draw(st.integers(0, 1))) for i in range(len(bounds) - 1)]
    claims = []
    for n in range(draw(st.integers(0, 8))):
        pieces = sorted(draw(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), min_size=1, max_size=3)))
        segs = [(a, min(a + w, 200)) for a, w in pieces]
        claims.append((n, segs))
    return sentences, claims


def _db(sentences, claims):
    db = sqlite_utils.Database(memory=True)
    db["claims"].create({"id": str, "article_id": str, "content_start": int, "content_end": int,
                         "content_segments": str}, pk="id")
    db["sentences"].insert_all(
        [{"id": f"s{i}", "article_id": "a", "start": s, "end": e, "claim_count": cc, "attributed": None}
         for i, s, e, cc in sentences], pk="id")
    db["claims"].insert_all(
        [{"id": f"c{n}", "article_id": "a", "content_start": segs[0][0], "content_end": max(b for _, b in segs),
          "content_segments": json.dumps([list(x) for x in segs]) if len(segs) > 1 else None}
         for n, segs in claims])
    return db


@settings(max_examples=300, deadline=None)
@given(article())
def test_the_sweep_and_the_sql_agree(layout):
    sentences, claims = layout
    swept, by_sql = _db(sentences, claims), _db(sentences, claims)
    _attribute(swept, "a")
    _attribute(by_sql, None)
    q = "select id, attributed from sentences order by id"
    assert swept.execute(q).fetchall() == by_sql.execute(q).fetchall()


@st.composite
def extraction(draw):
    """An article's sentences and claims; a claim's cue is in its sentence (its claim_count)."""
    cuts = sorted(set(draw(st.lists(st.integers(1, 199), max_size=12))))
    bounds = [0, *cuts, 200]
    sentences = tuple(Sentence(i, bounds[i], bounds[i + 1], "x" * (bounds[i + 1] - bounds[i]))
                      for i in range(len(bounds) - 1))
    claims = []
    for n in range(draw(st.integers(0, 8))):
        pieces = sorted(draw(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), min_size=1, max_size=3)))
        segs = tuple((a, min(a + w, 200)) for a, w in pieces)
        start, end = segs[0][0], max(b for _, b in segs)
        claims.append(Claim(type="direct", cue=Cue("said", n, n, "say"), content=Span("", start, end, segs),
                            sentence=draw(st.integers(0, len(sentences) - 1))))
    return Extraction(Article(doc="a", text="x" * 200), sentences, tuple(claims))


@settings(max_examples=300, deadline=None)
@given(extraction())
def test_the_extractions_sweep_and_the_sql_agree(ex):
    counts = ex.claim_counts()
    db = _db([(s.idx, s.start, s.end, counts.get(s.idx, 0)) for s in ex.sentences],
             [(n, list(c.content.segments)) for n, c in enumerate(ex.claims)])
    _attribute(db, None)
    by_sql = {int(sid[1:]): int(flag) for sid, flag in db.execute("select id, attributed from sentences")}
    assert attributed(ex) == by_sql
