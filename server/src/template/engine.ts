// JinjaEnvironment: compiles templates (our lexer → @huggingface/jinja parser), keeps macro files by package
// namespace, and renders with Jinja2/dbt semantics. Macros of the root project and of `dbt` are global (root
// wins); every package is also reachable as `pkg.name(...)`. A bare name in any macro resolves in the namespace of
// the node being rendered (its package's macros, then the global ones), as in dbt.
import { Environment, parse } from '@huggingface/jinja';
import { ZERO_RANGE } from '../core/types';
import { ReturnSignal, TemplateError, atUserCallSite, errorMessage, isPassthrough, rangeOf } from './errors';
import { LexError, TUPLE_DISPLAY, lex, type DocsBlock } from './lexer';
import { locateStatements, type AstNode } from './locate';
import { DbtInterpreter, childEnv, lookupVar, setLocation, setVar, type N } from './interpreter';
import { checkTemplateSyntax } from './syntax';
import { withoutStrayBlockEnds } from './macro-blocks';
import { BUILTIN_MACRO_FILES } from './builtin-macros';
import { loremIpsum } from './lorem-ipsum';
import { firstUnknownName } from './unknown-filters';
import { FILTERS, TESTS } from './filters';
import {
  type RV,
  ArrayValue,
  BooleanValue,
  FunctionValue,
  IntegerValue,
  NullValue,
  ObjectValue,
  RawFunction,
  HostValue,
  JinjaObject,
  TupleValue,
  UndefinedValue,
  fromJs,
  iterate,
  makeFunction,
  num,
  pyBool,
  pyEq,
  isHashable,
  setValue,
  copyDictEntries,
  setDictEntry,
  NONE,
  rangeValue,
  splitKwargs,
  str,
  toJs,
  typeName,
} from './values';

export interface CompiledTemplate {
  file: string;
  text: string;
  /** The parsed program (@huggingface/jinja AST). */
  program: { body: unknown[] };
  docs: DocsBlock[];
}

export interface MacroInfo {
  packageName: string;
  name: string;
  file: string;
  /** Parameter names in order. */
  args: string[];
}

/** Lets context builders find and call macros of the render they belong to. */
export interface MacroResolver {
  /** A macro as a template value, or undefined. `packageName` undefined: global lookup (root project, then dbt). */
  find(name: string, packageName?: string): unknown;
  /** Calls a macro (or any template callable) from JS; returns the JS value of its result. */
  call(callable: unknown, args: unknown[], kwargs?: Record<string, unknown>): unknown;
  /** Renders a string as a template in this render's context (used for `var` values). */
  renderString(text: string): string;
  /** Whether any macro of package `pkg` is registered (installed packages and `dbt`). */
  hasPackage(pkg: string): boolean;
  /** What a bare name means in this render (a macro, a context variable or a global), or undefined. */
  lookup(name: string): unknown;
}

export type RenderGlobals = Record<string, unknown> | ((resolver: MacroResolver) => Record<string, unknown>);

export interface RenderResult {
  output: string;
  /** `macro.<package>.<name>` of every macro entered, in first-call order. */
  macrosCalled: string[];
  docs: Record<string, string>;
}

export interface JinjaEnvironmentOptions {
  /** The root project's name: its macros are global and override dbt's. */
  rootPackage: string;
  /** Register the built-in dbt and dbt_utils macros (default true). */
  builtins?: boolean;
  /** Extra filters (value, args, kwargs) → value. */
  filters?: Record<string, (value: unknown, args: unknown[], kwargs: Record<string, unknown>) => unknown>;
}

interface MacroFile {
  packageName: string;
  compiled: CompiledTemplate;
  macros: N[];
}

function fail(message: string): never {
  throw new Error(message);
}

/** Python's range(stop) / range(start, stop[, step]). */
function range(args: number[]): RV {
  const [a, b, c] = args;
  const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, args.length > 2 ? c : 1];
  if (step === 0) throw new Error('range() arg 3 must not be zero');
  if (Math.max(0, Math.ceil((stop - start) / step)) > 100000) throw new Error('range too big (more than 100000 items)');
  return rangeValue(start, stop, step);
}

