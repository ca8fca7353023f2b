"""Reading inputs and normalising them into articles."""

import io
import json

import pytest

from provenance.model import Failure
from provenance.normalise import NormaliseError, decode, normalise
from provenance.pipeline import iter_articles
from provenance.read import RawInput, iter_inputs


def test_directory_is_walked_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Second story.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("First story.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored in a directory", encoding="utf-8")
    items = list(iter_inputs([str(tmp_path)]))
    assert [i.doc for i in items] == ["one", "two"]
    assert all(isinstance(i, RawInput) and i.format == "text" for i in items)


def test_explicit_file_of_unknown_type_is_a_failure(tmp_path):
    path = tmp_path / "story.pdf"
    path.write_bytes(b"%PDF")
    [item] = iter_inputs([str(path)])
    assert isinstance(item, Failure) and "unsupported file type" in item.reason


def test_missing_path_is_a_failure():
    [item] = iter_inputs(["/no/such/file.txt"])
    assert isinstance(item, Failure) and item.reason == "no such file or directory"


def test_jsonl_records_with_bad_lines_are_reported_by_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a1", "text": "The mayor said it rained.", "publisher": "Gazette", "url": "https://x/a1"}),
                "{not json",
                json.dumps({"id": "a3", "title": "no text here"}),
                json.dumps({"id": "a4", "text": ["wrong", "type"]}),
                json.dumps({"html": "<html><body><p>Officials said the road would reopen.</p></body></html>"}),
            ]
        ),
        encoding="utf-8",
    )
    items = list(iter_inputs([str(path)]))
    assert isinstance(items[0], RawInput) and items[0].doc == "a1" and items[0].meta["publisher"] == "Gazette"
    assert [(i.line, type(i).__name__) for i in items[1:4]] == [(2, "Failure"), (3, "Failure"), (4, "Failure")]
    assert "malformed JSON" in items[1].reason
    assert "no 'text' or 'html'" in items[2].reason
    assert "must be a string" in items[3].reason
    assert items[4].format == "html" and items[4].doc == "feed-5"


def test_stdin_text_and_jsonl():
    [text] = iter_inputs(["-"], stdin=io.BytesIO("Plain words, she said.".encode()))
    assert text.format == "text" and text.doc == "stdin"
    records = b"".join(json.dumps({"id": str(i), "text": f"Story {i}."}).encode() + b"\n" for i in range(3))
    items = list(iter_inputs(["-"], stdin=io.BytesIO(records)))
    assert [i.doc for i in items] == ["0", "1", "2"]


def test_text_is_kept_exactly_as_decoded():
    raw = RawInput(path="x.txt", doc="x", data="  Line one.\r\nLine “two”.\n\n".encode("utf-8"), format="text")
    article = normalise(raw)
    assert article.text == "  Line one.\r\nLine “two”.\n\n"
    assert article.encoding == "utf-8"


def test_bom_is_dropped_and_recorded():
    article = normalise(RawInput(path="x.txt", doc="x", data=b"\xef\xbb\xbfHello there.", format="text"))
    assert article.text == "Hello there." and article.encoding == "utf-8-sig"


def test_windows_1252_is_decoded_not_mojibake():
    data = "The minister’s “plan” costs €5 — café.".encode("cp1252")
    text, encoding = decode(data)
    assert text == "The minister’s “plan” costs €5 — café." and encoding == "cp1252"


def test_latin1_is_decoded():
    text, _ = decode("Señor Müller said ça va.".encode("latin-1"))
    assert text == "Señor Müller said ça va."


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"  \n\t \n", "empty"), (b"\x00\x01\x02binary\x00", "binary"), (b"\x81\x8d\x8f\x90\x9d" * 20, "not valid UTF-8")],
)
def test_unusable_bytes_are_refused_with_a_reason(data, message):
    with pytest.raises(NormaliseError, match=message):
        normalise(RawInput(path="x.txt", doc="x", data=data, format="text"))


def test_html_keeps_the_article_and_drops_boilerplate():
    html = """<html><head><title>Bridge to reopen</title><style>p {color: red}</style>
    <script>var tracking = "do not keep me";</script></head><body>
    <nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
    <article><h1>Bridge to reopen</h1>
    <p>The old river bridge will reopen to traffic next month, the city's transport director said on Tuesday.</p>
    <p>"We have replaced every cable and tested every bolt," said Maria Okafor, who leads the repair programme.</p>
    <p>Residents said the closure had doubled their commute, according to a survey by the local council.</p>
    </article><footer>Copyright 2026 Riverside Gazette. All rights reserved.</footer></body></html>"""
    article = normalise(RawInput(path="p.html", doc="p", data=html.encode(), format="html"), {"publisher": "Riverside Gazette"})
    assert "every cable" in article.text
    assert "tracking" not in article.text and "color: red" not in article.text
    assert article.publisher == "Riverside Gazette"
    assert article.title == "Bridge to reopen"


def test_html_without_an_article_is_refused():
    html = b"<html><head><script>x=1</script></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(NormaliseError, match="no article text"):
        normalise(RawInput(path="p.html", doc="p", data=html, format="html"))


def test_iter_articles_turns_bad_inputs_into_failures(tmp_path):
    (tmp_path / "good.txt").write_text("The council said the park would open.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    results = list(iter_articles([str(tmp_path)], defaults={"publisher": "Gazette"}))
    good = [r for r in results if not isinstance(r, Failure)]
    bad = [r for r in results if isinstance(r, Failure)]
    assert [a.doc for a in good] == ["good"] and good[0].publisher == "Gazette"
    assert [f.path.endswith("empty.txt") for f in bad] == [True]


def test_html_with_one_word_says_word_not_words():
    html = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(NormaliseError, match=r"only 1 word outside"):
        normalise(RawInput(path="p.html", doc="p", data=html, format="html"))


@pytest.mark.parametrize("text, title", [
    ("Dock workers walk out over pay\n\nDock workers walked off the job on Tuesday.\n", "Dock workers walk out over pay"),
    ("  Boil-water advisory issued  \r\n\r\nResidents were told to boil water.", "Boil-water advisory issued"),
    ("Why the talks failed?\n \nTrade ministers ended two days of talks.", "Why the talks failed?"),
    ("The minister resigned.\n\nShe said it was time.", None),  # a one-sentence paragraph, not a headline
    ("Dock workers walked off the job on Tuesday morning\nand the port stopped.\n\nMore.", None),  # no blank line after
    ("By the staff of the Harbour Times, who reported this story over the course of several long weeks on the docks and in the union hall\n\nText.", None),
    ("2026-05-01\n\nThe minister said the bridge would reopen.", None),
    ("Headline with nothing after it\n\n", None),
])
def test_a_plain_text_headline_becomes_the_title_and_the_text_is_unchanged(text, title):
    raw = RawInput(path="story.txt", doc="story", data=text.encode("utf-8"), format="text")
    article = normalise(raw)
    assert article.title == title
    assert article.text == text


def test_a_title_given_wins_over_the_headline_and_records_keep_theirs():
    text = "Dock workers walk out\n\nDock workers walked off the job."
    raw = RawInput(path="story.txt", doc="story", data=text.encode("utf-8"), format="text")
    assert normalise(raw, {"title": "Given"}).title == "Given"
    record = RawInput(path="feed.jsonl", doc="r1", data=text, format="text", line=1)
    assert normalise(record).title is None  # a JSON record says its title in its "title" field
