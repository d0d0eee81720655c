// Results of the model rules that read nothing but a model's text, file, name and resource type (Rule.text), kept on
// disk beside the parse cache: translating every model for the snowflake-on-duckdb rule and checking its Jinja and SQL
// syntax was most of a second `bronze check` of an unchanged project. A line's key hashes the model's text and every
// such rule's id and key (the target type, for the DuckDB rule), and names the model's resource type and name (a
// message names the model: two empty models, or an empty model and a seed, must not share a line); the file's header
// stamps Bronze's code, so a new translator or rule never serves results made by the old one. Rules that read macros,
// vars, YAML or other models are never cached. A cold `bronze check` has the lines made on a second thread while it
// loads (text-rules-ahead.ts).
// The same store keeps a model's inferred output columns when inferring them read no other relation (no `*`
// expanded from a ref or source): they are then a function of the text, and inferring them for every model was the
// largest share of the column rules' time. Those lines are written compactly (columns-line.ts).
import path from 'node:path';
import type { Diagnostic, ProjectModel } from '../core/types';
import type { InferredColumns } from './columns';
import { decodeColumns, encodeColumns, type ColumnsLine } from './columns-line';
import { md5 } from '../project/hash';
import { ParseCache, parseCacheTuning } from '../project/parse-cache';
import type { ModelFacts, Rule, TextCheck, TextFacts } from './rules/rule';

const KIND = { format: 'bronze-rule-cache 3', code: 'all' } as const;

/** A model's cached results: per rule id, its diagnostics without `file` (always the model's own file). */
export type Stored = Record<string, Omit<Diagnostic, 'file'>[]>;
/** A line is one model's rule results, or (under a key of its own) the output columns of a model text. */
type Line = Stored | ColumnsLine;

/** The cache file for a project. */
export function ruleCachePath(root: string, targetPath: string): string {
  return path.join(path.resolve(root, targetPath), '.bronze-cache', 'rules.jsonl');
}

/** Counters for tests and benches: how many models were served from the cache and how many were checked. */
export const ruleCacheStats = { hits: 0, misses: 0, columnHits: 0, columnMisses: 0, aheadHits: 0 };

/** Lines made ahead of the pass (text-rules-ahead.ts): the line a model's `key` has there, or undefined. */
export interface AheadLines {
  take(file: string, key: string): string | undefined;
}

/** The text rules of a pass, each with its key for the pass's target type, and the part of every line key they decide. */
export interface TextPass {
  rules: readonly { rule: Rule; text: TextCheck; key: string }[];
  keys: string;
}

/** The text rules among `rules` (model rules with a text check), in order, for a project of target type `targetType`. */
export function textPass(rules: readonly Rule[], targetType: string | undefined): TextPass {
  const list = rules.filter((r) => r.scope === 'model' && r.text).map((rule) => ({ rule, text: rule.text!, key: rule.text!.key(targetType) }));
  return { rules: list, keys: md5(list.map((r) => `${r.rule.id}=${r.key}`).join('\u0000')) };
}

/** A model's line key: the pass's part, its text's hash (`textHash`), its resource type and its name. */
export function lineKey(pass: TextPass, f: TextFacts, textHash: string): string {
  return `${pass.keys}${textHash} ${f.node.resourceType} ${JSON.stringify(f.node.name)}`;
}

/** A text rule's run on one model: `failed` when it threw (its diagnostics then say so, and are not kept). */
export type TextRun = (r: TextPass['rules'][number]) => { diags: Diagnostic[]; failed: boolean };

/**
 * Runs the pass's rules on `f`: each rule's diagnostics by id, and what a line keeps of them — undefined when they
 * may not be replayed (a rule failed, or a diagnostic is about another file, relates to one or carries edits).
 */
export function runTextRules(pass: TextPass, f: TextFacts, run: TextRun): { out: Map<string, Diagnostic[]>; stored: Stored | undefined } {
  const out = new Map<string, Diagnostic[]>();
  const data: Stored = {};
  let keep = true;
  for (const r of pass.rules) {
    const res = run(r);
    out.set(r.rule.id, res.diags);
    if (res.failed) keep = false;
    const own: Omit<Diagnostic, 'file'>[] = [];
    for (const d of res.diags) {
      // Only what the text alone decides: a diagnostic about another file, or carrying edits, is not replayed.
      if (d.file !== f.file || d.related || d.fixes) keep = false;
      const { file: _file, ...rest } = d;
      own.push(rest);
    }
    if (own.length > 0) data[r.rule.id] = own;
  }
  return { out, stored: keep ? data : undefined };
}

export class RuleCache {
  private readonly fresh: { key: string; data: Line }[] = [];
  // The rules of a model and then its column rules ask for the same text's hash: compute it once.
  private hashed = { text: '', hash: md5('') };

  private constructor(
    private readonly disk: ParseCache<Line>,
    private readonly ahead: AheadLines | undefined,
  ) {}

  private textHash(text: string): string {
    if (this.hashed.text !== text) this.hashed = { text, hash: md5(text) };
    return this.hashed.hash;
  }

  /**
   * The project's cache; undefined for projects small enough to check without one (parseCacheTuning.minFiles).
   * `ahead`: lines made on another thread for this pass, taken where the file has none.
   */
  static open(project: ProjectModel, ahead?: AheadLines): RuleCache | undefined {
    if (project.files.size < parseCacheTuning.minFiles) return undefined;
    return new RuleCache(ParseCache.open<Line>(ruleCachePath(project.root, project.targetPath), KIND), ahead);
  }

  /**
   * The diagnostics of the pass's rules, by rule id, for model `f`: from the cache, from the lines made ahead, or by
   * running them (`run` reports a rule that threw; such results are not kept). `record`: keep new results for the
   * next save.
   */
  results(pass: TextPass, f: ModelFacts, record: boolean, run: TextRun): Map<string, Diagnostic[]> {
    const key = lineKey(pass, f, this.textHash(f.text));
    let hit = this.disk.get(key) as Stored | undefined;
    if (hit) ruleCacheStats.hits++;
    else {
      const line = this.ahead?.take(f.file, key);
      if (line !== undefined) {
        ruleCacheStats.aheadHits++;
        hit = JSON.parse(line) as Stored;
        if (record) this.fresh.push({ key, data: hit });
      }
    }
    if (hit) {
      const out = new Map<string, Diagnostic[]>();
      for (const r of pass.rules) out.set(r.rule.id, (hit[r.rule.id] ?? []).map((d) => ({ ...d, file: f.file })));
      return out;
    }
    ruleCacheStats.misses++;
    const { out, stored } = runTextRules(pass, f, run);
    if (record && stored) this.fresh.push({ key, data: stored });
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
