"""What makes two inputs one article, and what never may: issue 12, items 2-5.

An article is known by the URL the user gave (a record's ``url``, ``--url``), else its record id, else
its file. A URL found inside the content (an HTML page's canonical link) is metadata, never identity.
"""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from provenance.cli import cli

STORY = "The minister said the bridge would reopen in May. Officials said the port would close."
OTHER = "The mayor said the roads were closed. Analysts believe the deal is close."


def ingest(*args, input=None):
    result = CliRunner().invoke(cli, ["ingest", *map(str, args), "--json"], input=input)
    assert "Traceback" not in result.output
    return result


def page(text: str, canonical: str) -> str:
    return (f'<html><head><title>A page</title><link rel="canonical" href="{canonical}">'
            f'<meta property="og:url" content="{canonical}"></head><body><article><p>{text}</p></article></body></html>')


def rows(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("select url, text from articles order by text").fetchall()
    finally:
        conn.close()


# -- item 2: a canonical link is metadata, not identity --------------------------------------------------

def test_a_page_naming_a_stored_articles_url_does_not_replace_it(tmp_path, nlp):
    db = tmp_path / "p.db"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"url": "https://news.example/story", "text": STORY}) + "\n", encoding="utf-8")
    assert ingest(feed, "--db", db).exit_code == 0
    hostile = tmp_path / "hostile.html"
    hostile.write_text(page(OTHER, "https://news.example/story"), encoding="utf-8")
    result = ingest(hostile, "--db", db)
    assert result.exit_code == 0 and json.loads(result.stdout)["replaced"] == 0, result.output
    stored = rows(db)
    assert len(stored) == 2 and STORY in [t for _, t in stored]
    # the page's own URL is still shown as its url
    assert {u for u, _ in stored} == {"https://news.example/story"}


def test_pages_sharing_a_site_wide_canonical_url_stay_apart(tmp_path, nlp):
    for name, text in (("a.html", STORY), ("b.html", OTHER)):
        (tmp_path / "site").mkdir(exist_ok=True)
        (tmp_path / "site" / name).write_text(page(text, "https://site.example/"), encoding="utf-8")
    db = tmp_path / "p.db"
    result = ingest(tmp_path / "site", "--db", db)
    assert result.exit_code == 0 and json.loads(result.stdout)["articles"] == 2, result.output
    assert len(rows(db)) == 2
    again = ingest(tmp_path / "site", "--db", db)
    assert json.loads(again.stdout)["unchanged"] == 2


def test_a_url_the_user_gives_is_still_the_identity(tmp_path, nlp):
    db = tmp_path / "p.db"
    for text in (STORY, OTHER):
        (tmp_path / "story.html").write_text(page(text, "https://elsewhere.example/x"), encoding="utf-8")
        result = ingest(tmp_path / "story.html", "--db", db, "--url", "https://news.example/story")
        assert result.exit_code == 0, result.output
    assert rows(db) == [("https://news.example/story", OTHER)]


# -- item 3: --url with a file of records ----------------------------------------------------------------

