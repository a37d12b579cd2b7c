"""`import kg` and `kmt2a-kg --help` stay light: heavy libraries load only where used."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("rdflib", "networkx", "pydantic", "bioregistry", "pyshacl", "scipy", "numpy",
         "pyoxigraph")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return {m.split(".")[0] for m in out} & set(HEAVY)


def test_import_kg_is_light() -> None:
    assert _loaded_after("import kg") == set()


def test_cli_help_is_light() -> None:
    code = ("import sys\nfrom click.testing import CliRunner\nfrom kg.cli import main\n"
            "r = CliRunner().invoke(main, ['--help'])\nassert r.exit_code == 0, r.output")
    assert _loaded_after(code) == set()


def test_lazy_names_still_resolve() -> None:
    import kg

    assert callable(kg.build) and callable(kg.load_graph) and callable(kg.load_curation)
    assert issubclass(kg.CurationErrors, Exception)
    assert "load_graph" in dir(kg)


def test_cli_defaults_to_one_blas_thread() -> None:
    code = ("import os\nos.environ.pop('OPENBLAS_NUM_THREADS', None)\nimport kg.cli\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "1"


def test_query_on_the_built_graph_needs_no_rdflib() -> None:
    """`kmt2a-kg query` on Oxigraph reads exports/kg.nt: no YAML, pydantic or rdflib."""
    code = ("from click.testing import CliRunner\nfrom kg.cli import main\n"
            "r = CliRunner().invoke(main, ['query', 'drugs-for-target', '-p', 'target=menin'])\n"
            "assert r.exit_code == 0, r.output\nassert 'kg:revumenib' in r.output")
    assert _loaded_after(code) <= {"pyoxigraph"}
