// JSON text as Snowflake's PARSE_JSON reads it and TO_JSON writes it. Snowflake accepts more than strict JSON
// (unquoted object keys, TRUE/FALSE/NULL in any case, a trailing comma) and refuses duplicate keys unless asked;
// DuckDB's JSON cast is strict and keeps the last duplicate. Numbers keep their text, so 123.12 stays a decimal
// and 1.912e2 a double, as PARSE_JSON stores them.

export type JsonNode =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'object'; entries: [string, JsonNode][] };

/** Invalid JSON (Snowflake rejects it too). */
export class SnowflakeJsonError extends Error {}

/** Valid in Snowflake but with no DuckDB JSON form: an array element left out (`[1, ,3]` is an "undefined" slot). */
export class SnowflakeJsonUnsupported extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const BARE_KEY = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const WORD = /[A-Za-z]+/y;

class Reader {
  i = 0;
  constructor(
    readonly text: string,
    readonly allowDuplicates: boolean,
  ) {}

  fail(what: string): never {
    throw new SnowflakeJsonError(`Error parsing JSON: ${what}, pos ${this.i + 1}`);
  }

  ws(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  value(): JsonNode {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { kind: 'string', value: this.string() };
    if (c === '-' || (c >= '0' && c <= '9')) {
      const text = this.match(NUMBER);
      if (text === undefined) this.fail('invalid number');
      return { kind: 'number', text };
    }
    const word = this.match(WORD)?.toLowerCase();
    if (word === 'null') return { kind: 'null' };
    if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
    return this.fail(c === undefined ? 'unexpected end of input' : `unknown literal`);
  }

  string(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    if (this.i >= this.text.length) this.fail('unterminated string');
    this.i++;
    try {
      return JSON.parse(this.text.slice(start, this.i)) as string;
    } catch {
      return this.fail('invalid string');
    }
  }

  array(): JsonNode {
    this.i++;
    const items: JsonNode[] = [];
    for (;;) {
      this.ws();
      if (this.text[this.i] === ']') {
        this.i++;
        return { kind: 'array', items };
      }
      if (this.text[this.i] === ',') {
        throw new SnowflakeJsonUnsupported('PARSE_JSON of an array with a missing element');
      }
      items.push(this.value());
      this.ws();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== ']') this.fail("expected ',' or ']'");
    }
  }

  object(): JsonNode {
    this.i++;
    const entries: [string, JsonNode][] = [];
    const seen = new Map<string, number>();
    for (;;) {
      this.ws();
      if (this.text[this.i] === '}') {
        this.i++;
        return { kind: 'object', entries };
      }
      const key = this.text[this.i] === '"' ? this.string() : this.match(BARE_KEY);
      if (key === undefined) this.fail('expected an object key');
      this.ws();
      if (this.text[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      const value = this.value();
      const at = seen.get(key);
      if (at !== undefined) {
        if (!this.allowDuplicates) this.fail(`duplicate object attribute "${key}"`);
        entries[at] = [key, value];
      } else {
        seen.set(key, entries.length);
        entries.push([key, value]);
      }
      this.ws();
      if (this.text[this.i] === ',') this.i++;
      else if (this.text[this.i] !== '}') this.fail("expected ',' or '}'");
    }
  }
}

/**
 * Parses `text` as Snowflake's PARSE_JSON does; undefined for an empty or blank string (Snowflake gives NULL).
 * `allowDuplicates` is the 'd' parameter: the last value of a repeated key wins.
 */
export function parseSnowflakeJson(text: string, allowDuplicates = false): JsonNode | undefined {
  if (text.trim() === '') return undefined;
  const r = new Reader(text, allowDuplicates);
  const node = r.value();
  r.ws();
  if (r.i < text.length) r.fail('unexpected characters after the value');
  return node;
}

/**
 * Compact JSON text; numbers as `number` writes them (as written by default); `sortKeys` orders object keys as
 * TO_JSON does.
 */
export function writeJson(node: JsonNode, sortKeys = false, number: (text: string) => string = (t) => t): string {
  switch (node.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'number':
      return number(node.text);
    case 'string':
      return JSON.stringify(node.value);
    case 'array':
      return `[${node.items.map((x) => writeJson(x, sortKeys, number)).join(',')}]`;
    case 'object': {
      const entries = sortKeys ? [...node.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : node.entries;
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v, sortKeys, number)}`).join(',')}}`;
    }
  }
}
