// Draws the toll chart from the JSON block the server put in the page (api/views.py, toll_chart): one Plotly
// series per claimant over the as-of dates. Hover texts arrive HTML-escaped, so Plotly shows article text as text.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var state = { drawn: false, points: 0 };
  window.claimgraph = state;

  function highlight(anchor) {
    var row = document.getElementById(anchor);
    if (!row) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("tr.highlight"), function (other) {
      other.classList.remove("highlight");
    });
    row.classList.add("highlight");
    row.scrollIntoView({ block: "center" });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + anchor);
    }
  }

  function trace(series) {
    return {
      type: "scatter",
      mode: "lines+markers",
      name: series.name,
      x: series.x,
      y: series.y,
      customdata: series.anchors,
      hovertext: series.hover,
      hoverinfo: "text",
      line: { shape: "linear", width: 2 },
      marker: {
        size: series.disputed.map(function (d) { return d ? 14 : 9; }),
        symbol: series.disputed.map(function (d) { return d ? "circle-open-dot" : "circle"; }),
        line: { width: series.disputed.map(function (d) { return d ? 3 : 0; }), color: "#c0392b" },
      },
      error_y: { type: "data", symmetric: false, array: series.above, arrayminus: series.below, visible: true, thickness: 1 },
    };
  }

  var chart = document.getElementById("toll-chart");
  if (!data.series.length || typeof Plotly === "undefined") {
    state.drawn = true;
    return;
  }
  var layout = {
    margin: { l: 60, r: 20, t: 30, b: 50 },
    hovermode: "closest",
    legend: { orientation: "h", y: -0.15 },
    xaxis: { title: { text: "as-of date" }, type: "date" },
    yaxis: { title: { text: data.y_title }, type: data.log ? "log" : "linear", rangemode: "tozero" },
    title: { text: data.title, font: { size: 14 } },
  };
  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };
  Plotly.newPlot(chart, data.series.map(trace), layout, config).then(function () {
    state.points = data.series.reduce(function (total, series) { return total + series.x.length; }, 0);
    state.drawn = true;
    chart.on("plotly_click", function (event) {
      if (event.points && event.points.length) {
        highlight(event.points[0].customdata);
      }
    });
    if (window.location.hash) {
      highlight(window.location.hash.slice(1));
    }
  });
})();
