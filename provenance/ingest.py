"""Ingesting: the pipeline's results written to a :class:`provenance.store.Store`.

One call, :func:`ingest`, does a whole batch and returns an
:class:`IngestSummary`. Failures are recorded (``ingest_errors``) and
counted, never raised: the batch always finishes.
"""

from __future__ import annotations

import functools
from typing import Callable, Iterable, Optional

import attrs

from provenance.interrupt import deferred
from provenance.model import Extraction, Failure
from provenance.pipeline import Result, Unchanged, iter_articles, run
from provenance.store import SettingsChanged, Store, StoreError


@attrs.define
class IngestSummary:
    articles: int = 0  # new, replaced, re-extracted or updated
    replaced: int = 0  # new text
    reextracted: int = 0  # same text, claims made again by another setup (provenance.fingerprint)
    updated: int = 0  # same text and setup, new metadata
    unchanged: int = 0
    claims: int = 0
    sources: set = attrs.field(factory=set)
    failures: list = attrs.field(factory=list)
    #: New text from one input that replaced another input's article under the same key (a URL in two
    #: feeds): {"path": the new input, "from": the replaced one, "key": the shared URL or id}.
    taken_over: list = attrs.field(factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def add(self, result: Result, status: Optional[str] = None) -> None:
        if isinstance(result, Failure):
            self.failures.append(result)
        elif isinstance(result, Unchanged) or status == "unchanged":
            self.unchanged += 1
        else:
            self.articles += 1
            self.replaced += status == "replaced"
            self.reextracted += status == "re-extracted"
            self.updated += status == "updated"
            self.claims += len(result.claims)
            self.sources.update(c.source.id for c in result.claims if c.source is not None)

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "replaced": self.replaced,
            "re-extracted": self.reextracted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "claims": self.claims,
            "sources": len(self.sources),
            "failures": [attrs.asdict(f) for f in self.failures],
            "taken_over": self.taken_over,
        }


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    nlp,
    defaults: Optional[dict] = None,
    batch_size: int = 32,
    n_process: int = 1,
    lexicon=None,
    stdin=None,
    command: str = "ingest",
    progress: Optional[Callable[[Result, IngestSummary], None]] = None,
    on_bytes: Optional[Callable[[int], None]] = None,
    cluster=None,
) -> IngestSummary:
    """Read, extract and store every article under ``paths``.

    Articles already stored with the same text and metadata, by the same setup
    (:mod:`provenance.fingerprint`), are not parsed again. ``progress(result, summary)`` is called after each input,
    ``on_bytes(n)`` as input bytes are read (see :func:`provenance.read.total_bytes`).
    With ``cluster`` (see :func:`provenance.cluster.connect`) the parsing runs on
    its Dask workers; this process still does all the writing.
    """
    from provenance.fingerprint import fingerprint as setup_fingerprint
    from provenance.lineage.inputs import settings as lineage_settings

    summary = IngestSummary()
    # with a cluster the model is loaded on the workers only: its fingerprint comes from its meta.json
    fingerprint = setup_fingerprint(nlp, lexicon, model=cluster.setup.model if cluster is not None else None)
    run_id = store.start_run(command, fingerprint)
    try:
        articles = iter_articles(paths, defaults=defaults, stdin=stdin, on_bytes=on_bytes)
        is_current = functools.partial(store.is_current, fingerprint=fingerprint)
        for result in run(articles, nlp=nlp, lexicon=lexicon, batch_size=batch_size, n_process=n_process,
                          is_current=is_current, cluster=cluster, lineage=lineage_settings()):
            with deferred():  # stored and counted, or neither: the run row counts every article stored
                status = None
                if isinstance(result, Extraction):
                    try:
                        written = store.write(result, fingerprint=fingerprint)
                        status = written.status
                        if written.replaced_path:
                            summary.taken_over.append(
                                {"path": result.article.path, "from": written.replaced_path, "key": result.article.key})
                    except SettingsChanged:  # no article can be written under this process's settings: stop
                        raise
                    except Exception as exc:  # a database error on one article is that article's failure
                        path, line = result.article.location
                        result = Failure(path=path, line=line, reason=f"cannot store: {exc}")
                elif isinstance(result, Unchanged) and result.path:
                    store.clear_failures(result.path, result.line)  # stored as it is: an old error is stale
                if isinstance(result, Failure):
                    try:
                        store.record_failure(result)
                    except Exception as exc:  # the database takes no writes at all: stop, the stored articles are whole
                        raise StoreError(f"cannot write to the database: {exc}") from exc
                summary.add(result, status)
            if progress is not None:
                progress(result, summary)
    finally:
        try:
            store.finish_run(
                run_id,
                articles=summary.articles,
                unchanged=summary.unchanged,
                claims=summary.claims,
                failures=len(summary.failures),
            )
        except Exception as exc:
            raise StoreError(f"cannot write to the database: {exc}") from exc
    return summary
