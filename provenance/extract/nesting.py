"""Pure functions over claims (no spaCy): one claim per cue, parents, no parent loops."""

from __future__ import annotations

import re
from typing import Iterable

import attrs

from ..model import Claim, Span


def one_per_cue(claims: Iterable[Claim]) -> list[Claim]:
    """The most confident claim of each cue position (the first of equals), in cue then content order."""
    best: dict[int, Claim] = {}
    for c in claims:
        old = best.get(c.cue.start)
        if old is None or c.confidence > old.confidence:
            best[c.cue.start] = c
    return sorted(best.values(), key=lambda c: (c.cue.start, c.content.start))


def nest(claims: list[Claim]) -> list[Claim]:
    """Each claim (in cue order) with ``parent`` = the smallest claim whose content holds its cue (the
    first of equals, in claim order). A sweep over the content segments, so long articles stay linear."""
    segments = sorted(
        (s, e, p.content.end - p.content.start, i) for i, p in enumerate(claims) for s, e in p.content.segments
    )
    active: list[tuple[int, int, int]] = []  # (end, hull length, claim index) of segments begun so far
    k = 0
    out = []
    for i, c in enumerate(claims):
        while k < len(segments) and segments[k][0] <= c.cue.start:
            active.append(segments[k][1:])
            k += 1
        active = [a for a in active if a[0] >= c.cue.start]  # segments that ended before the cue are done
        holders = [(length, j) for end, length, j in active if j != i and c.cue.end <= end]
        parent = claims[min(holders)[1]] if holders else None
        out.append(c if parent is None else attrs.evolve(c, parent=parent.id))
    return out


def keep_nested(claims: list[Claim], stands) -> list[Claim]:
    """The claims nested (:func:`nest`), without the nested ones that cannot stand nested
    (``stands(claim)`` false); a claim whose parent goes is nested again, under what holds it now."""
    while True:
        nested = nest(claims)
        drop = {c.id for c in nested if c.parent is not None and not stands(c)}
        if not drop:
            return nested
        claims = [c for c in claims if c.id not in drop]


def nest_attributed(claims: list[Claim], stands, quoted) -> list[Claim]:
    """The claims nested as :func:`keep_nested` and :func:`break_cycles` leave them, without those whose cue
    stands in a quotation (``quoted(claim)``) that no claim reported holds: a quotation's "I think ..." is
    its speaker's claim, and with no speaker found nobody is said to have said it (PolNeAR marks no cue
    inside a quotation; on its train articles 8 of 104 such claims matched one)."""
    while True:
        out = break_cycles(keep_nested(claims, stands))
        orphans = {c.id for c in out if c.parent is None and quoted(c)}
        if not orphans:
            return out
        claims = [c for c in claims if c.id not in orphans]


def break_cycles(claims: list[Claim]) -> list[Claim]:
    """Two claims can hold each other's cue in their contents (a parse that hangs "according to X" inside
    the reported clause); a parent chain must never loop, so the widest claim of a loop loses its parent."""
    by_id = {c.id: c for c in claims}
    drop: set[str] = set()
    for c in claims:
        seen = [c.id]
        cur = by_id[c.id].parent
        while cur is not None and cur in by_id and cur not in drop:
            if cur in seen:
                loop = seen[seen.index(cur):]
                widest = max(loop, key=lambda i: (by_id[i].content.end - by_id[i].content.start, i))
                drop.add(widest)
                break
            seen.append(cur)
            cur = by_id[cur].parent
    return [attrs.evolve(c, parent=None) if c.id in drop else c for c in claims]


def lift_second_statements(claims: list[Claim], second) -> list[Claim]:
    """The claims with each nested claim that stands beside its parent at the top level (PolNeAR marks two
    attributions where the parse hung the second cue inside the first one's content): ``second(claim)`` is
    "speaker" for the parent's speaker's next statement ("X said A, and urged B", "X said A, adding B"), which
    takes the parent's source, "own" for a clause with its own speaker ("74 percent said A, while 22 percent
    said B"), "" for a claim that stays nested."""
    by_id = {c.id: c for c in claims}
    out = []
    for c in claims:
        p = by_id.get(c.parent) if c.parent is not None else None
        how = second(c) if p is not None else ""
        if how == "speaker" and p.source is not None:
            c = attrs.evolve(c, parent=None, source=p.source)
        elif how == "own":
            c = attrs.evolve(c, parent=None)
        out.append(c)
    return out


#: words between a statement's content and the speaker's next verb ("said A, and urged B", "said A but added B")
_JOINS = frozenset({"and", "but", "then", "also", "while"})


