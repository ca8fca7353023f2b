"""A cluster's summary: members in order, first report, origin, relays, drift and flags.

Members are ordered by their article's publication date, then article and item id: never by ingest
time, so that the order articles arrive in (or a crashed and re-run ingest) never changes a cluster;
``position`` 0 is the first report. For each member:
- ``relay_to``: the outlet it relays — the publication its claim names as source, else the wire
  service its article's credit line names;
- ``relayed_from``: the earliest earlier member published by that outlet (what it was relayed from);
- ``drift``: how it differs from the first report (:data:`DRIFTS`).
The cluster's ``origin`` is the earliest member whose claim names a source that is not a publication;
``no_origin`` flags a cluster whose every member relays another outlet and none names a primary
source; ``circular`` one whose outlets credit each other in a cycle (networkx).
"""

from __future__ import annotations

import json
from typing import Optional

import sqlite_utils

from provenance.lineage.relay import outlet_key

Db = sqlite_utils.Database

#: Drift flags, in the order they are listed.
DRIFTS = (
    "attribution_dropped",  # the first report attributes it; this one states it as fact
    "hedge_dropped",  # the first report hedges it ("reportedly"); this one does not
    "anonymous_to_named",
    "named_to_anonymous",
    "cue_class_changed",  # said -> claimed / admitted / denied
    "source_changed",
)
NAMED = ("person", "organization", "publication", "document")

_MEMBERS = """
    select i.id, i.kind, i.article_id, a.publisher, a.published, la.wire,
           i.position as stored_position, i.relay_to as stored_relay_to, i.relayed_from as stored_relayed_from,
           i.drift as stored_drift,
           c.type, c.source_id, c.source_kind, s.name as source_name, c.cue_class, st.text as sentence_text
    from lineage_items i
    join articles a on a.id = i.article_id
    left join lineage_articles la on la.article_id = i.article_id
    left join claims c on c.id = i.id
    left join sources s on s.id = c.source_id
    left join sentences st on st.id = i.id
    where {where}
"""

#: Opening quotation marks: a claim-less sentence that opens with one is a quotation whose speaker the
#: extractor did not find, not a statement printed as fact.
QUOTES = "\"\u201c\u2018'\u00ab"


def stated_as_fact(m: dict) -> bool:
    """A member that states the content with no attribution and outside quotation marks."""
    return m["kind"] == "sentence" and not (m["sentence_text"] or "").lstrip().startswith(tuple(QUOTES))


def order(m: dict) -> tuple:
    """A member's place in the timeline: publication date (undated last), article, id."""
    return (m["published"] is None, m["published"] or "", m["article_id"], m["id"])


def _rows(db: Db, where: str, params: list) -> list[dict]:
    cursor = db.execute(_MEMBERS.format(where=where), params)
    names = [d[0] for d in cursor.description]
    return sorted((dict(zip(names, r)) for r in cursor), key=order)


def members(db: Db, cid: str) -> list[dict]:
    """The members of cluster ``cid``, earliest first."""
    return _rows(db, "i.cluster_id = ?", [cid])


def outlet_of(m: dict) -> str:
    """The outlet a member counts under: its publisher (by :func:`outlet_key`), or, without one, its
    article (an outlet of its own)."""
    return outlet_key(m["publisher"]) or m["article_id"]


def credit(m: dict) -> Optional[tuple[str, str]]:
    """(its outlet, the other outlet it credits) of a member that relays another outlet, else None."""
    target, here = relay_to(m), outlet_key(m["publisher"])
    if target and here and outlet_key(target) != here:
        return here, outlet_key(target)
    return None


def relay_to(m: dict) -> Optional[str]:
    if m["kind"] == "claim" and m["source_kind"] == "publication":
        return m["source_name"]
    return m["wire"]


def is_primary(m: dict) -> bool:
    """A claim that names a source that is not a publication."""
    return m["kind"] == "claim" and m["source_id"] is not None and m["source_kind"] != "publication"


