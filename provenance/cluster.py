"""Parsing and extraction on a Dask cluster (``dask.distributed``).

The client (``provenance ingest``) reads the inputs, skips the articles
already stored, sends batches of articles to the workers, and writes what
comes back: it stays the only SQLite writer. A worker parses and extracts a
batch and returns plain :class:`provenance.model.Extraction` or
:class:`provenance.model.Failure` objects, never spaCy Docs.

What turns a parse into claims is the client's: :class:`ExtractorSetup`
holds the cue lexicon, the source-kinds lists and the confidence model the
client loaded (their contents, not file names) with the spaCy model's name
and version. It reaches every worker, present or joining later, through a
worker plugin, which loads the model once per worker process and refuses a
worker whose provenance or model version differs from the client's.

A batch lost with a worker (killed, out of memory) is run again on another
worker by the scheduler; its results are stored once, by the client, in
input order, so no article is lost or stored twice.

    with connect(setup, scheduler="tcp://10.0.0.5:8786") as cluster:
        for result in pipeline.run(articles, cluster=cluster): ...
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import hashlib
import logging
import signal
import time
import uuid
from typing import Iterable, Iterator, Optional, Union

import attrs

from provenance.interrupt import deferred
from provenance.model import Article, Failure

#: Articles in one batch (a batch is one task) at most, whatever the ingest's batch size: a task
#: of 4 PolNeAR articles is half a second of parsing, many times the cost of a task on the
#: scheduler, and small tasks keep the workers evenly busy to the end of a run (120 articles in
#: batches of 32 left one of 2 workers idle for the last 8 articles). spaCy parses no faster in
#: batches of 32 than of 4 (CPU time, benchmarks/README.md).
TASK_ARTICLES = 4
#: Characters in one batch at most, so a batch of long articles stays a small message.
MAX_BATCH_CHARS = 2_000_000
#: Dask settings of a local cluster (its scheduler runs in this process, its workers beside it on
#: the same cores), measured in benchmarks/README.md:
#:
#: - the workers' glibc keeps its own memory thresholds: Dask sets ``MALLOC_TRIM_THRESHOLD_`` for
#:   them, which also fixes the mmap threshold, so every large array spaCy allocates and frees is an
#:   mmap/munmap: 10 times the page faults, and about 15 ms of system CPU per article;
#: - no statistical profiler sampling the worker's stack every 10 ms, and the event loops' health
#:   checks and memory monitors a few times a second instead of 50: an idle local cluster of 2
#:   workers uses about 10 ms of CPU a second instead of 60.
LOCAL_DASK_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.tick.cycle": "5s",
    "distributed.admin.tick.limit": "10s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}
#: Seconds to wait for the scheduler, and then for a first worker, before giving up.
CONNECT_TIMEOUT = 10.0

#: The setups loaded in this (worker) process, by digest: (spaCy pipeline, setup).
_LOADED: dict = {}

log = logging.getLogger(__name__)


class ClusterError(Exception):
    """The cluster cannot be used: unreachable, no workers, workers that do not match the client."""


@attrs.frozen
class ExtractorSetup:
    """Everything a worker needs to extract claims as the client would (plain, picklable values)."""

    provenance_version: str
    model: str
    model_version: str
    cues: object  # provenance.extract.Lexicon
    source_kinds: object  # provenance.resolve.SourceLexicon
    confidence: object = None  # provenance.extract.confidence.ConfidenceModel, or None: the rules' prior
    digest: str = ""
    cue_model: object = None  # provenance.extract.learned.CueModel, or None: the lexicon's cues only
    #: provenance.lineage.inputs.Settings: the workers compute each article's claim lineage inputs with
    #: the client's settings (None: they do not, the client does)
    lineage: object = None
    boundary_model: object = None  # provenance.extract.boundary.BoundaryModel, or None: the rules' content edges

    def extract_kwargs(self) -> dict:
        """The keyword arguments of :func:`provenance.pipeline.extract_article` for this setup."""
        return {
            "lexicon": self.cues,
            "source_kinds": self.source_kinds,
            "confidence_model": self.confidence,
            "use_model": self.confidence is not None,
            "cue_model": self.cue_model,
            "boundary_model": self.boundary_model,
            "lineage": self.lineage,
        }


def extractor_setup(model: str, model_version: str, *, lexicon=None, lineage: bool = True) -> ExtractorSetup:
    """The setup the client uses now: ``lexicon`` (the cues; default: the chosen cue file), the
    chosen source-kinds file and the packaged confidence model, read here, shipped as contents; with
    ``lineage``, the claim lineage settings the client matches with (:mod:`provenance.lineage.inputs`:
    shingle size, MinHash and band parameters, ``min_words``), for the workers to compute each
    article's lineage inputs with (an ingest; ``provenance extract`` stores nothing)."""
    from provenance import __version__
    from provenance.extract import load_lexicon
    from provenance.fingerprint import canonical_json
    from provenance.extract.confidence import load_model
    from provenance.extract.boundary import load_boundary_model
    from provenance.extract.learned import load_cue_model
    from provenance.resolve import load_lexicon as load_source_kinds

    cues = lexicon or load_lexicon()
    kinds = load_source_kinds()
    confidence = load_model()
    cue_model = load_cue_model()
    boundary_model = load_boundary_model()
    lineage_settings = None
    if lineage:
        from provenance.lineage.inputs import settings as current_lineage_settings

        lineage_settings = current_lineage_settings()
    content = {
        "provenance": __version__,
        "model": [model, model_version],
        "cues": [attrs.astuple(e) for e in cues.entries],
        "source_kinds": kinds.lists,
        "confidence": None if confidence is None else [confidence.weights, confidence.bias, confidence.threshold],
        "cue_model": None if cue_model is None else [cue_model.weights, cue_model.bias, cue_model.threshold],
        "boundary_model": None if boundary_model is None else [boundary_model.weights, boundary_model.margin],
        "lineage": None if lineage_settings is None else attrs.asdict(lineage_settings),
    }
    digest = hashlib.sha256(canonical_json(content)).hexdigest()[:16]
    return ExtractorSetup(__version__, model, model_version, cues, kinds, confidence, digest, cue_model,
                          lineage_settings, boundary_model)


