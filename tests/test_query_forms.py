"""Engine-specific query forms (queries/<engine>/<name>.rq) give the rows of the main form."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.constants import QUERIES_DIR
from kg.sparql import get_query, list_queries, make_engine, run_spec
from kg.sparql.constants import ENGINE_NAMES

FORMS = sorted(p for d in QUERIES_DIR.iterdir() if d.is_dir() for p in d.glob("*.rq"))


def _canon(rows):
    return sorted(tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows)


def test_every_form_belongs_to_a_catalogue_query_and_an_engine():
    names = {q.name for q in list_queries()}
    for p in FORMS:
        assert p.parent.name in ENGINE_NAMES, p
        assert p.stem in names, f"{p}: no queries/{p.name}"
        assert not any(line.startswith("#+") for line in p.read_text().splitlines()), (
            f"{p}: the header belongs to the main form only")


@pytest.mark.parametrize("path", FORMS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_form_gives_the_rows_of_the_main_form(path, graph):
    eng = make_engine(path.parent.name, graph=graph)
    spec = get_query(path.stem)
    assert spec.text_for(eng.name) == path.read_text(encoding="utf-8")
    params = {"text": "inhib"} if spec.name == "find-entity" else {}
    main = run_spec(replace(spec, forms=()), eng, params).rows
    assert main, f"{spec.name}: the comparison needs rows"
    assert _canon(run_spec(spec, eng, params).rows) == _canon(main)
