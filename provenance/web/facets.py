"""Datasette's column facet, read from the summary tables where counting would take seconds.

Counting millions of rows by a column takes seconds, so Datasette hides such a facet ("facet timed
out") exactly where a reader starts: the whole claims table, the claims of one publisher or of one
source. :class:`SummaryColumnFacet` takes the place of Datasette's column facet (the plugin's
``register_facet_classes`` wrapper swaps it in) and, for a table with a facet summary
(:data:`provenance.summaries.FACET_CUBES`: its rows counted by every combination of its faceted
columns), answers with a GROUP BY over that small table when the table is unfiltered or filtered
only by ``column=value`` on those columns (what clicking facet values does); the claims of one
source (``?source_id=X``) are faceted from ``source_claim_counts``. Under any other filter (a
search, an article) the rows are counted as Datasette does.
"""

from __future__ import annotations

from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args

from provenance.summaries import FACET_CUBES, SOURCE_FACETS

#: Query-string keys that do not filter rows.
_NOT_FILTERS = {"_facet_size", "_size", "_sort", "_sort_desc", "_next", "_labels", "_nocount", "_nofacet",
                "_nosuggest", "_trace", "_timelimit", "_col", "_nocol", "_shape", "_json", "_stream", "_dl", "_ttl"}


class SummaryColumnFacet(ColumnFacet):
    def _filters(self) -> dict | None:
        """The request's filters as {column: value} when all are ``column=value``, else None."""
        filters = {}
        for key, value in self.get_querystring_pairs():
            if key in _NOT_FILTERS or key.startswith("_facet"):
                continue
            column = key[: -len("__exact")] if key.endswith("__exact") else key
            if key.startswith("_") or "__" in column or column in filters:
                return None
            filters[column] = value
        return filters

    def _summary_sql(self, column: str) -> tuple[str, dict] | None:
        """SQL giving (value, count) of ``column`` from a summary table, or None."""
        filters = self._filters()
        if filters is None or self.table not in FACET_CUBES:
            return None
        name, measure, columns = FACET_CUBES[self.table]
        if column in columns and set(filters) <= set(columns):
            where = " and ".join(f"[{c}] = :f{i}" for i, c in enumerate(filters)) or "1"
            params = {f"f{i}": v for i, v in enumerate(filters.values())}
            return (f"select [{column}], sum([{measure}]) as n from [{name}] where {where} and [{column}] != ''"
                    " group by 1 order by n desc, 1"), params
        name, key, facets = SOURCE_FACETS
        if self.table == "claims" and set(filters) == {key} and column in facets:
            return (f"select value, claims as n from [{name}] where [{key}] = :key and facet = :facet and value != ''"
                    " order by n desc, value"), {"key": filters[key], "facet": column}
        return None

    async def facet_results(self):
        configs = self.get_configs()
        db = self.ds.get_database(self.database)
        summarised = {}
        for source_and_config in configs:
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            sql = self._summary_sql(column)
            if sql is not None:
                summarised[column] = sql
        if not summarised:
            return await super().facet_results()
        # the others (if any) as Datasette counts them
        self.get_configs = lambda: [c for c in configs
                                    if (c["config"].get("column") or c["config"]["simple"]) not in summarised]
        results, timed_out = await super().facet_results() if self.get_configs() else ([], [])
        qs_pairs, size = self.get_querystring_pairs(), self.get_facet_size()
        for source_and_config in configs:
            column = source_and_config["config"].get("column") or source_and_config["config"]["simple"]
            if column not in summarised:
                continue
            sql, params = summarised[column]
            rows = (await db.execute(f"{sql} limit {size + 1}", params)).rows
            values = []
            for value, count in rows[:size]:
                selected = (column, str(value)) in qs_pairs
                toggle = (path_with_removed_args(self.request, {column: str(value)}) if selected
                          else path_with_added_args(self.request, {column: value}))
                values.append({"value": value, "label": value, "count": count, "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle))})
            results.append({
                "name": column, "type": self.type, "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet": column})),
                "results": values, "truncated": len(rows) > size,
            })
        return results, timed_out
