#!/usr/bin/env python3
"""Ingest at scale: throughput in 1 and 2 processes and on a Dask cluster, client memory, the writer.

Example (from the repository root, in the project's virtual environment):

    python benchmarks/ingest_scale.py ../shared/polnear/train

Parts (``--parts``, default throughput, memory and writer), each printing same-run figures and ratios:

- ``throughput``: the articles of ``DIR/text/*.txt`` (``--limit``: the first N) parsed by bare
  ``nlp.pipe`` in one process, then ingested into a new database (read, parse, extract, store:
  :func:`provenance.ingest.ingest`) in 1 process (with and without the parse-ahead thread,
  :data:`provenance.pipeline.PARSE_AHEAD`), in 2 processes (spaCy's ``n_process``), and on a
  local Dask cluster of 2 single-threaded worker processes (:func:`provenance.cluster.connect`),
  in rotating order, ``--repeat`` times; the best run of each is reported, in articles/s and as
  ratios to the 1-process ingest and to bare spaCy.
- ``memory``: peak resident memory of the ingest *client* (``python -m provenance ingest
  --scheduler``, a process of its own) for ``--small`` and ``--large`` articles: the texts' first
  ``--chars`` characters replicated under new record ids in a .jsonl file, parsed by a local Dask
  cluster of 2 workers started here. The client's memory must not grow with the corpus.
- ``writer``: :meth:`provenance.store.Store.write` alone, articles stored per second (extractions
  made beforehand, with their claim lineage inputs, as cluster workers make them), against what one worker process parses per second: how many workers one
  SQLite writer can feed.
- ``profile``: CPU milliseconds per article of each stage of a 1-process ingest (read, parse,
  extract, resolve, ids, claim lineage inputs, the store by part: core rows, each derivation, the
  commit), then of whole
  ingests by thread and by child process. CPU time, unlike wall time, can be measured on a shared
  machine.
- ``overlap``: per thread, time on a CPU, waiting for a CPU and blocked, of 1-process ingests with
  and without the parse-ahead thread: whether the parse waits for the GIL the store holds.
- ``inputs``: the writer's CPU per article for the same extractions with their claim lineage inputs
  (:mod:`provenance.lineage.inputs`, as cluster workers send them) and without, alternated.

    python benchmarks/ingest_scale.py ../shared/polnear/train --parts profile,overlap --limit 120
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import resource
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


@contextlib.contextmanager
def _parse_ahead(on: bool):
    """:data:`provenance.pipeline.PARSE_AHEAD` set to ``on`` for the block."""
    from provenance import pipeline

    saved, pipeline.PARSE_AHEAD = pipeline.PARSE_AHEAD, on
    try:
        yield
    finally:
        pipeline.PARSE_AHEAD = saved


def ingest_once(paths, *, nlp=None, n_process=1, cluster=None, ahead=True) -> float:
    """Seconds to ingest ``paths`` into a new database (``ahead``: :data:`provenance.pipeline.PARSE_AHEAD`)."""
    from provenance.ingest import ingest
    from provenance.store import Store

    with tempfile.TemporaryDirectory() as tmp, _parse_ahead(ahead):
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
            "ingest, 1 process, no parse-ahead thread": lambda: ingest_once(paths, nlp=nlp, ahead=False),
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
    from provenance.lineage.inputs import settings as lineage_settings
    from provenance.model import Article
    from provenance.nlp import load
    from provenance.pipeline import process_batch
    from provenance.store import Store

    paths = read_texts(args.dir, args.writer_articles)
    nlp = load(args.model)
    articles = [Article(doc=p.stem, text=p.read_text(encoding="utf-8"), origin=str(p)) for p in paths]
    start = time.perf_counter()
    extractions = process_batch(nlp, articles, lineage=lineage_settings())  # as a cluster worker makes them
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


# --- profile: CPU seconds per article, by stage ---------------------------------------------------


class _Clock:
    """CPU seconds (``cpu``: of this process, all its threads; ``time.thread_time``: of the calling
    thread) and wall seconds, summed by name."""

    def __init__(self, cpu=time.process_time):
        self.cpu_clock = cpu
        self.cpu = collections.defaultdict(float)
        self.wall = collections.defaultdict(float)

    @contextlib.contextmanager
    def __call__(self, name: str):
        cpu, wall = self.cpu_clock(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[name] += self.cpu_clock() - cpu
            self.wall[name] += time.perf_counter() - wall

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            with self(name):
                return fn(*args, **kwargs)
        return timed


@contextlib.contextmanager
def _timed_store(path: Path, clock: _Clock):
    """A new :class:`~provenance.store.Store` whose writes are timed by part: ``store: <derivation>``
    for each derivation of :data:`provenance.derived.DERIVATIONS` (its add and remove), ``store: commit``,
    and ``store: total`` (the whole :meth:`~provenance.store.Store.write`)."""
    import attrs

    from provenance import derived
    from provenance.store import Store

    saved = list(derived.DERIVATIONS)
    derived.DERIVATIONS[:] = [
        attrs.evolve(d, add_article=clock.wrap(f"store: {d.name}", d.add_article),
                     remove_article=clock.wrap(f"store: {d.name}", d.remove_article))
        for d in saved
    ]
    store = Store(path)
    write, transaction = store.write, store._write_transaction

    @contextlib.contextmanager
    def timed_transaction():
        # the COMMIT is the last statement of the block: timed from the block's end to the context's exit
        with transaction():
            yield
            clock.cpu["_commit_from"], clock.wall["_commit_from"] = clock.cpu_clock(), time.perf_counter()
        clock.cpu["store: commit"] += clock.cpu_clock() - clock.cpu.pop("_commit_from", clock.cpu_clock())
        clock.wall["store: commit"] += time.perf_counter() - clock.wall.pop("_commit_from", time.perf_counter())

    store.write = clock.wrap("store: total", write)
    store._write_transaction = timed_transaction
    try:
        yield store
    finally:
        store.close()
        derived.DERIVATIONS[:] = saved


def _children_cpu() -> float:
    """CPU seconds of this process's live descendants (a local cluster's nannies and workers) and of
    its waited-for children (spaCy's n_process workers)."""
    import psutil

    live = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
            live += t.user + t.system
        except psutil.Error:
            pass
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    return live + waited.ru_utime + waited.ru_stime


def _self_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def profile(args) -> None:
    """CPU seconds per article of each stage of a 1-process ingest, run stage by stage on the same
    articles; then the CPU of whole ingests (1 process; a local Dask cluster of 2 workers; spaCy's
    n_process=2), split between this process (client, and the local cluster's scheduler) and its
    child processes. CPU time, unlike wall time, hardly depends on what else the machine runs."""
    import attrs

    from provenance import cluster as cluster_module
    from provenance.extract import extract_claims
    from provenance.fingerprint import fingerprint
    from provenance.ingest import ingest
    from provenance.lineage.inputs import prepare, settings as lineage_settings
    from provenance.model import Extraction, assign_ids
    from provenance.nlp import choose_model, load
    from provenance.parse import parse
    from provenance.pipeline import check_claims, iter_articles, sentences_of
    from provenance.resolve import resolve_sources

    paths = [str(p) for p in read_texts(args.dir, args.limit)]
    name = choose_model(args.model)
    nlp = load(name)
    fp = fingerprint(nlp, None)
    n = len(paths)
    with tempfile.TemporaryDirectory() as tmp, _timed_store(Path(tmp) / "warm.db", _Clock()) as store:
        ingest(paths[:3], store, nlp=nlp)  # warm up: every lazy load (data files, model caches)
    clock = _Clock()
    with clock("read"):
        articles = list(iter_articles(paths))
    with clock("parse"):
        docs = [doc for doc, _ in parse(nlp, ((a.text, a) for a in articles), batch_size=32)]
    extractions = []
    for doc, article in zip(docs, articles):
        with clock("extract"):
            found = list(extract_claims(doc))
        with clock("resolve"):
            claims = resolve_sources(doc, found, scope=article.id)
        with clock("ids, sentences, checks"):
            claims = assign_ids(claims, article.id)
            check_claims(article.text, claims)
            extraction = Extraction(article=article, sentences=sentences_of(doc), claims=tuple(claims))
        with clock("lineage inputs"):  # with the extraction: on a cluster, the workers' CPU
            extractions.append(attrs.evolve(extraction, lineage=prepare(extraction, lineage_settings())))
    del docs
    with tempfile.TemporaryDirectory() as tmp, _timed_store(Path(tmp) / "profile.db", clock) as store:
        for e in extractions:
            store.write(e, fingerprint=fp)
    parts = [k for k in clock.cpu if k.startswith("store: ") and k not in ("store: total", "store: commit")]
    clock.cpu["store: core rows"] = clock.cpu["store: total"] - clock.cpu["store: commit"] - sum(clock.cpu[k] for k in parts)
    clock.wall["store: core rows"] = clock.wall["store: total"] - clock.wall["store: commit"] - sum(clock.wall[k] for k in parts)
    parse_cpu = clock.cpu["parse"]
    print(f"profile: {n} articles from {args.dir}; model {name}; load average {os.getloadavg()[0]:.1f}\n"
          f"stages of a 1-process ingest, run one after the other (CPU ms per article; share of the parse's CPU):\n")
    print("| stage | CPU ms/article | vs parse | wall ms/article |\n|---|---|---|---|")
    order = ["read", "parse", "extract", "resolve", "ids, sentences, checks", "lineage inputs", "store: total",
             "store: core rows", *parts, "store: commit"]
    for k in order:
        print(f"| {k} | {1000 * clock.cpu[k] / n:.1f} | {clock.cpu[k] / parse_cpu:.3f}x | {1000 * clock.wall[k] / n:.1f} |")
    serial = sum(clock.cpu[k] for k in ("read", "extract", "resolve", "ids, sentences, checks", "lineage inputs",
                                        "store: total"))
    print(f"\nbesides the parse: {serial / parse_cpu:.3f}x of its CPU (read, extract, resolve, ids, lineage inputs,"
          " store)\n", flush=True)

    # whole ingests: CPU of this process (its main thread, and the rest: Dask's event loop, a local
    # cluster's scheduler) and of its child processes
    setup = cluster_module.extractor_setup(name, cluster_module.model_version(name))
    rows = [_whole_ingest("ingest, 1 process", paths, nlp=nlp)]
    with _parse_ahead(False):
        rows.append(_whole_ingest("ingest, 1 process, no parse-ahead thread", paths, nlp=nlp))
    with cluster_module.connect(setup, n_workers=2) as cluster:
        _whole_ingest("warm-up", paths[:4], cluster=cluster)  # as the 1-process runs, on warm workers
        me, kids, wall = _self_cpu(), _children_cpu(), time.perf_counter()
        time.sleep(args.idle)
        idle = (_self_cpu() - me + _children_cpu() - kids) / (time.perf_counter() - wall)
        rows.append(_whole_ingest("ingest, Dask LocalCluster 2 workers", paths, cluster=cluster))
    rows.append(_whole_ingest("ingest, 2 processes (spaCy n_process)", paths, nlp=nlp, n_process=2))
    print(f"whole ingests (CPU ms per article; an idle local cluster of 2 workers used {1000 * idle:.0f} ms of CPU a second):\n")
    print("| run | main thread | of which store | other threads | child processes | all CPU | vs 1-process parse |"
          " wall s (load-dependent) |\n|---|---|---|---|---|---|---|---|")
    for label, main, store_cpu, others, kids, wall in rows:
        total = main + others + kids
        print(f"| {label} | {1000 * main / n:.1f} | {1000 * store_cpu / n:.1f} | {1000 * others / n:.1f} | "
              f"{1000 * kids / n:.1f} | {1000 * total / n:.1f} | {total / parse_cpu:.3f}x | {wall:.1f} |")
    one = sum(rows[0][i] for i in (1, 3, 4))
    print("\nCPU-bound ceilings on 2 free cores (cores / CPU s per article; the 1-process ingest: one core,"
          " less what its parse-ahead thread overlaps on the other):")
    for label, main, _store, others, kids, _wall in rows:
        cores = 1 if label.startswith("ingest, 1 process") else 2
        total = main + others + kids
        print(f"  {label}: {cores * n / total:.2f} articles/s, {cores * one / total:.2f}x the 1-process ingest")
    print(flush=True)


def inputs(args) -> None:
    """The writer's CPU per article (:meth:`~provenance.store.Store.write`, each article into a new
    database) for the same extractions with their claim lineage inputs (as cluster workers send them)
    and without (the writer computes them from the stored rows, as before they were sent), in
    alternating order, ``--repeat`` times; the same lineage tables either way."""
    import attrs

    from provenance.lineage.inputs import settings as lineage_settings
    from provenance.lineage.schema import TABLES
    from provenance.nlp import choose_model, load
    from provenance.pipeline import iter_articles, process_batch
    from provenance.store import Store

    paths = [str(p) for p in read_texts(args.dir, args.limit)]
    name = choose_model(args.model)
    nlp = load(name)
    articles = list(iter_articles(paths))
    start = time.process_time()
    given = process_batch(nlp, articles, lineage=lineage_settings())
    extract_cpu = time.process_time() - start
    runs = {"with the inputs (computed with the extraction)": given,
            "without (computed by the writer)": [attrs.evolve(e, lineage=None) for e in given]}
    cpu: dict = collections.defaultdict(list)
    tables = {}
    for r in range(args.repeat):
        for label in (list(runs) if r % 2 == 0 else list(reversed(runs))):
            with tempfile.TemporaryDirectory() as tmp:
                store = Store(Path(tmp) / "writer.db")
                start = time.process_time()
                for e in runs[label]:
                    store.write(e)
                cpu[label].append(time.process_time() - start)
                tables[label] = {t: sorted(store.db.execute(f"select * from [{t}]").fetchall(), key=repr) for t in TABLES}
                store.close()
    start = time.process_time()
    from provenance.lineage.inputs import prepare

    settings = lineage_settings()
    for e in given:
        prepare(e, settings)
    prepare_cpu = time.process_time() - start
    n = len(given)
    print(f"inputs: {n} articles from {args.dir}; load average {os.getloadavg()[0]:.1f}; writer CPU ms per article, "
          f"best of {args.repeat} alternating runs (parse and extraction: {1000 * extract_cpu / n:.1f}, of which the "
          f"lineage inputs {1000 * prepare_cpu / n:.1f})")
    base = min(cpu["without (computed by the writer)"])
    for label, values in cpu.items():
        print(f"  {label}: {1000 * min(values) / n:.1f} ms ({', '.join(f'{1000 * v / n:.1f}' for v in values)}); "
              f"{min(values) / base:.2f}x")
    same = len({repr(t) for t in tables.values()}) == 1
    print(f"  lineage tables the same either way: {'yes' if same else 'NO'}\n", flush=True)


def _main_thread_cpu() -> float:
    """CPU seconds of this process's main thread."""
    import threading

    import psutil

    main = threading.main_thread().native_id
    return sum(t.user_time + t.system_time for t in psutil.Process().threads() if t.id == main)


def _whole_ingest(label: str, paths: list[str], *, nlp=None, n_process: int = 1, cluster=None) -> tuple:
    """(label, main thread CPU, of which Store.write, other threads' CPU, child processes' CPU, wall)."""
    from provenance.ingest import ingest

    clock = _Clock(time.thread_time)
    with tempfile.TemporaryDirectory() as tmp, _timed_store(Path(tmp) / "run.db", clock) as store:
        main, me, kids, wall = _main_thread_cpu(), _self_cpu(), _children_cpu(), time.perf_counter()
        summary = ingest(paths, store, nlp=nlp, n_process=n_process, cluster=cluster)
        main, me, kids, wall = (_main_thread_cpu() - main, _self_cpu() - me, _children_cpu() - kids,
                                time.perf_counter() - wall)
    if summary.failures or summary.articles != len(paths):
        raise SystemExit(f"ingest failed: {summary.to_dict()}")
    return label, main, clock.cpu["store: total"], me - main, kids, wall


def _schedstat() -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) of the calling thread (Linux)."""
    with open("/proc/thread-self/schedstat") as fh:
        run, wait, _slices = fh.read().split()
    return int(run) / 1e9, int(wait) / 1e9


def overlap(args) -> None:
    """Whether the parse-ahead thread overlaps the caller's work, in figures other jobs on the machine
    hardly change: per thread, the time on a CPU, the time runnable but waiting for a CPU (other
    jobs' doing), and the rest, blocked: for the parse thread, waiting for the GIL the caller holds.
    On free cores the 1-process ingest takes about its main thread's CPU time without the thread,
    and about the parse thread's CPU and blocked time with it (plus the last batch's store)."""
    from provenance import pipeline
    from provenance.nlp import choose_model, load

    paths = read_texts(args.dir, args.limit)
    nlp = load(choose_model(args.model))
    ingest_once(paths[:3], nlp=nlp)
    batches = []
    parse_batch = pipeline._parse_batch

    def measured(*args):
        (run, queued), wall = _schedstat(), time.perf_counter()
        try:
            return parse_batch(*args)
        finally:
            (run2, queued2), wall2 = _schedstat(), time.perf_counter()
            batches.append((wall2 - wall, run2 - run, queued2 - queued))

    print(f"overlap: {len(paths)} articles, 1-process ingest with and without the parse-ahead thread; seconds; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| run | wall | parse: on CPU | parse: waiting for a CPU | parse: blocked (GIL) | main thread: on CPU |"
          " main: waiting for a CPU | main: blocked |\n|---|---|---|---|---|---|---|---|")
    pipeline._parse_batch = measured
    try:
        for r in range(args.repeat):
            for ahead in (True, False):
                batches.clear()
                (run, queued), start = _schedstat(), time.perf_counter()
                ingest_once(paths, nlp=nlp, ahead=ahead)
                (run2, queued2), wall = _schedstat(), time.perf_counter() - start
                main_run, main_queued = run2 - run, queued2 - queued
                p_wall, p_run, p_queued = (sum(x) for x in zip(*batches))
                label = "parse-ahead thread" if ahead else "no parse-ahead thread"
                parse_cells = f"{p_run:.1f} | {p_queued:.1f} | {p_wall - p_run - p_queued:.1f}" if ahead else "(main thread) | | "
                print(f"| {label}, run {r + 1} | {wall:.1f} | {parse_cells} | {main_run:.1f} | {main_queued:.1f} | "
                      f"{wall - main_run - main_queued:.1f} |", flush=True)
    finally:
        pipeline._parse_batch = parse_batch
    print(flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python benchmarks/ingest_scale.py ../shared/polnear/train")
    ap.add_argument("dir", type=Path, help="a PolNeAR compartment folder (holding text/)")
    ap.add_argument("--parts", default="throughput,memory,writer", help="comma-separated: throughput, memory, writer, profile, overlap, inputs")
    ap.add_argument("--limit", type=int, help="throughput, profile, overlap, inputs: only the first N articles")
    ap.add_argument("--repeat", type=int, default=2, help="throughput, overlap, inputs: timed runs of each, rotating order; the best is reported")
    ap.add_argument("--small", type=int, default=1000, help="memory: the smaller corpus (articles)")
    ap.add_argument("--large", type=int, default=10000, help="memory: the larger corpus (articles)")
    ap.add_argument("--chars", type=int, default=300, help="memory: characters of each text kept")
    ap.add_argument("--writer-articles", type=int, default=200, help="writer: articles extracted, then stored")
    ap.add_argument("--idle", type=float, default=5.0, help="profile: seconds an idle local cluster is watched")
    ap.add_argument("--model", help="spaCy model (default: provenance's choice)")
    args = ap.parse_args(argv)
    parts = {"throughput": throughput, "memory": memory, "writer": writer, "profile": profile, "overlap": overlap,
             "inputs": inputs}
    for part in args.parts.split(","):
        parts[part.strip()](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
