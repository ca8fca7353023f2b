"""A publication copy of the database, and the Datasette command that serves it read-only.

:func:`publish` writes, for ``OUT.db``:

- ``OUT.db``: a consistent snapshot of the database (``VACUUM INTO``: the
  write-ahead log folded in, free pages dropped), in rollback-journal mode
  (no ``-wal``/``-shm`` files), made read-only on disk;
- ``OUT.inspect.json``: ``datasette inspect`` data (file hash and row counts),
  so Datasette serves the immutable file without counting rows at start-up;
- ``OUT.metadata.json``: the project's metadata.yml, its database section
  named after ``OUT`` (Datasette names a database after its file).

:func:`serve_argv` is the ``datasette`` command that serves the copy:
immutable (``-i``), with the inspect file, arbitrary SQL off
(``default_allow_sql off``) and the canned queries of the metadata on.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import sqlite3
import stat
from pathlib import Path
from typing import Optional

import attrs

from provenance.store import is_provenance_database, readonly_uri
from provenance.web import SERVE_SETTINGS, WebError, database_name, load_metadata


@attrs.frozen
class Publication:
    """The files :func:`publish` wrote."""

    db: Path
    inspect_file: Path
    metadata_file: Path
    counts: dict

    def argv(self, **kwargs) -> list[str]:
        return serve_argv(self.db, inspect_file=self.inspect_file, metadata_file=self.metadata_file, **kwargs)

    def command(self, **kwargs) -> str:
        return shlex.join(self.argv(**kwargs))


def _sidecar(out: Path, suffix: str) -> Path:
    return out.with_name(out.stem + suffix)


def _remove(path: Path) -> None:
    if path.exists():
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        path.unlink()


def _journal_mode_in_header(path: Path) -> tuple[int, int]:
    """File-format read/write version bytes: (1, 1) is rollback journal, (2, 2) is WAL."""
    with open(path, "rb") as f:
        header = f.read(20)
    return header[18], header[19]


async def _inspect(path: Path) -> dict:
    from datasette.cli import inspect_

    return await inspect_([str(path)], None)


def publish(db_path, out_path, *, metadata_path: Optional[Path] = None) -> Publication:
    """Write the publication copy of ``db_path`` at ``out_path`` (see the module docstring)."""
    src, out = Path(db_path), Path(out_path)
    if not src.is_file():
        raise WebError(f"No database at {src}")
    if out.suffix != ".db":
        raise WebError(f"The publication copy must end in .db: {out}")
    if out.exists() and out.resolve() == src.resolve():
        raise WebError("The publication copy must be a new file, not the database itself")
    out.parent.mkdir(parents=True, exist_ok=True)
    inspect_file, metadata_file = _sidecar(out, ".inspect.json"), _sidecar(out, ".metadata.json")
    for p in (out, Path(f"{out}-wal"), Path(f"{out}-shm"), Path(f"{out}-journal"), inspect_file, metadata_file):
        _remove(p)
    try:
        conn = sqlite3.connect(readonly_uri(src), uri=True)
        try:
            tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
            if not is_provenance_database(tables):
                raise WebError(f"{src} is not a provenance database (no claims table)")
            conn.execute("vacuum into ?", [str(out)])
        finally:
            conn.close()
        conn = sqlite3.connect(out)
        try:
            mode = conn.execute("pragma journal_mode = delete").fetchone()[0]
            conn.execute("analyze")
            conn.commit()
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise WebError(f"Could not copy {src} to {out}: {e}") from e
    if mode != "delete" or _journal_mode_in_header(out) != (1, 1):
        raise WebError(f"{out} is still in WAL mode")
    inspect_data = asyncio.run(_inspect(out))
    inspect_file.write_text(json.dumps(inspect_data, indent=2), encoding="utf-8")
    metadata_file.write_text(
        json.dumps(load_metadata(database_name(out), metadata_path), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    os.chmod(out, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    counts = {t: v["count"] for t, v in inspect_data[database_name(out)]["tables"].items()}
    return Publication(db=out, inspect_file=inspect_file, metadata_file=metadata_file, counts=counts)


def serve_argv(
    db_path,
    *,
    inspect_file=None,
    metadata_file=None,
    host: str = "127.0.0.1",
    port: int = 8001,
    executable: str = "datasette",
) -> list[str]:
    """The ``datasette`` command line that serves a publication copy read-only."""
    db_path = Path(db_path)
    inspect_file = Path(inspect_file) if inspect_file else _sidecar(db_path, ".inspect.json")
    metadata_file = Path(metadata_file) if metadata_file else _sidecar(db_path, ".metadata.json")
    return [
        *shlex.split(executable),
        "serve",
        "-i", str(db_path),
        "--inspect-file", str(inspect_file),
        "-m", str(metadata_file),
        "--setting", "default_allow_sql", "off",
        *SERVE_SETTINGS,
        "--host", host,
        "--port", str(port),
    ]
