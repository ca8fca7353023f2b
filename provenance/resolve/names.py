"""Pure helpers on names and mentions: strip articles, possessives and titles; readable descriptions."""

from __future__ import annotations

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ARTICLES = ("the ", "a ", "an ")
QUANTIFIERS = ("some ", "many ", "several ", "most ", "other ")


def folded(text: str) -> str:
    """Whitespace-normalised, case-folded: the key a pronoun is looked up by."""
    return " ".join(text.split()).casefold()


def sentence_initial(tok) -> bool:
    """Capitalised because it starts a sentence (or a quote)?"""
    i, doc = tok.i, tok.doc
    while i > tok.sent.start and (doc[i - 1].is_punct or doc[i - 1].is_space):
        i -= 1
    return i == tok.sent.start


def is_subject(tok) -> bool:
    """A subject, or part of one: "Ministry of Transport" in "Ministry of Transport officials said"."""
    return tok.dep_ in SUBJECT_DEPS or (tok.dep_ in ("appos", "compound", "nmod") and tok.head.dep_ in SUBJECT_DEPS)


def strip_possessive(text: str) -> str:
    text = text.rstrip()
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)].rstrip()
    return text


def strip_articles(text: str, prefixes=ARTICLES) -> str:
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if text[: len(p)].casefold() == p:
                text, changed = text[len(p):].lstrip(), True
    return text


def clean_person(text: str, title_re) -> str:
    """A person's name: no article, possessive or leading titles (``title_re``: the lexicon's)."""
    text = strip_articles(" ".join(strip_possessive(text).split()))
    return title_re.sub("", text + " ").strip()


def clean_org(text: str) -> str:
    """An organization's name: no article, possessive or leading lower-case words ("the larger X")."""
    words = strip_articles(" ".join(strip_possessive(text).split())).split()
    while len(words) > 1 and words[0].isalpha() and words[0].islower():
        words.pop(0)
    return " ".join(words)


def describe(span, text: str, *, anonymous: bool = False) -> str:
    """A readable name for a description: articles dropped, sentence-initial capital folded."""
    text = " ".join(text.split()).strip(" ,;:")
    first_proper = False
    if span is not None and len(span):
        stripped = strip_articles(text, ARTICLES + (QUANTIFIERS if anonymous else ()))
        offset = len(text) - len(stripped)
        tok = next((t for t in span if t.idx - span.start_char >= offset), None)
        first_proper = tok is None or tok.pos_ == "PROPN" or bool(tok.ent_type_) or not sentence_initial(span[0])
        text = stripped
    else:
        text = strip_articles(text, ARTICLES + (QUANTIFIERS if anonymous else ()))
    first = text.split()[0] if text else ""
    if first and not first_proper and first[:1].isupper() and first[1:].islower():
        text = text[0].lower() + text[1:]
    return text
