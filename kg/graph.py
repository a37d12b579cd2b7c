"""Turn validated records into the one RDF graph everything else derives from.

Provenance pattern (documented in ``ontology/README.md``): every curated fact is asserted as a
plain triple, so "which drugs inhibit menin" is one pattern, ``?drug kgo:inhibits kg:MEN1``.
Next to it an assertion node (``kgo:Assertion``, a subclass of ``rdf:Statement``) names the same
triple through ``rdf:subject``/``rdf:predicate``/``rdf:object`` and carries its provenance:
``kgo:cites`` (numbered references specific to the claim, with DOI/PMID),
``kgo:cites_for_topic`` (the review's block citation for the claim's topic),
``kgo:evidence_type``, ``kgo:evidence_level`` (A-E, derived by :mod:`kg.evidence`), ``kgo:section``,
``kgo:table``/``kgo:figure``, ``kgo:anchor`` and ``kgo:claim``. Measurements and conflict claims
are nodes and carry the same provenance properties directly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .constants import BIOLINK, KG, KGO, REVIEW_DOI, REVIEW_PMID
from .identifiers import curie_iri
from .loader import Curation
from .evidence import record_level, trial_phases
from .model import Claim, Provenance, Qualifiers
from .schema import Schema, load_ontology, load_schema

__all__ = ["build_graph", "bind_prefixes", "assertion_iri", "record_iri", "REVIEW"]

REVIEW = KG["review"]


def bind_prefixes(g: Graph) -> Graph:
    """Bind the project's prefixes (one place, used by every exporter)."""
    for prefix, ns in {
        "kg": KG,
        "kgo": KGO,
        "biolink": BIOLINK,
        "rdf": RDF,
        "rdfs": RDFS,
        "owl": OWL,
        "xsd": XSD,
        "skos": SKOS,
        "dcterms": DCTERMS,
        "prov": PROV,
        "RO": "http://purl.obolibrary.org/obo/RO_",
        "BFO": "http://purl.obolibrary.org/obo/BFO_",
        "ECO": "http://purl.obolibrary.org/obo/ECO_",
    }.items():
        g.bind(prefix, ns, override=True, replace=True)
    return g


def record_iri(record_id: str) -> URIRef:
    """IRI of an entity, measurement or conflict."""
    return KG[record_id]


def assertion_iri(key: str) -> URIRef:
    """IRI of the assertion node of a statement."""
    return KG[f"assertion/{key}"]


def _ref_iri(n: int) -> URIRef:
    return KG[f"ref/{n}"]


def _literal(value: Any, datatype: URIRef | None) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if datatype == XSD.decimal or isinstance(value, float):
        return _decimal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(str(value))


