"""Serving a provenance database with Datasette, the project's metadata and plugin.

Two modes:

- live (default): the database itself, with ``metadata.yml`` keyed to the
  database's name, so it can be browsed while ``ingest`` writes to it (WAL);
- public: a read-only publication copy made by
  :func:`provenance.web.publish.publish` in a temporary folder, served
  immutable with arbitrary SQL off and the canned queries on.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from provenance.web import SERVE_SETTINGS, database_name, ensure_plugin, load_metadata


def live_argv(db: Path, metadata_file: Path, *, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """The ``datasette`` arguments that serve ``db`` itself."""
    return ["serve", str(db), "--metadata", str(metadata_file), *SERVE_SETTINGS, "--host", host, "--port", str(port)]


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8001, public: bool = False) -> None:
    """Run Datasette in this process until it is stopped (Ctrl-C)."""
    from datasette.cli import cli as datasette_cli

    from provenance.web.publish import publish

    ensure_plugin()  # when running from a checkout that is not pip-installed
    db = Path(db)
    with tempfile.TemporaryDirectory(prefix="provenance-serve-") as tmp:
        if public:
            argv = publish(db, Path(tmp) / db.name).argv(host=host, port=port, executable="")
        else:
            metadata_file = Path(tmp) / "metadata.json"
            metadata_file.write_text(json.dumps(load_metadata(database_name(db))), encoding="utf-8")
            argv = live_argv(db, metadata_file, host=host, port=port)
        datasette_cli.main(argv, prog_name="datasette", standalone_mode=True)
