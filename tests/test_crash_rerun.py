"""Crashes, re-runs and concurrent readers (issue 5).

- ``provenance ingest`` killed with SIGKILL in the middle of 200 articles leaves a sound database
  holding only complete articles; the same command run again finishes the rest, and the result is
  the database a clean run makes.
- Ingesting the same corpus twice gives the same dump, except for timestamps (see
  ``tests/dbcheck.py``: ``ingest_runs.started_at/finished_at``, ``ingest_errors.at``,
  ``articles.ingested_at`` and the migrations' ``applied_at``).
- ``provenance serve`` on a database that ``ingest`` is writing answers every request and never
  shows half an article.

The ingests run as real processes (``python -m provenance``) so that a kill is a real kill.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from tests.dbcheck import check_article_rows, dump, integrity
from tests.processes import free_port, stop

ROOT = Path(__file__).resolve().parent.parent

PEOPLE = ["Ana Duarte", "Tomasz Wilk", "Harriet Quayle", "Kofi Mensah", "Lena Berg", "Ravi Nair", "Mei Tanaka"]
ROLES = ["the mayor", "the union's secretary", "a council spokesman", "the harbour master", "the finance minister"]
PLACES = ["Marlow Bay", "Port Ellis", "Gannet Island", "Eastbrook", "Kessel Valley", "Northgate"]
TOPICS = ["the new bridge", "the school budget", "the ferry timetable", "the water plant", "night-shift pay"]


def article_text(i: int) -> str:
    p, q = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 3 + 1) % len(PEOPLE)]
    role, place, topic = ROLES[i % len(ROLES)], PLACES[i % len(PLACES)], TOPICS[(i // 2) % len(TOPICS)]
    return (
        f"Story {i}: {place} council met on day {i % 28 + 1} to discuss {topic}.\n\n"
        f'"We cannot wait another year for {topic}," said {p}, {role}. "Every week costs {place} money."\n\n'
        f"{q} said that the plan for {topic} would cost {i * 7 + 3} million dollars, according to a council report.\n\n"
        f"Residents reportedly want a public vote on {topic}. The decision is seen as a test for {place}, "
        f"observers say. {p} told reporters the vote would take place in {2027 + i % 3}.\n"
    )


def write_corpus(root: Path, n: int = 200) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"story_{i:03d}.txt").write_text(article_text(i), encoding="utf-8")
    return root


def provenance_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "provenance", *args]


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def count(db: Path, table: str) -> int:
    """Rows in ``table``, read as any other reader would while a writer is busy."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(f"select count(*) from [{table}]").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # the file or the table is not there yet
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("crash") / "corpus")


@pytest.fixture(scope="module")
def clean_db(corpus, nlp, tmp_path_factory):
    """The corpus ingested in one uninterrupted run (in this process, with the session's model)."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "--batch-size", "8"])
    assert result.exit_code == 0, result.output
    return db


def test_sigkill_mid_run_leaves_complete_articles_and_a_rerun_finishes(corpus, clean_db, tmp_path):
    db = tmp_path / "killed.db"
    cmd = provenance_cmd("ingest", str(corpus), "--db", str(db), "--batch-size", "8")
    proc = subprocess.Popen(cmd, env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            stored = count(db, "articles")
            if stored >= 20:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
        assert stored >= 20, "ingest stored nothing in two minutes"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    assert integrity(conn) == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    killed_at = conn.execute("select count(*) from articles").fetchone()[0]
    assert 20 <= killed_at < 200, "the kill did not land in the middle of the run"
    # every stored article is whole: all its sentences, claim counts that match its claims
    assert check_article_rows(conn) == killed_at
    # the killed run is visible as a run that never finished
    assert conn.execute("select count(*) from ingest_runs where finished_at is null").fetchone()[0] == 1
    conn.close()

    rerun = subprocess.run(cmd, env=env(), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert f"{200 - killed_at} articles stored (0 replaced), {killed_at} unchanged" in rerun.stderr

    conn = sqlite3.connect(db)
    assert integrity(conn) == "ok"
    assert check_article_rows(conn) == 200
    conn.close()
    # the same database as a clean run: same rows, no duplicates (runs are history and differ)
    assert dump(db, skip=("ingest_runs",)) == dump(clean_db, skip=("ingest_runs",))


def test_ingesting_the_same_corpus_twice_changes_nothing(nlp, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 40)
    # a bad input too, so that ingest_errors is part of the comparison
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "feed.jsonl").write_text('{"id": "x", "text": "The mayor said so."}\n{broken\n', encoding="utf-8")
    db = tmp_path / "twice.db"
    args = ["ingest", str(corpus), str(bad), "--db", str(db)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 1 and "2 inputs failed" in first.stderr
    once = dump(db, blank={"ingest_errors": ("at",)}, skip=("ingest_runs",))
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 1 and "0 articles stored (0 replaced), 41 unchanged" in second.stderr
    # byte for byte: every table but the run log, with ingested_at kept from the first run
    assert dump(db, blank={"ingest_errors": ("at",)}, skip=("ingest_runs",)) == once
    # the run log has one row per run, identical but for when it ran and what it found unchanged
    conn = sqlite3.connect(db)
    runs = conn.execute("select command, articles, unchanged, claims, failures from ingest_runs order by id").fetchall()
    conn.close()
    assert [r[1:] for r in runs] == [(41, 0, runs[0][3], 2), (0, 41, 0, 2)]
    # and a second, fresh database made from the same corpus is the same, timestamps aside
    db2 = tmp_path / "again.db"
    assert CliRunner().invoke(cli, ["ingest", str(corpus), str(bad), "--db", str(db2)]).exit_code == 1
    assert dump(db2, skip=("ingest_runs",)) == dump(db, skip=("ingest_runs",))
    conn = sqlite3.connect(db2)
    # (the command line differs in its --db only)
    [(command, *counts)] = conn.execute("select command, articles, unchanged, claims, failures from ingest_runs").fetchall()
    assert command == runs[0][0].replace(str(db), str(db2)) and tuple(counts) == runs[0][1:]
    conn.close()


# -- a server reading while ingest writes -------------------------------------------------

#: One read transaction: every article with its sentence spans and claim counts, so that a half-written
#: article would show as an article with missing sentences or claims.
SNAPSHOT_SQL = """
select a.id, a.text,
  (select json_group_array(json_array(s.start, s.[end], s.claim_count))
     from (select start, [end], claim_count from sentences where article_id = a.id order by idx) s) as spans,
  (select count(*) from claims where claims.article_id = a.id) as claims
