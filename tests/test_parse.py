"""Parsing long texts in pieces keeps every offset exact."""

import pytest
from hypothesis import given, settings, strategies as st

from provenance.parse import parse, split_text


@given(st.text(min_size=0, max_size=3000), st.integers(min_value=20, max_value=500))
@settings(max_examples=200, deadline=None)
def test_split_text_pieces_join_back_exactly(text, max_piece):
    pieces = split_text(text, max_piece)
    assert "".join(pieces) == text
    assert all(len(p) <= max_piece for p in pieces)


def test_split_prefers_paragraph_breaks():
    para = "This is a sentence of the story. " * 10
    text = (para.strip() + "\n\n") * 6
    pieces = split_text(text, 800)
    assert all(p.endswith("\n\n") for p in pieces[:-1])


def test_long_article_parsed_in_pieces_is_one_doc_with_exact_text(nlp):
    para = "The mayor said the bridge would reopen. Residents, however, remained doubtful about the date.\n\n"
    text = para * 40 + "x" * 300 + " " + para.replace("\n\n", " ") * 10
    [(doc, ctx)] = list(parse(nlp, [(text, "big")], max_piece=1000))
    assert ctx == "big"
    assert doc.text == text
    assert len(list(doc.sents)) >= 100
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    assert doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")


def test_order_and_context_are_kept(nlp):
    texts = [(f"Story number {i} was told.", i) for i in range(5)]
    assert [ctx for _, ctx in parse(nlp, texts, batch_size=2)] == [0, 1, 2, 3, 4]



def test_parsing_ahead_in_a_thread_gives_the_docs_of_parsing_in_turn(nlp):
    """The 1-process ingest parses the next batch in a helper thread while it stores this one: the
    same Docs (pieces of a long text joined back) in the same order, the parsing off the caller's thread,
    and the texts read in the caller's thread (reading may touch the caller's SQLite connection)."""
    import threading

    from provenance.pipeline import parse_ahead

    para = "The mayor said the bridge would reopen. Residents, however, remained doubtful.\n\n"
    texts = [(para * (1 + i % 3) + f"Story {i} ends here.", i) for i in range(7)] + [(para * 12, "long")]
    readers, parsers = set(), set()

    def items():
        for pair in texts:
            readers.add(threading.current_thread().name)
            yield pair

    class Watched:
        def pipe(self, *args, **kwargs):
            parsers.add(threading.current_thread().name)
            return nlp.pipe(*args, **kwargs)

    def described(pairs):
        return [(doc.text, doc.to_json()["tokens"], ctx) for doc, ctx in pairs]

    in_turn = described(parse(nlp, texts, batch_size=3, max_piece=400))
    assert described(parse_ahead(Watched(), items(), batch_size=3, max_piece=400)) == in_turn
    assert [ctx for _, _, ctx in in_turn] == [*range(7), "long"]
    assert readers == {threading.current_thread().name}
    assert parsers == {"provenance-parse"}


def test_parsing_ahead_hands_over_small_batches_and_stops_with_its_caller(nlp):
    """The caller gets the first Docs once a batch of at most AHEAD_ARTICLES is parsed, not the
    ingest's whole batch (so at the end of a run only a few articles' store is left after the last
    parse), no more than AHEAD_BATCHES batches are read ahead of what the caller took, and a caller
    that stops leaves no parse running after the one in progress."""
    import threading

    from provenance.pipeline import AHEAD_ARTICLES, AHEAD_BATCHES, parse_ahead

    read = []
    piped = []

    def items():
        for i in range(40):
            read.append(i)
            yield f"Story {i}: the mayor said the bridge would reopen.", i

    class Counted:
        def pipe(self, texts, *args, **kwargs):
            texts = list(texts)
            piped.append(len(texts))
            return nlp.pipe(texts, *args, **kwargs)

    pairs = parse_ahead(Counted(), items(), batch_size=32)
    first = next(pairs)
    assert first[1] == 0
    assert len(read) <= AHEAD_ARTICLES * (AHEAD_BATCHES + 1) + 1  # and the one that ended a batch
    pairs.close()
    for thread in threading.enumerate():
        if thread.name == "provenance-parse":
            thread.join(timeout=30)
    assert max(piped) <= AHEAD_ARTICLES
    assert sum(piped) < 40  # the batches not started when the caller stopped were dropped


def test_parsing_ahead_raises_the_parsers_error_with_no_batch_left_running(nlp):
    import threading

    from provenance.pipeline import parse_ahead

    class Failing:
        calls = 0

        def pipe(self, texts, *args, **kwargs):
            Failing.calls += 1
            if Failing.calls == 2:
                raise ValueError("broken batch")
            return nlp.pipe(list(texts), *args, **kwargs)

    texts = [(f"Story {i}: the mayor said so.", i) for i in range(20)]
    pairs = parse_ahead(Failing(), iter(texts), batch_size=2)
    got = []
    with pytest.raises(ValueError, match="broken batch"):
        for _, ctx in pairs:
            got.append(ctx)
    assert got == [0, 1]
    assert not [t for t in threading.enumerate() if t.name == "provenance-parse"]
