// The arguments of a schema.yml test, as its compile reads them: `to: ref('x')` / `source('a', 'b')` that name
// nothing, Jinja in an argument that does not parse, and a built-in test without an argument it needs
// (relationships without `field`). Each makes the test's compile fail; say it on the test in schema.yml.
import { BronzeError, type Diagnostic } from '../../core/types';
import { genericTestSql } from '../../compile/tests';
import { didYouMean } from '../../project/did-you-mean';
import { checkTemplateSyntax } from '../../template/syntax';
import { resolveRef } from '../project-index';
import { BUILTIN_PACKAGE_TESTS, BUILTIN_TESTS } from './unknown-generic-test';
import { diag, type Rule, type RuleContext } from './rule';

export const testArguments: Rule = {
  id: 'bronze/test-arguments',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads schema.yml tests; models only by name
  description: 'A schema.yml test argument refs a missing model or source, holds broken Jinja, or a required argument is missing.',
  check(ctx: RuleContext): Diagnostic[] {
    // Tests, models and sources change only when the loader rebuilds their maps.
    const p = ctx.project;
    if (cache && cache.tests === p.tests && cache.models === p.models && cache.sources === p.sources) return cache.out;
    const out = checkAll(ctx);
    cache = { tests: p.tests, models: p.models, sources: p.sources, out };
    return out;
  },
};

let cache: { tests: unknown; models: unknown; sources: unknown; out: Diagnostic[] } | undefined;

const REF = /^\s*ref\(\s*(['"])(\w+)\1\s*(?:,\s*(['"])(\w+)\3\s*)?\)\s*$/;
const SOURCE = /^\s*source\(\s*(['"])(\w+)\1\s*,\s*(['"])(\w+)\3\s*\)\s*$/;

function checkAll(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ownTests = new Set([...ctx.project.macros.values()].filter((m) => m.name.startsWith('test_')).map((m) => m.name.slice(5)));
  for (const t of ctx.project.tests.values()) {
    const meta = t.testMetadata;
    if (!meta || t.packageName !== ctx.project.name) continue;
    const at = (message: string) => out.push(diag(testArguments, t.location.file, t.location.range, message));
    for (const [key, value] of Object.entries(meta.kwargs)) {
      if (key === 'model' || typeof value !== 'string') continue;
      const ref = REF.exec(value);
      if (ref) {
        const [name, pkg] = ref[4] ? [ref[4], ref[2]] : [ref[2], undefined];
        if (!resolveRef(ctx.index, name, pkg)) {
          const guess = didYouMean(name, ctx.index.modelsByName.keys());
          at(`Test argument '${key}' refs model '${name}', which does not exist.${guess ? ` Did you mean '${guess}'?` : ''} Fix the name under the test in schema.yml.`);
        }
        continue;
      }
      const src = SOURCE.exec(value);
      if (src) {
        if (!ctx.index.sourceTables.has(`${src[2]}.${src[4]}`)) at(`Test argument '${key}' names source('${src[2]}', '${src[4]}'), which no schema.yml declares.`);
        continue;
      }
      if (value.includes('{{') || value.includes('{%') || value.includes('{#')) {
        const found = checkTemplateSyntax(value, '');
        if (found.length > 0) at(`Test argument '${key}' is Jinja that does not parse: ${found[0].message}`);
      }
    }
    // A built-in test Bronze writes itself (no project or package `{% test %}` of that name): its own checks.
    // unique and not_null need only the column the loader attaches.
    if (meta.name === 'unique' || meta.name === 'not_null') continue;
    const builtIn = meta.namespace ? BUILTIN_PACKAGE_TESTS[meta.namespace]?.includes(meta.name) : BUILTIN_TESTS.includes(meta.name);
    if (!builtIn || ownTests.has(meta.name)) continue;
    try {
      genericTestSql(meta.name, meta.namespace, { ...meta.kwargs, model: 'm' });
    } catch (e) {
      if (e instanceof BronzeError && e.code !== 'bronze/unknown-generic-test') at(e.message);
    }
  }
  return out;
}
