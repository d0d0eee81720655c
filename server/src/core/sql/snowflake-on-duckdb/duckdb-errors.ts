// DuckDB errors that mean "this Snowflake construct has no exact DuckDB form", re-read as UnsupportedOnDuckDb so the
// user sees the construct and its place in their SQL instead of DuckDB's message about a rewritten statement.
import { notSnowflakeCall } from './duckdb-only-functions';
import type { ParsedDuckDbError } from './errors';
import { UnknownFunction, UnsupportedOnDuckDb } from './unsupported';
import { CAST_TO_TEXT_OF_VARIANT_TZ, isoDateText, timestampTzErrorConstruct } from './timestamp-tz';
import { foreignUdfError, isForeignUdfMessage } from './foreign-udf';
import { DISPATCH_KEY_ERROR } from './type-dispatch';
import { functionOfMissingDatabase, missingQualifiedFunction, qualifiedCallName, unknownQualifiedFunction } from './qualified-function';
import { CASE_MIX_REFUSED } from './string-coercion';
import { snowflakeTypeWord } from './described-type';
import { NOT_CALL_NAMES } from './subquery-arguments';
import { CAST_TO_TEXT_OF_FLOAT, firstTextCast } from './variant-float';
import { FLATTEN_COLUMNS, tableFunctionAliases } from './table-functions';

/**
 * A name of FLATTEN's output (VALUE, INDEX, …) read unqualified where another relation of the FROM clause has a column
 * of that name too: the FLATTEN page (https://docs.snowflake.com/en/sql-reference/functions/flatten) lists the output
 * columns but not which of the two such a name reads, so the twin refuses it by name instead of calling it ambiguous
 * (errors.ts ambiguousColumnMessage, for two tables). DuckDB names the candidates: `(use: "uploads.VALUE" or "f.VALUE")`.
 */
function flattenColumnClash(message: string, source: string): string | undefined {
  const m = /^Ambiguous reference to column name "([^"]+)" \(use: (.*)\)/.exec(message);
  if (!m || !FLATTEN_COLUMNS.has(m[1].toLowerCase())) return undefined;
  const qualifiers = [...m[2].matchAll(/"([^"]+)\.[^".]+"/g)].map((q) => q[1].toLowerCase());
  const functions = tableFunctionAliases(source);
  if (!qualifiers.some((q) => functions.has(q))) return undefined;
  const name = m[1].toUpperCase();
  return `An unqualified ${name} where FLATTEN's output and another relation of the FROM clause both have a column ${name} (which one Snowflake reads is not documented: qualify it)`;
}

/** Translator macros → the Snowflake construct they stand for. */
const MACRO_CONSTRUCTS: Record<string, { construct: string; word: string }> = {
  bz_value_offset: { construct: 'TO_CHAR with TZH/TZM of a value whose type DuckDB knows only after aggregation (or a bind parameter)', word: 'to_(?:char|varchar)' },
};

/**
 * A timestamp string with a UTC offset that DuckDB reads implicitly (an INSERT into a timestamp column, a comparison):
 * TIMESTAMP_NTZ keeps the wallclock and drops the offset in Snowflake, DuckDB refuses a non-zero one; an offset after
 * a space reads as a zone name. Only casts the statement writes are rewritten (timestamp-tz.ts).
 */
