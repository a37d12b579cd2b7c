"""Integrity of the curated files: every record checked, failures name the record."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg.identifiers import check_curie
from kg.lint import lint_files
from kg.review import load_review

SHARED = Path(__file__).resolve().parents[2] / "shared" / "curation"


def _provenanced(curation):
    for key, st in curation.statements.items():
        yield key, st
    for key, m in curation.measurements.items():
        yield key, m
    for key, e in curation.entities.items():
        if e.provenance:
            yield key, e.provenance
    for key, c in curation.conflicts.items():
        for cl in c.claims:
            if cl.anchor:
                yield key, cl


def test_every_anchor_phrase_occurs_in_the_review(curation, review_path):
    review = load_review(review_path)
    missing = [f"{key}: {p.anchor!r}" for key, p in _provenanced(curation)
               if not review.contains(p.anchor)]
    assert not missing, "anchors not found in the review:\n" + "\n".join(missing)


def test_every_claim_is_in_own_words_not_copied(curation, review_path):
    """A claim that occurs verbatim in the review (beyond a short phrase) is copied prose."""
    review = load_review(review_path)
    copied = [key for key, p in _provenanced(curation)
              if len(p.claim.split()) > 8 and review.contains(p.claim)]
    assert not copied, f"claims copied from the review: {copied}"


def test_every_identifier_is_a_valid_curie(curation):
    bad = [f"{e.id}: {c}: {check_curie(c)}" for e in curation.entities.values()
           for c in [e.curie, *e.xrefs] if c and check_curie(c)]
    assert not bad, "\n".join(bad)


def _verified_shared_ids() -> set[str]:
    ids: set[str] = set()
    with (SHARED / "identifiers.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["verified"].strip() != "yes":
                continue
            text = f"{row['id']} {row['other_ids']}"
            tokens = re.findall(r"[A-Za-z0-9.]+[: ]?[A-Za-z0-9._-]+", text)
            ids.update(tok.lower() for tok in tokens)
    return ids


def test_identifiers_taken_from_the_curation_aids_are_verified_there(curation):
    if not (SHARED / "identifiers.tsv").exists():
        pytest.skip("../shared/curation/identifiers.tsv not present")
    verified = _verified_shared_ids()
    bad = []
    for e in curation.entities.values():
        if not e.id_evidence or "shared/curation/identifiers.tsv" not in e.id_evidence:
            continue
        for c in [e.curie, *e.xrefs]:
            if not c:
                continue
            local = c.split(":", 1)[1].lower()
            if not any(local in v for v in verified):
                bad.append(f"{e.id}: {c}")
    assert not bad, "identifiers not among the verified rows of identifiers.tsv:\n" + "\n".join(bad)


def test_reference_identifiers_match_the_verified_curation_aids(curation):
    if not (SHARED / "references.tsv").exists():
        pytest.skip("../shared/curation/references.tsv not present")
    with (SHARED / "references.tsv").open(encoding="utf-8") as fh:
        shared = {int(r["ref_number"]): r for r in csv.DictReader(fh, delimiter="\t")}
    assert sorted(curation.references) == list(range(1, 89)), "all 88 references"
    for n, ref in curation.references.items():
        row = shared[n]
        # The aid's verified identifiers are kept as they are; identifiers checked since then
        # (where the aid has none) must name their own source (tests/test_references.py).
        for kind, ours in (("doi", ref.doi), ("pmid", ref.pmid)):
            if row["verified"].strip() == "yes" and row[kind]:
                assert ours == row[kind], f"ref {n}: {kind} differs from the verified aid"
            elif ours:
                assert ref.verified and ref.evidence and ours.lower() in ref.evidence.lower(), (
                    f"ref {n}: {kind} {ours} is not in the aid and its evidence does not name it")


def test_every_cited_reference_number_exists(curation):
    cited = {r for _, p in _provenanced(curation) for r in p.refs}
    assert cited <= set(curation.references)


def test_unverified_registry_numbers_are_not_identifiers(curation):
    """TINI2 and CCCG-iALL/MPAL-2022 registry numbers are printed in the review but unverified."""
    for e in curation.entities.values():
        for c in [e.curie, *e.xrefs]:
            assert c not in {"clinicaltrials:NCT05848687", "chictr:ChiCTR2200064906"}, e.id


def test_curated_files_are_canonical():
    bad = lint_files()
    assert not bad, f"not canonical: {[p.name for p in bad]}; run `kmt2a-kg lint --fix`"
