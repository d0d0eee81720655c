// dbt's `modules.itertools` (the fourteen functions dbt-core exports): Python's iterators, lazy and used up once,
// so `islice(count(), 3)` ends and a second loop over the same iterator is empty, as in Python. An endless one
// (count, cycle, repeat without times, or built from one) can be read through islice or zip_longest's shorter
// partners; looping over it whole is an error naming it, where Python would never end.
import { Environment } from '@huggingface/jinja';
import { binaryOp } from './interpreter';
import {
  FunctionValue,
  HostValue,
  IntegerValue,
  JinjaObject,
  NullValue,
  RawFunction,
  TupleValue,
  iterate,
  pyBool,
  splitKwargs,
  typeName,
  type RV,
} from './values';

class PyIterator implements Iterator<RV> {
  constructor(
    readonly kind: string,
    private readonly source: Iterator<RV>,
    readonly endless: boolean,
  ) {}
  next(): IteratorResult<RV> {
    return this.source.next();
  }
  drain(): RV[] {
    if (this.endless) throw new Error(`itertools.${this.kind}: this iterator never ends (Python would loop forever); take a part of it with modules.itertools.islice(…, n)`);
    const out: RV[] = [];
    for (let r = this.next(); !r.done; r = this.next()) out.push(r.value);
    return out;
  }
}

function iteratorValue(it: PyIterator): HostValue {
  const host = new JinjaObject(
    {},
    {
      iter: () => it.drain(),
      str: () => {
        throw new Error(`itertools.${it.kind}: Python prints an iterator as its memory address (<itertools.${it.kind} object at 0x…>); Bronze does not print it — use | list`);
      },
      typeName: `itertools.${it.kind}`,
      truthy: () => true,
      length: () => {
        throw new Error(`TypeError: object of type 'itertools.${it.kind}' has no len()`);
      },
    },
  );
  Object.defineProperty(host.attrs, '__py', { value: it, enumerable: false });
  return new HostValue(host);
}

/** An iterable argument, pulled lazily when it is one of these iterators. */
function source(v: RV | undefined): { it: Iterator<RV>; endless: boolean } {
  if (v instanceof HostValue) {
    const py = (v.host.attrs as { __py?: unknown }).__py;
    if (py instanceof PyIterator) return { it: py, endless: py.endless };
  }
  const items = v === undefined ? null : iterate(v);
  if (!items) throw new Error(`TypeError: '${v === undefined ? 'NoneType' : typeName(v)}' object is not iterable`);
  return { it: items[Symbol.iterator](), endless: false };
}

function all(v: RV | undefined, kind: string): RV[] {
  const s = source(v);
  if (s.endless) throw new Error(`itertools.${kind}: an endless iterator as input never ends (Python would loop forever)`);
  const out: RV[] = [];
  for (let r = s.it.next(); !r.done; r = s.it.next()) out.push(r.value);
  return out;
}

function int(v: RV | undefined, what: string, fallback?: number): number {
  if ((v === undefined || v instanceof NullValue) && fallback !== undefined) return fallback;
  if (!(v instanceof IntegerValue) || v.value < 0) throw new Error(`ValueError: ${what} must be a non-negative integer`);
  return v.value;
}

function call(fn: RV | undefined, args: RV[], env: Environment): RV {
  if (!(fn instanceof FunctionValue)) throw new Error(`TypeError: '${fn === undefined ? 'NoneType' : typeName(fn)}' object is not callable`);
  return fn.value(args, env);
}

/** Index tuples of r items from n, in Python's order, for the three combinatoric functions. */
function* permutationIndices(n: number, r: number): Generator<number[]> {
  if (r > n) return;
  const pick = (chosen: number[]): number[][] => (chosen.length === r ? [chosen] : [...Array(n).keys()].filter((i) => !chosen.includes(i)).flatMap((i) => pick([...chosen, i])));
  yield* pick([]);
}
function* combinationIndices(n: number, r: number, withReplacement: boolean): Generator<number[]> {
  if (!withReplacement && r > n) return;
  if (withReplacement && n === 0 && r > 0) return;
  const walk = (start: number, chosen: number[]): number[][] =>
    chosen.length === r ? [chosen] : [...Array(n).keys()].slice(start).flatMap((i) => walk(withReplacement ? i : i + 1, [...chosen, i]));
  yield* walk(0, []);
}

