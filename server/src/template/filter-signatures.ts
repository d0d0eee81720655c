// The parameters of Jinja2 3.1's filters and tests (after the value), as jinja2/filters.py and jinja2/tests.py
// declare them, and dbt's own filters (dbt-core's clients/jinja.py: as_text, as_bool, as_number, as_native take
// the value only). Python binds a call's arguments to these names, so a filter given an argument its function
// does not take fails there: `'x' | upper(foo=1)` is Jinja2's "do_upper() got an unexpected keyword argument
// 'foo'", never silently ignored.
import type { RV } from './values';

interface Signature {
  /** Parameter names in order (each may be given by position or by name). */
  params: string[];
  /** How many of them have no default. */
  required: number;
}

const sig = (required: number, ...params: string[]): Signature => ({ params, required });

/** Filters declared `(value, *args, **kwargs)` (format, map, select…) are absent: they take any arguments. */
const FILTER_SIGNATURES: Record<string, Signature> = {
  abs: sig(0),
  attr: sig(1, 'name'),
  batch: sig(1, 'linecount', 'fill_with'),
  capitalize: sig(0),
  center: sig(0, 'width'),
  count: sig(0),
  default: sig(0, 'default_value', 'boolean'),
  d: sig(0, 'default_value', 'boolean'),
  dictsort: sig(0, 'case_sensitive', 'by', 'reverse'),
  e: sig(0),
  escape: sig(0),
  filesizeformat: sig(0, 'binary'),
  first: sig(0),
  float: sig(0, 'default'),
  forceescape: sig(0),
  groupby: sig(1, 'attribute', 'default', 'case_sensitive'),
  indent: sig(0, 'width', 'first', 'blank'),
  int: sig(0, 'default', 'base'),
  items: sig(0),
  join: sig(0, 'd', 'attribute'),
  last: sig(0),
  length: sig(0),
  list: sig(0),
  lower: sig(0),
  max: sig(0, 'case_sensitive', 'attribute'),
  min: sig(0, 'case_sensitive', 'attribute'),
  pprint: sig(0),
  random: sig(0),
  replace: sig(2, 'old', 'new', 'count'),
  reverse: sig(0),
  round: sig(0, 'precision', 'method'),
  safe: sig(0),
  slice: sig(1, 'slices', 'fill_with'),
  sort: sig(0, 'reverse', 'case_sensitive', 'attribute'),
  string: sig(0),
  striptags: sig(0),
  sum: sig(0, 'attribute', 'start'),
  title: sig(0),
  tojson: sig(0, 'indent'),
  trim: sig(0, 'chars'),
  truncate: sig(0, 'length', 'killwords', 'end', 'leeway'),
  unique: sig(0, 'case_sensitive', 'attribute'),
  upper: sig(0),
  urlencode: sig(0),
  urlize: sig(0, 'trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'),
  wordcount: sig(0),
  wordwrap: sig(0, 'width', 'break_long_words', 'wrapstring', 'break_on_hyphens'),
  xmlattr: sig(0, 'autospace'),
  as_text: sig(0),
  as_bool: sig(0),
  as_number: sig(0),
  as_native: sig(0),
};

const TEST_SIGNATURES: Record<string, Signature> = {
  divisibleby: sig(1, 'num'),
  in: sig(1, 'seq'),
  sameas: sig(1, 'other'),
  // The comparisons are Python's operator.eq, operator.lt…, whose argument cannot be given by name.
  ...Object.fromEntries(['eq', 'equalto', '==', 'ne', '!=', 'lt', 'lessthan', '<', 'le', '<=', 'gt', 'greaterthan', '>', 'ge', '>='].map((n) => [n, sig(1, 'b (positional only)')])),
};

/**
 * Checks a filter's (or test's) arguments against its Python signature, failing with Python's TypeError where
 * Python would, and returns them bound by position (undefined where a default applies); a name without a recorded
 * signature (a filter taking *args/**kwargs) takes anything and gets its positional arguments back.
 */
export function checkArguments(kind: 'filter' | 'test', name: string, args: RV[], kwargs: ReadonlyMap<string, RV>): (RV | undefined)[] {
  const table = kind === 'filter' ? FILTER_SIGNATURES : TEST_SIGNATURES;
  // A test not listed takes the value only (defined, none, string…).
  const s = Object.hasOwn(table, name) ? table[name] : kind === 'test' ? sig(0) : undefined;
  if (!s) return args;
  const what = `the ${kind} '${name}'`;
  if (args.length > s.params.length) {
    const takes = s.params.length === 0 ? 'no arguments' : `at most ${s.params.length} argument${s.params.length === 1 ? '' : 's'} (${s.params.join(', ')})`;
    throw new Error(`${what} takes ${takes} after the value, but ${args.length} were given`);
  }
  for (const key of kwargs.keys()) {
    const at = s.params.indexOf(key);
    if (at < 0) throw new Error(`${what} got an unexpected keyword argument '${key}'`);
    if (at < args.length) throw new Error(`${what} got multiple values for argument '${key}'`);
  }
  const missing = s.params.slice(args.length, s.required).filter((p) => !kwargs.has(p));
  if (missing.length) throw new Error(`${what} is missing its required argument${missing.length > 1 ? 's' : ''} ${missing.map((p) => `'${p}'`).join(' and ')}`);
  return s.params.map((p, i) => args[i] ?? kwargs.get(p));
}
