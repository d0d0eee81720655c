// The results panel page. Plain JS (no build step); message shapes are client/src/preview/results-messages.ts.
// The grid is virtualised: only the rows in view (plus a margin) exist in the DOM, so 100,000 rows scroll as
// smoothly as 100. Everything is built with DOM APIs (no innerHTML with data), so cell text never becomes markup.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const ROW = 22; // px, as .grid-row in results.css
  const OVERSCAN = 12;

  /** @type {any} */ let grid = null; // the GridPayload shown
  /** @type {number[]} */ let view = []; // indexes into grid.cells after filter and sort
  let sort = { col: -1, dir: 0 }; // dir 1 asc, -1 desc, 0 none
  let filterText = '';
  let current = { row: -1, col: -1 }; // view index and column of the current cell
  let anchor = -1; // first view index of a shift-click row range
  let widths = '';
  const metrics = { firstPaintMs: 0, lastRenderMs: 0, rendered: 0 };
  // For the grid benchmark and the integration tests.
  /** @type {any} */ (window).__bronzeResults = { metrics, state: () => ({ rows: grid ? grid.cells.length : 0, shown: view.length, sort, filterText }) };

  const { el } = /** @type {any} */ (window).bronzeDom; // media/dom.js, loaded first
  const fmt = (n) => Number(n).toLocaleString();
  const show = (id, on) => ($(id).hidden = !on);

  function setMeta(text) {
    $('meta').textContent = text;
  }

  // ---------------------------------------------------------------------------------------------- grid

  function columnWidths() {
    // Character widths of the header and the first rows, capped: measuring every row would cost more than it shows.
    const sample = grid.cells.slice(0, 200);
    const digits = String(grid.cells.length).length;
    const cols = grid.columns.map((c, i) => {
      let w = Math.max(c.name.length + c.type.length + 3, 4);
      for (const r of sample) w = Math.max(w, r[i] === null ? 4 : Math.min(r[i].length, 60));
      return `${Math.min(w, 60) * 8 + 14}px`;
    });
    return [`${digits * 9 + 20}px`, ...cols].join(' ');
  }

  function applyView() {
    const needle = filterText.toLowerCase();
    const cells = grid.cells;
    let idx = [];
    if (needle) {
      for (let r = 0; r < cells.length; r++) {
        const row = cells[r];
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          if (v !== null && v.toLowerCase().includes(needle)) {
            idx.push(r);
            break;
          }
        }
      }
    } else {
      idx = Array.from({ length: cells.length }, (_, i) => i);
    }
    if (sort.dir !== 0 && sort.col >= 0) {
      const c = sort.col;
      const numeric = grid.columns[c].numeric;
      const dir = sort.dir;
      idx.sort((a, b) => {
        const x = cells[a][c];
        const y = cells[b][c];
        // NULLs last whichever the direction, as Snowflake's default NULLS LAST for ASC.
        if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
        const d = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
        return d === 0 ? a - b : d * dir;
      });
    }
    view = idx;
    $('grid-spacer').style.height = `${view.length * ROW}px`;
    $('shown').textContent = needle ? `${fmt(view.length)} of ${fmt(cells.length)} rows match` : '';
    renderRows();
  }

  function renderHead() {
    const head = $('grid-head');
    head.replaceChildren(
      el('div', { class: 'hcell muted', text: '#' }),
      ...grid.columns.map((c, i) =>
        el(
          'div',
          {
            class: `hcell${sort.col === i && sort.dir ? ' sorted' : ''}`,
            role: 'columnheader',
            title: `${c.name} ${c.type} — click to sort`,
            'aria-sort': sort.col === i && sort.dir ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none',
            onclick: () => {
              sort = sort.col === i ? { col: i, dir: sort.dir === 1 ? -1 : sort.dir === -1 ? 0 : 1 } : { col: i, dir: 1 };
              renderHead();
              applyView();
            },
          },
          `${c.name}${sort.col === i && sort.dir ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}`,
          el('span', { class: 'type muted', text: c.type }),
        ),
      ),
    );
    head.style.gridTemplateColumns = widths;
  }

  /** Row elements reused from frame to frame: scrolling changes text and classes, it creates no nodes. */
  /** @type {HTMLElement[]} */ let pool = [];
  let poolCols = -1;

  function rowElement(i) {
    if (poolCols !== grid.columns.length) {
      pool = [];
      poolCols = grid.columns.length;
    }
    let row = pool[i];
    if (!row) {
      row = document.createElement('div');
      row.setAttribute('role', 'row');
      for (let c = 0; c <= grid.columns.length; c++) {
        const cell = document.createElement('div');
        cell.setAttribute('role', 'gridcell');
        if (c > 0) cell.dataset.c = String(c - 1);
        row.append(cell);
      }
      pool[i] = row;
    }
    return row;
  }

  function renderRows() {
    const t0 = performance.now();
    const body = $('grid-body');
    const first = Math.max(0, Math.floor(body.scrollTop / ROW) - OVERSCAN);
    const count = Math.ceil(body.clientHeight / ROW) + OVERSCAN * 2;
    const last = Math.min(view.length, first + count);
    const rows = $('grid-rows');
    const lo = Math.min(anchor < 0 ? current.row : anchor, current.row);
    const hi = Math.max(anchor < 0 ? current.row : anchor, current.row);
    const columns = grid.columns;
    for (let v = first; v < last; v++) {
      const r = view[v];
      const data = grid.cells[r];
      const row = rowElement(v - first);
      const rowClass = v >= lo && v <= hi && current.row >= 0 ? 'grid-row selected' : 'grid-row';
      if (row.className !== rowClass) row.className = rowClass;
      if (row.style.gridTemplateColumns !== widths) row.style.gridTemplateColumns = widths;
      row.dataset.v = String(v);
      const cells = row.children;
      const num = /** @type {HTMLElement} */ (cells[0]);
      num.className = 'cell rownum';
      num.textContent = String(r + 1);
      for (let c = 0; c < data.length; c++) {
        const cell = /** @type {HTMLElement} */ (cells[c + 1]);
        const value = data[c];
        let cls = 'cell';
        if (value === null) cls += ' null';
        else if (columns[c].numeric) cls += ' num';
        if (v === current.row && c === current.col) cls += ' current';
        if (cell.className !== cls) cell.className = cls;
        // NULL is shown apart from the string 'NULL': styled, and its title says so.
        const text = value === null ? 'NULL' : value;
        if (cell.textContent !== text) cell.textContent = text;
        if (value === null) cell.title = 'SQL NULL';
        else if (cell.title) cell.removeAttribute('title');
      }
      if (row.parentNode !== rows) rows.append(row);
    }
    // Rows past the end of a short view are detached, not destroyed.
    for (let i = last - first; i < pool.length && pool[i].parentNode; i++) pool[i].remove();
    rows.style.transform = `translateY(${first * ROW}px)`;
    const head = $('grid-head');
    if (head.scrollLeft !== body.scrollLeft) head.scrollLeft = body.scrollLeft;
    metrics.rendered = Math.max(0, last - first);
    metrics.lastRenderMs = performance.now() - t0;
  }

  function textOfRows(lo, hi) {
    const esc = (v) => (v === null ? '' : /[\t\n"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const lines = [grid.columns.map((c) => c.name).join('\t')];
    for (let v = lo; v <= hi; v++) lines.push(grid.cells[view[v]].map(esc).join('\t'));
    return lines.join('\n');
  }

  function copyCell() {
    if (current.row < 0 || current.col < 0) return;
    const v = grid.cells[view[current.row]][current.col];
    vscode.postMessage({ type: 'copy', text: v === null ? '' : v });
  }

  function copyRows() {
    if (current.row < 0) return;
    const lo = Math.min(anchor < 0 ? current.row : anchor, current.row);
    const hi = Math.max(anchor < 0 ? current.row : anchor, current.row);
    vscode.postMessage({ type: 'copy', text: textOfRows(lo, hi) });
  }

  function showGrid(payload) {
    const t0 = performance.now();
    grid = payload;
    sort = { col: -1, dir: 0 };
    current = { row: -1, col: -1 };
    anchor = -1;
    widths = columnWidths();
    show('report', false);
    show('message', false);
    show('toolbar', true);
    show('grid', true);
    $('title').textContent = grid.title;
    const parts = [
      `${fmt(grid.cells.length)} row${grid.cells.length === 1 ? '' : 's'}${grid.truncated ? ` (stopped at bronze.previewLimit = ${fmt(grid.rowCap)}; more exist)` : ''}`,
      `${fmt(grid.elapsedMs)} ms`,
      `target ${grid.target}`,
    ];
    if (grid.queryId) parts.push(`query id ${grid.queryId}`);
    setMeta(parts.join(' · '));
    $('grid-body').scrollTop = 0;
    renderHead();
    applyView();
    requestAnimationFrame(() => (metrics.firstPaintMs = performance.now() - t0));
  }

  $('grid-body').addEventListener('scroll', () => renderRows(), { passive: true });
  window.addEventListener('resize', () => grid && renderRows());
  $('grid-rows').addEventListener('click', (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    const cell = target.closest('.cell');
    const row = target.closest('.grid-row');
    if (!row) return;
    const v = Number(/** @type {HTMLElement} */ (row).dataset.v);
    if (e.shiftKey && current.row >= 0) anchor = anchor < 0 ? current.row : anchor;
    else anchor = -1;
    current = { row: v, col: cell && /** @type {HTMLElement} */ (cell).dataset.c !== undefined ? Number(/** @type {HTMLElement} */ (cell).dataset.c) : -1 };
    renderRows();
  });
  $('grid').addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'c') {
      e.preventDefault();
      if (anchor >= 0 || current.col < 0) copyRows();
      else copyCell();
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      current.row = Math.max(0, Math.min(view.length - 1, current.row + (e.key === 'ArrowDown' ? 1 : -1)));
      if (current.col < 0) current.col = 0;
      anchor = -1;
      const body = $('grid-body');
      if (current.row * ROW < body.scrollTop) body.scrollTop = current.row * ROW;
      else if ((current.row + 1) * ROW > body.scrollTop + body.clientHeight) body.scrollTop = (current.row + 1) * ROW - body.clientHeight;
      renderRows();
    }
  });
  let filterTimer = 0;
  $('filter').addEventListener('input', (e) => {
    clearTimeout(filterTimer);
    filterTimer = window.setTimeout(() => {
      filterText = /** @type {HTMLInputElement} */ (e.target).value;
      current = { row: -1, col: -1 };
      anchor = -1;
      applyView();
    }, 120);
  });
  $('copy-cell').addEventListener('click', copyCell);
  $('copy-rows').addEventListener('click', copyRows);
  $('export-csv').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
  $('export-json').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));
  $('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  $('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));

  // ---------------------------------------------------------------------------------------------- reports

  const valueText = (v) => (v === null || v === undefined ? el('span', { class: 'null-text', text: 'NULL' }) : typeof v === 'object' ? JSON.stringify(v) : String(v));

  function table(headers, rows) {
    return el(
      'table',
      {},
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => (typeof c === 'number' ? el('td', { class: 'n', text: fmt(c) }) : el('td', {}, c)))))),
    );
  }

  function showReport(title, meta, children) {
    grid = null;
    show('grid', false);
    show('toolbar', false);
    show('message', false);
    show('report', true);
    $('title').textContent = title;
    setMeta(meta);
    $('report').replaceChildren(...children.filter(Boolean));
  }

  function showImpact(i) {
    const kids = [];
    const mode = {
      // No incremental_strategy: dbt-snowflake's default, merge.
      incremental: `incremental run (${i.strategy === 'default' ? 'merge, the default strategy' : i.strategy}${i.uniqueKey ? `, unique key ${i.uniqueKey.join(', ')}` : ', no unique key'})`,
      create: 'the table is (re)built from the whole SELECT',
      replace: `the table is replaced; compared ${i.uniqueKey ? `by unique key ${i.uniqueKey.join(', ')}` : 'row by row'}`,
      view: 'a view: the run stores no rows',
    }[i.mode];
    kids.push(el('p', {}, `${i.relation}: ${mode}. Nothing was written.`));
    if (i.wouldFail) kids.push(el('div', { class: 'banner', role: 'alert', text: `The run would fail: ${i.wouldFail}` }));
    kids.push(
      table(
        ['', 'rows'],
        [
          ['rows the SELECT returns', i.sourceRows],
          ['rows in the table now', i.targetRows === null ? 'does not exist' : i.targetRows],
          ['inserted', i.inserted],
          ['updated', i.updated],
          ['… of which change a value', i.changedRows],
          ['deleted', i.deleted],
          ['left alone', i.unchanged],
          ['rows_affected the run will report', i.rowsAffected],
        ],
      ),
    );
    if (i.changedColumns.length) {
      kids.push(el('h2', { text: 'Columns that change' }), table(['column', 'rows'], i.changedColumns.map((c) => [c.column, c.rows])));
    }
    if (i.samples.length) {
      kids.push(el('h2', { text: 'Samples (before → after)' }));
      const rows = [];
      for (const s of i.samples) {
        for (const col of Object.keys(s.after)) rows.push([Object.values(s.key).map(String).join(', '), col, valueText(s.before[col]), valueText(s.after[col])]);
      }
      kids.push(table(['key', 'column', 'before', 'after'], rows));
    }
    if (i.duplicateKeys.keys) {
      kids.push(el('h2', { text: `Key values the source repeats (${fmt(i.duplicateKeys.keys)})` }));
      const cols = Object.keys(i.duplicateKeys.samples[0] ?? {});
      kids.push(table(cols, i.duplicateKeys.samples.map((s) => cols.map((c) => (c === 'count' ? Number(s[c]) : valueText(s[c]))))));
    }
    if (i.newColumns.length) kids.push(el('p', {}, `Columns the table does not have yet: ${i.newColumns.join(', ')} (on_schema_change decides).`));
    kids.push(el('details', {}, el('summary', { text: 'Compiled SELECT' }), el('pre', { class: 'sql', text: i.sql })));
    showReport(`Run impact: ${i.model}`, `target ${i.target}`, kids);
  }

  function rowsTable(rows, limit) {
    if (!rows.length) return el('p', { class: 'muted', text: 'none' });
    const cols = Object.keys(rows[0]);
    return table(cols, rows.slice(0, limit).map((r) => cols.map((c) => valueText(r[c]))));
  }

  function showCompare(c) {
    const kids = [];
    kids.push(el('p', {}, `${c.left} ⟷ ${c.right}, ${c.key ? `by key ${c.key.join(', ')}` : 'by whole rows'}.`));
    if (c.partial) kids.push(el('div', { class: 'banner', text: 'A side stopped at the row cap: differences are about the rows read only. Raise bronze.previewLimit to compare more.' }));
    const same = !c.counts.onlyLeft && !c.counts.onlyRight && !c.counts.changed && !c.columnsOnlyLeft.length && !c.columnsOnlyRight.length;
    if (same) kids.push(el('div', { class: 'banner ok', text: 'No differences in the rows read.' }));
    kids.push(
      table(
        ['', 'count'],
        [
          ['same rows', c.same],
          [`only in ${c.left}`, c.counts.onlyLeft],
          [`only in ${c.right}`, c.counts.onlyRight],
          ['changed (same key)', c.counts.changed],
        ],
      ),
    );
    if (c.columnsOnlyLeft.length || c.columnsOnlyRight.length || Object.keys(c.typeChanges).length) {
      kids.push(el('h2', { text: 'Columns' }));
      const rows = [
        ...c.columnsOnlyLeft.map((n) => [n, `only in ${c.left}`]),
        ...c.columnsOnlyRight.map((n) => [n, `only in ${c.right}`]),
        ...Object.entries(c.typeChanges).map(([n, t]) => [n, `type ${t[0]} → ${t[1]}`]),
      ];
      kids.push(table(['column', 'difference'], rows));
    }
    if (c.changed.length) {
      kids.push(el('h2', { text: 'Changed rows' }));
      const rows = [];
      for (const d of c.changed) for (const [col, [a, b]] of Object.entries(d.changes)) rows.push([Object.values(d.key).map(String).join(', '), col, valueText(a), valueText(b)]);
      kids.push(table(['key', 'column', c.left, c.right], rows));
    }
    kids.push(el('h2', { text: `Only in ${c.left}` }), rowsTable(c.onlyLeft, 200));
    kids.push(el('h2', { text: `Only in ${c.right}` }), rowsTable(c.onlyRight, 200));
    showReport(`Compare: ${c.left} ⟷ ${c.right}`, '', kids);
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    show('cancel', msg.type === 'loading');
    switch (msg.type) {
      case 'loading':
        $('title').textContent = msg.title;
        setMeta(msg.what);
        document.body.classList.add('loading');
        return;
      case 'grid':
        document.body.classList.remove('loading');
        showGrid(msg.grid);
        return;
      case 'impact':
        document.body.classList.remove('loading');
        showImpact(JSON.parse(msg.json));
        return;
      case 'compare':
        document.body.classList.remove('loading');
        showCompare(JSON.parse(msg.json));
        return;
      case 'exported':
        setMeta(`${$('meta').textContent} · exported ${fmt(msg.rows)} rows to ${msg.file}`);
        return;
      case 'error':
        document.body.classList.remove('loading');
        setMeta('');
        show('grid', false);
        show('toolbar', false);
        show('report', false);
        show('message', true);
        $('message').textContent = msg.message;
        return;
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
