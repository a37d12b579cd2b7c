"""Themed and focused views: which part of the graph a page shows.

A theme names ontology classes and predicates (view configuration, not facts): it keeps the
nodes of those classes (or their subclasses), the ends of edges with those predicates, then
optionally their neighbours, and every edge among what it keeps. A focus keeps the nodes
within ``depth`` steps of one node, whatever the edges' direction.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import networkx as nx

from .data import VizData, subset

__all__ = ["Theme", "THEMES", "Walk", "OVERVIEW", "apply_theme", "apply_walk", "focus",
           "resolve_node", "NodeNotFound"]


@dataclass(frozen=True)
class Theme:
    """A named view of the graph."""

    title: str
    classes: frozenset[str]
    predicates: frozenset[str]
    expand: int = 0
    open_chart: bool = False


THEMES: dict[str, Theme] = {
    "mechanism": Theme(
        "Mechanism: the KMT2A-fusion complex, its co-factors, dependencies and the drugs "
        "that target them",
        frozenset({"GeneticEntity", "BiologicalProcess", "DrugClass"}),
        frozenset({"inhibits", "targets", "binds", "member_of", "part_of", "has_fusion_partner",
                   "depends_on", "recruits", "catalyses", "participates_in", "causes",
                   "functionally_interdependent_with", "in_drug_class", "synergises_with"}),
    ),
    "trials": Theme(
        "Trials: studies, their interventions, groups and outcomes (Tables 1 and 2)",
        frozenset({"ClinicalTrial", "StudyGroup"}),
        frozenset({"tests_intervention", "studies_condition", "conducted_by", "builds_on",
                   "dose_reduced_in"}),
        open_chart=True,
    ),
    "resistance": Theme(
        "Resistance and lineage switch",
        frozenset({"ResistanceMechanism", "LineageSwitch", "SequenceVariant", "CellPopulation"}),
        frozenset({"confers_resistance_to", "switches_to", "predicts", "increases_risk_of"}),
        expand=1,
    ),
    "cns": Theme(
        "Central nervous system: involvement, relapse and the therapies that reach it",
        frozenset({"AnatomicalSite"}),
        frozenset({"active_in_compartment", "not_active_in_compartment"}),
        expand=1,
    ),
}


@dataclass(frozen=True)
class Walk:
    """A view grown from seed classes, one step at a time along named predicates.

    Each step adds the nodes joined to what is kept so far by an edge with one of the step's
    predicates (either direction) whose class, or an ancestor class, is one of the step's.
    """

    title: str
    seeds: frozenset[str]
    steps: tuple[tuple[frozenset[str], frozenset[str]], ...]


#: The page's opening view: the KMT2A-fusion complex, its co-factors, the drugs that act on
#: them (and drugs of those drug classes) and the trials that test those drugs.
OVERVIEW = Walk(
    "The KMT2A-fusion complex, its co-factors, the drugs that act on them and the trials "
    "that test those drugs",
    frozenset({"ProteinComplex"}),
    (
        (frozenset({"member_of", "depends_on", "recruits"}), frozenset({"GeneticEntity"})),
        (frozenset({"inhibits", "targets", "binds"}), frozenset({"Intervention"})),
        (frozenset({"in_drug_class"}), frozenset({"Intervention"})),
        (frozenset({"tests_intervention"}), frozenset({"ClinicalTrial"})),
    ),
)


def _classes_of(d: VizData, nid: str) -> set[str]:
    cat = d.nodes[nid]["category"]
    return {cat, *d.classes.get(cat, {}).get("ancestors", [])}


def apply_walk(d: VizData, walk: Walk = OVERVIEW) -> VizData:
    """Restrict the data to the nodes a :class:`Walk` reaches.

    Args:
        d: the full data.
        walk: the view (default: the page's opening view).

    Returns:
        The subset (empty when no node has a seed class).
    """
    keep = {nid for nid in d.nodes if _classes_of(d, nid) & walk.seeds}
    for predicates, classes in walk.steps:
        add = set()
        for e in d.edges:
            if e["predicate"] not in predicates:
                continue
            for a, b in ((e["from"], e["to"]), (e["to"], e["from"])):
                if a in keep and b not in keep and _classes_of(d, b) & classes:
                    add.add(b)
        keep |= add
    return subset(d, keep)


class NodeNotFound(KeyError):
    """No node matches a name; ``suggestions`` lists close names."""

    def __init__(self, name: str, suggestions: list[str]):
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def __str__(self) -> str:
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"no node named '{self.name}'{hint}"


def _undirected(d: VizData) -> nx.Graph:
    U = nx.Graph()
    U.add_nodes_from(sorted(d.nodes))
    U.add_edges_from((e["from"], e["to"]) for e in d.edges)
    return U


def apply_theme(d: VizData, name: str) -> VizData:
    """Restrict the data to a theme.

    Args:
        d: the full data.
        name: a key of :data:`THEMES`.

    Returns:
        The themed subset.
    """
    theme = THEMES[name]
    keep = set()
    for nid, n in d.nodes.items():
        cls = d.classes.get(n["category"], {})
        if {n["category"], *cls.get("ancestors", [])} & theme.classes:
            keep.add(nid)
    for e in d.edges:
        if e["predicate"] in theme.predicates:
            keep.update((e["from"], e["to"]))
    if theme.expand:
        U = _undirected(d)
        frontier = set(keep)
        for _ in range(theme.expand):
            frontier = {m for v in frontier for m in U[v]} - keep
            keep |= frontier
    return subset(d, keep)


def resolve_node(d: VizData, name: str) -> str:
    """The id of the node called ``name`` (its id, label, a synonym or a CURIE; any case).

    Raises:
        NodeNotFound: nothing matches; the error suggests close names.
    """
    if name in d.nodes:
        return name
    low = name.casefold()
    for field in ("id", "label", "curie"):
        for nid, n in sorted(d.nodes.items()):
            if str(n.get(field, "")).casefold() == low:
                return nid
    for nid, n in sorted(d.nodes.items()):
        if any(s.casefold() == low for s in n["synonyms"] + n["xrefs"]):
            return nid
    names = sorted({n["label"] for n in d.nodes.values()} | set(d.nodes))
    raise NodeNotFound(name, difflib.get_close_matches(name, names, n=3, cutoff=0.6))


def focus(d: VizData, name: str, depth: int) -> VizData:
    """Keep the nodes within ``depth`` steps of one node.

    Args:
        d: the data (full or themed).
        name: id, label, synonym or CURIE of the focus node.
        depth: number of steps, ignoring edge direction.

    Returns:
        The focused subset.

    Raises:
        NodeNotFound: no node matches ``name``.
    """
    nid = resolve_node(d, name)
    keep = set(nx.single_source_shortest_path_length(_undirected(d), nid, cutoff=depth))
    return subset(d, keep)
