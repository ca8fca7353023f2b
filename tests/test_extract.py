"""The attribution extractor on hand-written sentences (real model parses) and the seed article."""

from pathlib import Path

import attrs
import pytest
from spacy.tokens import Doc

from provenance.extract import extract_claims, load_lexicon
from provenance.extract.boundary import BoundaryModel
from provenance.extract.quotes import find_quotes
from provenance.model import CLAIM_TYPES

_REPO = Path(__file__).resolve().parents[1]
# <repo>/../shared in a plain clone; helpers' worktrees sit one level deeper (<work>/wt/<name>)
SEED = next(
    (p for p in (_REPO.parent / "shared", _REPO.parent.parent / "shared") if (p / "examples").is_dir()),
    _REPO.parent / "shared",
) / "examples" / "000_43e97ed149c4cf71.txt"
CLASSES = {"neutral", "assertive", "evaluative", "concessive", "denial", "belief"}
#: The cue patterns' own content edges: the learned boundary model may move a top-level claim's edges after them,
#: and tests/test_boundary.py owns what it does (each refit of the model may move its choices; the rules' do not).
RULES_EDGES = BoundaryModel({}, 0.0, float("inf"))


def check_offsets(text, claims):
    for c in claims:
        assert c.type in CLAIM_TYPES
        assert 0.0 < c.confidence <= 1.0
        assert c.cue_class in CLASSES
        for role, span in c.spans():
            assert text[span.start : span.end] == span.text, role
            assert span.text == span.text.strip(), role
            for s, e in span.segments:
                assert span.start <= s < e <= span.end
        assert c.cue.text and c.content.text


def claims_of(nlp, text):
    doc = nlp(text)
    claims = list(extract_claims(doc, boundary_model=RULES_EDGES))
    check_offsets(text, claims)
    return claims


def one(claims, cue):
    found = [c for c in claims if c.cue.text == cue]
    assert len(found) == 1, [(c.cue.text, c.content.text) for c in claims]
    return found[0]


def seg_texts(text, span):
    return [text[s:e] for s, e in span.segments]


