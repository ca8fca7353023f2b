"""The database and the files around it are never damaged, replaced or left half-changed without a word
(issue 12, items 6, 9, 10, 12 and 13), and every such refusal is a message, never a traceback."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli

ROOT = Path(__file__).resolve().parent.parent
STORY = "The minister said the bridge would reopen in May.\n"


def run(*args, input=None):
    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def db(tmp_path, nlp):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    path = tmp_path / "p.db"
    assert run("ingest", tmp_path / "story.txt", "--db", path).exit_code == 0
    return path


def digest(path):
    return Path(path).read_bytes()


# -- item 6 ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_onto_the_database_is_refused(db, suffix):
    target = Path(f"{db}{suffix}")
    result = run("export", "--db", db, "-o", target)
    assert result.exit_code == 1 and "the database" in result.output
    assert not target.exists() or b'"cue"' not in target.read_bytes()  # no export written into it
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone() == (1,)


def test_publish_over_an_unrelated_database_needs_force(db, tmp_path):
    other = tmp_path / "accounts.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table ledger (amount)")
    conn.close()
    before = digest(other)
    result = run("publish", other, "--db", db)
    assert result.exit_code == 1 and "--force" in result.output and "not a provenance" in result.output
    assert digest(other) == before
    result = run("publish", other, "--db", db, "--force")
    assert result.exit_code == 0 and "replaced" in result.output
    assert sqlite3.connect(other).execute("select count(*) from articles").fetchone() == (1,)


def test_publishing_again_over_a_previous_copy_says_it_replaces_it(db, tmp_path):
    out = tmp_path / "public" / "p.db"
    assert run("publish", out, "--db", db).exit_code == 0
    result = run("publish", out, "--db", db)
    assert result.exit_code == 0 and "replaced the previous copy" in result.output


# -- item 9 ----------------------------------------------------------------------------------------------

def test_two_ingests_into_a_new_database_at_once_both_succeed(tmp_path, nlp):
    """Both open the new file at the same moment: the schema is made once, the other waits."""
    from provenance.ingest import ingest
    from provenance.store import Store

    for attempt in range(4):
        db = tmp_path / f"new{attempt}.db"
        errors, results = [], []
        barrier = threading.Barrier(2)

        def one(i):
            path = tmp_path / f"a{attempt}-{i}.txt"
            path.write_text(f"Officials said story {i} was true.\n", encoding="utf-8")
            try:
                barrier.wait()
                store = Store(db)
                try:
                    results.append(ingest([str(path)], store, nlp=nlp))
                finally:
                    store.close()
            except Exception as exc:  # noqa: BLE001 - the test reports it
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        assert all(r.ok for r in results)
        assert sqlite3.connect(db).execute("select count(*) from articles").fetchone() == (2,)


# -- item 10 ---------------------------------------------------------------------------------------------

def test_a_read_only_database_file_is_a_message(db, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes to read-only files")
    os.chmod(db, 0o444)
    try:
        result = run("ingest", tmp_path / "story.txt", "--db", db, "--publisher", "X")
    finally:
        os.chmod(db, 0o644)
    assert result.exit_code == 1 and "cannot write to the database" in result.output, result.output


def test_a_database_that_takes_no_writes_stops_ingest_before_anything_is_read(db, tmp_path, nlp):
    """What a read-only file gives as root too (root may write to a file with mode 0444)."""
    import sqlite_utils

    from provenance.ingest import ingest
    from provenance.store import Store, StoreError, readonly_uri

    store = Store(sqlite_utils.Database(sqlite3.connect(readonly_uri(db), uri=True)), create=False)
    with pytest.raises(StoreError, match="cannot write to the database.*readonly"):
        ingest([str(tmp_path / "story.txt")], store, nlp=nlp)


def test_ingest_into_a_read_only_publication_copy_is_a_message(db, tmp_path, monkeypatch):
    """A publication copy is read-only and out of WAL mode: ingest cannot even set WAL mode. Opened the way
    SQLite opens a file it may not write (mode=ro), which root's permissions would otherwise hide."""
    import sqlite_utils

    from provenance import store as store_module

    out = tmp_path / "public" / "p.db"
    assert run("publish", out, "--db", db).exit_code == 0
    class ReadOnly(sqlite_utils.Database):
        def __init__(self, path, **kwargs):
            super().__init__(sqlite3.connect(store_module.readonly_uri(path), uri=True))

    monkeypatch.setattr(store_module.sqlite_utils, "Database", ReadOnly)
    result = run("ingest", tmp_path / "story.txt", "--db", out)
    assert result.exit_code == 1 and "cannot write to the database" in result.output, result.output
    assert "readonly" in result.output


