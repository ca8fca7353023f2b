"""The claim page: ``/<database>/-/claim/<claim id>`` (``.json`` for JSON).

The claim marked in its sentence, then its cluster (:mod:`provenance.lineage`): "also reported in N
articles by M outlets" as a timeline (date, outlet, how it was attributed, drift badges, relay arrows),
the first report and the origin, and the cluster's flags. Every read is an indexed lookup (the claim,
its lineage item, its cluster row, one page of members by ``(cluster_id, position)``), so the page
costs the same at 100,000 articles; a long timeline is paged (``?after=<position>``).
"""

from __future__ import annotations

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response

from provenance.lineage import schema as lineage_schema
from provenance.lineage.summary import stated_as_fact

#: Members shown per page of a timeline.
PAGE = 50

_MEMBERS = """
select i.id, i.kind, i.position, i.relay_to, i.relayed_from, i.drift, i.article_id, i.sentence_id,
  a.title as article_title, a.doc as article_doc, a.publisher, a.published,
  s.idx as sentence_idx, s.text as sentence_text,
  c.type, c.cue_text, c.cue_class, c.source_kind, src.name as source_name
from lineage_items i
join articles a on a.id = i.article_id
left join sentences s on s.id = i.sentence_id
left join claims c on c.id = i.id
left join sources src on src.id = c.source_id
where i.cluster_id = :cluster and i.position > :after
order by i.position
limit :limit
"""


def claim_url(datasette, database: str, claim_id: str) -> str:
    """The claim page's URL: the id tilde-encoded (as Datasette encodes row ids), so that an id with a
    dot in it is not read as a format suffix."""
    return f"{datasette.urls.database(database)}/-/claim/{tilde_encode(str(claim_id))}"


def attribution(m: dict) -> str:
    """How a member was attributed, in a few words."""
    if m["kind"] == "sentence":
        return "stated as fact (no attribution)" if stated_as_fact(m) else "quoted, no speaker found"
    if m.get("source_name"):
        kind = f" ({m['source_kind']})" if m.get("source_kind") else ""
        return f"{m['source_name']}{kind} {m.get('cue_text') or ''}".strip()
    return f"no source, {m.get('cue_text') or m.get('type')}"


async def annotate_claims(datasette, database: str, db, article_id: str, claims: list[dict]) -> None:
    """Give each claim of an article's page ``claim_url`` (its claim page) and ``elsewhere`` (how many
    other articles carry its statement; 0 when none does). One indexed query per page."""
    others = {}
    if lineage_schema.present(await db.table_names()):
        rows = (await db.execute(
            "select i.id, lc.articles - 1 from lineage_items i join lineage_clusters lc on lc.id = i.cluster_id "
            "where i.article_id = :id and i.kind = 'claim'", {"id": article_id})).rows
        others = {r[0]: r[1] for r in rows}
    for c in claims:
        c["claim_url"] = claim_url(datasette, database, c["id"])
        c["elsewhere"] = others.get(c["id"], 0)


async def claim_page(datasette, request):
    from provenance.web.plugin import CLAIM_SQL, _resolve_database, article_url, claim_snippet, source_url

    database, db = await _resolve_database(datasette, request, "claims")
    claim_id = tilde_decode(request.url_vars["claim_id"])
    as_json = bool(request.url_vars.get("format"))
    rows = (await db.execute(CLAIM_SQL + " where c.id = :id", {"id": claim_id})).rows
    if not rows:
        raise NotFound(f"No claim with id {claim_id}")
    claim = dict(rows[0])
    item = cluster = None
    if lineage_schema.present(await db.table_names()):
        found = (await db.execute("select * from lineage_items where id = :id", {"id": claim_id})).rows
        item = dict(found[0]) if found else None
    if item and item.get("cluster_id"):
        found = (await db.execute("select * from lineage_clusters where id = :id", {"id": item["cluster_id"]})).rows
        cluster = dict(found[0]) if found else None
    try:
        after = int(request.args.get("after", -1))
    except ValueError:
        after = -1
    members, next_after = [], None
    if cluster:
        members = [dict(r) for r in (await db.execute(
            _MEMBERS, {"cluster": cluster["id"], "after": after, "limit": PAGE + 1})).rows]
        if len(members) > PAGE:
            members = members[:PAGE]
            next_after = members[-1]["position"]
    sources = sorted({m["relayed_from"] for m in members if m["relayed_from"]})
    positions = {}
    if sources:
        marks_ = ",".join(f":s{i}" for i in range(len(sources)))
        positions = dict((await db.execute(
            f"select id, position from lineage_items where id in ({marks_})", {f"s{i}": s for i, s in enumerate(sources)})).rows)
    for m in members:
        m["relayed_from_position"] = positions[m["relayed_from"]] + 1 if m["relayed_from"] in positions else None
        m["drift"] = m["drift"].split(",") if m["drift"] else []
        m["attribution"] = attribution(m)
        m["is_this"] = m["id"] == claim_id
        m["url"] = (claim_url(datasette, database, m["id"]) if m["kind"] == "claim"
                    else article_url(datasette, database, m["article_id"], f"s-{m['sentence_idx']}"))
        m["article_url"] = article_url(datasette, database, m["article_id"])
        m["is_origin"] = cluster and m["id"] == cluster.get("origin_item")
    if as_json:
        data = {
            "claim": {k: claim[k] for k in ("id", "article_id", "type", "source_id", "source_name", "source_kind",
                                            "cue_text", "cue_class", "content_text", "article_title", "article_publisher",
                                            "article_published")},
            "cluster": cluster,
            "members": [{k: m[k] for k in ("id", "kind", "position", "article_id", "article_title", "publisher",
                                           "published", "attribution", "relay_to", "relayed_from", "drift")}
                        for m in members],
            "next": f"?after={next_after}" if next_after is not None else None,
        }
        return Response.json(data, default=str)
    context = {
        "database": database,
        "claim": claim,
        "snippet": claim_snippet(claim),
        "article_url": article_url(datasette, database, claim["article_id"], f"c-{claim_id}"),
        "source_url": source_url(datasette, database, claim["source_id"]) if claim.get("source_id") else None,
        "cluster": cluster,
        "members": members,
        "after": after,
        "next_url": f"?after={next_after}" if next_after is not None else None,
        "json_url": claim_url(datasette, database, claim_id) + ".json" + (f"?after={after}" if after >= 0 else ""),
        "row_url": f"{datasette.urls.table(database, 'claims')}/{tilde_encode(claim_id)}",
        "metadata": datasette.metadata(),
    }
    return Response.html(await datasette.render_template("provenance_claim.html", context, request=request))


ROUTES = [(r"^/(?P<database>[^/]+)/-/claim/(?P<claim_id>[0-9a-zA-Z_~-]+?)(?P<format>\.json)?$", claim_page)]
