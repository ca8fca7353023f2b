"""The Datasette plugin: article and source pages, claims marked in their sentence.

The plugin is the package :mod:`provenance.web` (``datasette`` entry point ``provenance =
"provenance.web"``), which registers the hooks below; Datasette finds its ``templates/`` and
``static/`` folders itself. It adds, for every database that has the provenance tables
(``articles``, ``sentences``, ``claims``, ``sources``):

- ``/<database>/-/article/<article id>``: the article text with every claim
  marked (source, cue and content in distinct styles, nested claims inside
  their parent), sentences with no attribution flagged, and a summary line;
- ``/<database>/-/source/<source id>``: a source's name, kind, the words it
  appears under, its claims by type and cue class (from the summary tables) and
  its claims across articles, 50 a page (keyset paging: ``?after=``);
- facets read from the summary tables where counting would take seconds
  (:mod:`provenance.web.facets`);
- in tables and queries: ``claims.sentence_id`` shows the claim's sentence
  with source, cue and content marked; article titles and ``article_id``
  cells link to the article page, ``source_id`` cells to the source page.

All article text is escaped (:mod:`provenance.web.marks`); templates rely on
Jinja's autoescaping, which Datasette turns on.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import weakref
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import await_me_maybe, tilde_decode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from provenance.store import is_provenance_database
from provenance.web import lineage, marks
from provenance.web.facets import SummaryColumnFacet

#: The folder Datasette serves at /-/static-plugins/<name>/.
STATIC = Path(__file__).parent / "static"


@functools.lru_cache(maxsize=1)
def static_name() -> str:
    """The name Datasette mounts this plugin's ``static/`` under (``/-/static-plugins/<name>/``):
    the distribution's name when installed (``provenance-claims``), the module's when the plugin
    was registered by hand (:func:`provenance.web.ensure_plugin`)."""
    from datasette.plugins import get_plugins

    for info in get_plugins():
        if info.get("static_path") and Path(info["static_path"]).resolve() == STATIC.resolve():
            return info["name"]
    return "provenance-claims"

#: Claims shown per page of a source page.
SOURCE_PAGE_SIZE = 50

#: Marks around the matching words in a search snippet (FTS5 ``snippet()``; private-use characters,
#: so they cannot come from an article), turned into ``<mark>`` after escaping.
HIT_OPEN, HIT_CLOSE = "\ue000", "\ue001"

#: One claim with its source and the article text around it (its sentence, or more
#: when the claim runs past the sentence), as ``window`` starting at ``window_start``.
CLAIM_SQL = """
select c.rowid as _rowid, c.*, src.name as source_name, src.kind as source_kind,
  a.title as article_title, a.doc as article_doc, a.publisher as article_publisher, a.published as article_published,
  min(coalesce(s.start, c.cue_start), c.cue_start, c.content_start, coalesce(c.source_start, c.cue_start))
    as window_start,
  substr(a.text,
    min(coalesce(s.start, c.cue_start), c.cue_start, c.content_start, coalesce(c.source_start, c.cue_start)) + 1,
    max(coalesce(s."end", c.cue_end), c.cue_end, c.content_end, coalesce(c.source_end, c.cue_end))
    - min(coalesce(s.start, c.cue_start), c.cue_start, c.content_start, coalesce(c.source_start, c.cue_start))
  ) as window
