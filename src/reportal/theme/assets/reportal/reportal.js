/* Reportal screen helpers (accessibility): name the search dialog, and make scrollable table
   wrappers reachable by keyboard. Runs on load and after Material's instant navigation. */
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

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState !== "loading") {
    enhance();
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
