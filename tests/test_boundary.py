"""The learned content boundary (provenance/extract/boundary.py, provenance/data/boundary_model.json): where a
claim's content starts and ends, on real parses; its pure parts (edges, features, the choice, the structure
it keeps). The model is never retrained here."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.extract import extract_claims
from provenance.extract.boundary import (DEFAULT_PATH, BoundaryModel, Edge, _at, _bucket, _inside, _keeps_structure,
                                         _late_kind, _length_bound, _length_keys, _moved_keys,
                                         _Tokens, Where, choose, contenders, count, edge_features, edge_keys, edges,
                                         feature_name, late_start, load_boundary_model)
from provenance.extract.geometry import Page
from provenance.model import Cue, Claim, Span

#: a model that never moves an edge: the rules' contents
NEVER = BoundaryModel({}, 0.0, 1e9)


def _claim(claims, cue):
    return next(c for c in claims if c.cue.text == cue and c.parent is None)


def test_the_shipped_model_loads_and_documents_itself():
    model = load_boundary_model()
    assert model is not None and model.path == str(DEFAULT_PATH)
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    held = data["held_out"]
    assert data["trained_on"] == "train" and model.margin == data["threshold"] >= 0
    assert held["with_model"]["content_exact_f1"] > held["rules_edges"]["content_exact_f1"]
    assert DEFAULT_PATH.stat().st_size < 5_000_000


def test_bad_boundary_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "boundary_model.json"
    bad.write_text('{"weights": {}, "bias": 0}', encoding="utf-8")
    with pytest.raises(ValueError, match="bad boundary model file"):
        load_boundary_model(str(bad))


#: (text, cue, the content the model gives, the rules' content): real sentences whose edge the model decides
DECIDED = [
    pytest.param("Officials reported a 3 percent unemployment rate in June, one of the lowest in the country.", "reported",
                 "a 3 percent unemployment rate in June, one of the lowest in the country", "a 3 percent unemployment rate",
                 id="object-over-its-adjuncts"),
    # a trailing participle after an object: annotators draw it both ways, and refits flip it; the packaged model
    # (refitted after branches nounmiss, foundcue4, contentedge and lexmiss, margin 0.25) leaves the rules' edge, as
    # the refits from branches cuestart and precision on did; the one after verbmiss ... sources4 (margin 0) took it in
    pytest.param("The state reported 12 new cases on Monday, bringing the total to 40.", "reported",
                 "12 new cases", "12 new cases", id="kept-object-before-a-participle"),
    pytest.param("The poll found that most voters distrust both candidates, a sign of deep unhappiness.", "found",
                 "that most voters distrust both candidates, a sign of deep unhappiness",
                 "that most voters distrust both candidates", id="clause-over-an-apposition"),
    pytest.param("Clinton criticized Trump for his comments about women during a rally in Ohio.", "criticized",
                 "Trump for his comments about women during a rally in Ohio", "Trump for his comments about women",
                 id="object-over-a-preposition"),
    pytest.param("The paper wrote about the account of a group that calls itself Free Voices, which the company tried to "
                 "shut down.", "wrote", "the account of a group that calls itself Free Voices, which the company tried "
                 "to shut down", "the account of a group that calls itself Free Voices", id="object-over-a-which-clause"),
    # a prepositional content: PolNeAR's annotators keep a place or time adjunct after the object about as often
    # as not; for the lexicon's "rail against" (cues.tsv since branch foundcue) the model refitted after branches
    # verbmiss, nestcut, foundcue3 and sources4 (margin 0.0) takes the adjunct in, as the one before foundcue2 did
    # (the refit after foundcue2 and sources3, margin 0.25, left the rules' edge), and so does the refit after
    # nounmiss, foundcue4, contentedge and lexmiss (margin 0.25); the learned "campaigned against" below took it in
    # too until that last refit, which leaves the rules' edge for it
    pytest.param("The candidate railed against free trade deals at a rally in Ohio.", "railed",
                 "free trade deals at a rally in Ohio", "free trade deals", id="prep-object-over-its-adjuncts"),
    # a learned cue's content (the cue model's own content: tests/test_learned_cues.py)
    pytest.param("The candidate campaigned against free trade deals at a rally in Ohio.", "campaigned",
                 "free trade deals", "free trade deals", id="kept-learned-cue-object-before-its-adjuncts"),
    # a start after the words of a longer cue (late_start): "said little about | X", "traded barbs ... about | X"
    pytest.param("Clinton has said little about the plan.", "said", "the plan", "little about the plan",
                 id="late-start-said-little-about"),
    pytest.param("Sanders traded attacks with Clinton about racism.", "traded", "racism",
                 "attacks with Clinton about racism", id="late-start-traded-attacks-about"),  # ("traded barbs": under the
    # cue model's threshold since its refit on branch foundcue's rules, 0.43 < 0.431)
    pytest.param("Trump offered an emotional defense of the city.", "offered", "an emotional defense of the city",
                 "an emotional defense of the city", id="kept-object-with-its-preposition"),
    pytest.param("The mayor said the budget was balanced, which surprised the council.", "said",
                 "the budget was balanced, which surprised the council", "the budget was balanced, which surprised the council",
                 id="kept-said-which"),
    pytest.param("The senator said the bill would pass, and she urged colleagues to vote for it.", "said",
                 "the bill would pass", "the bill would pass", id="kept-said-and-clause"),
    pytest.param("The governor urged residents to stay indoors during the storm.", "urged",
                 "residents to stay indoors during the storm", "residents to stay indoors during the storm",
                 id="kept-addressee"),
]


@pytest.mark.parametrize("text,cue,content,rules", DECIDED)
def test_the_model_decides_the_content_edges(nlp, text, cue, content, rules):
    doc = nlp(text)
    assert _claim(extract_claims(doc), cue).content.text == content
    assert _claim(extract_claims(doc, boundary_model=NEVER), cue).content.text == rules


def test_only_the_content_moves(nlp):
    """The claims, their cues, sources, types' basis and confidences are the rules'; the ids follow the content."""
    doc = nlp("The mayor said the budget was balanced, which surprised the council. "
              "Officials said the bridge would reopen next week, according to a statement.")
    moved, kept = list(extract_claims(doc)), list(extract_claims(doc, boundary_model=NEVER))
    assert [(c.cue, c.source, c.confidence, c.sentence) for c in moved] == \
        [(c.cue, c.source, c.confidence, c.sentence) for c in kept]
    for c in moved:
        assert c.id == Claim(type=c.type, cue=c.cue, content=c.content, sentence=c.sentence).id


def test_the_rules_alone_keep_the_rules_edges(nlp):
    doc = nlp("The mayor said the budget was balanced, which surprised the council.")
    assert [c.content for c in extract_claims(doc, use_model=False)] == \
        [c.content for c in extract_claims(doc, use_model=False, boundary_model=load_boundary_model())]


def test_edges_never_take_in_the_cue_or_the_source(nlp):
    doc = nlp("The budget is balanced and the schools are funded, the mayor said on Monday.")
    page = Page(doc)
    claim = _claim(extract_claims(doc, boundary_model=NEVER), "said")
    (start, starts), (end, ends) = edges(page, _Tokens(Page(doc)), claim, _where(doc, "said"))
    assert start in starts and end in ends
    assert all(e.char <= claim.cue.start for e in ends)
    texts = {page.text[starts[0].char:e.char] for e in ends}
    assert "The budget is balanced" in texts and "The budget is balanced and the schools are funded" in texts


def test_edges_of_a_content_after_its_cue(nlp):
    doc = nlp("She said the plan was dead, which nobody expected. Talks will resume.")
    page = Page(doc)
    claim = _claim(extract_claims(doc, boundary_model=NEVER), "said")
    (start, starts), (end, ends) = edges(page, _Tokens(Page(doc)), claim, _where(doc, "said"))
    tails = {page.text[claim.content.start:e.char] for e in ends}
    # before ", which", the sentence end, and the next sentence of the paragraph
    assert {"the plan was dead", "the plan was dead, which nobody expected",
            "the plan was dead, which nobody expected. Talks will resume"} <= tails
    assert all(e.char >= claim.cue.end for e in starts)


@pytest.mark.parametrize("text,cue,side,kept", [
    pytest.param("“The economy,” the minister said, “is in better shape than ever.”", "said", "end", "The economy",
                 id="end-of-the-quotation-before-the-speaker"),
    pytest.param("“The economy,” the minister said, “is in better shape than ever.”", "said", "start",
                 "is in better shape than ever", id="start-of-the-quotation-after-the-speaker"),
])
def test_an_edge_may_drop_whole_segments(nlp, text, cue, side, kept):
    """A discontinuous content's later segment may start it, an earlier one end it (the annotators take one
    quotation of two), and the content moved there keeps that segment only."""
    from provenance.extract.boundary import with_edges

    doc = nlp(text)
    page = Page(doc)
    claim = _claim(extract_claims(doc, boundary_model=NEVER), cue)
    assert len(claim.content.segments) == 2
    (start, starts), (end, ends) = edges(page, _Tokens(Page(doc)), claim, _where(doc, cue))
    cuts = starts if side == "start" else ends
    seg = claim.content.segments[1] if side == "start" else claim.content.segments[0]
    edge = next(e for e in cuts if e.char == (seg[0] if side == "start" else seg[1]))
    moved = with_edges(page, claim, edge.char, end.char) if side == "start" else with_edges(page, claim, start.char, edge.char)
    assert moved.text == kept and len(moved.segments) == 1
    assert edge_features(page, claim, _where(doc, cue), edge, start if side == "start" else end)[side + ":drops_segments"] == 1.0


def _where(doc, cue):
    from provenance.extract.boundary import Where

    tok = next(t for t in doc if t.text == cue)
    return Where("ccomp", tok.i, tok.lemma_)


def test_features_describe_the_edge(nlp):
    doc = nlp("She said the plan was dead, which nobody expected.")
    page = Page(doc)
    claim = _claim(extract_claims(doc, boundary_model=NEVER), "said")
    (start, _), (end, ends) = edges(page, _Tokens(Page(doc)), claim, _where(doc, "said"))
    before_which = next(e for e in ends if page.text[e.char:e.char + 7] == ", which")
    f = edge_features(page, claim, _where(doc, "said"), before_which, end)
    assert f["end:out2=,|which"] == 1.0 and f["end:pattern=ccomp"] == 1.0
    assert (f["end:rule"] == 1.0) == (before_which == end)
    g = edge_features(page, claim, _where(doc, "said"), start, start)
    assert g["start:rule"] == 1.0 and g["start:bias"] == 1.0 and not any(k.startswith("end:") for k in g)



def test_the_key_table_scores_as_the_weights_by_name(nlp):
    """Scoring the feature keys through the model's table gives exactly the score of the features by name, on
    every edge of every claim of real docs, the first time a key is seen and after; each key has its own name."""
    model = load_boundary_model()
    from provenance.extract.rules import _run
    from provenance.extract import load_lexicon
    from provenance.extract.confidence import load_model
    from provenance.extract.learned import load_cue_model

    texts = [COLUMNS_TEXT] + [p.values[0] for p in DECIDED]
    checked = 0
    for _ in range(2):  # an empty table, then a filled one
        for doc in nlp.pipe(texts):
            page, tokens, where = Page(doc), _Tokens(Page(doc)), {}
            claims = _run(doc, load_lexicon(), load_model(), min_confidence=0.0, cue_model=load_cue_model(),
                          where=where)[0]
            for c in claims:
                if c.id not in where:
                    continue
                for rule, cuts in edges(page, tokens, c, where[c.id]):
                    for e in cuts:
                        keys = edge_keys(page, c, where[c.id], e, rule, tokens)
                        names = edge_features(page, c, where[c.id], e, rule, tokens)
                        assert list(names) == [feature_name(k) for k in keys]  # no two keys share a name
                        assert model.score_keys(keys) == model.score(names)
                        checked += 1
    assert checked > 100 and model._table


@pytest.mark.parametrize("features", [{"a": 1.0, "b": 0.1, "c": 3.0}, {"c": 3.0, "b": 0.1, "a": 1.0, "unknown": 5.0}, {}],
                         ids=["in-order", "other-order-and-unknown", "none"])
def test_a_models_score_sums_its_products_in_the_features_order(features):
    """ConfidenceModel.score (the confidence, cue and boundary models' dot product): weight * value summed in the
    features' order, left to right from 0 (float sums in another order may differ in the last bit)."""
    import math

    from provenance.extract.confidence import ConfidenceModel

    model = ConfidenceModel({"a": 0.1, "b": 0.7, "c": 1e-17}, 0.5)
    expected = 0
    for k, v in features.items():
        expected += model.weights.get(k, 0.0) * v
    assert model.score(features) == expected
    assert model(features) == 1.0 / (1.0 + math.exp(-(0.5 + expected)))


def _sides(nlp, texts):
    """(page, tokens, claim, where, rule, cuts) of every side of every claim with a boundary reading of ``texts``."""
    from provenance.extract.rules import _run
    from provenance.extract import load_lexicon
    from provenance.extract.confidence import load_model
    from provenance.extract.learned import load_cue_model

    for doc in nlp.pipe(texts):
        page, where = Page(doc), {}
        tokens = _Tokens(page)
        claims = _run(doc, load_lexicon(), load_model(), min_confidence=0.0, cue_model=load_cue_model(), where=where)[0]
        for c in claims:
            if c.id in where:
                for rule, cuts in edges(page, tokens, c, where[c.id]):
                    yield page, tokens, c, where[c.id], rule, cuts


@pytest.mark.parametrize("margin", [0.25, 0.0, -0.5, 2.0])
def test_the_contenders_choose_as_every_edge(nlp, margin):
    """The edges contenders leaves out could not be chosen: on every side of every claim of real docs, with the
    shipped weights and other margins, its scores are each edge's full score and the choice among them is the
    choice among every edge; some edges are left out, and every one left out scores below the rules' edge plus
    the margin. The most the moved-over words' features add (moved_bound) and the most the length features add
    (_length_bound) are never less than what they add."""
    shipped = load_boundary_model()
    model = BoundaryModel(shipped.weights, shipped.bias, margin)
    texts = [COLUMNS_TEXT] + [p.values[0] for p in DECIDED]
    left_out = 0
    for page, tokens, c, where, rule, cuts in _sides(nlp, texts):
        full = [(e, model.score_keys(edge_keys(page, c, where, e, rule, tokens))) for e in cuts]
        kept = contenders(page, tokens, c, where, rule, cuts, model)
        assert set(kept) <= set(full) and (rule, dict(full)[rule]) in kept
        assert choose(model, kept, rule) is choose(model, full, rule)
        p_rule = dict(full)[rule]
        for e, score in full:
            if (e, score) not in kept:
                left_out += 1
                assert score < p_rule + model.margin
            moved: dict = {}
            _moved_keys(moved, page, tokens, where, e, rule, _late_kind(tokens, where, e, rule))
            assert set(moved.values()) <= {0.0, 1.0}
            if e.cut != rule.cut:
                late = _late_kind(tokens, where, e, rule)
                d = "longer" if (e.cut > rule.cut) == (e.side == "end") else "shorter"
                assert model.score_keys(moved) <= model.moved_bound(e.side, d, late, where) + 1e-12
            top, drops = _length_bound(model, e.side)
            length = _length_keys(page, c, e, _at(page, tokens, e))
            assert model.score_keys(length) <= top + (drops if (e.side + ":", "drops_segments") in length else 0.0) + 1e-12
    assert left_out > 10


@given(st.lists(st.integers(0, 60), max_size=12), st.lists(st.integers(0, 70), max_size=30))
def test_inside_is_containing_at_every_position(bounds, positions):
    """_inside (every token's quotation state at once) is QuoteIndex.containing at each position, for any sorted,
    disjoint spans (empty ones too) and any positions, before, between, on the edges of and after them."""
    from provenance.extract.quotes import QuoteIndex

    cuts = sorted(bounds)
    spans = list(zip(cuts[::2], cuts[1::2]))
    index = QuoteIndex(spans)
    assert _inside(spans, positions) == [index.containing(pos) is not None for pos in positions]


#: a text with what the token columns tell apart: quotation marks, a comma and a semicolon, verbs and
#: auxiliaries, stop words, a dash, a number, a paragraph break
COLUMNS_TEXT = ("\u201cWe will not back down,\u201d the senator said on Tuesday; her aides, who asked not to be named, "
                "said the 2017 budget \u2014 $4.1 billion \u2014 was \"dead on arrival.\"\n\nThe White House declined to comment.")


def test_token_columns_are_the_tokens_attributes(nlp):
    """The lists the cuts and features read are what each spaCy token says (a feature is a token's word: its
    text when it is punctuation or a stop word, else its tag)."""
    doc = nlp(COLUMNS_TEXT)
    tok = _Tokens(Page(doc))
    assert tok.n == len(doc)
    assert tok.starts == [t.idx for t in doc] and tok.ends == [t.idx + len(t) for t in doc]
    assert tok.heads == [t.head.i for t in doc]
    assert (tok.lower, tok.tag, tok.dep, tok.pos) == ([t.lower_ for t in doc], [t.tag_ for t in doc],
                                                      [t.dep_ for t in doc], [t.pos_ for t in doc])
    assert tok.word == [t.lower_ if t.is_punct or t.is_stop else t.tag_ for t in doc]
    assert tok.punct == [t.is_punct for t in doc] and tok.quote == [t.is_quote for t in doc]
    assert tok.verb == [t.pos_ in ("VERB", "AUX") for t in doc] and tok.comma == [t.text in (",", ";") for t in doc]
    assert [tok.subtree(i) for i in range(len(doc))] == [(t.left_edge.i, t.right_edge.i) for t in doc]
    assert any(tok.quote) and any(tok.comma) and any(tok.verb) and not all(tok.punct)
    quotes = Page(doc).quotes
    assert tok.quoted == [quotes.containing(t.idx) is not None for t in doc] and any(tok.quoted) and not all(tok.quoted)


def test_page_token_columns_are_the_tokens_attributes(nlp):
    """The geometry's token columns (provenance/extract/geometry.py) are what each spaCy token says, and a
    sentence's text is spaCy's."""
    doc = nlp(COLUMNS_TEXT + "\n")
    page = Page(doc)
    cols = page.cols
    assert cols.starts == [t.idx for t in doc] and cols.ends == [t.idx + len(t) for t in doc]
    assert cols.punct == [t.is_punct for t in doc] and cols.skip == [t.is_punct or t.is_space for t in doc]
    assert cols.trailing == [t.dep_ in ("relcl", "appos", "npadvmod", "advcl") for t in doc] and any(cols.trailing)
    assert cols.newline == ["\n" in t.text or "\n" in t.whitespace_ for t in doc] and sum(cols.newline) >= 2
    assert [page.sentence_text(s.start) for s in doc.sents] == [s.text for s in doc.sents]
    # every char offset: the token holding it, or in the whitespace after a token, that token
    holder = [t.i for t in doc for _ in range(len(t.text_with_ws))]
    assert [cols.at(c) for c in range(len(doc.text))] == holder and _Tokens(page).at(len(doc.text) - 1) == holder[-1]


def test_region_counts_are_the_counts_of_the_tokens(nlp):
    """The prefix-sum counts of every token range [a, b) of a real doc equal counting its tokens."""
    doc = nlp(COLUMNS_TEXT)
    tok = _Tokens(Page(doc))
    for a in range(len(doc) + 1):
        for b in range(a, len(doc) + 1):
            span = doc[a:b]
            assert count(tok.n_words, a, b) == sum(not t.is_punct for t in span)
            assert count(tok.n_verbs, a, b) == sum(t.pos_ in ("VERB", "AUX") and not t.is_punct for t in span)
            assert count(tok.n_commas, a, b) == sum(t.text in (",", ";") for t in span)
            assert count(tok.n_quotes, a, b) == sum(t.is_quote for t in span)


#: (text, the cue's head word, the first word of a start after the words of a longer cue, its kind): PolNeAR's cue
#: runs over the verb's object and its preposition or over an infinitive's verb about as often as not
LATE = [
    pytest.param("Trump offered an emotional defense of the city.", "offered", "the", "prep", id="object-preposition"),
    pytest.param("The group claimed credit for the attacks in Paris.", "claimed", "the", "prep", id="claim-credit-for"),
    pytest.param("A spokeswoman declined to comment on the report.", "declined", "the", "prep",
                 id="infinitive-preposition"),
    pytest.param("Trump refused to endorse Ryan in the primary.", "refused", "Ryan", "verb", id="infinitive-object"),
    pytest.param("She issued a statement expressing optimism about the talks.", "issued", "optimism", "verb",
                 id="object-participle"),
    pytest.param("He accused Republicans of placing the interests of the gun lobby first.", "accused", "placing", "prep",
                 id="verb-preposition"),
    pytest.param("Clinton has said little about the plan.", "said", "the", "prep", id="said-little-about"),
]


@pytest.mark.parametrize("text,cue,first,kind", LATE)
def test_a_start_after_the_words_of_a_longer_cue(nlp, text, cue, first, kind):
    doc = nlp(text)
    c = next(t for t in doc if t.text == cue)
    tok = _Tokens(Page(doc))
    found = [(doc[u].text, late_start(tok, u, c.i)) for u in range(c.i + 1, len(doc)) if late_start(tok, u, c.i)]
    assert (first, kind) in found


@pytest.mark.parametrize("text,cue", [
    ("She said he would vote for the bill.", "said"),  # a preposition inside the reported clause
    ("The mayor said the budget was balanced.", "said"),
    ("Officials warned that the bridge would close for repairs to its deck.", "warned"),
], ids=["clause-preposition", "clause", "that-clause-preposition"])
def test_no_late_start_inside_a_reported_clause(nlp, text, cue):
    doc = nlp(text)
    c = next(t for t in doc if t.text == cue)
    tok = _Tokens(Page(doc))
    assert not any(late_start(tok, u, c.i) for u in range(len(doc)))


def test_a_late_start_is_a_candidate_edge_with_its_features(nlp):
    doc = nlp("A spokeswoman declined to comment on the report.")
    page = Page(doc)
    claim = _claim(extract_claims(doc, boundary_model=NEVER), "declined")
    where = Where("xcomp", next(t.i for t in doc if t.text == "declined"), "decline")
    (start, starts), _ = edges(page, _Tokens(Page(doc)), claim, where)
    late = next(e for e in starts if page.text[e.char:claim.content.end] == "the report")
    f = edge_features(page, claim, where, late, start)
    assert f["start:late=prep"] == 1.0 and f["start:late|over=prep|comment"] == 1.0 and f["start:late|word=prep|on"] == 1.0
    assert not any(k.startswith("start:late") for k in edge_features(page, claim, where, start, start))


@pytest.mark.parametrize("n,bucket", [(0, "0"), (1, "+1"), (-2, "-2"), (4, "+3-4"), (-7, "-5-8"), (12, "+9-16"),
                                      (40, "+17+")])
def test_distance_buckets(n, bucket):
    assert _bucket(n) == bucket


RULE, OTHER = Edge("end", 50, 10), Edge("end", 30, 6)


@pytest.mark.parametrize("scores,margin,chosen", [
    ((1.0, 1.2), 0.5, RULE),  # better, but not by the margin
    ((1.0, 1.6), 0.5, OTHER),
    ((1.0, 0.2), 0.0, RULE),
    ((0.0, 0.0), 0.0, RULE),  # a tie keeps the rules' edge
], ids=["under-margin", "over-margin", "rule-best", "tie"])
def test_the_rules_edge_stands_unless_beaten_by_the_margin(scores, margin, chosen):
    model = BoundaryModel({}, 0.0, margin)
    assert choose(model, [(RULE, scores[0]), (OTHER, scores[1])], RULE) == chosen


def _span(*segs):
    text = "x" * 100
    return Span.from_segments(text, segs)


@pytest.mark.parametrize("new,children,keeps", [
    ((10, 40), {20}, True),
    ((10, 18), {20}, False),  # lets go of a nested claim's cue
    ((10, 70), set(), False),  # takes in another claim's cue (60)
    ((12, 30), set(), True),
], ids=["same", "drops-child", "takes-other-cue", "shorter"])
def test_a_moved_content_keeps_the_nesting(new, children, keeps):
    claim = Claim(type="indirect", cue=Cue("x", 0, 5, "x"), content=_span((10, 40)), sentence=0)
    cues = sorted([(0, "self"), (20, "child"), (60, "other")])
    assert _keeps_structure(_span(new), claim, cues, children) is keeps


def test_the_ranker_learns_which_edge_of_a_side_is_right():
    """scripts/learn_boundary_model.py's conditional logit on a toy set: in each side the edge marked "kept"
    is right, whatever else it has; the weight of "kept" comes out positive and ranks it first."""
    from sklearn.feature_extraction import DictVectorizer

    from test_learn_scripts import script

    learn = script("learn_boundary_model")
    rows, labels, groups = [], [], []
    for g in range(40):
        for k in range(3):
            right = k == g % 3
            rows.append({"kept": float(right), f"noise={(g + k) % 5}": 1.0})
            labels.append(int(right))
            groups.append(g)
    vec = DictVectorizer(sparse=True)
    X = vec.fit_transform(rows)
    w = learn.fit_ranker(X, labels, groups, 1.0)
    weights = dict(zip(vec.get_feature_names_out(), w))
    assert weights["kept"] > 1.0
    scores = X @ w
    assert all(max(range(3), key=lambda k: scores[3 * g + k]) == g % 3 for g in range(40))
