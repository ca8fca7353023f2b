"""Claim clusters on real extractions of a small fictional corpus with a known relay history:
the same clusters whatever the ingest order, incremental maintenance equal to a rebuild, and a
replaced article taken out of its clusters."""

import pytest

from lineage_helpers import clusters, ingest_records, lineage_tables, records
from provenance import derived
from provenance.lineage import match, text
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


def test_a_band_table_of_the_first_shape_is_made_again_on_open(tmp_path, store):
    """Band rows used to carry text ids; a database made then gets the integer table, filled by a rebuild."""
    before = lineage_tables(store.db)
    path = store.path
    store.db.execute("drop table lineage_bands")
    store.db.execute(
        "create table lineage_bands (key integer not null, item_id text not null, article_id text, "
        "primary key (key, item_id)) without rowid"
    )
    store.db.conn.commit()
    store.close()
    reopened = Store(path)
    assert set(reopened.db["lineage_bands"].columns_dict) == {"key", "item"}
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
