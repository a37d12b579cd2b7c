"""Paths and namespaces of the hypotheses feature (the only place they are written)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace

from ..constants import KG

__all__ = ["CONFIG_FILE", "PROPOSALS_FILE", "HYP", "RUN", "EXPORT_NAMES", "REGIMENS_CONFIG_FILE",
           "REGIMEN_EXPORT_NAMES"]

#: The shipped scoring configuration (weights and metapaths: data, not code).
CONFIG_FILE = Path(__file__).resolve().parent / "config.yaml"

#: The review's own combination proposals, with the comparison that checks each.
PROPOSALS_FILE = Path(__file__).resolve().parent / "proposals.yaml"

#: IRIs of generated hypotheses and of the run that generated them.
HYP = Namespace(str(KG) + "hypothesis/")
RUN = Namespace(str(KG) + "hypothesis-run/")

#: Files this feature adds to exports/.
EXPORT_NAMES = {
    "tsv": "hypotheses.tsv",
    "md": "hypotheses.md",
    "ttl": "hypotheses.ttl",
    "validation": "hypotheses_validation.md",
}

#: The regimen-edit scoring configuration and the files `kmt2a-kg build` writes for it.
REGIMENS_CONFIG_FILE = Path(__file__).resolve().parent / "regimens.yaml"
REGIMEN_EXPORT_NAMES = {
    "tsv": "regimens.tsv",
    "md": "regimens.md",
    "ttl": "regimens.ttl",
    "validation": "regimens_validation.md",
}
