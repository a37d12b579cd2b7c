"""Queries read the built graph, never a stale one (kg.built): the hash of the curated files
is recorded beside exports/kg.nt; an edit is seen by the next query; --rebuild forces."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import built

REPO = Path(__file__).resolve().parents[1]


def _rename_menin(data_dir: Path, new: str) -> None:
    p = data_dir / "genes.yaml"
    text = p.read_text(encoding="utf-8")
    assert "label: MEN1 (menin)" in text
    p.write_text(text.replace("label: MEN1 (menin)", f"label: {new}", 1), encoding="utf-8")


def test_build_records_the_inputs_hash_beside_kg_nt(tmp_path, cli):
    out = tmp_path / "exports"
    assert cli("build", "--out", str(out), "--no-shacl").exit_code == 0
    assert built.recorded_hash(out) == built.inputs_hash()


def test_committed_graph_is_fresh_so_queries_do_not_rebuild():
    if not (REPO / "exports" / built.GRAPH_FILE).is_file():
        pytest.skip("no exports/ in this checkout")
    assert built.recorded_hash(REPO / "exports") == built.inputs_hash(), (
        "exports/kg.nt was built from other curated files: run `kmt2a-kg build`")
    assert built.fresh_graph_file(built.inputs_hash()) is not None


def test_hash_covers_every_curated_file_but_not_readmes(data_copy):
    before = built.inputs_hash(data_copy)
    (data_copy / "README.md").write_text("edited\n", encoding="utf-8")
    assert built.inputs_hash(data_copy) == before
    _rename_menin(data_copy, "MEN1 (menin, edited)")
    assert built.inputs_hash(data_copy) != before


def test_next_query_sees_an_edited_curated_file(data_copy, cli):
    """The CLI, twice on the same folder: the second run follows the edit."""
    args = ("query", "find-entity", "-p", "text=menin", "--format", "tsv",
            "--data", str(data_copy))
    first = cli(*args)
    assert first.exit_code == 0, first.output
    assert "MEN1 (menin)" in first.output
    _rename_menin(data_copy, "MEN1 (menin, renamed in a test)")
    second = cli(*args)
    assert second.exit_code == 0, second.output
    assert "MEN1 (menin, renamed in a test)" in second.output


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_warm_process_default_engine_follows_an_edit(data_copy, monkeypatch, engine):
    """kg.query in one process: the cached engine is dropped when a curated file changes."""
    from kg import constants
    from kg.sparql import clear_cache, query

    monkeypatch.setattr(constants, "DATA_DIR", data_copy)
    clear_cache()
    try:
        rows = query("find-entity", engine=engine, text="menin")
        assert any(r.get("label") == "MEN1 (menin)" for r in rows), rows
        _rename_menin(data_copy, "MEN1 (menin, warm edit)")
        rows = query("find-entity", engine=engine, text="menin")
        assert any(r.get("label") == "MEN1 (menin, warm edit)" for r in rows), rows
    finally:
        clear_cache()


def test_rebuild_flag_builds_from_the_curated_files(cli, monkeypatch):
    calls = []
    real = built.built_graph_file

    def spy(data_dir=None, rebuild=False, note=built._note):
        calls.append(rebuild)
        return real(data_dir, rebuild=rebuild, note=note)

    monkeypatch.setattr(built, "built_graph_file", spy)
    res = cli("query", "drugs-for-target", "-p", "target=menin", "--rebuild", "--format", "tsv")
    assert res.exit_code == 0, res.output
    assert calls == [True]
    assert "kg:revumenib" in res.output


def test_a_stale_graph_is_never_read(tmp_path, monkeypatch):
    """An exports/ folder whose recorded hash differs is skipped, whatever its content."""
    fake = tmp_path / "exports"
    fake.mkdir()
    (fake / built.GRAPH_FILE).write_text("<http://x/a> <http://x/b> <http://x/c> .\n")
    (fake / built.HASH_FILE).write_bytes(built.hash_file_bytes("0" * 64))
    monkeypatch.chdir(tmp_path)
    found = built.fresh_graph_file(built.inputs_hash())
    assert found is None or found.parent != fake.resolve()
