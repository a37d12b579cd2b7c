/* kmt2a-kg explorer. Every text from the data goes through textContent, an SVG text node or
   the canvas's fillText; no data ever reaches innerHTML, and links are set only to https://
   URLs built from the exporter's fixed prefixes. */
(function () {
  "use strict";
  var T = (window.__kgviz_timing = { start: performance.now(), firstDraw: null, settled: null });
  var RAW = JSON.parse(document.getElementById("kg-data").textContent);
  var SVGNS = "http://www.w3.org/2000/svg";
  var WRAP = 24;            /* characters per label line: the exporter's layout.WRAP */
  var LABEL_PX = 13;        /* label font at scale 1, canvas pixels */
  var LABEL_MIN_PX = 10.5;    /* labels are never drawn smaller than this on screen */
  var MAX_LABELS = 600;     /* at most this many labels are considered per frame */
  var TABLE_MAX_ROWS = 600; /* rows drawn in a table (exports hold every row) */
  var FIT_MAX_SCALE = 1.5;

  /* ---------------------------------------------------------------- helpers */
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
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function hex2(c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); }
  /* the exporter's urllib quote(): these keep ':' and '/' (and DOIs ';', '(', ')') */
  function quote(s, keep) {
    var out = encodeURIComponent(String(s)).replace(/[!'()*]/g, hex2);
    keep.forEach(function (k) { out = out.split(hex2(k)).join(k); });
    return out;
  }
  var URLS = RAW.meta.urls;
  function registryUrl(curie) { return URLS.registry + quote(curie, [":", "/"]); }
  function doiUrl(doi) { return doi ? URLS.doi + quote(doi, ["/", ";", "(", ")", ":"]) : ""; }
  function pubmedUrl(pmid) { return pmid ? URLS.pubmed + quote(pmid, []) + "/" : ""; }
  function darker(c) {
    var out = "#";
    for (var i = 1; i < 7; i += 2) {
      var v = Math.round(parseInt(c.slice(i, i + 2), 16) * 0.7).toString(16);
      out += v.length < 2 ? "0" + v : v;
    }
    return out;
  }
  function wrapLabel(text) {
    var lines = [], cur = "";
    String(text).split(" ").forEach(function (w) {
      if (cur && cur.length + 1 + w.length > WRAP) { lines.push(cur); cur = w; } else cur = cur ? cur + " " + w : w;
    });
    lines.push(cur);
    return lines;
  }

  /* ---------------------------------------------------------------- data (compact on the wire) */
  function decode(R) {
    var D = {
      meta: R.meta, classes: R.classes, evidence: R.evidence, predicates: R.predicates,
      attributes: R.attributes, views: R.views, measures: R.measures, review: R.review,
      evidence_types: R.evidence_types, references: {}, nodes: {}, edges: {}, ids: [], edgeIds: []
    };
    D.review.doi_url = doiUrl(D.review.doi || "");
    D.review.pmid_url = pubmedUrl(D.review.pmid || "");
    Object.keys(R.references).forEach(function (k) {
      var r = R.references[k];
      D.references[k] = { n: +k, label: r.label || "[" + k + "]", title: r.title || "", doi: r.doi || "",
        pmid: r.pmid || "", doi_url: doiUrl(r.doi || ""), pmid_url: pubmedUrl(r.pmid || "") };
    });
    R.nodes.forEach(function (n) {
      var curies = [n.curie].concat(n.xrefs || []).filter(Boolean);
      D.ids.push(n.id);
      D.nodes[n.id] = {
        id: n.id, label: n.label || n.id, category: n.category, curie: n.curie || "",
        xrefs: n.xrefs || [], synonyms: n.synonyms || [], description: n.description || "",
        file: n.file || "", refs: n.refs || [],
        identifiers: curies.map(function (c) { return { curie: c, url: registryUrl(c) }; }),
        attributes: (n.attributes || []).map(function (a) {
          return { key: a.key, label: a.label || D.attributes[a.key] || a.key, value: a.value,
            refs: a.refs || [], topic_refs: a.topic_refs || [], evidence_label: a.evidence_label || "",
            evidence_level: a.evidence_level || "", section: a.section || "", table: a.table || "",
            anchor: a.anchor || "", claim: a.claim || "" };
        })
      };
    });
    R.edges.forEach(function (e) {
      var x = {
        id: e.id, from: D.ids[e.from], to: D.ids[e.to], predicate: e.predicate,
        predicate_label: D.predicates[e.predicate] || e.predicate, refs: e.refs || [],
        topic_refs: e.topic_refs || [], evidence: e.evidence || "",
        evidence_label: D.evidence_types[e.evidence] || e.evidence || "", section: e.section || "",
        table: e.table || "", figure: e.figure || "", anchor: e.anchor || "", claim: e.claim || "",
        file: e.file || "", conflicts: e.conflicts || [], evidence_level: e.evidence_level || "",
        evidence_level_definition: e.evidence_level_definition || "", negated: !!e.negated,
        curve: e.curve || 0
      };
      D.edges[x.id] = x;
      D.edgeIds.push(x.id);
    });
    function attr(id, key) {
      var n = D.nodes[id];
      if (!n) return null;
      for (var i = 0; i < n.attributes.length; i++) if (n.attributes[i].key === key) return n.attributes[i].value;
      return null;
    }
    D.attr = attr;
    D.measurements = R.measurements.map(function (m) {
      var inGraph = !!D.nodes[m.of];
      return {
        id: m.id, of: m.of, of_label: inGraph ? D.nodes[m.of].label : (m.of_label || m.of), in_graph: inGraph,
        measure: m.measure, measure_label: D.measures[m.measure] || m.measure,
        value: m.value === undefined ? null : m.value, value_status: m.value_status || "", unit: m.unit || "",
        horizon_years: m.horizon_years === undefined ? null : m.horizon_years, subgroup: m.subgroup || "",
        arm: m.arm || "", numerator: m.numerator === undefined ? null : m.numerator,
        denominator: m.denominator === undefined ? null : m.denominator, dose_intensity: m.dose_intensity || "",
        age_group: m.age_group || "", label: m.label || "", about: m.about || [],
        phase: inGraph ? String(attr(m.of, "phase") || "") : (m.phase || ""),
        start_year: inGraph ? attr(m.of, "start_year") : (m.start_year === undefined ? null : m.start_year),
        refs: m.refs || [], topic_refs: m.topic_refs || [], evidence: m.evidence || "",
        evidence_label: D.evidence_types[m.evidence] || m.evidence || "", section: m.section || "",
        table: m.table || "", figure: m.figure || "", anchor: m.anchor || "", claim: m.claim || "",
        file: m.file || "", conflicts: m.conflicts || [], evidence_level: m.evidence_level || "",
        evidence_level_definition: m.evidence_level_definition || "", outcome: !!m.outcome
      };
    });
    D.measurementById = {};
    D.measurements.forEach(function (m) { D.measurementById[m.id] = m; });
    D.outcomes = D.measurements.filter(function (m) { return m.outcome; });
    D.out = {}; D.inc = {};
    D.ids.forEach(function (id) { D.out[id] = []; D.inc[id] = []; });
    D.edgeIds.forEach(function (k) { var e = D.edges[k]; D.out[e.from].push(e); D.inc[e.to].push(e); });
    return D;
  }
  var D = decode(RAW);

  /* ---------------------------------------------------------------- network */
  var degree = {};
  D.ids.forEach(function (id) { degree[id] = D.out[id].length + D.inc[id].length; });
  var allPos = D.views.all.pos;
  var visNodes = D.ids.map(function (id, i) {
    var n = D.nodes[id], c = D.classes[n.category] || { colour: "#999999", shape: "dot" };
    return {
      id: id, shape: c.shape, x: allPos[2 * i], y: allPos[2 * i + 1],
      size: Math.round(Math.min(34, 11 + 4 * Math.sqrt(degree[id])) * 10) / 10,
      color: { background: c.colour, border: darker(c.colour),
        highlight: { background: c.colour, border: "#111111" }, hover: { background: c.colour, border: "#111111" } }
    };
  });
  var visEdges = D.edgeIds.map(function (k) {
    var e = D.edges[k], colour = (D.evidence[e.evidence] || { colour: "#8a8a8a" }).colour;
    var r = { id: k, from: e.from, to: e.to, arrows: "to", color: { color: colour, highlight: "#111111", hover: "#111111" } };
    if (e.negated) r.dashes = true;
    if (e.curve) r.smooth = { enabled: true, type: "curvedCW", roundness: e.curve };
    return r;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var showN = new Set(), showE = new Set();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return showN.has(n.id); } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return showE.has(e.id); } });

  /* ---------------------------------------------------------------- state */
  var state = {
    view: D.meta.start, focus: null, depth: 1, expand: [], sel: null,
    hideC: new Set(), hideE: new Set(), table: "", q: "", sort: "", desc: false, chart: !!D.meta.open_chart
  };
  var viewNodes = new Set();  /* nodes of the current view, before filters */
  var viewKey = "";

  function baseNodes(name) {
    if (name === "all" || !D.views[name]) return D.ids.slice();
    return D.views[name].nodes.map(function (i) { return D.ids[i]; });
  }
  function neighboursIn(id, allowed) {
    var out = [];
    D.out[id].forEach(function (e) { if (!allowed || allowed.has(e.to)) out.push(e.to); });
    D.inc[id].forEach(function (e) { if (!allowed || allowed.has(e.from)) out.push(e.from); });
    return out;
  }
  function byGroup(a, b) {
    var x = D.nodes[a], y = D.nodes[b];
    var gx = (D.classes[x.category] || {}).group || "", gy = (D.classes[y.category] || {}).group || "";
    return cmp(gx, gy) || cmp(x.category, y.category) || cmp(x.label.toLowerCase(), y.label.toLowerCase()) || cmp(a, b);
  }
  /* a deterministic radial layout around the focus: one ring per step */
  function radial(centre, rings) {
    var pos = {}, angle = {};
    pos[centre] = [0, 0];
    angle[centre] = 0;
    var r = 0;
    rings.forEach(function (ring, k) {
      if (!ring.length) return;
      if (k > 0) ring.sort(function (a, b) { return angle[a] - angle[b] || cmp(a, b); });
      var step = Math.max(k === 0 ? 230 : 250, ring.length * 80 / (2 * Math.PI) - r);
      r += step;
      ring.forEach(function (id, i) {
        var a = -Math.PI / 2 + 2 * Math.PI * (i + 0.5) / ring.length;
        pos[id] = [Math.round(r * Math.cos(a)), Math.round(r * Math.sin(a) * 0.8)];
        angle[id] = a;
      });
      /* the next ring is ordered by the angle of each node's first parent */
      var next = rings[k + 1];
      if (next) next.forEach(function (id) {
        var ps = neighboursIn(id, new Set(ring)).sort(function (a, b) { return angle[a] - angle[b]; });
        angle[id] = ps.length ? angle[ps[0]] : 0;
      });
    });
    return pos;
  }
  function computeView(st) {
    var base = st.view in D.views ? st.view : "all";
    var ids = baseNodes(base), set = new Set(ids), pos = {};
    var vpos = D.views[base].pos;
    ids.forEach(function (id, i) { pos[id] = [vpos[2 * i], vpos[2 * i + 1]]; });
    var title = D.views[base].title;
    if (st.focus && D.nodes[st.focus]) {
      /* a neighbourhood is taken in the whole graph, or within a theme (as with
         'kmt2a-kg viz --theme T --focus X'); the opening view is only a starting point */
      if (!set.has(st.focus) || base === "overview") { base = "all"; set = new Set(D.ids); }
      var seen = new Set([st.focus]), rings = [], frontier = [st.focus];
      for (var k = 0; k < st.depth; k++) {
        var next = [];
        frontier.forEach(function (id) {
          neighboursIn(id, set).forEach(function (m) { if (!seen.has(m)) { seen.add(m); next.push(m); } });
        });
        next.sort(byGroup);
        rings.push(next);
        frontier = next;
      }
      set = seen;
      pos = radial(st.focus, rings);
      title = "Within " + st.depth + " step" + (st.depth === 1 ? "" : "s") + " of " + D.nodes[st.focus].label +
        (base !== "all" ? " (" + D.views[base].title + ")" : "");
    }
    st.expand.forEach(function (id) {
      if (!D.nodes[id] || !set.has(id)) return;
      var add = neighboursIn(id, null).filter(function (m) { return !set.has(m); });
      add = Array.from(new Set(add)).sort(byGroup);
      var c = pos[id], n = add.length;
      add.forEach(function (m, i) {
        var a = 2 * Math.PI * (i + 0.5) / n + Math.atan2(c[1], c[0]) - Math.PI / 2;
        var rr = Math.max(200, n * 70 / (2 * Math.PI));
        pos[m] = [Math.round(c[0] + rr * Math.cos(a)), Math.round(c[1] + rr * Math.sin(a))];
        set.add(m);
      });
      if (add.length) title += "; expanded at " + D.nodes[id].label;
    });
    return { nodes: set, pos: pos, title: title };
  }
  function viewSignature(st) { return [st.view, st.focus || "", st.focus ? st.depth : "", st.expand.join(",")].join("|"); }

  /* which nodes and edges are shown: the view, minus hidden classes and evidence; with an
     evidence filter on, a node whose every edge is hidden goes too */
  function computeShown() {
    var n = new Set(), e = new Set();
    viewNodes.forEach(function (id) { if (!state.hideC.has(D.nodes[id].category)) n.add(id); });
    D.edgeIds.forEach(function (k) {
      var x = D.edges[k];
      if (n.has(x.from) && n.has(x.to) && !state.hideE.has(x.evidence)) e.add(k);
    });
    if (state.hideE.size) {
      var touched = new Set(), hadEdge = new Set();
      D.edgeIds.forEach(function (k) {
        var x = D.edges[k];
        if (n.has(x.from) && n.has(x.to)) { hadEdge.add(x.from); hadEdge.add(x.to); }
      });
      e.forEach(function (k) { touched.add(D.edges[k].from); touched.add(D.edges[k].to); });
      Array.from(n).forEach(function (id) { if (hadEdge.has(id) && !touched.has(id)) n.delete(id); });
    }
    showN = n; showE = e;
  }

  /* the opening view is in place before the network starts (physics needs its nodes) */
  (function () {
    var p = parseHash(location.hash);
    Object.keys(p.state).forEach(function (k) { state[k] = p.state[k]; });
    var v = computeView(state);
    viewNodes = v.nodes;
    nodes.update(Array.from(v.nodes).map(function (id) { return { id: id, x: v.pos[id][0], y: v.pos[id][1] }; }));
    computeShown();
  })();
  var physicsOn = D.meta.physics === "polish" && showN.size > 0;
  var options = RAW.options;
  if (!physicsOn) options.physics = { enabled: false };
  var network = new vis.Network($("kg-network"), { nodes: nodeView, edges: edgeView }, options);
  network.once("afterDrawing", function () {
    T.firstDraw = performance.now();
    if (!physicsOn) T.settled = T.firstDraw;
  });
  if (physicsOn) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      /* network.storePositions() reads every item of the data set, also those outside the
         view: store the view's own */
      var p = network.getPositions();
      nodes.update(Object.keys(p).map(function (id) { return { id: id, x: p[id].x, y: p[id].y }; }));
      T.settled = performance.now();
    });
  }

  /* ---------------------------------------------------------------- drawing: labels and highlight */
  var hl = null;          /* {nodes:Set, edges:Set} drawn above the dimmed rest, or null */
  var drawnLabels = [];   /* [{id, x0, y0, x1, y1}] in canvas coordinates, for clicks and tests */
  var drawnEdgeLabels = [];
  function viewport() {
    var c = network.canvas.frame.canvas;
    var w = c.clientWidth, h = c.clientHeight;
    var a = network.DOMtoCanvas({ x: 0, y: 0 }), b = network.DOMtoCanvas({ x: w, y: h });
    return { x0: a.x, y0: a.y, x1: b.x, y1: b.y };
  }
  function overlaps(box, list) {
    for (var i = 0; i < list.length; i++) {
      var o = list[i];
      if (box.x0 < o.x1 && box.x1 > o.x0 && box.y0 < o.y1 && box.y1 > o.y0) return true;
    }
    return false;
  }
  function textLines(ctx, lines, x, y, px, colour) {
    ctx.lineWidth = Math.max(2, px / 4);
    ctx.strokeStyle = "rgba(255,255,255,0.95)";
    ctx.fillStyle = colour;
    lines.forEach(function (line, i) {
      ctx.strokeText(line, x, y + i * px * 1.2);
      ctx.fillText(line, x, y + i * px * 1.2);
    });
  }
  function labelBox(ctx, id, px) {
    var body = network.body.nodes[id];
    if (!body) return null;
    var lines = wrapLabel(D.nodes[id].label);
    var w = 0;
    lines.forEach(function (l) { w = Math.max(w, ctx.measureText(l).width); });
    var top = body.y + (body.options.size || 12) + px * 0.25;
    return { id: id, lines: lines, x: body.x, y: top, x0: body.x - w / 2 - 2, x1: body.x + w / 2 + 2,
      y0: top, y1: top + lines.length * px * 1.2 };
  }
  function drawNodeLabels(ctx, ids, px, placed, colour, force) {
    ids.forEach(function (id) {
      var b = labelBox(ctx, id, px);
      if (!b) return;
      if (!force && overlaps(b, placed)) {  /* below is taken: try above the node */
        var body = network.body.nodes[id], hgt = b.y1 - b.y0;
        var top = body.y - (body.options.size || 12) - px * 0.25 - hgt;
        b = { id: id, lines: b.lines, x: b.x, y: top, x0: b.x0, x1: b.x1, y0: top, y1: top + hgt };
        if (overlaps(b, placed)) return;
      }
      placed.push(b);
      drawnLabels.push(b);
      textLines(ctx, b.lines, b.x, b.y, px, colour);
    });
  }
  function edgePoint(id, t) {
    var e = network.body.edges[id];
    if (!e || !e.edgeType) return null;
    try { return e.edgeType.getPoint(t); } catch (err) { return null; }
  }
  function drawEdgeLabels(ctx, ids, px, placed, colour) {
    ids.forEach(function (id) {
      var text = D.edges[id].predicate_label;
      var w = ctx.measureText(text).width;
      var ts = [0.5, 0.4, 0.6, 0.3, 0.7];
      for (var i = 0; i < ts.length; i++) {
        var p = edgePoint(id, ts[i]);
        if (!p) return;
        var b = { id: id, x0: p.x - w / 2 - 2, x1: p.x + w / 2 + 2, y0: p.y - px * 0.6, y1: p.y + px * 0.6 };
        if (overlaps(b, placed)) continue;
        placed.push(b);
        drawnEdgeLabels.push(b);
        textLines(ctx, [text], p.x, p.y, px, colour);
        return;
      }
    });
  }
  function labelOrder(ids) {
    return ids.sort(function (a, b) { return degree[b] - degree[a] || cmp(a, b); });
  }
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    var px = Math.max(LABEL_PX, LABEL_MIN_PX / scale);
    var epx = Math.max(LABEL_PX - 2, (LABEL_MIN_PX - 1) / scale);
    var vp = viewport();
    drawnLabels = []; drawnEdgeLabels = [];
    ctx.save();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.font = px + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
    var inside = nodeView.getIds().filter(function (id) {
      var b = network.body.nodes[id];
      return b && b.x >= vp.x0 - 200 && b.x <= vp.x1 + 200 && b.y >= vp.y0 - 100 && b.y <= vp.y1 + 50;
    });
    var placed = [];
    if (hl) {
      var sid = state.sel && state.sel.type === "node" ? state.sel.id : null;
      var hn = labelOrder(inside.filter(function (id) { return hl.nodes.has(id) && id !== sid; }));
      if (sid && inside.indexOf(sid) >= 0) hn.unshift(sid);
      /* the highlighted labels claim their places first; the rest fill in around them, and
         then everything but the highlight is dimmed */
      hn.forEach(function (id) { var b = labelBox(ctx, id, px); if (b) placed.push(b); });
      var rest = labelOrder(inside.filter(function (id) { return !hl.nodes.has(id); })).slice(0, MAX_LABELS);
      drawNodeLabels(ctx, rest, px, placed, "#333333", false);
      ctx.fillStyle = "rgba(250,250,250,0.82)";
      ctx.fillRect(vp.x0 - 10, vp.y0 - 10, vp.x1 - vp.x0 + 20, vp.y1 - vp.y0 + 20);
      drawnLabels = [];
      var sel = state.sel;
      hl.edges.forEach(function (id) {
        var e = network.body.edges[id];
        if (!e) return;
        e.selected = !!(sel && sel.type === "edge" && sel.id === id);
        e.draw(ctx);
      });
      hl.nodes.forEach(function (id) { var n = network.body.nodes[id]; if (n) n.draw(ctx); });
      var placedHl = [];
      drawNodeLabels(ctx, hn, px, placedHl, "#111111", false);
      ctx.font = epx + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
      drawEdgeLabels(ctx, Array.from(hl.edges).filter(function (id) { return showE.has(id); }).sort(), epx, placedHl, "#444444");
    } else {
      drawNodeLabels(ctx, labelOrder(inside).slice(0, MAX_LABELS), px, placed, "#1d1d1d", false);
      if (scale >= 0.9 && showE.size <= 400) {
        ctx.font = epx + "px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
        drawEdgeLabels(ctx, edgeView.getIds().sort(), epx, placed, "#666666");
      }
    }
    ctx.restore();
  });

  /* ---------------------------------------------------------------- details */
  var details = $("kg-details-body");
  function classBadge(key) {
    var c = D.classes[key] || { label: key, colour: "#999", shape: "dot" };
    var span = el("span", "kg-class");
    span.appendChild(swatch(c.colour, c.shape));
    span.appendChild(el("span", null, c.label));
    return span;
  }
  function swatch(colour, shape) {
    var s = svg("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "class": "kg-swatch", "aria-hidden": "true" });
    s.appendChild(shapeEl(shape, 7, 7, 6, colour));
    return s;
  }
  function shapeEl(shape, cx, cy, r, colour) {
    var p, pts;
    function poly(list) { return svg("polygon", { points: list.map(function (q) { return (cx + q[0] * r).toFixed(1) + "," + (cy + q[1] * r).toFixed(1); }).join(" ") }); }
    if (shape === "diamond") p = poly([[0, -1], [1, 0], [0, 1], [-1, 0]]);
    else if (shape === "triangle") p = poly([[0, -1], [1, 0.9], [-1, 0.9]]);
    else if (shape === "triangleDown") p = poly([[-1, -0.9], [1, -0.9], [0, 1]]);
    else if (shape === "square") p = svg("rect", { x: cx - r * 0.9, y: cy - r * 0.9, width: r * 1.8, height: r * 1.8 });
    else if (shape === "star") {
      pts = [];
      for (var i = 0; i < 10; i++) { var a = -Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? 0.45 : 1; pts.push([rr * Math.cos(a), rr * Math.sin(a)]); }
      p = poly(pts);
    } else if (shape === "hexagon") {
      pts = [];
      for (var j = 0; j < 6; j++) { var b = j * Math.PI / 3; pts.push([Math.cos(b), Math.sin(b)]); }
      p = poly(pts);
    } else p = svg("circle", { cx: cx, cy: cy, r: r });
    p.setAttribute("fill", colour);
    p.setAttribute("stroke", "#444");
    p.setAttribute("stroke-width", "0.8");
    return p;
  }
  function nodeButton(id) {
    var n = D.nodes[id];
    var b = el("button", "kg-link", n ? n.label : id);
    b.type = "button";
    b.setAttribute("data-node", id);
    b.addEventListener("click", function () { selectNode(id, { zoom: true }); });
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
  function refList(nums, cls, empty) {
    var ul = el("ul", cls || "kg-refs");
    nums.forEach(function (n) { ul.appendChild(refItem(n)); });
    if (!nums.length && empty) ul.appendChild(el("li", "kg-note", empty));
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
  function locatorText(p) {
    var bits = [];
    if (p.section) bits.push("section \u201c" + p.section + "\u201d");
    if (p.table) bits.push(p.table);
    if (p.figure) bits.push(p.figure);
    return bits.join(", ") + (p.anchor ? (bits.length ? "; at " : "at ") + "\u201c" + p.anchor + "\u201d" : "");
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
    var c = (D.evidence[key] || { colour: "#8a8a8a" }).colour;
    var b = el("span", "kg-ev", label || key);
    b.style.background = c;
    return b;
  }
  function provenance(p, into) {
    if (p.claim) into.appendChild(el("p", "kg-claim", p.claim));
    var level = p.evidence_level ? el("span", "kg-level", p.evidence_level) : "";
    if (level && p.evidence_level_definition) level.appendChild(el("span", "kg-note", " \u2014 " + p.evidence_level_definition));
    into.appendChild(dl([
      ["evidence", p.evidence ? evBadge(p.evidence, p.evidence_label) : ""],
      ["evidence level", level],
      ["locator", locator(p)],
      ["curation file", p.file || ""]
    ]));
    if (p.conflicts && p.conflicts.length) {
      into.appendChild(el("h3", "kg-conflict", "Disputed"));
      var ul = el("ul");
      p.conflicts.forEach(function (c) { ul.appendChild(el("li", "kg-conflict", c)); });
      into.appendChild(ul);
    }
    var topic = p.topic_refs || [];
    into.appendChild(el("h3", null, "References for this claim"));
    into.appendChild(refList(p.refs || [], "kg-refs", topic.length ? "none specific to this claim" : "stated by the review without a citation"));
    if (topic.length) {
      into.appendChild(el("h3", null, "Block citation for the topic"));
      into.appendChild(el("p", "kg-note kg-topic-note", "The review cites these together for the whole topic, not for this statement in particular."));
      into.appendChild(refList(topic, "kg-topic-refs"));
    }
  }
  function detailsHead(kind, id) {
    clear(details);
    $("kg-details").setAttribute("data-kind", kind || "");
    $("kg-details").setAttribute("data-id", id || "");
  }
  function showNothing(note) {
    detailsHead("", "");
    details.appendChild(el("p", "kg-note", note || "Click a node or an edge, a table row or a chart bar, or find one by name, to see its identifiers, statements and references."));
  }
  function showNode(id) {
    var n = D.nodes[id];
    detailsHead("node", id);
    details.appendChild(el("h2", "kg-head", n.label));
    var acts = el("p", "kg-actions");
    [["Neighbourhood", function () { focusOn(id, 1); }], ["Depth 2", function () { focusOn(id, 2); }],
      ["Expand", function () { expandNode(id); }]].forEach(function (a) {
      var b = el("button", null, a[0]); b.type = "button"; b.setAttribute("data-action", a[0].toLowerCase().replace(" ", ""));
      b.addEventListener("click", a[1]); acts.appendChild(b);
    });
    details.appendChild(acts);
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
        if (a.refs.length) v.appendChild(el("span", "kg-note", " [ref. " + a.refs.join(", ") + "]"));
        if (a.topic_refs.length) v.appendChild(el("span", "kg-note", " [topic block: ref. " + a.topic_refs.join(", ") + "]"));
        return [a.label, v];
      })));
    }
    var st = D.out[id].concat(D.inc[id]);
    if (st.length) {
      details.appendChild(el("h3", null, "Statements (" + st.length + ")"));
      var ul = el("ul", "kg-statements");
      st.forEach(function (e) {
        var li = el("li");
        if (e.conflicts.length) li.className = "kg-conflict";
        var b = el("button", "kg-link", (e.from === id ? "\u2192 " : "\u2190 ") + e.predicate_label);
        b.type = "button";
        b.setAttribute("data-edge", e.id);
        b.addEventListener("click", function () { selectEdge(e.id); });
        li.appendChild(b);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(nodeButton(e.from === id ? e.to : e.from));
        li.appendChild(el("span", "kg-note", " (" + e.evidence_label + (e.refs.length ? "; ref. " + e.refs.join(", ") : "") +
          (e.topic_refs.length ? "; topic block " + e.topic_refs.join(", ") : "") + ")"));
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
        b.addEventListener("click", function () { selectOutcome(o.id); });
        li.appendChild(b);
        if (o.conflicts.length) li.appendChild(el("span", "kg-conflict", " \u2691 disputed"));
        ol.appendChild(li);
      });
      details.appendChild(ol);
    }
    details.appendChild(el("h3", null, "References (" + n.refs.length + ")"));
    details.appendChild(refList(n.refs, "kg-refs kg-node-refs", "stated by the review without a citation"));
  }
  function showEdge(id) {
    var e = D.edges[id];
    detailsHead("edge", id);
    var h = el("h2", "kg-head");
    h.appendChild(document.createTextNode(D.nodes[e.from].label + " "));
    h.appendChild(el("em", null, e.predicate_label));
    h.appendChild(document.createTextNode(" " + D.nodes[e.to].label));
    details.appendChild(h);
    var s = el("span"); s.appendChild(nodeButton(e.from));
    var o = el("span"); o.appendChild(nodeButton(e.to));
    details.appendChild(dl([["subject", s], ["predicate", e.predicate_label + " (" + e.predicate + ")" + (e.negated ? " \u2014 a negated statement" : "")], ["object", o]]));
    provenance(e, details);
  }
  function valueText(o) {
    return o.value === null ? (o.value_status || "not reported") : o.value + (o.unit === "percent" ? " %" : " " + o.unit);
  }
  function showOutcome(id) {
    var o = D.measurementById[id];
    if (!o) return;
    detailsHead("outcome", id);
    details.appendChild(el("h2", "kg-head", o.label));
    var of = el("span");
    if (D.nodes[o.of]) of.appendChild(nodeButton(o.of)); else of.textContent = o.of_label;
    details.appendChild(dl([
      ["study", of],
      ["measure", o.measure_label + " (" + o.measure + ")"],
      ["value", valueText(o)],
      ["count", o.numerator !== null && o.denominator !== null ? o.numerator + " of " + o.denominator : ""],
      ["time horizon", o.horizon_years === null ? "" : o.horizon_years + " years"],
      ["dose intensity", o.dose_intensity],
      ["subgroup", o.subgroup], ["arm", o.arm], ["age group", o.age_group],
      ["about", o.about.length ? o.about.map(function (a) { return D.nodes[a] ? D.nodes[a].label : a; }).join("; ") : ""]
    ]));
    provenance(o, details);
  }

  /* ---------------------------------------------------------------- selection */
  function neighbourhood(id) {
    var ns = new Set([id]), es = new Set();
    D.out[id].concat(D.inc[id]).forEach(function (e) {
      if (showE.has(e.id)) { es.add(e.id); ns.add(e.from); ns.add(e.to); }
    });
    return { nodes: ns, edges: es };
  }
  function applySelection(zoom) {
    var sel = state.sel;
    if (sel && sel.type === "node" && !showN.has(sel.id)) sel = state.sel = null;
    if (sel && sel.type === "edge" && !showE.has(sel.id)) sel = state.sel = null;
    if (sel && sel.type === "outcome" && !D.measurementById[sel.id]) sel = state.sel = null;
    hl = null;
    if (!sel) {
      network.unselectAll();
      showNothing();
    } else if (sel.type === "node") {
      network.selectNodes([sel.id]);
      if (D.meta.dim) hl = neighbourhood(sel.id);
      showNode(sel.id);
      if (zoom) zoomTo(Array.from(neighbourhood(sel.id).nodes));
    } else if (sel.type === "edge") {
      var e = D.edges[sel.id];
      network.selectEdges([sel.id]);
      if (D.meta.dim) hl = { nodes: new Set([e.from, e.to]), edges: new Set([sel.id]) };
      showEdge(sel.id);
      if (zoom) zoomTo([e.from, e.to]);
    } else {
      var o = D.measurementById[sel.id];
      network.unselectAll();
      if (showN.has(o.of)) {
        network.selectNodes([o.of]);
        if (D.meta.dim) hl = { nodes: new Set([o.of]), edges: new Set() };
      }
      showOutcome(sel.id);
    }
    syncTableSelection();
    network.redraw();
  }
  function zoomTo(ids) {
    ids = ids.filter(function (id) { return showN.has(id); });
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
    network.moveTo({ scale: Math.min(FIT_MAX_SCALE, network.getScale() * 0.9), animation: false });
  }
  function fitView() {
    var ids = Array.from(showN);
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
    /* room for the labels at the edges, and never so far out that labels must shrink below
       the legible size in a small view (a phone then pans) */
    var s = network.getScale() * 0.92;
    if (ids.length <= 80) s = Math.max(s, 0.55);
    network.moveTo({ scale: Math.min(FIT_MAX_SCALE, s), animation: false });
  }
  /* a node outside the current view (and its filters) opens the whole graph with it shown */
  function reveal(ids) {
    var ch = false;
    if (ids.some(function (id) { return !viewNodes.has(id); })) {
      state.view = "all"; state.focus = null; state.expand = []; ch = true;
    }
    ids.forEach(function (id) { var c = D.nodes[id].category; if (state.hideC.has(c)) { state.hideC.delete(c); ch = true; } });
    return ch;
  }
  function selectNode(id, opts) {
    if (!D.nodes[id]) return false;
    var push = reveal([id]);
    state.sel = { type: "node", id: id };
    commit({ push: push, zoom: !!(opts && (opts.zoom || opts.focus)) || push });
    return true;
  }
  function selectEdge(id, opts) {
    var e = D.edges[id];
    if (!e) return false;
    var push = reveal([e.from, e.to]);
    if (state.hideE.has(e.evidence)) state.hideE.delete(e.evidence);
    state.sel = { type: "edge", id: id };
    commit({ push: push, zoom: !!(opts && opts.zoom) || push });
    return true;
  }
  function selectOutcome(id) {
    if (!D.measurementById[id]) return false;
    state.sel = { type: "outcome", id: id };
    commit({});
    return true;
  }
  function clearSelection() { state.sel = null; commit({}); }
  function focusOn(id, depth) {
    if (!D.nodes[id]) return;
    state.focus = id; state.depth = depth || 1; state.expand = [];
    if (!new Set(baseNodes(state.view)).has(id)) state.view = "all";
    state.sel = { type: "node", id: id };
    commit({ push: true });
  }
  function expandNode(id) {
    if (!D.nodes[id]) return;
    if (!viewNodes.has(id)) reveal([id]);
    if (state.expand.indexOf(id) < 0) state.expand = state.expand.concat([id]);
    state.sel = { type: "node", id: id };
    commit({ push: true });
  }
  function setView(name) {
    state.view = name in D.views ? name : "all";
    state.focus = null; state.expand = [];
    state.chart = name === "trials" && D.outcomes.length > 0 ? true : state.chart;
    commit({ push: true });
  }

  /* ---------------------------------------------------------------- the one place that draws a state */
  var note = $("kg-note");
  function render(opts) {
    var sig = viewSignature(state), changed = sig !== viewKey;
    if (changed) {
      var v = computeView(state);
      viewNodes = v.nodes;
      viewKey = sig;
      var up = [];
      v.nodes.forEach(function (id) { up.push({ id: id, x: v.pos[id][0], y: v.pos[id][1] }); });
      nodes.update(up);
      $("kg-view-title").textContent = v.title;
      $("kg-view").value = state.view in D.views ? state.view : "all";
    }
    computeShown();
    nodeView.refresh();
    edgeView.refresh();
    syncFilters();
    counts();
    if (changed && !(opts && opts.keepCamera)) fitView();
    applySelection(!!(opts && opts.zoom));
    $("kg-back").disabled = !state.focus && !state.expand.length && state.view === "all";
    setChart(state.chart, true);
    drawTable();
  }
  function commit(opts) {
    render(opts || {});
    writeHash(!!(opts && opts.push));
  }

  /* ---------------------------------------------------------------- permalinks */
  function encodeState() {
    var parts = [];
    function add(k, v) { parts.push(k + "=" + encodeURIComponent(v).replace(/%2C/g, ",")); }
    if (state.view !== D.meta.start) add("view", state.view);
    if (state.focus) { add("focus", state.focus); add("depth", state.depth); }
    if (state.expand.length) add("expand", state.expand.join(","));
    if (state.sel) add(state.sel.type, state.sel.id);
    if (state.hideC.size) add("hide", Array.from(state.hideC).sort().join(","));
    if (state.hideE.size) add("hide-evidence", Array.from(state.hideE).sort().join(","));
    if (state.table) add("table", state.table);
    if (state.q) add("q", state.q);
    if (state.sort) add("sort", (state.desc ? "-" : "") + state.sort);
    if (state.chart !== !!D.meta.open_chart) add("chart", state.chart ? "1" : "0");
    return parts.length ? "#" + parts.join("&") : "";
  }
  var lastHash = null;
  function writeHash(push) {
    var h = encodeState();
    lastHash = h;
    if ((location.hash || "") === h) return;
    var url = h || location.pathname + location.search;
    try {
      if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    } catch (err) { /* a file:// page in some browsers: the address just does not follow */ }
  }
  function parseHash(hash) {
    var h = String(hash || "").replace(/^#/, "");
    var st = {
      view: D.meta.start, focus: null, depth: 1, expand: [], sel: null, hideC: new Set(), hideE: new Set(),
      table: "", q: "", sort: "", desc: false, chart: !!D.meta.open_chart
    };
    var unknown = [];
    if (!h) return { state: st, unknown: unknown };
    function dec(s) { try { return decodeURIComponent(s.replace(/\+/g, " ")); } catch (err) { unknown.push(s); return ""; } }
    if (h.indexOf("=") < 0) {  /* the old form: #<node id> */
      var id = dec(h);
      if (D.nodes[id]) {
        st.sel = { type: "node", id: id };
        if (!new Set(baseNodes(st.view)).has(id)) st.view = "all";
      } else unknown.push(id);
      return { state: st, unknown: unknown, zoom: true };
    }
    var zoom = false;
    h.split("&").forEach(function (part) {
      var i = part.indexOf("="), k = i < 0 ? part : part.slice(0, i), v = i < 0 ? "" : dec(part.slice(i + 1));
      if (k === "view") { if (v in D.views) st.view = v; else unknown.push(v); }
      else if (k === "focus") { if (D.nodes[v]) st.focus = v; else unknown.push(v); }
      else if (k === "depth") { st.depth = v === "2" ? 2 : 1; }
      else if (k === "expand") { v.split(",").forEach(function (x) { if (D.nodes[x]) st.expand.push(x); else if (x) unknown.push(x); }); }
      else if (k === "node") { if (D.nodes[v]) { st.sel = { type: "node", id: v }; zoom = true; } else unknown.push(v); }
      else if (k === "edge") { if (D.edges[v]) { st.sel = { type: "edge", id: v }; zoom = true; } else unknown.push(v); }
      else if (k === "outcome") { if (D.measurementById[v]) st.sel = { type: "outcome", id: v }; else unknown.push(v); }
      else if (k === "hide") { v.split(",").forEach(function (x) { if (D.classes[x]) st.hideC.add(x); else if (x) unknown.push(x); }); }
      else if (k === "hide-evidence") { v.split(",").forEach(function (x) { if (D.evidence[x]) st.hideE.add(x); else if (x) unknown.push(x); }); }
      else if (k === "table") { if (v === "statements" || v === "trials") st.table = v; else unknown.push(v); }
      else if (k === "q") { st.q = v; }
      else if (k === "sort") { st.desc = v.charAt(0) === "-"; st.sort = v.replace(/^-/, ""); }
      else if (k === "chart") { st.chart = v === "1"; }
      else if (k) unknown.push(k);
    });
    if (unknown.length) {  /* a link naming what is not here: the default view, and a note */
      var keep = st;
      st = parseHash("").state;
      st.table = keep.table; st.chart = keep.chart;
    }
    return { state: st, unknown: unknown, zoom: zoom };
  }
  function restoreFromHash() {
    var p = parseHash(location.hash);
    Object.keys(p.state).forEach(function (k) { state[k] = p.state[k]; });
    if (p.unknown.length) {
      $("kg-note-text").textContent = "This link names " + p.unknown.map(function (u) { return "\u201c" + u + "\u201d"; }).join(", ") +
        ", which this page does not hold; showing the default view.";
      note.hidden = false;
    } else note.hidden = true;
    viewKey = "";
    render({ zoom: p.zoom });
    lastHash = encodeState();
    if (p.unknown.length) { try { history.replaceState(null, "", lastHash || location.pathname + location.search); } catch (err) { /* ignore */ } }
  }
  window.addEventListener("popstate", function () { if ((location.hash || "") !== lastHash) restoreFromHash(); });
  window.addEventListener("hashchange", function () { if ((location.hash || "") !== lastHash) restoreFromHash(); });
  $("kg-note-close").addEventListener("click", function () { note.hidden = true; });

  /* ---------------------------------------------------------------- hover and clicks on the canvas */
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
    if (p.nodes.length) return selectNode(p.nodes[0]);
    var c = p.pointer.canvas;
    var hit = drawnLabels.filter(function (b) { return c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1; })[0];
    if (hit) return selectNode(hit.id);
    if (p.edges.length) return selectEdge(p.edges[0]);
    var eh = drawnEdgeLabels.filter(function (b) { return c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1; })[0];
    if (eh) return selectEdge(eh.id);
    clearSelection();
  });

  /* ---------------------------------------------------------------- filters */
  var classBoxes = {}, evidenceBoxes = {};
  function setClassVisible(key, on) {
    if (on) state.hideC.delete(key); else state.hideC.add(key);
    commit({});
  }
  function setEvidenceVisible(key, on) {
    if (on) state.hideE.delete(key); else state.hideE.add(key);
    commit({});
  }
  function syncFilters() {
    Object.keys(classBoxes).forEach(function (k) { classBoxes[k].checked = !state.hideC.has(k); });
    Object.keys(evidenceBoxes).forEach(function (k) { evidenceBoxes[k].checked = !state.hideE.has(k); });
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
    return x.group === y.group ? cmp(x.label, y.label) : cmp(x.group, y.group);
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
      if (b.getAttribute("data-all") === "classes") state.hideC = on ? new Set() : new Set(classKeys);
      else state.hideE = on ? new Set() : new Set(Object.keys(D.evidence));
      commit({});
    });
  });
  function counts() {
    $("kg-counts").textContent = showN.size + " of " + D.meta.counts.nodes + " nodes, " +
      showE.size + " of " + D.meta.counts.edges + " edges shown";
  }
  (function () {
    var p = $("kg-review");
    p.appendChild(document.createTextNode("Every edge cites "));
    p.appendChild(link(D.review.doi_url, D.review.label || "the review"));
    p.appendChild(document.createTextNode(" and the references it gives (doi:" + D.review.doi + ")."));
  })();

  /* ---------------------------------------------------------------- views toolbar */
  (function () {
    var sel = $("kg-view");
    var names = [["overview", "Opening view: the fusion complex"], ["all", "Whole graph"], ["mechanism", "Theme: mechanism"],
      ["trials", "Theme: trials"], ["resistance", "Theme: resistance"], ["cns", "Theme: CNS"]];
    names.forEach(function (n) {
      if (!(n[0] in D.views)) return;
      var o = el("option", null, n[1]); o.value = n[0]; sel.appendChild(o);
    });
    sel.addEventListener("change", function () { setView(sel.value); });
    $("kg-back").addEventListener("click", function () { setView("all"); });
  })();

  /* ---------------------------------------------------------------- search (one typo allowed) */
  function within1(a, b) {  /* Damerau-Levenshtein distance at most 1 */
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  var REGISTRY_KEYS = { registry_id: 1, review_stated_registry_id: 1 };
  var searchIndex = D.ids.map(function (id) {
    var n = D.nodes[id];
    var names = [n.label, id].concat(n.synonyms, n.identifiers.map(function (x) { return x.curie; }),
      n.identifiers.map(function (x) { return x.curie.split(":").slice(1).join(":"); }),
      n.attributes.filter(function (a) { return REGISTRY_KEYS[a.key]; }).map(function (a) { return String(a.value); }));
    return { kind: "node", id: id, names: names, low: names.map(function (s) { return String(s).toLowerCase(); }) };
  });
  var predIndex = Object.keys(D.predicates).map(function (k) { return { key: k, names: [D.predicates[k], k], low: [D.predicates[k].toLowerCase(), k.toLowerCase()] }; });
  function rankNames(low, q) {
    var best = null;
    low.forEach(function (s, i) {
      var rank = s === q ? 0 : s.indexOf(q) === 0 ? 1 : s.indexOf(q) > 0 ? 2 : null;
      if (rank === null && q.length >= 4) {
        if (within1(s, q)) rank = 3;
        else {
          var words = s.split(/[\s,;()/]+/);
          for (var w = 0; w < words.length && rank === null; w++) {
            if (words[w].length >= 4 && (within1(words[w], q) || within1(words[w].slice(0, q.length), q) && words[w].length > q.length)) rank = 4;
          }
        }
      }
      if (rank !== null && (best === null || rank < best.rank || (rank === best.rank && i < best.i))) best = { rank: rank, i: i };
    });
    return best;
  }
  function search(q) {
    q = String(q || "").trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    searchIndex.forEach(function (r) {
      var best = rankNames(r.low, q);
      if (best) hits.push({ kind: "node", id: r.id, rank: best.rank, name: r.names[best.i], label: D.nodes[r.id].label });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || cmp(a.label.toLowerCase(), b.label.toLowerCase()); });
    /* statements: by the PMID or DOI of a reference they cite, or by predicate */
    var bare = q.replace(/^pmid:\s*/, "").replace(/^doi:\s*/, "").replace(/^https:\/\/doi\.org\//, "");
    var refs = Object.keys(D.references).filter(function (k) {
      var r = D.references[k];
      return (r.pmid && r.pmid === bare) || (r.doi && r.doi.toLowerCase() === bare);
    }).map(Number);
    var st = [];
    if (refs.length) {
      D.edgeIds.forEach(function (k) {
        var e = D.edges[k];
        if (e.refs.concat(e.topic_refs).some(function (r) { return refs.indexOf(r) >= 0; })) {
          st.push({ kind: "edge", id: k, rank: 5, name: (D.references[String(refs[0])] || {}).label || "", label: edgeText(e) });
        }
      });
    }
    predIndex.forEach(function (p) {
      var best = rankNames(p.low, q);
      if (!best || best.rank > 1 && q.length < 4) return;
      D.edgeIds.forEach(function (k) {
        var e = D.edges[k];
        if (e.predicate === p.key) st.push({ kind: "edge", id: k, rank: 6 + best.rank, name: p.names[0], label: edgeText(e) });
      });
    });
    st.sort(function (a, b) { return a.rank - b.rank || cmp(a.label.toLowerCase(), b.label.toLowerCase()); });
    return hits.concat(st);
  }
  function edgeText(e) { return D.nodes[e.from].label + " " + e.predicate_label + " " + D.nodes[e.to].label; }
  var box = $("kg-search"), results = $("kg-search-results");
  var current = [], active = 0;
  function showResults() {
    current = search(box.value).slice(0, 30);
    active = 0;
    clear(results);
    current.forEach(function (h, i) {
      var li = el("li", i === 0 ? "kg-active" : null);
      li.setAttribute("role", "option");
      li.id = "kg-opt-" + i;
      li.setAttribute("data-" + h.kind, h.id);
      if (h.kind === "node") li.setAttribute("data-id", h.id);
      li.appendChild(el("span", null, h.label));
      if (h.name !== h.label) li.appendChild(el("span", "kg-match", " \u2014 " + h.name));
      li.appendChild(el("span", "kg-match", " \u00b7 " + (h.kind === "node" ? (D.classes[D.nodes[h.id].category] || {}).label : "statement")));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(h); });
      results.appendChild(li);
    });
    if (box.value.trim() && !current.length) results.appendChild(el("li", "kg-note", "no match"));
    results.hidden = !box.value.trim();
    box.setAttribute("aria-expanded", results.hidden ? "false" : "true");
    if (current.length) box.setAttribute("aria-activedescendant", "kg-opt-0"); else box.removeAttribute("aria-activedescendant");
  }
  function pick(h) {
    results.hidden = true;
    box.setAttribute("aria-expanded", "false");
    if (h.kind === "node") { box.value = D.nodes[h.id].label; selectNode(h.id, { zoom: true }); }
    else selectEdge(h.id, { zoom: true });
    openDrawer("details", false);
  }
  box.addEventListener("input", showResults);
  function setActive(i) {
    var items = results.querySelectorAll("li[role=option]");
    if (!items.length) return;
    active = (i + items.length) % items.length;
    Array.prototype.forEach.call(items, function (li, j) { li.className = j === active ? "kg-active" : ""; });
    box.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      if (results.hidden) showResults();
      if (current.length) pick(current[Math.min(active, current.length - 1)]);
    } else if (ev.key === "ArrowDown") { ev.preventDefault(); if (results.hidden) showResults(); setActive(active + 1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); setActive(active - 1); }
    else if (ev.key === "Escape") { if (!results.hidden) { results.hidden = true; ev.stopPropagation(); } }
  });
  box.addEventListener("blur", function () { results.hidden = true; });

  /* ---------------------------------------------------------------- tables */
  var STATEMENT_COLS = [
    ["subject", "Subject"], ["predicate", "Predicate"], ["object", "Object"], ["evidence", "Evidence"],
    ["level", "Evidence level"], ["refs", "References"], ["topic_refs", "Topic block citation"], ["locator", "Locator"],
    ["disputed", "Disputed"]
  ];
  var TRIAL_COLS = [
    ["trial", "Trial"], ["phase", "Phase"], ["line", "Line"], ["period", "Period / start"], ["n", "N"],
    ["kmt2a", "KMT2A status"], ["drugs", "Interventions"], ["registry", "Registry"], ["outcomes", "Outcomes"],
    ["disputed", "Disputed"]
  ];
  function refText(nums) {
    return nums.map(function (n) {
      var r = D.references[String(n)];
      if (!r) return "[" + n + "]";
      return r.label + (r.doi ? " doi:" + r.doi : "") + (r.pmid ? " PMID:" + r.pmid : "");
    }).join("; ");
  }
  function statementRows() {
    return D.edgeIds.filter(function (k) { return showE.has(k); }).map(function (k) {
      var e = D.edges[k];
      return { id: k, kind: "edge", cells: {
        subject: D.nodes[e.from].label, predicate: e.predicate_label + (e.negated ? " (negated)" : ""), object: D.nodes[e.to].label,
        evidence: e.evidence_label, level: e.evidence_level, refs: refText(e.refs), topic_refs: refText(e.topic_refs),
        locator: locatorText(e), disputed: e.conflicts.join("; ") }, refs: e.refs, topic: e.topic_refs, edge: e };
    });
  }
  function trialRows() {
    return D.ids.filter(function (id) { return showN.has(id) && D.nodes[id].category === "ClinicalTrial"; }).map(function (id) {
      var n = D.nodes[id];
      var sy = D.attr(id, "start_year"), ey = D.attr(id, "end_year");
      var drugs = D.out[id].filter(function (e) { return e.predicate === "tests_intervention"; })
        .map(function (e) { return D.nodes[e.to].label; });
      drugs = Array.from(new Set(drugs)).sort(function (a, b) { return cmp(a.toLowerCase(), b.toLowerCase()); });
      var reg = n.identifiers.map(function (x) { return x.curie; }).concat(
        n.attributes.filter(function (a) { return REGISTRY_KEYS[a.key]; }).map(function (a) { return String(a.value) + (a.key === "review_stated_registry_id" ? " (as the review states it)" : ""); }));
      var outs = D.measurements.filter(function (m) { return m.of === id; });
      var disputed = [];
      outs.forEach(function (m) { m.conflicts.forEach(function (c) { if (disputed.indexOf(c) < 0) disputed.push(c); }); });
      D.out[id].concat(D.inc[id]).forEach(function (e) { e.conflicts.forEach(function (c) { if (disputed.indexOf(c) < 0) disputed.push(c); }); });
      return { id: id, kind: "node", node: n, outs: outs, cells: {
        trial: n.label, phase: String(D.attr(id, "phase") || ""), line: String(D.attr(id, "line_of_treatment") || ""),
        period: sy !== null && ey !== null ? sy + "\u2013" + ey : sy !== null ? "from " + sy : "",
        n: D.attr(id, "enrolled") === null ? "" : String(D.attr(id, "enrolled")),
        kmt2a: String(D.attr(id, "kmt2a_status") || ""), drugs: drugs.join("; "), registry: reg.join("; "),
        outcomes: outs.map(function (m) {
          return m.measure + (m.subgroup ? " (" + m.subgroup + ")" : "") + (m.arm ? " [" + m.arm + "]" : "") + ": " + valueText(m) +
            (m.horizon_years !== null ? " at " + m.horizon_years + " y" : "") + (m.conflicts.length ? " \u2691 disputed" : "");
        }).join("; "),
        disputed: disputed.join("; ") } };
    });
  }
  function tableRows(kind) {
    var rows = kind === "trials" ? trialRows() : statementRows();
    var q = state.q.trim().toLowerCase();
    if (q) rows = rows.filter(function (r) {
      return Object.keys(r.cells).some(function (c) { return String(r.cells[c]).toLowerCase().indexOf(q) >= 0; });
    });
    var cols = kind === "trials" ? TRIAL_COLS : STATEMENT_COLS;
    if (state.sort && cols.some(function (c) { return c[0] === state.sort; })) {
      var key = state.sort, sign = state.desc ? -1 : 1;
      rows.sort(function (a, b) {
        var x = a.cells[key], y = b.cells[key];
        if (!x !== !y) return x ? -1 : 1;  /* empty cells last, either way */
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = !isNaN(nx) && !isNaN(ny) && /^[\d.]/.test(x) && /^[\d.]/.test(y) ? nx - ny : cmp(String(x).toLowerCase(), String(y).toLowerCase());
        return sign * c || cmp(a.id, b.id);
      });
    }
    return rows;
  }
  var tablePanel = $("kg-table"), tableBody = $("kg-table-body"), tableFilter = $("kg-table-filter");
  function setTable(kind) {
    state.table = kind || "";
    if (state.sort && !(kind === "trials" ? TRIAL_COLS : STATEMENT_COLS).some(function (c) { return c[0] === state.sort; })) state.sort = "";
    commit({});
  }
  function cellNode(kind, key, r) {
    var td = el("td");
    if (kind === "statements" && (key === "refs" || key === "topic_refs")) {
      var nums = key === "refs" ? r.refs : r.topic;
      nums.forEach(function (n, i) {
        var ref = D.references[String(n)];
        if (i) td.appendChild(document.createTextNode("; "));
        var tag = el("span", "kg-refnum", "[" + n + "]");
        if (ref) tag.title = ref.label + (ref.title ? ". " + ref.title : "");
        td.appendChild(tag);
        if (ref && ref.doi_url) { td.appendChild(document.createTextNode(" ")); td.appendChild(link(ref.doi_url, "DOI")); }
        if (ref && ref.pmid_url) { td.appendChild(document.createTextNode(" ")); td.appendChild(link(ref.pmid_url, "PubMed")); }
      });
      return td;
    }
    if (kind === "statements" && key === "evidence") { td.appendChild(evBadge(r.edge.evidence, r.cells.evidence)); return td; }
    if (kind === "trials" && key === "registry") {
      r.node.identifiers.forEach(function (x, i) { if (i) td.appendChild(document.createTextNode("; ")); td.appendChild(link(x.url, x.curie)); });
      r.node.attributes.filter(function (a) { return REGISTRY_KEYS[a.key]; }).forEach(function (a) {
        if (td.firstChild) td.appendChild(document.createTextNode("; "));
        td.appendChild(el("span", null, String(a.value) + (a.key === "review_stated_registry_id" ? " (as the review states it)" : "")));
      });
      return td;
    }
    if (kind === "trials" && key === "outcomes") {
      r.outs.forEach(function (m, i) {
        if (i) td.appendChild(document.createTextNode("; "));
        var s = el("span", m.conflicts.length ? "kg-conflict" : null, m.measure + (m.subgroup ? " (" + m.subgroup + ")" : "") + (m.arm ? " [" + m.arm + "]" : "") + ": " + valueText(m) +
          (m.horizon_years !== null ? " at " + m.horizon_years + " y" : "") + (m.conflicts.length ? " \u2691 disputed" : ""));
        td.appendChild(s);
      });
      return td;
    }
    td.textContent = String(r.cells[key]);
    if (key === "disputed" && r.cells[key]) td.className = "kg-conflict";
    return td;
  }
  function drawTable() {
    var kind = state.table;
    tablePanel.hidden = !kind;
    document.body.classList.toggle("kg-table-open", !!kind);
    $("kg-table-statements").setAttribute("aria-pressed", kind === "statements" ? "true" : "false");
    $("kg-table-trials").setAttribute("aria-pressed", kind === "trials" ? "true" : "false");
    if (!kind) return;
    if (tableFilter.value !== state.q) tableFilter.value = state.q;
    var cols = kind === "trials" ? TRIAL_COLS : STATEMENT_COLS;
    var rows = tableRows(kind);
    clear(tableBody);
    var table = el("table", "kg-grid");
    table.setAttribute("data-kind", kind);
    var thead = el("thead"), tr = el("tr");
    cols.forEach(function (c) {
      var th = el("th");
      th.setAttribute("scope", "col");
      var b = el("button", "kg-sort", c[1] + (state.sort === c[0] ? (state.desc ? " \u25bc" : " \u25b2") : ""));
      b.type = "button";
      b.setAttribute("data-col", c[0]);
      th.setAttribute("aria-sort", state.sort === c[0] ? (state.desc ? "descending" : "ascending") : "none");
      b.addEventListener("click", function () {
        if (state.sort === c[0]) { if (state.desc) { state.sort = ""; state.desc = false; } else state.desc = true; }
        else { state.sort = c[0]; state.desc = false; }
        commit({});
        var again = tableBody.querySelector('button[data-col="' + c[0] + '"]');
        if (again) again.focus();
      });
      th.appendChild(b);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = el("tbody");
    rows.slice(0, TABLE_MAX_ROWS).forEach(function (r) {
      var row = el("tr");
      row.tabIndex = 0;
      row.setAttribute("data-id", r.id);
      row.setAttribute("data-kind", r.kind);
      cols.forEach(function (c) { row.appendChild(cellNode(kind, c[0], r)); });
      function activate() { if (r.kind === "edge") selectEdge(r.id); else selectNode(r.id); }
      row.addEventListener("click", function (ev) { if (ev.target.tagName !== "A") activate(); });
      row.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); activate(); var again = tableBody.querySelector('tr[data-id="' + cssEscape(r.id) + '"]'); if (again) again.focus(); }
        else if (ev.key === "ArrowDown" && row.nextSibling) { ev.preventDefault(); row.nextSibling.focus(); }
        else if (ev.key === "ArrowUp" && row.previousSibling) { ev.preventDefault(); row.previousSibling.focus(); }
      });
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    tableBody.appendChild(table);
    $("kg-table-count").textContent = rows.length + (kind === "trials" ? " trial" : " statement") + (rows.length === 1 ? "" : "s") +
      (rows.length > TABLE_MAX_ROWS ? " (the first " + TABLE_MAX_ROWS + " drawn; exports hold all)" : "") + " in this view";
    syncTableSelection();
  }
  function cssEscape(s) { return window.CSS && CSS.escape ? CSS.escape(s) : String(s).replace(/["\\]/g, "\\$&"); }
  function syncTableSelection() {
    var rows = tableBody.querySelectorAll("tbody tr");
    var sel = state.sel, first = null;
    Array.prototype.forEach.call(rows, function (row) {
      var id = row.getAttribute("data-id"), kind = row.getAttribute("data-kind");
      var on = !!sel && ((sel.type === kind && sel.id === id) ||
        (sel.type === "node" && kind === "edge" && (D.edges[id].from === sel.id || D.edges[id].to === sel.id)) ||
        (sel.type === "outcome" && kind === "node" && D.measurementById[sel.id].of === id));
      row.setAttribute("aria-selected", on ? "true" : "false");
      if (on && !first) first = row;
    });
    if (first && !tablePanel.hidden && document.activeElement && !tablePanel.contains(document.activeElement)) first.scrollIntoView({ block: "nearest" });
  }
  $("kg-table-statements").addEventListener("click", function () { setTable(state.table === "statements" ? "" : "statements"); });
  $("kg-table-trials").addEventListener("click", function () { setTable(state.table === "trials" ? "" : "trials"); });
  $("kg-table-close").addEventListener("click", function () { setTable(""); });
  var filterTimer = null;
  tableFilter.addEventListener("input", function () {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(function () { state.q = tableFilter.value; render({ keepCamera: true }); writeHash(false); }, 120);
  });

  /* ---------------------------------------------------------------- exports, made in the page */
  var FORMULA = /^[=+\-@\t\r]/;
  function safeCell(v) { v = v === null || v === undefined ? "" : String(v); return FORMULA.test(v) ? "'" + v : v; }
  function tableText(kind, sep) {
    kind = kind || state.table || "statements";
    var cols = kind === "trials" ? TRIAL_COLS : STATEMENT_COLS;
    var rows = tableRows(kind);
    function cell(v) {
      v = safeCell(v);
      if (sep === "\t") return v.replace(/[\t\r\n]+/g, " ");
      return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
    }
    var lines = [["id"].concat(cols.map(function (c) { return c[1]; })).map(cell).join(sep)];
    rows.forEach(function (r) { lines.push([r.id].concat(cols.map(function (c) { return r.cells[c[0]]; })).map(cell).join(sep)); });
    return lines.join("\r\n") + "\r\n";
  }
  function download(name, blob) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 4000);
  }
  function exportTable(sep) {
    var kind = state.table || "statements";
    var text = tableText(kind, sep);
    download("kmt2a-kg-" + kind + (sep === "\t" ? ".tsv" : ".csv"),
      new Blob(["\ufeff" + text], { type: (sep === "\t" ? "text/tab-separated-values" : "text/csv") + ";charset=utf-8" }));
  }
  function pngCanvas() {
    var src = network.canvas.frame.canvas;
    var c = document.createElement("canvas");
    c.width = src.width; c.height = src.height;
    var ctx = c.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(src, 0, 0);
    return c;
  }
  function exportPng() {
    pngCanvas().toBlob(function (b) { if (b) download("kmt2a-kg-view.png", b); }, "image/png");
  }
  /* the view as SVG, drawn from the network's own positions (vis-network draws on a canvas only) */
  function svgText() {
    var ids = nodeView.getIds(), eids = edgeView.getIds();
    if (!ids.length) return '<svg xmlns="' + SVGNS + '"/>';
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) { var b = network.body.nodes[id]; x0 = Math.min(x0, b.x - 140); x1 = Math.max(x1, b.x + 140); y0 = Math.min(y0, b.y - 40); y1 = Math.max(y1, b.y + 90); });
    var root = svg("svg", { xmlns: SVGNS, viewBox: [x0, y0, x1 - x0, y1 - y0].map(Math.round).join(" "),
      width: Math.round(x1 - x0), height: Math.round(y1 - y0), "font-family": "sans-serif", "font-size": LABEL_PX });
    var defs = svg("defs", {});
    root.appendChild(defs);
    var markers = {};
    function marker(colour) {
      var key = colour.replace("#", "m");
      if (!markers[key]) {
        var m = svg("marker", { id: key, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
        m.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }));
        defs.appendChild(m); markers[key] = 1;
      }
      return "url(#" + key + ")";
    }
    root.appendChild(svg("rect", { x: x0, y: y0, width: x1 - x0, height: y1 - y0, fill: "#ffffff" }));
    var dim = !!hl;
    eids.forEach(function (id) {
      var e = D.edges[id], colour = (D.evidence[e.evidence] || { colour: "#8a8a8a" }).colour;
      var pts = [];
      for (var t = 0; t <= 1.0001; t += 0.125) { var p = edgePoint(id, t); if (p) pts.push(p.x.toFixed(1) + "," + p.y.toFixed(1)); }
      var to = network.body.nodes[e.to], size = (to && to.options.size) || 12;
      var path = svg("polyline", { points: pts.join(" "), fill: "none", stroke: colour, "stroke-width": 1.3,
        "marker-end": marker(colour), opacity: dim && !hl.edges.has(id) ? 0.2 : 1 });
      if (e.negated) path.setAttribute("stroke-dasharray", "6 4");
      path.setAttribute("data-edge", id);
      path.appendChild(svg("title", {})).textContent = edgeText(e);
      root.appendChild(path);
      void size;
    });
    ids.forEach(function (id) {
      var b = network.body.nodes[id], n = D.nodes[id], c = D.classes[n.category] || { colour: "#999", shape: "dot" };
      var g = svg("g", { opacity: dim && !hl.nodes.has(id) ? 0.25 : 1, "data-node": id });
      g.appendChild(shapeEl(c.shape, b.x, b.y, b.options.size || 12, c.colour));
      wrapLabel(n.label).forEach(function (line, i) {
        var t = svg("text", { x: b.x.toFixed(1), y: (b.y + (b.options.size || 12) + LABEL_PX * (1.1 + 1.2 * i)).toFixed(1), "text-anchor": "middle", fill: "#1d1d1d" });
        t.textContent = line;
        g.appendChild(t);
      });
      root.appendChild(g);
    });
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root);
  }
  function exportSvg() { download("kmt2a-kg-view.svg", new Blob([svgText()], { type: "image/svg+xml" })); }
  $("kg-export-csv").addEventListener("click", function () { exportTable(","); });
  $("kg-export-tsv").addEventListener("click", function () { exportTable("\t"); });
  $("kg-export-png").addEventListener("click", exportPng);
  $("kg-export-svg").addEventListener("click", exportSvg);

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
      return cmp(sa, sb);
    });
  }
  var MEASURES = [["EFS", "#1f5f99", "event-free survival"], ["OS", "#e8953a", "overall survival"]];
  var chartDrawn = false;
  function drawChart() {
    var body = $("kg-chart-body");
    clear(body);
    chartDrawn = true;
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
    var s = svg("svg", { viewBox: "0 0 " + VW + " " + (bottom + 24), width: "100%", role: "group", "aria-label": "Table 1 outcomes chart", id: "kg-chart-svg" });
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
      if (D.nodes[r.o.of]) {
        lab.setAttribute("tabindex", "0");
        lab.setAttribute("role", "button");
        lab.addEventListener("click", function () { selectNode(r.o.of, { zoom: true }); });
        lab.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); selectNode(r.o.of, { zoom: true }); } });
      }
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
          var bar = svg("rect", { x: LW, y: by, width: w, height: BH, fill: m[1], "class": "kg-bar", "data-id": o.id, "data-measure": m[0], "data-value": o.value,
            tabindex: 0, role: "button", "aria-label": o.label });
          var title = svg("title", {}); title.textContent = o.label; bar.appendChild(title);
          bar.addEventListener("click", function () { selectOutcome(o.id); });
          bar.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); selectOutcome(o.id); } });
          g.appendChild(bar);
          t.setAttribute("x", LW + w + 4);
          t.textContent = o.value + "%" + (o.horizon_years !== null ? " at " + o.horizon_years + " y" : "");
        }
        if (o.conflicts && o.conflicts.length) {
          var flag = svg("tspan", { "class": "kg-disputed" });
          flag.textContent = " \u2691 disputed";
          var ft = svg("title", {}); ft.textContent = o.conflicts.join("; "); flag.appendChild(ft);
          t.appendChild(flag);
        }
        g.appendChild(t);
      });
      s.appendChild(g);
    });
    body.appendChild(s);
    body.appendChild(el("p", "kg-note", "Bars: percentages as reported in Table 1 of the review, at the time horizon shown (the table's default is 5 years). \u2691 marks a value the review or its sources state differently (both kept in the graph). Click or press Enter on a bar for its source, on a trial name to select it in the graph."));
  }
  function setChart(open, quiet) {
    state.chart = !!open;
    chart.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open && !chartDrawn) drawChart();
    if (!quiet) writeHash(false);
  }
  toggle.addEventListener("click", function () {
    setChart(chart.hidden);
    if (!chart.hidden) { var f = chart.querySelector(".kg-bar"); $("kg-chart-close").focus(); void f; }
  });
  $("kg-chart-close").addEventListener("click", function () { setChart(false); toggle.focus(); });
  $("kg-fit").addEventListener("click", fitView);
  $("kg-clear").addEventListener("click", clearSelection);

  /* ---------------------------------------------------------------- drawers (narrow screens) and keys */
  var mq = {
    details: window.matchMedia ? window.matchMedia("(max-width: 760px)") : { matches: false },
    filters: window.matchMedia ? window.matchMedia("(max-width: 1199px)") : { matches: false }
  };
  function openDrawer(which, open) {
    var panel = $(which === "details" ? "kg-details" : "kg-left");
    if (open === undefined) open = !panel.classList.contains("kg-open");
    if (open && !mq[which === "details" ? "details" : "filters"].matches) return;  /* docked */
    panel.classList.toggle("kg-open", open);
    $(which === "details" ? "kg-details-toggle" : "kg-filters-toggle").setAttribute("aria-expanded", open ? "true" : "false");
  }
  $("kg-filters-toggle").addEventListener("click", function () { openDrawer("filters"); if ($("kg-left").classList.contains("kg-open")) $("kg-left").focus({ preventScroll: true }); });
  $("kg-details-toggle").addEventListener("click", function () { openDrawer("details"); if ($("kg-details").classList.contains("kg-open")) $("kg-details").focus({ preventScroll: true }); });
  Array.prototype.forEach.call(document.querySelectorAll(".kg-drawer-close"), function (b) {
    b.addEventListener("click", function () { openDrawer(b.getAttribute("data-drawer"), false); });
  });
  $("kg-skip").addEventListener("click", function (ev) {
    ev.preventDefault();
    openDrawer("details", true);
    $("kg-details").focus({ preventScroll: true });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    if (!results.hidden) { results.hidden = true; return; }
    if (!chart.hidden) { setChart(false); toggle.focus(); return; }
    if ($("kg-details").classList.contains("kg-open")) { openDrawer("details", false); $("kg-details-toggle").focus(); return; }
    if ($("kg-left").classList.contains("kg-open")) { openDrawer("filters", false); $("kg-filters-toggle").focus(); return; }
    if (!tablePanel.hidden) { setTable(""); $("kg-table-statements").focus(); return; }
    if (!note.hidden) { note.hidden = true; return; }
    if (state.sel) clearSelection();
  });
  /* a selection made on a narrow screen opens the details drawer */
  network.on("click", function (p) { if (p.nodes.length || p.edges.length) openDrawer("details", true); });

  /* ---------------------------------------------------------------- start */
  restoreFromHash();
  if (D.meta.focus && D.nodes[D.meta.focus] && !state.sel) {
    state.sel = { type: "node", id: D.meta.focus };
    render({});
    lastHash = encodeState();
  }

  /* ---------------------------------------------------------------- API for tests and power users */
  window.kgviz = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, data: D,
    selectNode: selectNode, selectEdge: selectEdge, selectOutcome: selectOutcome, showOutcome: selectOutcome,
    clearSelection: clearSelection, search: search, setClassVisible: setClassVisible,
    setEvidenceVisible: setEvidenceVisible, setChart: setChart, setView: setView, focusOn: focusOn,
    expandNode: expandNode, setTable: setTable, tableRows: function (k) { return tableRows(k || state.table || "statements").map(function (r) { return { id: r.id, cells: r.cells }; }); },
    tableText: tableText, svgText: svgText, pngDataUrl: function () { return pngCanvas().toDataURL("image/png"); },
    state: function () { return { view: state.view, focus: state.focus, depth: state.depth, expand: state.expand.slice(), sel: state.sel, hide: Array.from(state.hideC).sort(), hideEvidence: Array.from(state.hideE).sort(), table: state.table, q: state.q, sort: state.sort, desc: state.desc, chart: state.chart }; },
    hash: encodeState,
    selected: function () { return { type: state.sel ? state.sel.type : null, id: state.sel ? state.sel.id : null, network: network.getSelectedNodes().concat(network.getSelectedEdges()) }; },
    highlighted: function () { return hl ? { nodes: Array.from(hl.nodes).sort(), edges: Array.from(hl.edges).sort() } : null; },
    labels: function () { return { nodes: drawnLabels.map(function (b) { return b.id; }), edges: drawnEdgeLabels.map(function (b) { return b.id; }), scale: network.getScale() }; },
    rendered: function () { return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length }; },
    visible: function () { return { nodes: nodeView.getIds(), edges: edgeView.getIds() }; },
    timing: T
  };
})();
