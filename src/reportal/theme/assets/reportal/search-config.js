/* Runs before Material's bundle: its search runs in Reportal's worker (reportal-search.js,
   beside Material's), which keeps report numbers whole in queries. */
(function () {
  "use strict";

  var element = document.getElementById("__config");
  if (!element) {
    return;
  }
  var config = JSON.parse(element.textContent);
  var match = /^(.*\/)?(search\.[0-9a-f]+\.min\.js)$/.exec(config.search || "");
  if (match) {
    config.search = (match[1] || "") + "reportal-search.js?worker=" + match[2];
    element.textContent = JSON.stringify(config);
  }
})();
