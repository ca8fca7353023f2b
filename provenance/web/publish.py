"""A publication copy of the database, and the Datasette command that serves it read-only.

:func:`publish` writes, for ``OUT.db``:

- ``OUT.db``: a consistent snapshot of the database (``VACUUM INTO``: the
  write-ahead log folded in, free pages dropped), in rollback-journal mode
  (no ``-wal``/``-shm`` files), made read-only on disk, with every local
  path in it (``articles.path``, ``articles.origin``, ``ingest_errors.path``,
  ``ingest_runs.command``) made relative to the folder the inputs came from
  (:func:`relative_paths`), so the copy does not show the publisher's disk;
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
import re
import shlex
import sqlite3
import stat
from pathlib import Path
from typing import Iterable, Optional

import attrs

from provenance.store import StoreError, check_provenance_database, readonly_uri
from provenance.web import SERVE_SETTINGS, WebError, database_name, load_metadata


@attrs.frozen
class Publication:
    """The files :func:`publish` wrote."""

    db: Path
    inspect_file: Path
    metadata_file: Path
    counts: dict
    #: What was at ``db`` before: None, "the previous copy" (a provenance database) or "an existing file".
    replaced: Optional[str] = None

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


def _existing(out: Path) -> Optional[str]:
    """What is at ``out``: None, "the previous copy" (a provenance database) or "an existing file"."""
    if not out.exists():
        return None
    try:
        check_provenance_database(out)
    except StoreError:
        return "an existing file"
    return "the previous copy"


#: Characters Datasette reads as URI syntax in a database path (it opens ``file:PATH?immutable=1``).
URI_CHARACTERS = "?#%"


#: A stored path: an optional "file:" (articles.origin), the path, an optional ":LINE" of a record.
_STORED_PATH = re.compile(r"^(file:)?(.*?)(:\d+)?$", re.S)


def _split(value: str) -> tuple[str, str, str]:
    m = _STORED_PATH.match(value)
    return m.group(1) or "", m.group(2), m.group(3) or ""


def _command_paths(command: str) -> list[str]:
    try:
        return [t for t in shlex.split(command) if os.path.isabs(t)]
    except ValueError:
        return []


def ingest_roots(files: Iterable[str], arguments: Iterable[str] = ()) -> list[str]:
    """The folders the inputs were ingested from, widest first: the absolute ``arguments`` of ingest
    command lines (a name without a suffix is a folder; a file stands for its folder), and the
    deepest folder holding every absolute path of ``files`` (stored paths) unless that is the
    file system's root (inputs from unrelated places)."""
    roots = {a if not os.path.splitext(a)[1] else os.path.dirname(a) for a in arguments if os.path.isabs(a)}
    folders = {os.path.dirname(path) for path in (_split(v)[1] for v in files) if os.path.isabs(path)}
    common = os.path.commonpath(folders) if folders else None
    if common and os.path.dirname(common) != common:
        roots.add(common)
    return sorted(roots, key=len)


def relative_paths(conn: sqlite3.Connection) -> list[str]:
    """Rewrite every local path in a publication copy relative to the widest of :func:`ingest_roots`
    that holds it; a path in none (say ``--cues /etc/cues.tsv``) keeps its file name only. Returns the
    roots."""
    def column(sql):
        return [r[0] for r in conn.execute(sql) if r[0]]

    stored = column("select path from articles") + column("select origin from articles where origin like 'file:%'") \
        + column("select path from ingest_errors")
    commands = column("select command from ingest_runs")
    roots = ingest_roots(stored, [p for c in commands for p in _command_paths(c)])

    def relative(value):
        if not value:
            return value
        prefix, path, line = _split(value)
        if not os.path.isabs(path):
            return value
        for root in roots:
            if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
                return prefix + os.path.relpath(path, root) + line
        return prefix + os.path.basename(path) + line

    def command(value):
        try:
            tokens = shlex.split(value)
        except ValueError:
            return value
        return shlex.join(relative(t) if os.path.isabs(t) else t for t in tokens)

    conn.create_function("pv_relative", 1, relative, deterministic=True)
    conn.create_function("pv_command", 1, command, deterministic=True)
    conn.execute("update articles set path = pv_relative(path), origin = pv_relative(origin)")
    conn.execute("update ingest_errors set path = pv_relative(path)")
    conn.execute("update ingest_runs set command = pv_command(command)")
    return roots


def publish(db_path, out_path, *, metadata_path: Optional[Path] = None, force: bool = False) -> Publication:
    """Write the publication copy of ``db_path`` at ``out_path`` (see the module docstring).

    A previous publication copy at ``out_path`` is replaced (:attr:`Publication.replaced` says so);
    any other existing file only with ``force``."""
    src, out = Path(db_path), Path(out_path)
    if not src.is_file():
        raise WebError(f"No database at {src}")
    if out.suffix != ".db":
        raise WebError(f"The publication copy must end in .db: {out}")
    if any(c in str(out.absolute()) for c in URI_CHARACTERS):
        raise WebError(f"Datasette cannot open a file whose path holds {', '.join(URI_CHARACTERS)}: choose another name than {out}")
    if out.exists() and out.resolve() == src.resolve():
        raise WebError("The publication copy must be a new file, not the database itself")
    replaced = _existing(out)
    if replaced == "an existing file" and not force:
        raise WebError(f"{out} exists and is not a provenance database: use --force to replace it, or choose another name")
    try:
        check_provenance_database(src)  # before anything at OUT is removed
    except StoreError as exc:
        raise WebError(str(exc)) from None
    try:
        return _write(src, out, metadata_path, replaced)
    except OSError as exc:  # a folder that cannot be made, a full disk
        raise WebError(f"Could not write {out}: {exc.strerror or exc}") from None


def _write(src: Path, out: Path, metadata_path: Optional[Path], replaced: Optional[str]) -> Publication:
    out.parent.mkdir(parents=True, exist_ok=True)
    inspect_file, metadata_file = _sidecar(out, ".inspect.json"), _sidecar(out, ".metadata.json")
    for p in (out, Path(f"{out}-wal"), Path(f"{out}-shm"), Path(f"{out}-journal"), inspect_file, metadata_file):
        _remove(p)
    try:
        conn = sqlite3.connect(readonly_uri(src), uri=True)
        try:
            conn.execute("vacuum into ?", [str(out)])
        finally:
            conn.close()
        conn = sqlite3.connect(out, isolation_level=None)
        try:
            mode = conn.execute("pragma journal_mode = delete").fetchone()[0]
            conn.execute("pragma secure_delete = on")  # the old paths must not stay in free space
            conn.execute("begin")
            relative_paths(conn)
            conn.execute("commit")
            conn.execute("vacuum")
            conn.execute("analyze")
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
    return Publication(db=out, inspect_file=inspect_file, metadata_file=metadata_file, counts=counts, replaced=replaced)


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
