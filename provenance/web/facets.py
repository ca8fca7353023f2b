"""A Datasette facet that reads the summary tables instead of counting millions of rows.

Counting millions of rows by a column takes seconds, so Datasette hides such a facet ("facet timed
out") exactly where a reader starts: the whole claims table, or the claims of one publisher.
``counted`` facets (metadata.yml: ``facets: [{counted: type}]``) of a table that has a facet
summary (:data:`provenance.summaries.FACET_CUBES`: its rows counted by every combination of its
faceted columns, kept by ingest) are a GROUP BY over that summary when the table is unfiltered or
filtered only by ``column=value`` on those columns, which is what clicking facet values does. Any
other filter (a search, a source, an article) narrows the rows through an index, and Datasette's
own column facet counts them.
"""

from __future__ import annotations

from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from provenance.summaries import FACET_CUBES

#: Query-string keys that do not filter rows.
_NOT_FILTERS = {"_facet_size", "_size", "_sort", "_sort_desc", "_next", "_labels", "_nocount", "_nofacet",
                "_nosuggest", "_trace", "_timelimit", "_col", "_nocol", "_shape", "_json", "_stream", "_dl", "_ttl"}


class CountedFacet(ColumnFacet):
    type = "counted"

    async def suggest(self):
        return []

    def _cube_filters(self):
        """(summary table, measure, {column: value}) when the request filters only by equality on the
        summary's columns, else None."""
        if self.table not in FACET_CUBES:
            return None
        name, measure, columns = FACET_CUBES[self.table]
        filters = {}
        for key, value in self.get_querystring_pairs():
            if key in _NOT_FILTERS or key.startswith("_facet"):
                continue
            column = key[: -len("__exact")] if key.endswith("__exact") else key
            if column not in columns or column in filters:
                return None
            filters[column] = value
        return name, measure, filters

    async def facet_results(self):
        cube = self._cube_filters()
        db = self.ds.get_database(self.database)
        if cube is None or not await db.table_exists(cube[0]):
            return await super().facet_results()
        name, measure, filters = cube
        where = " and ".join(f"[{c}] = :f{i}" for i, c in enumerate(filters)) or "1"
        params = {f"f{i}": v for i, v in enumerate(filters.values())}
        results, qs_pairs, size = [], self.get_querystring_pairs(), self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            rows = (await db.execute(
                f"select [{column}] as value, sum([{measure}]) as n from [{name}] where {where} and [{column}] != ''"
                f" group by 1 order by n desc, value limit {size + 1}", params)).rows
            values = []
            for value, count in rows[:size]:
                selected = (column, str(value)) in qs_pairs
                toggle = (path_with_removed_args(self.request, {column: str(value)}) if selected
                          else path_with_added_args(self.request, {column: value}))
                values.append({"value": value, "label": value, "count": count, "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle))})
            results.append({
                "name": column, "type": self.type, "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_counted": column})),
                "results": values, "truncated": len(rows) > size,
            })
        return results, []
