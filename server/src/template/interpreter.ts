// The @huggingface/jinja Interpreter with Jinja2/dbt semantics layered on: `evaluate` takes over statements and
// the expressions whose behaviour differs from Python (printing, operators, attribute access, calls, macros,
// loops, filters, tests) and leaves literals, unary and ternary expressions to the base class. Each failure is
// tagged with the innermost located statement.
import { Environment, Interpreter } from '@huggingface/jinja';
import { BronzeError, type SourceLocation } from '../core/types';
import { getAttr, getItem, missing, undefinedHints, undefinedMessage } from './access';
import { compareValues } from './compare';
import {
  BreakSignal,
  ContinueSignal,
  ReturnSignal,
  TemplateError,
  errorMessage,
  isPassthrough,
  type Passthrough,
  rangeOf,
} from './errors';
import { runFilter, runTest } from './filters';
import { FILTER_CHAIN, RECURSIVE_LOOP } from './lexer';
import { percentFormat } from './pyformat';
import {
  type RV,
  type RVOf,
  type JFunction,
  ArrayValue,
  BooleanValue,
  FloatValue,
  FunctionValue,
  HostValue,
  IntegerValue,
  KeywordArgumentsValue,
  NamespaceValue,
  NOT_IMPLEMENTED,
  NullValue,
  ObjectValue,
  StringValue,
  TupleValue,
  UndefinedValue,
  fromJs,
  isNumeric,
  iterate,
  makeFunction,
  num,
  pyBool,
  pyEq,
  pyStr,
  str,
  toJs,
  typeName,
  NONE,
  UNDEF,
  dictKey,
  setDictEntry,
  setMacroAttributes,
  isHashable,
  isSet,
  isPositional,
  rangeBounds,
  rangeValue,
} from './values';

/** The AST shape of @huggingface/jinja, as far as we read it. */
export interface N {
  type: string;
  value?: unknown;
  body?: N[];
  alternate?: N[];
  test?: N;
  loopvar?: N;
  iterable?: N;
  defaultBlock?: N[];
  assignee?: N;
  name?: N;
  args?: N[];
  callee?: N;
  object?: N;
  property?: N;
  computed?: boolean;
  operator?: { value: string };
  left?: N;
  right?: N;
  operand?: N;
  filter?: N;
  negate?: boolean;
  key?: N;
  argument?: N;
  call?: N;
  callerArgs?: N[] | null;
  start?: N;
  stop?: N;
  step?: N;
  lhs?: N;
}

export interface NodeLocation {
  file: string;
  text: string;
  start: number;
  end: number;
}

type BaseEvaluate = (statement: N | undefined, environment: Environment) => RV;

const STATEMENTS = new Set(['If', 'For', 'Set', 'Macro', 'CallStatement', 'FilterStatement', 'Comment', 'Break', 'Continue']);

/** Where a statement came from; stored on the node itself (cheaper than a WeakMap on hot paths). */
export const LOCATION = Symbol('bronze.location');
export function locationOf(node: object): NodeLocation | undefined {
  return (node as { [LOCATION]?: NodeLocation })[LOCATION];
}
export function setLocation(node: object, loc: NodeLocation): void {
  (node as { [LOCATION]?: NodeLocation })[LOCATION] = loc;
}

/**
 * A child scope. The library's constructor builds a fresh `namespace` function for every scope; children
 * find the root's through the parent chain, so they are created without it.
 */
export function childEnv(parent: Environment): Environment {
  const env = Object.create(Environment.prototype) as Environment;
  (env as { parent?: Environment }).parent = parent;
  env.variables = new Map();
  env.tests = parent.tests;
  return env;
}

export function setVar(env: Environment, name: string, v: RV): void {
  env.variables.set(name, v as never);
}
/** Variable lookup along the scope chain (the library's version throws and catches on every miss). */
export function lookupVar(env: Environment, name: string): RV {
  for (let e: Environment | undefined = env; e; e = e.parent) {
    const v = e.variables.get(name);
    if (v !== undefined) return v as RV;
  }
  return UNDEF();
}

