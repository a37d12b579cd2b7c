"""Render regimen edits and their validation as text, Markdown, TSV, JSON and RDF (a separate
graph with PROV links to every assertion used). Output is byte-stable."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV

from ..constants import KG, KGO
from ..exports import turtle_bytes
from ..graph import assertion_iri, bind_prefixes
from .constants import RUN
from .dwpc import Path
from .hetgraph import HetGraph
from .regimen_validate import METHODS, RegimenValidation, paired_difference
from .regimens import REGIMEN_TERMS, RegimenConfig, RegimenEdit, RegimenTerm
from .report import _dec, _num, _refs, path_text

__all__ = ["regimens_text", "regimens_markdown", "regimens_tsv", "regimens_json",
           "regimens_turtle", "regimens_validation_markdown", "regimen_run_id", "EDIT"]

#: IRIs of generated regimen edits.
EDIT = Namespace(str(KG) + "regimen-edit/")


def _shown(paths: Sequence[Path], n: int) -> list[Path]:
    seen: dict[str, int] = {}
    out = []
    for p in paths:
        seen[p.nodes[0]] = seen.get(p.nodes[0], 0) + 1
        if seen[p.nodes[0]] <= n:
            out.append(p)
    return out


def _sequence_text(e: RegimenEdit, hg: HetGraph) -> str:
    return " -> ".join(f"{ph.name} [{', '.join(hg.label(a) for a in ph.agents) or '-'}]"
                       for ph in e.sequence)


def _refs_of(e: RegimenEdit) -> list[int]:
    return sorted({r for t in e.terms for p in t.paths for h in p.hops for x in h.edges
                   for r in x.refs})


def regimens_text(edits: Sequence[RegimenEdit], hg: HetGraph, paths: bool = True,
                  per_source: int = 4) -> str:
    """Plain text for the terminal: each edit, its resulting sequence, terms and paths."""
    out = []
    for e in edits:
        out.append(f"{e.rank:>5}. {e.label}  score={_num(e.score, 3)}")
        out.append(f"       sequence: {_sequence_text(e, hg)}")
        refs = _refs_of(e)
        out.append(f"       references: {', '.join(map(str, refs)) or 'none (uncited statements)'}")
        for t in e.terms:
            if abs(t.contribution) < 1e-12 and not t.paths:
                continue
            out.append(f"       {t.name:<22} {t.contribution:+.3f}  ({_num(t.backbone_value, 3)}"
                       f" -> {_num(t.value, 3)})  {t.summary}")
            if paths:
                shown = _shown(t.paths, per_source)
                out += [f"           {path_text(p, hg)}" for p in shown]
                if len(shown) < len(t.paths):
                    out.append(f"           ... {len(t.paths) - len(shown)} more path(s) "
                               "(--format json lists all)")
    return "\n".join(out) + "\n"


def regimens_tsv(edits: Sequence[RegimenEdit]) -> str:
    """One row per edit: rank, id, kinds, label, score, each term's value and contribution,
    the assertions and references used."""
    head = ["rank", "edit", "kinds", "label", "score"]
    head += [f"{t}_value" for t in REGIMEN_TERMS] + [f"{t}_contribution" for t in REGIMEN_TERMS]
    head += ["assertions", "references"]
    lines = ["\t".join(head)]
    for e in edits:
        tm = {t.name: t for t in e.terms}
        row = [str(e.rank), e.id, "+".join(e.kinds), e.label, _num(e.score)]
        row += [_num(tm[t].value) if t in tm else "" for t in REGIMEN_TERMS]
        row += [_num(tm[t].contribution) if t in tm else "" for t in REGIMEN_TERMS]
        row += [";".join(e.assertion_keys()), ";".join(map(str, _refs_of(e)))]
        lines.append("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row))
    return "\n".join(lines) + "\n"


def _path_json(p: Path) -> dict:
    return {"metapath": p.metapath, "nodes": list(p.nodes), "weight": round(p.weight, 12),
            "edges": [{"source": h.source, "target": h.target, "direction": h.step.direction,
                       "assertions": [{"id": x.key, "predicate": x.predicate,
                                       "refs": list(x.refs), "evidence": x.evidence,
                                       "claim": x.claim, "section": x.section}
                                      for x in h.edges]} for h in p.hops]}


def _term_json(t: RegimenTerm) -> dict:
    return {"name": t.name, "value": round(t.value, 12), "backbone_value": round(
        t.backbone_value, 12), "scale": round(t.scale, 12), "weight": t.weight,
        "contribution": round(t.contribution, 12), "summary": t.summary,
        "paths": [_path_json(p) for p in t.paths]}


def regimens_json(edits: Sequence[RegimenEdit]) -> str:
    """JSON: every edit with its parts, sequence, terms and paths (keys sorted)."""
    doc = [{"rank": e.rank, "id": e.id, "label": e.label, "score": round(e.score, 12),
            "backbone": list(e.backbone),
            "parts": [{"kind": p.kind, "agent": p.agent, "then": p.then or None,
                       "removes": p.removes or None, "phase": p.phase} for p in e.parts],
            "sequence": [{"name": ph.name, "agents": list(ph.agents),
                          "regimen": ph.regimen or None} for ph in e.sequence],
            "terms": [_term_json(t) for t in e.terms]} for e in edits]
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _weights_table(rcfg: RegimenConfig) -> list[str]:
    out = ["| term | weight | what it measures |", "|---|---:|---|"]
    out += [f"| {t} | {rcfg.weight(t):g} | {rcfg.terms[t].description.strip()} |"
            for t in REGIMEN_TERMS]
    return out


def _edit_md(e: RegimenEdit, hg: HetGraph, per_source: int) -> list[str]:
    out = [f"### {e.rank}. {e.label}", "",
           f"Score **{_num(e.score, 3)}**. Sequence after the edit: {_sequence_text(e, hg)}.",
           f"References used: {', '.join(map(str, _refs_of(e))) or 'none'}.", "",
           "| term | backbone | after | scaled change x weight | from the graph |",
           "|---|---:|---:|---:|---|"]
    for t in e.terms:
        out.append(f"| {t.name} | {_num(t.backbone_value, 3)} | {_num(t.value, 3)} | "
                   f"{_num(t.contribution, 3)} | {t.summary.replace('|', '/')} |")
    out.append("")
    for t in e.terms:
        if not t.paths:
            continue
        shown = _shown(t.paths, per_source)
        out.append(f"<details><summary>{t.name}: {len(t.paths)} path(s)</summary>")
        out.append("")
        out += [f"- {path_text(p, hg, markdown=True)}" for p in shown]
        if len(shown) < len(t.paths):
            out.append(f"- ... {len(t.paths) - len(shown)} more (all in `--format json`)")
        out += ["", "</details>", ""]
    return out


def regimens_markdown(edits: Sequence[RegimenEdit], hg: HetGraph, rcfg: RegimenConfig,
                      n_total: int | None = None) -> str:
    """The best edits explained term by term and path by path."""
    bb = " -> ".join(hg.label(r) for r in (edits[0].backbone if edits else ()))
    out = ["# Regimen edits for KMT2A-rearranged infant ALL", "",
           "Machine-generated hypotheses, not facts of the review: each edit of the backbone "
           f"({bb or 'none'}) is scored on the whole treatment sequence after it; the score is "
           "the sum over terms of weight x (value after - value of the backbone) / scale "
           f"(scale: the largest change of the term over all {n_total or len(edits)} "
           "candidate edits). Weights and metapaths: `kg/hypotheses/regimens.yaml`; how well "
           "the ranking recovers the trials the field chose: `regimens_validation.md`.", ""]
    out += _weights_table(rcfg) + ["", "## Top edits", ""]
    for e in edits:
        out += _edit_md(e, hg, rcfg.explain_max_paths)
    return "\n".join(out).rstrip() + "\n"


def regimen_run_id(hg: HetGraph, rcfg: RegimenConfig, backbone: Sequence[str]) -> str:
    """A stable id: digest of the configuration, the backbone and the graph's edges."""
    h = hashlib.sha256(rcfg.model_dump_json().encode())
    h.update(("|".join(backbone)).encode())
    for e in hg.edges:
        h.update(f"{e.key}\t{e.source}\t{e.predicate}\t{e.target}\n".encode())
    return h.hexdigest()[:16]