def cut_before_second_statements(claims: list[Claim], lifted: dict, starts: dict | None = None) -> list[Claim]:
    """The claims with each parent's content cut before the speaker's next statement lifted out of it (``lifted``:
    lifted claim id -> its former parent's id; "said the party was not in crisis, and urged that everyone relax":
    the first content ends at "crisis"), when that statement runs to the end of the parent's content. ``starts``:
    lifted claim id -> where its verb group starts when before its cue ("... and would not identify": "would")."""
    if not lifted:
        return claims
    by_id = {c.id: c for c in claims}
    cut: dict[str, int] = {}
    for cid, pid in lifted.items():
        c, p = by_id.get(cid), by_id.get(pid)
        if c is None or p is None or not p.content.start < c.cue.start < p.content.end or p.content.end > c.content.end:
            continue
        at = min(c.cue.start, (starts or {}).get(cid, c.cue.start))
        if not p.content.start < at:
            continue
        cut[pid] = min(cut.get(pid, at), at)
    out = []
    for c in claims:
        at = cut.get(c.id)
        if at is not None:
            text, base = c.content.text, c.content.start
            k = at - base
            while True:  # back over spaces, punctuation and the joining words before the next verb
                j = k
                while j > 0 and (text[j - 1].isspace() or text[j - 1] in ",;-\u2014"):
                    j -= 1
                w = j
                while w > 0 and text[w - 1].isalpha():
                    w -= 1
                if text[w:j].lower() in _JOINS and w < j:
                    k = w
                    continue
                k = j
                break
            joined = any(w.lower() in ("and", "but") for w in text[k : at - base].replace(",", " ").split())
            segs = [(s, min(e, base + k)) for s, e in c.content.segments if s < base + k]
            if joined and segs and base + k > c.content.start:
                c = attrs.evolve(c, content=Span(text=text[: segs[-1][1] - base], start=segs[0][0], end=segs[-1][1], segments=segs))
        out.append(c)
    return out


#: what a content cut before an offset loses at its end: spaces, punctuation and the closing quotation mark of a quote
#: that ends the content ('... “There will always be exceptions,” the Times reported': the content ends at "exceptions")
_BEFORE_CUT = frozenset(",;:-\u2014\u2013\"'\u201d\u2019")


def cut_contents_before(claims: list[Claim], text: str, cuts: dict) -> list[Claim]:
    """The claims with the content of each claim named in ``cuts`` (claim id -> char offset) ending before that
    offset (back over spaces, punctuation and closing quotation marks), when the offset lies inside the content and words stay before it."""
    if not cuts:
        return claims
    out = []
    for c in claims:
        at = cuts.get(c.id)
        if at is not None and c.content.start < at < c.content.end:
            e = at
            while e > c.content.start and (text[e - 1].isspace() or text[e - 1] in _BEFORE_CUT):
                e -= 1
            segs = [(s, min(x, e)) for s, x in c.content.segments if s < e]
            segs = [(s, x) for s, x in segs if x > s]
            if segs and any(ch.isalnum() for ch in text[segs[0][0]:segs[-1][1]]):
                c = attrs.evolve(c, content=Span.from_segments(text, segs))
        out.append(c)
    return out


#: the pronouns of a speaker inside what is said ("..., I think.", "..., you know."): never the reporter of a sentence
_FIRST_SECOND = frozenset({"i", "we", "you"})
#: the end of the words before a reporter set off after them ('..., the Times reported', '...,” the source recalled')
_SET_OFF = re.compile(r",[\s\"'\u201d\u2019]*$")


def lift_reporters(claims: list[Claim], text: str, sentence_start, quoted, reports=lambda c: True) -> list[Claim]:
    """The claims with each nested claim whose speaker and cue end, set off by a comma, a sentence whose first cue's
    content the parse ran over them ("Trump said: “There will always be exceptions,” the Times reported.", "Hillary
    Clinton thinks ..., former President Bill Clinton said this week") standing at the top level as the reporter of
    everything before its speaker in that sentence, and that first claim nested under it with its content ending
    before the reporter: PolNeAR marks the reporter's attribution with the first one in its content. ``sentence_start(pos)``
    is where the sentence holding char ``pos`` starts; ``quoted(pos)`` whether ``pos`` stands in a quotation (a
    speaker inside one, "..., I think", is no reporter); ``reports(claim)`` whether a claim's cue may report a sentence
    (not one told to someone: '... it will be fair game," Trump told NBC' is the first speaker's own). Only a reporter
    whose content lies before its speaker, next to its cue, with a top-level parent whose cue comes before that speaker
    in the same sentence."""
    by_id = {c.id: c for c in claims}
    lifted: dict[str, Claim] = {}
    under: dict[str, tuple[str, int]] = {}  # first claim id -> (reporter id, where its content ends)
    for c in claims:
        p = by_id.get(c.parent) if c.parent is not None else None
        src = c.source
        if p is None or p.parent is not None or src is None or p.id in under or c.content.end > src.start or not reports(c):
            continue
        if len(text[min(src.end, c.cue.end):max(src.start, c.cue.start)].split()) > 1:
            continue  # the speaker right before or after the cue ("the Times reported", "said a spokesman")
        if src.text.lower() in _FIRST_SECOND or quoted(c.cue.start) or quoted(src.start) or quoted(p.cue.start):
            continue
        at = min(src.start, c.cue.start)  # where the reporter's words start
        start = sentence_start(at)
        if not (start <= p.cue.start and p.cue.end <= at < p.content.end) or not _SET_OFF.search(text, start, at):
            continue
        end = at
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",\"'\u201d\u2019"):
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end <= start:
            continue
        lifted[c.id] = attrs.evolve(c, parent=None, content=Span.from_offsets(text, start, end))
        under[p.id] = (c.id, at)
    if not lifted:
        return claims
    out = cut_contents_before([lifted.get(c.id, c) for c in claims], text, {pid: at for pid, (_, at) in under.items()})
    return [attrs.evolve(c, parent=under[c.id][0]) if c.id in under else c for c in out]