/** Jinja2's global functions plus the dbt basics every template may use. */
function baseGlobals(g: Environment): void {
  const consts: [string, RV][] = [
    ['true', new BooleanValue(true)],
    ['false', new BooleanValue(false)],
    ['none', new NullValue(null)],
    ['True', new BooleanValue(true)],
    ['False', new BooleanValue(false)],
    ['None', new NullValue(null)],
  ];
  for (const [k, v] of consts) setVar(g, k, v);
  setVar(g, 'range', makeFunction((args) => range(args.map((a) => num(a))), 'range'));
  setVar(
    g,
    'dict',
    makeFunction((args) => {
      const [pos, kw] = splitKwargs(args);
      // Python's dict(mapping or pairs, **kwargs).
      const m = new Map<string, RV>();
      if (pos[0] instanceof ObjectValue) copyDictEntries(m, pos[0].value);
      else if (pos[0] !== undefined) {
        for (const pair of iterate(pos[0]) ?? fail(`'${typeName(pos[0])}' object is not iterable`)) {
          const kv = iterate(pair);
          if (!kv || kv.length !== 2) fail(`dictionary update sequence element has length ${kv ? kv.length : 1}; 2 is required`);
          if (!isHashable(kv[0])) fail(`unhashable type: '${typeName(kv[0])}'`);
          setDictEntry(m, kv[0], kv[1]);
        }
      }
      for (const [k, v] of kw) m.set(k, v);
      return new ObjectValue(m);
    }, 'dict'),
  );
  // dbt's zip(*args, default=None) and zip_strict(*args): tuples of the i-th items (Python gives an iterator: a list
  // here); a non-iterable argument gives `default`, or for zip_strict an error.
  const zip = (lists: RV[][]) => {
    const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
    return new ArrayValue(Array.from({ length: n }, (_, i) => new TupleValue(lists.map((l) => l[i]))));
  };
  setVar(
    g,
    'zip',
    makeFunction((args) => {
      const [pos, kw] = splitKwargs(args);
      const lists = pos.map((a) => iterate(a));
      return lists.every((l) => l !== null) ? zip(lists as RV[][]) : (kw.get('default') ?? NONE());
    }, 'zip'),
  );
  setVar(
    g,
    'zip_strict',
    makeFunction((args) => {
      const bad = args.find((a) => iterate(a) === null);
      if (bad) throw new Error(`zip_strict(): '${typeName(bad)}' object is not iterable`);
      return zip(args.map((a) => iterate(a)!));
    }, 'zip_strict'),
  );
  // dbt's set(value, default=None) and set_strict(value): a Python set of the items; what Python cannot make a set
  // of (not iterable, or an unhashable item such as a list) gives `default`, or for set_strict an error.
  const makeSet = (value: RV | undefined): RV | string => {
    const items = value === undefined ? null : iterate(value);
    if (!items) return `'${value ? typeName(value) : 'NoneType'}' object is not iterable`;
    const bad = items.find((x) => !isHashable(x));
    if (bad) return `unhashable type: '${typeName(bad)}'`;
    return setValue(items);
  };
  setVar(
    g,
    'set',
    makeFunction((args) => {
      const [pos, kw] = splitKwargs(args);
      const made = makeSet(pos[0] ?? kw.get('value'));
      return typeof made === 'string' ? (pos[1] ?? kw.get('default') ?? NONE()) : made;
    }, 'set'),
  );
  setVar(
    g,
    'set_strict',
    makeFunction((args) => {
      const [pos, kw] = splitKwargs(args);
      const made = makeSet(pos[0] ?? kw.get('value'));
      if (typeof made === 'string') throw new Error(`set_strict(): ${made}`);
      return made;
    }, 'set_strict'),
  );
  setVar(
    g,
    'lipsum',
    makeFunction((args) => {
      const [pos, kw] = splitKwargs(args);
      const at = (i: number, name: string) => pos[i] ?? kw.get(name);
      const n = at(0, 'n');
      const html = at(1, 'html');
      const min = at(2, 'min');
      const max = at(3, 'max');
      return str(loremIpsum(n ? num(n) : 5, html ? pyBool(html) : true, min ? num(min) : 20, max ? num(max) : 100));
    }, 'lipsum'),
  );
  // Jinja2's joiner(sep): '' on the first call, `sep` on every later one.
  setVar(
    g,
    'joiner',
    makeFunction((args) => {
      const [pos, kw] = splitKwargs(args);
      const sep = pos[0] ?? kw.get('sep') ?? str(', ');
      let used = false;
      return makeFunction(() => {
        const first = !used;
        used = true;
        return first ? str('') : sep;
      }, 'joiner');
    }, 'joiner'),
  );
  // Jinja2's cycler(*items): next() returns the items in turn, `current` is the one next() gives next, `items` them all.
  setVar(
    g,
    'cycler',
    makeFunction((args) => {
      if (!args.length) throw new Error('at least one item has to be provided');
      let at = 0;
      const cycler: HostValue = new HostValue(
        new JinjaObject({
          items: new TupleValue(args),
          current: args[0],
          next: new RawFunction(() => {
            const item = args[at];
            at = (at + 1) % args.length;
            cycler.value.set('current', args[at]);
            return item;
          }, 'next'),
          reset: new RawFunction(() => {
            at = 0;
            cycler.value.set('current', args[at]);
            return NONE();
          }, 'reset'),
        }),
      );
      return cycler;
    }, 'cycler'),
  );
  // `()` and `(x,)`: the lexer writes these tuple displays as calls of this function (the parser lacks them).
  setVar(g, TUPLE_DISPLAY, makeFunction((args) => new TupleValue(args), 'tuple'));
  setVar(
    g,
    'return',
    makeFunction((args) => {
      throw new ReturnSignal(args[0] ?? new NullValue(null));
    }, 'return'),
  );
}

