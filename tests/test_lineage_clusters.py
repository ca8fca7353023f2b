"""Claim clusters on real extractions of a small fictional corpus with a known relay history:
the same clusters whatever the ingest order, incremental maintenance equal to a rebuild, and a
replaced article taken out of its clusters."""

import pytest

from lineage_helpers import clusters, ingest_records, lineage_tables, records
from provenance import derived
from provenance.lineage import match, text
from provenance.lineage.inputs import band_keys
from provenance.lineage.schema import TABLES
from provenance.store import Store

RESERVOIR = {
    ("ht-0301", "claim", "that the reservoir will stay"),
    ("vp-0302", "claim", "the reservoir will stay closed"),
    ("kc-0303", "claim", "the reservoir will stay closed"),
}
TANNERY = {
    ("ht-0301", "claim", "the contamination came from a"),  # "reportedly" is the cue, not content
    ("vp-0302", "claim", "the contamination came from a"),
    ("kc-0303", "sentence", "the contamination came from a"),  # stated as fact: the claim lost its source
}
FISHING = {
    ("vp-0302", "claim", "fishing in the lake will"),
    ("kc-0303", "claim", "fishing in the lake will"),
    ("ht-0304", "claim", "fishing in the lake will"),
}


@pytest.fixture()
def store(tmp_path, nlp):
    s = Store(tmp_path / "lineage.db")
    ingest_records(s, records(), tmp_path, nlp)
    yield s
    s.close()


def test_the_corpus_gives_its_three_known_clusters(store):
    assert sorted(clusters(store.db).values(), key=sorted) == sorted([RESERVOIR, TANNERY, FISHING], key=sorted)


def test_ingest_order_does_not_change_clusters_or_their_ids(tmp_path, nlp, store):
    other = Store(tmp_path / "reversed.db")
    recs = records()
    for i, rec in enumerate(reversed(recs)):  # one article per run: each arrives a "month later"
        ingest_records(other, [rec], tmp_path, nlp, name=f"r{i}")
    assert clusters(other.db) == clusters(store.db)
    other.close()


def test_incremental_tables_equal_a_rebuild(store):
    before = lineage_tables(store.db)
    assert before["lineage_clusters"], "the corpus has clusters"
    derived.rebuild_all(store.db)
    assert lineage_tables(store.db) == before


@pytest.mark.parametrize("bands", [
    "create table lineage_bands (key integer not null, item_id text not null, article_id text, primary key (key, item_id)) without rowid",
    "create table lineage_bands (key integer not null, item integer not null, primary key (key, item)) without rowid",
])
def test_lineage_tables_of_an_older_shape_are_made_again_on_open(tmp_path, store, bands):
    """Older shapes (band rows per item, by text id and then by integer; items carrying their words,
    no texts table) are dropped on open and the tables of this version filled by a rebuild."""
    before = lineage_tables(store.db)
    path = store.path
    for table in (*TABLES, "lineage_meta"):
        store.db.execute(f"drop table if exists [{table}]")
    store.db.execute("create table lineage_items (id text primary key, kind text, article_id text, sentence_id text, "
                     "norm text, words integer, cluster_id text)")
    store.db.execute("insert into lineage_items (id, kind, norm) values ('x', 'claim', 'a stale row of the old shape')")
    store.db.execute(bands)
    store.db.conn.commit()
    store.close()
    reopened = Store(path)
    assert set(reopened.db["lineage_bands"].columns_dict) == {"key", "text"}
    assert "norm" not in reopened.db["lineage_items"].columns_dict
    assert lineage_tables(reopened.db) == before
    reopened.close()


def test_replacing_an_article_updates_its_clusters(tmp_path, nlp, store):
    recs = {r["id"]: r for r in records()}
    changed = dict(recs["kc-0303"])
    changed["text"] = changed["text"].replace(
        "The contamination came from a broken pipe behind the old tannery on Mill Road.\n\n", ""
    )
    ingest_records(store, [changed], tmp_path, nlp, name="again")
    got = sorted(clusters(store.db).values(), key=sorted)
    assert got == sorted([RESERVOIR, TANNERY - {("kc-0303", "sentence", "the contamination came from a")}, FISHING], key=sorted)
    size = dict(store.db.execute("select first_item is not null, count(*) from lineage_clusters group by 1").fetchall())
    assert size == {1: 3}
    incremental = lineage_tables(store.db)
    derived.rebuild_all(store.db)
    assert lineage_tables(store.db) == incremental


