// Draws the toll chart from the JSON block the server put in the page (api/views.py, toll_chart): one Plotly
// series per claimant over the as-of dates. Hover texts arrive HTML-escaped, so Plotly shows article text as text.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var state = { drawn: false, points: 0 };
  window.claimgraph = state;

  function drawn() {
    state.drawn = true;
    document.body.dataset.drawn = "true"; // what the browser test waits for
  }

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

  // Plotly's own colour cycle, so a claimant's counted and vague tolls share one colour
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

  // The points of a series whose vague flag is (or is not) set, as a Plotly trace.
  function trace(series, vague, color) {
    var keep = series.x.map(function (_, i) { return i; }).filter(function (i) { return series.vague[i] === vague; });
    function pick(values) { return keep.map(function (i) { return values[i]; }); }
    var disputed = pick(series.disputed);
    return {
      type: "scatter",
      // vague counts ("hundreds") are drawn apart, not joined into the claimant's line of counted tolls
      mode: vague || !data.joined ? "markers" : "lines+markers",
      name: series.name,
      legendgroup: series.name,
      showlegend: !vague || !series.vague.some(function (v) { return !v; }),
      x: pick(series.x),
      y: pick(series.y),
      customdata: pick(series.anchors),
      hovertext: pick(series.hover),
      hoverinfo: "text",
      line: { shape: "linear", width: 2, color: color },
      marker: {
        color: color,
        size: disputed.map(function (d) { return d ? 14 : 9; }),
        symbol: disputed.map(function (d) { return d ? "circle-open-dot" : vague ? "diamond-open" : "circle"; }),
        line: {
          width: disputed.map(function (d) { return d ? 3 : vague ? 2 : 0; }),
          color: disputed.map(function (d) { return d ? "#c0392b" : color; }),
        },
      },
      error_y: {
        type: "data", symmetric: false, array: pick(series.above), arrayminus: pick(series.below),
        visible: true, thickness: 1, color: color,
      },
    };
  }

  function traces(series, number) {
    var color = COLORS[number % COLORS.length];
    return [trace(series, false, color), trace(series, true, color)].filter(function (t) { return t.x.length; });
  }

  var chart = document.getElementById("toll-chart");
  if (!data.series.length || typeof Plotly === "undefined") {
    drawn();
    return;
  }
  var layout = {
    margin: { l: 60, r: 20, t: 30, b: 50 },
    hovermode: "closest",
    showlegend: true, // even for one claimant: the legend names whose figures these are
    legend: { orientation: "h", y: -0.15 },
    xaxis: {
      title: { text: "as-of date" },
      type: "date",
      tickformat: "%Y-%m-%d",
      dtick: data.daily_ticks ? 86400000 : undefined,
    },
    yaxis: data.log
      ? { title: { text: data.y_title }, type: "log", dtick: 1, tickformat: ",d" }
      : { title: { text: data.y_title }, type: "linear", rangemode: "tozero", tickformat: ",d" },
    title: { text: data.title, font: { size: 14 } },
  };
  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };
  var all = data.series.reduce(function (list, series, number) { return list.concat(traces(series, number)); }, []);
  Plotly.newPlot(chart, all, layout, config).then(function () {
    state.points = data.series.reduce(function (total, series) { return total + series.x.length; }, 0);
    drawn();
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
