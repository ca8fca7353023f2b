"""Claim lineage is never a silent mix of two matching setups: a database whose lineage tables were
computed under other thresholds (or word lists, credit lines, signature parameters) has them
recomputed when it is opened for writing, and the command says so; unchanged settings cost one read
and no write lock; a read-only open writes nothing."""

import hashlib
import json
import shutil
import sqlite3

import attrs
import pytest
import sqlite_utils
from click.testing import CliRunner

from lineage_helpers import assert_equals_a_rebuild, clusters, corpus_database, ingest_records, lineage_tables, records
from provenance import derived
from provenance.cli import cli
from provenance.lineage import inputs, match, setup
from provenance.store import Store, StoreError, readonly_uri

#: A reservoir claim ("that the reservoir will stay closed ...") and its copy without the "that": the
#: default thresholds link them (a whole ratio, a part); the strict file below does not.
HT_RESERVOIR = ("ht-0301", "claim", "that the reservoir will stay")
STRICT = {"ratio": 101, "part_aligned": 101, "passage_words": 1000, "piece_ratio": 101}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, nlp):
    """A database of the lineage corpus, ingested under the packaged thresholds."""
    return corpus_database(tmp_path_factory.mktemp("ingested") / "lineage.db", nlp)


@pytest.fixture()
def db(ingested, tmp_path):
    path = tmp_path / "lineage.db"
    shutil.copy(ingested, path)
    return path


def thresholds_file(path, **changes):
    values = json.loads(match.DEFAULT_THRESHOLDS.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**values, **changes}), encoding="utf-8")
    return path


@pytest.fixture()
def strict(tmp_path, monkeypatch):
    path = thresholds_file(tmp_path / "strict.json", **STRICT)
    monkeypatch.setenv("PROVENANCE_LINEAGE", str(path))
    return path


def stored_digest(path):
    with sqlite3.connect(readonly_uri(path), uri=True) as conn:
        return conn.execute("select setup from lineage_meta").fetchone()[0]


def file_digests(path):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in path.parent.glob(path.name + "*")}


def test_the_corpus_links_the_pair_under_the_packaged_thresholds(db):
    store = Store(db)
    assert store.refilled == []
    assert any(HT_RESERVOIR in members for members in clusters(store.db).values())
    assert stored_digest(db) == setup.current().digest
    store.close()


def test_changed_thresholds_recompute_lineage_on_open_for_writing(db, strict, tmp_path, nlp):
    before = Store(db, create=False)
    old = clusters(before.db)
    before.close()
    store = Store(db)
    assert [(r.name, r.reason) for r in store.refilled] == [
        ("lineage", f"its matching settings changed (thresholds {strict} (from $PROVENANCE_LINEAGE))")
    ]
    got = lineage_tables(store.db)
    now = clusters(store.db)
    assert now != old and not any(HT_RESERVOIR in members for members in now.values())
    derived.rebuild_all(store.db)  # a fresh rebuild under the new settings
    assert lineage_tables(store.db) == got
    store.close()
    assert stored_digest(db) == setup.current().digest
    again = Store(db)  # recorded: nothing more to do
    assert again.refilled == []
    # what is ingested now is matched under the same settings as what was stored: no mix
    recs = {r["id"]: r for r in records()}
    ingest_records(again, [dict(recs["vp-0302"], id="vp-0302-again")], tmp_path, nlp, name="again")
    assert_equals_a_rebuild(again.db)
    again.close()


def test_unchanged_settings_open_without_a_write_lock(db, tmp_path, monkeypatch):
    """The same values in another file, written otherwise (85 as 85.0, keys reordered, no _about), are
    the same settings: opened read-only with create=True, the store finds nothing to do."""
    values = json.loads(match.DEFAULT_THRESHOLDS.read_text(encoding="utf-8"))
    same = {k: float(v) for k, v in reversed(list(values.items())) if not k.startswith("_")}
    (tmp_path / "same.json").write_text(json.dumps(same, indent=4), encoding="utf-8")
    monkeypatch.setenv("PROVENANCE_LINEAGE", str(tmp_path / "same.json"))
    store = Store(sqlite_utils.Database(sqlite3.connect(readonly_uri(db), uri=True)))
    assert store.refilled == []
    store.close()