from claims c
join articles a on a.id = c.article_id
left join sentences s on s.id = c.sentence_id
left join sources src on src.id = c.source_id
"""


# --- helpers -----------------------------------------------------------------

async def is_provenance_db(datasette, database: str | None) -> bool:
    """Whether ``database`` has the provenance tables.

    Only a yes is remembered (on the Datasette instance): a database that gets
    its tables later (served before the first ingest) is picked up then.
    """
    if not database:
        return False
    known = datasette.__dict__.setdefault("_provenance_databases", set())
    if database in known:
        return True
    try:
        db = datasette.get_database(database)
    except KeyError:
        return False
    if is_provenance_database(await db.table_names()):
        known.add(database)
        return True
    return False


def article_url(datasette, database: str, article_id: str, anchor: str = "") -> str:
    url = f"{datasette.urls.database(database)}/-/article/{quote(str(article_id), safe='')}"
    return f"{url}#{anchor}" if anchor else url


def source_url(datasette, database: str, source_id: str) -> str:
    return f"{datasette.urls.database(database)}/-/source/{quote(str(source_id), safe='')}"


def _link(href: str, text) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def _split(value):
    """(raw value, label) of a cell that may be an expanded foreign key."""
    if isinstance(value, dict) and "value" in value:
        return value["value"], value.get("label")
    return value, None


def _get(row, key):
    try:
        return _split(row[key])[0]
    except (KeyError, IndexError, TypeError):
        return None


def safe_http_url(url) -> str | None:
    """``url`` if it is an http(s) URL (never ``javascript:`` and friends)."""
    if isinstance(url, str) and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


async def _resolve_database(datasette, request, table: str):
    database = tilde_decode(request.url_vars["database"])
    if not await is_provenance_db(datasette, database):
        raise NotFound(f"Database not found or not a provenance database: {database}")
    await datasette.ensure_permissions(
        request.actor, [("view-table", (database, table)), ("view-database", database), "view-instance"]
    )
    return database, datasette.get_database(database)


# --- one query per page for the cells ------------------------------------------------------------
#
# Datasette renders a page's cells one after the other, then its template. A cell that needs another
# row (a claim's marked sentence, an untitled article's file name) registers what it needs in the
# page's batch (one per request task) and returns a LazyCell; extra_template_vars, awaited just
# before the template is rendered, fetches every batch with one query per kind, in Datasette's
# query threads; the template then asks each LazyCell for its HTML.

_BATCHES: "weakref.WeakKeyDictionary[asyncio.Task, dict]" = weakref.WeakKeyDictionary()


def _batch(database: str) -> dict:
    pages = _BATCHES.setdefault(asyncio.current_task(), {})
    return pages.setdefault(database, {"claims": set(), "articles": set(), "snippets": {}, "labels": {}})


class LazyCell:
    """A cell's HTML, made when the template writes it (after the page's batch is fetched)."""

    def __init__(self, make):
        self._make = make

    def __html__(self) -> str:
        return str(self._make())

    __str__ = __html__

    def __bool__(self) -> bool:
        return True


async def _fetch(datasette, database: str, batch: dict) -> None:
    db = datasette.get_database(database)
    if batch["claims"]:
        rows = (await db.execute(CLAIM_SQL + " where c.id in (select value from json_each(:ids))",
                                 {"ids": json.dumps(sorted(batch["claims"]))})).rows
        for row in rows:
            claim = dict(row)
            href = article_url(datasette, database, claim["article_id"], f"c-{claim['id']}")
            batch["snippets"][claim["id"]] = claim_snippet(claim) + Markup(
                ' <a class="pv-goto" href="{}">in article</a>').format(href)
    if batch["articles"]:
        rows = (await db.execute("select id, coalesce(title, doc) from articles where id in "
                                 "(select value from json_each(:ids))",
                                 {"ids": json.dumps(sorted(batch["articles"]))})).rows
        batch["labels"].update((r[0], r[1]) for r in rows)


def marked_claim_cell(database: str, claim_id: str, raw) -> LazyCell:
    """A claim's sentence with its source, cue and content marked, and a link to it in the article."""
    batch = _batch(database)
    batch["claims"].add(claim_id)
    return LazyCell(lambda: batch["snippets"].get(claim_id) or escape(raw))


def article_link_cell(datasette, database: str, article_id, anchor: str) -> LazyCell:
    """A link to an article named by its title, else its doc (file name): an untitled ``.txt``
    article never shows as a bare hash."""
    batch = _batch(database)
    batch["articles"].add(article_id)
    href = article_url(datasette, database, article_id, anchor)
    return LazyCell(lambda: _link(href, batch["labels"].get(article_id) or article_id))


