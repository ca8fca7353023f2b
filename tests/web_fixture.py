"""A small, hand-checked provenance database for the Datasette tests.

The articles are written for these tests (fictional). Claims are given as
substrings of their sentence; offsets are computed here, so every
``text[start:end]`` in the database is exact. Rows are made with the value
objects of :mod:`provenance.model` and their ``to_row`` methods, so this
fixture writes what :mod:`provenance.store` writes; ``build`` can be swapped
for the store once it exists.

Article 2 carries HTML in its text and title (``<script>``, ``<img
onerror>``, ``<i>``): every page must show it as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlite_utils

from provenance.model import Article, Claim, Cue, Sentence, Source, Span, assign_ids

#: A payload that changes the page title if it ever runs.
XSS_SCRIPT = "<script>document.title='pwned'</script>"
XSS_IMG = "<img src=x onerror=\"document.title='owned'\">"

ARTICLES = [
    {
        "doc": "harbour-terminal",
        "url": "https://gazette.example/2026/harbour-terminal",
        "title": "New container terminal to open in March",
        "publisher": "Harbour Gazette",
        "author": "Ana Costa",
        "published": "2026-11-02",
        "sentences": [
            "Port authority chief Maria Lindqvist said on Monday that the new container terminal "
            "would open in March, according to a statement from the authority.",
            "\u201cWe are ahead of schedule,\u201d Lindqvist told reporters.",
            "The terminal cost 40 million euros.",
            "According to the Coastal Herald, local analysts view the project as a test for the region.",
            "The delays were reportedly caused by a shortage of cranes.",
            "The terminal is seen as a turning point for the town.",
            "Reyes said the town needed the jobs.",
        ],
        "claims": [
            # key, sentence, type, (source text, name, kind) | None, cue, lemma, class, content (str or list), parent
            ("stmt", 0, "according_to", ("a statement from the authority", "Port authority statement", "document"),
             "according to", "according to", "neutral",
             "Port authority chief Maria Lindqvist said on Monday that the new container terminal would open in March",
             None),
            ("open", 0, "indirect", ("Port authority chief Maria Lindqvist", "Maria Lindqvist", "person"),
             "said", "say", "neutral", "the new container terminal would open in March", "stmt"),
            ("quote", 1, "direct", ("Lindqvist", "Maria Lindqvist", "person"),
             "told", "tell", "neutral", "We are ahead of schedule,", None),
            ("herald", 3, "according_to", ("the Coastal Herald", "Coastal Herald", "publication"),
             "According to", "according to", "neutral",
             "local analysts view the project as a test for the region", None),
            ("analysts", 3, "indirect", ("local analysts", "local analysts", "anonymous"),
             "view", "view", "belief", "the project as a test for the region", "herald"),
            ("delays", 4, "hedge", None, "reportedly", "reportedly", "evaluative",
             ["The delays were", "caused by a shortage of cranes"], None),
            ("seen", 5, "passive", None, "is seen as", "see as", "belief",
             ["The terminal", "a turning point for the town"], None),
            ("jobs", 6, "indirect", ("Reyes", "Tom Reyes", "person"),
             "said", "say", "neutral", "the town needed the jobs", None),
        ],
    },
    {
        "doc": "budget-row",
        "url": "https://ledger.example/budget-row",
        "title": "Budget row <i>deepens</i>",
        "publisher": "Evening Ledger",
        "author": None,
        "published": "2026-11-03",
        "sentences": [
            f"Mayor Tom Reyes denied that the budget included {XSS_SCRIPT} hidden fees.",
            f"\u201cNothing {XSS_IMG} was hidden,\u201d he said.",
            "The council meets on Friday.",
            "Officials claimed the audit would clear him.",
        ],
        "claims": [
            ("deny", 0, "indirect", ("Mayor Tom Reyes", "Tom Reyes", "person"),
             "denied", "deny", "denial", f"the budget included {XSS_SCRIPT} hidden fees", None),
            ("hidden", 1, "direct", ("he", "Tom Reyes", "person"),
             "said", "say", "neutral", f"Nothing {XSS_IMG} was hidden,", None),
            ("audit", 3, "indirect", ("Officials", "officials", "anonymous"),
             "claimed", "claim", "evaluative", "the audit would clear him", None),
        ],
    },
]


def _find(text: str, needle: str, start: int, end: int) -> int:
    """Offset of ``needle`` as a whole word in ``text[start:end]``."""
    pattern = re.escape(needle)
    if needle[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if needle[-1:].isalnum():
        pattern += r"(?!\w)"
    m = re.compile(pattern).search(text, start, end)
    if m is None:
        raise ValueError(f"{needle!r} not in {text[start:end]!r}")
    return m.start()


def extractions():
    """(Article, [Sentence], [Claim], {source_id: Source}) for each fixture article."""
    out = []
    for spec in ARTICLES:
        text = "\n\n".join(" ".join(spec["sentences"][i : i + 2]) for i in range(0, len(spec["sentences"]), 2))
        sentences, pos = [], 0
        for idx, s in enumerate(spec["sentences"]):
            start = text.index(s, pos)
            sentences.append(Sentence(idx=idx, start=start, end=start + len(s), text=s))
            pos = start + len(s)
        article = Article(
            doc=spec["doc"], text=text, url=spec["url"], title=spec["title"], publisher=spec["publisher"],
            author=spec["author"], published=spec["published"], path=f"examples/{spec['doc']}.txt",
        )
        claims, keys = [], {}
        for key, sidx, ctype, src, cue, lemma, cls, content, parent in spec["claims"]:
            sent = sentences[sidx]
            cs = _find(text, cue, sent.start, sent.end)
            cue_obj = Cue(text=cue, start=cs, end=cs + len(cue), lemma=lemma)
            segs, pos = [], sent.start
            for piece in [content] if isinstance(content, str) else content:
                p = _find(text, piece, pos, sent.end)
                segs.append((p, p + len(piece)))
                pos = p + len(piece)
            span = Span.from_segments(text, segs)
            source = None
            if src:
                s_text, s_name, s_kind = src
                ss = _find(text, s_text, sent.start, sent.end)
                source = Source(text=s_text, start=ss, end=ss + len(s_text), name=s_name, kind=s_kind)
            claim = Claim(type=ctype, cue=cue_obj, content=span, sentence=sidx, source=source,
                          parent=keys[parent].id if parent else None, confidence=0.9, cue_class=cls)
            keys[key] = claim
            claims.append(claim)
        claims = assign_ids(claims, article.id)
        out.append((article, sentences, claims))
    return out


def build(path) -> Path:
    """Write the fixture database at ``path`` (the schema contract of issue 2) and return the path."""
    path = Path(path)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db["articles"].create(
        {"id": str, "doc": str, "url": str, "title": str, "publisher": str, "author": str, "published": str,
         "text": str, "sha256": str, "path": str, "ingested_at": str, "extractor_version": str},
        pk="id", if_not_exists=True,
    )
    db["sentences"].create(
        {"id": str, "article_id": str, "idx": int, "start": int, "end": int, "text": str, "claim_count": int},
        pk="id", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
    )
    db["sources"].create({"id": str, "name": str, "kind": str}, pk="id", if_not_exists=True)
    db["source_aliases"].create(
        {"source_id": str, "text": str}, pk=("source_id", "text"),
        foreign_keys=[("source_id", "sources", "id")], if_not_exists=True,
    )
    db["claims"].create(
        {"id": str, "article_id": str, "sentence_id": str, "sentence_idx": int, "type": str, "source_id": str,
         "source_kind": str, "publisher": str,
         "source_text": str, "source_start": int, "source_end": int, "cue_text": str, "cue_start": int,
         "cue_end": int, "cue_lemma": str, "cue_class": str, "content_text": str, "content_start": int,
         "content_end": int, "content_segments": str, "parent_id": str, "confidence": float},
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("sentence_id", "sentences", "id"),
                      ("source_id", "sources", "id"), ("parent_id", "claims", "id")],
        if_not_exists=True,
    )
    db["ingest_errors"].create({"path": str, "line": int, "reason": str, "at": str}, if_not_exists=True)
    with db.conn:
        for article, sentences, claims in extractions():
            db["articles"].upsert(
                dict(article.to_row(), ingested_at="2026-11-28T12:00:00+00:00", extractor_version="0.1.0"), pk="id"
            )
            counts = {}
            for c in claims:
                counts[c.sentence] = counts.get(c.sentence, 0) + 1
            db["sentences"].upsert_all([s.to_row(article.id, counts.get(s.idx, 0)) for s in sentences], pk="id")
            for c in claims:
                if c.source:
                    db["sources"].upsert({"id": c.source.id, "name": c.source.name, "kind": c.source.kind}, pk="id")
                    db["source_aliases"].upsert({"source_id": c.source.id, "text": c.source.text},
                                                pk=("source_id", "text"))
            db["claims"].upsert_all(
                [dict(c.to_row(), source_kind=c.source.kind if c.source else None, publisher=article.publisher)
                 for c in claims],
                pk="id",
            )
        db["ingest_errors"].insert({"path": "examples/broken.json", "line": 3, "reason": "invalid JSON",
                                    "at": "2026-11-28T12:00:00+00:00"})
    for table, cols in {"claims": ["type", "source_kind", "cue_lemma", "cue_class", "publisher", "article_id",
                                   "source_id", "sentence_id", "parent_id"],
                        "sentences": ["article_id", "claim_count"], "articles": ["publisher"],
                        "sources": ["kind"]}.items():
        for col in cols:
            db[table].create_index([col], if_not_exists=True)
    db["claims"].enable_fts(["content_text"], create_triggers=True)
    db["sentences"].enable_fts(["text"], create_triggers=True)
    db.close()
    return path
