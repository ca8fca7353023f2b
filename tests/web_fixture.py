"""A small, hand-checked provenance database for the Datasette tests.

The articles are written for these tests (fictional). Claims are given as
substrings of their sentence; offsets are computed here, so every
``text[start:end]`` in the database is exact. Rows are made with the value
objects of :mod:`provenance.model` and written by :mod:`provenance.store`,
exactly as an ingest writes them (no spaCy model needed).

Article 2 carries HTML in its text and title (``<script>``, ``<img
onerror>``, ``<i>``): every page must show it as text.
"""

from __future__ import annotations

import re
from pathlib import Path

from provenance.model import Article, Claim, Cue, Extraction, Failure, Sentence, Source, Span, assign_ids
from provenance.store import Store

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
    """Write the fixture database at ``path`` through :class:`provenance.store.Store` and return the path."""
    path = Path(path)
    store = Store(path)
    try:
        for article, sentences, claims in extractions():
            store.write(Extraction(article=article, sentences=tuple(sentences), claims=tuple(claims)))
        store.record_failure(Failure(path="examples/broken.jsonl", reason="invalid JSON", line=3))
    finally:
        store.close()
    return path