def claims_count_link(datasette, database: str, table, row, column: str, count) -> Markup | None:
    """In a per-publisher query (anonymous sourcing, publisher statistics, cue classes), a count of claims
    links to those very claims in the claims table: "which of this outlet's statements rest on anonymous
    sources?" is one click from the number."""
    if not isinstance(count, int) or isinstance(count, bool) or count == 0:
        return None
    try:
        publisher = row["publisher"]
    except (KeyError, IndexError, TypeError):
        return None
    filters = [("publisher__isnull", "1") if publisher in (None, "(unknown)") else ("publisher", str(publisher))]
    try:
        cue_class = row["cue_class"]
    except (KeyError, IndexError, TypeError):
        cue_class = False
    if cue_class is not False:
        filters.append(("cue_class__isnull", "1") if cue_class in (None, "(unclassified)") else ("cue_class", str(cue_class)))
    if column == "anonymous":
        filters.append(("source_kind", "anonymous"))
    href = datasette.urls.table(database, "claims") + "?" + urlencode(filters)
    return _link(href, count)


#: Characters of an article's text shown in the articles table (the whole text made every row a page long).
PREVIEW_CHARS = 240


def article_text_preview(datasette, database: str, article_id, text) -> Markup | None:
    """The start of an article's text and a link to its page, instead of the whole text in a table cell."""
    if not isinstance(text, str) or article_id is None or len(text) <= PREVIEW_CHARS:
        return None
    cut = text[:PREVIEW_CHARS].rsplit(None, 1)[0] if " " in text[:PREVIEW_CHARS] else text[:PREVIEW_CHARS]
    return Markup('{}… <a class="pv-goto" href="{}">whole text ({:,} characters), claims marked</a>').format(
        cut, article_url(datasette, database, article_id), len(text))


def claim_snippet(claim: dict) -> Markup:
    inner = marks.mark_claim(claim["window"] or "", claim["window_start"] or 0, claim)
    return Markup('<span class="pv pv-snippet">{}</span>').format(inner)


# --- hooks ---------------------------------------------------------------------


@hookimpl
def extra_css_urls(database, datasette):
    if database:
        return [{"url": datasette.urls.static_plugins(static_name(), "provenance.css")}]
    return []


@hookimpl
def extra_template_vars(datasette):
    async def fetch_batches():
        for database, batch in (_BATCHES.pop(asyncio.current_task(), None) or {}).items():
            await _fetch(datasette, database, batch)
        return {}

    return fetch_batches


#: A search in the claims or sentences table (``?_search=``) looks at this many matches, the most
#: recently stored: a word found in half a million claims would otherwise sort, count and facet all
#: of them (seconds). The page says so; the ranked ``search`` query has a like bound (5,000 of each kind).
SEARCH_MATCHES = 10_000


@hookimpl(hookwrapper=True)
def filters_from_request(request, table, database, datasette):
    """Bound Datasette's own ``_search`` filter of the claims and sentences tables (see
    :data:`SEARCH_MATCHES`)."""
    outcome = yield
    if table in ("claims", "sentences") and "_search" in request.args:
        outcome.force_result([_bounded_search(result, datasette, database, table)
                              for result in outcome.get_result()])


def _bounded_search(result, datasette, database, table):
    fts = re.compile(rf"^(.*\(select rowid from \[?{table}_fts\]? where \[?{table}_fts\]? match [^)]*\)*)\)$", re.S)

    async def inner():
        arguments = await await_me_maybe(result)
        if arguments is None or not await is_provenance_db(datasette, database):
            return arguments
        for i, clause in enumerate(arguments.where_clauses):
            m = fts.match(clause)
            if m:
                arguments.where_clauses[i] = f"{m.group(1)} order by rowid desc limit {SEARCH_MATCHES})"
                arguments.human_descriptions.append(f"among the {SEARCH_MATCHES:,} most recently stored matches")
        return arguments

    return inner()


