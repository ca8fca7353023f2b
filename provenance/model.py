"""Value objects: what flows between the steps of the pipeline.

Every object here is frozen and holds plain Python values only (text and
character offsets, never spaCy objects), so it can cross process boundaries,
be compared in tests and be turned into a database row or a JSON object.
Offsets are Python ``str`` offsets into the article text *as stored*, end
exclusive: ``article.text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable, Optional

import attrs

#: Claim types, in the order the README documents them.
CLAIM_TYPES = ("direct", "indirect", "mixed", "according_to", "hedge", "passive")

#: Source kinds.
SOURCE_KINDS = ("person", "organization", "publication", "document", "anonymous", "unknown")


def stable_id(*parts: Any, length: int = 16) -> str:
    """A short, stable hex id made from ``parts`` (same parts, same id, every run)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _in_range(instance, attribute, value):
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be in [0, 1], got {value!r}")


@attrs.frozen
class Span:
    """A piece of article text: ``text == article_text[start:end]``.

    ``segments`` holds the pieces of a discontinuous span ("The economy," he
    said, "is fine." has a content in two segments); ``start``/``end`` are
    then the hull of the segments and ``text`` the hull's text. A contiguous
    span has the single segment ``((start, end),)``.
    """

    text: str
    start: int
    end: int
    segments: tuple[tuple[int, int], ...] = attrs.field(default=(), converter=lambda s: tuple(tuple(x) for x in s))

    def __attrs_post_init__(self):
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets {self.start}..{self.end}")
        if not self.segments:
            object.__setattr__(self, "segments", ((self.start, self.end),))

    @classmethod
    def from_offsets(cls, text: str, start: int, end: int) -> "Span":
        """The span ``text[start:end]``."""
        return cls(text=text[start:end], start=start, end=end)

    @classmethod
    def from_segments(cls, text: str, segments: Iterable[tuple[int, int]]) -> "Span":
        """A (possibly discontinuous) span from ``(start, end)`` pieces of ``text``."""
        segs = tuple(sorted((int(s), int(e)) for s, e in segments if e > s))
        if not segs:
            raise ValueError("a span needs at least one non-empty segment")
        start, end = segs[0][0], max(e for _, e in segs)
        return cls(text=text[start:end], start=start, end=end, segments=segs)

    @classmethod
    def from_spacy(cls, span) -> "Span":
        """From a spaCy ``Span`` (or ``Token``) of a Doc whose text is the article text."""
        if hasattr(span, "start_char"):
            return cls(text=span.text, start=span.start_char, end=span.end_char)
        return cls(text=span.text, start=span.idx, end=span.idx + len(span.text))

    @property
    def is_discontinuous(self) -> bool:
        return len(self.segments) > 1

    def to_dict(self) -> dict:
        d = {"text": self.text, "start": self.start, "end": self.end}
        if self.is_discontinuous:
            d["segments"] = [list(s) for s in self.segments]
        return d

@attrs.frozen
class Source:
    """Who a claim is from: the mention in the text and the entity it names.

    ``text/start/end`` are the mention ("He"); ``name`` is the canonical name
    of the entity it refers to ("Emomali Rahmon"), ``kind`` one of
    :data:`SOURCE_KINDS` and ``id`` the same for the same entity in every
    article (see :func:`source_id`).
    """

    text: str
    start: int
    end: int
    name: str
    kind: str = attrs.field(default="unknown", validator=attrs.validators.in_(SOURCE_KINDS))
    id: str = ""

    def __attrs_post_init__(self):
        if not self.id:
            object.__setattr__(self, "id", source_id(self.name))

    @classmethod
    def from_span(cls, span: Span, *, name: Optional[str] = None, kind: str = "unknown") -> "Source":
        return cls(text=span.text, start=span.start, end=span.end, name=name or span.text, kind=kind)

    @property
    def span(self) -> Span:
        return Span(self.text, self.start, self.end)

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "id": self.id, "name": self.name, "kind": self.kind}

