// Snowflake SQL UDFs (`CREATE FUNCTION f(a NUMBER) RETURNS NUMBER [LANGUAGE SQL] AS $$ a * 2 $$`) on DuckDB: a DuckDB
// macro of the same name whose body is the translated expression, with Snowflake's conversions made explicit —
// each argument cast to its declared parameter type and the result to the RETURNS type, as Snowflake converts
// them at the call — and RETURNS NULL ON NULL INPUT / STRICT as a NULL guard. A tabular UDF (RETURNS TABLE) or a
// type with no DuckDB mapping has no macro form: its CREATE is refused naming the function.
import { lex, type Lexeme } from '../tokenize';
import { createMacroHead, parseCreateFunction, quoteIdent } from './create-function';
import { isPunct } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/**
 * The DuckDB statement for a SQL UDF's CREATE FUNCTION (lexemes from..to), undefined for any other statement.
 * `translate` turns a Snowflake SELECT into DuckDB's (the body is translated as `SELECT (<body>)`).
 */
export function sqlUdfStatement(lx: Lexeme[], from: number, to: number, translate: (sql: string) => string): string | undefined {
  const f = parseCreateFunction(lx, from, to);
  if (!f || (f.language !== undefined && f.language !== 'sql') || f.body === undefined) return undefined;
  const name = f.parts[f.parts.length - 1].replace(/^"|"$/g, '').toUpperCase();
  const at = lx[from].start;
  if (f.returnsTable) throw new UnsupportedOnDuckDb(`Tabular SQL UDF ${name} (CREATE FUNCTION … RETURNS TABLE)`, at);
  const untyped = f.params.find((p) => p.type === undefined);
  if (!f.returns || untyped) {
    throw new UnsupportedOnDuckDb(`SQL UDF ${name} (a ${untyped ? `parameter type of ${untyped.name.toUpperCase()}` : 'RETURNS type'} with no DuckDB form)`, at);
  }
  // Every reference to a parameter reads it converted to the declared type. The translator converts to most types
  // as Snowflake does; to VARCHAR it needs the value's type, which a macro learns only at the call, so a VARCHAR
  // parameter stands in as a placeholder and takes text only (anything else is refused by name at the call).
  const params = f.params.map((p, i) => ({ key: p.name.replace(/^"|"$/g, '').toLowerCase(), type: p.type!, slot: `bz_udf_text_arg_${i}` }));
  const byKey = new Map(params.map((p) => [p.key, p]));
  const body = lex(f.body);
  let typed = '';
  for (let i = 0; i < body.length; i++) {
    const l = body[i];
    const key = l.kind === 'word' ? l.text.toLowerCase() : l.kind === 'quoted-identifier' ? l.text.slice(1, -1).toLowerCase() : undefined;
    const p = key !== undefined ? byKey.get(key) : undefined;
    const next = body.slice(i + 1).find((x) => x.kind !== 'ws' && x.kind !== 'comment');
    if (p && !isPunct(body[i - 1], '.') && !isPunct(next, '(') && !isPunct(next, '.')) typed += p.type === 'VARCHAR' ? p.slot : `CAST(${quoteIdent(p.key)} AS ${p.type})`;
    else typed += l.text;
  }
  let select = translate(`SELECT (${typed})`);
  if (!/^SELECT \(/.test(select)) throw new UnsupportedOnDuckDb(`SQL UDF ${name} (its body)`, at);
  for (const p of params) select = select.replace(new RegExp(`\\b${p.slot}\\b`, 'g'), textOnly(quoteIdent(p.key), name, `its VARCHAR parameter ${p.key.toUpperCase()} given a non-text argument`));
  const value = select.slice('SELECT '.length);
  let expr = f.returns === 'VARCHAR' ? textOnly(value, name, 'a non-text result for RETURNS VARCHAR') : `CAST(${value} AS ${f.returns})`;
  if (f.strict && params.length > 0) expr = `CASE WHEN ${params.map((p) => `${quoteIdent(p.key)} IS NULL`).join(' OR ')} THEN NULL ELSE ${expr} END`;
  return createMacroHead({ ...f, params: params.map((p) => ({ name: p.key, type: p.type })) }) + expr;
}

/** `expr` when its value is text (or NULL); otherwise the refusal that foreign-udf.ts's foreignUdfError locates at the call. */
function textOnly(expr: string, name: string, what: string): string {
  const message = `Function ${name} (a Snowflake SQL UDF: ${what}) is not supported on the DuckDB target`;
  return `CASE WHEN typeof(${expr}) IN ('VARCHAR', '"NULL"') THEN CAST(${expr} AS VARCHAR) ELSE error('${message.replace(/'/g, "''")}') END`;
}
