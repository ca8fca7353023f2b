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
    where i.cluster_id = ?
"""

#: Opening quotation marks: a claim-less sentence that opens with one is a quotation whose speaker the
#: extractor did not find, not a statement printed as fact.
QUOTES = "\"\u201c\u2018'\u00ab"


def stated_as_fact(m: dict) -> bool:
    """A member that states the content with no attribution and outside quotation marks."""
    return m["kind"] == "sentence" and not (m["sentence_text"] or "").lstrip().startswith(tuple(QUOTES))


def members(db: Db, cid: str) -> list[dict]:
    """The members of cluster ``cid``, earliest first."""
    cursor = db.execute(_MEMBERS, [cid])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor]
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["article_id"], r["id"]))
    return rows


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
    credits = set()
    for m in rows:
        target = relay_to(m)
        here = outlet_key(m["publisher"])
        if target and here and outlet_key(target) != here:
            credits.add((here, outlet_key(target)))
    if len(credits) < 2:
        return False  # a cycle needs two outlets crediting each other at least (the common case: no graph)
    import networkx as nx  # on first use: a process that only serves the tables never loads it

    return not nx.is_directed_acyclic_graph(nx.DiGraph(sorted(credits)))


def write(db: Db, cid: str) -> None:
    rows = members(db, cid)
    first = rows[0]
    updates = []
    earliest: dict[str, str] = {}  # outlet -> its earliest member so far (one pass, not one per member)
    for pos, m in enumerate(rows):
        target = relay_to(m)
        source = earliest.get(outlet_key(target)) if target else None
        earliest.setdefault(outlet_key(m["publisher"]), m["id"])
        flags = drift(first, m)
        m["_flags"] = flags
        row = (pos, target, source, ",".join(flags) or None)
        if row != (m["stored_position"], m["stored_relay_to"], m["stored_relayed_from"], m["stored_drift"]):
            updates.append((*row, m["id"]))  # only what changed: a copy that joins at the end moves no one
    db.conn.executemany(
        "update lineage_items set position = ?, relay_to = ?, relayed_from = ?, drift = ? where id = ?", updates
    )
    origin = next((m for m in rows if is_primary(m)), None)
    relays = sum(relay_to(m) is not None for m in rows)
    cluster = {
        "id": cid,
        "size": len(rows),
        "claims": sum(r["kind"] == "claim" for r in rows),
        "unattributed": sum(stated_as_fact(r) for r in rows),
        "articles": len({r["article_id"] for r in rows}),
        "outlets": len({outlet_key(r["publisher"]) or r["article_id"] for r in rows}),
        "first_item": first["id"],
        "first_article": first["article_id"],
        "first_published": first["published"],
        "origin_item": origin["id"] if origin else None,
        "origin_article": origin["article_id"] if origin else None,
        "relays": relays,
        "drifted": sum(bool(m["_flags"]) for m in rows),
        "no_origin": int(origin is None and relays == len(rows)),
        "circular": int(circular(rows)),
    }
    # one statement (sqlite-utils' insert reads the table's schema on every call: 1 ms a cluster)
    db.execute(f"insert or replace into lineage_clusters ({', '.join(cluster)}) values ({', '.join('?' * len(cluster))})",
               list(cluster.values()))


def clear_member(db: Db, ids: list[str]) -> None:
    """Items that are in no cluster carry no summary columns."""
    db.conn.executemany(
        "update lineage_items set position = null, relay_to = null, relayed_from = null, drift = null where id = ?",
        ((i,) for i in ids),
    )
