"""Datasette with metadata.yml and the provenance plugin, through ``datasette.client``."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import sqlite3

import pytest
from datasette.app import Datasette

import web_fixture
from provenance.model import Article
from provenance.web import ensure_plugin, load_metadata
from web_html import parse

ensure_plugin()

LEDGER = Article(doc="budget-row", text="", url="https://ledger.example/budget-row").id
GAZETTE = Article(doc="harbour-terminal", text="", url="https://gazette.example/2026/harbour-terminal").id


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return web_fixture.build(tmp_path_factory.mktemp("web") / "provenance.db")


def get(db_path, *paths, metadata=None, **kwargs):
    """GET each path from a fresh Datasette on ``db_path``; the responses, in order."""

    async def go():
        ds = Datasette([str(db_path)], metadata=metadata or load_metadata(), **kwargs)
        return [await ds.client.get(p) for p in paths]

    responses = asyncio.run(go())
    return responses if len(responses) > 1 else responses[0]


def rows(db_path, path):
    r = get(db_path, path)
    assert r.status_code == 200, r.text
    return r.json()


def source_id(db_path, name):
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select id from sources where name = ?", [name]).fetchone()[0]


# --- JSON API -------------------------------------------------------------------


def test_claims_json_offsets_point_into_article_text(db_path):
    claims = rows(db_path, "/provenance/claims.json?_shape=array&_size=max")
    articles = {a["id"]: a for a in rows(db_path, "/provenance/articles.json?_shape=array")}
    assert len(claims) == sum(len(a["claims"]) for a in web_fixture.ARTICLES)
    for c in claims:
        text = articles[c["article_id"]]["text"]
        assert text[c["cue_start"]:c["cue_end"]] == c["cue_text"]
        assert text[c["content_start"]:c["content_end"]] == c["content_text"]
        if c["source_id"]:
            assert text[c["source_start"]:c["source_end"]] == c["source_text"]
    deny = next(c for c in claims if c["cue_lemma"] == "deny")
    assert deny["content_text"] == f"the budget included {web_fixture.XSS_SCRIPT} hidden fees"


def test_labels_on_expands_foreign_keys_to_names(db_path):
    claims = rows(db_path, "/provenance/claims.json?_shape=array&_labels=on&cue_lemma=deny")
    assert len(claims) == 1
    assert claims[0]["source_id"]["label"] == "Tom Reyes"
    assert claims[0]["article_id"]["label"] == "Budget row <i>deepens</i>"
    nested = rows(db_path, "/provenance/claims.json?_shape=array&_labels=on&cue_lemma=view")
    assert nested[0]["parent_id"]["label"] == "local analysts view the project as a test for the region"


def test_csv_export_has_every_claim(db_path):
    r = get(db_path, "/provenance/claims.csv?_size=max")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain") or "csv" in r.headers["content-type"]
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert len(table) == 11
    assert {"id", "type", "source_id", "cue_text", "content_text", "content_start"} <= set(table[0])
    assert sorted(t["type"] for t in table).count("indirect") == 5


def test_facets_from_metadata(db_path):
    data = rows(db_path, "/provenance/claims.json")
    facets = data["facet_results"]
    assert {"type", "source_kind", "cue_class", "cue_lemma", "publisher"} <= set(facets)
    counts = {f["value"]: f["count"] for f in facets["type"]["results"]}
    assert counts == {"indirect": 5, "direct": 2, "according_to": 2, "hedge": 1, "passive": 1}
    kinds = {f["value"]: f["count"] for f in facets["source_kind"]["results"]}
    assert kinds == {"person": 5, "anonymous": 2, "document": 1, "publication": 1, "none": 2}
    classes = {f["value"]: f["count"] for f in facets["cue_class"]["results"]}
    assert classes["evaluative"] == 2 and classes["denial"] == 1 and classes["belief"] == 2
    pubs = {f["value"]: f["count"] for f in facets["publisher"]["results"]}
    assert pubs == {"Harbour Gazette": 8, "Evening Ledger": 3}


def test_full_text_search_on_claims_and_sentences(db_path):
    found = rows(db_path, "/provenance/claims.json?_shape=array&_search=cranes")
    assert [c["cue_text"] for c in found] == ["reportedly"]
    sentences = rows(db_path, "/provenance/sentences.json?_shape=array&_search=council")
    assert [s["text"] for s in sentences] == ["The council meets on Friday."]
    html = get(db_path, "/provenance/claims").text
    assert 'name="_search"' in html


def test_every_table_and_column_is_described(db_path):
    meta = load_metadata()["databases"]["provenance"]["tables"]
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute(
            "select name from sqlite_master where type = 'table' and name not like '%_fts%'")]
        for table in tables:
            assert meta.get(table, {}).get("description"), table
            columns = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
            missing = [c for c in columns if c not in meta[table].get("columns", {})]
            assert not missing, (table, missing)


def test_metadata_follows_the_database_name(db_path, tmp_path):
    other = tmp_path / "news.db"
    shutil.copy(db_path, other)
    r = get(other, "/news/claims.json", metadata=load_metadata("news"))
    assert set(r.json()["facet_results"]) >= {"type", "source_kind"}
    r = get(other, "/news/unattributed_sentences.json?_shape=array&article=", metadata=load_metadata("news"))
    assert r.status_code == 200 and len(r.json()) == 2


# --- canned queries ---------------------------------------------------------------


def test_unattributed_sentences_query(db_path):
    found = rows(db_path, "/provenance/unattributed_sentences.json?_shape=array&article=")
    assert sorted(r["text"] for r in found) == ["The council meets on Friday.", "The terminal cost 40 million euros."]
    only = rows(db_path, "/provenance/unattributed_sentences.json?_shape=array&article=Budget")
    assert [r["text"] for r in only] == ["The council meets on Friday."]
    assert only[0]["article_id"] == LEDGER and only[0]["sentence"] == 2


def test_claims_by_source_query(db_path):
    found = rows(db_path, "/provenance/claims_by_source.json?_shape=array&source=Reyes")
    assert sorted(r["appears_as"] for r in found) == ["Mayor Tom Reyes", "Reyes", "he"]
    assert {r["article_id"] for r in found} == {LEDGER, GAZETTE}
    by_id = rows(db_path, f"/provenance/claims_by_source.json?_shape=array&source={source_id(db_path, 'Tom Reyes')}")
    assert len(by_id) == 3
    assert rows(db_path, "/provenance/claims_by_source.json?_shape=array&source=") == []


def test_anonymous_by_publisher_query(db_path):
    found = {r["publisher"]: r for r in rows(db_path, "/provenance/anonymous_by_publisher.json?_shape=array")}
    assert (found["Evening Ledger"]["claims"], found["Evening Ledger"]["anonymous"]) == (3, 1)
    assert found["Evening Ledger"]["anonymous_pct"] == 33.3
    assert found["Evening Ledger"]["described_as"] == "officials"
    assert (found["Harbour Gazette"]["claims"], found["Harbour Gazette"]["anonymous_pct"]) == (8, 12.5)


def test_publisher_stats_query(db_path):
    found = {r["publisher"]: r for r in rows(db_path, "/provenance/publisher_stats.json?_shape=array")}
    g = found["Harbour Gazette"]
    assert (g["articles"], g["claims"], g["no_source_pct"], g["hedge_pct"]) == (1, 8, 25.0, 12.5)
    assert g["evaluative_cue_pct"] == 12.5 and g["unattributed_sentence_pct"] == 14.3
    e = found["Evening Ledger"]
    assert (e["anonymous_pct"], e["no_source_pct"], e["evaluative_cue_pct"]) == (33.3, 0.0, 33.3)
    assert e["unattributed_sentence_pct"] == 25.0


def test_attribution_chains_query(db_path):
    found = rows(db_path, "/provenance/attribution_chains.json?_shape=array")
    assert sorted(r["chain"] for r in found) == [
        "Coastal Herald \u2192 local analysts", "Port authority statement \u2192 Maria Lindqvist"]
    herald = next(r for r in found if r["source"] == "local analysts")
    assert (herald["passed_on_by"], herald["parent_cue"], herald["cue"]) == ("Coastal Herald", "According to", "view")


def test_cue_classes_and_search_queries(db_path):
    classes = rows(db_path, "/provenance/cue_classes.json?_shape=array")
    ledger = {r["cue_class"]: r["claims"] for r in classes if r["publisher"] == "Evening Ledger"}
    assert ledger == {"denial": 1, "neutral": 1, "evaluative": 1}
    hits = rows(db_path, "/provenance/search.json?_shape=array&q=terminal")
    assert {h["found_in"] for h in hits} == {"claim", "sentence"}
    assert all("terminal" in h["text"].lower() for h in hits)
    # words in any inflection, as a phrase; empty or odd input is no error
    assert {h["text"] for h in rows(db_path, "/provenance/search.json?_shape=array&q=deny")} >= {
        f"Mayor Tom Reyes denied that the budget included {web_fixture.XSS_SCRIPT} hidden fees."}
    assert rows(db_path, "/provenance/search.json?_shape=array&q=terminal+container") == []
    assert rows(db_path, "/provenance/search.json?_shape=array&q=%22unbalanced") == []
    assert rows(db_path, "/provenance/search.json?_shape=array&q=") == []


def test_a_table_search_looks_at_the_most_recent_matches_and_says_so(db_path, monkeypatch):
    from provenance.web import plugin

    every = rows(db_path, "/provenance/claims.json?_shape=array&_search=the")
    assert len(every) > 2
    monkeypatch.setattr(plugin, "SEARCH_MATCHES", 2)
    with sqlite3.connect(db_path) as conn:
        newest = [r[0] for r in conn.execute(
            "select id from claims where rowid in (select rowid from claims_fts where claims_fts match 'the')"
            " order by rowid desc limit 2")]
    bounded = rows(db_path, "/provenance/claims.json?_shape=array&_search=the")
    assert sorted(r["id"] for r in bounded) == sorted(newest)
    page = get(db_path, "/provenance/claims?_search=the").text
    assert "among the 2 most recently stored matches" in page and "timed out" not in page
    assert len(rows(db_path, "/provenance/sentences.json?_shape=array&_search=the")) == 2


def test_search_is_ranked_highlighted_and_paged(db_path):
    hits = rows(db_path, "/provenance/search.json?_shape=array&q=terminal")
    # a snippet marks the matching word; the shortest text holding it ranks first (FTS5 bm25)
    assert all("\ue000terminal\ue001" in h["snippet"].lower() for h in hits)
    assert len(hits[0]["text"]) == min(len(h["text"]) for h in hits)
    assert rows(db_path, "/provenance/search.json?_shape=array&q=terminal&page=2") == []
    html = get(db_path, "/provenance/search?q=budget").text
    assert "<mark>budget</mark>" in html or "<mark>Budget</mark>" in html
    assert "<script>document.title" not in html  # the snippet is escaped around the marks


def test_every_canned_query_opens_without_parameters(db_path):
    queries = load_metadata()["databases"]["provenance"]["queries"]
    assert {"unattributed_sentences", "claims_by_source", "anonymous_by_publisher", "attribution_chains",
            "publisher_stats"} <= set(queries)
    for name, r in zip(queries, get(db_path, *[f"/provenance/{q}" for q in queries])):
        assert r.status_code == 200, (name, r.text[:300])


def test_canned_query_html_page_links_back(db_path):
    html = get(db_path, "/provenance/claims_by_source?source=Reyes").text
    doc = parse(html)
    links = [a.attrs["href"] for a in doc.find_all("a")]
    assert any(h.startswith(f"/provenance/-/article/{LEDGER}#c-") for h in links)
    assert any(h.startswith("/provenance/-/source/") for h in links)


# --- the plugin's markup --------------------------------------------------------------


def _assert_no_live_html(html: str):
    assert "<script>document.title" not in html
    assert "<img src=x" not in html
    assert "<i>deepens" not in html


def test_claims_table_marks_source_cue_and_content_escaped(db_path):
    html = get(db_path, "/provenance/claims?_size=max").text
    _assert_no_live_html(html)
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    doc = parse(html)
    snippets = doc.find_all("span", cls="pv-snippet")
    assert len(snippets) == 11
    deny = next(s for s in snippets if "denied" in s.text)
    assert deny.text == f"Mayor Tom Reyes denied that the budget included {web_fixture.XSS_SCRIPT} hidden fees."
    assert [m.text for m in deny.find_all("mark", cls="source")] == ["Mayor Tom Reyes"]
    assert [m.text for m in deny.find_all("mark", cls="cue")] == ["denied"]
    assert [m.text for m in deny.find_all("mark", cls="content")] == [
        f"the budget included {web_fixture.XSS_SCRIPT} hidden fees"]
    assert not doc.find_all("img", src="x")
    # a discontinuous content is marked in its pieces, the cue between them
    hedge = next(s for s in snippets if "reportedly" in s.text)
    assert [m.text for m in hedge.find_all("mark", cls="content")] == [
        "The delays were", "caused by a shortage of cranes"]
    assert "pv-snippet" in get(db_path, f"/provenance/claims/{_claim_id(db_path, 'deny')}").text


def _claim_id(db_path, lemma):
    with sqlite3.connect(db_path) as conn:
        return conn.execute("select id from claims where cue_lemma = ?", [lemma]).fetchone()[0]


def test_a_page_of_claims_fetches_its_marked_sentences_in_one_query(db_path, tmp_path):
    copy = tmp_path / "provenance.db"
    shutil.copy(db_path, copy)
    with sqlite3.connect(copy) as conn:  # untitled articles: their links are named by file name
        conn.execute("update articles set title = null")
    html = get(copy, "/provenance/claims?_trace=1", settings={"trace_debug": True}).text
    sql = [line for line in html.splitlines() if "&#34;sql&#34;:" in line]
    assert sum("from claims c" in q for q in sql) == 1  # one query for the 11 marked sentences
    assert sum("from articles where id in" in q for q in sql) == 1  # one for the article names
    doc = parse(html)
    assert len(doc.find_all("span", cls="pv-snippet")) == 11
    assert "harbour-terminal" in {a.text for a in doc.find_all("a")}


def test_rows_link_to_article_and_source_pages(db_path):
    articles = parse(get(db_path, "/provenance/articles").text)
    hrefs = {a.attrs["href"] for a in articles.find_all("a")}
    assert f"/provenance/-/article/{LEDGER}" in hrefs and f"/provenance/-/article/{GAZETTE}" in hrefs
    claims = parse(get(db_path, "/provenance/claims?cue_lemma=deny").text)
    hrefs = {a.attrs["href"] for a in claims.find_all("a")}
    assert f"/provenance/-/article/{LEDGER}#c-{_claim_id(db_path, 'deny')}" in hrefs
    assert f"/provenance/-/source/{source_id(db_path, 'Tom Reyes')}" in hrefs
    sentences = parse(get(db_path, f"/provenance/sentences?article_id={LEDGER}").text)
    assert f"/provenance/-/article/{LEDGER}#s-2" in {a.attrs["href"] for a in sentences.find_all("a")}


def test_article_page_marks_every_claim_and_escapes_text(db_path):
    r = get(db_path, f"/provenance/-/article/{LEDGER}")
    assert r.status_code == 200
    _assert_no_live_html(r.text)
    doc = parse(r.text)
    assert not doc.find_all("img", src="x")
    assert [s for s in doc.find_all("script") if "document.title" in s.text] == []
    body = doc.by_id("article-text")
    article = rows(db_path, f"/provenance/articles/{LEDGER}.json?_shape=array")[0]
    # the marked text reads exactly as the article: nothing added, nothing lost
    assert body.text == article["text"]
    claims = body.find_all("span", cls="claim")
    assert len([c for c in claims if "cont" not in c.classes]) == 3
    assert [m.text for m in body.find_all("mark", cls="source")] == ["Mayor Tom Reyes", "he", "Officials"]
    assert [m.text for m in body.find_all("mark", cls="cue")] == ["denied", "said", "claimed"]
    flagged = body.find_all("span", cls="unattributed")
    assert [s.text for s in flagged] == ["The council meets on Friday."]
    summary = " ".join(doc.by_id("summary").text.split())
    assert "4 sentences, 3 attributed (75%), 1 with no attribution" in summary
    assert "3 claims: indirect 2, direct 1" in summary
    assert "named 2, anonymous 1, none 0" in summary and "hedges 0" in summary
    assert "Budget row <i>deepens</i>" in doc.find_all("h1")[0].text


def test_article_page_nests_claims_inside_their_parent(db_path):
    doc = parse(get(db_path, f"/provenance/-/article/{GAZETTE}").text)
    body = doc.by_id("article-text")
    with sqlite3.connect(db_path) as conn:
        pairs = conn.execute("select id, parent_id from claims where parent_id is not null").fetchall()
    assert len(pairs) == 2
    for child, parent in pairs:
        el = body.by_id(f"c-{child}")
        assert el is not None and "depth-1" in el.classes
        assert body.by_id(f"c-{parent}") in list(el.ancestors())
    summary = " ".join(doc.by_id("summary").text.split())
    assert "7 sentences, 6 attributed (86%), 1 with no attribution" in summary
    assert "named 5, anonymous 1, none 2" in summary and "hedges 1" in summary
    assert [s.text for s in body.find_all("span", cls="unattributed")] == ["The terminal cost 40 million euros."]


def test_source_page_lists_aliases_and_claims_across_articles(db_path):
    sid = source_id(db_path, "Tom Reyes")
    r = get(db_path, f"/provenance/-/source/{sid}")
    assert r.status_code == 200
    _assert_no_live_html(r.text)
    doc = parse(r.text)
    assert "Tom Reyes" in doc.find_all("h1")[0].text and "person" in doc.find_all("h1")[0].text
    aliases = [li.text for li in doc.find_all("ul", cls="pv-aliases")[0].find_all("li")]
    assert sorted(a.split("\u201d")[0].strip("\u201c") for a in aliases) == ["Mayor Tom Reyes", "Reyes", "he"]
    snippets = doc.find_all("span", cls="pv-snippet")
    assert len(snippets) == 3
    assert sorted(m.text for s in snippets for m in s.find_all("mark", cls="source")) == [
        "Mayor Tom Reyes", "Reyes", "he"]
    hrefs = {a.attrs["href"] for a in doc.find_all("a")}
    assert f"/provenance/-/article/{LEDGER}#s-1" in hrefs and f"/provenance/-/article/{GAZETTE}#s-6" in hrefs


def test_source_page_pages_its_claims_and_sums_them_up_from_the_summary(db_path, monkeypatch):
    from provenance.web import plugin

    monkeypatch.setattr(plugin, "SOURCE_PAGE_SIZE", 2)
    sid = source_id(db_path, "Tom Reyes")
    first = parse(get(db_path, f"/provenance/-/source/{sid}").text)
    assert "3 claims in 2 articles" in " ".join(first.find_all("p", cls="pv-meta")[0].text.split())
    nexts = {a.attrs["href"] for a in first.find_all("a", cls="pv-next")}
    assert len(first.find_all("span", cls="pv-snippet")) == 2 and len(nexts) == 1
    second = parse(get(db_path, nexts.pop()).text)
    assert second.find_all("a", cls="pv-next") == []
    shown = [m.text for d in (first, second) for s in d.find_all("span", cls="pv-snippet")
             for m in s.find_all("mark", cls="source")]
    assert sorted(shown) == ["Mayor Tom Reyes", "Reyes", "he"]  # each claim once, none lost between pages


def test_facets_of_a_table_filtered_by_facet_values_come_from_the_summary(db_path, tmp_path):
    copy = tmp_path / "provenance.db"
    shutil.copy(db_path, copy)
    with sqlite3.connect(copy) as conn:  # mark the summary, to see where the counts come from
        conn.execute("update claim_facets set claims = claims + 90 where rowid = (select min(rowid) from claim_facets"
                     " where type = 'indirect' and publisher = 'Harbour Gazette')")
    whole = rows(copy, "/provenance/claims.json")["facet_results"]
    assert {f["value"]: f["count"] for f in whole["type"]["results"]}["indirect"] == 95
    by_facet_value = rows(copy, "/provenance/claims.json?publisher=Harbour+Gazette")["facet_results"]
    assert {f["value"]: f["count"] for f in by_facet_value["type"]["results"]}["indirect"] == 93
    assert {f["value"]: f["count"] for f in by_facet_value["publisher"]["results"]} == {"Harbour Gazette": 98}
    reyes = source_id(copy, "Tom Reyes")
    with sqlite3.connect(copy) as conn:
        conn.execute("update source_claim_counts set claims = 7 where facet = 'publisher' and value = 'Harbour Gazette'"
                     " and source_id = ?", [reyes])
    by_source = rows(copy, f"/provenance/claims.json?source_id={reyes}")["facet_results"]
    assert {f["value"]: f["count"] for f in by_source["publisher"]["results"]} == {"Harbour Gazette": 7, "Evening Ledger": 2}
    assert {f["value"]: f["count"] for f in by_source["type"]["results"]} == {"indirect": 2, "direct": 1}
    # another filter: Datasette counts the rows themselves
    other = rows(copy, "/provenance/claims.json?sentence_idx=0")["facet_results"]
    assert {f["value"]: f["count"] for f in other["type"]["results"]} == {"according_to": 1, "indirect": 2}
    attributed = rows(copy, "/provenance/sentences.json")["facet_results"]["attributed"]["results"]
    assert {f["value"]: f["count"] for f in attributed} == {"1": 9, "0": 2}


def test_unknown_article_or_source_is_404(db_path):
    a, s, d = get(db_path, "/provenance/-/article/nope", "/provenance/-/source/nope", "/nodb/-/article/x")
    assert (a.status_code, s.status_code, d.status_code) == (404, 404, 404)


def test_article_url_is_linked_only_when_http(db_path, tmp_path):
    copy = tmp_path / "provenance.db"
    shutil.copy(db_path, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("update articles set url = 'javascript:alert(1)' where id = ?", [LEDGER])
    html = get(copy, f"/provenance/-/article/{LEDGER}").text
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html  # shown as text


def test_stylesheet_is_served_from_the_plugin_static_folder(db_path):
    import re

    page = get(db_path, "/provenance/claims").text
    [href] = re.findall(r'href="(/-/static-plugins/[^/"]+/provenance\.css)"', page)
    r = get(db_path, href)
    assert r.status_code == 200 and ".pv mark.cue" in r.text


def test_every_call_in_the_datasette_docs_works(db_path):
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    urls = set(re.findall(r"http://127\.0\.0\.1:8001(/provenance[^'\s`]*)", doc))
    urls |= {u for u in re.findall(r"`(/provenance/[^`\s]*)`", doc) if "<" not in u}
    assert len(urls) >= 12
    for url, r in zip(sorted(urls), get(db_path, *sorted(urls))):
        assert r.status_code == 200, (url, r.text[:300])
        if ".json" in url:
            assert isinstance(r.json(), (list, dict))
    labelled = rows(db_path, "/provenance/claims.csv?_size=max&_labels=on".replace(".csv", ".json") + "&_shape=array")
    assert all(isinstance(c["article_id"], dict) for c in labelled)
    csv_text = get(db_path, "/provenance/claims.csv?_size=max&_labels=on").text
    assert "source_id_label" in csv_text.splitlines()[0] and "Tom Reyes" in csv_text


def test_sentence_inside_a_running_quote_is_not_flagged(db_path, tmp_path):
    # a quote that runs on into the next sentence (cue in the first): the second has no cue,
    # but it is attributed
    copy = tmp_path / "provenance.db"
    shutil.copy(db_path, copy)
    with sqlite3.connect(copy) as conn:
        start, end = conn.execute("select start, \"end\" from sentences where article_id = ? and idx = 2",
                                  [LEDGER]).fetchone()
        conn.execute("update claims set content_end = ? where cue_lemma = 'deny'", [end])
    from provenance.store import rebuild

    rebuild(copy)  # rows changed behind the store's back: the summaries are recomputed
    assert rows(copy, "/provenance/unattributed_sentences.json?_shape=array&article=Budget") == []
    stats = {r["publisher"]: r for r in rows(copy, "/provenance/publisher_stats.json?_shape=array")}
    assert stats["Evening Ledger"]["unattributed_sentence_pct"] == 0.0
    doc = parse(get(copy, f"/provenance/-/article/{LEDGER}").text)
    assert doc.by_id("article-text").find_all("span", cls="unattributed") == []
    assert "4 sentences, 4 attributed (100%), 0 with no attribution" in " ".join(doc.by_id("summary").text.split())