def drift(first: dict, m: dict) -> list[str]:
    """How member ``m`` differs from the first report."""
    if m is first:
        return []
    if m["kind"] == "sentence":
        return ["attribution_dropped"] if first["kind"] == "claim" and stated_as_fact(m) else []
    if first["kind"] != "claim":
        return []
    flags = []
    if first["type"] == "hedge" and m["type"] != "hedge":
        flags.append("hedge_dropped")
    if first["source_kind"] == "anonymous" and m["source_kind"] in NAMED:
        flags.append("anonymous_to_named")
    if first["source_kind"] in NAMED and m["source_kind"] == "anonymous":
        flags.append("named_to_anonymous")
    if first["cue_class"] and m["cue_class"] and first["cue_class"] != m["cue_class"]:
        flags.append("cue_class_changed")
    if first["source_id"] and m["source_id"] and first["source_id"] != m["source_id"]:
        flags.append("source_changed")
    return flags


def circular(rows: list[dict]) -> bool:
    """Whether the outlets of ``rows`` credit each other in a cycle."""
    credits = {c for m in rows if (c := credit(m))}
    if len(credits) < 2:
        return False  # a cycle needs two outlets crediting each other at least (the common case: no graph)
    import networkx as nx  # on first use: a process that only serves the tables never loads it

    return not nx.is_directed_acyclic_graph(nx.DiGraph(sorted(credits)))


def tallies(rows: list[dict]) -> dict[str, int]:
    """The counts of a cluster's summary that its members add up to: :func:`write` counts every member,
    :func:`insert` adds the new ones to the stored counts."""
    return {"size": len(rows), "claims": sum(m["kind"] == "claim" for m in rows),
            "unattributed": sum(stated_as_fact(m) for m in rows), "relays": sum(relay_to(m) is not None for m in rows)}


def no_origin(cluster: dict) -> int:
    """Whether a cluster (its summary row) has no origin: no member names a primary source and every
    member relays another outlet."""
    return int(cluster["origin_item"] is None and cluster["relays"] == cluster["size"])


def write(db: Db, cid: str) -> None:
    """The summary of cluster ``cid`` from all its members (a new or changed cluster; :func:`insert`
    puts members into a stored one)."""
    rows = members(db, cid)
    first = rows[0]
    updates = []
    earliest: dict[str, str] = {}  # outlet -> its earliest member so far (one pass, not one per member)
    credits: dict[str, set[str]] = {}  # outlet -> the outlets its members credit
    for pos, m in enumerate(rows):
        target = relay_to(m)
        source = earliest.get(outlet_key(target)) if target else None
        earliest.setdefault(outlet_of(m), m["id"])
        if (c := credit(m)) is not None:
            credits.setdefault(c[0], set()).add(c[1])
        flags = drift(first, m)
        m["_flags"] = flags
        row = (pos, target, source, ",".join(flags) or None)
        if row != (m["stored_position"], m["stored_relay_to"], m["stored_relayed_from"], m["stored_drift"]):
            updates.append((*row, m["id"]))  # only what changed: a copy that joins at the end moves no one
    db.conn.executemany(
        "update lineage_items set position = ?, relay_to = ?, relayed_from = ?, drift = ? where id = ?", updates
    )
    origin = next((m for m in rows if is_primary(m)), None)
    cluster = {
        "id": cid,
        **tallies(rows),
        "articles": len({r["article_id"] for r in rows}),
        "outlets": len(earliest),
        "first_item": first["id"],
        "first_article": first["article_id"],
        "first_published": first["published"],
        "origin_item": origin["id"] if origin else None,
        "origin_article": origin["article_id"] if origin else None,
        "drifted": sum(bool(m["_flags"]) for m in rows),
        "circular": int(circular(rows)),
        "min_item": min(r["id"] for r in rows),
    }
    cluster["no_origin"] = no_origin(cluster)
    _store(db, cluster)
    db.execute("delete from lineage_cluster_outlets where cluster_id = ?", [cid])
    _store_outlets(db, cid, {o: (first_id, credits.get(o, set())) for o, first_id in earliest.items()})


