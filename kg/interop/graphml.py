"""GraphML for Gephi and Cytoscape desktop: entities and curated assertions with attributes.

Written by networkx from a MultiDiGraph built in sorted order, so the file is byte-stable.
GraphML attributes are scalars: multivalued fields are pipe-joined.
"""

from __future__ import annotations

import io

import networkx as nx

from .constants import MULTI_SEPARATOR
from .view import GraphTable

__all__ = ["graphml_bytes", "to_multidigraph"]


def _scalar(v: object) -> str | int | float | bool:
    if isinstance(v, (list, tuple)):
        return MULTI_SEPARATOR.join(str(x) for x in v)
    if isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def to_multidigraph(t: GraphTable) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by KGX node ids, with only GraphML-writable attribute values."""
    G = nx.MultiDiGraph(name="kmt2a-kg")
    for n in t.nodes:
        attrs = {"label": n.name, "category": n.category, "kgo_class": n.kgo_class,
                 "record_id": n.record_id, "iri": n.iri, "synonym": n.synonyms,
                 "xref": n.xrefs, "description": n.description}
        G.add_node(n.id, **{k: _scalar(v) for k, v in attrs.items()})
    for e in t.edges:
        attrs = {"predicate": e.predicate, "kgo_predicate": e.kgo_predicate,
                 "negated": e.negated, "publications": e.publications,
                 "references": [str(r) for r in e.references], "evidence": e.evidence,
                 "evidence_label": e.evidence_label, "evidence_level": e.evidence_level,
                 "evidence_level_label": e.evidence_level_label,
                 "topic_references": [str(r) for r in e.topic_references],
                 "section": e.section, "table": e.table,
                 "figure": e.figure, "anchor": e.anchor, "claim": e.claim,
                 "curation_file": e.provided_by}
        G.add_edge(e.subject, e.object, key=e.id, **{k: _scalar(v) for k, v in attrs.items()})
    return G


def graphml_bytes(t: GraphTable) -> bytes:
    """The graph as GraphML (UTF-8)."""
    buf = io.BytesIO()
    nx.write_graphml_xml(to_multidigraph(t), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()