def test_an_article_that_breaks_a_chain_splits_its_cluster(tmp_path, nlp, store):
    """A bridge removed: the two sides become separate clusters (or nothing), as a rebuild says."""
    recs = {r["id"]: r for r in records()}
    gone = dict(recs["vp-0302"], text="Reservoir shut until April.\n\nNo other news from the valley today.\n")
    ingest_records(store, [gone], tmp_path, nlp, name="gone")
    incremental = lineage_tables(store.db)
    derived.rebuild_all(store.db)
    assert lineage_tables(store.db) == incremental
    docs = {frozenset(d for d, _, _ in members) for members in clusters(store.db).values()}
    assert docs == {frozenset({"ht-0301", "kc-0303"}), frozenset({"kc-0303", "ht-0304"})}


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("The reservoir will stay closed until the end of April", "the reservoir will stay closed until the end of April.", True),
        ("“The economy,” he said, “is doing fine, and taxes will fall next year.”",
         "The economy is doing fine, and taxes will fall next year", True),
        ("the plan will cut taxes for every family in the state next year", "the plan will raise fees for some firms in the city", False),
        ("that is not true", "that is not true", False),  # too short to be a statement of its own
    ],
)
def test_pair_verdicts(a, b, same):
    th = match.load_thresholds()
    na, nb = text.normalise(a), text.normalise(b)
    assert (match.same(na, nb, th) is not None) is same
    assert match.same(na, nb, th) == match.same(nb, na, th)


def test_an_articles_items_are_read_through_its_article_not_the_whole_corpus(store):
    """Adding an article reads its own claim-less sentences: a plan that walks every claim-less sentence
    of the database (the claim-count index) makes each add grow with the corpus."""
    from provenance.lineage.items import _SENTENCES

    sql = _SENTENCES.format(and_where="and s.article_id = ?")
    store.db.execute("analyze")
    plan = " ".join(r[-1] for r in store.db.execute(f"explain query plan {sql}", ["x"]).fetchall())
    assert "claim_count" not in plan
    assert "SEARCH s USING INDEX idx_sentences_article_id" in plan


def _copies(recs: list[dict], doc: str, n: int) -> list[dict]:
    """``n`` verbatim copies of article ``doc`` under other ids and publishers (wire copy)."""
    rec = next(r for r in recs if r["id"] == doc)
    return [dict(rec, id=f"{doc}-copy{k}", publisher=f"{rec['publisher']} {k}") for k in range(1, n + 1)]


def _texts_are_consistent(db) -> None:
    """One band set per distinct text, counts and spreads as the items say."""
    texts = db.execute("select count(*) from lineage_texts").fetchone()[0]
    assert db.execute("select count(distinct text) from lineage_items").fetchone()[0] == texts
    assert db.execute("select count(distinct text) from lineage_bands").fetchone()[0] == texts
    stored = {}
    for key, tid in db.execute("select key, text from lineage_bands"):
        stored.setdefault(tid, set()).add(key)
    for tid, norm in db.execute("select id, norm from lineage_texts"):  # its band and anchor keys, no more
        assert stored[tid] == set(band_keys(norm))
    assert db.execute(
        "select count(*) from lineage_texts t where items != (select count(*) from lineage_items i where i.text = t.id)"
        " or claims != (select count(*) from lineage_items i where i.text = t.id and i.kind = 'claim')"
    ).fetchone()[0] == 0


COPIES = 12


def test_verbatim_copies_are_one_text_and_join_its_cluster(tmp_path, nlp):
    """12 copies of two articles: their items are 2 texts' worth of band rows, every copy is a member of
    the clusters, whatever the order they arrive in, and ingest equals a rebuild."""
    recs = records() + _copies(records(), "vp-0302", COPIES) + _copies(records(), "kc-0303", COPIES)
    forward = Store(tmp_path / "forward.db")
    ingest_records(forward, recs, tmp_path, nlp)
    rows = forward.db.execute(
        "select count(*), count(distinct i.text) from lineage_items i join articles a on a.id = i.article_id "
        "where a.doc like 'kc-0303%'"
    ).fetchone()
    assert rows[0] == (COPIES + 1) * rows[1]  # every item of a copy shares its text with the original's
    _texts_are_consistent(forward.db)
    fishing = [c for c in clusters(forward.db).values() if any(m[2] == "fishing in the lake will" for m in c)]
    assert len(fishing) == 1
    assert {d for d, _, _ in fishing[0]} == {"vp-0302", "kc-0303", "ht-0304"} | {
        f"{d}-copy{k}" for d in ("vp-0302", "kc-0303") for k in range(1, COPIES + 1)}
    size = forward.db.execute("select size from lineage_clusters c join lineage_items i on i.cluster_id = c.id "
                              "join lineage_texts t on t.id = i.text where t.norm like 'fishing in the lake%' limit 1").fetchone()[0]
    assert size == 2 * (COPIES + 1) + 1
    shuffled = Store(tmp_path / "shuffled.db")
    order = recs[::-1][::2] + recs[::-1][1::2]  # copies first, the originals last, one article a run
    for i, rec in enumerate(order):
        ingest_records(shuffled, [rec], tmp_path, nlp, name=f"s{i}")
    assert lineage_tables(shuffled.db) == lineage_tables(forward.db)
    incremental = lineage_tables(forward.db)
    derived.rebuild_all(forward.db)
    assert lineage_tables(forward.db) == incremental
    forward.close()
    shuffled.close()


