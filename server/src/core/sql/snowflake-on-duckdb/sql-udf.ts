// Snowflake SQL UDFs (`CREATE FUNCTION f(a NUMBER) RETURNS NUMBER [LANGUAGE SQL] AS $$ a * 2 $$`) on DuckDB: a DuckDB
// macro of the same name whose body is the translated expression, with Snowflake's conversions made explicit —
// each argument cast to its declared parameter type and the result to the RETURNS type, as Snowflake converts
// them at the call — and RETURNS NULL ON NULL INPUT / STRICT as a NULL guard. A scalar UDF with a type that has no
// DuckDB mapping has no macro form: its CREATE is refused naming the function. A tabular UDF (RETURNS TABLE (…))
// is a DuckDB table macro over the translated query, its columns taken by position, named and cast as RETURNS
// TABLE declares them; one that cannot be translated is still created, as a table macro that refuses it by name
// when a query calls it.
import { lex, type Lexeme } from '../tokenize';
import { createMacroHead, parseCreateFunction, quoteIdent, type CreateFunction } from './create-function';
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
  if (f.returnsTable) return tabularUdfStatement(f, f.body, name, translate);
  const untyped = f.params.find((p) => p.type === undefined);
  if (!f.returns || untyped) {
    throw new UnsupportedOnDuckDb(`SQL UDF ${name} (a ${untyped ? `parameter type of ${untyped.name.toUpperCase()}` : 'RETURNS type'} with no DuckDB form)`, at);
  }
  const params = typedParams(f);
  let select = translate(`SELECT (${typedBody(f.body, params)})`);
  if (!/^SELECT \(/.test(select)) throw new UnsupportedOnDuckDb(`SQL UDF ${name} (its body)`, at);
  select = textOnlyParams(select, params, name);
  const value = select.slice('SELECT '.length);
  let expr = f.returns === 'VARCHAR' ? textOnly(value, name, 'a non-text result for RETURNS VARCHAR') : `CAST(${value} AS ${f.returns})`;
  if (f.strict && params.length > 0) expr = `CASE WHEN ${params.map((p) => `${quoteIdent(p.key)} IS NULL`).join(' OR ')} THEN NULL ELSE ${expr} END`;
  return createMacroHead({ ...f, params: params.map((p) => ({ name: p.key, type: p.type })) }) + expr;
}

interface TypedParam {
  /** The name as DuckDB's macro parameter (lower case). */
  key: string;
  type: string;
  /** What stands for a VARCHAR parameter in the body until the translation is done (textOnlyParams). */
  slot: string;
}

const typedParams = (f: CreateFunction): TypedParam[] =>
  f.params.map((p, i) => ({ key: p.name.replace(/^"|"$/g, '').toLowerCase(), type: p.type!, slot: `bz_udf_text_arg_${i}` }));

/**
 * The body with every reference to a parameter read converted to the declared type. The translator converts to
 * most types as Snowflake does; to VARCHAR it needs the value's type, which a macro learns only at the call, so a
 * VARCHAR parameter is written as a slot token and takes text only (anything else is refused by name at the call).
 */
function typedBody(text: string, params: TypedParam[]): string {
  const byKey = new Map(params.map((p) => [p.key, p]));
  const body = lex(text);
  let typed = '';
  for (let i = 0; i < body.length; i++) {
    const l = body[i];
    const key = l.kind === 'word' ? l.text.toLowerCase() : l.kind === 'quoted-identifier' ? l.text.slice(1, -1).toLowerCase() : undefined;
    const p = key !== undefined ? byKey.get(key) : undefined;
    const next = body.slice(i + 1).find((x) => x.kind !== 'ws' && x.kind !== 'comment');
    if (p && !isPunct(body[i - 1], '.') && !isPunct(next, '(') && !isPunct(next, '.')) typed += p.type === 'VARCHAR' ? p.slot : `CAST(${quoteIdent(p.key)} AS ${p.type})`;
    else typed += l.text;
  }
  return typed;
}

/** The translated body with each VARCHAR parameter's slot token replaced by the text-only read of the parameter. */
function textOnlyParams(sql: string, params: TypedParam[], name: string): string {
  for (const p of params) sql = sql.replace(new RegExp(`\\b${p.slot}\\b`, 'g'), textOnly(quoteIdent(p.key), name, `its VARCHAR parameter ${p.key.toUpperCase()} given a non-text argument`));
  return sql;
}

/** A column name as Snowflake stores it: unquoted upper-case, quoted as written. */
const storedName = (written: string): string => (written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written.toUpperCase());

/**
 * The DuckDB table macro for a tabular SQL UDF: `SELECT CAST(c AS type) AS c, … FROM (<translated body>) AS t(c, …)`
 * — Snowflake takes the query's columns by position as the declared ones. When the body or a declared type has no
 * DuckDB form, the macro (same name, parameters and columns, so a view over a call still binds) refuses by name.
 */
function tabularUdfStatement(f: CreateFunction, bodyText: string, name: string, translate: (sql: string) => string): string {
  const columns = f.tableColumns.map((c) => ({ name: storedName(c.name), type: c.type }));
  const head = createMacroHead({ ...f, params: f.params.map((p) => ({ name: p.name.replace(/^"|"$/g, '').toLowerCase(), type: p.type })) }) + 'TABLE ';
  const refuse = (what: string): string => {
    const message = `Function ${name} (a Snowflake SQL UDF: ${what}) is not supported on the DuckDB target`.replace(/'/g, "''");
    const list = columns.length > 0 ? columns.map((c) => `error('${message}') AS ${quoteIdent(c.name)}`).join(', ') : `error('${message}') AS ${quoteIdent(name)}`;
    return `${head}SELECT ${list}`;
  };
  const untypedParam = f.params.find((p) => p.type === undefined);
  if (untypedParam) return refuse(`tabular, its parameter type of ${untypedParam.name.replace(/^"|"$/g, '').toUpperCase()} has no DuckDB form`);
  const untypedColumn = columns.find((c) => c.type === undefined);
  if (columns.length === 0 || untypedColumn) return refuse(`tabular, ${untypedColumn ? `the type of its column ${untypedColumn.name}` : 'its RETURNS TABLE columns'} has no DuckDB form`);
  const params = typedParams(f);
  let query: string;
  try {
    query = textOnlyParams(translate(typedBody(bodyText, params)).replace(/;\s*$/, ''), params, name);
  } catch (e) {
    if (e instanceof UnsupportedOnDuckDb) return refuse(`tabular, its body holds ${e.construct}`);
    throw e;
  }
  const alias = columns.map((c) => quoteIdent(c.name)).join(', ');
  const select = columns
    .map((c) => `${c.type === 'VARCHAR' ? textOnly(quoteIdent(c.name), name, `a non-text value for its VARCHAR column ${c.name}`) : `CAST(${quoteIdent(c.name)} AS ${c.type})`} AS ${quoteIdent(c.name)}`)
    .join(', ');
  return `${head}SELECT ${select} FROM (${query}) AS bz_udtf(${alias})`;
}

/** `expr` when its value is text (or NULL); otherwise the refusal that foreign-udf.ts's foreignUdfError locates at the call. */
function textOnly(expr: string, name: string, what: string): string {
  const message = `Function ${name} (a Snowflake SQL UDF: ${what}) is not supported on the DuckDB target`;
  return `CASE WHEN typeof(${expr}) IN ('VARCHAR', '"NULL"') THEN CAST(${expr} AS VARCHAR) ELSE error('${message.replace(/'/g, "''")}') END`;
}