const specialArgsCache = new WeakMap<N, { varargs: boolean; kwargs: boolean; caller: boolean }>();
function specialArgs(node: N): { varargs: boolean; kwargs: boolean; caller: boolean } {
  let got = specialArgsCache.get(node);
  if (got) return got;
  got = { varargs: false, kwargs: false, caller: false };
  const seen = new Set<unknown>();
  const visit = (x: unknown) => {
    if (!x || typeof x !== 'object' || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) return x.forEach(visit);
    if (x instanceof Map) return x.forEach((v, k) => (visit(k), visit(v)));
    const n = x as N;
    if (n.type === 'Identifier' && (n.value === 'varargs' || n.value === 'kwargs' || n.value === 'caller')) got![n.value] = true;
    if (n.type === 'Macro' && x !== node) return;
    // Only a name read counts (Jinja2's find_undeclared): not `x.caller`'s attribute, not a `kwargs=` keyword.
    for (const [key, v] of Object.entries(n)) {
      if ((n.type === 'MemberExpression' && key === 'property' && !n.computed) || (n.type === 'KeywordArgumentExpression' && key === 'key')) continue;
      visit(v);
    }
  };
  visit(node.body);
  visit(node.args);
  specialArgsCache.set(node, got);
  return got;
}

export interface InterpreterHooks {
  /** A macro was entered (for depends_on.macros). */
  onMacroCall?: (qualifiedName: string) => void;
  /** Extra filters exposed from JS (value, positional args, kwargs). */
  filters?: Map<string, (v: unknown, args: unknown[], kwargs: Record<string, unknown>) => unknown>;
}

/** `loop` in a recursive for loop: its attributes, and callable with the items to run the body over one level down. */
class RecursiveLoopValue extends ObjectValue {
  constructor(
    attrs: Map<string, RV>,
    readonly recurse: (items: RV) => RV,
  ) {
    super(attrs);
  }
}

export class DbtInterpreter extends Interpreter {
  constructor(
    global: Environment,
    readonly hooks: InterpreterHooks = {},
  ) {
    super(global);
  }

  private base(node: N, env: Environment): RV {
    return (Interpreter.prototype.evaluate as unknown as BaseEvaluate).call(this, node, env);
  }

  override evaluate(statement: Parameters<Interpreter['evaluate']>[0], environment: Environment): ReturnType<Interpreter['evaluate']> {
    return this.ev(statement as N | undefined, environment) as ReturnType<Interpreter['evaluate']>;
  }

  ev(node: N | undefined, env: Environment): RV {
    if (!node) return UNDEF();
    try {
      switch (node.type) {
        case 'Program':
          return str(this.block(node.body!, env));
        case 'If':
          return str(this.block(pyBool(this.ev(node.test, env)) ? node.body! : node.alternate!, env));
        case 'For':
          return this.forLoop(node, env);
        case 'Set':
          return this.set(node, env);
        case 'Macro':
          setVar(env, node.name!.value as string, this.makeMacro(node, env, node.name!.value as string));
          return NONE();
        case 'CallStatement':
          return this.callBlock(node, env);
        case 'FilterStatement': {
          const body = str(this.block(node.body!, env));
          const f = node.filter!;
          // `{% filter a | b %}`: the lexer wrote the chain as FILTER_CHAIN(a, b), applied left to right.
          const chain = f.type === 'CallExpression' && f.callee?.type === 'Identifier' && f.callee.value === FILTER_CHAIN ? f.args! : [f];
          return chain.reduce((v: RV, each) => this.filterValue(v, each, env), body);
        }
        case 'Break':
          throw new BreakSignal();
        case 'Continue':
          throw new ContinueSignal();
        case 'Identifier': {
          const v = lookupVar(env, node.value as string);
          return v instanceof UndefinedValue && !undefinedHints.has(v) ? missing(`'${node.value}' is undefined`) : v;
        }
        case 'BinaryExpression':
          return this.binary(node, env);
        case 'UnaryExpression': {
          const arg = this.ev(node.argument, env);
          if (node.operator!.value === 'not') return new BooleanValue(!pyBool(arg));
          if (arg instanceof UndefinedValue) throw new Error(undefinedMessage(arg));
          return this.base(node, env);
        }
        case 'MemberExpression':
          return this.member(node, env);
        case 'CallExpression':
          return this.callExpression(node, env);
        case 'FilterExpression':
          return this.filterValue(this.ev(node.operand, env), node.filter!, env);
        case 'TestExpression': {
          const operand = this.ev(node.operand, env);
          const r = runTest(node.test!.value as string, operand, []);
          return new BooleanValue(node.negate ? !r : r);
        }
        case 'Ternary':
          return pyBool(this.ev((node as unknown as { condition: N }).condition, env))
            ? this.ev((node as unknown as { trueExpr: N }).trueExpr, env)
            : this.ev((node as unknown as { falseExpr: N }).falseExpr, env);
        case 'SelectExpression':
          return pyBool(this.ev(node.test, env)) ? this.ev(node.lhs, env) : UNDEF();
        case 'ObjectLiteral': {
          const m = new Map<string, RV>();
          for (const [k, v] of node.value as Map<N, N>) {
            const key = this.ev(k, env);
            if (!isHashable(key)) throw new Error(`unhashable type: '${typeName(key)}'`);
            setDictEntry(m, key, this.ev(v, env));
          }
          return new ObjectValue(m);
        }
        case 'Comment':
          return NONE();
        // Literals as the library evaluates them, with Bronze's value constructors (see plainConstructor).
        case 'StringLiteral':
          return str(node.value as string);
        case 'IntegerLiteral':
          return new IntegerValue(node.value as number);
        case 'FloatLiteral':
          return new FloatValue(node.value as number);
        case 'ArrayLiteral':
          return new ArrayValue((node.value as N[]).map((x) => this.ev(x, env)));
        case 'TupleLiteral':
          return new TupleValue((node.value as N[]).map((x) => this.ev(x, env)));
        default:
          return this.base(node, env);
      }
    } catch (e) {
      throw this.annotate(e, node);
    }
  }

