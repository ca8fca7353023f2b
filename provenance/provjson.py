"""The database as W3C PROV (a :class:`prov.model.ProvDocument`, serialised as PROV-JSON).

What is what (namespace ``pv:`` = :data:`NAMESPACE`):

- each article is an entity ``pv:article-<id>`` (``prov:type pv:Article``; title,
  URL, publisher, date, SHA-256 of the text);
- each claim is an entity ``pv:claim-<id>`` (``prov:type pv:Claim``;
  ``prov:value`` its content, type, cue, cue class, the source as written,
  character offsets and ``pv:article``, the article it is in);
- each source is an agent ``pv:source-<id>`` (``prov:Person`` for people,
  ``prov:Organization`` for organisations and publications, with
  ``pv:kind`` the project's source kind);
- each extraction run (one per extractor version) is an activity
  ``pv:extraction-<version>``, associated with the software agent
  ``pv:extractor``; it ``used`` the articles it read and generated the claims
  (``wasGeneratedBy``);
- ``wasAttributedTo(claim, source)``: the claim is the source's;
- ``wasQuotedFrom(claim, article)`` for direct quotes: the claim's words are the
  article's words, verbatim, taken by the extraction run;
- ``wasDerivedFrom(claim, parent claim)`` for nesting: "According to X,
  analysts view ..." — the analysts' claim was found inside, and passed on by,
  X's claim (``prov:type pv:PassedOn``);
- ``wasDerivedFrom(claim, earlier claim)`` typed ``pv:Relayed`` for claim lineage
  (:mod:`provenance.lineage`): the claim credits an outlet ("according to the
  Harbour Times") or is wire copy, and the earlier claim of its cluster,
  published by that outlet, is what it was relayed from; claims of a cluster
  carry ``pv:cluster``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional, Union

import sqlite_utils
from prov.model import PROV, ProvDocument

#: The namespace of provenance's own terms and identifiers.
NAMESPACE = "https://provenance.invalid/ns#"

_AGENT_TYPES = {"person": "Person", "organization": "Organization", "publication": "Organization"}


def _time(value) -> Optional[dt.datetime]:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _attrs(pairs: dict) -> dict:
    """Drop empty values (PROV has no null)."""
    return {k: v for k, v in pairs.items() if v is not None and v != ""}


def _slug(value) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in str(value))


def to_prov(db: Union[sqlite_utils.Database, str, Path]) -> ProvDocument:
    """Every article, claim and source of ``db`` as a PROV document."""
    if not isinstance(db, sqlite_utils.Database):
        db = sqlite_utils.Database(db)
    doc = ProvDocument()
    doc.set_default_namespace(NAMESPACE)
    pv = doc.add_namespace("pv", NAMESPACE)

    extractor = doc.agent(pv["extractor"], {"prov:type": PROV["SoftwareAgent"], "prov:label": "provenance"})

    runs: dict[str, object] = {}
    run_of_article: dict[str, object] = {}
    articles = list(db.query("select * from articles order by id"))
    by_version: dict[str, list[dict]] = {}
    for a in articles:
        by_version.setdefault(a.get("extractor_version") or "unknown", []).append(a)
    for version, group in sorted(by_version.items()):
        times = sorted(t for t in (_time(a.get("ingested_at")) for a in group) if t)
        run = doc.activity(
            pv[f"extraction-{_slug(version)}"],
            times[0] if times else None,
            times[-1] if times else None,
            {"prov:type": pv["Extraction"], "prov:label": f"claim extraction, extractor {version}",
             "pv:extractorVersion": version},
        )
        doc.wasAssociatedWith(run, extractor)
        runs[version] = run
        for a in group:
            run_of_article[a["id"]] = run

    article_entities = {}
    for a in articles:
        ent = doc.entity(pv[f"article-{a['id']}"], _attrs({
            "prov:type": pv["Article"],
            "prov:label": a.get("title") or a.get("doc"),
            "pv:title": a.get("title"),
            "pv:url": a.get("url"),
            "pv:publisher": a.get("publisher"),
            "pv:author": a.get("author"),
            "pv:published": a.get("published"),
            "pv:doc": a.get("doc"),
            "pv:sha256": a.get("sha256"),
        }))
        article_entities[a["id"]] = ent
        doc.used(run_of_article[a["id"]], ent)

    agents = {}
    for s in db.query("select * from sources order by id"):
        types = [pv["Source"]]
        if s.get("kind") in _AGENT_TYPES:
            types.insert(0, PROV[_AGENT_TYPES[s["kind"]]])
        attributes = [("prov:type", t) for t in types]
        attributes += [("prov:label", s["name"]), ("pv:kind", s.get("kind") or "unknown")]
        agents[s["id"]] = doc.agent(pv[f"source-{s['id']}"], attributes)

    lineage = {}
    if "lineage_items" in db.table_names():
        lineage = {r[0]: (r[1], r[2]) for r in db.execute(
            "select id, cluster_id, relayed_from from lineage_items where kind = 'claim' and cluster_id is not null")}
    claims = list(db.query("select * from claims order by article_id, content_start, id"))
    entities = {}
    for c in claims:
        article = article_entities.get(c["article_id"])
        attributes = _attrs({
            "prov:type": pv["Claim"],
            "prov:value": c["content_text"],
            "prov:label": f"{c['type']}: {c['content_text']}",
            "pv:claimType": c["type"],
            "pv:article": article.identifier if article is not None else None,
            "pv:sentence": c.get("sentence_idx"),
            "pv:sourceText": c.get("source_text"),
            "pv:cue": c.get("cue_text"),
            "pv:cueLemma": c.get("cue_lemma"),
            "pv:cueClass": c.get("cue_class"),
            "pv:contentStart": c.get("content_start"),
            "pv:contentEnd": c.get("content_end"),
            "pv:contentSegments": c.get("content_segments"),
            "pv:confidence": c.get("confidence"),
            "pv:cluster": lineage.get(c["id"], (None, None))[0],
        })
        ent = doc.entity(pv[f"claim-{c['id']}"], attributes)
        entities[c["id"]] = ent
        run = run_of_article.get(c["article_id"])
        if run is not None:
            doc.wasGeneratedBy(ent, run)
        if c.get("source_id") and c["source_id"] in agents:
            doc.wasAttributedTo(ent, agents[c["source_id"]])
        if c["type"] == "direct" and article is not None:
            doc.wasQuotedFrom(ent, article, activity=run)
    for c in claims:
        parent = c.get("parent_id")
        if parent and parent in entities:
            doc.wasDerivedFrom(entities[c["id"]], entities[parent], other_attributes={"prov:type": pv["PassedOn"]})
        relayed_from = lineage.get(c["id"], (None, None))[1]
        if relayed_from and relayed_from in entities:
            doc.wasDerivedFrom(entities[c["id"]], entities[relayed_from], other_attributes={"prov:type": pv["Relayed"]})
    return doc


def to_prov_json(db, *, indent: Optional[int] = 2) -> str:
    """PROV-JSON text of :func:`to_prov`."""
    return to_prov(db).serialize(format="json", indent=indent)


def write_prov_json(db, out) -> None:
    """Write PROV-JSON to ``out`` (a path or a text file object)."""
    text = to_prov_json(db)
    if hasattr(out, "write"):
        out.write(text)
        out.write("\n")
    else:
        Path(out).write_text(text + "\n", encoding="utf-8")


def counts(document: ProvDocument) -> dict:
    """How many records of each PROV kind a document holds (for summaries and tests)."""
    out: dict[str, int] = {}
    for record in document.get_records():
        name = record.get_type().localpart
        out[name] = out.get(name, 0) + 1
    return dict(sorted(out.items()))


__all__ = ["NAMESPACE", "to_prov", "to_prov_json", "write_prov_json", "counts"]
