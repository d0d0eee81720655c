// The results webview's HTML (no vscode import, so the grid benchmark serves the very same page). Strict CSP:
// scripts only with the per-load nonce, styles and fonts only from the media folder.
import { escapeHtml, webviewPage, type WebviewPageOptions } from '../panel/webview-page';

export function resultsHtml(opts: WebviewPageOptions): string {
  return webviewPage(
    opts,
    `<header class="bar">
  <h1 id="title">${escapeHtml(opts.title)}</h1>
  <span id="meta" class="muted" aria-live="polite"></span>
  <button id="cancel" type="button" hidden>Cancel</button>
  <button id="rerun" type="button" title="Run the query again">Run again</button>
</header>
<div id="toolbar" class="bar toolbar" hidden>
  <label>Filter <input id="filter" type="search" placeholder="text in any cell"></label>
  <span id="shown" class="muted"></span>
  <span class="spacer"></span>
  <button id="copy-cell" type="button" class="secondary">Copy cell</button>
  <button id="copy-rows" type="button" class="secondary">Copy rows</button>
  <button id="export-csv" type="button" class="secondary" title="Run the query again and write every row">Export CSV…</button>
  <button id="export-json" type="button" class="secondary" title="Run the query again and write every row">Export JSON…</button>
</div>
<main id="main">
  <div id="grid" class="grid" tabindex="0" role="grid" aria-label="Query results" hidden>
    <div id="grid-head" class="grid-head" role="row"></div>
    <div id="grid-body" class="grid-body"><div id="grid-spacer" class="grid-spacer"></div><div id="grid-rows" class="grid-rows"></div></div>
  </div>
  <div id="report" class="report" hidden></div>
  <p id="message" class="muted" hidden></p>
</main>`,
  );
}