def normalise_name(name: str) -> str:
    """The key two names must share to be one source: case and spacing folded,
    typographic apostrophes made plain, a leading "the" dropped."""
    key = " ".join(name.replace("\u2019", "'").split()).casefold()
    if key.startswith("the "):
        key = key[4:]
    return key


def source_id(name: str) -> str:
    """The id of the source called ``name``: the same in every article."""
    return stable_id("source", normalise_name(name))


@attrs.frozen
class Cue:
    """The words that signal the attribution ("said", "according to", ":")."""

    text: str
    start: int
    end: int
    lemma: str

    @classmethod
    def from_span(cls, span: Span, lemma: str) -> "Cue":
        return cls(text=span.text, start=span.start, end=span.end, lemma=lemma)

    @property
    def span(self) -> Span:
        return Span(self.text, self.start, self.end)

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "lemma": self.lemma}

@attrs.frozen
class Claim:
    """One attribution: ``source`` (or None) said ``content``, signalled by ``cue``.

    ``id`` is stable: it depends on the article and on the claim's offsets
    only. The extractor gives claims a provisional id made without the
    article (``article_id=""``); :func:`assign_ids` re-keys them, and their
    ``parent`` links, for an article.
    """

    type: str = attrs.field(validator=attrs.validators.in_(CLAIM_TYPES))
    cue: Cue
    content: Span
    sentence: int
    source: Optional[Source] = None
    parent: Optional[str] = None
    confidence: float = attrs.field(default=0.5, validator=_in_range)
    cue_class: str = ""
    article_id: str = ""
    id: str = ""

    def __attrs_post_init__(self):
        if not self.id:
            object.__setattr__(self, "id", claim_id(self.article_id, self.cue, self.content))

    def to_dict(self, *, doc: str = "") -> dict:
        """The public JSON shape of a claim (documented in the README)."""
        return {
            "id": self.id,
            "doc": doc,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "type": self.type,
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "parent": self.parent,
            "confidence": round(self.confidence, 3),
            "cue_class": self.cue_class,
        }

    def to_row(self, publisher: Optional[str] = None) -> dict:
        """The ``claims`` table row (the one place it is built). ``source_kind`` and ``publisher``
        (the article's) are copied in so the claims table can be filtered and faceted by them."""
        src = self.source
        return {
            "id": self.id,
            "article_id": self.article_id,
            "sentence_id": sentence_id(self.article_id, self.sentence),
            "sentence_idx": self.sentence,
            "type": self.type,
            "source_id": src.id if src else None,
            "source_text": src.text if src else None,
            "source_start": src.start if src else None,
            "source_end": src.end if src else None,
            "cue_text": self.cue.text,
            "cue_start": self.cue.start,
            "cue_end": self.cue.end,
            "cue_lemma": self.cue.lemma,
            "cue_class": self.cue_class or None,
            "content_text": self.content.text,
            "content_start": self.content.start,
            "content_end": self.content.end,
            "content_segments": json.dumps([list(s) for s in self.content.segments]) if self.content.is_discontinuous else None,
            "parent_id": self.parent,
            "confidence": round(self.confidence, 3),
            "source_kind": src.kind if src else "none",
            "publisher": publisher,
        }

    @classmethod
    def from_row(cls, row: dict, source: Optional[dict] = None) -> "Claim":
        """From a ``claims`` row, and the ``sources`` row of its source if any."""
        src = None
        if row.get("source_id"):
            src = Source(
                text=row["source_text"],
                start=row["source_start"],
                end=row["source_end"],
                name=(source or {}).get("name") or row["source_text"],
                kind=(source or {}).get("kind") or "unknown",
                id=row["source_id"],
            )
        segs = json.loads(row["content_segments"]) if row.get("content_segments") else ()
        return cls(
            id=row["id"],
            article_id=row["article_id"],
            sentence=row["sentence_idx"],
            type=row["type"],
            source=src,
            cue=Cue(row["cue_text"], row["cue_start"], row["cue_end"], row["cue_lemma"]),
            content=Span(row["content_text"], row["content_start"], row["content_end"], segments=segs),
            parent=row.get("parent_id"),
            confidence=row.get("confidence") if row.get("confidence") is not None else 0.5,
            cue_class=row.get("cue_class") or "",
        )

    def spans(self) -> Iterable[tuple[str, Span]]:
        """(role, span) pairs of the claim, for checks and rendering."""
        if self.source is not None:
            yield "source", self.source.span
        yield "cue", self.cue.span
        yield "content", self.content


