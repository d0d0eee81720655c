// The SQL a project's own macros write as text: the queries between their Jinja statements (`{% set q %} select
// job_id from ctl.batch_scripts where … {% endset %}`, run_query's argument; a `{% call statement() %}` body). A
// control table that only macros read by name (a batch framework's parameter table, read by a macro every model
// calls) is a warehouse table as much as one a model reads by name: literal-tables.ts finds it here too, and
// usage.ts reads its columns from these texts as from a model's.
import type { ProjectModel } from '../../../server/src/core/types';
import { scanJinja } from '../../../server/src/template/scan';
import { splitStatementsWithOffsets } from '../../../server/src/core/sql/split';
import { isMap, isSeq, parseDocument, visit } from 'yaml';

export interface MacroSql {
  /** The unique_id of the macro the text is in (the file's first macro for text outside any). */
  macroId: string;
  /** One piece of SQL text between two Jinja statement tags, Jinja expressions masked (`'{{ x }}'` → `'_____'`). */
  sql: string;
  /** The same piece as written (offset for offset): where a masked name was Jinja (`{{ target.database }}.s.t`). */
  text: string;
}

const SQL_WORD = /\b(from|join|into|update|create)\b/i;

/**
 * The string values of a YAML text, as ranges of it: the SQL a macro keeps in a YAML document it parses with fromyaml (robling's reconciliation steps, `sql: |` beside `fact_typ: Inventory
 * Transactions`, whose keys read as SQL made `FACT_TYP:Inventory` a JSON path). A block scalar's range starts after
 * its `|` line. Text that is no YAML mapping or sequence yields nothing.
 */
function yamlStrings(body: string): Array<readonly [number, number]> {
  const doc = parseDocument(body);
  if (doc.errors.length > 0 || !(isMap(doc.contents) || isSeq(doc.contents))) return [];
  const out: Array<readonly [number, number]> = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.range) return;
      let [a, b] = node.range;
      if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') a = body.indexOf('\n', a) + 1;
      if (a > 0 && b > a) out.push([a, b] as const);
    },
  });
  return out;
}

/** Memo by project: the macro files do not change during one sampling. */
const memo = new WeakMap<ProjectModel, MacroSql[]>();

/**
 * The SQL texts of the root project's macro files (installed packages' macros are read by their documented
 * behaviour, not here): each file's text cut at every statement and comment tag, so each piece is one run of SQL
 * the macro prints (`{% if %}` branches and `{% set %}` bodies apart), with `{{ … }}` masked as a model's is.
 * Pieces holding no SQL word are left out.
 */
export function macroSqlTexts(project: ProjectModel): MacroSql[] {
  const known = memo.get(project);
  if (known) return known;
  const byFile = new Map<string, { macroId: string; text: string }>();
  for (const macro of project.macros.values()) {
    if (macro.packageName !== project.name || byFile.has(macro.originalFilePath)) continue;
    byFile.set(macro.originalFilePath, { macroId: macro.uniqueId, text: macro.fileText });
  }
  const out: MacroSql[] = [];
  for (const { macroId: first, text } of byFile.values()) {
    const scan = scanJinja(text);
    const masked = scan.masked;
    let from = 0;
    let macroId = first;
    // Where the body of a `{% set x %}` block the file parses with fromyaml(x) began: YAML, up to the next tag that
    // is no comment (a comment inside it is blanked).
    let yamlFrom: number | undefined;
    for (const tag of [...scan.tags.filter((t) => t.kind !== 'expr'), undefined]) {
      const start = tag?.start ?? masked.length;
      if (yamlFrom !== undefined && tag?.kind === 'comment') continue;
      if (yamlFrom !== undefined) {
        const at = yamlFrom;
        let body = masked.slice(at, start);
        for (const c of scan.tags) {
          if (c.kind !== 'comment' || c.start < at || c.end > start) continue;
          body = body.slice(0, c.start - at) + body.slice(c.start - at, c.end - at).replace(/[^\n]/g, ' ') + body.slice(c.end - at);
        }
        for (const [a, b] of yamlStrings(body)) {
          if (SQL_WORD.test(body.slice(a, b))) out.push({ macroId, sql: body.slice(a, b), text: text.slice(at + a, at + b) });
        }
      } else {
        const sql = masked.slice(from, start);
        if (SQL_WORD.test(sql)) out.push({ macroId, sql, text: text.slice(from, start) });
      }
      const set = tag?.keyword === 'set' ? /^\s*set\s+([A-Za-z_]\w*)\s*$/.exec(text.slice(tag.innerStart, tag.innerEnd)) : null;
      yamlFrom = set !== null && new RegExp(`\\bfromyaml\\(\\s*${set[1]}\\s*[,)]`).test(text) ? tag!.end : undefined;
      from = tag?.end ?? start;
      // The text after `{% macro name(…) %}` is that macro's (its unique_id when the project has it).
      const opened = tag?.keyword === 'macro' ? /^\s*macro\s+([A-Za-z_]\w*)/.exec(text.slice(tag.innerStart, tag.innerEnd)) : null;
      if (opened && project.macros.has(`macro.${project.name}.${opened[1]}`)) macroId = `macro.${project.name}.${opened[1]}`;
    }
  }
  memo.set(project, out);
  return out;
}

