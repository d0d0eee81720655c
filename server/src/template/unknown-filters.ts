// Jinja2 checks filter and test names when it compiles a template (jinja2/compiler.py, _filter_test_common): a
// name the environment lacks fails the whole template ("No filter named 'bool'."), whether or not that code ever
// runs, except inside an `if` (its test and branches) or an inline `x if c else y`, where the check waits until
// the filter is called (Jinja2 3.0). A loop's, macro's, call block's, filter block's or set block's body opens a
// frame of its own, checked again at compile time.
import { FILTER_CHAIN } from './lexer';
import { locationOf, type N } from './interpreter';
import type { NodeLocation } from './interpreter';

export interface UnknownName {
  kind: 'filter' | 'test';
  name: string;
  /** The innermost located statement or tag holding it. */
  at: NodeLocation | undefined;
}

/** Bodies that Jinja2 compiles in an inner (never soft) frame. */
const INNER_FRAMES = new Set(['For', 'Macro', 'CallStatement', 'FilterStatement', 'SetStatement']);

/** The first filter or test name, outside an `if` or inline if, that neither `hasFilter` nor `hasTest` knows. */
export function firstUnknownName(body: unknown[], hasFilter: (name: string) => boolean, hasTest: (name: string) => boolean): UnknownName | undefined {
  let found: UnknownName | undefined;
  const filterName = (f: N | undefined): string | undefined =>
    f?.type === 'Identifier' ? (f.value as string) : f?.type === 'CallExpression' && f.callee?.type === 'Identifier' ? (f.callee.value as string) : undefined;
  const checkFilter = (f: N | undefined, at: NodeLocation | undefined) => {
    const name = filterName(f);
    if (name === undefined || name === FILTER_CHAIN) return;
    if (name === '__test__' || name === '__test_not__') {
      // `x is name(args)`, which the lexer wrote as a filter whose first argument is the test's name.
      const test = f?.args?.[0];
      if (test?.type === 'StringLiteral' && !hasTest(test.value as string)) found ??= { kind: 'test', name: test.value as string, at };
      return;
    }
    if (!hasFilter(name)) found ??= { kind: 'filter', name, at };
  };
  const visit = (node: unknown, soft: boolean, at: NodeLocation | undefined): void => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const x of node) visit(x, soft, at);
      return;
    }
    const n = node as N;
    if (typeof n.type !== 'string') return;
    const here = locationOf(n) ?? at;
    if (n.type === 'FilterStatement') {
      // A filter block's filters are compiled in the block's own frame, never a soft one.
      const f = n.filter;
      const chain = f?.type === 'CallExpression' && f.callee?.type === 'Identifier' && f.callee.value === FILTER_CHAIN ? (f.args ?? []) : [f];
      for (const each of chain) checkFilter(each, here);
    }
    if (!soft) {
      if (n.type === 'FilterExpression') checkFilter(n.filter, here);
      else if (n.type === 'TestExpression' && n.test?.type === 'Identifier' && !hasTest(n.test.value as string)) {
        found ??= { kind: 'test', name: n.test.value as string, at: here };
      }
    }
    const softHere = soft || n.type === 'If' || n.type === 'Ternary';
    for (const [key, child] of Object.entries(n)) {
      if (key === 'type' || child === null || typeof child !== 'object') continue;
      visit(child, INNER_FRAMES.has(n.type) && key === 'body' ? false : softHere, here);
    }
  };
  visit(body, false, undefined);
  return found;
}
