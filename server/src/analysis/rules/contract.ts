// Enforced contracts, checked in the editor before a build: dbt refuses a contracted model whose columns lack
// data_type, and its build fails when the SELECT's columns and the contract's differ. Names are compared when
// the model's output columns are fully known (as bronze/missing-column does); types are checked at build.
import { BronzeError, type Diagnostic } from '../../core/types';
import { constraintWarnings, contractConfigured, contractEnforced, contractIgnoredOnDynamicTable, contractOf, expressionFamily, knownFamily } from '../../compile/contract';
import { columnKey } from '../columns';
import { diag, type Rule, type RuleContext } from './rule';

export const contractColumns: Rule = {
  id: 'bronze/contract',
  severity: 'error',
  scope: 'model',
  description: "A model with an enforced contract whose schema.yml columns lack data_type, or differ from the columns its SELECT outputs.",
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      const node = f.node;
      if (node.resourceType === 'model' && contractIgnoredOnDynamicTable(node.config)) {
        // Said once, as a warning: the author expects the build to hold the model to its columns, and it will not.
        const loc = node.patchLocation ?? node.location;
        out.push(
          diag(
            { id: contractColumns.id, severity: 'warning' },
            loc.file,
            loc.range,
            `Model '${node.name}' is a dynamic_table: dbt-snowflake does not enforce model contracts on dynamic tables, so its build does not compare the SELECT's columns or types with the contract (nor does Bronze's). Check them with tests, or materialize it as a table.`,
          ),
        );
        continue;
      }
      if (node.resourceType !== 'model' || !contractEnforced(node.config)) continue;
      try {
        contractOf(node);
      } catch (e) {
        if (!(e instanceof BronzeError)) throw e;
        const loc = e.location ?? node.location;
        out.push(diag(contractColumns, loc.file, loc.range, e.message));
        continue;
      }
      const inferred = f.columns();
      if (!inferred.complete) continue;
      const declared = Object.values(node.columns);
      const output = new Set(inferred.columns.map((c) => columnKey(c.name, c.quoted)));
      const contracted = new Set(declared.map((c) => columnKey(c.name, c.quote === true)));
      for (const col of declared) {
        if (output.has(columnKey(col.name, col.quote === true))) continue;
        const loc = col.location ?? node.patchLocation ?? node.location;
        out.push(
          diag(
            contractColumns,
            loc.file,
            loc.range,
            `Column '${col.name}' is in the enforced contract of model '${node.name}' but its SELECT does not output it: the build will fail with "missing in definition". Add it to the SELECT, or remove it from the contract.`,
          ),
        );
      }
      const byKey = new Map(declared.map((c) => [columnKey(c.name, c.quote === true), c]));
      for (const c of inferred.columns) {
        const declaredCol = byKey.get(columnKey(c.name, c.quoted));
        if (declaredCol && c.expression && declaredCol.dataType) {
          // A type the SQL states outright (literal, cast, ::) is compared as the build will compare it.
          const { start, end } = c.expression;
          const plain = f.scan.masked.slice(start, end) === f.text.slice(start, end);
          const got = plain ? expressionFamily(f.text.slice(start, end)) : undefined;
          const want = knownFamily(declaredCol.dataType);
          if (got && want && got !== want) {
            out.push(
              diag(
                contractColumns,
                f.file,
                f.lines.rangeOf(start, end),
                `Column '${c.name}' of model '${node.name}' is ${got} here but its enforced contract says ${declaredCol.dataType} (${want}): the build will fail with "data type mismatch". Cast it to ${declaredCol.dataType}, or change the contract's data_type.`,
              ),
            );
          }
        }
        if (contracted.has(columnKey(c.name, c.quoted))) continue;
        const range = c.start !== undefined && c.end !== undefined ? f.lines.rangeOf(c.start, c.end) : node.location.range;
        out.push(
          diag(
            contractColumns,
            f.file,
            range,
            `Column '${c.name}' is output by model '${node.name}' but not in its enforced contract: the build will fail with "missing in contract". Declare it with its data_type under columns: in schema.yml, or remove it from the SELECT.`,
          ),
        );
      }
    }
    return out;
  },
};

export const contractConstraint: Rule = {
  id: 'bronze/contract-constraint',
  severity: 'warning',
  scope: 'model',
  description: "A contract constraint Snowflake does not enforce (primary_key, unique, foreign_key) or does not support (check), with dbt's warning.",
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      const node = f.node;
      // dbt-core warns from the config while parsing, before the adapter's materialization (which, for a
      // dynamic_table, then ignores the contract altogether).
      if (node.resourceType !== 'model' || !contractConfigured(node.config)) continue;
      const loc = node.patchLocation ?? node.location;
      try {
        for (const message of constraintWarnings(contractOf(node), node.config.materialized)) out.push(diag(contractConstraint, loc.file, loc.range, message));
      } catch (e) {
        // bronze/contract reports a contract that cannot be read.
        if (!(e instanceof BronzeError)) throw e;
      }
    }
    return out;
  },
};
