"""Serving a provenance database with Datasette, the project's metadata and plugin."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

#: The Datasette metadata: the top-level ``metadata.yml`` of the project
#: (``provenance/web/metadata.yml`` links to it, so installed copies have it).
METADATA = Path(__file__).parent / "web" / "metadata.yml"


def metadata_path() -> Optional[Path]:
    for candidate in (Path(__file__).resolve().parent.parent / "metadata.yml", METADATA):
        if candidate.is_file():
            return candidate
    return None


def datasette_argv(db: Path, *, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False,
                   inspect_file: Optional[Path] = None, public: bool = False) -> list[str]:
    """The ``datasette`` arguments that serve ``db`` the way this project does.

    ``public`` serves read-only: the file immutable, arbitrary SQL off,
    canned queries on.
    """
    argv = ["serve", "-i" if immutable or public else "", str(db), "--host", host, "--port", str(port)]
    argv = [a for a in argv if a]
    meta = metadata_path()
    if meta is not None:
        argv += ["--metadata", str(meta)]
    if inspect_file is not None:
        argv += ["--inspect-file", str(inspect_file)]
    if public:
        argv += ["--setting", "default_allow_sql", "off"]
    return argv


def serve(db: Path, **options) -> None:
    """Run Datasette in this process until it is stopped (Ctrl-C)."""
    from datasette.cli import cli as datasette_cli

    datasette_cli.main(datasette_argv(db, **options), prog_name="datasette", standalone_mode=True)
