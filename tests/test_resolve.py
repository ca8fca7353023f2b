"""Source resolution on real parses of hand-written sentences.

Claims are built by hand around a source mention: the mention is what the
extractor would give, the cue and content only have to be plausible.
"""

import re
from pathlib import Path

import attrs
import pytest

from provenance.model import Claim, Cue, Source, Span, source_id
from provenance.resolve import (
    SourceLexiconError,
    article_scope,
    load_lexicon,
    read_lexicon,
    resolve_sources,
    scoped_source_id,
)

_REPO = Path(__file__).resolve().parents[1]
# ../shared from the main checkout; ../../shared from a worktree under /work/wt
SEED = next(
    (p for p in (_REPO.parent / "shared", _REPO.parent.parent / "shared") if (p / "examples").is_dir()), _REPO.parent / "shared"
) / "examples" / "000_43e97ed149c4cf71.txt"


def claim_at(doc, mention, *, context=None, nth=0, content=None):
    """A claim whose source is ``mention`` (inside the ``nth`` match of ``context``), cue the next
    word, content the rest of the sentence (or the ``content`` text if given)."""
    text = doc.text
    context = context or mention
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(context), text)]
    assert len(hits) > nth, f"{context!r} not found {nth + 1} times"
    start = hits[nth] + context.index(mention)
    end = start + len(mention)
    sents = list(doc.sents)
    idx = next(i for i, s in enumerate(sents) if s.start_char <= start < s.end_char)
    sent = sents[idx]
    after = [t for t in doc.char_span(end, sent.end_char, alignment_mode="expand") if not t.is_space] if end < sent.end_char else []
    cue_tok = next((t for t in after if t.is_alpha), None) or sent.root
    cue = Cue.from_span(Span.from_spacy(cue_tok), cue_tok.lemma_)
    if content is not None:
        c0 = text.index(content)
        body = Span.from_offsets(text, c0, c0 + len(content))
    else:
        c0 = cue.end + 1 if cue.end < sent.end_char else sent.start_char
        body = Span.from_offsets(text, c0, max(c0 + 1, sent.end_char - 1))
    src = Source.from_span(Span.from_offsets(text, start, end))
    assert src.text == mention and src.kind == "unknown" and src.name == mention
    return Claim(type="indirect", cue=cue, content=body, sentence=idx, source=src)


def resolve(nlp, text, *mentions, **kw):
    """Resolve one claim per mention (a string, or (mention, context[, nth])) and return their sources."""
    doc = nlp(text)
    claims = []
    for m in mentions:
        if isinstance(m, str):
            claims.append(claim_at(doc, m))
        else:
            claims.append(claim_at(doc, m[0], context=m[1], nth=m[2] if len(m) > 2 else 0))
    return [c.source for c in resolve_sources(doc, claims, **kw)]


RAHMON_LIKE = (
    "In a day of talks in Tarnby, Norland's President Viktor Halvorsen met Prime Minister Aino Laine "
    "of Estmark, according to the Norlandic presidency's official website.\n\n"
    "President Halvorsen began by thanking Prime Minister Laine for the invitation. "
    "He stressed that the two countries shared a long border and a long history.\n\n"
    "Later, President Halvorsen told reporters that a rail link would be built by 2030."
)


def test_pronoun_and_title_surname_resolve_to_the_full_name(nlp):
    he, later, first = resolve(
        nlp,
        RAHMON_LIKE,
        "He",
        ("President Halvorsen", "President Halvorsen told"),
        ("President Halvorsen", "President Halvorsen began"),
    )
    for s in (he, later, first):
        assert s.name == "Viktor Halvorsen"
        assert s.kind == "person"
        assert s.id == source_id("Viktor Halvorsen")
    assert (he.text, later.text) == ("He", "President Halvorsen")


def test_mention_offsets_and_order_are_kept(nlp):
    doc = nlp(RAHMON_LIKE)
    claims = [claim_at(doc, "He"), claim_at(doc, "President Halvorsen", context="President Halvorsen began")]
    no_source = attrs.evolve(claims[0], source=None, cue=attrs.evolve(claims[0].cue, start=0, end=2, text="In"))
    claims.insert(1, no_source)
    out = resolve_sources(doc, claims)
    assert len(out) == 3
    assert out[1] == no_source
    for before, after in ((claims[0], out[0]), (claims[2], out[2])):
        assert (after.source.text, after.source.start, after.source.end) == (
            before.source.text,
            before.source.start,
            before.source.end,
        )
        assert doc.text[after.source.start : after.source.end] == after.source.text
        assert (after.cue, after.content, after.id, after.type) == (before.cue, before.content, before.id, before.type)
    assert out[0].source.name == "Viktor Halvorsen"


