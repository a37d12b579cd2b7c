"""Biolink mapping rules on small ontologies written for the tests: exact before close before
broad matches, superclasses when a class has no mapping, concrete ancestors for abstract or
mixin Biolink terms (as the shipped Biolink Model 4.x defines them), and negation."""

from __future__ import annotations

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.constants import BIOLINK, KGO
from kg.interop.biolink import NEGATION_OF, BiolinkMapper, load_biolink_model

X = "https://example.org/onto#"


def _mapper(*triples: tuple[str, URIRef, URIRef]) -> BiolinkMapper:
    g = Graph()
    for s, p, o in triples:
        g.add((URIRef(X + s), p, o))
    return BiolinkMapper(g)


def test_shipped_model_is_read_with_biolink_names():
    m = load_biolink_model()
    assert m.version.startswith("4.")
    assert m.is_concrete_category("biolink:Gene") and m.is_concrete_category("SmallMolecule")
    assert not m.is_concrete_category("BiologicalEntity")  # abstract in Biolink 4
    assert m.is_predicate("biolink:affects") and not m.is_predicate("biolink:publications")
    assert not m.is_concrete_predicate("interacts_with")  # a mixin predicate
    assert m.category_ancestors("SmallMolecule")[-2:] == ["NamedThing", "Entity"]


def test_exact_match_wins_over_close_and_broad():
    mp = _mapper(("P", SKOS.broadMatch, BIOLINK.related_to),
                 ("P", SKOS.closeMatch, BIOLINK.model_of),
                 ("Q", SKOS.broadMatch, BIOLINK.related_to),
                 ("Q", SKOS.exactMatch, BIOLINK.causes))
    assert mp.predicate(URIRef(X + "P")) == ("biolink:model_of", False)
    assert mp.predicate(URIRef(X + "Q")) == ("biolink:causes", False)


def test_unmapped_class_inherits_its_superclass_mapping():
    mp = _mapper(("Kinase", RDFS.subClassOf, URIRef(X + "Gene")),
                 ("Gene", SKOS.exactMatch, BIOLINK.Gene))
    assert mp.category(URIRef(X + "Kinase")) == "biolink:Gene"
    assert not mp.fallbacks


def test_abstract_and_mixin_terms_give_their_concrete_ancestor():
    mp = _mapper(("Thing", SKOS.closeMatch, BIOLINK.BiologicalEntity),
                 ("works_with", SKOS.broadMatch, BIOLINK.interacts_with))
    assert mp.category(URIRef(X + "Thing")) == "biolink:NamedThing"
    assert mp.predicate(URIRef(X + "works_with")) == (
        "biolink:related_to_at_instance_level", False)


def test_unknown_terms_fall_back_to_the_roots_and_are_listed():
    mp = _mapper(("Odd", SKOS.exactMatch, URIRef(str(BIOLINK) + "NoSuchClass")))
    assert mp.category(URIRef(X + "Odd")) == "biolink:NamedThing"
    assert mp.predicate(URIRef(X + "odd_rel")) == ("biolink:related_to", False)
    assert mp.fallbacks == {URIRef(X + "Odd"), URIRef(X + "odd_rel")}


def test_a_negation_annotation_gives_the_positive_mapping_negated():
    mp = _mapper(("acts_in", SKOS.exactMatch, BIOLINK.occurs_in),
                 ("not_acts_in", NEGATION_OF, URIRef(X + "acts_in")))
    assert mp.predicate(URIRef(X + "not_acts_in")) == ("biolink:occurs_in", True)


def test_ontology_terms_map_to_concrete_biolink_terms(graph):
    """The project's ontology: inhibits -> affects (broad), SmallMolecule exact."""
    mp = BiolinkMapper(graph)
    assert mp.predicate(KGO.inhibits) == ("biolink:affects", False)
    assert mp.category(KGO.SmallMolecule) == "biolink:SmallMolecule"
    assert mp.category(KGO.Assertion) == "biolink:Association"
