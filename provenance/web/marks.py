"""Article text as HTML with claims marked: pure functions, no Datasette.

Every piece of text goes through :func:`markupsafe.escape`; attribute values
too. Marks may nest (a claim inside another claim's content) or cross (two
claims sharing words); crossing marks are closed and re-opened so the HTML is
always well formed, and the text content of the result is exactly the input
text (labels are drawn by CSS from ``data-label``, never inserted as text).
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Mapping, Optional

import attrs
from markupsafe import Markup, escape

#: Order of marks that cover exactly the same characters: lower is outer.
_ROLE_RANK = {"sentence": 0, "claim": 1, "content": 2, "source": 3, "cue": 4}


@attrs.frozen
class Mark:
    """An element around ``text[start:end]``."""

    start: int
    end: int
    tag: str
    classes: tuple[str, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    rank: int = 0

    def open(self, continued: bool = False) -> str:
        classes = self.classes + (("cont",) if continued else ())
        parts = [self.tag]
        if classes:
            parts.append(f'class="{escape(" ".join(classes))}"')
        for name, value in self.attrs:
            if continued and name == "id":
                continue
            parts.append(f'{name}="{escape(value)}"')
        return "<" + " ".join(parts) + ">"

    def close(self) -> str:
        return f"</{self.tag}>"


def render(text: str, marks: Iterable[Mark], offset: int = 0) -> Markup:
    """``text`` (which starts at character ``offset`` of the article) with ``marks`` as HTML.

    Marks are clipped to the text; empty ones are dropped.
    """
    end_of_text = offset + len(text)
    clipped = []
    for m in marks:
        s, e = max(m.start, offset), min(m.end, end_of_text)
        if s < e:
            clipped.append(m if (s, e) == (m.start, m.end) else attrs.evolve(m, start=s, end=e))
    clipped.sort(key=lambda m: (m.start, -m.end, m.rank))
    bounds = sorted({offset, end_of_text, *(m.start for m in clipped), *(m.end for m in clipped)})
    out: list[str] = []
    stack: list[Mark] = []
    pending = 0
    for i, pos in enumerate(bounds):
        # close what ends here; re-open what was only closed to keep nesting
        ending = [k for k, m in enumerate(stack) if m.end <= pos]
        if ending:
            lowest = ending[0]
            for m in reversed(stack[lowest:]):
                out.append(m.close())
            reopen = [m for m in stack[lowest:] if m.end > pos]
            stack = stack[:lowest]
            for m in reopen:
                out.append(m.open(continued=True))
                stack.append(m)
        while pending < len(clipped) and clipped[pending].start == pos:
            m = clipped[pending]
            out.append(m.open())
            stack.append(m)
            pending += 1
        if i + 1 < len(bounds):
            seg_start, seg_end = pos, bounds[i + 1]
            segment = text[seg_start - offset : seg_end - offset]
            # marks stop at paragraph breaks and go on after them, so no box spans a blank line
            cursor = 0
            for brk in (_BREAK.finditer(segment) if "\n" in segment else ()):
                out.append(str(escape(segment[cursor : brk.start()])))
                for m in reversed(stack):
                    out.append(m.close())
                out.append(str(escape(brk.group())))
                after = seg_start + brk.end()
                stack = [m for m in stack if m.end > after]
                for m in stack:
                    out.append(m.open(continued=True))
                cursor = brk.end()
            out.append(str(escape(segment[cursor:])))
    for m in reversed(stack):
        out.append(m.close())
    return Markup("".join(out))


_BREAK = re.compile(r"[ \t]*\n\s*")


def _segments(claim: Mapping) -> list[tuple[int, int]]:
    raw = claim.get("content_segments")
    if raw:
        try:
            segs = [(int(s), int(e)) for s, e in (json.loads(raw) if isinstance(raw, str) else raw)]
            if segs:
                return segs
        except (TypeError, ValueError):
            pass
    if claim.get("content_start") is None:
        return []
    return [(claim["content_start"], claim["content_end"])]


def claim_extent(claim: Mapping) -> tuple[int, int]:
    """The characters a claim covers: its source, cue and content together."""
    points = [(claim["cue_start"], claim["cue_end"]), *_segments(claim)]
    if claim.get("source_start") is not None:
        points.append((claim["source_start"], claim["source_end"]))
    return min(s for s, _ in points), max(e for _, e in points)


def claim_depths(claims: Iterable[Mapping]) -> dict[str, int]:
    """How deep each claim sits in its chain of parents (0 = top level)."""
    parents = {c["id"]: c.get("parent_id") for c in claims}
    depths = {}
    for cid in parents:
        depth, seen, cur = 0, {cid}, parents.get(cid)
        while cur and cur in parents and cur not in seen:
            depth += 1
            seen.add(cur)
            cur = parents.get(cur)
        depths[cid] = depth
    return depths


def claim_label(claim: Mapping, number: Optional[int] = None) -> str:
    who = claim.get("source_name") or claim.get("source_text") or "no source"
    head = f"{number} " if number is not None else ""
    return f"{head}{claim['type']} \u00b7 {who}"


def claim_title(claim: Mapping) -> str:
    source = claim.get("source_name") or claim.get("source_text")
    kind = claim.get("source_kind")
    who = f"{source} ({kind})" if source and kind else (source or "no source")
    cue_class = f" ({claim['cue_class']})" if claim.get("cue_class") else ""
    return f"{claim['type']} \u00b7 source: {who} \u00b7 cue: {claim.get('cue_text')}{cue_class}"


def claim_marks(claim: Mapping, *, depth: int = 0, number: Optional[int] = None, anchor: bool = True) -> list[Mark]:
    """The marks of one claim: a wrapper over the whole claim, then source, cue and content."""
    start, end = claim_extent(claim)
    base = 10 * depth
    wrapper_attrs = [("data-claim", str(claim["id"])), ("data-label", claim_label(claim, number)),
                     ("title", claim_title(claim))]
    if anchor:
        wrapper_attrs.insert(0, ("id", f"c-{claim['id']}"))
    marks = [Mark(start, end, "span", ("claim", f"type-{claim['type']}", f"depth-{min(depth, 3)}"),
                  tuple(wrapper_attrs), base + _ROLE_RANK["claim"])]
    for s, e in _segments(claim):
        marks.append(Mark(s, e, "mark", ("content",), (), base + _ROLE_RANK["content"]))
    if claim.get("source_start") is not None:
        kind = claim.get("source_kind") or "unknown"
        marks.append(Mark(claim["source_start"], claim["source_end"], "mark", ("source", f"kind-{kind}"), (),
                          base + _ROLE_RANK["source"]))
    cue_classes = ("cue",) + ((f"cue-{claim['cue_class']}",) if claim.get("cue_class") else ())
    marks.append(Mark(claim["cue_start"], claim["cue_end"], "mark", cue_classes, (), base + _ROLE_RANK["cue"]))
    return marks


def is_attributed(sentence: Mapping) -> bool:
    """A sentence is attributed when a claim's cue is in it, or a claim's content covers part of it
    (the second sentence of a quote that runs on). Decided once, when the article is stored
    (``sentences.attributed``, :mod:`provenance.summaries`); a sentence without that column
    counts as attributed when a cue is in it."""
    if sentence.get("attributed") is not None:
        return bool(sentence["attributed"])
    return (sentence.get("claim_count") or 0) > 0


def sentence_mark(sentence: Mapping, attributed: Optional[bool] = None) -> Mark:
    if attributed is None:
        attributed = is_attributed(sentence)
    classes = ("sentence", "attributed" if attributed else "unattributed")
    attrs_ = [("id", f"s-{sentence['idx']}"), ("data-sentence", str(sentence["idx"]))]
    if not attributed:
        attrs_.append(("title", "No attribution: stated by the article itself"))
    return Mark(sentence["start"], sentence["end"], "span", classes, tuple(attrs_), _ROLE_RANK["sentence"])


def mark_article(text: str, sentences: Iterable[Mapping], claims: Iterable[Mapping]) -> Markup:
    """The whole article with sentences and claims marked (claims numbered in reading order)."""
    claims = sorted(claims, key=lambda c: (claim_extent(c)[0], -claim_extent(c)[1]))
    depths = claim_depths(claims)
    marks = [sentence_mark(s) for s in sentences]
    for n, c in enumerate(claims, 1):
        marks.extend(claim_marks(c, depth=depths[c["id"]], number=n))
    return render(text, marks)


def mark_claim(window: str, window_start: int, claim: Mapping) -> Markup:
    """One claim marked within a piece of article text (its sentence, usually)."""
    return render(window, claim_marks(claim, anchor=False), offset=window_start)
