"""What a user runs into on the command line: errors without tracebacks, exports that open cleanly."""

import sqlite3

from click.testing import CliRunner

from provenance.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def test_export_of_a_file_that_is_not_sqlite_is_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not a database\n")
    result = run("export", "--db", path)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and str(path) in result.output


def test_export_of_an_unrelated_sqlite_database_says_so(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table t (a)")
    for fmt in ("jsonl", "prov-json"):
        result = run("export", "--db", path, "--format", fmt)
        assert result.exit_code == 1, result.output
        assert isinstance(result.exception, SystemExit), repr(result.exception)
        assert "not a provenance database" in result.output


def test_ingest_of_a_folder_with_no_articles_warns(tmp_path, nlp):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "readme.md").write_text("The mayor said nothing.\n")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 0, result.output
    assert "no articles found" in result.stderr and ".txt" in result.stderr


def test_ingest_run_records_the_options_it_was_given(tmp_path, nlp):
    """ingest_runs.command is 'the command line of the run': without its options ('--publisher ...')
    nobody can tell later why these articles carry that publisher, or run it again."""
    import shlex

    import sqlite_utils

    story = tmp_path / "story one.txt"
    story.write_text("The mayor said the bridge would reopen in May.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("ingest", story, "--db", db, "--publisher", "The Post", "--published", "2026-05-01", "-p", "2")
    assert result.exit_code == 0, result.output
    command = sqlite_utils.Database(db)["ingest_runs"].get(1)["command"]
    assert shlex.split(command) == ["provenance", "ingest", str(story), "--publisher", "The Post",
                                    "--published", "2026-05-01", "--processes", "2"]


def test_serve_refuses_an_unrelated_database_instead_of_adding_tables_to_it(tmp_path, monkeypatch):
    import provenance.serve

    served = []
    monkeypatch.setattr(provenance.serve, "serve", lambda *a, **k: served.append(a))  # never block the test
    path = tmp_path / "household.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table bills (amount)")
    conn.close()
    result = run("serve", "--db", path)
    assert result.exit_code == 1 and "not a provenance database" in result.output, result.output
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    conn.close()
    assert tables == {"bills"} and not served
    notdb = tmp_path / "notes.db"
    notdb.write_text("not a database")
    result = run("serve", "--db", notdb)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output


def test_every_option_has_help():
    from provenance.cli import cli as group

    for name, command in group.commands.items():
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"provenance {name} {param.opts[0]} has no help text"
