"""Both engines give the same rows; parameters are bound, typed and never spliced in; user
errors end in one line and a non-zero exit code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.sparql import (
    Param,
    QueryError,
    get_query,
    inject_values,
    list_queries,
    make_engine,
    query,
    run_spec,
    term_sparql,
)

INJECTION = 'x") } UNION { ?entity ?p ?name . BIND("pwned" AS ?label) } #'


@pytest.fixture(scope="module")
def engines(graph):
    """rdflib and Oxigraph over the same built graph."""
    return {"rdflib": make_engine("rdflib", graph=graph),
            "oxigraph": make_engine("oxigraph", graph=graph)}


def _canon(rows):
    return sorted(tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows)


# Non-default parameters exercised on both engines besides each query's defaults.
EXTRA_PARAMS = [
    ("trials-for-drug", {"drug": "menin inhibitors"}),
    ("trials-by-line-of-treatment", {"line": "second line", "table": "Table 2"}),
    ("outcomes-ranked", {"measure": "OS", "table": "Table 1", "horizon": "5"}),
    ("targets-of-drug", {"drug": "blinatumomab"}),
    ("drugs-for-target", {"target": "MLLT1"}),
    ("resistance-to-drug", {"drug": "revumenib"}),
    ("evidence-for-edge", {"subject": "revumenib", "predicate": "inhibits"}),
    ("pharmacokinetics", {"drug": "vincristine"}),
    ("conflicts", {"about": "cog-aall2321"}),
    ("find-entity", {"text": "menin"}),
    ("references", {"reference": "45"}),
    ("risk-factors", {"phenomenon": "lineage switch (B-ALL to AML)"}),
]


def _default_params(spec):
    return {"text": "inhib"} if spec.name == "find-entity" else {}


@pytest.mark.parametrize("spec", list_queries(), ids=lambda q: q.name)
def test_every_query_gives_the_same_rows_on_both_engines(spec, engines):
    params = _default_params(spec)
    a = run_spec(spec, engines["rdflib"], params)
    b = run_spec(spec, engines["oxigraph"], params)
    assert a.columns == b.columns
    assert _canon(a.rows) == _canon(b.rows)


@pytest.mark.parametrize("name,params", EXTRA_PARAMS, ids=[n for n, _ in EXTRA_PARAMS])
def test_parameterised_queries_agree_on_both_engines(name, params, engines):
    spec = get_query(name)
    a = run_spec(spec, engines["rdflib"], params).rows
    b = run_spec(spec, engines["oxigraph"], params).rows
    assert a, f"{name} {params}: the comparison needs rows"
    assert _canon(a) == _canon(b)


def test_query_api_returns_plain_values():
    """kg.sparql.query: list of dicts; IRIs compact, numbers typed (Table 3, 0-2 months)."""
    got = query("mrd-by-age-and-dose", engine="oxigraph")
    row = next(r for r in got if r["study"] == "kg:jplsg-mll10" and r["age_group"] == "kg:age-0-2m")
    assert row["value"] == Decimal(27) and row["numerator"] == 3 and row["denominator"] == 11
    assert isinstance(row["numerator"], int) and isinstance(row["study_label"], str)


# ---------------------------------------------------------------- binding, never splicing

@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_injection_string_is_a_plain_value(engine, engines):
    """A string parameter holding SPARQL syntax matches nothing and changes nothing."""
    res = run_spec(get_query("find-entity"), engines[engine], {"text": INJECTION})
    assert res.rows == []


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_injection_string_in_an_entity_parameter_is_looked_up_as_a_name(engine, engines):
    with pytest.raises(QueryError, match="no entity has the id, label or synonym"):
        run_spec(get_query("trials-for-drug"), engines[engine], {"drug": INJECTION})


def test_bound_value_round_trips_exactly(engines):
    """The value reaches the engine intact: a query that returns its parameter gives back
    the very string, quotes, braces, newline and all."""
    from kg.sparql import parse_query

    spec = parse_query("#+ param: text (string) — echo\nSELECT ?text WHERE { } ORDER BY ?text",
                       "echo")
    value = INJECTION + '\n"""\\'
    for eng in engines.values():
        assert run_spec(spec, eng, {"text": value}).rows == [{"text": value}]


def test_values_injection_escapes_every_special_character():
    text = inject_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": Literal(INJECTION)})
    from rdflib.plugins.sparql import prepareQuery

    q = prepareQuery(text)  # still one well-formed query
    assert INJECTION in str(q.algebra)
    assert term_sparql(Literal('a"b\\c\nd')) == '"a\\"b\\\\c\\nd"'
    with pytest.raises(QueryError):
        term_sparql(URIRef("http://x/> } DROP ALL #"))


def test_comments_strings_and_iris_do_not_fool_the_binder():
    q = '# {\nPREFIX x: <http://e/ns#>\nSELECT ?y WHERE { ?y ?p "{" }'
    out = inject_values(q, {"y": URIRef("http://e/a")})
    assert out.endswith('WHERE { VALUES (?y) { (<http://e/a>) } ?y ?p "{" }')


# ---------------------------------------------------------------- parameter typing

def test_ill_typed_values_are_rejected():
    from kg.sparql import coerce_value

    with pytest.raises(QueryError, match="must be an integer"):
        coerce_value(Param("n", "integer"), "12a")
    with pytest.raises(QueryError, match="must be a number"):
        coerce_value(Param("x", "decimal"), "five")
    with pytest.raises(QueryError, match="must be true or false"):
        coerce_value(Param("b", "boolean"), "maybe")
    with pytest.raises(QueryError, match="IRI"):
        coerce_value(Param("i", "iri"), "not an iri")
    assert coerce_value(Param("n", "integer"), " 13 ") == Literal(13)
    assert coerce_value(Param("x", "decimal"), "0.05").toPython() == Decimal("0.05")
    assert coerce_value(Param("i", "iri"), "kg:MEN1") == URIRef("https://w3id.org/kmt2a-kg/id/MEN1")


