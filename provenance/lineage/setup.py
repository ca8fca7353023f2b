"""What claim lineage is computed with: its matching setup, and the one digest of it kept in ``lineage_meta``.

The clusters and verdicts in the ``lineage_*`` tables depend on the stored articles and on this setup:

- the thresholds of the verdict (``provenance/data/lineage.json``, or the file ``$PROVENANCE_LINEAGE``
  names), by their values: a reworded ``_about`` or new spacing changes nothing;
- the word lists the verdict reads (``lineage_words.tsv``, ``lineage_numbers.tsv``) and the wire credit
  lines (``wire_credits.tsv``), by their entries (comments left out);
- the shingle size, MinHash, band and anchor parameters and the shape of the normalised texts (a claim's
  sentence breaks, :data:`provenance.lineage.text.VERSION`), as :class:`provenance.lineage.inputs.Settings`
  lists them (its one list: :meth:`~provenance.lineage.inputs.Settings.signature`), and the credit line
  window (:mod:`.relay`);
- the verdict's rules and constants (:func:`provenance.lineage.match.verdict_parameters`: a version of the
  rules raised when their code changes, the passage gap and the word-variant constants);
- the tables' shape (:data:`provenance.lineage.schema.VERSION`).

A rebuild of the tables stores :attr:`Setup.digest` (and its parts, to say which changed); when the
stored digest is not the current one, the tables were computed under other settings, and opening the
database for writing recomputes them (:func:`stale`, called by :func:`provenance.derived.create_all`):
new articles are never matched under one setup and stored ones under another.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

import attrs
import sqlite_utils

from provenance.datafiles import choose
from provenance.fingerprint import canonical_json
from provenance.model import stable_id

#: How each part of the setup is named when it changed.
PARTS = {
    "thresholds": "thresholds",
    "words": "word frequencies (lineage_words.tsv)",
    "numbers": "number words (lineage_numbers.tsv)",
    "wire_credits": "wire credit lines (wire_credits.tsv)",
    "signature": "MinHash, band, shingle and anchor parameters, the texts' shape",
    "verdict": "the verdict's rules and constants (provenance/lineage/match.py)",
    "version": "table shape",
}


@attrs.frozen
class Setup:
    """A digest (16 hex) of each part of the lineage setup."""

    thresholds: str
    words: str
    numbers: str
    wire_credits: str
    signature: str
    verdict: str
    version: str

    @property
    def digest(self) -> str:
        """The digest of the whole setup: what ``lineage_meta.setup`` holds."""
        return stable_id("lineage-setup", *attrs.astuple(self))

    def parts(self) -> str:
        """The parts as JSON (``lineage_meta.setup_parts``)."""
        return json.dumps(attrs.asdict(self), sort_keys=True)


def _digest(value) -> str:
    return stable_id("lineage-part", canonical_json(value).decode("utf-8"))


@lru_cache(maxsize=1)
def words_digest() -> str:
    """The digest of the word frequencies this process weighs words with (``lineage_words.tsv``): the
    verdict and the anchor keys read them."""
    from provenance.lineage import match

    articles, frequencies = match._frequencies()
    return _digest([articles, frequencies])


@lru_cache(maxsize=8)
def setup_of(thresholds) -> Setup:
    """The :class:`Setup` of a lineage computed with ``thresholds`` (a
    :class:`provenance.lineage.match.Thresholds`) and the word lists, credit lines and parameters this
    process reads."""
    from provenance.lineage import inputs, match, relay, schema

    return Setup(
        thresholds=_digest({k: float(v) for k, v in attrs.asdict(thresholds).items()}),  # 85 == 85.0
        words=words_digest(),
        numbers=_digest(match._numbers()),
        wire_credits=_digest([[where, p.pattern, p.flags, service] for where, p, service in relay._credits()]
                             + [relay.WINDOW]),
        signature=_digest(inputs.settings(thresholds).signature()),
        verdict=_digest(match.verdict_parameters()),
        version=str(schema.VERSION),
    )


def current() -> Setup:
    """The setup an ingest opening a database now would match with (thresholds as
    :func:`provenance.lineage.match.load_thresholds` chooses them)."""
    from provenance.lineage.match import load_thresholds

    return setup_of(load_thresholds())


def thresholds_file() -> str:
    """The thresholds file in use, for messages."""
    from provenance.lineage.match import DEFAULT_THRESHOLDS

    path, _ = choose(None, "PROVENANCE_LINEAGE", DEFAULT_THRESHOLDS, "lineage thresholds")
    if Path(path) == DEFAULT_THRESHOLDS:
        return "provenance/data/lineage.json"
    return f"{path} (from $PROVENANCE_LINEAGE)"


def record(db: sqlite_utils.Database, setup: Setup) -> None:
    """Store ``setup`` as the one the lineage tables were just computed with."""
    db.execute("update lineage_meta set setup = ?, setup_parts = ?", [setup.digest, setup.parts()])


def stored(db: sqlite_utils.Database) -> Optional[tuple[Optional[str], dict]]:
    """``(digest, parts)`` as ``lineage_meta`` holds them (digest None: not recorded), or None when there
    is no ``lineage_meta`` of this shape (the tables are made again anyway)."""
    try:
        row = db.execute("select setup, setup_parts from lineage_meta").fetchone()
    except Exception:  # no table, or one of an older shape without these columns
        return None
    if row is None:
        return None
    try:
        parts = json.loads(row[1]) if row[1] else {}
    except ValueError:
        parts = {}
    return row[0], parts


def stale(db: sqlite_utils.Database) -> Optional[str]:
    """Why the lineage tables of ``db`` must be recomputed though their shape is current — they were
    computed under other matching settings — else None. One read of ``lineage_meta``; writes nothing."""
    got = stored(db)
    if got is None:
        return None
    digest, parts = got
    now = current()
    if digest == now.digest:
        return None
    if digest is None:
        return "the matching settings it was computed with were not recorded"
    changed = [name for name, value in attrs.asdict(now).items() if parts.get(name) != value] or list(PARTS)
    said = [f"{PARTS[name]} {thresholds_file()}" if name == "thresholds" else PARTS[name] for name in changed]
    return f"its matching settings changed ({', '.join(said)})"
