"""Derived tables (summaries, sentences.attributed, chains, full-text indexes): maintained on every
write exactly as `provenance rebuild` recomputes them."""

import attrs
import pytest

import web_fixture
from provenance import derived
from provenance.model import Article, Claim, Cue, Extraction, Sentence, Source, Span, assign_ids
from provenance.store import Store

BASE = ("articles", "sentences", "sources", "source_aliases", "claims")


def dump(db, tables):
    return {t: sorted(db.execute(f"select * from [{t}]").fetchall(), key=repr) for t in tables}


def everything(db):
    return dump(db, [t for t in db.table_names() if not t.startswith("_") and t != "ingest_runs"])


def agrees_with_rebuild(store):
    """The derived tables as maintained, and as `rebuild` recomputes them, are the same."""
    incremental = derived.snapshot(store.db)
    base = dump(store.db, BASE)
    store.rebuild()
    assert dump(store.db, BASE) == base
    assert derived.snapshot(store.db) == incremental
    return incremental


def fixture_extractions():
    return [Extraction(article=a, sentences=tuple(s), claims=tuple(c)) for a, s, c in web_fixture.extractions()]


def reworded(ex: Extraction, publisher="Harbour Gazette") -> Extraction:
    """The same article (same URL) with its last claim gone, its analysts no longer passed on by the
    Herald, one sentence changed and another publisher."""
    article = attrs.evolve(ex.article, text=ex.article.text.replace("40 million", "45 million"), publisher=publisher)
    claims = [attrs.evolve(c, article_id=article.id, parent=None if c.cue.lemma == "view" else c.parent)
              for c in ex.claims[:-1]]
    return Extraction(article=article, sentences=ex.sentences, claims=tuple(claims))


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "p.db")
    for ex in fixture_extractions():
        s.write(ex)
    yield s
    s.close()


def test_summaries_hold_the_counts_of_the_fixture(store):
    q = store.db.execute
    assert q("select publisher, articles, sentences, unattributed_sentences, claims, anonymous, no_source, hedges,"
             " evaluative from publisher_summary order by publisher").fetchall() == [
        ("Evening Ledger", 1, 4, 1, 3, 1, 0, 0, 1),
        ("Harbour Gazette", 1, 7, 1, 8, 1, 2, 1, 1),
    ]
    assert q("select publisher, term, claims from publisher_anonymous_terms order by 1").fetchall() == [
        ("Evening Ledger", "officials", 1), ("Harbour Gazette", "local analysts", 1)]
    reyes = q("select id from sources where name = 'Tom Reyes'").fetchone()[0]
    assert q("select claims, articles from source_summary where source_id = ?", [reyes]).fetchone() == (3, 2)
    assert q("select facet, value, claims from source_claim_counts where source_id = ?"
             " and facet in ('alias', 'cue_class', 'type') order by 1, 2", [reyes]).fetchall() == [
        ("alias", "Mayor Tom Reyes", 1), ("alias", "Reyes", 1), ("alias", "he", 1),
        ("cue_class", "denial", 1), ("cue_class", "neutral", 2),
        ("type", "direct", 1), ("type", "indirect", 2)]
    assert q("select type, sum(claims) from claim_facets group by 1 order by 1").fetchall() == [
        ("according_to", 2), ("direct", 2), ("hedge", 1), ("indirect", 5), ("passive", 1)]
    # the two nested claims, each one step below its parent
    assert q("select count(*), max(distance) from claim_ancestors").fetchone() == (2, 1)
    # unattributed: the two sentences with no cue and no claim content in them
    assert [r[0] for r in q("select text from sentences where attributed = 0 order by text")] == [
        "The council meets on Friday.", "The terminal cost 40 million euros."]


def test_incremental_maintenance_and_rebuild_agree(store):
    agrees_with_rebuild(store)


def test_reingest_of_an_unchanged_corpus_changes_nothing(store):
    before = everything(store.db)
    assert [store.write(ex).status for ex in fixture_extractions()] == ["unchanged", "unchanged"]
    assert everything(store.db) == before


def test_replacing_an_article_updates_every_summary(store):
    harbour = fixture_extractions()[0]
    before = derived.snapshot(store.db)
    assert store.write(reworded(harbour, publisher="Harbour Weekly")).status == "replaced"
    after = agrees_with_rebuild(store)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {name for d in derived.DERIVATIONS for name in d.tables}, "a summary was left stale"
    q = store.db.execute
    assert [r[0] for r in q("select publisher from publisher_summary order by 1")] == ["Evening Ledger", "Harbour Weekly"]
    # Tom Reyes lost the claim of the replaced article, the source only it used is gone
    assert q("select s.name, ss.claims, ss.articles from source_summary ss join sources s on s.id = ss.source_id"
             " where s.name = 'Tom Reyes'").fetchone() == ("Tom Reyes", 2, 1)
    assert q("select count(*) from source_aliases where text = 'Reyes'").fetchone() == (0,)
    assert q("select count(*) from claims_fts where claims_fts match 'jobs'").fetchone() == (0,)
    # and back: the original article again gives the original tables
    store.write(harbour)
    assert derived.snapshot(store.db) == before


