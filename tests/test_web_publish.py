"""The publication copy: out of WAL, immutable, inspect counts, served read-only."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import stat
import subprocess
import sys
import time

import httpx
import pytest
from datasette.app import Datasette

from tests.processes import free_port, stop
import web_fixture
from provenance.web import WebError, ensure_plugin
from provenance.web.publish import publish, serve_argv

ensure_plugin()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    src = web_fixture.build(tmp_path_factory.mktemp("src") / "provenance.db")
    # leave un-checkpointed writes in the source's WAL: the copy must still have them
    conn = sqlite3.connect(src)
    conn.execute("pragma wal_autocheckpoint = 0")
    conn.execute("insert into ingest_errors (path, line, reason, at) values ('late.txt', null, 'late', 'now')")
    conn.commit()
    assert (src.parent / "provenance.db-wal").stat().st_size > 0
    pub = publish(src, tmp_path_factory.mktemp("out") / "pub.db")
    conn.close()
    return pub


def test_copy_is_out_of_wal_and_complete(published):
    db = published.db
    assert db.name == "pub.db"
    assert not (db.parent / "pub.db-wal").exists() and not (db.parent / "pub.db-shm").exists()
    with open(db, "rb") as f:
        header = f.read(20)
    assert (header[18], header[19]) == (1, 1)  # rollback journal, not WAL
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert conn.execute("select count(*) from ingest_errors").fetchone()[0] == 2
    assert conn.execute("select count(*) from claims").fetchone()[0] == 11
    conn.close()
    assert stat.S_IMODE(db.stat().st_mode) & 0o222 == 0


def test_inspect_and_metadata_files(published):
    inspect = json.loads(published.inspect_file.read_text())
    assert inspect["pub"]["tables"]["claims"]["count"] == 11
    assert inspect["pub"]["tables"]["sentences"]["count"] == 11
    assert published.counts["articles"] == 2
    metadata = json.loads(published.metadata_file.read_text())
    assert "pub" in metadata["databases"] and "provenance" not in metadata["databases"]
    assert "claims_by_source" in metadata["databases"]["pub"]["queries"]


def test_serve_argv_is_read_only():
    argv = serve_argv("out/pub.db")
    assert argv[:2] == ["datasette", "serve"]
    assert argv[argv.index("-i") + 1] == "out/pub.db"
    assert argv[argv.index("--inspect-file") + 1] == "out/pub.inspect.json"
    assert argv[argv.index("-m") + 1] == "out/pub.metadata.json"
    i = argv.index("--setting")
    assert argv[i + 1:i + 3] == ["default_allow_sql", "off"]
    assert "--host" in argv and argv[argv.index("--host") + 1] == "127.0.0.1"


def test_published_copy_refuses_writes_and_sql_but_answers_canned_queries(published):
    async def go():
        ds = Datasette(
            [], immutables=[str(published.db)],
            metadata=json.loads(published.metadata_file.read_text()),
            inspect_data=json.loads(published.inspect_file.read_text()),
            settings={"default_allow_sql": False},
        )
        db = ds.get_database("pub")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await db.execute("delete from claims")
        with pytest.raises(AssertionError):
            await db.execute_write("delete from claims")
        return (
            await ds.client.get("/pub.json?sql=select+count(*)+from+claims"),
            await ds.client.get("/pub.json?sql=delete+from+claims"),
            await ds.client.get("/pub/claims_by_source.json?_shape=array&source=Reyes"),
            await ds.client.get("/pub/claims.json?_shape=array"),
        )

    sql, delete, canned, table = asyncio.run(go())
    assert sql.status_code == 403  # arbitrary SQL is off
    assert delete.status_code == 400 and "must be a SELECT" in delete.text
    assert canned.status_code == 200 and len(canned.json()) == 3
    assert table.status_code == 200 and len(table.json()) == 11
    with sqlite3.connect(f"file:{published.db}?mode=ro", uri=True) as conn:
        assert conn.execute("select count(*) from claims").fetchone()[0] == 11


def test_the_printed_command_serves_the_copy(published):
    port = free_port()
    argv = published.argv(port=port, executable=f"{sys.executable} -m datasette")
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(base + "/-/versions.json", timeout=1)
                break
            except httpx.HTTPError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read().decode())
                time.sleep(0.1)
        assert httpx.get(base + "/pub.json?sql=select+1").status_code == 403
        r = httpx.get(base + "/pub/attribution_chains.json?_shape=array")
        assert r.status_code == 200 and len(r.json()) == 2
        settings = httpx.get(base + "/-/settings.json").json()
        assert settings["default_allow_sql"] is False
        assert settings["suggest_facets"] is False  # a GROUP BY per column per page is seconds on an archive
        dbs = httpx.get(base + "/-/databases.json").json()
        assert [(d["name"], d["is_mutable"]) for d in dbs] == [("pub", False)]
    finally:
        stop(proc)


def test_publish_errors(tmp_path):
    with pytest.raises(WebError, match="No database"):
        publish(tmp_path / "missing.db", tmp_path / "out.db")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t (x)").connection.close()
    with pytest.raises(WebError, match="not a provenance database"):
        publish(other, tmp_path / "out.db")
    with pytest.raises(WebError, match=r"\.db"):
        publish(other, tmp_path / "out.sqlite")
