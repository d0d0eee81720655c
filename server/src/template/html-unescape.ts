// Python's html.unescape, as markupsafe's striptags ends with it: character references, and named references
// with or without their ';'. Bronze knows HTML 4's Latin-1 names (the ones HTML5 also reads without a ';'),
// the XML ones and &apos;; another name followed by ';' may be one of HTML5's 2231, so it is refused by name.

/** HTML 4's Latin-1 entity names, for U+00A0 to U+00FF in order. */
const LATIN1 = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro ' +
  'para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil ' +
  'Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml ' +
  'igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute ' +
  'thorn yuml'
).split(' ');

/** The names HTML5 reads without a ';' (Python's html5 table keys without one). */
const LEGACY = new Map<string, string>([
  ...LATIN1.map((name, i) => [name, String.fromCharCode(0xa0 + i)] as [string, string]),
  ['COPY', '\u00a9'],
  ['REG', '\u00ae'],
  ...(['amp', 'AMP'] as const).map((n) => [n, '&'] as [string, string]),
  ...(['lt', 'LT'] as const).map((n) => [n, '<'] as [string, string]),
  ...(['gt', 'GT'] as const).map((n) => [n, '>'] as [string, string]),
  ...(['quot', 'QUOT'] as const).map((n) => [n, '"'] as [string, string]),
]);

/** Code points a character reference gives nothing for (Python's html._invalid_codepoints). */
function isInvalidCodePoint(n: number): boolean {
  return (n >= 0x1 && n <= 0x8) || n === 0xb || (n >= 0xe && n <= 0x1f) || (n >= 0x7f && n <= 0x9f) || (n >= 0xfdd0 && n <= 0xfdef) || (n & 0xfffe) === 0xfffe;
}

/** Windows-1252's characters for bytes 0x80 to 0x9f (Node's TextDecoder reads that label as Latin-1). */
const WINDOWS_1252 = Array.from(
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
    '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178',
);

export function htmlUnescape(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/g, (ref, body: string) => {
    if (body.startsWith('#')) {
      const digits = body.replace(/;$/, '');
      const n = /^#[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : parseInt(digits.slice(1), 10);
      if (n === 0) return '\ufffd';
      if (n === 0xd) return '\r';
      // Python reads these as Windows-1252 bytes, as browsers do (the five unassigned ones stay C1 controls).
      if (n >= 0x80 && n <= 0x9f) return WINDOWS_1252[n - 0x80];
      if ((n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff) return '\ufffd';
      if (isInvalidCodePoint(n)) return '';
      return String.fromCodePoint(n);
    }
    const name = body.replace(/;$/, '');
    if (LEGACY.has(name)) return LEGACY.get(name)!;
    if (body.endsWith(';')) {
      if (name === 'apos') return "'";
      throw new Error(`striptags: the HTML reference ${ref} is not supported by Bronze (it knows the Latin-1 and XML names)`);
    }
    // Python reads the longest name HTML5 knows without a ';' at the start: "&copyright" is "©right".
    for (let len = body.length - 1; len > 1; len--) {
      const known = LEGACY.get(body.slice(0, len));
      if (known !== undefined) return known + body.slice(len);
    }
    return ref;
  });
}
