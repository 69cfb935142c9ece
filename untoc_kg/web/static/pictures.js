// Draws the figures of a page (templates/pictures/macros.html) with plotly.js, which this site
// serves from the installed plotly package: it loads plotly.js once, however many figures the
// page has, and makes a click on a cell follow the link the cell carries (its customdata).
(function () {
  if (window.untocPictures) { return; }
  window.untocPictures = true;

  function draw(box) {
    var figure = JSON.parse(document.getElementById(box.dataset.figure).textContent);
    var layout = figure.layout, least = layout.meta && layout.meta.least_width;
    // A matrix is drawn as wide as its box allows, between its own width and the least width
    // at which its cells stay apart (figures.py); a narrower box scrolls.
    if (least && layout.width > box.parentNode.clientWidth) {
      layout.width = Math.max(least, box.parentNode.clientWidth);
    }
    // No mode bar: its buttons speak English only, and the data is one click away as CSV.
    Plotly.newPlot(box, figure.data, figure.layout, {responsive: true, displayModeBar: false})
      .then(function () { box.dataset.drawn = "true"; });
    box.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var href = point && point.customdata;
      if (typeof href === "string" && href.charAt(0) === "/") { window.location.href = href; }
    });
  }

  function drawAll() {
    document.querySelectorAll("div.plot[data-figure]").forEach(draw);
  }

  var script = document.createElement("script");
  script.src = "/static/vendor/plotly.min.js";
  script.onload = drawAll;
  document.head.appendChild(script);
})();
