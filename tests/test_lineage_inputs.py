"""Claim lineage inputs computed with the extraction (:mod:`provenance.lineage.inputs`), on the
fictional relay corpus: they are what the writer would read from the stored rows, the tables are the
same whether the writer is given them or not, inputs computed under other settings are never used,
and a cluster worker computes them with the client's settings, not its own."""

from __future__ import annotations

import json
import logging

import attrs
import pytest

from lineage_helpers import lineage_tables, records
from provenance.lineage import anchors, inputs, schema, signature, text
from provenance.lineage.items import items
from provenance.lineage.match import load_thresholds
from provenance.lineage.inputs import band_keys
from provenance.model import Extraction
from provenance.pipeline import iter_articles, run
from provenance.store import Store


@pytest.fixture(scope="module")
def extractions(tmp_path_factory, nlp) -> list[Extraction]:
    """The corpus's extractions as an ingest makes them (with their lineage inputs), in input order."""
    feed = tmp_path_factory.mktemp("inputs") / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    found = list(run(iter_articles([str(feed)]), nlp=nlp, lineage=inputs.settings()))
    assert all(isinstance(e, Extraction) for e in found), found
    return found


def stored(path, extractions) -> Store:
    store = Store(path)
    for e in extractions:
        store.write(e)
    return store


def test_the_inputs_are_the_items_and_bands_the_writer_reads_from_the_stored_rows(tmp_path, extractions):
    th = load_thresholds()
    store = stored(tmp_path / "plain.db", [attrs.evolve(e, lineage=None) for e in extractions])
    kinds = set()
    for e in extractions:
        from_rows = list(items(store.db, th, e.article.id))
        assert list(e.lineage.items) == from_rows
        assert e.lineage.band_keys() == {t: tuple(band_keys(n)) for t, n in
                                         {inputs.schema.text_id(it.norm): it.norm for it in from_rows}.items()}
        kinds |= {it.kind for it in from_rows}
    assert kinds == {"claim", "sentence"}  # both readings of the rule were compared
    store.close()


#: Quotations that run over two sentences: the sentence a quotation starts in (or runs on into) holds
#: no claim (the cue is in the other), but is the quotation's, not an item of its own.
QUOTES = [
    '"The bridge is no longer safe for heavy lorries. It will have to close before the winter storms arrive," '
    'the county engineer said on Tuesday. Residents were told to use the ferry.',
    'The mayor said: "We have done everything we can to keep the school open for the children of this valley. '
    'The money is simply not there any more." Parents plan to protest on Friday outside the town hall.',
    'Officials said the reservoir would stay closed until the end of the month and that the water was still '
    'being tested for chemicals from the old tannery upstream. Fishing remains banned in the lake this summer.',
]


def test_a_sentence_a_claims_content_runs_into_is_no_item_in_either_reading(tmp_path, nlp):
    from provenance.model import Article

    found = list(run([Article(doc=f"q{i}", text=t) for i, t in enumerate(QUOTES)], nlp=nlp, lineage=inputs.settings()))
    covered = [(e.article.doc, s.idx) for e in found for s in e.sentences
               if s.idx not in {c.sentence for c in e.claims}
               and any(c.content.start < s.end and c.content.end > s.start for c in e.claims)]
    assert len(covered) >= 2, covered  # the rule is exercised
    store = stored(tmp_path / "quotes.db", [attrs.evolve(e, lineage=None) for e in found])
    th = load_thresholds()
    for e in found:
        assert list(e.lineage.items) == list(items(store.db, th, e.article.id))
    assert any(it.kind == "sentence" for e in found for it in e.lineage.items)  # and the free ones are items
    store.close()


def test_the_tables_are_the_same_with_and_without_the_inputs(tmp_path, extractions):
    given = stored(tmp_path / "given.db", extractions)
    plain = stored(tmp_path / "plain.db", [attrs.evolve(e, lineage=None) for e in extractions])
    assert lineage_tables(given.db)["lineage_clusters"], "the corpus has clusters"
    assert lineage_tables(given.db) == lineage_tables(plain.db)
    given.close()
    plain.close()


