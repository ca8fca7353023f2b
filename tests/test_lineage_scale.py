"""A copy joining a large cluster costs what it changes, not the size of the cluster: at archive scale
(the same wire paragraph in thousands of articles) each new copy must not read every member."""

import pytest

from lineage_helpers import assert_equals_a_rebuild, corpus_database
from provenance import derived
from provenance.lineage import clusters as lineage
from provenance.store import Store

ORIGINAL = "vp-0302"


def _copy_rows(db, table: str, changes: dict, where: str, params: list) -> None:
    """Copy the rows of ``table`` matching ``where``, with columns ``changes`` set to SQL expressions."""
    cols = [r[1] for r in db.execute(f"pragma table_info([{table}])")]
    select = ", ".join(changes.get(c, f"[{c}]") for c in cols)
    db.execute(f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) select {select} from [{table}] where {where}",
               params)


def copy_article(db, article_id: str, suffix: str, publisher: str, published: str) -> str:
    """A verbatim copy of a stored article under other ids, publisher and date: its rows copied in SQL
    (no parse), the way a wire story reprinted by another outlet is stored."""
    new_id = f"{article_id}-{suffix}"
    tail = f"'-{suffix}'"
    _copy_rows(db, "articles", {"id": "?", "doc": "?", "publisher": "?", "published": "?", "url": "null", "path": "?",
                                "origin": "?"}, "id = ?", [new_id, new_id, publisher, published, new_id, new_id, article_id])
    _copy_rows(db, "sentences", {"id": f"id || {tail}", "article_id": "?"}, "article_id = ?", [new_id, article_id])
    _copy_rows(db, "claims", {"id": f"id || {tail}", "article_id": "?", "sentence_id": f"sentence_id || {tail}",
                              "parent_id": f"parent_id || {tail}", "publisher": "?"},
               "article_id = ?", [new_id, publisher, article_id])
    return new_id


def vm_steps(db, call) -> int:
    """SQLite virtual machine instructions (in hundreds) that ``call`` runs: the rows it reads and writes,
    counted the same on a loaded machine."""
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 100)
    try:
        call()
    finally:
        db.conn.set_progress_handler(None, 0)
    return steps[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp):
    return corpus_database(tmp_path_factory.mktemp("scale") / "lineage.db", nlp)


def built(path, corpus, copies: int):
    """A database of the corpus plus ``copies`` copies of the Valley Post article, published the same day
    by 50 outlets (clusters of about ``copies`` members, made by a rebuild): the store and the original."""
    import shutil

    shutil.copy(corpus, path)
    store = Store(path)
    db = store.db
    original = db.execute("select id from articles where doc = ?", [ORIGINAL]).fetchone()[0]
    with db.atomic():
        for k in range(copies):
            copy_article(db, original, f"c{k:05d}", f"Outlet {k % 50}", "2024-03-02")
        derived.rebuild_all(db)
    return store, original


def joined(path, corpus, copies: int):
    """:func:`built`, then one more copy, published last, added as ingest adds it. Returns the store and
    the VM steps of that one add."""
    store, original = built(path, corpus, copies)
    db = store.db
    with db.atomic():
        new = copy_article(db, original, "late", "Late Gazette", "2024-04-01")
        steps = vm_steps(db, lambda: lineage.add_article(db, new))
    return store, steps


def test_a_copy_joining_a_cluster_of_2000_reads_no_more_than_one_joining_a_cluster_of_20(tmp_path, corpus):
    small, small_steps = joined(tmp_path / "small.db", corpus, 20)
    big, big_steps = joined(tmp_path / "big.db", corpus, 2000)
    size = big.db.execute("select max(size) from lineage_clusters").fetchone()[0]
    assert size > 2000
    # proportional to what changes (the copy's own rows, indexed lookups): not to the cluster's size
    assert big_steps < 3 * small_steps, (big_steps, small_steps)
    for store in (small, big):  # and what it leaves is what a rebuild makes
        assert_equals_a_rebuild(store.db)
        store.close()


RESERVOIR_CIRCULAR = (
    "select c.circular from lineage_clusters c join lineage_items i on i.cluster_id = c.id "
    "join lineage_texts t on t.id = i.text where t.norm like 'the reservoir will stay%' limit 1"
)


def test_a_copy_appended_at_the_end_can_close_a_circle_of_credits(tmp_path, corpus, monkeypatch):
    """The Harbour Times reprints the Kessel Courier's article a month later: its reservoir claim credits
    the Valley Post, whose claim credits the Harbour Times, a circle found from the stored outlets'
    credits while the copy is appended (never reading the members); the summary is a rebuild's."""
    import shutil

    from provenance.lineage import summary

    shutil.copy(corpus, tmp_path / "lineage.db")
    store = Store(tmp_path / "lineage.db")
    db = store.db
    assert db.execute(RESERVOIR_CIRCULAR).fetchone()[0] == 0
    appended = []
    real = summary.insert
    monkeypatch.setattr(summary, "insert", lambda *args: appended.append(done := real(*args)) or done)
    kc = db.execute("select id from articles where doc = 'kc-0303'").fetchone()[0]
    with db.atomic():
        lineage.add_article(db, copy_article(db, kc, "ht", "Harbour Times", "2024-04-01"))
    assert appended and all(appended)
    assert db.execute(RESERVOIR_CIRCULAR).fetchone()[0] == 1
    assert_equals_a_rebuild(db)
    store.close()


def test_a_copy_placed_inside_a_large_cluster_moves_only_the_later_positions(tmp_path, corpus, monkeypatch):
    """A copy printed the same day as 2,000 copies, its id before theirs: it goes in second place (the
    fishing claim: after the Valley Post's original) or third. The members after it move one place down
    (what changes); no cluster is summarised again from all its members, and the tables are a rebuild's."""
    from provenance.lineage import summary

    store, original = built(tmp_path / "inside.db", corpus, 2000)
    db = store.db
    whole = []
    real = summary.write
    monkeypatch.setattr(summary, "write", lambda *args: whole.append(args[1]) or real(*args))
    with db.atomic():
        new = copy_article(db, original, "a", "Early Gazette", "2024-03-02")
        lineage.add_article(db, new)
    assert whole == []
    places = sorted(r[0] for r in db.execute("select position from lineage_items where article_id = ?", [new]))
    assert places == [1, 2, 2]
    assert_equals_a_rebuild(db)
    store.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_copies_arriving_in_any_order_keep_what_a_rebuild_makes(tmp_path, corpus, seed):
    """Copies of the four articles under outlets that credit each other (the corpus's own three among
    them: circles of credits appear and disappear) and dates before, between and after the originals,
    added one at a time in a random order (fixed seeds): each lands at its place, first, inside or
    last, and after every fifth the lineage tables are what a rebuild makes."""
    import random
    import shutil

    shutil.copy(corpus, tmp_path / "lineage.db")
    store = Store(tmp_path / "lineage.db")
    db = store.db
    rng = random.Random(seed)
    originals = [r[0] for r in db.execute("select id from articles order by doc")]
    outlets = ["Harbour Times", "Valley Post", "Kessel Courier", "Lake Gazette", None]
    days = ["2024-02-28", "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-05", None]
    for k in range(30):
        with db.atomic():
            new = copy_article(db, rng.choice(originals), f"r{rng.randrange(10**6):06d}", rng.choice(outlets),
                               rng.choice(days))
            lineage.add_article(db, new)
        if k % 5 == 4:
            assert_equals_a_rebuild(db)
    assert db.execute("select max(size) from lineage_clusters").fetchone()[0] > 10
    store.close()