  private annotate(e: unknown, node: N): unknown {
    const loc = locationOf(node);
    if (isPassthrough(e)) {
      // A warehouse question remembers the innermost tag that asked it, for the error if its answer fails.
      const p = e as Passthrough;
      if (loc && 'origin' in p && p.origin === undefined) p.origin = { file: loc.file, range: rangeOf(loc.text, loc.start, loc.end) };
      return e;
    }
    if (!loc) return e;
    const location: SourceLocation = { file: loc.file, range: rangeOf(loc.text, loc.start, loc.end) };
    if (e instanceof TemplateError) {
      if (!e.location) return new TemplateError(e.message, location, e.code, e.trace);
      const last = e.trace[e.trace.length - 1] ?? e.location;
      if (e.leftMacro || last.file !== loc.file) return new TemplateError(e.message, e.location, e.code, [...e.trace, location]);
      return e;
    }
    if (e instanceof BronzeError) return new TemplateError(e.message, location, e.code);
    return new TemplateError(errorMessage(e), location);
  }

  /** Renders statements, printing expression values as Python's str() does. */
  block(stmts: N[], env: Environment): string {
    let out = '';
    for (const st of stmts) {
      const v = this.ev(st, env);
      if (STATEMENTS.has(st.type)) {
        if (v instanceof StringValue) out += v.value;
      } else if (st.type === 'StringLiteral') {
        out += v.value as string;
      } else {
        out += pyStr(v);
      }
    }
    return out;
  }

  private assign(target: N, v: RV, env: Environment): void {
    if (target.type === 'Identifier') {
      setVar(env, target.value as string, v);
    } else if (target.type === 'TupleLiteral') {
      const names = target.value as N[];
      const items = iterate(v);
      if (!items) throw new Error(`cannot unpack non-iterable ${typeName(v)} object`);
      if (items.length !== names.length) {
        throw new Error(
          items.length > names.length
            ? `too many values to unpack (expected ${names.length})`
            : `not enough values to unpack (expected ${names.length}, got ${items.length})`,
        );
      }
      names.forEach((n, i) => this.assign(n, items[i], env));
    } else if (target.type === 'MemberExpression') {
      const obj = this.ev(target.object, env);
      if (!(obj instanceof NamespaceValue)) throw new Error('cannot assign attribute on non-namespace object');
      obj.value.set(target.property!.value as string, v);
    } else {
      throw new Error(`cannot assign to ${target.type}`);
    }
  }

