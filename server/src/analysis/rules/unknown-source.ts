// source() naming a source or table schema.yml does not declare. The quick fix adds the table to the
// declared source in schema.yml (or declares the source when it is missing altogether).
import type { Diagnostic, Fix } from '../../core/types';
import { brokenFileForSource, sourceCall } from '../../project/broken-yaml';
import { didYouMean } from '../../project/did-you-mean';
import { positional } from '../../template/scan';
import { addSourceFix, addSourceTableFix } from '../yaml-edits';
import { diag, type Rule, type RuleContext } from './rule';

export const unknownSource: Rule = {
  id: 'bronze/unknown-source',
  severity: 'error',
  scope: 'model',
  description: 'source() names a source table that no schema.yml declares.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      for (const call of f.scan.calls) {
        if (call.name !== 'source') continue;
        const args = positional(call);
        if (args.length !== 2 || !args.every((a) => a.literal && typeof a.value === 'string')) continue;
        const [srcArg, tblArg] = args;
        const source = srcArg.value as string;
        const table = tblArg.value as string;
        if (ctx.index.sourceTables.has(`${source}.${table}`)) continue;
        const tables = ctx.index.sources.get(source);
        const broken = brokenFileForSource(ctx.brokenSchemas, source, table, tables?.[0].location.file);
        if (broken) {
          ctx.unresolved(f, sourceCall(source, table), broken, { file: f.file, range: f.lines.rangeOf(srcArg.start, tblArg.end) });
          continue;
        }
        let message: string;
        const fixes: Fix[] = [];
        if (tables) {
          const guess = didYouMean(table, tables.map((t) => t.name));
          message = `Source '${source}' has no table '${table}'.` + (guess ? ` Did you mean '${guess}'?` : '') + ` Declare it under sources › ${source} › tables in schema.yml.`;
          if (guess) {
            const q = f.text[tblArg.start];
            fixes.push({ title: `Change to '${guess}'`, edits: [{ file: f.file, range: f.lines.rangeOf(tblArg.start, tblArg.end), newText: `${q}${guess}${q}` }] });
          }
          const add = addSourceTableFix(ctx, tables[0], table);
          if (add) fixes.push(add);
        } else {
          const guess = didYouMean(source, ctx.index.sources.keys());
          message = `Source '${source}' is not declared.` + (guess ? ` Did you mean '${guess}'?` : '') + ` Declare it with table '${table}' under sources: in a schema.yml.`;
          const add = addSourceFix(ctx, f.node, source, table);
          if (add) fixes.push(add);
        }
        const at = tables ? tblArg : srcArg;
        out.push(diag(unknownSource, f.file, f.lines.rangeOf(at.start, at.end), message, fixes));
      }
    }
    return out;
  },
};

/**
 * The same for Python models, which have no template scan: their dbt.source calls, at the call (compile and run
 * fail on them, so check must too).
 */
export const unknownSourceInPython: Rule = {
  id: 'bronze/unknown-source',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads Python models and the declared sources
  description: 'A Python model calls dbt.source() on a source table that no schema.yml declares.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const m of ctx.project.models.values()) {
      if (m.language !== 'python' || m.packageName !== ctx.project.name) continue;
      for (const s of m.sources) {
        if (ctx.index.sourceTables.has(`${s.sourceName}.${s.tableName}`)) continue;
        const tables = ctx.index.sources.get(s.sourceName);
        const guess = tables ? didYouMean(s.tableName, tables.map((t) => t.name)) : didYouMean(s.sourceName, ctx.index.sources.keys());
        const message = tables
          ? `Source '${s.sourceName}' has no table '${s.tableName}'.` + (guess ? ` Did you mean '${guess}'?` : '') + ` Declare it under sources › ${s.sourceName} › tables in schema.yml.`
          : `Source '${s.sourceName}' is not declared.` + (guess ? ` Did you mean '${guess}'?` : '') + ` Declare it with table '${s.tableName}' under sources: in a schema.yml.`;
        out.push(diag(unknownSourceInPython, m.location.file, s.range ?? m.location.range, message));
      }
    }
    return out;
  },
};
