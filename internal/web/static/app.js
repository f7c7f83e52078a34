// dangjian front-end glue: CSRF header for htmx requests, and ECharts for
// the home chart and area maps. No inline scripts (the CSP forbids them).
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener('htmx:configRequest', function (e) {
    if (meta && meta.content) e.detail.headers['X-CSRF-Token'] = meta.content;
  });

  // esc makes data safe to put into HTML: an ECharts formatter's string is
  // HTML, and names come from imports and forms.
  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

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

  // Charts described by data-chart: {title, categories, series: [{name, type, data}]}.
  function dataCharts() {
    document.querySelectorAll('.chart[data-chart]').forEach(function (el) {
      var d = JSON.parse(el.dataset.chart);
      var colors = ['#c8161d', '#0b5cad', '#e6a23c', '#67c23a'];
      var c = echarts.init(el);
      c.setOption({
        title: { text: d.title, left: 'center', textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
        grid: { left: 48, right: 16, bottom: 48, top: 40, containLabel: true },
        xAxis: { type: 'category', data: d.categories, axisLabel: { interval: 0, rotate: d.categories.length > 8 ? 30 : 0 } },
        yAxis: { type: 'value' },
        series: d.series.map(function (s, i) { return { name: s.name, type: s.type || 'bar', data: s.data, itemStyle: { color: colors[i % colors.length] } }; })
      });
      window.addEventListener('resize', function () { c.resize(); });
    });
  }

  // A map to drop a pin on (the order page): the districts' outlines, a
  // click sets the form's lat and lng fields and marks the point.
  function pinMap() {
    var el = document.getElementById('pinmap');
    if (!el || !el.dataset.src) return;
    fetch(el.dataset.src).then(function (r) { return r.json(); }).then(function (g) { drawPinMap(el, g); });
  }
  function drawPinMap(el, geojson) {
    echarts.registerMap('sanya', geojson);
    var form = el.closest('form');
    var lat = form.querySelector('input[name=lat]'), lng = form.querySelector('input[name=lng]');
    var c = echarts.init(el);
    function mark() {
      var data = (lat.value && lng.value) ? [[parseFloat(lng.value), parseFloat(lat.value)]] : [];
      c.setOption({ series: [{ type: 'scatter', coordinateSystem: 'geo', symbolSize: 14, data: data, itemStyle: { color: '#c8161d' } }] });
    }
    c.setOption({
      geo: { map: 'sanya', roam: true, label: { show: true, fontSize: 10 }, itemStyle: { areaColor: '#fdf3f3', borderColor: '#c8161d' } },
      series: [{ type: 'scatter', coordinateSystem: 'geo', data: [] }]
    });
    mark();
    c.getZr().on('click', function (e) {
      var pt = c.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]);
      if (!pt) return;
      lng.value = pt[0].toFixed(6); lat.value = pt[1].toFixed(6);
      mark();
    });
    [lat, lng].forEach(function (i) { i.addEventListener('change', mark); });
    window.addEventListener('resize', function () { c.resize(); });
  }

  // The coverage map: district outlines and grids coloured by the share of
  // residents covered, posts by level, uncovered clusters sized by people,
  // chosen sites; a click on a grid shows its numbers.
  function covMap() {
    var el = document.getElementById('covmap');
    if (!el) return;
    Promise.all([fetch(el.dataset.outline).then(function (r) { return r.json(); }), fetch(el.dataset.src).then(function (r) { return r.json(); })])
      .then(function (res) { drawCovMap(el, res[0], res[1]); });
  }
  function drawCovMap(el, outline, d) {
    var fc = { type: 'FeatureCollection', features: outline.features.concat(d.grids.features) };
    echarts.registerMap('cov', fc);
    var info = document.getElementById('map-info');
    var byName = {};
    var data = d.grids.features.map(function (f) {
      byName[f.properties.name] = f.properties;
      return { name: f.properties.name, value: f.properties.share < 0 ? null : Math.round(f.properties.share * 1000) / 10 };
    });
    var levels = ['#c8161d', '#e6a23c', '#0b5cad', '#67c23a'];
    var c = echarts.init(el);
    c.setOption({
      tooltip: { trigger: 'item', formatter: function (p) {
        var g = byName[p.name];
        if (g) return esc(g.title) + '<br>' + (g.share < 0 ? '—' : esc(Math.round(g.share * 1000) / 10) + '%') + ' · ' + esc(g.covered) + '/' + esc(g.people);
        return esc(p.name || (p.value && p.value[3]) || '');
      } },
      visualMap: { min: 0, max: 100, left: 8, bottom: 8, text: ['100%', '0%'], calculable: false, inRange: { color: ['#f56c6c', '#fde8e8', '#67c23a'] }, seriesIndex: 0 },
      geo: { map: 'cov', roam: true, itemStyle: { areaColor: '#f4f4f4', borderColor: '#999', borderWidth: 0.5 }, label: { show: false } },
      series: [
        { type: 'map', geoIndex: 0, data: data },
        { type: 'scatter', coordinateSystem: 'geo', symbolSize: 7, data: d.posts.map(function (p) { return { value: p, itemStyle: { color: levels[(p[2] || 4) - 1] } }; }) },
        { type: 'effectScatter', coordinateSystem: 'geo', data: (d.clusters || []).map(function (p) { return { value: p, symbolSize: Math.min(30, 4 + Math.sqrt(p[2])) }; }), itemStyle: { color: '#8e44ad' } },
        { type: 'scatter', coordinateSystem: 'geo', symbol: 'diamond', symbolSize: 14, data: (d.picks || []).map(function (p) { return { value: p }; }), itemStyle: { color: '#111' } }
      ]
    });
    // A click anywhere in a grid, also on a mark drawn over it (the
    // grid's own post lies in it), shows the grid's numbers.
    c.getZr().on('click', function (e) {
      var pt = c.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]);
      var f = pt && d.grids.features.find(function (f) { return inShape(pt, f.geometry); });
      var g = f && f.properties;
      if (g && info) info.textContent = (g.title || '') + '：' + (g.share < 0 ? '—' : (Math.round(g.share * 1000) / 10) + '%') + '（' + g.covered + ' / ' + g.people + '）';
    });
    window.addEventListener('resize', function () { c.resize(); });
  }

  // The two-new coverage map: the districts shaded by the share of their
  // units a party org covers (data-values: [{name, value, units}]).
  function gapMap() {
    var el = document.getElementById('gapmap');
    if (!el || !el.dataset.outline) return;
    var vals = JSON.parse(el.dataset.values || '[]');
    fetch(el.dataset.outline).then(function (r) { return r.json(); }).then(function (g) {
      echarts.registerMap('gaps', g);
      var units = {};
      vals.forEach(function (v) { units[v.name] = v.units; });
      var c = echarts.init(el);
      c.setOption({
        title: { text: el.dataset.title || '', left: 'center', textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'item', formatter: function (p) { return esc(p.name) + (units[p.name] ? '：' + esc(p.value) + '%（' + esc(units[p.name]) + '）' : ''); } },
        visualMap: { min: 0, max: 100, left: 8, bottom: 8, text: ['100%', '0%'], calculable: false, inRange: { color: ['#f56c6c', '#fde8e8', '#67c23a'] } },
        series: [{ type: 'map', map: 'gaps', roam: true, label: { show: true, fontSize: 10 }, itemStyle: { areaColor: '#f4f4f4', borderColor: '#999' }, data: vals }]
      });
      window.addEventListener('resize', function () { c.resize(); });
    });
  }

  // inShape tells whether a point [lng, lat] lies in a GeoJSON Polygon or
  // MultiPolygon (even-odd over all rings, so holes are outside).
  function inShape(pt, geom) {
    var polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : [];
    var inside = false;
    polys.forEach(function (rings) {
      rings.forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var a = ring[i], b = ring[j];
          if ((a[1] > pt[1]) !== (b[1] > pt[1]) && pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
        }
      });
    });
    return inside;
  }

  // Pickers: a click on a match fills the hidden id and shows the name.
  document.addEventListener('click', function (e) {
    var b = e.target.closest('.pick-options button');
    if (!b) return;
    var p = b.closest('.picker');
    if (window.htmx) htmx.trigger(p.querySelector('.pick-q'), 'htmx:abort');
    p.querySelector('input[type=hidden]').value = b.dataset.id;
    p.querySelector('.pick-q').value = b.dataset.name;
    p.querySelector('.pick-list').innerHTML = '';
  });
  // Leaving a picker closes its list (after a click on a match has landed).
  document.addEventListener('focusout', function (e) {
    var p = e.target.closest && e.target.closest('.picker');
    if (!p) return;
    setTimeout(function () { if (!p.contains(document.activeElement)) p.querySelector('.pick-list').innerHTML = ''; }, 200);
  });
  // A picker's search box is not a form value of its own.
  document.addEventListener('submit', function (e) {
    e.target.querySelectorAll('.pick-q').forEach(function (q) { q.removeAttribute('name'); });
  }, true);

  document.addEventListener('DOMContentLoaded', function () {
    if (document.getElementById('chart') || document.getElementById('map') || document.getElementById('pinmap') || document.getElementById('covmap') || document.getElementById('gapmap') || document.querySelector('.chart[data-chart]')) whenECharts(function () { homeChart(); areaMap(); dataCharts(); pinMap(); covMap(); gapMap(); });
  });
})();
