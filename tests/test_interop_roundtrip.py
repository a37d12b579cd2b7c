"""Every export read back with the tool its users use gives the graph's values unchanged.

The expected values are read from the RDF graph itself (labels, synonyms, cross-references,
definitions, curated attributes, and each assertion's claim, anchor, locators and reference
numbers), not from the exporters' own table. Readers: KGX TSV as the KGX convention reads it
(tab-separated, ``|`` multivalues), the Neo4j CSVs by neo4j-admin's header rules and by the
embedded Kuzu database's ``COPY FROM``, GraphML by networkx and by python-igraph, Cytoscape.js
JSON in its ``elements`` shape. A second pass runs every writer and reader on values written to
break them: ``t(4;11)``, quotes, commas, markup, a leading ``=``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.constants import KG, KGO
from kg.interop.constants import KGX_ID_PREFIXES
from kg.interop.cytoscape import cytoscape_json
from kg.interop.graphml import graphml_bytes
from kg.interop.kgx import edges_tsv, nodes_tsv
from kg.interop.neo4j import IMPORT_OPTIONS, edges_csv, nodes_csv
from kg.interop.view import GraphTable, graph_table

SEP = "|"
#: Node columns that are not curated attributes, per export.
NOT_ATTRIBUTES = {"label", "name", "category", "kgo_class", "record_id", "iri", "synonym",
                  "xref", "description", "id", "provided_by", "curation_file", "LABEL", "",
                  "clinical_trial_conditions"}  # a Biolink node property made from edges


# ---------------------------------------------------------------- what the graph holds

@dataclasses.dataclass(frozen=True)
class Node:
    record_id: str
    label: str
    synonyms: tuple[str, ...]
    identifiers: frozenset[str]  # the preferred CURIE and the xrefs
    description: str
    attributes: tuple[tuple[str, tuple[str, ...]], ...]  # key -> lexical forms, sorted


@dataclasses.dataclass(frozen=True)
class Edge:
    subject: str  # record ids
    object: str
    predicate: str  # ontology key
    claim: str
    anchor: str
    section: str
    table: str
    figure: str
    references: tuple[int, ...]


def _s(g: Graph, s: URIRef, p: URIRef) -> str:
    v = g.value(s, p)
    return "" if v is None else str(v)


def expected_nodes(g: Graph, t: GraphTable) -> dict[str, Node]:
    """Record id -> the entity's values as the RDF graph states them."""
    keys = {URIRef(p): str(k) for p, k in g.subject_objects(KGO.yamlKey)}
    fixed = {KGO.synonym, KGO.xref, KGO.curie, KGO.curation_file, RDFS.label}
    out = {}
    for row in t.nodes:
        iri = KG[row.record_id]
        attrs: dict[str, list[str]] = {}
        for p, o in g.predicate_objects(iri):
            if isinstance(o, Literal) and p in keys and p not in fixed and p != KGO.yamlKey:
                attrs.setdefault(keys[p], []).append(str(o))
        curie = _s(g, iri, KGO.curie)
        out[row.record_id] = Node(
            record_id=row.record_id,
            label=_s(g, iri, RDFS.label),
            synonyms=tuple(sorted(str(x) for x in g.objects(iri, KGO.synonym))),
            identifiers=frozenset({str(x) for x in g.objects(iri, KGO.xref)}
                                  | ({curie} if curie else set())),
            description=_s(g, iri, SKOS.definition),
            attributes=tuple(sorted((k, tuple(sorted(v))) for k, v in attrs.items())),
        )
    return out


def expected_edges(g: Graph, t: GraphTable) -> dict[str, Edge]:
    """Assertion id (``kmt2a-kg:assertion/<key>``) -> the assertion as the RDF graph states it."""
    out = {}
    for row in t.edges:
        a = KG[f"assertion/{row.key}"]
        assert (a, RDF.type, KGO.Assertion) in g, row.key
        refs = sorted(int(n) for r in g.objects(a, KGO.cites)
                      for n in g.objects(r, KGO.reference_number))
        out[row.id] = Edge(
            subject=str(g.value(a, RDF.subject)).removeprefix(str(KG)),
            object=str(g.value(a, RDF.object)).removeprefix(str(KG)),
            predicate=str(g.value(g.value(a, RDF.predicate), KGO.yamlKey)),
            claim=_s(g, a, KGO.claim), anchor=_s(g, a, KGO.anchor),
            section=_s(g, a, KGO.section), table=_s(g, a, KGO.table),
            figure=_s(g, a, KGO.figure), references=tuple(refs),
        )
    return out