def claim_id(article_id: str, cue: Cue, content: Span) -> str:
    return stable_id("claim", article_id, cue.start, cue.end, *(x for seg in content.segments for x in seg))


def sentence_id(article_id: str, idx: int) -> str:
    return stable_id("sentence", article_id, idx)


def assign_ids(claims: Iterable[Claim], article_id: str) -> list[Claim]:
    """Re-key claims (and their parent links) for ``article_id``."""
    claims = list(claims)
    new_ids = {c.id: claim_id(article_id, c.cue, c.content) for c in claims}
    return [
        attrs.evolve(c, article_id=article_id, id=new_ids[c.id], parent=new_ids.get(c.parent) if c.parent else None)
        for c in claims
    ]


@attrs.frozen
class Sentence:
    idx: int
    start: int
    end: int
    text: str

    def to_row(self, article_id: str, claim_count: int) -> dict:
        return {
            "id": sentence_id(article_id, self.idx),
            "article_id": article_id,
            "idx": self.idx,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "claim_count": claim_count,
        }

@attrs.frozen
class Article:
    """An article as stored: its text is what every offset points into.

    ``key`` is what makes two inputs the same article: its ``origin`` (the
    URL the user gave, else a JSON record's id, else a file's absolute path,
    with the line for a record without id, else the text's hash for stdin),
    else its URL, else the document name. New text under the same key
    replaces the old article. A URL found inside the content (an HTML page's
    canonical link) is kept in ``url`` but is never the key, so one input
    cannot take over another's article.
    """

    doc: str
    text: str
    url: Optional[str] = None
    title: Optional[str] = None
    publisher: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None
    path: Optional[str] = None
    encoding: str = "utf-8"
    #: The record's line (or position) in a .jsonl/.json input; ``path`` then ends in ``:line``.
    #: Not stored: it only lets a failure be reported, and cleared, by (file, line).
    line: Optional[int] = None
    origin: Optional[str] = None
    #: Keys older versions of provenance knew this article by (its file's stem before the absolute path,
    #: a canonical URL, a number id as a string). Not stored: :meth:`provenance.store.Store.write`
    #: carries a row stored under one of them forward to :attr:`key` instead of adding a duplicate.
    former_keys: tuple[str, ...] = ()

    @property
    def location(self) -> tuple[str, Optional[int]]:
        """``(file, line)``: where the article came from, as :class:`Failure` and ``ingest_errors`` say it."""
        path = self.path or self.doc
        if self.line is not None and path.endswith(f":{self.line}"):
            path = path[: -len(f":{self.line}")]
        return path, self.line

    @property
    def key(self) -> str:
        return self.origin or self.url or self.doc

    @property
    def id(self) -> str:
        return stable_id("article", self.key)

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    def to_row(self) -> dict:
        return {
            "id": self.id,
            "doc": self.doc,
            "url": self.url,
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "published": self.published,
            "text": self.text,
            "sha256": self.sha256,
            "path": self.path,
            "encoding": self.encoding,
            "origin": self.origin,
        }

@attrs.frozen
class Extraction:
    """What the pipeline makes of one article: its sentences and claims."""

    article: Article
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    #: Its claim lineage inputs (:class:`provenance.lineage.inputs.ArticleInputs`: items, band keys),
    #: computed with the extraction (a cluster worker's CPU, not the writer's); None: the store
    #: computes them.
    lineage: Any = attrs.field(default=None, repr=False, eq=False)

    def claim_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for c in self.claims:
            counts[c.sentence] = counts.get(c.sentence, 0) + 1
        return counts


@attrs.frozen
class Failure:
    """An input that could not be turned into an article, and why."""

    path: str
    reason: str
    line: Optional[int] = None

    def to_row(self, at: str) -> dict:
        return {"path": self.path, "line": self.line, "reason": self.reason, "at": at}
