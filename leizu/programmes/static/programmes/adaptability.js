/* Heatmap of programme groups × occupations (ECharts): the share of each occupation's skill
   profile the group's confirmed learning outcomes cover. A click on a cell opens its
   explanation. Tooltips are drawn on the canvas (renderMode "richText"): ECharts' HTML tooltips
   carry style attributes, which the Content-Security-Policy refuses. */
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("adaptability-data");
    var node = document.getElementById("chart-adaptability");
    if (!el || !node || !window.echarts) return;
    var d = JSON.parse(el.textContent);
    if (!d.groups.length || !d.codes.length) {
      node.innerHTML = '<p class="muted chart-empty">' + d.labels.noData + "</p>";
      return;
    }
    var cells = [];
    d.values.forEach(function (row, g) {
      row.forEach(function (v, o) { cells.push([o, g, Math.round(v * 100)]); });
    });
    node.style.height = Math.max(260, 60 + 44 * d.groups.length) + "px";
    var chart = echarts.init(node);
    chart.setOption({
      tooltip: {
        renderMode: "richText",
        formatter: function (p) {
          return d.groups[p.value[1]] + "\n" + d.occupations[p.value[0]] + "\n" + d.labels.coverage + ": " + p.value[2] + "%";
        }
      },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: {
        type: "category", data: d.codes, splitArea: { show: true },
        axisLabel: { rotate: 60 }
      },
      yAxis: {
        type: "category", data: d.groups, splitArea: { show: true }, inverse: true,
        axisLabel: { width: 180, overflow: "truncate" }
      },
      visualMap: { min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 0, show: false,
        inRange: { color: ["#f7fbff", "#9ecae1", "#2171b5", "#08306b"] } },
      series: [{ type: "heatmap", data: cells, label: { show: true, formatter: function (p) { return p.value[2]; } } }]
    });
    chart.on("click", function (p) {
      window.location.href = d.explainUrl.replace("{group}", d.groupIds[p.value[1]]).replace("{occupation}", d.codes[p.value[0]]);
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
