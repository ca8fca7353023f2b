"""The ``lineage_*`` tables (created by the derivation, idempotently; every filter has an index).

- ``lineage_items``: what can be matched — a claim (``kind = 'claim'``, ``id`` = the claim's id) or a
  sentence without a claim (``kind = 'sentence'``, ``id`` = the sentence's id), its normalised words,
  and its cluster (null while it matches nothing);
- ``lineage_bands``: the LSH band keys of each item (keyed by ``key``: candidates are one lookup);
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
    if "lineage_bands" not in db.table_names():
        # one B-tree, no rowid and no other index: a candidate lookup reads it by key, and an item's
        # rows are deleted by (key, item_id), its keys computed again from its words
        db.execute(
            "create table lineage_bands (key integer not null, item_id text not null, article_id text, "
            "primary key (key, item_id)) without rowid"
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


def clear(db: sqlite_utils.Database) -> None:
    for table in TABLES:
        db.execute(f"delete from [{table}]")
