// Materialization logic: mistakes that compile fine and fail (or quietly misbehave) on the warehouse.
import type { Diagnostic, HookDef } from '../../core/types';
import { columnKey } from '../columns';
import { isKeyword, tokenizeSql, tokensBefore, type SqlToken } from '../../core/sql/tokenize';
import { underIncrementalGuard } from '../../template/scan';
import { diag, type ModelFacts, type Rule, type RuleContext } from './rule';

function isIncremental(f: ModelFacts): boolean {
  return f.node.config.materialized === 'incremental';
}

/** False when config() could not be read statically: then the materialization is not known for sure. */
function configKnown(ctx: RuleContext, f: ModelFacts): boolean {
  return !ctx.project.diagnostics.some((d) => d.code === 'bronze/dynamic-config' && d.file === f.file);
}

/** Offsets of the SQL string literals of the model (Jinja blanked), to tell `'{{ this }}'` text from a read. */
function inStringLiteral(f: ModelFacts, offset: number): boolean {
  return tokenizeSql(f.scan.masked).tokens.some((t) => t.kind === 'string' && t.start < offset && offset < t.end);
}

// Both rules below are warnings, not errors: dbt compiles such a model and it runs while its table exists, so only
// the first build (and a rebuild after the table is dropped) fails — the user should hear of it, not be blocked.
export const thisBeforeExists: Rule = {
  id: 'bronze/this-outside-incremental',
  severity: 'warning',
  scope: 'model',
  description: '{{ this }} read outside an is_incremental() block: the relation does not exist on the first build.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      for (const tag of f.scan.tags) {
        // Only a bare `{{ this }}` at the top level of the model: inside any block the author may be guarding it.
        if (!tag.isThis || tag.blocks.length > 0 || inStringLiteral(f, tag.start)) continue;
        out.push(
          diag(
            thisBeforeExists,
            f.file,
            f.lines.rangeOf(tag.start, tag.end),
            `{{ this }} is read outside {% if is_incremental() %}: on the first build ${f.node.relation.identifier} does not exist yet, so the query fails (later runs work while the table exists). Move this into an {% if is_incremental() %} block.`,
          ),
        );
      }
    }
    return out;
  },
};

export const isIncrementalUnused: Rule = {
  id: 'bronze/is-incremental-not-incremental',
  severity: 'warning',
  scope: 'model',
  description: 'is_incremental() in a model that is not materialized incremental (it is always false).',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      if (isIncremental(f) || !configKnown(ctx, f)) continue;
      const call = f.scan.calls.find((c) => c.name === 'is_incremental');
      if (!call) continue;
      out.push(
        diag(
          isIncrementalUnused,
          f.file,
          f.lines.rangeOf(call.start, call.end),
          `is_incremental() is always false here: model '${f.node.name}' is materialized '${f.node.config.materialized}'. Set materialized='incremental', or remove the block.`,
        ),
      );
    }
    return out;
  },
};

export function configRange(f: ModelFacts, key: string) {
  for (const c of f.scan.calls) {
    if (c.name !== 'config') continue;
    const a = c.args.find((x) => x.keyword === key);
    if (a) return f.lines.rangeOf(a.start, a.end);
    return f.lines.rangeOf(c.start, c.end);
  }
  return f.lines.rangeOf(0, f.text.indexOf('\n') < 0 ? f.text.length : f.text.indexOf('\n'));
}

export const incrementalWithoutUniqueKey: Rule = {
  id: 'bronze/incremental-without-unique-key',
  severity: 'warning',
  scope: 'model',
  description: 'An incremental model without unique_key appends every run, so duplicates pile up.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      const c = f.node.config;
      // A microbatch model replaces each batch's window by event_time: it needs no unique_key.
      const noKeyNeeded = c.incremental_strategy === 'append' || c.incremental_strategy === 'insert_overwrite' || c.incremental_strategy === 'microbatch';
      if (!isIncremental(f) || !configKnown(ctx, f) || noKeyNeeded) continue;
      const uk = c.unique_key;
      if (uk !== undefined && uk !== null && !(Array.isArray(uk) && uk.length === 0) && uk !== '') continue;
      out.push(
        diag(
          incrementalWithoutUniqueKey,
          f.file,
          configRange(f, 'materialized'),
          `Incremental model '${f.node.name}' has no unique_key: every run appends the new rows, so updated records pile up as duplicates. Add unique_key='…' to its config (or incremental_strategy='append' if appending is intended).`,
        ),
      );
    }
    return out;
  },
};

export const uniqueKeyNoEffect: Rule = {
  id: 'bronze/unique-key-no-effect',
  severity: 'warning',
  scope: 'model',
  description: 'unique_key on a table or view has no effect.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      const m = f.node.config.materialized;
      if ((m !== 'table' && m !== 'view') || f.node.config.unique_key === undefined || !configKnown(ctx, f)) continue;
      out.push(
        diag(
          uniqueKeyNoEffect,
          f.file,
          configRange(f, 'unique_key'),
          `unique_key has no effect on a ${m}: it is rebuilt in full every run. Remove unique_key, or materialize the model as incremental.`,
        ),
      );
    }
    return out;
  },
};

