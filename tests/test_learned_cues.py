"""The learned cue pattern with the shipped cue model (provenance/data/cue_model.json): verbs the
lexicon does not make a claim of, on real parses. The model is never retrained here."""

import json

import pytest

from provenance.extract import extract_claims
from provenance.extract.boundary import BoundaryModel
from provenance.extract.learned import DEFAULT_PATH, CueModel, load_cue_model

#: a model that proposes nothing: what the lexicon alone finds
NEVER = CueModel({}, -30.0, 0.99)


def test_the_shipped_model_loads_and_documents_itself():
    model = load_cue_model()
    assert model is not None and model.path == str(DEFAULT_PATH)
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert data["trained_on"] == "train" and 0.3 <= model.threshold < 1.0
    assert data["held_out"]["with_learned_match_f1"] > data["held_out"]["lexicon_match_f1"]
    assert DEFAULT_PATH.stat().st_size < 25_000_000


#: (text, cue, source, content): cues the lexicon misses (no claim without the model), found now
FOUND = [
    pytest.param("The White House did not respond to a request for comment.", "respond", "The White House",
                 "a request for comment", id="did-not-respond"),
    pytest.param("The candidate campaigned against free trade deals at a rally in Ohio.", "campaigned", "The candidate",
                 "free trade deals", id="campaign-against"),  # ("railed against": a lexicon cue, cues.tsv "rail against")
    pytest.param("He voted against the bill last year.", "voted", "He", "the bill", id="vote-against"),
    pytest.param("The union has long campaigned for a shorter working week.", "campaigned", "The union",
                 "a shorter working week", id="campaign-for"),
    pytest.param("The mayor spoke about the flooding.", "spoke", "The mayor", "the flooding", id="speak-about"),
    pytest.param("The senator was critical of the new tax plan.", "critical", "The senator", "the new tax plan",
                 id="adjective-critical-of"),
    pytest.param("Voters are skeptical of both candidates.", "skeptical", "Voters", "both candidates",
                 id="adjective-skeptical-of"),
    pytest.param("The governor is confident that the bill will pass.", "confident", "The governor",
                 "that the bill will pass", id="adjective-confident-that"),
]


@pytest.mark.parametrize("text,cue,source,content", FOUND)
def test_a_cue_the_lexicon_misses_is_found(nlp, text, cue, source, content):
    doc = nlp(text)
    assert [c.cue.text for c in extract_claims(doc, cue_model=NEVER)] == []
    # the cue pattern's content: the edges the boundary model may move are tests/test_boundary.py's
    (claim,) = extract_claims(doc, boundary_model=BoundaryModel({}, 0.0, 1e9))
    assert (claim.cue.text, claim.source.text, claim.content.text) == (cue, source, content)
    assert load_cue_model().threshold <= claim.confidence < 1.0  # the cue model's probability


#: verbs that report nothing: the model proposes no claim of them
NOT_CUES = [
    pytest.param("The children played in the park all afternoon.", id="play-in"),
    pytest.param("She drove to the airport on Monday.", id="drive-to"),
    pytest.param("He bought a new car for his wife.", id="buy-for"),
    pytest.param("The team won the game on Sunday.", id="win-object"),
    pytest.param("The report focused on the budget of the city.", id="topic-setting-focus"),
    pytest.param("Prices rose sharply in March.", id="no-source"),
    pytest.param("The food was cold.", id="adjective-without-content"),
    pytest.param("The senator was late for the vote.", id="adjective-late-for"),
]


@pytest.mark.parametrize("text", NOT_CUES)
def test_a_verb_that_reports_nothing_is_not_proposed(nlp, text):
    assert list(extract_claims(nlp(text))) == []


def test_no_learned_cue_inside_a_quotation_or_inside_a_lexicon_claim(nlp):
    """PolNeAR marks no cue inside quotation marks, and a lexicon claim's content keeps its own claim."""
    text = ("“We voted against the bill because it was wrong,” she said. "
            "The minister said the union had campaigned for a shorter week.")
    cues = sorted(c.cue.text for c in extract_claims(nlp(text)))
    assert cues == ["said", "said"]


def test_the_rules_alone_use_no_cue_model(nlp):
    doc = nlp("He voted against the bill last year.")
    assert list(extract_claims(doc, use_model=False)) == []


