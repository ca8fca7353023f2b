"""Property-based test (issue 5): random text through the real parser and extractor.

Whatever the text (quotes that never close, nested quotes, unicode, newlines, control of
nothing), :func:`provenance.pipeline.extract_article` raises nothing, every span of every claim
points at its text, each claim's cue is in the sentence it names, and the sentences cover the
text in order. Texts are parsed through :func:`provenance.parse.parse` with small pieces, so the
joining of pieces is exercised too.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, event, example, given, settings, strategies as st

from provenance.model import Article
from provenance.parse import parse
from provenance.pipeline import extract_article

WORDS = [
    "said", "says", "told", "reporters", "according", "to", "reportedly", "allegedly", "is", "seen", "as",
    "believed", "that", "the", "minister", "Ana", "Duarte", "He", "she", "officials", "observers", "say",
    "Reuters", "The", "Harbour", "Times", "added", "warned", "claimed", "it", "was", "not", "safe", "and",
    "Müller", "Łódź", "東京", "Москва", "café", "1,400", "2026", "e\u0301", "🌉",
]
PUNCT = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "«", "»", "„", ",", ".", "!", "?", ":", ";", "—", "(", ")", "..."]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\t", "  ", ""]

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PUNCT),
    st.text(min_size=1, max_size=6),  # anything at all, surrogates excluded by hypothesis
)
newsy_text = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=80).map(
    lambda parts: "".join(p + s for p, s in parts)
)
TEMPLATES = [
    '{q1}{x}{q2} {who} said{end}',
    '{who} said that {x}{end}',
    '{who} told reporters {q1}{x}{q2}{end}',
    'According to {who}, {x}{end}',
    '{x}, according to {who}{end}',
    '{q1}{x},{q2} said {who}, {q1}{y}{end}',
    '{who} reportedly {x}{end}',
    '{x} is seen as {y}{end}',
    '{x}, {who} say{end}',
]
WHO = ["the minister", "Ana Duarte", "He", "officials", "Reuters", "sources familiar with the talks", "Łódź police", "東京都"]
fragment = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.text(max_size=4)), min_size=1, max_size=8).map(" ".join)
attributed_sentence = st.builds(
    lambda t, who, x, y, q1, q2, end: t.format(who=who, x=x, y=y, q1=q1, q2=q2, end=end),
    st.sampled_from(TEMPLATES), st.sampled_from(WHO), fragment, fragment,
    st.sampled_from(['"', "“", "'", "«", ""]), st.sampled_from(['"', "”", "'", "»", ""]),
    st.sampled_from([".", ".\n\n", "", "!", '."', "\n"]),
)
attributed_text = st.lists(st.tuples(attributed_sentence, st.sampled_from(SEPARATORS)), min_size=1, max_size=8).map(
    lambda parts: "".join(p + s for p, s in parts)
)
texts = st.one_of(attributed_text, newsy_text, st.text(max_size=300))


@given(text=texts, max_piece=st.integers(min_value=40, max_value=400))
@example(text='"We will not close the port," she said, "whatever the unions decide.\n\n"The ships wait.', max_piece=400)
@example(text="'He said \"never\" and then \"maybe,\"' the councillor recalled. “Nested ‘quotes’ end here", max_piece=40)
@example(text="!!! ???\n\n1 2 3", max_piece=40)
@example(text="According to", max_piece=400)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_random_text_gives_claims_whose_offsets_point_at_their_text(nlp, text, max_piece):
    article = Article(doc="random", text=text)
    [(doc, _)] = list(parse(nlp, [(text, None)], max_piece=max_piece))
    assert doc.text == text
    extraction = extract_article(doc, article)  # raises SpanMismatch on a bad offset
    sentences = extraction.sentences
    pos = 0
    for i, s in enumerate(sentences):
        assert s.idx == i
        assert text[s.start:s.end] == s.text
        assert s.start >= pos and not text[pos:s.start].strip()
        pos = s.end
    assert not text[pos:].strip()
    event(f"claims: {min(len(extraction.claims), 3)}{'+' if len(extraction.claims) >= 3 else ''}")
    ids = {c.id for c in extraction.claims}
    assert len(ids) == len(extraction.claims), "two claims with one id"
    for claim in extraction.claims:
        for role, span in claim.spans():
            assert text[span.start:span.end] == span.text, role
            for start, end in span.segments:
                assert span.start <= start <= end <= span.end
        assert 0 <= claim.sentence < len(sentences)
        sentence = sentences[claim.sentence]
        assert sentence.start <= claim.cue.start < sentence.end, "the cue is not in the claim's sentence"
        assert claim.parent is None or claim.parent in ids
        assert claim.article_id == article.id
        json.dumps(claim.to_dict(doc="random"))
