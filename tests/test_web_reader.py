"""What a reader sees in Datasette: checks found by using the pages as a fact-checker would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "provenance" / "web" / "static"


def _rules(css: str) -> list[tuple[list[str], str]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [([s.strip() for s in sel.split(",")], body) for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)]


def test_nested_claim_style_follows_the_parent_link_not_the_box_it_sits_in():
    """A claim whose words lie inside another claim's box ("He emphasized X, calling Y": two claims by
    the same speaker) is not passed on by it; only a claim with a parent (depth class) is drawn as nested.
    The legend's "nested claim" sample (class depth-1, not inside any claim) must look like one too."""
    rules = _rules((STATIC / "provenance.css").read_text(encoding="utf-8"))
    dashed = [sel for sels, body in rules if "dashed" in body for sel in sels]
    assert dashed, "no style for nested claims"
    assert any(re.search(r"\.claim\.depth-1\b", sel) for sel in dashed), dashed
    descendant = [sel for sels, _ in rules for sel in sels if re.search(r"\.claim\s+\.claim", sel)]
    assert not descendant, f"styles keyed on geometric nesting: {descendant}"


# --- untitled articles (plain .txt input has no title) ----------------------------

import asyncio
import sqlite3

import attrs
from datasette.app import Datasette

import web_fixture
from provenance.model import Extraction
from provenance.store import Store
from provenance.web import ensure_plugin, load_metadata
from web_html import parse

ensure_plugin()


@pytest.fixture(scope="module")
def untitled_db(tmp_path_factory):
    """The web fixture with its second article stripped to what a .txt file gives: no title,
    publisher, author, date or URL (so it is known only by its doc, "budget-row")."""
    path = tmp_path_factory.mktemp("qa-web") / "provenance.db"
    store = Store(path)
    try:
        for article, sentences, claims in web_fixture.extractions():
            if article.doc == "budget-row":
                bare = attrs.evolve(article, title=None, publisher=None, author=None, published=None, url=None)
                claims = [attrs.evolve(c, article_id=bare.id) for c in claims]
                article = bare
            store.write(Extraction(article=article, sentences=tuple(sentences), claims=tuple(claims)))
    finally:
        store.close()
    return path


def get(db_path, path):
    async def go():
        ds = Datasette([str(db_path)], metadata=load_metadata())
        return await ds.client.get(path)

    r = asyncio.run(go())
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    return r


def _one(db_path, sql, *params):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchone()[0]


def test_untitled_article_is_named_by_its_doc_not_its_hash(untitled_db):
    bare_id = _one(untitled_db, "select id from articles where doc = 'budget-row'")
    reyes = _one(untitled_db, "select id from sources where name = 'Tom Reyes'")
    href = f"/provenance/-/article/{bare_id}"
    pages = {
        "source page": f"/provenance/-/source/{reyes}",
        "claims table": f"/provenance/claims?article_id={bare_id}",
        "claims by source": "/provenance/claims_by_source?source=Reyes",
    }
    for what, path in pages.items():
        links = [a for a in parse(get(untitled_db, path).text).find_all("a")
                 if a.attrs.get("href", "").startswith(href) and "pv-goto" not in a.classes]
        assert links, f"{what}: no link to the article"
        assert all(a.text.strip() == "budget-row" for a in links), (what, [a.text for a in links])
    rows = get(untitled_db, "/provenance/claims_by_source.json?source=Reyes&_shape=array").json()
    assert {r["title"] for r in rows if r["article_id"] == bare_id} == {"budget-row"}


def test_article_page_meta_line_of_a_bare_article_has_no_stray_separator(untitled_db):
    bare_id = _one(untitled_db, "select id from articles where doc = 'budget-row'")
    doc = parse(get(untitled_db, f"/provenance/-/article/{bare_id}").text)
    meta = " ".join(doc.find_all("p", cls="pv-meta")[0].text.split())
    assert meta == "row · claims table · claims JSON", meta
    assert doc.find_all("h1")[0].text.strip() == "budget-row"


