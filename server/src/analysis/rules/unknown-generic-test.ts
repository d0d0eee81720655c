// A schema.yml test whose generic test exists nowhere: not a built-in, not a `{% test %}` block of the
// project or an installed package.
import type { Diagnostic } from '../../core/types';
import { didYouMean } from '../../project/did-you-mean';
import { BUILT_IN_TESTS, DBT_UTILS_TESTS } from '../../compile/tests';
import { diag, type Rule, type RuleContext } from './rule';

/** Bronze compiles these itself, so the dbt_utils ones work without the package installed. */
export const BUILTIN_TESTS: readonly string[] = [...BUILT_IN_TESTS, ...DBT_UTILS_TESTS];
export const BUILTIN_PACKAGE_TESTS: Record<string, readonly string[]> = { dbt_utils: DBT_UTILS_TESTS };

export const unknownGenericTest: Rule = {
  id: 'bronze/unknown-generic-test',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads schema.yml tests and macros
  description: 'A schema.yml test names a generic test that does not exist.',
  check(ctx: RuleContext): Diagnostic[] {
    // Tests and macros change only when the loader rebuilds them: reuse the answer while both maps are the same.
    if (cache && cache.tests === ctx.project.tests && cache.macros === ctx.project.macros) return cache.out;
    const out = checkAll(ctx);
    cache = { tests: ctx.project.tests, macros: ctx.project.macros, out };
    return out;
  },
};

let cache: { tests: unknown; macros: unknown; out: Diagnostic[] } | undefined;

function checkAll(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = new Set<string>(BUILTIN_TESTS);
  for (const [ns, names] of Object.entries(BUILTIN_PACKAGE_TESTS)) for (const n of names) known.add(`${ns}.${n}`);
  for (const m of ctx.project.macros.values()) {
    const bare = m.name.startsWith('test_') ? m.name.slice(5) : m.name;
    for (const n of [bare, m.name]) {
      known.add(n);
      known.add(`${m.packageName}.${n}`);
    }
  }
  for (const t of ctx.project.tests.values()) {
    const meta = t.testMetadata;
    if (!meta) continue;
    const full = meta.namespace ? `${meta.namespace}.${meta.name}` : meta.name;
    if (known.has(full)) continue;
    const guess = didYouMean(full, [...known].filter((k) => k.includes('.') === full.includes('.')));
    out.push(
      diag(
        unknownGenericTest,
        t.location.file,
        t.location.range,
        `Generic test '${full}' does not exist.` +
          (guess ? ` Did you mean '${guess}'?` : ` Define it with {% test ${meta.name}(model, column_name) %} in the macros folder, or install the package that provides it.`),
      ),
    );
  }
  return out;
}