def _store(db: Db, cluster: dict) -> None:
    # one statement (sqlite-utils' insert reads the table's schema on every call: 1 ms a cluster)
    db.execute(f"insert or replace into lineage_clusters ({', '.join(cluster)}) values ({', '.join('?' * len(cluster))})",
               list(cluster.values()))


def _store_outlets(db: Db, cid: str, outlets: dict[str, tuple[str, set[str]]]) -> None:
    db.conn.executemany(
        "insert or replace into lineage_cluster_outlets (cluster_id, outlet, first_item, credits) values (?, ?, ?, ?)",
        ((cid, o, first_id, json.dumps(sorted(cr)) if cr else None) for o, (first_id, cr) in sorted(outlets.items())),
    )


def drop(db: Db, cid: str) -> None:
    """Forget cluster ``cid``'s summary (it is split, merged or gone)."""
    db.execute("delete from lineage_clusters where id = ?", [cid])
    db.execute("delete from lineage_cluster_outlets where cluster_id = ?", [cid])


def insert(db: Db, cid: str, ids: list[str]) -> bool:
    """Put items ``ids`` (of one article, in no cluster yet) into the stored cluster ``cid`` at their place
    in its timeline, when that is not the first place and its smallest member stays the smallest (its id
    stays): the first report, and so every member's drift, stay as they are. Reads the new members, the
    first report, the members a binary search of the timeline looks at (by position), the outlets the
    new members relay or are published by and, when they come before the end, the later members' relay
    columns (their positions move: what changes); never joins or sorts every member. Returns False,
    having written nothing, when they do not fit (the caller writes the cluster whole, :func:`write`)."""
    cursor = db.execute("select * from lineage_clusters where id = ?", [cid])
    row = cursor.fetchone()
    if row is None or not ids:
        return False
    cluster = dict(zip([d[0] for d in cursor.description], row))
    if cluster["min_item"] is None or min(ids) < cluster["min_item"]:
        return False
    new = _rows(db, f"i.id in ({', '.join('?' * len(ids))})", ids)
    size = cluster["size"]
    at = _Timeline(db, cid)
    lo, hi = 0, size  # the members before the new ones: a binary search on their stored positions
    while lo < hi:
        mid = (lo + hi) // 2
        if at.key(mid) < order(new[0]):
            lo = mid + 1
        else:
            hi = mid
    place = lo
    if place == 0 or (place < size and at.key(place) < order(new[-1])):
        return False  # a new first report (every drift changes), or members that would interleave
    first = _rows(db, "i.id = ?", [cluster["first_item"]])[0]
    outlets: dict[str, Optional[list]] = {}  # outlet -> [first member, credits], as stored then as changed
    changed: set[str] = set()
    new_ids = {m["id"] for m in new}

    def before(item: str) -> bool:
        """Whether member ``item`` comes before the new one being placed (new ones are placed in order)."""
        return item in new_ids or at.position(item) < place

    def outlet(key: str) -> Optional[list]:
        if key not in outlets:
            found = db.execute("select first_item, credits from lineage_cluster_outlets where cluster_id = ? and outlet = ?",
                               [cid, key]).fetchone()
            outlets[key] = None if found is None else [found[0], set(json.loads(found[1] or "[]"))]
        return outlets[key]

    updates, pairs, drifted, now_first = [], [], 0, {}
    for pos, m in enumerate(new, start=place):
        target = relay_to(m)
        source = outlet(outlet_key(target)) if target else None
        source = source[0] if source and before(source[0]) else None
        key = outlet_of(m)
        if outlet(key) is None or not before(outlets[key][0]):  # its outlet's first member from now on
            if outlet(key) is None:
                outlets[key] = [m["id"], set()]
                cluster["outlets"] += 1
            outlets[key][0] = now_first[key] = m["id"]
            changed.add(key)
        if (c := credit(m)) is not None and c[1] not in outlets[c[0]][1]:
            outlets[c[0]][1].add(c[1])
            changed.add(c[0])
            pairs.append(c)
        flags = drift(first, m)
        drifted += bool(flags)
        updates.append((cid, pos, target, source, ",".join(flags) or None, m["id"]))
    origin = next((m for m in new if is_primary(m)), None)  # before the positions move
    if origin is not None and (cluster["origin_item"] is None or not before(cluster["origin_item"])):
        cluster["origin_item"], cluster["origin_article"] = origin["id"], origin["article_id"]
    if place < size:
        later = db.execute("select id, relay_to, relayed_from from lineage_items where cluster_id = ? and position >= ?",
                           [cid, place]).fetchall()
        # a later member relaying an outlet whose first member is now a new one was relayed from it
        moved = [(now_first[outlet_key(r)], i) for i, r, was in later
                 if r and outlet_key(r) in now_first and was != now_first[outlet_key(r)]]
        db.execute("update lineage_items set position = position + ? where cluster_id = ? and position >= ?",
                   [len(new), cid, place])
        db.conn.executemany("update lineage_items set relayed_from = ? where id = ?", moved)
    db.conn.executemany(
        "update lineage_items set cluster_id = ?, position = ?, relay_to = ?, relayed_from = ?, drift = ? where id = ?",
        updates,
    )
    # an article new to the cluster: none of its other items is in it (read through the article's items;
    # "+cluster_id": never through the cluster's index, which holds every member)
    articles = {m["article_id"] for m in new}
    cluster["articles"] += sum(
        db.execute("select count(*) = 0 from lineage_items where article_id = ? and +cluster_id = ? and id not in "
                   f"({', '.join('?' * len(ids))})", [a, cid, *ids]).fetchone()[0] for a in sorted(articles))
    for name, n in tallies(new).items():
        cluster[name] += n
    cluster["drifted"] += drifted
    cluster["no_origin"] = no_origin(cluster)
    if not cluster["circular"] and pairs:
        cluster["circular"] = int(any(_reaches(outlet, to, here) for here, to in pairs))
    _store(db, cluster)
    _store_outlets(db, cid, {o: tuple(outlets[o]) for o in changed})
    return True


