// The audit panel page. Plain JS (no build step); the message shapes are client/src/panel/messages.ts.
// Everything is built with DOM APIs (no innerHTML with data), so audit text can never become markup.
// @ts-check
(function () {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const SVG = 'http://www.w3.org/2000/svg';
  /** @type {any} */
  let state = vscode.getState()?.state ?? null;
  const filters = vscode.getState()?.filters ?? { status: '', text: '' };

  const { el } = /** @type {any} */ (window).bronzeDom; // media/dom.js, loaded first

  const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : '');
  const fmtClock = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '');
  const fmtSecs = (s) => `${Number(s).toFixed(s < 10 ? 2 : 1)} s`;
  const fmtRows = (n) => (n === null || n === undefined ? '' : Number(n).toLocaleString());

  function save() {
    vscode.setState({ state, filters });
  }

  function badge(status) {
    return el('span', { class: `badge badge-${status.toLowerCase()}`, text: status });
  }

  function renderInvocations() {
    const list = $('invocations');
    list.replaceChildren();
    for (const inv of state.invocations) {
      const selected = inv.invocationId === state.selected;
      const counts = el('span', { class: 'counts' });
      for (const s of ['SUCCESS', 'FAILED', 'WARNING', 'SKIPPED', 'INTERRUPTED']) {
        if (inv.counts[s] > 0) counts.append(el('span', { class: `count badge-${s.toLowerCase()}`, text: `${inv.counts[s]} ${s.toLowerCase()}` }));
      }
      const button = el(
        'button',
        {
          type: 'button',
          class: 'inv',
          'data-invocation': inv.invocationId,
          'aria-pressed': selected ? 'true' : 'false',
          title: `Invocation ${inv.invocationId} on ${inv.targetName}`,
          onclick: () => vscode.postMessage({ type: 'selectInvocation', invocationId: inv.invocationId }),
        },
        el('span', { class: 'when', text: fmtTime(inv.completedAt) }),
        el('span', { class: 'muted small', text: `${inv.total} node${inv.total === 1 ? '' : 's'} · ${inv.targetName} · ${inv.invocationId.slice(0, 8)}` }),
        counts,
      );
      list.append(el('li', { role: 'option', 'aria-selected': selected ? 'true' : 'false', class: selected ? 'selected' : '' }, button));
    }
  }

  function spark(history) {
    if (!history || !history.points) return el('span', { class: 'muted small', text: '—' });
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 120 24');
    svg.setAttribute('width', '120');
    svg.setAttribute('height', '24');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('role', 'img');
    const secs = history.seconds;
    const label = `Last ${secs.length} runs: ${secs.map((s) => fmtSecs(s)).join(', ')}`;
    svg.setAttribute('aria-label', label);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = label;
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', history.points);
    line.setAttribute('class', 'spark-line');
    svg.append(title, line);
    return svg;
  }

  function matches(row) {
    if (filters.status && row.status !== filters.status) return false;
    const q = filters.text.trim().toLowerCase();
    if (!q) return true;
    return [row.name, row.nodeId, row.errorMessage || ''].some((t) => t.toLowerCase().includes(q));
  }

  function renderRows() {
    const body = $('rows');
    body.replaceChildren();
    const rows = state.rows.filter(matches);
    for (const r of rows) {
      const bar = el('span', { class: `bar bar-${r.status.toLowerCase()}` });
      bar.style.width = `${r.barPercent}%`; // CSSOM, which the CSP allows (style attributes would not be)
      const open = el('button', {
        type: 'button',
        class: 'link',
        title: `Open ${r.nodeId}`,
        text: r.name,
        onclick: () => vscode.postMessage({ type: 'openNode', nodeId: r.nodeId }),
      });
      const nameCell = el('td', { class: 'name' }, open, el('span', { class: 'muted small type', text: r.nodeType }));
      if (r.errorMessage) {
        const first = r.errorMessage.split('\n')[0];
        nameCell.append(el('details', { class: 'error' }, el('summary', { text: first.length > 90 ? `${first.slice(0, 90)}…` : first }), el('pre', { text: r.errorMessage })));
      }
      body.append(
        el(
          'tr',
          { 'data-node': r.nodeId, 'data-status': r.status },
          el('td', {}, badge(r.status)),
          nameCell,
          el('td', { class: 'time' }, el('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar), el('span', { class: 'secs', text: fmtSecs(r.processingTime) })),
          el('td', { class: 'num', text: fmtRows(r.rowsAffected) }),
          el('td', { class: 'clock', title: fmtTime(r.startedAt), text: fmtClock(r.startedAt) }),
          el('td', { class: 'clock', title: fmtTime(r.completedAt), text: fmtClock(r.completedAt) }),
          el('td', {}, spark(state.history[r.nodeId])),
        ),
      );
    }
    const empty = $('empty');
    if (state.rows.length === 0) {
      empty.hidden = false;
      empty.textContent = `No audit rows in ${state.auditTable} on target ${state.target} yet. Run a model ("Bronze: Run bronze model") to record one.`;
    } else if (rows.length === 0) {
      empty.hidden = false;
      empty.textContent = 'No node matches the filters.';
    } else empty.hidden = true;
  }

  function render() {
    if (!state) return;
    document.body.classList.remove('loading');
    $('meta').textContent = `${state.auditTable} on ${state.target} · read ${fmtClock(state.loadedAt)}`;
    renderInvocations();
    renderRows();
  }

  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg.type !== 'string') return;
    if (msg.type === 'loading') document.body.classList.add('loading');
    else if (msg.type === 'error') {
      document.body.classList.remove('loading');
      const empty = $('empty');
      empty.hidden = false;
      empty.textContent = `Could not read the audit table: ${msg.message}`;
      empty.classList.add('error-text');
    } else if (msg.type === 'state') {
      state = msg.state;
      $('empty').classList.remove('error-text');
      save();
      render();
    }
  });

  const statusFilter = /** @type {HTMLSelectElement} */ ($('status-filter'));
  const textFilter = /** @type {HTMLInputElement} */ ($('text-filter'));
  statusFilter.value = filters.status;
  textFilter.value = filters.text;
  statusFilter.addEventListener('change', () => {
    filters.status = statusFilter.value;
    save();
    if (state) renderRows();
  });
  textFilter.addEventListener('input', () => {
    filters.text = textFilter.value;
    save();
    if (state) renderRows();
  });
  $('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));

  // Arrow keys move between invocations; Enter/Space (native button behaviour) selects one.
  $('invocations').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = Array.from(document.querySelectorAll('#invocations button'));
    const at = buttons.indexOf(/** @type {any} */ (document.activeElement));
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      /** @type {HTMLElement} */ (next).focus();
      e.preventDefault();
    }
  });

  render();
  vscode.postMessage({ type: 'ready' });
})();
