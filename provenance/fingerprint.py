"""What produced an article's claims: the setup fingerprint stored with every article.

A stored article is current only when its text, its metadata and this fingerprint are what an ingest
would store now (:meth:`provenance.store.Store.is_current`). The fingerprint covers everything that
decides the claims besides the text:

- the package: its version and a digest of the extraction code (``provenance/extract/``,
  ``resolve/``, ``parse.py``, ``model.py``), so an upgrade re-extracts even when the version
  string stayed the same;
- the spaCy model: its name, version and pipeline, and the spaCy version;
- the data files, by content: the cue lexicon in use (``--cues``, ``$PROVENANCE_CUES``), the
  source-kinds file (``$PROVENANCE_SOURCE_KINDS``), the confidence model, the learned cue model and the
  learned content-boundary model.

It is computed on the client from what is loaded, without touching a database, so a caller (a
scheduler that sends articles to workers) can skip current articles before parsing them::

    from provenance.fingerprint import fingerprint
    fp = fingerprint(nlp, lexicon)                 # a 16-hex string, once per run
    store.is_current(article, fp)                  # or functools.partial(store.is_current, fingerprint=fp)
    store.write(extraction, fingerprint=fp)

:func:`setup_of` gives the parts (a frozen :class:`Setup`) for display or debugging.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Optional

import attrs

from provenance import EXTRACTOR_VERSION, __version__
from provenance.model import stable_id

_PACKAGE = Path(__file__).resolve().parent
#: The code whose change changes claims (ids included). Reading, storing and publishing are not here:
#: a change there does not make stored claims stale.
CODE = ("extract", "resolve", "parse.py", "model.py")


@attrs.frozen
class Setup:
    """The parts of a fingerprint, each a short string."""

    package: str  # "0.1.0/0.1.0 code <digest>"
    model: str  # "en core_web_sm 3.8.0 [tok2vec,tagger,...] spaCy 3.8.7"
    cues: str  # digest of the cue lexicon's entries
    source_kinds: str  # digest of the source-kinds file
    confidence: str  # digest of the confidence model file ("none" without one)
    cue_model: str = "none"  # digest of the learned cue model file ("none" without one)
    boundary_model: str = "none"  # digest of the learned content-boundary model file ("none" without one)

    @property
    def value(self) -> str:
        """The fingerprint: a stable 16-hex id of all the parts."""
        return stable_id("setup", *attrs.astuple(self))


def canonical_json(value) -> bytes:
    """``value`` as JSON bytes that are the same in every process: keys sorted, sets sorted (a set's
    own order changes with the process's string hashing), attrs objects as tuples."""
    import json

    def plain(v):
        if isinstance(v, (set, frozenset)):
            return sorted(v, key=repr)
        if attrs.has(type(v)):
            return attrs.astuple(v)
        raise TypeError(f"cannot digest a {type(v).__name__}")

    return json.dumps(value, sort_keys=True, default=plain).encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the extraction code (:data:`CODE`), read once per process."""
    h = hashlib.sha256()
    for name in CODE:
        path = _PACKAGE / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            h.update(str(f.relative_to(_PACKAGE)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _file_digest(path) -> str:
    try:
        return _digest(Path(path).read_bytes())
    except OSError:
        return "none"


def model_description(nlp) -> str:
    """The spaCy model of a loaded pipeline: language, name, version, its pipes and spaCy's version."""
    meta = getattr(nlp, "meta", {}) or {}
    return _describe(meta, nlp.pipe_names)


def model_description_of(name: str) -> str:
    """:func:`model_description` of the installed model ``name`` (a package or a folder), read from
    its meta.json without loading it: a client whose workers parse (``--scheduler``) has the same
    fingerprint as a run that loads the model itself."""
    from provenance.nlp import model_meta

    meta = model_meta(name)
    return _describe(meta, meta.get("pipeline") or [])


def _describe(meta: dict, pipes) -> str:
    import spacy

    return f"{meta.get('lang', '')} {meta.get('name', '')} {meta.get('version', '')} [{','.join(pipes)}] spaCy {spacy.__version__}"


def setup_of(nlp, lexicon=None, *, source_kinds_path: Optional[os.PathLike] = None, model: Optional[str] = None) -> Setup:
    """The :class:`Setup` of a run with the loaded ``nlp`` (or, with ``nlp`` None, the installed model
    named ``model``) and cue ``lexicon`` (None: the one
    :func:`provenance.extract.load_lexicon` chooses); the source-kinds file is the one
    :func:`provenance.resolve.load_lexicon` chooses (or ``source_kinds_path``)."""
    from provenance import resolve
    from provenance.datafiles import choose
    from provenance.extract import boundary, confidence, learned, load_lexicon

    if lexicon is None:
        lexicon = load_lexicon()
    cues = _digest(canonical_json(sorted((attrs.astuple(e) for e in lexicon.entries), key=repr)))
    kinds_path, _ = choose(source_kinds_path, resolve.ENV_VAR, resolve.DEFAULT_PATH, "source-kinds file")
    return Setup(
        package=f"{__version__}/{EXTRACTOR_VERSION} code {code_digest()}",
        model=model_description(nlp) if nlp is not None else model_description_of(model),
        cues=cues,
        source_kinds=_file_digest(kinds_path),
        confidence=_file_digest(confidence.DEFAULT_PATH),
        cue_model=_file_digest(learned.DEFAULT_PATH),
        boundary_model=_file_digest(boundary.DEFAULT_PATH),
    )


def fingerprint(nlp, lexicon=None, *, model: Optional[str] = None) -> str:
    """The fingerprint of a run with ``nlp`` (or the model named ``model``) and ``lexicon`` (see :func:`setup_of`)."""
    return setup_of(nlp, lexicon, model=model).value
