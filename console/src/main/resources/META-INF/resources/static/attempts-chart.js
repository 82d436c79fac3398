// Draws the blocked-attempts chart with uPlot from the data the page carries in data-series.
(function () {
  function draw() {
    var element = document.getElementById("attempts-chart");
    if (!element || typeof uPlot === "undefined") {
      return;
    }
    var data = JSON.parse(element.getAttribute("data-series"));
    var width = Math.max(280, element.clientWidth);
    new uPlot({
      width: width,
      height: 260,
      // times in UTC, as the page's since/until fields and the table are
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      series: [{}, { label: "attempts", stroke: "#a4161a", fill: "rgba(164,22,26,0.15)", paths: uPlot.paths.stepped({ align: 1 }) }],
      axes: [{ label: "time (UTC)" }, { label: "attempts" }],
      scales: { y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } }
    }, data, element);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
