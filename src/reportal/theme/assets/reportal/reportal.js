/* Reportal screen helpers: name the search dialog, make scrollable table wrappers reachable by
   keyboard (accessibility), and show a report's PDF link only when the PDF exists (a preview or
   a --no-pdf build has none: a note says so instead). Runs on load and after Material's instant
   navigation. */
(function () {
  "use strict";

  function label(element, text) {
    if (!element.hasAttribute("aria-label")) {
      element.setAttribute("aria-label", text);
    }
  }

  function enhance() {
    var lang = (document.documentElement.lang || "zh").slice(0, 2);
    var search = document.querySelector('.md-search[role="dialog"]');
    if (search) {
      label(search, lang === "zh" ? "搜索" : "Search");
    }
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, index) {
      var caption = wrap.querySelector("caption");
      var name = (lang === "zh" ? "表格 " : "Table ") + (index + 1);
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      label(wrap, caption ? name + "：" + caption.textContent.trim() : name);
    });
  }

  function checkPdf(actions) {
    var link = actions.querySelector("a.reportal-pdf");
    var note = actions.querySelector(".reportal-pdf-missing");
    function show(found) {
      actions.setAttribute("data-pdf-check", found ? "found" : "missing");
      if (note) {
        note.hidden = found;
      }
    }
    if (!link || !window.fetch || location.protocol === "file:") {
      show(true);
      return;
    }
    fetch(link.href, { method: "HEAD", cache: "no-store" })
      .then(function (response) { show(response.ok); })
      .catch(function () { show(true); });
  }

  function checkPdfs() {
    document.querySelectorAll('.reportal-actions[data-pdf-check="pending"]').forEach(checkPdf);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
    window.document$.subscribe(checkPdfs);
  } else if (document.readyState !== "loading") {
    enhance();
    checkPdfs();
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
    document.addEventListener("DOMContentLoaded", checkPdfs);
  }
})();
