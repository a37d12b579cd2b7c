"""One canonical formatting for the curated files; ``kmt2a-kg lint --fix`` rewrites them.

YAML: sections in a fixed order, record keys in the model's field order, empty values
dropped, short lists in flow style, width 100. TSV: rows sorted by reference number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from .constants import DATA_DIR
from .exports import write_atomic
from .model import Claim, Conflict, Entity, Measurement, Provenance, Qualifiers, Reference
from .safeyaml import FileProblem, decode_curated, load_yaml_text, read_curated_bytes

__all__ = ["canonical_yaml", "canonical_tsv", "lint_files"]

_SECTIONS = ("topic", "entities", "statements", "measurements", "conflicts")
_ORDER: dict[str, list[str]] = {
    "entities": ["id", "class", *[f for f in Entity.model_fields if f not in ("id", "type")]],
    "statements": ["id", "subject", "predicate", "object", "value",
                   *Provenance.model_fields, "conflict", "qualifiers"],
    "measurements": list(Measurement.model_fields),
    "conflicts": list(Conflict.model_fields),
}
_PROV_ORDER = list(Provenance.model_fields)
_CLAIM_ORDER = list(Claim.model_fields)
_QUALIFIER_ORDER = list(Qualifiers.model_fields)


class _Flow(list):  # type: ignore[type-arg]
    pass


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _empty(v: Any) -> bool:
    return v is None or v == [] or v == {} or v == ""


def _ordered(d: dict[str, Any], order: list[str]) -> dict[str, Any]:
    keys = [k for k in order if k in d] + sorted(k for k in d if k not in order)
    out: dict[str, Any] = {}
    for k in keys:
        v = d[k]
        if _empty(v) and k not in ("refs",):
            continue
        if k == "provenance" and isinstance(v, dict):
            v = _ordered(v, _PROV_ORDER)
        elif k == "qualifiers" and isinstance(v, dict):
            v = _ordered(v, _QUALIFIER_ORDER)
        elif k == "claims" and isinstance(v, list):
            v = [_ordered(c, _CLAIM_ORDER) if isinstance(c, dict) else c for c in v]
        elif k == "attributes" and isinstance(v, dict):
            v = dict(sorted(v.items()))
        if isinstance(v, list) and all(isinstance(i, int | float | str) for i in v) and (
            sum(len(str(i)) for i in v) < 60
        ):
            v = _Flow(v)
        out[k] = v
    return out


def canonical_yaml(doc: dict[str, Any]) -> str:
    """The canonical text of a curated YAML document."""
    out: dict[str, Any] = {}
    for section in _SECTIONS:
        if section not in doc:
            continue
        val = doc[section]
        if isinstance(val, list):
            val = [_ordered(r, _ORDER[section]) if isinstance(r, dict) else r for r in val]
        out[section] = val
    for k in sorted(set(doc) - set(_SECTIONS)):
        out[k] = doc[k]
    return yaml.dump(out, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def canonical_tsv(text: str) -> str:
    """The canonical text of ``references.tsv``: fixed columns, rows sorted by number."""
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    cols = [*Reference.model_fields]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, delimiter="\t", lineterminator="\n",
                       extrasaction="ignore")
    w.writeheader()
    for r in sorted(rows, key=lambda r: int(r.get("number") or 0)):
        w.writerow({c: r.get(c) or "" for c in cols})
    return buf.getvalue()


def lint_files(data_dir: Path | None = None, fix: bool = False) -> list[Path]:
    """Files that are not in canonical form (rewritten when ``fix``).

    A UTF-8 byte-order mark or CRLF line ends make a file non-canonical (``fix`` removes them).

    Raises:
        kg.loader.CurationErrors: a file cannot be read or parsed (one line per file).
    """
    from .loader import CurationError, CurationErrors, _iter_yaml

    data_dir = data_dir or DATA_DIR
    bad: list[Path] = []
    errors: list[CurationError] = []
    paths = [*_iter_yaml(data_dir), *sorted(data_dir.glob("*.tsv"))]
    for path in sorted(paths):
        name = path.relative_to(data_dir).as_posix()
        try:
            data = read_curated_bytes(path)
            text = decode_curated(data)
            raw = data.decode("utf-8")  # as on disk: a BOM or CRLF is not canonical
            if path.suffix == ".yaml":
                canon = canonical_yaml(load_yaml_text(text, name) or {})
            else:
                canon = canonical_tsv(text)
        except FileProblem as e:
            errors.append(CurationError(name, e.entry, e.problem))
            continue
        if raw != canon:
            bad.append(path)
            if fix:
                write_atomic(path, canon.encode("utf-8"))
    if errors:
        raise CurationErrors(errors)
    return bad
