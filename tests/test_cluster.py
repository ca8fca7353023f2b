"""Ingest on a Dask cluster (issue 9): a real ``dask scheduler`` and two ``dask worker`` processes
on 127.0.0.1, started and stopped here.

- Killing a worker with SIGKILL in the middle of the run costs a retry on the other worker: the
  database equals (dumps compared, times and the command line aside) a plain 1-process ingest.
- The workers extract with the client's data files, not their own: they are started with
  ``$PROVENANCE_CUES``, ``$PROVENANCE_SOURCE_KINDS`` and ``$PROVENANCE_LINEAGE`` naming files that do
  not exist; the claim lineage inputs they compute are the client's (none is computed again).
- A scheduler that cannot be reached is one clear message before anything is written.
- Ctrl-C stops a cluster ingest (``--scheduler``, and ``--processes 2``: a local Dask cluster) as it
  stops a plain one, and leaves no worker process behind.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from tests.dbcheck import TIMESTAMPS, check_article_rows, dump, integrity
from tests.processes import stop
from tests.test_crash_rerun import _sigint_as_in_a_terminal, count, env, provenance_cmd, write_corpus

ROOT = Path(__file__).resolve().parent.parent


def _wait(predicate, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def dask_cluster(tmp_path):
    """``(address, workers)``: a scheduler on a free port of 127.0.0.1 and two single-threaded workers
    (no nanny: the worker process is the one a SIGKILL kills) whose environment names data files
    that do not exist."""
    scheduler_file = tmp_path / "scheduler.json"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    worker_env = {**env(), "PROVENANCE_CUES": str(tmp_path / "no-such-cues.tsv"),
                  "PROVENANCE_SOURCE_KINDS": str(tmp_path / "no-such-kinds.tsv"),
                  "PROVENANCE_LINEAGE": str(tmp_path / "no-such-lineage.json")}
    procs = []
    try:
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(scheduler_file)],
            env=env(), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=open(logs / "scheduler.log", "w"),
        ))
        _wait(lambda: scheduler_file.exists() and scheduler_file.stat().st_size > 0, "the scheduler")
        address = json.loads(scheduler_file.read_text())["address"]
        workers = []
        for i in range(2):
            workers.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                 "--nthreads", "1", "--no-dashboard", "--no-nanny", "--name", f"w{i}"],
                env=worker_env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=open(logs / f"worker{i}.log", "w"),
            ))
        procs += workers
        _wait(lambda: all("Registered to" in (logs / f"worker{i}.log").read_text() for i in range(2)), "two workers")
        yield address, workers
    finally:
        for proc in reversed(procs):
            stop(proc)


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(tmp_path, dask_cluster):
    address, workers = dask_cluster
    corpus = write_corpus(tmp_path / "corpus", 36)
    # inputs that fail before parsing: reported in their place among the articles sent out
    (corpus / "story_010_empty.txt").write_text("  \n", encoding="utf-8")
    (corpus / "story_020_records.jsonl").write_text('{"id": "r1", "text": "The mayor said the bridge would open."}\n{broken\n',
                                                   encoding="utf-8")
    plain, clustered = tmp_path / "plain.db", tmp_path / "cluster.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(plain)])
    assert result.exit_code == 1 and "2 inputs failed:" in result.output, result.output
    plain_report = result.output[result.output.index("2 inputs failed:"):]

    proc = subprocess.Popen(
        provenance_cmd("ingest", str(corpus), "--db", str(clustered), "--scheduler", address, "--batch-size", "1"),
        env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait(lambda: count(clustered, "articles") >= 3 or proc.poll() is not None, "the first articles")
        assert proc.poll() is None and count(clustered, "articles") < 37, "the ingest ended before a worker could be killed"
        workers[0].send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=300)
    finally:
        stop(proc)
    assert workers[0].wait(timeout=10) == -signal.SIGKILL
    assert proc.returncode == 1, err
    assert "37 articles stored" in err
    assert err[err.index("2 inputs failed:"):] == plain_report  # the same failures, reported the same way
    assert "Traceback" not in err
    assert "computed under other settings" not in err  # the workers computed lineage inputs as the client does

    conn = sqlite3.connect(clustered)
    assert integrity(conn) == "ok"
    assert check_article_rows(conn) == 37
    conn.close()
    # the command lines differ by --scheduler and --batch-size; everything else is the same
    blank = {**TIMESTAMPS, "ingest_runs": TIMESTAMPS["ingest_runs"] + ("command",)}
    assert dump(clustered, blank=blank) == dump(plain, blank=blank)


def _own_group_with_terminal_sigint():
    _sigint_as_in_a_terminal()
    os.setpgrp()


def _group_is_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("where", ["--scheduler", "--processes 2"])
def test_ctrl_c_at_a_terminal_stops_a_cluster_ingest_with_whole_articles_counted(tmp_path, request, where):
    """A terminal's Ctrl-C reaches the whole process group: the ingest stops with its message, its run
    row counts what it stored, and (--processes 2, a local Dask cluster) no worker is left behind."""
    corpus = write_corpus(tmp_path / "corpus", 300)
    db = tmp_path / "interrupted.db"
    if where == "--scheduler":
        address, _ = request.getfixturevalue("dask_cluster")
        how = ["--scheduler", address, "--batch-size", "1"]
    else:
        how = ["--processes", "2", "--batch-size", "2"]
    proc = subprocess.Popen(provenance_cmd("ingest", str(corpus), "--db", str(db), *how),
                            env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_own_group_with_terminal_sigint)
    try:
        _wait(lambda: count(db, "articles") >= 3 or proc.poll() is not None, "the first articles")
        assert proc.poll() is None, "ingest ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        stop(proc)
    assert proc.returncode == 1, err
    assert "interrupted: every article stored so far is complete" in err
    assert "Traceback" not in err + out, err
    _wait(lambda: _group_is_gone(proc.pid), "the ingest's processes to stop", timeout=30)
    conn = sqlite3.connect(db)
    stored = check_article_rows(conn)
    assert 3 <= stored < 300
    assert [tuple(r) for r in conn.execute("select articles, finished_at is not null from ingest_runs")] == [(stored, 1)]
    conn.close()


def test_a_second_run_on_the_cluster_says_unchanged_and_extract_prints_what_it_prints_here(tmp_path, dask_cluster):
    address, _ = dask_cluster
    corpus = write_corpus(tmp_path / "corpus", 4)
    db = tmp_path / "twice.db"
    for expected in ("4 articles stored (0 replaced), 0 unchanged", "0 articles stored (0 replaced), 4 unchanged"):
        result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "--scheduler", address])
        assert result.exit_code == 0, result.output
        assert expected in result.output
    here = CliRunner().invoke(cli, ["extract", str(corpus)])
    there = CliRunner().invoke(cli, ["extract", str(corpus), "--scheduler", address])
    assert here.exit_code == there.exit_code == 0, there.output
    assert there.stdout == here.stdout and here.stdout.count("\n") > 10


def test_an_unreachable_scheduler_is_one_message_before_anything_is_written(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "never.db"
    result = CliRunner().invoke(cli, ["ingest", str(ROOT / "examples"), "--db", str(db), "--scheduler", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
    assert not db.exists()


def test_workers_with_another_model_version_are_refused_before_anything_is_sent(dask_cluster):
    import attrs

    from provenance import cluster
    from provenance.nlp import choose_model

    address, _ = dask_cluster
    name = choose_model()
    setup = cluster.extractor_setup(name, cluster.model_version(name))
    other = attrs.evolve(setup, model_version="0.0.1", digest="y" + setup.digest[1:])
    with pytest.raises(cluster.ClusterError, match="a Dask worker cannot extract as this client does: .* the client 0.0.1"):
        with cluster.connect(other, scheduler=address):
            pass


@pytest.mark.parametrize(
    "change, message",
    [
        ({"provenance_version": "0.0.0-other"}, "the client 0.0.0-other: install the same version on every machine"),
        ({"model_version": "0.0.1"}, "the client 0.0.1: install the same version on every machine"),
        ({"model": "no_such_spacy_model"}, "spaCy model 'no_such_spacy_model'"),
    ],
)
def test_a_worker_that_cannot_extract_as_the_client_does_refuses_the_setup(change, message):
    import attrs

    from provenance import cluster
    from provenance.nlp import choose_model

    name = choose_model()
    setup = cluster.extractor_setup(name, cluster.model_version(name))
    bad = attrs.evolve(setup, digest="x" + setup.digest[1:], **change)
    with pytest.raises(cluster.ClusterError, match=message.replace("(", r"\(").replace(".", r"\.")):
        cluster._load_setup(bad)
    assert bad.digest not in cluster._LOADED
