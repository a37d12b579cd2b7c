"""One neutral table of nodes and edges, with Biolink terms, that every tabular exporter writes.

Derived from the networkx view (:func:`kg.nxview.to_networkx`), itself derived from the RDF
graph only, so KGX, GraphML, Cytoscape.js and Neo4j files always agree with ``kg.ttl``.
Nodes are the curated entities; edges are the curated entity-to-entity assertions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV, SKOS

from ..constants import KG, KGO
from ..nxview import to_networkx
from .biolink import BiolinkMapper
from .constants import LOCAL_PREFIX

__all__ = ["NodeRow", "EdgeRow", "GraphTable", "graph_table"]


@dataclass(frozen=True)
class NodeRow:
    """One entity as the exporters see it."""

    id: str  # KGX id: the preferred CURIE, else kmt2a-kg:<record id>
    record_id: str  # the project's record id (kg:<record id>)
    iri: str
    name: str
    kgo_class: str  # ontology class key, e.g. SmallMolecule
    category: str  # Biolink category CURIE
    description: str
    synonyms: tuple[str, ...]
    xrefs: tuple[str, ...]
    provided_by: str  # curated file
    attributes: dict[str, Any] = field(default_factory=dict)  # literal attributes (phase, ...)


@dataclass(frozen=True)
class EdgeRow:
    """One curated assertion between two entities."""

    id: str  # kmt2a-kg:assertion/<key>
    key: str
    subject: str  # KGX node id
    object: str
    subject_record: str
    object_record: str
    kgo_predicate: str  # ontology predicate key, e.g. inhibits
    predicate: str  # Biolink predicate CURIE
    negated: bool
    category: str  # Biolink association category
    publications: tuple[str, ...]  # the review and the cited references, as CURIEs
    references: tuple[int, ...]  # the review's reference numbers cited for the claim
    evidence: str  # evidence type CURIE (ECO where mapped, else kgo:<key>)
    evidence_label: str
    section: str
    table: str
    figure: str
    anchor: str
    claim: str
    provided_by: str  # curated file
    evidence_level: str  # A-E (kg.evidence)
    evidence_level_label: str
    topic_references: tuple[int, ...]  # the review's block citation for the topic


@dataclass(frozen=True)
class GraphTable:
    """Nodes and edges sorted by id, plus the mapper used (for its fallbacks)."""

    nodes: list[NodeRow]
    edges: list[EdgeRow]
    mapper: BiolinkMapper


def _ref_curies(g: Graph) -> dict[int, str]:
    out: dict[int, str] = {}
    for r, n in g.subject_objects(KGO.reference_number):
        cur = g.value(r, KGO.curie)
        out[int(n)] = str(cur) if cur else f"{LOCAL_PREFIX}:{str(r)[len(str(KG)):]}"
    return out


def _evidence_curie(g: Graph, ev: URIRef) -> str:
    """The ECO term the ontology maps an evidence type to (exact, else close, else broad
    match: a broader ECO class is still true of the evidence), else ``kgo:<key>``."""
    for rel in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch):
        eco = sorted(str(o) for o in g.objects(ev, rel)
                     if str(o).startswith("http://purl.obolibrary.org/obo/ECO_"))
        if eco:
            return "ECO:" + eco[0].rsplit("_", 1)[1]
    return "kgo:" + str(ev).rsplit("#", 1)[-1]


def graph_table(g: Graph) -> GraphTable:
    """The nodes and edges of ``g`` with their Biolink terms, sorted for byte-stable output.

    Args:
        g: the built graph (with the ontology's triples merged, as :func:`kg.build` makes it).

    Returns:
        Sorted node and edge rows.
    """
    mapper = BiolinkMapper(g)
    G = to_networkx(g)
    classes = {str(g.value(c, KGO.yamlKey)): URIRef(c) for c in g.subjects(KGO.yamlKey, None)}
    curie_use = Counter(d["curie"] for _, d in G.nodes(data=True) if d.get("curie"))
    ids: dict[str, str] = {}
    nodes: list[NodeRow] = []
    skip = {"iri", "label", "category", "curie", "xrefs", "synonyms"}
    for nid, d in G.nodes(data=True):
        curie = d.get("curie") or ""
        # A CURIE shared by two records cannot identify either: both keep their local id.
        kgx_id = curie if curie and curie_use[curie] == 1 else f"{LOCAL_PREFIX}:{nid}"
        ids[nid] = kgx_id
        iri = URIRef(d["iri"])
        xrefs = sorted(set(d.get("xrefs", [])) | ({curie} if curie and curie != kgx_id else set()))
        nodes.append(NodeRow(
            id=kgx_id,
            record_id=nid,
            iri=d["iri"],
            name=d["label"],
            kgo_class=d["category"],
            category=mapper.category(classes[d["category"]]),
            description=str(g.value(iri, SKOS.definition) or ""),
            synonyms=tuple(d.get("synonyms", [])),
            xrefs=tuple(xrefs),
            provided_by=str(g.value(iri, KGO.curation_file) or ""),
            attributes={k: v for k, v in sorted(d.items()) if k not in skip},
        ))
    refs = _ref_curies(g)
    review = sorted(str(g.value(r, KGO.curie)) for r in g.subjects(RDF.type, KGO.Publication)
                    if (r, KGO.reference_number, None) not in g and g.value(r, KGO.curie))
    assoc = mapper.category(KGO.Assertion)
    pred_iri = {str(g.value(p, KGO.yamlKey)): URIRef(p) for p in g.subjects(KGO.yamlKey, None)}
    edges: list[EdgeRow] = []
    for s, o, key, d in G.edges(keys=True, data=True):
        a = KG[f"assertion/{key}"]
        pred, negated = mapper.predicate(pred_iri[d["predicate"]])
        derived = [str(g.value(x, KGO.curie)) for x in g.objects(a, PROV.wasDerivedFrom)
                   if g.value(x, KGO.curie)]
        pubs = sorted(set(derived or review) | {refs[n] for n in d["refs"] if n in refs})
        edges.append(EdgeRow(
            id=f"{LOCAL_PREFIX}:assertion/{key}",
            key=key,
            subject=ids[s],
            object=ids[o],
            subject_record=s,
            object_record=o,
            kgo_predicate=d["predicate"],
            predicate=pred,
            negated=negated,
            category=assoc,
            publications=tuple(pubs),
            references=tuple(d["refs"]),
            evidence=_evidence_curie(g, KGO[d["evidence"]]),
            evidence_label=d["evidence_label"],
            evidence_level=d["evidence_level"],
            evidence_level_label=d["evidence_level_label"],
            topic_references=tuple(d["topic_refs"]),
            section=d["section"],
            table=d["table"],
            figure=d["figure"],
            anchor=d["anchor"],
            claim=d["claim"],
            provided_by=d["file"],
        ))
    nodes.sort(key=lambda n: (n.id, n.record_id))
    edges.sort(key=lambda e: e.id)
    return GraphTable(nodes, edges, mapper)
