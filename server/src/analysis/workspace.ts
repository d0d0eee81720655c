// The connection-free heart of the language server: the loaded projects of a workspace (several roots,
// several dbt projects, one process), the editor's unsaved buffers, and incremental re-analysis. An edit
// reloads only the changed file (the loader's reloadFiles) and re-checks the models in it plus the models
// that depend on them; project-wide rules (cycles, loader problems) are linear and rerun every pass.
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, ModelNode, ProjectModel, SourceLocation } from '../core/types';
import { buildGraph, type Graph } from '../graph';
import { findProjectRoot, findProjects, SKIPPED_DIRS } from '../project/find-project';
import { brokenSchemas, unresolvedMessage, type BrokenSchema } from '../project/broken-yaml';
import { fileExists, listDir, readTextFile } from '../project/input-log';
import { LineIndex } from '../project/line-index';
import { lineShift, setEditorShift } from '../project/locate';
import { scanTemplate } from '../project/scanner';
import { READS_REST } from '../project/yaml-dbt';
import { parseYaml } from '../project/yaml-source';
import { inferOutputColumns, type InferredColumns } from './columns';
import { buildIndex, resolveRef, type ProjectIndex } from './project-index';
import { RuleCache, textPass } from './rule-cache';
import { RULES } from './rules';
import { targetTypeOf, type ModelFacts, type Rule, type RuleContext } from './rules/rule';
import { scanJinja } from '../template/scan';
import { pythonNotRunMessage } from '../project/python-model';

export interface LoadRequest {
  target?: string;
  profilesDir?: string;
  cliVars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  overlay: Map<string, string>;
  /** False for a one-shot check: the loader keeps no reload state (see LoadOptions.reloadable). */
  reloadable?: boolean;
}

/** How projects are read; the default uses server/src/project. Tests and benchmarks may inject their own. */
export interface ProjectLoader {
  load(root: string, req: LoadRequest): Promise<ProjectModel>;
  reload(project: ProjectModel, changed: string[], req: LoadRequest): Promise<ProjectModel>;
}

export interface WorkspaceOptions {
  target?: string;
  profilesDir?: string;
  cliVars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  loader?: ProjectLoader;
  rules?: readonly Rule[];
  /**
   * Whole-project checks (opening a project, a dbt_project.yml edit) run the project rules and the models of
   * open files at once and the other models afterwards, in slices that let requests and edits in (the
   * language server; see Workspace.settled). Off by default: openProject/addFolder return with every model
   * checked.
   */
  background?: boolean;
  /**
   * False when nothing will be edited (`bronze check`): the project is loaded once, without the state the
   * loader keeps to rebuild only changed files. Default true.
   */
  reloadable?: boolean;
  /**
   * False when edits are files saved on disk and the answer must equal a fresh load (the check daemon): a schema
   * file edited into text that does not parse is read as it is, not held at its last good text. Default true.
   */
  holdBrokenSchemas?: boolean;
}

async function defaultLoader(): Promise<ProjectLoader> {
  const mod = await import('../project');
  return {
    load: (root, req) => mod.loadProject(root, req),
    reload: (project, changed, req) => Promise.resolve(mod.reloadFiles(project, changed, req)),
  };
}

/** One dbt project with its analysis state. */
export class ProjectState {
  graph!: Graph;
  index!: ProjectIndex;
  strayFiles: string[] = [];
  private readonly factsCache = new Map<string, ModelFacts>();
  private readonly lineCache = new Map<string, LineIndex>();
  /** Diagnostics of model-scoped rules, by model unique_id. */
  private readonly modelDiags = new Map<string, Diagnostic[]>();
  /** The last results of each project rule (see Rule.keepsOnModelEdit). */
  private projectResults = new Map<Rule, Diagnostic[]>();
  private byFile = new Map<string, Diagnostic[]>();

  constructor(
    readonly root: string,
    public project: ProjectModel,
    readonly ws: Workspace,
  ) {
    this.loaderBase = project;
    this.rebuildIndexes();
    this.ruleCache = RuleCache.open(project);
  }

  /** Results of the text-only model rules by model text, on disk (rule-cache.ts); none for small projects. */
  private readonly ruleCache: RuleCache | undefined;

  private rebuildIndexes(): void {
    this.graph = buildGraph(this.project);
    this.index = buildIndex(this.project);
    this.broken = brokenSchemas(this.project);
    this.lineCache.clear();
  }

  /** Schema files that do not parse (the loader's `bronze/yaml-syntax` errors). */
  private broken: BrokenSchema[] = [];

  private isBroken(file: string | undefined): boolean {
    return file !== undefined && this.broken.some((b) => b.file === file);
  }

  fileText(file: string): string | undefined {
    return this.ws.overlay.get(file) ?? this.project.files.get(file)?.text;
  }

  lines(file: string): LineIndex {
    let li = this.lineCache.get(file);
    const text = this.fileText(file) ?? '';
    if (!li || li.text !== text) {
      li = new LineIndex(text);
      this.lineCache.set(file, li);
    }
    return li;
  }

