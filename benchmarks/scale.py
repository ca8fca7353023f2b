"""A year of news in Datasette (issue 8): build an archive-size database and time every page.

Build (``--build``): the base tables of an ingested corpus (``provenance ingest ../shared/polnear/train``)
are replicated ``--copies`` times with new ids (SQL ``insert ... select``, one statement per table
and copy), spread over ~50 publishers (each PolNeAR outlet in 7 editions) and a year of dates;
then what ``provenance rebuild`` does computes every summary table, full-text index and the claim
lineage tables (the lineage rebuild runs first, in a process of its own, so that its time and peak
memory are printed apart). Sources are shared by the copies, as a much-quoted person is across a
year of news; every article has ``--copies`` verbatim copies, so every claim is in a cluster of at
least that many members.

Timing: the database is served live (``provenance serve``) and as a publication copy
(``provenance publish`` + the printed ``datasette`` command); every page of the site is requested
once to warm up, then three times, and the median is printed with its status and size, followed by
the serve process's peak memory (VmHWM). ``--export`` also runs ``provenance export --format
prov-json`` and reports its peak memory.

    python benchmarks/scale.py /tmp/scale/base.db --build --copies 120 --out /tmp/scale/year.db
    python benchmarks/scale.py /tmp/scale/base.db --out /tmp/scale/year.db      # time an existing build

The machine is shared: figures move by tens of percent between runs; the pass/fail limits are
judged on the median.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette.utils import tilde_encode  # noqa: E402

from provenance.store import Store  # noqa: E402

BASE_TABLES = ("articles", "sentences", "claims")
EDITIONS = 7  # PolNeAR's 7 outlets x 7 editions = 49 publishers


def _copy_sql(conn, table: str, overrides: dict) -> str:
    cols = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
    exprs = ", ".join(overrides.get(c, f"t.[{c}]") for c in cols)
    names = ", ".join(f"[{c}]" for c in cols)
    return (f"insert into [{table}] ({names}) select {exprs} from [{table}] t join base_articles b on b.id = t.[ART]"
            " where t.[ART] not like '%.%'")


def build(base: Path, out: Path, copies: int) -> dict:
    """Write the replicated database at ``out``; returns timings in seconds."""
    times = {}
    t0 = time.perf_counter()
    for p in (out, Path(f"{out}-wal"), Path(f"{out}-shm")):
        if p.exists():
            p.unlink()
    src, dst = sqlite3.connect(base), sqlite3.connect(out)
    src.backup(dst)
    src.close()
    dst.close()
    Store(out).close()  # bring the schema up to date
    conn = sqlite3.connect(out, isolation_level=None)
    conn.execute("pragma synchronous = off")
    conn.execute("pragma cache_size = -400000")
    # indexes and FTS triggers of the base tables are dropped for the load and made again after it
    saved = conn.execute(
        "select type, name, sql from sqlite_master where type in ('index', 'trigger') and sql is not null"
        " and tbl_name in ('articles', 'sentences', 'claims')").fetchall()
    for kind, name, _sql in saved:
        conn.execute(f"drop {kind} [{name}]")
    conn.execute("begin")
    conn.execute("create temp table base_articles (id text primary key, n integer, outlet text)")
    conn.execute("insert into temp.base_articles select id, rowid, coalesce(nullif(substr(doc, 1, instr(doc, '_') - 1), ''), 'outlet')"
                 " from articles")
    publisher = "b.outlet || ' ' || ({k} % 7 + 1)"
    published = "date('2025-01-01', '+' || ((b.n * 13 + {k} * 37) % 365) || ' days')"
    article_sql = _copy_sql(conn, "articles", {
        "id": "t.id || '.{k}'", "url": "t.url || '#{k}'", "origin": "t.origin || '#{k}'",
        "publisher": publisher, "published": published}).replace("ART", "id")
    sentence_sql = _copy_sql(conn, "sentences", {
        "id": "t.id || '.{k}'", "article_id": "t.article_id || '.{k}'"}).replace("ART", "article_id")
    claim_sql = _copy_sql(conn, "claims", {
        "id": "t.id || '.{k}'", "article_id": "t.article_id || '.{k}'", "sentence_id": "t.sentence_id || '.{k}'",
        "parent_id": "t.parent_id || '.{k}'", "publisher": publisher}).replace("ART", "article_id")
    for k in range(1, copies):
        for sql in (article_sql, sentence_sql, claim_sql):
            conn.execute(sql.replace("{k}", str(k)))
    # copy 0 (the base rows themselves) gets a publisher and a date too
    conn.execute(f"update articles set publisher = (select {publisher.format(k=0)} from base_articles b where b.id = articles.id),"
                 f" published = (select {published.format(k=0)} from base_articles b where b.id = articles.id)"
                 " where id not like '%.%'")
    conn.execute(f"update claims set publisher = (select {publisher.format(k=0)} from base_articles b where b.id = claims.article_id)"
                 " where article_id not like '%.%'")
    conn.execute("commit")
    times["replicate"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _kind, _name, sql in saved:
        conn.execute(sql)
    conn.close()
    times["indexes"] = time.perf_counter() - t0
    # What `provenance rebuild` does: claim lineage first, in a process of its own (its time and peak
    # memory), then every other derivation and ANALYZE
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LINEAGE_REBUILD, str(out)], check=True, capture_output=True,
                          text=True, cwd=ROOT).stdout.split()
    times["lineage rebuild"] = time.perf_counter() - t0
    print(f"lineage rebuild: {float(done[0]):.0f} s, peak memory (VmHWM) {float(done[1]):.0f} MB; "
          + ", ".join(done[2:]), flush=True)
    t0 = time.perf_counter()
    store = Store(out)
    store.rebuild(skip=("lineage",))
    store.close()
    times["rebuild"] = time.perf_counter() - t0
    return times


LINEAGE_REBUILD = """
import sys, time
from provenance import derived
from provenance.store import Store
store = Store(sys.argv[1])
t0 = time.perf_counter()
store.db.execute("begin immediate")
derived.rebuild_all(store.db, skip=tuple(d.name for d in derived.DERIVATIONS if d.name != "lineage"))
store.db.conn.commit()
seconds = time.perf_counter() - t0
peak = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
q = lambda sql: store.db.execute(sql).fetchone()[0]
print(seconds, peak / 1024, f"items={q('select count(*) from lineage_items'):,}", f"texts={q('select count(*) from lineage_texts'):,}",
      f"pairs={q('select count(*) from lineage_edges'):,}", f"clusters={q('select count(*) from lineage_clusters'):,}",
      f"largest={q('select max(size) from lineage_clusters'):,}")
