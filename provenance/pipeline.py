"""The pipeline: inputs -> articles -> parses -> claims with resolved sources.

    read -> normalise -> parse -> extract -> resolve

:func:`run` streams :class:`Extraction` results (and :class:`Failure` for
inputs that could not be used, and :class:`Unchanged` for articles the
caller already has) in input order. Nothing here writes to a database:
:mod:`provenance.store` does that with what this yields. Given a
:class:`provenance.cluster.Cluster`, the parsing and extraction run on its
Dask workers instead, with the same results in the same order.
"""

from __future__ import annotations

import collections
import threading
import weakref
from typing import Callable, Iterable, Iterator, Optional, Union

import attrs

from provenance.model import Article, Claim, Extraction, Failure, Sentence, assign_ids
from provenance.nlp import doc_text
from provenance.normalise import NormaliseError, normalise
from provenance.read import iter_inputs


@attrs.frozen
class Unchanged:
    """An article whose stored copy is already up to date (not parsed again).

    Holds the article's name and id only, so a re-run over a large corpus
    does not keep texts in memory."""

    doc: str
    article_id: str
    path: Optional[str] = None
    line: Optional[int] = None


Result = Union[Extraction, Failure, Unchanged]


class SpanMismatch(ValueError):
    """A claim's offsets do not point at its text: an extractor bug, never stored."""


def check_claims(text: str, claims: Iterable[Claim]) -> None:
    for claim in claims:
        for role, span in claim.spans():
            if text[span.start : span.end] != span.text:
                raise SpanMismatch(
                    f"{role} {span.text!r} at {span.start}..{span.end} does not match the article text "
                    f"{text[span.start:span.end]!r}"
                )


def sentences_of(doc) -> tuple[Sentence, ...]:
    text = doc_text(doc)  # a sentence's text is its slice of the doc's (Span.text would join its tokens again)
    return tuple(Sentence(idx=i, start=s.start_char, end=s.end_char, text=text[s.start_char:s.end_char])
                 for i, s in enumerate(doc.sents))


def extract_article(doc, article: Article, *, lexicon=None, source_kinds=None, confidence_model=None,
                    use_model: bool = True, cue_model=None, lineage=None, boundary_model=None) -> Extraction:
    """Claims and sentences of one parsed article, ids keyed to the article.

    ``lexicon`` (cues), ``source_kinds``, ``confidence_model``, ``cue_model`` and ``boundary_model`` default to the files
    the loaders choose; a cluster worker is given the client's instead. With ``lineage`` (the
    writer's :class:`provenance.lineage.inputs.Settings`), the extraction carries its claim lineage
    inputs, computed here (on a cluster worker: off the one writer's cores)."""
    from provenance.extract import extract_claims
    from provenance.resolve import resolve_sources

    # unresolved mentions ("He" with no antecedent) get ids scoped to the article, so
    # new text under the same URL reuses them and other articles never share them
    found = extract_claims(doc, lexicon=lexicon, use_model=use_model, confidence_model=confidence_model,
                           cue_model=cue_model, boundary_model=boundary_model)
    claims = resolve_sources(doc, list(found), lexicon=source_kinds, scope=article.id)
    claims = assign_ids(claims, article.id)
    check_claims(article.text, claims)
    extraction = Extraction(article=article, sentences=sentences_of(doc), claims=tuple(claims))
    if lineage is not None:
        from provenance.lineage.inputs import prepare

        extraction = attrs.evolve(extraction, lineage=prepare(extraction, lineage))
    return extraction


def iter_articles(paths: Iterable[str], *, defaults: Optional[dict] = None, stdin=None, on_bytes=None) -> Iterator[Union[Article, Failure]]:
    """Read and normalise every input under ``paths`` (``on_bytes``: see :func:`provenance.read.iter_inputs`)."""
    for item in iter_inputs(paths, stdin=stdin, on_bytes=on_bytes):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield normalise(item, defaults)
        except NormaliseError as exc:
            yield Failure(path=item.path, line=item.line, reason=str(exc))


def select(
    items: Iterable[Union[Article, Failure]], is_current: Optional[Callable[[Article], bool]] = None
) -> Iterator[Union[Article, Failure, Unchanged]]:
    """The articles of ``items`` to parse; failures, and :class:`Unchanged` for articles that
    ``is_current`` says are stored as they are, pass through."""
    seen: set[str] = set()  # article ids of this run
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        # is_current looks at the database as it is now, before the articles in flight are
        # stored: an article seen earlier in this run (a feed's later version of a record)
        # must go through in order, or an older version would be stored after it
        if item.id not in seen and is_current is not None and is_current(item):
            seen.add(item.id)
            yield Unchanged(item.doc, item.id, *item.location)
            continue
        seen.add(item.id)
        yield item