def test_changed_settings_are_noticed_on_the_fast_path(db, strict):
    """The shape is current, the digest is not: the open needs the write lock (a read-only file says so)."""
    with pytest.raises(StoreError, match="cannot write to the database"):
        Store(sqlite_utils.Database(sqlite3.connect(readonly_uri(db), uri=True)))
    assert stored_digest(db) != setup.current().digest


def test_read_only_opens_write_nothing(db, strict, tmp_path):
    before = file_digests(db)
    store = Store(db, create=False)
    assert store.refilled == [] and list(store.iter_claims())
    store.close()
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    assert "recomputed" not in result.output
    assert file_digests(db) == before
    # serve brings the shape up to date but leaves tables computed under the ingest's settings
    store = Store(db, settings=False)
    assert store.refilled == []
    store.close()
    assert stored_digest(db) != setup.current().digest


def test_ingest_and_rebuild_say_lineage_was_recomputed(db, tmp_path, monkeypatch, nlp):
    runner = CliRunner()
    (tmp_path / "empty").mkdir()
    strict = thresholds_file(tmp_path / "strict.json", **STRICT)
    said = f"claim lineage recomputed: its matching settings changed (thresholds {strict} (from $PROVENANCE_LINEAGE))"
    env = {"PROVENANCE_LINEAGE": str(strict)}
    first = runner.invoke(cli, ["ingest", str(tmp_path / "empty"), "--db", str(db)], env=env)
    assert said in first.stderr.splitlines(), first.stderr
    second = runner.invoke(cli, ["ingest", str(tmp_path / "empty"), "--db", str(db)], env=env)
    assert "recomputed" not in second.stderr, second.stderr
    # back to the packaged thresholds: rebuild recomputes lineage once, and says why
    monkeypatch.delenv("PROVENANCE_LINEAGE", raising=False)
    rebuilt = runner.invoke(cli, ["rebuild", "--db", str(db)], env={"PROVENANCE_LINEAGE": None})
    assert rebuilt.exit_code == 0, rebuilt.output
    assert ("claim lineage recomputed: its matching settings changed (thresholds provenance/data/lineage.json)"
            in rebuilt.stderr.splitlines()), rebuilt.stderr
    assert stored_digest(db) == setup.current().digest
    store = Store(db, create=False)
    assert any(HT_RESERVOIR in members for members in clusters(store.db).values())
    store.close()


def test_lineage_tables_that_recorded_no_setup_are_of_an_older_shape(db):
    """A database made before the setup was recorded (lineage_meta with a version only)."""
    conn = sqlite3.connect(db)
    conn.execute("drop table lineage_meta")
    conn.execute("create table lineage_meta (version integer not null)")
    conn.execute("insert into lineage_meta (version) values (2)")
    conn.commit()
    conn.close()
    store = Store(db)
    assert [r.message() for r in store.refilled] == ["claim lineage recomputed: its tables were of an older shape"]
    assert any(HT_RESERVOIR in members for members in clusters(store.db).values())
    store.close()
    assert stored_digest(db) == setup.current().digest


def test_a_new_database_reports_nothing(tmp_path):
    store = Store(tmp_path / "new.db")
    assert store.refilled == []
    store.close()


@pytest.mark.parametrize("module, name, value", [
    ("signature", "ROWS", 3),
    ("signature", "SEED", 1),
    ("signature", "KEY_HASH", "blake2b"),
    ("text", "SHINGLE", 2),
    ("text", "VERSION", 99),
    ("anchors", "WINDOW", 6),
    ("anchors", "MIN_WEIGHT", 5.0),
    ("schema", "VERSION", 99),
    ("relay", "WINDOW", 10),
    ("match", "RULES", 99),
    ("match", "PASSAGE_GAP", 3),
    ("match", "VARIANT_LETTERS", 5),
    ("match", "VARIANT_SIMILARITY", 0.9),
    ("match", "_NEGATING", ("un",)),
    ("match", "PIECE_FLOOR", 70.0),
])
def test_every_parameter_is_in_the_digest(monkeypatch, module, name, value):
    import importlib

    th = match.load_thresholds()
    before = setup.setup_of(th)
    monkeypatch.setattr(importlib.import_module(f"provenance.lineage.{module}"), name, value)
    setup.setup_of.cache_clear()
    try:
        assert setup.setup_of(th).digest != before.digest
    finally:
        setup.setup_of.cache_clear()