@pytest.mark.parametrize("change", [{"rows": 3}, {"bands": 40}, {"seed": 1}, {"shingle": 2}, {"min_words": 3},
                                    {"anchor_window": 6}, {"anchor_min_weight": 2.0}])
def test_inputs_computed_under_other_settings_are_not_used(tmp_path, extractions, change, caplog):
    other = attrs.evolve(inputs.settings(), **change)
    wrong = [attrs.evolve(e, lineage=inputs.prepare(e, other)) for e in extractions]
    substance = lambda es: [(e.lineage.items, e.lineage.bands) for e in es]  # noqa: E731
    assert substance(wrong) != substance(extractions)  # they would store other bands or items
    with caplog.at_level(logging.WARNING, logger="provenance.lineage.inputs"):
        mixed = stored(tmp_path / "mixed.db", wrong)
    assert sum("computed under other settings" in r.message for r in caplog.records) == len(extractions)
    plain = stored(tmp_path / "plain.db", [attrs.evolve(e, lineage=None) for e in extractions])
    assert lineage_tables(mixed.db) == lineage_tables(plain.db)
    mixed.close()
    plain.close()


def test_inputs_weighed_with_another_word_table_are_not_used(tmp_path, extractions, monkeypatch, caplog):
    """A worker whose lineage_words.tsv differs from the client's (the anchor keys weigh words with it)
    labels its inputs with its own table's digest: the client computes them again."""
    from provenance.lineage import setup

    s = inputs.settings()
    monkeypatch.setattr(setup, "words_digest", lambda: "another table")
    theirs = [attrs.evolve(e, lineage=inputs.prepare(e, s)) for e in extractions]
    monkeypatch.undo()
    assert all(e.lineage.settings != s.digest for e in theirs)
    with caplog.at_level(logging.WARNING, logger="provenance.lineage.inputs"):
        db = stored(tmp_path / "theirs.db", theirs)
    assert sum("computed under other settings" in r.message for r in caplog.records) == len(extractions)
    db.close()


def test_the_settings_follow_the_parameters_the_setup_digests(monkeypatch):
    before = inputs.settings()
    for module, name, value in ((signature, "ROWS", 3), (signature, "SEED", 1), (signature, "BANDS", 40),
                                (text, "SHINGLE", 2), (anchors, "WINDOW", 6), (anchors, "MIN_WEIGHT", 5.0)):
        with monkeypatch.context() as m:
            m.setattr(module, name, value)
            assert inputs.settings().digest != before.digest
    assert inputs.settings() == before


def test_a_cluster_worker_computes_the_inputs_with_the_clients_settings(tmp_path, monkeypatch, extractions, nlp):
    """The worker's own thresholds file (here: none that can be read) and signature parameters are not
    what it computes with: the setup's are."""
    from provenance import cluster
    from provenance.nlp import choose_model

    name = choose_model()
    setup = cluster.extractor_setup(name, cluster.model_version(name))
    assert setup.lineage == inputs.settings()
    assert cluster.extractor_setup(name, cluster.model_version(name), lineage=False).digest != setup.digest
    monkeypatch.setenv("PROVENANCE_LINEAGE", str(tmp_path / "no-such-thresholds.json"))
    monkeypatch.setattr(signature, "BANDS", 40)
    cluster._load_setup(setup)
    try:
        results = cluster.extract_batch(setup.digest, [e.article for e in extractions[:3]])
    finally:
        cluster._LOADED.pop(setup.digest, None)
    assert [r.lineage for r in results] == [e.lineage for e in extractions[:3]]
    norms = {schema.text_id(it.norm): it.norm for r in results for it in r.lineage.items}
    assert all(list(keys) == inputs.band_keys(norms[tid], setup.lineage) for r in results for tid, keys in r.lineage.bands)
    assert all(len(keys) >= 24 for r in results for _, keys in r.lineage.bands)  # 24 bands, not the worker's 40