  /**
   * `keep: false` (checking a model) does not cache facts that were not cached already: they die young,
   * instead of being promoted to the old generation and collected there (GC time and peak RSS of the cold
   * index). Facts read across a ref() (a `select *` of a parent), and those of open files, are kept.
   */
  facts(uniqueId: string, keep = true): ModelFacts | undefined {
    const node = this.project.models.get(uniqueId);
    // A Python model's code is neither Jinja nor SQL: it has no template scan or columns to infer.
    if (!node || node.language === 'python') return undefined;
    const cached = this.factsCache.get(uniqueId);
    // Delete + set keeps the map in least-recently-used order for trimFacts.
    if (cached) this.factsCache.delete(uniqueId);
    const f = cached && cached.node === node && cached.text === node.rawCode ? cached : this.makeFacts(node);
    if (cached || keep) this.factsCache.set(uniqueId, f);
    return f;
  }

  /**
   * Facts (a template scan, line index and column memo per model) are cheap to rebuild from the node but
   * cost ~5 KB each; keeping them for every model of a 10,000-model project held ~55 MB after the cold
   * index. Only the most recently used survive a pass; open files and their neighbours stay among them.
   */
  private trimFacts(): void {
    let extra = this.factsCache.size - FACTS_KEPT;
    if (extra <= 0) return;
    for (const id of this.factsCache.keys()) {
      if (extra-- <= 0) break;
      this.factsCache.delete(id);
    }
  }

  private makeFacts(node: ModelNode): ModelFacts {
    const text = node.rawCode;
    // Scanned again rather than kept from the load: holding the loader's scan of every model until the analysis
    // reached it was ~5 KB a model (+55 MB peak RSS and more GC on a 10,000-model check); a scan made here dies young.
    const scan = scanJinja(text);
    let memo: InferredColumns | undefined;
    let busy = false;
    const facts: ModelFacts = {
      node,
      file: node.location.file,
      text,
      scan,
      lines: new LineIndex(text),
      columns: () => {
        if (memo) return memo;
        if (busy) return { columns: [], complete: false }; // a cycle through `select *`
        busy = true;
        try {
          const infer = () => {
            let local = true;
            const result = inferOutputColumns(scan, (call) => {
              local = false;
              return this.relationColumns(call.name, call.args.filter((a) => a.keyword === undefined).map((a) => a.value));
            });
            return { result, local };
          };
          // An editor buffer's columns are not written to the cache: every keystroke would add a line.
          memo = this.ruleCache ? this.ruleCache.columns(text, !this.ws.overlay.has(node.location.file), infer) : infer().result;
        } finally {
          busy = false;
        }
        return memo;
      },
    };
    return facts;
  }

  /** Column names of a ref()/source() target: inferred when complete, else declared in schema.yml. */
  relationColumns(fn: string, args: unknown[]): string[] | undefined {
    if (!args.every((a) => typeof a === 'string')) return undefined;
    const strs = args as string[];
    if (fn === 'ref' && (strs.length === 1 || strs.length === 2)) {
      const m = resolveRef(this.index, strs[strs.length - 1], strs.length === 2 ? strs[0] : undefined);
      if (!m) return undefined;
      const inferred = this.facts(m.uniqueId)?.columns();
      if (inferred?.complete) return inferred.columns.map((c) => c.name);
      // Columns read from a file that does not parse may be cut short: unknown, not a complete list.
      if (this.isBroken(m.patchLocation?.file)) return undefined;
      const declared = Object.values(m.columns).map((c) => c.name);
      return declared.length > 0 ? declared : undefined;
    }
    if (fn === 'source' && strs.length === 2) {
      const s = this.index.sourceTables.get(`${strs[0]}.${strs[1]}`);
      if (s && this.isBroken(s.location.file)) return undefined;
      const declared = s ? Object.values(s.columns).map((c) => c.name) : [];
      return declared.length > 0 ? declared : undefined;
    }
    return undefined;
  }

  private context(models: ModelFacts[]): RuleContext {
    return {
      project: this.project,
      graph: this.graph,
      index: this.index,
      models,
      facts: (id) => this.facts(id),
      fileText: (f) => this.fileText(f),
      lines: (f) => this.lines(f),
      env: this.ws.env,
      cliVars: this.ws.options.cliVars ?? {},
      strayFiles: this.strayFiles,
      brokenSchemas: this.broken,
      unresolved: () => undefined, // set per model by checkModels
    };
  }

  /**
   * Runs the rules on `scope` (unique_ids; all models when undefined) and the project-scoped rules. `modelEdit`: the
   * pass follows a fast edit (tryFastEdit; no model came or went), so rules marked keepsOnModelEdit keep their results.
   */
  analyze(scope?: Iterable<string>, modelEdit = false): void {
    const ids = scope ? [...scope].filter((id) => this.project.models.has(id)) : [...this.project.models.keys()];
    if (!scope) {
      this.modelDiags.clear();
      this.pending.clear();
    }
    if (!modelEdit) for (const id of this.modelDiags.keys()) if (!this.project.models.has(id)) this.modelDiags.delete(id);
    const base = this.context([]);
    const results = new Map<Rule, Diagnostic[]>();
    for (const rule of this.ws.rules) {
      if (rule.scope !== 'project') continue;
      const last = modelEdit && rule.keepsOnModelEdit ? this.projectResults.get(rule) : undefined;
      results.set(rule, last ?? this.run(rule, base));
    }
    // An edit's results are not kept for the next process: the cache is written by whole-project passes only.
    this.checkModels(ids, base, !scope);
    this.projectResults = results;
    this.trimFacts();
    this.regroup();
    if (!scope) this.ruleCache?.save(this.ws.options.reloadable === false);
  }

