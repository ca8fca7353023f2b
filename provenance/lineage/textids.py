"""Text ids that never merge two texts: a 64-bit hash of the normalised words, checked on insert.

A text's id is :func:`provenance.lineage.schema.text_id` of its words (a signed 64-bit hash). Two
different texts sharing one (about one chance in 10^7 among a million texts) must still be two texts:
whenever a text is looked up by its id, the stored words are compared with its own. A text whose id is
taken by another is stored under another id (the same hash salted, :func:`salted`), and the move is
recorded in ``lineage_text_collisions`` (its id, the id it would have had, its words) and logged: the
next copy of it is found there (the table is almost always empty: one indexed read an article).
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from typing import Iterable, Optional

import sqlite_utils

from provenance.lineage import schema

log = logging.getLogger(__name__)
Db = sqlite_utils.Database
#: How many salted ids are tried for a text whose id is taken.
SALTS = 8


def salted(norm: str, salt: int) -> int:
    """The ``salt``-th other id of a text (signed 64-bit), for when its own is taken."""
    digest = hashlib.blake2b(norm.encode("utf-8"), digest_size=8, person=b"lineage-text",
                             salt=salt.to_bytes(8, "big")).digest()
    return int.from_bytes(digest, "big", signed=True)


def moved(db: Db, norms: Iterable[str]) -> dict[str, int]:
    """The texts among ``norms`` stored under another id than their hash: norm -> id."""
    norms = sorted(set(norms))
    wanted, out = set(norms), {}
    keys = sorted({schema.text_id(n) for n in norms})
    for chunk in schema.chunks(keys):
        for tid, norm in db.execute(
            f"select id, norm from lineage_text_collisions where base in ({schema.marks(len(chunk))})", chunk
        ):
            if norm in wanted:
                out[norm] = tid
    return out


def collide(db: Db, norm: str, base: int, other: str, taken: Iterable[int] = ()) -> int:
    """Store-side handling of a collision: ``norm``'s id ``base`` is held by the text ``other``. Picks
    a free salted id, records the move and says so; returns the id."""
    taken = set(taken)
    for salt in range(1, SALTS + 1):
        tid = salted(norm, salt)
        if tid in taken or db.execute(
            "select exists (select 1 from lineage_texts where id = ?) or exists "
            "(select 1 from lineage_text_collisions where id = ?)", [tid, tid]
        ).fetchone()[0]:
            continue
        db.execute("insert into lineage_text_collisions (id, base, norm) values (?, ?, ?)", [tid, base, norm])
        log.warning("lineage: two texts share the 64-bit text id %d (%r and %r): the second is stored under id %d "
                    "(lineage_text_collisions)", base, other[:60], norm[:60], tid)
        return tid
    raise ValueError(f"lineage: no free text id for {norm[:60]!r} ({SALTS} salted hashes taken)")


def assign(db: Db, norms: Iterable[str]) -> dict[str, int]:
    """The id of each of ``norms`` (an article's texts): the stored text with these words, else a free
    id, its hash unless another text holds it (then a recorded salted one). One indexed read of the
    texts' hashes, one of the (almost always empty) collisions table."""
    norms = sorted(set(norms))
    out = moved(db, norms)
    rest = [n for n in norms if n not in out]
    base = {n: schema.text_id(n) for n in rest}
    holder: dict[int, str] = {}  # id -> its text: stored, or given to a text of this article
    keys = sorted(set(base.values()))
    for chunk in schema.chunks(keys):
        holder.update(db.execute(f"select id, norm from lineage_texts where id in ({schema.marks(len(chunk))})", chunk).fetchall())
    for n in rest:
        tid = base[n]
        other = holder.setdefault(tid, n)
        if other != n:
            tid = collide(db, n, tid, other, taken=holder)
            holder[tid] = n
        out[n] = tid
    return out


def band_keys_of(texts: dict[int, str], given: Optional[dict], assigned: dict[str, int]) -> dict[int, list[int]]:
    """The band keys of ``texts`` (id -> words) of one article whose texts got ids ``assigned``: as the
    article's inputs computed them (``given``, keyed by the texts' hashes), else computed here; so too
    when two of its texts share a hash (the inputs hold the keys of one of them)."""
    from provenance.lineage.inputs import band_keys

    given = given or {}
    shared = Counter(schema.text_id(n) for n in assigned)
    out = {}
    for tid, norm in texts.items():
        base = schema.text_id(norm)
        out[tid] = list(given[base]) if base in given and shared[base] == 1 else band_keys(norm)
    return out