def test_short_name_takes_the_longest_full_name_even_when_named_later(nlp):
    text = (
        "Mr. Okafor, the chairman of the board, said the vote would go ahead. "
        "The chairman, Chidi Okafor, has led the board since 2019."
    )
    (s,) = resolve(nlp, text, "Mr. Okafor")
    assert (s.name, s.kind) == ("Chidi Okafor", "person")


def test_possessive_and_title_are_stripped(nlp):
    text = "Velorian Trade Minister Anika Sorensen told reporters that talks would resume. Estmark’s Ambassador Lena Berg said the same."
    a, b = resolve(nlp, text, "Velorian Trade Minister Anika Sorensen", "Estmark’s Ambassador Lena Berg")
    assert (a.name, a.kind) == ("Anika Sorensen", "person")
    assert (b.name, b.kind) == ("Lena Berg", "person")


@pytest.mark.parametrize(
    "text, mention, name, kind",
    [
        ("According to Khaama Press News Agency, the talks went well.", "Khaama Press News Agency", "Khaama Press News Agency", "publication"),
        ("The strike will spread, according to the Harbour Times.", "the Harbour Times", "Harbour Times", "publication"),
        ("Reuters reported that the plant had closed.", "Reuters", "Reuters", "publication"),
        ("The fire is under control, Radio North reported on Sunday.", "Radio North", "Radio North", "publication"),
        ("According to the ministry’s website, the office will reopen on Monday.", "the ministry’s website", "ministry’s website", "document"),
        ("The company said in a statement that no jobs would go. The statement said the plan was final.", "The statement", "statement", "document"),
        ("According to a filing with the regulator, Brightwell expects a loss.", "a filing with the regulator", "filing with the regulator", "document"),
        ("Regional analysts view the meeting as a turning point.", "Regional analysts", "regional analysts", "anonymous"),
        ("If the deal holds, observers say trade could double.", "observers", "observers", "anonymous"),
        ("Officials familiar with the talks said a deal was close.", "Officials familiar with the talks", "officials familiar with the talks", "anonymous"),
        ("A senior official said the plan had been shelved.", "A senior official", "senior official", "anonymous"),
        ("Sources close to the board said the vote was delayed.", "Sources close to the board", "sources close to the board", "anonymous"),
        ("Some experts believe prices will fall.", "Some experts", "experts", "anonymous"),
        ("White House officials said the summit would go ahead.", "White House officials", "White House officials", "organization"),
        ("The Marlow Bay Port Authority denied that safety standards had slipped.", "The Marlow Bay Port Authority", "Marlow Bay Port Authority", "organization"),
        ("Greyfield Holdings said it would cover any cost overruns.", "Greyfield Holdings", "Greyfield Holdings", "organization"),
    ],
)
def test_kinds(nlp, text, mention, name, kind):
    (s,) = resolve(nlp, text, mention)
    assert (s.name, s.kind) == (name, kind)


def test_anonymous_sources_share_an_id_across_articles(nlp):
    (a,) = resolve(nlp, "Analysts say the merger will fail.", "Analysts")
    (b,) = resolve(nlp, "Prices will rise, analysts warned on Monday.", "analysts")
    assert a.id == b.id == source_id("analysts")


def test_named_sources_share_an_id_across_articles(nlp):
    (a,) = resolve(nlp, "Mayor Daniel Okoro said the water was safe.", "Mayor Daniel Okoro")
    (b,) = resolve(nlp, "The council met on Friday. Daniel Okoro, the mayor, said he would resign.", "Daniel Okoro")
    assert a.id == b.id == source_id("Daniel Okoro")


def test_bare_description_resolves_to_the_organization_named_before(nlp):
    text = (
        "Brightwell Systems, the software company based in Halden, will cut 600 jobs, the company said on Wednesday. "
        "The cuts were agreed by the Marlow Bay Dockworkers' Union last week, and the union said it was satisfied."
    )
    company, union = resolve(nlp, text, ("the company", "the company said"), ("the union", "the union said"))
    assert (company.name, company.kind) == ("Brightwell Systems", "organization")
    assert (union.name, union.kind) == ("Marlow Bay Dockworkers' Union", "organization")