@pytest.mark.parametrize("name, content", [
    ("feed.jsonl", "\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate([STORY, OTHER])) + "\n"),
    ("list.json", json.dumps([{"text": STORY}, {"text": OTHER}])),
])
def test_url_with_a_file_of_records_is_refused(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--url", "https://x.example/", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2 and "--url" in result.output and "url" in result.output
    assert not (tmp_path / "p.db").exists()


# -- item 4: record ids 7 and "7" ----------------------------------------------------------------------

def test_number_and_string_ids_are_two_articles_and_reruns_settle(tmp_path, nlp):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": 7, "text": STORY}) + "\n" + json.dumps({"id": "7", "text": OTHER}) + "\n",
                    encoding="utf-8")
    db = tmp_path / "p.db"
    first = json.loads(ingest(feed, "--db", db).stdout)
    assert (first["articles"], first["replaced"]) == (2, 0)
    again = json.loads(ingest(feed, "--db", db).stdout)
    assert (again["articles"], again["unchanged"]) == (0, 2)
    assert len(rows(db)) == 2


@pytest.mark.parametrize("value", ["true", "1.5", "[7]"])
def test_an_id_that_is_not_a_string_or_an_integer_is_refused(tmp_path, nlp, value):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": ' + value + ', "text": "' + STORY + '"}\n', encoding="utf-8")
    result = ingest(feed, "--db", tmp_path / "p.db")
    assert result.exit_code == 1
    assert "field 'id' must be a string or an integer" in result.output


# -- item 5: a database made by an older version ---------------------------------------------------------

def test_an_older_databases_articles_are_carried_forward_not_duplicated(tmp_path, nlp, monkeypatch):
    """Before m002 an article without URL was known by its file's stem (and a record by its id, a number
    id as its string): a re-ingest with this version must find those rows, not add every article again."""
    from provenance import model

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text(STORY + "\n", encoding="utf-8")
    (tmp_path / "in" / "feed.jsonl").write_text(
        json.dumps({"id": 7, "text": OTHER}) + "\n" + json.dumps({"text": "Critics said the plan was dead."}) + "\n",
        encoding="utf-8")
    db = tmp_path / "old.db"
    monkeypatch.chdir(tmp_path)
    with monkeypatch.context() as old:
        old.setattr(model.Article, "key", property(lambda self: self.url or self.doc))
        assert ingest("in", "--db", db).exit_code == 0
    conn = sqlite3.connect(db)
    conn.execute("update articles set origin = null")  # m002's column, empty in an older database
    conn.commit()
    before = conn.execute("select id from articles").fetchall()
    conn.close()
    assert len(before) == 3
    result = json.loads(ingest("in", "--db", db).stdout)
    conn = sqlite3.connect(db)
    after = conn.execute("select id from articles").fetchall()
    assert len(after) == 3 and set(after).isdisjoint(before), (before, after)
    assert conn.execute("select count(*) from sentences where article_id not in (select id from articles)").fetchone()[0] == 0
    assert result["replaced"] == 0 and result["articles"] == 3
    assert json.loads(ingest("in", "--db", db).stdout)["unchanged"] == 3


def test_a_former_key_never_takes_over_another_inputs_article(tmp_path, nlp):
    """A file story.txt was once known as "story"; a record whose id is "story" now holds that key. Even
    with the same text, neither input takes the other's article."""
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "story", "text": STORY}) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    assert ingest(tmp_path / "feed.jsonl", "--db", db).exit_code == 0
    assert json.loads(ingest(tmp_path / "story.txt", "--db", db).stdout)["articles"] == 1
    assert len(rows(db)) == 2
    assert json.loads(ingest(tmp_path / "feed.jsonl", tmp_path / "story.txt", "--db", db).stdout)["unchanged"] == 2


def test_new_text_from_another_input_under_the_same_url_is_reported_by_both_paths(tmp_path, nlp):
    db = tmp_path / "p.db"
    for name, text in (("monday.jsonl", STORY), ("tuesday.jsonl", OTHER)):
        (tmp_path / name).write_text(json.dumps({"url": "https://news.example/story", "text": text}) + "\n",
                                     encoding="utf-8")
    assert ingest(tmp_path / "monday.jsonl", "--db", db).exit_code == 0
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "tuesday.jsonl"), "--db", str(db)])
    assert result.exit_code == 0
    assert "1 articles stored (1 replaced)" in result.stderr
    assert f"{tmp_path / 'tuesday.jsonl'}:1 replaced the article of {tmp_path / 'monday.jsonl'}:1 (same https://news.example/story)" in result.stderr
    summary = json.loads(ingest(tmp_path / "monday.jsonl", "--db", db).stdout)
    assert summary["taken_over"] == [{"path": f"{tmp_path / 'monday.jsonl'}:1", "from": f"{tmp_path / 'tuesday.jsonl'}:1",
                                      "key": "https://news.example/story"}]
