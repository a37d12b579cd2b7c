"""The review's 88 references: every DOI and PMID is well formed and carries its verification.

A DOI or PMID is only in ``references.tsv`` when a public record was seen that pairs it with the
paper's title (journal and year consistent); the ``evidence`` column names that record and what
it showed. These tests check the form of that promise, row by row, on the file itself.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg.constants import DATA_DIR

TSV = Path(DATA_DIR) / "references.tsv"

# Crossref's recommended pattern for modern DOIs (case-insensitive), plus Wiley's older
# SICI-style DOIs would need '<>' which none of these references use.
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Z0-9]+$", re.IGNORECASE)
PMID = re.compile(r"^[1-9]\d{0,8}$")
# A named source: a web address (host with a dot, optional path) or a repository path.
SOURCE = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:/\S*)?|shared/curation/\S+",
                    re.IGNORECASE)

# Floor for the count of references with a verified identifier; raise it when more are verified,
# never lower it without removing the identifiers that proved wrong (see README).
MIN_WITH_IDENTIFIER = 63


def _rows() -> list[dict[str, str]]:
    with TSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _rows()


def _ids(row):
    return [(kind, row[kind]) for kind in ("doi", "pmid") if row[kind]]


def test_all_88_references_once_each():
    assert [int(r["number"]) for r in ROWS] == list(range(1, 89))


@pytest.mark.parametrize("row", [r for r in ROWS if r["doi"]], ids=lambda r: f"ref{r['number']}")
def test_doi_is_syntactically_valid(row):
    assert DOI.match(row["doi"]), f"ref {row['number']}: malformed DOI {row['doi']!r}"
    assert not row["doi"].lower().startswith(("doi:", "http")), "bare DOI, no prefix or URL"


@pytest.mark.parametrize("row", [r for r in ROWS if r["pmid"]], ids=lambda r: f"ref{r['number']}")
def test_pmid_is_syntactically_valid(row):
    assert PMID.match(row["pmid"]), f"ref {row['number']}: malformed PMID {row['pmid']!r}"


@pytest.mark.parametrize("row", [r for r in ROWS if _ids(r)], ids=lambda r: f"ref{r['number']}")
def test_every_identifier_carries_its_verification_source(row):
    """verified=true, and the evidence names a source and quotes each identifier it verified."""
    n, ev = row["number"], row["evidence"]
    assert row["verified"] == "true", f"ref {n}: identifier without verified=true"
    assert SOURCE.search(ev), f"ref {n}: evidence names no source (web address or repo path)"
    for kind, value in _ids(row):
        assert value.lower() in ev.lower(), (
            f"ref {n}: the evidence does not say which record showed {kind} {value}")


@pytest.mark.parametrize("row", [r for r in ROWS if not _ids(r)], ids=lambda r: f"ref{r['number']}")
def test_unverified_references_carry_no_identifier_claim(row):
    assert row["verified"] == "false", f"ref {row['number']}: verified without an identifier"


def test_no_identifier_is_given_to_two_different_papers():
    """Refs 22 and 79 are the same paper printed twice by the review; otherwise ids are unique."""
    seen: dict[tuple[str, str], set[str]] = {}
    for r in ROWS:
        for kind, value in _ids(r):
            seen.setdefault((kind, value.lower()), set()).add(r["title"].strip().lower())
    shared = {k: titles for k, titles in seen.items() if len(titles) > 1}
    assert not shared, f"one identifier, several titles: {shared}"


def test_count_of_references_with_a_verified_identifier_does_not_regress():
    with_id = sum(1 for r in ROWS if _ids(r))
    assert with_id >= MIN_WITH_IDENTIFIER, f"{with_id} references with DOI/PMID"
