/* Reportal screen helpers: name the search dialog, make scrollable table wrappers reachable by
   keyboard (accessibility), label the cells of the action tables (cards on a phone), and say
   where PDFs come from when a page has none (a preview or a --no-pdf build). Runs on load and
   after Material's instant navigation. */
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

  // A phone reads the action tables as one card per row: each cell is labelled with its
  // column's header (reportal.css shows the label before the value under 600 px).
  var REFLOW = ".reportal-reflow table, .reportal-kpi-actions table";

  function labelCells() {
    document.querySelectorAll(REFLOW).forEach(function (table) {
      var headers = Array.from(table.querySelectorAll("thead th")).map(function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.from(row.children).forEach(function (cell, index) {
          if (headers[index]) {
            cell.setAttribute("data-label", headers[index]);
          }
        });
      });
      table.classList.add("reportal-reflow-ready");
    });
  }

  // The PDF stage marks a link "found" when the PDF sits beside the page; a preview or a
  // --no-pdf build leaves it "pending": then the note says where PDFs come from.
  function checkPdf(actions) {
    actions.setAttribute("data-pdf-check", "missing");
    var note = actions.querySelector(".reportal-pdf-missing");
    if (note) {
      note.hidden = false;
    }
  }

  function checkPdfs() {
    document.querySelectorAll('.reportal-actions[data-pdf-check="pending"]').forEach(checkPdf);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
    window.document$.subscribe(labelCells);
    window.document$.subscribe(checkPdfs);
  } else if (document.readyState !== "loading") {
    enhance();
    labelCells();
    checkPdfs();
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
    document.addEventListener("DOMContentLoaded", labelCells);
    document.addEventListener("DOMContentLoaded", checkPdfs);
  }
})();