def test_entity_names_resolve_by_id_label_synonym_and_identifier(engines):
    from kg.sparql import resolve_entity

    men1 = URIRef("https://w3id.org/kmt2a-kg/id/MEN1")
    for name in ("MEN1", "kg:MEN1", "menin", "MENIN", "HGNC:7010", "MEN1 (menin)"):
        for eng in engines.values():
            assert resolve_entity(eng, name) == men1, name


def test_unknown_and_missing_parameters_are_errors():
    with pytest.raises(QueryError, match="has no parameter 'drugg'"):
        query("trials-for-drug", drugg="venetoclax")
    with pytest.raises(QueryError, match="needs parameter 'text'"):
        query("find-entity")
    with pytest.raises(QueryError, match="unknown query 'trials-for-drugs'; did you mean"):
        query("trials-for-drugs")
    with pytest.raises(QueryError, match="unknown engine"):
        query("drug-classes", engine="virtuoso")


# ---------------------------------------------------------------- the command line

@pytest.fixture
def runner_cli():
    from kg.cli import main

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, list(args))

    return run


def _one_line_error(res) -> str:
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    out = res.output.strip()
    assert "Traceback" not in out
    assert len(out.splitlines()) == 1, out
    return out


def test_cli_lists_the_catalogue(runner_cli):
    res = runner_cli("queries", "--format", "tsv")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "name\tsummary\tparameters"
    names = {ln.split("\t")[0] for ln in lines[1:]}
    assert names == {q.name for q in list_queries() if not q.is_violation}
    assert any(ln.startswith("trials-for-drug\t") and "drug=blinatumomab (entity)" in ln
               for ln in lines)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_cli_runs_a_query_in_every_format(runner_cli, fmt):
    res = runner_cli("query", "trials-including-kmt2a-wildtype", "--format", fmt)
    assert res.exit_code == 0, res.output
    for trial in ("TINI2", "CCCG-iALL/MPAL-2022", "ALL-Baby-2021"):  # Table 2
        assert trial in res.output


def test_cli_json_is_machine_readable(runner_cli):
    import json

    res = runner_cli("query", "trials-for-drug", "-p", "drug=venetoclax", "--format", "json",
                     "--engine", "oxigraph")
    assert res.exit_code == 0, res.output
    got = {r["trial"] for r in json.loads(res.output)}
    assert got == {"kg:cccg-iall-mpal-2022", "kg:cog-aall2321"}  # Table 2


def test_cli_runs_a_user_file_with_its_parameters(runner_cli, tmp_path: Path):
    f = tmp_path / "mine.rq"
    f.write_text("#+ param: trial (entity, default: tini2) — a trial\n"
                 "PREFIX kgo: <https://w3id.org/kmt2a-kg/ontology#>\n"
                 "SELECT ?n WHERE { ?trial kgo:enrolled ?n } ORDER BY ?n\n")
    res = runner_cli("query", "--file", str(f), "--format", "csv", "-p", "trial=ALL-Baby-2021")
    assert res.exit_code == 0, res.output
    assert res.output == "n\n80\n"  # Table 2: ALL-Baby-2021, N = 80


@pytest.mark.parametrize("args,needle", [
    (("query", "no-such-query"), "unknown query 'no-such-query'"),
    (("query", "find-entity"), "needs parameter 'text'"),
    (("query", "references", "-p", "reference=abc"), "must be an integer"),
    (("query", "outcomes-ranked", "-p", "horizon=five"), "must be a number"),
    (("query", "trials-for-drug", "-p", "dose=3"), "has no parameter 'dose'"),
    (("query", "trials-for-drug", "-p", "drug"), "--param expects key=value"),
    (("query", "trials-for-drug", "-p", "drug=no such drug"), "no entity has the id"),
    (("query",), "give a query NAME or --file FILE"),
])
def test_cli_user_errors_are_one_line(runner_cli, args, needle):
    assert needle in _one_line_error(runner_cli(*args))


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_cli_syntax_error_in_a_user_file_is_one_line(runner_cli, tmp_path: Path, engine):
    f = tmp_path / "broken.rq"
    f.write_text("SELECT ?x WHERE { ?x ?y }\n")
    out = _one_line_error(runner_cli("query", "--file", str(f), "--engine", engine))
    assert "SPARQL syntax error" in out


def test_cli_missing_user_file_is_one_line(runner_cli, tmp_path: Path):
    out = _one_line_error(runner_cli("query", "--file", str(tmp_path / "nope.rq")))
    assert "cannot read query file" in out


def test_cli_merges_extra_rdf(runner_cli, tmp_path: Path):
    """--merge adds triples (here a fictitious trial testing venetoclax) to the graph."""
    f = tmp_path / "extra.ttl"
    f.write_text("@prefix kg: <https://w3id.org/kmt2a-kg/id/> .\n"
                 "@prefix kgo: <https://w3id.org/kmt2a-kg/ontology#> .\n"
                 "kg:my-trial a kgo:ClinicalTrial ; kgo:tests_intervention kg:venetoclax .\n")
    for engine in ("rdflib", "oxigraph"):
        res = runner_cli("query", "trials-for-drug", "-p", "drug=venetoclax", "--merge", str(f),
                         "--engine", engine, "--format", "csv")
        assert res.exit_code == 0, res.output
        assert "kg:my-trial" in res.output and "kg:cog-aall2321" in res.output
