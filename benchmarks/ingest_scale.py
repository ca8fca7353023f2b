#!/usr/bin/env python3
"""Ingest at scale: throughput in 1 and 2 processes and on a Dask cluster, client memory, the writer.

Example (from the repository root, in the project's virtual environment):

    python benchmarks/ingest_scale.py ../shared/polnear/train

Parts (``--parts``, default all three), each printing same-run figures and ratios:

- ``throughput``: the articles of ``DIR/text/*.txt`` (``--limit``: the first N) parsed by bare
  ``nlp.pipe`` in one process, then ingested into a new database (read, parse, extract, store:
  :func:`provenance.ingest.ingest`) in 1 process, in 2 processes (spaCy's ``n_process``), and on a
  local Dask cluster of 2 single-threaded worker processes (:func:`provenance.cluster.connect`),
  in rotating order, ``--repeat`` times; the best run of each is reported, in articles/s and as
  ratios to the 1-process ingest and to bare spaCy.
- ``memory``: peak resident memory of the ingest *client* (``python -m provenance ingest
  --scheduler``, a process of its own) for ``--small`` and ``--large`` articles: the texts' first
  ``--chars`` characters replicated under new record ids in a .jsonl file, parsed by a local Dask
  cluster of 2 workers started here. The client's memory must not grow with the corpus.
- ``writer``: :meth:`provenance.store.Store.write` alone, articles stored per second (extractions
  made beforehand), against what one worker process parses per second: how many workers one
  SQLite writer can feed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def read_texts(folder: Path, limit: int | None = None) -> list[Path]:
    paths = sorted((folder / "text").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no text/*.txt files under {folder}")
    return paths[:limit] if limit else paths


def ingest_once(paths, *, nlp=None, n_process=1, cluster=None) -> float:
    """Seconds to ingest ``paths`` into a new database."""
    from provenance.ingest import ingest
    from provenance.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        summary = ingest([str(p) for p in paths], store, nlp=nlp, n_process=n_process, cluster=cluster)
        took = time.perf_counter() - start
        store.close()
    if summary.failures or summary.articles != len(paths):
        raise SystemExit(f"ingest failed: {summary.to_dict()}")
    return took


def bare_once(nlp, texts) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - start


def throughput(args) -> None:
    from provenance import cluster as cluster_module
    from provenance.nlp import choose_model, load

    paths = read_texts(args.dir, args.limit)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    name = choose_model(args.model)
    nlp = load(name)
    setup = cluster_module.extractor_setup(name, cluster_module.model_version(name))
    print(f"throughput: {len(paths)} articles ({sum(map(len, texts)):,} characters) from {args.dir}; "
          f"model {name}; {os.cpu_count()} CPUs; best of {args.repeat}", flush=True)
    start = time.perf_counter()
    with cluster_module.connect(setup, n_workers=2) as cluster:
        print(f"  local Dask cluster of 2 workers started and loaded in {time.perf_counter() - start:.1f} s "
              "(not in the timings below)", flush=True)
        runs = {
            "bare nlp.pipe, 1 process": lambda: bare_once(nlp, texts),
            "ingest, 1 process": lambda: ingest_once(paths, nlp=nlp),
            "ingest, 2 processes (spaCy n_process)": lambda: ingest_once(paths, nlp=nlp, n_process=2),
            "ingest, Dask LocalCluster 2 workers": lambda: ingest_once(paths, cluster=cluster),
        }
        best = {k: float("inf") for k in runs}
        order = list(runs)
        for r in range(args.repeat):
            for k in order[r % len(order):] + order[: r % len(order)]:
                took = runs[k]()
                best[k] = min(best[k], took)
                print(f"  run {r + 1}: {k}: {took:.1f} s ({len(paths) / took:.2f} articles/s)", flush=True)
    one = best["ingest, 1 process"]
    bare = best["bare nlp.pipe, 1 process"]
    print(f"\n| run | articles/s | vs ingest 1 process | vs bare nlp.pipe |\n|---|---|---|---|")
    for k, took in best.items():
        print(f"| {k} | {len(paths) / took:.2f} | {one / took:.2f}x | {bare / took:.2f}x |")
    print(flush=True)


def _write_jsonl(path: Path, texts: list[str], n: int, chars: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"copy-{i}", "text": texts[i % len(texts)][:chars]}) + "\n")


def _client_peak(jsonl: Path, db: Path, address: str) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, articles stored) of ``provenance ingest --scheduler``, a process of its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "provenance", "ingest", str(jsonl), "--db", str(db),
                             "--scheduler", address, "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest failed: {err.decode()[-2000:]}")
    summary = json.loads(out)
    return usage.ru_maxrss / 1024, took, summary["articles"]


def memory(args) -> None:
    from provenance import cluster as cluster_module
    from provenance.nlp import choose_model

    texts = [p.read_text(encoding="utf-8") for p in read_texts(args.dir)]
    name = choose_model(args.model)
    setup = cluster_module.extractor_setup(name, cluster_module.model_version(name))
    print(f"memory: client peak RSS, {args.small:,} vs {args.large:,} articles (the first {args.chars} characters "
          f"of the {len(texts)} texts, replicated under new ids) on a local Dask cluster of 2 workers", flush=True)
    peaks = {}
    with tempfile.TemporaryDirectory() as tmp, cluster_module.connect(setup, n_workers=2) as cluster:
        for n in (args.small, args.large):
            jsonl = Path(tmp) / f"corpus-{n}.jsonl"
            _write_jsonl(jsonl, texts, n, args.chars)
            peak, took, stored = _client_peak(jsonl, Path(tmp) / f"mem-{n}.db", cluster.address)
            peaks[n] = peak
            print(f"  {n:,} articles: client peak {peak:.1f} MB, {took:.1f} s ({stored / took:.1f} articles/s)", flush=True)
    print(f"  peak at {args.large:,} / peak at {args.small:,}: {peaks[args.large] / peaks[args.small]:.3f}\n", flush=True)


def writer(args) -> None:
    from provenance.model import Article
    from provenance.nlp import load
    from provenance.pipeline import process_batch
    from provenance.store import Store

    paths = read_texts(args.dir, args.writer_articles)
    nlp = load(args.model)
    articles = [Article(doc=p.stem, text=p.read_text(encoding="utf-8"), origin=str(p)) for p in paths]
    start = time.perf_counter()
    extractions = process_batch(nlp, articles)
    parse_rate = len(articles) / (time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "writer.db")
        start = time.perf_counter()
        for e in extractions:
            store.write(e)
        write_rate = len(extractions) / (time.perf_counter() - start)
        store.close()
    claims = sum(len(e.claims) for e in extractions)
    print(f"writer: {len(extractions)} articles ({claims} claims) stored at {write_rate:.1f} articles/s; "
          f"parse+extract in this process {parse_rate:.2f} articles/s: one writer feeds about "
          f"{write_rate / parse_rate:.0f} such worker processes\n", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python benchmarks/ingest_scale.py ../shared/polnear/train")
    ap.add_argument("dir", type=Path, help="a PolNeAR compartment folder (holding text/)")
    ap.add_argument("--parts", default="throughput,memory,writer", help="comma-separated: throughput, memory, writer")
    ap.add_argument("--limit", type=int, help="throughput: only the first N articles")
    ap.add_argument("--repeat", type=int, default=2, help="throughput: timed runs of each, rotating order; the best is reported")
    ap.add_argument("--small", type=int, default=1000, help="memory: the smaller corpus (articles)")
    ap.add_argument("--large", type=int, default=10000, help="memory: the larger corpus (articles)")
    ap.add_argument("--chars", type=int, default=300, help="memory: characters of each text kept")
    ap.add_argument("--writer-articles", type=int, default=200, help="writer: articles extracted, then stored")
    ap.add_argument("--model", help="spaCy model (default: provenance's choice)")
    args = ap.parse_args(argv)
    parts = {"throughput": throughput, "memory": memory, "writer": writer}
    for part in args.parts.split(","):
        parts[part.strip()](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
