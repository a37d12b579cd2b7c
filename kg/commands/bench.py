"""`kmt2a-kg bench cli`: the everyday commands as whole processes against their floors."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS", "BENCH_COMMANDS"]


@click.command("cli")
@click.option("--runs", default=5, show_default=True, help="Measured runs of each command.")
@click.option("--only", multiple=True, help="Only cases whose name contains this (repeatable).")
@click.option("--compare-exports", type=click.Path(file_okay=False, path_type=Path),
              default=Path("exports"), show_default=True,
              help="Check that the benchmark's build gives the same bytes as this folder.")
def bench_cli(runs: int, only: tuple[str, ...], compare_exports: Path) -> None:
    """CPU time of `--help`, `query`, `validate`, `hypotheses` and `build` as whole
    processes, each against its floor in the same run: min / median / max and ratios."""
    from kg.clibench import run_cli_benchmark, warm_query_figures

    run_cli_benchmark(runs=runs, only=list(only), echo=click.echo,
                      progress=lambda line: click.echo(line, err=True),
                      compare_exports=compare_exports)
    if not only or any("query" in o for o in only):
        warm_query_figures(echo=click.echo)


COMMANDS: list[click.Command] = []
BENCH_COMMANDS: list[click.Command] = [bench_cli]