  /**
   * A whole-project check. In background mode (WorkspaceOptions.background) only the project rules and the
   * models of open files run now; the other models wait in `pending` for runPending, which the workspace
   * drives between requests (see Workspace.startBackground).
   */
  analyzeAll(): void {
    if (!this.ws.options.background) {
      this.analyze();
      return;
    }
    const first = new Set<string>();
    for (const file of [...this.ws.overlay.keys(), ...this.ws.openFiles]) {
      const m = this.index.modelByFile.get(file);
      if (m) first.add(m.uniqueId);
    }
    this.modelDiags.clear();
    this.pending = new Set([...this.project.models.keys()].filter((id) => !first.has(id)));
    this.analyze(first);
  }

  /** How many models' facts are cached (tests: a whole-project check must not keep every model's). */
  get factsCached(): number {
    return this.factsCache.size;
  }

  /** Models still waiting for the background part of a whole-project check. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Checks pending models for about `budgetMs` (at least one). Returns true when none are left. */
  runPending(budgetMs: number): boolean {
    if (this.pending.size === 0) return true;
    const started = performance.now();
    const base = this.context([]);
    for (const id of this.pending) {
      this.checkModels([id], base, true);
      if (performance.now() - started >= budgetMs) break;
    }
    if (this.pending.size > 0) return false;
    this.trimFacts();
    this.regroup();
    this.ruleCache?.save(this.ws.options.reloadable === false);
    return true;
  }

  /** Models of a whole-project check not checked yet (background mode); checking a model removes it. */
  private pending = new Set<string>();

  private run(rule: Rule, ctx: RuleContext): Diagnostic[] {
    return this.runRule(rule, ctx).diags;
  }

  /** A rule's diagnostics; `failed` when it threw (then the one diagnostic says so). */
  private runRule(rule: Rule, ctx: RuleContext, check = () => rule.check(ctx)): { diags: Diagnostic[]; failed: boolean } {
    try {
      return { diags: check(), failed: false };
    } catch (err) {
      // A rule bug must not take the server down; report it where the user can see it.
      const diags: Diagnostic[] = [
        {
          file: ctx.models[0]?.file ?? path.join(this.root, 'dbt_project.yml'),
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 'info',
          code: rule.id,
          message: `Rule ${rule.id} could not run (${err instanceof Error ? err.message : String(err)}); its results are missing. Please report this.`,
        },
      ];
      return { diags, failed: true };
    }
  }

  /** Model rules over `ids`; each model's old results are replaced. `keep`: record new results in the rule cache. */
  private checkModels(ids: Iterable<string>, base: RuleContext, keep: boolean): void {
    const modelRules = this.ws.rules.filter((r) => r.scope === 'model');
    const pass = this.ruleCache ? textPass(this.ws.rules, targetTypeOf(this.project)) : undefined;
    for (const id of ids) {
      this.pending.delete(id);
      const node = this.project.models.get(id);
      if (!node) continue;
      // Model rules run one model at a time, so every result belongs to exactly one model (even when it
      // points into schema.yml) and is replaced when that model is checked again.
      const list: Diagnostic[] = [];
      this.modelDiags.set(id, list);
      // Installed packages are other people's code: their models are used, not linted.
      if (node.config.enabled === false || node.packageName !== this.project.name) continue;
      if (node.language === 'python') {
        // No Jinja/SQL rule applies to Python; what the user needs to know is that run/build will fail it.
        list.push({ file: node.location.file, range: node.location.range, severity: 'warning', code: 'bronze/python-model-not-run', message: pythonNotRunMessage(node.name, (this.project as { target?: { type: string } }).target?.type) });
        continue;
      }
      const f = this.facts(id, this.ws.overlay.has(node.location.file) || this.ws.openFiles.has(node.location.file))!;
      const unresolved: { what: string; broken: BrokenSchema; at: SourceLocation }[] = [];
      const ctx: RuleContext = { ...base, models: [f], unresolved: (_f, what, broken, at) => void unresolved.push({ what, broken, at }) };
      const cached = pass && pass.rules.length > 0 ? this.ruleCache!.results(pass, f, keep, (r) => this.runRule(r.rule, ctx, () => r.text.check(f, r.key))) : undefined;
      for (const rule of modelRules) list.push(...(cached?.get(rule.id) ?? this.run(rule, ctx)));
      if (unresolved.length > 0) list.push(this.unresolvedError(node, unresolved));
      // A whole-project pass would otherwise hold every model's facts at once (the cold index's peak).
      if (this.factsCache.size > 2 * FACTS_KEPT) this.trimFacts();
    }
  }