# ------------------------------------------------------------- one claim, one pattern
#: (text, cue, type, source text, content): content is the text, or its segments when a list;
#: ``...`` = not checked. The id names the pattern (see provenance/extract/patterns.py).
CASES = [
    # quotations next to speaker and cue
    pytest.param("“We will not accept this deal,” she said.", "said", "direct", "she", "We will not accept this deal",
                 id="quote-speaker-after"),
    pytest.param("The finance minister said: “Inflation is falling and wages are rising.”", "said", "direct",
                 "The finance minister", "Inflation is falling and wages are rising", id="quote-after-colon"),
    pytest.param("“The economy,” the minister said, “is in better shape than ever.”", "said", "direct", "the minister",
                 ["The economy", "is in better shape than ever"], id="quote-around-speaker-discontinuous"),
    pytest.param("“We are on our fourth secretary of defense,” he said. “There is a reason for that.”\n\nThe hearing ended.",
                 "said", "direct", ..., ["We are on our fourth secretary of defense", "There is a reason for that"],
                 id="quote-continues-next-sentence"),
    pytest.param("''Buying an old jet is like buying a bag of chips,'' he said. ''It is a lot of food for a low price.''",
                 "said", "direct", ..., ["Buying an old jet is like buying a bag of chips", "It is a lot of food for a low price"],
                 id="quote-typewriter-marks-continue"),
    pytest.param("\"I'm a voter,\" declares Stephanie Acs, 27, a Navy veteran. \"If I have a view on something, I don't just "
                 "post it on Facebook.\"\n\nDewayne Smithy, 33, of Baldwin, Miss., dismisses the idea that casting a ballot is "
                 "likely to make a difference.", "dismisses", "indirect", "Dewayne Smithy, 33, of Baldwin, Miss",
                 "the idea that casting a ballot is likely to make a difference", id="quote-of-the-paragraph-before-is-not-content"),
    pytest.param("The district saw 30 applicants for delegate slots, which he said were about evenly split between Trump "
                 "and Cruz.", "said", "indirect", "he", ["which", "were about evenly split between Trump and Cruz"],
                 id="relative-pronoun-subject-of-the-reported-clause"),
    pytest.param("“Donald's record does not match what he says,” Cruz told reporters after a forum in Fort Mill, S.C. "
                 "“It seems Donald has a lot of nervous energy.”", "told", "direct", "Cruz",
                 ["Donald's record does not match what he says", "It seems Donald has a lot of nervous energy"],
                 id="quote-continues-after-abbreviation"),
    pytest.param("“Of course it is not appropriate,” Cruz said in response to a question from a reporter ahead of his "
                 "fourth event of the day on Monday in Illinois. “What a bizarre world we are in.”", "said", "direct", "Cruz",
                 ["Of course it is not appropriate", "What a bizarre world we are in"], id="quote-continues-after-long-tail"),
    pytest.param("“We will win the state,” he said. “No, you will not,” his rival replied.", "said", "direct", "he",
                 "We will win the state", id="quote-ending-in-comma-is-the-next-cues"),
    pytest.param("“We will win the state,” he said. He added that the polls were wrong. “They always are.”", "said", "direct",
                 "he", "We will win the state", id="quote-after-another-sentence-not-continued"),
    pytest.param("“Basically all of my relationships are with girls and with women — overwhelmingly so,” Butz, 49, told The "
                 "Huffington Post. “I found myself wanting to find some sort of deeper insight.”", "told", "direct", "Butz, 49",
                 ["Basically all of my relationships are with girls and with women — overwhelmingly so",
                  "I found myself wanting to find some sort of deeper insight"],
                 id="quote-continues-after-a-speaker-the-parse-hangs-the-closing-marks-on"),
    pytest.param('Obama "felt a moral obligation to do something about" climate change, Axelrod said. "This is not just a '
                 'cosmetic item on his list. This is core stuff for him."', "said", ..., "Axelrod",
                 ['Obama "felt a moral obligation to do something about" climate change',
                  "This is not just a cosmetic item on his list. This is core stuff for him"],
                 id="quote-continues-a-content-with-quoted-words-before-the-speaker"),
    pytest.param('Voters "want someone who fights for them" in this race, Axelrod said. "And that" is what she offers.', "said",
                 ..., "Axelrod", 'Voters "want someone who fights for them" in this race',
                 id="quote-that-is-not-its-whole-sentence-does-not-continue-a-content"),
    pytest.param("“We will not back down on this bill,” Toomey fumed on Tuesday. “The vote is ours to win.”", "fumed", "direct",
                 "Toomey", ["We will not back down on this bill", "The vote is ours to win"],
                 id="quote-continues-after-a-learned-cue-whose-preposition-says-when"),
    pytest.param("“It's unusual,“ said Larry Noble, an attorney with the Campaign Legal Center. “It's a hard thing to do.”", "said",
                 "direct", "Larry Noble, an attorney with the Campaign Legal Center", ["It's unusual", "It's a hard thing to do"],
                 id="quote-closed-by-an-opening-mark-typo-before-the-speaker"),
    pytest.param("“We will release our records,” Sanders said during an interview on CNN’s “State of the Union” Sunday. “It is "
                 "not a problem.”", "said", "direct", "Sanders", ["We will release our records", "It is not a problem"],
                 id="quote-continues-after-a-title-with-small-words-in-the-speakers-sentence"),
    pytest.param("“All of us are fearful that they would steal the nomination,” Collins told MSNBC.\n\n"
                 "“So the best way we do it, we get to 1,237. Game over.”\n\nThe race goes on.", "told", "direct", "Collins",
                 ["All of us are fearful that they would steal the nomination", "So the best way we do it, we get to 1,237. Game over"],
                 id="quote-continues-in-next-paragraph"),
    pytest.param("“All of us are fearful that they would steal the nomination,” Collins told MSNBC.\n\n"
                 "“So the best way we do it, we get to 1,237,” he added.", "told", "direct", "Collins",
                 "All of us are fearful that they would steal the nomination", id="quote-next-paragraph-with-its-own-cue"),
    pytest.param("“All of us are fearful that they would steal the nomination,” Collins told MSNBC. The host laughed.\n\n"
                 "“So the best way we do it, we get to 1,237.”", "told", "direct", "Collins",
                 "All of us are fearful that they would steal the nomination", id="quote-next-paragraph-after-other-sentence"),
    pytest.param("He urged viewers to watch what he called her “sex tape.” Ditto said she expects the campaign to win.",
                 "said", ..., "Ditto", "she expects the campaign to win", id="quote-closing-earlier-sentence-not-taken"),
    pytest.param("“Perpetual motion!” Rep. Glenn Thompson said of the convention.", "said", "direct", "Rep. Glenn Thompson",
                 "Perpetual motion", id="quote-exclamation-before-speaker"),
    pytest.param("“What is shaping up is a battle for the ages,” said David Brock, a Clinton confidant.", "said", "direct",
                 "David Brock, a Clinton confidant", "What is shaping up is a battle for the ages", id="quote-inverted-speaker"),
    pytest.param('No money, no volunteers, running against a woman who is enormously well-known."\n\n'
                 '"That would be Hillary Clinton," said Bernie Sanders.', "said", ..., "Bernie Sanders",
                 "That would be Hillary Clinton", id="quote-not-from-previous-paragraph"),
    # complement clauses and objects
    pytest.param("A senior official familiar with the talks said that the agreement would be signed next week.", "said", ...,
                 "A senior official familiar with the talks", "that the agreement would be signed next week",
                 id="ccomp-source-keeps-modifiers"),
    pytest.param("Manny Gomez said seeing so many police officers at the parade was a welcome sight.", "said", ...,
                 "Manny Gomez", "seeing so many police officers at the parade was a welcome sight", id="ccomp-gerund"),
    pytest.param("The senator said he supports the final bill, which includes provisions not in the Senate bill.", "said",
                 ..., ..., "he supports the final bill", id="ccomp-trailing-relative-dropped"),
    pytest.param("Trump said he would recognize Jerusalem as the capital of Israel, drawing boos from the crowd.", "said",
                 ..., "Trump", "he would recognize Jerusalem as the capital of Israel", id="ccomp-trailing-participle-dropped"),
    pytest.param("Cardin stressed that \"the way to proceed is to get Democrats and Republicans working together,\" suggesting "
                 "that the only way to do that might be to renew the sanctions act.", "stressed", ..., "Cardin",
                 'that "the way to proceed is to get Democrats and Republicans working together',
                 id="ccomp-trailing-participle-after-a-quote-dropped"),
    pytest.param("Trump identified the judge as “Spanish,” which is what some people call anyone they believe speaks Spanish.",
                 "identified", ..., "Trump", "the judge as “Spanish", id="as-trailing-relative-after-a-quote-dropped"),
    pytest.param("Clinton urged Congress to close the “Charleston loophole,” a flaw in the background check system.", "urged",
                 ..., "Clinton", "Congress to close the “Charleston loophole", id="xcomp-trailing-gloss-after-a-quote-dropped"),
    pytest.param("The chairman announced four votes for Trump and two abstentions, a result which drew murmurs from the delegates.",
                 "announced", ..., "The chairman", "four votes for Trump and two abstentions", id="dobj-trailing-gloss-dropped"),
    # the parse ran the sentence over a paragraph break: the quotation of the paragraph before is someone else's
    pytest.param('The movie depicts one of the security contractors asking, "For what, so more guys like [the two '
                 'contractors killed] have to save your ass again?"\n\n"That never happened," Bob said. Eyebrows raised, he '
                 'asked, "I was going to stay behind by myself?"', "said", "direct", "Bob", "That never happened",
                 id="quote-parse-over-a-paragraph-break"),
    pytest.param("“And that’s why steady, experienced leadership is so important at times like these.”\n\nTrump, who has "
                 "relied on populist fervor, has said Britain’s anti-EU movement had parallels with his own quest to become "
                 "the US president.", "said", "indirect", "Trump, who has relied on populist fervor",
                 "Britain’s anti-EU movement had parallels with his own quest to become the US president",
                 id="ccomp-no-quotation-that-ended-its-own-sentence-before-the-speaker"),
    # "according to" qualifies the clause without its opening connective or concession; a time clause stays
    pytest.param("But HarperCollins declined to renew the offer, according to two people briefed on the matter.",
                 "according to", "according_to", "two people briefed on the matter",
                 "HarperCollins declined to renew the offer", id="according-to-without-a-leading-but"),
    pytest.param("Despite a month of sharpened attacks, Senator Bernie Sanders of Vermont has failed to dent Hillary "
                 "Clinton's lead in the Democratic race, according to a new poll.", "according to", "according_to",
                 "a new poll", "Senator Bernie Sanders of Vermont has failed to dent Hillary Clinton's lead in the "
                 "Democratic race", id="according-to-without-a-fronted-concession"),
    # a preposition opening its clause with a poll or survey as its object (cues.tsv kind prep, flag source-object)
    pytest.param("In a Gallup poll released on Monday, 45 percent of farmers backed the new tariff.", "In",
                 "according_to", "a Gallup poll released on Monday", "45 percent of farmers backed the new tariff",
                 id="prep-object-poll-opens-the-clause"),
    pytest.param("In the latest survey of Ohio voters, the senator trails his challenger by six points.", "In",
                 "according_to", "the latest survey of Ohio voters", "the senator trails his challenger by six points",
                 id="prep-object-survey-opens-the-clause"),
    pytest.param("When she refused, Grayson began vilifying her, according to the lawsuit.", "according to",
                 "according_to", "the lawsuit", "When she refused, Grayson began vilifying her",
                 id="according-to-keeps-a-fronted-time-clause"),
    pytest.param('Trump also argued the Keystone XL pipeline, which is widely supported by Republicans, "wouldn\'t go 10 feet" '
                 'without the use of eminent domain.', "argued", ..., "Trump", 'the Keystone XL pipeline, which is widely '
                 'supported by Republicans, "wouldn\'t go 10 feet" without the use of eminent domain',
                 id="ccomp-subject-the-parse-made-an-object"),
    pytest.param("The mayor called on Michigan Gov. Rick Snyder to resign over the lead poisoning crisis in Flint.", "called",
                 ..., "The mayor", "Michigan Gov. Rick Snyder to resign over the lead poisoning crisis in Flint",
                 id="xcomp-called-on-someone-to"),
    # what follows an object or prepositional content word for word and annotators read with it
    pytest.param("Many voters here view Clinton favorably, but they distrust her.", "view", ..., "Many voters here",
                 "Clinton favorably", id="dobj-manner-adverb-kept"),
    pytest.param("Obama endorsed her recently.", "endorsed", ..., "Obama", "her", id="dobj-time-adverb-not-kept"),
    pytest.param("Obama has also approved a small number of special operations forces to help rebel fighters in Syria.",
                 "approved", ..., "Obama", "a small number of special operations forces to help rebel fighters in Syria",
                 id="dobj-purpose-infinitive-kept"),
    pytest.param("The senator defended his call to raise the federal minimum wage to $15 an hour.", "defended", ...,
                 "The senator", "his call to raise the federal minimum wage to $15 an hour", id="dobj-noun-and-its-infinitive"),
    pytest.param("We watch Tehran's negotiators relentlessly referring to the US as the “Great Satan.”", "referring", ...,
                 "Tehran's negotiators", "the US as the “Great Satan", id="prep-then-as-phrase-kept"),
    pytest.param("For now, the administration waves off the delay as having “minimal” impact.", "waves", ...,
                 "the administration", "the delay as having “minimal” impact", id="prep-object-as-participle-kept"),
    # a coordinator whose conjunct the parse hung elsewhere does not end the content
    pytest.param("Dottie Deans, the chairwoman of the Vermont Democratic Party, is supporting Sanders as a superdelegate and in "
                 "a statement credited him for \"an exciting and inspiring campaign.\"", "supporting", ...,
                 "Dottie Deans, the chairwoman of the Vermont Democratic Party", "Sanders as a superdelegate",
                 id="dobj-dangling-and-dropped"),
    pytest.param("Arriving upon the scene, police began searching for active shooters, believing there may be as many as "
                 "three, but finding only one man who killed himself.", "believing", ..., "police",
                 "there may be as many as three", id="ccomp-dangling-but-dropped"),
    pytest.param("Teachers unions were among the earliest supporters of Hillary Clinton, with the American Federation of "
                 "Teachers calling her “the champion working families need” and powerful AFT President Randi Weingarten "
                 "hugging her on stage.", "calling", ..., "the American Federation of Teachers",
                 "her “the champion working families need", id="dobj-dangling-and-after-a-quote-dropped"),
    pytest.param("Putin said he was a stronger leader than President Barack Obama, a Democrat.", "said", ..., "Putin",
                 "he was a stronger leader than President Barack Obama, a Democrat", id="ccomp-apposition-to-a-name-kept"),
    pytest.param("Just look at the speaker. He's said he gets his ideas about money from a novel.", "said", "indirect", "He",
                 "he gets his ideas about money from a novel", id="ccomp-contracted-perfect-not-passive"),
    pytest.param("Pushed by host Chuck Todd on the question, the senator admitted that the plan had failed.", "admitted", ...,
                 "the senator", "that the plan had failed", id="ccomp-fronted-participle"),
    pytest.param("A comic tone, she said, would make the subject more accessible.", "said", "indirect", "she",
                 ["A comic tone", "would make the subject more accessible"], id="before-parenthetical-cue"),
    pytest.param("His former partner called him a master at closing impossible deals.", "called", ..., "His former partner",
                 "him a master at closing impossible deals", id="dobj-object-and-predicate"),
    pytest.param("The senator tweeted a link to a story about fraud in Kentucky.", "tweeted", ..., "The senator",
                 "a link to a story about fraud in Kentucky", id="dobj-keeps-its-pp"),
    pytest.param("The pastor asked the congregation to stand for a minute of silence.", "asked", ..., "The pastor",
                 "the congregation to stand for a minute of silence", id="xcomp-object-and-infinitive"),
    pytest.param("Michigan's attorney general asked the Supreme Court for quick action on the case.", "asked", ...,
                 "Michigan's attorney general", "quick action on the case", id="about-addressee-for-phrase"),
    # sources the parse hides
    pytest.param("RENO, Nev. (AP) — Republican presidential hopeful Donald Trump says he does not watch football.", "says",
                 "indirect", "Republican presidential hopeful Donald Trump", "he does not watch football", id="source-after-dateline"),
    pytest.param("JACKSON, Miss. - U.S. District Judge Carlton W. Reeves said the law was unconstitutional.", "said",
                 "indirect", "U.S. District Judge Carlton W. Reeves", "the law was unconstitutional", id="source-after-hyphen-dateline"),
    pytest.param("US - Mexico talks failed, officials said.", "said", "indirect", "officials", "US - Mexico talks failed",
                 id="content-two-letter-name-is-no-dateline"),
    pytest.param("Even Mr. Peck of SunTrust doubts that a deal will come before 2017.", "doubts", ..., "Mr. Peck of SunTrust",
                 "that a deal will come before 2017", id="source-without-focus-particle"),
    pytest.param("Caucus-goers were slightly more likely to say they preferred Clinton.", "say", "indirect", "Caucus-goers",
                 "they preferred Clinton", id="source-over-adjective-complement"),
    pytest.param("Sexton was quick to point out that not all supporters espoused such views.", "point out", "indirect", "Sexton",
                 "that not all supporters espoused such views", id="source-over-adjective-complement-particle"),
    pytest.param("It is hard to say whether the plan will work.", "say", "indirect", None, "whether the plan will work",
                 id="source-not-an-expletive-it"),
    pytest.param("It is worth noting that the plan failed.", "noting", "indirect", None, "that the plan failed",
                 id="source-not-an-expletive-it-worth"),
    pytest.param("The teachers union issued a statement saying it had withdrawn from the parade.", "issued a statement saying", ...,
                 "The teachers union", "it had withdrawn from the parade", id="source-statement-issuer"),
    pytest.param("Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said that he spoke with Mr. Sanders.",
                 "said", ..., "Senator Harry Reid, the minority leader", "that he spoke with Mr. Sanders",
                 id="source-lost-subject-is-phrase-before"),
    pytest.param("On his way out of the campaign, Mr. Bush - in a line that seemed squarely directed at Mr. Trump's divisive "
                 "brand of politics - declared that a president must tend to all corners of the country and all kinds of people.",
                 "declared", ..., "Mr. Bush", "that a president must tend to all corners of the country and all kinds of people",
                 id="source-lost-subject-before-a-dash-parenthetical"),
    pytest.param("Few politicians would ever admit this, but Sen. Chris Murphy (a Connecticut Democrat so boyish he has been "
                 "mistaken for a junior staffer) says he was unfocused, a bit adrift, in the weeks after being elected.",
                 "says", ..., "Sen. Chris Murphy", ..., id="source-lost-subject-before-a-bracket-parenthetical"),
    pytest.param("A representative for the Ivanka Trump brand - a 12-employee business pitched as \"the ultimate destination "
                 "for Women Who Work\" - noted that the company offers new mothers eight weeks of paid leave.", "noted", ...,
                 "A representative for the Ivanka Trump brand", ..., id="source-lost-subject-noun-and-its-pp-before-a-dash"),
    pytest.param("Each felony violation is subject to five years in prison.”\n\n“The agents involved are under a lot of pressure "
                 "and are busting a–,” an intelligence source, who was not authorized to speak on the record, told Fox News.",
                 "told", ..., "an intelligence source", "The agents involved are under a lot of pressure and are busting a",
                 id="source-lost-subject-before-a-relative-clause"),
    pytest.param("But while Republicans are happily supporting the delay as a blow to Obamacare, multiple sources privy to "
                 "negotiations say it’s the Democratic leaders in Congress, responding to pressure from labor unions, who have "
                 "insisted on acting now.", "say", ..., "multiple sources privy to negotiations", ...,
                 id="source-subject-of-a-word-misread-as-its-verb"),
    pytest.param("Sen. John Cornyn (R-Texas) said that the bill would pass.", "said", ..., "Sen. John Cornyn (R-Texas)",
                 "that the bill would pass", id="source-keeps-its-closing-parenthesis"),
    pytest.param("Lawbreaker?\n\nSenate Minority Leader Harry Reid told reporters that the bill was dead.", "told", ...,
                 "Senate Minority Leader Harry Reid", ..., id="source-not-across-paragraph"),
    pytest.param("1:50 p.m.\n\nFamed fight doctor Ferdie Pacheco once said: “Cassius Clay was born in Louisville.”", "said",
                 ..., "Famed fight doctor Ferdie Pacheco", ..., id="source-not-the-timestamp-paragraph"),
    # passives
    pytest.param("It is believed that the suspect fled the country.", "is believed", "passive", None,
                 "that the suspect fled the country", id="passive-it-is-believed"),
    pytest.param("The senator is said to be considering a run for president.", "is said", "passive", None,
                 ["The senator", "to be considering a run for president"], id="passive-said-to"),
    pytest.param("The move was hotly criticized by left-leaning economists.", "criticized", "indirect", "left-leaning economists",
                 "The move", id="passive-subject-with-agent"),
    # the cue-prep flag (cues.tsv, "know"): the passive's preposition joins the cue (train: left out of 15 of 15 contents)
    pytest.param("Ginsburg is known for speaking her mind on other issues.", "is known for", "passive", None,
                 ["Ginsburg", "speaking her mind on other issues"], id="passive-subject-cue-prep-known-for"),
    pytest.param("Manafort is not known as a debate prep expert.", "is not known as", "passive", None,
                 ["Manafort", "a debate prep expert"], id="passive-subject-cue-prep-known-as"),
    pytest.param("Allergan is best known for making the wrinkle-smoothing treatment Botox.", "is best known for", "passive",
                 None, ["Allergan", "making the wrinkle-smoothing treatment Botox"], id="passive-subject-cue-prep-best-known-for"),
    # a passive's object predicative is said of its subject (train: in the annotated content 18 times of 21)
    pytest.param("Many potential Sanders delegates were deemed ineligible by the party.", "deemed", "indirect", "the party",
                 ["Many potential Sanders delegates", "ineligible"], id="passive-subject-object-predicative"),
    pytest.param("Clinton was declared the winner of the Iowa caucuses.", "was declared", "passive", None,
                 ["Clinton", "the winner of the Iowa caucuses"], id="passive-subject-object-predicative-noun"),
    # a learned claim of an evidential verb: the writer hedges, no source, and the subject starts the content as the
    # evidential pattern's does (train: in the annotated content 20 times of 23)
    pytest.param("The returns seemed a reminder that huge rallies are not enough by themselves to turn out voters.", "seemed",
                 ..., None, ["The returns", "a reminder that huge rallies are not enough by themselves to turn out voters"],
                 id="learned-evidential-subject-starts-content"),
    pytest.param("At the time it seemed an impossible task.", "seemed", ..., None, ["it", "an impossible task"],
                 id="learned-evidential-pronoun-subject-starts-content"),
    # nouns, marks, hedges
    pytest.param("The mayor said in an interview that the budget would be cut.", "said in an interview", ..., "The mayor",
                 "that the budget would be cut", id="noun-after-verb-joins-cue"),
    pytest.param("Her criticism of the trade deal with Mexico was sharp.", "criticism", ..., "Her", "the trade deal with Mexico",
                 id="noun-clause-complement"),
    pytest.param("TRUMP: We are going to win so much.", ":", ..., "TRUMP", "We are going to win so much", id="turn-colon"),
    pytest.param("IOWA POLLS NOT NECESSARILY WRONG, JUST TOO EARLY - Mark Blumenthal and Jon Cohen: “Although the polls failed to "
                 "predict Ted Cruz’s Iowa win, they were not wrong.”", ":", ..., "Mark Blumenthal and Jon Cohen",
                 "Although the polls failed to predict Ted Cruz’s Iowa win, they were not wrong", id="turn-after-a-headline-dash"),
    pytest.param("Issa: Hillary Clinton’s ‘Honesty Is In Question.’\n\nRep. Darrell Issa spoke on Sunday.", ":", ..., "Issa",
                 "Hillary Clinton’s ‘Honesty Is In Question", id="turn-headline-name-tagged-adjective"),
    pytest.param("CNN President On Trump: ‘We Do Not Pay Candidates To Appear At Debates.’\n\nCNN's president spoke on Thursday.",
                 ":", ..., "CNN President", "We Do Not Pay Candidates To Appear At Debates", id="turn-headline-name-then-preposition"),
    pytest.param("Clinton camp: Trump’s Islamaphobia threatens national security.\n\nThe campaign said so on Monday.", ":", ...,
                 "Clinton camp", "Trump’s Islamaphobia threatens national security", id="turn-headline-name-and-its-noun"),
    pytest.param("Poll: Trump and Clinton hold narrow leads in Pennsylvania.\n\nThe race is close.", ":", ..., "Poll",
                 "Trump and Clinton hold narrow leads in Pennsylvania", id="turn-headline-poll"),
    pytest.param("Let's see the tone of the campaign before we get to any other questions.\n\n"
                 "BOULDUAN: You guys said no to the debates back in January.\n", ":", ..., "BOULDUAN",
                 "You guys said no to the debates back in January", id="turn-after-paragraph-break"),
    pytest.param("“He represents our greatest shame.” ― Sonya Herridge", "―", "direct", "Sonya Herridge",
                 "He represents our greatest shame", id="signature-dash"),
    pytest.param("The debate turned to taxes.\n\n\"Boeing and GE and other multinationals pay zero taxes.\"\n\n- Sanders.\n\nThis is a "
                 "complex issue.", "-", "direct", "Sanders", "Boeing and GE and other multinationals pay zero taxes",
                 id="signature-hyphen-line-after-a-quoted-paragraph"),
    pytest.param("Hillary Clinton made it clear to House Democrats on Wednesday that she has their backs.", "made it clear",
                 "indirect", "Hillary Clinton", "that she has their backs", id="verb-adjective-made-it-clear"),
    pytest.param("Some Republicans made clear that they would like to see him come around.", "made clear", "indirect",
                 "Some Republicans", "that they would like to see him come around", id="verb-adjective-made-clear"),
    pytest.param("As Professor Foner put it: ''The United States does a better job at accepting immigrants.''", "put it",
                 ..., "Professor Foner", "The United States does a better job at accepting immigrants", id="as-phrase-put-it-quote"),
    pytest.param("Cruz also took a shot at Trump on Tuesday.", "took a shot at", "indirect", "Cruz", "Trump",
                 id="verb-object-preposition-took-a-shot-at"),
    pytest.param("The senator took issue with the ruling.", "took issue with", "indirect", "The senator", "the ruling",
                 id="verb-object-preposition-took-issue-with"),
    pytest.param("Officials reportedly discussed the plan on Monday.", "reportedly", "hedge", None,
                 ["Officials", "discussed the plan on Monday"], id="hedge-adverb"),
    pytest.param("The court seemed to send an assertive signal to the states.", "seemed", "hedge", None,
                 ["The court", "to send an assertive signal to the states"], id="evidential-seem"),
    # who holds a noun cue, and who does not speak (sources chosen on PolNeAR train)
    pytest.param("The Chinese finance minister jabbed back on Monday at complaints from his American counterpart that "
                 "China's glut of factories making unwanted mountains of steel were overwhelming foreign markets.",
                 "complaints", ..., "his American counterpart", ..., id="noun-source-from-phrase"),
    pytest.param("Democratic allegations of political bias against Clinton gained momentum in September after a gaffe by "
                 "House Majority Leader Kevin McCarthy.", "allegations", ..., "Democratic", "political bias against Clinton",
                 id="noun-source-adjective"),
    pytest.param("Asked if Trump’s comments had rattled them as well, Ryan said, “Sure.”", "Asked", ..., None,
                 "if Trump’s comments had rattled them as well", id="asked-participle-no-source"),
    pytest.param("For example, I was told that the executive team from Valeant did not want to be seated at the same table "
                 "with Martin Shkreli.", "was told", "passive", None, ..., id="passive-told-no-source"),
    pytest.param("Even the sleepy timing of the debate led Republicans to say that Democrats were trying to protect a "
                 "candidate who sometimes wilts in the spotlight.", "say", ..., "Republicans", ..., id="object-control-source"),
    pytest.param("About 4 in 10 say they want the next president to have more liberal policies.", "say", ..., "About 4 in 10",
                 "they want the next president to have more liberal policies", id="number-subject-the-parse-lost"),
    pytest.param("Informed of the local district’s anti-Trump lean, Early described it as “news to me.”", "described", ...,
                 "Early", ..., id="name-tagged-as-adverb-before-cue"),
    pytest.param("“Having access to the RNC file and two people who understand it is valuable,” said Skelly, explaining he "
                 "worked more closely with Chrabaszcz.", "said", ..., "Skelly", ..., id="name-tagged-as-adverb-after-cue"),
    pytest.param("Sen. Rand Paul has released a Web video that accuses Cruz of being welcoming to Syrian refugees.",
                 "accuses", ..., "Sen. Rand Paul", ..., id="relative-that-of-a-released-video-is-its-maker"),
    pytest.param("The Washington Post recently ran a piece  that noted his \"health care plan would benefit affluent households "
                 "more than it would poorer ones.\"", "noted", ..., "The Washington Post", ...,
                 id="relative-that-of-a-piece-is-its-publisher"),
    pytest.param("Sen. Ted Cruz of Texas got a favorable decision from the Illinois Board of Elections, which ruled that he "
                 "met the citizenship criteria to appear on the state’s primary ballot.", "ruled", ..., "which", ...,
                 id="non-restrictive-which-stays-the-source"),
    pytest.param("Clinton earned her latest win in the string of contests known as Super Tuesday.", "known", ..., None, ...,
                 id="reduced-relative-participle-names-its-noun-no-source"),
    pytest.param("\"What's shaping up is a battle for the ages,\" said David Brock, a Clinton confidant who heads the "
                 "pro-Clinton super PAC Correct the Record.", "said", "direct",
                 "David Brock, a Clinton confidant who heads the pro-Clinton super PAC", "What's shaping up is a battle for the ages",
                 id="speaker-after-cue-parsed-as-subject-of-a-run-on-clause"),
    pytest.param("''She needs one or two big ideas that are proportionate to the scale of the problems we are facing,'' said "
                 "Robert Reich, who served as labor secretary during Mr. Clinton's first term yet endorsed Bernie Sanders in "
                 "the Democratic primary.", "said", "direct",
                 "Robert Reich, who served as labor secretary during Mr. Clinton's first term",
                 "She needs one or two big ideas that are proportionate to the scale of the problems we are facing",
                 id="speaker-after-cue-with-a-relative-clause-run-on"),
    pytest.param("Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott, said he and other rabbis were alarmed "
                 "about Trump's behavior and rhetoric on the campaign trail.", "said", ...,
                 "Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott",
                 "he and other rabbis were alarmed about Trump's behavior and rhetoric on the campaign trail",
                 id="speaker-before-cue-with-an-apposition-parsed-as-a-clause"),
    pytest.param("Mr. Slinker, whose latest start-up, Paradata, uses big data to help brands find suppliers, said Mr. Trump was "
                 "a candidate very much in the spirit of Silicon Valley.", "said", ...,
                 "Mr. Slinker, whose latest start-up, Paradata, uses big data to help brands find suppliers",
                 "Mr. Trump was a candidate very much in the spirit of Silicon Valley",
                 id="speaker-before-cue-with-a-relative-clause-parsed-as-a-clause"),
    pytest.param("Packer said the increased focus on Trump is taking a toll on the front-runner, pointing to Cruz's victories "
                 "Tuesday in Texas, Oklahoma and Alaska.", "pointing", ..., "Packer", ...,
                 id="participle-after-a-reported-clause-is-the-reporters"),
    pytest.param("Trump argued that a database would keep people from coming into the country illegally, saying it’s “all about "
                 "management.”", "saying", ..., "Trump", ..., id="participle-after-a-that-clause-is-the-reporters"),
    pytest.param("Comey cannot say that “from his perspective,” Lewandowski added, saying it should be “up to the prosecutor to "
                 "move forward or not.”", "saying", ..., "Lewandowski", ..., id="participle-after-an-inserted-speaker-is-his"),
    pytest.param("The first incident came during a speech at the State University of New York at Purchase, when Sanders "
                 "protesters interrupted her speech, shouting “she wins, we lose!”", "shouting", ..., "Sanders protesters", ...,
                 id="participle-after-a-when-clause-is-its-subjects"),
    pytest.param("It was a potent one-two punch by the two most prominent women in the Democratic Party, as Mrs. Clinton echoed "
                 "the criticism, saying Mr. Trump ''reminds us every day that he's not in it for the American people.''",
                 "saying", ..., "Mrs. Clinton", ..., id="participle-after-an-as-clause-is-its-subjects"),
    pytest.param("Bradley apologized for the columns after they came out, saying they were old.", "saying", ..., "Bradley", ...,
                 id="participle-after-an-after-clause-is-the-main-subjects"),
    pytest.param("Forbes shot back in an article stating that New York was the billionaire capital, with 79, while Beijing "
                 "ranked fourth with 51.", "stating", ..., "Forbes", ..., id="participle-after-a-setting-noun-is-the-clauses"),
    pytest.param("Clinton spent much of the run-up to the Nevada caucuses portraying Sanders as singularly focused on economic "
                 "issues.", "portraying", ..., "Clinton", ..., id="participle-after-spent-much-of-is-the-spenders"),
    pytest.param("In a statement defending Lewandowski, Trump's campaign said the candidate was not contradicting his stance.",
                 "defending", ..., "a statement", ..., id="participle-of-a-fronted-document-is-the-documents"),
    pytest.param("But in a conference call with reporters on Dec. 2, Col. Steven H. Warren, a military spokesman in Baghdad, "
                 "said, ''I mean, a raid is a combat operation.''", "said", "direct",
                 "Col. Steven H. Warren, a military spokesman in Baghdad", "I mean, a raid is a combat operation",
                 id="speaker-parsed-as-an-apposition-of-the-phrase-before"),
    pytest.param("Although there is no such overlap with Sanders's team, a White House official who spoke anonymously to "
                 "discuss internal strategy said Wednesday, \"Certainly there are discussions between the White House and the "
                 "Sanders campaign.\"", "said", "direct",
                 "a White House official who spoke anonymously to discuss internal strategy", ...,
                 id="speaker-with-a-relative-clause-parsed-as-an-apposition"),
    pytest.param("Clinton has been attacked on the speeches by Bernie Sanders, who cites them as evidence of her close "
                 "relationships to the financial sector.", "attacked", ..., "Bernie Sanders", "the speeches",
                 id="passive-by-phrase-the-parse-hung-on-a-noun-is-the-source"),
    pytest.param("Hillary Clinton was declared the winner in the Pennsylvania, Maryland and Delaware primaries by news "
                 "organizations early Tuesday night.", "declared", ..., "news organizations", ...,
                 id="passive-by-phrase-after-an-object-noun-is-the-source"),
    pytest.param("Mr. Yanukovych was declared the winner of a presidential election in 2004 that was marred by fraud.",
                 "was declared", ..., None, ..., id="passive-by-phrase-of-a-relative-clause-is-no-source"),
    pytest.param("FBI officials were angered by the deal and predicted it would affect the outcome of other cases involving "
                 "classified information.", "predicted", ..., "FBI officials",
                 "it would affect the outcome of other cases involving classified information",
                 id="verb-coordinated-with-a-passive-shares-its-subject"),
    pytest.param("By the end of the day, Mr. Trump was forced into a rare moment of damage control and said that his words had "
                 "been ''misconstrued.''", "said", ..., "Mr. Trump", ..., id="said-coordinated-with-a-passive-shares-its-subject"),
    pytest.param("She is now assured of winning at least 175 delegates for the evening.", "assured", ..., "She",
                 "winning at least 175 delegates for the evening", id="holder-passive-subject-is-the-source"),
    pytest.param("Clinton paused, then revealed why Smegielski’s activism was especially moving.", "revealed", ..., "Clinton",
                 "why Smegielski’s activism was especially moving", id="subjectless-cue-run-on-from-the-clause-before"),
    pytest.param("Kasich jokingly offered the man a job as Secretary of Defense, then says he’ll welcome advice for anyone who "
                 "wants to talk to or yell at him if elected.", "says", ..., "Kasich", ...,
                 id="subjectless-cue-whose-parse-took-the-clause-before-as-its-complement"),
    pytest.param("Trump gestured as if to stop the ruckus, then leaned in and boomed: “Let’s defeat her in November.”", "boomed",
                 ..., "Trump", "Let’s defeat her in November", id="subjectless-cue-coordinated-with-a-run-on-clause"),
    pytest.param("Cummings's staff made this announcement after Chairman Trey Gowdy (R-S.C.) earlier in the day touted progress "
                 "the panel has made.", "touted", ..., "Chairman Trey Gowdy (R-S.C.)", "progress the panel has made",
                 id="subject-parsed-as-the-object-of-its-conjunction"),
    pytest.param("The drumbeat of high-profile names from the GOP’s past denouncing Republican presidential nominee Donald Trump "
                 "grew louder Wednesday as Patti Davis, Ronald Reagan’s daughter, attacked Trump for comments made this week "
                 "about Hillary Clinton and the Second Amendment.", "attacked", ..., "Patti Davis, Ronald Reagan’s daughter", ...,
                 id="subject-with-apposition-parsed-as-the-object-of-as"),
    pytest.param("Republican presidential candidate Donald Trump will follow Democratic candidate Hillary Clinton’s Tuesday speech "
                 "denouncing his economic policies with a speech of his own Wednesday morning.", "denouncing", ...,
                 "Democratic candidate Hillary Clinton’s", ..., id="participle-after-a-named-owners-noun-is-the-owners"),
    pytest.param("The voters are split on whether the next president should be an outsider or a member of the political "
                 "establishment.", "are split", ..., "The voters", ..., id="holder-passive-of-a-learned-cue-is-the-source"),
    pytest.param("Clinton officials were thrilled with the editorial, entitled “Mr. Sanders Is Not a Brave Truth-Teller,” when "
                 "it posted on Jan. 27.", "were thrilled", ..., "Clinton officials", ..., id="holder-passive-thrilled-with"),
    pytest.param("Here’s why you should be worried aboutVladimir Putin’s potential involvement in the DNC email leak.",
                 "should be worried", ..., "you", ..., id="holder-passive-of-an-experiencer-verb-without-by-phrase"),
    pytest.param("But her team has not been operating under the assumption that Sanders will be a regular surrogate.",
                 "assumption", ..., "her team", "that Sanders will be a regular surrogate", id="noun-source-of-under-the-assumption"),
    pytest.param("The focus on national security and foreign policy has created a natural opening for Clinton to highlight her "
                 "experience as secretary of State.", "highlight", ..., "Clinton", "her experience as secretary of State",
                 id="for-phrase-names-the-infinitives-subject"),
    pytest.param("“We are ready,” Trump said Monday, saying the city embodied the bravery of America.", "saying", ..., "Trump",
                 "the city embodied the bravery of America", id="participle-cue-subject-of-its-clause-is-no-speaker"),
    pytest.param("Donald Trump is keeping up his criticism on his closest Republican rivals in the hours before the first Super "
                 "Tuesday polls \nTrump, in Kentucky, said Tuesday that March Rubio was “a total lightweight” while Ted Cruz is "
                 "“a basket case” and “a liar.”", "said", ..., "Trump",
                 "that March Rubio was “a total lightweight” while Ted Cruz is “a basket case” and “a liar",
                 id="speaker-opening-a-line-the-parse-joined-to-the-one-before"),
    pytest.param("“Elect me and we’ll finally have a leader who will undo all these terribles.”\nPriebus, in the wake of a new "
                 "poll showing Trump’s overall standing with Latinos down to 14 percent, told Fox News on Sunday that Trump "
                 "appreciates the need to do better.", "told", ..., "Priebus", "that Trump appreciates the need to do better",
                 id="speaker-opening-a-line-after-a-quotation-with-a-parenthetical"),
    pytest.param("Sanders, meanwhile, who sits at zero such endorsements, said that fact speaks volumes about which of the two "
                 "Democratic presidential candidates is \"prepared to take on the establishment.\"", "said", ..., "Sanders",
                 "that fact speaks volumes about which of the two Democratic presidential candidates is \"prepared to take on "
                 "the establishment", id="speaker-opening-the-sentence-parsed-as-a-relative-clauses-subject"),
    pytest.param("The results will almost certainly force Sen. Bernie Sanders to acknowledge a hard reality -- it's time for "
                 "Plan B.\n\nSanders hasn't said whether he has a strategy for changing the focus of his campaign, and he "
                 "insisted that he's still in the race.", "said", ..., "Sanders",
                 "whether he has a strategy for changing the focus of his campaign",
                 id="speaker-opening-a-paragraph-the-parse-joined-to-the-one-before"),
    pytest.param("Other than South Carolina Sen. Lindsey Graham, who's called for 20,000 troops split between Syria and Iraq, the "
                 "candidates aren't offering specifics.", "called", ..., "who", "20,000 troops split between Syria and Iraq",
                 id="contracted-has-parsed-as-a-passive-is"),
    pytest.param("More recently, he’s spoken out against North Carolina’s transgender bathroom law, inviting Caitlyn Jenner to "
                 "Trump Tower.", "spoken", ..., "he", ..., id="contracted-has-curly-apostrophe-parsed-as-a-passive-is"),
    pytest.param("Ever since Bernie Sanders announced his candidacy last year, he's said the same thing at every diner stop, every "
                 "rally and every campaign event.", "said", ..., "he", ..., id="contracted-has-before-said-parsed-as-a-passive"),
    pytest.param("Part of the problem in detecting tunnels, say experts like Paul Bauman, a Canadian geophysicist, is the ground "
                 "itself.", "say", ..., "experts like Paul Bauman, a Canadian geophysicist",
                 ["Part of the problem in detecting tunnels", "is the ground itself"], id="cue-set-in-what-is-said-speaker-after"),
    pytest.param("The contrast with Trump, said Doyle and others, would be clear since Trump has no former Republican presidents "
                 "by his side.", "said", ..., "Doyle and others",
                 ["The contrast with Trump", "would be clear since Trump has no former Republican presidents by his side"],
                 id="cue-set-in-what-is-said-coordinated-speakers"),
    pytest.param("And Trump, said Sunshine, who remains friendly with her former boss, doesn't forgive or forget.", "said", ...,
                 "Sunshine, who remains friendly with her former boss", ["Trump", "doesn't forgive or forget"],
                 id="cue-set-in-what-is-said-speaker-with-a-relative-clause"),
    pytest.param("Mr. Healy, the spokesman, said Trump, who visited Iowa on Monday, would win the caucuses.", "said", ...,
                 "Mr. Healy, the spokesman", ..., id="speaker-with-an-apposition-before-a-cue-is-not-set-in"),
    pytest.param("In addition to stating that unborn babies have no constitutional rights, Clinton has vowed to work to repeal the "
                 "Hyde Amendment.", "stating", ..., "Clinton", "that unborn babies have no constitutional rights",
                 id="gerund-after-in-addition-to-is-the-clauses-subjects"),
    pytest.param("Before the Paris terror attacks, Trump took a more hands-off approach to the Islamic State, was tepid about U.S. "
                 "involvement in Ukraine and distinguished himself in the Republican field by saying he'd make nice with "
                 "Vladimir Putin.", "saying", ..., "Trump", "he'd make nice with Vladimir Putin",
                 id="gerund-after-by-is-the-coordinated-verbs-subjects"),
    pytest.param("Trump took a risk by winking at Jewish stereotypes, telling the crowd, “I’m a negotiator like you, folks.”",
                 "telling", "direct", "Trump", "I’m a negotiator like you, folks", id="quote-after-whom-a-participle-told"),
    pytest.param("Clinton smiled, telling the crowd: “Some people get a little carried away.”", "telling", "direct", "Clinton",
                 "Some people get a little carried away", id="quote-after-whom-a-participle-told-colon"),
    pytest.param("Asked if he was ever bullied, the Republican presidential candidate said no.", "Asked", ..., None,
                 "if he was ever bullied", id="asked-if-clause-parsed-as-adverbial"),
    pytest.param("Asked if she believed Putin wanted Trump to win the White House, Clinton said she was not going to jump to "
                 "that conclusion.", "Asked", ..., None, "if she believed Putin wanted Trump to win the White House",
                 id="asked-if-clause-holding-a-cue"),
    pytest.param("Asked by Starnes if he believed the situation was at the same level as the Benghazi attacks, Carson said that he "
                 "did not.", "Asked", ..., "Starnes", "if he believed the situation was at the same level as the Benghazi attacks",
                 id="asked-by-whom-if-clause-parsed-as-adverbial"),
    pytest.param("Robert A. Levinson, a C.I.A. contractor who disappeared in Iran in 2007, was not part of the swap; the "
                 "government says it does not know his whereabouts.", "says", ..., "the government",
                 "it does not know his whereabouts", id="clause-before-a-semicolon-is-no-content"),
    pytest.param("Accurate or not, the constant sowing of doubt has had a cumulative effect: Some 20 percent of people in a "
                 "recent CNN poll said they believe Obama was born outside the country.", "said", ...,
                 "Some 20 percent of people in a recent CNN poll", "they believe Obama was born outside the country",
                 id="clause-before-a-colon-is-no-content"),
    # a cue verb's third-person form the tagger read as a plural noun or a name heading the sentence
    pytest.param("Super PAC blasts Trump for skipping debate.", "blasts", "indirect", "Super PAC", "Trump for skipping debate",
                 id="verb-tagged-a-noun-object"),
    pytest.param("Trump predicts that as Jeb Bush and other Republican candidates eventually drop out, many of their supporters "
                 "will switch to his side.", "predicts", "indirect", "Trump",
                 "that as Jeb Bush and other Republican candidates eventually drop out, many of their supporters will switch "
                 "to his side", id="verb-tagged-a-noun-clause"),
    pytest.param("Ben Carson Slams Hillary And The Media In One Debate Answer.", "Slams", "indirect", "Ben Carson",
                 "Hillary And The Media In One Debate Answer", id="verb-tagged-a-name-headline"),
    pytest.param("Glenn Beck Blasts Drudge for Mocking His Fast.\n\nThe host was angry.", "Blasts", "indirect", "Glenn Beck",
                 "Drudge for Mocking His Fast", id="verb-tagged-a-name-inside-a-headlines-names"),
    pytest.param("Ted Cruz Hints Trump Would Get Border Wall Contract\nDonald Trump often talks about the wall.", "Hints",
                 "indirect", "Ted Cruz", "Trump Would Get Border Wall Contract", id="verb-tagged-a-name-headline-line"),
    # a causer verb (cues.tsv kind causer): its object, not its subject, does what the clause after it says
    pytest.param("The senator's weak showing in Ohio has led some donors to worry whether he can still win the nomination.",
                 "worry", ..., "some donors", "whether he can still win the nomination", id="causer-object-does-the-infinitive"),
    pytest.param("The scandal has left many voters, including his own supporters, wondering what he really believes.",
                 "wondering", ..., "many voters, including his own supporters", "what he really believes",
                 id="causer-object-does-the-participle"),
    pytest.param("A Monmouth University poll found last week that Clinton would beat Trump in Ohio.", "found", "indirect",
                 "A Monmouth University poll", "that Clinton would beat Trump in Ohio",
                 id="past-tense-parsed-as-a-participle-of-its-subject"),
    # a source stops before a relative clause that is a claim of its own (its source "who"), not before one that is not
    pytest.param("Ms. Alvarez, who estimated that half of the plant's workers would vote for Trump, said she backed Obama in 2012.",
                 "said", "indirect", "Ms. Alvarez", "she backed Obama in 2012", id="source-stops-before-a-claiming-relative-clause"),
    pytest.param("“We are not going anywhere,” said Tom Becker, the county chairman, who argued that the party had to stay united.",
                 "said", "direct", "Tom Becker, the county chairman", "We are not going anywhere",
                 id="source-after-cue-stops-before-a-claiming-relative-clause"),
    pytest.param("Ms. Alvarez, who has run the plant for a decade, said she backed Obama in 2012.", "said", "indirect",
                 "Ms. Alvarez, who has run the plant for a decade", "she backed Obama in 2012",
                 id="source-keeps-a-relative-clause-that-claims-nothing"),
    # a source never comes from inside a quotation the cue stands outside of
    pytest.param("“He voted against every one of them. Every single amendment,” said Senator Wells.",
                 "said", "direct", "Senator Wells", "He voted against every one of them. Every single amendment",
                 id="inverted-speaker-not-a-subject-inside-the-quotation"),
    pytest.param("\"The drop we see now comes from the emails, the foundation, all the old trust issues,\" said a person close to "
                 "the campaign.", "said", "direct", "a person close to the campaign", ...,
                 id="inverted-speaker-not-a-subject-inside-the-quotation-2"),
    pytest.param("Stressing the urgency of the matter, Trump said, “If we do not get tough real fast, we are not going to have a "
                 "country anymore.”", "Stressing", ..., "Trump", "the urgency of the matter",
                 id="participle-before-a-quotation-is-its-speakers"),
    pytest.param("Cardin stressed that \"the way forward is to get both parties working together,\" suggesting that the only way "
                 "to do that might be to pass a clean bill.", "suggesting", ..., "Cardin",
                 "that the only way to do that might be to pass a clean bill", id="participle-after-a-quotation-is-its-speakers"),
    pytest.param("Speaking in Ohio on Tuesday, Senator Blake insisted that he has “rebuilt the state party,” claiming that he alone "
                 "is responsible for the higher turnout in the primaries.", "claiming", ..., "Senator Blake",
                 "that he alone is responsible for the higher turnout in the primaries",
                 id="participle-after-a-reported-clause-closed-by-a-quotation-is-the-reporters"),
    pytest.param("\"The risk,\" said Edward Leamer, an economist who is the director of the UCLA Anderson Forecast, \"is that we "
                 "are going to be attracting workers and repelling jobs.\"", "said", "direct",
                 "Edward Leamer, an economist who is the director of the UCLA Anderson Forecast",
                 ["The risk", "is that we are going to be attracting workers and repelling jobs"],
                 id="quote-around-a-speaker-parsed-as-the-second-parts-subject"),
    # a speaker and cue set off after the clause they report, which the parse made the cue's conjunct or adverbial
    pytest.param("In nearby Decatur, the big Nucor steel plant is hanging on, but it is under intense pressure from Asian imports, "
                 "said the company's chief executive, John J. Ferriola.", "said", "indirect",
                 "the company's chief executive, John J. Ferriola",
                 "In nearby Decatur, the big Nucor steel plant is hanging on, but it is under intense pressure from Asian imports",
                 id="before-speaker-cue-parsed-as-a-conjunct"),
    pytest.param("As GOP front-runner Donald Trump prepared to speak to supporters in Wisconsin on Tuesday, a 15-year-old girl "
                 "outside the venue was pepper-sprayed by another bystander, police said.", "said", "indirect", "police",
                 "As GOP front-runner Donald Trump prepared to speak to supporters in Wisconsin on Tuesday, a 15-year-old girl "
                 "outside the venue was pepper-sprayed by another bystander", id="before-speaker-root-cue-ending-its-sentence"),
    # a speaker's second verb the parse coordinated with a verb inside the first one's content stands beside it
    pytest.param("Mr. Putin forecast that the slumping economy would soon rebound and praised efforts by Secretary of State John "
                 "Kerry to find a political solution in Syria.", "praised", "indirect", "Mr. Putin",
                 "efforts by Secretary of State John Kerry to find a political solution in Syria", id="second-verb-object-beside-the-first"),
    pytest.param("He announced that he was undergoing therapy and vowed to focus on being a better father.", "vowed", "indirect",
                 "He", "to focus on being a better father", id="second-verb-infinitive-beside-the-first"),
    pytest.param("He announced that he was undergoing therapy and vowed to focus on being a better father.", "announced", "indirect",
                 "He", "that he was undergoing therapy", id="first-content-ends-before-the-second-verb-after-and"),
    pytest.param("Cardin said the party was not in crisis, and urged that everyone relax.", "said", "indirect",
                 "Cardin", "the party was not in crisis", id="first-content-ends-before-the-second-statement-after-and"),
    # a one-word answer after the cue verb is its content (PolNeAR marks "yes", "no", "so" as the content)
    pytest.param("Asked if her email practices were illegal, 46 percent of voters said yes.", "said", "indirect",
                 "46 percent of voters", "yes", id="answer-said-yes"),
    pytest.param("Asked if he was ever bullied, the Republican presidential candidate said no.", "said", "indirect",
                 "the Republican presidential candidate", "no", id="answer-said-no"),
    pytest.param("If the two spoke about the year-end budget agreement, neither side would say so.", "say", "indirect",
                 "neither side", "so", id="answer-say-so"),
    pytest.param("He said no to the Iraq war.", "said", ..., "He", "the Iraq war", id="answer-not-said-no-to"),
    # a clause before the cue verb that the parse made its complement is no content when the verb has its own after it
    pytest.param("The dynamics of the race began to change in October, when Clinton survived the hearing, Vice President Biden "
                 "decided not to enter the race and she won the first debate.", "decided", "indirect", "Vice President Biden",
                 "not to enter the race", id="left-clause-displaced-by-infinitive"),
    pytest.param("“All of us are fearful that they would steal the nomination,” Collins told MSNBC.", "told", "direct", "Collins",
                 "All of us are fearful that they would steal the nomination", id="left-clause-stays-before-an-addressee"),
    # a verb of feeling (cues.tsv flag experiencer): its object feels what its subject is; passive: the reverse
    pytest.param("Sanders's recent attacks on Clinton have alarmed her supporters.", "alarmed", "indirect", "her supporters",
                 "Sanders's recent attacks on Clinton", id="experiencer-object-is-the-source"),
    pytest.param("That rattled Rubio, but it didn't elevate Christie.", "rattled", "indirect", "Rubio", "That",
                 id="experiencer-pronoun-subject-is-the-content"),
    pytest.param("That spree helped create the production gluts now worrying policy makers in Beijing.", "worrying", "indirect",
                 "policy makers", "the production gluts", id="experiencer-participle-its-noun-is-the-content"),
    pytest.param("FBI officials were angered by the deal.", "angered", "indirect", "FBI officials", "the deal",
                 id="experiencer-passive-subject-is-the-source"),
    pytest.param("Voters worry that the economy is slowing.", "worry", "indirect", "Voters", "that the economy is slowing",
                 id="experiencer-verb-with-a-clause-is-a-cue-verb"),
    # a participle's object is what it says, never its speaker; a quotation before the speaker does not replace the object
    # that follows a cue verb word for word
    pytest.param("He said that is a \"distortion,\" describing the security team as highly accomplished.", "describing", ..., "He",
                 ..., id="participle-object-is-no-inverted-speaker"),
    pytest.param("Later on ''This Week,'' Senator Bernie Sanders questioned Mr. Trump's veracity.", "questioned", "indirect",
                 "Senator Bernie Sanders", "Mr. Trump's veracity", id="object-not-replaced-by-a-quotation-before"),
    pytest.param("In a conversation about his comedy project, “Latin History for Dummies,” the actor discussed the absence of "
                 "Latinos in history education.", "discussed", "indirect", "the actor",
                 "the absence of Latinos in history education", id="object-not-replaced-by-a-title-quoted-before"),
    pytest.param("Although he says he \"loves China,\" and \"people from China love me,\" he also accuses it of stealing American "
                 "jobs.", "accuses", "indirect", "he", "it of stealing American jobs", id="object-it-not-replaced-by-a-quotation"),
    # a cue verb with its preposition (cues.tsv "hint at", "rail against", "allude to", "refer to", "lash at"): its object is the content
    pytest.param("As the White House hints at what some of his plans might include, Texas Governor Greg Abbott is not having any "
                 "of it.", "hints", "indirect", "the White House", "what some of his plans might include", id="particle-prep-hint-at"),
    pytest.param("Sanders also struck a chord with his attacks on money in politics, railing against the power of super PACs.",
                 "railing", "indirect", "Sanders", "the power of super PACs", id="particle-prep-rail-against"),
    pytest.param("“Man, you are working it hard,” Crowley told Becerra, alluding to the chair's rumored vice presidential ambitions.",
                 "alluding", "indirect", "Crowley", "the chair's rumored vice presidential ambitions", id="particle-prep-allude-to"),
    # a passive addressee cue: what was asked is its retained object or its if-clause, not whom it was asked
    pytest.param("Donald Trump was asked a relatively straightforward question about police violence.", "was asked", "passive",
                 None, "a relatively straightforward question about police violence", id="asked-passive-retained-object"),
    pytest.param("When Robby Mook was asked during a luncheon if Clinton would schedule a press conference, he laughed.",
                 "was asked", "passive", None, "if Clinton would schedule a press conference", id="asked-passive-if-clause"),
    pytest.param("Recently, Herman Cain, the pizza maven and former Republican presidential candidate who hosts an Atlanta area radio "
                 "show, was asked by a caller why young Syrian men are coming to the U.S. as refugees.", "asked", "indirect",
                 "a caller", "why young Syrian men are coming to the U.S. as refugees", id="asked-passive-wh-clause-on-the-asker"),
    # a colon that ends the cue verb's own phrase, its object a placeholder: the words after it are what was said
    pytest.param("Likewise, a paper from the left-leaning Brookings Institution had this to say about his free-college proposal: "
                 "\"Families from the top half of the income distribution would receive 24% more in dollar value.\"", "say",
                 "direct", "a paper from the left-leaning Brookings Institution",
                 "Families from the top half of the income distribution would receive 24% more in dollar value",
                 id="colon-after-a-placeholder-this-to-say"),
    # ... or a quotation opening right after a colon that ends the cue's own phrase (no other verb, no "about" before it)
    pytest.param("On Friday, he joined other Republicans in pouncing on news that Mrs. Clinton's private computer server had "
                 "handled messages later deemed ''top secret,'' saying in a Trumpian post on Twitter: ''The new email release "
                 "is a disaster for Hillary Clinton.''", "saying in a Trumpian post on Twitter", ..., "he",
                 "The new email release is a disaster for Hillary Clinton", id="colon-then-quotation-not-the-quote-before"),
    pytest.param("Ms. Warren has been a powerful surrogate, visiting the Clinton campaign's headquarters in New York to encourage "
                 "young staffers with a simple message: ''Don't screw this up!''", "encourage", ..., "Ms. Warren",
                 "Don't screw this up", id="colon-then-quotation-not-the-object"),
    pytest.param("Any decision would involve Attorney General Loretta E. Lynch, who told Congress when asked last month about the "
                 "email inquiry: \"That matter is being handled by career attorneys.\"", "asked", ..., ...,
                 "the email inquiry", id="colon-then-quotation-after-about-stays-the-topic"),
    # "about" says what it is about, before "on" (where) or "of"
    pytest.param("Tashfeen Malik passed three background checks, but none uncovered that she talked openly on social media about "
                 "her desire to take part in violent jihad.", "talked", "indirect", "she",
                 "her desire to take part in violent jihad", id="about-before-on-social-media"),
    # a relative "what" stands for what was said, which the sentence does not give: what it is about is the content
    pytest.param("The message coincides with what others are saying about the candidate choices Democrats have.", "saying",
                 "indirect", "others", "the candidate choices Democrats have", id="what-said-about-is-the-content"),
    # an "on" phrase naming where it was said ("on Twitter", "on social media", "on live TV") is not what it is about
    pytest.param("They were also immediately noticed on social media.", "were also immediately noticed", ..., ..., "They",
                 id="on-social-media-is-no-topic"),
    # a clause before the cue verb is no content when the verb's own "about"/"for" phrase follows it
    pytest.param("The support Johnson has so far is easily explained; in a year of not one, but two historically unpopular "
                 "major-party candidates, voters are looking for an alternative to Democrat Hillary Clinton and Republican "
                 "Donald Trump.", "looking", "indirect", "voters",
                 "an alternative to Democrat Hillary Clinton and Republican Donald Trump", id="clause-before-looking-for"),
    # the if-clause after whom it was asked, which the parse hung on the main clause
    pytest.param("Last month, when I asked Bernie Sanders if he would ever endorse Hillary Clinton, he looked straight into my "
                 "iPhone camera.", "asked", "indirect", "I", "if he would ever endorse Hillary Clinton",
                 id="asked-if-clause-hung-on-the-main-clause"),
    # a clause the parse gave the cue verb from across a paragraph break is no content: the verb's own in its paragraph is
    pytest.param("For four years as secretary of state, Mrs. Clinton played a prominent role in nearly every foreign policy issue "
                 "of Mr. Obama's first term, often pushing the White House to embrace a more aggressive approach. She urged the "
                 "administration to join a NATO-led coalition to oust Col. Muammar el-Qaddafi in Libya, proposed that more forces "
                 "be left in Iraq, and pushed to funnel arms to moderate Syrian rebels.\n\n''I assume she and her advisers are "
                 "trying to calibrate Obama's approval rating right now,'' said Paul R. Pillar, a former C.I.A. analyst who "
                 "teaches at Georgetown University.", "urged", "indirect", "She",
                 "the administration to join a NATO-led coalition to oust Col. Muammar el-Qaddafi in Libya",
                 id="paragraph-break-infinitive-not-the-next-quotation"),
    pytest.param("Mr. Biden, recalling weekly breakfasts with Mrs. Clinton, described himself as her ''Obama whisperer.''\n\n"
                 "''She'd look at me and say, 'What did he mean by that?''' Mr. Biden said, clutching the lectern with two hands.",
                 "described", ..., "Mr. Biden", "himself as her ''Obama whisperer", id="paragraph-break-as-phrase-not-the-next-quotation"),
    pytest.param("Had Republicans nominated Marco Rubio or Jeb Bush for president, TomÃ¡s Regalado would have hurled himself into "
                 "the task of electing their candidate.\n\n''I would have been all in,'' Mr. Regalado, the Republican mayor of "
                 "Miami, said in his office overlooking Biscayne Bay.", "nominated", "indirect", "Republicans",
                 "Marco Rubio or Jeb Bush for president", id="paragraph-break-object-not-the-next-quotation"),
    pytest.param("Mr. Clinton still shows flashes of brilliance. On Wednesday night, he acknowledged the appeal of the fractious "
                 "Republican race in one breath, then eviscerated its candidates in the next.\n\n''It may be entertaining, but "
                 "it doesn't have a lick of impact on how you live,'' Mr. Clinton said, emphasizing those last three words.",
                 "acknowledged", "indirect", "he", "the appeal of the fractious Republican race in one breath",
                 id="paragraph-break-object-not-the-quotation-after-a-break"),
    pytest.param("He then explained his decision to the members:\n\n“We had no other choice but to act now.”", "explained",
                 "direct", "He", "We had no other choice but to act now", id="paragraph-break-after-a-colon-leads-into-the-quotation"),
    # a subject the parse found at the end of a quotation that closes right before the verb is quoted words: the speaker
    # follows the verb
    pytest.param("But that matters only if you believe them and not him.\n\n\"Meh,\" wrote a Trump supporter who runs the Twitter "
                 "account @WomenForTrump. \"What does Ford know about it . . .\"", "wrote", "direct",
                 "a Trump supporter who runs the Twitter account @WomenForTrump", ..., id="quoted-subject-then-wrote-the-speaker"),
    pytest.param("\"It's not politically correct to say anything against migrants. We don't have freedom of opinion anymore. "
                 "#Cologne,\" tweeted a German user from Hanover going by the handle Pulvermann.", "tweeted", "direct",
                 "a German user from Hanover going by the handle Pulvermann",
                 "It's not politically correct to say anything against migrants. We don't have freedom of opinion anymore. "
                 "#Cologne", id="quoted-subject-then-tweeted-the-speaker"),
    pytest.param("Kerry Washington, star of television's “Scandal,” thanked Obama for “taking these steps to make us ALL safer.”",
                 "thanked", ..., "Kerry Washington, star of television's “Scandal", ...,
                 id="quoted-title-ending-the-subject-stays-its-speaker"),
    # ", according to X" ending a clause, the parse having hung it on a clause after X made a conjunct of the one before
    pytest.param("In the final round of state primaries next month, Clinton holds a 10-point lead in California, according to "
                 "the RealClearPolitics average of polls, where 475 pledged delegates will be at stake.", "according to",
                 "according_to", ..., "In the final round of state primaries next month, Clinton holds a 10-point lead in California",
                 id="according-to-clause-before-not-the-conjunct-after-its-relative"),
    pytest.param("Now the FBI is looking into whether Clinton was guilty of public corruption while secretary of state, according "
                 "to three intelligence sources who spoke to Fox News but were not authorized to speak on the record.",
                 "according to", "according_to", ...,
                 "Now the FBI is looking into whether Clinton was guilty of public corruption while secretary of state",
                 id="according-to-clause-before-not-the-conjunct-of-its-relative"),
    pytest.param("He crossed the border more than 30 years ago after, according to him, Mexico’s powerful Televisa network "
                 "censured his first report.", "according to", "according_to", "him",
                 "Mexico’s powerful Televisa network censured his first report", id="according-to-set-off-inside-its-clause"),
    # cues.tsv flag of-holder (backing, support): "X has / earned / received the backing of Y": Y holds it, X has it
    pytest.param("Because of these safeguards, the bill has the backing of many Democrats, including the three members of the "
                 "Congressional Black Caucus who served on the conference committee.", "backing", "indirect",
                 "many Democrats", "the bill", id="of-holder-has-the-backing-of"),
    pytest.param("Cruz also earned the backing of two of the state’s congressional Republicans, Reid Ribble and Glenn Grothman, as "
                 "he sought to bolster his case.", "backing", "indirect",
                 "two of the state’s congressional Republicans, Reid Ribble and Glenn Grothman", "Cruz",
                 id="of-holder-target-verb-earned-the-backing-of"),
    pytest.param("He received the backing of 33% of national Republican primary voters to Cruz's 20%, followed by Rubio at 13% "
                 "and Carson at 12%.", "backing", "indirect", "33% of national Republican primary voters", "He",
                 id="of-holder-target-verb-received-the-backing-of"),
    # the title after the cue verb's own phrase and a comma is where it was said, not an object displacing the clause before
    pytest.param("Fidel Castro's revolution in 1959 dampened plans to return home, Mr. Rubio said in his 2012 book, ''An American "
                 "Son.''", "said", "indirect", "Mr. Rubio", "Fidel Castro's revolution in 1959 dampened plans to return home",
                 id="left-clause-stays-before-a-titled-place"),
    pytest.param("But Fiorina, who had moved a year earlier from her leading role at AT&T spinoff Lucent Technologies, tossed \"cold "
                 "water on the idea immediately,\" she wrote in her memoir, \"Tough Choices.\"", "wrote", "mixed", "she",
                 "But Fiorina, who had moved a year earlier from her leading role at AT&T spinoff Lucent Technologies, tossed "
                 "\"cold water on the idea immediately", id="left-clause-stays-before-a-quoted-title"),
    # a clause after a cue participle of the cue verb is the participle's, not the verb's: the verb keeps its object
    pytest.param("Ryan’s campaign shrugged off Trump’s comments, telling reporters, “Neither Speaker Ryan nor anyone on his team "
                 "has ever asked for Donald Trump’s endorsement.”", "shrugged", "indirect", "Ryan’s campaign", "Trump’s comments",
                 id="participles-clause-after-telling-not-the-verbs"),
    pytest.param("The retired neurosurgeon addressed his concerns in another interview with \"The View,\" remarking from New "
                 "Hampshire he did not feel “this is a very difficult investigation.\"", "addressed", "indirect",
                 "The retired neurosurgeon", "his concerns", id="participles-clause-after-remarking-not-the-verbs"),
    pytest.param("The director further stated, while testifying before Congress earlier this month, that Clinton was not "
                 "truthful with the American public about the presence of classified material on her server.", "stated",
                 "indirect", "The director", "while testifying before Congress earlier this month, that Clinton was not truthful "
                 "with the American public about the presence of classified material on her server",
                 id="participles-clause-not-a-that-clause-after-while-testifying"),
    pytest.param("\"She can never be as far left as Bernie,\" she said, recalling her own experience: \"I'm not sure he damaged me, "
                 "but he certainly took my attention away from where it should have been.\"", "said", "direct", "she",
                 ["She can never be as far left as Bernie",
                  "I'm not sure he damaged me, but he certainly took my attention away from where it should have been"],
                 id="participles-clause-not-a-quotation-after-its-colon"),
    pytest.param("Graham called both Trump and Democratic front-runner Hillary Clinton “crazy” and said the Republican party "
                 "is bound to lose.", "called", "mixed", "Graham",
                 "both Trump and Democratic front-runner Hillary Clinton “crazy", id="naming-verb-predicate-without-object"),
    pytest.param("Ryan has previously called out Trump, slamming his proposed ban on Muslims.", "called", "indirect",
                 "Ryan", "Trump", id="naming-verb-predicate-without-object-after-particle"),
    pytest.param("The tentative deal, announced Friday, would last four years and must be approved by union members.",
                 "announced", "passive", None, "The tentative deal", id="dated-passive-participle-after-its-noun"),
    pytest.param("A $40 billion merger announced Tuesday would turn the drug maker into an Irish company.", "announced",
                 "passive", None, "A $40 billion merger", id="dated-passive-participle-right-after-its-noun"),
]


