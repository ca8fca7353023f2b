"""The lineage verdict (provenance.lineage.match) on real text: pairs of PolNeAR claims and claim-less
sentences from benchmarks/lineage_pairs.jsonl, judged by benchmarks/lineage_guidelines.md, one row per
rule of the verdict, each with a pair it must take and a pair it must leave out, under the packaged
(train-tuned) thresholds. (Pairs the verdict took or left out correctly under earlier thresholds and
no longer does, since the tuning on round 5's train pairs: "What fails" in benchmarks/README.md.)"""

import math

import pytest

from provenance.lineage import match, text

C, S = "claim", "sentence"

CASES = [
    # whole ratio: the same quotation, punctuation and an apostrophe apart
    pytest.param(
        "Donald Trump‘s ignorant view of Islam could make both our countries less safe - it risks alienating "
        "mainstream Muslims around the world and plays into the hands of the extremists", C,
        "Donald Trump's ignorant view of Islam could make both our countries less safe -- it risks alienating "
        "mainstream Muslims around the world and plays into the hands of the extremists", C,
        True, id="ratio: the same quote"),
    pytest.param(  # a statement and its negation share most letters: ratio stays under the bar, no run
        "I'm going to be the next president of the United States.", S,
        "that Trump will not be the next president of the United States", C,
        False, id="ratio: a negation is another statement"),
    pytest.param(  # 89 by letters: "barring"/"banning" and "foreign" are rare words, 64 by weighted words
        "barring all foreign Muslims from entering the United States", C,
        "banning all Muslims from entering the United States", C,
        False, id="ratio: other rare words make another statement"),
    # a part: the shorter found in the longer (the part rule is off under the thresholds tuned since the
    # piece rule: a verbatim sentence of a longer quote is taken as a piece, a part inside a sentence is not)
    pytest.param(  # the longer as the article's sentences cut it
        ("He is becoming ISIS’s best recruiter", "They are going to people, showing videos of Donald Trump "
         "insulting Islam and Muslims in order to recruit more radical jihadists"), C,
        "He is becoming ISIS's best recruiter", C,
        True, id="piece: the first sentence of a quote"),
    pytest.param(
        ("We're letting people come in from terrorist nations that shouldn't be allowed, because you can't vet "
         "them", "There's no way of vetting them.", "You have no idea who they are.",
         "This could be the great Trojan horse of all time"), C,
        "This could be the great Trojan horse of all time", C,
        True, id="piece: the closing sentence of a quote"),
    pytest.param(
        "Hillary Clinton’s use of a private email server", C,
        "He repeatedly linked cybersecurity to Hillary Clinton’s use of a private email server — an opportunity "
        "he largely missed at last week’s debate.", S,
        False, id="part: a topic noun phrase weighs too little"),
    pytest.param(
        "that our country is on the wrong track", C,
        "that his pitch better fits the mood of the electorate, given that polls consistently show majorities of "
        "Americans believe the country is on the “wrong track” and large numbers of people really are struggling",
        C, False, id="part: a stock phrase"),
    # sentence: a whole claim-less sentence aligned in a claim (that rule is off too since the piece rule:
    # a quoted sentence printed alone is taken as a piece)
    pytest.param(
        ("No, I meant he’s the founder of ISIS", "I do.", "He was the most valuable player.", "… He was the founder"),
        C, "He was the most valuable player.", S,
        True, id="piece: a quoted sentence printed alone"),
    pytest.param(
        "carpet-bomb [the Islamic militants] into oblivion don't if sand can glow in the dark, but we're going to "
        "find out we now finally are where we need to be", C,
        '"Are we where we need to be?', S,
        False, id="sentence: common words only"),
    # passage: two quotes that overlap (the end of one is the start of the other)
    pytest.param(
        "The unfairness of the tax laws is unbelievable It’s something I’ve been talking about for a long time "
        "despite, frankly, being a big beneficiary of the law", C,
        "It’s something I’ve been talking about for a long time despite, frankly, being a big beneficiary of the "
        "laws. But I’m working for you now. I’m not working for Trump me", C,
        True, id="passage: overlapping quotes"),
    pytest.param(  # two copies of one statement, each with words the extractor lost ("ll", "imply")
        "She did it again and ll it again. It’s misleading to imply that TARP II was an auto bailout bill", C,
        "She did it again and I'll say it again s misleading to that TARP II was an auto bailout bill", C,
        True, id="passage: one statement, a word or two lost in each copy"),
    pytest.param(  # a shared stretch, but other names in its gaps: other people
        "both Sen. John McCain (R-Az.) and former New York City Mayor Rudy Giuliani", C,
        "Sen. Jeff Sessions (R-Al.) and former New York City Mayor Rudy Giuliani wore a Donald Trump campaign "
        "hat reading Make Mexico Great Again Too", C,
        False, id="passage: other names in the gaps"),
    pytest.param(
        "to prevent him from acquiring the 1,237 delegates needed to secure the nomination", C,
        "The win is a boost for anti-Trump forces as they try to prevent him from reaching the 1,237 delegates "
        "needed to clinch the nomination.", S,
        False, id="passage: too short and too common a stretch"),
    # piece: a sentence of one against a sentence of the other (a claim's text keeps its sentence breaks:
    # a tuple here is a claim's sentence pieces, as the article's sentences cut it)
    pytest.param(
        ("This is a big night for us", "It’s probably a three-person race leaving here.",
         "If you don’t want Trump or Cruz to be the nominee, you better get on board with Marco Rubio"), C,
        "If you don't want Ted Cruz or Donald Trump as the nominee, you better get on board with Marco Rubio", C,
        True, id="piece: a quoted sentence, names in another order"),
    pytest.param(
        "they support a proposal to temporarily ban all non-citizen Muslims from entering the United States", C,
        "they want a ban on non-citizen Muslims entering the United States", C,
        False, id="piece: a paraphrase of one sentence"),
    # too few tokens: never a match, however verbatim
    pytest.param(
        "As a tip worker, I make a sub-minimum wage of $5 an hour plus tips. It doesn’t make any sense. I never "
        "really know how much I’m going to make", C,
        "“It doesn’t make any sense.", S,
        False, id="min_words: a five-word sentence"),
]


