// OBJECT_AGG(key, value) fails the statement when a key repeats within a group ("Duplicate keys within a group result
// in a Duplicate field key 'key' error": https://docs.snowflake.com/en/sql-reference/functions/object_agg), whether it
// aggregates a GROUP BY's groups or a window's partitions. A project that builds on its real data therefore holds one
// row per key in each group; synthetic rows that repeat a key fail the model (sage_synapse_transform's
// `object_agg(principal_id::varchar, …) … group by data_access_submission_id` over a staging model of a source). The
// general rule: the column a model passes as OBJECT_AGG's key is unique in the generated rows — in every group, then,
// whatever the grouping. Only a key that is one column read as it is or converted (`k`, `a.k`, `k::varchar`,
// `to_varchar(k)`) is followed: distinct generated values stay distinct there. NULL keys are skipped by OBJECT_AGG
// (the same page), so the column's NULLs need not change.
import type { ProjectModel } from '../../../server/src/core/types';
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { topLevelCommas } from '../../../server/src/core/sql/split';
import { modelReads, type Read } from './model-reads';

/** Functions that only convert their one argument's type (its distinct values stay distinct as text). */
const CONVERSIONS = /^(to_varchar|to_char|to_string|to_variant|to_number|to_numeric|to_decimal|cast|try_cast|try_to_number)$/i;

/** The one column the key argument (tokens from `first` to before `end`) reads as it is or converted, else undefined. */
function keyColumn(tokens: SqlToken[], first: number, end: number, at: ReadonlyMap<number, Read>): Read | undefined {
  let read: Read | undefined;
  for (let i = first; i < end; i++) {
    const t = tokens[i];
    const found = at.get(i);
    if (found) {
      if (read) return undefined;
      read = found;
      continue;
    }
    // A qualifier of the read (`a.` before it), the cast's parts (`::`, `as`, a type and its size), parentheses.
    if (t.text === '.' || t.text === '(' || t.text === ')' || t.text === '::' || t.text === ',' || /^as$/i.test(t.text)) continue;
    if (t.kind === 'ident' && (tokens[i + 1]?.text === '.' || tokens[i - 1]?.text === '::' || /^as$/i.test(tokens[i - 1]?.text ?? ''))) continue;
    if (t.kind === 'ident' && CONVERSIONS.test(t.text) && tokens[i + 1]?.text === '(') continue;
    if (t.kind === 'number' && tokens[i - 1]?.text === '(' ) continue;
    return undefined;
  }
  return read;
}

/** The columns each model passes as an OBJECT_AGG key, as read in the model's own relations (model-reads.ts). */
export function objectAggKeys(project: ProjectModel): Read[] {
  const out: Read[] = [];
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model' || !/\bobject_?agg\s*\(/i.test(model.rawCode)) continue;
    const { tokens, flow } = modelReads(project, model);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].kind !== 'ident' || !/^object_?agg$/i.test(tokens[i].text) || tokens[i + 1]?.text !== '(') continue;
      const open = i + 1;
      let close = open + 1;
      while (close < tokens.length && !(tokens[close].text === ')' && tokens[close].depth === tokens[open].depth)) close++;
      const commas = topLevelCommas(tokens, open + 1, close);
      if (commas.length !== 1) continue;
      // `OBJECT_AGG(DISTINCT k, v)` drops only rows whose key and value both repeat: the key is still asked unique.
      const start = /^distinct$/i.test(tokens[open + 1]?.text ?? '') ? open + 2 : open + 1;
      const read = keyColumn(tokens, start, commas[0], flow.at);
      if (read && !out.some((o) => o.relation === read.relation && o.column.toLowerCase() === read.column.toLowerCase())) out.push(read);
    }
  }
  return out;
}