@pytest.mark.parametrize("text,cue,type_,source,content", CASES)
def test_one_claim(nlp, text, cue, type_, source, content):
    c = one(claims_of(nlp, text), cue)
    if type_ is not ...:
        assert c.type == type_
    if source is not ...:
        assert (c.source.text if c.source else None) == source
    if isinstance(content, list):
        assert seg_texts(text, c.content) == content
    elif content is not ...:
        assert c.content.text == content



@pytest.mark.parametrize("text,cue", [
    pytest.param("In 2012 he founded a group called the “We The People Foundation.”", "called",
                 id="naming-participle-passive-is-a-name"),
])
def test_a_passive_naming_verb_with_a_predicate_is_no_claim(nlp, text, cue):
    """A predicate after a passive naming verb names something; on PolNeAR train it is mostly not an attribution."""
    assert [c.content.text for c in claims_of(nlp, text) if c.cue.text == cue] == []


@pytest.mark.parametrize("text,cue", [
    pytest.param("Quintanilla seemed taken aback and mentioned that Carson's picture had been on the company's Web site. \"Does "
                 "that not speak to your vetting process or judgment in any way?\"\n\nThe crowd booed.", "booed",
                 id="paragraph-break-question-before-booed"),
    pytest.param("She says people should be able to use the bathroom they prefer. \"It is their life; they are not hurting "
                 "anybody, and we should be focusing more on what is actually more important, like terrorism and drug "
                 "trafficking.\"\n\nFranson Reneus, 18,  from Lee County, Fla., disagrees.", "disagrees",
                 id="paragraph-break-quotation-before-disagrees"),
])
def test_a_quotation_across_a_paragraph_break_is_not_the_cues(nlp, text, cue):
    """The parse made the quotation that ends the paragraph before the cue verb's complement: the cue has nothing of
    its own to say in its paragraph, so no claim."""
    assert [c.content.text for c in claims_of(nlp, text) if c.cue.text == cue] == []


