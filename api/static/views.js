// Draws a Claimgraph network view from the JSON block the server put in the page (api/views.py).
// Article text is untrusted: it is only ever placed with textContent, and tooltips are handed to vis-network as
// elements we build, so no name or sentence is parsed as HTML whatever vis-network does with strings.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var state = { network: null, stabilized: false, drawn: false, still: false, drawMs: null };
  window.claimgraph = state;

  function textBlock(text, className) {
    var element = document.createElement("div");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function withTooltips(items) {
    return items.map(function (item) {
      var copy = Object.assign({}, item);
      if (typeof copy.title === "string") {
        copy.title = textBlock(copy.title, "tip");
      }
      return copy;
    });
  }

  function showDetails(nodeId) {
    var panel = document.getElementById("details");
    var info = data.details[nodeId];
    while (panel.firstChild) {
      panel.removeChild(panel.firstChild);
    }
    var heading = document.createElement("h2");
    heading.textContent = "Details";
    panel.appendChild(heading);
    if (!info) {
      panel.appendChild(textBlock("Click a node.", "hint"));
      return;
    }
    panel.appendChild(textBlock(info.name, "name"));
    panel.appendChild(textBlock(info.label + " · " + nodeId, "id"));
    var facts = document.createElement("dl");
    info.facts.forEach(function (fact) {
      var term = document.createElement("dt");
      term.textContent = fact[0].replace(/_/g, " ");
      var value = document.createElement("dd");
      value.textContent = fact[1];
      facts.appendChild(term);
      facts.appendChild(value);
    });
    panel.appendChild(facts);
    var links = document.createElement("ul");
    links.className = "links";
    info.links.forEach(function (link) {
      // hrefs are server-built relative paths of percent-encoded ids; never a javascript: URL
      if (link[1].charAt(0) !== "/") {
        return;
      }
      var item = document.createElement("li");
      var anchor = document.createElement("a");
      anchor.href = link[1];
      anchor.textContent = link[0];
      item.appendChild(anchor);
      links.appendChild(item);
    });
    panel.appendChild(links);
  }

  function draw() {
    var started = performance.now();
    state.startedMs = started; // since navigation start: what fetching and parsing the page and scripts took
    var container = document.getElementById("network");
    var nodes = new vis.DataSet(withTooltips(data.nodes));
    var edges = new vis.DataSet(withTooltips(data.edges));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    state.network = network;
    function stopPhysics() {
      // a settled layout needs no more physics: stop it so the page does not keep a CPU busy
      if (!state.still) {
        state.still = true;
        network.setOptions({ physics: { enabled: false } });
        document.body.setAttribute("data-still", "true");
      }
    }
    network.once("stabilizationIterationsDone", function () {
      state.stabilized = true;
      network.fit();
      // big graphs get a short head start before the first drawing and finish settling on screen
      window.setTimeout(stopPhysics, 4000);
    });
    network.once("stabilized", stopPhysics);
    network.on("afterDrawing", function () {
      if ((state.stabilized || data.nodes.length === 0) && !state.drawn) {
        state.drawn = true;
        state.drawMs = performance.now() - started;
        document.body.setAttribute("data-drawn", "true");
      }
    });
    network.on("click", function (params) {
      if (params.nodes.length) {
        showDetails(params.nodes[0]);
      }
    });
    if (data.nodes.length === 0) {
      state.stabilized = true;
      network.redraw();
    }
  }

  // Empty inputs mean "no filter": leave them out of the query string.
  var form = document.querySelector("form.filters");
  if (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name && element.value === "") {
          element.disabled = true;
        }
      });
    });
  }

  draw();
})();
