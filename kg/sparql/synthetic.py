"""A seeded synthetic background graph in the project's schema, for the SPARQL benchmark.

It imitates what users merge into the curated graph: many more genes, complexes, drug
classes, drugs, trials and outcome measurements, every curated edge with its assertion node
(references, evidence type, claim), some drugs acting on curated targets (``kg:MEN1``, ...)
and some trials testing curated drugs, plus long ``depends_on`` chains that stress property
paths. Output is N-Triples text, byte-identical for a given size and seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from ..constants import KG, KGO

__all__ = ["synthetic_ntriples", "CURATED_TARGETS", "CURATED_DRUGS"]

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDF_S = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
RDF_P = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>"
RDF_O = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Curated entities the background links to, so that catalogue queries traverse it.
CURATED_TARGETS = ("MEN1", "DOT1L", "BRD4", "BCL2", "CD19", "FLT3")
CURATED_DRUGS = ("blinatumomab", "venetoclax", "revumenib", "ziftomenib", "bortezomib")
_EVIDENCE = ("review_statement", "in_vitro", "pdx_model", "clinical_trial_phase_2",
             "clinical_trial_phase_3", "clinical_observational")
_PHASES = ("I", "I/II", "II", "III")
_LINES = ("first line", "second line")


def _e(local: str) -> str:
    return f"<{KG}syn/{local}>"


def _kg(local: str) -> str:
    return f"<{KG}{local}>"


def _p(key: str) -> str:
    return f"<{KGO}{key}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _int(n: int) -> str:
    return f'"{n}"^^<{XSD}integer>'


def _dec(x: float) -> str:
    return f'"{x:.1f}"^^<{XSD}decimal>'


class _Writer:
    def __init__(self, rng: random.Random, n_refs: int) -> None:
        self.rng = rng
        self.n_refs = n_refs
        self.lines: list[str] = []
        self.n_assertions = 0

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .")

    def edge(self, s: str, key: str, o: str) -> None:
        """A curated edge: the triple and its assertion node with provenance."""
        self.t(s, _p(key), o)
        self.n_assertions += 1
        a = _e(f"assertion/{self.n_assertions}")
        self.t(a, RDF_TYPE, _p("Assertion"))
        self.t(a, RDF_S, s)
        self.t(a, RDF_P, _p(key))
        self.t(a, RDF_O, o)
        for r in self.rng.sample(range(self.n_refs), k=self.rng.randint(1, 2)):
            self.t(a, _p("cites"), _e(f"ref/{r}"))
        self.t(a, _p("evidence_type"), _p(self.rng.choice(_EVIDENCE)))
        self.t(a, _p("claim"), _lit(f"synthetic claim {self.n_assertions}"))
        self.t(a, _p("section"), _lit("synthetic"))


def _module(w: _Writer, m: int) -> None:
    """One block of background: a complex with genes, classes, drugs, trials, outcomes."""
    rng = w.rng
    complex_ = _e(f"complex/{m}")
    w.t(complex_, RDF_TYPE, _p("ProteinComplex"))
    w.t(complex_, LABEL, _lit(f"synthetic complex {m}"))
    genes = [_e(f"gene/{m}-{i}") for i in range(40)]
    for i, g in enumerate(genes):
        w.t(g, RDF_TYPE, _p("Gene"))
        w.t(g, LABEL, _lit(f"SYN{m}G{i}"))
        w.t(g, _p("synonym"), _lit(f"synthetic gene {m}-{i}"))
        if i < 8:
            w.edge(g, "member_of", complex_)
        if i > 0:  # a dependency chain through the module, continued from the previous one
            w.edge(genes[i - 1], "depends_on", g)
        if rng.random() < 0.3:
            w.edge(g, "binds", rng.choice(genes))
    if m > 0:
        w.edge(_e(f"gene/{m - 1}-39"), "depends_on", genes[0])
    classes = [_e(f"class/{m}-{i}") for i in range(3)]
    for i, c in enumerate(classes):
        w.t(c, RDF_TYPE, _p("DrugClass"))
        w.t(c, LABEL, _lit(f"synthetic class {m}-{i}"))
        w.t(c, _p("mechanism_of_action"), _lit("synthetic mechanism"))
        w.edge(c, "inhibits", rng.choice(genes[:8]))
    drugs = [_e(f"drug/{m}-{i}") for i in range(20)]
    for i, d in enumerate(drugs):
        w.t(d, RDF_TYPE, _p("SmallMolecule"))
        w.t(d, LABEL, _lit(f"syndrug-{m}-{i}"))
        w.edge(d, "in_drug_class", rng.choice(classes))
        for g in rng.sample(genes, k=rng.randint(1, 3)):
            w.edge(d, "inhibits", g)
        if rng.random() < 0.02:
            w.edge(d, "inhibits", _kg(rng.choice(CURATED_TARGETS)))
        if rng.random() < 0.05:
            w.edge(d, "synergises_with", rng.choice(drugs))
    for i in range(8):
        trial = _e(f"trial/{m}-{i}")
        w.t(trial, RDF_TYPE, _p("ClinicalTrial"))
        w.t(trial, LABEL, _lit(f"SYN-TRIAL-{m}-{i}"))
        w.t(trial, _p("phase"), _lit(rng.choice(_PHASES)))
        w.t(trial, _p("line_of_treatment"), _lit(rng.choice(_LINES)))
        w.t(trial, _p("start_year"), _int(rng.randint(1995, 2025)))
        w.t(trial, _p("enrolled"), _int(rng.randint(20, 500)))
        flag = "true" if rng.random() < 0.3 else "false"
        w.t(trial, _p("includes_kmt2a_wildtype"), f'"{flag}"^^<{XSD}boolean>')
        for d in rng.sample(drugs, k=rng.randint(1, 3)):
            w.edge(trial, "tests_intervention", d)
        if rng.random() < 0.05:
            w.edge(trial, "tests_intervention", _kg(rng.choice(CURATED_DRUGS)))
        w.edge(trial, "studies_condition", _kg("KMT2A-r-ALL"))
        for k, measure in enumerate(("EFS", "OS")):
            meas = _e(f"measurement/{m}-{i}-{k}")
            w.t(trial, _p("has_measurement"), meas)
            w.t(meas, RDF_TYPE, _p("Measurement"))
            w.t(meas, _p("measure"), _p(measure))
            w.t(meas, _p("value"), _dec(rng.uniform(20, 95)))
            w.t(meas, _p("unit"), _lit("percent"))
            w.t(meas, _p("time_horizon_years"), _dec(rng.choice((2, 3, 5))))
            w.t(meas, _p("evidence_type"), _p("clinical_trial_phase_3"))
            w.t(meas, _p("claim"), _lit("synthetic outcome"))
            w.t(meas, _p("cites"), _e(f"ref/{rng.randrange(w.n_refs)}"))


def _lines(n_triples: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    n_refs = max(100, n_triples // 500)
    w = _Writer(rng, n_refs)
    for r in range(n_refs):
        ref = _e(f"ref/{r}")
        w.t(ref, RDF_TYPE, _p("Publication"))
        w.t(ref, _p("reference_number"), _int(1000 + r))
        w.t(ref, LABEL, _lit(f"[{1000 + r}] Synthetic A {1990 + r % 35}"))
        w.t(ref, _p("doi"), _lit(f"10.9999/synthetic.{r}"))
    produced = 0
    m = 0
    while produced + len(w.lines) < n_triples:
        _module(w, m)
        m += 1
        if len(w.lines) > 50_000:
            produced += len(w.lines)
            yield from w.lines
            w.lines = []
    yield from w.lines


def synthetic_ntriples(n_triples: int = 1_000_000, seed: int = 42) -> bytes:
    """N-Triples of a background graph of about ``n_triples`` triples (never fewer).

    Args:
        n_triples: target size; the last block may overshoot by a few thousand.
        seed: seed of the private random generator (same seed, same bytes).

    Returns:
        UTF-8 N-Triples, one triple per line.
    """
    return ("\n".join(_lines(n_triples, seed)) + "\n").encode("utf-8")
