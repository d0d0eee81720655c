// var() without a default that no vars define, env_var() without a default that is not set, and env_var() of a
// DBT_ENV_SECRET_* variable outside profiles.yml / packages.yml: each makes the render fail with a compiler error.
import type { Diagnostic } from '../../core/types';
import { SECRET_ENV_PREFIX, secretEnvVarMessage } from '../../core/secrets';
import { didYouMean } from '../../project/did-you-mean';
import { checkTemplateSyntax } from '../../template/syntax';
import { positional } from '../../template/scan';
import { diag, type Rule, type RuleContext } from './rule';
import type { TemplateFile } from './undefined-name';

/** Every var name visible to a node of `pkg`: CLI vars, global vars and the package-scoped block. */
export function visibleVars(ctx: Pick<RuleContext, 'project' | 'cliVars'>, pkg: string): Map<string, { value: unknown; origin: string }> {
  const out = new Map<string, { value: unknown; origin: string }>();
  const projectVars = ctx.project.vars ?? {};
  const packageNames = new Set([ctx.project.name, ...ctx.project.packages.map((p) => p.name)]);
  for (const [k, v] of Object.entries(projectVars)) {
    if (packageNames.has(k) && v && typeof v === 'object' && !Array.isArray(v)) continue;
    out.set(k, { value: v, origin: 'dbt_project.yml vars' });
  }
  const scoped = projectVars[pkg];
  if (scoped && typeof scoped === 'object' && !Array.isArray(scoped)) {
    for (const [k, v] of Object.entries(scoped as Record<string, unknown>)) out.set(k, { value: v, origin: `dbt_project.yml vars › ${pkg}` });
  }
  for (const [k, v] of Object.entries(ctx.cliVars)) out.set(k, { value: v, origin: '--vars' });
  return out;
}

export const undefinedVar: Rule = {
  id: 'bronze/undefined-var',
  severity: 'error',
  scope: 'model',
  description: "var('x') without a default, and no vars define x; or the var's value is Jinja that does not parse.",
  check(ctx: RuleContext): Diagnostic[] {
    return ctx.models.flatMap((f) => undefinedVarIn({ ...f, packageName: f.node.packageName }, ctx));
  },
};

const syntaxCache = new Map<string, string | undefined>();

function varSyntax(value: string): string | undefined {
  if (!syntaxCache.has(value)) {
    if (syntaxCache.size > 1000) syntaxCache.clear();
    syntaxCache.set(value, checkTemplateSyntax(value, '')[0]?.message);
  }
  return syntaxCache.get(value);
}

export function undefinedVarIn(f: TemplateFile, ctx: Pick<RuleContext, 'project' | 'cliVars'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  let vars: Map<string, { value: unknown; origin: string }> | undefined;
  for (const call of f.scan.calls) {
    if (call.name !== 'var') continue;
    const args = positional(call);
    if (args.length < 1 || args.length > 2 || !args[0].literal || typeof args[0].value !== 'string') continue;
    vars ??= visibleVars(ctx, f.packageName);
    const name = args[0].value;
    const found = vars.get(name);
    if (found) {
      // A var's value is rendered when var() reads it: Jinja that does not parse fails this model's render.
      const bad = typeof found.value === 'string' && /\{[{%#]/.test(found.value) ? varSyntax(found.value) : undefined;
      if (bad) out.push(diag(undefinedVar, f.file, f.lines.rangeOf(call.start, call.end), `Var '${name}' (${found.origin}) holds Jinja that does not parse: ${bad}. Fix its value.`));
      continue;
    }
    if (args.length !== 1) continue;
    const guess = didYouMean(name, vars.keys());
    out.push(
      diag(
        undefinedVar,
        f.file,
        f.lines.rangeOf(call.start, call.end),
        `Var '${name}' is not defined and has no default.` +
          (guess ? ` Did you mean '${guess}'?` : '') +
          ` Add it under vars: in dbt_project.yml, pass --vars, or write var('${name}', <default>).`,
      ),
    );
  }
  return out;
}

// An error, not a warning: compile fails in this environment (the one `bronze check` and the editor run in).
export const unsetEnvVar: Rule = {
  id: 'bronze/unset-env-var',
  severity: 'error',
  scope: 'model',
  description: "env_var('X') without a default, and X is not set in this environment.",
  check(ctx: RuleContext): Diagnostic[] {
    return ctx.models.flatMap((f) => unsetEnvVarIn({ ...f, packageName: f.node.packageName }, ctx));
  },
};

export function unsetEnvVarIn(f: TemplateFile, ctx: Pick<RuleContext, 'env'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const call of f.scan.calls) {
    if (call.name !== 'env_var') continue;
    const args = positional(call);
    if (args.length !== 1 || !args[0].literal || typeof args[0].value !== 'string') continue;
    const name = args[0].value;
    if (ctx.env[name] !== undefined || name.startsWith(SECRET_ENV_PREFIX)) continue;
    out.push(
      diag(
        unsetEnvVar,
        f.file,
        f.lines.rangeOf(call.start, call.end),
        `Environment variable '${name}' is not set and env_var() has no default, so rendering fails. Set ${name}, or write env_var('${name}', '<default>').`,
      ),
    );
  }
  return out;
}

// An error in every environment: dbt refuses the name at parse whether or not the variable is set.
export const secretEnvVar: Rule = {
  id: 'bronze/secret-env-var',
  severity: 'error',
  scope: 'model',
  description: "env_var('DBT_ENV_SECRET_…') outside profiles.yml and packages.yml.",
  check(ctx: RuleContext): Diagnostic[] {
    return ctx.models.flatMap((f) => secretEnvVarIn({ ...f, packageName: f.node.packageName }));
  },
};

export function secretEnvVarIn(f: TemplateFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const call of f.scan.calls) {
    if (call.name !== 'env_var') continue;
    const first = positional(call)[0];
    if (!first?.literal || typeof first.value !== 'string' || !first.value.startsWith(SECRET_ENV_PREFIX)) continue;
    out.push(diag(secretEnvVar, f.file, f.lines.rangeOf(call.start, call.end), `${secretEnvVarMessage(first.value)} Put it in profiles.yml (or packages.yml) and read the value there.`));
  }
  return out;
}
