"""The summary tables the site reads instead of counting millions of rows, as derivations.

Registered in :mod:`provenance.derived` on import (the store imports this module), in this order:

- ``sentences.attributed`` (a column, indexed): 1 when a claim's cue is in the sentence
  (``claim_count > 0``) or a piece of a claim's content overlaps it, else 0. The one place that
  decides "unattributed": the article page, the canned queries and the summaries all read it.
- ``publisher_summary``: per publisher, articles, sentences, unattributed sentences, claims, and
  claims from anonymous sources, with no source, hedges and with evaluative cues;
- ``publisher_anonymous_terms``: per publisher, how its anonymous sources are written ("officials");
- ``publisher_cues``: per publisher, cue class and cue lemma, the number of claims;
- ``claim_facets`` and ``sentence_facets``: the claims (sentences) counted by every combination of
  the columns they are faceted on (the facets of those tables, unfiltered or filtered by facet values);
- ``source_summary`` and ``source_claim_counts``: per source, claims and articles; and its claims by
  type, cue class, the words it appears under (``alias``), source kind, cue lemma and publisher
  (the source page, and the facets of ``claims?source_id=X``);
- ``claim_ancestors``: for each nested claim, every claim it sits in, with the distance;
- ``source_search``: full-text indexes over source names and aliases, and the FTS indexes of
  claims and sentences (rebuilt by ``provenance rebuild``; triggers keep them on write).

A publisher or value that is NULL is counted under ``(unknown)`` / ``(unclassified)`` / ``''``,
as the canned queries show it.
"""

from __future__ import annotations

import bisect
import json

import sqlite_utils

from provenance.derived import Derivation, Part, count_table, register, rows_table

Db = sqlite_utils.Database

# --- "unattributed", decided once ------------------------------------------------------------

#: Whether a piece of a claim's content overlaps the sentence ``s`` (claim ``c``); content in
#: several pieces (a quote split by "he said") is checked piece by piece.
_CONTENT_OVERLAPS = """
case when c.content_segments is null or c.content_segments = ''
  then c.content_start < s."end" and c.content_end > s.start
  else exists (select 1 from json_each(c.content_segments) seg
               where json_extract(seg.value, '$[0]') < s."end" and json_extract(seg.value, '$[1]') > s.start)
end"""

ATTRIBUTED_SQL = f"""
update sentences as s set attributed = (
  s.claim_count > 0 or exists (
    select 1 from claims c where c.article_id = s.article_id and {_CONTENT_OVERLAPS}))
where {{where}}"""


def _create_attributed(db: Db) -> None:
    if "attributed" not in db["sentences"].columns_dict:
        db["sentences"].add_column("attributed", int)
    # (column, id): a filtered sentences table is shown in id order, read from the index
    db.execute("drop index if exists idx_sentences_attributed")
    db.execute("drop index if exists idx_sentences_claim_count")
    db["sentences"].create_index(["attributed", "id"], if_not_exists=True)
    db["sentences"].create_index(["claim_count", "id"], if_not_exists=True)


def flags(sentences: list[tuple[int, int, int]], pieces) -> list[int]:
    """``attributed`` of each of an article's sentences, ``(start, end, claim_count)`` in text order,
    given the ``(start, end)`` pieces of its claims' content: one sweep (the SQL form looks at every
    claim of the article for every sentence, which took 13 s for a 400 KB article of 8,900 sentences)."""
    starts, ends = [s[0] for s in sentences], [s[1] for s in sentences]
    covered = [0] * (len(sentences) + 1)  # a difference array: +1 where a piece of content starts to cover, -1 after
    for a, b in pieces:
        first = bisect.bisect_right(ends, a)  # the first sentence that ends after the piece starts
        last = bisect.bisect_left(starts, b) - 1  # the last sentence that starts before it ends
        if first <= last:
            covered[first] += 1
            covered[last + 1] -= 1
    values, running = [], 0
    for (_start, _end, claim_count), delta in zip(sentences, covered):
        running += delta
        values.append(int(bool(claim_count) or running > 0))
    return values


