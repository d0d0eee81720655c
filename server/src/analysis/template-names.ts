// Which names a Jinja-SQL file can use without defining them (the render context, Jinja's globals, macros by
// package), which names the file binds itself (set, for, macro parameters, imports …), and the dotted names it
// reads (`x.attr`) — what bronze/undefined-name needs to say, without rendering, that a name is undefined.
import * as path from 'node:path';
import type { ProjectModel } from '../core/types';
import { BUILTIN_MACRO_FILES } from '../template/builtin-macros';
import { splitArguments, type Tag, type TemplateScan } from '../template/scan';

/** The execute context (template/dbt-context.ts buildContext), Jinja's globals (template/engine.ts baseGlobals). */
export const CONTEXT_NAMES: ReadonlySet<string> = new Set([
  'ref', 'source', 'config', 'builtins', 'context', 'var', 'env_var', 'this', 'target', 'is_incremental', 'should_full_refresh',
  'run_started_at', 'invocation_id', 'log', 'print', 'exceptions', 'modules', 'adapter', 'api', 'statement', 'load_result',
  'run_query', 'execute', 'tojson', 'fromjson', 'fromyaml', 'local_md5', 'flags', 'graph', 'model', 'project_name', 'schema',
  'database', 'selected_resources', 'sql_now', 'store_result', 'store_raw_result', 'write', 'adapter_macro', 'load_agate_table',
  'invocation_args_dict', 'dbt_metadata_envs',
  // on-run-end hooks (and the macros they call) read these.
  'results', 'schemas', 'database_schemas',
  'true', 'false', 'none', 'True', 'False', 'None', 'range', 'dict', 'zip', 'zip_strict', 'set', 'set_strict', 'return',
  'namespace', 'lipsum', 'cycler', 'joiner',
  // Bound by the interpreter inside loops, macros and call blocks.
  'loop', 'caller', 'varargs', 'kwargs', 'self', 'super',
]);

/**
 * dbt-core's materialization and adapter API that macro files (custom materializations, tooling) call: dbt has
 * them, so a macro file using them is not wrong even where Bronze does not provide them.
 */
export const DBT_CORE_API: ReadonlySet<string> = new Set([
  'run_hooks', 'persist_docs', 'store_result', 'store_raw_result', 'set_query_tag', 'unset_query_tag', 'drop_relation_if_exists',
  'make_temp_relation', 'make_intermediate_relation', 'make_backup_relation', 'load_cached_relation', 'load_relation', 'create_table_as',
  'get_create_table_as_sql', 'create_view_as', 'get_create_view_as_sql', 'get_columns_in_relation', 'should_revoke', 'apply_grants',
  'should_full_refresh', 'should_store_failures', 'create_indexes', 'write', 'render', 'context', 'diff_of_two_dicts', 'toyaml',
  'try_or_compiler_error', 'get_where_subquery', 'dbt_version', 'sql', 'compiled_code', 'adapter_response', 'alter_relation_comment',
  'alter_column_comment', 'get_replace_sql', 'get_drop_sql', 'drop_relation', 'rename_relation', 'truncate_relation', 'get_incremental_append_sql',
  'get_merge_sql', 'get_delete_insert_merge_sql', 'process_schema_changes', 'incremental_validate_on_schema_change', 'run_query',
  // dbt-adapters' global macros custom materializations and hooks call (relations/create.sql, tests/helpers.sql,
  // adapters/columns.sql, incremental/column_helpers.sql and on_schema_change.sql).
  'get_create_sql', 'get_test_sql', 'get_columns_in_query', 'get_quoted_csv', 'check_for_schema_changes', 'alter_relation_add_remove_columns',
]);

