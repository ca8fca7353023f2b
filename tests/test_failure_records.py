"""How failures are recorded (issue 5): one row per failing input in ``ingest_errors``, keyed by
file and line, the same place on stderr, and gone once the input is stored.

Failures deep in the pipeline (the extractor, the database) are provoked by making the real
function fail for one marked article; everything else in the batch runs for real.
"""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from provenance.cli import cli

GOOD = "The council said the park would reopen in May."


def ingest(*args):
    result = CliRunner().invoke(cli, ["ingest", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def errors(db):
    conn = sqlite3.connect(db)
    try:
        return {(path, line): reason for path, line, reason in conn.execute("select path, line, reason from ingest_errors")}
    finally:
        conn.close()


def docs(db):
    conn = sqlite3.connect(db)
    try:
        return {d for (d,) in conn.execute("select doc from articles")}
    finally:
        conn.close()


def write_feed(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_fixed_record_clears_its_error(tmp_path, nlp):
    feed, db = tmp_path / "feed.jsonl", tmp_path / "p.db"
    good = json.dumps({"id": "r1", "text": GOOD})
    write_feed(feed, [good, '{"id": "r2", "text": "cut off'])
    assert ingest(feed, "--db", db).exit_code == 1
    assert set(errors(db)) == {(str(feed), 2)}
    write_feed(feed, [good, json.dumps({"id": "r2", "text": "Police said the road was closed."})])
    result = ingest(feed, "--db", db)
    assert result.exit_code == 0, result.output
    assert errors(db) == {}
    assert docs(db) == {"r1", "r2"}


def test_an_unchanged_article_clears_a_stale_error(tmp_path, nlp):
    """An input that failed once (a read error, a full disk) and is stored and unchanged now has no error."""
    story, db = tmp_path / "story.txt", tmp_path / "p.db"
    story.write_text(GOOD, encoding="utf-8")
    assert ingest(story, "--db", db).exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("insert into ingest_errors (id, path, line, reason, at) values ('stale', ?, null, 'cannot read file: Input/output error', '2026-01-01')", [str(story)])
    conn.commit()
    conn.close()
    result = ingest(story, "--db", db)
    assert result.exit_code == 0 and "1 unchanged" in result.stderr
    assert errors(db) == {}


def test_an_extractor_crash_on_one_record_is_that_records_failure(tmp_path, nlp, monkeypatch):
    import provenance.extract

    real = provenance.extract.extract_claims

    def extract_claims(doc, **kwargs):
        if "EXPLODE" in doc.text:
            raise RuntimeError("the extractor met EXPLODE")
        return real(doc, **kwargs)

    monkeypatch.setattr(provenance.extract, "extract_claims", extract_claims)
    feed, db = tmp_path / "feed.jsonl", tmp_path / "p.db"
    write_feed(feed, [
        json.dumps({"id": "r1", "text": GOOD}),
        json.dumps({"id": "r2", "text": "Officials said EXPLODE would happen."}),
        json.dumps({"id": "r3", "text": "Police said the road was closed."}),
    ])
    result = ingest(feed, "--db", db)
    assert result.exit_code == 1
    # the failure is the record's: its file and line, like every other failure
    assert list(errors(db)) == [(str(feed), 2)]
    assert "extraction failed: RuntimeError: the extractor met EXPLODE" in errors(db)[(str(feed), 2)]
    assert f"{feed}:2: extraction failed" in result.stderr
    assert docs(db) == {"r1", "r3"}
    # extract says the same
    out = CliRunner().invoke(cli, ["extract", str(feed)])
    assert out.exit_code == 1 and f"{feed}:2: extraction failed" in out.stderr
    assert {json.loads(l)["doc"] for l in out.stdout.splitlines()} == {"r1", "r3"}


def test_a_database_error_on_one_article_is_that_articles_failure(tmp_path, nlp, monkeypatch):
    from provenance.store import Store

    real = Store.write

    def write(self, extraction, **kwargs):
        if extraction.article.doc == "locked":
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, extraction, **kwargs)

    monkeypatch.setattr(Store, "write", write)
    corpus, db = tmp_path / "corpus", tmp_path / "p.db"
    corpus.mkdir()
    for name in ("a", "locked", "z"):
        (corpus / f"{name}.txt").write_text(f"{GOOD} Story {name}.", encoding="utf-8")
    result = ingest(corpus, "--db", db)
    assert result.exit_code == 1
    assert errors(db) == {(str(corpus / "locked.txt"), None): "cannot store: database or disk is full"}
    assert f"{corpus / 'locked.txt'}: cannot store: database or disk is full" in result.stderr
    assert docs(db) == {"a", "z"}


def test_a_database_that_stops_taking_writes_ends_the_run_with_a_message(tmp_path, nlp, monkeypatch):
    """When even the failure cannot be recorded (the database is locked by another writer, the disk is
    full), the run stops with a clear message and no traceback, and what was stored is whole."""
    from provenance.store import Store

    real_write = Store.write
    broken = {"now": False}

    def write(self, extraction, **kwargs):
        if extraction.article.doc == "b":
            broken["now"] = True
        if broken["now"]:
            raise sqlite3.OperationalError("database is locked")
        return real_write(self, extraction, **kwargs)

    def refuse(self, *args, **kwargs):
        if broken["now"]:
            raise sqlite3.OperationalError("database is locked")

    real_record, real_finish = Store.record_failure, Store.finish_run
    monkeypatch.setattr(Store, "write", write)
    monkeypatch.setattr(Store, "record_failure", lambda self, f: refuse(self) or real_record(self, f))
    monkeypatch.setattr(Store, "finish_run", lambda self, *a, **k: refuse(self) or real_finish(self, *a, **k))
    corpus, db = tmp_path / "corpus", tmp_path / "p.db"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        (corpus / f"{name}.txt").write_text(f"{GOOD} Story {name}.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db)])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, repr(result.exception)
    assert "Traceback" not in result.output
    assert "database is locked" in result.stderr and "run the same command again" in result.stderr
    assert docs(db) == {"a"}


def test_a_text_that_breaks_spacy_fails_alone_and_the_batch_goes_on(nlp):
    """The parser raising on one text of a batch (here spaCy's tokenizer on an unpaired surrogate,
    which normalise refuses but a caller of the library may not) fails that article only."""
    from provenance.model import Article, Extraction
    from provenance.pipeline import run

    articles = [Article(doc=f"a{i}", text=f"{GOOD} Story {i}.", path=f"in/a{i}.txt") for i in range(7)]
    articles[3] = Article(doc="a3", text="Officials said \ud800 it was fine.", path="in/a3.txt")
    results = list(run(articles, nlp=nlp, batch_size=4))
    assert [type(r).__name__ for r in results] == ["Extraction"] * 3 + ["Failure"] + ["Extraction"] * 3
    assert [r.article.doc for r in results if isinstance(r, Extraction)] == ["a0", "a1", "a2", "a4", "a5", "a6"]
    failure = results[3]
    assert failure.path == "in/a3.txt" and failure.reason.startswith("parsing failed: UnicodeEncodeError")
    assert all(r.claims for r in results if isinstance(r, Extraction))


def test_a_bug_in_reading_is_not_swallowed(nlp):
    """Only the parser's errors are isolated: an exception from the input itself still surfaces."""
    import pytest

    from provenance.model import Article
    from provenance.pipeline import run

    def items():
        yield Article(doc="a", text=GOOD)
        raise RuntimeError("reader bug")

    with pytest.raises(RuntimeError, match="reader bug"):
        list(run(items(), nlp=nlp))


def test_two_files_with_one_name_in_different_folders_are_two_articles(tmp_path, nlp):
    """A plain file is known by its path: archive/2019/story.txt and archive/2020/story.txt are two
    articles (the same doc name, different ids), and running again changes nothing. A later record
    with the same id in a feed is an update of that record."""
    archive, db = tmp_path / "archive", tmp_path / "p.db"
    (archive / "2019").mkdir(parents=True)
    (archive / "2020").mkdir()
    (archive / "2019" / "story.txt").write_text("The mayor said the bridge would reopen in 2019.", encoding="utf-8")
    (archive / "2020" / "story.txt").write_text("Police said the road was closed in 2020.", encoding="utf-8")
    write_feed(archive / "feed.jsonl", [
        json.dumps({"id": "r1", "text": "The council said the park would reopen."}),
        json.dumps({"id": "r1", "text": "The council said the park would reopen in May, officials said."}),
    ])
    result = ingest(archive, "--db", db)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    rows = sorted(conn.execute("select doc, path, text from articles"))
    conn.close()
    assert [(d, t) for d, _, t in rows] == [
        ("r1", "The council said the park would reopen in May, officials said."),
        ("story", "The mayor said the bridge would reopen in 2019."),
        ("story", "Police said the road was closed in 2020."),
    ]
    # again: the stories are unchanged; the feed's first r1 replaces the stored one and its second,
    # later version replaces that in turn, so the last version in the feed is what stays
    again = ingest(archive, "--db", db)
    assert again.exit_code == 0 and "2 articles stored (2 replaced), 2 unchanged" in again.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("select text from articles where doc = 'r1'").fetchall() == [
        ("The council said the park would reopen in May, officials said.",)]
    conn.close()
