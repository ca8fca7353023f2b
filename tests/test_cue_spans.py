"""Longer cues (cues.tsv flags cue-infinitive and cue-object, learned by scripts/learn_cue_spans.py):
the infinitive's verb or the object noun and its preposition belong to the cue, so the content starts
where annotators start it. Real parses, the shipped lexicon and models."""

import pytest

from provenance.extract import extract_claims, load_lexicon

#: (text, cue, source, content): longer cues, and as-clauses
LONGER = [
    pytest.param("The senator expressed concern about the cost of the new bridge.", "expressed concern about",
                 "The senator", "the cost of the new bridge", id="cue-object-lexicon-verb"),
    pytest.param("The governor has made comments about the state pension fund.", "made comments about",
                 "The governor", "the state pension fund", id="cue-object-light-verb"),
    pytest.param("She delivered an impassioned defense of the trade deal.", "delivered an impassioned defense of",
                 "She", "the trade deal", id="cue-object-modified-noun"),
    pytest.param("The governor expressed his belief that the plan would fail.", "expressed his belief", "The governor",
                 "that the plan would fail", id="cue-object-that-clause"),
    # a participle on the object joins the cue (PolNeAR train: "issued a statement saying", "issued statements condemning")
    pytest.param("Senate Majority Leader Mitch McConnell issued a statement saying that the Senate should not confirm a "
                 "replacement until after the presidential election.", "issued a statement saying",
                 "Senate Majority Leader Mitch McConnell",
                 "that the Senate should not confirm a replacement until after the presidential election",
                 id="cue-object-participle-clause"),
    pytest.param("All three candidates issued statements condemning the coordinated attacks.",
                 "issued statements condemning", "All three candidates", "the coordinated attacks",
                 id="cue-object-participle-object"),
    # flag cue-participle (a verb without cue-object): "published a story detailing X"
    pytest.param("Last week, POLITICO published a story detailing four police reports filed during two decades of "
                 "marriage.", "published a story detailing", "POLITICO",
                 "four police reports filed during two decades of marriage", id="cue-participle-flag"),
    pytest.param("She continued to insist that the tax cut would pay for itself.", "continued to insist", "She",
                 "that the tax cut would pay for itself", id="cue-infinitive-clause"),
    pytest.param("He continued to push for a higher minimum wage.", "continued to push for", "He",
                 "a higher minimum wage", id="cue-infinitive-preposition"),
    pytest.param('Marlow said in a statement that "partisan gridlock has kept Congress from acting on the crisis."',
                 "said in a statement", "Marlow", 'that "partisan gridlock has kept Congress from acting on the crisis',
                 id="said-in-a-statement-clause-on-the-noun"),
    # "As X said, ..." (an as-clause before the clause it attributes; after it, the clause before the cue)
    pytest.param("As the minister pointed out, the economy is growing again.", "pointed out", "the minister",
                 "the economy is growing again", id="as-clause-first"),
    pytest.param("The economy is growing again, as the minister pointed out.", "pointed out", "the minister",
                 "The economy is growing again", id="as-clause-last"),
]


@pytest.mark.parametrize("text,cue,source,content", LONGER)
def test_one_claim_with_these_words(nlp, text, cue, source, content):
    claims = list(extract_claims(nlp(text)))
    assert [(c.cue.text, c.source.text, c.content.text) for c in claims] == [(cue, source, content)]


@pytest.mark.parametrize("text", [
    # "continue" has the flag cue-infinitive, but "grow" is no cue verb: no claim, as before the flag
    pytest.param("Sales continue to grow in Asia.", id="light-verb-infinitive-reporting-nothing"),
    pytest.param("As the crowd cheered, the senator waved.", id="as-clause-of-time"),
])
def test_no_claim(nlp, text):
    assert list(extract_claims(nlp(text))) == []


def test_the_flags_are_in_the_data_file():
    lex = load_lexicon()
    assert lex.cue_frames["continue"] == {"cue-infinitive"}
    assert lex.cue_frames["quick"] == {"cue-infinitive"}  # an adjective's light entry: "was quick to embrace"
    assert "cue-participle" in lex.verbs["publish"][""].flags
    assert "cue-object" in lex.cue_frames["make"] and "make" not in lex.verbs  # a light entry: never a cue alone
    # "make" opens a cue only with the adjective of its verb + adjective entry ("made it clear that ...")
    assert "make" in lex.verb_adjectives and set(lex.verb_adjectives["make"]) == {"clear"}



#: a quotation continued after its speaker's sentence, that sentence holding a quoted title
TITLES = [
    pytest.param("“Of course we will publish the records,” Marlow said during an interview on “Meet the Press” Sunday. "
                 "“I am very healthy. It is not a problem.”",
                 ["Of course we will publish the records", "I am very healthy. It is not a problem"], id="title-mid-sentence"),
    pytest.param('"It is not unfair. It is true," Marlow said Wednesday on ABC\'s "Good Morning America." '
                 '"She is not going to do well in the election."',
                 ["It is not unfair. It is true", "She is not going to do well in the election"], id="title-ends-sentence"),
]


@pytest.mark.parametrize("text,segments", TITLES)
def test_a_quoted_title_does_not_stop_the_quotation_continuing(nlp, text, segments):
    (claim,) = extract_claims(nlp(text))
    assert claim.source.text == "Marlow"
    assert [text[s:e] for s, e in claim.content.segments] == segments


def test_an_adjectives_light_entry_gives_the_longer_cue(nlp):
    """"was quick to embrace X": the adjective's light entry (cue-infinitive) makes the infinitive's verb part
    of the cue, as for a verb ("tried to paint"); whether such a claim is kept is the cue model's call."""
    from provenance.extract.candidate import Notes
    from provenance.extract.geometry import Page
    from provenance.extract.learned import candidate

    text = "McConnell was quick to embrace the mogul after he clinched the nomination."
    doc = nlp(text)
    page = Page(doc)
    tok = next(t for t in doc if t.text == "quick")
    cand, _ = candidate(page, Notes(), tok, flags=load_lexicon().cue_frames["quick"])
    cue = text[doc[cand.cue_a].idx : doc[cand.cue_b - 1].idx + len(doc[cand.cue_b - 1])]
    assert (cue, cand.source.text, [text[s:e] for s, e in cand.segments]) == ("quick to embrace", "McConnell", ["the mogul"])