  /**
   * One error for the names a model uses that a broken schema file may declare (instead of one diagnostic per
   * name, or none): in the model's file, where the first such name is used there.
   */
  private unresolvedError(node: ModelNode, list: { what: string; broken: BrokenSchema; at: SourceLocation }[]): Diagnostic {
    const broken = list[0].broken;
    const what = [...new Set(list.filter((u) => u.broken === broken).map((u) => u.what))];
    const at = list.find((u) => u.at.file === node.location.file)?.at ?? { file: node.location.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    return { file: at.file, range: at.range, severity: 'error', code: 'bronze/yaml-unresolved', message: unresolvedMessage(this.project, what, broken) };
  }

  private regroup(): void {
    const byFile = new Map<string, Diagnostic[]>();
    const add = (d: Diagnostic) => {
      if (this.held.size > 0) {
        // A file held at its last good text shows only its own syntax problems; fixes into it would edit stale ranges.
        if (this.held.has(d.file)) return;
        if (d.fixes?.some((f) => f.edits.some((e) => this.held.has(e.file)))) {
          const fixes = d.fixes.filter((f) => !f.edits.some((e) => this.held.has(e.file)));
          d = { ...d, fixes };
          if (fixes.length === 0) delete d.fixes;
        }
      }
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    };
    for (const list of this.modelDiags.values()) list.forEach(add);
    for (const list of this.projectResults.values()) list.forEach(add);
    if (this.loadFailure) add(this.loadFailure);
    for (const [file, list] of this.held) byFile.set(file, [...list]);
    for (const list of byFile.values()) list.sort(compareDiagnostics);
    this.byFile = byFile;
  }

  diagnosticsByFile(): Map<string, Diagnostic[]> {
    return this.byFile;
  }

  /** Re-reads the changed files and re-checks what they affect. */
  async update(changed: string[]): Promise<void> {
    const failed = this.loadFailure;
    this.loadFailure = undefined;
    try {
      await this.updateNow(changed);
      this.retryWhole = false;
    } catch (err) {
      // Until a full load succeeds again, every later edit retries it (the broken file is still broken).
      this.retryWhole ||= this.isWholeProjectChange(changed) || failed !== undefined;
      // A loader crash must not take the editor down: keep the last good project and say what happened.
      this.loadFailure = {
        file: path.join(this.root, 'dbt_project.yml'),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'error',
        code: 'bronze/load-failed',
        message: `Bronze could not reload the project after editing ${changed.map((f) => path.relative(this.root, f)).join(', ')} (${err instanceof Error ? err.message : String(err)}). Diagnostics show the last state that loaded; undo the edit or fix the file.`,
      };
      this.regroup();
    }
  }

  private loadFailure: Diagnostic | undefined;
  private retryWhole = false;

  /** Whether the last update could not reload the project (its diagnostics are the last state that loaded). */
  get loadFailed(): boolean {
    return this.loadFailure !== undefined;
  }

  private isWholeProjectChange(changed: string[]): boolean {
    return this.retryWhole || changed.some((f) => /(^|[\\/])(dbt_project|profiles|packages)\.ya?ml$/.test(f));
  }

  /**
   * Typing in a model's body, or changing only its ref()/source() calls, cannot change any config, so the
   * model node is swapped in place instead of asking the loader to rebuild the project: its dependencies are
   * resolved here the way the loader resolves them and the DAG is patched (Graph.replaceNode). Returns the
   * model's unique_id, or undefined when the edit needs the loader (config, macros/docs, dynamic Jinja,
   * versioned refs, loader problems, Python models).
   */
  private tryFastEdit(changed: string[]): string | undefined {
    if (changed.length !== 1) return undefined;
    const file = changed[0];
    const old = this.index.modelByFile.get(file);
    const text = this.ws.overlay.get(file);
    if (!old || text === undefined || old.rawCode === text || old.resourceType !== 'model') return undefined;
    // Python is not a template: its dbt.ref/source calls are read by the loader (python-model.ts).
    if (old.language === 'python') return undefined;
    if (this.project.diagnostics.some((d) => d.file === file)) return undefined;
    const a = scanTemplate(old.rawCode);
    const b = scanTemplate(text);
    if (!a.static || !b.static || b.problems.length > 0 || a.definitions.length > 0 || b.definitions.length > 0) return undefined;
    if (JSON.stringify(a.config) !== JSON.stringify(b.config)) return undefined;
    const sig = (r: typeof a) => JSON.stringify([r.refs.map((x) => [x.package, x.name, x.version]), r.sources.map((x) => [x.sourceName, x.tableName])]);
    let dependsOn = old.dependsOn;
    if (sig(a) !== sig(b)) {
      // The DAG changes: only when the model is in it (enabled) and no ref needs version resolution.
      if (!this.graph.has(old.uniqueId)) return undefined;
      // The loader checks a unit test's given: inputs against its model's refs and sources (unit-tests.ts): those
      // findings are the loader's to redo.
      for (const t of this.project.unitTests.values()) if (t.attachedNode === old.uniqueId || t.model === old.name) return undefined;
      // Dependencies beyond the file's literal calls (macros it calls, hooks, a parse-time render) are the
      // loader's to recompute: dropping them here would order and select differently from `bronze check`.
      const own = resolveDependencies(this.index, a.refs, a.sources, old.packageName, this.project.name);
      if (!own || own.length !== old.dependsOn.nodes.length || own.some((id) => !old.dependsOn.nodes.includes(id))) return undefined;
      const nodes = resolveDependencies(this.index, b.refs, b.sources, old.packageName, this.project.name);
      if (!nodes) return undefined;
      dependsOn = { ...old.dependsOn, nodes };
    }
    const node: ModelNode = { ...old, rawCode: text, refs: b.refs, sources: b.sources, dependsOn };
    // The loader's project stays untouched (reloadFiles builds on it); the first fast edit copies its maps,
    // later ones update that copy in place, so a keystroke costs no 10,000-entry copies.
    if (this.project === this.loaderBase) this.project = { ...this.project, models: new Map(this.project.models), files: new Map(this.project.files) };
    this.project.models.set(node.uniqueId, node);
    const entry = this.project.files.get(file);
    if (entry) this.project.files.set(file, { ...entry, text });
    this.index.modelByFile.set(file, node);
    const named = this.index.modelsByName.get(node.name);
    if (named) this.index.modelsByName.set(node.name, named.map((m) => (m === old ? node : m)));
    this.graph.replaceNode(node, (id) => (isDisabled(this.project, id) ? 'disabled' : 'unknown'));
    this.fastFiles.add(file);
    return node.uniqueId;
  }

  /** The last project the loader returned; edits applied by tryFastEdit since then are in `fastFiles`. */
  private loaderBase: ProjectModel;
  private readonly fastFiles = new Set<string>();

  /**
   * Schema files edited into text that does not parse, with that text's syntax problems. Until they parse again
   * the loader reads their last good text (still in project.files), so the rest of the project keeps what they
   * declared and nothing flickers elsewhere while the user types; only the file itself shows errors.
   */
  private readonly held = new Map<string, Diagnostic[]>();

  /** The load request, with held schema files read at their last good text (see `held`). */
  private requestHolding(changed: string[]): LoadRequest {
    const req = this.ws.loadRequest();
    if (this.ws.options.holdBrokenSchemas === false) return req;
    for (const file of changed) {
      const entry = this.project.files.get(file);
      if (entry?.kind !== 'schema') continue;
      const text = this.ws.overlay.get(file) ?? readText(file);
      const lastGood = !this.project.diagnostics.some((d) => d.file === file && d.code === 'bronze/yaml-syntax');
      const now = text === undefined || !lastGood ? undefined : parseYaml(file, text, false);
      if (now && !now.ok) this.held.set(file, now.diagnostics.map((d) => ({ ...d, message: d.message.replace(READS_REST, HELD_NOTE) })));
      else this.held.delete(file);
    }
    for (const file of changed) if (!this.held.has(file)) setEditorShift(file, undefined);
    if (this.held.size === 0) return req;
    const overlay = new Map(req.overlay);
    for (const file of this.held.keys()) {
      const good = this.project.files.get(file)?.text;
      if (good === undefined) {
        this.held.delete(file);
        setEditorShift(file, undefined);
        continue;
      }
      overlay.set(file, good);
      // Locations of what the file declares stay inside the text the editor shows (project/locate.ts).
      const shown = this.ws.overlay.get(file) ?? readText(file);
      setEditorShift(file, shown === undefined ? undefined : lineShift(good, shown));
    }
    return { ...req, overlay };
  }

  private async updateNow(changed: string[]): Promise<void> {
    const before = this.project;
    const req = this.requestHolding(changed);
    if (this.isWholeProjectChange(changed)) {
      this.project = await this.ws.loader().then((l) => l.load(this.root, req));
      this.loaderBase = this.project;
      this.fastFiles.clear();
      this.factsCache.clear();
      this.rebuildIndexes();
      this.strayFiles = findStrayFiles(this.project);
      this.analyzeAll();
      return;
    }
    // An editor opening a model file as it is on disk: nothing to reload. Its model is checked now if the
    // background part of a whole-project check has not reached it yet.
    if (changed.length === 1) {
      const text = this.ws.overlay.get(changed[0]);
      const node = this.index.modelByFile.get(changed[0]);
      if (text !== undefined && node && this.project.files.get(changed[0])?.text === text) {
        if (this.pending.has(node.uniqueId)) this.analyze([node.uniqueId]);
        else this.regroup();
        return;
      }
    }
    // Files edited on the fast path since the last load: the loader rebuilds their nodes now, unchanged.
    const refreshed = new Set(this.fastFiles);
    const patched = this.tryFastEdit(changed);
    if (patched) {
      // One model node swapped, nothing else: check it, its children, and models whose diagnostics point
      // into the file (no scan over every model of the project).
      const scope = new Set<string>([patched]);
      for (const [id, list] of this.modelDiags) {
        if (list.some((d) => d.file === changed[0] || d.fixes?.some((f) => f.edits.some((e) => e.file === changed[0])))) scope.add(id);
      }
      for (const id of [...scope]) for (const c of this.graph.children(id)) if (this.project.models.has(c)) scope.add(c);
      for (const id of scope) this.factsCache.delete(id);
      this.analyze(scope, true);
      return;
    }
    const files = [...new Set([...this.fastFiles, ...changed])];
    this.project = await this.ws.loader().then((l) => l.reload(this.loaderBase, files, req));
    this.loaderBase = this.project;
    this.fastFiles.clear();
    const brokenBefore = this.broken;
    this.rebuildIndexes();
    const changedSet = new Set(changed);
    for (const f of changed) {
      if (!f.endsWith('.sql')) continue;
      const inModels = isUnder(this.project, f, this.project.modelPaths);
      const known = this.index.modelByFile.has(f);
      const stray = this.strayFiles.includes(f);
      if (!inModels && !known && !stray && !isUnder(this.project, f, [...this.project.testPaths, ...this.project.macroPaths, ...this.project.seedPaths, 'analyses', 'snapshots'])) {
        if (await exists(f)) this.strayFiles = [...this.strayFiles, f].sort();
      }
    }
    const scope = new Set<string>();
    const names = new Set<string>();
    for (const m of this.project.models.values()) {
      const old = before.models.get(m.uniqueId);
      const rebuiltOnly = old !== undefined && old !== m && refreshed.has(m.location.file) && !changedSet.has(m.location.file) && old.rawCode === m.rawCode;
      if (changedSet.has(m.location.file) || (m.patchLocation && changedSet.has(m.patchLocation.file)) || (old !== m && !rebuiltOnly)) {
        scope.add(m.uniqueId);
        names.add(m.name);
      }
    }
    for (const m of before.models.values()) {
      if (!this.project.models.has(m.uniqueId)) names.add(m.name);
      else if (m.patchLocation && changedSet.has(m.patchLocation.file)) scope.add(m.uniqueId);
    }
    // Models whose diagnostics (or their fixes) point into a changed file hold stale positions: recheck them.
    for (const [id, list] of this.modelDiags) {
      if (list.some((d) => changedSet.has(d.file) || d.fixes?.some((f) => f.edits.some((e) => changedSet.has(e.file))))) scope.add(id);
    }
    // A schema file that did not parse when the project loaded is not held (there is no good text to hold), so its
    // edits change what it may declare. Models blamed on it may resolve now (their error is in their own file, and
    // the name that failed may not be declared anywhere yet); while it stays broken, any model with a finding may
    // now be missing a name the file's new text could declare.
    const brokenAfter = new Set(this.broken.map((b) => b.file));
    if (changed.some((f) => brokenAfter.has(f) || brokenBefore.some((b) => b.file === f))) {
      const stillBroken = changed.some((f) => brokenAfter.has(f));
      for (const [id, list] of this.modelDiags) if (list.some((d) => stillBroken || d.code === 'bronze/yaml-unresolved')) scope.add(id);
    }
    for (const f of changed) {
      for (const s of this.project.sources.values()) if (s.location.file === f) names.add(`source:${s.sourceName}.${s.name}`);
      for (const s of before.sources.values()) if (s.location.file === f) names.add(`source:${s.sourceName}.${s.name}`);
    }
    // Models that call a macro of a changed file, directly or through other macros: what those calls resolve to
    // (or why they cannot render) may have changed. Names come from the file's text before and after, so a macro
    // file that does not parse (then it declares no macro node) still reaches its callers.
    const called = new Set<string>();
    for (const f of changed) {
      if (!f.endsWith('.sql') || this.index.modelByFile.has(f)) continue;
      for (const text of [before.files.get(f)?.text, this.project.files.get(f)?.text, this.ws.overlay.get(f)]) for (const n of macroNamesIn(text)) called.add(n);
    }
    if (called.size > 0) {
      const mentions = (text: string) => [...called].some((n) => text.includes(n));
      for (let grew = true; grew; ) {
        grew = false;
        for (const mac of this.project.macros.values()) {
          if (!called.has(mac.name) && mentions(mac.fileText)) {
            called.add(mac.name);
            grew = true;
          }
        }
      }
      for (const m of this.project.models.values()) if (!scope.has(m.uniqueId) && mentions(m.rawCode)) scope.add(m.uniqueId);
      // A macro name that came or went changes what an undefined name's "Did you mean" offers, in any model.
      for (const [id, list] of this.modelDiags) if (list.some((d) => d.code === 'bronze/undefined-name')) scope.add(id);
    }
    // A model or source that changed, came or went changes what an unknown ref's or source's "Did you mean" offers,
    // in any model (a new model 'daemon_env' is a closer guess for ref('daemon_gone') than the old one).
    if (names.size > 0) {
      const sourcesChanged = [...names].some((n) => n.startsWith('source:'));
      for (const [id, list] of this.modelDiags) if (list.some((d) => d.code === 'bronze/unknown-ref' || (sourcesChanged && d.code === 'bronze/unknown-source'))) scope.add(id);
    }
    // Dependents: children in the DAG, and models whose ref()/source() name something that changed
    // (a model created, renamed or deleted is not in the DAG yet, or any more).
    for (const id of [...scope]) for (const c of this.graph.children(id)) if (this.project.models.has(c)) scope.add(c);
    const nameSetChanged = this.project.models.size !== before.models.size || [...names].some((n) => n.startsWith('source:')) || changed.some((f) => !f.endsWith('.sql'));
    if (nameSetChanged) {
      // The nodes' own ref()/source() lists (the loader's scan), so no model is re-scanned here.
      for (const m of this.project.models.values()) {
        if (scope.has(m.uniqueId)) continue;
        if (m.refs.some((r) => names.has(r.name)) || m.sources.some((x) => names.has(`source:${x.sourceName}.${x.tableName}`))) scope.add(m.uniqueId);
      }
    }
    // Column memos of dependents read their parents' columns: rebuild them.
    for (const id of scope) this.factsCache.delete(id);
    this.analyze(scope);
  }
}

/** Names of the `{% macro name(…) %}` blocks in a file's text, read without parsing it. */
function macroNamesIn(text: string | undefined): string[] {
  if (!text) return [];
  return [...text.matchAll(/\{%-?\s*macro\s+([A-Za-z_]\w*)/g)].map((m) => m[1]);
}

/**
 * A model's `dependsOn.nodes` from its ref()/source() calls, resolved as the loader does (refs first, each id
 * once; a name in several packages prefers the model's own package, then the root project, then the first).
 * Undefined when a ref involves model versions, whose resolution is left to the loader.
 */
export function resolveDependencies(
  index: ProjectIndex,
  refs: readonly { package?: string; name: string; version?: string | number }[],
  sources: readonly { sourceName: string; tableName: string }[],
  ownPkg: string,
  rootPkg: string,
): string[] | undefined {
  const out: string[] = [];
  const add = (id: string | undefined) => {
    if (id !== undefined && !out.includes(id)) out.push(id);
  };
  for (const r of refs) {
    if (r.version !== undefined) return undefined;
    const cands = (index.modelsByName.get(r.name) ?? []).filter((m) => !r.package || m.packageName === r.package);
    if (cands.some((m) => m.version !== undefined)) return undefined;
    add((cands.find((m) => m.packageName === ownPkg) ?? cands.find((m) => m.packageName === rootPkg) ?? cands[0])?.uniqueId);
  }
  for (const s of sources) {
    const tables = (index.sources.get(s.sourceName) ?? []).filter((t) => t.name === s.tableName);
    add((tables.find((t) => t.packageName === ownPkg) ?? tables[0])?.uniqueId);
  }
  return out;
}

function isDisabled(project: ProjectModel, id: string): boolean {
  const node = project.models.get(id) ?? project.sources.get(id) ?? project.tests.get(id);
  return node !== undefined && node.config.enabled === false;
}

/**
 * Knobs, exported for tests: how long one background slice checks models before requests and edits get in, and how
 * long after the editor's last text change background slices wait. Each keystroke is otherwise answered after the
 * slice under way and the collections of the background's garbage; typing bursts (keystrokes tens of ms apart) get
 * the CPU to themselves, and the background resumes in the pauses between words.
 */
export const backgroundTuning = { sliceMs: 5, typingPauseMs: 50 };

/** How many models' facts outlive an analysis pass (see ProjectState.trimFacts). */
const FACTS_KEPT = 1000;

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : 1);
}