  private set(node: N, env: Environment): RV {
    if (node.value) {
      this.assign(node.assignee!, this.ev(node.value as N, env), env);
      return NONE();
    }
    // A block set may filter its body: `{% set x | upper %}…{% endset %}` (the parser reads `x | upper` as one
    // filter expression, filters innermost first).
    let target = node.assignee!;
    const filters: N[] = [];
    while (target.type === 'FilterExpression') {
      filters.unshift(target.filter!);
      target = target.operand!;
    }
    let v: RV = str(this.block(node.body!, env));
    for (const f of filters) v = this.filterValue(v, f, env);
    this.assign(target, v, env);
    return NONE();
  }

  private forLoop(node: N, env: Environment): RV {
    let iterNode = node.iterable!;
    let filter: N | undefined;
    if (iterNode.type === 'SelectExpression') {
      filter = iterNode.test;
      iterNode = iterNode.lhs!;
    }
    // `for … recursive` (the lexer wraps the iterable): the body may call `loop(items)` to run itself one level deeper.
    const recursive = iterNode.type === 'CallExpression' && iterNode.callee?.type === 'Identifier' && iterNode.callee.value === RECURSIVE_LOOP;
    if (recursive) iterNode = iterNode.args![0];
    return this.loopOver(node, env, this.ev(iterNode, childEnv(env)), filter, recursive ? 1 : 0);
  }

  /** One run of a loop's body over `seq`; `depth` is 0 for a loop that is not recursive, else its level (from 1). */
  private loopOver(node: N, env: Environment, seq: RV, filter: N | undefined, depth: number): RV {
    const scope = childEnv(env);
    const all = iterate(seq);
    if (!all) throw new Error(`'${typeName(seq)}' object is not iterable`);
    let items = all;
    if (filter) {
      items = all.filter((item) => {
        const s = childEnv(scope);
        this.assign(node.loopvar!, item, s);
        return pyBool(this.ev(filter, s));
      });
    }
    let out = '';
    let iterated = false;
    let last: RV | undefined;
    let index = 0;
    const cycle = makeFunction((args) => (args.length ? args[index % args.length] : NONE()), 'cycle');
    const changed = makeFunction((args) => {
      const cur = new ArrayValue(args);
      const differs = !last || !pyEq(last, cur);
      last = cur;
      return new BooleanValue(differs);
    }, 'changed');
    const recurse = depth ? (inner: RV): RV => this.loopOver(node, env, inner, filter, depth + 1) : undefined;
    for (let i = 0; i < items.length; i++) {
      const loop = new Map<string, RV>([
        ['index', new IntegerValue(i + 1)],
        ['index0', new IntegerValue(i)],
        ['revindex', new IntegerValue(items.length - i)],
        ['revindex0', new IntegerValue(items.length - i - 1)],
        ['first', new BooleanValue(i === 0)],
        ['last', new BooleanValue(i === items.length - 1)],
        ['length', new IntegerValue(items.length)],
        ['depth', new IntegerValue(Math.max(depth, 1))],
        ['depth0', new IntegerValue(Math.max(depth, 1) - 1)],
        ['previtem', i > 0 ? items[i - 1] : UNDEF()],
        ['nextitem', i < items.length - 1 ? items[i + 1] : UNDEF()],
        ['cycle', cycle],
        ['changed', changed],
      ]);
      index = i;
      setVar(scope, 'loop', recurse ? new RecursiveLoopValue(loop, recurse) : new ObjectValue(loop));
      this.assign(node.loopvar!, items[i], scope);
      iterated = true;
      try {
        out += this.block(node.body!, scope);
      } catch (e) {
        if (e instanceof ContinueSignal) continue;
        if (e instanceof BreakSignal) break;
        throw e;
      }
    }
    if (!iterated && node.defaultBlock?.length) out += this.block(node.defaultBlock, scope);
    return str(out);
  }