@hookimpl(hookwrapper=True)
def register_facet_classes():
    """Datasette's column facet, replaced by one that reads the summary tables when it can."""
    outcome = yield
    outcome.force_result([[SummaryColumnFacet if c is ColumnFacet else c for c in classes]
                          for classes in outcome.get_result()])


def highlighted(text: str) -> Markup:
    """A search snippet with its matching words in ``<mark>``, everything else escaped."""
    return Markup(str(escape(text)).replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))


@hookimpl
def register_routes():
    return [
        (r"^/(?P<database>[^/]+)/-/article/(?P<article_id>[^/]+)$", article_page),
        (r"^/(?P<database>[^/]+)/-/source/(?P<source_id>[^/]+)$", source_page),
        *lineage.ROUTES,  # the claim page (claim lineage), in its own module
    ]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column not in {"sentence_id", "title", "doc", "article_id", "source_id", "name", "claim_id", "text",
                      "claims", "anonymous", "snippet"}:
        return None
    if column == "snippet" and table is None and isinstance(value, str):
        return highlighted(value)

    async def inner():
        if not await is_provenance_db(datasette, database):
            return None
        raw, label = _split(value)
        if raw is None:
            return None
        if table == "claims" and column == "sentence_id":
            claim_id = _get(row, "id")
            return marked_claim_cell(database, claim_id, raw) if claim_id else None
        if table == "articles" and column == "text":
            return article_text_preview(datasette, database, _get(row, "id"), raw)
        if column == "text":
            return None
        if column in ("claims", "anonymous"):
            return claims_count_link(datasette, database, table, row, column, raw) if table is None else None
        if table == "articles" and (column == "title" or (column == "doc" and not _get(row, "title"))):
            return _link(article_url(datasette, database, _get(row, "id")), raw)
        if table == "sources" and column == "name":
            return _link(source_url(datasette, database, _get(row, "id")), raw)
        if column == "article_id":
            anchor = ""
            if table == "claims" and _get(row, "id"):
                anchor = f"c-{_get(row, 'id')}"
            elif table == "sentences" and _get(row, "idx") is not None:
                anchor = f"s-{_get(row, 'idx')}"
            elif table is None and _get(row, "claim_id"):
                anchor = f"c-{_get(row, 'claim_id')}"
            elif table is None and _get(row, "sentence") is not None:
                anchor = f"s-{_get(row, 'sentence')}"
            if label is None:
                return article_link_cell(datasette, database, raw, anchor)
            return _link(article_url(datasette, database, raw, anchor), label)
        if column == "source_id":
            return _link(source_url(datasette, database, raw), label if label is not None else raw)
        if column == "claim_id" and table is None:
            return _link(f"{datasette.urls.table(database, 'claims')}/{quote(str(raw), safe='')}", raw)
        return None

    return inner


# --- pages ---------------------------------------------------------------------


def summarise(sentences: list[dict], claims: list[dict]) -> dict:
    """The article summary line: sentences, attributed share, claims by type and by sourcing."""
    n = len(sentences)
    attributed = sum(1 for s in sentences if s.get("attributed"))
    by_type = Counter(c["type"] for c in claims)
    sourcing = Counter(
        "none" if not c.get("source_id") else ("anonymous" if c.get("source_kind") == "anonymous" else "named")
        for c in claims
    )
    return {
        "sentences": n,
        "attributed": attributed,
        "unattributed": n - attributed,
        "attributed_pct": round(100.0 * attributed / n) if n else 0,
        "claims": len(claims),
        "by_type": sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])),
        "named": sourcing["named"],
        "anonymous": sourcing["anonymous"],
        "no_source": sourcing["none"],
        "hedges": by_type.get("hedge", 0),
        "cue_classes": sorted(Counter(c.get("cue_class") or "unclassified" for c in claims).items()),
    }


