/* kmt2a-kg explorer. Every text from the data goes through textContent or an SVG text node;
   no data ever reaches innerHTML, and links are set only to https:// URLs built at export. */
(function () {
  "use strict";
  var T = (window.__kgviz_timing = { start: performance.now(), firstDraw: null, settled: null });
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var DIM_NODE = { background: "#eeeeee", border: "#dddddd" };
  var DIM_EDGE = "#e4e4e4";

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function link(url, text) {
    if (typeof url !== "string" || url.indexOf("https://") !== 0) return el("span", null, text);
    var a = el("a", null, text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function swatch(colour, shape) {
    var s = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "class": "kg-swatch" });
    var p;
    if (shape === "diamond") p = svg("polygon", { points: "7,1 13,7 7,13 1,7" });
    else if (shape === "triangle") p = svg("polygon", { points: "7,1 13,13 1,13" });
    else if (shape === "triangleDown") p = svg("polygon", { points: "1,1 13,1 7,13" });
    else if (shape === "square") p = svg("rect", { x: 1.5, y: 1.5, width: 11, height: 11 });
    else if (shape === "star") p = svg("polygon", { points: "7,1 8.8,5.2 13,5.4 9.8,8.2 10.8,12.8 7,10.3 3.2,12.8 4.2,8.2 1,5.4 5.2,5.2" });
    else if (shape === "hexagon") p = svg("polygon", { points: "4,1.5 10,1.5 13,7 10,12.5 4,12.5 1,7" });
    else p = svg("circle", { cx: 7, cy: 7, r: 6 });
    p.setAttribute("fill", colour);
    p.setAttribute("stroke", "#555");
    p.setAttribute("stroke-width", "0.8");
    s.appendChild(p);
    return s;
  }

  /* ---------------------------------------------------------------- network */
  var nodes = new vis.DataSet(D.vis.nodes);
  var edges = new vis.DataSet(D.vis.edges);
  var baseNode = {}, baseEdge = {};
  D.vis.nodes.forEach(function (n) { baseNode[n.id] = n; });
  D.vis.edges.forEach(function (e) { baseEdge[e.id] = e; });
  var hiddenClasses = new Set(), hiddenEvidence = new Set();
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return !hiddenClasses.has(D.nodes[n.id].category); }
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      var x = D.edges[e.id];
      return !hiddenEvidence.has(x.evidence) && !hiddenClasses.has(D.nodes[x.from].category) &&
        !hiddenClasses.has(D.nodes[x.to].category);
    }
  });
  var physicsOn = D.meta.physics === "polish";
  var network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edgeView }, D.vis.options);
  network.once("afterDrawing", function () {
    T.firstDraw = performance.now();
    if (!physicsOn) T.settled = T.firstDraw;
  });
  if (physicsOn) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.storePositions();
      T.settled = performance.now();
    });
  }

  /* ---------------------------------------------------------------- highlight */
  var dimmed = false;
  function highlight(nodeIds, edgeIds) {
    /* large graphs: re-colouring every item costs seconds; vis's own selection highlight
       (selected node, its edges in bold) is kept instead */
    if (!D.meta.dim) return;
    var keepN = new Set(nodeIds), keepE = new Set(edgeIds);
    var nu = [], eu = [];
    nodeView.getIds().forEach(function (id) {
      nu.push(keepN.has(id) ? { id: id, color: baseNode[id].color, font: { color: "#222222" } }
        : { id: id, color: DIM_NODE, font: { color: "#cfcfcf" } });
    });
    edgeView.getIds().forEach(function (id) {
      eu.push(keepE.has(id) ? { id: id, color: baseEdge[id].color, font: { color: "#555555" } }
        : { id: id, color: { color: DIM_EDGE, highlight: "#111111", hover: "#111111" }, font: { color: "#dddddd" } });
    });
    nodes.update(nu);
    edges.update(eu);
    dimmed = true;
  }
  function unhighlight() {
    if (!dimmed) return;
    nodes.update(D.vis.nodes.map(function (n) { return { id: n.id, color: n.color, font: { color: "#222222" } }; }));
    edges.update(D.vis.edges.map(function (e) { return { id: e.id, color: e.color, font: { color: "#555555" } }; }));
    dimmed = false;
  }
  function neighbourhood(id) {
    var es = network.getConnectedEdges(id);
    var ns = network.getConnectedNodes(id).concat([id]);
    return { nodes: ns, edges: es };
  }

  /* ---------------------------------------------------------------- details */
  var details = $("kg-details");
  var selected = { type: null, id: null };

  function classBadge(key) {
    var c = D.classes[key] || { label: key, colour: "#999", shape: "dot" };
    var span = el("span", "kg-class");
    span.appendChild(swatch(c.colour, c.shape));
    span.appendChild(el("span", null, c.label));
    return span;
  }
  function nodeButton(id) {
    var n = D.nodes[id];
    var b = el("button", "kg-link", n ? n.label : id);
    b.type = "button";
    b.addEventListener("click", function () { selectNode(id, { focus: true }); });
    return b;
  }
  function refItem(num) {
    var r = D.references[String(num)];
    var li = el("li", "kg-ref");
    li.setAttribute("data-ref", String(num));
    if (!r) { li.textContent = "[" + num + "]"; return li; }
    li.appendChild(el("span", null, r.label));
    if (r.title) { li.appendChild(document.createTextNode(". ")); li.appendChild(el("i", null, r.title)); }
    if (r.doi_url) { li.appendChild(document.createTextNode(" ")); li.appendChild(link(r.doi_url, "doi:" + r.doi)); }
    if (r.pmid_url) { li.appendChild(document.createTextNode(" ")); li.appendChild(link(r.pmid_url, "PMID:" + r.pmid)); }
    return li;
  }
  function refList(nums) {
    var ul = el("ul", "kg-refs");
    nums.forEach(function (n) { ul.appendChild(refItem(n)); });
    if (!nums.length) ul.appendChild(el("li", "kg-note", "stated by the review without a citation"));
    return ul;
  }
  function dl(rows) {
    var d = el("dl");
    rows.forEach(function (r) {
      if (r[1] === "" || r[1] === null || r[1] === undefined) return;
      d.appendChild(el("dt", null, r[0]));
      var dd = el("dd");
      if (r[1] instanceof Node) dd.appendChild(r[1]); else dd.textContent = String(r[1]);
      d.appendChild(dd);
    });
    return d;
  }
  function locator(p) {
    var span = el("span");
    var bits = [];
    if (p.section) bits.push("section \u201c" + p.section + "\u201d");
    if (p.table) bits.push(p.table);
    if (p.figure) bits.push(p.figure);
    span.appendChild(document.createTextNode(bits.join(", ")));
    if (p.anchor) {
      span.appendChild(document.createTextNode(bits.length ? "; at " : "at "));
      span.appendChild(el("span", "kg-anchor", "\u201c" + p.anchor + "\u201d"));
    }
    span.appendChild(document.createTextNode(" in "));
    span.appendChild(link(D.review.doi_url, D.review.label || "the review"));
    return span;
  }
  function evBadge(key, label) {
    var b = el("span", "kg-ev", label || key);
    b.style.background = (D.evidence[key] || { colour: "#888" }).colour;
    return b;
  }
  function provenance(p, into) {
    if (p.claim) into.appendChild(el("p", "kg-claim", p.claim));
    into.appendChild(dl([
      ["evidence", p.evidence ? evBadge(p.evidence, p.evidence_label) : ""],
      ["locator", locator(p)],
      ["curation file", p.file || ""]
    ]));
    if (p.conflicts && p.conflicts.length) {
      into.appendChild(el("h3", null, "Disputed"));
      var ul = el("ul");
      p.conflicts.forEach(function (c) { ul.appendChild(el("li", "kg-conflict", c)); });
      into.appendChild(ul);
    }
    into.appendChild(el("h3", null, "References"));
    into.appendChild(refList(p.refs || []));
  }

  function showNode(id) {
    var n = D.nodes[id];
    clear(details);
    details.setAttribute("data-kind", "node");
    details.setAttribute("data-id", id);
    details.appendChild(el("h2", "kg-head", n.label));
    var ids = el("span");
    n.identifiers.forEach(function (x, i) {
      if (i) ids.appendChild(document.createTextNode(", "));
      ids.appendChild(link(x.url, x.curie));
    });
    details.appendChild(dl([
      ["class", classBadge(n.category)],
      ["id", n.id],
      ["identifiers", n.identifiers.length ? ids : "none verified"],
      ["synonyms", n.synonyms.join("; ")],
      ["description", n.description],
      ["curation file", n.file]
    ]));
    if (n.attributes.length) {
      details.appendChild(el("h3", null, "Attributes"));
      details.appendChild(dl(n.attributes.map(function (a) {
        var v = el("span", null, String(a.value));
        if (a.refs && a.refs.length) v.appendChild(el("span", "kg-note", " [" + a.refs.join(", ") + "]"));
        return [a.label, v];
      })));
    }
    var out = [], inc = [];
    Object.keys(D.edges).forEach(function (k) {
      var e = D.edges[k];
      if (e.from === id) out.push(e); else if (e.to === id) inc.push(e);
    });
    if (out.length || inc.length) {
      details.appendChild(el("h3", null, "Statements (" + (out.length + inc.length) + ")"));
      var ul = el("ul", "kg-statements");
      out.concat(inc).forEach(function (e) {
        var li = el("li");
        var b = el("button", "kg-link", (e.from === id ? "\u2192 " : "\u2190 ") + e.predicate_label);
        b.type = "button";
        b.addEventListener("click", function () { selectEdge(e.id); });
        li.appendChild(b);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(nodeButton(e.from === id ? e.to : e.from));
        li.appendChild(el("span", "kg-note", " (" + e.evidence_label + (e.refs.length ? "; ref. " + e.refs.join(", ") : "") + ")"));
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    var outs = D.measurements.filter(function (o) { return o.of === id || o.about.indexOf(id) >= 0; });
    if (outs.length) {
      details.appendChild(el("h3", null, "Measurements (" + outs.length + ")"));
      var ol = el("ul");
      outs.forEach(function (o) {
        var li = el("li");
        var b = el("button", "kg-link", o.label);
        b.type = "button";
        b.addEventListener("click", function () { showOutcome(o.id); });
        li.appendChild(b);
        ol.appendChild(li);
      });
      details.appendChild(ol);
    }
    details.appendChild(el("h3", null, "References (" + n.refs.length + ")"));
    details.appendChild(refList(n.refs));
  }

  function showEdge(id) {
    var e = D.edges[id];
    clear(details);
    details.setAttribute("data-kind", "edge");
    details.setAttribute("data-id", id);
    var h = el("h2", "kg-head");
    h.appendChild(document.createTextNode(D.nodes[e.from].label + " "));
    h.appendChild(el("em", null, e.predicate_label));
    h.appendChild(document.createTextNode(" " + D.nodes[e.to].label));
    details.appendChild(h);
    var s = el("span"); s.appendChild(nodeButton(e.from));
    var o = el("span"); o.appendChild(nodeButton(e.to));
    details.appendChild(dl([["subject", s], ["predicate", e.predicate_label + " (" + e.predicate + ")"], ["object", o]]));
    provenance(e, details);
  }

  function showOutcome(id) {
    var o = D.measurements.filter(function (x) { return x.id === id; })[0];
    if (!o) return;
    clear(details);
    details.setAttribute("data-kind", "outcome");
    details.setAttribute("data-id", id);
    details.appendChild(el("h2", "kg-head", o.label));
    var of = el("span");
    if (D.nodes[o.of]) of.appendChild(nodeButton(o.of)); else of.textContent = o.of_label;
    details.appendChild(dl([
      ["study", of],
      ["measure", o.measure_label + " (" + o.measure + ")"],
      ["value", o.value === null ? (o.value_status || "not reported") : o.value + (o.unit === "percent" ? " %" : " " + o.unit)],
      ["count", o.numerator !== null && o.denominator !== null ? o.numerator + " of " + o.denominator : ""],
      ["time horizon", o.horizon_years === null ? "" : o.horizon_years + " years"],
      ["dose intensity", o.dose_intensity],
      ["subgroup", o.subgroup], ["arm", o.arm], ["age group", o.age_group],
      ["about", o.about.length ? o.about.map(function (a) { return D.nodes[a] ? D.nodes[a].label : a; }).join("; ") : ""]
    ]));
    provenance(o, details);
  }

  /* ---------------------------------------------------------------- selection */
  function ensureVisible(id) {
    var cat = D.nodes[id].category;
    if (hiddenClasses.has(cat)) setClassVisible(cat, true);
  }
  function selectNode(id, opts) {
    if (!D.nodes[id]) return false;
    ensureVisible(id);
    selected = { type: "node", id: id };
    network.selectNodes([id]);
    var nb = neighbourhood(id);
    highlight(nb.nodes, nb.edges);
    if (opts && opts.focus) network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
    setHash(id);
    return true;
  }
  function selectEdge(id) {
    var e = D.edges[id];
    if (!e) return false;
    ensureVisible(e.from); ensureVisible(e.to);
    if (hiddenEvidence.has(e.evidence)) setEvidenceVisible(e.evidence, true);
    selected = { type: "edge", id: id };
    network.selectEdges([id]);
    highlight([e.from, e.to], [id]);
    showEdge(id);
    return true;
  }
  function setHash(id) {  /* a link to the page with #<node id> opens on that node */
    try { history.replaceState(null, "", id ? "#" + encodeURIComponent(id) : location.pathname); } catch (e) { /* ignore */ }
  }
  function clearSelection() {
    setHash(null);
    selected = { type: null, id: null };
    network.unselectAll();
    unhighlight();
  }
  var hoverLine = $("kg-hover");
  network.on("hoverNode", function (p) {
    var n = D.nodes[p.node];
    hoverLine.textContent = n.label + " \u00b7 " + ((D.classes[n.category] || {}).label || n.category) +
      (n.identifiers.length ? " \u00b7 " + n.identifiers[0].curie : "");
    hoverLine.hidden = false;
  });
  network.on("hoverEdge", function (p) {
    var e = D.edges[p.edge];
    hoverLine.textContent = D.nodes[e.from].label + " " + e.predicate_label + " " + D.nodes[e.to].label +
      " \u00b7 " + e.evidence_label;
    hoverLine.hidden = false;
  });
  network.on("blurNode", function () { hoverLine.hidden = true; });
  network.on("blurEdge", function () { hoverLine.hidden = true; });
  network.on("click", function (p) {
    if (p.nodes.length) selectNode(p.nodes[0], { focus: false });
    else if (p.edges.length) selectEdge(p.edges[0]);
    else clearSelection();
  });

  /* ---------------------------------------------------------------- filters */
  var classBoxes = {}, evidenceBoxes = {};
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    if (selected.type === "node" && !hiddenClasses.has(D.nodes[selected.id].category)) {
      var nb = neighbourhood(selected.id); highlight(nb.nodes, nb.edges);
    } else if (dimmed && selected.type !== "edge") { unhighlight(); }
    counts();
  }
  function setClassVisible(key, on) {
    if (on) hiddenClasses.delete(key); else hiddenClasses.add(key);
    if (classBoxes[key]) classBoxes[key].checked = on;
    refresh();
  }
  function setEvidenceVisible(key, on) {
    if (on) hiddenEvidence.delete(key); else hiddenEvidence.add(key);
    if (evidenceBoxes[key]) evidenceBoxes[key].checked = on;
    refresh();
  }
  function filterRow(ul, key, info, marker, boxes, setter) {
    var li = el("li");
    var lab = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-key", key);
    box.addEventListener("change", function () { setter(key, box.checked); });
    boxes[key] = box;
    lab.appendChild(box);
    lab.appendChild(marker);
    lab.appendChild(el("span", null, info.label));
    li.appendChild(lab);
    li.appendChild(el("span", "kg-count", info.count));
    ul.appendChild(li);
  }
  var classKeys = Object.keys(D.classes).sort(function (a, b) {
    var x = D.classes[a], y = D.classes[b];
    return x.group === y.group ? (x.label < y.label ? -1 : 1) : (x.group < y.group ? -1 : 1);
  });
  classKeys.forEach(function (k) {
    filterRow($("kg-class-filter"), k, D.classes[k], swatch(D.classes[k].colour, D.classes[k].shape), classBoxes, setClassVisible);
  });
  Object.keys(D.evidence).sort().forEach(function (k) {
    var line = el("span", "kg-line");
    line.style.borderColor = D.evidence[k].colour;
    filterRow($("kg-evidence-filter"), k, D.evidence[k], line, evidenceBoxes, setEvidenceVisible);
  });
  Array.prototype.forEach.call(document.querySelectorAll("button[data-all]"), function (b) {
    b.addEventListener("click", function () {
      var on = b.getAttribute("data-on") === "1";
      if (b.getAttribute("data-all") === "classes") {
        classKeys.forEach(function (k) { if (on) hiddenClasses.delete(k); else hiddenClasses.add(k); classBoxes[k].checked = on; });
      } else {
        Object.keys(D.evidence).forEach(function (k) { if (on) hiddenEvidence.delete(k); else hiddenEvidence.add(k); evidenceBoxes[k].checked = on; });
      }
      refresh();
    });
  });
  function counts() {
    $("kg-counts").textContent = nodeView.length + " of " + D.meta.counts.nodes + " nodes, " +
      edgeView.length + " of " + D.meta.counts.edges + " edges shown";
  }
  counts();
  (function () {
    var p = $("kg-review");
    p.appendChild(document.createTextNode("Every edge cites "));
    p.appendChild(link(D.review.doi_url, D.review.label || "the review"));
    p.appendChild(document.createTextNode(" and the references it gives (doi:" + D.review.doi + ")."));
  })();

  /* ---------------------------------------------------------------- search */
  var searchIndex = Object.keys(D.nodes).map(function (id) {
    var n = D.nodes[id];
    var names = [n.label, id].concat(n.synonyms, n.identifiers.map(function (x) { return x.curie; }));
    return { id: id, names: names, low: names.map(function (s) { return String(s).toLowerCase(); }) };
  });
  function search(q) {
    q = String(q || "").trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    searchIndex.forEach(function (r) {
      var best = null;
      r.low.forEach(function (s, i) {
        var rank = s === q ? 0 : s.indexOf(q) === 0 ? 1 : s.indexOf(q) > 0 ? 2 : null;
        if (rank !== null && (best === null || rank < best.rank || (rank === best.rank && i < best.i))) best = { rank: rank, i: i };
      });
      if (best) hits.push({ id: r.id, rank: best.rank, name: r.names[best.i], label: D.nodes[r.id].label });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || (a.label.toLowerCase() < b.label.toLowerCase() ? -1 : a.label.toLowerCase() > b.label.toLowerCase() ? 1 : 0); });
    return hits;
  }
  var box = $("kg-search"), results = $("kg-search-results");
  var current = [];
  function showResults() {
    current = search(box.value).slice(0, 12);
    active = 0;
    clear(results);
    current.forEach(function (h, i) {
      var li = el("li", i === 0 ? "kg-active" : null);
      li.setAttribute("role", "option");
      li.setAttribute("data-id", h.id);
      li.appendChild(el("span", null, h.label));
      if (h.name !== h.label) li.appendChild(el("span", "kg-match", " \u2014 " + h.name));
      li.appendChild(el("span", "kg-match", " \u00b7 " + (D.classes[D.nodes[h.id].category] || {}).label));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(h.id); });
      results.appendChild(li);
    });
    if (box.value.trim() && !current.length) results.appendChild(el("li", "kg-note", "no match"));
    results.hidden = !box.value.trim();
  }
  function pick(id) {
    results.hidden = true;
    box.value = D.nodes[id].label;
    selectNode(id, { focus: true });
  }
  box.addEventListener("input", showResults);
  var active = 0;
  function setActive(i) {
    var items = results.querySelectorAll("li[data-id]");
    if (!items.length) return;
    active = (i + items.length) % items.length;
    Array.prototype.forEach.call(items, function (li, j) { li.className = j === active ? "kg-active" : ""; });
    items[active].scrollIntoView({ block: "nearest" });
  }
  box.addEventListener("input", function () { active = 0; });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      if (results.hidden) showResults();
      if (current.length) pick(current[Math.min(active, current.length - 1)].id);
    } else if (ev.key === "ArrowDown") { ev.preventDefault(); if (results.hidden) showResults(); setActive(active + 1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); setActive(active - 1); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });
  box.addEventListener("blur", function () { results.hidden = true; });

  /* ---------------------------------------------------------------- trials chart */
  var chart = $("kg-chart"), toggle = $("kg-chart-toggle");
  var PHASE_ORDER = { "III": 0, "II": 1, "I/II": 2, "I/Ib": 3, "I": 4 };
  function chartRows() {
    var rows = {}, order = [];
    D.outcomes.forEach(function (o) {
      var key = [o.of, o.subgroup, o.arm, o.age_group].join("\u0001");
      if (!rows[key]) { rows[key] = { key: key, o: o, cells: {} }; order.push(key); }
      rows[key].cells[o.measure] = o;
    });
    return order.map(function (k) { return rows[k]; }).sort(function (a, b) {
      var pa = a.o.phase in PHASE_ORDER ? PHASE_ORDER[a.o.phase] : 9, pb = b.o.phase in PHASE_ORDER ? PHASE_ORDER[b.o.phase] : 9;
      if (pa !== pb) return pa - pb;
      var ya = a.o.start_year || 9999, yb = b.o.start_year || 9999;
      if (ya !== yb) return ya - yb;
      if (a.o.of_label !== b.o.of_label) return a.o.of_label < b.o.of_label ? -1 : 1;
      var sa = [a.o.subgroup, a.o.arm, a.o.age_group].join(" "), sb = [b.o.subgroup, b.o.arm, b.o.age_group].join(" ");
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    });
  }
  var MEASURES = [["EFS", "#1f5f99", "event-free survival"], ["OS", "#e8953a", "overall survival"]];
  function drawChart() {
    var body = $("kg-chart-body");
    clear(body);
    var rows = chartRows();
    if (!rows.length) { body.appendChild(el("p", "kg-note", "No Table 1 outcomes in this view.")); return; }
    var LW = 270, W = 420, BH = 11, RH = 2 * BH + 12, HH = 20, TOP = 30, VW = LW + W + 190;
    var layoutRows = [], y = TOP, lastPhase = null;
    rows.forEach(function (r) {
      var phase = r.o.phase || "";
      if (phase !== lastPhase) { layoutRows.push({ head: phase ? "Phase " + phase : "Phase not stated", y: y }); y += HH; lastPhase = phase; }
      layoutRows.push({ row: r, y: y }); y += RH;
    });
    var bottom = y;
    var s = svg("svg", { viewBox: "0 0 " + VW + " " + (bottom + 24), width: "100%", role: "img", "aria-label": "Table 1 outcomes chart", id: "kg-chart-svg" });
    s.style.maxWidth = VW + "px";
    var legend = svg("g", {});
    MEASURES.forEach(function (m, i) {
      legend.appendChild(svg("rect", { x: LW + i * 170, y: 4, width: 12, height: 12, fill: m[1] }));
      var t = svg("text", { x: LW + i * 170 + 17, y: 14 }); t.textContent = m[0] + " (" + m[2] + ")"; legend.appendChild(t);
    });
    s.appendChild(legend);
    var axis = svg("g", { "class": "kg-axis" });
    [0, 25, 50, 75, 100].forEach(function (v) {
      var x = LW + W * v / 100;
      axis.appendChild(svg("line", { x1: x, x2: x, y1: TOP - 4, y2: bottom, stroke: v === 0 ? "#999" : "#e3e3e3" }));
      var t = svg("text", { x: x, y: bottom + 14, "text-anchor": "middle" }); t.textContent = v + "%"; axis.appendChild(t);
    });
    s.appendChild(axis);
    layoutRows.forEach(function (lr) {
      if (lr.head !== undefined) {
        var h = svg("text", { x: 4, y: lr.y + 14, "class": "kg-phase" }); h.textContent = lr.head; s.appendChild(h);
        return;
      }
      var r = lr.row, y = lr.y;
      var g = svg("g", { "class": "kg-row", "data-of": r.o.of });
      var lab = svg("text", { x: LW - 8, y: y + BH + 4, "text-anchor": "end", "class": "kg-rowlabel" });
      var sub = [r.o.subgroup, r.o.arm, r.o.age_group].filter(Boolean).join(", ");
      lab.textContent = r.o.of_label + (sub ? " \u2014 " + sub : "");
      if (D.nodes[r.o.of]) lab.addEventListener("click", function () { selectNode(r.o.of, { focus: true }); });
      g.appendChild(lab);
      MEASURES.forEach(function (m, j) {
        var o = r.cells[m[0]];
        var by = y + j * (BH + 1);
        if (!o) return;
        var t = svg("text", { x: LW + 4, y: by + BH - 1 });
        if (o.value === null || o.unit !== "percent") {
          t.setAttribute("class", "kg-awaited");
          t.textContent = m[0] + ": " + (o.value === null ? (o.value_status || "not reported") : o.value + " " + o.unit);
        } else {
          var w = Math.max(1, W * Math.min(100, o.value) / 100);
          var bar = svg("rect", { x: LW, y: by, width: w, height: BH, fill: m[1], "class": "kg-bar", "data-id": o.id, "data-measure": m[0], "data-value": o.value });
          var title = svg("title", {}); title.textContent = o.label; bar.appendChild(title);
          bar.addEventListener("click", function () { showOutcome(o.id); });
          g.appendChild(bar);
          t.setAttribute("x", LW + w + 4);
          t.textContent = o.value + "%" + (o.horizon_years !== null ? " at " + o.horizon_years + " y" : "");
        }
        if (o.conflicts && o.conflicts.length) {
          var flag = svg("tspan", { "class": "kg-disputed" });
          flag.textContent = " ⚑ disputed";
          var ft = svg("title", {}); ft.textContent = o.conflicts.join("; "); flag.appendChild(ft);
          t.appendChild(flag);
        }
        g.appendChild(t);
      });
      s.appendChild(g);
    });
    body.appendChild(s);
    body.appendChild(el("p", "kg-note", "Bars: percentages as reported in Table 1 of the review, at the time horizon shown (the table's default is 5 years). \u2691 marks a value the review or its sources state differently (both kept in the graph). Click a bar for its source, a trial name to select it in the graph."));
  }
  function setChart(open) {
    chart.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) drawChart();
  }
  toggle.addEventListener("click", function () { setChart(chart.hidden); });
  $("kg-chart-close").addEventListener("click", function () { setChart(false); });
  $("kg-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  $("kg-clear").addEventListener("click", clearSelection);
  if (D.meta.open_chart) setChart(true);
  var wanted = "";
  try { wanted = decodeURIComponent(location.hash.slice(1)); } catch (e) { wanted = ""; }
  if (wanted && D.nodes[wanted]) {
    selectNode(wanted, { focus: true });
  } else if (D.meta.focus && D.nodes[D.meta.focus]) {
    network.selectNodes([D.meta.focus]);
    showNode(D.meta.focus);
    selected = { type: "node", id: D.meta.focus };
  }

  /* ---------------------------------------------------------------- API for tests and power users */
  window.kgviz = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, data: D,
    selectNode: selectNode, selectEdge: selectEdge, clearSelection: clearSelection, search: search,
    setClassVisible: setClassVisible, setEvidenceVisible: setEvidenceVisible, showOutcome: showOutcome,
    setChart: setChart,
    selected: function () { return { type: selected.type, id: selected.id, network: network.getSelectedNodes().concat(network.getSelectedEdges()) }; },
    rendered: function () { return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length }; },
    visible: function () { return { nodes: nodeView.getIds(), edges: edgeView.getIds() }; },
    timing: T
  };
})();
