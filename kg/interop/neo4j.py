"""CSV files for ``neo4j-admin database import full`` (nodes and relationships).

Header conventions (Neo4j operations manual, "Import"): ``id:ID`` names the node id,
``:LABEL`` holds ';'-separated labels, ``:START_ID``/``:END_ID``/``:TYPE`` describe
relationships, ``name:string[]`` is an array split on ';' (the tool's default delimiter).
Labels are the Biolink category and the ontology class; the relationship type is the
ontology predicate (``inhibits``), its Biolink mapping a property.

Import with::

    neo4j-admin database import full --nodes=kg_neo4j_nodes.csv \\
        --relationships=kg_neo4j_edges.csv neo4j
"""

from __future__ import annotations

import csv
import io

from .constants import NEO4J_ARRAY_SEPARATOR
from .view import GraphTable

__all__ = ["NODE_HEADER", "EDGE_HEADER", "nodes_csv", "edges_csv"]

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


def _arr(values: object) -> str:
    return NEO4J_ARRAY_SEPARATOR.join(str(v).replace(NEO4J_ARRAY_SEPARATOR, ",")
                                      for v in values)  # type: ignore[attr-defined]


def _csv(header: tuple[str, ...], rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def nodes_csv(t: GraphTable) -> bytes:
    """Nodes CSV: one row per entity, labels = Biolink category and ontology class."""
    rows: list[list[object]] = []
    for n in t.nodes:
        labels = sorted({n.category.removeprefix("biolink:"), n.kgo_class})
        rows.append([n.id, _arr(labels), n.name, n.category, n.kgo_class, n.record_id, n.iri,
                     n.description, _arr(n.synonyms), _arr(n.xrefs)])
    return _csv(NODE_HEADER, rows)


def edges_csv(t: GraphTable) -> bytes:
    """Relationships CSV: one row per curated assertion, type = ontology predicate."""
    rows: list[list[object]] = []
    for e in t.edges:
        rows.append([e.subject, e.object, e.kgo_predicate, e.id, e.predicate,
                     "true" if e.negated else "false", _arr(e.publications),
                     _arr(e.references), e.evidence, e.evidence_label, e.evidence_level,
                     e.evidence_level_label, _arr(e.topic_references), e.section, e.table,
                     e.figure, e.anchor, e.claim, e.provided_by])
    return _csv(EDGE_HEADER, rows)
