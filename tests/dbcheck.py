"""Checks on a provenance database shared by the reliability tests: complete articles, exact
offsets, and a dump to compare two databases by."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: Columns that record *when* something happened; they are the only things two ingests of the
#: same corpus may disagree on (blanked before dumps are compared).
TIMESTAMPS = {
    "ingest_runs": ("started_at", "finished_at"),
    "ingest_errors": ("at",),
    "articles": ("ingested_at",),
    "_sqlite_migrations": ("applied_at",),
}


def check_article_rows(conn, article_id=None):
    """Every sentence and claim of the stored article(s) points at its text; sentences cover the text
    (in order, no overlap, nothing but whitespace between them); claim_count matches the claims.
    Returns the number of articles checked."""
    conn.row_factory = sqlite3.Row
    where_sql, params = ("where id = ?", [article_id]) if article_id else ("", [])
    n = 0
    for art in conn.execute(f"select id, doc, text from articles {where_sql}", params).fetchall():
        n += 1
        text = art["text"]
        sentences = conn.execute(
            "select id, idx, start, [end], text, claim_count from sentences where article_id = ? order by idx",
            [art["id"]],
        ).fetchall()
        assert sentences, f"{art['doc']}: no sentences"
        assert [s["idx"] for s in sentences] == list(range(len(sentences)))
        pos = 0
        for s in sentences:
            assert text[s["start"]:s["end"]] == s["text"], f"{art['doc']}: sentence {s['idx']} offsets"
            assert s["start"] >= pos, f"{art['doc']}: sentence {s['idx']} overlaps the one before"
            assert not text[pos:s["start"]].strip(), f"{art['doc']}: text outside every sentence"
            pos = s["end"]
        assert not text[pos:].strip(), f"{art['doc']}: text after the last sentence"
        counts = dict(
            conn.execute("select sentence_id, count(*) from claims where article_id = ? group by sentence_id", [art["id"]]).fetchall()
        )
        for s in sentences:
            assert s["claim_count"] == counts.pop(s["id"], 0), f"{art['doc']}: claim_count of sentence {s['idx']}"
        assert not counts, f"{art['doc']}: claims pointing at sentences that are not stored"
        for c in conn.execute("select * from claims where article_id = ?", [art["id"]]):
            for role in ("source", "cue", "content"):
                if c[f"{role}_start"] is None:
                    assert role == "source"
                    continue
                assert text[c[f"{role}_start"]:c[f"{role}_end"]] == c[f"{role}_text"], f"{art['doc']}: claim {role}"
    return n


def integrity(conn) -> str:
    return conn.execute("PRAGMA integrity_check").fetchone()[0]


def dump(path: Path, *, blank=TIMESTAMPS, skip=()) -> str:
    """The SQL dump (``iterdump``: schema and every row, FTS shadow tables included) of a copy of the
    database at ``path`` in which the ``blank`` columns are set to NULL and the ``skip`` tables emptied."""
    src = sqlite3.connect(path)
    copy = sqlite3.connect(":memory:")
    src.backup(copy)
    src.close()
    for table, columns in blank.items():
        copy.execute(f"update [{table}] set " + ", ".join(f"[{c}] = null" for c in columns))
    for table in skip:
        copy.execute(f"delete from [{table}]")
    text = "\n".join(copy.iterdump())
    copy.close()
    return text
