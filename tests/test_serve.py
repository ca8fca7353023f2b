"""`provenance serve`, as a user starts it: a real server on 127.0.0.1."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import free_port, stop

ROOT = Path(__file__).resolve().parent.parent


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


@pytest.fixture(scope="module")
def newsroom_db(tmp_path_factory, nlp):
    """A database whose file is not called provenance.db (metadata must follow the name)."""
    from provenance.ingest import ingest
    from provenance.store import Store

    path = tmp_path_factory.mktemp("serve") / "newsroom.db"
    store = Store(path)
    summary = ingest([str(ROOT / "examples")], store, nlp=nlp)
    store.close()
    assert summary.ok and summary.claims > 0
    return path


def serving(db, *extra, env=None):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "provenance", "serve", "--db", str(db), "--port", str(port), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=None if env is None else {**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stdout.read()}")
        try:
            if get(base + "/-/versions.json")[0] == 200:
                return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise AssertionError("server did not start within 60 s")


def test_serve_live_database_with_metadata_plugin_and_canned_queries(newsroom_db):
    proc, base = serving(newsroom_db)
    try:
        status, body = get(base + "/newsroom/claims.json?_shape=array&_size=5")
        assert status == 200 and len(json.loads(body)) == 5
        status, body = get(base + "/newsroom/claims_by_source.json?source=Alvarez&_shape=array")
        assert status == 200 and json.loads(body), "canned query missing or empty: metadata not keyed to the database name"
        article_id = json.loads(get(base + "/newsroom/articles.json?_shape=array&_size=1")[1])[0]["id"]
        status, body = get(f"{base}/newsroom/-/article/{article_id}")
        assert status == 200 and 'class="pv-summary"' in body  # the plugin's article page
        status, _ = get(base + "/newsroom.json?sql=select+1")
        assert status == 200  # arbitrary SQL is allowed on the live database
    finally:
        stop(proc)


def test_serve_public_is_read_only(newsroom_db):
    proc, base = serving(newsroom_db, "--public")
    try:
        assert get(base + "/newsroom/claims.json?_shape=array&_size=1")[0] == 200
        assert get(base + "/newsroom/claims_by_source.json?source=Alvarez&_shape=array")[0] == 200
        status, _ = get(base + "/newsroom.json?sql=select+1")
        assert status == 403
    finally:
        stop(proc)


@pytest.mark.parametrize("extra", [(), ("--public",)], ids=["live", "public"])
def test_serve_stopped_with_sigterm_leaves_no_temporary_files(newsroom_db, tmp_path, extra):
    """A service manager stops serve with SIGTERM: the copy of the database (--public) and the metadata
    folder (live) made in the temporary folder go with it."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc, base = serving(newsroom_db, *extra, env={"TMPDIR": str(tmp)})
    try:
        assert [p.name for p in tmp.iterdir() if p.name.startswith("provenance-serve-")]
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    finally:
        stop(proc)
    assert [p.name for p in tmp.iterdir() if p.name.startswith("provenance-serve-")] == []


@pytest.mark.parametrize("name, extra", [("data.sqlite", ("--public",)), ("what?#100%.db", ()), ("what?#100%.db", ("--public",))])
def test_serve_a_database_with_any_file_name(newsroom_db, tmp_path, name, extra):
    db = tmp_path / name
    shutil.copy(newsroom_db, db)
    listed = set(os.listdir(tmp_path))
    proc, base = serving(db, *extra)
    try:
        dbs = json.loads(get(base + "/-/databases.json")[1])
        [served] = [d["name"] for d in dbs if not d["name"].startswith("_")]
        status, body = get(f"{base}/{served}/claims.json?_shape=array&_size=2")
        assert status == 200 and len(json.loads(body)) == 2
        status, body = get(f"{base}/{served}/claims_by_source.json?source=Alvarez&_shape=array")
        assert status == 200 and json.loads(body)
    finally:
        stop(proc)
    assert set(os.listdir(tmp_path)) - listed <= {f"{name}-wal", f"{name}-shm"}  # no stray file from a misread URI


@pytest.mark.parametrize("module", ["provenance.web", "provenance.provjson"])
def test_serving_and_exporting_do_not_load_the_matching_libraries(module):
    """The site and the exports read lineage tables but never match claims: datasketch (with scipy),
    networkx and rapidfuzz stay out of those processes (they cost the serve process about 45 MB)."""
    heavy = ("datasketch", "scipy", "networkx", "rapidfuzz", "spacy", "dask", "distributed")
    code = f"import sys, {module}; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