class _Timeline:
    """A stored cluster's members read one at a time by position (index ``cluster_id, position``), or a
    member's position by its id, each read once."""

    def __init__(self, db: Db, cid: str):
        self.db, self.cid, self.keys, self.positions = db, cid, {}, {}

    def key(self, position: int) -> tuple:
        if position not in self.keys:
            rows = _rows(self.db, "i.cluster_id = ? and i.position = ?", [self.cid, position])
            self.keys[position] = order(rows[0])
        return self.keys[position]

    def position(self, item: str) -> int:
        if item not in self.positions:
            self.positions[item] = self.db.execute("select position from lineage_items where id = ?", [item]).fetchone()[0]
        return self.positions[item]


def _reaches(outlet, start: str, goal: str) -> bool:
    """Whether outlet ``goal`` is reached from ``start`` following credits (``outlet(key)``: a stored
    outlet's [first member, credited outlets], or None): a new credit goal -> start closes a circle."""
    seen, frontier = {start}, [start]
    while frontier:
        key = frontier.pop()
        if key == goal:
            return True
        found = outlet(key)
        for other in sorted(found[1]) if found else ():
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    return False


def clear_member(db: Db, ids: list[str]) -> None:
    """Items that are in no cluster carry no summary columns."""
    db.conn.executemany(
        "update lineage_items set position = null, relay_to = null, relayed_from = null, drift = null where id = ?",
        ((i,) for i in ids),
    )