def regimens_turtle(edits: Sequence[RegimenEdit], hg: HetGraph, rcfg: RegimenConfig) -> bytes:
    """The edits as their own RDF graph: ``kgo:RegimenEdit`` nodes generated by a
    ``kgo:HypothesisRun``, with their parts, resulting sequence and terms, each
    ``prov:wasDerivedFrom`` the curated assertions it uses. Never merged into kg.ttl."""
    g = bind_prefixes(Graph())
    g.bind("edit", EDIT)
    backbone = list(edits[0].backbone) if edits else []
    rid = regimen_run_id(hg, rcfg, backbone)
    run = RUN[rid]
    g.add((run, RDF.type, KGO.HypothesisRun))
    g.add((run, RDFS.label, Literal(f"kmt2a-kg regimens run {rid}")))
    g.add((run, KGO.configuration_sha256,
           Literal(hashlib.sha256(rcfg.model_dump_json().encode()).hexdigest())))
    g.add((run, PROV.used, KG["review"]))
    g.add((run, DCTERMS.description, Literal(
        "Edits of the backbone " + " -> ".join(backbone) + " ranked by terms computed on the "
        "whole treatment sequence after each edit.")))
    kind_iri = {"add": KGO.edit_add, "replace": KGO.edit_replace,
                "add_phase": KGO.edit_add_phase, "sequence": KGO.edit_sequence}
    for e in edits:
        node = EDIT[e.id]
        g.add((node, RDF.type, KGO.RegimenEdit))
        g.add((node, RDFS.label, Literal(e.label)))
        g.add((node, PROV.wasGeneratedBy, run))
        g.add((node, KGO.rank, Literal(e.rank, datatype=XSD.integer)))
        g.add((node, KGO.score, _dec(e.score)))
        for r in e.backbone:
            g.add((node, KGO.backbone, KG[r]))
        for p in e.parts:
            g.add((node, KGO.edit_kind, kind_iri[p.kind]))
        for a in e.introduces():
            g.add((node, KGO.adds_agent, KG[a]))
        for a in e.removes():
            g.add((node, KGO.removes_agent, KG[a]))
        seq = EDIT[f"{e.id}/sequence"]
        g.add((node, KGO.resulting_sequence, seq))
        g.add((seq, RDF.type, KGO.TreatmentSequence))
        for i, ph in enumerate(e.sequence, start=1):
            pn = EDIT[f"{e.id}/sequence/{i}"]
            g.add((seq, KGO.has_phase, pn))
            g.add((pn, RDF.type, KGO.TreatmentPhase))
            g.add((pn, RDFS.label, Literal(ph.name)))
            g.add((pn, KGO.phase_position, Literal(i, datatype=XSD.integer)))
            for a in ph.agents:
                g.add((pn, KGO.phase_agent, KG[a]))
        for key in e.assertion_keys():
            g.add((node, PROV.wasDerivedFrom, assertion_iri(key)))
        for t in e.terms:
            tn = EDIT[f"{e.id}/{t.name}"]
            g.add((node, KGO.has_term, tn))
            g.add((tn, RDF.type, KGO.ScoreTerm))
            g.add((tn, KGO.term_name, Literal(t.name)))
            g.add((tn, KGO.raw_value, _dec(t.value)))
            g.add((tn, KGO.weight, _dec(t.weight)))
            g.add((tn, KGO.contribution, _dec(t.contribution)))
            g.add((tn, RDFS.comment, Literal(t.summary)))
            for key in sorted({x.key for p in t.paths for h in p.hops for x in h.edges}):
                g.add((tn, PROV.wasDerivedFrom, assertion_iri(key)))
    return turtle_bytes(g)


