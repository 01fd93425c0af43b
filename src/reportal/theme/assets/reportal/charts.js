/* Reportal charts: draw every .reportal-chart from its data-figure (plotly JSON).
 * plotly.min.js is loaded once per site in <head>; report HTML carries no script.
 * Runs on load and again after Material's instant navigation (document$). A click on a point
 * carrying a relative link in its customdata opens it (dashboard point -> report). */
(function () {
  "use strict";

  var NARROW = 560; // px of chart width below which the layout is made for a phone

  // Month labels turn on a narrow chart and need the room the legend took: the legend moves
  // below them and the bottom margin grows.
  function narrowLayout(layout) {
    var margin = Object.assign({}, layout.margin || {}, { l: 40, r: 10, b: 110 });
    var legend = Object.assign({}, layout.legend || {}, { orientation: "h", y: -0.55 });
    var xaxis = Object.assign({}, layout.xaxis || {}, { tickangle: -45, automargin: true });
    return Object.assign({}, layout, { margin: margin, legend: legend, xaxis: xaxis, height: 360 });
  }

  function draw(element) {
    if (element.dataset.drawn === "1" || typeof Plotly === "undefined") {
      return;
    }
    var figure;
    try {
      figure = JSON.parse(element.getAttribute("data-figure"));
    } catch (error) {
      element.textContent = "图表数据无法解析 / chart data could not be read";
      return;
    }
    // Material shrinks a <figure> to its content; a chart should use the column's width.
    var holder = element.closest("figure");
    if (holder) {
      holder.style.display = "block";
      holder.style.width = "100%";
    }
    var config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
    var layout = figure.layout || {};
    // A report chart names its plotly template; the site ships each template once
    // (assets/reportal/chart-templates.js) instead of a copy in every chart.
    if (typeof layout.template === "string") {
      var templates = window.ReportalPlotlyTemplates || {};
      if (templates[layout.template]) {
        layout.template = templates[layout.template];
      } else {
        delete layout.template;
      }
    }
    if (element.clientWidth < NARROW) {
      // a phone: the mode bar would cover the plot, and the legend the month labels
      config.displayModeBar = false;
      layout = narrowLayout(layout);
    }
    Plotly.newPlot(element, figure.data || [], layout, config);
    // A point whose customdata is a relative link (the dashboards: the report behind the
    // point) opens that report when clicked. Only plain relative paths are followed.
    element.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      var target = point && point.customdata;
      if (typeof target === "string" && /^[\w.\/-]+$/.test(target)) {
        window.location.href = target;
      }
    });
    // Drawn, the chart holds controls (mode bar): an "img" may not contain them, so it becomes
    // a labelled group; the aria-label still summarises the data, the table follows.
    element.setAttribute("role", "group");
    element.dataset.drawn = "1";
  }

  function drawAll() {
    var charts = document.querySelectorAll(".reportal-chart[data-figure]");
    for (var i = 0; i < charts.length; i++) {
      draw(charts[i]);
    }
  }

  // drawAll is idempotent (data-drawn), so it is safe to call it from every hook.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(drawAll);
  }
})();
