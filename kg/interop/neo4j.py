"""CSV files for ``neo4j-admin database import full`` (nodes and relationships).

Header conventions (Neo4j operations manual, "Import"): ``id:ID`` names the node id,
``:LABEL`` holds the labels, ``:START_ID``/``:END_ID``/``:TYPE`` describe relationships,
``name:string[]`` is an array. Labels are the Biolink category and the ontology class; the
relationship type is the ontology predicate (``inhibits``), its Biolink mapping a property.

Arrays and labels are split on ``|``, not on the tool's default ``;``: values such as
``t(4;11)`` contain ``;``, and neo4j-admin has no escape for its array delimiter. A value that
contains ``|`` makes the export fail (:func:`kg.interop.cells.join_multi`). Import with::

    neo4j-admin database import full --array-delimiter="|" --multiline-fields=true \\
        --nodes=kg_neo4j_nodes.csv --relationships=kg_neo4j_edges.csv neo4j
"""

from __future__ import annotations

import csv
import io

from .cells import join_multi, literal_kind
from .constants import NEO4J_ARRAY_SEPARATOR
from .view import GraphTable

__all__ = ["NODE_HEADER", "EDGE_HEADER", "IMPORT_OPTIONS", "attribute_header", "nodes_csv",
           "edges_csv"]

#: The neo4j-admin options these files need (arrays on '|', quoted fields may span lines).
IMPORT_OPTIONS: tuple[str, ...] = (f'--array-delimiter="{NEO4J_ARRAY_SEPARATOR}"',
                                   "--multiline-fields=true")

NODE_HEADER: tuple[str, ...] = (
    "id:ID", ":LABEL", "name", "category", "kgo_class", "record_id", "iri", "description",
    "synonym:string[]", "xref:string[]",
)
EDGE_HEADER: tuple[str, ...] = (
    ":START_ID", ":END_ID", ":TYPE", "id", "predicate", "negated:boolean",
    "publications:string[]", "references:int[]", "evidence", "evidence_label",
    "evidence_level", "evidence_level_label", "topic_references:int[]", "section", "table",
    "figure", "anchor", "claim", "curation_file",
)


def _arr(values: object, where: str) -> str:
    return join_multi(values, NEO4J_ARRAY_SEPARATOR, where)  # type: ignore[arg-type]


def _csv(header: tuple[str, ...], rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


#: Neo4j import type of each literal kind (:func:`kg.interop.cells.literal_kind`).
_NEO4J_TYPE = {"boolean": "boolean", "integer": "long", "real": "double", "string": "string"}


def attribute_header(t: GraphTable) -> list[tuple[str, str]]:
    """(attribute key, Neo4j header field) of every curated node attribute, sorted: the type
    from the values' datatypes, an array (``[]``) when some node has several values."""
    out = []
    names = {h.split(":")[0] for h in NODE_HEADER}
    for key in sorted({k for n in t.nodes for k in n.attributes}):
        if key in names:
            raise ValueError(f"node attribute {key!r} clashes with a Neo4j node column")
        vals = [lit for n in t.nodes for lit in n.attributes.get(key, ())]
        many = any(len(n.attributes.get(key, ())) > 1 for n in t.nodes)
        out.append((key, f"{key}:{_NEO4J_TYPE[literal_kind(vals)]}{'[]' if many else ''}"))
    return out


def nodes_csv(t: GraphTable) -> bytes:
    """Nodes CSV: one row per entity, labels = Biolink category and ontology class, then one
    typed column per curated attribute (lexical forms as in the RDF graph)."""
    attrs = attribute_header(t)
    rows: list[list[object]] = []
    for n in t.nodes:
        labels = sorted({n.category.removeprefix("biolink:"), n.kgo_class})
        row: list[object] = [n.id, _arr(labels, f"{n.id} labels"), n.name, n.category,
                             n.kgo_class, n.record_id, n.iri, n.description,
                             _arr(n.synonyms, f"{n.id} synonym"), _arr(n.xrefs, f"{n.id} xref")]
        rows.append(row + [_arr(n.attributes.get(k, ()), f"{n.id} {k}") for k, _ in attrs])
    return _csv(NODE_HEADER + tuple(h for _, h in attrs), rows)


def edges_csv(t: GraphTable) -> bytes:
    """Relationships CSV: one row per curated assertion, type = ontology predicate."""
    rows: list[list[object]] = []
    for e in t.edges:
        rows.append([e.subject, e.object, e.kgo_predicate, e.id, e.predicate,
                     "true" if e.negated else "false",
                     _arr(e.publications, f"{e.id} publications"),
                     _arr(e.references, f"{e.id} references"), e.evidence, e.evidence_label,
                     e.evidence_level, e.evidence_level_label,
                     _arr(e.topic_references, f"{e.id} topic_references"),
                     e.section, e.table, e.figure, e.anchor, e.claim, e.provided_by])
    return _csv(EDGE_HEADER, rows)
