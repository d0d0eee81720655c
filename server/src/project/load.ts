// loadProject: dbt_project.yml + profiles + every resource file → a ProjectModel. Every problem becomes a
// Diagnostic and loading goes on. reloadFiles re-parses only changed files and reuses untouched nodes.
import { materializationMacroName } from '../template/materialization-lookup';
import { YamlFloat } from '../core/yaml-python-values';
import path from 'node:path';
import { missingPackages } from './packages-installed';
import { LineIndex } from './line-index';
import type { PythonModelCalls } from './python-model';
import {
  BronzeError,
  type Diagnostic,
  type MacroNode,
  type ModelNode,
  type NodeConfig,
  type ProjectModel,
  type SourceNode,
  type TargetConfig,
  type TestNode,
  type UnitTestNode,
  type ColumnInfo,
  type FreshnessRule,
  type Range,
  type RefCall,
  type SourceCall,
  type SourceLocation,
  type PackageInfo,
  type ProjectFile,
  type RelationName,
} from '../core/types';
import { defaultConfig, finalizeConfig, LayerResolver, mergeConfig, relationFor, unrenderedConfig, type GenerateSchemaName } from './config';
import {
  hydrate,
  listFiles,
  makeReader,
  makeSyncReader,
  parseFile,
  projectFileKind,
  roleFor,
  seedFingerprint,
  type FileRecord,
  type ParsedFile,
  type ParsedColumn,
  type ParsedModelEntry,
  type ParsedSchemaFile,
  type ParsedSqlFile,
  type ParsedTests,
  type WalkedFile,
} from './files';
import { buildGenericTest, checkRenderedTestConfig, hasJinjaConfig, withCalls, type GenericTestContext, type ParsedTestEntry, type TestAttachment, type TestOrigin } from './generic-tests';
import { declaredColumns } from './columns';
import { loadSnapshots } from './snapshots';
import { loadUnitTests } from './unit-tests';
import { DeferredModelRecord, leanScan } from './lean-scan';
import { hookCalls } from './hook-refs';
import { macroRefIndex, type MacroText } from './macro-refs';
import { addParseTimeDependencies, computedCalls, hasComputedCalls, parseRenderer, parseTimeTexts, rememberWritten, sameCalls, withParseTimeCalls, writtenCalls } from './computed-refs';
import { lazyMacroEnvironment } from './macro-env';
import { applyNamingMacros, namingOverrides } from './relation-names';
import { renderProjectTree } from './project-config-render';
import { LazyLocation } from './lazy-location';
import { ParseCache, parseCacheKey, parseCachePath, parseCacheTuning } from './parse-cache';
import { ParsePool } from './parse-pool';
import { fileExists, listDir, readTextFile } from './input-log';
import { defaultLocalTarget, issuesToDiagnostics, loadProfiles, profilesDirCandidates, resolveTarget, type Env } from './profiles';
import { packagesFileSchema, projectFileSchema, validate, type ProjectFileConfig } from './schemas';
import { parseYaml } from './yaml-source';
import { configAsWritten, type LiteralValue } from './scanner';
import { exact, isPlainObject, noFields, noItems, NO_STRINGS, stringList } from '../core/plain';
import { quotePolicy } from '../core/quote-policy';

export interface LoadOptions {
  /** Target name (else the profile's default target). */
  target?: string;
  profilesDir?: string;
  /** `--vars`, already parsed. */
  cliVars?: Record<string, unknown>;
  /** Environment for env_var(); defaults to process.env. */
  env?: Env;
  /**
   * dbt's flags.WHICH while the project is read: the command (dbt parses the project inside each command, so
   * `dbt run` parses with WHICH 'run'); 'parse' (dbt parse, the editor, bronze check) when unset.
   */
  which?: string;
  /** Unsaved editor buffers by absolute path: they win over the disk. */
  overlay?: Map<string, string>;
  /** Renders a model (or a singular test) whose config() is not static and returns its config() arguments. */
  renderConfig?: (node: ModelNode | TestNode) => Record<string, unknown>;
  generateSchemaName?: GenerateSchemaName;
  /**
   * Keep what reloadFiles needs to rebuild only the changed files (default true). A one-shot load (the CLI)
   * turns it off: then no per-node cache entry is built or kept (40,000 of them in a 10,000-model project),
   * and reloadFiles on the result loads the whole project again.
   */
  reloadable?: boolean;
}

export interface DocBlock {
  name: string;
  packageName: string;
  text: string;
  location: SourceLocation;
}

/** The ProjectModel plus what the loader resolved on the way. */
export interface LoadedProject extends ProjectModel {
  target: TargetConfig;
  /** The profiles.yml used, if any. */
  profilesPath?: string;
  cliVars: Record<string, unknown>;
  /** LoadOptions.which: flags.WHICH of the renders that read the project (parse-time config renders). */
  which?: string;
  docs: Map<string, DocBlock>;
}

const FIRST_CHAR: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

interface PackageCtx {
  name: string;
  root: string;
  isRoot: boolean;
  config: ProjectFileConfig;
  modelPaths: string[];
  testPaths: string[];
  macroPaths: string[];
  seedPaths: string[];
  snapshotPaths: string[];
  docsPaths: string[];
}

interface CachedNode {
  inputs: unknown[];
  node: ModelNode | TestNode | SourceNode | MacroNode;
  diagnostics: Diagnostic[];
}

interface LoadState {
  options: LoadOptions;
  root: string;
  packages: PackageCtx[];
  records: Map<string, FileRecord>;
  /** Files read outside the resource walk (dbt_project.yml, profiles.yml, packages.yml). */
  configFiles: Map<string, ProjectFile>;
  headDiagnostics: Diagnostic[];
  target: TargetConfig;
  profilesPath?: string;
  nodes: Map<string, CachedNode>;
}

const STATE = new WeakMap<ProjectModel, LoadState>();

