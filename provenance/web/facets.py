"""A Datasette facet that reads the summary table on an unfiltered table.

Counting millions of rows by a column takes seconds, so Datasette hides such a facet ("facet timed
out") exactly where a reader starts: the whole claims table. ``counted`` facets (metadata.yml:
``facets: [{counted: type}]``) are read from ``facet_counts`` (kept by ingest, see
:mod:`provenance.summaries`) when the table is not filtered, and counted by Datasette's own column
facet when it is (a filter narrows the rows, and its index makes the count cheap).
"""

from __future__ import annotations

from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

#: Query-string keys that do not filter rows.
_NOT_FILTERS = {"_facet", "_facet_size", "_size", "_sort", "_sort_desc", "_next", "_labels", "_nocount",
                "_nofacet", "_nosuggest", "_trace", "_timelimit", "_col", "_nocol", "_shape", "_json",
                "_stream", "_dl", "_ttl"}


class CountedFacet(ColumnFacet):
    type = "counted"

    async def suggest(self):
        return []

    def _unfiltered(self) -> bool:
        return self.table is not None and not self.params and all(
            key in _NOT_FILTERS or key.startswith("_facet") for key, _ in self.get_querystring_pairs()
        )

    async def facet_results(self):
        if not self._unfiltered():
            return await super().facet_results()
        db = self.ds.get_database(self.database)
        if not await db.table_exists("facet_counts"):
            return await super().facet_results()
        results, qs_pairs, size = [], self.get_querystring_pairs(), self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            rows = (await db.execute(
                "select value, rows from facet_counts where table_name = :t and column_name = :c and value != ''"
                " order by rows desc, value limit :n", {"t": self.table, "c": column, "n": size + 1})).rows
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