type Raw = (args: RV[], kw: Map<string, RV>, env: Environment) => RV;
function raw(name: string, fn: Raw): RawFunction {
  return new RawFunction((args, env) => {
    const [pos, kw] = splitKwargs(args);
    return fn(pos, kw, env);
  }, name);
}
const make = (kind: string, it: Iterator<RV>, endless: boolean) => iteratorValue(new PyIterator(kind, it, endless));

/** `modules.itertools`. */
export function itertoolsModule(): JinjaObject {
  const chainOf = (parts: Iterator<RV>): Iterator<RV> =>
    (function* () {
      for (let p = parts.next(); !p.done; p = parts.next()) {
        const s = source(p.value);
        for (let r = s.it.next(); !r.done; r = s.it.next()) yield r.value;
      }
    })();
  const chain = new JinjaObject(
    {
      from_iterable: raw('from_iterable', ([iterables]) => {
        const s = source(iterables);
        return make('chain', chainOf(s.it), s.endless);
      }),
    },
    {
      rawCall: (args) => {
        const [pos] = splitKwargs(args);
        return make('chain', chainOf(pos[Symbol.iterator]()), pos.some((p) => source(p).endless));
      },
      str: () => "<class 'itertools.chain'>",
    },
  );
  return new JinjaObject({
    count: raw('count', ([start, step], kw) => {
      let cur: RV = kw.get('start') ?? start ?? new IntegerValue(0);
      const by: RV = kw.get('step') ?? step ?? new IntegerValue(1);
      return make('count', (function* () {
        for (;;) {
          yield cur;
          cur = binaryOp('+', cur, by);
        }
      })(), true);
    }),
    cycle: raw('cycle', ([iterable]) => {
      const s = source(iterable);
      const saved: RV[] = [];
      const first = s.it.next();
      if (first.done) return make('cycle', [][Symbol.iterator](), false);
      return make('cycle', (function* () {
        yield first.value;
        saved.push(first.value);
        for (let r = s.it.next(); !r.done; r = s.it.next()) {
          saved.push(r.value);
          yield r.value;
        }
        for (;;) yield* saved;
      })(), true);
    }),
    repeat: raw('repeat', ([obj, times], kw) => {
      const n = kw.get('times') ?? times;
      if (n === undefined) return make('repeat', (function* () {
        for (;;) yield obj ?? new NullValue(null);
      })(), true);
      const count = n instanceof IntegerValue ? Math.max(n.value, 0) : int(n, 'times');
      return make('repeat', Array.from({ length: count }, () => obj ?? new NullValue(null))[Symbol.iterator](), false);
    }),
    accumulate: raw('accumulate', ([iterable, func], kw, env) => {
      const s = source(iterable);
      const fn = kw.get('func') ?? func;
      const initial = kw.get('initial');
      return make('accumulate', (function* () {
        let total: RV | undefined = initial instanceof NullValue ? undefined : initial;
        if (total !== undefined) yield total;
        for (let r = s.it.next(); !r.done; r = s.it.next()) {
          total = total === undefined ? r.value : fn === undefined || fn instanceof NullValue ? binaryOp('+', total, r.value) : call(fn, [total, r.value], env);
          yield total;
        }
      })(), s.endless);
    }),
    chain,
    compress: raw('compress', ([data, selectors]) => {
      const d = source(data);
      const s = source(selectors);
      return make('compress', (function* () {
        for (;;) {
          const a = d.it.next();
          const b = s.it.next();
          if (a.done || b.done) return;
          if (pyBool(b.value)) yield a.value;
        }
      })(), d.endless && s.endless);
    }),
    islice: raw('islice', ([iterable, ...bounds]) => {
      const s = source(iterable);
      const [start, stop, step] =
        bounds.length === 1 ? [0, bounds[0] instanceof NullValue ? undefined : int(bounds[0], 'Stop argument for islice()'), 1] : [int(bounds[0], 'Indices for islice()', 0), bounds[1] instanceof NullValue || bounds[1] === undefined ? undefined : int(bounds[1], 'Stop argument for islice()'), int(bounds[2], 'Step for islice()', 1)];
      if (step === 0) throw new Error('ValueError: Step for islice() must be a positive integer or None.');
      return make('islice', (function* () {
        for (let i = 0; stop === undefined || i < stop; i++) {
          const r = s.it.next();
          if (r.done) return;
          if (i >= start && (i - start) % step === 0) yield r.value;
        }
      })(), s.endless && stop === undefined);
    }),
    starmap: raw('starmap', ([fn, iterable], _kw, env) => {
      const s = source(iterable);
      return make('starmap', (function* () {
        for (let r = s.it.next(); !r.done; r = s.it.next()) yield call(fn, all(r.value, 'starmap'), env);
      })(), s.endless);
    }),
    tee: raw('tee', ([iterable, n]) => {
      const s = source(iterable);
      const copies = int(n, 'n', 2);
      const buffers: RV[][] = Array.from({ length: copies }, () => []);
      const pull = (k: number): IteratorResult<RV> => {
        if (buffers[k].length) return { done: false, value: buffers[k].shift()! };
        const r = s.it.next();
        if (!r.done) buffers.forEach((b, j) => j !== k && b.push(r.value));
        return r;
      };
      return new TupleValue(buffers.map((_, k) => make('_tee', { next: () => pull(k) }, s.endless)));
    }),
    zip_longest: raw('zip_longest', (iterables, kw) => {
      const fill = kw.get('fillvalue') ?? new NullValue(null);
      const sources = iterables.map(source);
      return make('zip_longest', (function* () {
        const done = sources.map(() => false);
        for (;;) {
          const row = sources.map((s, k) => {
            if (done[k]) return fill;
            const r = s.it.next();
            if (r.done) done[k] = true;
            return r.done ? fill : r.value;
          });
          if (done.every(Boolean)) return;
          yield new TupleValue(row);
        }
      })(), sources.some((s) => s.endless));
    }),
    product: raw('product', (iterables, kw) => {
      const pools = iterables.map((p) => all(p, 'product'));
      const times = int(kw.get('repeat'), 'repeat', 1);
      const all_pools = Array.from({ length: times }, () => pools).flat();
      const rows = all_pools.reduce<RV[][]>((acc, pool) => acc.flatMap((row) => pool.map((x) => [...row, x])), [[]]);
      return make('product', rows.map((r) => new TupleValue(r))[Symbol.iterator](), false);
    }),
    permutations: raw('permutations', ([iterable, r], kw) => {
      const pool = all(iterable, 'permutations');
      const size = int(kw.get('r') ?? r, 'r', pool.length);
      return make('permutations', (function* () {
        for (const ix of permutationIndices(pool.length, size)) yield new TupleValue(ix.map((i) => pool[i]));
      })(), false);
    }),
    combinations: raw('combinations', ([iterable, r], kw) => {
      const pool = all(iterable, 'combinations');
      const size = int(kw.get('r') ?? r, 'r');
      return make('combinations', (function* () {
        for (const ix of combinationIndices(pool.length, size, false)) yield new TupleValue(ix.map((i) => pool[i]));
      })(), false);
    }),
    combinations_with_replacement: raw('combinations_with_replacement', ([iterable, r], kw) => {
      const pool = all(iterable, 'combinations_with_replacement');
      const size = int(kw.get('r') ?? r, 'r');
      return make('combinations_with_replacement', (function* () {
        for (const ix of combinationIndices(pool.length, size, true)) yield new TupleValue(ix.map((i) => pool[i]));
      })(), false);
    }),
  });
}