def _another(value):
    return value + 1 if isinstance(value, (int, float)) else f"{value}-other"


@pytest.mark.parametrize("field", [f.name for f in attrs.fields(inputs.Settings)])
def test_every_setting_of_the_inputs_is_digested_by_the_setup(monkeypatch, field):
    """One list of the parameters: :class:`provenance.lineage.inputs.Settings`. A field is digested by the
    setup part its metadata names, or else by the ``signature`` part, read off the settings: a parameter
    added to the settings changes the stored digest without a second list to keep in step."""
    th = match.load_thresholds()
    s = inputs.settings(th)
    part = attrs.fields_dict(inputs.Settings)[field].metadata.get("part", "signature")
    assert part in attrs.fields_dict(setup.Setup)
    before = setup.setup_of(th)
    setup.setup_of.cache_clear()
    try:
        if part == "signature":
            changed = attrs.evolve(s, **{field: _another(getattr(s, field))})
            monkeypatch.setattr(inputs, "settings", lambda thresholds=None: changed)
            after = setup.setup_of(th)
        elif field == "min_words":
            after = setup.setup_of(attrs.evolve(th, min_words=th.min_words + 1))
        else:
            assert field == "words" and s.words == before.words
            monkeypatch.setattr(setup, "words_digest", lambda: "another table")
            after = setup.setup_of(th)
    finally:
        setup.setup_of.cache_clear()
    assert getattr(after, part) != getattr(before, part)


def test_a_running_writer_stops_when_another_process_recomputed_lineage_under_other_settings(db, tmp_path, monkeypatch, nlp):
    """Two connections: an ingest opened the database under the packaged thresholds; another process,
    with strict ones, opens it and recomputes lineage. The first ingest's next article is not matched
    under its (now other) settings into tables computed under the strict ones: the ingest stops, says
    why, and writes nothing of that article; a fresh open recomputes under its settings, and says so."""
    from provenance.ingest import ingest
    from provenance.store import SettingsChanged

    recs = {r["id"]: r for r in records()}
    writer = Store(db)
    assert writer.refilled == []
    statements = []
    writer.db.conn.set_trace_callback(statements.append)
    ingest_records(writer, [dict(recs["vp-0302"], id="vp-0302-first")], tmp_path, nlp, name="first")
    writer.db.conn.set_trace_callback(None)
    # the check costs one read of lineage_meta per article transaction
    assert sum("lineage_meta" in sql for sql in statements) == 1
    strict = thresholds_file(tmp_path / "strict.json", **STRICT)
    monkeypatch.setenv("PROVENANCE_LINEAGE", str(strict))
    other = Store(db)
    assert [r.name for r in other.refilled] == ["lineage"]
    other.close()
    monkeypatch.delenv("PROVENANCE_LINEAGE")  # the writer's own settings again
    tables = lineage_tables(writer.db)
    feed = tmp_path / "second.jsonl"
    feed.write_text(json.dumps(dict(recs["vp-0302"], id="vp-0302-second")) + "\n", encoding="utf-8")
    with pytest.raises(SettingsChanged, match=r"claim lineage: its matching settings changed \(thresholds provenance/data/lineage.json\)"):
        ingest([str(feed)], writer, nlp=nlp)
    assert lineage_tables(writer.db) == tables
    assert writer.db.execute("select count(*) from articles where doc = 'vp-0302-second'").fetchone()[0] == 0
    writer.close()
    again = Store(db)
    assert [r.name for r in again.refilled] == ["lineage"]
    ingest_records(again, [dict(recs["vp-0302"], id="vp-0302-second")], tmp_path, nlp, name="second")
    assert_equals_a_rebuild(again.db)
    again.close()


def test_ingest_says_it_stopped_because_the_settings_changed(db, tmp_path, monkeypatch):
    """The command line: the reason, and that what is stored is whole (the settings change is made to
    happen between the open and the first write)."""
    from provenance import store as store_module

    recs = {r["id"]: r for r in records()}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(dict(recs["vp-0302"], id="vp-0302-again")) + "\n", encoding="utf-8")
    monkeypatch.setattr(store_module.derived, "stale", lambda db: [("lineage", "its matching settings changed (thresholds x)")])
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 1
    assert "claim lineage: its matching settings changed (thresholds x)" in result.stderr
    assert "every article stored so far is complete" in result.stderr
    assert "Traceback" not in result.output