def _ci(x: tuple[float, float]) -> str:
    return f"{x[0]:.3f}-{x[1]:.3f}"


def _part_words(h, hg: HetGraph) -> str:  # type: ignore[no-untyped-def]
    return "; ".join(
        {"add": f"add {hg.label(p.agent)}", "replace": f"{hg.label(p.agent)} for "
         f"{hg.label(p.removes)}", "add_phase": f"then {hg.label(p.agent)}",
         "sequence": f"then {hg.label(p.agent)}, then {hg.label(p.then)}"}[p.kind]
        for p in h.parts)


def regimens_validation_markdown(v: RegimenValidation, hg: HetGraph) -> str:
    """The held-out report: what was removed, where each edit the field chose lands, metrics
    against the baselines with intervals, what the engine still sees where it fails, and the
    top edits that no trial of the graph tests."""
    rc = v.rcfg.validation
    ks = sorted(rc.hits_at)
    bb = " -> ".join(f"{ph.name} [{', '.join(hg.label(a) for a in ph.agents)}]"
                     for ph in v.backbone)
    out = ["# Regimen edits: held-out validation with Table 2 as the answer key", "",
           f"Backbone: {bb}. The current and planned trials of Table 2 "
           f"({', '.join(hg.label(t) for t in rc.holdout_trials)}) are held out with every edge "
           "that (a) touches one of them, (b) is located in "
           f"{', '.join(rc.holdout_tables) or 'no table'}, (c) is anchored in the text that "
           "reports them (anchor phrases in `kg/hypotheses/regimens.yaml`), or (d) is "
           f"supported only by references among theirs: **{len(v.removed)} edges** (listed at "
           "the end). On that graph the engine ranks "
           + " and ".join(f"all {n} {name}" for name, n in v.pools.items())
           + "; each edit the field chose is located in its pool (two-edit combinations "
           "among the two-edit combinations, the others among single edits and sequences).",
           "",
           "Ties: expected rank under a random order of tied edits (pessimistic rank also "
           "given). Baselines: random order; target degree (number of targets the introduced "
           "agents reach); newest trial first (latest start year of a held-out-graph trial "
           "testing an introduced agent). Intervals (95%): Wilson for hits@k, percentile "
           f"bootstrap over positives ({rc.bootstrap} resamples, seed {rc.seed}) for MRR; p: "
           "Monte Carlo probability that uniformly random ranks reach the MRR.", "",
           "## Where the field's edits land", "",
           "| edit | source | pool (size) | model rank (expected; pessimistic) | rank among "
           "edits of its kind | target degree | newest trial | random |",
           "|---|---|---|---|---|---|---|---|"]
    for h in v.held_out:
        out.append(
            f"| {h.label} | {h.source.replace('|', '/')} | {h.pool} ({h.n}) | "
            f"{h.expected_rank():g}; {h.pessimistic_rank()} | {h.kind_rank():g} of "
            f"{h.kind_total} | {h.expected_rank('target_degree'):g} | "
            f"{h.expected_rank('newest_trial'):g} | {h.expected_rank('random'):g} |")
    m = v.metrics
    out += ["", "## Metrics", "",
            "| method | MRR (95% CI) | " + " | ".join(f"hits@{k} (95% CI)" for k in ks)
            + " | p vs random |", "|---|---|" + "---|" * len(ks) + "---|"]
    for method in METHODS:
        met = m[method]
        hits = " | ".join(f"{met.hits[k]:.3f} ({_ci(met.hits_ci[k])})" for k in ks)
        pv = "" if met.p_vs_random is None else f"{met.p_vs_random:.4f}"
        out.append(f"| {method} | {met.mrr:.3f} ({_ci(met.mrr_ci)}) | {hits} | {pv} |")
    out.append("")
    for base in ("target_degree", "newest_trial", "random"):
        d, ci = paired_difference(v.held_out, "model", base, v.rcfg)
        out.append(f"- MRR, model minus {base}: {d:+.3f} (paired bootstrap 95% CI "
                   f"{ci[0]:+.3f} to {ci[1]:+.3f})")
    mm = m["model"].mrr
    verdict = ("above every baseline" if all(mm > m[b].mrr for b in METHODS[1:]) else
               "not above random" if mm <= m["random"].mrr else "above random only")
    out += ["", f"Reading: with Table 2 held out the model's MRR is {mm:.3f}, {verdict}. "
            "The column 'rank among edits of its kind' ranks each edit among the edits of the "
            "same kind only (adds among adds, sequences among sequences).", ""]
    for name, rows in v.pool_top.items():
        kinds: dict[str, int] = {}
        for _, k, _ in rows:
            kinds[k] = kinds.get(k, 0) + 1
        out += [f"What the held-out graph ranks first among the {name} (kinds of the top "
                f"{len(rows)}: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
                + "):", ""]
        out += [f"{i}. {label} ({score:.3f})" for i, (score, _, label) in
                enumerate(rows[:5], start=1)]
        out.append("")
    out += ["Why the field's edits rank low, in the graph's terms: (1) the components the "
            "review names without a mechanism or an adverse effect (L-asparaginase, "
            "vincristine, daunorubicin) cost nothing to drop but a little maturity and "
            "evidence, so replacing them by any agent with a target scores well; (2) a "
            "sequence brings in two agents and so twice their exposure and members hit, which "
            "the intensity term only partly offsets; (3) most of what the review says about "
            "venetoclax (its target BCL2 and its activity in patient samples) is in the text "
            "that reports AALL2321 and is held out; (4) blinatumomab's documented benefit "
            "(Blina pilot, Table 1) is kept, but the graph also records that it does not "
            "reach the CNS and that CD19-directed immunotherapies are followed by lineage "
            "switches, while the review's 'hardly any lineage switch with blinatumomab' is an "
            "untyped related_to statement the score cannot read; (5) the backbone already "
            "covers the CNS (dexamethasone, high-dose cytarabine), so CAR T cells after "
            "blinatumomab only restore the coverage blinatumomab removes.", "",
            "## What the engine still sees where it fails", "",
            "For every held-out edit: the terms that move its score, what each says, and the "
            "held-out edges that touched the agents it brings in.", ""]
    for h in v.held_out:
        terms = ", ".join(f"{k} {val:+.2f}" for k, val in sorted(
            h.terms.items(), key=lambda kv: (-abs(kv[1]), kv[0]))) or "no term moves"
        out += [f"### {h.label} (expected rank {h.expected_rank():g} of {h.n}; "
                f"{_part_words(h, hg)})", "", f"- terms: {terms}"]
        for t in REGIMEN_TERMS:
            if t in h.terms:
                out.append(f"- {t}: {h.summaries[t]}")
        out.append("- held out: " + (", ".join(f"`{k}`" for k in h.lost) or "nothing that "
                                      "touches its agents"))
        out.append("")
    out += ["## Top-ranked edits that no trial of the graph tests", "",
            "On the full graph, the best edits of the backbone (single and two-edit) whose "
            "introduced agents no one clinical trial of the graph tests together: the "
            "hypotheses a user came for.", ""]
    for e in v.untried:
        main = sorted((t for t in e.terms if abs(t.contribution) > 1e-9),
                      key=lambda t: (-abs(t.contribution), t.name))
        refs = sorted({r for t in e.terms for p in t.paths for hh in p.hops for x in hh.edges
                       for r in x.refs})
        out.append(f"- **{e.rank}. {e.label}** (score {_num(e.score, 3)}; references "
                   f"{', '.join(map(str, refs)) or 'none'}): "
                   + "; ".join(f"{t.name} {t.contribution:+.2f} ({t.summary})" for t in main))
    out += ["", "## Edges held out", "", "| assertion | predicate | refs | locator |",
            "|---|---|---|---|"]
    for x in v.removed:
        loc = x.table or x.section
        out.append(f"| `{x.key}` | {x.predicate} | {_refs(x.refs)} | {loc.replace('|', '/')} |")
    return "\n".join(out).rstrip() + "\n"
