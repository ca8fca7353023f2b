"""Claim lineage in the exports, on the fictional relay corpus: PROV-JSON wasDerivedFrom typed
pv:Relayed from a claim to the earlier claim it was relayed from; the JSON claim's ``cluster``."""

import io
import json

import pytest

from lineage_helpers import ingest_records, records
from provenance import export
from provenance.provjson import to_prov_json
from provenance.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("lineage-export")
    s = Store(folder / "provenance.db")
    ingest_records(s, records(), folder, nlp)
    yield s
    s.close()


def doc_and_words(store, claim_id: str) -> tuple[str, str]:
    doc, content = store.db.execute(
        "select a.doc, c.content_text from claims c join articles a on a.id = c.article_id where c.id = ?", [claim_id]
    ).fetchone()
    return doc, " ".join(content.split()[:3])


def test_prov_json_relays(store):
    prov = json.loads(to_prov_json(store.db))
    relayed = []
    for rel in prov.get("wasDerivedFrom", {}).values():
        if rel.get("prov:type", {}).get("$") == "pv:Relayed":
            later, earlier = (rel[k].split("claim-", 1)[1] for k in ("prov:generatedEntity", "prov:usedEntity"))
            relayed.append((doc_and_words(store, later), doc_and_words(store, earlier)))
    assert sorted(relayed) == [
        (("ht-0304", "Fishing in the"), ("vp-0302", "Fishing in the")),
        (("kc-0303", "The reservoir will"), ("vp-0302", "The reservoir will")),
        (("vp-0302", "The contamination came"), ("ht-0301", "The contamination reportedly")),
        (("vp-0302", "The reservoir will"), ("ht-0301", "that the reservoir")),
    ]


def test_json_claims_carry_their_cluster(store):
    out = io.StringIO()
    export.write(store.iter_claims(), out, "json")
    claims = json.loads(out.getvalue())
    first = {d: a for d, a in store.db.execute("select doc, id from articles")}
    by_words = {(c["doc"], " ".join(c["content"]["text"].split()[:3])): c["cluster"] for c in claims}
    assert by_words["kc-0303", "Fishing in the"]["size"] == 3
    assert by_words["kc-0303", "Fishing in the"]["first_article"] == first["vp-0302"]
    assert by_words["ht-0301", "The contamination reportedly"]["size"] == 3  # two claims and a sentence
    assert by_words["ht-0304", "they had heard"] is None
    assert len({c["cluster"]["id"] for c in claims if c["cluster"]}) == 3


def test_a_database_without_lineage_exports_claims_without_clusters(store, tmp_path):
    """A database made before claim lineage (or a copy with its lineage tables dropped), opened without
    migrating as the exports do: its claims are all there, with ``cluster`` null and no pv:Relayed."""
    import sqlite3

    copy = tmp_path / "before-lineage.db"
    with sqlite3.connect(copy) as target:
        store.db.conn.backup(target)  # the rows still in the write-ahead log too
    older = Store(copy)
    for table in ("lineage_items", "lineage_clusters"):
        older.db.execute(f"drop table {table}")
    older.db.conn.commit()
    older.close()
    reader = Store(copy, create=False)
    out = io.StringIO()
    export.write(reader.iter_claims(), out, "json")
    claims = json.loads(out.getvalue())
    assert len(claims) == store.db.execute("select count(*) from claims").fetchone()[0]
    assert {json.dumps(c["cluster"]) for c in claims} == {"null"}
    prov = json.loads(to_prov_json(reader.db))
    assert not [r for r in prov.get("wasDerivedFrom", {}).values() if r.get("prov:type", {}).get("$") == "pv:Relayed"]
    reader.close()
