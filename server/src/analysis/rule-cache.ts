// Results of the model rules that read nothing but the model's text (Rule.textKey), kept on disk beside the parse
// cache: translating every model for the snowflake-on-duckdb rule and checking its Jinja and SQL syntax was most
// of a second `bronze check` of an unchanged project. A line's key hashes the model's text and every such rule's
// id and textKey (the target type, for the DuckDB rule); the file's header stamps Bronze's code, so a new
// translator or rule never serves results made by the old one. Rules that read macros, vars, YAML or other models
// are never cached.
// The same store keeps a model's inferred output columns when inferring them read no other relation (no `*`
// expanded from a ref or source): they are then a function of the text, and inferring them for every model was the
// largest share of the column rules' time. Those lines are written compactly (columns-line.ts).
import path from 'node:path';
import type { Diagnostic, ProjectModel } from '../core/types';
import type { InferredColumns } from './columns';
import { decodeColumns, encodeColumns, type ColumnsLine } from './columns-line';
import { md5 } from '../project/hash';
import { ParseCache, parseCacheTuning } from '../project/parse-cache';
import type { ModelFacts, Rule, RuleContext } from './rules/rule';

const KIND = { format: 'bronze-rule-cache 2', code: 'all' } as const;

/** A model's cached results: per rule id, its diagnostics without `file` (always the model's own file). */
type Stored = Record<string, Omit<Diagnostic, 'file'>[]>;
/** A line is one model's rule results, or (under a key of its own) the output columns of a model text. */
type Line = Stored | ColumnsLine;

/** The cache file for a project. */
export function ruleCachePath(root: string, targetPath: string): string {
  return path.join(path.resolve(root, targetPath), '.bronze-cache', 'rules.jsonl');
}

/** Counters for tests and benches: how many models were served from the cache and how many were checked. */
export const ruleCacheStats = { hits: 0, misses: 0, columnHits: 0, columnMisses: 0 };

export class RuleCache {
  private readonly fresh: { key: string; data: Line }[] = [];
  // The rules of a model and then its column rules ask for the same text's hash: compute it once.
  private hashed = { text: '', hash: md5('') };

  private constructor(private readonly disk: ParseCache<Line>) {}

  private textHash(text: string): string {
    if (this.hashed.text !== text) this.hashed = { text, hash: md5(text) };
    return this.hashed.hash;
  }

  /** The project's cache; undefined for projects small enough to check without one (parseCacheTuning.minFiles). */
  static open(project: ProjectModel): RuleCache | undefined {
    if (project.files.size < parseCacheTuning.minFiles) return undefined;
    return new RuleCache(ParseCache.open<Line>(ruleCachePath(project.root, project.targetPath), KIND));
  }

  /**
   * The diagnostics of `rules` (all with a textKey), by rule id, for model `f`: from the cache, or by running them
   * (`run` reports a rule that threw; such results are not kept). `record`: keep new results for the next save.
   */
  results(rules: readonly Rule[], keys: string, f: ModelFacts, record: boolean, run: (rule: Rule) => { diags: Diagnostic[]; failed: boolean }): Map<string, Diagnostic[]> {
    const key = `${keys}${this.textHash(f.text)}`;
    const out = new Map<string, Diagnostic[]>();
    const hit = this.disk.get(key) as Stored | undefined;
    if (hit) {
      ruleCacheStats.hits++;
      for (const rule of rules) out.set(rule.id, (hit[rule.id] ?? []).map((d) => ({ ...d, file: f.file })));
      return out;
    }
    ruleCacheStats.misses++;
    const data: Stored = {};
    let keep = record;
    for (const rule of rules) {
      const r = run(rule);
      out.set(rule.id, r.diags);
      if (r.failed) keep = false;
      const own: Omit<Diagnostic, 'file'>[] = [];
      for (const d of r.diags) {
        // Only what the text alone decides: a diagnostic about another file, or carrying edits, is not replayed.
        if (d.file !== f.file || d.related || d.fixes) keep = false;
        const { file: _file, ...rest } = d;
        own.push(rest);
      }
      if (own.length > 0) data[rule.id] = own;
    }
    if (keep) this.fresh.push({ key, data });
    return out;
  }

  /**
   * The output columns of a model whose text is `text`: from the cache, or `infer()`; its result is kept (when
   * `record`) only if inferring read no other relation (`local`), since only then is it a function of the text.
   */
  columns(text: string, record: boolean, infer: () => { result: InferredColumns; local: boolean }): InferredColumns {
    const key = `columns:${this.textHash(text)}`;
    const hit = decodeColumns(this.disk.get(key), text);
    if (hit) {
      ruleCacheStats.columnHits++;
      return hit;
    }
    ruleCacheStats.columnMisses++;
    const { result, local } = infer();
    if (record && local) this.fresh.push({ key, data: encodeColumns(result, text) });
    return result;
  }

  /**
   * Writes the results made since the last save. `now` (a one-shot check, as the parse cache's saveNow): before
   * returning, so nothing is written into the project after the check has ended (a deferred save landed a second
   * later, recreating the target folder of a project its caller had already deleted). Otherwise after the pass that
   * made them, as the parse cache does (a language server or the daemon keeps answering meanwhile).
   */
  save(now = false): void {
    if (now) this.disk.saveNow(this.fresh.splice(0));
    else this.disk.saveLater(this.fresh.splice(0));
  }
}

/** The part of every model's key that the pass decides (each cached rule's id and textKey), hashed once a pass. */
export function passKey(rules: readonly Rule[], ctx: RuleContext): string {
  return md5(rules.map((r) => `${r.id}=${r.textKey!(ctx)}`).join('\u0000'));
}
