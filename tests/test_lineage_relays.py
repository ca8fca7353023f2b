"""Relays, origins, drift and circular reporting on the fictional corpus with a known relay history
(tests/lineage_corpus: three outlets; the reservoir closure has a named origin and is relayed twice;
the tannery pipe is hedged first, then relayed without the hedge, then stated as fact; the fishing
ban is credited round a cycle of the three outlets and nobody names a primary source)."""

import pytest

from lineage_helpers import ingest_records, records
from provenance.lineage import relay
from provenance.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("relays")
    store = Store(folder / "relays.db")
    ingest_records(store, records(), folder, nlp)
    yield store.db
    store.close()


def cluster_of(db, doc: str, words: str) -> str:
    return db.execute(
        "select i.cluster_id from lineage_items i join articles a on a.id = i.article_id join lineage_texts t on t.id = i.text where a.doc = ? and t.norm like ?",
        [doc, f"%{words}%"],
    ).fetchone()[0]


def timeline(db, cid: str) -> list[tuple]:
    """(position, doc, kind, relay_to, relayed_from's doc, drift) of each member."""
    return db.execute(
        "select i.position, a.doc, i.kind, i.relay_to, fa.doc, i.drift from lineage_items i "
        "join articles a on a.id = i.article_id left join lineage_items f on f.id = i.relayed_from "
        "left join articles fa on fa.id = f.article_id where i.cluster_id = ? order by i.position", [cid]
    ).fetchall()


def flags(db, cid: str) -> tuple:
    return db.execute(
        "select fa.doc, oa.doc, c.no_origin, c.circular, c.relays, c.drifted, c.outlets from lineage_clusters c "
        "join articles fa on fa.id = c.first_article left join articles oa on oa.id = c.origin_article where c.id = ?", [cid]
    ).fetchone()


def test_a_relayed_claim_with_a_named_origin(db):
    cid = cluster_of(db, "ht-0301", "reservoir will stay closed")
    assert timeline(db, cid) == [
        (0, "ht-0301", "claim", None, None, None),
        (1, "vp-0302", "claim", "Harbour Times", "ht-0301", "source_changed"),
        (2, "kc-0303", "claim", "Valley Post", "vp-0302", "source_changed"),
    ]
    assert flags(db, cid) == ("ht-0301", "ht-0301", 0, 0, 2, 2, 3)


def test_a_dropped_hedge_and_a_claim_stated_as_fact(db):
    cid = cluster_of(db, "ht-0301", "contamination came from")
    assert timeline(db, cid) == [
        (0, "ht-0301", "claim", None, None, None),  # "reportedly": hedged, no source
        (1, "vp-0302", "claim", "Harbour Times", "ht-0301", "hedge_dropped"),
        (2, "kc-0303", "sentence", None, None, "attribution_dropped"),
    ]
    # no member names a primary source, but not every member relays an outlet: no origin, no flag
    assert flags(db, cid) == ("ht-0301", None, 0, 0, 1, 2, 3)


def test_circular_reporting_without_an_origin(db):
    cid = cluster_of(db, "ht-0304", "fishing in the lake")
    assert timeline(db, cid) == [
        (0, "vp-0302", "claim", "Kessel Courier", None, None),
        (1, "kc-0303", "claim", "Harbour Times", None, "source_changed"),  # the Harbour Times printed it later
        (2, "ht-0304", "claim", "Valley Post", "vp-0302", "source_changed"),
    ]
    assert flags(db, cid) == ("vp-0302", None, 1, 1, 3, 2, 3)


def test_who_credits_whom(db):
    assert db.execute("select publisher, outlet, claims, articles from lineage_credits order by 1, 2").fetchall() == [
        ("Harbour Times", "Valley Post", 1, 1),
        ("Kessel Courier", "Harbour Times", 1, 1),
        ("Kessel Courier", "Valley Post", 1, 1),
        ("Valley Post", "Harbour Times", 2, 1),
        ("Valley Post", "Kessel Courier", 1, 1),
    ]


@pytest.mark.parametrize(
    "text, service",
    [
        ("Stein removed.\n\nHEMPSTEAD, N.Y., Sept. 26 (UPI) — Green Party candidate Jill Stein was escorted off.", "UPI"),
        ("Trump urges supporters.\n\nWASHINGTON (AP) — The Latest on the race:", "AP"),
        ("Sarandon not sure.\n\nNew York (AFP) – Oscar-winning actress Susan Sarandon is not sure.", "AFP"),
        ("Rules face test.\n\nThe rules face a key test.\n\n(Reporting by Valerie Volcovici; Editing by Will Dunham.)", "Reuters"),
        ("Council meets.\n\nThe council (AP Photo) met on Friday; AP reporters were there.", None),
        ("", None),
    ],
)
def test_wire_credit_lines(text, service):
    assert relay.wire_service(text) == service


def test_a_quotation_running_into_a_second_sentence_is_not_stated_as_fact(tmp_path, nlp):
    """The second sentence of Tom Reyes's quotation has no claim of its own, but the quotation's content
    runs into it: it is his, not a statement of the article's own, so it is no 'sentence' item; his
    claim (a named person) joins the tannery cluster as a claim."""
    store = Store(tmp_path / "quote.db")
    reyes = {
        "id": "hn-0305", "publisher": "Harbour News", "published": "2024-03-05", "title": "Mill Road pipe",
        "text": "Mill Road pipe under scrutiny.\n\n\u201cThe pipe has been leaking for weeks,\u201d said Tom Reyes, a "
                "council engineer. \u201cThe contamination came from a broken pipe behind the old tannery on Mill Road.\u201d\n",
    }
    ingest_records(store, records() + [reyes], tmp_path, nlp)
    db = store.db
    kinds = db.execute(
        "select i.kind from lineage_items i join articles a on a.id = i.article_id join lineage_texts t on t.id = i.text where a.doc = 'hn-0305' and t.norm like '%tannery%'"
    ).fetchall()
    assert kinds == [("claim",)]
    cid = cluster_of(db, "ht-0301", "contamination came from")
    assert [row[1:3] for row in timeline(db, cid)][-1] == ("hn-0305", "claim")
    assert flags(db, cid)[1] == "hn-0305"  # the only report naming a primary source is its origin
    store.close()


@pytest.mark.parametrize(
    "member, stated",
    [
        ({"kind": "sentence", "sentence_text": "The contamination came from a broken pipe."}, True),
        ({"kind": "sentence", "sentence_text": "\u201cThe contamination came from a broken pipe.\u201d"}, False),
        ({"kind": "sentence", "sentence_text": "  \"The contamination came from a broken pipe.\""}, False),
        ({"kind": "claim", "sentence_text": None}, False),
    ],
)
def test_stated_as_fact(member, stated):
    from provenance.lineage.summary import stated_as_fact

    assert stated_as_fact(member) is stated