function sameInputs(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Project files

async function readProjectConfig(
  root: string,
  read: (abs: string) => Promise<string | undefined>,
  diagnostics: Diagnostic[],
  configFiles: Map<string, ProjectFile>,
): Promise<ProjectFileConfig> {
  const file = path.join(root, 'dbt_project.yml');
  const text = await read(file);
  if (text === undefined) {
    throw new BronzeError(`No dbt_project.yml in ${root}. Open the folder that holds dbt_project.yml, or pass --project-dir.`, undefined, 'bronze/no-project');
  }
  configFiles.set(file, { path: file, kind: 'project', text });
  const src = parseYaml(file, text);
  diagnostics.push(...src.diagnostics);
  const fallback: ProjectFileConfig = { name: path.basename(root).replace(/\W/g, '_') || 'project' };
  if (!src.ok) return fallback;
  const { data, issues } = validate(projectFileSchema, src.value ?? {}, 'dbt_project.yml');
  diagnostics.push(...issuesToDiagnostics(src, issues));
  if (data) return data;
  // Keep whatever is usable from an invalid file: the name and paths matter most.
  const v = isPlainObject(src.value) ? src.value : {};
  return { ...(v as ProjectFileConfig), name: typeof v.name === 'string' && /^[^\d\W]\w*$/u.test(v.name) ? v.name : fallback.name };
}

function packageCtx(root: string, config: ProjectFileConfig, isRoot: boolean): PackageCtx {
  const modelPaths = pathList(config['model-paths'], 'models');
  const testPaths = pathList(config['test-paths'], 'tests');
  const macroPaths = pathList(config['macro-paths'], 'macros');
  const seedPaths = pathList(config['seed-paths'], 'seeds');
  const snapshotPaths = pathList(config['snapshot-paths'], 'snapshots');
  const docsPaths = config['docs-paths'] ?? [];
  return { name: config.name, root, isRoot, config, modelPaths, testPaths, macroPaths, seedPaths, snapshotPaths, docsPaths };
}

/** The folders of each resource kind of a package, in the order files are claimed. */
function resourceDirs(pkg: PackageCtx): [ResourceDir, string[]][] {
  return [
    ['model', pkg.modelPaths],
    ['test', pkg.testPaths],
    ['macro', pkg.macroPaths],
    ['seed', pkg.seedPaths],
    ['snapshot', pkg.snapshotPaths],
    ['docs', pkg.docsPaths],
  ];
}

type ResourceDir = 'model' | 'test' | 'macro' | 'seed' | 'snapshot' | 'docs';

async function walkPackage(pkg: PackageCtx): Promise<WalkedFile[]> {
  const groups = resourceDirs(pkg);
  const seen = new Map<string, WalkedFile>();
  const out: WalkedFile[] = [];
  const lists = await Promise.all(groups.flatMap(([res, dirs]) => dirs.map(async (d) => ({ res, d, files: await listFiles(path.join(pkg.root, d)) }))));
  for (const { res, d, files } of lists) {
    const base = path.join(pkg.root, d);
    const relBase = d.split(/[\\/]/).filter(Boolean).join('/');
    // Files of one folder share its fqn folder list (read-only; nodes copy it into their fqn).
    const dirsOf = new Map<string, string[]>();
    for (const f of files) {
      const role = roleFor(res, f);
      if (!role) continue;
      const abs = base.endsWith(path.sep) ? base + f : base + path.sep + f;
      const claimed = seen.get(abs);
      if (claimed) {
        if (role === 'macro' && claimed.role !== 'macro') claimed.alsoMacro = true;
        continue;
      }
      const cut = f.lastIndexOf(path.sep);
      const folder = cut < 0 ? '' : f.slice(0, cut);
      let dirs = dirsOf.get(folder);
      if (!dirs) dirsOf.set(folder, (dirs = folder === '' ? [] : folder.split(path.sep)));
      const relFile = path.sep === '/' ? f : f.split(path.sep).join('/');
      const walked: WalkedFile = { abs, rel: relBase === '' ? relFile : `${relBase}/${relFile}`, role, dirs };
      seen.set(abs, walked);
      out.push(walked);
    }
  }
  return out;
}

/** Which package and resource path a file belongs to (for files created after the load). */
function classify(abs: string, packages: PackageCtx[]): WalkedFile | undefined {
  for (const pkg of packages) {
    const groups = resourceDirs(pkg);
    for (const [res, dirs] of groups) {
      for (const d of dirs) {
        const base = path.join(pkg.root, d);
        const rel = path.relative(base, abs);
        if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
        const role = roleFor(res, abs);
        if (!role) continue;
        const parts = rel.split(path.sep);
        const walked: WalkedFile = { abs, rel: [...d.split(/[\\/]/), ...parts].filter(Boolean).join('/'), role, dirs: parts.slice(0, -1) };
        if (role !== 'macro' && roleFor('macro', abs) === 'macro' && pkg.macroPaths.some((m) => isInside(path.join(pkg.root, m), abs))) walked.alsoMacro = true;
        return walked;
      }
    }
  }
  return undefined;
}

/** Whether a file is walked as before: same place under its resource path, read as a macro file or not. */
function sameWalk(a: WalkedFile, b: WalkedFile): boolean {
  return a.rel === b.rel && a.alsoMacro === b.alsoMacro;
}

function isInside(dir: string, abs: string): boolean {
  const rel = path.relative(dir, abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function readRecord(walked: WalkedFile, options: LoadOptions, cache?: Map<string, FileRecord>): Promise<FileRecord | undefined> {
  const text = walked.role === 'seed' ? await seedFingerprint(walked.abs, options.overlay) : await makeReader(options.overlay)(walked.abs);
  if (text === undefined) return undefined;
  const prev = cache?.get(walked.abs);
  if (prev && prev.text === text && prev.walked.role === walked.role) return sameWalk(prev.walked, walked) ? prev : { ...prev, walked };
  return { walked, text, parsed: parseFile(walked, text) };
}

/**
 * Reads and parses every walked file. A parse is reused from, in order: the previous load (`cache`, same
 * text), the on-disk parse cache (same path, role and text; never for overlay buffers), or made now —
 * on both cores for a big project (parse-pool.ts).
 */
async function readAndParse(root: string, config: ProjectFileConfig, walked: WalkedFile[], options: LoadOptions, cache: Map<string, FileRecord> | undefined): Promise<Map<string, FileRecord>> {
  // Start the worker first so that it loads its modules while the files are read.
  // A reload (cache given) re-parses few files: no worker.
  const pool = ParsePool.start(cache ? 0 : walked.length);
  const disk = walked.length >= parseCacheTuning.minFiles ? ParseCache.open(parseCachePath(root, config['target-path'] ?? 'target')) : undefined;
  try {
    const read = makeSyncReader(options.overlay);
    const texts: (string | undefined)[] = new Array(walked.length);
    for (let i = 0; i < walked.length; i++) {
      const w = walked[i];
      texts[i] = w.role === 'seed' ? await seedFingerprint(w.abs, options.overlay) : read(w.abs);
    }
    const records = new Map<string, FileRecord>();
    const todo: { walked: WalkedFile; text: string; key?: string }[] = [];
    for (let i = 0; i < walked.length; i++) {
      const w = walked[i];
      const text = texts[i];
      if (text === undefined) continue;
      const prev = cache?.get(w.abs);
      if (prev && prev.text === text && prev.walked.role === w.role) {
        records.set(w.abs, sameWalk(prev.walked, w) ? prev : { ...prev, walked: w });
        continue;
      }
      if (w.role === 'seed') {
        records.set(w.abs, { walked: w, text, parsed: parseFile(w, text) });
        continue;
      }
      // A one-shot load scans each model when it builds the model's node (lean-scan.ts).
      if (options.reloadable === false && w.role === 'model' && !w.abs.toLowerCase().endsWith('.py')) {
        records.set(w.abs, new DeferredModelRecord(w, text));
        continue;
      }
      // Only YAML parses are worth caching: scanning SQL again is cheaper than reading its scan back.
      // Editor buffers bypass the cache; the line for the file's disk text is kept for the next process.
      const inOverlay = options.overlay?.has(w.abs) === true;
      if (disk && w.role === 'schema' && inOverlay) {
        const onDisk = readTextOrUndefined(w.abs);
        if (onDisk !== undefined) disk.retain(parseCacheKey(w.abs, w.role, onDisk));
      }
      const key = disk && w.role === 'schema' && !inOverlay ? parseCacheKey(w.abs, w.role, text) : undefined;
      const hit = key !== undefined ? disk!.get(key) : undefined;
      if (hit) records.set(w.abs, { walked: w, text, parsed: hydrate(hit, text) });
      else todo.push({ walked: w, text, key });
    }
    // Parses made on this thread are written to the cache after the load returns in a language server (serializing
    // 4 MB of YAML's worth of parses is ~150 ms nobody waits for); the worker's come as JSON already.
    const later: { key: string; data: ParsedFile }[] = [];
    if (todo.length > 0) {
      const items = todo.map((t) => ({ abs: t.walked.abs, role: t.walked.role, text: t.text }));
      const outcomes = await pool.parse(items, false);
      for (let i = 0; i < todo.length; i++) {
        const t = todo[i];
        const o = outcomes[i];
        if (t.key !== undefined) {
          if (o.json !== undefined) disk!.set(t.key, o.json);
          else later.push({ key: t.key, data: o.parsed });
        }
        records.set(t.walked.abs, { walked: t.walked, text: t.text, parsed: o.parsed });
      }
    }
    // Keep the walk order (the map's order is what `files` and diagnostics follow).
    const ordered = new Map<string, FileRecord>();
    for (const w of walked) {
      const r = records.get(w.abs);
      if (r) ordered.set(w.abs, r);
    }
    // A one-shot load (bronze check) saves now, while its heap holds little more than the parses: deferred, the
    // save ran as the check ended, when its heap was fullest (+~30 MB to a cold 10,000-model check's peak RSS).
    if (options.reloadable === false) disk?.saveNow(later);
    else disk?.saveLater(later);
    return ordered;
  } finally {
    pool.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Loading

export async function loadProject(root: string, options: LoadOptions = {}): Promise<LoadedProject> {
  return loadWithCache(path.resolve(root), options, undefined, undefined);
}

async function loadWithCache(root: string, options: LoadOptions, cache: Map<string, FileRecord> | undefined, prevNodes: Map<string, CachedNode> | undefined): Promise<LoadedProject> {
  const read = makeReader(options.overlay);
  const headDiagnostics: Diagnostic[] = [];
  const configFiles = new Map<string, ProjectFile>();
  const config = await readProjectConfig(root, read, headDiagnostics, configFiles);
  const rootPkg = packageCtx(root, config, true);

  // Target
  const env = options.env ?? process.env;
  const profileName = config.profile ?? config.name;
  const profiles = await loadProfiles(profilesDirCandidates(root, options.profilesDir, env), read);
  let target: TargetConfig;
  if (!profiles) target = defaultLocalTarget(root, profileName);
  else {
    configFiles.set(profiles.path, { path: profiles.path, kind: 'profiles', text: profiles.source.text });
    headDiagnostics.push(...profiles.diagnostics);
    if (!profiles.profiles[profileName] && !options.target && profiles.source.ok) {
      headDiagnostics.push({
        file: profiles.path,
        range: profiles.source.lines.lineRangeAt(0),
        severity: 'warning',
        code: 'bronze/profile-not-found',
        message: `Profile '${profileName}' is not in ${profiles.path}; using the embedded DuckDB target (.bronze/local.duckdb). Add the profile to use another target.`,
      });
      target = defaultLocalTarget(root, profileName);
    } else {
      try {
        target = resolveTarget(profiles, profileName, options.target, { env, projectRoot: root, diagnostics: headDiagnostics });
      } catch (err) {
        if (!(err instanceof BronzeError)) throw err;
        headDiagnostics.push({ file: err.location?.file ?? profiles.path, range: err.location?.range ?? FIRST_CHAR, severity: 'error', code: err.code, message: err.message });
        target = defaultLocalTarget(root, profileName);
      }
    }
  }

  // packages.yml is validated only; installed packages are what gets loaded.
  const packagesFile = path.join(root, 'packages.yml');
  const packagesText = await read(packagesFile);
  let packagesSrc: ReturnType<typeof parseYaml> | undefined;
  if (packagesText !== undefined) {
    configFiles.set(packagesFile, { path: packagesFile, kind: 'packages', text: packagesText });
    const src = (packagesSrc = parseYaml(packagesFile, packagesText));
    headDiagnostics.push(...src.diagnostics);
    if (src.ok && src.value !== undefined && src.value !== null) headDiagnostics.push(...issuesToDiagnostics(src, validate(packagesFileSchema, src.value, 'packages.yml').issues));
  }
  const installDir = path.join(root, config['packages-install-path'] ?? 'dbt_packages');
  const packages: PackageCtx[] = [rootPkg];
  const installed = (await listDirs(installDir)).sort();
  for (const dir of installed) {
    const pkgRoot = path.join(installDir, dir);
    if (!fileExists(path.join(pkgRoot, 'dbt_project.yml'))) continue;
    try {
      const pcfg = await readProjectConfig(pkgRoot, read, headDiagnostics, configFiles);
      packages.push(packageCtx(pkgRoot, pcfg, false));
    } catch (err) {
      if (!(err instanceof BronzeError)) throw err;
    }
  }

  if (packagesSrc?.ok) {
    const names = packages.filter((p) => !p.isRoot).map((p) => p.name);
    headDiagnostics.push(...missingPackages(packagesSrc, packagesSrc.value, names, config['packages-install-path'] ?? 'dbt_packages', root));
  }

  const walked = (await Promise.all(packages.map(walkPackage))).flat();
  const records = await readAndParse(root, config, walked, options, cache);

  const state: LoadState = { options, root, packages, records, configFiles, headDiagnostics, target, profilesPath: profiles?.path, nodes: new Map() };
  return build(state, prevNodes);
}

function readTextOrUndefined(abs: string): string | undefined {
  return readTextFile(abs);
}

async function listDirs(dir: string): Promise<string[]> {
  try {
    return listDir(dir).filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * Re-parses only `changedPaths` (created, edited or deleted files; overlay texts win) and returns a new
 * project that shares every node whose inputs did not change. A change to dbt_project.yml, profiles.yml or
 * packages.yml reloads the whole project (file parses are still reused).
 */
export async function reloadFiles(project: ProjectModel, changedPaths: readonly string[], options?: LoadOptions): Promise<LoadedProject> {
  const state = STATE.get(project);
  const opts = options ?? state?.options ?? {};
  if (!state) return loadProject(project.root, opts);
  const structural = changedPaths.some((p) => {
    const abs = path.resolve(p);
    const base = path.basename(abs);
    return state.configFiles.has(abs) || base === 'dbt_project.yml' || base === 'profiles.yml' || base === 'packages.yml';
  });
  if (structural) return loadWithCache(state.root, opts, state.records, state.nodes);
  const records = new Map(state.records);
  await Promise.all(
    changedPaths.map(async (p) => {
      const abs = path.resolve(p);
      const walked = records.get(abs)?.walked ?? classify(abs, state.packages);
      if (!walked) return;
      const rec = await readRecord(walked, opts, state.records);
      if (rec) records.set(abs, rec);
      else records.delete(abs);
    }),
  );
  return build({ ...state, options: opts, records, nodes: new Map() }, state.nodes);
}

// ---------------------------------------------------------------------------------------------------------
// Building nodes from parsed files

function build(state: LoadState, prevNodes: Map<string, CachedNode> | undefined): LoadedProject {
  const { packages, records, target, options } = state;
  const rootPkg = packages[0];
  const diagnostics: Diagnostic[] = [...state.headDiagnostics];
  const models = new Map<string, ModelNode>();
  const tests = new Map<string, TestNode>();
  const sources = new Map<string, SourceNode>();
  const macros = new Map<string, MacroNode>();
  const macroTexts = new Map<string, MacroText>();
  const docs = new Map<string, DocBlock>();
  const files = new Map<string, ProjectFile>(state.configFiles);
  const nodeCache = new Map<string, CachedNode>();
  // Nodes built in this pass may be completed in place; reused ones belong to the previous project too.
  const fresh = new Set<object>();

  const keep = options.reloadable !== false;
  // `inputs` is false when nothing is kept for reloads (the caller skips building it): just make the node.
  const memo = <T extends CachedNode['node']>(key: string, inputs: unknown[] | false, make: (diags: Diagnostic[]) => T): T => {
    if (!inputs) return make(diagnostics);
    const prev = prevNodes?.get(key);
    if (prev && sameInputs(prev.inputs, inputs)) {
      nodeCache.set(key, prev);
      diagnostics.push(...prev.diagnostics);
      return prev.node as T;
    }
    const diags: Diagnostic[] = [];
    const node = make(diags);
    if (prevNodes) fresh.add(node);
    // Most nodes have no problems: 40,000 empty lists in a 10,000-model project share one.
    nodeCache.set(key, { inputs, node, diagnostics: diags.length === 0 ? noItems<Diagnostic>() : diags });
    diagnostics.push(...diags);
    return node;
  };

  const byPkg = new Map<string, FileRecord[]>();
  // Where a model not scanned yet puts its parse problems, once it is (the diagnostics keep the records' order).
  const unscanned: { at: number; rec: FileRecord }[] = [];
  for (const rec of records.values()) {
    files.set(rec.walked.abs, { path: rec.walked.abs, kind: projectFileKind(rec.walked.role), text: rec.walked.role === 'seed' ? '' : rec.text });
    if (rec instanceof DeferredModelRecord && !rec.scanned) unscanned.push({ at: diagnostics.length, rec });
    else diagnostics.push(...rec.parsed.diagnostics);
    const pkg = packages.find((p) => rec.walked.abs.startsWith(p.root + path.sep) && (p.isRoot ? !packages.slice(1).some((q) => rec.walked.abs.startsWith(q.root + path.sep)) : true));
    const key = pkg?.root ?? rootPkg.root;
    let list = byPkg.get(key);
    if (!list) byPkg.set(key, (list = []));
    list.push(rec);
  }

  // Resolution maps are filled as nodes are built; dependencies are resolved at the end.
  const modelIdsByName = new Map<string, { pkg: string; id: string; version?: string | number }[]>();
  // `computed`: the node's own text has a ref()/source() with computed arguments (computed-refs.ts).
  const pending: { kind: 'model' | 'test'; id: string; key: string; computed?: boolean }[] = [];
  const latestVersions = new Map<string, string | number>();

  const renderedTrees = new Map<object, unknown>();
  for (const pkg of packages) {
    const recs = (byPkg.get(pkg.root) ?? []).sort((a, b) => (a.walked.abs < b.walked.abs ? -1 : 1));
    const schemaFiles = recs.filter((r) => r.walked.role === 'schema' && r.parsed.kind === 'schema') as (FileRecord & { parsed: ParsedSchemaFile })[];
    const projectTrees = (key: 'models' | 'seeds' | 'snapshots' | 'data_tests' | 'sources'): unknown[] => {
      const own = key === 'data_tests' ? pkg.config.data_tests ?? pkg.config.tests : pkg.config[key];
      const rootTree = key === 'data_tests' ? rootPkg.config.data_tests ?? rootPkg.config.tests : rootPkg.config[key];
      // dbt renders Jinja in these config values when it loads each dbt_project.yml (once per tree here).
      const rendered = (tree: unknown, owner: PackageCtx) => {
        if (!isPlainObject(tree)) return tree;
        let done = renderedTrees.get(tree);
        if (done === undefined) {
          done = renderProjectTree(tree, { rootPackage: rootPkg.name, target, cliVars: options.cliVars ?? {}, which: options.which, env: options.env, file: path.join(owner.root, 'dbt_project.yml'), diagnostics, at: key });
          renderedTrees.set(tree, done);
        }
        return done;
      };
      return pkg.isRoot ? [rendered(own, pkg)] : [rendered(own, pkg), rendered(rootTree, rootPkg)];
    };
    const resolvers = new Map<string, LayerResolver>();
    const layersFor = (key: 'models' | 'seeds' | 'snapshots' | 'data_tests' | 'sources', fqn: string[]) => {
      let r = resolvers.get(key);
      if (!r) resolvers.set(key, (r = new LayerResolver(projectTrees(key))));
      return r.layers(fqn);
    };
    // The same layers as written, for the manifest's unrendered_config (what state comparison reads).
    const rawResolvers = new Map<string, LayerResolver>();
    const rawLayersFor = (key: 'models' | 'seeds', fqn: string[]) => {
      let r = rawResolvers.get(key);
      if (!r) rawResolvers.set(key, (r = new LayerResolver(pkg.isRoot ? [pkg.config[key]] : [pkg.config[key], rootPkg.config[key]])));
      return r.layers(fqn);
    };

    // --- schema.yml patches
    type Patch = { pm: ParsedModelEntry; rec: FileRecord & { parsed: ParsedSchemaFile }; used: boolean };
    const patches = new Map<string, Patch>();
    const seedPatches = new Map<string, Patch>();
    for (const rec of schemaFiles) {
      for (const [list, map, kind] of [[rec.parsed.models, patches, 'model'], [rec.parsed.seeds, seedPatches, 'seed']] as const) {
        for (const pm of list) {
          const prev = map.get(pm.entry.name);
          if (prev) {
            diagnostics.push({
              file: rec.walked.abs,
              range: rec.parsed.locator.range(pm.offset, pm.entry.name),
              severity: 'error',
              code: 'bronze/duplicate-model',
              message: `${kind === 'model' ? 'Model' : 'Seed'} '${pm.entry.name}' is already described in ${prev.rec.walked.rel}. Keep one entry and remove the other.`,
            });
            continue;
          }
          map.set(pm.entry.name, { pm, rec, used: false });
          if (pm.entry.latest_version !== undefined) latestVersions.set(pm.entry.name, pm.entry.latest_version);
        }
      }
    }
    const versionFiles = new Map<string, { patch: Patch; version: ParsedModelEntry['versions'][number] }>();
    for (const patch of patches.values()) {
      for (const v of patch.pm.versions) versionFiles.set(v.entry.defined_in ?? `${patch.pm.entry.name}_v${v.entry.v}`, { patch, version: v });
    }

    // --- models and seeds
    const seenModel = new Map<string, string>();
    for (const rec of recs) {
      const role = rec.walked.role;
      if (role !== 'model' && role !== 'seed') continue;
      const stem = path.basename(rec.walked.abs).replace(/\.[^.]+$/, '');
      const vf = role === 'model' ? versionFiles.get(stem) : undefined;
      const name = vf ? vf.patch.pm.entry.name : stem;
      const version = vf?.version.entry.v;
      const patch = vf ? vf.patch : role === 'model' ? patches.get(stem) : seedPatches.get(stem);
      if (patch) patch.used = true;
      const dupKey = version !== undefined ? `${name}.v${version}` : name;
      const prevFile = seenModel.get(`${role}:${dupKey}`);
      const uniqueId = `${role}.${pkg.name}.${name}${version !== undefined ? `.v${version}` : ''}`;
      const treeKey = role === 'model' ? 'models' : 'seeds';
      // A second file of the same name is built under its own cache key: only its enabled config decides below.
      const node = memo(prevFile ? `${uniqueId}\u0000${rec.walked.rel}` : uniqueId, keep && [rec.parsed, patch?.pm, vf?.version, pkg.config, rootPkg.config, target, options.renderConfig, options.generateSchemaName], (diags) =>
        buildModel({ rec, pkg, name, version, patch: patch?.pm, patchRec: patch?.rec, versionEntry: vf?.version, uniqueId, layersFor: (fqn) => layersFor(treeKey, fqn), rawLayersFor: (fqn) => rawLayersFor(treeKey, fqn), target, options, diags }),
      );
      if (prevFile) {
        // dbt keeps one enabled node of a name and sets disabled ones aside (manifest `disabled`): two files of one
        // name are an error only when both are enabled.
        const kept = models.get(uniqueId);
        const keptOn = kept?.config.enabled !== false;
        const newOn = node.config.enabled !== false;
        if (keptOn && newOn) {
          diagnostics.push({
            file: rec.walked.abs,
            range: FIRST_CHAR,
            severity: 'error',
            code: 'bronze/duplicate-model',
            message: `Two ${role}s are named '${dupKey}' in package ${pkg.name}: ${prevFile} and ${rec.walked.rel}. Rename or delete one (the first one is kept).`,
          });
        } else if (newOn) {
          seenModel.set(`${role}:${dupKey}`, rec.walked.rel);
          models.set(uniqueId, node);
          const at = pending.findIndex((q) => q.kind === 'model' && q.id === uniqueId);
          const entry = { kind: 'model' as const, id: uniqueId, key: `${uniqueId}\u0000${rec.walked.rel}`, computed: rec.parsed.kind === 'sql' && computedCalls(rec.parsed.scan).length > 0 };
          if (at >= 0) pending[at] = entry;
          else if (role === 'model') pending.push(entry);
        }
        if (rec instanceof DeferredModelRecord) rec.lean();
        continue;
      }
      seenModel.set(`${role}:${dupKey}`, rec.walked.rel);
      models.set(uniqueId, node);
      const list = modelIdsByName.get(name) ?? [];
      list.push({ pkg: pkg.name, id: uniqueId, version });
      modelIdsByName.set(name, list);
      if (role === 'model') pending.push({ kind: 'model', id: uniqueId, key: uniqueId, computed: rec.parsed.kind === 'sql' && computedCalls(rec.parsed.scan).length > 0 });
      if (rec instanceof DeferredModelRecord) rec.lean();
    }

    // --- snapshots (snapshots.ts): blocks in the snapshot paths and YAML `snapshots:` entries
    const taken = new Set([...seenModel.keys()].map((k) => k.slice(k.indexOf(':') + 1)));
    const snapshots = loadSnapshots({ pkg, records: recs, layersFor: (fqn) => layersFor('snapshots', fqn), target, options, takenNames: taken, diagnostics });
    for (const node of snapshots.nodes) {
      if (prevNodes) fresh.add(node);
      models.set(node.uniqueId, node);
      modelIdsByName.set(node.name, [...(modelIdsByName.get(node.name) ?? []), { pkg: pkg.name, id: node.uniqueId }]);
      pending.push({ kind: 'model', id: node.uniqueId, key: node.uniqueId, computed: hasComputedCalls(node.rawCode) });
    }

    // --- schema entries without a model file, and generic tests on models
    const origins = new Map<FileRecord, TestOrigin>();
    const origin = (rec: FileRecord): TestOrigin => {
      let o = origins.get(rec);
      if (!o) origins.set(rec, (o = { packageName: pkg.name, originalFilePath: rec.walked.rel, dirs: rec.walked.dirs }));
      return o;
    };
    const testLayers = (fqn: string[]) => layersFor('data_tests', fqn);
    const testCtx = (rec: FileRecord, columnName: string | undefined, inheritedTags: string[]): GenericTestContext => ({ origin: origin(rec), columnName, inheritedTags, treeLayers: testLayers });
    // dbt renders a test's string config values with Jinja when it builds the test, natively:
    // `enabled: "{{ target.type != 'spark' }}"` is a boolean, `severity: "{{ 'warn' if … else 'error' }}"` a word,
    // `where: "id > {{ var('min_id') }}"` the condition.
    const renderTestConfig = (entry: ParsedTestEntry, file: string, location: LazyLocation, diags: Diagnostic[]): ParsedTestEntry => {
      const rendered = renderProjectTree(entry.config, { rootPackage: rootPkg.name, target, cliVars: options.cliVars ?? {}, which: options.which, env: options.env, file, diagnostics: diags, at: `test ${entry.name} config` }) as Record<string, unknown>;
      for (const d of diags) if (d.code === 'bronze/project-config-render' && d.file === file) d.range = location.range;
      const config = { ...entry.config, ...rendered };
      // A value that did not render has its error already: check the others.
      const done = Object.fromEntries(Object.entries(rendered).filter(([, v]) => !(typeof v === 'string' && (v.includes('{{') || v.includes('{%')))));
      for (const message of checkRenderedTestConfig(entry.namespace ? `${entry.namespace}.${entry.name}` : entry.name, done)) {
        diags.push({ file, range: location.range, severity: 'error', code: 'bronze/schema-invalid', message });
      }
      return { ...entry, config };
    };
    const addTests = (parsed: ParsedTests | undefined, at: TestAttachment, rec: FileRecord & { parsed: ParsedSchemaFile }, anchor: number, columnName: string | undefined, tags: string[]) => {
      if (!parsed) return;
      // Indexed loops in the hot paths of this (large) function: for-of's iterator objects are not always
      // optimized away here, and these run 20,000–180,000 times in a big project.
      const entries = parsed.entries;
      for (let e = 0; e < entries.length; e++) {
        const { parsed: entry, key: entryKey } = entries[e];
        const location = new LazyLocation(rec.walked.abs, rec.parsed.locator, anchor, entry.name, true);
        // Unique within one load (a model or source table is described by one entry); a reload compares the
        // inputs, so an entry that moved to another file is rebuilt. Short keys: 20,000 of them are hashed.
        const key = keep ? `${at.uniqueId}\u0000${entryKey}` : '';
        const jinjaConfig = hasJinjaConfig(entry.config);
        // A one-shot load (bronze check) compares no inputs: it does not build them for each of its 20,000+ tests.
        const inputs: unknown[] | false = keep && [entry, at.uniqueId, at.version, columnName, tags.join(','), pkg.config, rootPkg.config];
        if (inputs && jinjaConfig) inputs.push(target, options.cliVars, options.env);
        const node = memo(key, inputs, (diags) =>
          buildGenericTest(jinjaConfig ? renderTestConfig(entry, rec.walked.abs, location, diags) : entry, at, testCtx(rec, columnName, tags), location),
        );
        if (tests.has(node.uniqueId)) {
          diagnostics.push({ file: rec.walked.abs, range: location.range, severity: 'warning', code: 'bronze/duplicate-test', message: `Test ${node.name} is declared twice with the same arguments. Remove one of them.` });
          continue;
        }
        tests.set(node.uniqueId, node);
        pending.push({ kind: 'test', id: node.uniqueId, key });
      }
    };
    // dbt passes a column with `quote: true` (or, in a source, under `quoting: {column: true}`) to its tests quoted:
    // `column_name` is `"org_cd"`, which finds the column created as "org_cd" where org_cd (ORG_CD) would not.
    const columnTests = (cols: ParsedColumn[], at: TestAttachment, rec: FileRecord & { parsed: ParsedSchemaFile }, baseTags: string[], quoteColumns = false) => {
      for (let k = 0; k < cols.length; k++) {
        const c = cols[k];
        const quoted = c.entry.quote === true || ((c.entry.quote ?? undefined) === undefined && quoteColumns);
        const name = quoted ? `"${c.entry.name}"` : c.entry.name;
        if (c.tests) addTests(c.tests, at, rec, c.offset, name, c.entry.tags === undefined ? baseTags : [...baseTags, ...stringList(c.entry.tags)]);
      }
    };
    for (const [map, kind] of [[patches, 'model'], [seedPatches, 'seed']] as const) {
      for (const patch of map.values()) {
        const { pm, rec } = patch;
        if (!patch.used) {
          diagnostics.push({
            file: rec.walked.abs,
            range: rec.parsed.locator.range(pm.offset, pm.entry.name),
            severity: 'warning',
            code: 'bronze/unknown-model-entry',
            message: `${kind === 'model' ? 'Model' : 'Seed'} '${pm.entry.name}' is described here but there is no ${pm.entry.name}.${kind === 'model' ? 'sql' : 'csv'} in the ${kind} paths (${(kind === 'model' ? pkg.modelPaths : pkg.seedPaths).join(', ')}). Fix the name or create the file.`,
          });
          continue;
        }
        for (const m of modelIdsByName.get(pm.entry.name) ?? []) {
          if (m.pkg !== pkg.name || models.get(m.id)?.resourceType !== kind) continue;
          const at: TestAttachment = { kind: 'model', uniqueId: m.id, name: pm.entry.name, version: m.version };
          const ver = m.version !== undefined ? pm.versions.find((v) => v.entry.v === m.version) : undefined;
          addTests(pm.tests, at, rec, pm.offset, undefined, []);
          columnTests(pm.columns, at, rec, []);
          if (ver) {
            addTests(ver.tests, at, rec, pm.offset, undefined, []);
            columnTests(ver.columns, at, rec, []);
          }
        }
      }
    }

    // --- data tests declared on snapshots (their YAML entries)
    for (const st of snapshots.tests) {
      const at: TestAttachment = { kind: 'model', uniqueId: st.uniqueId, name: st.name };
      addTests(st.tests, at, st.rec, st.offset, undefined, []);
      for (const c of st.columns) addTests(c.tests, at, st.rec, c.offset, c.name, []);
    }

    // --- sources
    for (const rec of schemaFiles) {
      for (const ps of rec.parsed.sources) {
        for (const pt of ps.tables) {
          const s = ps.entry;
          const t = pt.entry;
          const uniqueId = `source.${pkg.name}.${s.name}.${t.name}`;
          if (sources.has(uniqueId)) {
            diagnostics.push({
              file: rec.walked.abs,
              range: rec.parsed.locator.range(pt.offset, t.name),
              severity: 'error',
              code: 'bronze/duplicate-source',
              message: `Source table ${s.name}.${t.name} is declared twice (also in ${sources.get(uniqueId)!.originalFilePath}). Remove one declaration.`,
            });
            continue;
          }
          const node = memo(uniqueId, keep && [ps, pt, target, pkg.config, rootPkg.config], (diags) => {
            const built = buildSource(rec as FileRecord & { parsed: ParsedSchemaFile }, ps.entry, pt, pkg, uniqueId, target, (fqn) => layersFor('sources', fqn));
            // dbt renders a source's database, schema and identifier (`{{ env_var('RAW_DB') }}`).
            const render = { rootPackage: rootPkg.name, target, cliVars: options.cliVars ?? {}, which: options.which, env: options.env, file: rec.walked.abs, diagnostics: diags, at: `source ${s.name}.${t.name}` };
            built.relation = renderProjectTree(built.relation, render) as typeof built.relation;
            // `external:` (location, file_format, partitions…) is rendered too: `@{{ target.database }}.stage/…`.
            if (isPlainObject(t.external)) built.external = renderProjectTree(t.external, { ...render, at: `source ${s.name}.${t.name} external` }) as Record<string, unknown>;
            return built;
          });
          sources.set(uniqueId, node);
          const at: TestAttachment = { kind: 'source', uniqueId, name: s.name, tableName: t.name };
          const tags = [...stringList(s.tags), ...stringList(t.tags)];
          addTests(pt.tests, at, rec, pt.offset, undefined, tags);
          const quotingColumn = (q: unknown): boolean | undefined => {
            const v = q !== null && typeof q === 'object' ? (q as Record<string, unknown>).column : undefined;
            return typeof v === 'boolean' ? v : undefined;
          };
          columnTests(pt.columns, at, rec, tags, quotingColumn(t.quoting) ?? quotingColumn(s.quoting) ?? false);
        }
      }
    }

    // --- singular tests, macros, docs
    for (const rec of recs) {
      const role = rec.walked.role;
      if (rec.parsed.kind !== 'sql') continue;
      const parsed = rec.parsed;
      // dbt reads test-paths' `generic/` folders as generic test definitions (like macros), not singular tests.
      const genericTests = role === 'test' && rec.walked.dirs[0] === 'generic';
      // Unit tests' fixture files (test-paths' `fixtures/` folders) are rows, not singular tests.
      const fixture = role === 'test' && rec.walked.dirs.includes('fixtures');
      if (role === 'test' && !genericTests && !fixture) {
        const name = path.basename(rec.walked.abs).replace(/\.[^.]+$/, '');
        const uniqueId = `test.${pkg.name}.${name}`;
        if (tests.has(uniqueId)) {
          diagnostics.push({ file: rec.walked.abs, range: FIRST_CHAR, severity: 'error', code: 'bronze/duplicate-test', message: `Two singular tests are named '${name}'. Rename one of the files.` });
          continue;
        }
        const node = memo(uniqueId, keep && [parsed, pkg.config, rootPkg.config, options.renderConfig], (diags) =>
          buildSingularTest(rec, parsed, pkg, name, uniqueId, (fqn) => layersFor('data_tests', fqn), options.renderConfig, diags),
        );
        tests.set(uniqueId, node);
        pending.push({ kind: 'test', id: uniqueId, key: uniqueId, computed: computedCalls(parsed.scan).length > 0 });
      }
      if (role === 'macro' || genericTests || rec.walked.alsoMacro) {
        for (const def of parsed.scan.definitions) {
          if (def.kind !== 'macro' && def.kind !== 'test' && def.kind !== 'materialization') continue;
          // dbt's manifest names a materialization block `materialization_<name>_<adapter>` (materialization-lookup.ts).
          const name =
            def.kind === 'test' ? `test_${def.name}` : def.kind === 'materialization' ? materializationMacroName(def.name, def.adapter ?? 'default') : def.name;
          const uniqueId = `macro.${pkg.name}.${name}`;
          if (macros.has(uniqueId)) {
            diagnostics.push({
              file: rec.walked.abs,
              range: def.nameRange,
              severity: 'error',
              code: 'bronze/duplicate-macro',
              message: `Macro '${name}' is already defined in ${macros.get(uniqueId)!.originalFilePath} (package ${pkg.name}). Rename or remove one of them.`,
            });
            continue;
          }
          const node = memo(`${uniqueId}@${rec.walked.abs}`, keep && [parsed, def.name], (): MacroNode => ({
            uniqueId,
            name,
            resourceType: 'macro',
            packageName: pkg.name,
            originalFilePath: rec.walked.rel,
            fqn: [pkg.name, name],
            location: { file: rec.walked.abs, range: def.range },
            description: '',
            tags: [],
            meta: {},
            args: def.args,
            fileText: rec.text,
            dependsOn: { nodes: NO_STRINGS, macros: NO_STRINGS },
          }));
          macros.set(uniqueId, node);
          macroTexts.set(uniqueId, { packageName: pkg.name, name, body: def.body });
        }
      }
      if ((role === 'doc' || role === 'model' || role === 'macro') && parsed.scan.definitions.length > 0) {
        for (const def of parsed.scan.definitions) {
          if (def.kind !== 'docs') continue;
          const key = `${pkg.name}.${def.name}`;
          const prev = docs.get(key);
          if (prev) {
            diagnostics.push({
              file: rec.walked.abs,
              range: def.nameRange,
              severity: 'error',
              code: 'bronze/duplicate-doc',
              message: `Docs block '${def.name}' is already defined in ${path.relative(pkg.root, prev.location.file)}. Rename or remove one of them.`,
            });
            continue;
          }
          docs.set(key, { name: def.name, packageName: pkg.name, text: def.body.trim(), location: { file: rec.walked.abs, range: def.nameRange } });
        }
      }
    }
  }

  // --- unit tests (unit-tests.ts): they need every model and source built
  const unitTests = new Map<string, UnitTestNode>();
  for (const pkg of packages) {
    for (const node of loadUnitTests({ pkg, records: byPkg.get(pkg.root) ?? [], models, sources, diagnostics })) unitTests.set(node.uniqueId, node);
  }

  // --- dependencies
  const sourceIds = new Map<string, string[]>();
  for (const s of sources.values()) {
    const k = `${s.sourceName}.${s.name}`;
    sourceIds.set(k, [...(sourceIds.get(k) ?? []), s.uniqueId]);
  }
  const resolveRef = (r: { package?: string; name: string; version?: string | number }, ownPkg: string): string | undefined => {
    const all = modelIdsByName.get(r.name) ?? [];
    // The common case: one model of that name, unversioned.
    if (all.length === 1 && r.version === undefined && all[0].version === undefined) return !r.package || all[0].pkg === r.package ? all[0].id : undefined;
    const cands = all.filter((m) => !r.package || m.pkg === r.package);
    const versioned = r.version !== undefined ? cands.filter((m) => String(m.version) === String(r.version)) : cands;
    // dbt skips disabled nodes when it resolves a ref (a package's seed the project disables and replaces).
    const enabled = (list: typeof cands) => {
      const on = list.filter((m) => models.get(m.id)?.config.enabled !== false);
      return on.length ? on : list;
    };
    const pick = (all: typeof cands) => {
      const list = enabled(all);
      return list.find((m) => m.pkg === ownPkg) ?? list.find((m) => m.pkg === rootPkg.name) ?? list[0];
    };
    if (r.version === undefined && versioned.some((m) => m.version !== undefined)) {
      // Unpinned ref to a versioned model: the latest version (or the highest).
      const latest = latestOf(versioned, latestVersions.get(r.name));
      if (latest) return latest;
    }
    return pick(versioned)?.id;
  };
  const resolveSource = (sourceName: string, tableName: string, ownPkg: string): string | undefined => {
    const ids = sourceIds.get(`${sourceName}.${tableName}`) ?? [];
    if (ids.length < 2) return ids[0];
    return ids.find((id) => id.startsWith(`source.${ownPkg}.`)) ?? ids[0];
  };
  // A folder-level hook naming something unknown is reported once, not once per model it applies to.
  const unknownInHooks = new Set<string>();
  const viaMacros = macroRefIndex(macroTexts, {
    rootPackage: rootPkg.name,
    packages: new Set(packages.map((p) => p.name)),
    dispatch: Array.isArray(rootPkg.config.dispatch) ? rootPkg.config.dispatch.filter((d) => isPlainObject(d)) : undefined,
    // The DuckDB target dispatches as Snowflake (the SQL is read as Snowflake's); both are followed.
    adapters: [...new Set(['snowflake', target.type])],
  });
  const jinja = lazyMacroEnvironment(macros, rootPkg.name);
  const parseRender = parseRenderer({
    rootPackage: rootPkg.name,
    target,
    jinja,
    cliVars: options.cliVars ?? {},
    which: options.which,
    projectVars: isPlainObject(rootPkg.config.vars) ? rootPkg.config.vars : {},
    packageVars: (name) => {
      const vars = packages.find((x) => x.name === name)?.config.vars;
      return isPlainObject(vars) ? vars : undefined;
    },
    env: options.env,
    dispatch: rootPkg.config.dispatch,
  });
  for (let k = 0; k < pending.length; k++) {
    const p = pending[k];
    const node = p.kind === 'model' ? models.get(p.id)! : tests.get(p.id)!;
    const deps: string[] = [];
    const own = writtenCalls(node);
    const { refs: nodeRefs, sources: nodeSources } = own;
    for (let j = 0; j < nodeRefs.length; j++) {
      const id = resolveRef(nodeRefs[j], node.packageName);
      if (id && !deps.includes(id)) deps.push(id);
    }
    for (let j = 0; j < nodeSources.length; j++) {
      const s = nodeSources[j];
      const id = resolveSource(s.sourceName, s.tableName, node.packageName);
      if (id && !deps.includes(id)) deps.push(id);
    }
    if (p.kind === 'model') addHookDependencies(node as ModelNode, deps, resolveRef, resolveSource, diagnostics, unknownInHooks);
    const toRender = parseTimeTexts(node, viaMacros, p.computed === true);
    const found = toRender.length > 0 ? addParseTimeDependencies(node, toRender, deps, parseRender, resolveRef, resolveSource, diagnostics) : undefined;
    const calls = found ? withParseTimeCalls(own, found) : own;
    // Without a previous project every node is new and may be completed in place.
    if (!prevNodes || fresh.has(node)) {
      node.dependsOn.nodes = exact(deps);
      if (found) {
        rememberWritten(node, own);
        node.refs = calls.refs;
        node.sources = calls.sources;
      }
    } else if (!sameInputs(node.dependsOn.nodes, deps) || !sameCalls(calls, node)) {
      const copy = p.kind === 'model' ? { ...node, refs: calls.refs, sources: calls.sources, dependsOn: { ...node.dependsOn, nodes: exact(deps) } } : withCalls(node as TestNode, calls.refs, calls.sources, exact(deps));
      if (found) rememberWritten(copy, own);
      if (p.kind === 'model') models.set(p.id, copy as ModelNode);
      else tests.set(p.id, copy as TestNode);
      const cached = nodeCache.get(p.key);
      if (cached) cached.node = copy;
    }
  }

  const cfg = rootPkg.config;
  const overridden = namingOverrides(macros);
  // A reused node may carry a name from a naming macro since changed or removed: start from the default rule.
  if (prevNodes) for (const m of models.values()) m.relation = relationFor(m, target, options.generateSchemaName);
  if (overridden.size > 0) {
    const vars = { cli: state.options.cliVars ?? {}, project: isPlainObject(cfg.vars) ? cfg.vars : {} };
    applyNamingMacros(models.values(), { rootPackage: rootPkg.name, target, macros, vars, dispatch: cfg.dispatch, jinja, which: state.options.which }, overridden, diagnostics);
  }
  if (unscanned.length > 0) spliceParseProblems(diagnostics, unscanned);
  const project: LoadedProject = {
    root: state.root,
    name: rootPkg.name,
    profileName: cfg.profile ?? cfg.name,
    projectConfig: cfg as Record<string, unknown>,
    modelPaths: rootPkg.modelPaths,
    testPaths: rootPkg.testPaths,
    macroPaths: rootPkg.macroPaths,
    seedPaths: rootPkg.seedPaths,
    // dbt's --target-path option reads DBT_TARGET_PATH, which wins over dbt_project.yml's target-path.
    targetPath: (state.options.env ?? process.env).DBT_TARGET_PATH || (cfg['target-path'] ?? 'target'),
    packagesInstallPath: cfg['packages-install-path'] ?? 'dbt_packages',
    vars: isPlainObject(cfg.vars) ? cfg.vars : {},
    onRunStart: stringList(cfg['on-run-start']),
    onRunEnd: stringList(cfg['on-run-end']),
    models,
    tests,
    unitTests,
    sources,
    macros,
    packages: packages.map((p): PackageInfo => ({ name: p.name, root: p.root, vars: isPlainObject(p.config.vars) ? p.config.vars : {} })),
    files,
    diagnostics,
    target: state.target,
    profilesPath: state.profilesPath,
    cliVars: state.options.cliVars ?? {},
    which: state.options.which,
    docs,
  };
  if (keep) {
    // Built models keep only what a reload reads of their scan (lean-scan.ts); the parse objects stay the same
    // ones, so the node cache still recognizes them.
    for (const rec of records.values()) {
      if (rec.walked.role === 'model' && rec.parsed.kind === 'sql') rec.parsed.scan = leanScan(rec.parsed.scan, rec.text);
    }
    STATE.set(project, { ...state, nodes: nodeCache });
  }
  return project;
}

/** Puts each model's parse problems where the build's first pass would have pushed them (`at`, ascending). */
function spliceParseProblems(diagnostics: Diagnostic[], unscanned: readonly { at: number; rec: FileRecord }[]): void {
  const built = diagnostics.splice(0);
  let from = 0;
  for (const { at, rec } of unscanned) {
    for (let i = from; i < at; i++) diagnostics.push(built[i]);
    from = at;
    diagnostics.push(...rec.parsed.diagnostics);
  }
  for (let i = from; i < built.length; i++) diagnostics.push(built[i]);
}

/**
 * Adds the refs and sources of a model's hooks to `deps`, as dbt does when it renders hooks at parse time. A hook
 * that refs its own model makes dbt fail with "Found a cycle"; the self edge is kept (so the DAG reports the
 * cycle) and a diagnostic names the hook.
 */
function addHookDependencies(
  node: ModelNode,
  deps: string[],
  resolveRef: (r: { package?: string; name: string; version?: string | number }, ownPkg: string) => string | undefined,
  resolveSource: (sourceName: string, tableName: string, ownPkg: string) => string | undefined,
  diagnostics: Diagnostic[],
  reported: Set<string>,
): void {
  if (node.config['pre-hook'].length === 0 && node.config['post-hook'].length === 0) return;
  for (const h of hookCalls(node.config)) {
    for (const r of h.refs) {
      const id = resolveRef(r, node.packageName);
      if (id === node.uniqueId) {
        diagnostics.push({
          file: node.location.file,
          range: node.location.range,
          severity: 'error',
          code: 'bronze/hook-self-ref',
          message:
            `Found a cycle: ${node.uniqueId}. Its ${h.hook} #${h.index + 1} (\`${h.sql.trim().slice(0, 120)}\`) calls ref('${r.name}'), ` +
            `which is the model itself. Use {{ this }} in a hook to name the model's own relation.`,
        });
      }
      if (id === undefined) {
        if (reported.has(`${h.sql}\0ref\0${r.name}`)) continue;
        reported.add(`${h.sql}\0ref\0${r.name}`);
        diagnostics.push({
          file: node.location.file,
          range: node.location.range,
          // Inside {% if %} the call may never render (dbt collects only the refs a render reaches).
          severity: h.sql.includes('{%') ? 'warning' : 'error',
          code: 'bronze/unknown-ref',
          message: `${node.uniqueId} depends on a node named '${r.name}' which was not found: its ${h.hook} #${h.index + 1} calls ref('${r.name}'). Fix the name in the hook, or add the model.`,
        });
      } else if (!deps.includes(id)) deps.push(id);
    }
    for (const s of h.sources) {
      const id = resolveSource(s.sourceName, s.tableName, node.packageName);
      if (id === undefined) {
        if (reported.has(`${h.sql}\0source\0${s.sourceName}.${s.tableName}`)) continue;
        reported.add(`${h.sql}\0source\0${s.sourceName}.${s.tableName}`);
        diagnostics.push({
          file: node.location.file,
          range: node.location.range,
          severity: h.sql.includes('{%') ? 'warning' : 'error',
          code: 'bronze/unknown-source',
          message: `${node.uniqueId} depends on a source named '${s.sourceName}.${s.tableName}' which was not found: its ${h.hook} #${h.index + 1} calls source('${s.sourceName}', '${s.tableName}'). Declare the source table in a schema.yml, or fix the hook.`,
        });
      } else if (!deps.includes(id)) deps.push(id);
    }
  }
}

function latestOf(cands: { id: string; version?: string | number }[], latest: string | number | undefined): string | undefined {
  if (latest !== undefined) {
    const hit = cands.find((c) => String(c.version) === String(latest));
    if (hit) return hit.id;
  }
  const sorted = [...cands].filter((c) => c.version !== undefined).sort((a, b) => Number(b.version) - Number(a.version));
  return sorted[0]?.id;
}

// ---------------------------------------------------------------------------------------------------------
// Node builders

function columnsOf(cols: ParsedColumn[], rec: FileRecord & { parsed: ParsedSchemaFile }): Record<string, ColumnInfo> {
  return declaredColumns(cols, rec.walked.abs, rec.parsed.locator);
}

interface ModelBuildInput {
  rec: FileRecord;
  pkg: PackageCtx;
  name: string;
  version?: string | number;
  patch?: ParsedModelEntry;
  patchRec?: FileRecord & { parsed: ParsedSchemaFile };
  versionEntry?: ParsedModelEntry['versions'][number];
  uniqueId: string;
  layersFor: (fqn: string[]) => Record<string, unknown>[];
  /** The dbt_project.yml layers before Jinja rendering. */
  rawLayersFor: (fqn: string[]) => Record<string, unknown>[];
  target: TargetConfig;
  options: LoadOptions;
  diags: Diagnostic[];
}

function buildModel(input: ModelBuildInput): ModelNode {
  const { rec, pkg, name, version, patch, versionEntry, uniqueId, target, options } = input;
  const isSeed = rec.walked.role === 'seed';
  const fqn = exact([pkg.name, ...input.rec.walked.dirs, name, ...(version !== undefined ? [`v${version}`] : [])]);
  let config: NodeConfig = defaultConfig(isSeed ? 'seed' : 'view');
  for (const layer of input.layersFor(fqn)) config = mergeConfig(config, layer);
  // dbt renders Jinja in schema.yml configs natively when it reads the file (`enabled: "{{ target.name == 'prod' }}"`
  // is a boolean, `materialized: "{{ 'table' if … }}"` the word); hooks render when they run.
  const rendered = (cfg: unknown): Record<string, unknown> | undefined =>
    cfg === undefined || cfg === null
      ? undefined
      : (renderProjectTree(cfg, { rootPackage: pkg.name, target, cliVars: options.cliVars ?? {}, which: options.which, env: options.env, file: input.patchRec?.walked.abs ?? rec.walked.abs, diagnostics: input.diags, at: `model ${name} config` }) as Record<string, unknown>);
  if (patch) {
    const e = patch.entry;
    if (e.meta || e.tags) config = mergeConfig(config, { ...(e.meta ? { meta: e.meta } : {}), ...(e.tags ? { tags: rendered({ tags: e.tags })?.tags as typeof e.tags } : {}) });
    // `access:` and `group:` written beside the model's name are its config as well (dbt 1.7+), below `config:`.
    if (e.access !== undefined || e.group !== undefined) config = mergeConfig(config, { ...(e.access !== undefined ? { access: e.access } : {}), ...(e.group !== undefined ? { group: e.group } : {}) });
    config = mergeConfig(config, rendered(e.config));
  }
  if (versionEntry) config = mergeConfig(config, rendered(versionEntry.entry.config));
  const parsed = rec.parsed.kind === 'sql' ? (rec.parsed as ParsedSqlFile) : undefined;
  const scan = parsed?.scan;
  const asWritten: (Record<string, unknown> | undefined)[] = [...input.rawLayersFor(fqn)];
  if (patch) asWritten.push(patch.entry.meta ? { meta: patch.entry.meta } : undefined, patch.entry.tags ? { tags: patch.entry.tags } : undefined, patch.entry.config as Record<string, unknown> | undefined);
  if (versionEntry) asWritten.push(versionEntry.entry.config as Record<string, unknown> | undefined);
  let dynamicConfig = false;
  if (scan) {
    for (const call of scan.calls) {
      if (call.name !== 'config') continue;
      asWritten.push(configAsWritten(call));
      if (!call.literal || call.conditional) {
        dynamicConfig = true;
        continue;
      }
      const layer: Record<string, LiteralValue> = {};
      for (const a of call.args) if (isPlainObject(a.value)) Object.assign(layer, a.value);
      for (const k in call.kwargs) layer[k] = call.kwargs[k].value as LiteralValue;
      config = mergeConfig(config, layer);
    }
  }
  const python = rec.parsed.kind === 'python' ? rec.parsed.calls : undefined;
  const pyCalls = python ? pythonCalls(python, rec.text) : undefined;
  if (python && Object.keys(python.config).length > 0) {
    // dbt.config(...) keyword arguments are literals (python-model.ts rejects the rest), applied like config().
    asWritten.push(python.config);
    config = mergeConfig(config, python.config as Record<string, LiteralValue>);
  }
  const node: ModelNode = {
    uniqueId,
    name,
    resourceType: isSeed ? 'seed' : 'model',
    packageName: pkg.name,
    originalFilePath: rec.walked.rel,
    fqn,
    location: { file: rec.walked.abs, range: FIRST_CHAR },
    description: versionEntry?.entry.description ?? patch?.entry.description ?? '',
    // tags, meta and relation are set below, from the final config.
    tags: NO_STRINGS,
    meta: NO_META,
    rawCode: isSeed ? '' : rec.text,
    config,
    columns: {},
    refs: scan ? exact(scan.refs) : pyCalls ? exact(pyCalls.refs) : [],
    sources: scan ? exact(scan.sources) : pyCalls ? exact(pyCalls.sources) : [],
    dependsOn: { nodes: NO_STRINGS, macros: NO_STRINGS },
    relation: NO_RELATION,
  };
  if (version !== undefined) node.version = version;
  if (python) node.language = 'python';
  if (patch && input.patchRec) attachColumns(node, patch, input.patchRec, versionEntry);
  if (dynamicConfig) {
    if (options.renderConfig) node.config = mergeConfig(node.config, options.renderConfig(node));
    else {
      const call = scan!.calls.find((c) => c.name === 'config' && (!c.literal || c.conditional))!;
      input.diags.push({
        file: rec.walked.abs,
        range: call.range,
        severity: 'info',
        code: 'bronze/dynamic-config',
        message: `config() here uses non-literal arguments or sits inside {% if %}/{% for %}, so its values are known only when the model is rendered; they are not applied while loading. Use literal values to have them applied statically.`,
      });
    }
  }
  node.config = finalizeConfig(node.config);
  node.tags = node.config.tags;
  node.meta = node.config.meta;
  node.relation = relationFor(node, target, options.generateSchemaName);
  node.unrenderedConfig = unrenderedConfig(asWritten);
  return node;
}

const NO_META = noFields();
const NO_RELATION: RelationName = Object.freeze({ database: '', schema: '', identifier: '' });

function attachColumns(node: ModelNode, pm: ParsedModelEntry, rec: FileRecord & { parsed: ParsedSchemaFile }, versionEntry?: ParsedModelEntry['versions'][number]): void {
  let cols = columnsOf(pm.columns, rec);
  if (versionEntry) {
    const raw = (versionEntry.entry.columns ?? []) as unknown[];
    const inc = raw.find((c) => isPlainObject(c) && 'include' in c) as { include: string | string[]; exclude?: string[] } | undefined;
    const own = columnsOf(versionEntry.columns, rec);
    if (inc) {
      const include = inc.include === '*' || inc.include === 'all' ? Object.keys(cols) : stringList(inc.include);
      const kept: Record<string, ColumnInfo> = {};
      for (const k of include) if (cols[k] && !(inc.exclude ?? []).includes(k)) kept[k] = cols[k];
      cols = { ...kept, ...own };
    } else if (raw.length) cols = own;
  }
  node.columns = cols;
  const constraints = versionEntry?.entry.constraints ?? pm.entry.constraints;
  if (constraints) node.constraints = constraints;
  node.patchLocation = new LazyLocation(rec.walked.abs, rec.parsed.locator, pm.offset, pm.entry.name);
}

function freshnessOf(f: unknown): FreshnessRule | null | undefined {
  if (f === null) return null;
  if (!isPlainObject(f)) return undefined;
  const t = (x: unknown) => {
    const count = isPlainObject(x) ? (x.count instanceof YamlFloat ? x.count.value : x.count) : undefined;
    return isPlainObject(x) && typeof count === 'number' ? { count, period: x.period as 'minute' | 'hour' | 'day' } : undefined;
  };
  const rule: FreshnessRule = {};
  const w = t(f.warn_after);
  const e = t(f.error_after);
  if (w) rule.warnAfter = w;
  if (e) rule.errorAfter = e;
  if (typeof f.filter === 'string') rule.filter = f.filter;
  return rule;
}

function buildSource(
  rec: FileRecord & { parsed: ParsedSchemaFile },
  s: ParsedSchemaFile['sources'][number]['entry'],
  pt: ParsedSchemaFile['sources'][number]['tables'][number],
  pkg: PackageCtx,
  uniqueId: string,
  target: TargetConfig,
  layersFor: (fqn: string[]) => Record<string, unknown>[],
): SourceNode {
  const t = pt.entry;
  const fqn = exact([pkg.name, ...rec.walked.dirs, s.name, t.name]);
  const config: SourceNode['config'] = { enabled: true };
  const apply = (layer: unknown) => {
    if (!isPlainObject(layer)) return;
    for (const k in layer) config[k.charCodeAt(0) === 43 /* + */ ? k.slice(1) : k] = layer[k];
  };
  for (const layer of layersFor([pkg.name, s.name, t.name])) apply(layer);
  apply(s.config);
  apply(t.config);
  config.enabled = config.enabled !== false;
  // Table-level freshness wins; `freshness: null` on the table turns the source's rule off.
  const freshness = t.freshness !== undefined ? freshnessOf(t.freshness) : freshnessOf(s.freshness);
  const loadedAt = t.loaded_at_field ?? s.loaded_at_field ?? undefined;
  // Most tables set no tags or meta: they share the frozen empty values.
  const tags = s.tags === undefined && t.tags === undefined ? NO_STRINGS : [...new Set([...stringList(s.tags), ...stringList(t.tags)])];
  const node: SourceNode = {
    uniqueId,
    name: t.name,
    resourceType: 'source',
    packageName: pkg.name,
    originalFilePath: rec.walked.rel,
    fqn,
    location: new LazyLocation(rec.walked.abs, rec.parsed.locator, pt.offset, t.name),
    description: t.description ?? s.description ?? '',
    tags,
    meta: s.meta === undefined && t.meta === undefined ? NO_META : { ...(s.meta ?? {}), ...(t.meta ?? {}) },
    sourceName: s.name,
    identifier: t.identifier ?? t.name,
    relation: { database: s.database ?? target.database, schema: s.schema ?? s.name, identifier: t.identifier ?? t.name },
    columns: columnsOf(pt.columns, rec),
    config,
  };
  if (loadedAt) node.loadedAtField = loadedAt;
  const quoting = quotePolicy(s.quoting, t.quoting);
  if (quoting) node.quoting = quoting;
  if (freshness !== undefined) node.freshness = freshness;
  return node;
}

function buildSingularTest(
  rec: FileRecord,
  parsed: ParsedSqlFile,
  pkg: PackageCtx,
  name: string,
  uniqueId: string,
  layersFor: (fqn: string[]) => Record<string, unknown>[],
  renderConfig: LoadOptions['renderConfig'],
  diags: Diagnostic[],
): TestNode {
  const fqn = exact([pkg.name, ...rec.walked.dirs, name]);
  let config: NodeConfig = { ...defaultConfig('test'), severity: 'ERROR' };
  for (const layer of layersFor(fqn)) config = mergeConfig(config, layer);
  config = mergeConfig(config, parsed.scan.config as Record<string, unknown>);
  const node: TestNode = {
    uniqueId,
    name,
    resourceType: 'test',
    packageName: pkg.name,
    originalFilePath: rec.walked.rel,
    fqn,
    location: { file: rec.walked.abs, range: FIRST_CHAR },
    description: '',
    tags: config.tags,
    meta: config.meta,
    rawCode: rec.text,
    config,
    refs: exact(parsed.scan.refs),
    sources: exact(parsed.scan.sources),
    dependsOn: { nodes: NO_STRINGS, macros: NO_STRINGS },
  };
  // `{{ config(enabled=var('qa_tests', false)) }}`: dbt's parse render applies computed values, as for a model
  // (the engine's second load renders them); a test left enabled by an unrendered config ran where dbt skips it.
  const dynamic = parsed.scan.calls.find((c) => c.name === 'config' && (!c.literal || c.conditional));
  if (dynamic && renderConfig) config = mergeConfig(config, renderConfig(node));
  else if (dynamic) {
    diags.push({
      file: rec.walked.abs,
      range: dynamic.range,
      severity: 'info',
      code: 'bronze/dynamic-config',
      message: `config() here uses non-literal arguments or sits inside {% if %}/{% for %}, so its values are known only when the test is rendered; they are not applied while loading. Use literal values to have them applied statically.`,
    });
  }
  if (typeof config.severity === 'string') config.severity = config.severity.toUpperCase();
  config = finalizeConfig(config);
  node.config = config;
  node.tags = config.tags;
  node.meta = config.meta;
  return node;
}

/**
 * A `*-paths` setting as a list of folders. The schema check reports a wrong type; loading goes on with what
 * can be used (a lone string is one folder, anything else the default), so one typo never stops the project.
 */
function pathList(value: unknown, fallback: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const dirs = value.filter((v): v is string => typeof v === 'string');
    return dirs.length > 0 ? dirs : [fallback];
  }
  return [fallback];
}

/** A Python model's dbt.ref and dbt.source calls as the node's refs and sources, each located at its call. */
function pythonCalls(python: PythonModelCalls, text: string): { refs: RefCall[]; sources: SourceCall[] } {
  const lines = new LineIndex(text);
  const at = (span: [number, number] | undefined) => (span ? { range: lines.rangeOf(span[0], span[1]) } : {});
  return {
    refs: python.refs.map((r, i) => ({ ...r, ...at(python.spans.refs[i]) })),
    sources: python.sources.map(([sourceName, tableName], i) => ({ sourceName, tableName, ...at(python.spans.sources[i]) })),
  };
}
