"""The files a curator edits are the files the commands read (issue 12): after a plain
(non-editable) `pip install .`, commands run inside the checkout read the checkout's
kg/data/curation -- and say so in their first line -- while outside it they read the
installed copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(a clone of the checkout, the kmt2a-kg script of a venv where it is installed
    non-editably; offline: --no-deps --no-build-isolation with the system's packages)."""
    root = tmp_path_factory.mktemp("install")
    clone = root / "clone"
    clone.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "_shipped", "*.pyc")
    for name in ("kg", "ontology", "queries", "exports"):  # a clone has the committed exports
        shutil.copytree(REPO / name, clone / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, clone / name)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=300)
    res = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                          "--no-deps", "--no-build-isolation", str(clone)],
                         capture_output=True, text=True, timeout=900, env=_env())
    if res.returncode != 0:
        pytest.fail(f"could not install the clone: {res.stderr[-2000:]}")
    return clone, venv / "bin" / "kmt2a-kg"


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "OPENBLAS_NUM_THREADS": "1", "PYSTOW_HOME": "/tmp/kmt2a-kg-pystow"}


def _run(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=_env())


def test_validate_in_the_checkout_sees_an_edit_after_a_plain_install(installed, tmp_path):
    clone, exe = installed
    ok = _run(exe, "validate", cwd=clone)
    assert ok.returncode == 0, ok.stderr
    first = ok.stderr.splitlines()[0]
    assert first.startswith(f"note: reading the curated files, ontology and queries of the "
                            f"checkout at {clone.resolve()}"), first

    genes = clone / "kg" / "data" / "curation" / "genes.yaml"
    original = genes.read_text(encoding="utf-8")
    try:
        genes.write_text(original.replace("    label: KMT2A\n",
                                          "    label: KMT2A\n    label: KMT2A gene\n", 1),
                         encoding="utf-8")
        bad = _run(exe, "validate", cwd=clone / "kg")  # anywhere inside the checkout
        assert bad.returncode == 1, bad.stdout
        assert "error: genes.yaml: entry 'KMT2A': duplicate key 'label'" in bad.stderr
        lint = _run(exe, "lint", cwd=clone)
        assert lint.returncode == 1 and "genes.yaml" in lint.stderr

        outside = _run(exe, "validate", cwd=tmp_path)  # the installed copy is unchanged
        assert outside.returncode == 0, outside.stderr
        assert "note:" not in outside.stderr
    finally:
        genes.write_text(original, encoding="utf-8")