def model_version(name: str) -> str:
    """The version of the installed spaCy model ``name`` (a package or a directory), read from
    its meta.json without loading it."""
    from provenance.nlp import model_meta

    return str(model_meta(name).get("version", ""))


def _load_setup(setup: ExtractorSetup):
    """Load ``setup``'s model in this process (once) and check it is the client's."""
    from provenance import __version__
    from provenance.nlp import ModelError, _load

    if setup.digest in _LOADED:
        return _LOADED[setup.digest][0]
    if setup.provenance_version != __version__:
        raise ClusterError(
            f"this worker runs provenance {__version__}, the client {setup.provenance_version}: "
            "install the same version on every machine"
        )
    try:
        nlp = _load(setup.model)
    except ModelError as exc:
        raise ClusterError(f"on this worker: {exc}") from None
    found = str(nlp.meta.get("version", ""))
    if found != setup.model_version:
        raise ClusterError(
            f"this worker has spaCy model {setup.model} {found}, the client {setup.model_version}: "
            "install the same version on every machine"
        )
    _LOADED[setup.digest] = (nlp, setup)
    return nlp


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - dask[distributed] is a dependency
    _WorkerPlugin = object


class SetupPlugin(_WorkerPlugin):
    """Loads the client's setup on every worker, including workers that join later."""

    def __init__(self, extractor_setup: ExtractorSetup):
        self.extractor_setup = extractor_setup
        self.name = f"provenance-{extractor_setup.digest}"

    def setup(self, worker=None):
        _load_setup(self.extractor_setup)


def extract_batch(digest: str, articles: list[Article]) -> list:
    """The task a worker runs: one Extraction or Failure per article, in order."""
    from provenance.pipeline import process_batch

    try:
        nlp, setup = _LOADED[digest]
    except KeyError:
        raise ClusterError(f"provenance setup {digest} was not loaded on this worker (its plugin failed)") from None
    return process_batch(nlp, articles, **setup.extract_kwargs())


