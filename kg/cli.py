"""The ``kmt2a-kg`` command line: a thin layer over the Python API.

Heavy imports happen inside commands. Errors in user input print one line per problem to
stderr and exit with status 1 (2 for usage errors), never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .blas import default_to_one_thread

# Before anything imports numpy: the hypotheses' small dense products are faster on one BLAS
# thread than on a thread per core (see kg/blas.py).
default_to_one_thread()

__all__ = ["main"]

DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder of curated files (default: kg/data/curation of the checkout you are in, "
    "else the installed package's).",
)
OUT_OPTION = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("exports"), show_default=True, help="Folder for the exports.",
)


def fail(lines: list[str] | str, code: int = 1) -> None:
    """Print problems one per line to stderr and exit."""
    for line in [lines] if isinstance(lines, str) else lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "show_default": True})
@click.version_option(package_name="kmt2a-kg")
def main() -> None:
    """kmt2a-kg: a sourced knowledge graph of KMT2A-rearranged infant ALL."""
    from .checkout import source_note

    note = source_note()
    if note:  # run inside a checkout with an installed (non-editable) package
        click.echo(note, err=True)


@main.command()
@DATA_OPTION
@OUT_OPTION
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL check (not recommended).")
def build(data_dir: Path | None, out_dir: Path, no_shacl: bool) -> None:
    """Validate the curated files, build the graph and write every export."""
    from .api import build as api_build
    from .loader import CurationErrors
    from .validate import ShaclViolation

    try:
        res = api_build(out_dir=out_dir, data_dir=data_dir, shacl=not no_shacl)
    except CurationErrors as e:
        fail([str(x) for x in e.errors])
    except ShaclViolation as e:
        fail([str(x) for x in e.errors] or [f"SHACL: {v}" for v in e.report.violations])
    if not res.review_checked:
        click.echo("warning: review text not found; anchor phrases were not checked "
                   "(set KMT2A_KG_REVIEW to the review's text file)", err=True)
    for name, size in sorted(res.files.items()):
        click.echo(f"wrote {out_dir / name} ({size:,} bytes)")
    click.echo(f"{len(res.graph):,} triples")


@main.command()
@DATA_OPTION
def validate(data_dir: Path | None) -> None:
    """Check the curated files and the SHACL shapes without writing anything."""
    from .api import build as api_build
    from .loader import CurationErrors
    from .validate import ShaclViolation

    try:
        res = api_build(out_dir=None, data_dir=data_dir)
    except CurationErrors as e:
        fail([str(x) for x in e.errors])
    except ShaclViolation as e:
        fail([str(x) for x in e.errors] or [f"SHACL: {v}" for v in e.report.violations])
    cur = res.curation
    click.echo(
        f"ok: {len(cur.entities)} entities, {len(cur.statements)} statements, "
        f"{len(cur.measurements)} measurements, {len(cur.conflicts)} conflicts, "
        f"{len(cur.references)} references; SHACL conforms"
        + ("" if res.review_checked else "; anchors NOT checked (review text not found)")
    )


@main.command()
@DATA_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table")
def stats(data_dir: Path | None, fmt: str) -> None:
    """Counts of triples, instances by class and triples by predicate."""
    from .api import load_graph
    from .exports import stats as graph_stats
    from .loader import CurationErrors

    try:
        s = graph_stats(load_graph(data_dir))
    except CurationErrors as e:
        fail([str(x) for x in e.errors])
    if fmt == "json":
        click.echo(json.dumps(s, indent=2, sort_keys=True))
        return
    click.echo(f"triples     {s['triples']:>7,}")
    click.echo(f"assertions  {s['assertions']:>7,}")
    for title, key in (("instances by class", "instances_by_class"),
                       ("triples by predicate", "triples_by_predicate")):
        click.echo(f"\n{title}")
        for k, v in s[key].items():  # type: ignore[attr-defined]
            click.echo(f"  {k:<40} {v:>6,}")


@main.command()
@DATA_OPTION
@click.option("--fix", is_flag=True, help="Rewrite files into canonical form.")
def lint(data_dir: Path | None, fix: bool) -> None:
    """Check (or with --fix, rewrite) the canonical formatting of the curated files."""
    from .lint import lint_files
    from .loader import CurationErrors

    try:
        bad = lint_files(data_dir, fix=fix)
    except CurationErrors as e:
        fail([str(x) for x in e.errors])
    for p in bad:
        click.echo(f"{'reformatted' if fix else 'not canonical'}: {p}")
    if bad and not fix:
        fail(f"{len(bad)} file(s) not in canonical form; run 'kmt2a-kg lint --fix'")
    if not bad:
        click.echo("all curated files are canonical")


@main.group()
def bench() -> None:
    """Benchmarks that print their figures (not tests)."""


# Feature command modules: each exposes COMMANDS (added to `kmt2a-kg`) and BENCH_COMMANDS
# (added to `kmt2a-kg bench`). Modules import only click at import time.
_COMMAND_MODULES: list[str] = [
    "kg.commands.query",
    "kg.commands.hypotheses",
    "kg.commands.regimens",
    "kg.commands.viz",
    "kg.commands.interop",
    "kg.commands.bench",
]


def _register() -> None:
    import importlib

    for spec in _COMMAND_MODULES:
        mod = importlib.import_module(spec)
        for cmd in getattr(mod, "COMMANDS", []):
            main.add_command(cmd)
        for cmd in getattr(mod, "BENCH_COMMANDS", []):
            bench.add_command(cmd)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