def test_claims_by_source_finds_a_source_by_a_word_it_appears_under(untitled_db):
    """"What did the mayor say?": the source is stored as "Tom Reyes", but appears as "Mayor Tom Reyes";
    every claim of that source comes back, also those where he is just "Reyes" or "he"."""
    rows = get(untitled_db, "/provenance/claims_by_source.json?source=Mayor&_shape=array").json()
    assert {r["source"] for r in rows} == {"Tom Reyes"}
    assert sorted(r["appears_as"] for r in rows) == ["Mayor Tom Reyes", "Reyes", "he"]


def test_articles_table_shows_the_start_of_each_text_and_links_to_the_whole(tmp_path):
    """The articles table printed every article's whole text in a cell: a table of articles a page per row."""
    path = web_fixture.build(tmp_path / "provenance.db")
    with sqlite3.connect(path) as conn:
        long_id, long_text = conn.execute("select id, text from articles order by length(text) desc").fetchone()
    assert len(long_text) > 300
    html = get(path, "/provenance/articles").text
    assert web_fixture.XSS_SCRIPT not in html and "<img src=x" not in html  # previews are escaped too
    doc = parse(html)
    cells = [td for td in doc.find_all("td") if "col-text" in td.classes]
    assert len(cells) == 2
    long_cell = [td for td in cells if any(a.attrs.get("href") == f"/provenance/-/article/{long_id}" for a in td.find_all("a"))]
    assert long_cell, [td.text[:80] for td in cells]
    shown = long_cell[0].text
    assert len(shown) < 360 and long_text[:100] in shown and f"{len(long_text):,} characters" in shown
    # the text itself is still all there for the API
    assert get(path, f"/provenance/articles/{long_id}.json?_shape=array").json()[0]["text"] == long_text


def test_marked_sentence_column_of_the_claims_table_gets_room_to_read():
    rules = _rules((STATIC / "provenance.css").read_text(encoding="utf-8"))
    widths = [body for sels, body in rules for sel in sels if "col-sentence_id" in sel and "min-width" in body]
    assert widths, "the claims table squeezes the marked sentence into a one-word column"


@pytest.mark.parametrize("query", ["anonymous_by_publisher", "publisher_stats", "cue_classes"])
def test_per_publisher_counts_link_to_exactly_those_claims(untitled_db, query):
    """"Which of this outlet's statements rest on anonymous sources?": one click from the count,
    and the linked claims table holds exactly that many rows (also for articles with no publisher)."""
    doc = parse(get(untitled_db, f"/provenance/{query}").text)
    links = [a for a in doc.find_all("a") if a.attrs.get("href", "").startswith("/provenance/claims?")]
    assert links, f"{query}: no count links to the claims table"
    if query == "anonymous_by_publisher":
        assert any("source_kind=anonymous" in a.attrs["href"] for a in links)
        assert any("publisher__isnull=1" in a.attrs["href"] for a in links)  # the bare article
    for a in links:
        path, _, qs = a.attrs["href"].partition("?")
        data = get(untitled_db, f"{path}.json?{qs}").json()
        assert data["filtered_table_rows_count"] == int(a.text), (a.attrs["href"], a.text)


def test_canned_queries_open_on_their_answer_not_on_their_sql(untitled_db):
    """A page of SQL above the table is for developers; readers get the description and the rows, and
    the SQL is one click away (Datasette's hide_sql)."""
    queries = load_metadata()["databases"]["provenance"]["queries"]
    assert queries
    for name in queries:
        html = get(untitled_db, f"/provenance/{name}").text
        assert f"/provenance/{name}?_show_sql=1" in html or "_show_sql=1" in html, name
        assert "<textarea" not in html, name


def test_claim_label_is_never_split_across_lines():
    """'8 indirect · both sides' broke after the number at a line end: a lone '8' box, the rest below."""
    rules = _rules((STATIC / "provenance.css").read_text(encoding="utf-8"))
    label = [body for sels, body in rules for sel in sels if sel == ".pv .claim:not(.cont)::before" and "attr(data-label)" in body]
    assert label and "white-space: nowrap" in label[0]
