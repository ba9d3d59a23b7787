// govnet network views: draw each <figure class="gv-network"> with vis-network, offline.
// Data comes from the figure's JSON; every text is shown with textContent, never as HTML.
(function () {
  "use strict";
  var FIELDS = ["kind", "side", "role", "tier", "post", "party", "groups", "interim"];
  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) el.textContent = String(text);
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }
  function show(value) {
    if (value === null || value === undefined || value === "") return "—";
    if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
    if (value === true) return "yes";
    if (value === false) return "no";
    return String(value);
  }
  function nodeDetails(panel, node) {
    add(panel, "strong", node.label);
    var dl = add(panel, "dl");
    FIELDS.forEach(function (f) {
      add(dl, "dt", f);
      add(dl, "dd", show(node.info[f]));
    });
  }
  function edgeDetails(panel, edge, names) {
    add(panel, "strong", names[edge.from] + (edge.arrows ? " → " : " — ") + names[edge.to] +
        " (" + show(edge.info.type) + ", " + edge.info.sign + ")");
    var list = add(panel, "ol", null, "gv-network-quotes");
    edge.info.observations.forEach(function (o) {
      var li = add(list, "li");
      var a = add(li, "a", o.id);
      a.href = "#obs-" + String(o.id).split(/\s+/).join("-");
      if (o.quote) {
        li.appendChild(document.createTextNode(": "));
        var para = o.quote_kind && String(o.quote_kind).toLowerCase() === "paraphrase";
        if (para) add(li, "em", "Paraphrase: ");
        add(li, para ? "span" : "q", o.quote, "gv-quote-text");
      }
      var meta = [o.reported_by && "reported by " + o.reported_by, o.source,
                  o.locator, o.start && show(o.start) + (o.end ? " to " + o.end : "")];
      add(li, "span", " (" + meta.filter(Boolean).join("; ") + ")", "gv-network-meta");
    });
  }
  function draw(figure) {
    var data = JSON.parse(figure.querySelector("script.gv-network-data").textContent);
    var panel = figure.querySelector(".gv-network-details");
    var names = {};
    // hover text (vis-network shows a string title with innerText, never as HTML)
    data.nodes.forEach(function (n) {
      names[n.id] = n.label;
      n.title = [n.label].concat(FIELDS.filter(function (f) {
        return show(n.info[f]) !== "—";
      }).map(function (f) { return f + ": " + show(n.info[f]); })).join("\n");
    });
    data.edges.forEach(function (e, i) {
      var k = e.info.n || e.info.observations.length;
      e.id = "e" + i;
      e.title = names[e.from] + (e.arrows ? " → " : " — ") + names[e.to] + "\n" +
        show(e.info.type) + ", " + e.info.sign + "; " + k +
        (k === 1 ? " observation" : " observations") + " (click to read)";
    });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var network = new vis.Network(figure.querySelector(".gv-network-canvas"),
      {nodes: nodes, edges: edges},
      {physics: false, interaction: {hover: true, tooltipDelay: 150, keyboard: true},
       nodes: {font: {size: 22}, borderWidth: 1, color: {border: "#333333"},
               widthConstraint: {maximum: 165}},  // long names wrap instead of overlapping
       edges: {smooth: {type: "curvedCW", roundness: 0.12}}});
    network.on("click", function (params) {
      panel.textContent = "";
      if (params.nodes.length) nodeDetails(panel, nodes.get(params.nodes[0]));
      else if (params.edges.length) edgeDetails(panel, edges.get(params.edges[0]), names);
      else panel.textContent = "Click a node or a tie to read its details.";
    });
    figure.setAttribute("data-nodes", String(data.nodes.length));
    figure.gvNetwork = network;
  }
  function init() {
    if (typeof vis === "undefined") return;
    document.querySelectorAll("figure.gv-network").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