def claim_rows(claims: list[dict]) -> Markup:
    """The rows of the article page's claims table (built here rather than in the template, so
    that a huge article's thousands of rows are made in the worker thread too). Every value from
    the database goes through ``escape`` (markupsafe's C escaper: ``Markup.format`` took 2 s for
    the 6,700 claims of a 400 KB article)."""
    e = escape
    out = []
    for c in claims:
        if c.get("source_url"):
            source = f'<a href="{e(c["source_url"])}">{e(c.get("source_name") or c.get("source_text"))}</a>'
            if c.get("source_name") and c.get("source_text") != c["source_name"]:
                source += f' <span class="pv-as">as “{e(c["source_text"])}”</span>'
        else:
            source = "<em>no source</em>"
        within = f'<a href="#c-{e(c["parent_id"])}">{e(c["parent_number"])}</a>' if c.get("parent_number") else ""
        elsewhere = ""
        if c.get("elsewhere"):  # claim lineage: who else reported it (provenance.web.lineage.annotate_claims)
            n = c["elsewhere"]
            elsewhere = (f'<br><a class="pv-elsewhere" href="{e(c["claim_url"])}" title="who else reported it">'
                         f'{e(n)} other article{"" if n == 1 else "s"}</a>')
        out.append(
            f'<tr class="pv-depth-{e(c["depth"])}"><td><a href="#c-{e(c["id"])}">{e(c["number"])}</a> '
            f'<a href="{e(c["row_url"])}" title="row">↗</a>{elsewhere}</td>'
            f'<td>{e(c["type"])}</td><td>{source}</td><td>{e(c.get("source_kind") or "")}</td>'
            f'<td>{e(c["cue_text"])} <span class="pv-lemma">({e(c.get("cue_lemma"))})</span></td>'
            f'<td>{e(c.get("cue_class") or "")}</td>'
            f'<td class="pv-indent" style="padding-left: {0.5 + 1.5 * c["depth"]}em">{e(c["content_text"])}</td>'
            f"<td>{within}</td></tr>\n"
        )
    return Markup("".join(out))


def article_parts(text: str, sentences: list[dict], claims: list[dict], source_href, row_href) -> dict:
    """Everything of the article page computed from its rows, in time linear in the text, the
    sentences and the claims (``sentences.attributed`` is read, not recomputed): run in a worker
    thread, so a huge article never holds up the server's other requests. ``source_href(id)`` and
    ``row_href(id)`` make the links of a claim's source and row."""
    claims.sort(key=lambda c: (marks.claim_extent(c)[0], -marks.claim_extent(c)[1]))
    depths = marks.claim_depths(claims)
    numbers = {c["id"]: n for n, c in enumerate(claims, 1)}
    for c in claims:
        c["number"] = numbers[c["id"]]
        c["depth"] = depths[c["id"]]
        c["parent_number"] = numbers.get(c.get("parent_id"))
        c["source_url"] = source_href(c["source_id"]) if c.get("source_id") else None
        c["row_url"] = row_href(c["id"])
    return {
        "marked_text": marks.mark_article(text, sentences, claims),
        "summary": summarise(sentences, claims),
        "claim_rows": claim_rows(claims),
        "unattributed": [s for s in sentences if not s.get("attributed")],
    }