@pytest.mark.parametrize("text", [
    pytest.param("In a surprise move, the council closed the library on Friday.", id="in-a-non-source-noun"),
    pytest.param("In the poll's margin of error, the two candidates are tied.", id="in-the-polls-margin-of-error"),
    pytest.param("The mayor has been sliding in the polls since the spring.", id="in-the-polls-after-its-verb"),
    pytest.param("Garcia leads Whitman in national polls by three points, according to the Ledger.",
                 id="in-a-poll-beside-according-to"),
])
def test_a_preposition_with_a_poll_is_no_cue_here(nlp, text):
    """Near misses of the source-object preposition cue: no claim of "in"."""
    assert [c for c in claims_of(nlp, text) if c.cue.text.lower() == "in"] == []


def test_a_noun_cues_holder_is_the_subject_of_the_verb_that_takes_it(nlp):
    """Whether the cue is the noun or, as a learned light-verb claim, "made conflicting statements about"
    (which of the two the models keep moves with a refit), Trump holds the statements."""
    text = ("In addition to his controversial remarks about abortion, Trump made conflicting statements about how he "
            "would tackle Social Security, tax cuts and education policy.")
    [claim] = [c for c in claims_of(nlp, text) if "statements" in c.cue.text]
    assert claim.source is not None and claim.source.text == "Trump"
    assert claim.content.text == "how he would tackle Social Security, tax cuts and education policy"


