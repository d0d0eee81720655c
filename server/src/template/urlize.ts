// Jinja2's urlize filter (jinja2.utils.urlize, 3.1): the text HTML-escaped, then each whitespace-separated word that
// is an http(s) URL, a www. or bare .com/.org/… domain, an email address (with or without mailto:) or starts with an
// extra scheme becomes a link; leading ( < and trailing ) > . , are kept outside the link unless they balance it.

/** Python's Unicode \w, as the inside of a character class. */
const WORD = '\\p{L}\\p{N}_';
const DIGIT = '\\p{Nd}';
/** jinja2.utils._http_re (IGNORECASE, Unicode \w and \d). */
const HTTP = new RegExp(
  '^(' +
    `(https?://|www\\.)(([${WORD}%-]+\\.)+)?([a-z]{2,63}|xn--[${WORD}%]{2,59})` +
    `|([${WORD}%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)` +
    `|(https?://)(((${DIGIT}{1,3})(\\.${DIGIT}{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))` +
    `)(?::${DIGIT}{1,5})?(?:[/?#]\\S*)?$`,
  'iu',
);
/** jinja2.utils._email_re. */
const EMAIL = new RegExp(`^\\S+@[${WORD}][${WORD}.-]*\\.[${WORD}]+$`, 'u');
/** jinja2.filters._uri_scheme_re. */
const URI_SCHEME = new RegExp(`^([${WORD}.+-]{2,}:(/){0,2})$`, 'u');

export interface UrlizeOptions {
  trimUrlLimit?: number;
  rel?: string;
  target?: string;
  extraSchemes?: string[];
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
const count = (s: string, sub: string) => s.split(sub).length - 1;

export function urlize(text: string, options: UrlizeOptions): string {
  const { trimUrlLimit, rel, target, extraSchemes } = options;
  for (const scheme of extraSchemes ?? []) if (!URI_SCHEME.test(scheme)) throw new Error(`'${scheme}' is not a valid URI scheme prefix.`);
  const trim = (x: string) => {
    const chars = Array.from(x);
    return trimUrlLimit !== undefined && chars.length > trimUrlLimit ? chars.slice(0, Math.max(0, trimUrlLimit)).join('') + '...' : x;
  };
  const relAttr = rel ? ` rel="${escapeHtml(rel)}"` : '';
  const targetAttr = target ? ` target="${escapeHtml(target)}"` : '';
  const words = escapeHtml(text).split(/(\s+)/u);
  return words
    .map((word) => {
      let head = '';
      let middle = word;
      let tail = '';
      const lead = /^(?:[(<]|&lt;)+/.exec(middle);
      if (lead) {
        head = lead[0];
        middle = middle.slice(lead[0].length);
      }
      const trail = /(?:[)>.,\n]|&gt;)+$/.exec(middle);
      if (trail) {
        tail = trail[0];
        middle = middle.slice(0, trail.index);
      }
      // Balance brackets from the tail rather than leave a closing one out of the link.
      for (const [open, close] of [['(', ')'], ['<', '>'], ['&lt;', '&gt;']]) {
        const opens = count(middle, open);
        if (opens <= count(middle, close)) continue;
        for (let n = Math.min(opens, count(tail, close)); n > 0; n--) {
          const end = tail.indexOf(close) + close.length;
          middle += tail.slice(0, end);
          tail = tail.slice(end);
        }
      }
      if (HTTP.test(middle)) {
        const href = middle.startsWith('https://') || middle.startsWith('http://') ? middle : `https://${middle}`;
        middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
      } else if (middle.startsWith('mailto:') && EMAIL.test(middle.slice(7))) {
        middle = `<a href="${middle}">${middle.slice(7)}</a>`;
      } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.startsWith('@') && !middle.includes(':') && EMAIL.test(middle)) {
        middle = `<a href="mailto:${middle}">${middle}</a>`;
      } else {
        for (const scheme of extraSchemes ?? []) {
          if (middle !== scheme && middle.startsWith(scheme)) middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
        }
      }
      return head + middle + tail;
    })
    .join('');
}
