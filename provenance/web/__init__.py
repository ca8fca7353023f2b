"""Publishing the database with Datasette: metadata, the plugin, the publication copy.

- :mod:`provenance.web.plugin`   the Datasette plugin's hooks (article and source pages, marked claims),
  registered from this package, which Datasette loads as the plugin
- :mod:`provenance.web.facets`   facets read from the summary tables on an unfiltered table
- :mod:`provenance.web.marks`    article text as escaped HTML with claims marked
- :mod:`provenance.web.publish`  a read-only publication copy and the command that serves it

``metadata.yml`` (at the top of the repository) describes the database named
``provenance`` (the file ``db/provenance.db``); :func:`load_metadata` gives
the same metadata for a database file with another name.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Optional

import yaml

#: The project's Datasette metadata: metadata.yml at the top of the repository;
#: ``provenance/web/metadata.yml`` links to it, so an installed package has it too.
_CANDIDATES = (Path(__file__).resolve().parents[2] / "metadata.yml", Path(__file__).parent / "metadata.yml")
METADATA_PATH = next((p for p in _CANDIDATES if p.is_file()), _CANDIDATES[0])

#: The database name metadata.yml describes.
DEFAULT_DATABASE = "provenance"


#: Datasette settings every way of serving uses. Suggested facets run a GROUP BY per column on each
#: table page (up to 50 ms each): seconds per page on an archive's claims table.
SERVE_SETTINGS = ("--setting", "suggest_facets", "off")


class WebError(Exception):
    """A user error in serving or publishing (bad path, missing metadata)."""


def database_name(db_path) -> str:
    """The name Datasette gives the database file ``db_path`` (its stem)."""
    return Path(db_path).stem


def load_metadata(database: str = DEFAULT_DATABASE, path: Optional[Path] = None) -> dict:
    """metadata.yml as a dict, its database section keyed as ``database``."""
    path = Path(path) if path else METADATA_PATH
    if not path.exists():
        raise WebError(f"Datasette metadata not found: {path}")
    with open(path, encoding="utf-8") as f:
        metadata = yaml.safe_load(f) or {}
    metadata = copy.deepcopy(metadata)
    dbs = metadata.get("databases") or {}
    if DEFAULT_DATABASE in dbs and database != DEFAULT_DATABASE:
        dbs[database] = dbs.pop(DEFAULT_DATABASE)
    return metadata


def ensure_plugin() -> None:
    """Register the plugin with Datasette when it was not loaded through the entry point
    (running from a checkout that is not pip-installed, or in tests)."""
    import sys

    from datasette.plugins import pm

    package = sys.modules[__name__]
    if not pm.is_registered(package) and pm.get_plugin("provenance") is None:
        pm.register(package, name="provenance")


# This package is the Datasette plugin (entry point ``provenance = "provenance.web"``): Datasette
# finds templates/ and static/ beside this file, and registers the hooks imported here.
from provenance.web.plugin import (  # noqa: E402,F401
    extra_css_urls,
    extra_template_vars,
    filters_from_request,
    register_facet_classes,
    register_routes,
    render_cell,
)
