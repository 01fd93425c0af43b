/* Reportal's search worker: Material's own worker, with lunr's query lexer splitting terms on
   white space only. lunr splits every query term at "-" (QueryLexer.termSeparator is
   /[\s\-]+/, whatever the search plugin's `separator`), so a report number typed whole,
   "SR-ACME-2026-10-01", became five terms (and "SR-" an invalid query). The index keeps
   numbers and dates whole (mkdocs.yml: the separator splits at "-" only beside a non-word
   character), so the whole number now finds its report first. search-config.js points
   Material at this file and names Material's worker in ?worker=. */
(function () {
  "use strict";

  var name = new URL(self.location.href).searchParams.get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("reportal-search: unexpected worker name " + name);
  }
  importScripts(name);
  if (self.lunr && self.lunr.QueryLexer) {
    self.lunr.QueryLexer.termSeparator = /\s+/;
  }
})();
