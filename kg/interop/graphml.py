"""GraphML for Gephi, Cytoscape desktop, networkx and igraph: entities and curated assertions.

Written here rather than by networkx, whose writer gives booleans as Python's ``True``/``False``
(GraphML's ``boolean`` is XML Schema's ``true``/``false``; igraph reads ``True`` as false).
Every attribute is declared once with its GraphML type; rows come in sorted order, so the file
is byte-stable. GraphML values are scalars: multivalued fields (synonyms, xrefs, publications,
a curated attribute with several values) are ``|``-joined strings, and a value containing
``|`` makes the export fail rather than split wrongly on reading.

Read with ``nx.read_graphml(path, force_multigraph=True)`` (edge key = assertion id) or
``igraph.Graph.Read_GraphML`` (python-igraph 1.0 does not keep GraphML edge ids: use the
``assertion_id`` attribute; it keeps numbers as doubles and reads an absent boolean as false).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from rdflib import Literal

from .cells import join_multi, literal_kind, xml_safe
from .constants import MULTI_SEPARATOR
from .view import EdgeRow, GraphTable, NodeRow

__all__ = ["graphml_bytes", "node_fields", "edge_fields", "NODE_FIELDS", "EDGE_FIELDS"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"

#: Fixed node and edge attributes (name -> GraphML type); curated node attributes follow.
NODE_FIELDS: dict[str, str] = {
    "label": "string", "category": "string", "kgo_class": "string", "record_id": "string",
    "iri": "string", "synonym": "string", "xref": "string", "description": "string",
}
EDGE_FIELDS: dict[str, str] = {
    "assertion_id": "string", "predicate": "string", "kgo_predicate": "string",
    "negated": "boolean", "publications": "string", "references": "string", "evidence": "string",
    "evidence_label": "string", "evidence_level": "string", "evidence_level_label": "string",
    "topic_references": "string", "section": "string", "table": "string", "figure": "string",
    "anchor": "string", "claim": "string", "curation_file": "string",
}
_GRAPHML_TYPE = {"boolean": "boolean", "integer": "long", "real": "double", "string": "string"}


def node_fields(n: NodeRow) -> dict[str, object]:
    """The fixed attributes of a node, multivalued ones as lists."""
    return {"label": n.name, "category": n.category, "kgo_class": n.kgo_class,
            "record_id": n.record_id, "iri": n.iri, "synonym": list(n.synonyms),
            "xref": list(n.xrefs), "description": n.description}


def edge_fields(e: EdgeRow) -> dict[str, object]:
    """The attributes of an edge, multivalued ones as lists."""
    return {"assertion_id": e.id, "predicate": e.predicate, "kgo_predicate": e.kgo_predicate,
            "negated": e.negated,
            "publications": list(e.publications),
            "references": [str(r) for r in e.references],
            "evidence": e.evidence, "evidence_label": e.evidence_label,
            "evidence_level": e.evidence_level, "evidence_level_label": e.evidence_level_label,
            "topic_references": [str(r) for r in e.topic_references], "section": e.section,
            "table": e.table, "figure": e.figure, "anchor": e.anchor, "claim": e.claim,
            "curation_file": e.provided_by}


def _attribute_types(t: GraphTable) -> dict[str, str]:
    """GraphML type of each curated node attribute (string when some node has several)."""
    out = {}
    for key in sorted({k for n in t.nodes for k in n.attributes}):
        if key in NODE_FIELDS:
            raise ValueError(f"node attribute {key!r} clashes with a GraphML node field")
        vals = [lit for n in t.nodes for lit in n.attributes.get(key, ())]
        many = any(len(n.attributes.get(key, ())) > 1 for n in t.nodes)
        out[key] = "string" if many else _GRAPHML_TYPE[literal_kind(vals)]
    return out


def _text(value: object, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return join_multi(value, MULTI_SEPARATOR, where)
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def _data(key: str, value: object, where: str) -> str:
    text = xml_safe(_text(value, where), where)
    # A character reference keeps a CR (which XML parsers turn into LF) as it is.
    return f'<data key="{key}">{escape(text).replace(chr(13), "&#13;")}</data>'


def graphml_bytes(t: GraphTable) -> bytes:
    """The graph as GraphML (UTF-8): one ``<node>`` per entity (id = KGX id), one ``<edge>``
    per curated assertion (id = assertion id)."""
    attr_types = _attribute_types(t)
    node_keys = {name: f"n{i}" for i, name in enumerate([*NODE_FIELDS, *attr_types])}
    edge_keys = {name: f"e{i}" for i, name in enumerate(EDGE_FIELDS)}
    lines = ["<?xml version='1.0' encoding='utf-8'?>",
             f'<graphml xmlns="{GRAPHML_NS}" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             f'xsi:schemaLocation="{GRAPHML_NS} {_SCHEMA}">']
    for name, typ in [*NODE_FIELDS.items(), *attr_types.items()]:
        lines.append(f'  <key id="{node_keys[name]}" for="node" attr.name={quoteattr(name)} '
                     f'attr.type="{typ}" />')
    for name, typ in EDGE_FIELDS.items():
        lines.append(f'  <key id="{edge_keys[name]}" for="edge" attr.name={quoteattr(name)} '
                     f'attr.type="{typ}" />')
    lines.append('  <key id="g0" for="graph" attr.name="name" attr.type="string" />')
    lines.append('  <graph edgedefault="directed" id="kmt2a-kg">')
    lines.append('    <data key="g0">kmt2a-kg</data>')
    for n in t.nodes:
        lines.append(f"    <node id={quoteattr(xml_safe(n.id))}>")
        for name, value in node_fields(n).items():
            lines.append("      " + _data(node_keys[name], value, f"{n.id} {name}"))
        for name in attr_types:
            if name in n.attributes:
                lits = n.attributes[name]
                value = lits[0] if len(lits) == 1 else list(lits)
                lines.append("      " + _data(node_keys[name], value, f"{n.id} {name}"))
        lines.append("    </node>")
    for e in t.edges:
        lines.append(f"    <edge id={quoteattr(xml_safe(e.id))} "
                     f"source={quoteattr(e.subject)} target={quoteattr(e.object)}>")
        for name, value in edge_fields(e).items():
            lines.append("      " + _data(edge_keys[name], value, f"{e.id} {name}"))
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return ("\n".join(lines) + "\n").encode("utf-8")
