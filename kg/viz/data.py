"""Collect what the page shows from the RDF graph: entities, edges, references, outcomes.

Everything is read from the one RDF graph (entities and edges through :func:`kg.to_networkx`,
the rest by triple patterns), never from the curated files, so the page cannot disagree with
the graph. The result is plain, sorted, JSON-ready data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from ..constants import KG, KGO, REVIEW_DOI, REVIEW_PMID
from ..nxview import local_id, to_networkx
from .constants import TRIAL_MEASURES, TRIAL_TABLE

__all__ = ["VizData", "collect", "subset"]



@dataclass
class VizData:
    """Everything the page shows, JSON-ready and sorted.

    Attributes:
        nodes: entity id -> details (label, category, identifiers, attributes, refs ...).
        edges: curated entity-to-entity assertions with their provenance, sorted by id.
        references: reference number -> label, title, DOI, PMID.
        measurements: every measurement of or about a node, one dict each, with provenance.
        outcomes: the Table 1 survival measurements (EFS/OS) among them, for the chart.
        classes: class key -> label, ancestor keys and top-level group.
        evidence: evidence type key -> label.
        predicates: predicate key -> label.
        attributes: attribute key -> label.
        review: label, DOI and PMID of the review.
    """

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
    references: dict[int, dict[str, Any]] = field(default_factory=dict)
    measurements: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    classes: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    predicates: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    review: dict[str, str] = field(default_factory=dict)


def _py(value: Any) -> Any:
    """A JSON-ready Python value of a literal (decimals become int or float)."""
    v = value.toPython() if isinstance(value, Literal) else value
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def _str(g: Graph, s: Any, p: Any) -> str:
    v = g.value(s, p)
    return str(v) if v is not None else ""


def _key(g: Graph, iri: Any) -> str:
    """The kgo:yamlKey of an ontology term, else its local name."""
    k = g.value(iri, KGO.yamlKey)
    return str(k) if k is not None else str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _classes(g: Graph) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    entity = KGO.Entity
    for cls, k in g.subject_objects(KGO.yamlKey):
        if (cls, RDFS.subClassOf, None) not in g and cls != entity:
            continue
        ancestors: list[str] = []
        chain = [cls]
        seen = {cls}
        while chain:
            for sup in g.objects(chain.pop(), RDFS.subClassOf):
                if sup not in seen and (sup, KGO.yamlKey, None) in g:
                    seen.add(sup)
                    chain.append(sup)
                    ancestors.append(_key(g, sup))
        group = str(k)
        cur: Any = cls
        while True:  # walk up to the direct subclass of kgo:Entity
            up = g.value(cur, RDFS.subClassOf)
            if up is None or up == entity or (up, KGO.yamlKey, None) not in g:
                break
            cur = up
            group = _key(g, up)
        out[str(k)] = {"label": _str(g, cls, RDFS.label) or str(k),
                       "ancestors": sorted(set(ancestors)), "group": group}
    return dict(sorted(out.items()))


def _labels_of_type(g: Graph, typ: URIRef) -> dict[str, str]:
    return dict(sorted((_key(g, s), _str(g, s, RDFS.label) or _key(g, s))
                       for s in g.subjects(RDF.type, typ)))


def _provenance(g: Graph, node: Any, ref_numbers: dict[Any, int]) -> dict[str, Any]:
    """Where a statement comes from.

    ``refs`` are the references specific to the claim (``kgo:cites``); ``topic_refs`` the
    review's block citation for a whole topic (``kgo:cites_for_topic``, when curated), shown
    apart; ``evidence_level`` the label of a ``kgo:evidence_level`` individual, when curated.
    """
    ev = g.value(node, KGO.evidence_type)
    level = g.value(node, KGO.evidence_level)
    return {
        "refs": sorted(ref_numbers[r] for r in g.objects(node, KGO.cites) if r in ref_numbers),
        "topic_refs": sorted(ref_numbers[r] for r in g.objects(node, KGO.cites_for_topic)
                             if r in ref_numbers),
        "evidence_level": _str(g, level, RDFS.label) or local_id(str(level))
        if level is not None else "",
        "evidence_level_definition": _str(g, level, SKOS.definition) if level is not None
        else "",
        "evidence": _key(g, ev) if ev is not None else "",
        "evidence_label": _str(g, ev, RDFS.label) if ev is not None else "",
        "section": _str(g, node, KGO.section),
        "table": _str(g, node, KGO.table),
        "figure": _str(g, node, KGO.figure),
        "anchor": _str(g, node, KGO.anchor),
        "claim": _str(g, node, KGO.claim),
        "file": _str(g, node, KGO.curation_file),
        "conflicts": sorted(_str(g, c, KGO.topic) or local_id(str(c))
                            for c in g.objects(node, KGO.conflict)),
    }


def collect(g: Graph) -> VizData:
    """Read the page's data from the RDF graph.

    Args:
        g: the knowledge graph (with the ontology merged, as :func:`kg.load_graph` returns).

    Returns:
        A :class:`VizData` whose nodes and edges are exactly those of :func:`kg.to_networkx`.
    """
    G = to_networkx(g)
    d = VizData()
    d.classes = _classes(g)
    d.evidence = _labels_of_type(g, KGO.EvidenceType)
    props = {OWL.ObjectProperty: d.predicates, OWL.DatatypeProperty: d.attributes}
    for kind, table in props.items():
        for prop in g.subjects(RDF.type, kind):
            if (prop, KGO.yamlKey, None) in g:
                table[_key(g, prop)] = _str(g, prop, RDFS.label) or _key(g, prop)
    d.predicates = dict(sorted(d.predicates.items()))
    d.attributes = dict(sorted(d.attributes.items()))
    d.review = {"label": _str(g, KG.review, RDFS.label), "doi": REVIEW_DOI, "pmid": REVIEW_PMID}

    ref_numbers = {s: int(str(o)) for s, o in g.subject_objects(KGO.reference_number)}
    for r, n in sorted(ref_numbers.items(), key=lambda x: x[1]):
        d.references[n] = {
            "n": n, "label": _str(g, r, RDFS.label), "title": _str(g, r, DCTERMS.title),
            "doi": _str(g, r, KGO.doi), "pmid": _str(g, r, KGO.pmid),
        }

    # provenance of every assertion about an entity (its class and attributes, and its edges)
    node_refs: dict[str, set[int]] = defaultdict(set)
    attr_prov: dict[tuple[str, str, str], dict[str, Any]] = {}
    edge_prov: dict[str, dict[str, Any]] = {}
    for a in g.subjects(RDF.type, KGO.Assertion):
        s: Any = g.value(a, RDF.subject)
        p: Any = g.value(a, RDF.predicate)
        o: Any = g.value(a, RDF.object)
        prov = _provenance(g, a, ref_numbers)
        edge_prov[local_id(str(a)).removeprefix("assertion/")] = prov
        for end in (s, o):
            if isinstance(end, URIRef):
                node_refs[local_id(str(end))].update(prov["refs"] + prov["topic_refs"])
        if isinstance(o, Literal) and s is not None and p is not None:
            attr_prov[(local_id(str(s)), _key(g, p), str(o))] = prov

    for nid, data in sorted(G.nodes(data=True)):
        iri = URIRef(data["iri"])
        attrs = []
        # read from the RDF graph, not the networkx view: an attribute may have several
        # values (e.g. two registry IDs) and the view keeps only one of them
        values = sorted(
            (_key(g, p), str(o), o) for p, o in g.predicate_objects(iri)
            if isinstance(o, Literal) and (p, RDF.type, OWL.DatatypeProperty) in g
            and _key(g, p) in d.attributes
        )
        for k, text, lit in values:
            prov = attr_prov.get((nid, k, text), {})
            attrs.append({"key": k, "label": d.attributes.get(k, k), "value": _py(lit),
                          **{x: prov.get(x) for x in ("refs", "topic_refs", "evidence_label",
                                                      "evidence_level", "section", "table",
                                                      "anchor", "claim") if prov}})
        for m in g.objects(iri, KGO.has_measurement):
            for cite in (KGO.cites, KGO.cites_for_topic):
                node_refs[nid].update(ref_numbers[r] for r in g.objects(m, cite)
                                      if r in ref_numbers)
        d.nodes[nid] = {
            "id": nid, "label": data["label"], "category": data["category"],
            "curie": data["curie"], "xrefs": list(data["xrefs"]),
            "synonyms": list(data["synonyms"]),
            "description": _str(g, iri, SKOS.definition),
            "file": _str(g, iri, KGO.curation_file),
            "attributes": attrs, "refs": sorted(node_refs.get(nid, ())),
        }

    conflicts: dict[str, list[str]] = {}
    for a, c in g.subject_objects(KGO.conflict):
        if (a, RDF.type, KGO.Assertion) in g:
            key = local_id(str(a)).removeprefix("assertion/")
            conflicts.setdefault(key, []).append(_str(g, c, KGO.topic) or local_id(str(c)))
    for s, o, key, e in sorted(G.edges(keys=True, data=True), key=lambda x: x[2]):
        d.edges.append({
            "id": key, "from": s, "to": o, "predicate": e["predicate"],
            "predicate_label": d.predicates.get(e["predicate"], e["predicate"]),
            "refs": list(e["refs"]), "topic_refs": list(e["topic_refs"]),
            "evidence": e["evidence"], "evidence_label": e["evidence_label"],
            "evidence_level": e["evidence_level"],
            "evidence_level_label": e["evidence_level_label"], "section": e["section"],
            "table": e["table"], "figure": e["figure"], "anchor": e["anchor"],
            "claim": e["claim"], "file": e["file"], "conflicts": sorted(conflicts.get(key, [])),
            **{k: edge_prov.get(key, {}).get(k, v) for k, v in
               (("topic_refs", []), ("evidence_level", ""),
                ("evidence_level_definition", ""))},
        })

    d.measurements = _measurements(g, ref_numbers, set(d.nodes))
    d.outcomes = [m for m in d.measurements
                  if m["measure"] in TRIAL_MEASURES and m["table"] == TRIAL_TABLE]
    return d


def _measurements(
    g: Graph, ref_numbers: dict[Any, int], nodes: set[str]
) -> list[dict[str, Any]]:
    """Every measurement (``?x kgo:has_measurement ?m``) with its qualifiers and provenance."""
    out = []
    for of, m in g.subject_objects(KGO.has_measurement):
        measure = g.value(m, KGO.measure)
        if measure is None:
            continue
        value = g.value(m, KGO.value)
        horizon = g.value(m, KGO.time_horizon_years)
        ag = g.value(m, KGO.age_group)
        out.append({
            "id": local_id(str(m)), "of": local_id(str(of)),
            "of_label": _str(g, of, RDFS.label) or local_id(str(of)),
            "in_graph": local_id(str(of)) in nodes,
            "measure": _key(g, measure), "measure_label": _str(g, measure, RDFS.label),
            "value": _py(value) if value is not None else None,
            "qualifier": _key(g, g.value(m, KGO.value_qualifier))
            if g.value(m, KGO.value_qualifier) is not None else "",
            "value_min": _py(g.value(m, KGO.value_min))
            if g.value(m, KGO.value_min) is not None else None,
            "value_max": _py(g.value(m, KGO.value_max))
            if g.value(m, KGO.value_max) is not None else None,
            "stated_as": _str(g, m, KGO.stated_as),
            "population": sorted(local_id(str(p)) for p in g.objects(m, KGO.in_population)),
            "value_status": _str(g, m, KGO.value_status), "unit": _str(g, m, KGO.unit),
            "horizon_years": _py(horizon) if horizon is not None else None,
            "subgroup": _str(g, m, KGO.subgroup), "arm": _str(g, m, KGO.arm),
            "numerator": _py(g.value(m, KGO.numerator)) if g.value(m, KGO.numerator)
            is not None else None,
            "denominator": _py(g.value(m, KGO.denominator)) if g.value(m, KGO.denominator)
            is not None else None,
            "dose_intensity": _str(g, m, KGO.dose_intensity),
            "age_group": _str(g, ag, RDFS.label) if ag is not None else "",
            "label": _str(g, m, RDFS.label),
            "about": sorted(local_id(str(a)) for a in g.objects(m, KGO.about)),
            "phase": _str(g, of, KGO.phase), "start_year": _py(g.value(of, KGO.start_year))
            if g.value(of, KGO.start_year) is not None else None,
            **_provenance(g, m, ref_numbers),
        })
    return sorted(out, key=lambda r: r["id"])


def subset(d: VizData, node_ids: set[str], edge_ids: set[str] | None = None) -> VizData:
    """A copy of ``d`` restricted to some nodes (and edges among them).

    Args:
        d: the full data.
        node_ids: nodes to keep.
        edge_ids: edges to keep (default: every edge between kept nodes).

    Returns:
        New :class:`VizData` sharing the unchanged tables (classes, references ...).
    """
    edges = [e for e in d.edges if e["from"] in node_ids and e["to"] in node_ids
             and (edge_ids is None or e["id"] in edge_ids)]
    return VizData(
        nodes={k: v for k, v in d.nodes.items() if k in node_ids}, edges=edges,
        references=d.references,
        measurements=[m for m in d.measurements
                      if m["of"] in node_ids or set(m["about"]) & node_ids],
        outcomes=[o for o in d.outcomes if o["of"] in node_ids], classes=d.classes,
        evidence=d.evidence, predicates=d.predicates, attributes=d.attributes, review=d.review,
    )
