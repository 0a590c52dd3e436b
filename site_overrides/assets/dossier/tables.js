/* Sortable tables without any library: click a header to sort by that column.
   Cells may carry data-sort (the value to sort by); columns marked data-type="num" sort as
   numbers. Works with and without Material's instant navigation. Also opens folded
   sections before printing, so a printed page shows everything, and marks a table's
   wrapper that scrolls sideways ("scrolls"; "at-end" once scrolled to its end), so the
   style sheet can show a cue and pin the first column. */
(function () {
  "use strict";

  var collator = new Intl.Collator("zh-CN", { numeric: true, sensitivity: "base" });

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var sort = cell.getAttribute("data-sort");
    return sort !== null ? sort : cell.textContent.trim();
  }

  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-type") === "num";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, position) { row.__position = position; });
    rows.sort(function (a, b) {
      var x = cellValue(a, index);
      var y = cellValue(b, index);
      var order;
      if (numeric) {
        var nx = parseFloat(x);
        var ny = parseFloat(y);
        if (isNaN(nx)) nx = -Infinity;
        if (isNaN(ny)) ny = -Infinity;
        order = nx - ny;
      } else {
        order = collator.compare(x, y);
      }
      if (order === 0) order = a.__position - b.__position;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(header.parentNode.cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enable(root) {
    var tables = root.querySelectorAll("table.sortable");
    Array.prototype.forEach.call(tables, function (table) {
      if (table.getAttribute("data-sortable-ready")) return;
      table.setAttribute("data-sortable-ready", "1");
      var head = table.tHead && table.tHead.rows[0];
      if (!head) return;
      Array.prototype.forEach.call(head.cells, function (header, index) {
        header.setAttribute("tabindex", "0");
        header.setAttribute("title", "点击排序");
        header.addEventListener("click", function () { sortBy(table, header, index); });
        header.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            sortBy(table, header, index);
          }
        });
      });
    });
  }

  function mark(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("scrolls", scrolls);
    wrap.classList.toggle("at-end", wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
  }

  function watch(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".table-wrap, .md-typeset__scrollwrap"), function (wrap) {
      mark(wrap);
      if (wrap.getAttribute("data-watched")) return;
      wrap.setAttribute("data-watched", "1");
      wrap.addEventListener("scroll", function () { mark(wrap); }, { passive: true });
    });
  }

  function start() {
    enable(document);
    watch(document);
  }

  window.addEventListener("resize", function () { watch(document); });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (details) {
      details.setAttribute("open", "");
    });
  });
})();