def test_short_organization_name_takes_the_full_one(nlp):
    text = "Brightwell Systems will cut 600 jobs. Brightwell denied that it had been warned."
    (s,) = resolve(nlp, text, ("Brightwell", "Brightwell denied"))
    assert (s.name, s.kind) == ("Brightwell Systems", "organization")


def test_pronouns_follow_gender_and_subjects(nlp):
    text = (
        "Mr. Tomas Brandt met Ms. Anika Sorensen in Brenn on Thursday. "
        "She said that the talks had gone well. "
        "Brandt thanked Sorensen for her patience. He said a deal was close."
    )
    she, he = resolve(nlp, text, "She", "He")
    assert she.name == "Anika Sorensen"
    assert he.name == "Tomas Brandt"
    assert she.kind == he.kind == "person"


def test_subject_of_previous_sentence_beats_a_closer_object(nlp):
    text = "Mayor Clara Jensen thanked Governor Paul Reed for his support. She said the bridge would open in May."
    (she,) = resolve(nlp, text, "She")
    assert she.name == "Clara Jensen"


def test_they_and_it_take_organizations_not_people(nlp):
    text = (
        "Ministry of Transport officials met Transport Minister Carla Dunmore on Monday. "
        "They said fares on rural lines would be frozen. "
        "The Northern Rail Users' Association called the rise a tax on commuters. "
        "It said fares had gone up by a third since 2020."
    )
    they, it = resolve(nlp, text, "They", "It")
    assert (they.name, they.kind) == ("Ministry of Transport officials", "organization")
    assert (it.name, it.kind) == ("Northern Rail Users' Association", "organization")


def test_it_follows_an_earlier_claim_source(nlp):
    text = (
        "Greyfield Holdings denied that it had been warned. "
        "It said the plan had been reviewed by outside consultants."
    )
    first, it = resolve(nlp, text, ("Greyfield Holdings", "Greyfield Holdings denied"), ("It", "It said"))
    assert it.name == first.name == "Greyfield Holdings"
    assert it.id == first.id


def test_unresolved_pronoun_keeps_its_text_and_gets_an_article_id(nlp):
    text_a = "The bridge will close for repairs in May. He said the work would take six weeks."
    text_b = "Fares will rise in January. He said the money would pay for new trains."
    (a,) = resolve(nlp, text_a, "He")
    (b,) = resolve(nlp, text_b, "He")
    assert (a.name, a.kind) == ("He", "unknown")
    assert (b.name, b.kind) == ("He", "unknown")
    assert a.id != b.id, "unresolved pronouns of different articles must not be one source"
    assert source_id("He") not in (a.id, b.id)
    # deterministic: the same article gives the same id on every run
    (again,) = resolve(nlp, text_a, "He")
    assert again.id == a.id == scoped_source_id("He", article_scope(nlp(text_a)))
    # an explicit scope (e.g. the article id) is used as given
    (scoped,) = resolve(nlp, text_a, "He", scope="article-42")
    assert scoped.id == scoped_source_id("He", "article-42") != a.id


def test_pronoun_ignores_names_inside_its_own_quote(nlp):
    text = "The weather was bad on Sunday. \"Peter Halloran is a friend of this town,\" he said."
    doc = nlp(text)
    claim = claim_at(doc, "he", content="Peter Halloran is a friend of this town,")
    (out,) = resolve_sources(doc, [claim])
    assert (out.source.name, out.source.kind) == ("he", "unknown")


def test_pronoun_does_not_look_too_far_back(nlp):
    text = (
        "Lena Berg opened the festival on Friday. The weather was fine. Crowds were large. "
        "Tickets sold out. Parking was hard. Trains were full. Food ran out early. "
        "She said next year would be bigger."
    )
    (she,) = resolve(nlp, text, "She")
    assert (she.name, she.kind) == ("She", "unknown")


def test_both_sides_is_unknown_and_belongs_to_its_article(nlp):
    text_a = "The leaders met in Brenn. Both sides agreed that trade should grow."
    text_b = "The unions met the employers. Both sides agreed that talks would resume."
    (a,) = resolve(nlp, text_a, "Both sides")
    (b,) = resolve(nlp, text_b, "Both sides")
    assert (a.name, a.kind) == ("both sides", "unknown")
    assert a.id != b.id