@pytest.mark.parametrize("text,noun,holder", [
    pytest.param("Ohio senator backs Kasich - but also has praise for front-runner.", "praise", "Ohio senator",
                 id="second-conjunct-has-praise"),
    pytest.param("The pair of op-eds were not endorsements of Trump and made no mention of the Republican front-runner.",
                 "mention", "The pair of op-eds", id="second-conjunct-made-no-mention"),
])
def test_a_noun_cues_holder_through_a_coordinated_verb(nlp, text, noun, holder):
    """The verb that takes the noun cue has no subject of its own: the subject of the verb it is coordinated with
    holds the noun (as read by the noun pattern; in an article another pattern may not find it)."""
    from provenance.extract.candidate import Notes
    from provenance.extract.geometry import Page
    from provenance.extract.sources import noun_source

    doc = nlp(text)
    tok = next(t for t in doc if t.text == noun)
    span = noun_source(Page(doc), Notes(targets=frozenset(load_lexicon().by_kind["target"])), tok)
    assert span is not None and span.text == holder


def test_the_target_of_a_noun_cue_is_not_its_holder(nlp):
    """cues.tsv lists "face" as a target verb: Cruz is criticised, he does not criticise (without
    that row the claim "criticism" is Cruz's)."""
    text = ("Entering the seven-man, prime-time debate, Cruz faced criticism for unreported loans to his 2012 Senate "
            "campaign in Texas.")
    assert [c.source.text for c in claims_of(nlp, text) if c.source] == []
    assert "face" in load_lexicon().by_kind["target"]