@pytest.fixture(scope="module")
def table(graph) -> GraphTable:
    return graph_table(graph)


@pytest.fixture(scope="module")
def truth(graph, table) -> tuple[dict[str, Node], dict[str, Edge]]:
    return expected_nodes(graph, table), expected_edges(graph, table)


def test_the_graph_has_the_values_that_used_to_be_corrupted(truth):
    """Review, Table 1 / Introduction: KMT2A::AFF1 is t(4;11); the Neo4j export used to write
    it t(4,11)."""
    nodes, _ = truth
    assert "t(4;11)" in nodes["KMT2A-AFF1"].synonyms
    assert any(";" in s for n in nodes.values() for s in n.synonyms)


# ---------------------------------------------------------------- readers, one per tool

def _split(cell: str) -> tuple[str, ...]:
    return tuple(cell.split(SEP)) if cell else ()


def _node_from(ids: dict[str, str], rec: dict[str, object]) -> Node:
    """A Node from one exported record whose list fields are already tuples."""
    kgx_id = str(rec["id"])
    xrefs = set(rec["xref"])  # type: ignore[call-overload]
    prefix, _, local = kgx_id.partition(":")
    renamed = {v: k for k, v in KGX_ID_PREFIXES.items()}  # Biolink spelling -> curated one
    if prefix in renamed and f"{renamed[prefix]}:{local}" in xrefs:
        pass  # the curated CURIE is among the xrefs; the id is its Biolink spelling
    elif prefix != "kmt2a-kg":
        xrefs.add(kgx_id)
    items = rec["attributes"].items()  # type: ignore[attr-defined]
    attrs = tuple(sorted((k, tuple(sorted(v))) for k, v in items if v))
    return Node(record_id=str(rec["record_id"]), label=str(rec["label"]),
                synonyms=tuple(sorted(rec["synonym"])),  # type: ignore[call-overload]
                identifiers=frozenset(xrefs), description=str(rec["description"]),
                attributes=attrs)


def _edge_from(rec: dict[str, object], record_of: dict[str, str]) -> Edge:
    return Edge(subject=record_of[str(rec["subject"])], object=record_of[str(rec["object"])],
                predicate=str(rec["kgo_predicate"]), claim=str(rec["claim"]),
                anchor=str(rec["anchor"]), section=str(rec["section"]),
                table=str(rec["table"]), figure=str(rec["figure"]),
                references=tuple(sorted(int(r) for r in rec["references"])))  # type: ignore[attr-defined]


def read_kgx(nodes: bytes, edges: bytes) -> tuple[dict[str, Node], dict[str, Edge], dict]:
    """KGX TSV: tab-separated, no quoting, ``|`` multivalues."""
    nrows = list(csv.DictReader(io.StringIO(nodes.decode()), delimiter="\t",
                                quoting=csv.QUOTE_NONE))
    erows = list(csv.DictReader(io.StringIO(edges.decode()), delimiter="\t",
                                quoting=csv.QUOTE_NONE))
    record_of = {r["id"]: r["iri"].removeprefix(str(KG)) for r in nrows}
    out_n = {}
    for r in nrows:
        attrs = {k: _split(v) for k, v in r.items() if k not in NOT_ATTRIBUTES}
        out_n[record_of[r["id"]]] = _node_from({}, {
            "id": r["id"], "record_id": record_of[r["id"]], "label": r["name"],
            "synonym": _split(r["synonym"]), "xref": _split(r["xref"]),
            "description": r["description"], "attributes": attrs})
    out_e = {}
    extra = {}
    for r in erows:
        rec = {**r, "kgo_predicate": r["original_predicate"].removeprefix("kgo:"),
               "claim": r["description"], "anchor": r["supporting_text"],
               "references": _split(r["reference_numbers"])}
        out_e[r["id"]] = _edge_from(rec, record_of)
        extra[r["id"]] = r
    return out_n, out_e, extra


