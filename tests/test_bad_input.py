"""A broken curation file gets a one-line error naming file, entry and problem, a non-zero
exit code, and leaves exports/ untouched. One test per failure kind."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.lint import canonical_yaml


def _edit(data_dir: Path, file: str, mutate) -> None:
    path = data_dir / file
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(doc)
    path.write_text(canonical_yaml(doc), encoding="utf-8")


def _first_statement(doc, predicate=None):
    for st in doc["statements"]:
        if predicate is None or st["predicate"] == predicate:
            return st
    raise AssertionError("no statement to break")


def _break_yaml(d: Path) -> None:
    (d / "agents.yaml").write_text("topic: x\nentities:\n  - id: a\n    label: [unclosed\n")


def _unknown_entity(d: Path) -> None:
    _edit(d, "targets.yaml", lambda doc: _first_statement(doc, "inhibits").update(
        object="no-such-protein"))


def _duplicate_id(d: Path) -> None:
    def mutate(doc):
        doc["entities"].append(dict(doc["entities"][0]))
    _edit(d, "genes.yaml", mutate)


def _invalid_curie(d: Path) -> None:
    def mutate(doc):
        next(e for e in doc["entities"] if e["id"] == "MEN1")["curie"] = "HGNC:MEN1"
    _edit(d, "genes.yaml", mutate)


def _missing_provenance(d: Path) -> None:
    _edit(d, "targets.yaml", lambda doc: _first_statement(doc, "inhibits").pop("evidence"))


def _anchor_not_in_review(d: Path) -> None:
    _edit(d, "targets.yaml", lambda doc: _first_statement(doc, "inhibits").update(
        anchor="menin inhibitors cure every infant overnight"))


def _wrong_class(d: Path) -> None:
    # A gene cannot inhibit: 'inhibits' needs an Intervention as subject.
    _edit(d, "targets.yaml", lambda doc: _first_statement(doc, "inhibits").update(
        subject="KMT2A"))


def _non_numeric_outcome(d: Path) -> None:
    def mutate(doc):
        doc.setdefault("measurements", []).append({
            "id": "broken-efs", "of": "interfant-06", "measure": "EFS", "value": "about forty",
            "unit": "percent", "refs": [2], "evidence": "clinical_trial_phase_3",
            "section": "Treatment and outcomes", "table": "Table 1",
            "anchor": "Interfant-06", "claim": "A deliberately broken outcome value.",
        })
    _edit(d, "trials.yaml", mutate)


def _unknown_predicate(d: Path) -> None:
    _edit(d, "targets.yaml", lambda doc: _first_statement(doc, "inhibits").update(
        predicate="cures"))


CASES = {
    "malformed YAML": (_break_yaml, "agents.yaml", "(file)", "malformed YAML at line"),
    "unknown entity reference": (_unknown_entity, "targets.yaml", "revumenib--inhibits",
                                 "object 'no-such-protein' is not a known entity"),
    "duplicate id": (_duplicate_id, "genes.yaml", "KMT2A", "duplicate id"),
    "invalid CURIE": (_invalid_curie, "genes.yaml", "MEN1", "invalid CURIE 'HGNC:MEN1'"),
    "missing provenance": (_missing_provenance, "targets.yaml", "revumenib--inhibits",
                           "evidence: Field required"),
    "anchor not in review": (_anchor_not_in_review, "targets.yaml", "revumenib--inhibits",
                             "anchor phrase not found in the review"),
    "wrong subject class": (_wrong_class, "targets.yaml", "KMT2A--inhibits",
                            "subject 'KMT2A' is a Gene, but 'inhibits' needs one of Intervention"),
    "non-numeric outcome": (_non_numeric_outcome, "trials.yaml", "broken-efs",
                            "value: Input should be a valid number"),
    "unknown predicate": (_unknown_predicate, "targets.yaml", "revumenib--cures",
                          "unknown predicate 'cures'"),
}


@pytest.fixture
def built_exports(tmp_path: Path, cli) -> Path:
    out = tmp_path / "exports"
    res = cli("build", "--out", str(out))
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.parametrize("kind", sorted(CASES))
def test_broken_file_is_named_and_exports_stay(kind, data_copy, built_exports, cli, request):
    if kind == "anchor not in review":
        request.getfixturevalue("review_path")
    breaker, file, entry, problem = CASES[kind]
    before = {p.name: p.read_bytes() for p in sorted(built_exports.iterdir())}
    breaker(data_copy)

    res = cli("build", "--data", str(data_copy), "--out", str(built_exports))

    assert res.exit_code == 1
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("error: ")]
    assert lines, res.output
    match = [ln for ln in lines if ln.startswith(f"error: {file}: entry '") and problem in ln]
    assert match, f"no line naming {file} and {problem!r} in:\n" + "\n".join(lines)
    assert f"entry '{entry}" in match[0]
    assert "Traceback" not in res.output
    after = {p.name: p.read_bytes() for p in sorted(built_exports.iterdir())}
    assert after == before, "a failed build must leave the previous exports untouched"


def test_the_packaged_curation_is_valid(cli):
    res = cli("validate")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("ok: ")
