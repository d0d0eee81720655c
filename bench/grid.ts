// The results grid with 100,000 rows in Chromium (playwright-core, /usr/bin/chromium): time from the message to
// the first painted frame, scroll frame times while scrolling through the whole result, and a sort.
// The page is the real one (client/src/vscode/results-panel.ts's HTML with media/results.{js,css}) served on
// 127.0.0.1 with its CSP; acquireVsCodeApi is stubbed. Usage: node --import tsx bench/grid.ts [--rows N]
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { gridPayload } from '../client/src/preview/results-messages';
import type { PreviewResult } from '../client/src/preview/data';
import { median, table } from './bench-util';

const ROOT = path.resolve(import.meta.dirname, '..');
const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 100_000;

/** Stands in for the VS Code host: the page HTML is the panel's own, so the page and its CSP are the real ones. */
async function pageHtml(): Promise<string> {
  const { resultsHtml } = await import('../client/src/preview/results-html');
  return resultsHtml({ cspSource: "'self'", nonce: 'bench', domScriptUri: '/media/dom.js', scriptUri: '/media/results.js', styleUri: '/media/results.css', title: 'bench' });
}

function payload(): ReturnType<typeof gridPayload> {
  const rows: Record<string, unknown>[] = [];
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    rows.push({
      id: BigInt(i + 1),
      user_id: `USR-${String(i % 5000).padStart(7, '0')}`,
      plan: ['Free', 'Pro', 'Business', 'Enterprise'][i % 4],
      amount: Math.round(i * 37.3) / 100,
      created_at: new Date(base + i * 60_000),
      note: i % 7 === 0 ? null : i % 11 === 0 ? 'NULL' : `note ${i}`,
    });
  }
  const result: PreviewResult = {
    title: 'bench',
    target: 'local',
    targetType: 'duckdb',
    sql: 'select …',
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'user_id', type: 'VARCHAR' },
      { name: 'plan', type: 'VARCHAR' },
      { name: 'amount', type: 'DOUBLE' },
      { name: 'created_at', type: 'TIMESTAMP' },
      { name: 'note', type: 'VARCHAR' },
    ],
    rows,
    truncated: false,
    elapsedMs: 0,
  };
  return gridPayload(result, ROWS);
}

async function main(): Promise<void> {
  const html = await pageHtml();
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else if (url === '/media/dom.js' || url === '/media/results.js' || url === '/media/results.css') {
      res.writeHead(200, { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(readFileSync(path.join(ROOT, url)));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    const grid = payload();
    await page.evaluate((g) => ((window as unknown as { __payload: unknown }).__payload = g), grid);

    type Win = { __payload: unknown; __bronzeResults: { metrics: { lastRenderMs: number; rendered: number }; state: () => { rows: number; shown: number } } };
    // First paint: from posting the message (as the host does) to the first frame after the grid is built.
    const firstPaint = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const t0 = performance.now();
      window.postMessage({ type: 'grid', grid: w.__payload }, '*');
      while (w.__bronzeResults.state().rows === 0) await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { ms: performance.now() - t0, domRows: document.querySelectorAll('.grid-row').length };
    });

    // Scroll through the whole result in 400 steps, one per frame: frame-to-frame times and the render cost.
    const scroll = await page.evaluate(async () => {
      const w = window as unknown as Win;
      const body = document.getElementById('grid-body')!;
      const steps = 400;
      const stride = (body.scrollHeight - body.clientHeight) / steps;
      const frames: number[] = [];
      const renders: number[] = [];
      let last = performance.now();
      for (let i = 1; i <= steps; i++) {
        body.scrollTop = i * stride;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        renders.push(w.__bronzeResults.metrics.lastRenderMs);
        last = now;
      }
      const lastRow = document.querySelector('.grid-row:last-child .rownum')?.textContent;
      return { frames, renders, lastRow, domRows: document.querySelectorAll('.grid-row').length };
    });

    // The same 400 frames doing nothing: what this machine's load alone costs a frame.
    const idle = await page.evaluate(async () => {
      const frames: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 400; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      return frames;
    });

    // Sort by a text column (click the header) until the frame after it.
    const sort = await page.evaluate(async () => {
      const head = document.querySelectorAll('.grid-head .hcell')[2] as HTMLElement;
      const t0 = performance.now();
      head.click();
      await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    });

    const p = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
    const f = (ms: number): string => `${ms.toFixed(1)} ms`;
    console.log(`machine: nproc ${os.cpus().length}, node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}; Chromium headless, viewport 1280×800`);
    console.log(
      table(
        ['grid, rows', 'first paint', 'DOM rows', 'scroll frame median', 'scroll frame p95', 'scroll frame max', 'render median', 'idle frame median', 'sort 1 column'],
        [[ROWS.toLocaleString('en-US'), f(firstPaint.ms), String(scroll.domRows), f(median(scroll.frames)), f(p(scroll.frames, 0.95)), f(Math.max(...scroll.frames)), f(median(scroll.renders)), f(median(idle)), f(sort)]],
      ),
    );
    if (Number(scroll.lastRow) !== ROWS) throw new Error(`scrolling to the end shows row ${scroll.lastRow}, not ${ROWS}`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
