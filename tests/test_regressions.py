"""Regression tests: defects found in QA, each with its exact repro, kept so they stay fixed.

The extractor's QA defects are tested in tests/test_extract.py (not repeated here)."""

import json

import sqlite_utils
from click.testing import CliRunner

from provenance.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


# was a known defect: read.py: a file's doc (hence article id) is its stem only, so same-named  files in different folders replace each other, and re-running is never a no-op
def test_same_file_name_in_two_folders_is_two_articles(tmp_path, nlp):
    for outlet, text in (("herald", "The governor said the budget was balanced."),
                         ("post", "The mayor said the roads were closed.")):
        (tmp_path / "in" / outlet).mkdir(parents=True)
        (tmp_path / "in" / outlet / "2026-01-05.txt").write_text(text + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    first = run("ingest", tmp_path / "in", "--db", db, "--json")
    assert first.exit_code == 0, first.output
    assert sqlite_utils.Database(db)["articles"].count == 2
    again = run("ingest", tmp_path / "in", "--db", db, "--json")
    assert json.loads(again.stdout)["unchanged"] == 2


# was a known defect: read.py: every stdin text/HTML document gets doc 'stdin', so a second  'cat other.txt | provenance ingest -' silently replaces the first article
def test_two_different_articles_piped_on_stdin_are_two_articles(tmp_path, nlp):
    db = tmp_path / "p.db"
    for title, text in (("Budget", "The governor said the budget was balanced."),
                        ("Roads", "The mayor said the roads were closed.")):
        result = run("ingest", "-", "--db", db, "--title", title, input=text + "\n")
        assert result.exit_code == 0, result.output
    titles = sorted(r["title"] for r in sqlite_utils.Database(db)["articles"].rows)
    assert titles == ["Budget", "Roads"]
