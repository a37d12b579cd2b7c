"""A networkx view of the RDF graph: entities as nodes, curated edges with their provenance.

Derived from the RDF graph only (never from the curated files), so the two cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from .constants import KG, KGO

__all__ = ["to_networkx", "local_id"]


def local_id(iri: URIRef | str) -> str:
    """The record id of a project IRI (``kg:MEN1`` -> ``MEN1``)."""
    s = str(iri)
    return s[len(str(KG)):] if s.startswith(str(KG)) else s


#: Classes whose instances are not entity nodes (they describe or measure the entities).
_NOT_NODES = {KGO.Measurement, KGO.Publication}

_EDGES = """
PREFIX kgo: <https://w3id.org/kmt2a-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?s ?p ?o ?pkey ?ev ?evlabel ?level ?levelcode ?levellabel ?section ?table ?figure
       ?anchor ?claim ?file WHERE {
  ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     kgo:evidence_type ?ev ; kgo:anchor ?anchor ; kgo:claim ?claim ; kgo:section ?section ;
     kgo:curation_file ?file ; kgo:evidence_level ?level .
  ?level kgo:levelCode ?levelcode ; rdfs:label ?levellabel .
  ?p kgo:yamlKey ?pkey .
  ?ev rdfs:label ?evlabel .
  FILTER(isIRI(?o))
  OPTIONAL { ?a kgo:table ?table }
  OPTIONAL { ?a kgo:figure ?figure }
}
"""


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Build a MultiDiGraph from the RDF graph.

    Nodes are the curated entities (id = record id) with ``label``, ``category`` (ontology
    class key), ``curie``, ``xrefs``, ``synonyms`` and their literal attributes. Edges are the
    curated entity-to-entity assertions, keyed by the assertion id, with ``predicate``,
    ``refs`` (reference numbers cited for the claim), ``topic_refs`` (the review's block
    citation for its topic), ``evidence``, ``evidence_level`` (A-E) and
    ``evidence_level_label``, ``section``, ``table``, ``figure``, ``anchor``
    and ``claim``.
    """
    ontology_keys = {s: str(o) for s, o in g.subject_objects(KGO.yamlKey)}
    class_keys = {c: k for c, k in ontology_keys.items() if (c, RDF.type, None) in g}
    ref_numbers = {s: int(o) for s, o in g.subject_objects(KGO.reference_number)}
    refs: dict[URIRef, list[int]] = defaultdict(list)
    for a, r in g.subject_objects(KGO.cites):
        if r in ref_numbers:
            refs[a].append(ref_numbers[r])
    topic_refs: dict[URIRef, list[int]] = defaultdict(list)
    for a, r in g.subject_objects(KGO.cites_for_topic):
        if r in ref_numbers:
            topic_refs[a].append(ref_numbers[r])

    G = nx.MultiDiGraph()
    entity_classes = set()
    for cls, key in class_keys.items():
        if (cls, RDFS.subClassOf, None) in g or key == "Entity":
            entity_classes.add(cls)
    for s, cls in sorted(g.subject_objects(RDF.type)):
        if not str(s).startswith(str(KG)) or cls not in class_keys or cls in _NOT_NODES:
            continue
        if cls not in entity_classes or "/" in local_id(s):
            continue
        nid = local_id(s)
        G.add_node(
            nid,
            iri=str(s),
            label=str(g.value(s, RDFS.label) or nid),
            category=class_keys[cls],
            curie=str(g.value(s, KGO.curie) or ""),
            xrefs=sorted(str(x) for x in g.objects(s, KGO.xref)),
            synonyms=sorted(str(x) for x in g.objects(s, KGO.synonym)),
        )
    values: dict[tuple[str, str], list[object]] = defaultdict(list)
    for s, p, o in g:
        if isinstance(o, Literal) and str(s).startswith(str(KG)):
            nid = local_id(s)
            if nid in G and p in ontology_keys and p != KGO.yamlKey:
                values[(nid, ontology_keys[p])].append(o.toPython())
    for (nid, key), vals in sorted(values.items()):
        # A multi-valued attribute (e.g. several registry numbers) becomes one sorted,
        # '; '-joined string, so the view does not depend on triple order.
        G.nodes[nid][key] = vals[0] if len(vals) == 1 else "; ".join(sorted(map(str, vals)))

    for row in sorted(g.query(_EDGES), key=lambda r: str(r.a)):
        s, o = local_id(row.s), local_id(row.o)
        if s not in G or o not in G:
            continue
        G.add_edge(
            s,
            o,
            key=local_id(row.a).removeprefix("assertion/"),
            predicate=str(row.pkey),
            refs=sorted(refs.get(row.a, [])),
            topic_refs=sorted(topic_refs.get(row.a, [])),
            evidence=str(row.ev).rsplit("#", 1)[-1],
            evidence_label=str(row.evlabel),
            evidence_level=str(row.levelcode),
            evidence_level_label=str(row.levellabel),
            section=str(row.section),
            table=str(row.table) if row.table else "",
            figure=str(row.figure) if row.figure else "",
            anchor=str(row.anchor),
            claim=str(row.claim),
            file=str(row.file),
        )
    return G