/** The end of a held file's syntax errors (instead of yaml-dbt's READS_REST). */
const HELD_NOTE = ' until then the rest of the project keeps what the last version of this file that parsed declared.';

function readText(file: string): string | undefined {
  return readTextFile(file);
}

function isUnder(project: ProjectModel, file: string, dirs: readonly string[]): boolean {
  const rel = path.relative(project.root, file).split(path.sep).join('/');
  return dirs.some((d) => {
    const dd = d.replace(/\\/g, '/').replace(/\/+$/, '');
    return rel === dd || rel.startsWith(dd + '/');
  });
}

async function exists(file: string): Promise<boolean> {
  return fileExists(file);
}

/**
 * .sql files under the project root outside every configured path (and outside target/, packages, …).
 * Synchronous: it reads a few small directories, and a whole-project check must not yield before its
 * open-file results exist (deferred work such as the loader's parse-cache write would run first).
 */
export function findStrayFiles(project: ProjectModel): string[] {
  const covered = [
    ...project.modelPaths,
    ...project.testPaths,
    ...project.macroPaths,
    ...project.seedPaths,
    'analyses',
    'analysis',
    'snapshots',
    project.targetPath,
    project.packagesInstallPath,
  ].map((d) => d.replace(/\\/g, '/').replace(/\/+$/, ''));
  const out: string[] = [];
  // The folders skipped by name are no dependency of the result (target/ appearing after a first check is no change).
  const skippedNames = [...SKIPPED_DIRS];
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    const relDir = path.relative(project.root, dir).split(path.sep).join('/');
    const skipped = [...skippedNames, ...covered.filter((c) => path.posix.dirname(c) === (relDir === '' ? '.' : relDir)).map((c) => path.posix.basename(c))];
    let entries: Dirent[];
    try {
      entries = listDir(dir, false, skipped);
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const rel = path.relative(project.root, full).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name) || e.name.startsWith('.') || covered.includes(rel)) continue;
        // A nested dbt project is its own project.
        if (depth > 0 && fileExists(path.join(full, 'dbt_project.yml'))) continue;
        walk(full, depth + 1);
      } else if (e.isFile() && e.name.endsWith('.sql')) out.push(full);
    }
  };
  walk(project.root, 0);
  return out.sort();
}

