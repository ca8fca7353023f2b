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

import contextlib
import datetime as dt
import gc
import json
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

import sqlite_utils
from prov.model import PROV, ProvDocument
from prov.serializers.provjson import encode_json_document

from provenance.lineage import schema as lineage_schema

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


def _database(db) -> sqlite_utils.Database:
    return db if isinstance(db, sqlite_utils.Database) else sqlite_utils.Database(db)


def _new_document() -> ProvDocument:
    doc = ProvDocument()
    doc.set_default_namespace(NAMESPACE)
    doc.add_namespace("pv", NAMESPACE)
    return doc


def _rows(db: sqlite_utils.Database, sql: str) -> Iterator[dict]:
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


#: Records of one document section, added :data:`CHUNK` rows at a time.
CHUNK = 2000


def _documents(db: sqlite_utils.Database, new_document: Callable[[], ProvDocument]) -> Iterator[ProvDocument]:
    """The PROV records of ``db``, added to documents from ``new_document()``: one for the runs and
    then one per :data:`CHUNK` articles, sources or claims. Records refer to each other by
    identifier, so a document need not hold the records it names. :func:`to_prov` gives one
    document to all of them, :func:`write_prov_json` writes each out and forgets it (memory
    independent of the number of claims). The one place that says what is what."""
    def pv(doc: ProvDocument, local: str):
        return doc.valid_qualified_name(f"pv:{local}")

    def run_id(doc, version) -> object:
        return pv(doc, f"extraction-{_slug(version or 'unknown')}")

    doc = new_document()
    extractor = pv(doc, "extractor")
    doc.agent(extractor, {"prov:type": PROV["SoftwareAgent"], "prov:label": "provenance"})
    runs = db.execute(
        "select coalesce(extractor_version, 'unknown'), min(ingested_at), max(ingested_at) from articles group by 1"
    ).fetchall()
    for version, first, last in runs:
        run = doc.activity(
            run_id(doc, version), _time(first), _time(last),
            {"prov:type": pv(doc, "Extraction"), "prov:label": f"claim extraction, extractor {version}",
             "pv:extractorVersion": version},
        )
        doc.wasAssociatedWith(run, extractor)
    yield doc

    def chunked(sql: str, add) -> Iterator[ProvDocument]:
        doc = None
        for n, row in enumerate(_rows(db, sql)):
            if n % CHUNK == 0:
                if doc is not None:
                    yield doc
                doc = new_document()
            add(doc, row)
        if doc is not None:
            yield doc

    def add_article(doc, a) -> None:
        ent = doc.entity(pv(doc, f"article-{a['id']}"), _attrs({
            "prov:type": pv(doc, "Article"),
            "prov:label": a.get("title") or a.get("doc"),
            "pv:title": a.get("title"),
            "pv:url": a.get("url"),
            "pv:publisher": a.get("publisher"),
            "pv:author": a.get("author"),
            "pv:published": a.get("published"),
            "pv:doc": a.get("doc"),
            "pv:sha256": a.get("sha256"),
        }))
        doc.used(run_id(doc, a.get("extractor_version")), ent)

    def add_source(doc, s) -> None:
        types = [pv(doc, "Source")]
        if s.get("kind") in _AGENT_TYPES:
            types.insert(0, PROV[_AGENT_TYPES[s["kind"]]])
        attributes = [("prov:type", t) for t in types]
        attributes += [("prov:label", s["name"]), ("pv:kind", s.get("kind") or "unknown")]
        doc.agent(pv(doc, f"source-{s['id']}"), attributes)

    def add_claim(doc, c) -> None:
        article = pv(doc, f"article-{c['article_id']}") if c["_article_exists"] else None
        ent = doc.entity(pv(doc, f"claim-{c['id']}"), _attrs({
            "prov:type": pv(doc, "Claim"),
            "prov:value": c["content_text"],
            "prov:label": f"{c['type']}: {c['content_text']}",
            "pv:claimType": c["type"],
            "pv:article": article,
            "pv:sentence": c.get("sentence_idx"),
            "pv:sourceText": c.get("source_text"),
            "pv:cue": c.get("cue_text"),
            "pv:cueLemma": c.get("cue_lemma"),
            "pv:cueClass": c.get("cue_class"),
            "pv:contentStart": c.get("content_start"),
            "pv:contentEnd": c.get("content_end"),
            "pv:contentSegments": c.get("content_segments"),
            "pv:confidence": c.get("confidence"),
            "pv:cluster": c.get("_cluster"),
        }))
        run = run_id(doc, c["_version"]) if c["_article_exists"] else None
        if run is not None:
            doc.wasGeneratedBy(ent, run)
        if c.get("source_id") and c["_source_exists"]:
            doc.wasAttributedTo(ent, pv(doc, f"source-{c['source_id']}"))
        if c["type"] == "direct" and article is not None:
            doc.wasQuotedFrom(ent, article, activity=run)
        if c.get("parent_id") and c["_parent_exists"]:
            doc.wasDerivedFrom(ent, pv(doc, f"claim-{c['parent_id']}"), other_attributes={"prov:type": pv(doc, "PassedOn")})
        if c.get("_relayed_from") and c["_relayed_exists"]:  # claim lineage: the earlier report it was relayed from
            doc.wasDerivedFrom(ent, pv(doc, f"claim-{c['_relayed_from']}"), other_attributes={"prov:type": pv(doc, "Relayed")})

    lineage = lineage_schema.present(db.table_names())
    yield from chunked("select * from articles order by id", add_article)
    yield from chunked("select * from sources order by id", add_source)
    yield from chunked(
        """select c.*, a.id is not null as _article_exists, coalesce(a.extractor_version, 'unknown') as _version,
             exists (select 1 from sources s where s.id = c.source_id) as _source_exists,
             exists (select 1 from claims p where p.id = c.parent_id) as _parent_exists"""
        + (""", li.cluster_id as _cluster, li.relayed_from as _relayed_from,
             exists (select 1 from claims r where r.id = li.relayed_from) as _relayed_exists
           from claims c left join articles a on a.id = c.article_id
             left join lineage_items li on li.id = c.id and li.kind = 'claim' and li.cluster_id is not null"""
           if lineage else """
           from claims c left join articles a on a.id = c.article_id""")
        + """
           order by c.article_id, c.content_start, c.id""",
        add_claim,
    )


