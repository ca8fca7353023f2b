"""The ``lineage_*`` tables (created by the derivation, idempotently; every filter has an index).

- ``lineage_texts``: one row per distinct normalised text (``id`` = :func:`text_id` of it, a signed
  64-bit hash): its words, how many items carry it (``items``, ``claims``), the first and last
  article (by id) of its claim items and of its sentence items (``claim_lo``/``claim_hi``,
  ``sent_lo``/``sent_hi``: enough to tell whether two items of different articles exist), and its
  cluster. N verbatim copies of a statement are one text: matched once, banded once;
- ``lineage_items``: what can be matched — a claim (``kind = 'claim'``, ``id`` = the claim's id) or a
  sentence without a claim (``kind = 'sentence'``, ``id`` = the sentence's id), its text, and its
  cluster (null while it matches nothing) with its place in the cluster's timeline;
- ``lineage_bands``: the LSH band keys of each text, ``(key, text)`` both integers;
- ``lineage_edges``: verified pairs of texts, ``a < b``, with their score, for every candidate pair
  of which at least one text is a claim's; ``via_sentence`` is the shorter text when the pair holds
  only under the rule for a whole sentence found in a claim (it then links a sentence item of that
  text to a claim item of the other);
- ``lineage_clusters``: one row per cluster of two or more items, with its summary (first report,
  origin, relays, flags) and its smallest member id (``min_item``: the cluster's id is its hash);
- ``lineage_cluster_outlets``: per cluster and outlet, its earliest member and the outlets its members
  credit: what a member joining at the end of the timeline needs (what it was relayed from, whether
  it closes a circle of credits) without reading the cluster's other members;
- ``lineage_text_collisions``: a text stored under another id than its hash, because another text
  holds that one (:mod:`provenance.lineage.textids`: two texts are never merged);
- ``lineage_articles``: per article, the wire service its credit line names (if any);
- ``lineage_credits``: who credits whom — per publisher and credited outlet (a publication a claim
  names as its source, or a wire service), the claims and articles.

The tables are derived (recomputable from the base tables), so a change of their shape is not a
migration of :mod:`provenance.store`: :func:`create` drops the lineage tables of an older shape
(:data:`VERSION`, kept in ``lineage_meta``) and makes them again, and
:func:`provenance.derived.create_all` fills them by a rebuild, in the transaction that opens the
database. ``lineage_meta`` also holds the digest of the matching setup the tables were computed with
(:mod:`provenance.lineage.setup`): when it is not the current one, opening the database for writing
recomputes them the same way.
"""

from __future__ import annotations

import hashlib

import sqlite_utils

TABLES = ("lineage_texts", "lineage_items", "lineage_bands", "lineage_edges", "lineage_clusters",
          "lineage_cluster_outlets", "lineage_articles", "lineage_credits", "lineage_text_collisions")
#: The shape of the tables: 2 = items contracted into texts (one band set, one verdict per text);
#: 3 = each cluster's smallest member and outlets kept, so that a copy joins without reading every member;
#: texts whose hash another text holds stored under another id (``lineage_text_collisions``).
VERSION = 3


def present(table_names) -> bool:
    """Whether a database holds claim lineage (one made before it, opened without migrating — an
    export, a published copy — has none). The one owner of that question: the exports, the store's
    JSON claims and the claim and article pages ask it."""
    return {"lineage_items", "lineage_clusters"} <= set(table_names)


def _version(db: sqlite_utils.Database) -> int:
    """The stored :data:`VERSION` (0: none, or a ``lineage_meta`` that does not record the setup)."""
    if "lineage_meta" not in db.table_names() or "setup" not in db["lineage_meta"].columns_dict:
        return 0
    row = db.execute("select version from lineage_meta").fetchone()
    return row[0] if row else 0


