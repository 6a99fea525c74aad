/* Talent-gap dashboard charts (ECharts). Data comes from the json_script "talent-chart-data";
   a click on a bar or a region opens the postings behind it. Tooltips are drawn on the canvas
   (renderMode "richText"): ECharts' HTML tooltips carry style attributes, which the
   Content-Security-Policy refuses. */
(function () {
  "use strict";
  function init() {
    var el = document.getElementById("talent-chart-data");
    if (!el || !window.echarts) return;
    var data = JSON.parse(el.textContent);
    var L = data.labels;
    var charts = [];
    function go(url) { if (url) window.location.href = url; }
    function withQuery(extra) {
      var params = new URLSearchParams(data.query);
      Object.keys(extra).forEach(function (k) { params.set(k, extra[k]); });
      return data.postingsUrl + "?" + params.toString();
    }
    function empty(node) {
      node.innerHTML = '<p class="muted chart-empty">' + L.noData + "</p>";
    }
    function bars(id, rows) {
      var node = document.getElementById(id);
      if (!node) return;
      if (!rows.length) { empty(node); return; }
      var chart = echarts.init(node);
      chart.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
        legend: { top: 0 },
        grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
        xAxis: { type: "value" },
        yAxis: {
          type: "category", inverse: true,
          data: rows.map(function (r) { return r.key === "-" ? "?" : (r.key.length === 4 ? r.key + " " : "") + r.label; }),
          axisLabel: { width: 190, overflow: "truncate" }
        },
        series: [
          { name: L.demand, type: "bar", data: rows.map(function (r) { return Math.round(r.demand); }), itemStyle: { color: "#c0392b" } },
          { name: L.supply, type: "bar", data: rows.map(function (r) { return r.supply; }), itemStyle: { color: "#2e86c1" } }
        ]
      });
      chart.on("click", function (p) { go(rows[p.dataIndex] && rows[p.dataIndex].url); });
      charts.push(chart);
    }
    bars("chart-fields", data.fields);
    bars("chart-countries", data.countries);

    var trendNode = document.getElementById("chart-trend");
    if (trendNode) {
      if (!data.trend.months.length) { empty(trendNode); } else {
        var trend = echarts.init(trendNode);
        trend.setOption({
          tooltip: { trigger: "axis", renderMode: "richText" },
          legend: { top: 0, type: "scroll" },
          grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
          xAxis: { type: "category", data: data.trend.months },
          yAxis: { type: "value" },
          series: data.trend.series.map(function (s) {
            return {
              name: s.key === "total" ? L.total : s.key + " " + s.label,
              type: "line", smooth: true, data: s.values,
              lineStyle: s.key === "total" ? { width: 3 } : { width: 1.5 }
            };
          })
        });
        trend.on("click", function (p) {
          var s = data.trend.series[p.seriesIndex];
          var month = data.trend.months[p.dataIndex];
          var extra = { year_from: month.slice(0, 4), year_to: month.slice(0, 4) };
          if (s.key !== "total") extra.field = s.key;
          go(withQuery(extra));
        });
        charts.push(trend);
      }
    }

    var mapNode = document.getElementById("chart-map");
    if (mapNode) {
      fetch(mapNode.dataset.geo).then(function (r) { return r.json(); }).then(function (geo) {
        echarts.registerMap("leizu-regions", geo);
        var map = echarts.init(mapNode);
        var max = data.map.reduce(function (m, d) { return Math.max(m, d.value); }, 1);
        map.setOption({
          tooltip: {
            trigger: "item",
            renderMode: "richText",
            formatter: function (p) {
              return (data.regionNames[p.name] || p.name) + ": " + (isNaN(p.value) ? 0 : Math.round(p.value));
            }
          },
          visualMap: { min: 0, max: max, left: 8, bottom: 8, calculable: true, inRange: { color: ["#fdf2e9", "#e67e22", "#a93226"] } },
          series: [{
            type: "map", map: "leizu-regions", roam: true, name: L.demand,
            nameMap: data.regionNames, nameProperty: "name",
            emphasis: { label: { show: true } },
            itemStyle: { borderColor: "#999", borderWidth: 0.5, areaColor: "#f4f6f7" },
            data: data.map.map(function (d) { return { name: data.regionNames[d.name] || d.name, value: d.value, code: d.name }; })
          }]
        });
        map.on("click", function (p) {
          var code = p.data && p.data.code;
          if (code) go(withQuery({ country: code.slice(0, 2), region: code }));
        });
        charts.push(map);
        mapNode.dataset.ready = "1";
      });
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
