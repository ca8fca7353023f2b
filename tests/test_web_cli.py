"""The web-facing commands: ``provenance publish`` and ``provenance export --format prov-json``."""

from __future__ import annotations

import shlex

import prov
import pytest
from click.testing import CliRunner

import web_fixture
from provenance.cli import cli
from provenance.provjson import counts, to_prov


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return web_fixture.build(tmp_path_factory.mktemp("cli") / "provenance.db")


def test_export_prov_json(db_path, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "prov-json"])
    assert result.exit_code == 0, result.output
    document = prov.read(result.output, format="json")
    assert document == to_prov(db_path)
    assert counts(document)["Entity"] == 13
    out = tmp_path / "claims.prov.json"
    result = CliRunner().invoke(cli, ["export", "--db", str(db_path), "--format", "prov-json", "-o", str(out)])
    assert result.exit_code == 0 and prov.read(str(out), format="json") == document


def test_publish_prints_the_read_only_command(db_path, tmp_path):
    out = tmp_path / "public" / "news.db"
    result = CliRunner().invoke(cli, ["publish", str(out), "--db", str(db_path), "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "public" / "news.inspect.json").exists()
    assert "11 claims" in result.stderr
    argv = shlex.split(result.stdout.strip().splitlines()[-1])
    assert argv[:2] == ["datasette", "serve"] and argv[argv.index("-i") + 1] == str(out)
    assert "default_allow_sql" in argv and argv[argv.index("default_allow_sql") + 1] == "off"
    assert argv[argv.index("--port") + 1] == "9001"


def test_publish_without_database_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(cli, ["publish", str(tmp_path / "out.db"), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "No database" in result.output and "Traceback" not in result.output