def attributed(extraction) -> dict[int, int]:
    """``sentences.attributed`` of an extraction's sentences, by index: what :meth:`provenance.store.Store.write`
    stores with the rows (a sentence updated afterwards has its text indexed again in ``sentences_fts``,
    by the full-text update trigger: most of the cost of setting the column after the insert)."""
    counts = extraction.claim_counts()
    ordered = sorted(extraction.sentences, key=lambda s: s.start)
    pieces = [seg for c in extraction.claims for seg in c.content.segments]
    return {s.idx: f for s, f in zip(ordered, flags([(s.start, s.end, counts.get(s.idx, 0)) for s in ordered], pieces))}


def _attribute(db: Db, article_id) -> None:
    """Set ``sentences.attributed``: of every article in SQL (``rebuild``), of one stored article by
    :func:`flags` (what :func:`attributed` gives an extraction before it is stored)."""
    if article_id is None:
        db.execute(ATTRIBUTED_SQL.format(where="1"))
        return
    rows = db.execute('select id, start, "end", claim_count from sentences where article_id = ? order by start',
                      [article_id]).fetchall()
    if not rows:
        return
    pieces = []
    for start, end, segments in db.execute(
            "select content_start, content_end, content_segments from claims where article_id = ?", [article_id]):
        pieces += json.loads(segments) if segments else ([(start, end)] if start is not None else [])
    values = flags([r[1:] for r in rows], pieces)
    db.conn.executemany("update sentences set attributed = ? where id = ?", [(v, r[0]) for v, r in zip(values, rows)])


ATTRIBUTION = Derivation(
    name="sentences.attributed",
    create=_create_attributed,
    rebuild=lambda db: _attribute(db, None),
    # Store.write stores the column with the rows (attributed): nothing to add after them
    tables=("sentences.attributed",),
)

# --- per publisher ---------------------------------------------------------------------------

_PUBLISHER = "coalesce({}publisher, '(unknown)') as publisher"

PUBLISHER_SUMMARY = count_table(
    "publisher_summary",
    keys=["publisher"],
    measures=["articles", "sentences", "unattributed_sentences", "claims", "anonymous", "no_source", "hedges",
              "evaluative"],
    parts=[
        Part(f"select {_PUBLISHER.format('')}, count(*) as articles from articles where {{where}} group by 1", "id"),
        Part(f"""select {_PUBLISHER.format('a.')}, count(*) as sentences, sum(not s.attributed) as unattributed_sentences
                 from sentences s join articles a on a.id = s.article_id where {{where}} group by 1""", "s.article_id"),
        Part(f"""select {_PUBLISHER.format('')}, count(*) as claims, sum(source_kind = 'anonymous') as anonymous,
                   sum(source_id is null) as no_source, sum(type = 'hedge') as hedges,
                   sum(cue_class = 'evaluative') as evaluative
                 from claims where {{where}} group by 1""", "article_id"),
    ],
)

PUBLISHER_ANONYMOUS_TERMS = count_table(
    "publisher_anonymous_terms",
    keys=["publisher", "term"],
    measures=["claims"],
    parts=[Part(f"""select {_PUBLISHER.format('')}, lower(coalesce(source_text, '')) as term, count(*) as claims
                    from claims where source_kind = 'anonymous' and {{where}} group by 1, 2""", "article_id")],
)

PUBLISHER_CUES = count_table(
    "publisher_cues",
    keys=["publisher", "cue_class", "cue_lemma"],
    measures=["claims"],
    parts=[Part(f"""select {_PUBLISHER.format('')}, coalesce(cue_class, '(unclassified)') as cue_class,
                      coalesce(cue_lemma, '') as cue_lemma, count(*) as claims
                    from claims where {{where}} group by 1, 2, 3""", "article_id")],
)

# --- facets of the big tables ------------------------------------------------------------------

#: For each big table, the summary table that counts its rows by every combination of the columns
#: it is faceted on (NULL counted as ''), and those columns. A facet of the table, unfiltered or
#: filtered by equality on those columns (what clicking facet values does), is a GROUP BY over
#: this small table (:mod:`provenance.web.facets`).
FACET_CUBES = {
    "claims": ("claim_facets", "claims", ("type", "source_kind", "cue_class", "cue_lemma", "publisher")),
    "sentences": ("sentence_facets", "sentences", ("claim_count", "attributed")),
}


