"""Writing claims out: JSON, JSON lines, CSV, and plain text for a terminal.

Every writer takes ``(claim, article)`` pairs, where ``article`` is a dict
with at least ``doc`` (and, from a database, ``url``, ``title``,
``publisher``, ``published``), and writes to a text stream.

Article text is hostile input, so two writers neutralise it: a CSV cell that
a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) gets a leading ``'`` (:func:`csv_cell`), and the
text format shows control characters and bidirectional overrides as escapes
(``\x1b``) instead of sending them to the terminal (:func:`printable`).
JSON is left exact: its readers do not execute it.
"""

from __future__ import annotations

import csv
import json
import re
import textwrap
from typing import IO, Iterable

from provenance.model import Claim

FORMATS = ("jsonl", "json", "csv", "text")

Pairs = Iterable[tuple[Claim, dict]]

CSV_COLUMNS = (
    "id", "doc", "article_id", "url", "title", "publisher", "published", "sentence", "type",
    "source_text", "source_start", "source_end", "source_id", "source_name", "source_kind",
    "cue_text", "cue_start", "cue_end", "cue_lemma", "cue_class",
    "content_text", "content_start", "content_end", "parent", "confidence",
    "content_segments",
)


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """``value`` as a CSV cell a spreadsheet shows as text: ``'`` before a string that starts like a
    formula. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


#: C0 controls but newline and tab, DEL, C1 controls (ESC starts terminal escape sequences; C1 CSI and
#: OSC do the same on some terminals), and the Unicode bidirectional overrides that reorder a line.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown as ``\\xNN``/``\\uNNNN``."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def claim_object(claim: Claim, article: dict) -> dict:
    """The public JSON object of a claim (see the README), with article fields when known."""
    obj = claim.to_dict(doc=article.get("doc") or "")
    extra = {k: article[k] for k in ("url", "title", "publisher", "published") if article.get(k)}
    if extra:
        obj["article"] = extra
    if "cluster" in article:  # from a database: the claim's lineage cluster (id, size, first article) or null
        obj["cluster"] = article["cluster"]
    return obj


def write_jsonl(pairs: Pairs, out: IO[str]) -> int:
    n = 0
    for claim, article in pairs:
        out.write(json.dumps(claim_object(claim, article), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_json(pairs: Pairs, out: IO[str]) -> int:
    """A JSON array, written incrementally (constant memory)."""
    n = 0
    out.write("[")
    for claim, article in pairs:
        out.write(("\n  " if n == 0 else ",\n  ") + json.dumps(claim_object(claim, article), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def write_csv(pairs: Pairs, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for claim, article in pairs:
        src = claim.source
        writer.writerow({k: csv_cell(v) for k, v in {
                "id": claim.id, "doc": article.get("doc"), "article_id": claim.article_id,
                "url": article.get("url"), "title": article.get("title"), "publisher": article.get("publisher"),
                "published": article.get("published"), "sentence": claim.sentence, "type": claim.type,
                "source_text": src.text if src else "", "source_start": src.start if src else "",
                "source_end": src.end if src else "", "source_id": src.id if src else "",
                "source_name": src.name if src else "", "source_kind": src.kind if src else "",
                "cue_text": claim.cue.text, "cue_start": claim.cue.start, "cue_end": claim.cue.end,
                "cue_lemma": claim.cue.lemma, "cue_class": claim.cue_class,
                "content_text": claim.content.text, "content_start": claim.content.start,
                "content_end": claim.content.end, "parent": claim.parent or "",
                "confidence": round(claim.confidence, 3),
                "content_segments": json.dumps([list(seg) for seg in claim.content.segments])
                if claim.content.is_discontinuous else "",
            }.items()})
        n += 1
    return n


def content_words(span) -> str:
    """What was attributed, for reading: the pieces of a discontinuous content joined by " … "
    (the words between them, such as "she said", are the cue and source, not the content)."""
    if not span.is_discontinuous:
        return span.text
    return " … ".join(span.text[s - span.start : e - span.start].strip() for s, e in span.segments)


def write_text(pairs: Pairs, out: IO[str]) -> int:
    """One block a claim, for reading in a terminal."""
    n = 0
    current = None
    for claim, article in pairs:
        doc = article.get("doc") or ""
        if doc != current:
            out.write(f"== {printable(doc)}\n")
            current = doc
        src = claim.source
        if src is None:
            who = "(no source)"
        elif src.name != src.text:
            who = f"{src.text} = {src.name} [{src.kind}]"
        else:
            who = f"{src.text} [{src.kind}]"
        nested = "  (nested)" if claim.parent else ""
        line = f"[{claim.sentence}] {claim.type}: {who} --{claim.cue.text}-->{nested}  confidence {claim.confidence:.2f}"
        out.write(printable(" ".join(line.split("\n"))) + "\n")
        out.write(textwrap.indent(printable(textwrap.fill(content_words(claim.content), width=96)), "    ") + "\n")
        n += 1
    return n


WRITERS = {"jsonl": write_jsonl, "json": write_json, "csv": write_csv, "text": write_text}


def write(pairs: Pairs, out: IO[str], fmt: str) -> int:
    """Write ``pairs`` to ``out`` in ``fmt``; returns the number of claims."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}") from None
    return writer(pairs, out)