def create(db: sqlite_utils.Database) -> None:
    if _version(db) != VERSION:
        for table in (*TABLES, "lineage_meta"):
            db.execute(f"drop table if exists [{table}]")
        # setup: the digest of the matching setup the tables were computed with (provenance.lineage.setup),
        # recorded by the rebuild that fills them; setup_parts: its parts, to say which one changed
        db.execute("create table lineage_meta (version integer not null, setup text, setup_parts text)")
        db.execute("insert into lineage_meta (version) values (?)", [VERSION])
    if "lineage_texts" not in db.table_names():
        db.execute(
            "create table lineage_texts (id integer primary key, norm text not null, words integer not null, "
            "items integer not null, claims integer not null, claim_lo text, claim_hi text, sent_lo text, "
            "sent_hi text, cluster_id text)"
        )
        db["lineage_texts"].create_index(["cluster_id"])
    if "lineage_items" not in db.table_names():
        db["lineage_items"].create(
            {
                "id": str, "kind": str, "article_id": str, "sentence_id": str, "text": int,
                "cluster_id": str, "position": int, "relay_to": str, "relayed_from": str, "drift": str,
            },
            pk="id",
        )
        db["lineage_items"].create_index(["article_id"])
        db["lineage_items"].create_index(["cluster_id", "position"])
        # a text's items, and the first and last article of its items of one kind, by index
        db["lineage_items"].create_index(["text", "kind", "article_id"])
    if "lineage_bands" not in db.table_names():
        # one B-tree, no rowid and no other index: a candidate lookup reads it by key, and a text's
        # rows are deleted by (key, text), its keys computed again from its words
        db.execute(
            "create table lineage_bands (key integer not null, text integer not null, "
            "primary key (key, text)) without rowid"
        )
    if "lineage_edges" not in db.table_names():
        db.execute(
            "create table lineage_edges (a integer not null, b integer not null, score real not null, "
            "via_sentence integer, primary key (a, b)) without rowid"
        )
        db["lineage_edges"].create_index(["b"])
    if "lineage_clusters" not in db.table_names():
        db["lineage_clusters"].create(
            {
                "id": str, "size": int, "claims": int, "unattributed": int, "articles": int, "outlets": int,
                "first_item": str, "first_article": str, "first_published": str, "origin_item": str,
                "origin_article": str, "relays": int, "drifted": int, "no_origin": int, "circular": int,
                "min_item": str,
            },
            pk="id",
        )
        for cols in (["size"], ["unattributed"], ["first_article"], ["origin_item"], ["no_origin"], ["circular"]):
            db["lineage_clusters"].create_index(cols)
        # most repeated first, in the canned query's order: its first page is read off the index
        db.execute("create index idx_lineage_clusters_repeated on lineage_clusters (outlets desc, articles desc, id)")
    if "lineage_cluster_outlets" not in db.table_names():
        # outlet: its publisher's key (an article without one: the article's id); credits: a JSON list
        db.execute(
            "create table lineage_cluster_outlets (cluster_id text not null, outlet text not null, "
            "first_item text not null, credits text, primary key (cluster_id, outlet)) without rowid"
        )
    if "lineage_text_collisions" not in db.table_names():
        # a text stored under another id than its hash (base), which another text holds
        # (provenance.lineage.textids); almost always empty
        db.execute("create table lineage_text_collisions (id integer primary key, base integer not null, norm text not null)")
        db["lineage_text_collisions"].create_index(["base"])
    if "lineage_articles" not in db.table_names():
        db["lineage_articles"].create({"article_id": str, "wire": str}, pk="article_id")
        db["lineage_articles"].create_index(["wire"])
    if "lineage_credits" not in db.table_names():
        db["lineage_credits"].create(
            {"publisher": str, "outlet": str, "claims": int, "articles": int}, pk=("publisher", "outlet")
        )
        db["lineage_credits"].create_index(["outlet"])
        db["lineage_credits"].create_index(["claims"])


#: Ids per ``in (...)`` look-up (under SQLite's host-parameter limit).
CHUNK = 500


def chunks(seq: list, n: int = CHUNK):
    """``seq`` in slices of at most ``n``: one ``in (...)`` look-up each."""
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def marks(n: int) -> str:
    """``n`` placeholders for an ``in (...)`` list."""
    return ",".join("?" * n)


def text_id(norm: str) -> int:
    """A normalised text's hash: its blake2b hash read as a signed 64-bit integer (SQLite INTEGER),
    the text's id unless another text holds it (two texts sharing one: about one chance in 10^7 among
    a million texts; the stored words are compared on insert, :mod:`provenance.lineage.textids`)."""
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8, person=b"lineage-text").digest(),
                          "big", signed=True)


def clear(db: sqlite_utils.Database) -> None:
    for table in TABLES:
        db.execute(f"delete from [{table}]")
