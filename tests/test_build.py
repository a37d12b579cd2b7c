"""The build: deterministic, atomic, committed exports current, works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.exports import write_atomic

REPO = Path(__file__).resolve().parents[1]


def test_two_builds_are_byte_identical(tmp_path, cli):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("build", "--out", str(a)).exit_code == 0
    assert cli("build", "--out", str(b)).exit_code == 0
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_build_writes_the_rdf_exports_and_stats(tmp_path, cli):
    out = tmp_path / "exports"
    res = cli("build", "--out", str(out))
    assert res.exit_code == 0, res.output
    for name in ("kg.ttl", "kg.nt", "kg.jsonld", "stats.json"):
        assert (out / name).stat().st_size > 0, name
    stats = json.loads((out / "stats.json").read_text())
    assert stats["instances_by_class"]["kgo:ClinicalTrial"] >= 23
    assert stats["assertions"] == sum(
        1 for line in (out / "kg.nt").read_text().splitlines()
        if line.endswith("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                         "<https://w3id.org/kmt2a-kg/ontology#Assertion> .")
    )


def test_committed_exports_are_current(tmp_path, cli):
    """exports/ is committed; rebuild and compare. Fix with: kmt2a-kg build"""
    committed = REPO / "exports"
    if not committed.is_dir():
        pytest.skip("no exports/ folder in this checkout")
    fresh = tmp_path / "fresh"
    assert cli("build", "--out", str(fresh)).exit_code == 0
    stale = [p.name for p in sorted(fresh.iterdir())
             if not (committed / p.name).exists()
             or (committed / p.name).read_bytes() != p.read_bytes()]
    assert not stale, f"exports/ is stale for {stale}: run `kmt2a-kg build` and commit exports/"


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "kg.ttl"
    target.write_bytes(b"old")

    class Boom(bytes):
        def __len__(self):  # pragma: no cover - never reached
            return 0

    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.ttl"], "temp file left behind"


def test_cli_works_from_any_directory(tmp_path):
    env = {**os.environ, "PYSTOW_HOME": "/tmp/kmt2a-kg-pystow"}
    exe = [sys.executable, "-m", "kg.cli"]
    res = subprocess.run([*exe, "validate"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([*exe, "build"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "exports" / "kg.ttl").exists()


def test_wheel_ships_ontology_queries_and_data(tmp_path):
    """A plain (non-editable) install must find its resources inside the package."""
    import zipfile

    res = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)], capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        pytest.fail(f"could not build the wheel: {res.stderr[-2000:]}")
    wheel = next(tmp_path.glob("kmt2a_kg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kg/_shipped/ontology/kmt2a-kg.ttl" in names
    assert "kg/_shipped/ontology/shapes.ttl" in names
    assert "kg/data/curation/references.tsv" in names
    assert "kg/data/curation/trials.yaml" in names
    assert "kg/_shipped/exports/kg.nt" in names  # queries read the built graph (kg.built)
    assert "kg/_shipped/exports/kg.inputs.sha256" in names
    assert any(n.startswith("kg/_shipped/queries/") and n.endswith(".rq") for n in names) or \
        not any((REPO / "queries").glob("*.rq"))