class Cluster:
    """A connected Dask client with the extractor setup loaded on its workers (see :func:`connect`)."""

    #: Seconds between two looks at how many worker threads the cluster has (workers come and go).
    THREADS_TTL = 5.0
    #: Seconds between two looks at whether the oldest batch is done.
    POLL = 0.01

    def __init__(self, client, setup: ExtractorSetup, address: str):
        self.client = client
        self.setup = setup
        self.address = address
        self._threads = (0, -self.THREADS_TTL)  # (count, when)

    def threads(self) -> int:
        count, when = self._threads
        now = time.monotonic()
        if now - when >= self.THREADS_TTL:
            with deferred():
                count = sum(self.client.nthreads().values())
            self._threads = (count, now)
        return count

    def in_flight(self) -> int:
        """Batches sent and not yet collected, at most: enough to keep every worker thread busy while
        the client stores results in input order (a thread that finished its batches waits for none
        still running elsewhere), few enough that the client's memory does not grow with the corpus."""
        return max(4, 4 * self.threads())

    # Every call into the Dask client runs with Ctrl-C deferred (provenance.interrupt): a
    # KeyboardInterrupt inside one leaves the client's event loop thread mid-call, and it logs a
    # traceback. The waiting is done here, where an interrupt is harmless.

    def _submit(self, articles: list[Article]):
        with deferred():
            return self.client.submit(
                extract_batch, self.setup.digest, articles, key=f"provenance-batch-{uuid.uuid4().hex}", pure=False
            )

    def _collect(self, future, articles: list[Article]) -> list:
        """The results of one batch; a batch whose task failed is run again one article a task, so only
        the article that cannot be done (one that kills every worker that parses it) fails."""
        while not future.done():
            time.sleep(self.POLL)
        try:
            with deferred():
                try:
                    return future.result()
                finally:
                    future.release()
        except Exception as exc:
            self._check_alive(exc)
            if len(articles) == 1:
                path, line = articles[0].location
                return [Failure(path=path, line=line, reason=f"parsing failed on the cluster: {type(exc).__name__}: {exc}")]
        singles = [(self._submit([a]), [a]) for a in articles]
        return [result for future, one in singles for result in self._collect(future, one)]

    def _check_alive(self, exc: Exception) -> None:
        if isinstance(exc, (asyncio.CancelledError, concurrent.futures.CancelledError)) or self.client.status != "running":
            raise ClusterError(f"lost the Dask scheduler at {self.address}: {type(exc).__name__}: {exc}") from exc

    def run(self, selected: Iterable[Union[Article, object]], *, batch_size: int = 32) -> Iterator:
        """``selected`` (from :func:`provenance.pipeline.select`): articles are parsed and extracted on
        the workers, in batches of at most ``batch_size`` and :data:`TASK_ARTICLES`, anything else
        passes through; everything comes out in input order."""
        batch_size = max(1, min(batch_size, TASK_ARTICLES))
        pending: collections.deque = collections.deque()  # (entries, articles, future): sent, in order
        entries: list = []  # the batch being filled: results that pass through, and articles
        articles: list[Article] = []
        chars = 0

        def flush():
            nonlocal entries, articles, chars
            future = self._submit(articles) if articles else None
            pending.append((entries, articles, future))
            entries, articles, chars = [], [], 0

        def collect_oldest():
            batch_entries, batch_articles, future = pending.popleft()
            results = iter(self._collect(future, batch_articles) if future is not None else ())
            for entry in batch_entries:
                yield next(results) if isinstance(entry, Article) else entry

        for item in selected:
            if isinstance(item, Article):
                if articles and (len(articles) >= batch_size or chars + len(item.text) > MAX_BATCH_CHARS):
                    flush()
                articles.append(item)
                chars += len(item.text)
            elif not articles and not entries and not pending:
                yield item  # nothing before it is still out
                continue
            entries.append(item)
            if len(entries) >= 4 * batch_size:  # a long run of unchanged articles behind a batch still out
                flush()
            while len(pending) >= self.in_flight():
                yield from collect_oldest()
        if entries:
            flush()
        while pending:
            yield from collect_oldest()

    def close(self) -> None:
        self.client.close()


@contextlib.contextmanager
def connect(
    setup: ExtractorSetup, *, scheduler: Optional[str] = None, n_workers: int = 2, timeout: float = CONNECT_TIMEOUT
) -> Iterator[Cluster]:
    """A :class:`Cluster` on the scheduler at ``scheduler`` (``tcp://HOST:8786``), else on a local
    cluster of ``n_workers`` processes of one thread each, started here and stopped on exit.

    Raises :class:`ClusterError`, before any article is sent, when the scheduler cannot be reached,
    no worker joins within ``timeout`` seconds, or a worker cannot load the setup."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ClusterError(f"dask.distributed is not installed: {exc}") from None

    local = None
    client = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout=timeout, set_as_default=False)
            except Exception as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            address = scheduler
        else:
            # the workers must not die of the terminal's Ctrl-C (it goes to the whole process group):
            # this process stops them once the interrupted ingest has closed its run
            previous = _ignore_sigint()
            try:
                with dask.config.set(LOCAL_DASK_CONFIG):  # read as the scheduler, nannies and workers start
                    local = LocalCluster(
                        n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address="127.0.0.1:0",  # its HTTP server: on a free port of this machine only
                        # a worker's own log would print tracebacks on the user's terminal: a heartbeat that
                        # fails while the cluster shuts down after Ctrl-C (seen in CI), say. A failing task
                        # still reaches this client as an exception: that article's failure, reported.
                        silence_logs=logging.CRITICAL,
                    )
                    client = Client(local, set_as_default=False)
            finally:
                _restore_sigint(previous)
            address = local.scheduler_address
        try:
            client.wait_for_workers(1, timeout=timeout)
        except Exception:
            raise ClusterError(f"the Dask scheduler at {address} has no workers (waited {timeout:g} s)") from None
        try:
            client.register_plugin(SetupPlugin(setup), name=f"provenance-{setup.digest}")
        except ClusterError as exc:
            raise ClusterError(f"a Dask worker cannot extract as this client does: {exc}") from None
        except Exception as exc:
            raise ClusterError(f"a Dask worker cannot load provenance: {type(exc).__name__}: {exc}") from None
        yield Cluster(client, setup, address)
    finally:
        if client is not None:
            client.close()
        if local is not None:
            local.close()


def _ignore_sigint():
    try:
        return signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing to protect
        return None


def _restore_sigint(previous) -> None:
    if previous is not None:
        signal.signal(signal.SIGINT, previous)
