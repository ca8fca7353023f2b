"""The claim page and the lineage canned queries, through ``datasette.client``, on the fictional
relay corpus (tests/lineage_corpus)."""

from __future__ import annotations

import asyncio

import pytest
from datasette.app import Datasette

from lineage_helpers import corpus_database
from provenance.web import ensure_plugin, load_metadata

ensure_plugin()


@pytest.fixture(scope="module")
def db_path(tmp_path_factory, nlp):
    return corpus_database(tmp_path_factory.mktemp("lineage-web") / "provenance.db", nlp)


def get(db_path, *paths):
    async def go():
        ds = Datasette([str(db_path)], metadata=load_metadata())
        return [await ds.client.get(p) for p in paths]

    responses = asyncio.run(go())
    return responses if len(responses) > 1 else responses[0]


def claim_id(db_path, doc: str, words: str) -> str:
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "select c.id from claims c join articles a on a.id = c.article_id where a.doc = ? and c.content_text like ?",
            [doc, f"%{words}%"],
        ).fetchone()[0]


def test_claim_page_json_gives_the_timeline(db_path):
    cid = claim_id(db_path, "kc-0303", "Fishing in the lake")
    data = get(db_path, f"/provenance/-/claim/{cid}.json").json()
    assert data["claim"]["id"] == cid
    assert (data["cluster"]["size"], data["cluster"]["outlets"], data["cluster"]["circular"], data["cluster"]["no_origin"]) == (3, 3, 1, 1)
    assert [(m["publisher"], m["relay_to"], m["drift"]) for m in data["members"]] == [
        ("Valley Post", "Kessel Courier", []),
        ("Kessel Courier", "Harbour Times", ["source_changed"]),
        ("Harbour Times", "Valley Post", ["source_changed"]),
    ]
    assert data["next"] is None


def test_claim_page_html_marks_the_claim_and_shows_badges(db_path):
    cid = claim_id(db_path, "vp-0302", "contamination came from")
    r = get(db_path, f"/provenance/-/claim/{cid}")
    assert r.status_code == 200, r.text
    assert 'class="pv pv-snippet"' in r.text  # the claim marked in its sentence
    assert "Also reported in 2 other articles by 3 outlets" in r.text
    assert "hedge dropped" in r.text and "attribution dropped" in r.text and "stated as fact (no attribution)" in r.text
    assert "Valley Post → Harbour Times" in r.text and "(relayed from #1)" in r.text


def test_a_claim_reported_nowhere_else(db_path):
    cid = claim_id(db_path, "ht-0304", "heard nothing")
    r = get(db_path, f"/provenance/-/claim/{cid}")
    assert r.status_code == 200 and "Not reported in any other article." in r.text
    assert get(db_path, f"/provenance/-/claim/{cid}.json").json()["cluster"] is None


def test_unknown_claim_is_404(db_path):
    assert get(db_path, "/provenance/-/claim/0000000000000000").status_code == 404


@pytest.mark.parametrize(
    "query, expected",
    [
        ("most_repeated_claims", 3),
        ("claims_that_lost_attribution", 1),
        ("clusters_without_origin", 2),
        ("who_credits_whom", 5),
    ],
)
def test_lineage_canned_queries(db_path, query, expected):
    r = get(db_path, f"/provenance/{query}.json?_shape=array")
    assert r.status_code == 200, r.text
    assert len(r.json()) == expected


def test_article_page_says_how_many_other_articles_carry_a_claim(db_path):
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        article_id = conn.execute("select id from articles where doc = 'vp-0302'").fetchone()[0]
    html = get(db_path, f"/provenance/-/article/{article_id}").text
    reservoir = claim_id(db_path, "vp-0302", "reservoir will stay")
    assert f'href="/provenance/-/claim/{reservoir}" title="who else reported it">2 other articles</a>' in html
    assert html.count('class="pv-elsewhere"') == 3  # reservoir, tannery, fishing ban


@pytest.mark.parametrize(
    "name", ["claim page members", "most_repeated_claims", "claims_that_lost_attribution", "clusters_without_origin",
             "who_credits_whom"],
)
def test_lineage_pages_read_by_index(db_path, name):
    """At 100,000 articles a page must not read every item, claim, sentence or article: every table but
    the summary tables is searched by an index (a summary table may be walked along an index)."""
    import sqlite3

    from provenance.web.lineage import _MEMBERS

    sql = _MEMBERS if name == "claim page members" else load_metadata()["databases"]["provenance"]["queries"][name]["sql"]
    params = {"cluster": "x", "after": -1, "limit": 50, "min_outlets": ""}
    with sqlite3.connect(db_path) as conn:
        plan = [row[3] for row in conn.execute("explain query plan " + sql, params)]
    scans = [step for step in plan if step.startswith("SCAN")]
    assert all(" USING INDEX " in s and s.split()[1] in ("lc", "lineage_credits") for s in scans), plan


def test_a_claim_id_with_a_dot_has_a_claim_page(tmp_path, db_path):
    """Links to a claim page tilde-encode the id (as Datasette does row ids): a dot is not a format."""
    import shutil
    import sqlite3

    from provenance.web.lineage import claim_url

    copy = tmp_path / "provenance.db"
    shutil.copy(db_path, copy)
    cid = claim_id(copy, "kc-0303", "Fishing in the lake")
    with sqlite3.connect(copy) as conn:
        for table in ("claims", "lineage_items"):
            conn.execute(f"update {table} set id = id || '.7' where id = ?", [cid])

    class Urls:
        def database(self, name):
            return f"/{name}"

    url = claim_url(type("Ds", (), {"urls": Urls()})(), "provenance", cid + ".7")
    assert "." not in url.rsplit("/", 1)[1]
    data = get(copy, url + ".json").json()
    assert data["claim"]["id"] == cid + ".7" and data["cluster"]["size"] == 3
