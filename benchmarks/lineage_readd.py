#!/usr/bin/env python3
"""Claim lineage write cost: re-add every article of an ingested database to empty lineage tables, one
transaction an article (as ``ingest`` does), timing ``add_article`` and the commit after it apart.

Example (repository root, project virtual environment; a database made by ``benchmarks/lineage.py``):

    python benchmarks/lineage_readd.py /tmp/lineage_bench.db --copy /tmp/lineage_readd.db

Works on a copy (``--copy``; the source is never written). Prints the two sums and the lineage tables'
sizes; ``--dump`` writes the items' clusters, the pairs and the clusters as JSON, to check that a storage
change leaves them as they were.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

import provenance.store  # noqa: E402,F401  (registers the lineage derivation)
from provenance.lineage import clusters, schema  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path, help="an ingested provenance database (read only)")
    ap.add_argument("--copy", type=Path, required=True, help="where to copy it to (overwritten)")
    ap.add_argument("--dump", type=Path, help="write items' clusters, pairs and clusters here (JSON)")
    args = ap.parse_args(argv)
    if args.copy.resolve() == args.db.resolve():
        raise SystemExit("--copy must not be the source database")
    for suffix in ("-wal", "-shm"):
        Path(str(args.copy) + suffix).unlink(missing_ok=True)
    shutil.copy(args.db, args.copy)
    db = sqlite_utils.Database(args.copy)
    db.execute("pragma journal_mode = wal")
    for table in schema.TABLES:
        db.execute(f"drop table if exists [{table}]")
    db.conn.commit()
    schema.create(db)
    db.conn.commit()
    db.execute("vacuum")
    ids = [r[0] for r in db.execute("select id from articles order by rowid")]
    add = commit = 0.0
    for article_id in ids:
        db.execute("begin immediate")
        t0 = time.perf_counter()
        clusters.add_article(db, article_id)
        t1 = time.perf_counter()
        db.conn.commit()
        add += t1 - t0
        commit += time.perf_counter() - t1
    sizes = dict(db.execute("select name, sum(pgsize) from dbstat where name like 'lineage%' group by name").fetchall())
    print(f"{len(ids)} articles: add_article {add:.1f}s, commits {commit:.1f}s; "
          + ", ".join(f"{t} {sizes.get(t, 0) / 1e6:.1f} MB" for t in ("lineage_bands", "lineage_items", "lineage_texts")))
    if args.dump:
        args.dump.write_text(json.dumps({
            "items": db.execute("select id, cluster_id from lineage_items order by id").fetchall(),
            "edges": db.execute("select a, b, score from lineage_edges order by a, b").fetchall(),
            "clusters": db.execute("select * from lineage_clusters order by id").fetchall(),
        }), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