def test_removing_copies_down_to_none_leaves_what_a_rebuild_makes(tmp_path, nlp):
    """Copies replaced by other text one by one: a text whose last item leaves loses its bands and
    verdicts, a text left without a claim loses its verdicts against other claim-less texts; after every
    step the tables equal a rebuild."""
    recs = records() + _copies(records(), "vp-0302", 3)
    store = Store(tmp_path / "lineage.db")
    ingest_records(store, recs, tmp_path, nlp)
    other = "Weather: dry and calm.\n"  # too few words to be matched
    for i, rec in enumerate([r for r in recs if r["id"].startswith("vp-0302")]):
        ingest_records(store, [dict(rec, text=other)], tmp_path, nlp, name=f"gone{i}")
        _texts_are_consistent(store.db)
        incremental = lineage_tables(store.db)
        derived.rebuild_all(store.db)
        assert lineage_tables(store.db) == incremental, f"after replacing {rec['id']}"
    # the Valley Post's own wording is gone with its last copy
    assert not store.db.execute("select 1 from lineage_texts where norm like '%the harbour times reported%'").fetchall()
    assert store.db.execute(
        "select count(*) from lineage_bands b left join lineage_texts t on t.id = b.text where t.id is null"
    ).fetchone()[0] == 0
    docs = {frozenset(d for d, _, _ in members) for members in clusters(store.db).values()}
    assert docs == {frozenset({"ht-0301", "kc-0303"}), frozenset({"kc-0303", "ht-0304"})}
    store.close()


def test_a_sentence_text_that_a_later_claim_carries_is_matched_then(tmp_path, nlp):
    """The Kessel Courier's claim-less sentence arrives first: its text carries no claim and is judged
    against nothing (two sentences are never paired); the Valley Post's claim with the same words makes
    it a claim's text, judged then, and the tannery cluster is what ingesting all at once makes."""
    recs = {r["id"]: r for r in records()}
    store = Store(tmp_path / "lineage.db")
    tannery = "select items, claims from lineage_texts where norm like 'the contamination came from a broken pipe%'"
    ingest_records(store, [recs["kc-0303"]], tmp_path, nlp, name="kc")
    assert store.db.execute(tannery).fetchall() == [(1, 0)]
    ingest_records(store, [recs["vp-0302"]], tmp_path, nlp, name="vp")
    assert store.db.execute(tannery).fetchall() == [(2, 1)]
    ingest_records(store, [recs["ht-0301"], recs["ht-0304"]], tmp_path, nlp, name="rest")
    assert TANNERY in clusters(store.db).values()
    incremental = lineage_tables(store.db)
    derived.rebuild_all(store.db)
    assert lineage_tables(store.db) == incremental
    store.close()


def test_taking_an_article_out_and_putting_it_back_reads_every_table_by_an_index(store):
    """At 100,000 articles an article's lineage write must not walk a table: every statement that
    remove_article and add_article run is planned as an indexed search (EXPLAIN QUERY PLAN)."""
    import re

    from provenance.lineage import clusters as lineage

    article_id = store.db.execute("select id from articles where doc = 'vp-0302'").fetchone()[0]
    statements = []
    store.db.conn.set_trace_callback(statements.append)
    store.db.execute("begin immediate")
    lineage.remove_article(store.db, article_id)
    lineage.add_article(store.db, article_id)
    store.db.conn.set_trace_callback(None)
    store.db.conn.rollback()
    checked = {sql for sql in statements if re.match(r"\s*(select|update|delete|insert|with)\b", sql, re.I)}
    assert len(checked) > 20
    scans = {sql: steps for sql in checked
             if (steps := [r[3] for r in store.db.execute("explain query plan " + sql) if r[3].startswith("SCAN")])}
    assert not scans, scans