export class JinjaEnvironment {
  readonly rootPackage: string;
  private readonly macroFiles = new Map<string, MacroFile>();
  private readonly compiled = new Map<string, CompiledTemplate[]>();
  private readonly filters: Map<string, (v: unknown, a: unknown[], k: Record<string, unknown>) => unknown>;
  /** Scopes and macro instances shared by renders; dropped when a macro file is added or removed. */
  private shared: SharedScopes | undefined;

  constructor(options: JinjaEnvironmentOptions) {
    this.rootPackage = options.rootPackage;
    this.filters = new Map(Object.entries(options.filters ?? {}));
    if (options.builtins !== false) {
      for (const f of BUILTIN_MACRO_FILES) this.addMacroFile(f.packageName, f.file, f.text);
    }
  }

  /** Lexes and parses a template (cached per file while its text is unchanged). Throws TemplateError. */
  compile(text: string, file: string): CompiledTemplate {
    const cached = this.compiled.get(file);
    const hit = cached?.find((c) => c.text === text);
    if (hit) return hit;
    let lexed;
    try {
      lexed = lex(text);
    } catch (e) {
      if (e instanceof LexError) {
        throw new TemplateError(e.message, { file, range: rangeOf(text, e.offset, e.endOffset) }, 'bronze/jinja-syntax');
      }
      throw e;
    }
    let program: { body: unknown[] };
    try {
      program = parse(lexed.tokens as never) as unknown as { body: unknown[] };
    } catch (e) {
      const diag = checkTemplateSyntax(text, file)[0];
      if (diag) throw new TemplateError(diag.message, { file, range: diag.range }, 'bronze/jinja-syntax');
      throw new TemplateError(`Template syntax error: ${errorMessage(e)}`, { file, range: ZERO_RANGE }, 'bronze/jinja-syntax');
    }
    const located = locateStatements(program.body as AstNode[], lexed.tags);
    if (located) for (const [node, tag] of located) setLocation(node, { file, text, start: tag.start, end: tag.end });
    const unknown = firstUnknownName(program.body, (name) => Object.hasOwn(FILTERS, name) || this.filters.has(name), (name) => Object.hasOwn(TESTS, name));
    if (unknown) {
      const range = unknown.at ? rangeOf(text, unknown.at.start, unknown.at.end) : ZERO_RANGE;
      throw new TemplateError(`No ${unknown.kind} named '${unknown.name}'.`, { file, range }, 'bronze/jinja-syntax');
    }
    const result: CompiledTemplate = { file, text, program, docs: lexed.docs };
    // A few texts per file: a model and its hooks share the file name, and an editor keeps changing one text.
    this.compiled.set(file, [result, ...(cached ?? [])].slice(0, 4));
    return result;
  }