export class Workspace {
  /** Unsaved editor buffers by absolute path: they win over the disk. */
  readonly overlay = new Map<string, string>();
  /**
   * Files the editor has open, told as soon as they open (their text reaches `overlay` through the queue,
   * possibly after a long project load): background whole-project checks check their models first.
   */
  readonly openFiles = new Set<string>();
  readonly projects = new Map<string, ProjectState>();
  readonly rules: readonly Rule[];
  readonly env: Record<string, string | undefined>;
  private loaderPromise: Promise<ProjectLoader> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly options: WorkspaceOptions = {}) {
    this.rules = options.rules ?? RULES;
    this.env = options.env ?? process.env;
    if (options.loader) this.loaderPromise = Promise.resolve(options.loader);
  }

  loader(): Promise<ProjectLoader> {
    this.loaderPromise ??= defaultLoader();
    return this.loaderPromise;
  }

  loadRequest(): LoadRequest {
    return { target: this.options.target, profilesDir: this.options.profilesDir, cliVars: this.options.cliVars, env: this.env, overlay: this.overlay, reloadable: this.options.reloadable };
  }

  /** Serialises mutations so an edit never interleaves with another reload. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Loads every dbt project under `folder` (a workspace root). Returns their roots. */
  addFolder(folder: string): Promise<string[]> {
    return this.serial(async () => {
      const roots = await findProjects(folder);
      const up = findProjectRoot(folder);
      if (up && !roots.includes(up)) roots.push(up);
      for (const root of roots) await this.openProjectNow(root);
      return roots;
    });
  }

  openProject(root: string): Promise<ProjectState> {
    return this.serial(() => this.openProjectNow(root));
  }

  private async openProjectNow(root: string): Promise<ProjectState> {
    const existing = this.projects.get(root);
    if (existing) return existing;
    const project = await (await this.loader()).load(root, this.loadRequest());
    const state = new ProjectState(root, project, this);
    state.strayFiles = findStrayFiles(project);
    state.analyzeAll();
    this.projects.set(root, state);
    this.startBackground();
    return state;
  }

  private backgroundRun: Promise<void> | undefined;

  /**
   * Drives the background part of whole-project checks (WorkspaceOptions.background): one slice of
   * backgroundTuning.sliceMs at a time through the mutation queue, yielding to the event loop in between, so a
   * request waits for at most one slice and an edit is checked before the rest of the project. While the editor's
   * text keeps changing (a burst of keystrokes) no slice starts: see backgroundTuning.typingPauseMs.
   */
  private startBackground(): void {
    if (this.backgroundRun) return;
    const busy = () => [...this.projects.values()].find((p) => p.pendingCount > 0);
    if (!busy()) return;
    this.backgroundRun = (async () => {
      try {
        for (;;) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          await this.urgentDone();
          const typing = backgroundTuning.typingPauseMs - (performance.now() - this.lastTextAt);
          if (typing > 0) {
            // Re-checked at least every 20 ms, so a shorter pause set meanwhile (tests) takes effect.
            await new Promise<void>((resolve) => setTimeout(resolve, Math.min(typing, 20)));
            continue;
          }
          const more = await this.serial(async () => {
            busy()?.runPending(backgroundTuning.sliceMs);
            return busy() !== undefined;
          });
          if (!more) break;
        }
      } finally {
        this.backgroundRun = undefined;
      }
    })();
  }

  /** When the editor's text last changed (setText): background slices wait while it keeps changing. */
  private lastTextAt = -Infinity;

  /** Work the editor is waiting for (see prioritize); background slices start only once it is done. */
  private urgent: Promise<void> | undefined;

  /**
   * Holds background slices until `work` settles. The language server passes each edit's round trip (analysis
   * and the write of its publication): without this a slice scheduled in between delays the answer by one slice
   * or more, as the protocol's own reads and writes also wait for turns of the event loop.
   */
  prioritize(work: Promise<unknown>): void {
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    const before = this.urgent;
    this.urgent = before ? Promise.all([before, done]).then(() => undefined) : done;
  }

  private async urgentDone(): Promise<void> {
    while (this.urgent) {
      const u = this.urgent;
      await u;
      if (this.urgent === u) this.urgent = undefined;
    }
  }

  /** Resolves when queued work and every background check are done: all diagnostics are complete. */
  async settled(): Promise<void> {
    for (;;) {
      await this.idle();
      if (!this.backgroundRun) return;
      await this.backgroundRun;
    }
  }

  removeFolder(folder: string): void {
    for (const root of [...this.projects.keys()]) {
      const rel = path.relative(folder, root);
      if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) this.projects.delete(root);
    }
  }

  /** The project that owns `file` (the deepest root containing it). */
  projectFor(file: string): ProjectState | undefined {
    let best: ProjectState | undefined;
    for (const p of this.projects.values()) {
      const rel = path.relative(p.root, file);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || p.root.length > best.root.length) best = p;
    }
    return best;
  }

  /**
   * The editor changed (text) or closed/reverted (undefined) a file. Returns the project whose diagnostics
   * may have changed, after re-analysis. Files outside every project are ignored.
   */
  setText(file: string, text: string | undefined): Promise<ProjectState | undefined> {
    this.lastTextAt = performance.now();
    return this.serial(async () => {
      if (text === undefined) this.overlay.delete(file);
      else this.overlay.set(file, text);
      let p = this.projectFor(file);
      if (!p) {
        const root = findProjectRoot(path.dirname(file));
        if (!root) return undefined;
        p = await this.openProjectNow(root);
        return p;
      }
      await p.update([file]);
      this.startBackground();
      return p;
    });
  }

  /** Files changed on disk (watcher events). */
  filesChanged(files: string[]): Promise<ProjectState[]> {
    return this.serial(async () => {
      const touched = new Map<ProjectState, string[]>();
      for (const f of files) {
        const p = this.projectFor(f);
        if (!p) continue;
        const list = touched.get(p) ?? [];
        list.push(f);
        touched.set(p, list);
      }
      for (const [p, list] of touched) await p.update(list);
      this.startBackground();
      return [...touched.keys()];
    });
  }

  /** Every diagnostic of every project, by absolute file. */
  allDiagnostics(): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const p of this.projects.values()) for (const [f, list] of p.diagnosticsByFile()) out.set(f, [...(out.get(f) ?? []), ...list]);
    return out;
  }

  diagnosticsFor(file: string): Diagnostic[] {
    return this.projectFor(file)?.diagnosticsByFile().get(file) ?? [];
  }

  /** Waits for queued work (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }
}