"""


# --- the pages ---------------------------------------------------------------------------------


def pages(db: Path, name: str) -> list[tuple[str, str]]:
    """(label, path) of every page to time, with ids taken from the database."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    q = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
    top_source, top_name = q("select s.id, s.name from source_summary ss join sources s on s.id = ss.source_id"
                             " where s.kind != 'unknown' order by ss.claims desc limit 1")
    mid_source = q("select source_id from source_summary order by abs(claims - 20000) limit 1")[0]
    top_claims = q(f"select claims from source_summary where source_id = '{top_source}'")[0]
    second_after = q(f"select rowid from claims indexed by idx_claims_source_id where source_id = '{top_source}'"
                     " order by rowid limit 1 offset 49")[0]
    big_article = q("select article_id from claims where article_id not like '%.%'"
                    " group by article_id order by count(*) desc limit 1")[0]
    any_article = q("select id from articles order by published desc, id desc limit 1")[0]
    article_title = q(f"select coalesce(title, doc) from articles where id = '{any_article}'")[0][:20]
    publisher = q("select publisher from publisher_summary order by claims desc limit 1")[0]
    big_claim, big_size = q("select i.id, lc.size from lineage_clusters lc join lineage_items i on i.cluster_id = lc.id"
                            " and i.kind = 'claim' order by lc.size desc limit 1")
    mid_claim = q("select i.id from lineage_clusters lc join lineage_items i on i.cluster_id = lc.id"
                  " and i.kind = 'claim' where lc.size >= 2 order by lc.id limit 1")[0]
    conn.close()
    e = urllib.parse.quote
    t = tilde_encode  # a claim page's id, as the site links it (the copies' ids hold a dot)
    d = f"/{name}"
    out = [
        ("home", "/"),
        ("database", d),
        ("articles", f"{d}/articles"),
        ("sentences", f"{d}/sentences"),
        ("claims (default facets)", f"{d}/claims"),
        ("sources", f"{d}/sources"),
        ("source_aliases", f"{d}/source_aliases"),
        ("publisher_summary", f"{d}/publisher_summary"),
        ("source_summary", f"{d}/source_summary"),
        ("claims _facet=type (2nd page)", f"{d}/claims?_facet=type&_next=" + e(q_next(db, "claims"))),
        ("claims publisher=...", f"{d}/claims?publisher={e(publisher)}"),
        ("claims source_kind=anonymous", f"{d}/claims?source_kind=anonymous"),
        ("claims source_id=top", f"{d}/claims?source_id={e(top_source)}"),
        ("sentences claim_count=0", f"{d}/sentences?claim_count=0"),
        ("sentences attributed=0", f"{d}/sentences?attributed=0"),
        ("articles publisher=...", f"{d}/articles?publisher={e(publisher)}"),
        ("claims _search=election", f"{d}/claims?_search=election"),
        ("claims _search=Trump", f"{d}/claims?_search=Trump"),
        ("claims _search=rare", f"{d}/claims?_search=Lindqvist"),
        ("sentences _search=election", f"{d}/sentences?_search=election"),
        ("q unattributed_sentences", f"{d}/unattributed_sentences"),
        ("q unattributed_sentences article=", f"{d}/unattributed_sentences?article={e(article_title)}"),
        ("q unattributed_sentences page=2", f"{d}/unattributed_sentences?page=2"),
        ("q claims_by_source (empty)", f"{d}/claims_by_source"),
        ("q claims_by_source id=top", f"{d}/claims_by_source?source={e(top_source)}"),
        ("q claims_by_source name=top", f"{d}/claims_by_source?source={e(top_name)}"),
        ("q claims_by_source name=Minister", f"{d}/claims_by_source?source=Minister"),
        ("q claims_by_source page=3", f"{d}/claims_by_source?source={e(top_source)}&page=3"),
        ("q anonymous_by_publisher", f"{d}/anonymous_by_publisher"),
        ("q publisher_stats", f"{d}/publisher_stats"),
        ("q attribution_chains", f"{d}/attribution_chains"),
        ("q attribution_chains page=2", f"{d}/attribution_chains?page=2"),
        ("q cue_classes", f"{d}/cue_classes"),
        ("q search q=election", f"{d}/search?q=election"),
        ("q search q=Trump", f"{d}/search?q=Trump"),
        ("q search q=Trump page=2", f"{d}/search?q=Trump&page=2"),
        ("article page (most claims)", f"{d}/-/article/{e(big_article)}"),
        ("article page", f"{d}/-/article/{e(any_article)}"),
        (f"source page (top, {top_claims:,} claims)", f"{d}/-/source/{e(top_source)}"),
        ("source page (top) 2nd page", f"{d}/-/source/{e(top_source)}?after={second_after}"),
        ("source page (~20,000 claims)", f"{d}/-/source/{e(mid_source)}"),
        ("claims.json _size=100", f"{d}/claims.json?_size=100"),
        (f"claim page (cluster of {big_size:,})", f"{d}/-/claim/{t(big_claim)}"),
        ("claim page (largest cluster) 2nd page", f"{d}/-/claim/{t(big_claim)}?after=49"),
        ("claim page (largest cluster) .json", f"{d}/-/claim/{t(big_claim)}.json"),
        ("claim page (a cluster)", f"{d}/-/claim/{t(mid_claim)}"),
        ("q most_repeated_claims", f"{d}/most_repeated_claims"),
        ("q most_repeated_claims min_outlets=20", f"{d}/most_repeated_claims?min_outlets=20"),
        ("q claims_that_lost_attribution", f"{d}/claims_that_lost_attribution"),
        ("q clusters_without_origin", f"{d}/clusters_without_origin"),
        ("q who_credits_whom", f"{d}/who_credits_whom"),
        ("lineage_clusters", f"{d}/lineage_clusters"),
        ("lineage_items", f"{d}/lineage_items"),
    ]
    return out


