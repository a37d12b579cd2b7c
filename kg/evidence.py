"""Evidence levels A-E: the rule that grades every assertion and measurement.

The scale is modelled on CIViC's evidence levels and defined in the ontology
(``kgo:evidence_level_A`` ... ``kgo:evidence_level_E``, each with ``rdfs:label`` and
``skos:definition``; ``ontology/README.md`` documents it). The level is derived, never curated:
it follows from three inputs of the record's provenance.

1. **Evidence type** (``evidence:``) gives the kind of study:

   =============================================  =====
   evidence type                                  level
   =============================================  =====
   clinical trial, phase III                      A
   clinical trial, phase I or II; PK study        B
   observational, single-cell, genomic study      C
   PDX, other in vivo, in vitro, CRISPR,          D
   structural study
   review statement, trial design (registration   E
   or protocol), external record
   =============================================  =====

2. **Trial phase**: for a clinical-trial evidence type, the phase is the one the graph records
   for the trial the record is about (the measurement's ``of``, the statement's subject, the
   entity itself): its ``phase`` attribute or ``phase`` statement; otherwise the phase named by
   the evidence type. Only phase III reaches A; phases I, I/II, II (and anything else) give B.
   A phase disputed by a recorded conflict (MLL-10: phase III in Table 1, phase II in its
   registration) does not count as phase III.

3. **Reference**: a trial or PK result with no cited reference (``refs: []``, e.g. an
   unpublished study report) is one level lower (A -> B, B -> C), because the graph cannot
   trace it to the trial's own report. Block citations (``topic_refs``) do not count: they
   are cited for the topic, not for the result.

Review statements are E whatever they cite: the review's own statement or inference is not a
study result, even when a reference stands behind it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loader import Curation

__all__ = ["LEVELS", "BASE_LEVEL", "TRIAL_TYPES", "TRACEABLE_TYPES", "evidence_level",
           "record_level", "trial_phases", "DISPUTED"]

#: The levels, strongest first.
LEVELS: tuple[str, ...] = ("A", "B", "C", "D", "E")

#: Level of each evidence type before the phase and reference rules.
BASE_LEVEL: dict[str, str] = {
    "clinical_trial_phase_3": "A",
    "clinical_trial_phase_2": "B",
    "clinical_trial_phase_1": "B",
    "pharmacokinetic_study": "B",
    "clinical_observational": "C",
    "single_cell_study": "C",
    "genomic_study": "C",
    "pdx_model": "D",
    "in_vivo_model": "D",
    "in_vitro": "D",
    "crispr_screen": "D",
    "structural_study": "D",
    "review_statement": "E",
    "clinical_trial_registration": "E",
    "external_record": "E",
}

#: Evidence types whose level depends on the phase of the trial.
TRIAL_TYPES = frozenset({"clinical_trial_phase_3", "clinical_trial_phase_2",
                         "clinical_trial_phase_1"})

#: Evidence types that drop one level when no reference is cited for the result.
TRACEABLE_TYPES = TRIAL_TYPES | {"pharmacokinetic_study"}


def evidence_level(evidence: str, refs: Sequence[int] = (), trial_phase: str | None = None) -> str:
    """The level (``"A"`` ... ``"E"``) of a record with this provenance.

    Args:
        evidence: the evidence type key.
        refs: the references cited specifically for the claim (not the block citations).
        trial_phase: the ``phase`` attribute of the trial the record is about, if any.

    >>> evidence_level("clinical_trial_phase_3", [12])
    'A'
    >>> evidence_level("clinical_trial_phase_3", [12], trial_phase="II")
    'B'
    >>> evidence_level("clinical_trial_phase_3", [])
    'B'
    >>> evidence_level("clinical_trial_phase_2", [])
    'C'
    >>> evidence_level("pdx_model", []), evidence_level("review_statement", [5])
    ('D', 'E')
    """
    if evidence not in BASE_LEVEL:
        raise KeyError(f"no evidence level for evidence type '{evidence}'")
    level = BASE_LEVEL[evidence]
    if evidence in TRIAL_TYPES and trial_phase is not None:
        level = "A" if trial_phase.strip().upper() == "III" else "B"
    if evidence in TRACEABLE_TYPES and not refs:
        level = LEVELS[LEVELS.index(level) + 1]
    return level


#: Stands for a phase that a recorded conflict disputes: never counts as phase III.
DISPUTED = "disputed"


def trial_phases(cur: Curation) -> dict[str, str]:
    """The phase the graph records for each trial: its ``phase`` attribute, else its ``phase``
    statement; :data:`DISPUTED` when a conflict disputes that statement."""
    phases: dict[str, str] = {}
    for eid, ent in cur.entities.items():
        if ent.type == "ClinicalTrial" and ent.attributes.get("phase") is not None:
            phases[eid] = str(ent.attributes["phase"])
    for st in cur.statements.values():
        if st.predicate == "phase" and st.value is not None and st.subject not in phases:
            phases[st.subject] = DISPUTED if st.conflict else str(st.value)
    return phases


def record_level(evidence: str, refs: Sequence[int], about: str | None,
                 phases: dict[str, str]) -> str:
    """The level of a record about the entity ``about`` (the statement's subject, the
    measurement's ``of``), with the trials' ``phases`` from :func:`trial_phases`."""
    return evidence_level(evidence, refs, phases.get(about) if about else None)