/** Macro names by package, from the loaded project plus Bronze's built-in dbt (and stand-in dbt_utils) macros. */
export function macrosByPackage(project: Pick<ProjectModel, 'macros'>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (pkg: string, name: string) => {
    let s = out.get(pkg);
    if (!s) out.set(pkg, (s = new Set()));
    s.add(name);
  };
  for (const f of BUILTIN_MACRO_FILES) for (const m of f.text.matchAll(/\{%-?\s*macro\s+(\w+)/g)) add(f.packageName, m[1]);
  for (const m of project.macros.values()) add(m.packageName, m.name);
  return out;
}

const inner = (text: string, t: Tag) => text.slice(t.innerStart, t.innerEnd).replace(/^[-+]/, '').replace(/[-+]$/, '').trim();

/**
 * Top-level comma-separated parts of the Jinja `s`, trimmed, empty ones left out: the scanner's one splitter of Jinja
 * argument lists (Jinja's lexis, not SQL's: `"…"` is a string with backslash escapes, `//` an operator), up to a `)`
 * that closes nothing opened in `s`.
 */
function splitTop(s: string, from = 0): string[] {
  return splitArguments(s, from, s.length).args.map((a) => s.slice(a.start, a.end));
}

const leadingName = (p: string) => /^\*{0,2}([A-Za-z_]\w*)/.exec(p)?.[1];

/**
 * Names the file binds anywhere (a name bound in one branch counts everywhere: this errs towards silence), plus
 * names it tests with `is defined` / `is undefined` / `is none`, which it guards itself.
 */
export function boundNames(scan: TemplateScan): Set<string> {
  const out = new Set<string>();
  const text = scan.text;
  for (const t of scan.tags) {
    if (t.kind === 'comment') continue;
    const s = inner(text, t);
    for (const m of s.matchAll(/\b([A-Za-z_]\w*)\s+is\s+(?:not\s+)?(?:defined|undefined|none)\b/g)) out.add(m[1]);
    if (t.kind !== 'stmt') continue;
    let m: RegExpExecArray | null;
    if ((m = /^set\s+([\w\s,]+?)\s*(?:=|$)/.exec(s))) for (const n of m[1].split(',')) out.add(n.trim());
    else if ((m = /^for\s+([\w\s,()]+?)\s+in\b/.exec(s))) for (const n of m[1].replace(/[()]/g, '').split(',')) out.add(n.trim());
    else if ((m = /^(?:macro|test|materialization)\s+(\w+)\s*(?:\((.*)\))?/s.exec(s))) {
      out.add(m[1]);
      for (const p of splitTop(m[2] ?? '')) {
        const n = leadingName(p);
        if (n) out.add(n);
      }
    } else if ((m = /^call\s*\(/.exec(s))) {
      // The caller's parameters, to the `)` that closes them (`call(x=f(1), y)`: a lazy match stopped inside f's).
      for (const p of splitTop(s, m[0].length)) {
        const n = leadingName(p);
        if (n) out.add(n);
      }
    } else if ((m = /^import\s+.+\s+as\s+(\w+)/s.exec(s))) out.add(m[1]);
    else if ((m = /^from\s+.+?\s+import\s+(.+)$/s.exec(s))) {
      for (const p of splitTop(m[1].replace(/\bwith(out)?\s+context\b/, ''))) out.add(/\bas\s+(\w+)/.exec(p)?.[1] ?? p.trim());
    } else if ((m = /^with\s+(.+)$/s.exec(s))) {
      for (const p of splitTop(m[1])) {
        const n = leadingName(p);
        if (n) out.add(n);
      }
    }
  }
  out.delete('');
  return out;
}

export interface NameRead {
  /** The first name of a dotted read: `x` of `x.attr`. */
  name: string;
  start: number;
  end: number;
  tag: Tag;
}

export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'for', 'recursive', 'as', 'with', 'without', 'context', 'import', 'from', 'elif', 'set', 'macro', 'call', 'filter', 'do', 'include', 'extends', 'block']);

/**
 * `name.attr` reads in expressions (a dotted name not itself after a dot, a filter bar or a test keyword), outside
 * strings. Attribute access on an undefined name fails the render; a bare undefined name prints nothing.
 */
export function dottedReads(scan: TemplateScan): NameRead[] {
  const out: NameRead[] = [];
  const text = scan.text;
  for (const t of scan.tags) {
    if (t.kind === 'comment') continue;
    if (t.kind === 'stmt' && /^(macro|test|materialization|call|import|from|raw|endraw|docs)\b/.test(t.keyword)) continue;
    // No dot, no dotted read: most tags end here.
    const firstDot = text.indexOf('.', t.innerStart);
    if (firstDot < 0 || firstDot >= t.innerEnd) continue;
    for (let i = t.innerStart; i < t.innerEnd; i++) {
      const c = text.charCodeAt(i);
      if (c === 39 || c === 34) {
        const j = text.indexOf(text[i], i + 1);
        if (j < 0 || j >= t.innerEnd) break;
        i = j;
        continue;
      }
      if (!identStart(c) || (i > 0 && (identChar(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 46))) continue;
      let j = i;
      while (j < t.innerEnd && identChar(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 46 && identStart(text.charCodeAt(j + 1))) {
        const name = text.slice(i, j);
        if (!KEYWORDS.has(name) && !afterFilterOrTest(text, i, t.innerStart)) out.push({ name, start: i, end: j, tag: t });
      }
      i = j - 1;
    }
  }
  return out;
}

const identStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const identChar = (c: number) => identStart(c) || (c >= 48 && c <= 57);

/** True when the name at `i` follows `|` (a filter) or `is` / `is not` (a test). */
export function afterFilterOrTest(text: string, i: number, from: number): boolean {
  let k = i - 1;
  while (k >= from && /\s/.test(text[k])) k--;
  if (text[k] === '|') return true;
  const before = text.slice(Math.max(from, k - 6), k + 1);
  return /\bis(\s+not)?$/.test(before);
}

/** A macro's parameters and whether its body reads `varargs` / `kwargs` (then extra arguments are accepted). */
export interface MacroSignature {
  params: string[];
  varargs: boolean;
  kwargs: boolean;
}

/** Signatures of every macro a text defines, by name. */
export function signaturesIn(text: string): Map<string, MacroSignature> {
  const out = new Map<string, MacroSignature>();
  const re = /\{%-?\s*macro\s+(\w+)\s*\(([^%]*?)\)\s*-?%\}/g;
  for (const m of text.matchAll(re)) {
    const end = text.indexOf('endmacro', m.index + m[0].length);
    const body = text.slice(m.index + m[0].length, end < 0 ? text.length : end);
    const params = splitTop(m[2]).map(leadingName).filter((n): n is string => n !== undefined);
    out.set(m[1], { params, varargs: /\bvarargs\b/.test(body), kwargs: /\bkwargs\b/.test(body) });
  }
  return out;
}

/** True for a file of the root project itself (not under the packages install path, not outside the root). */
export function inRootProject(project: Pick<ProjectModel, 'root' | 'packagesInstallPath'>, file: string): boolean {
  const rel = path.relative(project.root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const install = path.relative(project.root, path.resolve(project.root, project.packagesInstallPath || 'dbt_packages'));
  return !(rel === install || rel.startsWith(install + path.sep));
}