def _cube(table: str) -> Derivation:
    name, measure, columns = FACET_CUBES[table]
    values = ", ".join(f"coalesce(cast([{c}] as text), '') as [{c}]" for c in columns)
    groups = ", ".join(str(i + 1) for i in range(len(columns)))
    return count_table(name, keys=columns, measures=[measure], parts=[
        Part(f"select {values}, count(*) as [{measure}] from [{table}] where {{where}} group by {groups}", "article_id"),
    ])


CLAIM_FACETS = _cube("claims")
SENTENCE_FACETS = _cube("sentences")

# --- per source ------------------------------------------------------------------------------

SOURCE_SUMMARY = count_table(
    "source_summary",
    keys=["source_id"],
    measures=["claims", "articles"],
    parts=[Part("""select source_id, count(*) as claims, count(distinct article_id) as articles
                   from claims where source_id is not null and {where} group by 1""", "article_id")],
)

SOURCE_CLAIM_COUNTS = count_table(
    "source_claim_counts",
    keys=["source_id", "facet", "value"],
    measures=["claims"],
    parts=[
        Part(f"""select source_id, '{facet}' as facet, coalesce({expr}, '') as value, count(*) as claims
                 from claims where source_id is not null and {{where}} group by 1, 3""", "article_id")
        for facet, expr in (("type", "type"), ("cue_class", "cue_class"), ("alias", "source_text"),
                            ("source_kind", "source_kind"), ("cue_lemma", "cue_lemma"), ("publisher", "publisher"))
    ],
)

#: The claims of one source (``claims?source_id=X``) faceted from ``source_claim_counts``: its facet
#: names that are claims columns.
SOURCE_FACETS = ("source_claim_counts", "source_id", ("type", "cue_class", "source_kind", "cue_lemma", "publisher"))

# --- attribution chains -------------------------------------------------------------------------

CLAIM_ANCESTORS = rows_table(
    "claim_ancestors",
    columns={"claim_id": str, "distance": int, "ancestor_id": str, "article_id": str},
    pk=["claim_id", "distance"],
    select=Part("""
        with recursive chain(claim_id, distance, ancestor_id, article_id) as (
          select id, 1, parent_id, article_id from claims where parent_id is not null and {where}
          union all
          select chain.claim_id, chain.distance + 1, p.parent_id, chain.article_id
          from chain join claims p on p.id = chain.ancestor_id
          where p.parent_id is not null and chain.distance < 20
        )
        select claim_id, distance, ancestor_id, article_id from chain""", "article_id"),
    indexes=[["ancestor_id"], ["distance"]],
)

# --- full-text indexes ------------------------------------------------------------------------

#: Every full-text index: (table, columns, tokenizer). claims and sentences get theirs from the
#: first migration; source names and aliases from here.
FTS = (
    ("claims", ["content_text", "source_text", "cue_text"], "porter"),
    ("sentences", ["text"], "porter"),
    ("sources", ["name"], None),
    ("source_aliases", ["text"], None),
)


def _create_fts(db: Db) -> None:
    for table, columns, tokenize in FTS:
        if not db[f"{table}_fts"].exists():
            db[table].enable_fts(columns, create_triggers=True, tokenize=tokenize)


def _rebuild_fts(db: Db) -> None:
    for table, _columns, _tokenize in FTS:
        db[table].rebuild_fts()


SEARCH = Derivation(name="fts", create=_create_fts, rebuild=_rebuild_fts)

for _derivation in (ATTRIBUTION, PUBLISHER_SUMMARY, PUBLISHER_ANONYMOUS_TERMS, PUBLISHER_CUES, CLAIM_FACETS, SENTENCE_FACETS,
                    SOURCE_SUMMARY, SOURCE_CLAIM_COUNTS, CLAIM_ANCESTORS, SEARCH):
    register(_derivation)