def _decimal(value: float) -> Literal:
    """An xsd:decimal in canonical lexical form (``36.4``, ``5.0``), so that every RDF syntax
    (Turtle writes decimals as bare ``5.0``) round-trips to an equal literal."""
    text = format(Decimal(str(value)).normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _provenance(g: Graph, node: URIRef, p: Provenance | Claim, schema: Schema, file: str,
                about: str | None = None, phases: dict[str, str] | None = None) -> None:
    for r in p.refs:
        g.add((node, KGO.cites, _ref_iri(r)))
    for r in getattr(p, "topic_refs", ()):
        g.add((node, KGO.cites_for_topic, _ref_iri(r)))
    g.add((node, PROV.wasDerivedFrom, REVIEW))
    g.add((node, KGO.evidence_type, schema.evidence_types[p.evidence]))
    level = record_level(p.evidence, p.refs, about, phases or {})
    g.add((node, KGO.evidence_level, KGO[f"evidence_level_{level}"]))
    if p.section:
        g.add((node, KGO.section, Literal(p.section)))
    if p.table:
        g.add((node, KGO.table, Literal(p.table)))
    if isinstance(p, Provenance) and p.figure:
        g.add((node, KGO.figure, Literal(p.figure)))
    if p.anchor:
        g.add((node, KGO.anchor, Literal(p.anchor)))
    g.add((node, KGO.claim, Literal(p.claim)))
    g.add((node, KGO.curation_file, Literal(file)))


def _assert(
    g: Graph, key: str, s: URIRef, p: URIRef, o: Any, prov: Provenance, schema: Schema, file: str,
    about: str | None = None, phases: dict[str, str] | None = None,
) -> URIRef:
    g.add((s, p, o))
    a = assertion_iri(key)
    g.add((a, RDF.type, KGO.Assertion))
    g.add((a, RDF.subject, s))
    g.add((a, RDF.predicate, p))
    g.add((a, RDF.object, o))
    _provenance(g, a, prov, schema, file, about, phases)
    return a


def _qualifiers(g: Graph, a: URIRef, q: Qualifiers, schema: Schema) -> None:
    """Write a statement's qualifiers on its assertion node."""
    for p in q.population:
        g.add((a, KGO.population_context, record_iri(p)))
    if q.during:
        g.add((a, KGO.temporal_context, schema.temporal_contexts[q.during]))
    for sys_key in q.systems:
        g.add((a, KGO.holds_in_system, schema.systems[sys_key]))
    if q.study:
        g.add((a, KGO.study_context, record_iri(q.study)))
    if q.compared_with:
        g.add((a, KGO.compared_with, record_iri(q.compared_with)))
    if q.provided_that:
        g.add((a, KGO.provided_that, Literal(q.provided_that)))


def build_graph(cur: Curation, schema: Schema | None = None, with_ontology: bool = True) -> Graph:
    """Build the RDF graph from validated records.

    Args:
        cur: records from :func:`kg.loader.load_curation`.
        schema: the ontology's schema (loaded when omitted).
        with_ontology: merge the ontology's triples (labels of classes, measures, evidence
            types) so that the graph answers queries on its own.

    Returns:
        An rdflib graph with the project's prefixes bound.
    """
    schema = schema or load_schema()
    phases = trial_phases(cur)
    g = bind_prefixes(Graph())
    if with_ontology:
        for t in load_ontology():
            g.add(t)

    g.add((REVIEW, RDF.type, KGO.Publication))
    g.add((REVIEW, RDFS.label, Literal("Stutterheim et al. 2025, Haematologica (review)")))
    g.add((REVIEW, DCTERMS.title, Literal(
        "KMT2A-rearranged acute lymphoblastic leukemia in infants: current progress and challenges"
    )))
    g.add((REVIEW, KGO.doi, Literal(REVIEW_DOI)))
    g.add((REVIEW, KGO.pmid, Literal(REVIEW_PMID)))
    g.add((REVIEW, KGO.curie, Literal(f"PMID:{REVIEW_PMID}")))
    g.add((REVIEW, KGO.identifier_verified, Literal(True)))

    for n, ref in sorted(cur.references.items()):
        r = _ref_iri(n)
        g.add((r, RDF.type, KGO.Publication))
        g.add((r, KGO.reference_number, Literal(n, datatype=XSD.integer)))
        g.add((r, RDFS.label, Literal(f"[{n}] {ref.first_author} {ref.year}, {ref.journal}")))
        g.add((r, DCTERMS.title, Literal(ref.title)))
        g.add((r, KGO.first_author, Literal(ref.first_author)))
        g.add((r, KGO.year, Literal(ref.year, datatype=XSD.integer)))
        g.add((r, KGO.journal, Literal(ref.journal)))
        g.add((r, KGO.identifier_verified, Literal(ref.verified)))
        g.add((REVIEW, KGO.cites, r))
        if ref.doi:
            g.add((r, KGO.doi, Literal(ref.doi)))
        if ref.pmid:
            g.add((r, KGO.pmid, Literal(ref.pmid)))
        if ref.pmid or ref.doi:
            g.add((r, KGO.curie, Literal(f"PMID:{ref.pmid}" if ref.pmid else f"doi:{ref.doi}")))

    for eid, ent in sorted(cur.entities.items()):
        node = record_iri(eid)
        file = cur.source_file[eid]
        g.add((node, RDFS.label, Literal(ent.label)))
        for syn in sorted(set(ent.synonyms)):
            g.add((node, KGO.synonym, Literal(syn)))
        if ent.curie:
            g.add((node, KGO.curie, Literal(ent.curie)))
            g.add((node, SKOS.exactMatch, URIRef(curie_iri(ent.curie))))
        for x in sorted(set(ent.xrefs)):
            g.add((node, KGO.xref, Literal(x)))
            g.add((node, SKOS.exactMatch, URIRef(curie_iri(x))))
        if ent.id_evidence:
            g.add((node, KGO.id_evidence, Literal(ent.id_evidence)))
        if ent.description:
            g.add((node, SKOS.definition, Literal(ent.description)))
        g.add((node, KGO.curation_file, Literal(file)))
        cls = schema.classes[ent.type]
        if ent.provenance:
            _assert(g, f"{eid}--type", node, RDF.type, cls, ent.provenance, schema, file, eid,
                    phases)
            for k, v in sorted(ent.attributes.items()):
                pred = schema.predicates[k]
                _assert(g, f"{eid}--{k}", node, pred.iri, _literal(v, pred.datatype),
                        ent.provenance, schema, file, eid, phases)
        else:
            g.add((node, RDF.type, cls))

    for key, st in sorted(cur.statements.items()):
        pred = schema.predicates[st.predicate]
        obj = (record_iri(st.object) if st.object is not None
               else _literal(st.value, pred.datatype))
        a = _assert(g, key, record_iri(st.subject), pred.iri, obj, st, schema,
                    cur.source_file[key], st.subject, phases)
        if st.conflict:
            g.add((a, KGO.conflict, record_iri(st.conflict)))
        if st.qualifiers is not None:
            _qualifiers(g, a, st.qualifiers, schema)

    for mid, m in sorted(cur.measurements.items()):
        node = record_iri(mid)
        g.add((node, RDF.type, KGO.Measurement))
        g.add((record_iri(m.of), KGO.has_measurement, node))
        g.add((node, RDFS.label, Literal(_measurement_label(cur, m, schema))))
        g.add((node, KGO.measure, schema.measures[m.measure]))
        if m.value is not None:
            g.add((node, KGO.value, _decimal(m.value)))
        if m.value is not None or m.qualifier == "range":
            g.add((node, KGO.value_qualifier, KGO[f"qualifier_{m.qualifier}"]))
        if m.value_min is not None:
            g.add((node, KGO.value_min, _decimal(m.value_min)))
        if m.value_max is not None:
            g.add((node, KGO.value_max, _decimal(m.value_max)))
        if m.stated_as:
            g.add((node, KGO.stated_as, Literal(m.stated_as)))
        for p_id in m.population:
            g.add((node, KGO.in_population, record_iri(p_id)))
        if m.value_status:
            g.add((node, KGO.value_status, Literal(m.value_status)))
        if m.unit:
            g.add((node, KGO.unit, Literal(m.unit)))
        if m.horizon_years is not None:
            g.add((node, KGO.time_horizon_years, _decimal(m.horizon_years)))
        for prop, val in (("subgroup", m.subgroup), ("arm", m.arm),
                          ("dose_intensity", m.dose_intensity)):
            if val:
                g.add((node, KGO[prop], Literal(val)))
        for prop, ival in (("numerator", m.numerator), ("denominator", m.denominator)):
            if ival is not None:
                g.add((node, KGO[prop], Literal(ival, datatype=XSD.integer)))
        if m.age_group:
            g.add((node, KGO.age_group, record_iri(m.age_group)))
        for a_id in m.about:
            g.add((node, KGO.about, record_iri(a_id)))
        if m.conflict:
            g.add((node, KGO.conflict, record_iri(m.conflict)))
        _provenance(g, node, m, schema, cur.source_file[mid], m.of, phases)

    for cid, c in sorted(cur.conflicts.items()):
        node = record_iri(cid)
        g.add((node, RDF.type, KGO.Conflict))
        g.add((node, RDFS.label, Literal(c.topic)))
        g.add((node, KGO.topic, Literal(c.topic)))
        g.add((node, KGO.kind, Literal(c.kind)))
        g.add((node, KGO.curation_file, Literal(cur.source_file[cid])))
        if c.note:
            g.add((node, SKOS.note, Literal(c.note)))
        for rec_id in c.concerns:
            target = assertion_iri(rec_id) if rec_id in cur.statements else record_iri(rec_id)
            g.add((node, KGO.concerns, target))
        for i, cl in enumerate(c.claims, start=1):
            cn = KG[f"{cid}/claim/{i}"]
            g.add((node, KGO.has_claim, cn))
            g.add((cn, RDF.type, KGO.Claim))
            g.add((cn, KGO.source_label, Literal(cl.source_label)))
            if cl.value is not None:
                g.add((cn, KGO.claim_value, Literal(cl.value)))
            if cl.source_id:
                g.add((cn, KGO.source_id, Literal(cl.source_id)))
            if cl.verification:
                g.add((cn, KGO.verification, Literal(cl.verification)))
            _provenance(g, cn, cl, schema, cur.source_file[cid])
    return g


#: How a measurement label writes each qualifier before the number.
QUALIFIER_WORDS = {"exact": "", "approximately": "about ", "greater_than": "over ",
                   "at_least": "at least ", "less_than": "below ", "at_most": "at most ",
                   "range": ""}


def _measurement_label(cur: Curation, m: Any, schema: Schema) -> str:
    of = cur.entities[m.of].label
    measure = schema.labels.get(schema.measures[m.measure], m.measure)
    bits = [f"{of}: {measure}"]
    unit = "%" if m.unit == "percent" else f" {m.unit}"
    if m.qualifier == "range":
        bits.append(f"{m.value_min:g}-{m.value_max:g}{unit}")
    elif m.value is not None:
        bits.append(f"{QUALIFIER_WORDS[m.qualifier]}{m.value:g}{unit}")
    elif m.value_status:
        bits.append(m.value_status)
    if m.horizon_years is not None:
        bits.append(f"at {m.horizon_years:g} y")
    for q in (m.subgroup, m.arm, m.dose_intensity):
        if q:
            bits.append(f"({q})")
    if m.age_group:
        bits.append(f"[{cur.entities[m.age_group].label}]")
    return " ".join(bits)
