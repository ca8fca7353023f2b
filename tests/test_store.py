"""Storage: schema, one transaction per article, re-runs that change nothing."""

import pytest

from provenance.model import Article, Claim, Cue, Extraction, Failure, Sentence, Source, Span, assign_ids
from provenance.store import Store, StoreError

TEXT = "Officials said the bridge would reopen. He said it was safe. The bridge is seen as vital."


def make_extraction(text=TEXT, doc="bridge", url=None):
    article = Article(doc=doc, text=text, url=url, publisher="Gazette")
    s1 = Sentence(0, 0, 39, text[0:39])
    s2 = Sentence(1, 40, 60, text[40:60])
    s3 = Sentence(2, 61, len(text), text[61:])
    officials = Source(text="Officials", start=0, end=9, name="officials", kind="anonymous")
    he = Source(text="He", start=40, end=42, name="Maria Okafor", kind="person")
    claims = [
        Claim(type="indirect", cue=Cue("said", 10, 14, "say"), content=Span.from_offsets(text, 15, 38), sentence=0, source=officials, confidence=0.8),
        Claim(type="indirect", cue=Cue("said", 43, 47, "say"), content=Span.from_offsets(text, 48, 59), sentence=1, source=he, confidence=0.7),
        Claim(type="passive", cue=Cue("is seen as", 72, 82, "see as"), content=Span.from_offsets(text, 61, 71), sentence=2, confidence=0.6),
    ]
    for c in claims:
        assert text[c.content.start:c.content.end] == c.content.text
        assert text[c.cue.start:c.cue.end] == c.cue.text
    return Extraction(article=article, sentences=(s1, s2, s3), claims=tuple(assign_ids(claims, article.id)))


def dump(db):
    return {t: list(db.execute(f"select * from [{t}] order by 1").fetchall()) for t in ("articles", "sentences", "sources", "source_aliases", "claims", "claims_fts", "sentences_fts")}


def test_write_creates_rows_with_public_columns(tmp_path):
    store = Store(tmp_path / "p.db")
    ex = make_extraction()
    assert store.write(ex).status == "new"
    db = store.db
    assert {"id", "url", "title", "publisher", "author", "published", "text", "sha256", "ingested_at", "extractor_version"} <= set(db["articles"].columns_dict)
    assert {"id", "article_id", "sentence_id", "type", "source_id", "source_text", "source_start", "source_end", "cue_text", "cue_start", "cue_end", "cue_lemma", "content_text", "content_start", "content_end", "parent_id", "confidence"} <= set(db["claims"].columns_dict)
    assert store.counts() == {"articles": 1, "sentences": 3, "claims": 3, "sources": 2, "ingest_errors": 0}
    rows = list(db.query("select * from sentences order by idx"))
    assert [r["claim_count"] for r in rows] == [1, 1, 1]
    kinds = {r["source_kind"] for r in db.query("select source_kind from claims")}
    assert kinds == {"anonymous", "person", "none"}
    # full-text search works through the triggers
    hits = list(db.query("select content_text from claims where rowid in (select rowid from claims_fts where claims_fts match 'safe')"))
    assert hits == [{"content_text": "it was safe"}]


def test_offsets_in_the_database_point_at_the_text(tmp_path):
    store = Store(tmp_path / "p.db")
    store.write(make_extraction())
    for row in store.db.query("select claims.*, articles.text as article_text from claims join articles on articles.id = claims.article_id"):
        t = row["article_text"]
        assert t[row["cue_start"]:row["cue_end"]] == row["cue_text"]
        assert t[row["content_start"]:row["content_end"]] == row["content_text"]
        if row["source_id"]:
            assert t[row["source_start"]:row["source_end"]] == row["source_text"]


def test_rewriting_the_same_article_changes_nothing(tmp_path):
    store = Store(tmp_path / "p.db")
    store.write(make_extraction())
    before = dump(store.db)
    assert store.write(make_extraction()).status == "unchanged"
    assert dump(store.db) == before


def test_new_text_under_the_same_key_replaces_the_article(tmp_path):
    store = Store(tmp_path / "p.db")
    store.write(make_extraction(url="https://x/1"))
    changed = TEXT.replace("reopen", "open!!")
    result = store.write(make_extraction(text=changed, url="https://x/1"))
    assert result.status == "replaced"
    assert store.counts()["articles"] == 1 and store.counts()["claims"] == 3
    assert [r["text"] for r in store.db.query("select text from articles")] == [changed]
    # the FTS index follows the replacement
    assert list(store.db.query("select count(*) n from claims_fts where claims_fts match 'reopen'")) == [{"n": 0}]


def test_a_failed_write_leaves_no_half_article(tmp_path):
    store = Store(tmp_path / "p.db")
    ex = make_extraction()
    broken = Extraction(article=ex.article, sentences=ex.sentences, claims=ex.claims + (object(),))
    with pytest.raises(Exception):
        store.write(broken)
    assert store.counts() == {"articles": 0, "sentences": 0, "claims": 0, "sources": 0, "ingest_errors": 0}


def test_source_aliases_and_stable_source_ids(tmp_path):
    store = Store(tmp_path / "p.db")
    store.write(make_extraction())
    store.write(make_extraction(doc="other"))
    assert store.counts()["sources"] == 2
    aliases = {(r["name"], r["text"]) for r in store.db.query("select sources.name, source_aliases.text from source_aliases join sources on sources.id = source_aliases.source_id")}
    assert aliases == {("officials", "Officials"), ("Maria Okafor", "He")}


def test_failures_are_recorded_once_and_cleared_by_success(tmp_path):
    store = Store(tmp_path / "p.db")
    path = "in/bridge.txt"
    ex = Extraction(article=Article(doc="bridge", text=TEXT, path=path), sentences=make_extraction().sentences, claims=())
    store.record_failure(Failure(path=path, reason="cannot read"))
    store.record_failure(Failure(path=path, reason="cannot read"))
    assert store.counts()["ingest_errors"] == 1
    store.write(ex)
    assert store.counts()["ingest_errors"] == 0


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="bad.db"):
        Store(bad)


def test_missing_database_without_create(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope.db", create=False)


def test_claim_round_trips_through_its_row(tmp_path):
    store = Store(tmp_path / "p.db")
    ex = make_extraction()
    store.write(ex)
    got = {c.id: c for c, _ in store.iter_claims()}
    assert got == {c.id: c for c in ex.claims}
