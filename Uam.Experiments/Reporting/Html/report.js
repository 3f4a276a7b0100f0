// Draws the report's charts and heat maps with ECharts from the data embedded in the page (id "uam-data").
// Everything runs from the file itself: no server, nothing fetched.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('uam-data').textContent);

  function format(value, digits) {
    return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
  }

  // One <select> per selector; the values in the order the views give them.
  function controls(block, host, onChange) {
    const selects = block.selectors.map(function (name, i) {
      const values = [];
      block.views.forEach(function (v) { if (values.indexOf(v.choice[i]) < 0) values.push(v.choice[i]); });
      const label = document.createElement('label');
      label.textContent = name + ' ';
      const select = document.createElement('select');
      select.dataset.selector = name;
      values.forEach(function (value) {
        const option = document.createElement('option');
        option.value = value; option.textContent = value;
        select.appendChild(option);
      });
      select.addEventListener('change', onChange);
      label.appendChild(select);
      host.appendChild(label);
      return select;
    });
    return function current() {
      const choice = selects.map(function (s) { return s.value; });
      return block.views.find(function (v) { return v.choice.every(function (c, i) { return c === choice[i]; }); }) || null;
    };
  }

  function drawChart(chart, block, view) {
    const series = (view ? view.series : []).map(function (s) {
      return {
        name: s.name, type: 'line', showSymbol: s.x.length <= 40, symbolSize: 6, connectNulls: false,
        data: s.x.map(function (x, i) { return s.error ? [x, s.y[i], s.error[i]] : [x, s.y[i]]; })
      };
    });
    chart.setOption({
      animation: false,
      grid: { left: 70, right: 30, top: 40, bottom: 95 },
      tooltip: {
        trigger: 'axis',
        formatter: function (items) {
          const head = block.xLabel + ' ' + items[0].value[0];
          return [head].concat(items.map(function (p) {
            const e = p.value.length > 2 && p.value[2] !== null ? ' ± ' + format(p.value[2], 3) : '';
            return p.marker + p.seriesName + ': ' + format(p.value[1], 3) + e;
          })).join('<br>');
        }
      },
      legend: { type: 'scroll', bottom: 0 },
      toolbox: { feature: { dataZoom: { yAxisIndex: 'none' }, restore: {}, saveAsImage: {} } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 32, height: 18 }],
      xAxis: { type: block.logX ? 'log' : 'value', name: block.xLabel, nameLocation: 'middle', nameGap: 26, min: 'dataMin', max: 'dataMax' },
      yAxis: { type: 'value', name: block.yLabel, scale: true },
      series: series
    }, { notMerge: true });
  }

  function drawHeatmap(chart, block, view) {
    const cells = [];
    let min = Infinity, max = -Infinity;
    (view ? view.values : []).forEach(function (row, r) {
      row.forEach(function (value, c) {
        cells.push([c, r, value]);
        if (value !== null) { min = Math.min(min, value); max = Math.max(max, value); }
      });
    });
    if (!isFinite(min)) { min = 0; max = 1; }
    chart.setOption({
      animation: false,
      grid: { left: 130, right: 20, top: 24, bottom: 110 },
      tooltip: {
        formatter: function (p) {
          return block.rowLabel + ' ' + block.rows[p.value[1]] + ', ' + block.columnLabel + ' ' + block.columns[p.value[0]] + ': ' + format(p.value[2], block.digits);
        }
      },
      xAxis: { type: 'category', data: block.columns, name: block.columnLabel, nameLocation: 'middle', nameGap: 48, splitArea: { show: true },
               axisLabel: { interval: 0, rotate: block.columns.some(function (c) { return c.length > 4; }) ? 20 : 0 } },
      yAxis: { type: 'category', data: block.rows, name: block.rowLabel, inverse: true, splitArea: { show: true }, axisLabel: { interval: 0 } },
      visualMap: { min: min, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 200, inRange: { color: ['#f7fbff', '#6baed6', '#08306b'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: true, fontSize: 11, formatter: function (p) { return format(p.value[2], block.digits); } } }]
    }, { notMerge: true });
  }

  data.blocks.forEach(function (block) {
    const host = document.getElementById(block.id);
    const plot = host.querySelector('.plot');
    const chart = echarts.init(plot, null, { renderer: 'canvas' });
    const draw = block.kind === 'chart' ? drawChart : drawHeatmap;
    const current = controls(block, host.querySelector('.controls'), function () { draw(chart, block, current()); });
    draw(chart, block, current());
    window.addEventListener('resize', function () { chart.resize(); });
  });

  // What the page has drawn, read back from ECharts itself (used by the browser test).
  window.uamReport = {
    blocks: function () {
      return data.blocks.map(function (block) {
        const option = echarts.getInstanceByDom(document.getElementById(block.id).querySelector('.plot')).getOption();
        return {
          id: block.id, kind: block.kind,
          series: option.series.map(function (s) { return { name: s.name === undefined ? null : String(s.name), points: s.data.length }; })
        };
      });
    }
  };
  document.body.dataset.ready = 'true';
})();
