"""The editable word lists under ``provenance/data/``: which file to read.

A list is read from the path given, else from the file an environment
variable names, else from the packaged copy. A file that cannot be read is a
:class:`ValueError` naming it, raised before any article is touched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional, Union

#: The packaged data files.
DATA_DIR = Path(__file__).resolve().parent / "data"


def choose(path: Optional[Union[str, os.PathLike]], env_var: str, default: Path, what: str) -> tuple[str, int]:
    """``(path, mtime_ns)`` of the data file to read; the mtime keys load caches, so an edited
    file is read again."""
    chosen = str(path or os.environ.get(env_var) or default)
    try:
        return chosen, os.stat(chosen).st_mtime_ns
    except OSError as exc:
        source = f" (from ${env_var})" if not path and os.environ.get(env_var) else ""
        raise ValueError(f"cannot read {what} {chosen}{source}: {exc.strerror or exc}") from None
