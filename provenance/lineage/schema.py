"""The ``lineage_*`` tables (created by the derivation, idempotently; every filter has an index).

- ``lineage_items``: what can be matched — a claim (``kind = 'claim'``, ``id`` = the claim's id) or a
  sentence without a claim (``kind = 'sentence'``, ``id`` = the sentence's id), its normalised words,
  and its cluster (null while it matches nothing);
- ``lineage_bands``: the LSH band keys of each item, ``(key, item)`` both integers (``item`` is the
  item's 16-hex id read as a signed 64-bit integer, :func:`item_int`): about 20 bytes a row, a third
  of a row with text ids, so the ~1,800 rows an article adds touch a table three times smaller;
- ``lineage_edges``: verified pairs, ``a < b``, with their score;
- ``lineage_clusters``: one row per cluster of two or more items, with its summary (first report,
  origin, relays, flags);
- ``lineage_articles``: per article, the wire service its credit line names (if any);
- ``lineage_credits``: who credits whom — per publisher and credited outlet (a publication a claim
  names as its source, or a wire service), the claims and articles.
"""

from __future__ import annotations

import sqlite_utils

TABLES = ("lineage_items", "lineage_bands", "lineage_edges", "lineage_clusters", "lineage_articles", "lineage_credits")


def create(db: sqlite_utils.Database) -> None:
    if "lineage_items" not in db.table_names():
        db["lineage_items"].create(
            {
                "id": str, "kind": str, "article_id": str, "sentence_id": str, "norm": str, "words": int,
                "cluster_id": str, "position": int, "relay_to": str, "relayed_from": str, "drift": str,
            },
            pk="id",
        )
        db["lineage_items"].create_index(["article_id"])
        db["lineage_items"].create_index(["cluster_id", "position"])
    if "lineage_bands" in db.table_names() and "item_id" in db["lineage_bands"].columns_dict:
        db.execute("drop table lineage_bands")  # the first shape (text ids): made again, filled by the rebuild
    if "lineage_bands" not in db.table_names():
        # one B-tree, no rowid and no other index: a candidate lookup reads it by key, and an item's
        # rows are deleted by (key, item), its keys computed again from its words
        db.execute(
            "create table lineage_bands (key integer not null, item integer not null, "
            "primary key (key, item)) without rowid"
        )
    if "lineage_edges" not in db.table_names():
        db["lineage_edges"].create({"a": str, "b": str, "score": float}, pk=("a", "b"))
        db["lineage_edges"].create_index(["b"])
    if "lineage_clusters" not in db.table_names():
        db["lineage_clusters"].create(
            {
                "id": str, "size": int, "claims": int, "unattributed": int, "articles": int, "outlets": int,
                "first_item": str, "first_article": str, "first_published": str, "origin_item": str,
                "origin_article": str, "relays": int, "drifted": int, "no_origin": int, "circular": int,
            },
            pk="id",
        )
        for cols in (["size"], ["outlets"], ["unattributed"], ["first_article"], ["origin_item"], ["no_origin"], ["circular"]):
            db["lineage_clusters"].create_index(cols)
    if "lineage_articles" not in db.table_names():
        db["lineage_articles"].create({"article_id": str, "wire": str}, pk="article_id")
        db["lineage_articles"].create_index(["wire"])
    if "lineage_credits" not in db.table_names():
        db["lineage_credits"].create(
            {"publisher": str, "outlet": str, "claims": int, "articles": int}, pk=("publisher", "outlet")
        )
        db["lineage_credits"].create_index(["outlet"])
        db["lineage_credits"].create_index(["claims"])


def item_int(item_id: str) -> int:
    """An item's 16-hex id as the signed 64-bit integer stored in ``lineage_bands.item``."""
    return int.from_bytes(bytes.fromhex(item_id), "big", signed=True)


def item_str(value: int) -> str:
    """The inverse of :func:`item_int`."""
    return value.to_bytes(8, "big", signed=True).hex()


def clear(db: sqlite_utils.Database) -> None:
    for table in TABLES:
        db.execute(f"delete from [{table}]")
