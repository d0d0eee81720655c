// The statements a project's hooks run, rendered without a warehouse (run_query answers nothing, and what it was
// asked is kept): on-run-start/end and the models' pre/post-hooks (each distinct text once, rendered outside any
// model, so `this` is an inline node). What the sampler prepares for those statements: stage files (stage-loads.ts),
// tables they write into that nothing in the project creates (hook-tables.ts).
import { join } from 'node:path';
import { offlineResolver, type Engine } from '../../../server/src/engine';
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
    const offline = offlineResolver({ database: '', schema: '', identifier: '' }, 'first');
    try {
      const rendered = await engine.renderText(hook, file, {
        invocationId: 'bronze-sample',
        runStartedAt: new Date(0),
        fullRefresh: false,
        which: 'run',
        resolve: async (request) => {
          if (request.kind === 'query') statements.push(request.sql);
          return offline(request);
        },
      });
      statements.push(rendered);
    } catch {
      continue;
    }
    for (const sql of statements) for (const s of splitStatementsWithOffsets(sql)) if (s.text.trim()) out.push({ sql: s.text, hook });
  }
  return out;
}
