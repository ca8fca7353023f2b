"""Serving a provenance database with Datasette, the project's metadata and plugin.

Two modes:

- live (default): the database itself, with ``metadata.yml`` keyed to the
  database's name, so it can be browsed while ``ingest`` writes to it (WAL);
- public: a read-only publication copy made by
  :func:`provenance.web.publish.publish` in a temporary folder, served
  immutable with arbitrary SQL off and the canned queries on.

What either mode writes (the metadata file, the copy) lives in one temporary
folder that is removed when the server stops, by Ctrl-C or by SIGTERM (a
service manager's stop), as well as by SIGHUP.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import tempfile
from pathlib import Path

from provenance.web import SERVE_SETTINGS, database_name, ensure_plugin, load_metadata


def live_argv(db: Path, metadata_file: Path, *, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The ``datasette`` arguments that serve ``db`` itself."""
    return ["serve", str(db), "--metadata", str(metadata_file), *SERVE_SETTINGS, "--host", host, "--port", str(port)]


def _safe_stem(db: Path) -> str:
    """The database's name without the characters Datasette would read as URI syntax in its path."""
    return re.sub(r"[?#%]", "_", db.stem) or "provenance"


@contextlib.contextmanager
def _stops_cleanly():
    """Turn SIGTERM and SIGHUP into SystemExit while serving, so ``finally`` blocks and the temporary
    folder's cleanup run. (Uvicorn catches SIGTERM, shuts down, then raises it again once its own
    handlers are gone: the default handler would end the process before any cleanup.)"""
    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            try:
                previous[sig] = signal.signal(sig, stop)
            except ValueError:  # not the main thread: leave the handlers alone
                pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8001, public: bool = False) -> None:
    """Run Datasette in this process until it is stopped (Ctrl-C, SIGTERM)."""
    from datasette.cli import cli as datasette_cli

    from provenance.web.publish import publish

    ensure_plugin()  # when running from a checkout that is not pip-installed
    db = Path(db)
    with _stops_cleanly(), tempfile.TemporaryDirectory(prefix="provenance-serve-") as tmp:
        if public:
            # the copy must end in .db; its name is the database's name in Datasette's URLs
            argv = publish(db, Path(tmp) / f"{_safe_stem(db)}.db").argv(host=host, port=port, executable="")
        else:
            served = db
            if _safe_stem(db) != db.stem or re.search(r"[?#%]", str(db.absolute())):
                # Datasette opens "file:PATH?mode=ro" without quoting PATH: serve it through a link
                # whose path holds no '?', '#' or '%' (SQLite follows it: the -wal file stays beside the
                # database, so ingest and serve still share it)
                served = Path(tmp) / f"{_safe_stem(db)}.db"
                os.symlink(db.absolute(), served)
            metadata_file = Path(tmp) / "metadata.json"
            metadata_file.write_text(json.dumps(load_metadata(database_name(served))), encoding="utf-8")
            argv = live_argv(served, metadata_file, host=host, port=port)
        datasette_cli.main(argv, prog_name="datasette", standalone_mode=True)
