// dangjian front-end glue: CSRF header for htmx requests, and ECharts for
// the home chart and area maps. No inline scripts (the CSP forbids them).
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener('htmx:configRequest', function (e) {
    if (meta && meta.content) e.detail.headers['X-CSRF-Token'] = meta.content;
  });

  function whenECharts(fn) {
    if (window.echarts) return fn();
    var tries = 0, t = setInterval(function () {
      if (window.echarts || ++tries > 100) { clearInterval(t); if (window.echarts) fn(); }
    }, 50);
  }

  function homeChart() {
    var el = document.getElementById('chart');
    if (!el || !el.dataset.chart) return;
    var d = JSON.parse(el.dataset.chart);
    var c = echarts.init(el);
    c.setOption({
      title: { text: d.title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: {}, grid: { left: 48, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: d.names }, yAxis: { type: 'value' },
      series: [{ type: 'bar', data: d.values, itemStyle: { color: '#c8161d' } }]
    });
    window.addEventListener('resize', function () { c.resize(); });
  }

  function areaMap() {
    var el = document.getElementById('map');
    if (!el || !el.dataset.geometry) return;
    var geom = JSON.parse(el.dataset.geometry);
    var name = el.dataset.name || 'area';
    echarts.registerMap('area', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: name }, geometry: geom }] });
    var c = echarts.init(el);
    c.setOption({
      tooltip: { trigger: 'item' },
      series: [{ type: 'map', map: 'area', roam: true, label: { show: true },
        itemStyle: { areaColor: '#fde8e8', borderColor: '#c8161d' }, data: [{ name: name, value: 1 }] }]
    });
    window.addEventListener('resize', function () { c.resize(); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (document.getElementById('chart') || document.getElementById('map')) whenECharts(function () { homeChart(); areaMap(); });
  });
})();
