// The page shell every Bronze webview shares (no vscode import, so benches can serve the same page): a strict CSP
// (scripts only with the per-load nonce, styles and fonts only from the media folder), the stylesheet, the title,
// the body the panel gives, the DOM helpers every page uses (media/dom.js) and the page's own script.

export interface WebviewPageOptions {
  cspSource: string;
  nonce: string;
  /** media/dom.js: the element builder the pages share, loaded before the page's script. */
  domScriptUri: string;
  scriptUri: string;
  styleUri: string;
  title: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** `images`: allow images from the media folder and data: URLs (the audit panel's chart). */
export function webviewPage(opts: WebviewPageOptions, body: string, extra: { images?: boolean } = {}): string {
  const csp = [
    "default-src 'none'",
    `style-src ${opts.cspSource}`,
    `script-src 'nonce-${opts.nonce}'`,
    ...(extra.images ? [`img-src ${opts.cspSource} data:`] : []),
    `font-src ${opts.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">
<title>${escapeHtml(opts.title)}</title>
</head>
<body>
${body}
<script nonce="${opts.nonce}" src="${escapeHtml(opts.domScriptUri)}"></script>
<script nonce="${opts.nonce}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>`;
}
