"""Shared fixtures: the curated records, the built graph, the review's text, a CLI runner."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

os.environ.setdefault("PYSTOW_HOME", "/tmp/kmt2a-kg-pystow")
# Graphs that queries rebuild (kg.built) go to a cache of the test run, not the user's.
os.environ.setdefault("KMT2A_KG_CACHE", tempfile.mkdtemp(prefix="kmt2a-kg-cache-"))

from kg.constants import DATA_DIR, review_text_path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def review_path() -> Path:
    """The review's text; tests that need it skip, saying where to put it."""
    path = review_text_path()
    if path is None:
        pytest.skip(
            "review text not found: put the review's text at ../shared/sources/*.txt beside "
            "the checkout, or set KMT2A_KG_REVIEW=/path/to/review.txt"
        )
    return path


@pytest.fixture(scope="session")
def curation():
    """The validated curated records (anchors checked when the review text is present)."""
    from kg.loader import load_curation

    return load_curation()


@pytest.fixture(scope="session")
def graph(curation):
    """The RDF graph built from the curated records (do not modify: shared by tests)."""
    from kg.graph import build_graph

    return build_graph(curation)


@pytest.fixture(scope="session")
def nxgraph(graph):
    """The networkx view of the graph."""
    from kg.nxview import to_networkx

    return to_networkx(graph)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the curated files, to break on purpose."""
    dest = tmp_path / "curation"
    shutil.copytree(DATA_DIR, dest)
    return dest


@pytest.fixture
def cli():
    """Invoke the `kmt2a-kg` CLI in-process; returns click's Result."""
    from kg.cli import main

    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


def sparql_rows(g, query: str, **bindings) -> set[tuple]:
    """Run a SPARQL query on an rdflib graph; rows as tuples of Python values."""
    res = g.query(query, initBindings=bindings or None)
    return {tuple(v.toPython() if v is not None else None for v in row) for row in res}


def digests_across_hash_seeds(graph, tmp_path: Path, digest_code: str) -> set[str]:
    """Run ``digest_code`` (Python printing a digest of exports computed from the graph ``g``)
    in two processes with different PYTHONHASHSEED, both reading one N-Triples snapshot of
    ``graph`` (rdflib's triple order follows the hash seed). Returns the distinct outputs."""
    import subprocess
    import sys

    snapshot = tmp_path / "kg.nt"
    graph.serialize(snapshot, format="nt", encoding="utf-8")
    code = "import hashlib, sys, kg; g = kg.load_graph(path=sys.argv[1]); " + digest_code
    digests = set()
    for seed in ("1", "2"):
        # Each process gets its own empty cache: a p-value cached by the first must not
        # hide a hash-seed dependence of the second (kg.hypotheses.pcache).
        env = {**os.environ, "PYTHONHASHSEED": seed,
               "KMT2A_KG_CACHE": str(tmp_path / f"cache-{seed}")}
        out = subprocess.run([sys.executable, "-c", code, str(snapshot)], env=env,
                             capture_output=True, text=True, check=True, cwd=tmp_path)
        digests.add(out.stdout.strip())
    return digests