async def article_page(datasette, request):
    database, db = await _resolve_database(datasette, request, "articles")
    article_id = tilde_decode(request.url_vars["article_id"])
    rows = (await db.execute("select * from articles where id = :id", {"id": article_id})).rows
    if not rows:
        raise NotFound(f"No article with id {article_id}")
    article = dict(rows[0])
    sentences = [dict(r) for r in (await db.execute(
        "select * from sentences where article_id = :id order by idx", {"id": article_id})).rows]
    claims = [dict(r) for r in (await db.execute(
        "select c.*, src.name as source_name, src.kind as source_kind from claims c "
        "left join sources src on src.id = c.source_id where c.article_id = :id", {"id": article_id})).rows]
    await lineage.annotate_claims(datasette, database, db, article_id, claims)  # "N other articles" -> claim page
    claims_table = datasette.urls.table(database, "claims")
    parts = await asyncio.to_thread(
        article_parts, article.get("text") or "", sentences, claims,
        lambda sid: source_url(datasette, database, sid), lambda cid: f"{claims_table}/{quote(cid, safe='')}")
    context = {
        "database": database,
        "article": article,
        "article_href": safe_http_url(article.get("url")),
        **parts,
        "claims": claims,
        "metadata": datasette.metadata(),
        "row_url": f"{datasette.urls.table(database, 'articles')}/{quote(article_id, safe='')}",
        "claims_url": datasette.urls.table(database, "claims") + f"?article_id={quote(article_id, safe='')}",
        "claims_json_url": datasette.urls.table(database, "claims", format="json")
        + f"?article_id={quote(article_id, safe='')}&_shape=array",
    }
    html = await datasette.render_template("provenance_article.html", context, request=request)
    return Response.html(html)


async def source_page(datasette, request):
    database, db = await _resolve_database(datasette, request, "sources")
    source_id = tilde_decode(request.url_vars["source_id"])
    rows = (await db.execute("select * from sources where id = :id", {"id": source_id})).rows
    if not rows:
        raise NotFound(f"No source with id {source_id}")
    source = dict(rows[0])
    summary = (await db.execute(
        "select claims, articles from source_summary where source_id = :id", {"id": source_id})).rows
    total, articles = (summary[0][0], summary[0][1]) if summary else (0, 0)
    counts: dict[str, list] = {"type": [], "cue_class": [], "alias": []}
    for facet, value, n in (await db.execute(
            "select facet, value, claims from source_claim_counts where source_id = :id "
            "order by facet, claims desc, value", {"id": source_id})).rows:
        counts.setdefault(facet, []).append((value, n))
    try:
        after = int(request.args.get("after", ""))
    except ValueError:
        after = None
    # keyset paging over the index of claims by source (its rows are in rowid order)
    claims = [dict(r) for r in (await db.execute(
        CLAIM_SQL.replace("from claims c", "from claims c indexed by idx_claims_source_id", 1)
        + " where c.source_id = :id and (:after is null or c.rowid > :after) order by c.rowid limit :n",
        {"id": source_id, "after": after, "n": SOURCE_PAGE_SIZE + 1})).rows]
    more = len(claims) > SOURCE_PAGE_SIZE
    claims = claims[:SOURCE_PAGE_SIZE]
    for c in claims:
        c["snippet"] = claim_snippet(c)
        c["article_url"] = article_url(datasette, database, c["article_id"], f"c-{c['id']}")
        c["sentence_url"] = article_url(datasette, database, c["article_id"], f"s-{c['sentence_idx']}")
        c["row_url"] = f"{datasette.urls.table(database, 'claims')}/{quote(c['id'], safe='')}"
    page_url = source_url(datasette, database, source_id)
    context = {
        "database": database,
        "source": source,
        "aliases": [{"text": text, "n": n} for text, n in counts["alias"]],
        "claims": claims,
        "total": total,
        "articles": articles,
        "first": after is None,
        "first_url": page_url,
        "next_url": f"{page_url}?after={claims[-1]['_rowid']}" if more else None,
        "by_type": sorted(counts["type"], key=lambda kv: (-kv[1], kv[0])),
        "by_cue_class": sorted((value or "unclassified", n) for value, n in counts["cue_class"]),
        "metadata": datasette.metadata(),
        "row_url": f"{datasette.urls.table(database, 'sources')}/{quote(source_id, safe='')}",
        "claims_json_url": datasette.urls.table(database, "claims", format="json")
        + f"?source_id={quote(source_id, safe='')}&_shape=array",
    }
    return Response.html(await datasette.render_template("provenance_source.html", context, request=request))
