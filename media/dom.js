// DOM helpers shared by the Bronze webview pages (audit.js, results.js), loaded before them with the same nonce.
// Plain JS (no build step). Elements are built with DOM APIs only — never innerHTML with data — so text from the
// warehouse or the audit table can never become markup.
// @ts-check
(function () {
  /**
   * An element with attributes and children: `class` sets the class name, `text` the text content, `onX` adds a
   * listener for X; `true` gives an empty attribute and `false`/null/undefined leaves the attribute out.
   * @param {string} tag
   * @param {Record<string, any> | null | undefined} attrs
   * @param {...(Node | string | null | undefined)} children
   */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = String(v);
      else if (k === 'text') e.textContent = String(v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  /** @type {any} */ (window).bronzeDom = Object.freeze({ el });
})();