@pytest.mark.parametrize("text,cue,source,content", [
    pytest.param("Trump's strikingly personal attacks on Curiel are highly unusual and have prompted questions about how he "
                 "would react to adverse rulings.", "attacks", "Trump's", "Curiel", id="possessor-holds-attacks-on"),
    pytest.param("The 9/11 comment came in response to Sanders's attacks on her willingness to accept Wall Street donations.",
                 "attacks", "Sanders's", "her willingness to accept Wall Street donations", id="possessor-in-a-prep-phrase"),
    # a pronoun possessive on the object of the speaker's verb: PolNeAR marks the verb's subject
    pytest.param("Donald Trump on Thursday ratcheted up his attacks on Rubio, saying he is \"weak on illegal immigration.\"",
                 "attacks", "Donald Trump", "Rubio", id="pronoun-possessor-on-the-subjects-verb-object"),
    pytest.param("The 9/11 comment came after Cruz again stepped up his attacks on Trump's New York values.",
                 "attacks", "Cruz", "Trump's New York values", id="pronoun-possessor-subject-of-stepped-up"),
    # endorsement: possessor and of-holder ("X won / has the endorsement of Y": Y holds it, X has it)
    pytest.param("Session’s endorsement of Trump is not good news for Texas Sen. Ted Cruz.", "endorsement", "Session’s",
                 "Trump", id="possessor-endorsement-of"),
    pytest.param("INDIANAPOLIS - Ted Cruz, who badly needs a win in Tuesday's GOP primary in Indiana, received the endorsement "
                 "of Gov. Mike Pence (R) on Friday.", "endorsement", "Gov. Mike Pence (R)",
                 "Ted Cruz, who badly needs a win in Tuesday's GOP primary in Indiana", id="of-holder-received-the-endorsement-of"),
    pytest.param("She also has the endorsement of most of the state's big unions.", "endorsement",
                 "most of the state's big unions", "She", id="of-holder-has-the-endorsement-of"),
    # supporter: flag attribute, the attribute of "be" (train: 7 of 11 annotated outside quotations)
    pytest.param("Rhonda Hughes, 43, is a fervent supporter of Donald J. Trump.", "supporter", "Rhonda Hughes, 43",
                 "Donald J. Trump", id="attribute-supporter-of"),
    pytest.param("Dayton has been a longtime Clinton supporter and has pledged his support as a superdelegate to the national "
                 "convention no matter how she does Tuesday.", "supporter", "Dayton", "Clinton", id="attribute-name-supporter"),
])
def test_a_noun_cue_with_its_holder(nlp, text, cue, source, content):
    """cues.tsv flags possessor (attack, endorsement: a cue only with a possessive holder or, with flag of-holder, the
    object of its of-phrase after "have" or a target verb; the object of its on/of-phrase the content) and attribute
    (supporter: the attribute of "be", its subject the holder)."""
    c = one(claims_of(nlp, text), cue)
    assert (c.source.text if c.source else None, c.content.text) == (source, content)


@pytest.mark.parametrize("text", [
    pytest.param("Even before the identities and nationalities of the attackers were known, there was an immediate "
                 "association in popular discourse between the attacks on the airport and subway station in Brussels and "
                 "the migrant crisis.", id="attacks-on-places-as-an-object"),
    pytest.param("Former Arizona governor Jan Brewer, an early supporter of Trump, calls the issue of security \"a priority\" "
                 "for women.", id="supporter-in-an-apposition"),
])
def test_a_noun_cue_without_its_holder_is_no_cue(nlp, text):
    """Without a possessive, "an attack on X" is mostly an event (train: 4 of 29 "attack on" objects of a preposition
    annotated, against 21 of 40 with a possessor); "supporter" is a cue only as the attribute of "be" (train: 3 of 7 in
    an apposition with an of-phrase)."""
    assert [c for c in claims_of(nlp, text) if c.cue.text.split()[0].lower().startswith(("attack", "supporter"))] == []


# --------------------------------------------------------------- direct quotes


def test_unbalanced_quote_over_paragraphs_does_not_fail(nlp):
    text = (
        "The governor spoke for an hour. “We have waited too long for this bridge,” he said. “The money is there.\n\n"
        "“And the people want it built before the winter comes,” he added.\n\n"
        "Officials said the project would start in March."
    )
    claims = claims_of(nlp, text)
    he_said = [c for c in claims if c.cue.text == "said" and c.source.text == "he"]
    assert [seg_texts(text, c.content) for c in he_said] == [["We have waited too long for this bridge", "The money is there"]]
    added = one(claims, "added")
    assert added.type == "direct" and added.source.text == "he"
    assert "before the winter comes" in added.content.text
    officials = [c for c in claims if c.source and c.source.text == "Officials"]
    assert officials and officials[0].content.text == "the project would start in March"


def test_find_quotes_open_quote_runs_to_paragraph_end():
    text = "He said: “First part.\n\n“Second part,” he added. Then \"plain\" words."
    spans = [text[s:e] for s, e in find_quotes(text)]
    assert spans == ["First part.", "Second part,", "plain"]


# ------------------------------------------------------------- indirect speech
def test_content_before_cue(nlp):
    text = "The economy is recovering faster than expected, the minister said."
    claims = claims_of(nlp, text)
    c = one(claims, "said")
    assert (c.type, c.source.text) == ("indirect", "the minister")
    assert c.content.text == "The economy is recovering faster than expected"
    assert len(claims) == 1  # "than expected" is no attribution


def test_noun_cue_alone(nlp):
    # the rule finds it; the learned confidence model (trained on PolNeAR, where such actions are rarely
    # attributions) scores it below the default threshold, so look at the rules' output
    text = "In a statement, the ministry blocked the sale of the embassy."
    claims = list(extract_claims(nlp(text), use_model=False))
    check_offsets(text, claims)
    c = one(claims, "In a statement")
    assert c.source.text == "the ministry"
    assert c.content.text == "blocked the sale of the embassy"


@pytest.mark.parametrize(
    "text,cue,source,content,cls",
    [
        ("Johnson denied that he had taken any money.", "denied", "Johnson", "that he had taken any money", "denial"),
        ("She insisted the report was accurate.", "insisted", "She", "the report was accurate", "assertive"),
        ("The company admitted that the data had been lost.", "admitted", "The company", "that the data had been lost", "concessive"),
        ("Critics claim the law will hurt small farms.", "claim", "Critics", "the law will hurt small farms", "evaluative"),
        ("Most economists believe that rates will rise.", "believe", "Most economists", "that rates will rise", "belief"),
    ],
)
def test_cue_classes(nlp, text, cue, source, content, cls):
    c = one(claims_of(nlp, text), cue)
    assert (c.type, c.source.text, c.content.text, c.cue_class) == ("indirect", source, content, cls)


# ------------------------------------------------------ sourceless attributions


def test_passive_with_agent_has_a_source(nlp):
    text = "The plan was described as reckless by the opposition leader."
    claims = claims_of(nlp, text)
    c = [c for c in claims if c.cue.text.endswith("described")][0]
    assert c.type == "indirect" and c.source.text == "the opposition leader"
    assert seg_texts(text, c.content) == ["The plan", "as reckless"]


# ---------------------------------------------------------- hand-built parse
def test_hand_built_parse_nested_according_to(nlp):
    # "According to the paper, analysts say prices will fall." with a fixed parse
    words = ["According", "to", "the", "paper", ",", "analysts", "say", "prices", "will", "fall", "."]
    heads = [6, 0, 3, 1, 6, 6, 6, 9, 9, 6, 6]
    deps = ["prep", "prep", "det", "pobj", "punct", "nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"]
    pos = ["VERB", "ADP", "DET", "NOUN", "PUNCT", "NOUN", "VERB", "NOUN", "AUX", "VERB", "PUNCT"]
    lemmas = ["accord", "to", "the", "paper", ",", "analyst", "say", "price", "will", "fall", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, False, True, True, True, True, True, False, False],
              heads=heads, deps=deps, pos=pos, lemmas=lemmas, sent_starts=[True] + [False] * 10)
    claims = list(extract_claims(doc))
    check_offsets(doc.text, claims)
    outer = one(claims, "According to")
    inner = one(claims, "say")
    assert outer.type == "according_to" and outer.source.text == "the paper"
    assert outer.content.text == "analysts say prices will fall"
    assert inner.source.text == "analysts" and inner.content.text == "prices will fall"
    assert inner.parent == outer.id and outer.parent is None


def test_narration_gives_no_claim(nlp):
    assert claims_of(nlp, "The high-level meeting covered a broad spectrum of issues, focusing on trade.") == []


def test_empty_doc(nlp):
    assert list(extract_claims(nlp(""))) == []


# ------------------------------------------------------------- the lexicon
def test_lexicon_default_and_env_override(tmp_path, monkeypatch, nlp):
    lex = load_lexicon()
    assert lex.by_kind["verb"]["say"].cls == "neutral"
    assert {e.cls for e in lex.entries} == CLASSES
    mine = tmp_path / "cues.tsv"
    mine.write_text("# only one cue\nmutter\tverb\tneutral\t0.5\n", encoding="utf-8")
    monkeypatch.setenv("PROVENANCE_CUES", str(mine))
    custom = load_lexicon()
    assert set(custom.verbs) == {"mutter"}
    text = "He muttered that the plan would fail."
    claims = list(extract_claims(nlp(text), lexicon=custom))
    assert [c.cue.text for c in claims] == ["muttered"]
    said = nlp("She said that the plan would fail.")
    assert list(extract_claims(said, lexicon=custom, use_model=False)) == []  # the rules alone: the file's cues
    # the learned cue pattern still reads a verb the file lacks, with the cue model's probability as confidence
    (found,) = extract_claims(said, lexicon=custom)
    assert found.cue.text == "said" and found.confidence < 0.9


@pytest.mark.parametrize(
    "line,message",
    [
        ("say\tverb\tneutral", "line 2: expected 4"),
        ("say\tverbal\tneutral\t0.5", "line 2: kind 'verbal'"),
        ("say\tverb\tloud\t0.5", "line 2: class 'loud'"),
        ("say\tverb\tneutral\tstrong", "line 2: strength 'strong'"),
        ("say\tverb\tneutral\t1.5", "line 2: strength 1.5"),
        ("say\tverb\tneutral\t0.5\tloud", "line 2: flag 'loud'"),
        ("say\tverb\tneutral\t0.5\taddressee\tmore", "line 2: expected 4"),
    ],
)
def test_bad_lexicon_names_file_and_line(tmp_path, line, message):
    bad = tmp_path / "bad.tsv"
    bad.write_text("tell\tverb\tneutral\t0.9\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_lexicon(bad)
    assert str(bad) in str(err.value) and message in str(err.value)


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(ValueError, match="cannot read cue file"):
        load_lexicon(tmp_path / "nope.tsv")


# ------------------------------------------------------------ the seed article
@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    claims = list(extract_claims(doc))
    check_offsets(text, claims)
    return text, list(doc.sents), claims


def by_cue(claims, cue_text):
    found = [c for c in claims if c.cue.text == cue_text]
    assert len(found) == 1, [c.cue.text for c in claims]
    return found[0]


def test_seed_1_according_to_website(seed):
    text, sents, claims = seed
    c = by_cue(claims, "according to")
    assert c.type == "according_to" and c.source.text == "the Tajik president’s official website"
    assert "Tajikistan’s President Emomali Rahmon met with U.S. President Donald Trump" in c.content.text
    assert c.content.text.endswith("strengthening bilateral ties")
    assert c.sentence == 0


def test_seed_2_narration_has_no_claim(seed):
    text, sents, claims = seed
    idx = next(i for i, s in enumerate(sents) if s.text.startswith("The high-level meeting"))
    assert [c for c in claims if c.sentence == idx] == []


def test_seed_3_he_emphasized(seed):
    text, sents, claims = seed
    c = by_cue(claims, "emphasized")
    assert c.source.text == "He" and c.type == "indirect"
    assert c.content.text.startswith("the critical importance of global peace")
    assert sents[c.sentence].text.startswith("He emphasized")


def test_seed_4_reportedly_hedge(seed):
    text, sents, claims = seed
    c = by_cue(claims, "reportedly")
    assert c.type == "hedge" and c.source is None
    assert "placed strong emphasis on enhancing trade" in c.content.text


def test_seed_5_rahmon_highlighted(seed):
    text, sents, claims = seed
    c = by_cue(claims, "highlighted")
    assert c.source.text == "President Rahmon"
    assert c.content.text.startswith("the presence of more than 70 American-invested companies")


def test_seed_6_both_sides_agreed(seed):
    text, sents, claims = seed
    c = by_cue(claims, "agreed")
    assert c.source.text == "Both sides"
    assert c.content.text.startswith("that expanding collaboration")
    assert c.content.text.endswith("serves the mutual interests of both nations")


def test_seed_7_nested_according_to_and_view(seed):
    text, sents, claims = seed
    outer = by_cue(claims, "According to")
    inner = by_cue(claims, "view")
    assert outer.type == "according_to" and outer.source.text == "Khaama Press News Agency"
    assert inner.source.text == "regional analysts"
    assert inner.content.text.startswith("the meeting as part of a broader U.S. strategy")
    assert outer.content.start <= inner.cue.start < outer.content.end
    assert outer.content.start <= inner.content.start and inner.content.end <= outer.content.end
    assert inner.parent == outer.id and outer.parent is None
    assert inner.cue_class == "belief"


def test_seed_8_passive_seen_as(seed):
    text, sents, claims = seed
    c = next(c for c in claims if "seen" in c.cue.text)
    assert c.type == "passive" and c.source is None
    assert c.content.text.startswith("The talks")
    assert "a potential turning point" in c.content.text


def test_seed_9_observers_say(seed):
    text, sents, claims = seed
    c = by_cue(claims, "say")
    assert c.source.text == "observers" and c.type == "indirect"
    assert c.content.text == "the meeting could pave the way for a significantly expanded partnership between Washington and Dushanbe"


# --------------------------------------------------- constructions learned on PolNeAR train
@pytest.mark.parametrize(
    "text,cue,source,content",
    [
        pytest.param("The senator called for an independent inquiry into the contract.", "called", "The senator",
                     "an independent inquiry into the contract", id="prepositional-object"),
        pytest.param("Ted Cruz, who won Oklahoma, is calling for some of his rivals to drop out.", "calling",
                     "Ted Cruz, who won Oklahoma", "some of his rivals to drop out", id="for-marking-a-clause"),
    ],
)
def test_call_for_takes_what_follows_its_preposition(nlp, text, cue, source, content):
    c = one(claims_of(nlp, text), cue)
    assert c.cue.lemma == "call for" and c.source.text == source and c.content.text == content


def test_transcript_turn_runs_to_paragraph_end(nlp):
    text = "WALLACE: Will she be there? We have little time.\n\nPENCE: She will not attend."
    claims = claims_of(nlp, text)
    w = [c for c in claims if c.source and c.source.text == "WALLACE"]
    assert w and w[0].content.text == "Will she be there? We have little time"


def test_relative_pronoun_source_is_named_by_its_antecedent(nlp):
    text = "The protesters, who said the vote was rigged, marched to the capitol."
    c = one(claims_of(nlp, text), "said")
    assert c.source.text == "who" and c.source.name == "The protesters"
    assert c.content.text == "the vote was rigged"


def test_second_that_clause_joins_the_content(nlp):
    text = "He also claims he was the only one punished for the error, and that his firing was improper."
    c = one(claims_of(nlp, text), "claims")
    assert c.content.text.startswith("he was the only one punished")
    assert c.content.text.endswith("that his firing was improper")


def test_content_stays_in_the_cue_paragraph(nlp):
    text = "She called Carson a special person\n\nAnd she said the race was over."
    c = one(claims_of(nlp, text), "said")
    assert c.content.text == "the race was over"
    assert "\n" not in c.content.text


# ------------------------------------------------------------- confidence
def test_confidence_ranks_a_plain_say_above_a_weak_cue(nlp):
    text = "The minister said that taxes would rise. The report also looked at the budget of the city."
    claims = list(extract_claims(nlp(text), min_confidence=0.0))
    said = one(claims, "said")
    assert said.confidence > 0.8
    assert all(c.confidence < said.confidence for c in claims if c is not said)


@pytest.mark.parametrize("text, cue, expected", [
    pytest.param("Senator Elizabeth Warren said the plant would close.", "said",
                 {"cue=say|ccomp", "source_head=PERSON", "content_head=VERB"}, id="a-person-says-a-clause"),
    pytest.param("The statistics show part of the income picture.", "show",
                 {"cue=show|dobj", "source_head=NOUN", "content_head=NOUN"}, id="a-thing-shows-a-noun-phrase"),
    pytest.param("Clinton attacked Trump on Monday.", "attacked",
                 {"cue=attack|dobj", "source_head=PERSON", "content_head=PERSON"}, id="a-person-attacks-a-person"),
])
def test_confidence_features_name_the_cue_with_its_pattern_and_the_kinds_of_source_and_content(nlp, text, cue, expected):
    from provenance.extract.rules import claims_with_features

    feats = next(f for c, f in claims_with_features(nlp(text)) if c.cue.text == cue)
    assert {k for k in feats if k.startswith(("cue=", "source_head=", "content_head="))} == expected


def test_the_head_of_a_char_range_is_the_root_of_its_tokens(nlp):
    from provenance.extract.geometry import Page

    text = "Senator Elizabeth Warren said the plant would close."
    doc = nlp(text)
    page = Page(doc)
    for part, head in (("Senator Elizabeth Warren", "Warren"), ("the plant would close", "close"), ("plant", "plant")):
        start = text.index(part)
        assert page.head_of(start, start + len(part)).text == head
        assert page.head_of(start, start + len(part)) == doc.char_span(start, start + len(part), alignment_mode="expand").root
    assert page.head_of(len(text), len(text)) is None


def test_a_cue_and_pattern_seen_rarely_in_training_gets_no_weight_of_its_own():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "learn_confidence.py"
    spec = importlib.util.spec_from_file_location("learn_confidence", path)
    lc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lc)
    X = [{"prior": 0.9, "cue=say|ccomp": 1.0}] * 6 + [{"prior": 0.2, "cue=offer|dobj": 1.0}] * 6 \
        + [{"prior": 0.5, "cue=rare|dobj": 1.0}]
    y = [1] * 6 + [0] * 6 + [1]
    model = lc.as_model(*lc.fit(X, y, min_cue=5), threshold=0.4)
    assert "cue=say|ccomp" in model.weights and "cue=offer|dobj" in model.weights
    assert "cue=rare|dobj" not in model.weights
    assert model({"prior": 0.5, "cue=say|ccomp": 1.0}) > model({"prior": 0.5, "cue=offer|dobj": 1.0})


