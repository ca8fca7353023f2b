"""Nothing stale (issue 12, item 1): an article is current only when its text, its metadata and the
setup that made its claims (provenance.fingerprint) are what an ingest would store now."""

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.datafiles import DATA_DIR

STORY = ("The minister said the bridge would reopen in May. Critics slammed the plan as reckless.\n")


def ingest(*args, env=None):
    result = CliRunner(env=env).invoke(cli, ["ingest", *map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def stored(tmp_path, nlp):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "p.db"
    first = ingest(tmp_path / "story.txt", "--db", db, "--publisher", "Gazette")
    assert first["articles"] == 1
    return tmp_path / "story.txt", db


def cue_entries(db):
    """(cue lemma, cue class) of the stored claims: the class says whose the cue is ("evaluative": cues.tsv's "slam";
    "neutral": the learned cue model's, which may find a verb the cue file lost)."""
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute("select cue_lemma, cue_class from claims"))
    finally:
        conn.close()


def test_the_same_inputs_with_the_same_setup_change_nothing(stored):
    path, db = stored
    again = ingest(path, "--db", db, "--publisher", "Gazette")
    assert (again["unchanged"], again["articles"], again["re-extracted"], again["updated"]) == (1, 0, 0, 0)


def test_another_cue_file_re_extracts(stored, tmp_path):
    path, db = stored
    assert ("slam", "evaluative") in cue_entries(db)
    cues = tmp_path / "cues.tsv"
    cues.write_text("".join(line for line in (DATA_DIR / "cues.tsv").open(encoding="utf-8")
                            if not line.startswith("slam\t")), encoding="utf-8")
    again = ingest(path, "--db", db, "--publisher", "Gazette", "--cues", cues)
    assert (again["re-extracted"], again["unchanged"]) == (1, 0)
    assert ("slam", "evaluative") not in cue_entries(db)
    assert ingest(path, "--db", db, "--publisher", "Gazette", "--cues", cues)["unchanged"] == 1


def test_another_source_kinds_file_re_extracts(stored, tmp_path):
    path, db = stored
    kinds = tmp_path / "kinds.tsv"
    shutil.copy(DATA_DIR / "source_kinds.tsv", kinds)
    with kinds.open("a", encoding="utf-8") as f:
        f.write("anonymous\tcritics\n")
    again = ingest(path, "--db", db, "--publisher", "Gazette", env={"PROVENANCE_SOURCE_KINDS": str(kinds)})
    assert again["re-extracted"] == 1


def test_an_upgraded_extractor_re_extracts(stored, monkeypatch):
    """EXTRACTOR_VERSION stayed "0.1.0" through every extractor commit: the code itself is fingerprinted."""
    from provenance import fingerprint

    path, db = stored
    monkeypatch.setattr(fingerprint, "code_digest", lambda: "another-release")
    again = ingest(path, "--db", db, "--publisher", "Gazette")
    assert (again["re-extracted"], again["unchanged"]) == (1, 0)


def test_corrected_metadata_updates_the_article_and_its_claims(stored):
    path, db = stored
    again = ingest(path, "--db", db, "--publisher", "Daily Planet")
    assert (again["updated"], again["unchanged"]) == (1, 0)
    conn = sqlite3.connect(db)
    assert conn.execute("select publisher from articles").fetchall() == [("Daily Planet",)]
    assert {r[0] for r in conn.execute("select publisher from claims")} == {"Daily Planet"}


def test_a_records_new_title_updates_it(tmp_path, nlp):
    feed, db = tmp_path / "feed.jsonl", tmp_path / "p.db"
    for title in ("Bridge", "Bridge to reopen"):
        feed.write_text(json.dumps({"id": "a1", "title": title, "text": STORY}) + "\n", encoding="utf-8")
        summary = ingest(feed, "--db", db)
    assert summary["updated"] == 1
    assert sqlite3.connect(db).execute("select title from articles").fetchall() == [("Bridge to reopen",)]


def test_the_summary_line_says_what_was_re_extracted(stored, monkeypatch):
    from provenance import fingerprint

    path, db = stored
    monkeypatch.setattr(fingerprint, "code_digest", lambda: "another-release")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db), "--publisher", "Gazette"])
    assert "1 articles stored (0 replaced, 1 re-extracted), 0 unchanged" in result.stderr


def test_the_fingerprint_is_computed_on_the_client_and_stored_with_the_article(stored, nlp):
    """A scheduler can skip current articles before parsing: the value needs only what is loaded."""
    from provenance.extract import load_lexicon
    from provenance.fingerprint import fingerprint, setup_of

    path, db = stored
    fp = fingerprint(nlp, load_lexicon())
    conn = sqlite3.connect(db)
    assert conn.execute("select fingerprint from articles").fetchall() == [(fp,)]
    assert conn.execute("select fingerprint from ingest_runs").fetchall() == [(fp,)]
    setup = setup_of(nlp)
    assert setup.value == fp and "core_web_sm" in setup.model
    import spacy

    assert setup_of(spacy.blank("en")).value != fp  # another model, another fingerprint
