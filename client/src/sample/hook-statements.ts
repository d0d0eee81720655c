// The statements a project's hooks run, rendered without a warehouse (run_query answers nothing, and what it was
// asked is kept): on-run-start/end and the models' pre/post-hooks (each distinct text once, rendered outside any
// model, so `this` is an inline node). What the sampler prepares for those statements: stage files (stage-loads.ts),
// tables they write into that nothing in the project creates (hook-tables.ts).
import { join } from 'node:path';
import type { Engine } from '../../../server/src/engine';
import { NO_RELATION, offlineRenderOptions } from './rendered';
import { splitStatementsWithOffsets } from '../../../server/src/core/sql/split';

/** Each hook statement, rendered, with the hook's text. A hook whose rendering fails is left out. */
export async function renderedHookStatements(engine: Engine): Promise<Array<{ sql: string; hook: string }>> {
  const file = join(engine.project.root, 'dbt_project.yml');
  const hooks = new Set<string>([...engine.project.onRunStart, ...engine.project.onRunEnd]);
  for (const node of engine.project.models.values()) {
    if (node.config.enabled === false) continue;
    for (const h of [...node.config['pre-hook'], ...node.config['post-hook']]) hooks.add(h.sql);
  }
  const out: Array<{ sql: string; hook: string }> = [];
  for (const hook of hooks) {
    const statements: string[] = [];
    // run_query answers nothing (no rows), as offline, and what it was asked is kept.
    const answer = (sql: string) => {
      statements.push(sql);
      return { columns: [], rows: [] };
    };
    try {
      statements.push(await engine.renderText(hook, file, offlineRenderOptions(NO_RELATION, 'run', answer)));
    } catch {
      continue;
    }
    for (const sql of statements) for (const s of splitStatementsWithOffsets(sql)) if (s.text.trim()) out.push({ sql: s.text, hook });
  }
  return out;
}