/** How far aggregatedColumn looks back: `max ( t . col ) as x from` is 9 tokens. */
const AGGREGATE_TOKENS = 9;

/** The column of `max(col)` / `min(t.col)` [`as x`] just before `from` and the `{{ this }}` at token `k`, if that is the shape. */
function aggregatedColumn(toks: SqlToken[], k: number): SqlToken | undefined {
  let j = k - 1;
  if (!isKeyword(toks[j], 'from')) return undefined;
  j--;
  if (toks[j]?.kind === 'ident' && isKeyword(toks[j - 1], 'as')) j -= 2;
  if (toks[j]?.text !== ')') return undefined;
  const col = toks[j - 1];
  if (!col || (col.kind !== 'ident' && col.kind !== 'quoted')) return undefined;
  j -= 2;
  if (toks[j]?.text === '.' && toks[j - 1]?.kind === 'ident') j -= 2;
  return toks[j]?.text === '(' && isKeyword(toks[j - 1], 'max', 'min') ? col : undefined;
}

export const incrementalFilterColumn: Rule = {
  id: 'bronze/incremental-filter-column',
  severity: 'warning',
  scope: 'model',
  description: 'The incremental filter reads a column of {{ this }} that the model does not select.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      if (!isIncremental(f)) continue;
      const inferred = f.columns();
      if (!inferred.complete) continue;
      const have = new Set(inferred.columns.map((c) => columnKey(c.name, c.quoted)));
      for (const tag of f.scan.tags) {
        if (!tag.isThis || !underIncrementalGuard(tag)) continue;
        // `(select max(col) from {{ this }})`: the aggregate's column must exist in the target. Only the tokens up
        // to the tag are read (most of a model's text comes before its incremental filter, but not all of it).
        const toks = tokensBefore(f.scan.masked, tag.start, AGGREGATE_TOKENS);
        const col = toks && toks.length > 1 ? aggregatedColumn(toks, toks.length - 1) : undefined;
        if (!col) continue;
        const name = col.text;
        const quoted = col.kind === 'quoted';
        if (have.has(columnKey(name, quoted))) continue;
        const [nameStart, nameEnd] = quoted ? [col.start + 1, col.end - 1] : [col.start, col.end];
        out.push(
          diag(
            incrementalFilterColumn,
            f.file,
            f.lines.rangeOf(nameStart, nameEnd),
            `The incremental filter reads '${name}' from {{ this }}, but model '${f.node.name}' does not select '${name}', so the query fails on incremental runs. Select it in the model, or filter on a column it outputs.`,
          ),
        );
      }
    }
    return out;
  },
};

const SELF_WRITE = /\b(insert\s+(?:overwrite\s+)?into|update|delete\s+from|merge\s+into|truncate\s+(?:table\s+)?)\s*\{\{-?\s*this\s*-?\}\}/i;

export const preHookSelfWrite: Rule = {
  id: 'bronze/pre-hook-self-write',
  severity: 'warning',
  scope: 'model',
  description: "A pre_hook writes into the model's own relation, which does not exist before the first build.",
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      const hooks: HookDef[] = f.node.config['pre-hook'] ?? [];
      for (const h of hooks) {
        const m = SELF_WRITE.exec(h.sql);
        if (!m || /is_incremental|adapter\.get_relation|load_relation/.test(h.sql)) continue;
        out.push(
          diag(
            preHookSelfWrite,
            ...hookLocation(ctx, f, h.sql),
            `This pre_hook writes into {{ this }} ('${m[1].replace(/\s+/g, ' ')}') before the model is built: on the first run the relation does not exist and the hook fails (later runs work while it exists). Move it to a post_hook, or guard it with {% if is_incremental() %}.`,
          ),
        );
      }
    }
    return out;
  },
};

/** Where a hook is written: in the model's config() call, else in dbt_project.yml, else the model's first line. */
function hookLocation(ctx: RuleContext, f: ModelFacts, sql: string): [string, ReturnType<ModelFacts['lines']['rangeOf']>] {
  const needle = sql.trim().slice(0, 40);
  const inModel = f.text.indexOf(needle);
  if (needle && inModel >= 0) return [f.file, f.lines.rangeOf(inModel, inModel + sql.trim().length)];
  for (const file of ctx.project.files.values()) {
    if (file.kind !== 'project') continue;
    const text = ctx.fileText(file.path) ?? file.text;
    const at = needle ? text.indexOf(needle) : -1;
    if (at >= 0) return [file.path, ctx.lines(file.path).rangeOf(at, at + Math.min(sql.trim().length, text.length - at))];
  }
  return [f.file, configRange(f, 'pre_hook')];
}