def test_unnamed_documents_are_scoped_named_ones_are_not(nlp):
    text = (
        "According to the city's website, the advisory covers 22,000 people. "
        "According to the Tajik president's official website, the meeting was cordial."
    )
    city, tajik = resolve(nlp, text, "the city's website", "the Tajik president's official website")
    assert city.kind == tajik.kind == "document"
    assert city.id != source_id(city.name)
    assert tajik.id == source_id(tajik.name)


def test_the_minister_resolves_to_the_person_introduced_with_that_title(nlp):
    text = (
        "Transport Minister Carla Dunmore defended the rise on Monday. "
        "Fares will go up by 6 percent. The minister said the money would pay for new trains."
    )
    (s,) = resolve(nlp, text, "The minister")
    assert (s.name, s.kind) == ("Carla Dunmore", "person")


def test_claims_sharing_a_mention_get_the_same_source(nlp):
    doc = nlp(RAHMON_LIKE)
    a = claim_at(doc, "He")
    b = attrs.evolve(a, cue=attrs.evolve(a.cue, start=a.cue.start + 1), id="")
    out = resolve_sources(doc, [a, b])
    assert out[0].source == out[1].source
    assert out[0].source.name == "Viktor Halvorsen"


def test_edited_lexicon_changes_the_kind(nlp, tmp_path):
    text = "The Daily Planet reported that the mayor had resigned. Planet Watch said the same."
    (before,) = resolve(nlp, text, ("Planet Watch", "Planet Watch said"))
    assert before.kind != "publication"
    custom = tmp_path / "kinds.tsv"
    custom.write_text(
        (Path(load_lexicon().path).read_text(encoding="utf-8")) + "publication\tPlanet Watch\n", encoding="utf-8"
    )
    (after,) = resolve(nlp, text, ("Planet Watch", "Planet Watch said"), lexicon=read_lexicon(custom))
    assert (after.name, after.kind) == ("Planet Watch", "publication")


def test_environment_variable_names_the_lexicon(nlp, tmp_path, monkeypatch):
    custom = tmp_path / "kinds.tsv"
    custom.write_text("# only one list\nanonymous\tbystanders\n", encoding="utf-8")
    monkeypatch.setenv("PROVENANCE_SOURCE_KINDS", str(custom))
    lex = load_lexicon()
    assert lex.path == str(custom)
    assert lex.lists["anonymous"] == ("bystanders",)
    assert lex.lists["publication"] == ()


def test_malformed_lexicon_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("anonymous\tanalysts\nmagazines\tThe Planet\n", encoding="utf-8")
    with pytest.raises(SourceLexiconError, match=r"bad.tsv:2: unknown list 'magazines'"):
        read_lexicon(bad)
    bad.write_text("anonymous analysts\n", encoding="utf-8")
    with pytest.raises(SourceLexiconError, match=r":1: expected"):
        read_lexicon(bad)


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available in ../shared/examples")
def test_seed_article(nlp):
    text = SEED.read_text(encoding="utf-8")
    website, he, rahmon, sides, khaama, analysts, observers = resolve(
        nlp,
        text,
        "the Tajik president’s official website",
        ("He", "He emphasized"),
        ("President Rahmon", "President Rahmon highlighted"),
        ("Both sides", "Both sides agreed"),
        "Khaama Press News Agency",
        "regional analysts",
        ("observers", "observers say"),
    )
    assert website.kind == "document"
    assert (he.name, he.kind) == ("Emomali Rahmon", "person")
    assert (rahmon.name, rahmon.kind) == ("Emomali Rahmon", "person")
    assert he.id == rahmon.id == source_id("Emomali Rahmon")
    assert sides.kind == "unknown" and sides.id != source_id("Both sides")
    assert (khaama.name, khaama.kind) == ("Khaama Press News Agency", "publication")
    assert (analysts.name, analysts.kind) == ("regional analysts", "anonymous")
    assert (observers.name, observers.kind) == ("observers", "anonymous")


