"""One neutral table of nodes and edges, with Biolink terms, that every tabular exporter writes.

Derived from the networkx view (:func:`kg.nxview.to_networkx`), itself derived from the RDF
graph only, so KGX, GraphML, Cytoscape.js and Neo4j files always agree with ``kg.ttl``.
Nodes are the curated entities; edges are the curated entity-to-entity assertions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from ..constants import KG, KGO
from ..nxview import to_networkx
from .biolink import BiolinkMapper, class_name
from .constants import KGX_ID_PREFIXES, LOCAL_PREFIX

__all__ = ["NodeRow", "EdgeRow", "GraphTable", "graph_table", "biolink_curie"]


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
    #: literal attributes (phase, registry_id, ...) with every value, as RDF literals sorted by
    #: lexical form: exporters write the lexical forms, so nothing is reformatted or merged.
    attributes: dict[str, tuple[Literal, ...]] = field(default_factory=dict)
    #: Biolink node properties filled from edges (``clinical_trial_conditions``: node ids)
    biolink_properties: dict[str, tuple[str, ...]] = field(default_factory=dict)


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
    #: the review and the cited references that have a PMID or DOI, as CURIEs
    publications: tuple[str, ...]
    references: tuple[int, ...]  # the review's reference numbers
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
    #: Biolink qualifiers of the predicate (slot, value), e.g. object_direction_qualifier
    qualifiers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GraphTable:
    """Nodes and edges sorted by id, plus the mapper used (for its fallbacks)."""

    nodes: list[NodeRow]
    edges: list[EdgeRow]
    mapper: BiolinkMapper


def _ref_curies(g: Graph) -> dict[int, str]:
    """Reference number -> its PMID or DOI CURIE (references without one are left out: Biolink
    ``publications`` are publication identifiers; the numbers stay in ``references``)."""
    out: dict[int, str] = {}
    for r, n in g.subject_objects(KGO.reference_number):
        cur = g.value(r, KGO.curie)
        if cur:
            out[int(n)] = str(cur)
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


def biolink_curie(curie: str) -> str:
    """``curie`` with its prefix spelled as the Biolink Model spells it.

    >>> biolink_curie("clinicaltrials:NCT02553460"), biolink_curie("HGNC:7010")
    ('CLINICALTRIALS:NCT02553460', 'HGNC:7010')
    """
    prefix, sep, local = curie.partition(":")
    return f"{KGX_ID_PREFIXES.get(prefix, prefix)}{sep}{local}"


def _literals(g: Graph, s: URIRef, p: URIRef) -> tuple[Literal, ...]:
    """Every literal value of ``s p``, sorted by lexical form (then datatype)."""
    lits = [o for o in g.objects(s, p) if isinstance(o, Literal)]
    return tuple(sorted(lits, key=lambda x: (str(x), str(x.datatype or ""), x.language or "")))


def _with_subject_properties(nodes: list[NodeRow], edges: list[EdgeRow], mapper: BiolinkMapper,
                             pred_iri: dict[str, URIRef]) -> list[NodeRow]:
    """Fill Biolink node properties that list edge objects (``kgo:biolinkSubjectProperty``),
    on subjects whose category is in the slot's Biolink domain (e.g. ``clinical trial``)."""
    found: dict[str, dict[str, set[str]]] = {}
    cats = {n.id: n.category for n in nodes}
    for e in edges:
        slot = mapper.subject_property(pred_iri[e.kgo_predicate])
        if slot is None or e.negated:
            continue
        domain = mapper.model.slots[slot].get("domain")
        ancestors = mapper.model.category_ancestors(cats[e.subject])
        if domain and class_name(str(domain)) not in ancestors:
            continue
        found.setdefault(e.subject, {}).setdefault(slot, set()).add(e.object)
    return [replace(n, biolink_properties={k: tuple(sorted(v)) for k, v in
                                           sorted(found.get(n.id, {}).items())})
            if n.id in found else n for n in nodes]


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
    key_iri = {str(k): URIRef(p) for p, k in g.subject_objects(KGO.yamlKey)}
    for nid, d in G.nodes(data=True):
        curie = d.get("curie") or ""
        # A CURIE shared by two records cannot identify either: both keep their local id.
        kgx_id = (biolink_curie(curie) if curie and curie_use[curie] == 1
                  else f"{LOCAL_PREFIX}:{nid}")
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
            attributes={k: _literals(g, iri, key_iri[k]) for k in sorted(d) if k not in skip},
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
            qualifiers=mapper.qualifiers(pred_iri[d["predicate"]]),
        ))
    nodes = _with_subject_properties(nodes, edges, mapper, pred_iri)
    nodes.sort(key=lambda n: (n.id, n.record_id))
    edges.sort(key=lambda e: e.id)
    return GraphTable(nodes, edges, mapper)