  /** Registers (or replaces) a macro file of a package. Returns the macros it defines. Throws TemplateError. */
  addMacroFile(packageName: string, file: string, text: string): MacroInfo[] {
    const compiled = this.compile(withoutStrayBlockEnds(text), file);
    const macros = (compiled.program.body as N[]).filter((n) => n.type === 'Macro');
    this.macroFiles.set(file, { packageName, compiled, macros });
    this.shared = undefined;
    return macros.map((m) => ({ packageName, name: m.name!.value as string, file, args: macroArgs(m) }));
  }

  removeMacroFile(file: string): void {
    this.macroFiles.delete(file);
    this.compiled.delete(file);
    this.shared = undefined;
  }

  /** Every registered macro (later files override earlier ones of the same package and name). */
  listMacros(): MacroInfo[] {
    const out = new Map<string, MacroInfo>();
    for (const [file, mf] of this.macroFiles) {
      for (const m of mf.macros) {
        const name = m.name!.value as string;
        out.set(`${mf.packageName}.${name}`, { packageName: mf.packageName, name, file, args: macroArgs(m) });
      }
    }
    return [...out.values()];
  }

  /** Packages served by Bronze's built-in subset because the real package is not installed (e.g. dbt_utils). */
  standInPackages(): string[] {
    const builtin = new Set<string>();
    const real = new Set<string>();
    for (const [file, mf] of this.macroFiles) (file.startsWith('<builtin>/') ? builtin : real).add(mf.packageName);
    return [...builtin].filter((p) => p !== 'dbt' && !real.has(p));
  }

  /** `{% docs %}` blocks of a file. */
  extractDocs(text: string, file: string): Record<string, string> {
    return docsRecord(this.compile(text, file).docs);
  }

  /**
   * Renders a template. Errors are TemplateErrors with file and range, except passthrough errors.
   * `packageName`: the package the template belongs to; its macros come before the root project's, as in dbt.
   */
  render(text: string, file: string, globals: RenderGlobals = {}, packageName?: string, overrides?: Record<string, unknown>): RenderResult {
    const compiled = this.compile(text, file);
    const session = this.session(globals, packageName);
    const { interp } = session.shared;
    let output: string;
    try {
      output = this.within(session, () => withMacroOverrides(session.shared, overrides, () => interp.block(compiled.program.body as N[], childEnv(session.scope))));
    } catch (e) {
      throw this.finalError(e, file);
    }
    return { output, macrosCalled: [...session.calls], docs: docsRecord(compiled.docs) };
  }

  /** Calls a macro by name (global lookup, or `packageName`'s namespace) and returns its JS result. */
  callMacro(name: string, args: unknown[], kwargs: Record<string, unknown> = {}, globals: RenderGlobals = {}, packageName?: string): unknown {
    // A package's macro run by name (run-operation `pkg.name`) resolves bare names in that package, as in dbt.
    const session = this.session(globals, packageName);
    const fn = this.within(session, () => session.resolver.find(name, packageName));
    if (fn === undefined) {
      throw new TemplateError(`Macro '${packageName ? `${packageName}.` : ''}${name}' is not defined`, undefined, 'bronze/jinja-render');
    }
    try {
      return this.within(session, () => session.resolver.call(fn, args, kwargs));
    } catch (e) {
      throw this.finalError(e, `<macro ${name}>`);
    }
  }

  /** A file of the root project (a model, or one of its macros), as opposed to a package's or dbt's own macros. */
  private isUserFile(file: string): boolean {
    const mf = this.macroFiles.get(file);
    return mf ? mf.packageName === this.rootPackage : !file.startsWith('<');
  }

  private finalError(e: unknown, file: string): unknown {
    if (isPassthrough(e) && !(e instanceof ReturnSignal)) return e;
    if (e instanceof TemplateError) return atUserCallSite(e, (f) => this.isUserFile(f));
    if (e instanceof ReturnSignal) return new TemplateError('return() was called outside of a macro', { file, range: ZERO_RANGE });
    return new TemplateError(errorMessage(e), { file, range: ZERO_RANGE });
  }