function offsetTimestampRefusal(message: string, source: string): { construct: string; at: number } | undefined {
  // A date string in a form Snowflake's AUTO detection reads but DuckDB does not (DD-MON-YYYY, MM/DD/YYYY).
  const date = /^invalid date field format: "([^"]*)"/.exec(message);
  if (date && isoDateText(date[1]) !== undefined) {
    return {
      construct: `A date string in the form '${date[1]}' read as DATE without a cast (e.g. inserted into a DATE column)`,
      at: Math.max(source.indexOf(`'${date[1]}'`), 0),
    };
  }
  // Text holding an integer converted to a timestamp by a cast (`attribute_value::datetime`, the value '573'): Snowflake
  // reads it as a time since the epoch, in seconds to nanoseconds by its magnitude
  // (https://docs.snowflake.com/sql-reference/functions/to_timestamp, `'<integer>'`); DuckDB's cast reads only dates and
  // times, and the operand's type is not known to the translator. TO_TIMESTAMP reads it on the twin (bz_to_timestamp).
  if (/^invalid timestamp field format: "\s*[-+]?\d+\s*"/.test(message)) {
    return { construct: 'Text holding an integer cast to a timestamp (Snowflake reads it as a time since the epoch): convert it with TO_TIMESTAMP(…) instead', at: 0 };
  }
  // DECIMAL with its precision and scale (`DECIMAL(38,0)`: a NUMBER column), whose parenthesis closes inside the cast's.
  const epoch = /^Unimplemented type for cast \((TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DECIMAL(?:\(\d+,\d+\))?|DOUBLE|FLOAT) -> TIMESTAMP/.exec(message);
  if (epoch) return { construct: 'A number cast to a timestamp (seconds since the epoch) other than a number literal: use TO_TIMESTAMP', at: 0 };
  const ntz = /^timestamp field value "([^"]*)" has a timestamp that is not UTC/.exec(message);
  const zone = /^Unknown TimeZone '([+-]\d{2}(?::?\d{2})?)'/.exec(message);
  if (!ntz && !zone) return undefined;
  const literal = ntz ? `'${ntz[1]}'` : new RegExp(`'[^']*\\d \\${zone?.[1]}'`).exec(source)?.[0];
  const at = literal ? source.indexOf(literal) : -1;
  return {
    construct: ntz
      ? 'A timestamp string with a UTC offset read as TIMESTAMP_NTZ without a cast (e.g. inserted into a TIMESTAMP_NTZ column; Snowflake drops the offset)'
      : 'A timestamp string with its UTC offset after a space read as TIMESTAMP_LTZ without a cast (e.g. inserted into a TIMESTAMP_LTZ column)',
    at: Math.max(at, 0),
  };
}

/** The temporal kinds a dispatching macro keys its bodies by (type-dispatch.ts), by Snowflake's names. */
const TEMPORAL_KIND_NAMES: ReadonlyMap<string, string> = new Map([
  ['date', 'DATE'],
  ['ntz', 'TIMESTAMP_NTZ'],
  ['ltz', 'TIMESTAMP_LTZ'],
  ['tz', 'TIMESTAMP_TZ'],
  ['time', 'TIME'],
]);

/**
 * DuckDB's "No function matches the given name and argument types 'f(T1, T2)'": the function (or operator) and its
 * argument types as DuckDB names them (`DECIMAL(10,2)` is one type). The one reader of that message.
 */
export function noFunctionMatch(message: string): { fn: string; types: string[] } | undefined {
  const m = /^No function matches the given name and argument types '(.+?)\((.*?)\)'/.exec(message);
  if (!m) return undefined;
  const types: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= m[2].length; i++) {
    const ch = m[2][i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if ((ch === ',' && depth === 0) || i === m[2].length) {
      types.push(m[2].slice(start, i).trim());
      start = i + 1;
    }
  }
  return { fn: m[1], types: types.length === 1 && types[0] === '' ? [] : types };
}

/** Offset of the first call of `word` in `source` (case-insensitive, as a whole word followed by `(`), or 0. */
function findCall(source: string, word: string): number {
  const m = new RegExp(`\\b${word}\\s*\\(`, 'i').exec(source);
  return m ? m.index : 0;
}

/**
 * The UnsupportedOnDuckDb a DuckDB error stands for, or undefined when it is an ordinary error (a missing column, a
 * bad cast of a value…). `source` is the statement as the user wrote it; `toSource` maps DuckDB's offsets into it.
 */