def _neo4j_value(header: str, cell: str) -> tuple[str, object]:
    """neo4j-admin's reading of one cell: ``name:type[]`` arrays split on the delimiter."""
    name, _, typ = header.partition(":")
    delimiter = next(o for o in IMPORT_OPTIONS if o.startswith("--array-delimiter"))
    delimiter = delimiter.split("=", 1)[1].strip('"')
    if typ.endswith("[]"):
        return name, tuple(cell.split(delimiter)) if cell else ()
    return name, cell


def _neo4j_rows(data: bytes) -> list[dict[str, object]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    head = rows[0]
    return [dict(_neo4j_value(h, c) for h, c in zip(head, r, strict=True)) for r in rows[1:]]


def read_neo4j(nodes: bytes, edges: bytes) -> tuple[dict[str, Node], dict[str, Edge]]:
    """Both CSVs by neo4j-admin's header rules (``name:type``, arrays ``[]`` split on the
    delimiter that :data:`IMPORT_OPTIONS` passes)."""
    out_n, record_of = {}, {}
    for r in _neo4j_rows(nodes):
        record_of[str(r["id"])] = str(r["record_id"])
        attrs = {k: (v if isinstance(v, tuple) else _split_scalar(v))
                 for k, v in r.items() if k and k not in NOT_ATTRIBUTES}
        out_n[str(r["record_id"])] = _node_from({}, {**r, "label": r["name"],
                                                     "attributes": attrs})
    out_e = {}
    for r in csv.DictReader(io.StringIO(edges.decode(), newline="")):
        parsed = dict(_neo4j_value(h, r[h]) for h in r)
        out_e[str(parsed["id"])] = _edge_from({
            **parsed, "subject": r[":START_ID"], "object": r[":END_ID"],
            "kgo_predicate": r[":TYPE"]}, record_of)
    return out_n, out_e


def _split_scalar(v: object) -> tuple[str, ...]:
    return (str(v),) if v not in ("", None) else ()


def read_graphml_networkx(data: bytes) -> tuple[dict[str, Node], dict[str, Edge]]:
    G = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    record_of = {n: d["record_id"] for n, d in G.nodes(data=True)}
    out_n = {}
    for nid, d in G.nodes(data=True):
        attrs = {k: _graphml_attr(v) for k, v in d.items() if k not in NOT_ATTRIBUTES}
        out_n[d["record_id"]] = _node_from({}, {
            **d, "id": nid, "synonym": _split(d["synonym"]), "xref": _split(d["xref"]),
            "attributes": attrs})
    out_e = {}
    for s, o, key, d in G.edges(keys=True, data=True):
        assert isinstance(d["negated"], bool), "GraphML booleans must read as booleans"
        out_e[key] = _edge_from({**d, "subject": s, "object": o,
                                 "references": _split(d["references"])}, record_of)
    return out_n, out_e


def _graphml_attr(v: object) -> tuple[str, ...]:
    if isinstance(v, bool):
        return ("true" if v else "false",)
    if isinstance(v, str):
        return _split(v)
    return (str(v),)


def read_graphml_igraph(data: bytes, path: Path) -> tuple[dict[str, Node], dict[str, Edge]]:
    import igraph

    path.write_bytes(data)
    g = igraph.Graph.Read_GraphML(str(path))
    record_of = {v["id"]: v["record_id"] for v in g.vs}
    out_n = {}
    for v in g.vs:
        d = v.attributes()
        attrs = {k: _igraph_attr(x) for k, x in d.items() if k not in NOT_ATTRIBUTES}
        out_n[d["record_id"]] = _node_from({}, {
            **d, "synonym": _split(d["synonym"]), "xref": _split(d["xref"]),
            "attributes": attrs})
    out_e = {}
    for e in g.es:
        d = e.attributes()
        assert isinstance(d["negated"], bool)
        out_e[d["assertion_id"]] = _edge_from({
            **d, "subject": g.vs[e.source]["id"], "object": g.vs[e.target]["id"],
            "references": _split(d["references"])}, record_of)
    return out_n, out_e


def _igraph_attr(v: object) -> tuple[str, ...]:
    """igraph keeps numbers as doubles (1999.0) and absent ones as NaN; absent booleans read as
    False (a limit of igraph's GraphML reader, compared below on the nodes that have them)."""
    if isinstance(v, bool):
        return ("true" if v else "false",)
    if isinstance(v, float):
        if v != v:
            return ()
        return (str(int(v)) if v.is_integer() else repr(v),)
    return _split(str(v)) if v is not None else ()


def read_cytoscape(data: bytes) -> tuple[dict[str, Node], dict[str, Edge]]:
    doc = json.loads(data)
    assert set(doc["elements"]) == {"nodes", "edges"}
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert all(set(x) == {"data"} for x in nodes + edges), "elements are {'data': {...}}"
    record_of = {n["data"]["id"]: n["data"]["record_id"] for n in nodes}
    out_n = {}
    for n in nodes:
        d = n["data"]
        attrs = {k: _json_attr(v) for k, v in d.items() if k not in NOT_ATTRIBUTES}
        out_n[d["record_id"]] = _node_from({}, {**d, "attributes": attrs})
    out_e = {}
    for e in edges:
        d = e["data"]
        assert d["source"] in record_of and d["target"] in record_of, d["id"]
        assert isinstance(d["negated"], bool)
        out_e[d["assertion_id"]] = _edge_from({**d, "subject": d["source"], "object": d["target"]},
                                    record_of)
    return out_n, out_e


def _json_attr(v: object) -> tuple[str, ...]:
    vals = v if isinstance(v, list) else [v]
    return tuple(("true" if x else "false") if isinstance(x, bool) else str(x) for x in vals)


# ---------------------------------------------------------------- comparisons

def _same_numbers(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    try:
        return sorted(map(Decimal, a)) == sorted(map(Decimal, b))
    except ArithmeticError:
        return False


def assert_same(fmt: str, got: tuple[dict, dict], want: tuple[dict, dict],
                numbers_by_value: bool = False, absent_false: bool = False) -> None:
    gn, ge = got
    wn, we = want
    assert set(gn) == set(wn), f"{fmt}: node sets differ"
    for rid, w in wn.items():
        g = gn[rid]
        if numbers_by_value or absent_false:
            ga, wa = dict(g.attributes), dict(w.attributes)
            for k in set(ga) | set(wa):
                x, y = ga.get(k, ()), wa.get(k, ())
                if x == y or (numbers_by_value and _same_numbers(x, y)):
                    continue
                assert absent_false and y == () and x == ("false",), (fmt, rid, k, x, y)
            g = dataclasses.replace(g, attributes=w.attributes)
        assert g == w, f"{fmt}: node {rid} differs:\n got  {g}\n want {w}"
    assert set(ge) == set(we), f"{fmt}: edge sets differ"
    for eid, w in we.items():
        assert ge[eid] == w, f"{fmt}: edge {eid} differs:\n got  {ge[eid]}\n want {w}"


def _all_formats(t: GraphTable, tmp: Path) -> dict[str, tuple[dict, dict]]:
    kn, ke, _ = read_kgx(nodes_tsv(t), edges_tsv(t))
    return {
        "KGX TSV": (kn, ke),
        "Neo4j CSV": read_neo4j(nodes_csv(t), edges_csv(t)),
        "GraphML (networkx)": read_graphml_networkx(graphml_bytes(t)),
        "GraphML (igraph)": read_graphml_igraph(graphml_bytes(t), tmp / "g.graphml"),
        "Cytoscape.js": read_cytoscape(cytoscape_json(t)),
    }


@pytest.mark.parametrize("fmt", ["KGX TSV", "Neo4j CSV", "GraphML (networkx)",
                                 "GraphML (igraph)", "Cytoscape.js"])
def test_every_export_reads_back_with_the_graphs_values(fmt, table, truth, tmp_path):
    got = _all_formats(table, tmp_path)[fmt]
    assert_same(fmt, got, truth, numbers_by_value=fmt in ("GraphML (igraph)", "Cytoscape.js"),
                absent_false=fmt == "GraphML (igraph)")


HOSTILE = ['t(4;11)', 'a "quoted", comma', "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
           "semi;colon; and trailing ;", "  spaced  ", "back\\slash", "amp & lt <"]


def _hostile(t: GraphTable) -> GraphTable:
    n0 = t.nodes[0]
    nodes = [dataclasses.replace(n0, name=HOSTILE[2], synonyms=tuple(HOSTILE),
                                 description=HOSTILE[1] + " " + HOSTILE[3],
                                 attributes={"phase": (Literal(HOSTILE[0]),),
                                             "registry_id": (Literal(HOSTILE[1]),
                                                             Literal(HOSTILE[4]))})]
    nodes += t.nodes[1:]
    e0 = t.edges[0]
    edges = [dataclasses.replace(e0, claim=HOSTILE[3], anchor=HOSTILE[1], section=HOSTILE[4],
                                 table=HOSTILE[0])] + t.edges[1:]
    return GraphTable(nodes, edges, t.mapper)


def test_values_written_to_break_the_formats_read_back_unchanged(table, tmp_path):
    t = _hostile(table)
    n0, e0 = t.nodes[0], t.edges[0]
    for fmt, (nodes, edges) in _all_formats(t, tmp_path).items():
        n = nodes[n0.record_id]
        assert n.label == HOSTILE[2] and n.synonyms == tuple(sorted(HOSTILE)), fmt
        assert n.description == n0.description, fmt
        assert dict(n.attributes)["registry_id"] == tuple(sorted(HOSTILE[i] for i in (1, 4))), fmt
        e = edges[e0.id]
        assert (e.claim, e.anchor, e.section, e.table) == (e0.claim, e0.anchor, e0.section,
                                                           e0.table), fmt


def test_a_value_containing_the_multivalue_separator_fails_the_export(table):
    n0 = table.nodes[0]
    bad = GraphTable([dataclasses.replace(n0, synonyms=("a|b",))] + table.nodes[1:],
                     table.edges, table.mapper)
    for write in (nodes_tsv, nodes_csv, graphml_bytes):
        with pytest.raises(ValueError, match="multivalue separator"):
            write(bad)


# ---------------------------------------------------------------- Neo4j header rules, Kuzu

def test_neo4j_headers_follow_the_import_tool_rules(table):
    """neo4j-admin: ``:ID``/``:LABEL`` on nodes, ``:START_ID``/``:END_ID``/``:TYPE`` first on
    relationships, types among the documented ones, arrays marked ``[]``."""
    types = {"", "string", "long", "int", "double", "float", "boolean", "ID", "LABEL",
             "START_ID", "END_ID", "TYPE"}
    for data in (nodes_csv(table), edges_csv(table)):
        head = next(csv.reader(io.StringIO(data.decode())))
        for h in head:
            name, _, typ = h.partition(":")
            assert typ.removesuffix("[]") in types, h
        assert len(set(h.partition(":")[0] for h in head if h.partition(":")[0])) == \
            len([h for h in head if h.partition(":")[0]]), "duplicate property names"
    assert next(csv.reader(io.StringIO(nodes_csv(table).decode())))[:2] == ["id:ID", ":LABEL"]
    assert next(csv.reader(io.StringIO(edges_csv(table).decode())))[:3] == [
        ":START_ID", ":END_ID", ":TYPE"]


def _kuzu_type(header: str) -> str:
    typ = header.partition(":")[2]
    if typ.endswith("[]"):
        return "STRING"
    return {"long": "INT64", "double": "DOUBLE", "boolean": "BOOLEAN"}.get(typ, "STRING")


def _kuzu_name(header: str, i: int) -> str:
    name = header.partition(":")[0]
    return f"c{i}_{name}" if name else f"c{i}"


def test_kuzu_copy_from_loads_the_neo4j_csvs_unchanged(table, tmp_path):
    """The embedded Kuzu database loads both CSVs with ``COPY FROM`` (a real CSV loader, with
    its own quoting rules); every cell it stores equals the cell the Neo4j header rules read."""
    kuzu = pytest.importorskip("kuzu")
    t = _hostile(table)
    nodes_path, edges_path = tmp_path / "nodes.csv", tmp_path / "edges.csv"
    nodes_path.write_bytes(nodes_csv(t))
    edges_path.write_bytes(edges_csv(t))
    nhead = next(csv.reader(io.StringIO(nodes_path.read_text())))
    ehead = next(csv.reader(io.StringIO(edges_path.read_text())))
    db = kuzu.Database(str(tmp_path / "db"))
    conn = kuzu.Connection(db)
    ncols = [f"{_kuzu_name(h, i)} {'STRING' if i < 2 else _kuzu_type(h)}"
             for i, h in enumerate(nhead)]
    key = _kuzu_name(nhead[0], 0)
    conn.execute(f"CREATE NODE TABLE N({', '.join(ncols)}, PRIMARY KEY({key}))")
    ecols = [f"{_kuzu_name(h, i)} {_kuzu_type(h)}" for i, h in enumerate(ehead) if i >= 2]
    conn.execute(f"CREATE REL TABLE E(FROM N TO N, {', '.join(ecols)})")
    opts = "(header=true, parallel=false)"
    conn.execute(f"COPY N FROM '{nodes_path}' {opts}")
    conn.execute(f"COPY E FROM '{edges_path}' {opts}")

    def cell(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    want_n = [r for r in csv.reader(io.StringIO(nodes_path.read_text(), newline=""))][1:]
    cols = ", ".join("n." + _kuzu_name(h, i) for i, h in enumerate(nhead))
    res = conn.execute(f"MATCH (n:N) RETURN {cols}")
    got_n = []
    while res.has_next():
        got_n.append([cell(v) for v in res.get_next()])
    typed = [_kuzu_type(h) for h in nhead]
    for row in want_n:  # numbers compare by value (Kuzu re-prints doubles)
        for i, ty in enumerate(typed):
            if ty == "DOUBLE" and row[i]:
                row[i] = str(float(row[i]))
    assert sorted(got_n) == sorted(want_n)
    want_e = [r for r in csv.reader(io.StringIO(edges_path.read_text(), newline=""))][1:]
    names = [_kuzu_name(h, i) for i, h in enumerate(ehead) if i >= 2]
    res = conn.execute("MATCH (a:N)-[e:E]->(b:N) RETURN a.c0_id, b.c0_id, "
                       + ", ".join(f"e.{n}" for n in names))
    got_e = []
    while res.has_next():
        got_e.append([cell(v) for v in res.get_next()])
    assert sorted(got_e) == sorted(want_e)
    assert len(got_e) == len(t.edges)


# ---------------------------------------------------------------- JSON-LD for plain JSON

def test_jsonld_context_has_only_used_prefixes_and_plain_json_terms(graph):
    from kg.exports import jsonld_bytes

    doc = json.loads(jsonld_bytes(graph))
    ctx, nodes = doc["@context"], doc["@graph"]
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))}
    text = json.dumps(nodes) + json.dumps({k: v for k, v in ctx.items() if k not in prefixes})
    unused = [p for p in prefixes if f'"{p}:' not in text]
    assert not unused, f"prefixes in @context that the document never uses: {unused}"
    assert ctx["id"] == "@id" and ctx["type"] == "@type"
    men1 = next(n for n in nodes if n["id"] == "kg:MEN1")
    assert men1["label"].startswith("MEN1") and men1["curie"] == "HGNC:7010"
    keys = {k for n in nodes for k in n}
    assert "kgo:inhibits" not in keys and "rdfs:label" not in keys  # plain-JSON names instead


