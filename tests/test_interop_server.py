"""A real Oxigraph SPARQL 1.1 server on a free loopback port: catalogue queries through the
protocol give the in-process rows, `serve` refuses updates, `push` loads any Graph Store.

Every server is stopped in fixture teardown.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.constants import KG
from kg.exports import ntriples_bytes
from kg.interop.remote import RemoteEngine
from kg.interop.server import OxigraphServer, ServerError, load_store, oxigraph_binary, push

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _has_oxigraph() -> bool:
    try:
        oxigraph_binary()
    except ServerError:
        return False
    return True


if not _has_oxigraph():  # pragma: no cover - oxigraph is a dependency
    pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def nt_file(graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("nt") / "kg.nt"
    path.write_bytes(ntriples_bytes(graph))
    return path


@pytest.fixture(scope="module")
def ro_server(nt_file, tmp_path_factory: pytest.TempPathFactory):
    """`oxigraph load` into a temporary store, then `oxigraph serve-read-only`."""
    store = tmp_path_factory.mktemp("ro") / "store"
    load_store(store, [nt_file])
    srv = OxigraphServer(store, port=0, read_only=True).start()
    yield srv
    srv.stop()


@pytest.fixture
def rw_server(tmp_path: Path):
    """A writable `oxigraph serve` on an empty store, for Graph Store Protocol pushes."""
    store = tmp_path / "rw"
    store.mkdir()
    srv = OxigraphServer(store, port=0, read_only=False).start()
    yield srv
    srv.stop()


def _count(url: str) -> int:
    return int(RemoteEngine(url).select(COUNT).rows[0]["n"])


def _post(url: str, body: bytes, ctype: str) -> int:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def test_server_holds_the_whole_graph(ro_server, graph):
    assert _count(ro_server.query_url) == len(graph)


def _catalogue():
    from kg.sparql import list_queries

    return [q for q in list_queries() if not any(p.required for p in q.params)]


def test_catalogue_queries_through_the_protocol_equal_in_process_rows(ro_server, graph):
    """Every catalogue query without required parameters: the server's rows equal the rows
    of the in-process Oxigraph engine (rdflib against Oxigraph is the query layer's test)."""
    from kg.sparql import OxigraphEngine, run_spec

    specs = _catalogue()
    if not specs:
        pytest.skip("the query catalogue (queries/*.rq) is empty")
    remote, local = RemoteEngine(ro_server.query_url), OxigraphEngine.from_graph(graph)
    key = lambda r: json.dumps(r, sort_keys=True, default=str)  # noqa: E731
    for spec in specs:
        got = run_spec(spec, remote)
        want = run_spec(spec, local)
        assert got.columns == want.columns, spec.name
        assert sorted(got.rows, key=key) == sorted(want.rows, key=key), spec.name


def test_bound_parameters_reach_the_server_as_values(ro_server, graph):
    """Review, Introduction: revumenib is a menin (MEN1) inhibitor."""
    from kg.sparql import RdflibEngine

    q = "SELECT ?drug WHERE { ?drug kgo:inhibits ?target } ORDER BY ?drug"
    bindings = {"target": URIRef(KG["MEN1"])}
    remote = RemoteEngine(ro_server.query_url).select(q, bindings).rows
    assert {"drug": "kg:revumenib"} in remote
    assert remote == RdflibEngine(graph).select(q, bindings).rows
    hostile = {"target": Literal('x" } } ; DROP ALL ; SELECT * { "')}
    assert RemoteEngine(ro_server.query_url).select(q, hostile).rows == []


def test_serve_read_only_refuses_updates_and_graph_store_writes(ro_server, graph):
    triple = b"<urn:x:a> <urn:x:b> <urn:x:c> ."
    assert _post(ro_server.update_url, b"INSERT DATA { " + triple + b" }",
                 "application/sparql-update") == 403
    assert _post(ro_server.store_url + "?default", triple, "application/n-triples") == 403
    assert _count(ro_server.query_url) == len(graph)


def test_push_loads_the_graph_through_the_graph_store_protocol(rw_server, nt_file, graph):
    assert _count(rw_server.query_url) == 0
    assert push(rw_server.store_url, nt_file, replace=True) in (200, 201, 204)
    assert _count(rw_server.query_url) == len(graph)
    push(rw_server.store_url, nt_file.read_bytes())  # POST adds: sets do not grow
    assert _count(rw_server.query_url) == len(graph)
    push(rw_server.store_url, nt_file, graph="https://w3id.org/kmt2a-kg/graph")
    ask = ("ASK { GRAPH <https://w3id.org/kmt2a-kg/graph> "
           "{ kg:revumenib kgo:inhibits kg:MEN1 } }")
    assert RemoteEngine(rw_server.query_url).select(ask).rows == [{"result": True}]


def test_push_command_and_its_errors(cli, rw_server, graph):
    res = cli("push", rw_server.store_url, "--replace")
    assert res.exit_code == 0, res.output
    assert _count(rw_server.query_url) == len(graph)
    rw_server_port = rw_server.port
    rw_server.stop()
    from click.testing import CliRunner

    from kg.cli import main

    bad = CliRunner().invoke(main, ["push", f"http://127.0.0.1:{rw_server_port}/store"])
    assert bad.exit_code == 1
    assert "cannot reach" in bad.output and "Traceback" not in bad.output


def test_remote_engine_reports_an_unreachable_endpoint_in_one_line(tmp_path):
    from kg.interop.server import free_port
    from kg.sparql import QueryError

    with pytest.raises(QueryError, match="cannot reach"):
        RemoteEngine(f"http://127.0.0.1:{free_port()}/query").select(COUNT)


def test_serve_command_answers_and_stops_on_ctrl_c(graph):
    """`kmt2a-kg serve --port 0` prints its endpoint, answers queries, exits on SIGINT."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            ready, _, _ = select.select([proc.stdout], [], [], 1.0)
            if ready:
                line = proc.stdout.readline()  # type: ignore[union-attr]
                if "endpoint" in line:
                    url = line.split()[-1]
        assert url and url.startswith("http://127.0.0.1:"), "serve printed no endpoint"
        assert _count(url) == len(graph)
        assert _post(url.replace("/query", "/update"), b"CLEAR ALL",
                     "application/sparql-update") == 403
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=5) == 0  # Ctrl-C gives the prompt back (issue 12)
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}),
                                   timeout=3)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_python_api_runs_a_catalogue_query_with_a_parameter_on_the_server(ro_server, graph):
    """kg.sparql.query(..., graph=RemoteEngine(url)): the entity parameter is resolved and
    bound on the server. Review, Introduction: revumenib acts on menin (MEN1)."""
    from kg.sparql import OxigraphEngine, get_query, query

    spec = get_query("drugs-for-target")
    if not any(p.name == "target" for p in spec.params):
        pytest.skip("drugs-for-target has no 'target' parameter any more")
    remote = query("drugs-for-target", graph=RemoteEngine(ro_server.query_url), target="MEN1")
    local = query("drugs-for-target", graph=OxigraphEngine.from_graph(graph), target="MEN1")
    key = lambda r: json.dumps(r, sort_keys=True, default=str)  # noqa: E731
    assert sorted(remote, key=key) == sorted(local, key=key)
    assert "kg:revumenib" in {r["drug"] for r in remote}


def test_query_command_runs_the_catalogue_against_an_endpoint(cli, ro_server):
    """`kmt2a-kg query --endpoint URL NAME`: drugs that inhibit menin (refs 5-10), over the
    SPARQL protocol, equal the in-process answer."""
    remote = cli("query", "drugs-for-target", "-p", "target=MEN1", "--format", "json",
                 "--endpoint", ro_server.query_url)
    local = cli("query", "drugs-for-target", "-p", "target=MEN1", "--format", "json")
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output
    assert '"drug": "kg:revumenib"' in remote.output or '"kg:revumenib"' in remote.output
