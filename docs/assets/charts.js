/* Draws every chart on a page from the Plotly figure JSON that the generator put next to it.
 *
 * Contract with scripts/benchsite/templates/_charts.html.j2 and embed.html.j2: a chart is a
 * `.bench-chart` element whose `data-figure` attribute holds the figure JSON (a following
 * `script.bench-chart-data` element is read too, but Material's instant navigation runs such
 * scripts as JavaScript); `data-fill` makes it fill its container's height (embed pages). A
 * `textarea.bench-embed-code` gets a ready <iframe> snippet with the chart page's absolute
 * address, and a `.bench-copy` button next to it copies that snippet.
 *
 * plotly.js is fetched once per visit, and only by pages that have a chart. Charts are drawn
 * again after Material's instant navigation swaps the page, take their colours from the
 * current palette (and follow the light/dark toggle), and resize when their container
 * changes size, which includes a content tab that was hidden being shown. An embed page
 * (`body.bench-embed`) takes its palette from `?theme=light|dark`, else from the system.
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

  function embedTheme() {
    if (!document.body.classList.contains("bench-embed")) return;
    var asked = new URLSearchParams(window.location.search).get("theme");
    var dark = asked === "dark" || (asked !== "light" && window.matchMedia &&
      window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.body.setAttribute("data-md-color-scheme", dark ? "slate" : "default");
  }

  function palette() {
    var style = getComputedStyle(document.body);
    function css(name, fallback) {
      return style.getPropertyValue(name).trim() || fallback;
    }
    // The fallbacks are the light palette that static images use (charts.LIGHT).
    var fg = css("--md-default-fg-color", "#222222");
    var grid = css("--md-default-fg-color--lightest", "#dddddd");
    return {
      paper_bgcolor: css("--md-default-bg-color", "#ffffff"),
      plot_bgcolor: css("--md-default-bg-color", "#ffffff"),
      font: { color: fg },
      "xaxis.gridcolor": grid,
      "yaxis.gridcolor": grid,
      "xaxis.zerolinecolor": grid,
      "yaxis.zerolinecolor": grid,
      "legend.font.color": fg
    };
  }

  var resizer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var element = entry.target;
      if (element.offsetWidth > 0 && window.Plotly && element.dataset.drawn === "yes") {
        window.Plotly.Plots.resize(element);
      }
    });
  });

  // The figure JSON: the chart's data-figure attribute, or else a following
  // script.bench-chart-data element (which only survives full page loads).
  function figureOf(element) {
    if (element.dataset.figure) return JSON.parse(element.dataset.figure);
    var data = element.nextElementSibling;
    if (data && data.classList.contains("bench-chart-data")) {
      return JSON.parse(data.textContent);
    }
    return null;
  }

  function draw(Plotly, element) {
    var figure = figureOf(element);
    if (!figure) return Promise.resolve();
    var layout = Object.assign({}, figure.layout, { autosize: true });
    if (element.dataset.fill === "yes") delete layout.height;
    var config = { responsive: true, displaylogo: false };
    return Plotly.newPlot(element, figure.data, layout, config).then(function () {
      return Plotly.relayout(element, palette());
    }).then(function () {
      element.dataset.drawn = "yes";
      resizer.observe(element);
      if (window.performance && performance.mark) {
        performance.mark("bench-chart-drawn:" + element.dataset.chart);
      }
    });
  }

  function fail(element, error) {
    element.textContent = "The chart could not be drawn (" + error.message + "); " +
      "the results table holds the same figures.";
  }

  function drawAll() {
    var charts = document.querySelectorAll(".bench-chart");
    if (!charts.length) return;
    loadPlotly().then(function (Plotly) {
      charts.forEach(function (element) {
        if (element.dataset.drawn !== "yes") {
          draw(Plotly, element).catch(function (error) { fail(element, error); });
        }
      });
    }).catch(function (error) {
      charts.forEach(function (element) { fail(element, error); });
    });
  }

  function redrawColours() {
    if (!window.Plotly) return;
    document.querySelectorAll(".bench-chart[data-drawn=yes]").forEach(function (element) {
      window.Plotly.relayout(element, palette());
    });
  }

  // The snippet is built as an element and serialised, so the browser does the escaping.
  function fillEmbedCode() {
    document.querySelectorAll("textarea.bench-embed-code").forEach(function (area) {
      var frame = document.createElement("iframe");
      frame.setAttribute("src", new URL(area.dataset.src, window.location.href).href);
      frame.setAttribute("title", area.dataset.title || "Chart");
      frame.setAttribute("width", "100%");
      frame.setAttribute("height", "420");
      frame.setAttribute("style", "border:0");
      frame.setAttribute("loading", "lazy");
      area.value = frame.outerHTML;
    });
  }

  function copyCode(button) {
    var area = button.parentElement.querySelector("textarea.bench-embed-code");
    var status = button.parentElement.querySelector(".bench-copy-status");
    if (!area) return;
    function done(message) { if (status) status.textContent = message; }
    function fallback() {
      area.focus();
      area.select();
      done(document.execCommand("copy") ? "Copied." : "Select the text and copy it.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () { done("Copied."); },
        fallback);
    } else {
      fallback();
    }
  }

  // One listener for the whole visit: instant navigation swaps the buttons, not the document.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".bench-copy") : null;
    if (button) copyCode(button);
  });

  function setUpPage() {
    fillEmbedCode();
    drawAll();
  }

  embedTheme();

  // Material sets the palette as attributes on <body>; the toggle changes them in place.
  new MutationObserver(redrawColours).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme", "data-md-color-primary"]
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpPage);
  } else {
    setUpPage();
  }
})();
