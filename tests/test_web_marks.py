"""Marking article text: the HTML is well formed, escaped, and reads exactly as the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.web.marks import Mark, claim_depths, mark_article, render
from web_html import parse

TEXT_CHARS = st.sampled_from(list("ab <>&\"'\n") + ["\u201c", "\u00e9", "<script>", "<img onerror=x>"])


@st.composite
def text_and_marks(draw):
    text = "".join(draw(st.lists(TEXT_CHARS, min_size=1, max_size=40)))
    n = len(text)
    marks = []
    for i in range(draw(st.integers(0, 8))):
        s = draw(st.integers(0, n))
        e = draw(st.integers(s, n))
        tag = draw(st.sampled_from(["span", "mark"]))
        marks.append(Mark(s, e, tag, (f"m{i}",), (("id", f"x{i}"), ("title", text[s:e])), draw(st.integers(0, 5))))
    return text, marks


@settings(max_examples=300, deadline=None)
@given(text_and_marks())
def test_render_is_well_formed_and_reads_as_the_text(case):
    text, marks = case
    html = str(render(text, marks))
    root = parse(html)
    assert root.text == text
    assert not root.find_all("script") and not root.find_all("img")
    for i, m in enumerate(marks):
        pieces = root.find_all(cls=f"m{i}")
        if m.start == m.end:
            assert pieces == []
            continue
        # a mark may be split (crossing marks and paragraph breaks close and re-open it) but
        # covers exactly its text, less the line breaks between paragraphs
        covered = "".join(p.text for p in pieces)
        assert "".join(covered.split()) == "".join(text[m.start:m.end].split())
        assert "\n" not in covered
        assert len([p for p in pieces if p.attrs.get("id") == f"x{i}"]) == 1


def test_crossing_marks_are_split_not_broken():
    html = str(render("abcdefghij", [Mark(0, 5, "b"), Mark(3, 8, "i")]))
    assert html == '<b>abc<i>de</i></b><i class="cont">fgh</i>ij'


def test_marks_stop_at_paragraph_breaks():
    html = str(render("ab\n\ncd", [Mark(1, 5, "b", (), (("id", "x"),))]))
    assert html == 'a<b id="x">b</b>\n\n<b class="cont">c</b>d'


def test_render_with_offset_clips_marks():
    html = str(render("cdef", [Mark(0, 3, "b"), Mark(5, 9, "i")], offset=2))
    assert html == "<b>c</b>de<i>f</i>"


def test_article_nesting_and_sentence_flags():
    text = "According to X, analysts view it as good. Nothing else."
    outer = {"id": "o", "type": "according_to", "parent_id": None, "source_start": 13, "source_end": 14,
             "cue_start": 0, "cue_end": 12, "content_start": 16, "content_end": 40, "content_segments": None}
    inner = {"id": "i", "type": "indirect", "parent_id": "o", "source_start": 16, "source_end": 24,
             "cue_start": 25, "cue_end": 29, "content_start": 30, "content_end": 40, "content_segments": None}
    sentences = [{"idx": 0, "start": 0, "end": 41, "claim_count": 2},
                 {"idx": 1, "start": 42, "end": 55, "claim_count": 0}]
    assert claim_depths([outer, inner]) == {"o": 0, "i": 1}
    root = parse(str(mark_article(text, sentences, [inner, outer])))
    assert root.text == text
    assert root.by_id("c-o") in list(root.by_id("c-i").ancestors())
    assert root.by_id("c-i").attrs["data-label"].startswith("2 indirect")
    assert [s.text for s in root.find_all(cls="unattributed")] == ["Nothing else."]
    contents = root.by_id("c-o").find_all("mark", cls="content")
    assert contents[0].text == "analysts view it as good"