def test_bundled_example_rail_fares(nlp):
    text = (_REPO / "examples" / "007_rail_fares.txt").read_text(encoding="utf-8")
    ministry, she, officials, they, it, sides = resolve(
        nlp,
        text,
        ("the Ministry of Transport", "the Ministry of Transport announced"),
        ("she", "she said"),
        "Ministry of Transport officials",
        ("They", "They also said"),
        ("It", "It said"),
        "Both sides",
    )
    assert (ministry.name, ministry.kind) == ("Ministry of Transport", "organization")
    assert (she.name, she.kind) == ("Carla Dunmore", "person")
    assert they.id == officials.id and officials.kind == "organization"
    assert (it.name, it.kind) == ("Northern Rail Users' Association", "organization")
    assert sides.kind == "unknown"


def test_role_matching_uses_the_title_head_only(nlp):
    text = "Fire chief Owen Mackie spoke in Carden on Sunday. The chief said crews were close. The fire spread overnight."
    chief, fire = resolve(nlp, text, ("The chief", "The chief said"), ("The fire", "The fire spread"))
    assert (chief.name, chief.kind) == ("Owen Mackie", "person")
    assert fire.kind != "person"


def test_unnamed_organizations_in_the_plural_are_anonymous(nlp):
    text = "Brightwell Systems cut 600 jobs on Monday. Freight companies said the cuts would hurt exports."
    (s,) = resolve(nlp, text, "Freight companies")
    assert (s.name, s.kind) == ("freight companies", "anonymous")


def test_he_can_refer_to_one_unnamed_official_but_not_to_a_crowd(nlp):
    text = "A senior official said the plan had been shelved. He added that it could return next year."
    first, he = resolve(nlp, text, "A senior official", "He")
    assert (first.name, first.kind) == ("senior official", "anonymous")
    assert he.id == first.id
    text = "Residents said the water tasted odd. He added that it could return next year."
    _, he = resolve(nlp, text, "Residents", "He")
    assert (he.name, he.kind) == ("He", "unknown")


@pytest.mark.parametrize(
    "text, mention, kind",
    [
        ("U.S. officials said the sanctions would stay.", "U.S. officials", "anonymous"),
        ("A White House official said the summit would go ahead.", "A White House official", "anonymous"),
        ("German authorities said the suspect had fled.", "German authorities", "anonymous"),
        ("FBI officials said the inquiry was closed.", "FBI officials", "organization"),
    ],
)
def test_places_and_single_insiders_do_not_name_a_group(nlp, text, mention, kind):
    (s,) = resolve(nlp, text, mention)
    assert s.kind == kind


def test_relative_pronoun_takes_the_noun_it_modifies(nlp):
    text = "The bank has changed course, said Ian Solomon, who was a director on the board until 2013."
    (s,) = resolve(nlp, text, ("who", "who was"))
    assert (s.name, s.kind) == ("Ian Solomon", "person")


def test_possessive_pronoun_source(nlp):
    text = "Senator Ruth Adeyemi opened her campaign in Halden. His spokesman declined to comment. Her office said she would win."
    (s,) = resolve(nlp, text, ("Her", "Her office"))
    assert (s.name, s.kind) == ("Ruth Adeyemi", "person")


def test_surname_tagged_org_is_the_person_the_article_names(nlp):
    from spacy.tokens import Span as SpacySpan

    doc = nlp("Bernie Sanders spoke in Iowa on Monday. Sanders said the primary was far from over.")
    toks = [t.i for t in doc if t.text in ("Bernie", "Sanders")]
    # what the small model often does: the full name a PERSON, the bare surname an ORG
    doc.ents = [SpacySpan(doc, toks[0], toks[0] + 2, label="PERSON"), SpacySpan(doc, toks[2], toks[2] + 1, label="ORG")]
    (out,) = resolve_sources(doc, [claim_at(doc, "Sanders", context="Sanders said")])
    assert (out.source.name, out.source.kind) == ("Bernie Sanders", "person")


def test_name_missed_by_ner_keeps_its_case_and_can_be_he(nlp):
    doc = nlp("Conservative author Dinesh D’Souza made a prediction on Friday. “We should never confuse the two,” he added.")
    doc.ents = []  # NER missed the name
    first = claim_at(doc, "Dinesh D’Souza")
    he = claim_at(doc, "he", content="We should never confuse the two,")
    a, b = resolve_sources(doc, [first, he])
    assert (a.source.name, a.source.kind) == ("Dinesh D’Souza", "unknown")
    assert a.source.id == source_id("Dinesh D’Souza")
    assert b.source.id == a.source.id


