/* 支部名录: filter the list by zone, level, parent organization, grade, name or code.
   The page is a plain table that reads without this script; the script only shows the
   form and hides the rows that do not match. When the list is cut into pages, it filters
   the whole list from the data file beside the page (directory.json), written as text,
   never as markup. No library, nothing from outside the site. */
(function () {
  "use strict";

  var LIMIT = 500; // rows shown at most for a filter over the whole list

  function facets(form) {
    var wanted = {};
    ["zone", "level", "org", "grade"].forEach(function (key) {
      var field = form.elements[key];
      if (field && field.value) wanted[key] = field.value;
    });
    var q = form.elements.q ? form.elements.q.value.trim().toLowerCase() : "";
    return { wanted: wanted, q: q };
  }

  function matches(values, text, filter) {
    for (var key in filter.wanted) {
      if (String(values[key]) !== filter.wanted[key]) return false;
    }
    return !filter.q || text.toLowerCase().indexOf(filter.q) !== -1;
  }

  function cell(row, text, css) {
    var td = document.createElement("td");
    if (css) td.className = css;
    if (text !== null) td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function render(entry, base) {
    var row = document.createElement("tr");
    cell(row, entry.code);
    var name = cell(row, null);
    var a = document.createElement("a");
    a.href = new URL(entry.url, base).href;
    a.textContent = entry.name;
    name.appendChild(a);
    cell(row, entry.org_name);
    cell(row, entry.zone_name);
    cell(row, entry.level_name);
    cell(row, String(entry.year), "num");
    cell(row, entry.total, "num");
    var grade = cell(row, null);
    grade.setAttribute("data-sort", String(entry.grade));
    var badge = document.createElement("span");
    badge.className = "grade grade-" + Number(entry.grade);
    badge.textContent = entry.grade_name;
    grade.appendChild(badge);
    if (entry.vetoed) {
      var veto = document.createElement("span");
      veto.className = "badge badge-veto";
      veto.title = "一票否决";
      veto.textContent = "否决";
      grade.appendChild(veto);
    }
    return row;
  }

  function start() {
    var form = document.querySelector("form.directory-filter");
    var table = document.querySelector("table[data-source]");
    if (!form || !table || !table.tBodies[0]) return;
    var body = table.tBodies[0];
    var original = Array.prototype.slice.call(body.rows);
    var paged = document.querySelector("nav.pager") !== null;
    var count = form.querySelector(".directory-count");
    var source = new URL(table.getAttribute("data-source"), window.location.href);
    var data = null;

    function say(text) {
      if (count) count.textContent = text;
    }

    function local(filter) {
      var shown = 0;
      original.forEach(function (row) {
        var ok = matches(row.dataset, row.textContent, filter);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      return shown;
    }

    function whole(filter) {
      var found = data.rows.filter(function (entry) {
        var text = [entry.code, entry.name, entry.org_name].join(" ");
        return matches(entry, text, filter);
      });
      while (body.firstChild) body.removeChild(body.firstChild);
      found.slice(0, LIMIT).forEach(function (entry) {
        body.appendChild(render(entry, source));
      });
      say(found.length > LIMIT
        ? "符合条件的 " + found.length + " 个党支部，显示前 " + LIMIT + " 个"
        : "符合条件的 " + found.length + " 个党支部");
    }

    function apply() {
      var filter = facets(form);
      var any = filter.q || Object.keys(filter.wanted).length;
      if (!paged || !any) {
        if (body.rows.length !== original.length || body.rows[0] !== original[0]) {
          while (body.firstChild) body.removeChild(body.firstChild);
          original.forEach(function (row) { body.appendChild(row); });
        }
        var shown = local(filter);
        say(any ? "符合条件的 " + shown + " 个党支部" : "");
        return;
      }
      if (data) { whole(filter); return; }
      say("正在读取名录……");
      fetch(source.href).then(function (response) { return response.json(); })
        .then(function (loaded) { data = loaded; apply(); })
        .catch(function () { say("无法读取完整名录，只筛选本页"); paged = false; apply(); });
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
