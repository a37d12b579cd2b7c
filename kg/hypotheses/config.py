"""The scoring configuration: term weights and metapaths, read from a YAML file and checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .constants import CONFIG_FILE
from .metagraph import Metapath, MetapathError, parse_metapath

__all__ = ["Config", "TermConfig", "load_config", "ConfigError"]


class ConfigError(ValueError):
    """The configuration file is malformed; the message names the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


PathSpec = str | dict[str, Any]


def _spec(item: PathSpec) -> tuple[str, float]:
    if isinstance(item, str):
        return item, 1.0
    if set(item) - {"path", "weight"} or "path" not in item:
        raise ValueError(f"a metapath entry is a string or {{path, weight}}, not {item!r}")
    return str(item["path"]), float(item.get("weight", 1.0))


def _paths(v: list[PathSpec]) -> list[PathSpec]:
    for item in v:
        try:
            parse_metapath(*_spec(item))
        except MetapathError as e:
            raise ValueError(str(e)) from e
    return v


class TermConfig(_Strict):
    """One term: its weight, a description, and the metapaths it uses."""

    weight: float = Field(description="Weight of the scaled term in the score.")
    description: str = Field("", description="What the term measures, for reports.")
    direct_paths: list[PathSpec] = Field(default_factory=list)
    resistance_paths: list[PathSpec] = Field(default_factory=list)
    switch_paths: list[PathSpec] = Field(default_factory=list)
    activity_paths: list[PathSpec] = Field(default_factory=list)
    active_paths: list[PathSpec] = Field(default_factory=list)
    inactive_paths: list[PathSpec] = Field(default_factory=list)
    pair_paths: list[PathSpec] = Field(default_factory=list)
    agent_paths: list[PathSpec] = Field(default_factory=list)
    exclude_target_classes: list[str] = Field(default_factory=list)
    trial_paths: list[PathSpec] = Field(default_factory=list)
    preclinical_paths: list[PathSpec] = Field(default_factory=list)
    benefit_paths: list[PathSpec] = Field(default_factory=list)
    no_benefit_paths: list[PathSpec] = Field(default_factory=list)
    site: str | None = Field(None, description="Anatomical site id (cns_coverage).")
    phase_levels: dict[str, float] = Field(default_factory=dict)
    unphased_trial_level: float = 0.5
    preclinical_level: float = 0.25
    infant_conditions: list[str] = Field(default_factory=list)
    other_trial_factor: float = 1.0

    _check = field_validator(
        "direct_paths", "resistance_paths", "switch_paths", "activity_paths", "active_paths",
        "inactive_paths", "pair_paths", "agent_paths", "trial_paths", "preclinical_paths",
        "benefit_paths", "no_benefit_paths")(_paths)


class ValidationConfig(_Strict):
    """Leave-one-out settings."""

    evidence_predicates: list[str]
    hits_at: list[int] = Field(default_factory=lambda: [1, 3, 10])
    bootstrap: int = 2000
    seed: int = 0


class PermutationConfig(_Strict):
    """Edge-swap permutation settings."""

    n: int = 50
    swaps_per_edge: float = 10.0
    seed: int = 0


TERM_NAMES = ("exposure", "complementarity", "resistance_escape", "lineage_switch_risk",
              "cns_coverage", "toxicity_overlap", "toxicity_burden", "clinical_maturity",
              "patient_outcome", "synergy")


class Config(_Strict):
    """The whole scoring configuration (see ``kg/hypotheses/config.yaml``)."""

    version: int = 1
    damping: float = 0.4
    diseases: list[str]
    candidate_classes: list[str]
    include_memberless_drug_classes: bool = True
    target_paths: list[PathSpec]
    dependency_paths: list[PathSpec]
    terms: dict[str, TermConfig]
    validation: ValidationConfig
    permutations: PermutationConfig
    explain_max_paths: int = 6
    export_top: int = 50
    report_top: int = 15

    _check = field_validator("target_paths", "dependency_paths")(_paths)

    @field_validator("terms")
    @classmethod
    def _known_terms(cls, v: dict[str, TermConfig]) -> dict[str, TermConfig]:
        unknown = sorted(set(v) - set(TERM_NAMES))
        missing = sorted(set(TERM_NAMES) - set(v))
        if unknown or missing:
            raise ValueError(f"unknown terms {unknown}, missing terms {missing}; "
                             f"expected {list(TERM_NAMES)}")
        return v

    def weight(self, term: str) -> float:
        """The weight of a term."""
        return self.terms[term].weight

    def metapaths(self, specs: list[PathSpec]) -> list[Metapath]:
        """Parse metapath entries (a text, or ``{path: text, weight: w}``)."""
        return [parse_metapath(*_spec(s)) for s in specs]

    def with_weights(self, **weights: float) -> Config:
        """A copy with some term weights changed (e.g. ``synergy=0`` for validation)."""
        terms = {k: (v.model_copy(update={"weight": weights[k]}) if k in weights else v)
                 for k, v in self.terms.items()}
        return self.model_copy(update={"terms": terms})


def load_config(path: Path | str | None = None, overrides: dict[str, Any] | None = None
                ) -> Config:
    """Read and check a configuration file.

    Args:
        path: a YAML file (default: the shipped ``config.yaml``).
        overrides: top-level keys to replace after reading.

    Returns:
        The configuration.

    Raises:
        ConfigError: the file is missing, not YAML, or a field is wrong.
    """
    p = Path(path) if path else CONFIG_FILE
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{p}: cannot read the configuration: {e}") from e
    if not isinstance(doc, dict):
        raise ConfigError(f"{p}: expected a mapping at the top level")
    doc.update(overrides or {})
    try:
        return Config.model_validate(doc)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ConfigError(f"{p}: {loc}: {first['msg'].removeprefix('Value error, ')}") from e