  /** Binds call arguments to macro parameters the way Jinja2 does. */
  private bind(displayName: string, params: N[], args: RV[], scope: Environment, special: { varargs: boolean; kwargs: boolean }): void {
    const last = args[args.length - 1];
    const positional = last instanceof KeywordArgumentsValue ? args.slice(0, -1) : args;
    const kwargs = new Map(last instanceof KeywordArgumentsValue ? last.value : []);
    const defaults: [string, N][] = [];
    params.forEach((p, i) => {
      const name = (p.type === 'Identifier' ? p.value : p.key!.value) as string;
      let v: RV | undefined = positional[i];
      if (v === undefined && kwargs.has(name)) {
        v = kwargs.get(name);
        kwargs.delete(name);
      } else if (v !== undefined && kwargs.has(name)) {
        throw new Error(`macro '${displayName}' got multiple values for argument '${name}'`);
      }
      if (v === undefined && p.type === 'KeywordArgumentExpression') defaults.push([name, p.value as N]);
      setVar(scope, name, v ?? missing(`'${name}' is undefined`));
    });
    if (special.kwargs) setVar(scope, 'kwargs', new ObjectValue(kwargs));
    else if (kwargs.size) throw new Error(`macro '${displayName}' takes no keyword argument '${kwargs.keys().next().value}'`);
    if (special.varargs) setVar(scope, 'varargs', new TupleValue(positional.slice(params.length)));
    else if (positional.length > params.length) {
      throw new Error(`macro '${displayName}' takes not more than ${params.length} argument(s)`);
    }
    for (const [name, expr] of defaults) setVar(scope, name, this.ev(expr, scope));
  }

  /** A macro as a function value: lexical scope, `caller` passed as a kwarg, `return()` ends it with a value. */
  makeMacro(node: N, defEnv: Environment, qualifiedName: string): RVOf<JFunction> {
    const name = node.name!.value as string;
    const special = specialArgs(node);
    const macro = makeFunction((args) => {
      let callArgs = args;
      let caller: RV | undefined;
      const last = args[args.length - 1];
      if (last instanceof KeywordArgumentsValue && last.value.has('caller')) {
        const kw = new Map(last.value);
        caller = kw.get('caller');
        kw.delete('caller');
        callArgs = [...args.slice(0, -1), new KeywordArgumentsValue(kw)];
      }
      const scope = childEnv(defEnv);
      if (caller) setVar(scope, 'caller', caller);
      this.bind(name, node.args ?? [], callArgs, scope, special);
      this.hooks.onMacroCall?.(qualifiedName);
      try {
        return str(this.block(node.body!, scope));
      } catch (e) {
        if (e instanceof ReturnSignal) return fromJs(e.value);
        // The caller's tag is a frame of the call stack even when it sits in the same file.
        if (e instanceof TemplateError) e.leftMacro = true;
        throw e;
      }
    }, name);
    // Jinja2's Macro attributes a template may read.
    const params = (node.args ?? []).map((p) => str((p.type === 'Identifier' ? p.value : p.key!.value) as string));
    setMacroAttributes(
      macro,
      new Map<string, RV>([
        ['name', str(name)],
        ['arguments', new TupleValue(params)],
        ['catch_kwargs', new BooleanValue(special.kwargs)],
        ['catch_varargs', new BooleanValue(special.varargs)],
        ['caller', new BooleanValue(special.caller)],
      ]),
    );
    return macro;
  }

  private callBlock(node: N, env: Environment): RV {
    const params = node.callerArgs ?? [];
    const special = { varargs: false, kwargs: false };
    const callerFn = makeFunction((args) => {
      const scope = childEnv(env);
      this.bind('caller', params, args, scope, special);
      return str(this.block(node.body!, scope));
    }, 'caller');
    const call = node.call!;
    const [pos, kw] = this.args(call.args ?? [], env);
    kw.set('caller', callerFn);
    const fn = this.ev(call.callee, env);
    const r = this.invoke(fn, pos, kw, env, call.callee!);
    return r instanceof NullValue || r instanceof UndefinedValue ? str('') : str(pyStr(r));
  }