  /**
   * Per-render state over the shared scopes: a fresh macro-call set and the render's context variables, which
   * are converted to runtime values only when a template reads them (most templates read a handful).
   */
  private session(globals: RenderGlobals, packageName?: string): Session {
    const shared = (this.shared ??= this.buildShared());
    const { global, interp, namespaces } = shared;
    const scope = (packageName !== undefined && shared.packageEnvs.get(packageName)) || global;
    const resolver: MacroResolver = {
      find: (name, pkg) => {
        if (pkg === undefined) {
          const v = lookupVar(scope, name);
          return v instanceof FunctionValue ? v : undefined;
        }
        return namespaces.get(pkg)?.get(name);
      },
      call: (callable, args, kwargs = {}) => {
        const fn = fromJs(callable);
        const kw = new Map(Object.entries(kwargs).map(([k, v]) => [k, fromJs(v)] as [string, RV]));
        return toJs(interp.invoke(fn, args.map((a) => fromJs(a)), kw, scope, { type: 'Identifier', value: 'macro' }));
      },
      renderString: (text) => {
        const c = this.compile(text, '<string>');
        return interp.block(c.program.body as N[], childEnv(scope));
      },
      hasPackage: (pkg) => namespaces.has(pkg),
      lookup: (name) => {
        const v = lookupVar(scope, name);
        return v instanceof UndefinedValue ? undefined : v;
      },
    };
    const context = typeof globals === 'function' ? globals(resolver) : globals;
    return { shared, calls: new Set<string>(), resolver, vars: new LazyVars(context), scope };
  }

  /**
   * Runs `fn` with a session's context and call tracking plugged into the shared scopes. Rendering is
   * synchronous; the previous state is restored afterwards so that a render nested in a host function works.
   */
  private within<T>(session: Session, fn: () => T): T {
    const { shared } = session;
    const prevVars = shared.context.variables;
    const prevCalls = shared.calls;
    const prevCaller = shared.callerNames.parent;
    shared.context.variables = session.vars as unknown as Environment['variables'];
    shared.calls = session.calls;
    shared.callerNames.parent = session.scope;
    try {
      return fn();
    } finally {
      shared.context.variables = prevVars;
      shared.calls = prevCalls;
      shared.callerNames.parent = prevCaller;
    }
  }

  /**
   * The scopes every render shares, built once per set of macro files. Lookup order, innermost first: global
   * macros (root project over dbt) → the render's context → Jinja's globals → package namespaces. Package
   * macros live in a child scope of the global macros, so that a package's own nodes see its macros first.
   * Macros are instantiated here once, over `callerNames`: as in dbt, a bare name in a macro body resolves in
   * the namespace of the node being rendered (its package, the root project, dbt), not of the macro's package.
   */
  private buildShared(): SharedScopes {
    const root = new Environment();
    const base = childEnv(root);
    baseGlobals(base);
    const context = childEnv(base);
    const global = childEnv(context);
    // Macro calls go to whichever render is current (set by `within`).
    const interp = new DbtInterpreter(global, { onMacroCall: (n) => shared.calls?.add(n), filters: this.filters });
    const packageEnvs = new Map<string, Environment>();
    const callerNames = childEnv(global);
    const shared: SharedScopes = { global, context, namespaces: new Map(), packageEnvs, calls: undefined, interp, callerNames };

    // Bronze's own dbt_utils subset only stands in while the real package is not installed.
    const realPackages = new Set([...this.macroFiles.entries()].filter(([file]) => !file.startsWith('<builtin>/')).map(([, mf]) => mf.packageName));
    const ordered = [...this.macroFiles.entries()]
      .filter(([file, mf]) => !(file.startsWith('<builtin>/') && mf.packageName !== 'dbt' && realPackages.has(mf.packageName)))
      .map(([, mf]) => mf)
      .sort((a, b) => rank(a.packageName, this.rootPackage) - rank(b.packageName, this.rootPackage));
    for (const mf of ordered) {
      const pkg = mf.packageName;
      const isGlobal = pkg === 'dbt' || pkg === this.rootPackage;
      let defEnv = global;
      if (!isGlobal) {
        defEnv = packageEnvs.get(pkg) ?? childEnv(global);
        packageEnvs.set(pkg, defEnv);
      }
      let ns = shared.namespaces.get(pkg);
      if (!ns) shared.namespaces.set(pkg, (ns = new Map()));
      for (const m of mf.macros) {
        const name = m.name!.value as string;
        const fn = shared.interp.makeMacro(m, callerNames, `macro.${pkg}.${name}`);
        setVar(defEnv, name, fn);
        ns.set(name, fn);
      }
    }
    // Below everything else: any macro, context variable or global of the same name hides a package name.
    for (const [pkg, ns] of shared.namespaces) {
      if (!root.variables.has(pkg)) setVar(root, pkg, new ObjectValue(ns));
    }
    return shared;
  }
}

