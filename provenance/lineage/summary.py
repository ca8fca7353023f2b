"""A cluster's summary row: its size, articles, outlets and first report.

The first report is the earliest member by the article's publication date, then by ingest time,
then by article and item id (so ties never depend on the order rows are read in). An article
without a publisher counts as an outlet of its own.
"""

from __future__ import annotations

import sqlite_utils

Db = sqlite_utils.Database

_MEMBERS = """
    select i.id, i.kind, i.article_id, a.publisher, a.published, a.ingested_at
    from lineage_items i join articles a on a.id = i.article_id
    where i.cluster_id = ?
"""


def members(db: Db, cid: str) -> list[dict]:
    """The members of cluster ``cid``, earliest first."""
    cursor = db.execute(_MEMBERS, [cid])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r)) for r in cursor]
    rows.sort(key=lambda r: (r["published"] is None, r["published"] or "", r["ingested_at"] or "", r["article_id"], r["id"]))
    return rows


def write(db: Db, cid: str) -> None:
    rows = members(db, cid)
    first = rows[0]
    db["lineage_clusters"].insert(
        {
            "id": cid,
            "size": len(rows),
            "claims": sum(r["kind"] == "claim" for r in rows),
            "unattributed": sum(r["kind"] == "sentence" for r in rows),
            "articles": len({r["article_id"] for r in rows}),
            "outlets": len({r["publisher"] or r["article_id"] for r in rows}),
            "first_item": first["id"],
            "first_article": first["article_id"],
            "first_published": first["published"],
        },
        replace=True,
    )


def forget(db: Db, cid: str) -> None:
    """Take out what :func:`write` added for ``cid`` besides its cluster row (nothing yet)."""


def clear(db: Db) -> None:
    """Empty what :func:`write` fills besides ``lineage_clusters`` (nothing yet)."""
