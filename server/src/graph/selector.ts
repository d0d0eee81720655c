// dbt's node selection grammar, parsed into an AST whose every piece knows its character span in the
// selector string, so a mistake can be pointed at:
//
//   expression   := criterion-set ( whitespace criterion-set )*        union
//   criterion-set:= criterion ( ',' criterion )*                         intersection
//   criterion    := [@] [N] [+] [method[.arg]* ':'] value [+ [N]]

import { BronzeError } from '../core/types';
import { STATE_SELECTORS } from './state';

export const SELECTOR_FORMS =
  'Selectors look like [@][N+]method:value[+N] (e.g. stg_users, +stg_users, stg_users+2, @stg_users, ' +
  'tag:nightly, path:models/staging, source:raw.users+, config.materialized:incremental, state:modified+); ' +
  'a space means union, a comma means intersection.';

/** Methods Bronze evaluates. */
export const SUPPORTED_METHODS = [
  'fqn',
  'tag',
  'path',
  'file',
  'package',
  'source',
  'resource_type',
  'test_type',
  'test_name',
  'config',
  'state',
] as const;
export type SelectorMethod = (typeof SUPPORTED_METHODS)[number];

/** dbt methods that need artifacts or resources Bronze does not have. */
const UNSUPPORTED_METHODS: Record<string, string> = {
  result: 'it reads a previous run_results.json, which Bronze does not read back',
  source_status: 'it reads previous freshness results, which Bronze does not read back',
  exposure: 'Bronze does not load exposures',
  metric: 'Bronze does not load metrics',
  semantic_model: 'Bronze does not load semantic models',
  saved_query: 'Bronze does not load saved queries',
  unit_test: 'select unit tests with test_type:unit, resource_type:unit_test or by their name',
  group: 'Bronze does not load groups',
  access: 'Bronze does not load model access levels',
  version: 'Bronze does not select on model versions',
  selector: 'Bronze does not read selectors.yml',
  wildcard: 'it is not a selection method',
};

/** Values `resource_type:` accepts. */
export const SELECTABLE_RESOURCE_TYPES = ['model', 'test', 'unit_test', 'source', 'seed', 'snapshot', 'analysis'] as const;
const DBT_ONLY_RESOURCE_TYPES = ['exposure', 'metric', 'semantic_model', 'saved_query', 'function', 'macro', 'operation', 'group', 'doc'];

/** Values `test_type:` accepts; `data` and `schema` are dbt's legacy names for singular and generic. */
export const TEST_TYPES = ['generic', 'singular', 'unit', 'data', 'schema'] as const;

export interface Span {
  /** 0-based offset of the first character in the selector string. */
  start: number;
  /** 0-based offset just past the last character. */
  end: number;
}

export interface SelectorCriterion extends Span {
  kind: 'criterion';
  /** The criterion as written, e.g. `2+tag:nightly+`. */
  raw: string;
  method: SelectorMethod;
  /** Whether the method was written out (`tag:x`) or inferred from the value (`x`, `models/x`, `x.sql`). */
  explicitMethod: boolean;
  /** `config.materialized` → `['materialized']`; empty for other methods. */
  methodArgs: string[];
  value: string;
  /** `@value`: the value, its descendants and all ancestors of those descendants. */
  childrensParents: boolean;
  /** `+value` / `N+value`. */
  parents: boolean;
  parentsDepth?: number;
  /** `value+` / `value+N`. */
  children: boolean;
  childrenDepth?: number;
}

export interface SelectorIntersection extends Span {
  kind: 'intersection';
  items: SelectorCriterion[];
}

export interface SelectorUnion extends Span {
  kind: 'union';
  items: SelectorExpression[];
}

export type SelectorExpression = SelectorCriterion | SelectorIntersection | SelectorUnion;

/** A selector that cannot be parsed. `offset`/`length` locate the problem in `selector`. */
export class SelectorError extends BronzeError {
  constructor(
    readonly reason: string,
    readonly selector: string,
    readonly offset: number,
    readonly length: number = 1,
  ) {
    super(
      `Invalid selector "${selector}" at character ${offset + 1}: ${reason}\n` +
        `  ${selector}\n  ${' '.repeat(offset)}${'^'.repeat(Math.max(1, length))}\n` +
        SELECTOR_FORMS,
      undefined,
      'bronze/invalid-selector',
    );
    this.name = 'SelectorError';
  }
}