# ---------------------------------------------------------------- human-facing text exports

def test_query_output_neutralises_markup_and_spreadsheet_formulas():
    from kg.sparql.formats import format_result
    from kg.sparql.results import SelectResult

    res = SelectResult(["label", "score"], [{"label": "<script>alert(1)</script>", "score": -1},
                                            {"label": "=HYPERLINK(\"http://x\")", "score": 2},
                                            {"label": "a | b [x](y)", "score": 3}])
    md = format_result(res, "md")
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "\\[x\\](y)" in md and "a \\| b" in md
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        rows = list(csv.reader(io.StringIO(format_result(res, fmt)), delimiter=sep))
        assert rows[2][0] == "'=HYPERLINK(\"http://x\")", fmt
        assert rows[1][1] == "-1", "numbers are not formulas"


def test_hypotheses_markdown_has_no_markup_from_the_data(graph):
    """Labels in the report are escaped: the only HTML in it is the report's own
    ``<details>``/``<summary>`` folding."""
    import re

    from kg.textsafe import md_text

    assert md_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    out = Path(__file__).resolve().parents[1] / "exports" / "hypotheses.md"
    if not out.exists():
        pytest.skip("exports/hypotheses.md not built")
    tags = set(re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", out.read_text(encoding="utf-8")))
    assert tags <= {"details", "summary"}, tags
