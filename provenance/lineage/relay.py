"""Relays: who credits whom. A claim whose source is a publication ("according to the Harbour
Times", "told Reuters") relays its article's publisher to that outlet; an article that carries a
wire credit line ("WASHINGTON (AP) —", "(Reporting by ...)") relays the wire service as a whole.

Credit lines are data (``provenance/data/wire_credits.tsv``), not code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from provenance.datafiles import DATA_DIR
from provenance.model import normalise_name

WIRE_CREDITS = DATA_DIR / "wire_credits.tsv"
WINDOW = 600


@lru_cache(maxsize=2)
def _credits(path: str = str(WIRE_CREDITS)) -> tuple[tuple[str, "re.Pattern[str]", str], ...]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        where, pattern, service = line.split("\t")
        if where not in ("head", "tail"):
            raise ValueError(f"{path}:{n}: where must be head or tail, got {where!r}")
        out.append((where, re.compile(pattern, re.MULTILINE), service.strip()))
    return tuple(out)


def wire_service(text: Optional[str]) -> Optional[str]:
    """The wire service whose credit line ``text`` carries, else None."""
    if not text:
        return None
    head, tail = text[:WINDOW], text[-WINDOW:]
    for where, pattern, service in _credits():
        if pattern.search(head if where == "head" else tail):
            return service
    return None


def outlet_key(name: Optional[str]) -> str:
    """What makes two outlet names one outlet: :func:`provenance.model.normalise_name`."""
    return normalise_name(name or "")
