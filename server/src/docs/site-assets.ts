// The docs site's script and stylesheet, shipped as strings so the generator needs no files at run time.
// The script is plain ES2017 for any current browser; it renders pages from window.__BRONZE_DOCS__ (set by
// docs-data.js) with DOM calls and textContent only, so descriptions and SQL can never inject markup.
// It draws lineage from the layouts the generator computed; it does no layout of its own.

export const DOCS_JS = String.raw`(function () {
  'use strict';
  var data = window.__BRONZE_DOCS__;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var main = document.getElementById('main');
  var tree = document.getElementById('tree');
  var filter = document.getElementById('filter');
  var TYPE_LABEL = { model: 'model', source: 'source', test: 'test', seed: 'seed', snapshot: 'snapshot', analysis: 'analysis' };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] === undefined || attrs[k] === null) continue;
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function href(id) { return '#!/node/' + encodeURIComponent(id); }
  function nodeLink(id) {
    var n = data.nodes[id];
    return el('a', { href: href(id), class: 'ref', text: n ? n.name : id, title: id });
  }
  function badge(text, cls) { return el('span', { class: 'badge ' + (cls || ''), text: text }); }
  function section(title, children) { return el('section', { class: 'card' }, [el('h2', { text: title })].concat(children)); }
  function code(text) { return el('pre', { class: 'code' }, [el('code', { text: text })]); }
  function byName(a, b) { return data.nodes[a].name < data.nodes[b].name ? -1 : data.nodes[a].name > data.nodes[b].name ? 1 : 0; }

  // ---- sidebar -------------------------------------------------------------------------------------------
  function treeGroup(title, ids, open) {
    var list = el('ul', {}, ids.sort(byName).map(function (id) {
      var n = data.nodes[id];
      return el('li', { 'data-search': (n.name + ' ' + id + ' ' + n.tags.join(' ')).toLowerCase() }, [
        el('a', { href: href(id), 'data-id': id, class: n.enabled ? '' : 'disabled', text: n.name }),
      ]);
    }));
    var d = el('details', { class: 'group' }, [el('summary', { text: title + ' (' + ids.length + ')' }), list]);
    if (open) d.open = true;
    return d;
  }
  function buildTree() {
    var ids = Object.keys(data.nodes);
    var bySource = {};
    ids.filter(function (id) { return data.nodes[id].resourceType === 'source'; }).forEach(function (id) {
      var s = data.nodes[id].source.sourceName;
      (bySource[s] = bySource[s] || []).push(id);
    });
    Object.keys(bySource).sort().forEach(function (s) { tree.appendChild(treeGroup('Source: ' + s, bySource[s], true)); });
    var models = ids.filter(function (id) { var t = data.nodes[id].resourceType; return t !== 'source' && t !== 'test'; });
    tree.appendChild(treeGroup('Models', models, true));
    tree.appendChild(treeGroup('Tests', ids.filter(function (id) { return data.nodes[id].resourceType === 'test'; }), false));
    filter.addEventListener('input', function () {
      var q = filter.value.trim().toLowerCase();
      Array.prototype.forEach.call(tree.querySelectorAll('li'), function (li) {
        li.hidden = q !== '' && li.getAttribute('data-search').indexOf(q) < 0;
      });
      if (q !== '') Array.prototype.forEach.call(tree.querySelectorAll('details'), function (d) { d.open = true; });
    });
  }

  // ---- lineage -------------------------------------------------------------------------------------------
  function drawLineage(view, focus) {
    var box = el('div', { class: 'lineage' });
    if (!view || view.nodes.length === 0) { box.appendChild(el('p', { class: 'muted', text: 'No lineage.' })); return box; }
    var s = svg('svg', { width: view.width, height: view.height, viewBox: '0 0 ' + view.width + ' ' + view.height, role: 'img', 'aria-label': 'Lineage graph' });
    var defs = svg('defs', {});
    var marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(svg('path', { d: 'M0 0 L10 5 L0 10 z', class: 'arrow' }));
    defs.appendChild(marker);
    s.appendChild(defs);
    view.edges.forEach(function (e) {
      var near = focus && (e.from === focus || e.to === focus);
      s.appendChild(svg('path', { d: e.d, class: 'edge' + (near ? ' near' : ''), 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
    });
    view.nodes.forEach(function (p) {
      var n = data.nodes[p.id];
      var type = n ? n.resourceType : 'model';
      var role = view.roles[p.id] || 'other';
      var g = svg('g', { class: 'node type-' + type + ' role-' + role, transform: 'translate(' + p.x + ',' + p.y + ')', tabindex: 0, role: 'link', 'data-id': p.id });
      var title = svg('title', {});
      title.textContent = (n ? n.name : p.id) + ' (' + type + ')';
      g.appendChild(title);
      g.appendChild(svg('rect', { width: p.width, height: p.height, rx: 6, ry: 6 }));
      g.appendChild(svg('rect', { class: 'stripe', width: 6, height: p.height, rx: 3, ry: 3 }));
      var label = n ? n.name : p.id;
      var max = Math.floor((p.width - 22) / 7);
      if (label.length > max) label = label.slice(0, max - 1) + '\u2026';
      var t = svg('text', { x: 14, y: p.height / 2 + 4 });
      t.textContent = label;
      g.appendChild(t);
      var go = function () { location.hash = href(p.id); };
      g.addEventListener('click', go);
      g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') go(); });
      s.appendChild(g);
    });
    box.appendChild(s);
    return box;
  }
  function legend() {
    return el('p', { class: 'legend' }, ['source', 'model', 'test'].map(function (t) { return el('span', { class: 'key type-' + t, text: t }); }));
  }

  // ---- pages ---------------------------------------------------------------------------------------------
  function renderOverview() {
    var p = data.project;
    var c = p.counts;
    var rows = [['Models', c.model], ['Sources', c.source], ['Tests', c.test], ['PII columns', c.pii_columns]];
    main.appendChild(el('h1', { text: p.name }));
    main.appendChild(el('p', { class: 'muted', text:
      (p.target ? 'Target ' + p.target.name + ' (' + p.target.type + '). ' : '') +
      (p.catalog ? 'Column types come from the warehouse catalog.' : 'Column types are the declared data_type values; the target was not reachable for a catalog.') +
      (p.generatedAt ? ' Generated ' + p.generatedAt + '.' : '') }));
    main.appendChild(el('table', { class: 'counts' }, rows.map(function (r) { return el('tr', {}, [el('th', { text: r[0] }), el('td', { text: String(r[1] || 0) })]); })));
    main.appendChild(section('Lineage', [legend(), drawLineage(data.lineage, null)]));
  }
  function renderLineagePage() {
    main.appendChild(el('h1', { text: 'Project lineage' }));
    main.appendChild(el('p', { class: 'muted', text: 'Sources \u2192 models \u2192 tests. Click a node to open it.' }));
    main.appendChild(legend());
    main.appendChild(drawLineage(data.lineage, null));
  }
  function renderPii() {
    main.appendChild(el('h1', { text: 'PII report' }));
    main.appendChild(el('p', { class: 'muted', text: 'Columns tagged pii, or with meta pii: true, classification or pii_type.' }));
    if (data.pii.length === 0) { main.appendChild(el('p', { text: 'No PII-classified columns.' })); return; }
    var head = el('tr', {}, ['Resource', 'Column', 'Classification', 'Marked by', 'Type', 'Documented at'].map(function (h) { return el('th', { text: h }); }));
    var body = data.pii.map(function (r) {
      return el('tr', {}, [
        el('td', {}, [nodeLink(r.uniqueId), ' ', badge(r.resourceType, 'type-' + r.resourceType)]),
        el('td', { class: 'mono', text: r.column }),
        el('td', {}, [badge(r.classification, 'pii')]),
        el('td', { text: r.reasons.join(', ') }),
        el('td', { class: 'mono', text: r.dataType || '' }),
        el('td', { class: 'mono', text: r.file + (r.line ? ':' + r.line : '') }),
      ]);
    });
    main.appendChild(el('table', { class: 'grid pii-table' }, [el('thead', {}, [head]), el('tbody', {}, body)]));
  }
  function dl(pairs) {
    var d = el('dl', { class: 'facts' });
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') return;
      d.appendChild(el('dt', { text: p[0] }));
      d.appendChild(el('dd', {}, [typeof p[1] === 'string' ? p[1] : p[1]]));
    });
    return d;
  }
  function columnsTable(n) {
    var head = el('tr', {}, ['Column', 'Type', 'Description', 'Tags', 'PII', 'Tests'].map(function (h) { return el('th', { text: h }); }));
    var rows = n.columns.map(function (c) {
      var type = c.dataType ? el('span', { class: 'mono', text: c.dataType, title: c.typeSource === 'warehouse' ? 'from the warehouse' + (c.declaredType ? '; declared ' + c.declaredType : '') : 'declared data_type' }) : el('span', { class: 'muted', text: '\u2014' });
      return el('tr', { 'data-column': c.name }, [
        el('td', { class: 'mono', text: c.name }),
        el('td', {}, [type, c.typeSource === 'warehouse' ? badge('wh', 'wh') : null]),
        el('td', { class: 'desc', text: c.description || (c.documented ? '' : 'not documented') }),
        el('td', {}, c.tags.map(function (t) { return badge(t); })),
        el('td', {}, [c.pii ? badge(c.pii.classification, 'pii') : null]),
        el('td', {}, c.tests.map(function (t) { return badge(t, 'test'); })),
      ]);
    });
    return el('table', { class: 'grid columns' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  }
  function idList(ids) {
    if (ids.length === 0) return el('p', { class: 'muted', text: 'None.' });
    return el('ul', { class: 'refs' }, ids.map(function (id) { return el('li', {}, [nodeLink(id), ' ', badge(data.nodes[id] ? data.nodes[id].resourceType : '?')]); }));
  }
  function renderNode(id) {
    var n = data.nodes[id];
    if (!n) { main.appendChild(el('h1', { text: 'Not found' })); main.appendChild(el('p', { text: id + ' is not in this documentation. Regenerate it with bronze docs generate.' })); return; }
    main.appendChild(el('h1', {}, [n.name, ' ', badge(TYPE_LABEL[n.resourceType] || n.resourceType, 'type-' + n.resourceType), n.enabled ? null : badge('disabled')]));
    var facts = [
      ['Relation', n.relation],
      ['Materialized', n.materialized],
      ['Package', n.packageName],
      ['Defined in', n.file + ':' + n.line],
      ['Tags', n.tags.length ? el('span', {}, n.tags.map(function (t) { return badge(t); })) : ''],
      ['Unique id', n.id],
    ];
    if (n.source) facts.push(['Loaded at field', n.source.loadedAtField]);
    if (n.test) {
      facts.push(['Test', n.test.name]);
      facts.push(['Column', n.test.columnName]);
      facts.push(['Severity', n.test.severity]);
      if (n.test.attachedNode) facts.push(['Tests', nodeLink(n.test.attachedNode)]);
      if (Object.keys(n.test.kwargs).length) facts.push(['Arguments', el('code', { text: JSON.stringify(n.test.kwargs) })]);
    }
    main.appendChild(dl(facts));
    main.appendChild(el('p', { class: 'desc description', text: n.description || 'No description.' }));
    if (n.resourceType !== 'test') main.appendChild(section('Columns', [n.columns.length ? columnsTable(n) : el('p', { class: 'muted', text: 'No columns documented.' })]));
    main.appendChild(section('Lineage', [legend(), drawLineage(n.lineage, n.id)]));
    main.appendChild(el('div', { class: 'pair' }, [
      section('Depends on', [idList(n.parents)]),
      section('Referenced by', [idList(n.children.filter(function (c) { return c.indexOf('test.') !== 0; }))]),
    ]));
    if (n.resourceType !== 'test') main.appendChild(section('Tests', [idList(n.tests)]));
    var codeParts = [];
    if (n.compiledSql !== undefined) codeParts.push(el('h3', { text: 'Compiled SQL' }), code(n.compiledSql));
    else if (n.compileError) codeParts.push(el('h3', { text: 'Compiled SQL' }), el('p', { class: 'error', text: n.compileError }));
    if (n.rawCode !== undefined) codeParts.push(el('details', { class: 'raw' }, [el('summary', { text: 'Source' }), code(n.rawCode)]));
    if (codeParts.length) main.appendChild(section('Code', codeParts));
  }

  function route() {
    var h = location.hash || '#!/overview';
    main.textContent = '';
    var active = null;
    if (h.indexOf('#!/node/') === 0) { active = decodeURIComponent(h.slice(8)); renderNode(active); }
    else if (h === '#!/lineage') renderLineagePage();
    else if (h === '#!/pii') renderPii();
    else renderOverview();
    Array.prototype.forEach.call(tree.querySelectorAll('a'), function (a) { a.classList.toggle('active', a.getAttribute('data-id') === active); });
    document.title = (active && data.nodes[active] ? data.nodes[active].name + ' \u00b7 ' : '') + data.project.name + ' \u00b7 Bronze docs';
    window.scrollTo(0, 0);
  }

  if (!data) { main.textContent = 'docs-data.js is missing: run bronze docs generate again.'; return; }
  buildTree();
  window.addEventListener('hashchange', route);
  route();
})();
`;