/**
 * Runs `fn` with macros replaced by constants (a unit test's `overrides: macros:`): a plain name shadows the
 * global macro, every package's own and the context's function of that name; `pkg.name` replaces it in the
 * package's namespace. Everything is restored afterwards (renders are synchronous).
 */
function withMacroOverrides<T>(shared: SharedScopes, overrides: Record<string, unknown> | undefined, fn: () => T): T {
  if (!overrides || Object.keys(overrides).length === 0) return fn();
  const undo: (() => void)[] = [];
  const swap = (vars: Map<string, RV>, name: string, value: RV) => {
    const prev = vars.get(name);
    vars.set(name, value);
    undo.push(() => (prev === undefined ? vars.delete(name) : vars.set(name, prev)));
  };
  for (const [key, value] of Object.entries(overrides)) {
    const constant = fromJs(() => value, key);
    const dot = key.lastIndexOf('.');
    if (dot > 0) {
      const ns = shared.namespaces.get(key.slice(0, dot));
      if (ns) swap(ns, key.slice(dot + 1), constant);
      continue;
    }
    swap(shared.global.variables as unknown as Map<string, RV>, key, constant);
    for (const env of shared.packageEnvs.values()) {
      if (env.variables.has(key)) swap(env.variables as unknown as Map<string, RV>, key, constant);
    }
  }
  try {
    return fn();
  } finally {
    for (const u of undo.reverse()) u();
  }
}

/** What all renders of one JinjaEnvironment share (rebuilt when a macro file changes). */
interface SharedScopes {
  /** Global macros; renders run in a child of it. */
  global: Environment;
  /** The current render's context; its `variables` are swapped in per render. */
  context: Environment;
  namespaces: Map<string, Map<string, RV>>;
  /** Each installed package's macro scope (its macros over the global ones). */
  packageEnvs: Map<string, Environment>;
  interp: DbtInterpreter;
  /** Macro calls of the current render. */
  calls: Set<string> | undefined;
  /** Every macro's enclosing scope: empty, its parent is the current render's name scope (set by `within`). */
  callerNames: Environment;
}

interface Session {
  shared: SharedScopes;
  calls: Set<string>;
  resolver: MacroResolver;
  vars: LazyVars;
  /** Where unqualified names are looked up: the render's package scope, else the global macros. */
  scope: Environment;
}

/** Context variables as a scope map that converts each JS value to a runtime value on first lookup. */
class LazyVars extends Map<string, RV> {
  private readonly raw: Record<string, unknown>;
  constructor(raw: Record<string, unknown>) {
    super();
    this.raw = raw;
  }
  override get(name: string): RV | undefined {
    const v = super.get(name);
    if (v !== undefined || !Object.hasOwn(this.raw, name)) return v;
    const converted = fromJs(this.raw[name], name);
    super.set(name, converted);
    return converted;
  }
  override has(name: string): boolean {
    return super.has(name) || Object.hasOwn(this.raw, name);
  }
}

function rank(pkg: string, root: string): number {
  return pkg === 'dbt' ? 0 : pkg === root ? 2 : 1;
}

function macroArgs(m: N): string[] {
  return (m.args ?? []).map((a) => (a.type === 'Identifier' ? (a.value as string) : (a.key!.value as string)));
}

function docsRecord(docs: DocsBlock[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of docs) out[d.name] = d.text;
  return out;
}

