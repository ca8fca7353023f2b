"""Claim confidence: a small logistic model over what the rules know about a claim.

The rules give every claim a prior, ``strength × pattern reliability`` (see
:mod:`provenance.extract.rules`). When ``provenance/data/confidence.json`` is
present (written by ``scripts/learn_confidence.py`` from PolNeAR train), the
confidence is instead the model's probability that an annotator would mark
the claim (its cue and content) as an attribution: the prior plus features
such as the pattern, the claim type, the cue class, the cue's tense and
dependency, a pronoun or first-person source, negation, the kind of the
source's and of the content's head (a named person, organisation, place or
nationality, else its part of speech: "The statistics show part of ..." is a
noun showing a noun phrase), and the cue lemma with its pattern ("show" with
an object is marked far less often than with a clause; the training script
keeps the pairs seen at least ten times). With no model file the prior is
used as is.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from itertools import repeat
from pathlib import Path
from typing import Optional

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "confidence.json"

#: the prefix of the feature naming the cue lemma and the pattern ("cue=show|dobj"); the training script keeps
#: only those seen often enough
CUE_PATTERN = "cue="
_PRONOUNS = frozenset("he she they it i we you who which that this these those one".split())
_FIRST_SECOND = frozenset("i we you".split())
_TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB", "NN", "NNS")
_DEPS = ("ROOT", "ccomp", "advcl", "conj", "relcl", "xcomp", "acl", "parataxis", "pcomp", "prep", "pobj", "dobj", "nsubj")


def claim_features(*, prior, strength, pattern, kind, cls, source_text, cue_token, content_tokens, quoted_share,
                   discontinuous, question, source_head=None, content_head=None, lemma=None) -> dict[str, float]:
    """The features of one claim (all numbers; absent binary features are 0)."""
    f = {
        "prior": prior,
        "strength": strength,
        "log_prior": math.log(max(prior, 1e-4)),
        "pattern=" + pattern: 1.0,
        "type=" + kind: 1.0,
        "class=" + cls: 1.0,
        "quoted": quoted_share,
        "discontinuous": float(discontinuous),
        "question": float(question),
        "content_len": min(content_tokens, 80) / 20.0,
        "content_short": float(content_tokens <= 2),
    }
    if lemma:
        f[CUE_PATTERN + lemma + "|" + pattern] = 1.0  # "offer" with an object is rarely marked, with a clause it is
    if source_text is None:
        f["no_source"] = 1.0
    else:
        low = source_text.lower()
        f["source_pronoun"] = float(low in _PRONOUNS)
        f["source_first_second"] = float(low in _FIRST_SECOND)
        f["source_long"] = float(len(source_text.split()) > 4)
    if cue_token is not None:
        tag, dep = cue_token.tag_, cue_token.dep_
        if tag in _TAGS:
            f["tag=" + tag] = 1.0
        if dep in _DEPS:
            f["dep=" + dep] = 1.0
        kids = [c for c in cue_token.children]
        f["negated"] = float(any(c.dep_ == "neg" for c in kids))
        f["modal"] = float(any(c.tag_ == "MD" for c in kids))
        f["cue_capitalised"] = float(cue_token.is_title and cue_token.i > 0 and not cue_token.is_sent_start)
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in kids):
            f["as_clause"] = 1.0  # "As the minister said, ...", "..., as she pointed out"
    if source_head is not None:
        f["source_head=" + _kind_of(source_head)] = 1.0
    if content_head is not None:
        f["content_head=" + _kind_of(content_head)] = 1.0
    return f


_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_POS = frozenset({"PROPN", "NOUN", "PRON", "VERB", "AUX", "NUM", "ADJ"})


def _kind_of(tok) -> str:
    """A token's named-entity type when it names a speaker-like entity, else its part of speech."""
    if tok.ent_type_ in _ENTS:
        return tok.ent_type_
    return tok.pos_ if tok.pos_ in _POS else "other"


class ConfidenceModel:
    def __init__(self, weights: dict[str, float], bias: float, path: str = "", threshold: Optional[float] = None):
        self.weights = weights
        self.bias = bias
        self.path = path
        self.threshold = threshold

    def score(self, features: dict[str, float]) -> float:
        """The sum of weight * value over ``features``, in their order (weight 0 for a name the model lacks)."""
        return sum(map(operator.mul, map(self.weights.get, features, repeat(0.0)), features.values()))

    def __call__(self, features: dict[str, float]) -> float:
        return self.probability(self.bias + self.score(features))

    @staticmethod
    def probability(z: float) -> float:
        """The logistic of ``z`` (the bias plus the score), ``z`` held to [-30, 30]."""
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@functools.lru_cache(maxsize=4)
def load_model(path: Optional[str] = None) -> Optional[ConfidenceModel]:
    """The packaged model, or None when there is none (the rules' prior is used then)."""
    return read_model(Path(path) if path else DEFAULT_PATH, "confidence model")


def read_model(p: Path, what: str) -> Optional[ConfidenceModel]:
    """A logistic model file (weights, bias, optional threshold); None when there is none; a malformed
    one is a :class:`ValueError` naming ``what`` and the file."""
    if not p.exists():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        threshold = data.get("threshold")
        return ConfidenceModel({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), str(p),
                               float(threshold) if threshold is not None else None)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"bad {what} file {p}: {exc}") from None


def read_thresholded(p: Path, what: str, make, missing: str = "threshold"):
    """A model file that must carry its threshold (the cue model's probability, the boundary model's
    margin), as ``make(weights, bias, threshold, path)``; None when there is none."""
    model = read_model(p, what)
    if model is None:
        return None
    if model.threshold is None:
        raise ValueError(f"bad {what} file {p}: no {missing}")
    return make(model.weights, model.bias, model.threshold, model.path)