export const DOCS_CSS = `:root {
  --bg: #fbfaf8; --fg: #1f2328; --muted: #656d76; --line: #d8dee4; --card: #ffffff; --accent: #9a5b13;
  --source: #2f7d4f; --model: #9a5b13; --test: #5b5fc7; --pii: #b42318;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 14px;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.top { display: flex; align-items: center; gap: 16px; padding: 10px 18px; background: #2b2118; color: #f5e6d3; }
.top a { color: #f5e6d3; }
.brand { font-weight: 700; letter-spacing: .02em; }
.project { opacity: .8; }
.top nav { margin-left: auto; display: flex; gap: 16px; }
.layout { display: grid; grid-template-columns: 270px 1fr; min-height: calc(100vh - 42px); }
.side { border-right: 1px solid var(--line); padding: 12px; overflow: auto; max-height: calc(100vh - 42px); position: sticky; top: 0; background: #f4f1ec; }
.side input { width: 100%; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 8px; }
.side ul { list-style: none; margin: 4px 0 8px; padding-left: 10px; }
.side li a { display: block; padding: 2px 4px; border-radius: 4px; color: var(--fg); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.side li a.active { background: #ead9c3; font-weight: 600; }
.side li a.disabled { color: var(--muted); text-decoration: line-through; }
.side summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
main { padding: 18px 26px; min-width: 0; }
h1 { font-size: 22px; margin: 4px 0 12px; }
h2 { font-size: 15px; margin: 0 0 10px; }
h3 { font-size: 13px; margin: 8px 0; color: var(--muted); }
.muted { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 14px 0; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.pair .card { margin: 0; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; background: #eef1f4; color: #34404c; font-size: 12px; margin: 1px 3px 1px 0; font-weight: 500; }
.badge.type-model { background: #f6e7d3; color: var(--model); }
.badge.type-source { background: #dcefe3; color: var(--source); }
.badge.type-test, .badge.test { background: #e4e5f8; color: var(--test); }
.badge.pii { background: #fde4e1; color: var(--pii); }
.badge.wh { background: #e6f0fa; color: #1d5b99; }
.mono, code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0 0 10px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.desc { white-space: pre-wrap; }
.description { font-size: 15px; max-width: 70em; }
table.grid { border-collapse: collapse; width: 100%; }
table.grid th, table.grid td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
table.grid th { font-size: 12px; color: var(--muted); font-weight: 600; }
table.counts th { text-align: left; padding-right: 20px; font-weight: 500; color: var(--muted); }
pre.code { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow: auto; max-height: 480px; margin: 0; }
.error { color: var(--pii); white-space: pre-wrap; }
ul.refs { margin: 0; padding-left: 18px; }
.lineage { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; max-height: 70vh; }
.lineage svg { display: block; }
.lineage .edge { fill: none; stroke: #b6bec7; stroke-width: 1.4; }
.lineage .edge.near { stroke: #8a6a45; stroke-width: 2; }
.lineage .arrow { fill: #9aa4ae; }
.lineage .node { cursor: pointer; }
.lineage .node rect { fill: #fff; stroke: #c4cbd2; stroke-width: 1; }
.lineage .node text { font-size: 12.5px; fill: var(--fg); }
.lineage .node .stripe { stroke: none; }
.lineage .node.type-source .stripe { fill: var(--source); }
.lineage .node.type-model .stripe, .lineage .node.type-seed .stripe, .lineage .node.type-snapshot .stripe { fill: var(--model); }
.lineage .node.type-test .stripe { fill: var(--test); }
.lineage .node.role-focus rect:first-of-type { fill: #fff3e2; stroke: var(--accent); stroke-width: 2; }
.lineage .node:hover rect:first-of-type, .lineage .node:focus rect:first-of-type { stroke: var(--accent); }
.lineage .node:focus { outline: none; }
.legend .key { display: inline-block; margin-right: 14px; padding-left: 14px; position: relative; color: var(--muted); }
.legend .key::before { content: ""; position: absolute; left: 0; top: 3px; width: 9px; height: 9px; border-radius: 2px; }
.legend .type-source::before { background: var(--source); }
.legend .type-model::before { background: var(--model); }
.legend .type-test::before { background: var(--test); }
`;
