"""Typed records for the curated files, validated on load.

Each curated YAML file holds one topic and up to three lists: ``entities``, ``statements`` and
``measurements``; ``conflicts.yaml`` holds ``conflicts``. ``references.tsv`` lists the review's
bibliography. Field descriptions below are the reference for curators (see
``kg/data/curation/README.md``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ID_PATTERN",
    "Provenance",
    "Entity",
    "Qualifiers",
    "Statement",
    "Measurement",
    "QUALIFIERS",
    "Claim",
    "Conflict",
    "Reference",
    "CurationFile",
]

#: Record identifiers: letters, digits and ``._+-``, starting with a letter or digit.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._+-]*$"
RecordId = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
Curie = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9._-]*:\S+$")]

#: Longest anchor phrase, in words: anchors locate a claim, they do not copy the review.
MAX_ANCHOR_WORDS = 14


class _Strict(BaseModel):
    # allow_inf_nan=False: 'NaN' or 'inf' written as text is refused like a bad number.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)


class Provenance(_Strict):
    """Where a fact comes from: references, evidence type, locator in the review, claim."""

    refs: list[int] = Field(
        default_factory=list,
        description="Numbers of the review's references that support the fact; empty when "
        "the review states it without a citation (the review itself is then the source).",
    )
    topic_refs: list[int] = Field(
        default_factory=list,
        description="The review's block citation for the whole topic the claim belongs to "
        "(e.g. refs 5-10 for menin/DOT1L biology), where the review's wording shows that the "
        "references are cited for the topic and not for this claim. Disjoint from 'refs'.",
    )
    evidence: str = Field(description="Evidence type key (ontology kgo:EvidenceType yamlKey).")
    section: str = Field(min_length=3, description="Heading of the review section.")
    table: str | None = Field(default=None, description="Table of the review, e.g. 'Table 1'.")
    figure: str | None = Field(default=None, description="Figure of the review, e.g. 'Figure 1'.")
    anchor: str = Field(
        min_length=3,
        description="A few words quoted from the review at the place of the claim "
        f"(at most {MAX_ANCHOR_WORDS} words); tests find it in the review text.",
    )
    claim: str = Field(min_length=10, description="The claim in the curators' own words.")

    @field_validator("refs", "topic_refs")
    @classmethod
    def _refs_in_range(cls, refs: list[int]) -> list[int]:
        bad = [r for r in refs if not 1 <= r <= 88]
        if bad:
            raise ValueError(f"reference number(s) {bad} outside the review's 1-88")
        return refs

    @model_validator(mode="after")
    def _citation_roles_disjoint(self) -> Provenance:
        both = sorted(set(self.refs) & set(self.topic_refs))
        if both:
            raise ValueError(f"reference(s) {both} are in both 'refs' and 'topic_refs': a "
                             "reference is either specific to the claim or a block citation")
        return self

    @field_validator("anchor")
    @classmethod
    def _anchor_short(cls, anchor: str) -> str:
        if len(anchor.split()) > MAX_ANCHOR_WORDS:
            raise ValueError(
                f"anchor has {len(anchor.split())} words; keep it to at most "
                f"{MAX_ANCHOR_WORDS} (it locates the claim, it does not quote it)"
            )
        return anchor


class Entity(_Strict):
    """A node: gene, drug, trial, phenomenon... with identifiers and optional attributes."""

    id: RecordId = Field(description="Local identifier, unique across all curated files.")
    type: str = Field(alias="class", description="Ontology class key (kgo yamlKey), e.g. Drug.")
    label: str = Field(min_length=1, description="Display name.")
    synonyms: list[str] = Field(default_factory=list)
    curie: Curie | None = Field(
        default=None, description="Preferred standard identifier, verified (never guessed)."
    )
    xrefs: list[Curie] = Field(default_factory=list, description="Other verified identifiers.")
    id_evidence: str | None = Field(
        default=None, description="Where the identifiers were checked (required with curie)."
    )
    description: str | None = Field(default=None, description="Definition in own words.")
    attributes: dict[str, Any] = Field(
        default_factory=dict,
        description="Datatype-property values (ontology yamlKey -> value); need provenance.",
    )
    provenance: Provenance | None = Field(
        default=None, description="Source of the attributes (and of the entity's mention)."
    )

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              allow_inf_nan=False)

    @model_validator(mode="after")
    def _checks(self) -> Entity:
        if self.attributes and self.provenance is None:
            raise ValueError("attributes need a provenance block")
        if (self.curie or self.xrefs) and not self.id_evidence:
            raise ValueError("identifiers need id_evidence (where they were verified)")
        return self


class Qualifiers(_Strict):
    """What narrows a statement: for whom, when, in which systems and study it holds.

    Written in the RDF graph on the statement's assertion node (``kgo:population_context``,
    ``kgo:temporal_context``, ``kgo:holds_in_system``, ``kgo:study_context``,
    ``kgo:compared_with``, ``kgo:provided_that``).
    """

    population: list[RecordId] = Field(
        default_factory=list,
        description="Entity ids of the patients the statement holds for (PatientGroup, AgeGroup "
        "or Disease); several are alternatives: meeting any one suffices.",
    )
    during: str | None = Field(
        default=None,
        description="When it holds: a kgo:TemporalContext key, e.g. first_complete_remission, "
        "on_treatment, during_induction.",
    )
    systems: list[str] = Field(
        default_factory=list,
        description="kgo:ExperimentalSystem keys the finding was made in: in_vitro, in_vivo, "
        "patients.",
    )
    study: RecordId | None = Field(
        default=None, description="The trial or study (entity id) in which it was observed."
    )
    compared_with: RecordId | None = Field(
        default=None, description="Entity id of the comparison a 'more'/'less' is against."
    )
    provided_that: str | None = Field(
        default=None, min_length=5,
        description="A condition the source attaches, in own words.",
    )


class Statement(Provenance):
    """An edge (subject, predicate, object) or an attribute (subject, predicate, value)."""

    id: RecordId | None = Field(
        default=None, description="Defaults to 'subject--predicate--object'."
    )
    subject: RecordId
    predicate: str = Field(description="Predicate key (ontology yamlKey).")
    object: RecordId | None = Field(default=None, description="Entity id (for edges).")
    value: str | int | float | bool | None = Field(
        default=None, description="Literal value (for datatype predicates)."
    )
    conflict: RecordId | None = Field(default=None, description="Conflict id that disputes it.")
    qualifiers: Qualifiers | None = Field(
        default=None, description="For whom, when, in which systems and study the statement holds."
    )

    @model_validator(mode="after")
    def _object_or_value(self) -> Statement:
        if (self.object is None) == (self.value is None):
            raise ValueError("give exactly one of 'object' (an entity) or 'value' (a literal)")
        return self

    @property
    def key(self) -> str:
        """The record id: explicit, or derived from subject, predicate and object/value."""
        if self.id:
            return self.id
        tail = self.object if self.object is not None else re.sub(r"\W+", "_", str(self.value))
        return f"{self.subject}--{self.predicate}--{tail}"


#: How a number relates to the quantity (ontology ``kgo:ValueQualifier`` individuals).
QUALIFIERS = ("exact", "approximately", "greater_than", "at_least", "less_than", "at_most",
              "range")


class Measurement(Provenance):
    """A typed number reported by a study, with measure, unit and qualifiers."""

    id: RecordId
    of: RecordId = Field(description="The trial, study or entity the number belongs to.")
    measure: str = Field(description="Measure key (ontology kgo:Measure yamlKey), e.g. EFS.")
    value: float | None = Field(default=None, description="The number (None with value_status "
                                "or for a range).")
    qualifier: Literal[QUALIFIERS] = Field(  # type: ignore[valid-type]
        default="exact",
        description="How the quantity relates to the number: exact, approximately ('about', "
        "'approximately'), greater_than ('over', '>'), at_least ('at least', '>='), less_than "
        "('below', '<'), at_most ('up to', 'at best'), or range (value_min-value_max, no "
        "value). A bound is not an equality: 'over 80%' is greater_than 80.",
    )
    value_min: float | None = Field(default=None, description="Lower end of a range.")
    value_max: float | None = Field(default=None, description="Upper end of a range.")
    stated_as: str | None = Field(
        default=None, description="The quantity in the review's words (e.g. 'over 80%', "
        "'About two-thirds'); tests find it in the review's text.")
    population: list[RecordId] = Field(
        default_factory=list, description="Entities that together define the patients the "
        "number is about (e.g. [infant-ALL, KMT2A-r-ALL]); all apply.")
    value_status: str | None = Field(default=None, description="e.g. 'awaited' when no number.")
    unit: Literal["percent", "patients", "months", "years", "days", "mg/kg", "fold"] | None = None
    horizon_years: float | None = Field(default=None, description="Time horizon of survival.")
    subgroup: str | None = None
    arm: str | None = Field(default=None, description="Arm or comparison group.")
    numerator: int | None = None
    denominator: int | None = None
    age_group: RecordId | None = Field(default=None, description="AgeGroup entity id.")
    dose_intensity: str | None = None
    about: list[RecordId] = Field(default_factory=list, description="Other entities concerned.")
    conflict: RecordId | None = None

    @model_validator(mode="after")
    def _value_present(self) -> Measurement:
        is_range = self.qualifier == "range"
        if is_range:
            if self.value_min is None or self.value_max is None or self.value is not None:
                raise ValueError("a range gives 'value_min' and 'value_max' and no 'value'")
            if not self.value_min < self.value_max:
                raise ValueError("a range needs value_min < value_max")
        elif self.value_min is not None or self.value_max is not None:
            raise ValueError("'value_min'/'value_max' are for qualifier 'range' only")
        if self.value is None and not self.value_status and not is_range:
            raise ValueError("a measurement needs a numeric 'value' or a 'value_status'")
        if self.value_status and self.qualifier != "exact":
            raise ValueError("a 'value_status' has no qualifier")
        if (self.value is not None or is_range) and self.unit is None:
            raise ValueError("a numeric value needs a 'unit'")
        if (
            self.numerator is not None
            and self.denominator is not None
            and self.numerator > self.denominator
        ):
            raise ValueError("numerator exceeds denominator")
        return self


class Claim(_Strict):
    """One side of a conflict: what one source says."""

    claim: str = Field(min_length=10, description="What this source says, in own words.")
    value: str | None = Field(default=None, description="The disputed value as this source has it.")
    source_label: str = Field(description="e.g. 'review Table 1', 'ref 12 (Tomizawa 2020)'.")
    source_id: Curie | None = Field(default=None, description="PMID/DOI/registry CURIE, verified.")
    refs: list[int] = Field(default_factory=list)
    evidence: str
    section: str | None = None
    table: str | None = None
    anchor: str | None = Field(default=None, description="Required when the source is the review.")
    verification: str | None = Field(default=None, description="How an external claim was checked.")

    @model_validator(mode="after")
    def _sourced(self) -> Claim:
        if self.anchor is None and not (self.source_id or self.verification):
            raise ValueError("a claim needs an anchor in the review or a verified external source")
        return self


class Conflict(_Strict):
    """Where the review contradicts itself or its sources; both sides kept."""

    id: RecordId
    topic: str = Field(min_length=5)
    kind: Literal["internal", "external"]
    concerns: list[RecordId] = Field(min_length=1, description="Entity/statement/measurement ids.")
    claims: list[Claim] = Field(min_length=2)
    note: str | None = None


class Reference(_Strict):
    """One numbered reference of the review."""

    number: int = Field(ge=1, le=88)
    first_author: str
    year: int
    journal: str
    title: str
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    pmid: str | None = Field(default=None, pattern=r"^\d{1,9}$")
    verified: bool = Field(description="True when the DOI/PMID was checked against a source.")
    evidence: str | None = None


class CurationFile(_Strict):
    """The sections a curated YAML file may hold."""

    topic: str = Field(description="One line saying what the file covers.")
    entities: list[dict[str, Any]] = Field(default_factory=list)
    statements: list[dict[str, Any]] = Field(default_factory=list)
    measurements: list[dict[str, Any]] = Field(default_factory=list)
    conflicts: list[dict[str, Any]] = Field(default_factory=list)