def test_first_person_is_the_speaker_of_the_quote(nlp):
    text = (
        "Residents were told to boil their water on Friday. Mayor Daniel Okoro spoke at City Hall. "
        "\u201cI know this is frightening, and we will not take chances,\u201d he said. "
        "\u201cWe are hiring,\u201d the Marlow Bay Port Authority said."
    )
    doc = nlp(text)
    outer = claim_at(doc, "he", context="he said", content="I know this is frightening, and we will not take chances,")
    i_claim = attrs.evolve(claim_at(doc, "I", context="I know"), parent=outer.id)
    we_person = claim_at(doc, "we", context="we will")  # no parent: found through the quote holding it
    port = claim_at(doc, "the Marlow Bay Port Authority", content="We are hiring,")
    we_port = claim_at(doc, "We", context="We are hiring")
    out = resolve_sources(doc, [i_claim, we_person, outer, we_port, port])
    assert out[2].source.name == "Daniel Okoro"
    assert out[0].source.id == out[2].source.id, "I is the speaker"
    assert (out[1].source.name, out[1].source.kind) == ("we", "unknown"), "a person's we names no one"
    assert out[3].source.id == out[4].source.id and out[3].source.kind == "organization"


def test_first_person_outside_a_quote_is_not_guessed(nlp):
    text = "Mayor Daniel Okoro spoke at City Hall on Friday. I believe the water is safe."
    (s,) = resolve(nlp, text, ("I", "I believe"))
    assert (s.name, s.kind) == ("I", "unknown")


def test_first_person_climbs_past_quoting_claims_of_first_person(nlp):
    text = "Mayor Daniel Okoro spoke on Friday. \u201cI think we know what happened,\u201d he said."
    doc = nlp(text)
    he = claim_at(doc, "he", context="he said", content="I think we know what happened,")
    we = attrs.evolve(claim_at(doc, "we", context="we know", content="what happened"), parent=he.id)
    i_ = attrs.evolve(claim_at(doc, "I", context="I think", content="we know what happened"), parent=we.id)
    out = resolve_sources(doc, [i_, we, he])
    assert out[0].source.name == out[2].source.name == "Daniel Okoro"
    assert out[1].source.kind == "unknown"


def test_anonymity_phrase_beats_a_named_institution(nlp):
    text = "FBI officials who spoke on condition of anonymity said the inquiry was closed."
    (s,) = resolve(nlp, text, "FBI officials who spoke on condition of anonymity")
    assert s.kind == "anonymous"
    (named,) = resolve(nlp, "FBI officials said the inquiry was closed.", "FBI officials")
    assert named.kind == "organization"


def test_docstring_lists_the_kind_rules_in_their_order():
    import re

    import provenance.resolve as resolve

    listed = re.findall(r"^\d+\. ``(\w+)``", resolve.__doc__, re.M)
    assert listed == [rule.__name__ for rule in resolve.KIND_RULES]


@pytest.mark.parametrize("name,publication", [
    ("Reuters", True), ("Harbour Times", True), ("The  New York Times", True), ("Donald Trump", False), ("reuters", False),
    ("", False),
], ids=["exact", "pattern", "spaces", "person", "lower-case", "empty"])
def test_publication_answers_are_remembered_per_name(name, publication):
    """is_publication remembers its answer per name, per lexicon: the same answer the second time, from the memo."""
    lex = read_lexicon(load_lexicon().path)  # a lexicon of its own: an empty memo
    assert [lex.is_publication(name), lex.is_publication(name)] == [publication, publication]
    assert lex._publication_memo == {name: publication}


def test_every_entry_of_the_group_list_is_a_group_and_a_name_is_not():
    """is_group (exact entries, and the patterns as one alternation, remembered per name): each entry of the
    list, its "*" standing for a word, is a group, asked once and again; names and other phrases are not."""
    from provenance.resolve.lexicon import load_lexicon

    lex = load_lexicon()
    entries = lex.lists["group"]
    assert any("*" in e for e in entries) and any("*" not in e for e in entries)
    for _ in range(2):
        for e in entries:
            assert lex.is_group(e.replace("*", "two").upper()), e
        for name in ("Donald Trump", "the White House", "officials", "two"):
            assert not lex.is_group(name), name