def test_prior_without_the_model(nlp):
    from provenance.extract import PATTERN_RELIABILITY

    text = "The minister said that taxes would rise."
    c = one(list(extract_claims(nlp(text), use_model=False)), "said")
    say = load_lexicon().by_kind["verb"]["say"]
    assert c.confidence == pytest.approx(say.strength * PATTERN_RELIABILITY["ccomp"], abs=1e-3)


@pytest.mark.parametrize("text,expected", [
    pytest.param("More than six in 10 said they were not looking forward to the next few months of the campaign; 46 percent "
                 "said they were unenthusiastic about the 2016 presidential election.",
                 [("46 percent", "they were unenthusiastic about the 2016 presidential election"),
                  ("More than six in 10", "they were not looking forward to the next few months of the campaign")],
                 id="semicolon-the-first-parsed-as-the-seconds-complement"),
    pytest.param("Six in 10 Virginia Democratic primary voters said Clinton is honest and trustworthy, and three-quarters said "
                 "the same of Sanders.", [("Six in 10 Virginia Democratic primary voters", "Clinton is honest and trustworthy"),
                                          ("three-quarters", "the same of Sanders")],
                 id="and-the-second-parsed-as-the-firsts-complement"),
])
def test_two_statements_side_by_side_are_two_top_level_claims(nlp, text, expected):
    got = sorted((c.source.text, c.content.text) for c in claims_of(nlp, text) if c.parent is None)
    assert got == expected


@pytest.mark.parametrize("text", [
    pytest.param("Sanders promised Sunday at a Las Vegas rally to end the deportation regime.", id="promised-sunday"),
    pytest.param("GOP presidential contender Ben Carson responded on Sunday to accusations about his life story.",
                 id="responded-on-sunday"),
])
def test_when_it_was_said_is_no_content(nlp, text):
    assert all(c.content.text not in ("Sunday", "on Sunday") for c in claims_of(nlp, text))


def test_a_passive_as_clause_attributes_the_clause_after_it(nlp):
    # the rules' claim (the confidence model, fitted on few such shapes, may still keep it under its threshold)
    text = "As reported by Western Journalism, investigators found over 2,200 emails containing classified information."
    c = one(list(extract_claims(nlp(text), use_model=False)), "reported")
    assert c.source.text == "Western Journalism"
    assert c.content.text == "investigators found over 2,200 emails containing classified information"


def test_bad_confidence_file_is_a_clear_error(tmp_path):
    from provenance.extract.confidence import load_model

    bad = tmp_path / "confidence.json"
    bad.write_text('{"weights": {"prior": "x"}}', encoding="utf-8")
    with pytest.raises(ValueError, match="bad confidence model file"):
        load_model(str(bad))


# ------------------------------------------------------ defects reported by QA (exact repros)
def test_participle_cue_content_keeps_its_last_word(nlp):
    text = ("President Rahmon thanked his host. He emphasized the critical importance of global peace and "
            "stability, calling them the foundation for sustainable development worldwide.")
    c = one(claims_of(nlp, text), "calling")
    assert c.content.text.endswith("sustainable development worldwide")


def test_according_to_after_reported_speech_is_the_outer_claim(nlp):
    text = "The minister said the cafe would close, according to Le Monde.\n"
    claims = claims_of(nlp, text)
    outer, inner = one(claims, "according to"), one(claims, "said")
    assert outer.parent is None and inner.parent == outer.id
    assert outer.content.text == "The minister said the cafe would close"
    assert inner.content.text == "the cafe would close"


def test_mixed_quote_content_stops_at_its_closing_quote(nlp):
    text = ('The Velorian Farmers\' Federation said in a statement that its members "cannot survive another '
            'price shock."\n\nTrade between the two countries fell by nearly a fifth last year.\n')
    claims = claims_of(nlp, text)
    assert claims
    for c in claims:
        assert "Trade between" not in c.content.text, c.content.text


def test_parent_links_never_form_a_cycle():
    from provenance.extract.nesting import break_cycles
    from provenance.model import Claim, Cue, Span

    text = "A said that B thinks C."
    a = Claim(type="indirect", cue=Cue("said", 2, 6, "say"), content=Span.from_offsets(text, 7, 22), sentence=0)
    b = Claim(type="indirect", cue=Cue("thinks", 14, 20, "think"), content=Span.from_offsets(text, 0, 6), sentence=0)
    looped = [attrs.evolve(a, parent=b.id), attrs.evolve(b, parent=a.id)]
    fixed = {c.id: c for c in break_cycles(looped)}
    assert fixed[b.id].parent == a.id and fixed[a.id].parent is None  # the wider claim (a) loses its parent


def test_example_articles_have_no_parent_cycles(nlp):
    examples = Path(__file__).resolve().parents[1] / "examples"
    paths = sorted(examples.glob("*.txt"))
    if not paths:
        pytest.skip("no example articles")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        claims = {c.id: c for c in claims_of(nlp, text)}
        for cid in claims:
            seen, cur = {cid}, claims[cid].parent
            while cur is not None:
                assert cur not in seen, f"{path.name}: claim {cid} is its own ancestor"
                seen.add(cur)
                cur = claims[cur].parent




# ------------------------------------------------------ nesting: pure functions over claims, no parse
def _claim(text, cue, content, confidence=0.9):
    from provenance.model import Claim, Cue, Span

    cs = text.index(cue)
    s = text.index(content)
    return Claim(type="indirect", cue=Cue(cue, cs, cs + len(cue), cue), content=Span.from_offsets(text, s, s + len(content)),
                 sentence=0, confidence=confidence)


def test_nest_links_a_claim_to_the_smallest_content_holding_its_cue():
    from provenance.extract.nesting import nest, one_per_cue

    text = "A said that B thinks C believes D."
    a = _claim(text, "said", "that B thinks C believes D")
    b = _claim(text, "thinks", "C believes D")
    c = _claim(text, "believes", "D")
    weaker_b = _claim(text, "thinks", "C believes", confidence=0.5)
    out = {x.cue.text: x for x in nest(one_per_cue([c, weaker_b, b, a]))}
    assert len(out) == 3 and out["thinks"].content.text == "C believes D"  # the more confident claim of a cue
    assert (out["said"].parent, out["thinks"].parent, out["believes"].parent) == (None, a.id, b.id)


@pytest.mark.parametrize(
    "text,inner,kept",
    [
        pytest.param("“I think taxes will rise next year,” the minister said.", "think", True, id="nested-i-think"),
        pytest.param("“They told me the plant would close,” the worker said.", "told", True, id="nested-reported-speech"),
        pytest.param("“I know who I am,” the senator said.", "know", False, id="not-nested-know-wh"),
        pytest.param("“I was focused on listing the reasons I support her,” Hassan said.", "support", False,
                     id="not-nested-ordinary-verb"),
        pytest.param("“We will see what happens,” the coach said.", "see", False, id="not-nested-weak-cue"),
        pytest.param("“Not once has an adviser of mine suggested that we drop the phrase,” Obama said.", "suggested",
                     False, id="not-nested-fronted-negation"),
        pytest.param("“No one has suggested that anything like that happened,” Aftergood said.", "suggested", False,
                     id="not-nested-negative-subject"),
        pytest.param("“My staff told me that no candidate would win,” the mayor said.", "told", True,
                     id="nested-no-inside-the-content"),
        pytest.param("“I’ll tell you what, I don’t know one Jewish person that doesn’t want to have a deal,” the candidate "
                     "said.", "tell", True, id="nested-announced-in-the-first-person"),
    ],
)
def test_a_nested_claim_is_emitted_only_when_it_is_one(nlp, text, inner, kept):
    claims = claims_of(nlp, text)
    said = one(claims, "said")
    nested = [c for c in claims if c.cue.text == inner]
    if kept:
        assert len(nested) == 1 and nested[0].parent == said.id
        assert nested[0].content.text != said.content.text  # its own content, not the quotation
    else:
        assert nested == []


@pytest.mark.parametrize(
    "text,outer,inner,source,content",
    [
        pytest.param("Priebus said the Republican Party was not in a crisis, and urged that everyone take a deep breath.",
                     "said", "urged", "Priebus", "that everyone take a deep breath", id="coordinated-second-verb"),
        pytest.param("The senator said the bill would pass and predicted that the governor will sign it.", "said",
                     "predicted", "The senator", "that the governor will sign it", id="coordinated-without-comma"),
        pytest.param("Among Trump voters, 74 percent said they are set on voting for him, while 22 percent said they "
                     "might change their mind.", "said", "said", "22 percent", "they might change their mind",
                     id="while-clause-with-its-own-speaker"),
    ],
)
def test_the_speakers_next_statement_hung_inside_the_first_is_top_level(nlp, text, outer, inner, source, content):
    # the parse hangs the second verb inside the first one's content; PolNeAR marks two attributions of one speaker
    claims = claims_of(nlp, text)
    first = min((c for c in claims if c.cue.text == outer), key=lambda c: c.cue.start)
    second = max((c for c in claims if c.cue.text == inner), key=lambda c: c.cue.start)
    assert second.parent is None and second.source.text == source and second.content.text == content
    assert first.parent is None and first is not second


@pytest.mark.parametrize(
    "text,outer,first_content,inner,content",
    [
        pytest.param("She said she has no plans to change her vote and would not identify any issue that could sway her.",
                     "said", "she has no plans to change her vote", "identify", "any issue that could sway her",
                     id="a-modal-beside-a-present"),
        pytest.param("He said that he would offer a prayer for the eventual nominee but did not suggest it would be Trump.",
                     "said", "that he would offer a prayer for the eventual nominee", "suggest", "it would be Trump",
                     id="did-not-beside-a-modal"),
        pytest.param("Ryan insists the party must be a party of ideas, and has championed an agenda of cuts in Medicare.",
                     "insists", "the party must be a party of ideas", "championed", "an agenda of cuts in Medicare",
                     id="has-beside-a-modal"),
    ],
)
def test_a_second_verb_made_finite_otherwise_is_the_speakers_next_statement(nlp, text, outer, first_content, inner, content):
    # the parse coordinated the second verb with the first content's verb; their auxiliaries say they are not one
    # clause's (train: 5 attributions found, 5 first contents made exact, 1 cut short)
    claims = claims_of(nlp, text)
    first, second = one(claims, outer), one(claims, inner)
    assert first.parent is None and first.content.text == first_content
    assert second.parent is None and second.source.text == first.source.text and second.content.text == content


def test_a_state_coordinated_in_a_content_is_no_second_statement(nlp):
    # "want" (cue class belief) beside "are worried": still what the organizers said
    text = ("Organizers of the boycott said they are worried that Trump could gain legitimacy through the event and want "
            "to deny him a chance to present the invitation as a sign of approval.")
    said = one(claims_of(nlp, text), "said")
    assert said.content.text.endswith("as a sign of approval")


@pytest.mark.parametrize(
    "text,inner,source,content_end",
    [
        pytest.param("They cited the case of Guccifer 2.0, an individual or group of hackers who U.S. officials say is tied "
                     "to Russian intelligence services.", "say", "U.S. officials", "tied to Russian intelligence services",
                     id="relative-clause-with-its-own-speaker"),
        pytest.param("Amnesty International spokesman Eric Ferrero said groups of observers were dispatched with the "
                     "marchers, whom he described as peaceful, for the length of the route.", "described", "he",
                     "as peaceful", id="relative-clause-whom-he-described"),
        pytest.param("John Kasich is assuring voters he's tough enough to be president after a woman in Worcester, "
                     "Massachusetts, told him she worries he's too nice to fend off his rivals.", "told",
                     "a woman in Worcester, Massachusetts", "she worries he's too nice to fend off his rivals",
                     id="after-clause-with-its-own-speaker"),
        pytest.param("Mr. Ryan has long said that he will support the party's nominee, even as he has taken frequent shots "
                     "at Mr. Trump's comments.", "taken frequent shots at", "he", "Mr. Trump's comments",
                     id="as-clause-with-its-own-speaker"),
    ],
)
def test_a_clause_with_its_own_speaker_hung_inside_a_claim_is_top_level(nlp, text, inner, source, content_end):
    # PolNeAR train: of the nested claims in such relative clauses (speaker not the relative pronoun) and as / after
    # clauses, about half are annotated attributions the outer claim's content swallowed
    claims = claims_of(nlp, text)
    second = one(claims, inner)
    assert second.parent is None and second.source.text == source and second.content.text.endswith(content_end)