/** Parses one selector string (one `--select` argument). Throws SelectorError. */
export function parseSelector(text: string): SelectorExpression {
  const sets: SelectorExpression[] = [];
  const word = /\S+/g;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    sets.push(parseIntersection(text, m[0], m.index));
  }
  if (sets.length === 0) throw new SelectorError('the selector is empty; give at least one node, e.g. a model name.', text, 0, 1);
  if (sets.length === 1) return sets[0];
  return { kind: 'union', items: sets, start: sets[0].start, end: sets[sets.length - 1].end };
}

/**
 * Parses several selector strings as their union (dbt's repeated `--select`); blank ones are skipped and
 * an empty list gives null. Spans stay relative to each string; the outer union's own span is 0..0.
 */
export function parseSelectors(texts: readonly string[]): SelectorExpression | null {
  const items = texts.filter((t) => t.trim() !== '').map(parseSelector);
  if (items.length === 0) return null;
  if (items.length === 1) return items[0];
  return { kind: 'union', items, start: 0, end: 0 };
}

function parseIntersection(text: string, word: string, base: number): SelectorExpression {
  const parts = word.split(',');
  const items: SelectorCriterion[] = [];
  let offset = base;
  parts.forEach((part, i) => {
    if (part === '') {
      const why =
        i === 0
          ? "a ',' (intersection) needs a criterion before it."
          : i === parts.length - 1
            ? "a ',' (intersection) needs a criterion after it."
            : "two ',' in a row: put a criterion between them.";
      // Point at the comma that has nothing on its far side.
      throw new SelectorError(why, text, i === parts.length - 1 && i > 0 ? offset - 1 : offset, 1);
    }
    items.push(parseCriterion(text, part, offset));
    offset += part.length + 1;
  });
  if (items.length === 1) return items[0];
  return { kind: 'intersection', items, start: base, end: base + word.length };
}

const METHOD_NAME = /^[A-Za-z_][\w.]*$/;

