"""A publication copy tells no one where the files were on the publisher's machine (issue 12, item 7):
paths are written relative to the folder the inputs were ingested from."""

import json
import shlex
import sqlite3

from click.testing import CliRunner

from provenance.cli import cli


def test_the_published_copy_holds_no_absolute_local_path(tmp_path, nlp):
    home = tmp_path / "home" / "alice" / "secret-project"
    (home / "news" / "2026").mkdir(parents=True)
    (home / "news" / "2026" / "story.txt").write_text("The minister said the bridge would reopen.\n", encoding="utf-8")
    (home / "news" / "feed.jsonl").write_text(
        json.dumps({"text": "Officials said the port would close."}) + "\n{broken\n", encoding="utf-8")
    (home / "news" / "empty.txt").write_text("", encoding="utf-8")
    db, out = tmp_path / "p.db", tmp_path / "public" / "p.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(home / "news"), "--db", str(db), "--publisher", "Gazette"])
    assert result.exit_code == 1, result.output  # the empty file and the broken line
    assert str(home) in sqlite3.connect(db).execute("select group_concat(path) from articles").fetchone()[0]
    result = runner.invoke(cli, ["publish", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output

    assert str(tmp_path).encode() not in out.read_bytes()  # not in any row, nor in free pages
    conn = sqlite3.connect(out)
    assert sorted(r[0] for r in conn.execute("select path from articles")) == ["2026/story.txt", "feed.jsonl:1"]
    assert sorted(r[0] for r in conn.execute("select origin from articles")) == ["file:2026/story.txt", "file:feed.jsonl:1"]
    assert sorted((r[0], r[1]) for r in conn.execute("select path, line from ingest_errors")) == [
        ("empty.txt", None), ("feed.jsonl", 2)]
    [command] = [r[0] for r in conn.execute("select command from ingest_runs")]
    assert shlex.split(command) == ["provenance", "ingest", ".", "--publisher", "Gazette"]
    # the database itself keeps its paths: only the copy is rewritten
    assert str(home) in sqlite3.connect(db).execute("select group_concat(path) from articles").fetchone()[0]


def test_inputs_from_unrelated_places_keep_no_trace_of_them(tmp_path, nlp):
    """Two runs from two unrelated folders: nothing shares a folder but '/', which is no root."""
    from provenance.ingest import ingest
    from provenance.store import Store
    from provenance.web.publish import publish

    db = tmp_path / "p.db"
    store = Store(db)
    for where, text in (("alice/news", "The minister said the bridge would reopen."),
                        ("bob/feeds", "Officials said the port would close.")):
        folder = tmp_path / where
        folder.mkdir(parents=True)
        (folder / "story.txt").write_text(text + "\n", encoding="utf-8")
        ingest([str(folder)], store, nlp=nlp, command=f"provenance ingest {folder}")
    # the stored paths also as if the two folders had nothing in common but the file system's root
    store.db.execute("update articles set path = replace(path, ?, '/srv'), origin = replace(origin, ?, '/srv') "
                     "where path like '%bob%'", [str(tmp_path), str(tmp_path)])
    store.db.execute("update ingest_runs set command = replace(command, ?, '/srv') where command like '%bob%'", [str(tmp_path)])
    store.db.conn.commit()
    store.close()
    out = tmp_path / "pub.db"
    publish(db, out)
    data = out.read_bytes()
    assert str(tmp_path).encode() not in data and b"/srv" not in data
    conn = sqlite3.connect(out)
    assert sorted(r[0] for r in conn.execute("select path from articles")) == ["story.txt", "story.txt"]
    assert sorted(r[0] for r in conn.execute("select command from ingest_runs")) == ["provenance ingest ."] * 2