@pytest.mark.parametrize(
    "text,outer,content,inner",
    [
        pytest.param("Among likely voters, 61 percent said they expect life for their children to be harder than their own, "
                     "while nine in 10 said they thought the economy favors the rich.", "said",
                     "they expect life for their children to be harder than their own", "said", id="while"),
        pytest.param("Hicks said the senator has donated to several campaigns since 2010, though public records show he did "
                     "not vote.", "said", "the senator has donated to several campaigns since 2010", "show", id="though"),
        pytest.param("The governor has said that he will back the party's nominee, even as he has taken frequent shots at the "
                     "front-runner's comments.", "said", "that he will back the party's nominee", "taken frequent shots at",
                     id="even-as"),
        pytest.param("The governor is assuring voters he is tough enough to lead after a woman in Nashua told him she worries "
                     "he is too nice to fend off his rivals.", "assuring", "he is tough enough to lead", "told", id="after"),
        pytest.param("The union's leaders said the biggest endorsement would not come next week as many members expected.",
                     "said", "the biggest endorsement would not come next week as many members expected", None,
                     id="a-plain-as-clause-stays"),
    ],
)
def test_a_clause_with_its_own_speaker_ends_the_content_it_was_hung_in(nlp, text, outer, content, inner):
    # PolNeAR never nests attributions: the first statement's content stops before the second speaker's clause
    # (while / whereas / though / although / after / even as; train: 11 contents too long made exact, 2 exact cut short)
    claims = claims_of(nlp, text)
    first = min((c for c in claims if c.cue.text == outer), key=lambda c: c.cue.start)
    assert first.parent is None and first.content.text == content
    if inner is not None:
        second = max((c for c in claims if c.cue.text == inner), key=lambda c: c.cue.start)
        assert second.parent is None and second is not first and second.cue.start > first.content.end


def test_cut_contents_before_ends_a_content_before_an_offset():
    from provenance.extract.nesting import cut_contents_before

    text = "A said B was fine, while C said D."
    a = _claim(text, "said", "B was fine, while C said D")
    b = _claim(text, "C said", "D")
    out = {x.id: x for x in cut_contents_before([a, b], text, {a.id: text.index("while")})}
    assert out[a.id].content.text == "B was fine" and out[b.id] == b
    assert cut_contents_before([a], text, {a.id: 0}) == [a]  # an offset outside the content changes nothing


@pytest.mark.parametrize(
    "text,reporter,content,first,first_content",
    [
        pytest.param('When asked how his ban would affect the mayor, Trump said: "There will always be exceptions," the Times '
                     'reported.', "reported", 'When asked how his ban would affect the mayor, Trump said: "There will always '
                     'be exceptions', "said", "There will always be exceptions", id="a-paper-reported"),
        pytest.param("Hillary Clinton thinks the federal government requires too many tests for school children, former "
                     "President Bill Clinton said this week at an event in Wyoming.", "said", "Hillary Clinton thinks the "
                     "federal government requires too many tests for school children", "thinks",
                     "the federal government requires too many tests for school children", id="a-speaker-said-this-week"),
        pytest.param('Grayson said his rival "would have no chance to win," the source recalled.', "recalled",
                     'Grayson said his rival "would have no chance to win', "said", 'his rival "would have no chance to win',
                     id="the-source-recalled"),
        pytest.param("Voters said the economy was improving, polls show.", "show", "Voters said the economy was improving",
                     "said", "the economy was improving", id="polls-show"),
    ],
)
def test_a_speaker_set_off_at_the_end_of_a_sentence_reports_all_of_it(nlp, text, reporter, content, first, first_content):
    # the parse hangs the reporter in the first cue's content; PolNeAR marks the reporter's attribution, the first one
    # inside its content (train: 8 attributions found, all content exact, none lost)
    claims = claims_of(nlp, text)
    outer, inner = max((c for c in claims if c.cue.text == reporter), key=lambda c: c.cue.start), one(claims, first)
    assert outer.parent is None and outer.content.text == content
    assert inner.parent == outer.id and inner.content.text == first_content


@pytest.mark.parametrize(
    "text,first,second",
    [
        pytest.param('He warned, "If they play that card, it will be fair game," Trump told the morning show.', "warned",
                     "told", id="told-someone"),
    ],
)
def test_a_speaker_set_off_is_no_reporter_of_the_sentence_here(nlp, text, first, second):
    claims = claims_of(nlp, text)
    a = min((c for c in claims if c.cue.text == first), key=lambda c: c.cue.start)
    others = [c for c in claims if c.cue.text == second]
    assert others and all(c.parent is not None for c in others) and a.parent not in {c.id for c in others}


def test_lift_reporters_never_takes_a_speaker_inside_a_quotation_or_the_first_person():
    from provenance.extract.nesting import lift_reporters, nest
    from provenance.model import Source, Span

    def speaker(text, claim, who):
        return attrs.evolve(claim, source=Source.from_span(Span.from_offsets(text, text.index(who), text.index(who) + len(who))))

    for text, who, quoted, lifted in [("A said B was done, the paper reported.", "the paper", False, True),
                                      ("A said B was done, the paper reported.", "the paper", True, False),
                                      ("A said B was done, I reported.", "I", False, False)]:
        a = speaker(text, _claim(text, "said", text[text.index("B") : -1]), "A")
        b = speaker(text, _claim(text, "reported", "B was done"), who)
        out = {x.cue.text: x for x in lift_reporters(nest([a, b]), text, lambda pos: 0, lambda pos: quoted)}
        assert (out["reported"].parent is None) is lifted
        if lifted:
            assert out["reported"].content.text == "A said B was done" and out["said"].content.text == "B was done"
            assert out["said"].parent == b.id


@pytest.mark.parametrize(
    "text,cue",
    [
        pytest.param("That said, Millennials say they believe success will require a lifetime of effort.", "say",
                     id="that-said"),
        pytest.param('(That said, she also noted, "When you attack him, he will punch back.")', "noted",
                     id="that-said-in-parentheses"),
        pytest.param("That being said, the senator argued that the bill would fail.", "argued", id="that-being-said"),
    ],
)
def test_that_said_is_a_discourse_marker_not_a_cue(nlp, text, cue):
    # the claim of the sentence is the one after it, at the top level (train: 3 attributions found, none lost)
    claims = claims_of(nlp, text)
    assert [c.cue.text for c in claims if c.parent is None] == [cue]


def test_lift_second_statements_takes_the_parents_source():
    from provenance.extract.nesting import lift_second_statements, nest
    from provenance.model import Source, Span

    text = "A said B was fine and urged C."
    a = attrs.evolve(_claim(text, "said", "B was fine and urged C"), source=Source.from_span(Span.from_offsets(text, 0, 1)))
    b = _claim(text, "urged", "C")
    out = {x.cue.text: x for x in lift_second_statements(nest([a, b]), lambda c: "speaker" if c.cue.text == "urged" else "")}
    assert out["urged"].parent is None and out["urged"].source.text == "A"
    own = {x.cue.text: x for x in lift_second_statements(nest([a, b]), lambda c: "own" if c.cue.text == "urged" else "")}
    assert own["urged"].parent is None and own["urged"].source is None
    kept = {x.cue.text: x for x in lift_second_statements(nest([a, b]), lambda c: "")}
    assert kept["urged"].parent == a.id


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He was blunt. “I think taxes will rise next year.”", id="quoted-cue-speaker-not-found"),
        pytest.param("“I think taxes will rise next year, and I know the voters will not like it.”",
                     id="quoted-cues-nobody-said"),
    ],
)
def test_a_cue_in_a_quotation_nobody_is_said_to_say_gives_no_claim(nlp, text):
    assert claims_of(nlp, text) == []


def test_nest_attributed_drops_quoted_cues_that_no_claim_holds():
    from provenance.extract.nesting import nest_attributed

    text = "A said that B thinks C believes D."
    a = _claim(text, "said", "that B thinks C believes D")
    b = _claim(text, "thinks", "C believes D")
    c = _claim(text, "believes", "D")
    quoted = {"thinks", "believes"}  # as if "B thinks C believes D" were a quotation
    kept = {x.cue.text: x for x in nest_attributed([a, b, c], lambda x: True, lambda x: x.cue.text in quoted)}
    assert set(kept) == {"said", "thinks", "believes"} and kept["thinks"].parent == a.id
    alone = nest_attributed([b, c], lambda x: True, lambda x: x.cue.text in quoted)
    assert alone == []  # the speaker's claim is gone: so are the quoted cues, nested ones included


def test_keep_nested_renests_under_what_holds_a_claim_now():
    from provenance.extract.nesting import keep_nested

    text = "A said that B wants C to say D."
    a = _claim(text, "said", "that B wants C to say D")
    b = _claim(text, "wants", "C to say D")
    c = _claim(text, "say", "D")
    out = {x.cue.text: x for x in keep_nested([a, b, c], lambda x: x.cue.text != "wants")}
    assert set(out) == {"said", "say"} and out["say"].parent == a.id and out["said"].parent is None


@pytest.mark.parametrize(
    "text,inner",
    [
        pytest.param("“Do you think the plan will work?” the senator asked reporters.", "think", id="question"),
        pytest.param("“If they think that makes them smart, they are wrong,” the minister said.", "think", id="condition"),
        pytest.param("“Would you have told her it was a bad idea?” the senator said.", "told", id="hypothetical"),
        pytest.param("“Every time he thinks about the children, he gets angry,” she said.", "thinks", id="belief-about-a-topic"),
        pytest.param("“Voters should respond by suggesting that the reporters are biased,” he said.", "suggesting",
                     id="prescribed-by-a-modal"),
        pytest.param("“Years from now, you’ll look back and you’ll say that this was the moment,” he said in his victory "
                     "speech that night.", "say", id="speech-to-come"),
        pytest.param("“We are confident the review will conclude that nothing inappropriate took place,” the spokesman said.",
                     "conclude", id="finding-to-come"),
        pytest.param("“Simply saying that you’re going to stay at home is also a mistake,” Bolton added.", "saying",
                     id="gerund-without-a-speaker"),
        pytest.param("“It is challenging the African-American community’s assumptions of white people,” he said.",
                     "assumptions", id="belief-noun-about-a-topic"),
        pytest.param("Starr said Clinton's situation reminds him of the 1969 book titled \"The Tragedy of Lyndon Johnson,\" "
                     "explaining, \"because what could have been and so there are certain tragic dimensions of it, which we all "
                     "lament.\"", "titled", id="participle-describing-a-noun"),
        pytest.param("Carson shared a syllabus for a 2002 psychology class called “Perception” on his Facebook page, writing "
                     "“Allow me also to do the research for the Wall Street Journal reporter.”", "called",
                     id="participle-naming-a-noun"),
        pytest.param("\"To go neutral, to play Switzerland when you’re talking about the Klan?\" Scarborough asked.", "talking",
                     id="framing-progressive"),
        pytest.param("“Are we talking about the same Nikki Haley?” Trump asked.", "talking", id="framing-progressive-question"),
    ],
)
def test_a_cue_that_asserts_nothing_is_no_nested_claim(nlp, text, inner):
    assert [c for c in claims_of(nlp, text) if c.cue.text == inner] == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Q: Will taxes rise next year?\n\nA: I think they will rise.\n", id="interview-labels"),
        pytest.param("UPDATE: The minister resigned on Friday.\n", id="update-label"),
        pytest.param("Clinton: 1,769.\n\nSanders: 1,501.\n", id="tally"),
        pytest.param("The revolutionary's next tactic: Sanders offers a preview.\n\nHe spoke in Syracuse.\n", id="headline-topic"),
        pytest.param("Bernie Sanders is gaining.\n\nDemocrats' new warning: Leaks could include lies.\n", id="noun-not-in-the-headline"),
    ],
)
def test_a_colon_after_a_label_or_before_a_tally_is_no_turn(nlp, text):
    assert [c for c in claims_of(nlp, text) if c.cue.text == ":"] == []


def test_a_closing_mark_that_opens_a_paragraph_opens_a_quote(nlp):
    text = "Readers wrote in.\n\n”Mr. Trump embodies everything wrong with politics.” ― Ana Ruiz\n"
    assert [text[s:e] for s, e in find_quotes(text)] == ["Mr. Trump embodies everything wrong with politics."]
    c = one(claims_of(nlp, text), "―")
    assert c.source.text == "Ana Ruiz" and c.content.text == "Mr. Trump embodies everything wrong with politics"


@pytest.mark.parametrize("text,quotes", [
    pytest.param("“It's unusual,“ said Larry Noble, an attorney with the Campaign Legal Center.", ["It's unusual,"],
                 id="an-opening-mark-after-a-word-before-a-space-closes"),
    pytest.param("“Apparently not,“ he said. “We will see.”", ["Apparently not,", "We will see."], id="and-the-next-one-opens"),
    pytest.param("He called it “a disgrace “ and left.", ["a disgrace ", " and left."], id="after-a-space-it-opens"),
])
def test_a_mistyped_quotation_mark(text, quotes):
    assert [text[s:e] for s, e in find_quotes(text)] == quotes


def test_a_quotation_closed_by_an_opening_mark_has_its_speaker(nlp):
    text = "“It's unusual,“ said Larry Noble, an attorney with the Campaign Legal Center."
    c = one(claims_of(nlp, text), "said")
    assert c.content.text == "It's unusual" and c.source.text.startswith("Larry Noble")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The senator added a provision to the bill on Tuesday.", id="no-object-add"),
        pytest.param("The governor continued to build the new bridge.", id="no-infinitive-continue"),
        pytest.param("She found a job at the embassy last spring.", id="no-object-find"),
        pytest.param("The new rules made the process clear to everyone.", id="verb-adjective-without-a-clause"),
        pytest.param("He put it on the table before the meeting began.", id="as-phrase-outside-an-as-clause"),
        pytest.param("The photographer took a shot of the crowd.", id="verb-object-with-another-preposition"),
        # PolNeAR train sentences that the confidence model's cue-and-pattern features no longer report
        pytest.param("Indiana hasn’t cast its ballots for president yet, but Donald Trump is already losing.",
                     id="confidence-cast-ballots"),
        pytest.param("The bulk now comes from outside donors, both small-dollar givers and those writing maximum-limit "
                     "checks of $2,700.", id="confidence-writing-checks"),
        pytest.param("The power failed again, casting us into total darkness, then returned a few seconds later.",
                     id="confidence-casting-into-darkness"),
        pytest.param("The survey marks the third week in a row that the Rasmussen poll has shown Trump in the lead.",
                     id="confidence-poll-has-shown-a-name"),
    ],
)
def test_an_ordinary_use_of_a_cue_verb_is_no_claim(nlp, text):
    assert claims_of(nlp, text) == []
