"""KGX TSV: ``kg_nodes.tsv`` and ``kg_edges.tsv`` with Biolink categories and predicates.

Columns follow the KGX TSV convention (https://github.com/biolink/kgx, ``docs/kgx_format.md``):
multivalued fields are pipe-separated, booleans are ``True``/``False``. Columns that are not
Biolink slots (``evidence_level`` A-E and its label, ``topic_references`` = the review's block
citation, ``kgo_class``, ``curation_file``, ``section``, ``table``, ``figure``,
``reference_numbers`` (the review's reference numbers), curated
attributes) keep the project's own detail; KGX carries unknown columns through.
"""

from __future__ import annotations

from collections.abc import Iterable

from .cells import join_multi
from .constants import AGENT_TYPE, INFORES, KNOWLEDGE_LEVEL, LOCAL_PREFIX, MULTI_SEPARATOR
from .view import GraphTable

__all__ = ["NODE_COLUMNS", "EDGE_COLUMNS", "nodes_tsv", "edges_tsv", "tsv_cell"]

NODE_COLUMNS: tuple[str, ...] = (
    "id", "category", "name", "description", "synonym", "xref", "iri", "provided_by",
    "kgo_class", "curation_file",
)
EDGE_COLUMNS: tuple[str, ...] = (
    "id", "subject", "predicate", "object", "category", "negated", "knowledge_level",
    "agent_type", "primary_knowledge_source", "provided_by", "publications", "has_evidence",
    "evidence_level", "evidence_level_label", "topic_references",
    "original_subject", "original_predicate", "original_object", "description",
    "supporting_text", "section", "table", "figure", "reference_numbers", "curation_file",
)


def tsv_cell(value: object) -> str:
    """One TSV cell: lists pipe-joined (a value containing ``|`` is an error, since it would not
    split back), booleans as ``True``/``False``, tabs and newlines as spaces.

    >>> tsv_cell(["a", "t(4;11)"]), tsv_cell(True), tsv_cell("x\\ty")
    ('a|t(4;11)', 'True', 'x y')
    """
    if isinstance(value, (list, tuple)):
        text = join_multi((tsv_cell(v) for v in value), MULTI_SEPARATOR)
    elif value is None:
        text = ""
    else:
        text = str(value)
    return " ".join(text.replace("\t", " ").replace("\r", " ").replace("\n", " ").split(" "))


def _tsv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    lines = ["\t".join(header)] + ["\t".join(tsv_cell(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def nodes_tsv(t: GraphTable) -> bytes:
    """KGX nodes TSV, one row per entity sorted by id; then Biolink node properties filled from
    edges (``clinical_trial_conditions``), then curated attributes, as extra columns."""
    props = sorted({k for n in t.nodes for k in n.biolink_properties})
    attrs = sorted({k for n in t.nodes for k in n.attributes} - set(NODE_COLUMNS) - set(props))
    rows = []
    for n in t.nodes:
        rows.append([n.id, [n.category], n.name, n.description, list(n.synonyms),
                     list(n.xrefs), n.iri, [INFORES], n.kgo_class, n.provided_by]
                    + [list(n.biolink_properties.get(p, ())) for p in props]
                    + [list(n.attributes.get(a, ())) for a in attrs])
    return _tsv(list(NODE_COLUMNS) + props + attrs, rows)


def edges_tsv(t: GraphTable) -> bytes:
    """KGX edges TSV, one row per curated assertion sorted by id; then one column per Biolink
    qualifier in use (``object_direction_qualifier``, ...)."""
    quals = sorted({slot for e in t.edges for slot, _ in e.qualifiers})
    rows = []
    for e in t.edges:
        q = dict(e.qualifiers)
        rows.append([
            e.id, e.subject, e.predicate, e.object, [e.category], e.negated, KNOWLEDGE_LEVEL,
            AGENT_TYPE, INFORES, [INFORES], list(e.publications), [e.evidence],
            e.evidence_level, e.evidence_level_label, list(e.topic_references),
            f"{LOCAL_PREFIX}:{e.subject_record}", f"kgo:{e.kgo_predicate}",
            f"{LOCAL_PREFIX}:{e.object_record}", e.claim, [e.anchor], e.section, e.table,
            e.figure, [str(r) for r in e.references], e.provided_by,
        ] + [q.get(s, "") for s in quals])
    return _tsv(list(EDGE_COLUMNS) + quals, rows)