def test_bad_cue_model_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "cue_model.json"
    bad.write_text('{"weights": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="bad cue model file"):
        load_cue_model(str(bad))


@pytest.mark.parametrize("text,verb,content", [
    pytest.param("The senator faulted the governor for the deficit.", "faulted", "the governor for the deficit",
                 id="object-before-preposition"),
    pytest.param("The senator railed against the deal.", "railed", "the deal", id="preposition-alone"),
])
def test_the_learned_candidate_reads_an_object_before_a_preposition(nlp, text, verb, content):
    from provenance.extract.candidate import Notes
    from provenance.extract.geometry import Page
    from provenance.extract.learned import candidate

    doc = nlp(text)
    page = Page(doc)
    tok = next(t for t in doc if t.text == verb)
    cand, feats = candidate(page, Notes(), tok)
    assert [text[s:e] for s, e in cand.segments] == [content] and feats["lemma=" + tok.lemma_.lower()] == 1.0


#: a model that proposes every verb the lexicon leaves without a claim
ALWAYS = CueModel({}, 30.0, 0.01)


@pytest.mark.parametrize("text,cue,source", [
    pytest.param("Asked about her own vote in the event that Clinton faces Trump, she replied: “I don’t know.”", "Asked", None,
                 id="asked-about-participle"),
    pytest.param("“No government is ever going to get it perfect,” Lopez-Cantera said when asked about the Florida Standards.",
                 "asked", None, id="when-asked-about"),
    pytest.param("Asked what a firm commitment looks like, Devine replied: “We are a long way off from that.”", "Asked", None,
                 id="asked-tagged-as-a-past"),
    pytest.param("Asked by Matt Lauer whether she had practiced her speech, she said, “I read it once over.”", "Asked",
                 "Matt Lauer", id="asked-by-agent-is-the-source"),
])
def test_who_is_asked_is_not_the_source_of_the_question(nlp, text, cue, source):
    """"Asked about X, Rubio said ...": Rubio was asked (PolNeAR marks no source), also when the cue model
    proposes the participle the lexicon left without a claim (ask is an addressee verb in cues.tsv)."""
    claims = [c for c in extract_claims(nlp(text), cue_model=ALWAYS) if c.cue.text.split()[0] == cue]
    assert len(claims) == 1, claims
    assert (claims[0].source.text if claims[0].source else None) == source


@pytest.mark.parametrize("text,cue", [
    pytest.param("This seems like a fine and fair idea.", "seems", id="seems-like"),
    pytest.param("For Trump, the returns seemed a reminder that huge rallies are not enough to turn out voters.", "seemed",
                 id="seemed-a-noun"),
])
def test_what_seems_so_has_no_speaker(nlp, text, cue):
    """A raising verb (cues.tsv kind evidential) the cue model proposes is the writer's hedge: its subject is what
    seems so, never a source (as for the evidential pattern's own claims)."""
    claims = [c for c in extract_claims(nlp(text), cue_model=ALWAYS) if c.cue.text == cue]
    assert len(claims) == 1 and claims[0].source is None, claims


@pytest.mark.parametrize("text,cue,kept", [
    pytest.param("The mayor sent a letter saying the plan was illegal.", "sent", False, id="defers-to-a-lexicon-cue"),
    pytest.param("“The New York Times is claiming today that they had an off-the-record conversation with you in January,” "
                 "Hannity started.", "started", True, id="not-to-a-quoted-one"),
    pytest.param("Rubio hoped to emerge as the mainstream alternative to Trump and Cruz, both of whom are viewed with suspicion "
                 "and worse by the Republican establishment.", "hoped", True, id="nor-to-one-that-cannot-stand-nested"),
])
def test_a_learned_claim_defers_to_a_lexicon_claim_in_its_content_that_would_stand_there(nlp, text, cue, kept):
    """What the lexicon finds inside a learned claim's content is trusted more, but a cue inside a quotation is the
    quoted speaker's: the learned cue that introduces the quotation stands ("Hannity started"); so does one whose
    content holds a lexicon claim that could not stand nested (a passive's "are viewed")."""
    claims = [c for c in extract_claims(nlp(text), cue_model=ALWAYS) if c.cue.text == cue and c.parent is None]
    assert len(claims) == int(kept), claims


#: news text with many verbs, cues and others, for the cue model's bound
MANY_VERBS = ("The mayor, who toured the flooded streets on Monday, pushed back against critics and vowed to rebuild. "
              "Residents complained about the delays, and one woman shouted at officials. The council voted against "
              "the plan, which had promised new housing, while the governor campaigned for a bigger budget. Engineers "
              "warned that the levee could fail. The children played in the park; their parents worried about the rain. "
              "\u201cWe are doing everything we can,\u201d the mayor insisted. Critics accused him of ignoring the warnings, "
              "and the newspaper sent a letter asking for the reports. He did not immediately respond.")


@pytest.mark.parametrize("threshold", [0.05, None, 0.6], ids=["low", "shipped", "high"])
def test_a_verb_whose_candidate_is_not_read_could_not_pass(nlp, threshold):
    """CueModel.could_pass never turns away a verb whose candidate reaches the threshold: on every verb of a real
    parse, the features of its real candidate are the verb's own (verb_features: same names, values
    and order) followed by those of CANDIDATE_FEATURES, and the bound passes every candidate the model would propose; some verbs are turned away."""
    from provenance.extract import load_lexicon
    from provenance.extract.candidate import Notes
    from provenance.extract.geometry import Page
    from provenance.extract.learned import CANDIDATE_FEATURES, _source_kind, candidate, verb_features
    from provenance.extract.rules import _strengths

    shipped = load_cue_model()
    model = CueModel(shipped.weights, shipped.bias, threshold or shipped.threshold)
    doc = nlp(MANY_VERBS)
    page, notes = Page(doc), Notes(strengths=_strengths(load_lexicon()))
    passed = turned_away = 0
    for tok in doc:
        if tok.pos_ != "VERB":
            continue
        lemma = tok.lemma_.lower()
        strength = notes.strengths.get(lemma, 0.0)
        own = verb_features(page, tok, strength, notes.strengths)
        could = model.could_pass(own, lemma, _source_kind(tok))
        turned_away += not could
        found = candidate(page, notes, tok, strength)
        if found is None:
            continue
        feats = found[1]
        assert list(feats.items())[:len(own)] == list(own.items())  # the verb's own first, in their order
        assert all(k.startswith(CANDIDATE_FEATURES) for k in list(feats)[len(own):])
        if model(feats) >= model.threshold:
            passed += 1
            assert could, tok.text
    assert passed > 0 and (turned_away > 0 or threshold == 0.05)
#: (text, verb, content, source): a lexicon verb whose object is the noun its clause modifies (a relative clause
#: with its object left out, a passive participle with its agent): the noun phrase is what is said
ANTECEDENT = [
    pytest.param("Sanders wants a fifth of its monthly income, an arrangement the Sanders campaign has criticized.",
                 "criticized", "an arrangement", "the Sanders campaign", id="relative-clause-object-left-out"),
    pytest.param("Wilson supported Proposition 226, a measure strongly opposed by unions.", "opposed", "a measure",
                 "unions", id="passive-participle-with-agent"),
    pytest.param("One Sanders-endorsed candidate to watch is Tim Canova.", "endorsed", "candidate", "Sanders",
                 id="hyphen-agent-participle"),
    pytest.param("He is a self-described democratic socialist who has spent a quarter-century in Congress.", "described",
                 "democratic socialist", "self", id="hyphen-agent-participle-self"),
    pytest.param("A Johnson-backed lawsuit against that threshold was thrown out this month.", "backed",
                 "lawsuit against that threshold", "Johnson", id="hyphen-agent-participle-noun-keeps-its-preposition"),
]


@pytest.mark.parametrize("text,verb,content,source", ANTECEDENT)
def test_what_a_relative_clause_says_is_the_noun_it_modifies(nlp, text, verb, content, source):
    from provenance.extract.candidate import Notes
    from provenance.extract.geometry import Page
    from provenance.extract.learned import candidate

    doc = nlp(text)
    tok = next(t for t in doc if t.text == verb)
    cand, feats = candidate(Page(doc), Notes(), tok, 0.8)  # 0.8: the verb's strength in the lexicon
    assert (cand.pattern, [text[s:e] for s, e in cand.segments], cand.source.text) == ("antecedent", [content], source)
    assert feats["pattern=antecedent"] == 1.0
    other, _ = candidate(Page(doc), Notes(), tok, 0.0) or (None, None)  # a verb outside the lexicon: not this shape
    assert other is None or other.pattern != "antecedent"


@pytest.mark.parametrize("text,verb", [
    pytest.param("They backed a plan that calls for deep cuts.", "calls", id="the-noun-is-the-subject"),
    pytest.param("They read the letter in which he called Trump a liar.", "called", id="an-object-of-its-own"),
    pytest.param("She recalled the debate in which he spoke.", "spoke", id="where-it-was-said"),
    pytest.param("The widely reported deal fell apart.", "reported", id="participle-before-its-noun-without-agent"),
    pytest.param("Officials found a well-hidden report.", "hidden", id="hyphen-adverb-is-no-agent"),
])
def test_a_relative_clause_with_its_own_subject_or_object_is_not_about_its_noun(nlp, text, verb):
    from provenance.extract.geometry import Page
    from provenance.extract.learned import antecedent

    doc = nlp(text)
    assert antecedent(Page(doc), next(t for t in doc if t.text == verb)) is None


@pytest.mark.parametrize("text,verb,lemma,source", [
    pytest.param("As the day went on, Eric Trump was pressed to explain the contrast with his own statements.",
                 "explain", "explain", "Eric Trump", id="passive-subject-of-a-control-verb"),
    pytest.param("Donald Trump has a long history of blaming others for his wounds.", "blaming", "blame", "Donald Trump",
                 id="gerund-under-an-object"),
    pytest.param("It is hard to explain the contrast.", "explain", "explain", None, id="expletive-is-nobody"),
])
def test_a_learned_verb_without_a_subject_is_said_by_the_subject_it_hangs_on(nlp, text, verb, lemma, source):
    model = CueModel({f"lemma={lemma}": 60.0}, -30.0, 0.5)  # proposes this verb alone
    claims = [c for c in extract_claims(nlp(text), cue_model=model) if c.cue.text == verb]
    assert len(claims) == 1 and (claims[0].source.text if claims[0].source else None) == source
