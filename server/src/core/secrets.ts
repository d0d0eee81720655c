// What counts as a secret and how it is taken out of text: the target's secret fields and, as dbt treats them, the
// values of environment variables named DBT_ENV_SECRET_* (dbt-core's SECRET_ENV_PREFIX; env_secrets()/scrub_secrets).
import { SECRET_KEYS } from './types';

/** dbt-core's prefix for environment variables whose values are secrets. */
export const SECRET_ENV_PREFIX = 'DBT_ENV_SECRET_';

/** The mask printed where a secret was. */
export const SECRET_MASK = '****';

/** dbt's SecretEnvVarLocationError: env_var() of a secret anywhere but profiles.yml and packages.yml. */
export function secretEnvVarMessage(name: string): string {
  return `Secret env vars are allowed only in profiles.yml or packages.yml. Found '${name}' referenced elsewhere.`;
}

/** The values of the DBT_ENV_SECRET_* variables (blank ones hold nothing to hide: dbt skips them too). */
export function envSecrets(env: Record<string, string | undefined> = process.env): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) if (k.startsWith(SECRET_ENV_PREFIX) && v !== undefined && v.trim() !== '') out.push(v);
  return out;
}

/**
 * Replaces every secret value of the target and of the environment in a text. Values shorter than 3 characters are
 * left (masking every "1" in a log would hide more than it protects); the longest first, so a secret containing
 * another is masked whole.
 */
export function secretScrubber(target: Record<string, unknown> | undefined, env: Record<string, string | undefined> = process.env): (text: string) => string {
  // A YAML password of digits arrives as a number: it is masked as the text it prints as.
  const fromTarget = target
    ? SECRET_KEYS.map((k) => target[k]).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' || typeof v === 'bigint' ? [String(v)] : []))
    : [];
  const secrets = [...new Set([...fromTarget, ...envSecrets(env)])].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (text) => text;
  return (text) => secrets.reduce((t, s) => (t.includes(s) ? t.split(s).join(SECRET_MASK) : t), text);
}