export function unsupportedFromDuckDbError(
  e: ParsedDuckDbError,
  source: string,
  toSource: (offset: number) => number,
): UnsupportedOnDuckDb | undefined {
  const at = e.position !== undefined ? toSource(e.position) : undefined;
  // A refusal the translated SQL raises when it runs (timestamp-tz.ts refusalMessage): the offset is the construct's.
  // Raised by error(), or by a failing cast of the text ("Could not convert string '…' to INT32").
  const raised = /bz_unsupported@(\d+): ([\s\S]*?)(?:' to [A-Z0-9]+)?$/.exec(e.message);
  if (raised) return new UnsupportedOnDuckDb(raised[2].trim(), Number(raised[1]));
  // DuckDB refuses a select alias read in a later select item, WHERE or QUALIFY when its expression has a side effect
  // or a subquery; lateral-alias.ts inlines it when the expression can be repeated, so what reaches here cannot.
  const sideEffects = /^Alias "([^"]+)" referenced(?: in a SELECT clause)? - but the expression has (?:side effects|a subquery)/.exec(e.message);
  if (sideEffects) {
    const name = sideEffects[1];
    const mentions = [...source.matchAll(new RegExp(`\\b${name.replace(/[^\w$]/g, '')}\\b`, 'gi'))];
    return new UnsupportedOnDuckDb(`A reference (in a later select item, WHERE or QUALIFY) to the select alias ${name.toUpperCase()} whose expression cannot be evaluated twice with one result (a random or sequence function, a subquery that may choose its rows, an alias two query blocks define)`, at ?? mentions[mentions.length - 1]?.index ?? 0);
  }
  const clash = e.type === 'Binder' ? flattenColumnClash(e.message, source) : undefined;
  if (clash) return new UnsupportedOnDuckDb(clash, at ?? 0);
  const tz = timestampTzErrorConstruct(e.message);
  if (tz) return new UnsupportedOnDuckDb(tz, at ?? 0);
  const offsetText = offsetTimestampRefusal(e.message, source);
  if (offsetText) return new UnsupportedOnDuckDb(offsetText.construct, at ?? offsetText.at);
  // Names in DuckDB's messages are case-blind here: the statement it ran had its unquoted names upper-cased.
  const macro = /Macro (bz_[a-z_]+)\(\) (?:has multiple overloads|does not support)/i.exec(e.message);
  if (macro && MACRO_CONSTRUCTS[macro[1].toLowerCase()]) {
    const m = MACRO_CONSTRUCTS[macro[1].toLowerCase()];
    return new UnsupportedOnDuckDb(m.construct, at ?? findCall(source, m.word));
  }
  // A date function's argument of a type it has no body for (type-dispatch.ts).
  const dispatch = DISPATCH_KEY_ERROR.exec(e.message);
  if (dispatch) {
    // The key is a temporal kind (type-dispatch.ts) or DuckDB's type name, lower case; an untyped NULL's is "NULL".
    const type = TEMPORAL_KIND_NAMES.get(dispatch[2]) ?? snowflakeTypeWord(dispatch[2].replace(/"/g, ''));
    return new UnsupportedOnDuckDb(`${dispatch[1].toUpperCase()} on a value of type ${type}`, at ?? findCall(source, dispatch[1]));
  }
  if (isForeignUdfMessage(e.message)) return foreignUdfError(e.message, source, at);
  // An ARRAY or OBJECT holding a FLOAT cast to text (variant-float.ts): a failing cast of the construct's name.
  if (e.message.includes(`'${CAST_TO_TEXT_OF_FLOAT}'`)) return new UnsupportedOnDuckDb(CAST_TO_TEXT_OF_FLOAT, firstTextCast(source));
  if (e.message.includes(CAST_TO_TEXT_OF_VARIANT_TZ)) return new UnsupportedOnDuckDb(CAST_TO_TEXT_OF_VARIANT_TZ, firstTextCast(source));
  // Raised while running by Bronze's own functions (PARSE_JSON of JSON with no DuckDB form, json-functions.ts).
  const runtime = /^(PARSE_JSON [^\n]*?) is not supported on the DuckDB target/.exec(e.message);
  if (runtime) return new UnsupportedOnDuckDb(runtime[1], at ?? findCall(source, '(?:try_)?parse_json'));
  // A Snowflake SHOW of objects DuckDB has no SHOW for (SHOW TAGS, SHOW GRANTS, …): the statement, named.
  const show = e.type === 'Parser' ? /^\s*show\s+((?:terse\s+)?[a-z_]+(?:\s+[a-z_]+)?)/i.exec(source) : null;
  if (show) return new UnsupportedOnDuckDb(`SHOW ${show[1].replace(/\s+(in|like|on|from)$/i, '').toUpperCase()}`, source.length - source.trimStart().length);
  // Stages and file formats live on the local twin only (stage-statements.ts); elsewhere the statement, named.
  const stage = e.type === 'Parser' ? /^\s*(create(?:\s+or\s+replace)?|drop|alter)\s+(?:temporary\s+|temp\s+)?(file\s+format|stage)\b/i.exec(source) : null;
  if (stage) {
    return new UnsupportedOnDuckDb(`${stage[1].split(/\s+/)[0].toUpperCase()} ${stage[2].replace(/\s+/, ' ').toUpperCase()} outside the local twin (--target local)`, source.length - source.trimStart().length);
  }
  const qualified = (e.type === 'Binder' ? unknownQualifiedFunction(e.message, source) : undefined) ?? functionOfMissingDatabase(e.message, source);
  if (qualified) return qualified;
  if (/^Referenced column "bz_seq" not found/i.test(e.message)) {
    return new UnsupportedOnDuckDb('SEQ1/SEQ2/SEQ4/SEQ8 outside a TABLE(GENERATOR(…)) query', at ?? findCall(source, 'seq[1248]'));
  }
  // `SET x = 1` / `$x`: a Snowflake session variable (DuckDB's own settings, `SET threads = 4`, still work).
  if (/^unrecognized configuration parameter/.test(e.message)) {
    return new UnsupportedOnDuckDb('Session variables (SET name = …, $name)', at ?? 0);
  }
  if (/^STAR expression is only allowed as the root element/.test(e.message)) {
    return new UnsupportedOnDuckDb('`*` or `t.*` as a function argument', at ?? 0);
  }
  const missing = /^(Scalar |Table |Aggregate )?Function with name "?([A-Za-z_][A-Za-z0-9_$]*)"? does not exist/.exec(e.message);
  if (e.type === 'Catalog' && missing && !/^bz_/i.test(missing[2])) {
    const where = at ?? findCall(source, missing[2]);
    const name = qualifiedCallName(source, where, missing[2]);
    if (name) return new UnsupportedOnDuckDb(missingQualifiedFunction(name), where);
    return new UnknownFunction(missing[2].toUpperCase(), where);
  }
  const refused = noFunctionMatch(e.message);
  const noMatch = refused && /^[A-Za-z_][A-Za-z0-9_]*$/.test(refused.fn) ? refused : undefined;
  if (e.type === 'Binder' && noMatch && !/^bz_/i.test(noMatch.fn)) {
    // Snowflake's names of the argument types (TRIM of a FLOAT, not of DuckDB's DOUBLE).
    const notSnowflake = notSnowflakeCall(noMatch.fn, source);
    if (notSnowflake) return new UnsupportedOnDuckDb(notSnowflake, at ?? findCall(source, noMatch.fn));
    const types = noMatch.types.map(snowflakeTypeWord).join(', ');
    // LEFT inside bz_lpad/bz_rpad (string-functions.ts PAD_MACROS), where the user wrote LPAD or RPAD.
    if (at === undefined && /^left$/i.test(noMatch.fn) && !/\bleft\s*\(/i.test(source) && /\b[lr]pad\s*\(/i.test(source)) {
      return new UnsupportedOnDuckDb(`LPAD/RPAD with arguments (${types})`, findCall(source, '[lr]pad'));
    }
    return new UnsupportedOnDuckDb(`${noMatch.fn.toUpperCase()} with arguments (${types})`, at ?? findCall(source, noMatch.fn));
  }
  // An argument whose type fits several overloads equally (a VARCHAR or an untyped NULL where a number or a date is
  // expected): Snowflake converts it by the function's signature, DuckDB asks for a cast.
  const ambiguous = /^Could not choose a best candidate function for the function call "([A-Za-z_][A-Za-z0-9_]*)\((.*?)\)"/.exec(e.message);
  if (e.type === 'Binder' && ambiguous && !/^bz_/i.test(ambiguous[1])) {
    const notSnowflake = notSnowflakeCall(ambiguous[1], source);
    if (notSnowflake) return new UnsupportedOnDuckDb(notSnowflake, at ?? findCall(source, ambiguous[1]));
    const types = ambiguous[2].split(', ').map((t) => snowflakeTypeWord(t.replace(/"/g, ''))).join(', ');
    return new UnsupportedOnDuckDb(`${ambiguous[1].toUpperCase()} with arguments (${types}) without a cast (cast the argument to the type the function takes)`, at ?? findCall(source, ambiguous[1]));
  }
  // `v * 3.14` on a VARIANT: Snowflake casts the value it holds; DuckDB has no arithmetic on JSON.
  const op = refused && /^([-+*\/%]|\/\/)$/.test(refused.fn) ? refused : undefined;
  if (e.type === 'Binder' && op && op.types.some((t) => /\bJSON\b/.test(t))) {
    return new UnsupportedOnDuckDb(`Arithmetic (${op.fn}) on a VARIANT value without a cast (cast it first, e.g. v::NUMBER)`, at ?? 0);
  }
  // `'17' + 0` where the string is not a literal: Snowflake converts the text to a number, DuckDB has no such overload.
  if (e.type === 'Binder' && op && op.types.length > 1 && (op.types[0] === 'VARCHAR' || op.types[op.types.length - 1] === 'VARCHAR')) {
    return new UnsupportedOnDuckDb(`Arithmetic (${op.fn}) on a VARCHAR value without a cast (cast it first, e.g. s::NUMBER)`, at ?? 0);
  }
  // `d LIKE '2024-%'` of a DATE, number or timestamp: Snowflake matches the value's text, DuckDB has LIKE on text only.
  const like = refused && /^!?~~\*?$/.test(refused.fn) ? refused : undefined;
  if (e.type === 'Binder' && like) {
    const operator = `${like.fn.startsWith('!') ? 'NOT ' : ''}${like.fn.endsWith('*') ? 'ILIKE' : 'LIKE'}`;
    const type = snowflakeTypeWord(like.types[0]);
    // DuckDB gives no position: the first LIKE/ILIKE of the statement.
    // An ARRAY or OBJECT (zendesk's `tags LIKE '%premsupport%'`): the conversion table read here does not say that
    // Snowflake coerces one to text, as it does a date or a number.
    const why = type === 'ARRAY' || type === 'OBJECT' ? `no documented conversion of an ${type} to text: cast it, e.g. a::VARCHAR` : 'Snowflake matches its text: cast it, e.g. d::VARCHAR';
    return new UnsupportedOnDuckDb(`${operator} on a${type === 'ARRAY' || type === 'OBJECT' ? 'n' : ''} ${type} value (${why})`, at ?? Math.max(source.search(/\bi?like\b/i), 0));
  }
  // A CASE/IFF/NVL2 number mix (string-coercion.ts numberCaseEdits) with a result whose type only binding shows.
  const caseMix = new RegExp(`"${CASE_MIX_REFUSED}@(\\d+)"`).exec(e.message);
  if (e.type === 'Binder' && caseMix) {
    return new UnsupportedOnDuckDb(
      'CASE (or IFF, NVL2) returning text beside numbers and a value of another type (a FLOAT, a date, a BOOLEAN, a NUMBER of scale over 5): Snowflake documents no result type for it (cast the results to one type)',
      Number(caseMix[1]),
    );
  }
  // CASE / COALESCE / NVL / IFF of a VARCHAR and a number (or another type) that are not literals: Snowflake converts
  // the VARCHAR to the other type; DuckDB's binder refuses the mix.
  const mix = /^Cannot mix values of type (\S+) and (\S+) in (CASE expression|COALESCE operator)/.exec(e.message);
  if (e.type === 'Binder' && mix) {
    const [first, second] = [mix[1], mix[2]].map(snowflakeTypeWord);
    const where = mix[3] === 'CASE expression' ? 'CASE (or IFF, DECODE)' : 'COALESCE (or NVL, IFNULL)';
    const word = mix[3] === 'CASE expression' ? '(?:case|iff|decode)' : '(?:coalesce|nvl|ifnull)';
    return new UnsupportedOnDuckDb(
      `${where} mixing ${first} and ${second} values (Snowflake converts one to the other's type: cast it, e.g. s::NUMBER)`,
      at ?? findCall(source, word),
    );
  }
  const noCondition = e.type === 'Parser' && at !== undefined ? joinWithoutCondition(source, at) : undefined;
  if (noCondition) return noCondition;
  const bareSubquery = e.type === 'Parser' && at !== undefined ? subqueryArgumentWithoutParentheses(source, at) : undefined;
  if (bareSubquery) return bareSubquery;
  const cte = /^Duplicate CTE name "([^"]+)"/.exec(e.message);
  if (cte) return duplicateCte(cte[1], source);
  const mixed = mixedTypesRefusal(e, at);
  if (mixed) return mixed;
  // `select x as a, f(a) as b … group by b`: Snowflake groups by b's expression, which reads the alias a; DuckDB does
  // not expand an alias inside a GROUP BY expression.
  const groupAlias = /^Alias with name "([^"]+)" exists, but aliases cannot be used as part of an expression in the GROUP BY/.exec(e.message);
  if (e.type === 'Binder' && groupAlias) {
    return new UnsupportedOnDuckDb(`GROUP BY an expression (or a select-list alias of one) that reads the select-list alias ${groupAlias[1]}`, at ?? 0);
  }
  const ungrouped = ungroupedOrderBy(e, source, at);
  if (ungrouped !== undefined) return ungrouped;
  return undefined;
}

/**
 * `WITH a AS (…), a AS (…)`: one WITH list defining a name twice (mattermost's union macro names each CTE
 * after its table, and two schemas have the same table). Snowflake documents no rule for which definition a reference
 * reads, so it is refused at the second definition rather than run with either (two copies alike are dropped to one
 * before DuckDB sees them: repeated-ctes.ts).
 */
function duplicateCte(name: string, source: string): UnsupportedOnDuckDb {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const definition = new RegExp(`(?:\\bwith|,)\\s*("?${escaped}"?)\\s*(?:\\([^()]*\\)\\s*)?as\\s*\\(`, 'dgi');
  const second = [...source.matchAll(definition)][1];
  const at = second?.indices?.[1]?.[0] ?? 0;
  return new UnsupportedOnDuckDb(`A WITH clause defining the CTE ${name} twice (Snowflake documents no rule for which one a query reads; only identical copies that read no CTE defined between them run)`, at);
}

/**
 * `COALESCE(x, SELECT v FROM t)`: a query written straight as a function argument after another one, without the
 * parentheses of its own a subquery has. A query as a call's only argument is given them before DuckDB sees it
 * (subquery-arguments.ts); Snowflake's parser reads such a query to the call's `)`, so after a comma it is no argument
 * Snowflake documents or accepts: refused by name at the SELECT rather than shown as DuckDB's syntax error.
 */
function subqueryArgumentWithoutParentheses(source: string, at: number): UnsupportedOnDuckDb | undefined {
  if (!/^(?:select|with)\b/i.test(source.slice(at))) return undefined;
  // The call the argument is in: `name(…, ` with the comma at the call's own depth.
  let depth = 0;
  let i = at - 1;
  while (i >= 0 && /\s/.test(source[i])) i--;
  // (Right after the call's `(`, the query is its only argument, which subquery-arguments.ts parenthesizes.)
  if (source[i] !== ',') return undefined;
  for (; i >= 0; i--) {
    const ch = source[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth === 0) break;
      depth--;
    } else if (ch === "'" || ch === '"') return undefined;
  }
  if (i < 0) return undefined;
  const call = /([A-Za-z_][\w$]*)\s*$/.exec(source.slice(0, i));
  if (!call || NOT_CALL_NAMES.has(call[1].toLowerCase())) return undefined;
  const name = call[1].toUpperCase();
  return new UnsupportedOnDuckDb(`A query written as an argument of ${name} after another one, without parentheses of its own (${name}(…, SELECT …): Snowflake reads an unparenthesized query only as a function's only argument; write ${name}(…, (SELECT …)))`, at);
}

/**
 * `a left join b where …`: a JOIN with neither ON nor USING, which DuckDB's parser refuses where the next clause
 * starts (mattermost's arr_vintages). Snowflake's syntax makes the condition optional, but what an OUTER join
 * without one returns is not documented: refused by name at the JOIN rather than shown as a syntax error.
 */
function joinWithoutCondition(source: string, at: number): UnsupportedOnDuckDb | undefined {
  const before = source.slice(0, at);
  const ref = '(?:"[^"]*"|[A-Za-z_][\\w$]*)(?:\\s*\\.\\s*(?:"[^"]*"|[A-Za-z_][\\w$]*))*';
  const join = new RegExp(`\\b((?:(?:left|right|full)(?:\\s+outer)?|inner)\\s+)?join\\s+${ref}(?:\\s+(?:as\\s+)?(?!(?:on|using)\\b)[A-Za-z_][\\w$]*)?\\s*$`, 'i').exec(before);
  if (!join || !/^(where|group|order|having|qualify|limit|union|except|minus|intersect|left|right|full|inner|join|cross|natural|\)|;|$)/i.test(source.slice(at).trimStart())) return undefined;
  const kind = (join[1] ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
  return new UnsupportedOnDuckDb(`${kind ? `${kind} ` : ''}JOIN without ON or USING (Snowflake's syntax allows it but documents no result for it: write the ON condition, or CROSS JOIN)`, join.index);
}

/**
 * A comparison, BETWEEN or GREATEST/LEAST of a VARCHAR and a number, date or timestamp that DuckDB refuses to bind
 * ("Cannot compare values of type VARCHAR and type TIMESTAMP"): Snowflake converts the string to the other type
 * (docs.snowflake.com/en/sql-reference/data-type-conversion), or for GREATEST/LEAST every argument to the first one's
 * type (docs.snowflake.com/en/sql-reference/functions/greatest), a conversion the layer makes only where the other side's
 * type is in the text (date-comparison.ts). Named, at DuckDB's offset (the operator), with the cast that gives
 * Snowflake's result.
 */
function mixedTypesRefusal(e: ParsedDuckDbError, at: number | undefined): UnsupportedOnDuckDb | undefined {
  if (e.type !== 'Binder') return undefined;
  const compare = /^Cannot compare values of type (.+?) and type (.+?) - an explicit cast is required/.exec(e.message);
  const between = /^Cannot mix values of type (.+?) and (.+?) in BETWEEN clause/.exec(e.message);
  const combine = /^Cannot combine types of (.+?) and (.+?) - an explicit cast is required/.exec(e.message);
  // `n IN ('1', '2')`: IN is a series of `=` comparisons (docs.snowflake.com/en/sql-reference/functions/in), each
  // converting the string as `=` does.
  const inList = /^Cannot compare values of type (.+?) and (.+?) in IN\/ANY\/ALL clause - an explicit cast is required/.exec(e.message);
  const m = compare ?? inList ?? between ?? combine;
  if (!m) return undefined;
  const [first, second] = [m[1], m[2]].map(snowflakeTypeWord);
  const other = first === 'VARCHAR' ? second : first;
  const what = compare ? `A ${first} compared with a ${second}` : inList ? `[NOT] IN comparing a ${first} with ${second} values` : between ? `BETWEEN mixing ${first} and ${second} values` : `GREATEST/LEAST (or another function) mixing ${first} and ${second} values`;
  const text = first === 'VARCHAR' || second === 'VARCHAR';
  // GREATEST/LEAST: the first argument decides, every other one is converted to its type (a string first makes the
  // comparison a text one); a comparison or BETWEEN converts the string to the other side's type.
  const hint = !text ? '' : combine ? ` (Snowflake converts every argument to the first one's type, ${first}: cast the others, e.g. x::${first})` : ` (Snowflake converts the string to ${other}: cast it, e.g. s::${other})`;
  return new UnsupportedOnDuckDb(`${what}${hint}`, at ?? 0);
}

/**
 * `SELECT ARRAY_AGG(x) … FROM t ORDER BY x`: an aggregate query without GROUP BY ordered by a column it does not
 * aggregate. Snowflake's ARRAY_AGG page runs such a query (its one row, the ORDER BY moot); DuckDB's binder refuses it.
 * Only that shape: the column is named in a top-level ORDER BY and the statement has no GROUP BY at all.
 */
function ungroupedOrderBy(e: ParsedDuckDbError, source: string, at: number | undefined): UnsupportedOnDuckDb | undefined {
  if (e.type !== 'Binder' || at === undefined || !/must appear in the GROUP BY clause or must be part of an aggregate function/.test(e.message)) return undefined;
  if (/\bgroup\s+by\b/i.test(source) || !/\border\s+by\b[^()]*$/i.test(source.slice(0, at))) return undefined;
  return new UnsupportedOnDuckDb('ORDER BY a column that is not aggregated in a query that aggregates without GROUP BY (it returns one row: drop the ORDER BY)', at);
}
