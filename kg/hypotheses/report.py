"""Render hypotheses, their explanations and the validation as TSV, Markdown, JSON, text and
RDF (a separate graph with PROV links to the assertions used). Output is byte-stable."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS, PROV

from ..constants import KG, KGO
from ..exports import turtle_bytes
from ..graph import assertion_iri, bind_prefixes
from ..textsafe import md_text, spreadsheet_cell
from .config import TERM_NAMES, Config
from .constants import HYP, RUN
from .dwpc import Path
from .hetgraph import HetGraph
from .proposals import ProposalCheck
from .score import Hypothesis
from .validate import Validation, paired_difference

__all__ = [
    "path_text",
    "hypotheses_tsv",
    "hypotheses_markdown",
    "hypotheses_text",
    "hypotheses_json",
    "hypotheses_turtle",
    "validation_markdown",
    "run_id",
    "HYPOTHESIS_TERMS",
]


def _refs(refs: Sequence[int]) -> str:
    return "refs " + ", ".join(str(r) for r in refs) if refs else "uncited"


def path_text(p: Path, hg: HetGraph, markdown: bool = False) -> str:
    """One path as text: nodes, predicates with direction, and each edge's references."""
    code = (lambda s: f"`{s}`") if markdown else (lambda s: s)
    text = md_text if markdown else str  # labels are data: inert in Markdown
    parts = [text(hg.label(p.nodes[0]))]
    for h in p.hops:
        pred = "|".join(sorted({e.predicate for e in h.edges})) or "|".join(h.step.predicates)
        arrow = f" -{pred}-> " if h.step.direction != "backward" else f" <-{pred}- "
        if h.step.direction == "both":
            arrow = f" -{pred}- "
        src = "; ".join(f"{code(e.key)} ({_refs(e.refs)}, {e.evidence})" for e in h.edges)
        parts.append(f"{arrow}{text(hg.label(h.target))} [{src}]")
    return "".join(parts)


def _num(x: float, digits: int = 4) -> str:
    s = f"{x:.{digits}f}"
    return "0." + "0" * digits if s.startswith("-0.") and float(s) == 0 else s


def _p(h: Hypothesis) -> str:
    return "" if h.p_value is None else _num(h.p_value, 3)