def _extract_or_fail(doc, article: Article, extract_kwargs: dict) -> Result:
    try:
        return extract_article(doc, article, **extract_kwargs)
    except Exception as exc:  # one article's failure never stops the batch
        path, line = article.location
        return Failure(path=path, line=line, reason=f"extraction failed: {type(exc).__name__}: {exc}")


def _parse_alone(nlp, article: Article, extract_kwargs: dict) -> Result:
    from provenance.parse import parse

    try:
        with _lock(nlp):
            [(doc, _)] = list(parse(nlp, [(article.text, article)]))
    except Exception as exc:
        path, line = article.location
        return Failure(path=path, line=line, reason=f"parsing failed: {type(exc).__name__}: {exc}")
    return _extract_or_fail(doc, article, extract_kwargs)


#: In one process, parse the next batches in a helper thread while this one is extracted and stored:
#: spaCy's and thinc's kernels, and SQLite, run without the GIL, so the two overlap on a second core
#: (benchmarks/README.md; ``benchmarks/ingest_scale.py`` turns it off to compare).
PARSE_AHEAD = True
#: Articles in one batch of the parse-ahead thread at most (whatever the ingest's batch size): the
#: caller gets Docs as each batch is parsed, so at the end of a run only the last batch's extraction
#: and store are not overlapped with parsing. Measured on the idle machine, 120 articles, against bare
#: ``nlp.pipe`` in the same run (benchmarks/README.md): batches of 4 cost more than they save (0.92x;
#: a ``pipe`` call and a thread per 4 articles), 16 or 32 with two handed over 0.98-1.00x, 32 one at a
#: time 0.95-0.96x.
AHEAD_ARTICLES = 16
#: Batches handed to the parse-ahead thread and not yet taken by the caller, at most: the one being
#: parsed and the next, so the thread never waits for the caller to read more input.
AHEAD_BATCHES = 2

#: One lock per spaCy pipeline: it parses one batch at a time, whichever thread asks.
_LOCKS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LOCKS_LOCK = threading.Lock()


def _lock(nlp) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(nlp, threading.Lock())


def _parse_batch(nlp, batch: list, parse_kwargs: dict) -> list:
    """The ``(doc, context)`` pairs of one batch of ``(text, context)`` pairs, holding the pipeline's lock."""
    from provenance.parse import parse

    with _lock(nlp):
        return list(parse(nlp, batch, batch_size=len(batch), **parse_kwargs))


class _ParseJob:
    """One batch parsed in a thread of its own, after the job before it (``after``) has ended, so
    batches are parsed in the order they were given. A Ctrl-C in the caller's thread stops the
    caller at once; :meth:`cancel` makes a job that has not started end without parsing, and a job
    already parsing ends with its batch (the pipeline's lock makes a later parse wait for it): the
    process exits after it (a daemon thread still inside spaCy when the interpreter shut down
    aborted it)."""

    def __init__(self, nlp, batch: list, parse_kwargs: dict, after: "Optional[_ParseJob]" = None):
        self._done = threading.Event()
        self._cancelled = threading.Event()
        self._result: list = []
        self._error: Optional[BaseException] = None
        threading.Thread(target=self._run, args=(nlp, batch, parse_kwargs, after), name="provenance-parse").start()

    def _run(self, nlp, batch: list, parse_kwargs: dict, after: "Optional[_ParseJob]") -> None:
        try:
            if after is not None:
                after._done.wait()
            if not self._cancelled.is_set():
                self._result = _parse_batch(nlp, batch, parse_kwargs)
        except BaseException as exc:  # handed to the caller's thread
            self._error = exc
        finally:
            self._done.set()

    def cancel(self) -> None:
        self._cancelled.set()

    def wait(self) -> None:
        self._done.wait()

    def result(self) -> list:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result


