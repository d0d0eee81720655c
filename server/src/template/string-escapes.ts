// Jinja2 string literals: the body between the quotes is decoded the way Python's `unicode-escape` codec does
// (Jinja2's lexer runs it on every literal), so what Jinja2 accepts decodes here and what it rejects is
// reported with Jinja2's own message and the offset of the bad escape.

const SIMPLE: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  // A backslash before a line break continues the line: both disappear.
  '\n': '',
};

const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

export type DecodedString =
  | { ok: true; value: string }
  /** `offset`/`end`: the bad escape, relative to the body. */
  | { ok: false; message: string; offset: number; end: number };

const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';

/** Decodes a literal's body (without its quotes). `\r\n` counts as one line break, as Jinja2 normalises it first. */
export function decodeJinjaString(body: string): DecodedString {
  if (!body.includes('\\')) return { ok: true, value: body };
  let out = '';
  let p = 0;
  const n = body.length;
  while (p < n) {
    const ch = body[p];
    if (ch !== '\\') {
      out += ch;
      p++;
      continue;
    }
    let nx = body[p + 1];
    if (nx === '\r' && body[p + 2] === '\n') {
      p += 3;
      continue;
    }
    if (nx === '\r') nx = '\n';
    if (nx !== undefined && nx in SIMPLE) {
      out += SIMPLE[nx];
      p += 2;
      continue;
    }
    if (isOctal(nx)) {
      let q = p + 1;
      while (q < p + 4 && isOctal(body[q])) q++;
      out += String.fromCharCode(parseInt(body.slice(p + 1, q), 8));
      p = q;
      continue;
    }
    if (nx !== undefined && nx in HEX_ESCAPES) {
      const len = HEX_ESCAPES[nx];
      const hex = body.slice(p + 2, p + 2 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) {
        const shape = nx === 'x' ? '\\xXX' : nx === 'u' ? '\\uXXXX' : '\\UXXXXXXXX';
        let q = p + 2;
        while (q < p + 2 + len && /[0-9a-fA-F]/.test(body[q] ?? '')) q++;
        return { ok: false, message: `truncated ${shape} escape`, offset: p, end: q };
      }
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return { ok: false, message: 'illegal Unicode character', offset: p, end: p + 2 + len };
      out += String.fromCodePoint(code);
      p += 2 + len;
      continue;
    }
    if (nx === 'N') {
      const m = /^\{([A-Za-z0-9 -]+)\}/.exec(body.slice(p + 2));
      if (!m) return { ok: false, message: 'malformed \\N character escape', offset: p, end: p + 2 };
      // Node has no Unicode name table: say so instead of guessing a character.
      return {
        ok: false,
        message: `Bronze cannot decode the named escape \\N{${m[1]}}; write the character itself or its \\uXXXX code`,
        offset: p,
        end: p + 3 + m[1].length,
      };
    }
    // Python keeps unknown escapes such as `\d` as written.
    out += '\\';
    p++;
  }
  return { ok: true, value: out };
}

/** True for a named escape, which Jinja2 accepts but only the renderer refuses (the syntax check must not). */
export function isNamedEscapeFailure(d: DecodedString): boolean {
  return !d.ok && d.message.startsWith('Bronze cannot decode the named escape');
}
