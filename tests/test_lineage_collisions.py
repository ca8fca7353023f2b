"""Two texts whose 64-bit hashes collide stay two texts: the collision is detected on insert (the
stored words compared), the second text stored under another id, recorded and logged, by ingest and
by a rebuild alike. A hash made to collide stands in for the one chance in 10^7."""

import logging

import pytest

from lineage_helpers import clusters, ingest_records, records
from provenance import derived
from provenance.lineage import schema
from provenance.store import Store

#: Claims of two different clusters (the reservoir, the tannery), every text of them given one hash.
COLLIDING = ("the reservoir will stay", "that the reservoir will", "the contamination came from")


@pytest.fixture(scope="module")
def reference(tmp_path_factory, nlp):
    """The corpus without collisions: its clusters and texts."""
    path = tmp_path_factory.mktemp("reference")
    store = Store(path / "lineage.db")
    ingest_records(store, records(), path, nlp)
    found = clusters(store.db), sorted(r[0] for r in store.db.execute("select norm from lineage_texts"))
    store.close()
    return found


@pytest.fixture()
def colliding(monkeypatch):
    real = schema.text_id
    monkeypatch.setattr(schema, "text_id", lambda norm: 12345 if norm.startswith(COLLIDING) else real(norm))


def texts(db):
    return sorted(r[0] for r in db.execute("select norm from lineage_texts"))


def test_colliding_texts_are_never_merged(tmp_path, nlp, reference, colliding, caplog):
    store = Store(tmp_path / "lineage.db")
    with caplog.at_level(logging.WARNING, logger="provenance.lineage.textids"):
        ingest_records(store, records(), tmp_path, nlp)
    moved = store.db.execute("select base, norm from lineage_text_collisions order by norm").fetchall()
    sharing = [n for n in texts(store.db) if n.startswith(COLLIDING)]
    assert len(sharing) >= 3 and len(moved) == len(sharing) - 1  # one holds the hash, the others moved
    assert {base for base, _ in moved} == {12345}
    assert sum("share the 64-bit text id 12345" in r.getMessage() for r in caplog.records) == len(moved)
    assert texts(store.db) == reference[1]
    assert clusters(store.db) == reference[0]
    # a rebuild detects the same collisions and makes the same clusters
    derived.rebuild_all(store.db)
    assert store.db.execute("select count(*) from lineage_text_collisions").fetchone()[0] == len(moved)
    assert texts(store.db) == reference[1]
    assert clusters(store.db) == reference[0]
    store.close()


def test_a_moved_text_is_found_again_and_forgotten_with_its_last_item(tmp_path, nlp, reference, colliding):
    """Articles one by one: a later copy of a moved text joins it (not the text holding its hash); when
    every item of a moved text is replaced, its record goes with it."""
    store = Store(tmp_path / "lineage.db")
    for i, rec in enumerate(records()):
        ingest_records(store, [rec], tmp_path, nlp, name=f"one{i}")
    assert texts(store.db) == reference[1]
    assert clusters(store.db) == reference[0]
    for i, rec in enumerate(records()):  # every article's text replaced: no text is left
        ingest_records(store, [dict(rec, text="Weather: dry and calm.\n")], tmp_path, nlp, name=f"gone{i}")
    assert store.db.execute("select count(*) from lineage_texts").fetchone()[0] == 0
    assert store.db.execute("select count(*) from lineage_text_collisions").fetchone()[0] == 0
    store.close()
