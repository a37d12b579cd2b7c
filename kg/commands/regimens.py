"""`kmt2a-kg regimens`: ranked, explained edits of a treatment backbone.

Heavy modules are imported inside the command. User errors (unknown backbone, agent or edit
kind; a malformed configuration) end with one line on stderr and exit status 1.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS"]

_FORMATS = ("text", "tsv", "md", "json", "ttl")
_KINDS = ("add", "replace", "phase", "add-phase", "sequence")


@click.command("regimens")
@click.option("--backbone", multiple=True, metavar="REGIMEN",
              help="A backbone phase (regimen id or label); repeat for phases in order "
                   "(default: the Interfant five-drug induction).")
@click.option("--phase", default=None, metavar="PHASE",
              help="Only edits that change this backbone phase (regimen id or label), or "
                   "'post' for edits adding phases after the backbone.")
@click.option("--only", multiple=True, type=click.Choice(_KINDS),
              help="Only edits of these kinds (repeatable); a two-edit combination is kept "
                   "when all its parts are of these kinds.")
@click.option("--exclude", multiple=True, metavar="AGENT",
              help="An agent the edits may not bring in (id or label; repeatable).")
@click.option("--require-cns", is_flag=True,
              help="Only edits whose whole sequence covers the CNS (no CNS-blind agent "
                   "left without a CNS-active agent in its own or a later phase).")
@click.option("--single", is_flag=True, help="Single edits only (no two-edit combinations).")
@click.option("--top", type=int, default=10, show_default=True,
              help="How many edits to show (0: all).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--no-paths", is_flag=True, help="Text output: terms only, no paths.")
@click.option("--list-backbones", is_flag=True,
              help="List the regimens usable as backbone phases and exit.")
@click.option("--validation", is_flag=True,
              help="Print the held-out validation (Table 2 as the answer key) and exit.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Your own regimen configuration (default: the shipped one).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of curated files (default: the packaged curation).")
def regimens_cmd(backbone: tuple[str, ...], phase: str | None, only: tuple[str, ...],
                 exclude: tuple[str, ...], require_cns: bool, single: bool, top: int, fmt: str,
                 no_paths: bool, list_backbones: bool, validation: bool,
                 config_path: Path | None, data_dir: Path | None) -> None:
    """Rank edits of a treatment backbone for KMT2A-rearranged infant ALL (add an agent,
    replace a component, add a phase, a sequence, or two of these), each scored on the whole
    sequence after the edit, with the terms, paths and references behind the score."""
    from kg.api import load_graph
    from kg.blas import one_thread
    from kg.hypotheses.config import ConfigError, load_config
    from kg.hypotheses.hetgraph import from_rdf
    from kg.hypotheses.regimen_report import (
        regimens_json,
        regimens_markdown,
        regimens_text,
        regimens_tsv,
        regimens_turtle,
        regimens_validation_markdown,
    )
    from kg.hypotheses.regimens import (
        RegimenScorer,
        backbones,
        load_regimen_config,
        normalise_kinds,
    )
    from kg.loader import CurationErrors

    try:
        rcfg = load_regimen_config(config_path)
        cfg = load_config()
        hg = from_rdf(load_graph(data_dir))
    except ConfigError as e:
        raise click.ClickException(str(e)) from e
    except CurationErrors as e:
        raise click.ClickException(f"{len(e.errors)} curation error(s), first: {e.errors[0]} "
                                   "(run 'kmt2a-kg validate')") from e
    if list_backbones:
        for r in backbones(hg):
            comps = sorted(e.target for e in hg.edges
                           if e.predicate == "has_component" and e.source == r)
            click.echo(f"{r}\t{hg.label(r)}\t{', '.join(comps)}")
        return
    with one_thread():
        if validation:
            from kg.hypotheses.regimen_validate import validate_regimens

            click.echo(regimens_validation_markdown(validate_regimens(hg, cfg, rcfg), hg),
                       nl=False)
            return
        try:
            sc = RegimenScorer(hg, cfg, rcfg)
            edits = sc.rank(list(backbone) or None, None, normalise_kinds(only), phase,
                            exclude, require_cns, 1 if single else 2, explain=False)
            total = len(edits)
            if top:
                edits = edits[:top]
            bb = sc.backbone(list(backbone) or None)
            edits = [_explained(sc, bb, e) for e in edits]
        except ValueError as e:
            raise click.ClickException(str(e)) from e
    if fmt == "text":
        click.echo(regimens_text(edits, hg, paths=not no_paths,
                                 per_source=rcfg.explain_max_paths), nl=False)
    elif fmt == "tsv":
        click.echo(regimens_tsv(edits), nl=False)
    elif fmt == "json":
        click.echo(regimens_json(edits), nl=False)
    elif fmt == "md":
        click.echo(regimens_markdown(edits, hg, rcfg, n_total=total), nl=False)
    else:
        click.echo(regimens_turtle(edits, hg, rcfg).decode(), nl=False)


def _explained(sc, bb, e):  # type: ignore[no-untyped-def]
    """The edit with its terms and paths (ranking first, explaining only what is shown)."""
    from dataclasses import replace

    return replace(e, terms=sc.explain_edit(bb, e.parts))


COMMANDS: list[click.Command] = [regimens_cmd]