def test_a_replaced_article_leaves_other_articles_sources_alone(store):
    harbour = fixture_extractions()[0]
    names = lambda: {r[0] for r in store.db.execute("select name from sources")}  # noqa: E731
    before = names()
    store.write(reworded(harbour))
    assert before - names() == set()  # Tom Reyes is still quoted by the other article
    assert store.db.execute("select count(*) from source_aliases where text = 'Mayor Tom Reyes'").fetchone() == (1,)


TEXT = "He said the plan was bold. It would cost millions. The mayor resigned."


@pytest.mark.parametrize("segments, attributed", [
    ([(8, 26)], [1, 0, 0]),                      # content inside the cue's sentence
    ([(8, 50)], [1, 1, 0]),                      # content runs into the next sentence
    ([(8, 26), (52, 70)], [1, 0, 1]),            # content in two pieces, the second in the third sentence
])
def test_a_sentence_is_attributed_by_its_cue_or_by_a_piece_of_content(tmp_path, segments, attributed):
    article = Article(doc="plan", text=TEXT, publisher="Post")
    sentences = (Sentence(0, 0, 26, TEXT[:26]), Sentence(1, 27, 51, TEXT[27:51]), Sentence(2, 52, 71, TEXT[52:]))
    he = Source(text="He", start=0, end=2, name="He", kind="unknown")
    claim = Claim(type="indirect", cue=Cue("said", 3, 7, "say"), content=Span.from_segments(TEXT, segments),
                  sentence=0, source=he, confidence=0.5)
    store = Store(tmp_path / "p.db")
    store.write(Extraction(article=article, sentences=sentences, claims=tuple(assign_ids([claim], article.id))))
    assert [r[0] for r in store.db.execute("select attributed from sentences order by idx")] == attributed
    assert store.db.execute("select unattributed_sentences from publisher_summary").fetchone() == (attributed.count(0),)
    agrees_with_rebuild(store)


def test_an_older_database_gets_its_derived_tables_on_opening(tmp_path):
    store = Store(tmp_path / "p.db")
    for ex in fixture_extractions():
        store.write(ex)
    expected = derived.snapshot(store.db)
    for table in ("publisher_summary", "source_summary", "claim_ancestors"):
        store.db[table].drop()
    store.db["sources"].disable_fts()
    store.db.execute("drop index idx_sentences_attributed_id")
    store.db.execute("alter table sentences drop column attributed")
    store.close()
    reopened = Store(tmp_path / "p.db")
    # each table filled on opening is reported, and why (the CLI prints these lines)
    assert sorted(r.message() for r in reopened.refilled) == [
        "claim_ancestors computed: its tables were new",
        "fts computed: its tables were new",
        "publisher_summary computed: its tables were new",
        "sentences.attributed recomputed: its tables were of an older shape",
        "source_summary computed: its tables were new",
    ]
    reopened.close()
    import sqlite_utils

    fresh = sqlite_utils.Database(tmp_path / "p.db")  # what was filled on opening was committed
    assert derived.snapshot(fresh) == expected


def test_rebuild_command_recomputes_what_was_changed_behind_its_back(store, tmp_path):
    from click.testing import CliRunner

    from provenance.cli import cli

    expected = derived.snapshot(store.db)
    store.db.execute("update publisher_summary set claims = 0")
    store.db.execute("delete from claim_ancestors")
    store.db.execute("update sentences set attributed = 1")
    result = CliRunner().invoke(cli, ["rebuild", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 0, result.output
    assert "2 articles, 11 claims" in result.output
    assert derived.snapshot(store.db) == expected


def test_rebuild_of_a_missing_database_says_so(tmp_path):
    from click.testing import CliRunner

    from provenance.cli import cli

    result = CliRunner().invoke(cli, ["rebuild", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists()


def test_a_rebuild_can_leave_one_derivation_as_it_is(store):
    """benchmarks/scale.py rebuilds claim lineage apart (in a process of its own, to measure it), then
    the rest with it skipped; a name that is no derivation is an error, not a silently complete rebuild."""
    store.db.execute("update publisher_summary set claims = 0")
    store.db.execute("delete from claim_ancestors")
    store.rebuild(skip=("claim_ancestors",))
    assert store.db.execute("select sum(claims) from publisher_summary").fetchone()[0] > 0  # rebuilt
    assert store.db.execute("select count(*) from claim_ancestors").fetchone()[0] == 0  # left as it was
    with pytest.raises(ValueError, match="no derivation named nonsense"):
        store.rebuild(skip=("nonsense",))