@pytest.mark.parametrize("a, kind_a, b, kind_b, same", CASES)
def test_verdict_on_real_pairs(a, kind_a, b, kind_b, same):
    th = match.load_thresholds()
    na, nb = (text.normalise_pieces(x) if isinstance(x, tuple) else text.normalise(x) for x in (a, b))
    got = match.same(na, nb, th, (kind_a, kind_b))
    assert (got is not None) is same, match.scores(na, nb, (kind_a, kind_b))
    assert match.same(nb, na, th, (kind_b, kind_a)) == got  # symmetric: arrival order never matters


@pytest.mark.parametrize(
    "a, b",
    [
        ("The question is, 'Ninety percent of what?'", "The question is: 90 percent of what?"),
        ("Some 20% of people", "some twenty percent of people"),
    ],
)
def test_number_words_are_digits_and_percent_is_dropped(a, b):
    assert match.tokens(text.normalise(a)) == match.tokens(text.normalise(b))


def test_a_different_figure_stays_a_different_token():
    assert match.tokens(text.normalise("six percent")) == ["6"]
    assert match.tokens(text.normalise("sixteen percent")) == ["16"]


def test_word_weights_come_from_the_packaged_train_table():
    """Rare words weigh more than common ones; a word missing from the table weighs as a word of one
    article; nothing depends on a database (clusters never depend on what was ingested before)."""
    articles, df = match._frequencies()
    assert articles == 840 and df["the"] > 800
    assert match.weight("the") < match.weight("sense") < match.weight("waterboarding")
    assert match.weight("zzzqxv") == pytest.approx(math.log((articles + 1) / 2))


