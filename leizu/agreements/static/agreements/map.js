/* The register's map: each partner country's regions coloured by the strongest agreement
   with a partner there (in force darkest). Data from the page (json_script), geometry from
   the vendored Natural Earth regions; the list under the map says the same in words. */
(function () {
  "use strict";
  var COLOURS = ["#eeeeee", "#dddddd", "#fff1d6", "#e8eef7", "#d9d2f0", "#bcaaf0", "#f5c26b", "#2e7d32"];
  function init() {
    var node = document.getElementById("partner-map");
    var script = document.getElementById("partner-map-data");
    if (!node || !script || !window.echarts) return;
    var data = JSON.parse(script.textContent);
    fetch(node.dataset.geo).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("leizu-partners", geo);
      var regions = geo.features
        .filter(function (f) { return data.countries[f.properties.country]; })
        .map(function (f) {
          var c = data.countries[f.properties.country];
          return { name: f.properties.name, value: c.strength, country: f.properties.country };
        });
      var chart = echarts.init(node);
      chart.setOption({
        tooltip: {
          trigger: "item",
          renderMode: "richText",
          formatter: function (p) {
            var c = p.data && data.countries[p.data.country];
            return c ? c.name + ": " + c.label + "\n" + c.partners.join(", ") : "";
          }
        },
        visualMap: {
          type: "piecewise",
          left: 8,
          bottom: 8,
          pieces: data.states.map(function (s) {
            return { value: s.strength, label: s.label, color: COLOURS[s.strength - 1] || "#ccc" };
          })
        },
        series: [{
          type: "map", map: "leizu-partners", roam: true, nameProperty: "name",
          itemStyle: { borderColor: "#999", borderWidth: 0.5, areaColor: "#f7f7f7" },
          emphasis: { label: { show: false } },
          data: regions
        }]
      });
      node.dataset.ready = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