def q_next(db: Path, table: str) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(f"select id from [{table}] order by id limit 1 offset 99").fetchone()[0]
    finally:
        conn.close()


def fetch(url: str) -> tuple[int, int, float]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            body = r.read()
            status = r.status
    except urllib.error.HTTPError as err:
        body, status = err.read(), err.code
    elapsed = time.perf_counter() - t0
    hidden = body.count(b"facet timed out") + body.count(b"facets timed out")
    return status, len(body), elapsed, hidden


def wait_for(url: str, timeout: float = 600) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"server at {url} did not start")


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def time_site(argv: list[str], db: Path, name: str, port: int, label: str) -> list[dict]:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/-/versions.json")
        results = []
        for page, path in pages(db, name):
            fetch(base + path)  # warm-up
            runs = [fetch(base + path) for _ in range(3)]
            results.append({
                "mode": label, "page": page, "status": runs[-1][0], "kb": runs[-1][1] / 1024,
                "median_s": statistics.median(r[2] for r in runs), "hidden_facets": runs[-1][3],
            })
            print(f"{label:9} {page:42} {results[-1]['status']} {results[-1]['median_s']:7.3f} s "
                  f"{results[-1]['kb']:8.0f} KB{'  HIDDEN FACETS' if runs[-1][3] else ''}", flush=True)
        rss = peak_rss_mb(proc.pid)
        print(f"{label:9} serve process peak memory (VmHWM): {rss:.0f} MB", flush=True)
        return results
    finally:
        proc.terminate()
        proc.wait(timeout=30)