/**
 * A model file's text with its `{% macro %}` blocks blanked (offsets kept): what the model itself renders. A file
 * under model-paths that macro-paths also names holds macros the project calls elsewhere (robling's reconciliation
 * configs); their SQL is read as the macros' (macroSqlTexts), not as a query of the model.
 */
export function outsideMacroBlocks(text: string): string {
  const tags = scanJinja(text).tags;
  let out = text;
  let start = -1;
  let depth = 0;
  for (const t of tags) {
    if (t.kind === 'stmt' && t.keyword === 'macro' && depth++ === 0) start = t.start;
    else if (t.kind === 'stmt' && t.keyword === 'endmacro' && depth > 0 && --depth === 0) out = out.slice(0, start) + out.slice(start, t.end).replace(/[^\n]/g, ' ') + out.slice(t.end);
  }
  return out;
}

/** Leading SQL comments (`-- Purpose: …`, `/* … *\/`) before a statement's first word. */
const LEADING_COMMENTS = /^(?:\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/))*\s*/;

/**
 * Each statement of the root project's macro texts, leading comments dropped (`-- Purpose: log the run` before
 * `INSERT INTO ctl.batch_log (…) SELECT …`): what hook-tables.ts reads as it reads a hook's statements, for a
 * table a macro writes into that nothing in the project creates (a framework's run log, made once on Snowflake).
 * A statement whose written name is masked Jinja (`insert into {{ this }}`) names no table here.
 */
export function macroStatements(project: ProjectModel): Array<{ sql: string }> {
  const out: Array<{ sql: string }> = [];
  for (const piece of macroSqlTexts(project)) {
    for (const s of splitStatementsWithOffsets(piece.sql)) {
      const sql = s.text.replace(LEADING_COMMENTS, '');
      if (!/^(insert|create)\b/i.test(sql)) continue;
      // The masked `{{ this }}` of `insert into {{ this }} (…)` is one run of underscores.
      if (/^\S+\s+(?:overwrite\s+)?into\s+_+\b/i.test(sql) || /^create\b[^(]*\b_{3,}/i.test(sql)) continue;
      out.push({ sql });
    }
  }
  return out;
}

/**
 * The SQL the project's tests hand its macros as text, from their YAML: each string among a test's config values and
 * arguments that reads a FROM (robling's `where_condition: EFF_START_DT BETWEEN (SELECT CURR_MTH_START_DT FROM
 * DW_DWH.DWH_D_CURR_TIM_LU) AND …`, which its run_custom_sql_checks prints into the query it runs). Read as a macro's
 * text is, Jinja expressions masked; a test's rendering itself may fail offline (a run_query the macro asks first).
 */
export function testArgumentTexts(project: ProjectModel): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (/\bfrom\b/i.test(value)) out.push(scanJinja(value).masked);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const test of project.tests.values()) {
    if (test.config.enabled === false) continue;
    visit(test.config);
    visit(test.testMetadata?.kwargs);
  }
  return out;
}