function parseCriterion(text: string, raw: string, base: number): SelectorCriterion {
  let pos = 0;
  const fail = (reason: string, at: number, length = 1): never => {
    throw new SelectorError(reason, text, base + at, length);
  };

  let childrensParents = false;
  if (raw[pos] === '@') {
    childrensParents = true;
    pos++;
  }
  let parents = false;
  let parentsDepth: number | undefined;
  const prefix = /^(\d*)\+/.exec(raw.slice(pos));
  if (prefix) {
    if (childrensParents) fail("'@' and a '+' prefix cannot be combined: '@' already adds ancestors. Use @name or +name.", pos, prefix[0].length);
    parents = true;
    if (prefix[1] !== '') parentsDepth = Number(prefix[1]);
    pos += prefix[0].length;
  }

  let children = false;
  let childrenDepth: number | undefined;
  let bodyEnd = raw.length;
  const suffix = /\+(\d*)$/.exec(raw);
  if (suffix && suffix.index >= pos) {
    children = true;
    if (suffix[1] !== '') childrenDepth = Number(suffix[1]);
    bodyEnd = suffix.index;
  }

  const body = raw.slice(pos, bodyEnd);
  const bodyStart = pos;
  if (body === '') {
    fail('a graph operator needs a node to apply to, e.g. +stg_users or stg_users+.', Math.min(bodyStart, raw.length - 1), raw.length);
  }
  if (body.startsWith('@')) fail("'@' must come first, before any '+' or depth.", bodyStart);
  const plus = body.indexOf('+');
  if (plus >= 0) {
    fail(
      "'+' is a graph operator and only goes at the start (+name, 2+name) or the end (name+, name+2).",
      bodyStart + plus,
    );
  }

  let method: SelectorMethod;
  let methodArgs: string[] = [];
  let value: string;
  let valueStart = bodyStart;
  let explicitMethod = false;
  const colon = body.indexOf(':');
  // `C:\…` is a Windows path, not a method.
  const windowsDrive = colon === 1 && /^[A-Za-z]:[\\/]/.test(body);
  if (colon >= 0 && !windowsDrive) {
    explicitMethod = true;
    const methodText = body.slice(0, colon);
    value = body.slice(colon + 1);
    valueStart = bodyStart + colon + 1;
    if (methodText === '') fail("a ':' needs a method name before it, e.g. tag:nightly.", bodyStart + colon);
    if (!METHOD_NAME.test(methodText)) fail(`'${methodText}' is not a method name.`, bodyStart, methodText.length);
    const [name, ...args] = methodText.split('.');
    if (name in UNSUPPORTED_METHODS) {
      fail(`the '${name}' method is not supported: ${UNSUPPORTED_METHODS[name]}. Supported methods: ${SUPPORTED_METHODS.join(', ')}.`, bodyStart, methodText.length);
    }
    if (!(SUPPORTED_METHODS as readonly string[]).includes(name)) {
      fail(`unknown method '${name}'. Supported methods: ${SUPPORTED_METHODS.join(', ')}.`, bodyStart, name.length);
    }
    method = name as SelectorMethod;
    if (method === 'config') {
      if (args.length === 0 || args.some((a) => a === '')) {
        fail("'config' needs a key, e.g. config.materialized:incremental.", bodyStart, methodText.length);
      }
      methodArgs = args;
    } else if (args.length > 0) {
      fail(`the '${method}' method takes no '.${args.join('.')}' argument; only config.<key> does.`, bodyStart + name.length, methodText.length - name.length);
    }
    if (value === '') fail(`'${methodText}' needs a value after ':', e.g. ${example(method)}.`, bodyStart + colon);
  } else {
    value = body;
    method = defaultMethod(value);
  }

  checkValue(method, value, (reason) => fail(reason, valueStart, value.length));

  const criterion: SelectorCriterion = {
    kind: 'criterion',
    raw,
    method,
    explicitMethod,
    methodArgs,
    value,
    childrensParents,
    parents,
    children,
    start: base,
    end: base + raw.length,
  };
  if (parentsDepth !== undefined) criterion.parentsDepth = parentsDepth;
  if (childrenDepth !== undefined) criterion.childrenDepth = childrenDepth;
  return criterion;
}

/** dbt's inference: a path separator means `path`, a file extension means `file`, else `fqn`. */
function defaultMethod(value: string): SelectorMethod {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}

function example(method: SelectorMethod): string {
  switch (method) {
    case 'fqn':
      return 'fqn:my_project.staging.*';
    case 'tag':
      return 'tag:nightly';
    case 'path':
      return 'path:models/staging';
    case 'file':
      return 'file:stg_users.sql';
    case 'package':
      return 'package:my_project';
    case 'source':
      return 'source:raw.users';
    case 'resource_type':
      return 'resource_type:model';
    case 'test_type':
      return 'test_type:generic';
    case 'test_name':
      return 'test_name:not_null';
    case 'config':
      return 'config.materialized:incremental';
    case 'state':
      return 'state:modified';
  }
}

function checkValue(method: SelectorMethod, value: string, fail: (reason: string) => never): void {
  if (method === 'resource_type' && !(SELECTABLE_RESOURCE_TYPES as readonly string[]).includes(value)) {
    const why = DBT_ONLY_RESOURCE_TYPES.includes(value) ? `Bronze does not load ${value} nodes` : `'${value}' is not a resource type`;
    fail(`${why}. Accepted: ${SELECTABLE_RESOURCE_TYPES.join(', ')}.`);
  }
  if (method === 'test_type' && !(TEST_TYPES as readonly string[]).includes(value)) {
    fail(`'${value}' is not a test type. Accepted: generic, singular, unit.`);
  }
  if (method === 'state' && !(STATE_SELECTORS as readonly string[]).includes(value)) {
    fail(`'${value}' is not a state selector. Accepted: ${STATE_SELECTORS.join(', ')}.`);
  }
  if (method === 'source' && value.split('.').length > 3) {
    fail("a source selector has at most three parts: source:source_name, source:source_name.table or source:package.source_name.table.");
  }
  if (method === 'source' && value.split('.').some((p) => p === '')) {
    fail("empty part in the source selector; write source:source_name or source:source_name.table.");
  }
}
