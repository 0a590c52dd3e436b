/* Site search through Pagefind's own files (pagefind/, written after the build): nothing
   from outside the site. On the search page, Pagefind's interface in #dossier-search, which
   loads the index in small pieces as words are typed; a result link carries the words found
   (?h=...), and on the page it opens, those words are highlighted. No inline script: the
   pages' policy forbids them, so the settings are read from data attributes. */
(function () {
  "use strict";

  /* The site's root as a path ("/" or "/project/"), from Material's relative base. */
  function root() {
    var config = document.getElementById("__config");
    var base = ".";
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      base = ".";
    }
    return new URL(base.replace(/\/$/, "") + "/", window.location.href).pathname;
  }

  function bundle() {
    return root() + "pagefind/";
  }

  function load(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    document.head.appendChild(script);
  }

  function style(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function searchPage(element) {
    var site = root();
    var files = bundle();
    style(files + "pagefind-ui.css");
    load(files + "pagefind-ui.js", function () {
      if (typeof window.PagefindUI !== "function") return;
      var ui = new window.PagefindUI({
        element: "#" + element.id,
        bundlePath: files,
        baseUrl: site,
        highlightParam: "h",
        showImages: false,
        showSubResults: true,
        resetStyles: false,
        autofocus: true
      });
      var input = element.querySelector("input");
      if (input) input.setAttribute("aria-label", "搜索本站");  // a name, not only a title
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) ui.triggerSearch(query);
      element.removeAttribute("data-loading");
    });
  }

  function highlight() {
    var terms = new URLSearchParams(window.location.search).get("h");
    if (!terms || !terms.trim()) return;
    import(bundle() + "pagefind-highlight.js").then(function () {
      if (typeof window.PagefindHighlight !== "function") return;
      new window.PagefindHighlight({ highlightParam: "h", markContext: "article" });
    }).catch(function () { /* no highlight: the page reads as it is */ });
  }

  function start() {
    var element = document.getElementById("dossier-search");
    if (element) searchPage(element);
    else highlight();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
