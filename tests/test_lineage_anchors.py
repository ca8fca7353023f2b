"""The anchor channel (provenance.lineage.anchors): a short part of a long quote is a candidate though it
shares no MinHash band with it, and ingest puts the two reports in one cluster (incremental equal to a
rebuild, in either order). The quote and its last sentence are a labelled dev pair of
benchmarks/lineage_pairs.jsonl (a Trump quote in the Washington Post, its last sentence alone in the
Western Journal)."""

import pytest

from lineage_helpers import clusters, ingest_records, lineage_tables
from provenance import derived
from provenance.lineage import anchors, match, schema, signature, text
from provenance.lineage.inputs import band_keys
from provenance.store import Store

QUOTE = (
    "We're letting people come in from terrorist nations that shouldn't be allowed, because you can't vet them. "
    "There's no way of vetting them. You have no idea who they are. This could be the great Trojan horse of all time"
)
PART = "This could be the great Trojan horse of all time."


def test_a_short_part_of_a_long_quote_shares_an_anchor_but_no_band():
    # the quote as stored: its sentences' words, a break where each begins
    long_, short = text.normalise_pieces(QUOTE.split(". ")), text.normalise(PART)
    bands = lambda norm: set(signature.band_keys(text.shingles(norm)))  # noqa: E731
    assert not bands(long_) & bands(short)  # the MinHash channel alone never offers this pair
    assert set(anchors.anchor_keys(long_)) & set(anchors.anchor_keys(short))
    assert set(band_keys(short)) == bands(short) | set(anchors.anchor_keys(short))
    assert match.same(long_, short, match.load_thresholds(), ("claim", "sentence")) is not None
    assert match.same(long_, short, match.load_thresholds(), ("claim", "claim")) is not None  # a part, too


@pytest.mark.parametrize("context", [
    "",
    "the mayor told reporters on tuesday that",
    "it is not true that i said this and",
])
def test_a_shared_run_of_window_plus_shingle_tokens_always_shares_an_anchor(context):
    """Winnowing's guarantee: a run of WINDOW + SHINGLE - 1 tokens, each shingle weighty enough, shared by
    two texts gives both the same smallest hash in the window that covers it, whatever surrounds it."""
    run = "the filters of the eastbrook reservoir failed twice"
    assert len(match.tokens(run)) >= anchors.WINDOW + anchors.SHINGLE - 1
    inside = text.normalise(f"{context} {run} and the council knew it")
    assert set(anchors.anchor_keys(run)) & set(anchors.anchor_keys(inside))


def test_common_words_are_never_anchors():
    """Shingles of common words weigh under MIN_WEIGHT: a lookup on them would return most of the corpus."""
    assert anchors.anchor_keys("it is what it is and that is what we are going to do") == []
    assert anchors.anchor_keys("two words") == []


def test_the_keys_are_a_function_of_the_text_alone():
    norm = text.normalise(QUOTE)
    assert anchors.anchor_keys(norm) == anchors.anchor_keys(norm) == sorted(set(anchors.anchor_keys(norm)))


RECORDS = [
    {"id": "wp-0810", "publisher": "Washington Post", "published": "2016-08-10", "title": "Refugees",
     "text": f"Donald Trump spoke about refugees on Monday.\n\n“{QUOTE},” Trump said.\n\nThe rally went on for an hour.\n"},
    {"id": "wj-0912", "publisher": "Western Journal", "published": "2016-09-12", "title": "More refugees",
     "text": f"The administration wants to admit more refugees next year.\n\n{PART}\n\nCongress has not voted on it.\n"},
]


def test_ingest_puts_the_part_and_the_quote_in_one_cluster(tmp_path, nlp):
    store = Store(tmp_path / "a.db")
    ingest_records(store, RECORDS, tmp_path, nlp)
    docs = [{d for d, _, _ in members} for members in clusters(store.db).values()]
    assert {"wp-0810", "wj-0912"} in docs
    incremental = lineage_tables(store.db)
    derived.rebuild_all(store.db)
    assert lineage_tables(store.db) == incremental
    other = Store(tmp_path / "b.db")
    for i, rec in enumerate(reversed(RECORDS)):
        ingest_records(other, [rec], tmp_path, nlp, name=f"r{i}")
    assert lineage_tables(other.db) == incremental
    store.close()
    other.close()


def test_two_new_texts_of_one_article_are_judged_against_each_other(tmp_path, nlp):
    """An article's candidates are looked up before its own keys are stored: two texts that first appear
    in the same article (the quote, and its last sentence printed again alone) are paired from the
    article's own keys, as a rebuild pairs them; a later copy of the sentence in another article then
    links to the quote through that verdict."""
    both = {"id": "wp-0811", "publisher": "Washington Post", "published": "2016-08-11", "title": "Refugees again",
            "text": f"“{QUOTE},” Trump said on Monday.\n\nThe rally went on for an hour.\n\n{PART}\n"}
    store = Store(tmp_path / "one.db")
    ingest_records(store, [both], tmp_path, nlp)
    part = schema.text_id(text.normalise(PART))
    # the quote's stored text keeps where its sentences begin (text.BREAK): read it, words compared
    (quote, norm), = store.db.execute("select id, norm from lineage_texts where norm like 'were letting%'").fetchall()
    assert match.tokens(norm) == match.tokens(text.normalise(QUOTE)) and text.BREAK in norm
    assert store.db.execute("select count(*) from lineage_edges where a = ? and b = ?", sorted((quote, part))).fetchone()[0] == 1
    ingest_records(store, [RECORDS[1]], tmp_path, nlp, name="later")
    docs = [{d for d, _, _ in members} for members in clusters(store.db).values()]
    assert {"wp-0811", "wj-0912"} in docs
    incremental = lineage_tables(store.db)
    derived.rebuild_all(store.db)
    assert lineage_tables(store.db) == incremental
    store.close()
