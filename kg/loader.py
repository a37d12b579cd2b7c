"""Load the curated files into validated records, or fail with errors that name file,
entry and problem.

All checks run before anything is built or written: YAML syntax, record fields (pydantic),
unique ids, CURIE syntax (Bioregistry), known classes/predicates/evidence types/measures,
entity references, predicate domain and range, literal datatypes, reference numbers, and
anchor phrases in the review's text (when the text is available).
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .constants import DATA_DIR, SHAPES_FILE
from .identifiers import check_curie
from .model import (
    Claim,
    Conflict,
    CurationFile,
    Entity,
    Measurement,
    Provenance,
    Reference,
    Statement,
)
from .review import ReviewText, load_review
from .safeyaml import FILE_ENTRY, FileProblem, load_yaml_text, read_curated_text
from .schema import Schema, load_schema

__all__ = ["CurationError", "CurationErrors", "Curation", "load_curation", "REFERENCES_FILE"]

REFERENCES_FILE = "references.tsv"


@dataclass(frozen=True)
class CurationError:
    """One problem in one entry of one curated file."""

    file: str
    entry: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: entry '{self.entry}': {self.problem}"


class CurationErrors(Exception):
    """Raised when the curated files do not validate; holds every problem found."""

    def __init__(self, errors: list[CurationError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Curation:
    """The validated records, each with the file it came from."""

    entities: dict[str, Entity] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    measurements: dict[str, Measurement] = field(default_factory=dict)
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    references: dict[int, Reference] = field(default_factory=dict)
    source_file: dict[str, str] = field(default_factory=dict)
    review_checked: bool = False


def _pydantic_problem(err: ValidationError) -> str:
    first = err.errors()[0]
    loc = ".".join(str(x) for x in first["loc"]) or "(record)"
    msg = first["msg"].removeprefix("Value error, ")
    more = f" (+{len(err.errors()) - 1} more)" if len(err.errors()) > 1 else ""
    return f"{loc}: {msg}{more}"


def _entry_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        if raw.get("id"):
            return str(raw["id"])
        if raw.get("subject") and raw.get("predicate"):
            return f"{raw['subject']}--{raw['predicate']}--{raw.get('object', raw.get('value'))}"
    return f"#{index + 1}"


def _read_references(path: Path, errors: list[CurationError]) -> dict[int, Reference]:
    refs: dict[int, Reference] = {}
    name = path.name
    try:
        text = read_curated_text(path)
    except FileProblem as e:
        errors.append(CurationError(name, e.entry, e.problem))
        return refs
    if "\x00" in text:
        errors.append(CurationError(name, FILE_ENTRY, "contains NUL characters"))
        return refs
    with io.StringIO(text, newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh, delimiter="\t")):
            entry = row.get("number") or f"#{i + 1}"
            clean = {k: (v if v != "" else None) for k, v in row.items()}
            try:
                ref = Reference.model_validate(clean)
            except ValidationError as e:
                errors.append(CurationError(name, entry, _pydantic_problem(e)))
                continue
            if ref.number in refs:
                errors.append(CurationError(name, entry, "duplicate reference number"))
            if (ref.doi or ref.pmid) and not ref.verified:
                errors.append(
                    CurationError(name, entry, "DOI/PMID given but verified is false: remove "
                                  "unverified identifiers")
                )
            refs[ref.number] = ref
    return refs


class _Checker:
    def __init__(self, schema: Schema, review: ReviewText | None, cur: Curation) -> None:
        self.schema = schema
        self.review = review
        self.cur = cur
        self.errors: list[CurationError] = []

    def err(self, file: str, entry: str, problem: str) -> None:
        self.errors.append(CurationError(file, entry, problem))

    def provenance(self, file: str, entry: str, p: Provenance | Claim) -> None:
        if p.evidence not in self.schema.evidence_types:
            self.err(file, entry, f"unknown evidence type '{p.evidence}' (known: "
                     f"{', '.join(sorted(self.schema.evidence_types))})")
        for r in [*p.refs, *getattr(p, "topic_refs", [])]:
            if r not in self.cur.references:
                self.err(file, entry, f"reference {r} is not in {REFERENCES_FILE}")
        if p.anchor and self.review is not None and not self.review.contains(p.anchor):
            self.err(file, entry, f"anchor phrase not found in the review: '{p.anchor}'")

    def entity_ref(self, file: str, entry: str, what: str, ref: str) -> Entity | None:
        ent = self.cur.entities.get(ref)
        if ent is None:
            self.err(file, entry, f"{what} '{ref}' is not a known entity")
        return ent

    def literal(self, file: str, entry: str, pred_key: str, value: Any) -> None:
        pred = self.schema.predicates[pred_key]
        dt = str(pred.datatype).rsplit("#", 1)[-1]
        ok = {
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "decimal": isinstance(value, int | float) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "string": isinstance(value, str),
        }.get(dt, True)
        if not ok:
            self.err(file, entry, f"'{pred_key}' needs a value of type xsd:{dt}, got {value!r}")


def _iter_yaml(data_dir: Path) -> Iterable[Path]:
    """Every ``*.yaml`` name under ``data_dir`` -- files, but also directories and links so
    that they are reported, not skipped. Hidden names (editor locks such as ``.#x.yaml``)
    are ignored."""
    return sorted(p for p in data_dir.rglob("*.yaml")
                  if not any(part.startswith(".") for part in p.relative_to(data_dir).parts))


#: Measurement values by unit: (lowest, highest or None, whole numbers only). The same rules
#: are in queries/measurement-value-range-violation.rq, which every build also runs; here they
#: fail fast, naming the record.
UNIT_RANGES: dict[str, tuple[float, float | None, bool]] = {
    "percent": (0, 100, False),
    "patients": (0, None, True),
    "months": (0, None, False),
    "years": (0, None, False),
    "days": (0, None, False),
    "mg/kg": (0, None, False),
    "fold": (0, None, False),
}


def _attribute_bounds() -> dict[str, tuple[Any, Any]]:
    """(sh:minInclusive, sh:maxInclusive) by property local name, from the SHACL shapes: the
    one place where the ranges of attribute values (years, counts, ages) are written."""
    from rdflib import Graph, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    g = Graph().parse(SHAPES_FILE, format="turtle")
    bounds: dict[str, tuple[Any, Any]] = {}
    for prop in set(g.subjects(sh.path, None)):
        lo, hi = g.value(prop, sh.minInclusive), g.value(prop, sh.maxInclusive)
        path = g.value(prop, sh.path)
        if (lo is not None or hi is not None) and path is not None and "#" in str(path):
            bounds[str(path).rsplit("#", 1)[1]] = (
                lo.toPython() if lo is not None else None,
                hi.toPython() if hi is not None else None)
    return bounds


def _check_values(chk: _Checker, bounds: dict[str, tuple[Any, Any]]) -> None:
    """Values in their ranges: attributes by the shapes' bounds, start before end, measurement
    values by unit, time horizons positive."""
    cur = chk.cur
    for eid, ent in cur.entities.items():
        file = cur.source_file[eid]
        for k, v in sorted(ent.attributes.items()):
            lo, hi = bounds.get(k, (None, None))
            if not isinstance(v, int | float) or isinstance(v, bool):
                continue
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                chk.err(file, eid, f"{k} {v} is out of range ({_range_text(lo, hi)})")
        a = ent.attributes
        for start, end in (("start_year", "end_year"), ("age_lower_months", "age_upper_months")):
            if isinstance(a.get(start), int | float) and isinstance(a.get(end), int | float):
                if a[start] > a[end]:
                    chk.err(file, eid, f"{start} {a[start]} is after {end} {a[end]}")
    for mid, m in cur.measurements.items():
        file = cur.source_file[mid]
        if m.value is not None and m.unit in UNIT_RANGES:
            lo, hi, whole = UNIT_RANGES[m.unit]
            if m.value < lo or (hi is not None and m.value > hi):
                chk.err(file, mid, f"value {m.value:g} {m.unit} is out of range "
                        f"({_range_text(lo, hi)})")
            elif whole and m.value != int(m.value):
                chk.err(file, mid, f"value {m.value:g} {m.unit} is not a whole number")
        if m.horizon_years is not None and m.horizon_years <= 0:
            chk.err(file, mid, f"horizon_years {m.horizon_years:g} is not positive")
        for k in ("numerator", "denominator"):
            n = getattr(m, k)
            if n is not None and n < (1 if k == "denominator" else 0):
                chk.err(file, mid, f"{k} {n} is out of range "
                        f"({'at least 1' if k == 'denominator' else 'at least 0'})")


def _range_text(lo: Any, hi: Any) -> str:
    if lo is not None and hi is not None:
        return f"{lo:g}-{hi:g}" if isinstance(lo, float) else f"{lo}-{hi}"
    return f"at least {lo}" if lo is not None else f"at most {hi}"


_LABEL_PARTS = re.compile(r"(.+?) \(([^()]+)\)")


def _norm_name(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _norm_curie(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return f"{prefix.casefold()}:{local}"


def _check_one_entity_per_thing(chk: _Checker) -> None:
    """One real-world thing, one record: no label, synonym or identifier under two ids."""
    cur = chk.cur
    names: dict[str, tuple[str, str]] = {}  # normalised name -> (entity id, "label"/"synonym")
    curies: dict[str, str] = {}
    for eid, ent in cur.entities.items():
        file = cur.source_file[eid]
        # "AFF1 (AF4)" names AFF1 and AF4 as well
        parts = _LABEL_PARTS.fullmatch(ent.label)
        labels = [ent.label, *(parts.groups() if parts else ())]
        for kind, text in [*(("label", x) for x in labels),
                           *(("synonym", x) for x in ent.synonyms)]:
            key = _norm_name(text)
            other = names.get(key)
            if other is not None and other[0] != eid:
                chk.err(file, eid, f"{kind} '{text}' is also the {other[1]} of entity "
                        f"'{other[0]}' ({cur.source_file[other[0]]}): one real-world thing is "
                        "one record; merge the two or make the names distinct")
                break
            names.setdefault(key, (eid, kind))
        for c in [ent.curie, *ent.xrefs]:
            if not c:
                continue
            other_id = curies.get(_norm_curie(c))
            if other_id is not None and other_id != eid:
                chk.err(file, eid, f"identifier '{c}' is also on entity '{other_id}' "
                        f"({cur.source_file[other_id]}): one real-world thing is one record")
                break
            curies.setdefault(_norm_curie(c), eid)


def load_curation(
    data_dir: Path | None = None,
    review: ReviewText | None | bool = True,
) -> Curation:
    """Read and validate every curated file.

    Args:
        data_dir: folder of curated files (default: the packaged ``kg/data/curation``).
        review: the review text for anchor checks; ``True`` looks it up, ``False`` or
            ``None`` skips the anchor check.

    Returns:
        The validated records.

    Raises:
        CurationErrors: listing every problem as ``file: entry 'id': problem``.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    cur = Curation()
    # Files are read first (fast, and a hostile file is refused before anything else runs);
    # the schema and the review are loaded once every file is known to parse.
    chk = _Checker(None, None, cur)  # type: ignore[arg-type]
    ref_path = data_dir / REFERENCES_FILE
    if os.path.lexists(ref_path):
        cur.references = _read_references(ref_path, chk.errors)
    else:
        chk.err(REFERENCES_FILE, "(file)", f"missing: expected {ref_path}")

    raw_records: list[tuple[str, str, int, dict[str, Any]]] = []
    for path in _iter_yaml(data_dir):
        name = path.relative_to(data_dir).as_posix()
        try:
            doc = load_yaml_text(read_curated_text(path), name)
        except FileProblem as e:
            chk.err(name, e.entry, e.problem)
            continue
        try:
            CurationFile.model_validate(doc if isinstance(doc, dict) else {"_": doc})
        except ValidationError as e:
            chk.err(name, FILE_ENTRY, _pydantic_problem(e))
            continue
        for section in ("entities", "statements", "measurements", "conflicts"):
            for i, raw in enumerate(doc.get(section) or []):
                raw_records.append((name, section, i, raw))
    if chk.errors:
        # A file that cannot be read would make every reference into it fail too: report
        # the files alone, one line each.
        raise CurationErrors(chk.errors)
    schema = chk.schema = load_schema()
    chk.review = load_review() if review is True else (review or None)
    cur.review_checked = chk.review is not None

    def parse(model: type[BaseModel], name: str, i: int, raw: Any) -> Any:
        try:
            return model.model_validate(raw)
        except ValidationError as e:
            chk.err(name, _entry_name(raw, i), _pydantic_problem(e))
            return None

    def claim_id(name: str, rid: str) -> bool:
        if rid in cur.source_file:
            chk.err(name, rid, f"duplicate id (first defined in {cur.source_file[rid]})")
            return False
        cur.source_file[rid] = name
        return True

    # Entities first, so that every reference can be resolved whatever the file order.
    for name, section, i, raw in raw_records:
        if section != "entities":
            continue
        ent = parse(Entity, name, i, raw)
        if ent is None or not claim_id(name, ent.id):
            continue
        cur.entities[ent.id] = ent
        if ent.type not in schema.classes:
            chk.err(name, ent.id, f"unknown class '{ent.type}'")
        for c in [ent.curie, *ent.xrefs]:
            if c and (problem := check_curie(c)):
                chk.err(name, ent.id, f"invalid CURIE '{c}': {problem}")
        for k, v in ent.attributes.items():
            pred = schema.predicates.get(k)
            if pred is None or pred.is_object:
                chk.err(name, ent.id, f"unknown attribute '{k}'")
                continue
            chk.literal(name, ent.id, k, v)
        if ent.provenance:
            chk.provenance(name, ent.id, ent.provenance)

    _check_one_entity_per_thing(chk)

    for name, section, i, raw in raw_records:
        if section == "statements":
            st = parse(Statement, name, i, raw)
            if st is None or not claim_id(name, st.key):
                continue
            cur.statements[st.key] = st
            _check_statement(chk, name, st)
        elif section == "measurements":
            m = parse(Measurement, name, i, raw)
            if m is None or not claim_id(name, m.id):
                continue
            cur.measurements[m.id] = m
            chk.entity_ref(name, m.id, "of", m.of)
            for a in m.about:
                chk.entity_ref(name, m.id, "about", a)
            for a in m.population:
                chk.entity_ref(name, m.id, "population", a)
            if (m.stated_as and chk.review is not None
                    and not chk.review.contains(m.stated_as)):
                chk.err(name, m.id, f"stated_as not found in the review: '{m.stated_as}'")
            if m.age_group:
                ag = chk.entity_ref(name, m.id, "age_group", m.age_group)
                if ag and ag.type != "AgeGroup":
                    chk.err(name, m.id,
                            f"age_group '{m.age_group}' is a {ag.type}, not an AgeGroup")
            if m.measure not in schema.measures:
                chk.err(name, m.id, f"unknown measure '{m.measure}'")
            chk.provenance(name, m.id, m)
        elif section == "conflicts":
            c = parse(Conflict, name, i, raw)
            if c is None or not claim_id(name, c.id):
                continue
            cur.conflicts[c.id] = c
            for cl in c.claims:
                chk.provenance(name, c.id, cl)
                if cl.source_id and (problem := check_curie(cl.source_id)):
                    chk.err(name, c.id, f"invalid CURIE '{cl.source_id}': {problem}")

    # Links that may point at records defined later.
    for cid, c in cur.conflicts.items():
        for ref in c.concerns:
            if ref not in cur.source_file:
                chk.err(cur.source_file[cid], cid, f"concerns '{ref}', which is not a known record")
    linked: list[tuple[str, Statement | Measurement]] = [
        *cur.statements.items(), *cur.measurements.items()]
    for rid, rec in linked:
        if rec.conflict and rec.conflict not in cur.conflicts:
            chk.err(cur.source_file[rid], rid, f"conflict '{rec.conflict}' is not a known conflict")
    _check_values(chk, _attribute_bounds())

    if chk.errors:
        raise CurationErrors(chk.errors)
    return cur


def _check_statement(chk: _Checker, name: str, st: Statement) -> None:
    schema = chk.schema
    sid = st.key
    pred = schema.predicates.get(st.predicate)
    subj = chk.entity_ref(name, sid, "subject", st.subject)
    if pred is None:
        chk.err(name, sid, f"unknown predicate '{st.predicate}'")
        return
    if pred.is_object and st.object is None:
        chk.err(name, sid, f"predicate '{st.predicate}' links entities: give 'object'")
        return
    if not pred.is_object and st.value is None:
        chk.err(name, sid, f"predicate '{st.predicate}' carries a literal: give 'value'")
        return
    if subj is not None and subj.type in schema.classes and pred.domain:
        if not schema.is_a(schema.classes[subj.type], pred.domain):
            chk.err(name, sid, f"subject '{st.subject}' is a {subj.type}, but '{st.predicate}' "
                    f"needs one of {_names(schema, pred.domain)}")
    if pred.is_object and st.object is not None:
        obj = chk.entity_ref(name, sid, "object", st.object)
        if obj is not None and obj.type in schema.classes and pred.range:
            if not schema.is_a(schema.classes[obj.type], pred.range):
                chk.err(name, sid, f"object '{st.object}' is a {obj.type}, but '{st.predicate}' "
                        f"needs one of {_names(schema, pred.range)}")
    elif st.value is not None:
        chk.literal(name, sid, st.predicate, st.value)
    chk.provenance(name, sid, st)
    if st.qualifiers is not None:
        _check_qualifiers(chk, name, sid, st)


#: Classes a qualifier's entity must belong to (ontology yamlKeys; subclasses accepted).
_QUALIFIER_CLASSES = {
    "population": ("PatientGroup", "AgeGroup", "Disease"),
    "study": ("ClinicalTrial",),
}


def _check_qualifiers(chk: _Checker, name: str, sid: str, st: Statement) -> None:
    schema, q = chk.schema, st.qualifiers
    assert q is not None
    refs = [("population", p) for p in q.population] + [
        (k, v) for k, v in (("study", q.study), ("compared_with", q.compared_with)) if v]
    for what, ref in refs:
        ent = chk.entity_ref(name, sid, f"qualifier {what}", ref)
        allowed = _QUALIFIER_CLASSES.get(what)
        if ent is None or allowed is None or ent.type not in schema.classes:
            continue
        ok = frozenset(schema.classes[c] for c in allowed if c in schema.classes)
        if not schema.is_a(schema.classes[ent.type], ok):
            chk.err(name, sid, f"qualifier {what} '{ref}' is a {ent.type}, but needs one of "
                    f"{', '.join(allowed)}")
    if q.during and q.during not in schema.temporal_contexts:
        chk.err(name, sid, f"unknown temporal context '{q.during}' (known: "
                f"{', '.join(sorted(schema.temporal_contexts))})")
    for sys_key in q.systems:
        if sys_key not in schema.systems:
            chk.err(name, sid, f"unknown experimental system '{sys_key}' (known: "
                    f"{', '.join(sorted(schema.systems))})")


def _names(schema: Schema, classes: frozenset[Any]) -> str:
    inv = {v: k for k, v in schema.classes.items()}
    return ", ".join(sorted(inv.get(c, str(c)) for c in classes))