  args(nodes: N[], env: Environment): [RV[], Map<string, RV>] {
    const pos: RV[] = [];
    const kw = new Map<string, RV>();
    for (const a of nodes) {
      if (a.type === 'KeywordArgumentExpression') {
        const k = a.key!.value as string;
        if (kw.has(k)) throw new Error(`got multiple values for keyword argument '${k}'`);
        kw.set(k, this.ev(a.value as N, env));
      } else if (a.type === 'SpreadExpression') {
        const v = this.ev(a.argument, env);
        const items = iterate(v);
        if (!items) throw new Error(`argument after * must be an iterable, not ${typeName(v)}`);
        pos.push(...items);
      } else if (a.type === 'KeywordSpreadExpression') {
        const v = this.ev(a.argument, env);
        if (!(v instanceof ObjectValue)) throw new Error(`argument after ** must be a mapping, not ${typeName(v)}`);
        for (const [k, x] of v.value) kw.set(k, x);
      } else {
        pos.push(this.ev(a, env));
      }
    }
    return [pos, kw];
  }

  private calleeLabel(callee: N): string {
    if (callee.type === 'Identifier') return callee.value as string;
    if (callee.type === 'MemberExpression' && !callee.computed) return `${this.calleeLabel(callee.object!)}.${callee.property!.value}`;
    return 'expression';
  }

  invoke(fn: RV, pos: RV[], kw: Map<string, RV>, env: Environment, callee: N): RV {
    if (fn instanceof RecursiveLoopValue) {
      if (pos.length !== 1 || kw.size) throw new Error(`loop() takes exactly one argument, the items to loop over (${pos.length + kw.size} given)`);
      return fn.recurse(pos[0]);
    }
    if (fn instanceof FunctionValue) {
      return fn.value(kw.size ? [...pos, new KeywordArgumentsValue(kw)] : pos, env) ?? NONE();
    }
    if (fn instanceof HostValue && fn.host.hooks.rawCall) return fn.host.hooks.rawCall(kw.size ? [...pos, new KeywordArgumentsValue(kw)] : pos, env);
    if (fn instanceof HostValue && fn.host.hooks.call) {
      const kwargs: Record<string, unknown> = {};
      for (const [k, v] of kw) kwargs[k] = toJs(v);
      return fromJs(fn.host.hooks.call(pos.map(toJs), kwargs));
    }
    if (fn instanceof UndefinedValue) {
      const label = this.calleeLabel(callee);
      const hint = undefinedHints.get(fn);
      if (callee.type === 'Identifier') {
        throw new Error(`'${label}' is undefined: no macro or function has this name. Check the spelling, or install the package that defines it.`);
      }
      // `pkg.macro(...)`: most often a package packages.yml declares that is not installed (or is an older version).
      const owner = callee.type === 'MemberExpression' && callee.object?.type === 'Identifier' ? (callee.object.value as string) : undefined;
      const install = owner ? `. If '${owner}' is a package, check that packages.yml declares it and run \`bronze deps\` to install it` : '';
      throw new Error(`${hint ?? `'${label}' is undefined`}: '${label}' cannot be called${install}`);
    }
    if (callee.type === 'Identifier' && callee.value === 'loop' && fn instanceof ObjectValue) {
      throw new Error("a loop can call itself only when marked recursive: `{% for x in items recursive %}…{{ loop(x.children) }}…{% endfor %}`");
    }
    throw new Error(`'${typeName(fn)}' object is not callable (in '${this.calleeLabel(callee)}(...)')`);
  }

  private callExpression(node: N, env: Environment): RV {
    const fn = this.ev(node.callee, env);
    const [pos, kw] = this.args(node.args ?? [], env);
    return this.invoke(fn, pos, kw, env, node.callee!);
  }

  private member(node: N, env: Environment): RV {
    const obj = this.ev(node.object, env);
    const prop = node.property!;
    if (node.computed) {
      if (prop.type === 'SliceExpression') return this.slice(obj, prop, env);
      return getItem(obj, this.ev(prop, env));
    }
    if (prop.type === 'IntegerLiteral') return getItem(obj, new IntegerValue(prop.value as number));
    return getAttr(obj, prop.value as string);
  }