from articles a order by a.id
"""


LIVE_ARTICLES = 100


def get(url: str, timeout: float = 10.0):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def check_snapshot(rows: list[dict]) -> dict:
    """Each article in a snapshot is whole; returns id -> (sentences, claims)."""
    seen = {}
    for row in rows:
        text, spans = row["text"], json.loads(row["spans"])
        assert spans, f"article {row['id']} shown without its sentences"
        pos = 0
        for start, end, _ in spans:
            assert start >= pos and not text[pos:start].strip(), f"article {row['id']} shown with a gap in its sentences"
            pos = end
        assert not text[pos:].strip(), f"article {row['id']} shown without its last sentences"
        assert sum(cc for _, _, cc in spans) == row["claims"], f"article {row['id']} shown without all its claims"
        seen[row["id"]] = (len(spans), row["claims"])
    return seen


def test_serve_answers_every_request_while_ingest_writes_and_never_shows_half_an_article(tmp_path):
    from provenance.store import Store

    corpus = write_corpus(tmp_path / "corpus", LIVE_ARTICLES)
    db = tmp_path / "live.db"
    Store(db).close()  # the schema, so that the server has tables to show from the start
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # the server logs every request: to a file, not a pipe nobody reads (a full pipe blocks the server)
    server_log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        provenance_cmd("serve", "--db", str(db), "--port", str(port)),
        env=env(), cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT,
    )
    writer = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(base + "/-/versions.json", timeout=2)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)

        writer = subprocess.Popen(
            provenance_cmd("ingest", str(corpus), "--db", str(db), "--batch-size", "2"),
            env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        sql_url = f"{base}/live.json?" + urllib.parse.urlencode({"sql": SNAPSHOT_SQL, "_shape": "array", "_size": "max"})
        pages = [
            f"{base}/live/articles.json?_shape=array&_size=max",
            f"{base}/live/claims.json?_shape=array&_size=50",
            f"{base}/live/sentences.json?_shape=array&_size=50",
            f"{base}/live/articles",
            f"{base}/live/claims",
        ]
        seen: dict = {}
        partial_snapshots = requests = 0
        deadline = time.monotonic() + 180
        while writer.poll() is None and requests < 5000 and time.monotonic() < deadline:
            status, body = get(sql_url)
            requests += 1
            assert status == 200
            snapshot = check_snapshot(json.loads(body))
            partial_snapshots += 0 < len(snapshot) < LIVE_ARTICLES
            for article_id, counts in snapshot.items():
                assert seen.setdefault(article_id, counts) == counts, "an article changed while it was shown"
            for url in pages:
                status, body = get(url)
                requests += 1
                assert status == 200, url
                if url.endswith("json") or "_shape=array" in url:
                    assert isinstance(json.loads(body), list)
        assert writer.wait(timeout=300) == 0, writer.communicate()
        # the server was read from while the writer was half way through, not only before or after
        assert partial_snapshots >= 3, f"only {partial_snapshots} snapshots caught the ingest in progress"
        # every article seen during the run was already complete: it looks the same now
        final = check_snapshot(json.loads(get(sql_url)[1]))
        assert len(final) == LIVE_ARTICLES
        assert {k: final[k] for k in seen} == seen
        assert server.poll() is None, "the server died"
        assert "Traceback" not in (tmp_path / "serve.log").read_text()
    finally:
        for proc in (writer, server):
            if proc is not None:
                stop(proc)
        server_log.close()


def test_two_ingests_into_one_database_at_once_both_finish(tmp_path):
    """Two batches written into one database at the same time (two cron jobs, say): each waits for
    the other's article transactions instead of failing them with 'database is locked'."""
    from provenance.store import Store

    corpora = []
    for part, offset in (("a", 0), ("b", 1000)):
        root = tmp_path / part
        root.mkdir()
        for i in range(60):
            (root / f"{part}_{i:03d}.txt").write_text(article_text(offset + i), encoding="utf-8")
        corpora.append(root)
    db = tmp_path / "shared.db"
    Store(db).close()
    procs = [
        subprocess.Popen(provenance_cmd("ingest", str(root), "--db", str(db), "--batch-size", "1"),
                         env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for root in corpora
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert "60 articles stored" in err
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles").fetchone()[0] == 120
    assert conn.execute("select count(*) from ingest_errors").fetchone()[0] == 0
    assert integrity(conn) == "ok"
    assert check_article_rows(conn) == 120
    conn.close()


def _sigint_as_in_a_terminal():
    """Run in the child before it starts: SIGINT does what it does in a foreground terminal program.
    A shell without job control starts background commands (``pytest ... &``) with SIGINT ignored,
    the child inherits that, and Python then never raises KeyboardInterrupt: the ingest ran to the
    end with exit status 0 (the flaky failure of issue 12, item 17)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_ingest_with_a_message_and_whole_articles(tmp_path):
    # far more articles than are stored before the signal is sent: on a loaded machine the 60 of
    # before could all be stored between the test's last look at the database and its signal
    corpus = write_corpus(tmp_path / "corpus", 400)
    db = tmp_path / "interrupted.db"
    proc = subprocess.Popen(provenance_cmd("ingest", str(corpus), "--db", str(db), "--batch-size", "1"),
                            env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_sigint_as_in_a_terminal)
    try:
        deadline = time.monotonic() + 120
        while count(db, "articles") < 5 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "ingest ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 1
    assert "interrupted: every article stored so far is complete" in err
    assert "Traceback" not in err + out
    conn = sqlite3.connect(db)
    assert integrity(conn) == "ok"
    stored = check_article_rows(conn)
    assert 5 <= stored < 400
    # the run is closed with what it did
    assert [tuple(r) for r in conn.execute("select articles, finished_at is not null from ingest_runs")] == [(stored, 1)]
    conn.close()


@pytest.fixture
def ctrl_c_is_keyboard_interrupt():
    """SIGINT raises KeyboardInterrupt in this process, as in a foreground terminal, also when pytest runs in the
    background (started with SIGINT ignored, Python installs no handler: the signal then did nothing)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_during_a_write_stops_after_it_with_the_article_counted(tmp_path, nlp, ctrl_c_is_keyboard_interrupt):
    """SIGINT arriving while an article is written: the article is stored whole *and* counted in the
    run row, then the ingest stops (a KeyboardInterrupt between the write and the count left the
    run row one article short, as the cluster's Ctrl-C test caught)."""
    from provenance.ingest import ingest
    from provenance.store import Store

    class InterruptedOnThirdWrite(Store):
        writes = 0

        def write(self, extraction, **kwargs):
            result = super().write(extraction, **kwargs)
            type(self).writes += 1
            if self.writes == 3:
                os.kill(os.getpid(), signal.SIGINT)  # delivered now, in the middle of the article's bookkeeping
            return result

    corpus = write_corpus(tmp_path / "corpus", 6)
    db = tmp_path / "sigint.db"
    store = InterruptedOnThirdWrite(db)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(corpus)], store, nlp=nlp, batch_size=1)
    store.close()
    conn = sqlite3.connect(db)
    assert check_article_rows(conn) == 3
    assert [tuple(r) for r in conn.execute("select articles, finished_at is not null from ingest_runs")] == [(3, 1)]
    conn.close()
