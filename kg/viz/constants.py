"""Paths, styles and limits of the HTML explorer, in one place.

Styles are presentation, not facts: a class or evidence type missing here still renders, with a
colour derived from its key (see :func:`kg.viz.style.class_style`).
"""

from __future__ import annotations

from pathlib import Path

import pyvis

__all__ = [
    "ASSET_DIR",
    "TEMPLATE_FILE",
    "APP_JS_FILE",
    "APP_CSS_FILE",
    "VIS_JS_FILE",
    "VIS_CSS_FILE",
    "HTML_EXPORT_NAME",
    "CLASS_COLOURS",
    "GROUP_SHAPES",
    "EVIDENCE_GROUPS",
    "EVIDENCE_GROUP_COLOURS",
    "NEGATED_PREDICATES",
    "EDGE_LENGTH",
    "NODE_GAP",
    "LAYOUT_SEED",
    "PHYSICS_MAX_NODES",
    "EDGE_LABEL_MAX_EDGES",
    "DIM_MAX_NODES",
    "REGISTRY_URL",
    "DOI_URL",
    "PUBMED_URL",
    "TRIAL_TABLE",
    "TRIAL_MEASURES",
    "CHROMIUM",
    "CHROMIUM_ARGS",
]

#: Our own page template, script and style (inlined into every page).
ASSET_DIR = Path(__file__).resolve().parent / "assets"
TEMPLATE_FILE = ASSET_DIR / "template.html"
APP_JS_FILE = ASSET_DIR / "app.js"
APP_CSS_FILE = ASSET_DIR / "app.css"

#: vis-network as shipped inside the pyvis package (inlined, never fetched from a CDN).
_PYVIS_LIB = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
VIS_JS_FILE = _PYVIS_LIB / "vis-network.min.js"
VIS_CSS_FILE = _PYVIS_LIB / "vis-network.css"

#: Name of the page that ``kmt2a-kg build`` writes into exports/.
HTML_EXPORT_NAME = "kg.html"

#: Fill colour per ontology class key (kgo:yamlKey).
CLASS_COLOURS: dict[str, str] = {
    "Gene": "#4e79a7",
    "GeneFamily": "#7fa6d1",
    "FusionGene": "#1d3f6e",
    "ProteinDomain": "#a9cbe8",
    "ProteinComplex": "#2b8cbe",
    "SequenceVariant": "#5aa9d6",
    "SmallMolecule": "#e15759",
    "Biologic": "#ff9d9a",
    "CellTherapy": "#b03a48",
    "DrugClass": "#f28e2b",
    "Regimen": "#ffbe7d",
    "TherapeuticApproach": "#d37295",
    "Disease": "#59a14f",
    "ClinicalPhenomenon": "#edc948",
    "LineageSwitch": "#b07aa1",
    "ResistanceMechanism": "#9c755f",
    "BiologicalProcess": "#76b7b2",
    "CellPopulation": "#8cd17d",
    "Immunophenotype": "#bab0ac",
    "AnatomicalSite": "#86bcb6",
    "ClinicalTrial": "#3d7f7a",
    "StudyGroup": "#79706e",
    "AgeGroup": "#d4a6c8",
    "PreclinicalModel": "#c46aa0",
    "Publication": "#b8b8b8",
}

#: Shape per top-level class (the direct subclass of kgo:Entity a class descends from).
GROUP_SHAPES: dict[str, str] = {
    "GeneticEntity": "dot",
    "Intervention": "diamond",
    "Disease": "triangle",
    "ClinicalPhenomenon": "star",
    "ResistanceMechanism": "triangleDown",
    "BiologicalProcess": "hexagon",
    "CellPopulation": "dot",
    "Immunophenotype": "hexagon",
    "AnatomicalSite": "square",
    "ClinicalTrial": "square",
    "StudyGroup": "square",
    "AgeGroup": "triangleDown",
    "PreclinicalModel": "star",
    "Publication": "square",
}

#: Evidence types (kgo:yamlKey) grouped for the edge colour.
EVIDENCE_GROUPS: dict[str, str] = {
    "clinical_trial_phase_1": "clinical",
    "clinical_trial_phase_2": "clinical",
    "clinical_trial_phase_3": "clinical",
    "clinical_trial_registration": "clinical",
    "clinical_observational": "clinical",
    "pharmacokinetic_study": "clinical",
    "pdx_model": "preclinical",
    "in_vivo_model": "preclinical",
    "in_vitro": "preclinical",
    "crispr_screen": "preclinical",
    "structural_study": "preclinical",
    "single_cell_study": "preclinical",
    "genomic_study": "preclinical",
    "review_statement": "review",
    "external_record": "external",
}
EVIDENCE_GROUP_COLOURS: dict[str, str] = {
    "clinical": "#2f8f46",
    "preclinical": "#7b4fb0",
    "review": "#8a8a8a",
    "external": "#a0662b",
}

#: Predicates that state an absence: drawn dashed.
NEGATED_PREDICATES = frozenset({"not_active_in_compartment"})

#: Median edge length of the precomputed layout, in page pixels.
EDGE_LENGTH = 170.0
#: Least median distance between a node and its nearest neighbour, in page pixels.
NODE_GAP = 70.0
#: Seed of every random choice in the layout.
LAYOUT_SEED = 20250411
#: Above this many nodes the page does not run physics at all (``physics="auto"``).
PHYSICS_MAX_NODES = 1000
#: Up to this many nodes, selecting one dims everything outside its neighbourhood.
DIM_MAX_NODES = 1500
#: Above this many edges, edge labels are not drawn (hover and details still name the
#: predicate) and edges are hidden while dragging or zooming.
EDGE_LABEL_MAX_EDGES = 2000

#: Link targets for identifiers and references.
REGISTRY_URL = "https://bioregistry.io/"
DOI_URL = "https://doi.org/"
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/"

#: The trials chart shows these measures from this table of the review.
TRIAL_TABLE = "Table 1"
TRIAL_MEASURES = ("EFS", "OS")

#: Headless Chromium for the browser tests and the benchmark (Debian's package).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