  private slice(obj: RV, node: N, env: Environment): RV {
    if (obj instanceof UndefinedValue) throw new Error(undefinedMessage(obj));
    const bound = (n: N | undefined): number | undefined => {
      if (!n) return undefined;
      const v = this.ev(n, env);
      if (v instanceof NullValue || v instanceof UndefinedValue) return undefined;
      if (!(v instanceof IntegerValue)) throw new Error('slice indices must be integers or None');
      return v.value;
    };
    const step = bound(node.step) ?? 1;
    if (step === 0) throw new Error('slice step cannot be zero');
    const seq: unknown[] = obj instanceof StringValue ? Array.from(obj.value) : obj instanceof ArrayValue ? obj.value : [];
    if (!(obj instanceof StringValue || obj instanceof ArrayValue)) throw new Error(`'${typeName(obj)}' object is not subscriptable`);
    // A set or dict view takes no slice (TypeError in Jinja2 too, where an index of one gives Undefined).
    if (!isPositional(obj)) throw new Error(`'${typeName(obj)}' object is not subscriptable`);
    const len = seq.length;
    const norm = (i: number | undefined, dflt: number, lo: number, hi: number) =>
      i === undefined ? dflt : Math.min(Math.max(i < 0 ? i + len : i, lo), hi);
    const out: unknown[] = [];
    const [a, b] =
      step > 0
        ? [norm(bound(node.start), 0, 0, len), norm(bound(node.stop), len, 0, len)]
        : [norm(bound(node.start), len - 1, -1, len - 1), norm(bound(node.stop), -1, -1, len - 1)];
    // A slice of a range is a range: range(10)[::-1] is range(9, -1, -1).
    const range = rangeBounds(obj);
    if (range) return rangeValue(range[0] + a * range[2], range[0] + b * range[2], range[2] * step);
    if (step > 0) for (let i = a; i < b; i += step) out.push(seq[i]);
    else for (let i = a; i > b; i += step) out.push(seq[i]);
    if (obj instanceof StringValue) return str(out.join(''));
    return obj instanceof TupleValue ? new TupleValue(out as RV[]) : new ArrayValue(out as RV[]);
  }

  filterValue(operand: RV, filter: N, env: Environment): RV {
    let name: string;
    let pos: RV[] = [];
    let kw = new Map<string, RV>();
    if (filter.type === 'CallExpression') {
      name = filter.callee!.value as string;
      [pos, kw] = this.args(filter.args ?? [], env);
    } else {
      name = filter.value as string;
    }
    const extra = this.hooks.filters?.get(name);
    if (extra) {
      const kwargs: Record<string, unknown> = {};
      for (const [k, v] of kw) kwargs[k] = toJs(v);
      return fromJs(extra(toJs(operand), pos.map(toJs), kwargs));
    }
    return runFilter(name, operand, pos, kw);
  }

  private binary(node: N, env: Environment): RV {
    const op = node.operator!.value;
    const left = this.ev(node.left, env);
    if (op === 'and') return pyBool(left) ? this.ev(node.right, env) : left;
    if (op === 'or') return pyBool(left) ? left : this.ev(node.right, env);
    const right = this.ev(node.right, env);
    return binaryOp(op, left, right);
  }
}

function numResult(left: RV, right: RV, n: number, exact?: (a: bigint, b: bigint) => bigint): RV {
  if (left instanceof FloatValue || right instanceof FloatValue) return new FloatValue(n);
  return new IntegerValue(exact && !Number.isSafeInteger(n) ? exactInteger(n, exact(BigInt(num(left)), BigInt(num(right)))) : n);
}

/** Python's integers have no bound; Bronze's are doubles, exact to 2**53: a result a double cannot hold is refused. */
function exactInteger(n: number, exact: bigint): number {
  if (Number.isFinite(n) && BigInt(n) === exact) return n;
  throw new Error(`the integer ${exact} is past 2**53, which Bronze's integers (doubles) cannot hold exactly: Bronze does not support it`);
}

