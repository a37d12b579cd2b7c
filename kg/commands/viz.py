"""`kmt2a-kg viz` (write an interactive HTML view) and `kmt2a-kg bench viz`."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS", "BENCH_COMMANDS", "viz", "bench_viz"]

_THEMES = ["mechanism", "trials", "resistance", "cns"]  # keys of kg.viz.themes.THEMES


@click.command("viz")
@click.option("--focus", default=None,
              help="Show only the neighbourhood of this node (id, label, synonym or CURIE).")
@click.option("--depth", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Steps from the focus node, in either direction.")
@click.option("--theme", type=click.Choice(_THEMES), default=None,
              help="A themed view: mechanism, trials (with the outcomes chart), resistance "
                   "and lineage switch, or CNS.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("kg-view.html"), show_default=True, help="HTML file to write.")
@click.option("--physics", type=click.Choice(["auto", "polish", "off"]), default="auto",
              show_default=True,
              help="polish: a short physics pass from the precomputed layout, then stop; "
                   "off and auto: the precomputed layout only (it keeps labels apart).")
@click.option("--chart/--no-chart", default=None,
              help="Open the Table 1 outcomes chart on load (default: only for --theme trials).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of curated files (default: the packaged curation).")
def viz(focus: str | None, depth: int, theme: str | None, output: Path, physics: str,
        chart: bool | None, data_dir: Path | None) -> None:
    """Write a self-contained interactive HTML view of the graph (opens offline)."""
    from ..api import load_graph
    from ..exports import write_atomic
    from ..loader import CurationErrors
    from ..viz.data import collect
    from ..viz.page import render_page
    from ..viz.themes import THEMES, NodeNotFound, apply_theme, resolve_node
    from ..viz.themes import focus as focus_on

    try:
        d = collect(load_graph(data_dir))
    except CurationErrors as e:
        raise click.ClickException(
            f"{len(e.errors)} problem(s) in the curated files, first: {e.errors[0]} "
            "(run 'kmt2a-kg validate')") from None
    title = "kmt2a-kg: KMT2A-rearranged infant ALL knowledge graph"
    subtitle, view, open_chart, nid = "", "all", False, None
    if theme:
        d = apply_theme(d, theme)
        subtitle, view, open_chart = THEMES[theme].title, theme, THEMES[theme].open_chart
    if focus:
        try:
            nid = resolve_node(d, focus)
        except NodeNotFound as e:
            where = f" (in theme '{theme}')" if theme else ""
            raise click.ClickException(str(e) + where) from None
        d = focus_on(d, nid, depth)
        label = d.nodes[nid]["label"]
        subtitle = (subtitle + "; " if subtitle else "") + \
            f"within {depth} step{'s' if depth != 1 else ''} of {label}"
        view = "focus"
    html = render_page(d, title=title, subtitle=subtitle, physics=physics,
                       open_chart=open_chart if chart is None else chart, view=view, focus=nid)
    write_atomic(output, html.encode("utf-8"))
    click.echo(f"wrote {output} ({len(d.nodes)} nodes, {len(d.edges)} edges, "
               f"{len(html.encode()):,} bytes)")


@click.command("viz")
@click.option("--nodes", "n_nodes", type=click.IntRange(10), default=5000, show_default=True,
              help="Nodes of the synthetic graph.")
@click.option("--edges", "n_edges", type=click.IntRange(10), default=20000, show_default=True,
              help="Edges of the synthetic graph.")
@click.option("--synthetic-physics/--no-synthetic-physics", default=True, show_default=True,
              help="Also time the synthetic graph with physics polish (slow).")
@click.option("--repeat", type=click.IntRange(1, 20), default=3, show_default=True,
              help="Open each page this many times (first draw: min/median/max).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of curated files (default: the packaged curation).")
def bench_viz(n_nodes: int, n_edges: int, synthetic_physics: bool, repeat: int,
              data_dir: Path | None) -> None:
    """Time the HTML page: build, first draw and settle in headless Chromium."""
    import time

    from ..api import load_graph
    from ..viz.bench import BEFORE, measure_page, synthetic_data
    from ..viz.browser import chromium_available
    from ..viz.constants import CHROMIUM
    from ..viz.data import collect

    if not chromium_available():
        raise click.ClickException(f"needs playwright and Debian's chromium at {CHROMIUM}")
    g = load_graph(data_dir)
    t0 = time.perf_counter()
    curated = collect(g)
    collect_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    synth = synthetic_data(n_nodes, n_edges)
    synth_s = time.perf_counter() - t0
    click.echo(f"collect from RDF (curated graph): {collect_s:.2f} s; "
               f"synthetic data: {synth_s:.2f} s")
    jobs = [("curated", curated, "off", "all"), ("curated", curated, "off", "start"),
            ("curated", curated, "polish", "all"), ("synthetic", synth, "off", "all")]
    if synthetic_physics:
        jobs.append(("synthetic", synth, "polish", "all"))
    head = (f"{'graph':<10} {'view':<6} {'nodes':>6} {'edges':>6} {'physics':<7} "
            f"{'build s':>8} {'HTML MB':>8} {'first draw s':>13} {'settled s':>10} "
            f"{'select s':>9} {'filter s':>9} {'rendered n/e':>14} {'ext req':>8} "
            f"{'errors':>7}")
    click.echo(head)
    click.echo("-" * len(head))
    for name, d, phys, view in jobs:
        runs = [measure_page(name, d, phys, view=view) for _ in range(repeat)]
        draws = sorted(r.first_draw_s for r in runs)
        r = runs[0]
        draw = (f"{draws[len(draws) // 2]:.2f}" if repeat == 1 else
                f"{draws[0]:.2f}/{draws[len(draws) // 2]:.2f}/{draws[-1]:.2f}")
        click.echo(f"{r.name:<10} {r.view:<6} {r.nodes:>6} {r.edges:>6} {r.physics:<7} "
                   f"{r.build_s:>8.2f} {r.html_mb:>8.2f} {draw:>13} {r.settled_s:>10.2f} "
                   f"{r.select_s:>9.2f} {r.filter_s:>9.2f} "
                   f"{f'{r.rendered_nodes}/{r.rendered_edges}':>14} "
                   f"{r.external_requests:>8} {r.console_errors:>7}")
    lo, hi = BEFORE["first_draw_s"]
    click.echo(f"before issue 9 (curated, view all): first draw {lo}-{hi} s, "
               f"page {BEFORE['html_mb']} MB; target: at most 1.0 s and 1.0 MB")
    click.echo("view all = the whole graph (#view=all), start = the page's opening view; "
               "build = layouts + page in Python; first draw (min/median/max with --repeat) "
               "and settled: from navigation start (performance.now()) in headless Chromium; "
               "select: highlight the busiest node's neighbourhood, show its details, clear; "
               "filter: hide and show the largest class.")


COMMANDS: list[click.Command] = [viz]
BENCH_COMMANDS: list[click.Command] = [bench_viz]
