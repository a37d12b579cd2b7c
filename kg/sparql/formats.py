"""Render result rows as an aligned table, CSV, TSV, JSON or Markdown."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from ..textsafe import md_text, spreadsheet_cell
from .errors import QueryError
from .results import SelectResult, Value

__all__ = ["format_result", "cell"]


def cell(v: Value) -> str:
    """Text of one value (empty for unbound; booleans as true/false)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v == v.to_integral_value() else str(v)
    return str(v)


def _json_value(v: Value) -> object:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def _table(res: SelectResult) -> str:
    cols = res.columns
    cells = [[cell(r.get(c)).replace("\n", " ") for c in cols] for r in res.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=False)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=False)).rstrip()
              for row in cells]
    lines.append(f"({len(res.rows)} row{'s' if len(res.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _delimited(res: SelectResult, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(res.columns)
    for r in res.rows:
        # Values from the graph must not run as spreadsheet formulas when the file is opened.
        w.writerow([spreadsheet_cell(cell(r.get(c))) for c in res.columns])
    return buf.getvalue()


def _markdown(res: SelectResult) -> str:
    esc = md_text  # labels are data: no HTML, links or emphasis from them
    lines = ["| " + " | ".join(esc(c) for c in res.columns) + " |",
             "|" + "|".join("---" for _ in res.columns) + "|"]
    lines += ["| " + " | ".join(esc(cell(r.get(c))) for c in res.columns) + " |"
              for r in res.rows]
    return "\n".join(lines) + "\n"


def format_result(res: SelectResult, fmt: str = "table") -> str:
    """Render a result.

    Args:
        res: columns and rows.
        fmt: ``table``, ``csv``, ``tsv``, ``json`` (a list of objects) or ``md``.

    Returns:
        The text, ending with a newline.
    """
    if fmt == "table":
        return _table(res)
    if fmt == "csv":
        return _delimited(res, ",")
    if fmt == "tsv":
        return _delimited(res, "\t")
    if fmt == "json":
        rows = [{c: _json_value(r.get(c)) for c in res.columns} for r in res.rows]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return _markdown(res)
    raise QueryError(f"unknown format {fmt!r} (table, csv, tsv, json or md)")
