// The ref() and source() calls of a node's pre/post hooks. dbt renders every hook at parse time to collect
// them, so they are dependencies of the node (depends_on, run order, selection, lineage) like the body's.
import type { HookDef, NodeConfig, RefCall, SourceCall } from '../core/types';
import { scanTemplate } from './scanner';

export interface HookCalls {
  /** Which hook and where in the list (`pre-hook` 0, …), for messages. */
  hook: 'pre-hook' | 'post-hook';
  index: number;
  sql: string;
  refs: RefCall[];
  sources: SourceCall[];
}

// Project-level hooks and package macros are shared by thousands of nodes: scan each distinct text once.
const scanned = new Map<string, { refs: RefCall[]; sources: SourceCall[] }>();
const NO_CALLS = { refs: [] as RefCall[], sources: [] as SourceCall[] };

/**
 * The literal ref() and source() calls written in a template that is not the node's own file (a hook, a macro it
 * calls): ranges dropped, since they point into that text, not the node's file.
 */
export function literalCalls(sql: string): { refs: RefCall[]; sources: SourceCall[] } {
  // Most hooks (grants, `alter session`, `{{ this }}`) and macros call neither: skip the scan.
  if (!sql.includes('ref') && !sql.includes('source')) return NO_CALLS;
  let hit = scanned.get(sql);
  if (!hit) {
    const scan = scanTemplate(sql);
    hit = {
      refs: scan.refs.map((r) => ({ ...(r.package !== undefined ? { package: r.package } : {}), name: r.name, ...(r.version !== undefined ? { version: r.version } : {}) })),
      sources: scan.sources.map((s) => ({ sourceName: s.sourceName, tableName: s.tableName })),
    };
    if (scanned.size > 20_000) scanned.clear();
    scanned.set(sql, hit);
  }
  return hit;
}

/** The hooks of `config` that call ref() or source(), in order (pre-hooks first). */
export function hookCalls(config: NodeConfig): HookCalls[] {
  const out: HookCalls[] = [];
  const add = (hook: HookCalls['hook'], list: readonly HookDef[] | undefined) => {
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const { refs, sources } = literalCalls(list[i].sql);
      if (refs.length > 0 || sources.length > 0) out.push({ hook, index: i, sql: list[i].sql, refs, sources });
    }
  };
  add('pre-hook', config['pre-hook']);
  add('post-hook', config['post-hook']);
  return out;
}