@pytest.mark.parametrize(
    "short, long_, blocks",
    [
        ("a b c d", "x y a b c d z", [(0, 4)]),
        ("a b c d", "x a b q c d", [(0, 2), (2, 2)]),  # a word inserted in the longer copy
        ("a b c d", "a b d", [(0, 2), (3, 1)]),  # a word cut in the longer copy
        ("a b c d", "e f g h", []),
    ],
)
def test_the_shorter_is_aligned_word_by_word_in_one_stretch_of_the_longer(short, long_, blocks):
    assert match.align(short.split(), long_.split()) == blocks


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("though", "although", True),  # transcription variants
        ("isiss", "isis", True),  # "ISIS's" / "ISIS"
        ("asawitiri", "asawitri", True),  # a name typed two ways
        ("muslims", "muslim", True),
        ("impossible", "possible", False),  # a negation is another word
        ("unlikely", "likely", False),
        ("shouldnt", "should", False),
        ("2020", "2022", False),  # different figures are different statements
        ("would", "could", False),  # alike, but not alike enough
        ("she", "he", False),  # too short to tell
        ("banning", "barring", False),
    ],
)
def test_a_variant_is_one_word_spelled_two_ways(a, b, same):
    assert match.variant(a, b) is same
    assert match.variant(b, a) is same


def test_variants_align_as_one_token():
    short = match.tokens(text.normalise("Although the Second Amendment people, maybe there is."))
    long_ = match.tokens(text.normalise("Though the Second Amendment people, maybe there is, I don't know"))
    assert match.align(short, long_) == [(0, len(short))]


@pytest.mark.parametrize(
    "a, b, found",
    [
        # two gaps of one and two tokens: one passage of the 13 tokens aligned
        ("hillary clinton will get 90 percent of the african american vote the question is 90 percent of what",
         "hillary clinton would get 90 percent of the black vote the question is 90 percent of what", 13),
        # a gap with a figure on both sides ends the passage: the weightier stretch (the 6 tokens after the
        # figure, rarer words than the 7 before it) is the passage, not the 13 tokens around the figure
        ("clinton leads sanders in california by about 6 points among likely democratic primary voters",
         "clinton leads sanders in california by about 13 points among likely democratic primary voters", 6),
        # a gap of three tokens ends it too
        ("a b c d e f", "a b c x y z d e f", 3),
    ],
)
def test_a_passage_is_aligned_stretches_with_small_gaps(a, b, found):
    got, info = match.passage(match.tokens(a), match.tokens(b))
    assert got == found and info > 0


def test_the_whole_ratio_is_the_lower_of_letters_and_weighted_words():
    a, b = text.normalise("barring all foreign Muslims from entering the United States"), text.normalise(
        "banning all Muslims from entering the United States")
    s = match.scores(a, b)
    assert s.ratio == match.word_ratio(match.tokens(b), match.tokens(a)) < 70
    assert match.scores(a, a).ratio == 100




ARTICLE = "He spoke. “We’re going to build a wall,” he said. “It’s going to be built. Believe it.” Then he left."
SENTENCES = ["He spoke.", "“We’re going", "“It’s going", "Believe it", "Then he"]  # where each begins


def at(words: str) -> tuple[int, int]:
    start = ARTICLE.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    "spans, pieces",
    [
        # a content within one sentence: one piece, its words
        pytest.param([at("We’re going to build a wall")], ["We’re going to build a wall"], id="one sentence"),
        # a content running over two sentences: cut where the second begins
        pytest.param([at("It’s going to be built. Believe it.")], ["It’s going to be built.", "Believe it."],
                     id="two sentences"),
        # a content split by "he said" across a sentence start: each sentence's parts joined, then cut there
        pytest.param([at("We’re going to build a wall"), at("It’s going to be built. Believe it.")],
                     ["We’re going to build a wall", "It’s going to be built.", "Believe it."],
                     id="split content, three sentences"),
        # the parts of one sentence stay one piece
        pytest.param([at("We’re going"), at("build a wall")], ["We’re going build a wall"],
                     id="split content, one sentence"),
    ],
)
def test_a_claims_text_is_cut_where_its_articles_sentences_begin(spans, pieces):
    starts = [ARTICLE.index(s) for s in SENTENCES]
    start, end = spans[0][0], spans[-1][1]
    got = text.sentence_pieces(ARTICLE[start:end], start, spans if len(spans) > 1 else None, starts)
    assert [text.normalise(p) for p in got] == [text.normalise(p) for p in pieces]
    norm = text.normalise_pieces(got)
    assert norm.count(text.BREAK) == len(pieces) - 1
    # the break is no word: the words, the shingles and the verdict's tokens are those of the whole
    whole = text.normalise(" ".join(got))
    assert text.word_count(norm) == len(whole.split())
    assert text.shingles(norm) == text.shingles(whole)
    assert match.tokens(norm) == match.tokens(whole)