EXPORT = """
import sys, time
from provenance import provjson
t0 = time.perf_counter()
if sys.argv[1] == "stream":
    provjson.write_prov_json(sys.argv[2], sys.argv[3])
else:  # the whole document in memory, as the export did before it streamed
    open(sys.argv[3], "w").write(provjson.to_prov_json(sys.argv[2]))
peak = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
print(time.perf_counter() - t0, peak / 1024)
"""


def export_memory(db: Path, mode: str) -> tuple[float, float]:
    """(seconds, peak MB) of a prov-json export of ``db`` in a fresh process: ``stream`` (what
    ``provenance export --format prov-json`` does) or ``memory`` (one in-memory document)."""
    out = Path("/tmp") / f"{db.stem}.{mode}.prov.json"
    done = subprocess.run([sys.executable, "-c", EXPORT, mode, str(db), str(out)], check=True,
                          capture_output=True, text=True, cwd=ROOT).stdout.split()
    claims = sqlite3.connect(db).execute("select count(*) from claims").fetchone()[0]
    print(f"prov-json export ({mode:6}) of {claims:>9,} claims: {float(done[0]):6.0f} s, "
          f"peak memory {float(done[1]):6.0f} MB, {out.stat().st_size / 1e6:.0f} MB written", flush=True)
    out.unlink()
    return float(done[0]), float(done[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", type=Path, help="an ingested provenance database (e.g. of ../shared/polnear/train)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/scale/year.db"), help="the archive-size database")
    ap.add_argument("--build", action="store_true", help="(re)build --out from base first")
    ap.add_argument("--copies", type=int, default=120, help="copies of the base rows (120 x 840 = 100,800 articles)")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--no-live", action="store_true")
    ap.add_argument("--no-published", action="store_true")
    ap.add_argument("--export", action="store_true",
                    help="measure prov-json export memory: streaming and in memory on base, streaming on --out")
    args = ap.parse_args()
    if args.build:
        times = build(args.base, args.out, args.copies)
        print("build: " + ", ".join(f"{k} {v:.0f} s" for k, v in times.items()), flush=True)
    conn = sqlite3.connect(args.out)
    counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in ("articles", "sentences", "claims", "sources")}
    conn.close()
    print(f"database {args.out}: {os.path.getsize(args.out) / 1e9:.2f} GB, "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()), flush=True)
    exe = [sys.executable, "-m", "provenance"]
    results = []
    if not args.no_live:
        results += time_site(exe + ["serve", "--db", str(args.out), "--port", str(args.port)], args.out,
                             args.out.stem, args.port, "live")
    if not args.no_published:
        pub = args.out.with_name(args.out.stem + "-public.db")
        t0 = time.perf_counter()
        printed = subprocess.run(exe + ["publish", str(pub), "--db", str(args.out), "--port", str(args.port + 1)],
                                 check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        print(f"publish: {time.perf_counter() - t0:.0f} s", flush=True)
        argv = shlex.split(printed)
        argv[0] = str(Path(sys.executable).with_name("datasette"))
        results += time_site(argv, pub, pub.stem, args.port + 1, "published")
    slow = [r for r in results if r["status"] != 200 or r["kb"] > 1024 or r["hidden_facets"]
            or r["median_s"] > (0.3 if r["page"].startswith(("q ", "article", "source page", "claim page")) else 1.0)]
    print(f"\n{len(results)} page timings, {len(slow)} over the limits (200, <= 1 MB, no hidden facet, "
          "<= 1 s; canned queries, article, source and claim pages <= 0.3 s):")
    for r in slow:
        print(f"  {r['mode']:9} {r['page']:42} {r['status']} {r['median_s']:.3f} s {r['kb']:.0f} KB")
    if args.export:
        _, before = export_memory(args.base, "memory")
        _, after = export_memory(args.base, "stream")
        print(f"same run, same database: streaming uses {after / before:.2f}x the memory of one in-memory document")
        export_memory(args.out, "stream")


if __name__ == "__main__":
    main()
