/* Draws every chart on a page from the Plotly figure JSON that the generator put next to it.
 *
 * Contract with scripts/benchsite/templates/_charts.html.j2: a chart is a `.bench-chart`
 * element followed by a `script.bench-chart-data` element holding the figure JSON.
 *
 * plotly.js is fetched once per visit, and only by pages that have a chart. Charts are drawn
 * again after Material's instant navigation swaps the page, take their colours from the
 * current palette (and follow the light/dark toggle), and resize when their container
 * changes size, which includes a content tab that was hidden being shown.
 */
(function () {
  "use strict";

  var here = document.currentScript ? document.currentScript.src : "";
  var plotlyUrl = new URL("vendor/plotly.min.js", here || window.location.href).href;
  var plotlyReady = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyReady) {
      plotlyReady = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = plotlyUrl;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () {
          plotlyReady = null;
          reject(new Error("could not load " + plotlyUrl));
        };
        document.head.appendChild(tag);
      });
    }
    return plotlyReady;
  }

  function palette() {
    var style = getComputedStyle(document.body);
    function css(name, fallback) {
      return style.getPropertyValue(name).trim() || fallback;
    }
    var fg = css("--md-default-fg-color", "#222");
    var grid = css("--md-default-fg-color--lightest", "#ddd");
    return {
      paper_bgcolor: css("--md-default-bg-color", "#fff"),
      plot_bgcolor: css("--md-default-bg-color", "#fff"),
      font: { color: fg },
      "xaxis.gridcolor": grid,
      "yaxis.gridcolor": grid,
      "xaxis.zerolinecolor": grid,
      "yaxis.zerolinecolor": grid,
      "legend.font.color": fg
    };
  }

  function applyPalette(Plotly, element) {
    return Plotly.relayout(element, palette());
  }

  var resizer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var element = entry.target;
      if (element.offsetWidth > 0 && window.Plotly && element.dataset.drawn === "yes") {
        window.Plotly.Plots.resize(element);
      }
    });
  });

  function draw(Plotly, element) {
    var data = element.nextElementSibling;
    if (!data || !data.classList.contains("bench-chart-data")) return Promise.resolve();
    var figure = JSON.parse(data.textContent);
    var layout = Object.assign({}, figure.layout, { autosize: true });
    var config = { responsive: true, displaylogo: false };
    return Plotly.newPlot(element, figure.data, layout, config).then(function () {
      element.dataset.drawn = "yes";
      resizer.observe(element);
      return applyPalette(Plotly, element);
    });
  }

  function drawAll() {
    var charts = document.querySelectorAll(".bench-chart");
    if (!charts.length) return;
    loadPlotly().then(function (Plotly) {
      charts.forEach(function (element) {
        if (element.dataset.drawn !== "yes") draw(Plotly, element);
      });
    }).catch(function (error) {
      charts.forEach(function (element) {
        element.textContent = "The chart could not be drawn (" + error.message + "); " +
          "the table above holds the same figures.";
      });
    });
  }

  function redrawColours() {
    if (!window.Plotly) return;
    document.querySelectorAll(".bench-chart[data-drawn=yes]").forEach(function (element) {
      applyPalette(window.Plotly, element);
    });
  }

  // Material sets the palette as attributes on <body>; the toggle changes them in place.
  new MutationObserver(redrawColours).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme", "data-md-color-primary"]
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(drawAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
