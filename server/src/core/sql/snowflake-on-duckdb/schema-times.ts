// SHOW TERSE SCHEMAS on the DuckDB target (https://docs.snowflake.com/en/sql-reference/sql/show-schemas): the columns
// created_on, name, kind, database_name, schema_name, kind and schema_name always NULL, ordered by database and schema
// name. DuckDB keeps no creation time, so the target records one when it creates a schema (SCHEMA_TIMES_TABLE, written
// by the client's schema-times.ts around each CREATE / DROP SCHEMA it runs); a schema listed that no creation of the
// target recorded (made before, or by other means) fails the statement with a located refusal naming it, rather than
// a made-up time. The rows are gathered just before the statement runs (SHOW_SCHEMAS_VIEW, filled by the client).
import { isTrivia, lex, type Lexeme } from '../tokenize';
import { isPunct, isWord, quote } from './template';
import { snowflakeStringValue } from './string-literals';
import { UnsupportedOnDuckDb } from './unsupported';

/** Bronze's record, in the `main` schema of a catalog, of the schemas the target created: (schema_name, created_on). */
export const SCHEMA_TIMES_TABLE = 'bz_schema_times';

/** The temporary table SHOW TERSE SCHEMAS reads: (database_name, name, created_on) of every schema, times where recorded. */
export const SHOW_SCHEMAS_VIEW = 'bz_show_schemas';

/** A name part as written: unquoted parts resolve upper-case on Snowflake, quoted ones as written. */
export interface SchemaNamePart {
  text: string;
  quoted: boolean;
}

/** A CREATE or DROP SCHEMA statement: `parts` is [schema] or [database, schema]. */
export interface SchemaDdl {
  op: 'create' | 'replace' | 'drop';
  parts: SchemaNamePart[];
}

const significant = (sql: string): Lexeme[] => lex(sql).filter((l) => !isTrivia(l));

/** The schema a `CREATE [OR REPLACE] [TRANSIENT] SCHEMA [IF NOT EXISTS] name` or `DROP SCHEMA [IF EXISTS] name` makes or drops. */
export function schemaDdl(sql: string): SchemaDdl | undefined {
  const lx = significant(sql);
  let k = 0;
  const word = (w: string): boolean => (isWord(lx[k], w) ? (k++, true) : false);
  let op: SchemaDdl['op'];
  if (word('create')) {
    op = word('or') && word('replace') ? 'replace' : 'create';
    word('transient');
    if (!word('schema')) return undefined;
    if (word('if') && !(word('not') && word('exists'))) return undefined;
  } else if (word('drop')) {
    op = 'drop';
    if (!word('schema')) return undefined;
    if (word('if') && !word('exists')) return undefined;
  } else return undefined;
  const parts: SchemaNamePart[] = [];
  while (lx[k] && (lx[k].kind === 'word' || lx[k].kind === 'quoted-identifier')) {
    const l = lx[k];
    parts.push(l.kind === 'word' ? { text: l.text.toUpperCase(), quoted: false } : { text: l.text.slice(1, -1).replace(/""/g, '"'), quoted: true });
    if (!isPunct(lx[k + 1], '.')) break;
    k += 2;
  }
  return parts.length === 1 || parts.length === 2 ? { op, parts } : undefined;
}

/**
 * The DuckDB query for `SHOW TERSE SCHEMAS [LIKE '…'] [IN ACCOUNT | IN DATABASE [db]] [STARTS WITH '…'] [LIMIT n]`
 * (`lx[sig[0]]` is SHOW), or a refusal naming what the target cannot answer (HISTORY, IN APPLICATION, LIMIT … FROM).
 */
export function showTerseSchemasSql(lx: Lexeme[], sig: number[]): string {
  const at = lx[sig[0]]?.start ?? 0;
  const w = (k: number): string => (lx[sig[k]]?.kind === 'word' ? lx[sig[k]].text.toLowerCase() : '');
  const refuse = (what: string, k: number): never => {
    throw new UnsupportedOnDuckDb(`SHOW TERSE SCHEMAS ${what}`, lx[sig[k]]?.start ?? at);
  };
  const text = (k: number): string => {
    const l = lx[sig[k]];
    if (l?.kind !== 'string') refuse(`${w(k - 1).toUpperCase()} without a string`, k);
    return snowflakeStringValue(l.text);
  };
  const where: string[] = [];
  let database = 'lower(s.database_name) = lower(current_database())';
  let limit = '';
  let k = 3;
  if (w(k) === 'history') refuse('HISTORY (the twin keeps no dropped schemas)', k);
  if (w(k) === 'like') {
    where.push(`s.name ILIKE ${quote(text(k + 1))}`);
    k += 2;
  }
  if (w(k) === 'in') {
    if (w(k + 1) === 'account') {
      database = 'true';
      k += 2;
    } else if (w(k + 1) === 'database') {
      k += 2;
      const name = lx[sig[k]];
      if (name && (name.kind === 'quoted-identifier' || (name.kind === 'word' && !['starts', 'limit'].includes(w(k))))) {
        const db = name.kind === 'word' ? name.text : name.text.slice(1, -1).replace(/""/g, '"');
        database = `lower(s.database_name) = lower(${quote(db)})`;
        k++;
      }
    } else refuse(`IN ${w(k + 1).toUpperCase() || '…'}`, k);
  }
  if (w(k) === 'starts' && w(k + 1) === 'with') {
    where.push(`starts_with(s.name, ${quote(text(k + 2))})`);
    k += 3;
  }
  if (w(k) === 'limit') {
    const n = lx[sig[k + 1]];
    if (n?.kind !== 'number' || !/^\d+$/.test(n.text)) refuse('LIMIT without a row count', k);
    limit = ` LIMIT ${n.text}`;
    k += 2;
    if (w(k) === 'from') refuse('LIMIT … FROM', k);
  }
  const rest = lx[sig[k]];
  if (rest && !isPunct(rest, ';')) refuse(`with ${rest.text}`, k);
  const missing = `error('bz_unsupported@${at}: SHOW TERSE SCHEMAS created_on of ' || s.database_name || '.' || s.name || ' (a schema the target did not create: DuckDB keeps no creation time)')`;
  return (
    `SELECT CASE WHEN s.created_on IS NULL THEN ${missing} ELSE s.created_on END AS "created_on", s.name AS "name", ` +
    `NULL::VARCHAR AS "kind", s.database_name AS "database_name", NULL::VARCHAR AS "schema_name" ` +
    `FROM temp.main.${SHOW_SCHEMAS_VIEW} s WHERE ${[database, ...where].join(' AND ')} ORDER BY s.database_name, s.name${limit}`
  );
}
