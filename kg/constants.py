"""Every path and namespace the package uses, in one place.

Resources (ontology, SPARQL catalogue, curated data) ship inside the wheel.  In a source
checkout they are read from the top-level ``ontology/`` and ``queries/`` folders; in an
installed wheel from ``kg/_shipped/`` (see ``[tool.hatch...force-include]`` in
``pyproject.toml``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Namespace

    KG: Namespace
    KGO: Namespace
    BIOLINK: Namespace

from .checkout import find_checkout, other_checkout, source_note

__all__ = [
    "PACKAGE_DIR",
    "DATA_DIR",
    "PACKAGED_DATA_DIR",
    "CHECKOUT_DIR",
    "DATA_SOURCE_NOTE",
    "find_checkout",
    "ONTOLOGY_DIR",
    "QUERIES_DIR",
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "REVIEW_ENV_VAR",
    "review_text_path",
    "KG",
    "KGO",
    "BIOLINK",
    "KG_IRI",
    "KGO_IRI",
    "BIOLINK_IRI",
    "REVIEW_DOI",
    "REVIEW_PMID",
    "DEFAULT_EXPORT_DIR",
    "MAX_CURATION_FILE_BYTES",
    "MAX_ENTRIES_PER_FILE",
    "MAX_NESTING_DEPTH",
]

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _resource(name: str) -> Path:
    shipped = PACKAGE_DIR / "_shipped" / name
    return shipped if shipped.is_dir() else REPO_DIR / name


#: The curation that ships inside the installed package.
PACKAGED_DATA_DIR = PACKAGE_DIR / "data" / "curation"

#: The checkout the command runs in, when it is not the code's own folder (an installed,
#: non-editable package run inside a clone): its curated files, ontology and queries are then
#: the ones read -- the files a curator edits are the files the commands read.
CHECKOUT_DIR = other_checkout()

#: Curated, human-editable source files: the single source of truth.
DATA_DIR = CHECKOUT_DIR / "kg" / "data" / "curation" if CHECKOUT_DIR else PACKAGED_DATA_DIR
ONTOLOGY_DIR = CHECKOUT_DIR / "ontology" if CHECKOUT_DIR else _resource("ontology")
QUERIES_DIR = CHECKOUT_DIR / "queries" if CHECKOUT_DIR else _resource("queries")

#: One line saying which files are read and why, when they are not the package's own.
DATA_SOURCE_NOTE = source_note()
ONTOLOGY_FILE = ONTOLOGY_DIR / "kmt2a-kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

#: Limits on one curated file (the largest today: 78 kB, 176 entries, 6 levels of nesting).
#: A file over a limit is refused with the limit in the message: split it by topic.
MAX_CURATION_FILE_BYTES = 1_048_576
MAX_ENTRIES_PER_FILE = 2_000
MAX_NESTING_DEPTH = 16

#: Where ``kmt2a-kg build`` writes by default (relative to the working directory).
DEFAULT_EXPORT_DIR = Path("exports")

#: Environment variable pointing at the review's text (file or folder).
REVIEW_ENV_VAR = "KMT2A_KG_REVIEW"

#: Namespace IRIs as plain strings (no rdflib needed: the query path runs without it).
KG_IRI = "https://w3id.org/kmt2a-kg/id/"
KGO_IRI = "https://w3id.org/kmt2a-kg/ontology#"
BIOLINK_IRI = "https://w3id.org/biolink/vocab/"
_NAMESPACES = {"KG": KG_IRI, "KGO": KGO_IRI, "BIOLINK": BIOLINK_IRI}


def __getattr__(name: str) -> Any:
    """``KG``, ``KGO`` and ``BIOLINK`` as rdflib ``Namespace`` objects, made on first use so
    that importing this module does not import rdflib."""
    iri = _NAMESPACES.get(name)
    if iri is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace

    value = Namespace(iri)
    globals()[name] = value
    return value

REVIEW_DOI = "10.3324/haematol.2024.285642"
REVIEW_PMID = "40207717"


def review_text_path() -> Path | None:
    """Locate the review's text (not shipped: it is CC BY-NC and the project cites it).

    Looks at ``$KMT2A_KG_REVIEW`` (a file or a folder of ``*.txt``), then at
    ``../shared/sources/`` beside the source checkout and beside the working directory.

    Returns:
        The path of the text file, or ``None`` when it is not available.
    """
    candidates: list[Path] = []
    env = os.environ.get(REVIEW_ENV_VAR)
    if env:
        candidates.append(Path(env))
    candidates += [
        *([CHECKOUT_DIR.parent / "shared" / "sources"] if CHECKOUT_DIR else []),
        REPO_DIR.parent / "shared" / "sources",
        Path.cwd().parent / "shared" / "sources",
        Path.cwd() / "shared" / "sources",
    ]
    for cand in candidates:
        if cand.is_file():
            return cand
        if cand.is_dir():
            txts = sorted(cand.glob("*.txt"))
            if txts:
                return txts[0]
    return None
