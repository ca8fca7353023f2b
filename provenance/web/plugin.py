"""The Datasette plugin: article and source pages, claims marked in their sentence.

Registered through the ``datasette`` entry point (``provenance =
"provenance.web.plugin"``). It adds, for every database that has the
provenance tables (``articles``, ``sentences``, ``claims``, ``sources``):

- ``/<database>/-/article/<article id>``: the article text with every claim
  marked (source, cue and content in distinct styles, nested claims inside
  their parent), sentences with no attribution flagged, and a summary line;
- ``/<database>/-/source/<source id>``: a source's name, kind, the words it
  appears under and all its claims across articles;
- in tables and queries: ``claims.sentence_id`` shows the claim's sentence
  with source, cue and content marked; article titles and ``article_id``
  cells link to the article page, ``source_id`` cells to the source page.

All article text is escaped (:mod:`provenance.web.marks`); templates rely on
Jinja's autoescaping, which Datasette turns on.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response, asgi_static
from jinja2 import FileSystemLoader
from markupsafe import Markup, escape

from provenance.store import is_provenance_database
from provenance.web import lineage, marks

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
CSS_PATH = "/-/provenance/static/provenance.css"

#: One claim with its source and the article text around it (its sentence, or more
#: when the claim runs past the sentence), as ``window`` starting at ``window_start``.
CLAIM_SQL = """
select c.*, src.name as source_name, src.kind as source_kind,
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


async def marked_claim(datasette, database: str, claim_id: str, link: bool = False) -> Markup | None:
    """One claim's sentence with its source, cue and content marked (and a link to it in the article)."""
    db = datasette.get_database(database)
    rows = (await db.execute(CLAIM_SQL + " where c.id = :id", {"id": claim_id})).rows
    if not rows:
        return None
    claim = dict(rows[0])
    snippet = claim_snippet(claim)
    if link:
        href = article_url(datasette, database, claim["article_id"], f"c-{claim['id']}")
        snippet += Markup(' <a class="pv-goto" href="{}">in article</a>').format(href)
    return snippet


async def article_label(datasette, database: str, article_id) -> str | None:
    """What to call an article in a link: its title, else its doc (file name), so an untitled
    ``.txt`` article never shows as a bare hash."""
    rows = (await datasette.get_database(database).execute(
        "select coalesce(title, doc) from articles where id = :id", {"id": article_id})).rows
    return rows[0][0] if rows else None


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
def startup(datasette):
    # Our templates come after the user's --template-dir, so they can be overridden.
    loader = datasette.jinja_env.loader
    if hasattr(loader, "loaders") and not any(
        getattr(x, "searchpath", None) == [str(TEMPLATES)] for x in loader.loaders
    ):
        loader.loaders.append(FileSystemLoader(str(TEMPLATES)))


@hookimpl
def extra_css_urls(database, datasette):
    if database:
        return [{"url": datasette.urls.path(CSS_PATH)}]
    return []


@hookimpl
def register_routes():
    return [
        (r"^/-/provenance/static/(?P<path>.+)$", asgi_static(str(STATIC))),
        (r"^/(?P<database>[^/]+)/-/article/(?P<article_id>[^/]+)$", article_page),
        (r"^/(?P<database>[^/]+)/-/source/(?P<source_id>[^/]+)$", source_page),
        *lineage.ROUTES,  # the claim page (claim lineage), in its own module
    ]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column not in {"sentence_id", "title", "doc", "article_id", "source_id", "name", "claim_id", "text",
                      "claims", "anonymous"}:
        return None

    async def inner():
        if not await is_provenance_db(datasette, database):
            return None
        raw, label = _split(value)
        if raw is None:
            return None
        if table == "claims" and column == "sentence_id":
            claim_id = _get(row, "id")
            return await marked_claim(datasette, database, claim_id, link=True) if claim_id else None
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
                label = await article_label(datasette, database, raw)
            return _link(article_url(datasette, database, raw, anchor), label if label is not None else raw)
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
    attributed = sum(1 for s in sentences if marks.is_attributed(s, claims))
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
    text = article.get("text") or ""
    claims.sort(key=lambda c: (marks.claim_extent(c)[0], -marks.claim_extent(c)[1]))
    depths = marks.claim_depths(claims)
    numbers = {c["id"]: n for n, c in enumerate(claims, 1)}
    for c in claims:
        c["number"] = numbers[c["id"]]
        c["depth"] = depths[c["id"]]
        c["parent_number"] = numbers.get(c.get("parent_id"))
        c["source_url"] = source_url(datasette, database, c["source_id"]) if c.get("source_id") else None
        c["row_url"] = f"{datasette.urls.table(database, 'claims')}/{quote(c['id'], safe='')}"
    await lineage.annotate_claims(datasette, database, db, article_id, claims)  # "N other articles" -> claim page
    context = {
        "database": database,
        "article": article,
        "article_href": safe_http_url(article.get("url")),
        "marked_text": marks.mark_article(text, sentences, claims),
        "summary": summarise(sentences, claims),
        "claims": claims,
        "unattributed": [s for s in sentences if not marks.is_attributed(s, claims)],
        "metadata": datasette.metadata(),
        "row_url": f"{datasette.urls.table(database, 'articles')}/{quote(article_id, safe='')}",
        "claims_url": datasette.urls.table(database, "claims") + f"?article_id={quote(article_id, safe='')}",
        "claims_json_url": datasette.urls.table(database, "claims", format="json")
        + f"?article_id={quote(article_id, safe='')}&_shape=array",
    }
    return Response.html(await datasette.render_template("provenance_article.html", context, request=request))


async def source_page(datasette, request):
    database, db = await _resolve_database(datasette, request, "sources")
    source_id = tilde_decode(request.url_vars["source_id"])
    rows = (await db.execute("select * from sources where id = :id", {"id": source_id})).rows
    if not rows:
        raise NotFound(f"No source with id {source_id}")
    source = dict(rows[0])
    alias_sql = ("select sa.text, (select count(*) from claims c where c.source_id = sa.source_id "
                 "and c.source_text = sa.text) as n from source_aliases sa where sa.source_id = :id "
                 "order by n desc, sa.text")
    aliases = [dict(r) for r in (await db.execute(alias_sql, {"id": source_id})).rows]
    claims = [dict(r) for r in (await db.execute(
        CLAIM_SQL + " where c.source_id = :id order by a.published, a.id, c.content_start", {"id": source_id})).rows]
    for c in claims:
        c["snippet"] = claim_snippet(c)
        c["article_url"] = article_url(datasette, database, c["article_id"], f"c-{c['id']}")
        c["sentence_url"] = article_url(datasette, database, c["article_id"], f"s-{c['sentence_idx']}")
        c["row_url"] = f"{datasette.urls.table(database, 'claims')}/{quote(c['id'], safe='')}"
    context = {
        "database": database,
        "source": source,
        "aliases": aliases,
        "claims": claims,
        "articles": len({c["article_id"] for c in claims}),
        "by_type": sorted(Counter(c["type"] for c in claims).items(), key=lambda kv: (-kv[1], kv[0])),
        "by_cue_class": sorted(Counter(c.get("cue_class") or "unclassified" for c in claims).items()),
        "metadata": datasette.metadata(),
        "row_url": f"{datasette.urls.table(database, 'sources')}/{quote(source_id, safe='')}",
        "claims_json_url": datasette.urls.table(database, "claims", format="json")
        + f"?source_id={quote(source_id, safe='')}&_shape=array",
    }
    return Response.html(await datasette.render_template("provenance_source.html", context, request=request))