function unsupported(op: string, a: RV, b: RV): Error {
  return new Error(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function contains(container: RV, item: RV): boolean {
  if (container instanceof UndefinedValue) return false;
  if (container instanceof StringValue) {
    if (!(item instanceof StringValue)) throw new Error(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.value.includes(item.value);
  }
  if (container instanceof HostValue) {
    if (container.host.hooks.iter) return (iterate(container) ?? []).some((x) => pyEq(x, item));
    return item instanceof StringValue && container.value.has(item.value);
  }
  if (container instanceof ObjectValue) return container.value.has(dictKey(item));
  if (container instanceof ArrayValue) return container.value.some((x) => pyEq(x, item));
  throw new Error(`argument of type '${typeName(container)}' is not iterable`);
}

export function binaryOp(op: string, left: RV, right: RV): RV {
  switch (op) {
    case '==':
      return new BooleanValue(pyEq(left, right));
    case '!=':
      return new BooleanValue(!pyEq(left, right));
    case 'in':
      return new BooleanValue(contains(right, left));
    case 'not in':
      return new BooleanValue(!contains(right, left));
    case '~':
      return str(pyStr(left) + pyStr(right));
  }
  for (const [self, other, reflected] of [
    [left, right, false],
    [right, left, true],
  ] as const) {
    if (self instanceof HostValue && self.host.hooks.binary) {
      const r = self.host.hooks.binary(op, toJs(other), reflected);
      if (r !== NOT_IMPLEMENTED) return fromJs(r);
    }
  }
  if (left instanceof UndefinedValue) throw new Error(undefinedMessage(left));
  if (right instanceof UndefinedValue) throw new Error(undefinedMessage(right));
  switch (op) {
    case '<':
      return new BooleanValue(compareValues(left, right) < 0);
    case '>':
      return new BooleanValue(compareValues(left, right) > 0);
    case '<=':
      return new BooleanValue(compareValues(left, right) <= 0);
    case '>=':
      return new BooleanValue(compareValues(left, right) >= 0);
  }
  const numeric = isNumeric(left) && isNumeric(right);
  const a = numeric ? num(left) : 0;
  const b = numeric ? num(right) : 0;
  switch (op) {
    case '+':
      if (numeric) return numResult(left, right, a + b, (x, y) => x + y);
      if (left instanceof StringValue && right instanceof StringValue) return str(left.value + right.value);
      if (
        left instanceof ArrayValue &&
        right instanceof ArrayValue &&
        left instanceof TupleValue === right instanceof TupleValue &&
        !rangeBounds(left) &&
        !rangeBounds(right) &&
        isPositional(left) &&
        isPositional(right)
      ) {
        return left instanceof TupleValue ? new TupleValue([...left.value, ...right.value]) : new ArrayValue([...left.value, ...right.value]);
      }
      if (left instanceof StringValue) throw new Error(`can only concatenate str (not "${typeName(right)}") to str`);
      throw unsupported('+', left, right);
    case '-':
      if (numeric) return numResult(left, right, a - b, (x, y) => x - y);
      throw unsupported('-', left, right);
    case '*':
      if (numeric) return numResult(left, right, a * b, (x, y) => x * y);
      // A sequence times an int, either way round (3 * 'x' too).
      if (right instanceof StringValue && left instanceof IntegerValue) return binaryOp('*', right, left);
      if (right instanceof ArrayValue && left instanceof IntegerValue) return binaryOp('*', right, left);
      if (left instanceof StringValue && right instanceof IntegerValue) return str(left.value.repeat(Math.max(0, right.value)));
      if (left instanceof ArrayValue && right instanceof IntegerValue && !rangeBounds(left) && isPositional(left)) {
        const out: RV[] = [];
        for (let i = 0; i < right.value; i++) out.push(...left.value);
        return left instanceof TupleValue ? new TupleValue(out) : new ArrayValue(out);
      }
      throw unsupported('*', left, right);
    case '/':
      if (!numeric) throw unsupported('/', left, right);
      if (b === 0) throw new Error('division by zero');
      return new FloatValue(a / b);
    case '//':
      if (!numeric) throw unsupported('//', left, right);
      if (b === 0) throw new Error('integer division or modulo by zero');
      return numResult(left, right, Math.floor(a / b));
    case '%':
      if (left instanceof StringValue) return str(percentFormat(left.value, right));
      if (!numeric) throw unsupported('%', left, right);
      if (b === 0) throw new Error('integer division or modulo by zero');
      return numResult(left, right, ((a % b) + b) % b);
    case '**':
      if (!numeric) throw unsupported('**', left, right);
      if (left instanceof FloatValue || right instanceof FloatValue || b < 0) return new FloatValue(a ** b);
      return new IntegerValue(Number.isSafeInteger(a ** b) ? a ** b : exactInteger(a ** b, BigInt(a) ** BigInt(b)));
  }
  throw new Error(`unknown operator '${op}'`);
}

