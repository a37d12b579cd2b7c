"""Integrity checks (``queries/*-violation.rq``): none fires on the built graph, and each
fires, with exactly the expected rows, on its deliberately broken fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.sparql import check_violations, list_queries, make_engine, run_spec

BROKEN = Path(__file__).parent / "fixtures" / "broken"
VIOLATIONS = [q for q in list_queries() if q.is_violation]

#: What each check must report on its fixture (see the comments in each .ttl file).
EXPECTED: dict[str, set[tuple]] = {
    "assertion-triple-missing-violation": {
        ("kg:assertion/orphan", "kg:revumenib", "kgo:inhibits", "kg:DOT1L")},
    "edge-without-assertion-violation": {("kg:revumenib", "kgo:inhibits", "kg:BRD4")},
    "measurement-incomplete-violation": {
        ("kg:empty", "no measure"),
        ("kg:empty", "neither a value, a range nor a value status"),
        ("kg:bare", "a value without a qualifier (exact, approximately, a bound)"),
        ("kg:bad-range", "a range without value_min < value_max"),
        ("kg:empty", "no trial or entity has this measurement"),
        ("kg:empty", "no evidence type"),
        ("kg:empty", "no claim")},
    "measurement-value-range-violation": {
        ("kg:too-high", "percentage outside 0-100"),
        ("kg:upside-down", "numerator above denominator"),
        ("kg:no-patients", "denominator not positive"),
        ("kg:negative", "negative numerator"),
        ("kg:minus-patients", "negative value in patients"),
        ("kg:half-patient", "fractional number of patients"),
        ("kg:past-horizon", "time horizon not positive")},
    "conflict-claims-violation": {
        ("kg:one-sided", "only 1 claim(s)"), ("kg:no-claims", "only 0 claim(s)")},
    "claim-without-source-violation": {("kg:c", "kg:c/claim/2")},
    "domain-range-violation": {
        ("kg:my-gene", "kgo:tests_intervention", "kg:my-trial",
         "subject outside the predicate's domain"),
        ("kg:my-gene", "kgo:tests_intervention", "kg:my-trial",
         "object outside the predicate's range")},
    "trial-attributes-violation": {
        ("kg:backwards", "ends (2019) before it starts (2020)"),
        ("kg:empty-trial", "enrolled 0")},
    "citation-unknown-reference-violation": {("kg:assertion/a", "kg:ref/999")},
    "age-group-bounds-violation": {("kg:inverted",), ("kg:empty-range",)},
}


def test_every_check_has_a_broken_fixture_and_an_expectation():
    names = {q.name for q in VIOLATIONS}
    assert names == set(EXPECTED), "add the fixture and expected rows for a new check"
    missing = [n for n in names if not (BROKEN / f"{n}.ttl").is_file()]
    assert not missing, f"no fixture in tests/fixtures/broken/ for {missing}"


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_no_check_fires_on_the_built_graph(graph, engine):
    fired = {name: rows for name, rows in check_violations(engine, make_engine(engine, graph))
             .items() if rows}
    assert not fired, fired


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("spec", VIOLATIONS, ids=lambda q: q.name)
def test_check_fires_on_its_broken_fixture(spec, engine):
    from kg.schema import load_ontology

    g = Graph()
    g += load_ontology()
    g.parse(BROKEN / f"{spec.name}.ttl", format="turtle")
    rows = run_spec(spec, make_engine(engine, graph=g)).rows
    width = len(next(iter(EXPECTED[spec.name])))
    got = {tuple(r.values())[:width] for r in rows}
    assert got == EXPECTED[spec.name]
