/*
 * ATR Observatory dashboard: progressive enhancement (hand-written, no build step).
 *
 * Every chart is already on the page as an SVG drawn at build time, so nothing here is needed
 * to read the site. Where JavaScript runs and the bundled vega/vega-embed have loaded, each
 * chart's compiled Vega spec (inlined as JSON, never fetched: fetches fail on file://) is drawn
 * again with tooltips, and the static SVG is hidden only once that has worked. `ast: true`
 * uses vega's expression interpreter, so charts also work under a CSP without 'unsafe-eval'.
 */
(function () {
  "use strict";

  if (window.GOVUKFrontend && typeof window.GOVUKFrontend.initAll === "function") {
    window.GOVUKFrontend.initAll();
  }

  function enhance(figure) {
    var specElement = document.getElementById(figure.getAttribute("data-atr-spec"));
    var staticChart = figure.querySelector(".atr-chart__static");
    if (!specElement || !staticChart || typeof window.vegaEmbed !== "function") {
      return;
    }
    var spec;
    try {
      spec = JSON.parse(specElement.textContent);
    } catch (error) {
      figure.setAttribute("data-enhanced", "failed");
      return;
    }
    var live = document.createElement("div");
    live.className = "atr-chart__live";
    staticChart.parentNode.insertBefore(live, staticChart.nextSibling);
    window
      .vegaEmbed(live, spec, { mode: "vega", renderer: "svg", actions: false, ast: true })
      .then(function () {
        staticChart.hidden = true;
        figure.setAttribute("data-enhanced", "true");
      })
      .catch(function () {
        live.parentNode.removeChild(live);
        figure.setAttribute("data-enhanced", "failed");
      });
  }

  var figures = document.querySelectorAll("[data-atr-spec]");
  for (var i = 0; i < figures.length; i++) {
    enhance(figures[i]);
  }
})();