def test_a_database_held_by_another_writer_is_a_message(db, tmp_path, monkeypatch):
    from provenance import store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(db)
    holder.execute("begin immediate")
    try:
        (tmp_path / "other.txt").write_text("Critics said the plan was dead.\n", encoding="utf-8")
        result = run("ingest", tmp_path / "other.txt", "--db", db)
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1 and "cannot write to the database" in result.output, result.output
    assert "locked" in result.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_during_export_and_extract_is_a_message(db, tmp_path):
    for args in (["export", "--db", str(db), "-o", "/dev/full"], ["extract", str(tmp_path / "story.txt")]):
        with open("/dev/full", "w") as full:
            proc = subprocess.run([sys.executable, "-m", "provenance", *args], cwd=ROOT, stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=300)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
        assert "No space left on device" in proc.stderr and "cannot write" in proc.stderr, proc.stderr


# -- item 12 ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["what?.db", "issue#12.db", "100%.db", "a%3Fb.db"])
def test_database_paths_with_uri_characters(db, tmp_path, name):
    odd = tmp_path / "odd dir" / name
    odd.parent.mkdir()
    shutil.copy(db, odd)
    listed = set(os.listdir(odd.parent))
    result = run("export", "--db", odd, "--format", "jsonl")
    assert result.exit_code == 0 and json.loads(result.stdout.splitlines()[0])["cue"]["text"] == "said"
    out = tmp_path / "pub.db"
    result = run("publish", out, "--db", odd)
    assert result.exit_code == 0, result.output
    assert sqlite3.connect(out).execute("select count(*) from articles").fetchone() == (1,)
    # no empty file made from a misread URI (a reader of a WAL database may leave its -wal and -shm)
    assert set(os.listdir(odd.parent)) - listed <= {f"{name}-wal", f"{name}-shm"}


def test_publish_refuses_a_copy_name_datasette_cannot_open(db, tmp_path):
    result = run("publish", tmp_path / "pub?.db", "--db", db)
    assert result.exit_code == 1 and "?" in result.output
    assert not list(tmp_path.glob("pub*"))


# -- item 13 ---------------------------------------------------------------------------------------------

def test_ingest_into_someone_elses_sqlite_file_changes_nothing(tmp_path, nlp):
    other = tmp_path / "household.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table bills (amount)")
        conn.execute("insert into bills values (12)")
    conn.close()
    before = digest(other)
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    result = run("ingest", tmp_path / "story.txt", "--db", other)
    assert result.exit_code == 1 and "not a provenance database" in result.output, result.output
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["household.db", "story.txt"]  # no -wal, no -shm


def test_ingest_into_an_empty_file_or_an_empty_database_makes_one(tmp_path, nlp):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    empty = tmp_path / "empty.db"
    empty.touch()
    blank = tmp_path / "blank.db"
    sqlite3.connect(blank).execute("vacuum").connection.close()
    for path in (empty, blank):
        assert run("ingest", tmp_path / "story.txt", "--db", path).exit_code == 0


def test_publish_keeps_the_previous_copy_when_it_cannot_publish(db, tmp_path):
    out = tmp_path / "public" / "p.db"
    assert run("publish", out, "--db", db).exit_code == 0
    before = digest(out)
    other = tmp_path / "accounts.db"
    with sqlite3.connect(other) as conn:
        conn.execute("create table ledger (amount)")
    conn.close()
    result = run("publish", out, "--db", other)
    assert result.exit_code == 1 and "not a provenance database" in result.output
    assert digest(out) == before  # the copy being served is still there
    (tmp_path / "afile").touch()
    result = run("publish", tmp_path / "afile" / "p.db", "--db", db)
    assert result.exit_code == 1 and "Could not write" in result.output
