/* kg viz: the claims network page. Reads the JSON embedded in #kg-data and draws it with
   vis-network (inlined above this script). No network access. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  /* ---- tabs ---- */
  var tabs = document.querySelectorAll("nav.tabs button");
  Array.prototype.forEach.call(tabs, function (b) {
    b.addEventListener("click", function () {
      Array.prototype.forEach.call(tabs, function (o) { o.classList.toggle("active", o === b); });
      Array.prototype.forEach.call(document.querySelectorAll("section.tab"), function (s) {
        s.hidden = s.id !== b.getAttribute("data-tab");
      });
      if (b.getAttribute("data-tab") === "tab-network" && network) { network.redraw(); }
    });
  });

  /* ---- legend ---- */
  var legend = document.getElementById("legend");
  Object.keys(data.groups).sort().forEach(function (g) {
    var item = el("span", { "class": "legend-item" });
    var dot = el("span", { "class": "dot" });
    dot.style.background = data.groups[g];
    item.appendChild(dot);
    item.appendChild(document.createTextNode(g));
    legend.appendChild(item);
  });

  /* ---- filters ---- */
  var kindBox = document.getElementById("filter-kind");
  data.kinds.forEach(function (k) {
    var label = el("label", { "class": "kind" });
    var cb = el("input", { type: "checkbox", value: k, checked: "checked" });
    label.appendChild(cb);
    label.appendChild(document.createTextNode(" " + k));
    kindBox.appendChild(label);
  });
  var sourceSel = document.getElementById("filter-source");
  data.sources.forEach(function (s) {
    sourceSel.appendChild(el("option", { value: s.id }, s.title ? s.id + " — " + s.title : s.id));
  });
  var actorSel = document.getElementById("filter-actor");
  data.actors.forEach(function (id) { actorSel.appendChild(el("option", { value: id }, byId[id].label)); });

  var filter = { kinds: null, source: "", actor: "" };
  function edgeVisible(e) {
    if (filter.kinds && filter.kinds.indexOf(e.kind_label) < 0) { return false; }
    if (filter.source && e.source !== filter.source) { return false; }
    if (filter.actor && e.from !== filter.actor && e.to !== filter.actor) { return false; }
    return true;
  }
  function filtering() { return !!(filter.kinds || filter.source || filter.actor); }

  /* ---- network ---- */
  var degree = {};
  var pairCount = {};
  var visEdges = data.edges.map(function (e) {
    degree[e.from] = (degree[e.from] || 0) + 1;
    degree[e.to] = (degree[e.to] || 0) + 1;
    var pair = e.from + "\u0000" + e.to;
    var i = pairCount[pair] = (pairCount[pair] || 0) + 1;
    return Object.assign({}, e, {
      arrows: "to",
      title: e.label + (e.quote ? "\n“" + e.quote + "”" : "") + (e.source ? "\n— " + e.source : ""),
      smooth: { enabled: true, type: i % 2 ? "curvedCW" : "curvedCCW", roundness: 0.1 + 0.12 * Math.floor(i / 2) }
    });
  });
  var visNodes = data.nodes.map(function (n) {
    var topic = n.group === "topic";
    return {
      id: n.id, label: n.label.length > 40 ? n.label.slice(0, 39) + "\u2026" : n.label, group_name: n.group,
      shape: topic ? "box" : (n.group === "event" ? "diamond" : "dot"),
      size: topic ? 10 : 10 + Math.min(20, 2 * (degree[n.id] || 0)),
      color: { background: n.color, border: "#555", highlight: { background: n.color, border: "#000" } },
      font: { size: topic ? 11 : 13, color: topic ? "#555" : "#111" },
      title: n.label + " (" + (n.group === "event" ? "event" : n.kind) + (n.discovered ? ", discovered in text" : "") +
        ")" + (n.mentioned_in ? "\nmentioned in " + n.mentioned_in : "")
    };
  });
  var nodeSet = new vis.DataSet(visNodes);
  var edgeSet = new vis.DataSet(visEdges);
  var visibleNodeIds = null;
  var edgeView = new vis.DataView(edgeSet, { filter: edgeVisible });
  var nodeView = new vis.DataView(nodeSet, {
    filter: function (n) { return visibleNodeIds === null || visibleNodeIds.hasOwnProperty(n.id); }
  });
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    layout: { randomSeed: 7, improvedLayout: data.nodes.length < 150 },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 400, fit: true },
               forceAtlas2Based: { gravitationalConstant: -60, springLength: 120 } },
    interaction: { hover: true, tooltipDelay: 150, multiselect: false },
    edges: { font: { size: 10, align: "middle", strokeWidth: 3 }, color: { color: "#999", highlight: "#333" },
             width: 1.2 },
    nodes: { borderWidth: 1 }
  });

  var api = {
    ready: false,
    network: network,
    data: data,
    nodeCount: function () { return Object.keys(network.getPositions()).length; },
    edgeCount: function () { return data.edges.length; },
    visibleNodeCount: function () { return nodeView.length; },
    visibleEdgeCount: function () { return edgeView.length; },
    selectNode: function (id) { network.selectNodes([id]); showNode(id); },
    setFilter: function (f) {
      if ("kinds" in f) { setKinds(f.kinds); }
      if ("source" in f) { sourceSel.value = f.source || ""; }
      if ("actor" in f) { actorSel.value = f.actor || ""; }
      applyFilters();
      return edgeView.length;
    }
  };
  window.kgViz = api;

  function markReady() {
    if (api.ready) { return; }
    network.setOptions({ physics: false });
    network.fit();
    api.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("stabilizationIterationsDone", markReady);
  if (data.nodes.length === 0) { markReady(); }
  setTimeout(markReady, 15000);

  function setKinds(kinds) {
    Array.prototype.forEach.call(kindBox.querySelectorAll("input"), function (cb) {
      cb.checked = !kinds || kinds.indexOf(cb.value) >= 0;
    });
  }
  function applyFilters() {
    var checked = Array.prototype.filter.call(kindBox.querySelectorAll("input"), function (cb) { return cb.checked; })
      .map(function (cb) { return cb.value; });
    filter.kinds = checked.length === data.kinds.length ? null : checked;
    filter.source = sourceSel.value;
    filter.actor = actorSel.value;
    if (filtering()) {
      visibleNodeIds = {};
      data.edges.forEach(function (e) {
        if (edgeVisible(e)) { visibleNodeIds[e.from] = true; visibleNodeIds[e.to] = true; }
      });
      if (filter.actor) { visibleNodeIds[filter.actor] = true; }
    } else {
      visibleNodeIds = null;
    }
    nodeView.refresh();
    edgeView.refresh();
    document.getElementById("counts").textContent =
      nodeView.length + " of " + data.nodes.length + " nodes, " + edgeView.length + " of " +
      data.edges.length + " claim links shown";
  }
  kindBox.addEventListener("change", applyFilters);
  sourceSel.addEventListener("change", applyFilters);
  actorSel.addEventListener("change", applyFilters);
  document.getElementById("filter-reset").addEventListener("click", function () {
    api.setFilter({ kinds: null, source: "", actor: "" });
  });
  applyFilters();

  /* ---- side panel ---- */
  var panel = document.getElementById("panel");
  function claimItem(e, other, direction) {
    var li = el("li", { "class": "claim", "data-claim": e.claim });
    var head = el("div", { "class": "claim-head" });
    head.appendChild(el("span", { "class": "claim-kind" }, e.label));
    head.appendChild(document.createTextNode(direction + " "));
    head.appendChild(el("b", {}, other));
    li.appendChild(head);
    if (e.quote) { li.appendChild(el("blockquote", {}, e.quote)); }
    var src = "Source: " + (e.source || "unknown") + (e.source_title ? " — " + e.source_title : "") +
      (e.issued ? " (" + e.issued + ")" : "");
    li.appendChild(el("div", { "class": "claim-source" }, src));
    if (e.channel) { li.appendChild(el("div", { "class": "claim-note" }, "Relayed by " + e.channel)); }
    if (e.answers) { li.appendChild(el("div", { "class": "claim-note" }, "In answer to: " + e.answers)); }
    if (e.scope) { li.appendChild(el("div", { "class": "claim-note" }, "Scope: " + e.scope)); }
    if (e.verification) { li.appendChild(el("div", { "class": "claim-note" }, "Report notes: " + e.verification)); }
    return li;
  }
  function showNode(id) {
    var n = byId[id];
    panel.textContent = "";
    if (!n) { panel.appendChild(el("p", { "class": "hint" }, "Click a node to list its claims.")); return; }
    panel.setAttribute("data-node", id);
    panel.appendChild(el("h2", {}, n.label));
    panel.appendChild(el("div", { "class": "node-kind" },
      n.group + (/^[A-Z]/.test(n.kind) ? " (kg:" + n.kind + ")" : "") + (n.discovered ? " · discovered in text" : "") +
      (n.mentioned_in ? " · mentioned in " + n.mentioned_in : "")));
    var made = data.edges.filter(function (e) { return e.from === id; });
    var about = data.edges.filter(function (e) { return e.to === id; });
    [["Claims made", made, "about", "to"], ["Claims about it", about, "by", "from"]].forEach(function (sec) {
      if (!sec[1].length) { return; }
      panel.appendChild(el("h3", {}, sec[0] + " (" + sec[1].length + ")"));
      var ul = el("ul", { "class": "claims" });
      sec[1].forEach(function (e) { ul.appendChild(claimItem(e, byId[e[sec[3]]].label, sec[2])); });
      panel.appendChild(ul);
    });
  }
  function showEdge(edgeId) {
    var e = edgeSet.get(edgeId);
    if (!e) { return; }
    panel.textContent = "";
    panel.removeAttribute("data-node");
    panel.appendChild(el("h2", {}, e.label));
    var ul = el("ul", { "class": "claims" });
    ul.appendChild(claimItem(e, byId[e.to].label, byId[e.from].label + " →"));
    panel.appendChild(ul);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
})();