def parse_ahead(nlp, items: Iterable[tuple[str, object]], *, batch_size: int = 32, **parse_kwargs) -> Iterator[tuple]:
    """What :func:`provenance.parse.parse` gives (in one process), parsed in a helper thread ahead of
    the caller: batches of at most ``batch_size`` and :data:`AHEAD_ARTICLES` pairs, up to
    :data:`AHEAD_BATCHES` of them handed over at a time, are parsed in order while the caller handles
    the Docs of the batch before. The next batch is taken from ``items`` in the caller's thread
    (reading, and the database look-ups of :func:`select`, stay the caller's). The parser's exception
    is raised with no batch left running; when the caller stops (an exception, Ctrl-C, or it closes
    this generator) the batches not yet started are dropped."""
    from provenance.parse import MAX_BATCH_CHARS, _batches

    batches = _batches(items, max(1, min(batch_size, AHEAD_ARTICLES)),
                       parse_kwargs.get("max_batch_chars", MAX_BATCH_CHARS))
    jobs: collections.deque = collections.deque()

    def hand_over() -> None:
        while len(jobs) < AHEAD_BATCHES:
            batch = next(batches, None)
            if batch is None:
                return
            jobs.append(_ParseJob(nlp, batch, parse_kwargs, after=jobs[-1] if jobs else None))

    try:
        hand_over()
        while jobs:
            try:
                pairs = jobs[0].result()
            except Exception:  # the parser's: the batches after it end before it is raised
                for job in jobs:
                    job.cancel()
                for job in jobs:
                    job.wait()
                raise
            jobs.popleft()
            hand_over()
            yield from pairs
    finally:  # the caller stopped (no job is left when the input is all parsed)
        for job in jobs:
            job.cancel()


def process_batch(nlp, articles: list[Article], **extract_kwargs) -> list[Result]:
    """Parse and extract a batch of articles in this process: one :class:`Extraction` or
    :class:`Failure` per article, in order (what a cluster worker does with a batch)."""
    from provenance.parse import parse

    try:
        docs = [doc for doc, _ in parse(nlp, ((a.text, a) for a in articles), batch_size=len(articles) or 1)]
    except Exception:
        # spaCy failed on one of the articles: parse them one at a time to find which
        return [_parse_alone(nlp, article, extract_kwargs) for article in articles]
    return [_extract_or_fail(doc, article, extract_kwargs) for doc, article in zip(docs, articles)]


def run(
    items: Iterable[Union[Article, Failure]],
    *,
    nlp=None,
    lexicon=None,
    batch_size: int = 32,
    n_process: int = 1,
    is_current: Optional[Callable[[Article], bool]] = None,
    cluster=None,
    lineage=None,
) -> Iterator[Result]:
    """Parse and extract every article of ``items``, in order.

    ``is_current(article)`` may say an article is already stored as it is:
    it is then not parsed and comes out as :class:`Unchanged`. A failure in
    one article comes out as a :class:`Failure` and the run goes on.
    With ``cluster`` (a :class:`provenance.cluster.Cluster`) the articles are
    parsed and extracted on its workers, with its model and data files
    (``nlp`` and ``lexicon`` are then not used). ``n_process`` > 1 is spaCy's
    own multiprocessing, kept for ``benchmarks/ingest_scale.py`` to compare with: the
    command line's ``--processes`` runs a local cluster, which measured faster.
    ``lineage`` (:class:`provenance.lineage.inputs.Settings`): each extraction carries its claim
    lineage inputs, computed with it (on a cluster, the workers compute them with the settings of
    its setup, :class:`provenance.cluster.ExtractorSetup`).
    """
    if cluster is not None:
        yield from cluster.run(select(items, is_current), batch_size=batch_size)
        return
    side: collections.deque = collections.deque()
    inflight: collections.deque = collections.deque()  # handed to the parser, not out of it yet
    reading = {"failed": False}
    extract_kwargs = {"lexicon": lexicon, "lineage": lineage}

    def feed():
        try:
            for item in select(items, is_current):
                if not isinstance(item, Article):
                    side.append(item)
                    continue
                inflight.append(item)
                yield item.text, item
        except Exception:
            reading["failed"] = True  # a bug in reading, not the parser's: not ours to swallow
            raise

    def extract(doc, article) -> Result:
        return _extract_or_fail(doc, article, extract_kwargs)

    from provenance.parse import parse

    source = feed()
    while True:
        if n_process == 1 and PARSE_AHEAD:
            parsed = parse_ahead(nlp, source, batch_size=batch_size)
        else:
            parsed = parse(nlp, source, batch_size=batch_size, n_process=n_process)
        try:
            for doc, article in parsed:
                inflight.popleft()  # the parser keeps the order: this is the oldest in flight
                # whatever was read before this article came out first
                while side:
                    yield side.popleft()
                yield extract(doc, article)
            break
        except Exception:
            if reading["failed"]:
                raise
            # spaCy failed on one of the articles in its batch: parse those one at a time to find
            # which, then go on with the rest of the input (the feed is where the parser left it)
            stuck = list(inflight)
            inflight.clear()
            for article in stuck:
                yield _parse_alone(nlp, article, extract_kwargs)
    while side:
        yield side.popleft()