def to_prov(db: Union[sqlite_utils.Database, str, Path]) -> ProvDocument:
    """Every article, claim and source of ``db`` as one PROV document (in memory: for a small
    database; :func:`write_prov_json` streams a big one)."""
    doc = _new_document()
    for _ in _documents(_database(db), lambda: doc):
        pass
    return doc


def to_prov_json(db, *, indent: Optional[int] = 2) -> str:
    """PROV-JSON text of :func:`to_prov`."""
    return to_prov(db).serialize(format="json", indent=indent)


def write_prov_json(db, out) -> None:
    """Write PROV-JSON of ``db`` to ``out`` (a path or a text file object), streaming: the records
    are made :data:`CHUNK` at a time and each PROV-JSON section (entity, agent, wasGeneratedBy, ...)
    is gathered in a temporary file, then the sections are written one after the other. Memory
    stays flat whatever the number of claims; ``prov.read`` reads the result as :func:`to_prov`."""
    if not hasattr(out, "write"):
        with open(out, "w", encoding="utf-8") as f:
            write_prov_json(db, f)
        return
    sections: dict[str, object] = {}
    prefixes: dict = {}
    anonymous = 0
    with contextlib.ExitStack() as stack:
        for doc in _documents(_database(db), _new_document):
            container = encode_json_document(doc)
            prefixes.update(container.pop("prefix", {}))
            for label, records in container.items():
                if not records:
                    continue
                if label not in sections:
                    sections[label] = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
                    first = True
                else:
                    first = False
                f = sections[label]
                for rid, record in records.items():
                    if rid.startswith("_:"):  # blank-node ids restart in every chunk: number them anew
                        anonymous += 1
                        rid = f"_:id{anonymous}"
                    f.write(("" if first else ",\n") + json.dumps(rid) + ": " + json.dumps(record))
                    first = False
            # a document and its records refer to each other: free the chunk now, not at the next
            # full collection (which could be millions of records later)
            del doc, container
            gc.collect()
        out.write("{\n" + json.dumps("prefix") + ": " + json.dumps(prefixes))
        for label, f in sections.items():
            out.write(",\n" + json.dumps(label) + ": {\n")
            f.seek(0)
            shutil.copyfileobj(f, out)
            out.write("\n}")
        out.write("\n}\n")


def counts(document: ProvDocument) -> dict:
    """How many records of each PROV kind a document holds (for summaries and tests)."""
    out: dict[str, int] = {}
    for record in document.get_records():
        name = record.get_type().localpart
        out[name] = out.get(name, 0) + 1
    return dict(sorted(out.items()))


__all__ = ["NAMESPACE", "to_prov", "to_prov_json", "write_prov_json", "counts"]
