// dbt's fromjson is Python's json.loads: a number written with a fraction or an exponent is a float (`1.0` prints
// "1.0"; JSON.parse gives the number 1, which prints "1"), NaN / Infinity / -Infinity are accepted, and a repeated key
// keeps its first place with the last value. Strings are strict: a raw control character in one is an error.
import { ArrayValue, BooleanValue, FloatValue, IntegerValue, NullValue, ObjectValue, StringValue, type RV } from './values';

export function parsePythonJson(text: string): RV {
  let p = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at char ${p}`);
  };
  const ws = () => {
    while (p < text.length && ' \t\n\r'.includes(text[p])) p++;
  };
  const literal = (word: string, v: RV): RV => {
    if (!text.startsWith(word, p)) fail('Expecting value');
    p += word.length;
    return v;
  };
  const string = (): string => {
    p++; // opening quote
    let out = '';
    for (;;) {
      if (p >= text.length) fail('Unterminated string');
      const c = text[p++];
      if (c === '"') return out;
      if (c < ' ') fail('Invalid control character');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[p++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e in simple) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(p, p + 4))) {
        out += String.fromCharCode(parseInt(text.slice(p, p + 4), 16));
        p += 4;
      } else fail('Invalid \\escape');
    }
  };
  const value = (): RV => {
    ws();
    const c = text[p];
    if (c === '{') {
      p++;
      const m = new Map<string, RV>();
      ws();
      if (text[p] === '}') {
        p++;
        return new ObjectValue(m);
      }
      for (;;) {
        ws();
        if (text[p] !== '"') fail('Expecting property name enclosed in double quotes');
        const key = string();
        ws();
        if (text[p++] !== ':') fail("Expecting ':' delimiter");
        m.set(key, value());
        ws();
        const sep = text[p++];
        if (sep === '}') return new ObjectValue(m);
        if (sep !== ',') fail("Expecting ',' delimiter");
      }
    }
    if (c === '[') {
      p++;
      const items: RV[] = [];
      ws();
      if (text[p] === ']') {
        p++;
        return new ArrayValue(items);
      }
      for (;;) {
        items.push(value());
        ws();
        const sep = text[p++];
        if (sep === ']') return new ArrayValue(items);
        if (sep !== ',') fail("Expecting ',' delimiter");
      }
    }
    if (c === '"') return new StringValue(string());
    if (c === 't') return literal('true', new BooleanValue(true));
    if (c === 'f') return literal('false', new BooleanValue(false));
    if (c === 'n') return literal('null', new NullValue(null));
    if (c === 'N') return literal('NaN', new FloatValue(NaN));
    if (c === 'I') return literal('Infinity', new FloatValue(Infinity));
    if (c === '-' && text.startsWith('-Infinity', p)) return literal('-Infinity', new FloatValue(-Infinity));
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(p));
    if (!m) return fail('Expecting value');
    p += m[0].length;
    return m[1] !== undefined || m[2] !== undefined ? new FloatValue(Number(m[0])) : new IntegerValue(Number(m[0]));
  };
  const v = value();
  ws();
  if (p < text.length) fail('Extra data');
  return v;
}
