// Snowflake single-quoted strings read backslash escapes (`'\n'` is a newline, `'\\d'` is `\d`); DuckDB's plain
// strings do not, so a literal holding a backslash is re-written as a DuckDB escape string (E'…') with the value
// Snowflake reads. E'…' is left alone on a second pass, which keeps the translation idempotent.

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/** The value of a Snowflake single-quoted literal (`text` includes the quotes). */
export function snowflakeStringValue(text: string): string {
  const body = text.slice(1, text.endsWith("'") && text.length > 1 ? -1 : undefined);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
    } else if (ch === '\\' && i + 1 < body.length) {
      const n = body[++i];
      const oct = /^[0-7]{3}/.exec(body.slice(i));
      const hex = /^x([0-9a-fA-F]{2})/.exec(body.slice(i));
      const uni = /^u([0-9a-fA-F]{4})/.exec(body.slice(i));
      if (oct) {
        out += String.fromCharCode(parseInt(oct[0], 8));
        i += 2;
      } else if (hex) {
        out += String.fromCharCode(parseInt(hex[1], 16));
        i += 2;
      } else if (uni) {
        out += String.fromCharCode(parseInt(uni[1], 16));
        i += 4;
      } else out += SIMPLE[n] ?? n;
    } else out += ch;
  }
  return out;
}

/** A DuckDB literal for `value`: a plain '…' when no character needs escaping, else E'…'; undefined for a NUL. */
export function duckDbStringLiteral(value: string): string | undefined {
  if (value.includes('\0')) return undefined;
  if (!/[\\\n\r\t\b\f]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  const esc = value.replace(/[\\'\n\r\t\b\f]/g, (c) =>
    c === '\\' ? '\\\\' : c === "'" ? "\\'" : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c === '\b' ? '\\b' : '\\f',
  );
  return `E'${esc}'`;
}

/**
 * `value` as a DuckDB expression: its literal, or where it holds a NUL (which ends DuckDB's statement text) its parts
 * joined by chr(0) in parentheses. Only where SQL takes an expression; a literal-only place then fails to parse.
 */
export function duckDbStringExpression(value: string): string {
  const literal = duckDbStringLiteral(value);
  if (literal !== undefined) return literal;
  return `(${value.split('\0').map((part) => duckDbStringLiteral(part)).join(' || chr(0) || ')})`;
}
