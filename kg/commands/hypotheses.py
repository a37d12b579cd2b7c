"""`kmt2a-kg hypotheses` and `kmt2a-kg bench hypotheses`.

Heavy modules are imported inside the commands. User errors (unknown agent to exclude, a
malformed configuration file) end with one line on stderr and exit status 1.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS", "BENCH_COMMANDS"]

_FORMATS = ("text", "tsv", "md", "json", "ttl")


@click.command("hypotheses")
@click.option("--top", type=int, default=10, show_default=True,
              help="How many combinations to show (0: all).")
@click.option("--size", type=click.Choice(["2", "3"]), default="2", show_default=True,
              help="Agents per combination.")
@click.option("--require-cns", is_flag=True,
              help="Only combinations with an agent documented to act in the CNS.")
@click.option("--exclude", multiple=True, metavar="AGENT",
              help="Leave out an agent (id or label; repeatable).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Your own scoring configuration (default: the shipped one).")
@click.option("--permutations", type=int, default=None,
              help="Edge-swap permutations for p-values (default: the configuration's; "
                   "0: no p-values).")
@click.option("--no-paths", is_flag=True, help="Text output: terms only, no paths.")
@click.option("--list-agents", is_flag=True, help="List the candidate agents and exit.")
@click.option("--validation", is_flag=True,
              help="Print the leave-one-out validation report (Markdown) and exit.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of curated files (default: the packaged curation).")
def hypotheses_cmd(top: int, size: str, require_cns: bool, exclude: tuple[str, ...], fmt: str,
                   config_path: Path | None, permutations: int | None, no_paths: bool,
                   list_agents: bool, validation: bool, data_dir: Path | None) -> None:
    """Rank drug combinations for KMT2A-rearranged infant ALL, each with its score, the
    score's terms and the paths (with references) behind every term."""
    from kg.hypotheses.config import ConfigError, load_config
    from kg.hypotheses.pcache import load_hetgraph
    from kg.hypotheses.report import (
        hypotheses_json,
        hypotheses_markdown,
        hypotheses_text,
        hypotheses_tsv,
        hypotheses_turtle,
        validation_markdown,
    )
    from kg.hypotheses.score import Scorer, rank_with

    try:
        cfg = load_config(config_path)
        # The built graph while it is fresh (kg.built), not a rebuild from the YAML files.
        hg = load_hetgraph(data_dir)
    except ConfigError as e:
        raise click.ClickException(str(e)) from e
    except Exception as e:
        if _is_curation_error(e):
            raise click.ClickException(
                f"{len(e.errors)} curation error(s), first: {e.errors[0]} "  # type: ignore[attr-defined]
                "(run 'kmt2a-kg validate')") from e
        raise
    if validation:
        from kg.hypotheses.validate import leave_one_out

        click.echo(validation_markdown(leave_one_out(hg, cfg), hg), nl=False)
        return
    try:
        scorer = Scorer(hg, cfg)
    except NotImplementedError as e:
        raise click.ClickException(f"configuration: {e}") from e
    if list_agents:
        for a in scorer.agents:
            click.echo(f"{a}\t{hg.label(a)}\t{hg.nodes[a].category}")
        return
    try:
        hyps = rank_with(scorer, int(size), top or None, require_cns, exclude, permutations)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    if fmt == "text":
        click.echo(hypotheses_text(hyps, hg, paths=not no_paths,
                                   per_source=cfg.explain_max_paths), nl=False)
    elif fmt == "tsv":
        click.echo(hypotheses_tsv(hyps), nl=False)
    elif fmt == "json":
        click.echo(hypotheses_json(hyps), nl=False)
    elif fmt == "md":
        from math import comb

        nperm = cfg.permutations.n if permutations is None else permutations
        click.echo(hypotheses_markdown(hyps, hg, cfg, n_total=comb(len(scorer.agents),
                                                                   int(size)),
                                       n_perm=nperm), nl=False)
    else:
        click.echo(hypotheses_turtle(hyps, hg, cfg).decode(), nl=False)


def _is_curation_error(e: BaseException) -> bool:
    import sys

    if "kg.loader" not in sys.modules:  # only a rebuild reads the curated files
        return False
    from kg.loader import CurationErrors

    return isinstance(e, CurationErrors)


@click.command("hypotheses")
@click.option("--nodes", type=int, default=50_000, show_default=True,
              help="Nodes of the synthetic graph.")
@click.option("--edges", type=int, default=2_000_000, show_default=True,
              help="Edges of the synthetic graph.")
@click.option("--drugs", type=int, default=1_000, show_default=True,
              help="Drug nodes (all drug pairs are scored).")
@click.option("--sample", type=int, default=20, show_default=True,
              help="Drug-disease pairs enumerated with networkx (enumeration is slow).")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--regimen-agents", type=int, default=1_000, show_default=True,
              help="Candidate agents of the regimen case (against a 5-drug backbone; 0: skip).")
@click.option("--regimen-sample", type=int, default=20_000, show_default=True,
              help="Edits the regimen case re-scores in the Python loop.")
def bench_hypotheses_cmd(nodes: int, edges: int, drugs: int, sample: int, seed: int,
                         regimen_agents: int, regimen_sample: int) -> None:
    """Score all drug pairs on a synthetic drug-gene-disease graph with sparse DWPC, and
    compare with networkx path enumeration on a sample of pairs; then score every edit of a
    5-drug backbone with many candidate agents as arrays, and compare with re-scoring each
    edited regimen in a Python loop. Prints both sides and the ratios."""
    from kg.hypotheses.bench import run_benchmark

    for line in run_benchmark(nodes, edges, drugs, sample, seed, echo=click.echo):
        click.echo(line)
    if regimen_agents:
        from kg.hypotheses.regimen_bench import run_regimen_benchmark

        for line in run_regimen_benchmark(regimen_agents, 5, regimen_sample, seed=seed):
            click.echo(line)


COMMANDS: list[click.Command] = [hypotheses_cmd]
BENCH_COMMANDS: list[click.Command] = [bench_hypotheses_cmd]
