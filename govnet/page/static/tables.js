// govnet report tables: sort by a column and filter rows, offline, no library.
// Enhances every <table data-sortable> rendered by govnet.page.render_table / evidence_appendix.
(function () {
  "use strict";
  function cellKey(row, col, numeric) {
    var cell = row.cells[col];
    if (!cell) return numeric ? -Infinity : "";
    if (numeric) {
      var v = cell.getAttribute("data-value");
      return v === null || v === "" ? -Infinity : parseFloat(v);
    }
    return cell.textContent.trim().toLowerCase();
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var numeric = th.classList.contains("num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {
      return {row: r, key: cellKey(r, col, numeric), i: i};
    });
    rows.sort(function (a, b) {
      var d = numeric ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
        : a.key.localeCompare(b.key, undefined, {numeric: true});  // r9 before r10
      return (ascending ? d : -d) || a.i - b.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
  }
  function filter(table, text, count) {
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var t = r.textContent.toLowerCase();
      var ok = words.every(function (w) { return t.indexOf(w) >= 0; });
      r.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown + " of " + table.tBodies[0].rows.length + " rows";
  }
  function enhance(table) {
    var bar = document.createElement("div");
    bar.className = "gv-table-tools";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows";
    input.setAttribute("aria-label", "Filter the rows of this table");
    var count = document.createElement("span");
    count.className = "gv-table-count";
    count.setAttribute("aria-live", "polite");
    bar.appendChild(input);
    bar.appendChild(count);
    table.parentNode.insertBefore(bar, table);
    input.addEventListener("input", function () { filter(table, input.value, count); });
    filter(table, "", count);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gv-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, col, th); });
    });
  }
  function init() {
    document.querySelectorAll("table[data-sortable]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
