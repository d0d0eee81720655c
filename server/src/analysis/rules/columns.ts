// Column checks against the inferred output of the model's final SELECT. They run only when inference is
// complete (no Jinja-built select list, every `*` expanded), so a column the reader cannot see is never
// reported missing — false "missing column" errors on valid Snowflake SQL are the top complaint.
import type { Diagnostic } from '../../core/types';
import { brokenFileForModel, mentions } from '../../project/broken-yaml';
import { columnKey } from '../columns';
import { contractEnforced } from '../../compile/contract';
import { diag, type Rule, type RuleContext } from './rule';

export const missingColumn: Rule = {
  id: 'bronze/missing-column',
  severity: 'warning',
  scope: 'model',
  description: 'A column declared or tested in schema.yml that the model does not output.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      const broken = brokenFileForModel(ctx.brokenSchemas, f.node);
      const declared = Object.values(f.node.columns);
      if (declared.length === 0) continue;
      const inferred = f.columns();
      if (!inferred.complete) continue;
      const have = new Set(inferred.columns.map((c) => columnKey(c.name, c.quoted)));
      const names = inferred.columns.map((c) => c.name);
      // bronze/contract reports a contracted model's column differences as errors.
      const contracted = contractEnforced(f.node.config);
      for (const col of declared) {
        if (contracted || have.has(columnKey(col.name, col.quote === true))) continue;
        // A "column" that is an expression (`name: "a || '|' || b"` under a unique test: a combination's uniqueness
        // without dbt_utils): dbt renders it into the test's SQL as written; the tested-column check below skips
        // such names too.
        if (col.quote !== true && /[^\w$"]/.test(col.name)) continue;
        const loc = col.location ?? f.node.patchLocation ?? f.node.location;
        if (broken && mentions(broken.text, col.name)) {
          ctx.unresolved(f, `column '${col.name}'`, broken, loc);
          continue;
        }
        out.push(
          diag(
            missingColumn,
            loc.file,
            loc.range,
            `Column '${col.name}' is declared for model '${f.node.name}' but its SELECT does not output it (it outputs: ${names.join(', ')}). Add it to the model's final SELECT, or remove it from schema.yml.`,
          ),
        );
      }
      const tested = new Set<string>();
      for (const t of ctx.index.testsByModel.get(f.node.uniqueId) ?? []) {
        const c = t.columnName;
        if (!c || tested.has(c) || f.node.columns[c] !== undefined || /[^\w"]/.test(c)) continue;
        tested.add(c);
        if (have.has(columnKey(c.replace(/"/g, ''), c.includes('"')))) continue;
        if (broken && mentions(broken.text, c.replace(/"/g, ''))) {
          ctx.unresolved(f, `column '${c}'`, broken, t.location);
          continue;
        }
        out.push(
          diag(
            missingColumn,
            t.location.file,
            t.location.range,
            `Test '${t.name}' checks column '${c}', which model '${f.node.name}' does not output. Fix the column name, or add the column to the model.`,
          ),
        );
      }
    }
    return out;
  },
};

export const undocumentedColumn: Rule = {
  id: 'bronze/undocumented-column',
  severity: 'info',
  scope: 'model',
  description: 'A column the model outputs that its schema.yml entry does not document.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      // Only models that are documented with a column list: an undocumented model is a different matter.
      if (!f.node.patchLocation || Object.keys(f.node.columns).length === 0 || contractEnforced(f.node.config)) continue;
      const broken = brokenFileForModel(ctx.brokenSchemas, f.node);
      const inferred = f.columns();
      const declared = new Set(Object.values(f.node.columns).map((c) => columnKey(c.name, c.quote === true)));
      for (const c of inferred.columns) {
        if (c.start === undefined || c.end === undefined || declared.has(columnKey(c.name, c.quoted))) continue;
        if (broken && mentions(broken.text, c.name)) {
          ctx.unresolved(f, `column '${c.name}'`, broken, { file: f.file, range: f.lines.rangeOf(c.start, c.end) });
          continue;
        }
        out.push(
          diag(undocumentedColumn, f.file, f.lines.rangeOf(c.start, c.end), `Column '${c.name}' is not documented: add it under columns: of model '${f.node.name}' in schema.yml.`),
        );
      }
    }
    return out;
  },
};
