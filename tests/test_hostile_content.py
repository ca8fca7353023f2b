"""Hostile content (issue 5): article text is shown as text everywhere the project renders it.

Articles, file names and JSON records full of ``<script>``, ``<img onerror=...>``,
``javascript:`` URLs and Jinja/Datasette template syntax go through the real ``provenance
ingest``; then every page the project serves is fetched -- with the Datasette command line the
project builds (``provenance.serve.live_argv``, and the command ``provenance publish``
prints), through ``datasette ... --get PATH`` -- and checked: the payloads appear escaped, never
as markup, and no template runs. Canned queries take parameters (a quote in a parameter is data,
not SQL); the published copy refuses arbitrary SQL and writes.
(Browser tests of the same pages are in the web tests.)
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from provenance.cli import cli

ROOT = Path(__file__).resolve().parent.parent

#: Every payload, as it is written in the input. None of them may reach a page unescaped.
SCRIPT = "<script>alert('xss-claim')</script>"
IMG = "<img src=x onerror=alert('xss-source')>"
JS_HREF = "<a href=\"javascript:alert('xss-href')\">click here</a>"
JS_URL = "javascript:alert('xss-url')"
TEMPLATE = "{{ 7*191 }}"  # 1337 if it ever runs
LOOP = "{% for i in range(3) %}LOOP{% endfor %}"  # LOOPLOOPLOOP if it ever runs
TITLE = "<script>alert('xss-title')</script> Harbour <b>row</b>"
PUBLISHER = "<b onmouseover=alert('xss-publisher')>Evil Times</b>"
DOC = "<svg onload=alert('xss-doc')>"  # a file name (no '/' possible in it)
BAD_FILE = "<img src=y onerror=alert('xss-file')>"  # a file that fails: its path is in ingest_errors

#: The page's own <script> tags are fine; these openings of the payloads' tags are not.
PAYLOADS = [SCRIPT, IMG, JS_HREF, TITLE, PUBLISHER, DOC, BAD_FILE, "<b>row</b>", "<script>alert(", "<img src=x onerror",
            "<img src=y onerror", "<svg onload", "<b onmouseover", "<a href=\"javascript:"]

ARTICLE = (
    f'"{SCRIPT} is what we found in the accounts," said {IMG} Mallory Quinn, the council\'s auditor.\n\n'
    f"Officials said the page {JS_HREF} was safe and that {JS_URL} meant nothing.\n\n"
    f"The treasurer said the total was {TEMPLATE} dollars, according to the {LOOP} report.\n\n"
    f"Mallory Quinn told reporters that {{{{ config }}}} and {{% debug %}} were in the minutes.\n"
)

RECORD_TEXT = f"The harbour master said the {SCRIPT} plan would fail. {TEMPLATE} boats were waiting, officials said."


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, nlp):
    """A database made by ingesting the payloads (not named provenance.db: the metadata follows the name)."""
    corpus = tmp_path_factory.mktemp("content") / "corpus"
    corpus.mkdir()
    (corpus / f"{DOC}.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / f"{BAD_FILE}.txt").write_bytes(b"")
    record = {"id": "record-1", "text": RECORD_TEXT, "title": TITLE, "publisher": PUBLISHER, "url": JS_URL,
              "author": TEMPLATE}
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n" + '{"id": "x", "text": "<script>broken\n',
                                       encoding="utf-8")
    db = tmp_path_factory.mktemp("db") / "newsroom.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 1, result.output  # the empty file and the broken line fail, the rest is stored
    conn = sqlite3.connect(db)
    # the payloads really are in the data the pages show
    texts = " ".join(str(v) for row in conn.execute(
        "select a.text, a.title, a.publisher, a.doc, c.content_text, c.source_text from claims c join articles a on a.id = c.article_id"
    ) for v in row)
    for payload in (SCRIPT, IMG, TEMPLATE, TITLE, PUBLISHER, DOC):
        assert payload in texts, f"{payload!r} did not reach the claims (the test would prove nothing)"
    assert conn.execute("select count(*) from claims where content_text like '%<script>%'").fetchone()[0] >= 1
    assert conn.execute("select count(*) from ingest_errors where path like ?", [f"%{BAD_FILE}%"]).fetchone()[0] == 1
    conn.close()
    return db


def datasette_get(argv: list[str], path: str) -> tuple[int, str]:
    """``datasette <argv> --get PATH``: (exit code, body). The exit code is 0 exactly when the status is 200."""
    from datasette.cli import cli as datasette_cli

    from provenance.web import ensure_plugin

    ensure_plugin()  # the project's plugin, also when the package is not pip-installed
    result = CliRunner().invoke(datasette_cli, [*argv, "--get", path])
    # stdout is the response (for a refused request Datasette also logs the error there, with rich)
    if result.exit_code == 0:
        assert "Traceback" not in result.stdout
    return result.exit_code, result.stdout


def live_argv(db: Path) -> list[str]:
    """The arguments ``provenance serve`` gives datasette for ``db`` (metadata keyed to its name)."""
    from provenance.serve import live_argv as serve_argv
    from provenance.web import database_name, load_metadata

    metadata_file = db.with_name(db.stem + ".serve-metadata.json")
    if not metadata_file.exists():
        metadata_file.write_text(json.dumps(load_metadata(database_name(db))), encoding="utf-8")
    return serve_argv(db, metadata_file)


def pages(db: Path) -> list[str]:
    name = db.stem
    conn = sqlite3.connect(db)
    article_ids = [r[0] for r in conn.execute("select id from articles order by id")]
    claim_ids = [r[0] for r in conn.execute("select id from claims where content_text like '%<%' or source_text like '%<%' order by id limit 3")]
    source_ids = [r[0] for r in conn.execute("select id from sources where name like '%<%' or name like '%Quinn%' order by id limit 3")]
    conn.close()
    q = urllib.parse.quote
    paths = ["/", f"/{name}"]
    for table in ("articles", "claims", "sentences", "sources", "source_aliases", "ingest_errors"):
        paths.append(f"/{name}/{table}")
    paths.append(f"/{name}/claims?_search={q(SCRIPT)}")
    paths.append(f"/{name}/claims?_facet=source_id&_facet=publisher")
    paths += [f"/{name}/articles/{a}" for a in article_ids]
    paths += [f"/{name}/claims/{c}" for c in claim_ids]
    paths += [f"/{name}/-/article/{a}" for a in article_ids]
    paths += [f"/{name}/-/source/{s}" for s in source_ids]
    for query, params in canned_queries().items():
        values = {p: SCRIPT for p in params}
        paths.append(f"/{name}/{query}?" + urllib.parse.urlencode(values) if values else f"/{name}/{query}")
    return paths


def canned_queries() -> dict:
    """Canned query name -> its named parameters, from metadata.yml."""
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    queries = {}
    for db in (metadata.get("databases") or {}).values():
        for name, query in (db.get("queries") or {}).items():
            sql = query["sql"] if isinstance(query, dict) else query
            queries[name] = sorted(set(re.findall(r"(?<![:\w]):(\w+)", sql)))
    return queries


def assert_shown_as_text(path: str, body: str) -> None:
    for payload in PAYLOADS:
        assert payload not in body, f"{path}: {payload!r} is in the page unescaped"
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", body, re.I), f"{path}: a javascript: link"
    assert "1337" not in body and "LOOPLOOP" not in body, f"{path}: template syntax from the data was run"


def test_every_page_shows_hostile_text_as_text(hostile_db):
    argv = live_argv(hostile_db)
    seen_escaped = set()
    for path in pages(hostile_db):
        code, body = datasette_get(argv, path)
        assert code == 0, f"{path} did not answer 200:\n{body[:2000]}"
        assert_shown_as_text(path, body)
        for escaped in ("&lt;script&gt;alert(", "&lt;img src=x onerror=alert(", TEMPLATE, LOOP):
            if escaped in body or escaped.replace("&#39;", "'") in body:
                seen_escaped.add(escaped)
    # the payloads are shown (escaped), not silently dropped
    assert seen_escaped == {"&lt;script&gt;alert(", "&lt;img src=x onerror=alert(", TEMPLATE, LOOP}


def test_json_api_returns_the_text_exactly(hostile_db):
    code, body = datasette_get(live_argv(hostile_db), f"/{hostile_db.stem}/articles.json?_shape=array&_size=max")
    assert code == 0
    by_doc = {a["doc"]: a for a in json.loads(body)}
    assert by_doc[DOC]["text"] == ARTICLE
    assert by_doc["record-1"]["title"] == TITLE and by_doc["record-1"]["url"] == JS_URL


def test_canned_queries_take_parameters_never_built_sql(hostile_db):
    queries = canned_queries()
    assert queries, "metadata.yml has no canned queries"
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    for db in metadata["databases"].values():
        for name, query in (db.get("queries") or {}).items():
            sql = query["sql"]
            # no template or format placeholders in the SQL: values arrive only as :named parameters
            assert not re.search(r"\{\{|\{%|%s|%\(|\{\w*\}", sql), f"{name}: SQL built from text"
            assert not query.get("write"), f"{name}: a canned query that writes"
    # a parameter that is SQL is only data: it matches nothing and breaks nothing
    name = hostile_db.stem
    argv = live_argv(hostile_db)
    conn = sqlite3.connect(hostile_db)
    before = conn.execute("select count(*) from claims").fetchone()[0]
    conn.close()
    for injection in ("' or '1'='1", "x'); drop table claims; --", '" or 1=1 --', "%"):
        for query, params in queries.items():
            if not params:
                continue
            values = {p: injection for p in params}
            code, body = datasette_get(argv, f"/{name}/{query}.json?_shape=array&" + urllib.parse.urlencode(values))
            assert code == 0, f"{query} with {injection!r}: {body[:500]}"
            rows = json.loads(body)
            if injection != "%":  # a literal '%' may match as a LIKE pattern; the others match no text
                assert rows == [], f"{query} with {injection!r} returned rows: the parameter became SQL"
    conn = sqlite3.connect(hostile_db)
    assert conn.execute("select count(*) from claims").fetchone()[0] == before
    conn.close()


@pytest.fixture(scope="module")
def publication(hostile_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("public") / "public.db"
    result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(hostile_db)])
    assert result.exit_code == 0, result.output
    # the printed command: datasette serve -i OUT --inspect-file ... -m ... --setting default_allow_sql off ...
    argv = result.stdout.strip().splitlines()[-1].split()
    assert argv[0].endswith("datasette") and "-i" in argv
    import shlex

    return out, shlex.split(result.stdout.strip().splitlines()[-1])[1:]


def test_published_copy_refuses_arbitrary_sql(publication):
    out, argv = publication
    name = out.stem
    for sql in ("select 1", "select * from articles", "delete from claims", "insert into sources(id, name, kind) values ('x', 'x', 'person')",
                "update articles set text = 'defaced'", "drop table claims", "attach database ':memory:' as x"):
        code, body = datasette_get(argv, f"/{name}.json?" + urllib.parse.urlencode({"sql": sql}))
        assert code != 0, f"the published copy ran {sql!r}: {body[:300]}"
    # the table pages have no SQL editor link that works, and the database page offers no query box
    code, body = datasette_get(argv, f"/{name}")
    assert code == 0
    assert 'name="sql"' not in body


def test_published_copy_refuses_writes_and_stays_unchanged(publication):
    out, argv = publication
    name = out.stem
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    # Datasette 0.65 writes only through canned queries marked write: none is, so each one reads
    for query, params in canned_queries().items():
        values = {p: "x'); delete from claims; --" for p in params}
        code, body = datasette_get(argv, f"/{name}/{query}.json?_shape=array&" + urllib.parse.urlencode(values))
        assert code == 0, f"{query}: {body[:300]}"
    # the copy is opened immutable: even SQLite itself will not write it through Datasette
    from datasette.app import Datasette

    ds = Datasette(immutables=[str(out)])
    database = ds.get_database(name)
    assert database.is_mutable is False

    import asyncio

    async def try_write():
        try:
            await database.execute_write("delete from claims")
        except Exception as exc:  # Datasette refuses to write an immutable database
            return exc
        return None

    assert asyncio.run(try_write()) is not None
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        database.connect().execute("delete from claims")  # the connection Datasette reads with
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest
    # and the hostile text is still shown as text by the public server
    for path in (f"/{name}/claims", f"/{name}/articles", f"/{name}/ingest_errors"):
        code, body = datasette_get(argv, path)
        assert code == 0, path
        assert_shown_as_text(path, body)
