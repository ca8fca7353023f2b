"""One article's lineage inputs, computed where its extraction is made and sent back with it.

Most of what claim lineage does per article is a pure function of that article's extraction: which
claims and sentences are items, their normalised texts, each text's word shingles, MinHash signature
and LSH band keys. :func:`prepare` computes it where the article is parsed (a cluster worker, or the
ingest's own process: :func:`provenance.pipeline.extract_article` with ``lineage=``), and
:func:`provenance.lineage.clusters.add_article` is given it with the article, so the one SQLite
writer only runs the indexed SQL and the verdicts on new candidate pairs.

:class:`Settings` are what the inputs depend on: the shingle size, MinHash, band and anchor
parameters (the ``signature`` part of the setup ``lineage_meta`` digests, :mod:`.setup`, is read off
them), the thresholds' ``min_words`` and the word table's digest. A cluster worker computes with the client's (shipped with the cue lists and source
kinds in :class:`provenance.cluster.ExtractorSetup`), never its own. Inputs carry the digest of
their settings; inputs computed under settings other than those the writer matches with are not
used: the writer computes that article's items itself from the stored rows, and logs it
(:func:`usable`), so a mismatch costs time, never wrong bands.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Optional

import attrs

from provenance.lineage import anchors, schema, signature, text
from provenance.lineage.items import Item, of_extraction
from provenance.model import stable_id

if TYPE_CHECKING:
    from provenance.lineage.match import Thresholds
    from provenance.model import Extraction

log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class Settings:
    """What an article's lineage inputs are computed with (plain values: sent to cluster workers).

    The one list of these parameters: the setup's ``signature`` part (:mod:`.setup`, what
    ``lineage_meta`` digests) is :meth:`signature`, every field but those another part of the setup
    digests (``metadata={"part": ...}``, a field of :class:`provenance.lineage.setup.Setup`). A new
    parameter added here is digested there, and stored lineage computed without it is recomputed."""

    #: words per shingle (:mod:`.text`)
    shingle: int
    #: the MinHash and its LSH bands (:mod:`.signature`)
    bands: int
    rows: int
    seed: int
    scheme: str
    key_hash: str
    #: the anchor keys' (:mod:`.anchors`) shingle, window and least weight
    anchor_shingle: int
    anchor_window: int
    anchor_min_weight: float
    #: the shape of an item's normalised text (:data:`.text.VERSION`: claims keep their sentence breaks)
    text_version: int
    #: the thresholds' least words of an item (digested with the thresholds)
    min_words: int = attrs.field(metadata={"part": "thresholds"})
    #: the digest of the word weights the anchor keys weigh words with (``lineage_words.tsv``)
    words: str = attrs.field(metadata={"part": "words"})

    @property
    def digest(self) -> str:
        return stable_id("lineage-inputs", *attrs.astuple(self))

    def signature(self) -> dict:
        """The parameters the setup's ``signature`` part digests: every field no other part digests."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Settings) if "part" not in f.metadata}


def settings(thresholds: Optional["Thresholds"] = None) -> Settings:
    """The settings this process matches with: :mod:`.text`'s, :mod:`.signature`'s and :mod:`.anchors`'
    parameters (read now), ``thresholds``' ``min_words`` (default:
    :func:`provenance.lineage.match.load_thresholds`) and the word table's digest."""
    if thresholds is None:
        from provenance.lineage.match import load_thresholds

        thresholds = load_thresholds()
    from provenance.lineage.setup import words_digest

    return Settings(shingle=text.SHINGLE, text_version=text.VERSION, bands=signature.BANDS, rows=signature.ROWS, seed=signature.SEED,
                    scheme=signature.SCHEME, key_hash=signature.KEY_HASH, anchor_shingle=anchors.SHINGLE,
                    anchor_window=anchors.WINDOW, anchor_min_weight=float(anchors.MIN_WEIGHT),
                    min_words=int(thresholds.min_words), words=words_digest())


@attrs.frozen
class ArticleInputs:
    """One article's items and the band keys of their distinct texts, under the settings ``settings``
    (their digest)."""

    settings: str
    items: tuple[Item, ...]
    #: ``(text id, band keys)`` of each distinct text of the items, by text id.
    bands: tuple[tuple[int, tuple[int, ...]], ...]

    def band_keys(self) -> dict[int, tuple[int, ...]]:
        return dict(self.bands)


def band_keys(norm: str, s: Optional[Settings] = None) -> list[int]:
    """The keys of a normalised text in ``lineage_bands``: its LSH band keys (alike shingle sets) and its
    anchor keys (a shared run of rare words: a short part of a long quote, :mod:`.anchors`), under
    settings ``s`` (default: :mod:`.text`'s, :mod:`.signature`'s and :mod:`.anchors`' parameters, read
    when called)."""
    if s is None:
        return signature.band_keys(text.shingles(norm)) + anchors.anchor_keys(norm)
    return signature.band_keys(text.shingles(norm, s.shingle), bands=s.bands, rows=s.rows, seed=s.seed,
                               scheme=s.scheme) + anchors.anchor_keys(norm, shingle=s.anchor_shingle,
                                                                      window=s.anchor_window,
                                                                      min_weight=s.anchor_min_weight)


def prepare(extraction: "Extraction", s: Settings) -> ArticleInputs:
    """The lineage inputs of one article's extraction under settings ``s``, labelled with the settings
    as this process applied them: the anchor keys weigh words with this process's word table, so a
    worker whose table differs from the client's labels its inputs as other settings (never used)."""
    from provenance.lineage.setup import words_digest

    found = of_extraction(extraction, s.min_words)
    texts = {schema.text_id(it.norm): it.norm for it in found}
    return ArticleInputs(
        settings=attrs.evolve(s, words=words_digest()).digest,
        items=tuple(found),
        bands=tuple((tid, tuple(band_keys(texts[tid], s))) for tid in sorted(texts)),
    )


def usable(inputs: Optional[ArticleInputs], thresholds: "Thresholds", article_id: str) -> bool:
    """Whether ``inputs`` (None: none were computed) were computed under the settings this process
    matches with now (``thresholds``); inputs of other settings are logged, never used."""
    if inputs is None:
        return False
    if inputs.settings == settings(thresholds).digest:
        return True
    log.warning("lineage inputs of article %s were computed under other settings: computed again here", article_id)
    return False
