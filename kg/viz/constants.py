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
    "TOL_MUTED",
    "CLASS_STYLES",
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

#: Paul Tol's "muted" qualitative scheme (SRON technical note "Colour schemes", 2021): nine
#: colours that stay distinct for the common colour-vision deficiencies, plus pale grey.
TOL_MUTED = {
    "indigo": "#332288", "cyan": "#88ccee", "teal": "#44aa99", "green": "#117733",
    "olive": "#999933", "sand": "#ddcc77", "rose": "#cc6677", "wine": "#882255",
    "purple": "#aa4499", "grey": "#bbbbbb",
}

#: Colour and vis-network shape per ontology class key (kgo:yamlKey). Every class has its own
#: (colour, shape) pair: the shape follows the top-level class (a diamond is an intervention),
#: the colour tells the classes of one shape apart (tested).
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Gene": (TOL_MUTED["indigo"], "dot"),
    "GeneFamily": (TOL_MUTED["cyan"], "dot"),
    "FusionGene": (TOL_MUTED["wine"], "dot"),
    "ProteinDomain": (TOL_MUTED["sand"], "dot"),
    "ProteinComplex": (TOL_MUTED["teal"], "dot"),
    "SequenceVariant": (TOL_MUTED["olive"], "dot"),
    "SmallMolecule": (TOL_MUTED["rose"], "diamond"),
    "Biologic": (TOL_MUTED["cyan"], "diamond"),
    "CellTherapy": (TOL_MUTED["purple"], "diamond"),
    "DrugClass": (TOL_MUTED["sand"], "diamond"),
    "Regimen": (TOL_MUTED["olive"], "diamond"),
    "TherapeuticApproach": (TOL_MUTED["green"], "diamond"),
    "Disease": (TOL_MUTED["green"], "triangle"),
    "ClinicalPhenomenon": (TOL_MUTED["sand"], "star"),
    "LineageSwitch": (TOL_MUTED["purple"], "star"),
    "ResistanceMechanism": (TOL_MUTED["wine"], "triangleDown"),
    "BiologicalProcess": (TOL_MUTED["teal"], "hexagon"),
    "CellPopulation": (TOL_MUTED["cyan"], "triangle"),
    "Immunophenotype": (TOL_MUTED["purple"], "hexagon"),
    "AnatomicalSite": (TOL_MUTED["olive"], "square"),
    "ClinicalTrial": (TOL_MUTED["indigo"], "square"),
    "StudyGroup": (TOL_MUTED["grey"], "square"),
    "AgeGroup": (TOL_MUTED["sand"], "triangleDown"),
    "PatientGroup": (TOL_MUTED["rose"], "triangleDown"),
    "TrialProtocol": (TOL_MUTED["teal"], "square"),
    "PreclinicalModel": (TOL_MUTED["cyan"], "star"),
    "Publication": (TOL_MUTED["rose"], "square"),
}
#: Fill colour per class key (from :data:`CLASS_STYLES`).
CLASS_COLOURS: dict[str, str] = {k: v[0] for k, v in CLASS_STYLES.items()}

#: Shape of classes missing from :data:`CLASS_STYLES`, per top-level class.
GROUP_SHAPES: dict[str, str] = {
    "GeneticEntity": "dot",
    "Intervention": "diamond",
    "Disease": "triangle",
    "ClinicalPhenomenon": "star",
    "ResistanceMechanism": "triangleDown",
    "BiologicalProcess": "hexagon",
    "CellPopulation": "triangle",
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
#: Okabe & Ito's colour-blind-safe palette (2008): bluish green, reddish purple, grey, orange.
EVIDENCE_GROUP_COLOURS: dict[str, str] = {
    "clinical": "#009e73",
    "preclinical": "#cc79a7",
    "review": "#8a8a8a",
    "external": "#e69f00",
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