def hypotheses_tsv(hyps: Sequence[Hypothesis]) -> str:
    """One row per hypothesis: rank, agents, score, p-value, each term's raw value and
    contribution, and the assertions its explanation uses."""
    head = ["rank", "agents", "labels", "score", "p_value"]
    head += [f"{t}_value" for t in TERM_NAMES] + [f"{t}_contribution" for t in TERM_NAMES]
    head += ["assertions", "references"]
    lines = ["\t".join(head)]
    for h in hyps:
        refs = sorted({r for t in h.terms for p in t.paths for hop in p.hops
                       for e in hop.edges for r in e.refs})
        row = [str(h.rank), ";".join(h.agents), spreadsheet_cell(" + ".join(h.labels)),
               _num(h.score), _p(h)]
        row += [_num(h.term(t).value) for t in TERM_NAMES]
        row += [_num(h.term(t).contribution) for t in TERM_NAMES]
        row += [";".join(h.assertion_keys()), ";".join(str(r) for r in refs)]
        lines.append("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row))
    return "\n".join(lines) + "\n"


def _weights_table(cfg: Config) -> list[str]:
    out = ["| term | weight | what it measures |", "|---|---:|---|"]
    for t in TERM_NAMES:
        tc = cfg.terms[t]
        out.append(f"| {t} | {tc.weight:g} | {tc.description.strip()} |")
    return out


def _shown(paths: Sequence[Path], per_source: int) -> list[Path]:
    """The heaviest ``per_source`` paths from each starting node, in their order."""
    seen: dict[str, int] = {}
    out = []
    for p in paths:
        seen[p.nodes[0]] = seen.get(p.nodes[0], 0) + 1
        if seen[p.nodes[0]] <= per_source:
            out.append(p)
    return out


def _md_labels(h: Hypothesis) -> str:
    return " + ".join(md_text(label) for label in h.labels)


def _hypothesis_md(h: Hypothesis, hg: HetGraph, per_source: int = 6) -> list[str]:
    p = f", permutation p = {_p(h)}" if h.p_value is not None else ""
    out = [f"### {h.rank}. {_md_labels(h)}", "",
           f"Score **{_num(h.score, 3)}**{p}. Agents: {', '.join(f'`{a}`' for a in h.agents)}.",
           "", "| term | value | scaled x weight | from the graph |", "|---|---:|---:|---|"]
    for t in h.terms:
        out.append(f"| {t.name} | {_num(t.value)} | {_num(t.contribution, 3)} | "
                   f"{md_text(t.summary)} |")
    out.append("")
    for t in h.terms:
        if not t.paths:
            continue
        shown = _shown(t.paths, per_source)
        more = (f", the heaviest {len(shown)} shown (all in `--format json`)"
                if len(shown) < len(t.paths) else "")
        out.append(f"<details><summary>{t.name}: {len(t.paths)} path(s){more}</summary>")
        out.append("")
        for pa in shown:
            out.append(f"- ({_num(pa.weight)}) {path_text(pa, hg, markdown=True)}")
        out += ["", "</details>", ""]
    return out


def _proposals_md(checks: Sequence[ProposalCheck]) -> list[str]:
    out = ["## The review's own proposals", "",
           "Each proposal of the review (from `kg/hypotheses/proposals.yaml`, with its place in "
           "the review) is checked against the ranking of all pairs.", ""]
    for c in checks:
        p = c.proposal
        mark = "holds" if c.holds else "does not hold"
        out += [f"### {p.title}: {mark}", "",
                f"{p.claim} (Section *{p.section}*, refs {', '.join(map(str, p.refs))}; "
                f"anchor: \"{p.anchor}\")", "", f"**Result.** {c.verdict}.", ""]
        if c.why:
            out += [c.why, ""]
        if c.rows:
            out += ["| " + " | ".join(c.header) + " |",
                    "|" + "---|" * len(c.header)]
            out += ["| " + " | ".join(md_text(x) for x in r) + " |" for r in c.rows]
            out.append("")
    return out


def hypotheses_markdown(hyps: Sequence[Hypothesis], hg: HetGraph, cfg: Config,
                        checks: Sequence[ProposalCheck] = (),
                        cns: Sequence[Hypothesis] = (), n_total: int | None = None,
                        triples: Sequence[Hypothesis] = (), n_perm: int | None = None) -> str:
    """The report: how scores are made, the top hypotheses with every path and reference,
    the best CNS-covering ones, and the review's proposals.

    Args:
        hyps: the hypotheses to explain in full.
        hg: the graph (labels).
        cfg: the configuration (weights, damping).
        checks: checks of the review's proposals.
        cns: best combinations covering the CNS.
        n_total: number of combinations ranked (default: ``len(hyps)``).
        triples: best triples (a short table).
        n_perm: permutations behind the p-values (default: the configuration's).
    """
    unit = "triples" if hyps and len(hyps[0].agents) == 3 else "pairs"
    n_perm = cfg.permutations.n if n_perm is None else n_perm
    perm = (f"p-values compare each score with the same combination's score on {n_perm} "
            "degree-preserving edge-swap permutations of the graph" if n_perm else
            "no permutation p-values in this run")
    out = ["# Combination-therapy hypotheses for KMT2A-rearranged infant ALL", "",
           "Generated from the knowledge graph by `kmt2a-kg hypotheses` (machine-made "
           "hypotheses, not curated facts: each one lists the curated assertions it rests on).",
           "",
           f"Score = sum over terms of weight x value / scale (scale: the largest value of the "
           f"term over all {n_total or len(hyps)} {unit}). Path counts are degree-weighted "
           f"(DWPC, damping {cfg.damping:g}); {perm}. Weights and metapaths: "
           "`kg/hypotheses/config.yaml`. How well the score recovers documented combinations "
           "it is not told about: `hypotheses_validation.md`.", ""]
    out += _weights_table(cfg) + ["", f"## Top {unit}", ""]
    for h in hyps:
        out += _hypothesis_md(h, hg, cfg.explain_max_paths)
    if cns:
        out += ["## Top pairs that cover the CNS (`--require-cns`)", "",
                "| rank | pair | score | p | CNS |", "|---:|---|---:|---:|---|"]
        for h in cns:
            out.append(f"| {h.rank} | {_md_labels(h)} | {_num(h.score, 3)} | {_p(h)} | "
                       f"{md_text(h.term('cns_coverage').summary)} |")
        out.append("")
    if triples:
        out += ["## Top triples (`--size 3`)", "",
                "Terms as for pairs (pairwise terms averaged or summed over the three pairs); "
                "run `kmt2a-kg hypotheses --size 3` for paths and p-values.", "",
                "| rank | triple | score | main terms |", "|---:|---|---:|---|"]
        for h in triples:
            main = sorted((t for t in h.terms if abs(t.contribution) > 1e-9),
                          key=lambda t: -abs(t.contribution))[:4]
            out.append(f"| {h.rank} | {_md_labels(h)} | {_num(h.score, 3)} | "
                       + ", ".join(f"{t.name} {t.contribution:+.2f}" for t in main) + " |")
        out.append("")
    if checks:
        out += _proposals_md(checks)
    return "\n".join(out).rstrip() + "\n"


def hypotheses_text(hyps: Sequence[Hypothesis], hg: HetGraph, paths: bool = True,
                    per_source: int = 6) -> str:
    """Plain text for the terminal (the heaviest ``per_source`` paths per agent and term)."""
    out = []
    for h in hyps:
        p = f"  p={_p(h)}" if h.p_value is not None else ""
        out.append(f"{h.rank:>4}. {' + '.join(h.labels)}  score={_num(h.score, 3)}{p}")
        for t in h.terms:
            if abs(t.contribution) < 1e-12 and not t.paths:
                continue
            out.append(f"      {t.name:<20} {t.contribution:+.3f}  {t.summary}")
            if paths:
                shown = _shown(t.paths, per_source)
                for pa in shown:
                    out.append(f"          {path_text(pa, hg)}")
                if len(shown) < len(t.paths):
                    out.append(f"          ... {len(t.paths) - len(shown)} more path(s) "
                               "(--format json lists all)")
    return "\n".join(out) + "\n"


def _path_json(p: Path) -> dict:
    return {
        "metapath": p.metapath, "nodes": list(p.nodes), "weight": round(p.weight, 12),
        "edges": [{"source": h.source, "target": h.target, "direction": h.step.direction,
                   "assertions": [{"id": e.key, "predicate": e.predicate, "refs": list(e.refs),
                                   "evidence": e.evidence, "claim": e.claim,
                                   "section": e.section} for e in h.edges]}
                  for h in p.hops],
    }


def hypotheses_json(hyps: Sequence[Hypothesis]) -> str:
    """JSON: every hypothesis with its terms and paths (keys sorted)."""
    doc = [{"rank": h.rank, "agents": list(h.agents), "labels": list(h.labels),
            "score": round(h.score, 12), "p_value": h.p_value,
            "terms": [{"name": t.name, "value": round(t.value, 12), "scale": round(t.scale, 12),
                       "weight": t.weight, "contribution": round(t.contribution, 12),
                       "summary": t.summary, "paths": [_path_json(p) for p in t.paths]}
                      for t in h.terms]} for h in hyps]
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


#: Vocabulary the hypotheses graph uses: declared (with labels and definitions) in
#: ``ontology/kmt2a-kg.ttl``, section "generated hypotheses"; a test checks each is there.
HYPOTHESIS_TERMS: tuple[str, ...] = (
    "HypothesisRun", "GeneratedHypothesis", "CombinationHypothesis", "ScoreTerm", "agent",
    "has_term", "score", "rank", "p_value", "term_name", "raw_value", "weight", "contribution",
    "configuration_sha256",
)


def _dec(x: float, digits: int = 6) -> Literal:
    return Literal(Decimal(f"{x:.{digits}f}").normalize() if x else Decimal(0),
                   datatype=XSD.decimal)


def run_id(hg: HetGraph, cfg: Config) -> str:
    """A stable id of a run: digest of the configuration and of the graph's edges."""
    h = hashlib.sha256(cfg.model_dump_json().encode())
    for nid in sorted(hg.nodes):
        nd = hg.nodes[nid]
        attrs = sorted((k, str(v)) for k, v in nd.attrs.items())
        h.update(f"{nid}\t{nd.category}\t{nd.label}\t{attrs}\n".encode())
    for e in hg.edges:
        h.update(f"{e.key}\t{e.source}\t{e.predicate}\t{e.target}\n".encode())
    return h.hexdigest()[:16]


def hypotheses_turtle(hyps: Sequence[Hypothesis], hg: HetGraph, cfg: Config) -> bytes:
    """The hypotheses as their own RDF graph: each a ``kgo:CombinationHypothesis`` generated by
    a ``kgo:HypothesisRun`` (``prov:wasGeneratedBy``) and derived from the assertion nodes its
    explanation uses (``prov:wasDerivedFrom kg:assertion/...``). Never merged into kg.ttl."""
    g = bind_prefixes(Graph())
    g.bind("hyp", HYP)
    rid = run_id(hg, cfg)
    run = RUN[rid]
    g.add((run, RDF.type, KGO.HypothesisRun))
    g.add((run, RDF.type, PROV.Activity))
    g.add((run, RDFS.label, Literal(f"kmt2a-kg hypotheses run {rid}")))
    g.add((run, KGO.configuration_sha256,
           Literal(hashlib.sha256(cfg.model_dump_json().encode()).hexdigest())))
    g.add((run, PROV.used, KG["review"]))
    g.add((run, DCTERMS.description, Literal(
        f"Pairs ranked by DWPC-based terms (damping {cfg.damping:g}); p-values from "
        f"{cfg.permutations.n} degree-preserving permutations (seed {cfg.permutations.seed}).")))
    for h in hyps:
        node = HYP["--".join(h.agents)]
        g.add((node, RDF.type, KGO.CombinationHypothesis))
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, RDFS.label, Literal(" + ".join(h.labels))))
        g.add((node, PROV.wasGeneratedBy, run))
        g.add((node, KGO.rank, Literal(h.rank, datatype=XSD.integer)))
        g.add((node, KGO.score, _dec(h.score)))
        if h.p_value is not None:
            g.add((node, KGO.p_value, _dec(h.p_value)))
        for a in h.agents:
            g.add((node, KGO.agent, KG[a]))
        for key in h.assertion_keys():
            g.add((node, PROV.wasDerivedFrom, assertion_iri(key)))
        for t in h.terms:
            tn = HYP[f"{'--'.join(h.agents)}/{t.name}"]
            g.add((node, KGO.has_term, tn))
            g.add((tn, RDF.type, KGO.ScoreTerm))
            g.add((tn, KGO.term_name, Literal(t.name)))
            g.add((tn, KGO.raw_value, _dec(t.value)))
            g.add((tn, KGO.weight, _dec(t.weight)))
            g.add((tn, KGO.contribution, _dec(t.contribution)))
            g.add((tn, RDFS.comment, Literal(t.summary)))
            for key in sorted({e.key for p in t.paths for hop in p.hops for e in hop.edges}):
                g.add((tn, PROV.wasDerivedFrom, assertion_iri(key)))
    return turtle_bytes(g)


