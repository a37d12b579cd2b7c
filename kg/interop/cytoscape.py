"""Cytoscape.js JSON (``elements`` with ``nodes`` and ``edges``), also opened by Cytoscape desktop.

Multivalued fields stay JSON lists. Keys sorted, rows sorted by id: byte-stable.
"""

from __future__ import annotations

import json

from .view import GraphTable

__all__ = ["cytoscape_json"]


def cytoscape_json(t: GraphTable) -> bytes:
    """The graph in Cytoscape.js's ``elements`` format (https://js.cytoscape.org/#notation)."""
    nodes = [{"data": {
        "id": n.id, "name": n.name, "label": n.name, "category": n.category,
        "kgo_class": n.kgo_class, "record_id": n.record_id, "iri": n.iri,
        "synonym": list(n.synonyms), "xref": list(n.xrefs), "description": n.description,
    }} for n in t.nodes]
    edges = [{"data": {
        "id": e.id, "source": e.subject, "target": e.object, "predicate": e.predicate,
        "kgo_predicate": e.kgo_predicate, "interaction": e.kgo_predicate,
        "negated": e.negated, "publications": list(e.publications),
        "references": list(e.references), "evidence": e.evidence,
        "evidence_label": e.evidence_label, "evidence_level": e.evidence_level,
        "evidence_level_label": e.evidence_level_label,
        "topic_references": list(e.topic_references), "section": e.section, "table": e.table,
        "figure": e.figure, "anchor": e.anchor, "claim": e.claim,
        "curation_file": e.provided_by,
    }} for e in t.edges]
    doc = {"data": {"name": "kmt2a-kg"}, "directed": True, "multigraph": True,
           "elements": {"nodes": nodes, "edges": edges}}
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
