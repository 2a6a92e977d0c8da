/* Sortable tables and the home page's tag filter.
 *
 * Contract with the templates: a `table.bench-sortable` sorts by a column when its heading is
 * clicked, using each cell's `data-value` (raw number) when present, else its text; cells
 * without a value (an em dash) sort last. Home page rows carry `data-tags` (a JSON list), and the
 * `#bench-tag-filter` select hides rows without the chosen tag. Listeners sit on the
 * document, so they keep working after Material's instant navigation replaces the page.
 */
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.children[index];
    if (!cell) return null;
    if (cell.dataset.value !== undefined) return parseFloat(cell.dataset.value);
    var text = cell.textContent.trim();
    return text === "\u2014" ? null : text.toLowerCase();
  }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, index), y = cellKey(b, index);
      if (x === null) return y === null ? 0 : 1;
      if (y === null) return -1;
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    header.parentNode.querySelectorAll("th").forEach(function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function sortFrom(event) {
    var header = event.target.closest && event.target.closest("table.bench-sortable thead th");
    if (!header) return false;
    var table = header.closest("table");
    sortBy(table, Array.prototype.indexOf.call(header.parentNode.children, header), header);
    return true;
  }

  document.addEventListener("click", sortFrom);

  // Keyboard users sort with Enter or Space on a focused heading.
  document.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && sortFrom(event)) {
      event.preventDefault();
    }
  });

  function makeFocusable() {
    document.querySelectorAll("table.bench-sortable thead th").forEach(function (th) {
      th.tabIndex = 0;
      th.title = "Sort by this column";
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(makeFocusable);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", makeFocusable);
  } else {
    makeFocusable();
  }

  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("#bench-tag-filter")) return;
    var tag = event.target.value;
    document.querySelectorAll("table.bench-reports tbody tr").forEach(function (row) {
      var tags = JSON.parse(row.dataset.tags || "[]");
      row.hidden = tag !== "" && tags.indexOf(tag) === -1;
    });
  });
})();