def _terms_line(terms: dict[str, float]) -> str:
    items = sorted(terms.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    return ", ".join(f"{k} {v:+.2f}" for k, v in items) or "no term: no path to the disease"


def _ci(x: tuple[float, float]) -> str:
    return f"{x[0]:.3f}-{x[1]:.3f}"


def validation_markdown(v: Validation, hg: HetGraph) -> str:
    """The leave-one-out report: metrics with intervals against the baselines, and every
    held-out pair with what documents it and where it ranked."""
    ks = sorted(v.config.validation.hits_at)
    out = ["# Leave-one-out validation of the combination hypotheses", "",
           f"{len(v.held_out)} documented combinations (pairs of the {v.n_agents} candidate "
           f"agents that the direct-evidence term links), each ranked among all {v.n_pairs} "
           "pairs after removing what documents it (the edges of predicates "
           f"{', '.join(v.config.validation.evidence_predicates)} on its synergy paths, and every "
           "edge supported only by the same references) and dropping the direct-evidence term.",
           "",
           "Ties: ranks are expected values under a random order of tied pairs (reciprocal "
           "rank averaged over the tie block; hits@k = share of the block within k); the "
           "pessimistic rank (all ties first) is listed too. Intervals (95%): Wilson score for "
           "hits@k, percentile bootstrap over positives "
           f"({v.config.validation.bootstrap} resamples, seed {v.config.validation.seed}) for "
           "MRR. p: Monte Carlo probability that uniformly random ranks reach the MRR.", "",
           "## Summary", ""]
    for group, members in v.groups().items():
        if not members:
            out.append(f"- {group}: no positives.")
            continue
        m = v.metrics_for(members)
        mm, mt, mr = m["model"].mrr, m["target_degree"].mrr, m["random"].mrr
        verdict = ("above both baselines" if mm > mt and mm > mr else
                   "above random only" if mm > mr else "not above random")
        out.append(f"- {group} ({len(members)}): MRR {mm:.3f} vs target degree {mt:.3f} vs "
                   f"random {mr:.3f}, {verdict}; hits@10 {m['model'].hits.get(10, 0):.2f}.")
    out += ["", "Where the model fails, the last column of the table at the end shows what it "
            "still sees of the held-out pair: a pair with no mechanistic path to the disease "
            "(most classical cytotoxics in this graph) is ranked by CNS activity, toxicity "
            "and trial maturity alone.", ""]
    for group, members in v.groups().items():
        out += [f"## {group} ({len(members)} positives)", "",
                "| method | MRR (95% CI) | " + " | ".join(f"hits@{k} (95% CI)" for k in ks)
                + " | p vs random |", "|---|---|" + "---|" * len(ks) + "---|"]
        for method, met in v.metrics_for(members).items():
            hits = " | ".join(f"{met.hits[k]:.3f} ({_ci(met.hits_ci[k])})" for k in ks)
            pv = "" if met.p_vs_random is None else f"{met.p_vs_random:.4f}"
            out.append(f"| {method} | {met.mrr:.3f} ({_ci(met.mrr_ci)}) | {hits} | {pv} |")
        out.append("")
        if members:
            for base in ("target_degree", "random"):
                d, ci = paired_difference(members, "model", base, v.config)
                out.append(f"- MRR, model minus {base}: {d:+.3f} (paired bootstrap 95% CI "
                           f"{ci[0]:+.3f} to {ci[1]:+.3f})")
            out.append("")
    out += ["## Held-out pairs", "",
            "| pair | kind | documented by | edges removed | model rank (expected; pessimistic) "
            "| target-degree rank | random rank | what the model sees without it |",
            "|---|---|---|---:|---|---|---|---|"]
    for h in v.held_out:
        ev = "; ".join(f"`{e.key}` ({_refs(e.refs)})" for e in h.evidence)
        out.append(
            f"| {md_text(hg.label(h.agents[0]))} + {md_text(hg.label(h.agents[1]))} | "
            f"{h.kind} | {ev} | "
            f"{len(h.removed)} | {h.expected_rank():g}; {h.pessimistic_rank()} | "
            f"{h.expected_rank('target_degree'):g} | {h.expected_rank('random'):g} | "
            f"{_terms_line(h.terms)} |")
    return "\n".join(out).rstrip() + "\n"
